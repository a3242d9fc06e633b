#!/usr/bin/env bash
# The command line's contract: exit codes, stdout vs stderr, --json shapes.
set -u
BC=${1:?usage: basics.sh path/to/bcsetup}
. "$(dirname "$0")/../lib.sh"

run hash-api 0 "$BC" hash 'https://api.bigcommerce.com/stores/wyiiub56c0/v3/'
same hash-api-out "$OUT" wyiiub56c0
run hash-bad 2 "$BC" hash 'https://nameofyourstore.mybigcommerce.com'
has hash-bad-msg "$ERR" "paste the API path"
same hash-bad-stdout "$OUT" ""
run hash-json 0 "$BC" hash --json 'store-abc123.mybigcommerce.com'
has hash-json-kind "$OUT" '"from":	"control-panel URL"'
has hash-json-root "$OUT" '"store_root":	"https://api.bigcommerce.com/stores/abc123"'
run hash-noarg 2 "$BC" hash
run unknown-cmd 2 "$BC" frobnicate
has unknown-cmd-msg "$ERR" "unknown command 'frobnicate'"
run unknown-opt 2 "$BC" --frob
run missing-value 2 "$BC" scopes --for
run help 0 "$BC" --help
has help-run "$OUT" "bcsetup check"
run version 0 "$BC" --version
has version-text "$OUT" "bcsetup "
run scopes 0 "$BC" scopes
has scopes-27 "$OUT" "27 Metafields Access"
run scopes-for 0 "$BC" scopes --for cenports
has scopes-for-orders "$OUT" "store_v2_orders"
run scopes-bad-target 2 "$BC" scopes --for shopify
has scopes-bad-target-msg "$ERR" "unknown target 'shopify'"
run scopes-caps 0 "$BC" scopes --for ordertime --caps import-orders,update-inventory --json
has scopes-caps-json "$OUT" '"required_id":	"store_v2_products"'
run scopes-bad-caps 2 "$BC" scopes --for ordertime --caps fly
run scopes-caps-no-target 2 "$BC" scopes --caps import-orders
# --caps shows the capabilities asked for, and only those are ticked.
run scopes-caps-text 0 "$BC" scopes --for ordertime --caps import-orders
has scopes-caps-ticked "$OUT" "[x] import-orders"
has scopes-caps-unticked "$OUT" "[ ] update-inventory"
lacks scopes-caps-no-modify "$OUT" "store_v2_products "
run scopes-caps-json-list 0 "$BC" scopes --for ordertime --caps import-orders,update-order-status --json
has scopes-caps-json-asked "$OUT" '"capabilities":	["import-orders", "update-order-status"]'
# Order Time's guide names Import orders as the least it works with.
run scopes-caps-below 2 "$BC" scopes --for ordertime --caps update-order-status
has scopes-caps-below-why "$ERR" "Order Time: its guide gives Import orders (Customers, Orders and Products read-only) as the least it works with (add import-orders to --caps)"
# --scopes: what the merchant asks for beyond (never below) a target's preset,
# by key or control-panel name.
run scopes-asked 0 "$BC" scopes --for onport --scopes "content=read-only,Information & Settings=modify"
has scopes-asked-added "$OUT" "Content                                        read-only  store_v2_content_read_only"
has scopes-asked-raised "$OUT" "Information & Settings                         modify     store_v2_information"
has scopes-asked-kept "$OUT" "Orders                                         modify     store_v2_orders"
run scopes-asked-json 0 "$BC" scopes --scopes customers=read-only --json
has scopes-asked-json-one "$OUT" '"required_id":	"store_v2_customers_read_only"'
same scopes-asked-json-only "$(grep -c '"required_id"' <<<"$OUT")" 1
run scopes-asked-lower 2 "$BC" scopes --for onport --scopes orders=read-only
has scopes-asked-lower-why "$ERR" "--scopes asks for Orders at read-only, below the modify that Onport needs"
run scopes-asked-bad-level 2 "$BC" scopes --scopes orders=fly
has scopes-asked-bad-level-why "$ERR" "Orders has no level 'fly' (its levels: none, read-only, modify)"
run scopes-asked-bad-scope 2 "$BC" scopes --scopes shipping=modify
has scopes-asked-bad-scope-why "$ERR" "no scope is called 'shipping'"
run scopes-asked-twice 2 "$BC" scopes --scopes orders=modify,Orders=read-only
has scopes-asked-twice-why "$ERR" "orders is given twice"
run scopes-asked-shape 2 "$BC" scopes --scopes orders
has scopes-asked-shape-why "$ERR" "'orders' is not SCOPE=LEVEL"
run scopes-asked-empty 2 "$BC" scopes --scopes ,
run scopes-asked-not-here 2 "$BC" list --scopes orders=modify
has scopes-asked-not-here-why "$ERR" "--scopes does not apply to list"
run scopes-caps-all 0 "$BC" scopes --for ordertime
has scopes-caps-all-said "$OUT" "--caps not given: all of them"
run scopes-caps-none 2 "$BC" scopes --for onport --caps import-orders
has scopes-caps-none-why "$ERR" "Onport has no capabilities to choose"
# An empty path is no path: refused, and nothing is made in the current
# directory (--vault "" once locked ./.lock).
mkdir -p "$T_TMP/cwd"
BCA=$(cd "$(dirname "$BC")" && pwd)/$(basename "$BC")
(cd "$T_TMP/cwd" && "$BCA" list --vault "" >/dev/null 2>"$T_TMP/err"); same empty-vault "$?" 2
has empty-vault-why "$(cat "$T_TMP/err")" "--vault needs a value, not an empty one"
same empty-vault-nothing-made "$(ls -A "$T_TMP/cwd")" ""
run empty-assets 2 "$BC" scopes --assets ""
# --assets reads regular files of a sane size only: never waits on a FIFO or
# reads /dev/zero for ever.
mkdir -p "$T_TMP/assets"
mkfifo "$T_TMP/assets/scopes.json"
run assets-fifo 2 timeout 10 "$BC" scopes --assets "$T_TMP/assets"
has assets-fifo-why "$ERR" "scopes.json: not a regular file"
rm "$T_TMP/assets/scopes.json"
ln -s /dev/zero "$T_TMP/assets/targets.json"
run assets-zero 2 timeout 10 "$BC" scopes --assets "$T_TMP/assets"
has assets-zero-why "$ERR" "targets.json: not a regular file"
rm "$T_TMP/assets/targets.json"
head -c 5000000 /dev/zero | tr '\0' ' ' >"$T_TMP/assets/scopes.json"
run assets-huge 2 "$BC" scopes --assets "$T_TMP/assets"
has assets-huge-why "$ERR" "larger than"
rm "$T_TMP/assets/scopes.json"
# Colour: on a terminal unless NO_COLOR (set and not empty) or TERM=dumb;
# CLICOLOR_FORCE (set, not 0) gives it to a pipe too.
esc() { printf '%s' "$1" | LC_ALL=C grep -c $'\x1b'; }
tty_run() { script -qc "$1" /dev/null </dev/null; }
same color-tty "$(esc "$(tty_run "TERM=xterm '$BC' scopes --for onport")")" 4
same color-dumb "$(esc "$(tty_run "TERM=dumb '$BC' scopes --for onport")")" 0
same color-no-color "$(esc "$(tty_run "TERM=xterm NO_COLOR=1 '$BC' scopes --for onport")")" 0
same color-empty-no-color "$(esc "$(tty_run "TERM=xterm NO_COLOR= '$BC' scopes --for onport")")" 4
same color-pipe "$(esc "$("$BC" scopes --for onport)")" 0
same color-forced "$(esc "$(CLICOLOR_FORCE=1 "$BC" scopes --for onport)")" 4
same color-forced-0 "$(esc "$(CLICOLOR_FORCE=0 "$BC" scopes --for onport)")" 0
same color-forced-but-no "$(esc "$(CLICOLOR_FORCE=1 NO_COLOR=1 "$BC" scopes --for onport)")" 0
# Long options in full: an abbreviation is refused, never half-obeyed (--js
# would turn JSON on for results and not for errors).
run abbrev-json 2 "$BC" scopes --js
has abbrev-json-why "$ERR" "--js: write options in full (--json?)"
same abbrev-json-no-output "$OUT" ""
run abbrev-for 2 "$BC" scopes --fo=cenports
has abbrev-for-why "$ERR" "--fo: write options in full"
# With --json an error is JSON on standard output too, with the exit status.
run json-error 2 "$BC" scopes --for shopify --json
has json-error-ok "$OUT" '"ok":	false'
has json-error-kind "$OUT" '"kind":	"input"'
has json-error-message "$OUT" "unknown target 'shopify'"
has json-error-exit "$OUT" '"exit":	2'
has json-error-stderr "$ERR" "unknown target 'shopify'"
run json-usage-error 2 "$BC" --json --no-such-option
has json-usage-error-ok "$OUT" "unknown option --no-such-option"
mkdir -p "$T_TMP/jv" && chmod 700 "$T_TMP/jv"
printf 'right passphrase\n' >"$T_TMP/jv/right"
printf 'wrong passphrase\n' >"$T_TMP/jv/wrong"
chmod 600 "$T_TMP/jv/right" "$T_TMP/jv/wrong"
mkcreds "$T_TMP/jv/creds" abc123 jsonerr0000000000000000000000001
BCSETUP_KDF_COST=min BCSETUP_PASSPHRASE_FILE=$T_TMP/jv/right run json-vault-made 0 \
	"$BC" import shop "$T_TMP/jv/creds" --vault "$T_TMP/jv/vault"
