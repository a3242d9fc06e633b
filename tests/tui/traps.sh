#!/usr/bin/env bash
# The ordinary mistakes and the terminal's own ways out, in tmux: a terminal
# the wizard cannot draw on, Ctrl-C answered "no" in the demo (its practice
# store must live on), the downloaded file's text pasted whole, values typed
# surviving a trip back to Start, a real store's profile opened in the demo
# (its token must go nowhere), and names in any script lining up.
set -u
BC=${1:?usage: traps.sh bcsetup bcsetup-sandbox}
SB=${2:?}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'tm_stop; for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min TMPDIR=$T_TMP/tmp
mkdir -p "$TMPDIR"
PASS='traps passphrase'
printf '%s\n' "$PASS" >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
# What the demo left running or lying about, by this test's directory.
practice_pids() { pgrep -f "bcsetup-sandbox.*$T_TMP" | tr '\n' ' '; }
leftovers() { find "$TMPDIR" -maxdepth 1 -name 'bcsetup-demo-*' | wc -l; }

# 1. Terminals the screens cannot be drawn on are refused before anything
# starts, with the words "no terminal" gets: nothing is left behind.
for term in nosuchterm dumb; do
	tm_start 80 24 "TERM=$term '$BC' --demo"
	see "$term: refused" "[exited 2]"
	has "$term: says why" "$(tm_screen | tr -d '\n')" "TERM=$term"
	has "$term: points to the commands" "$(tm_screen | tr -d '\n')" "for scripts, see the commands in 'bcsetup --help'"
	same "$term: no practice store" "$(practice_pids)" ""
	same "$term: no directory" "$(leftovers)" 0
	tm_stop
done

# 2. Ctrl-C on the start screen: out at once, as a shell counts it (130),
# and the practice store is gone with its directory.
tm_start 80 24 "'$BC' --demo"
see "start" "New connection"
keys C-c
see "ctrl-c on start exits 130" "[exited 130]"
same "ctrl-c: no practice store" "$(practice_pids)" ""
same "ctrl-c: no directory" "$(leftovers)" 0
tm_stop

# 3. Ctrl-C after a value is in, answered "n": the practice store is in a
# process group of its own, so the signal did not reach it; the live test
# that follows passes against it.
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/interrupt/vault'"
see "no: start" "New connection"
keys Enter Down Enter Enter Enter Enter
see "no: creds" "Enter imports it"
keys Enter
see "no: imported" "store hash: demo42x"
before=$(practice_pids)
keys C-c
see "no: asks" "Quit? What you typed is not saved"
keys n
see "no: stays" "Import the downloaded file"
same "no: practice store alive" "$(practice_pids)" "$before"
keys Enter
see "no: vault" "A new vault"
# Enter after the first passphrase goes on to the second, without a word
# about passphrases that differ.
tm send-keys -l "$PASS"; keys Enter
lacks "no: enter in the first field" "$(tm_screen)" "differ"
tm send-keys -l "$PASS"; keys Enter
see "no: saved" "Saved profile"
keys Enter
see "no: live test passes" "All required scopes are held" 30
keys C-c
see "no: quits" "[exited 130]"
same "no: practice store stopped" "$(practice_pids)" ""
tm_stop

# 4. The downloaded file's text pasted into the file field (as one copies it
# from an editor): every value is filled in, the store hash shows, and the
# token is never on the screen. Back to Start and in again: still there.
TOKEN=pastedtoken0000000000000000000x1
mkcreds "$T_TMP/block.txt" demo42x "$TOKEN" "Pasted account"
tm_start 80 24 "'$BC' --demo"
see "paste: start" "New connection"
keys Enter Down Enter Enter Enter Enter
see "paste: creds" "Enter imports it"
keys C-u
paste "$(cat "$T_TMP/block.txt")"
see "paste: filled" "Pasted credentials: every value is filled in (store hash demo42x)"
see "paste: hash under the path" "store hash: demo42x"
lacks "paste: token never shown" "$(tm_screen)" "$TOKEN"
has "paste: token masked" "$(tm_screen)" "****00x1"
lacks "paste: file field not read as a name" "$(tm_screen)" "cannot"
keys Escape Escape Escape Escape Escape
see "paste: back at start" "New connection"
keys Enter Down Enter Enter Enter Enter
see "paste: values kept" "store hash: demo42x"
has "paste: token still masked" "$(tm_screen)" "****00x1"
# A token pasted into the file field is no file name, and never repeated.
keys C-u
tm send-keys -l "$TOKEN"
keys Enter
see "token as file: why" "That is not a file name"
# (the field shows what was typed in it; no message repeats it)
lacks "token as file: not repeated" "$(tm_screen | grep -v 'Credentials file:')" "$TOKEN"
keys C-c
see "paste: asks" "Quit?"
keys y
see "paste: quits" "[exited 130]"
tm_stop

