#!/usr/bin/env bash
# The profile commands against a real vault: import, list, show, export,
# remove, passwd, and their refusals.
set -u
BC=${1:?usage: commands.sh path/to/bcsetup}
. "$(dirname "$0")/../lib.sh"
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
unset XDG_DATA_HOME
echo 'a long enough passphrase' >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
T1=$(token 1) T2=$(token 2)
mkcreds "$T_TMP/c1" abc123 "$T1" Onport
mkcreds "$T_TMP/c2" abc123 "$T2" "Onport 2"
mkcreds "$T_TMP/c3" zzz999 "$T1"

run list-no-vault 0 "$BC" list --json
has list-no-vault-json "$OUT" '"profiles":	[]'
run import 0 "$BC" import shop "$T_TMP/c1" --for onport
has import-msg "$OUT" "Added profile shop: store abc123, token ****0001, for Onport"
lacks import-no-token "$OUT$ERR" "$T1"
run import-stdin 0 "$BC" import other --json <"$T_TMP/c3"
has import-json "$OUT" '"created":	true'
run list 0 "$BC" list
has list-shop "$OUT" "shop                 abc123       onport"
has list-other "$OUT" "other                zzz999"
run show 0 "$BC" show shop
has show-masked "$OUT" "access token     ****0001"
lacks show-no-token "$OUT" "$T1"
run show-reveal 0 "$BC" show shop --reveal
has show-reveal-token "$OUT" "$T1"
run show-missing 2 "$BC" show nosuch
has show-missing-msg "$ERR" "no profile 'nosuch'"

# Rotation by import: the old token goes to the history, masked.
run reimport 0 "$BC" import shop "$T_TMP/c2"
has reimport-msg "$OUT" "Updated profile shop"
run show-history 0 "$BC" show shop --json
has history-masked "$OUT" '"token_masked":	"****0001"'
lacks history-no-token "$OUT" "$T1"
has history-target-kept "$OUT" '"target":	"onport"'
run wrong-store 2 "$BC" import shop "$T_TMP/c3"
has wrong-store-msg "$ERR" "is for store abc123"

# Export in each target's own words.
run export-ordertime 0 "$BC" export shop --for ordertime
has ot-password "$OUT" "Password: https://api.bigcommerce.com/stores/abc123"
lacks ot-no-v3 "$OUT" "abc123/"
has ot-key "$OUT" "API Key: $T2"
run export-onport 0 "$BC" export shop --for onport
has onport-private "$OUT" "Authentication Type: Private"
has onport-hash "$OUT" "Store hash: abc123"
run export-celigo 0 "$BC" export shop --for celigo --variant basic --json
has celigo-basic "$OUT" "\"Password\":	\"$T2\""
run export-celigo-bad 2 "$BC" export shop --for celigo --variant ldap
has celigo-variants "$ERR" "token basic oauth"
# OAuth 2.0 takes an app, never this store-level API account.
run export-celigo-oauth 2 "$BC" export shop --for celigo --variant oauth
has export-celigo-oauth-why "$ERR" "asks for an app (OAuth 2.0 client)"
run export-env 0 "$BC" export shop --for env
has env-token "$OUT" "BIGCOMMERCE_ACCESS_TOKEN='$T2'"
run export-env-eval 0 bash -c "eval \"\$('$BC' export shop --for env)\"; echo \"\$BIGCOMMERCE_STORE_HASH\""
same env-eval "$OUT" abc123
run export-json 0 "$BC" export shop --for json
has json-hash "$OUT" '"store_hash":	"abc123"'
run export-nofor 2 "$BC" export shop
run export-badfor 2 "$BC" export shop --for shopify

