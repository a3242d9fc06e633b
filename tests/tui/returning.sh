#!/usr/bin/env bash
# The returning merchant, in tmux, against the practice store over HTTPS: a
# vault saved by an earlier run (here by 'bcsetup import'), opened again in
# the wizard. Each start-screen action on a saved profile works to its end;
# a refused token is never shown as covered, and its hand-off is not "ready".
set -u
BC=${1:?usage: returning.sh bcsetup bcsetup-sandbox}
SB=${2:?usage: returning.sh bcsetup bcsetup-sandbox}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'tm_stop; for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault
PASS='returning passphrase'
printf '%s\n' "$PASS" >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
make_ca "$T_TMP" || { echo "FAIL cannot make a test CA"; exit 1; }
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [{"hash": "abc123", "name": "Acme Outdoor", "domain": "www.acme-outdoor.com",
 "quota": 100000, "tokens": [{"token": "good0000000000000000000000000001",
  "scopes": [$PRESET, "store_themes_read_only"]}]},
 {"hash": "slow42", "quota": 100000, "latency_ms": 4000,
  "tokens": [{"token": "slow0000000000000000000000000001", "scopes": [$PRESET]}]}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" --cert "$T_TMP/server.pem" --key "$T_TMP/server.key" || exit 1
sbcreds "$T_TMP/good" good0000000000000000000000000001 abc123
sbcreds "$T_TMP/bad" bad00000000000000000000000000001 abc123
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run import-good 0 "$BC" import good "$T_TMP/good" --for cenports
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run import-bad 0 "$BC" import bad "$T_TMP/bad" --for cenports
sbcreds "$T_TMP/slow" slow0000000000000000000000000001 slow42
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run import-slow 0 "$BC" import slow "$T_TMP/slow" --for cenports

# open_profile ROW: a new wizard, unlocked, with profile ROW (1 = first) chosen.
open_profile() {
	tm_stop
	tm_start 80 24 "'$BC' --cacert '$T_TMP/ca.pem'"
	see "unlock" "Passphrase:"
	tm send-keys -l "$PASS"
	keys Enter
	see "start" "pick a profile from the vault"
	local i
	for i in $(seq 1 "$1"); do keys Down; done
	keys Enter
	see "actions" "What to do with this profile:"
}

# 1. The saved, good profile: check coverage now, to the matrix.
open_profile 1
keys Enter
see "good: tested" "the token works" 20
has "good: no tick while untested" "$(tm_screen)" "Orders"
keys Enter
see "good: matrix" "Every required scope is held"
screen_is "good: matrix" returning-matrix-80x24
# Wide enough for every row: nothing required reads "none" or "-", and a
# level no request can show says so, never "unknown" under "not needed".
tm resize-window -x 120 -y 40
see "good: wide" "Metafields Access"
screen_is "good: matrix, wide" returning-matrix-120x40
tm resize-window -x 80 -y 24
# Its hand-off, from the start screen, ready.
open_profile 1
keys Down Enter
see "good: hand-off" "Store URL"
# The permanent address, not the custom domain the store answers with.
has "good: store URL" "$(tm_screen)" "Store URL               store-abc123.mybigcommerce.com"
lacks "good: no custom domain as the URL" "$(tm_screen)" "Store URL               www.acme"
lacks "good: hand-off ready" "$(tm_screen)" "NOT READY"
lacks "good: hand-off checked" "$(tm_screen)" "Not checked yet"
# Rotate: opens the control-panel step for a new account, named apart from
# the old one, whose scopes keep what the old token was seen to hold (Themes,
# beyond Cenports' needs): the rule bcsetup rotate follows (rotate.sh).
open_profile 1
keys Down Down Enter
see "good: rotate" "deep-links/settings/api-accounts/create"
see "good: rotate name" "Name: Cenports 2"
keys Enter
see "good: rotate scopes" "Set each scope"
has "good: rotate keeps themes" "$(tm_screen | grep Themes)" "read-only"

# 2. The refused token: the test says so, the matrix shows no coverage at
# all, and the hand-off is not ready.
open_profile 2
keys Enter
see "bad: refused" "token was refused (401)" 20
lacks "bad: no tick" "$(tm_screen)" "✔"
keys Enter
see "bad: matrix" "No coverage to show"
lacks "bad: matrix says nothing is held" "$(tm_screen)" "Every required scope is held"
lacks "bad: matrix no tick" "$(tm_screen)" "✔"
screen_is "bad: matrix" returning-refused-80x24
open_profile 2
keys Down Enter
see "bad: hand-off" "Store URL"
see "bad: hand-off not ready" "NOT READY: the last check of this token failed"
tm_stop

# 3. A test that stops early (the store takes 4 s an answer): Esc stops it,
# nothing is shown as held and nothing is recorded; Enter does not pretend
# there is a matrix. Ctrl-C stops it too, and leaves without a question.
open_profile 3
keys Enter
see "slow: running" "testing the token..."
has "slow: Esc stops" "$(tm_screen | tail -1)" "Esc stop the test"
keys Escape
see "slow: stopped" "stopped before it finished" 3
lacks "slow: no tick" "$(tm_screen)" "✔"
lacks "slow: no verdict" "$(tm_screen)" "the token works"
keys Enter
see "slow: no matrix" "The test did not finish: r runs it again, Esc goes back."
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run slow-not-recorded 0 "$BC" show slow --json
same "slow: nothing recorded" "$(jq -c .last_check <<<"$OUT")" null
open_profile 3
keys Enter
see "slow: running again" "testing the token..."
keys C-c
see "slow: Ctrl-C ends the wizard" "[exited 130]" 5
has "slow: Ctrl-C says unchecked" "$(tm_screen)" "Its token is not checked yet: bcsetup check slow"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run slow-still-not-recorded 0 "$BC" show slow --json
same "slow: still nothing recorded" "$(jq -c .last_check <<<"$OUT")" null
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run slow-list 0 "$BC" list
has "slow: listed as never checked" "$(grep slow <<<"$OUT")" "never"

# The fleet (g on the start screen): every store on one line from its last
# check. A refused token and one never checked prove nothing: "?", never a
# tick. Enter checks the selected store now and opens its matrix.
tm_stop
tm_start 80 24 "'$BC' --cacert '$T_TMP/ca.pem'"
see "fleet: unlock" "Passphrase:"
tm send-keys -l "$PASS"
keys Enter
see "fleet: start" "pick a profile from the vault"
keys g
see "fleet: the grid" "as its last check found it"
screen_is "fleet: the whole grid" returning-fleet-80x24
has "fleet: good covered" "$(grep '^  good ' <<<"$(tm_screen)")" "✔  ✔  ✔  ok,"
has "fleet: bad unproven" "$(grep '^  bad ' <<<"$(tm_screen)")" "?  ?  ?  FAILED,"
has "fleet: slow never checked" "$(grep '^  slow ' <<<"$(tm_screen)")" "?  ?  ?  never"
keys Enter
see "fleet: good checked now" "the token works" 20
keys Enter
see "fleet: good's matrix" "Every required scope is held"
tm_stop

# The plain commands agree: the saved results are per token.
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run list 0 "$BC" list
has list-good "$OUT" "ok,"
has list-bad "$OUT" "FAILED,"
finish