# 5. A real store's profile in a vault opened with --demo: marked, refused,
# its token sent nowhere (the practice store's log has no request for its
# store) and its record untouched.
cat >"$T_TMP/sandbox-logged" <<SH
#!/bin/sh
exec '$(dirname "$BC")/bcsetup-sandbox' --log '$T_TMP/demo.log' "\$@"
SH
chmod 755 "$T_TMP/sandbox-logged"
mkcreds "$T_TMP/real.txt" realst0re "$(token 7)" "Real account"
export BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
run real-import 0 "$BC" --vault "$T_TMP/real/vault" import real "$T_TMP/real.txt" --for onport
run real-before 0 "$BC" --vault "$T_TMP/real/vault" show real --json
before=$(jq -c '[.last_check, .last_attempt]' <<<"$OUT")
unset BCSETUP_PASSPHRASE_FILE
tm_start 80 24 "BCSETUP_SANDBOX='$T_TMP/sandbox-logged' '$BC' --demo --vault '$T_TMP/real/vault'"
see "real: unlock" "Passphrase:"
tm send-keys -l "$PASS"; keys Enter
see "real: marked" "real store: not in the demo"
keys Down Enter
see "real: actions" "Check coverage now"
keys Enter
see "real: refused" "real store's profile: the demo touches only the practice store's"
has "real: still on start" "$(tm_screen)" "Check coverage now"
keys Escape q
see "real: quits" "[exited 0]"
tm_stop
lacks "real: no request for its store" "$(cat "$T_TMP/demo.log")" "realst0re"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run real-after 0 "$BC" --vault "$T_TMP/real/vault" show real --json
same "real: record unchanged" "$(jq -c '[.last_check, .last_attempt]' <<<"$OUT")" "$before"

# 6. Store names in any script line up, in list and on the start screen:
# columns are counted in display cells (wcwidth), not bytes or characters.
SCOPES='["store_v2_orders","store_v2_products","store_v2_information_read_only"]'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [
 {"hash": "cafe01", "name": "Café Crème Co", "tokens": [{"token": "$(token 1)", "scopes": $SCOPES},
  {"token": "$(token 4)", "scopes": ["store_v2_orders", "store_v2_information_read_only"]}]},
 {"hash": "tokyo2", "name": "東京コーヒー店", "tokens": [{"token": "$(token 2)", "scopes": $SCOPES}]},
 {"hash": "plain3", "name": "Plain Shop", "tokens": [{"token": "$(token 3)", "scopes": $SCOPES}]}
]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
export BCSETUP_PASSPHRASE_FILE=$T_TMP/pass BCSETUP_VAULT=$T_TMP/fleet/vault
n=0
for s in cafe01:cafe tokyo2:tokyo plain3:plain; do
	n=$((n + 1))
	sbcreds "$T_TMP/${s%%:*}" "$(token $n)" "${s%%:*}"
	run "wide: import ${s#*:}" 0 "$BC" import "${s#*:}" "$T_TMP/${s%%:*}" --for cenports
	run "wide: check ${s#*:}" 0 "$BC" check "${s#*:}"