# Bad input loses nothing.
run bad-name 2 "$BC" import 'bad name' "$T_TMP/c1"
printf 'garbage\n' >"$T_TMP/junk"
run bad-file 2 "$BC" import shop "$T_TMP/junk"
has bad-file-msg "$ERR" "no ACCESS TOKEN line"
run bad-target 2 "$BC" import shop "$T_TMP/c1" --for shopify
run still-there 0 "$BC" show shop --reveal
has still-token "$OUT" "$T2"

# Passphrases.
echo 'not it' >"$T_TMP/wrong"; chmod 600 "$T_TMP/wrong"
run wrong-pass 3 env BCSETUP_PASSPHRASE_FILE="$T_TMP/wrong" "$BC" list
has wrong-pass-msg "$ERR" "passphrase is wrong"
: >"$T_TMP/empty"
run empty-passfile 2 env BCSETUP_PASSPHRASE_FILE="$T_TMP/empty" "$BC" list
run no-passphrase 2 env -u BCSETUP_PASSPHRASE_FILE setsid "$BC" list
has no-passphrase-msg "$ERR" "no passphrase"
echo 'the new passphrase' >"$T_TMP/new"; chmod 600 "$T_TMP/new"
run passwd 0 env BCSETUP_NEW_PASSPHRASE_FILE="$T_TMP/new" "$BC" passwd
run old-pass 3 "$BC" list
run new-pass 0 "$BC" --passphrase-file "$T_TMP/new" list
has new-pass-list "$OUT" shop
cp "$T_TMP/new" "$T_TMP/pass"
# Under --json, exactly one document on standard output.
echo 'a third passphrase' >"$T_TMP/third"; chmod 600 "$T_TMP/third"
run passwd-json 0 env BCSETUP_NEW_PASSPHRASE_FILE="$T_TMP/third" "$BC" passwd --json
same passwd-json-one "$(jq -s length <<<"$OUT")" 1
same passwd-json-ok "$(jq -r .ok <<<"$OUT")" true
cp "$T_TMP/third" "$T_TMP/pass"

# Unsafe permissions, damage, newer format: exit 3 with distinct sentences.
chmod 644 "$BCSETUP_VAULT"
run perm 3 "$BC" list
has perm-msg "$ERR" "chmod 600"
chmod 600 "$BCSETUP_VAULT"
cp "$BCSETUP_VAULT" "$T_TMP/saved"
printf '\x03' | dd of="$BCSETUP_VAULT" bs=1 seek=8 conv=notrunc 2>/dev/null
run newer 3 "$BC" list
has newer-msg "$ERR" "newer bcsetup"
cp "$T_TMP/saved" "$BCSETUP_VAULT"
printf 'X' | dd of="$BCSETUP_VAULT" bs=1 seek=100 conv=notrunc 2>/dev/null
run damaged 3 "$BC" list
has damaged-msg "$ERR" "altered"
cp "$T_TMP/saved" "$BCSETUP_VAULT"
head -c 30 "$T_TMP/saved" >"$BCSETUP_VAULT"
run truncated 3 "$BC" list
has truncated-msg "$ERR" "cut short"
cp "$T_TMP/saved" "$BCSETUP_VAULT"

# Remove: asks on a terminal, refuses without one unless --yes.
run remove-notty 2 "$BC" remove other </dev/null
has remove-notty-msg "$ERR" "--yes"
run remove 0 "$BC" remove other --yes
run removed 2 "$BC" show other

# The default path follows XDG, and its directory is made 0700.
run xdg 0 env -u BCSETUP_VAULT XDG_DATA_HOME="$T_TMP/xdg" "$BC" import shop "$T_TMP/c1"
[ -f "$T_TMP/xdg/bcsetup/vault" ] && ok || bad "xdg: no vault at \$XDG_DATA_HOME/bcsetup/vault"
same xdg-mode "$(stat -c %a "$T_TMP/xdg/bcsetup")" 700
same vault-mode "$(stat -c %a "$T_TMP/xdg/bcsetup/vault")" 600
run home 0 env -u BCSETUP_VAULT -u XDG_DATA_HOME HOME="$T_TMP/home" "$BC" import shop "$T_TMP/c1"
[ -f "$T_TMP/home/.local/share/bcsetup/vault" ] && ok || bad "home: no vault under ~/.local/share"

