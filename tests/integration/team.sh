#!/usr/bin/env bash
# Sharing with a team through pass: Alice exports a profile into a pass store
# encrypted to her key and Bob's and pushes it with git; Bob clones it, imports
# the entry into his own vault, and the profile is the same and checks live.
# Real gpg (keys made here), real pass, real git; secrets only through pipes.
set -u
BC=${1:?usage: team.sh bcsetup bcsetup-sandbox}
SB=${2:?}
. "$(dirname "$0")/../lib.sh"
for tool in pass gpg git strace jq; do
	command -v $tool >/dev/null || { echo "FAIL $tool is not installed"; exit 1; }
done
trap 'for h in "$T_TMP"/gpg-*; do GNUPGHOME=$h gpgconf --kill gpg-agent 2>/dev/null; done
      for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min
# LeakSanitizer cannot run under ptrace: off for the traced runs only.
strace() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 command strace "$@"; }
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.invalid
unset PASSWORD_STORE_GPG_OPTS PASSWORD_STORE_KEY

# Each person: a GnuPG home with a key made now (no passphrase), a vault and a
# passphrase file. as NAME CMD... runs CMD as that person.
person() {
	local h=$T_TMP/gpg-$1
	mkdir -m 700 "$h"
	# Keys come from here only: gpg never looks for one on the network.
	printf 'trust-model always\nauto-key-locate local\nno-auto-key-retrieve\n' >"$h/gpg.conf"
	GNUPGHOME=$h gpg --batch --quiet --passphrase '' \
		--quick-gen-key "$1 <$1@team.invalid>" ed25519 sign,cert never 2>/dev/null &&
		GNUPGHOME=$h gpg --batch --quiet --passphrase '' --quick-add-key \
			"$(GNUPGHOME=$h gpg --list-keys --with-colons "$1@team.invalid" |
				awk -F: '/^fpr/ {print $10; exit}')" cv25519 encr never 2>/dev/null
	echo "$1's vault passphrase" >"$T_TMP/pass-$1"
	chmod 600 "$T_TMP/pass-$1"
}
as() {
	local who=$1
	shift
	GNUPGHOME=$T_TMP/gpg-$who PASSWORD_STORE_DIR=$T_TMP/store-$who \
		BCSETUP_VAULT=$T_TMP/vault-$who/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-$who "$@"
}
person alice || { echo "FAIL gpg cannot make a key"; exit 1; }
person bob
person carol
# Alice and Bob know each other's public keys; Carol is not on the team.
GNUPGHOME=$T_TMP/gpg-bob gpg --batch --export bob@team.invalid |
	GNUPGHOME=$T_TMP/gpg-alice gpg --batch --quiet --import 2>/dev/null
GNUPGHOME=$T_TMP/gpg-alice gpg --batch --export alice@team.invalid |
	GNUPGHOME=$T_TMP/gpg-bob gpg --batch --quiet --import 2>/dev/null