done
# The display width of each row up to its last-check text: one figure.
run wide-list 0 env LC_ALL=C.UTF-8 "$BC" list
widths=$(tail -n +2 <<<"$OUT" | sed 's/ok, .*//' | while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
same "wide: list columns line up" "$widths" 1
has "wide: CJK name shown" "$OUT" "東京コーヒー店"
has "wide: accents shown" "$OUT" "Café Crème Co"
unset BCSETUP_PASSPHRASE_FILE
tm_start 80 24 "LC_ALL=C.UTF-8 '$BC'"
see "wide: unlock" "Passphrase:"
tm send-keys -l "$PASS"; keys Enter
see "wide: start" "東京コーヒー店"
widths=$(tm_screen | grep -E 'cafe|tokyo|plain' | sed 's/cenports.*//' | while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
same "wide: start screen columns line up" "$widths" 1
keys q
see "wide: quits" "[exited 0]"
tm_stop

# 7. A mistyped store hash, corrected in the same profile: from the command
# (refused without a confirmation, taken with --yes), and from the wizard
# (said, then taken on the second Enter). The FAILED check of the typo goes;
# the typo's token leaves no "account to delete" behind.
export BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
sbcreds "$T_TMP/typo" "$(token 1)" cafe0l
sbcreds "$T_TMP/fixed" "$(token 1)" cafe01
run typo-import 0 "$BC" import typo "$T_TMP/typo" --for cenports
run typo-check 1 "$BC" check typo
run typo-refused 2 "$BC" import typo "$T_TMP/fixed" </dev/null
has typo-refused-why "$ERR" "is for store cafe0l, and these credentials are for store cafe01: --yes corrects its store hash"
run typo-fixed 0 "$BC" import typo "$T_TMP/fixed" --yes
run typo-show 0 "$BC" show typo --json
same typo-store "$(jq -r .store_hash <<<"$OUT")" cafe01
same typo-unchecked "$(jq -c .last_check <<<"$OUT")" null
run typo-check-again 0 "$BC" check typo
sbcreds "$T_TMP/typo2" "$(token 3)" plain8
run typo2-import 0 "$BC" import typo2 "$T_TMP/typo2" --for cenports
run typo2-check 1 "$BC" check typo2
unset BCSETUP_PASSPHRASE_FILE
tm_start 80 24 "'$BC'"
see "fix: unlock" "Passphrase:"
tm send-keys -l "$PASS"; keys Enter
see "fix: start" "typo2"
keys End Enter
see "fix: actions" "Correct a mistyped store hash or token"
# A store that did not answer is no missing scope: the plain rotation.
has "fix: rotation offered as it is" "$(tm_screen)" "Rotate the token (new API account, same scopes)"
keys End Enter
see "fix: creds filled" "store hash: plain8"
keys Tab C-u
tm send-keys -l "$SB_URL/stores/plain3/v3/"
see "fix: new hash" "store hash: plain3"
keys Enter
see "fix: said first" "The store changes from plain8 to plain3"
keys Enter
see "fix: saved" "Saved profile typo2"
keys Enter
see "fix: live test passes" "All required scopes are held" 30
keys C-c
see "fix: quits" "[exited 130]"
tm_stop
export BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
run fix-show 0 "$BC" show typo2 --json
same "fix: store corrected" "$(jq -r .store_hash <<<"$OUT")" plain3
same "fix: passed" "$(jq -r .last_check.ok <<<"$OUT")" true
same "fix: nothing to delete" "$(jq -c '.history | length' <<<"$OUT")" 0
run fix-list 0 "$BC" list
lacks "fix: one typo2 only" "$(grep -c '^typo2' <<<"$OUT")" 2

# 8. A token missing a scope is not offered a rotation "with the same
# scopes": the action says what it does.
sbcreds "$T_TMP/gap" "$(token 4)" cafe01
run gap-import 0 "$BC" import gap "$T_TMP/gap" --for cenports
run gap-check 1 "$BC" check gap
has gap-scope "$OUT" "FAILED (scope)"
unset BCSETUP_PASSPHRASE_FILE
tm_start 80 24 "'$BC'"
see "gap: unlock" "Passphrase:"
tm send-keys -l "$PASS"; keys Enter
see "gap: start" "gap"
keys End Enter
see "gap: actions" "Replace the token (new API account with the scopes it lacks)"
lacks "gap: not the same scopes" "$(tm_screen)" "same scopes"
keys q
see "gap: quits" "[exited 0]"
tm_stop
finish