# A control-panel address pasted as the API path is kept in its one form:
# show prints what export gives.
printf 'ACCESS TOKEN: %s\r\nCLIENT NAME: CP\r\nAPI PATH: https://store-cpx123.mybigcommerce.com/manage/dashboard\r\nCLIENT ID: clnt000000000000000000000000008\r\nCLIENT SECRET: %s\r\n' \
	"$(token 8)" "$(printf x | sha256sum | cut -c1-64)" >"$T_TMP/cp"
run cp-import 0 "$BC" import cp "$T_TMP/cp"
run cp-show 0 "$BC" show cp
has cp-show-canonical "$OUT" "API path         https://api.bigcommerce.com/stores/cpx123/v3/"
run cp-export 0 "$BC" export cp --for custom --force
has cp-export-canonical "$OUT" "API path: https://api.bigcommerce.com/stores/cpx123/v3/"
run cp-json 0 "$BC" show cp --json
has cp-json-canonical "$OUT" '"api_path":	"https://api.bigcommerce.com/stores/cpx123/v3/"'
run cp-remove 0 "$BC" remove cp --yes

# Under --json every command prints exactly one JSON document on standard
# output, its errors included.
mkcreds "$T_TMP/j" jsn123 "$(token 7)" Json
for cmd in "hash jsn123" "import j $T_TMP/j --for onport" "list" "show j" \
	"export j --for onport" "export j --for env" "export j --for json" "targets" \
	"targets show onport" "scopes" "scopes --for ordertime" "show nosuch" \
	"export j --for nosuch" "hash www.example.com" "remove j --yes" "remove j --yes"; do
	# shellcheck disable=SC2086
	out=$("$BC" $cmd --json 2>/dev/null)
	n=$(jq -s length <<<"$out" 2>/dev/null)
	[ "$n" = 1 ] && ok || bad "json: '$cmd --json' printed ${n:-no valid} document(s)"
done
run json-env-vars 0 "$BC" import j "$T_TMP/j" --for onport
run json-env 0 "$BC" export j --for env --json
same json-env-hash "$(jq -r .BIGCOMMERCE_STORE_HASH <<<"$OUT")" jsn123

# Text read back from the vault that bcsetup did not write itself (a CLIENT
# NAME with a bare CR and a C1 control, which the credentials file takes) never reaches the
# terminal as such: show, list, export and errors print it cleaned.
mkcreds "$T_TMP/evil" abc123 "$(token 9)" $'Evil\rOver\xc2\x9b31mName'
run evil-import 0 "$BC" import evil "$T_TMP/evil" --for celigo --scopes orders=read-only
ctl() { printf '%s' "$1" | LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f\x9b]'; }
run evil-show 0 "$BC" show evil
same evil-show-clean "$(ctl "$OUT$ERR")" 0
has evil-show-name "$OUT" "EvilOver??31mName"
run evil-list 0 "$BC" list
same evil-list-clean "$(ctl "$OUT$ERR")" 0
run evil-export 0 "$BC" export evil --for celigo
same evil-export-clean "$(ctl "$OUT$ERR")" 0
has evil-export-name "$OUT" "Name your connection: EvilOver??31mName"
run evil-env 0 "$BC" export evil --for env
same evil-env-clean "$(ctl "$OUT$ERR")" 0
run evil-error 2 "$BC" show $'no\e[2Jsuch'
same evil-error-clean "$(ctl "$OUT$ERR")" 0
# JSON keeps the exact text, escaped, never raw.
run evil-json 0 "$BC" show evil --json
has evil-json-escaped "$OUT" 'Evil\rOver'
same evil-json-clean "$(ctl "$OUT")" 0
finish