BCSETUP_KDF_COST=min BCSETUP_PASSPHRASE_FILE=$T_TMP/jv/wrong run json-vault-error 3 \
	"$BC" list --json --vault "$T_TMP/jv/vault"
has json-vault-error-kind "$OUT" '"kind":	"vault_auth"'
has json-vault-error-exit "$OUT" '"exit":	3'

# An override directory replaces an asset; a broken one is a clear error.
dir=$(mktemp -d)
echo '{"scopes": [{"key": "x"}]}' >"$dir/scopes.json"
run assets-broken 2 "$BC" --assets "$dir" scopes
has assets-broken-msg "$ERR" "scope #1 needs a key"
has assets-broken-path "$ERR" "$dir/scopes.json"
rm -rf "$dir"

# An option that does not belong to the command is refused, not ignored.
run opt-list-deep 2 "$BC" list --deep
has opt-list-deep-msg "$ERR" "--deep does not apply to list"
run opt-hash-for 2 "$BC" hash abc123 --for=cenports
has opt-hash-for-msg "$ERR" "--for does not apply to hash"
run opt-show-all 2 "$BC" show shop --all
has opt-show-all-msg "$ERR" "--all does not apply to show"
run opt-wizard-reveal 2 "$BC" --reveal
has opt-wizard-reveal-msg "$ERR" "--reveal does not apply to the wizard"
run opt-scopes-for 0 "$BC" scopes --for cenports

# docs/probes.md lists every probe the shipped catalogue sends, exactly.
doc=$(dirname "$0")/../../docs/probes.md
run scopes-json 0 "$BC" scopes --json
probes=$(tr -d '\n\t' <<<"$OUT" | grep -o '"method":"[A-Z]*","path":"[^"]*"\(,"body":"\([^"\\]\|\\.\)*"\)\?' |
	sed 's/"method":"\([A-Z]*\)","path":"\([^"]*\)"/`\1 \2`/; s/,"body":"\(.*\)"$/ `\1`/; s/\\"/"/g')
# As many as the catalogue has, counted by jq rather than by hand.
same "probes: every scope's probes listed" "$(wc -l <<<"$probes")" \
	"$(jq '[.scopes[] | (.read_probe // empty), (.write_probe // empty)] | length' <<<"$OUT")"
while IFS= read -r p; do
	grep -qF -- "| $p |" "$doc" && ok || bad "docs/probes.md lacks the probe $p"
done <<<"$probes"
same "probes: the doc lists no other" "$(grep -c '^| [^|]* | \(read-only\|top\) | `' "$doc")" "$(wc -l <<<"$probes")"
finish