make_ca "$T_TMP" || { echo "FAIL cannot make a test CA"; exit 1; }
export BCSETUP_CACERT=$T_TMP/ca.pem
TOKEN=teamtoken0000000000000000000001
cat >"$T_TMP/stores.json" <<JSON
{"stores": [{"hash": "team1", "quota": 100000, "tokens": [
  {"token": "$TOKEN", "scopes": ["store_v2_orders", "store_v2_products", "store_v2_customers_read_only", "store_v2_information_read_only"]}]},
 {"hash": "team2", "quota": 100000, "tokens": []}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" --cert "$T_TMP/server.pem" --key "$T_TMP/server.key" || exit 1
sbcreds "$T_TMP/creds" "$TOKEN" team1
SECRET=$(sed -n 's/^CLIENT SECRET: //p' "$T_TMP/creds" | tr -d '\r')

# 1. Alice: a checked profile for Order Time, importing orders only (its
#    scopes differ from the target's default), into a git-backed pass store.
run a-import 0 as alice "$BC" import shop "$T_TMP/creds" --for ordertime --caps import-orders
run a-check 0 as alice "$BC" check shop
git init -q --bare "$T_TMP/team.git"
run a-init 0 as alice pass init alice@team.invalid bob@team.invalid
run a-git 0 as alice pass git init
as alice pass git remote add origin "$T_TMP/team.git"

# The token travels through a pipe: not in any program's argv or
# environment, and bcsetup itself creates no file.
run a-export 0 as alice strace -f -qq -s 4096 -v -e trace=execve -o "$T_TMP/exec.trace" \
	"$BC" export shop --to pass
has a-export-says "$OUT" 'Profile shop is in pass as bcsetup/shop.'
has a-export-next "$OUT" 'bcsetup import shop --from pass:bcsetup/shop'
has a-exec-pass "$(cat "$T_TMP/exec.trace")" '"pass", "insert", "--multiline", "--force", "--", "bcsetup/shop"'
has a-exec-gpg "$(cat "$T_TMP/exec.trace")" 'gpg'
lacks a-exec-token "$(cat "$T_TMP/exec.trace")" "$TOKEN"
lacks a-exec-secret "$(cat "$T_TMP/exec.trace")" "$SECRET"
as alice strace -qq -e trace=openat,creat,mkdir -o "$T_TMP/open.trace" \
	"$BC" export shop --to pass >/dev/null 2>&1
# (a coverage build writes its .gcda counters at exit: not ours to count)
same a-no-file-made "$(grep -E 'O_CREAT|creat\(|mkdir' "$T_TMP/open.trace" | grep -vc '\.gcda"')" 0
run a-push 0 as alice pass git push -q origin HEAD:main

# What is on disk and in git is ciphertext, to both recipients.
same a-entry-file "$(ls "$T_TMP/store-alice/bcsetup")" shop.gpg
lacks a-store-plain "$(cat "$T_TMP"/store-alice/bcsetup/shop.gpg | strings)" "$TOKEN"
run a-recipients 0 as alice gpg --batch --list-packets --list-only "$T_TMP/store-alice/bcsetup/shop.gpg"
same a-two-recipients "$(grep -c '^:pubkey enc packet' <<<"$OUT")" 2
run a-gitlog 0 as alice pass git log --oneline
has a-git-commit "$OUT" 'bcsetup/shop'

# The entry's layout, as the man page gives it.
run a-show 0 as alice pass show bcsetup/shop
same a-first-line "$(head -1 <<<"$OUT")" "$TOKEN"
has a-layout-hash "$OUT" 'store_hash: team1'
has a-layout-path "$OUT" "api_path: $SB_URL/stores/team1/v3/"
has a-layout-id "$OUT" 'client_id: m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b'
has a-layout-secret "$OUT" "client_secret: $SECRET"
has a-layout-account "$OUT" 'account_name: Test'
has a-layout-target "$OUT" 'target: ordertime'
has a-layout-caps "$OUT" 'caps: import-orders'
has a-layout-required "$OUT" 'required: '
has a-layout-by "$OUT" 'exported_by: bcsetup '
lacks a-layout-no-check "$OUT" 'last_check'

# 2. Bob: clones the team's store and imports with his own key.
run b-clone 0 git clone -q -b main "$T_TMP/team.git" "$T_TMP/store-bob"
run b-import 0 as bob "$BC" import shop --from pass:bcsetup/shop
has b-import-says "$OUT" 'Added profile shop: store team1'
has b-import-for "$OUT" 'for Order Time'
lacks b-import-token "$OUT$ERR" "$TOKEN"
# The same profile: every value but the times and the local check history.
run a-show-json 0 as alice "$BC" show shop --reveal --json
A=$OUT
run b-show-json 0 as bob "$BC" show shop --reveal --json
B=$OUT
fields() {
	jq -S '{name, store_hash, api_path, client_id, client_secret, access_token,
		account_name, target, caps, required}' <<<"$1"
}
same b-identical "$(fields "$B")" "$(fields "$A")"
has b-has-required "$(fields "$B")" '"orders"'
run b-before-check 0 as bob "$BC" export shop --for ordertime
has b-unchecked-warns "$ERR" 'has not been checked since its token was imported'
run b-check 0 as bob "$BC" check shop
has b-check-ok "$OUT" 'shop'
run b-scopes-json 0 as bob "$BC" check shop --json
has b-json-ok "$(tr -d ' \t' <<<"$OUT")" '"ok":true'

# A second export replaces the entry; a second import updates the profile.
run a-again 0 as alice "$BC" export shop --to pass:agency/clients --json
has a-again-json "$(tr -d ' \t' <<<"$OUT")" '"pass_entry":"agency/clients/shop"'
run b-again 0 as bob "$BC" import shop --from pass:bcsetup/shop
has b-again-updated "$OUT" 'Updated profile shop'

# Lines a person added (notes, url:) are ignored; CRLF is accepted.
{ as bob pass show bcsetup/shop; printf 'url: https://store-team1.example\nremember to rotate\n'; } |
	sed 's/$/\r/' | as bob pass insert -m -f edited/notes >/dev/null
run notes-ok 0 as bob "$BC" import noted --from pass:edited/notes
has notes-ok-says "$OUT" 'Added profile noted: store team1'
# A profile of another store whose token is refused (for the failures below).
sbcreds "$T_TMP/creds2" teamtoken0000000000000000000002 team2
run other-import 0 as bob "$BC" import other2 "$T_TMP/creds2"
run other-export 0 as bob "$BC" export other2 --to pass:clash
run other-check 1 as bob "$BC" check other2

# 3. Failures: each says what went wrong, and no vault changes.
cp "$T_TMP/vault-bob/vault" "$T_TMP/bob-before"
run f-missing 2 as bob "$BC" import other --from pass:bcsetup/nobody
has f-missing-says "$ERR" 'pass show bcsetup/nobody failed: Error: bcsetup/nobody is not in the password store.'
mkdir -p "$T_TMP/nopath"
run f-no-pass 2 env PATH="$T_TMP/nopath" GNUPGHOME=$T_TMP/gpg-bob \
	PASSWORD_STORE_DIR=$T_TMP/store-bob BCSETUP_VAULT=$T_TMP/vault-bob/vault \
	BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-bob "$BC" import x --from pass:bcsetup/shop
has f-no-pass-says "$ERR" "'pass' is not installed (Debian: apt install pass)"
# Carol has a copy of the store but is not a recipient.
cp -r "$T_TMP/store-bob" "$T_TMP/store-carol"
run f-not-recipient 2 as carol "$BC" import shop --from pass:bcsetup/shop
has f-not-recipient-says "$ERR" 'pass show bcsetup/shop failed: gpg: decryption failed: No secret key'
# An entry a person wrote: a password, not a bcsetup profile.
printf 'hunter2\nurl: https://example.invalid/\n' | as bob pass insert -m -f web/login >/dev/null
run f-foreign 2 as bob "$BC" import web --from pass:web/login
has f-foreign-says "$ERR" 'pass entry web/login has no api_path line: not a bcsetup entry'
lacks f-foreign-quotes "$ERR" 'hunter2'
# Hand-edited: the store hash no longer matches the API path.
as bob pass show bcsetup/shop | sed 's/^store_hash: .*/store_hash: zzz999/' |
	as bob pass insert -m -f edited/shop >/dev/null
run f-mismatch 2 as bob "$BC" import edited --from pass:edited/shop
has f-mismatch-says "$ERR" 'store_hash says zzz999 but the API path is store team1'
# A token damaged in the entry is held to the same rules as a pasted one.
as bob pass show bcsetup/shop | sed '1s/.*/tooshort/' | as bob pass insert -m -f edited/damaged >/dev/null
run f-bad-token 2 as bob "$BC" import edited --from pass:edited/damaged
has f-bad-token-says "$ERR" 'pass entry edited/damaged: '
lacks f-bad-token-quotes "$ERR" 'tooshort'
# A profile of another store under the same name is refused.
run f-other-store 2 as bob "$BC" import shop --from pass:clash/other2
has f-other-store-says "$ERR" "profile 'shop' is for store team1"
run f-usage-from 2 as bob "$BC" import shop --from gist:x
has f-usage-from-says "$ERR" '--from takes pass:ENTRY'
run f-usage-both 2 as bob "$BC" import shop "$T_TMP/creds" --from pass:bcsetup/shop
has f-usage-both-says "$ERR" 'give a FILE or --from, not both'
run f-usage-to 2 as bob "$BC" export shop --to gist
has f-usage-to-says "$ERR" '--to takes pass or pass:PREFIX'
run f-usage-dots 2 as bob "$BC" export shop --to pass:../escape
has f-usage-dots-says "$ERR" "has a part starting with '.'"
run f-usage-slash 2 as bob "$BC" export shop --to pass:/abs
has f-usage-slash-says "$ERR" 'empty part between slashes'
run f-usage-for 2 as bob "$BC" export shop --to pass --for onport
has f-usage-for-says "$ERR" '--to pass takes the whole profile'
run f-to-elsewhere 2 as bob "$BC" list --to pass
has f-to-elsewhere-says "$ERR" '--to does not apply to list'
# The last check failed: refused, as any export is, unless --force.
run f-failed 1 as bob "$BC" export other2 --to pass
has f-failed-says "$ERR" 'the last check of profile other2 failed'
# A store with no recipients yet: pass's own words.
run f-uninit 2 env GNUPGHOME=$T_TMP/gpg-bob PASSWORD_STORE_DIR=$T_TMP/empty-store \
	BCSETUP_VAULT=$T_TMP/vault-bob/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-bob \
	"$BC" export shop --to pass
has f-uninit-says "$ERR" 'pass insert bcsetup/shop failed: Error: You must run:'
cmp -s "$T_TMP/bob-before" "$T_TMP/vault-bob/vault" && ok || bad "a failure changed Bob's vault"
finish
