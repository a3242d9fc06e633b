#!/usr/bin/env bash
# The wizard, driven in tmux as a person would: the whole first-time flow in
# the demo for two targets, a token one scope short, resizing, NO_COLOR and
# LANG=C, a pasted token never shown whole, and SIGHUP mid-flow.
set -u
BC=${1:?usage: wizard.sh path/to/bcsetup}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'tm_stop; for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min
# The demo's practice store and files live here, so that this test can tell
# its own processes from any other run's.
export TMPDIR=$T_TMP/tmp
mkdir -p "$TMPDIR"
PASS='tmux test passphrase'

# flow NAME TARGET [SAVE-KEY [KEYS]]: a first-time setup in the demo for the
# target named TARGET (KEYS answer the screen after it), with a
# vault of its own, to the coverage matrix.
flow() {
	local name=$1 target=$2 save_key=${3:-Enter} more=${4:-}
	see "$name: start" "New connection"
	keys Enter
	see "$name: targets" "Which system asks"
	pick "$target"
	keys Enter $more
	see "$name: control panel" "deep-links/settings/api-accounts/create"
	keys Enter
	see "$name: scopes" "Set each scope in the control panel"
	keys Enter
	see "$name: save" "shows the Client ID, Client Secret"
	keys "$save_key"
	see "$name: credentials" "Import the downloaded file"
	see "$name: file prefilled" "Enter imports it"
	keys Enter
	see "$name: imported" "store hash: demo42x"
	keys Enter
	see "$name: vault" "A new vault: choose a passphrase"
	tm send-keys -l "$PASS"; keys Tab; tm send-keys -l "$PASS"
	see "$name: matches" "matches"
	keys Enter
	see "$name: saved" "Saved profile"
	keys Enter
	see "$name: tested" "demo42x" 20
	see "$name: test done" "Enter coverage matrix" 20
	keys Enter
	see "$name: matrix" "SCOPE"
}

# 1. Cenports, as preset: every required scope covered.
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/cenports/vault'"
flow cenports Cenports
see "cenports: all covered" "Every required scope is held"
has "cenports: orders row" "$(tm_screen)" "Orders"
# e explains the selected row: each request, its answer, what it meant. The
# whole screen is compared, as a person reads it.
keys Down
keys e
see "cenports: explain" "GET /v2/orders?limit=1"
screen_is "cenports: explain Orders" explain-orders-80x24
keys Escape
see "cenports: explain closed" "Every required scope is held"
keys Enter
see "cenports: hand-off" "Cenports user e-mail"
has "cenports: token masked" "$(tm_screen)" "(31 characters)"
keys q
see "cenports: exited" "[exited 0]"
tm_stop
run "cenports: profile saved" 0 env BCSETUP_PASSPHRASE_FILE=<(echo "$PASS") "$BC" --vault "$T_TMP/cenports/vault" list
has "cenports: in the list" "$OUT" "cenports"
has "cenports: checked ok" "$OUT" "ok, just now"

# 2. Order Time with every capability: the preset derives the scopes.
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/ordertime/vault'"
flow ordertime "Order Time" Enter Enter
see "ordertime: all covered" "Every required scope is held"
keys Enter
see "ordertime: hand-off" "Password"
has "ordertime: password form" "$(tm_screen)" "/stores/demo42x"
lacks "ordertime: no /v3/ in password" "$(tm_screen | grep Password)" "/v3"
tm_stop

# 3. One scope short: the practice store makes the account with Products left
# unticked; the matrix shows the gap and how to fix it.
# (A short timeout: the practice store is frozen once, below.)
tm_start 80 24 "BCSETUP_TIMEOUT_MS=3000 '$BC' --demo --vault '$T_TMP/short/vault'"
flow short Onport m
see "short: gap" "Products: missing"
see "short: fix" "cannot be changed: create a replacement API"
has "short: row" "$(tm_screen)" "$(printf '\u2718')  Products"
keys r
see "short: rotation starts" "Replacing the token: create a second API account"
# Two accounts named alike cannot be told apart when one is to be deleted.
see "short: distinct name" "Name: Onport 2"
keys Enter
see "short: same scopes" "Set each scope"
keys Enter
see "short: save again" "shows the Client ID"
keys Enter
see "short: new file" "Enter imports it"
keys Enter
see "short: new token imported" "store hash: demo42x"
keys Enter
see "short: verify first" "Enter checks the new token; it replaces the old one"
keys Enter
see "short: retested" "Enter coverage matrix" 20
keys Enter
see "short: fixed" "Every required scope is held"
see "short: change marked" "was none"
# Before the old account goes: the webhooks it made (the practice store's
# integration made two with it), and the order of things.
keys d
see "short: what goes" "It made 2 webhooks, and they are deleted with it"
see "short: hook listed" "store/order/created -> https://hooks.example.com/"
see "short: integration first" "Put the new credentials into the integration first"
# The old account still exists in the practice store: the check says so.
keys d
see "short: old still alive" "The old token still works: delete its API account"
tm_screen > "$T_TMP/matrix.txt"
run "short: old token in history" 0 env BCSETUP_PASSPHRASE_FILE=<(echo "$PASS") "$BC" --vault "$T_TMP/short/vault" show onport
has "short: history row" "$OUT" 'account "Onport", Client ID '
has "short: history state" "$(grep retired <<<"$OUT")" ": still alive"
has "short: new account's name" "$OUT" "account name     Onport 2"
# The API gives no answer (the practice store frozen): d cannot tell, says
# so, and records nothing.
pkill -STOP -f "bcsetup-sandbox.*$T_TMP/short/vault.practice"
keys d
see "short: unreachable" "Could not tell whether the old token still works" 60
pkill -CONT -f "bcsetup-sandbox.*$T_TMP/short/vault.practice"
run "short: unreachable recorded nothing" 0 env BCSETUP_PASSPHRASE_FILE=<(echo "$PASS") "$BC" --vault "$T_TMP/short/vault" show onport
has "short: still alive as before" "$(grep retired <<<"$OUT")" ": still alive"
# The practice store plays the control panel's trash can; then d confirms.
keys x
see "short: demo deletes" "The practice store deleted the old account"
keys d
see "short: deletion confirmed" "The old account is deleted; its token is wiped"
keys C-c
see "short: exits" "[exited 130]"
tm_stop
run "short: old token gone" 0 env BCSETUP_PASSPHRASE_FILE=<(echo "$PASS") "$BC" --vault "$T_TMP/short/vault" show onport
has "short: history confirmed" "$(grep 'account "Onport", Client ID ' <<<"$OUT")" ": confirmed deleted"
# Lowering a scope below what the target needs is refused, with the reason.
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/lower/vault'"
see "lower: start" "New connection"
keys Enter Enter
see "lower: panel" "deep-links"
keys Enter
see "lower: scopes" "Set each scope"
keys Down Down Down Down Left
see "lower: refused" "needs Information & Settings at read-only at least"
tm_stop

# 4. Resizing: too small says so; back to size, the screen and its state return.
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/resize/vault'"
see "resize: start" "New connection"
keys Enter
see "resize: targets" "Which system asks"
pick Cenports
keys Enter
see "resize: panel" "deep-links"
keys Enter
see "resize: scopes" "Set each scope"
keys Down Down Right
see "resize: level changed" "Customers                                      read-only"
tm resize-window -x 50 -y 15
see "resize: too small" "Terminal too small"
has "resize: says the size" "$(tm_screen)" "(50x15; needs 64x22)"
tm resize-window -x 80 -y 24
see "resize: back" "Set each scope"
has "resize: state kept" "$(tm_screen)" "Customers                                      read-only"
tm resize-window -x 120 -y 40
see "resize: larger" "Metafields Access"
tm_stop

# 5. Pasting: a pasted token arrives whole and is never shown whole; the store
# hash appears as soon as the pasted API path allows.
TOKEN=k2p0q8r7s6t5u4v3w2x1y0z9a8b7wxyz
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/paste/vault'"
see "paste: start" "New connection"
keys Enter Down Enter
see "paste: panel" "deep-links"
keys Enter Enter
see "paste: save" "shows the Client ID"
keys Enter
see "paste: credentials" "Import the downloaded file"
keys Tab
paste 'https://nameofyourstore.mybigcommerce.com'
see "paste: domain refused inline" "paste the API path instead"
keys C-u
paste 'https://api.bigcommerce.com/stores/wyiiub56c0/v3/'
see "paste: hash extracted" "store hash: wyiiub56c0"
keys Tab
paste 'm1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b'
keys Tab
paste '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
see "paste: secret masked" "****cdef (64 characters)"
keys Tab
paste "$TOKEN"
see "paste: token masked" "****wxyz (32 characters)"
lacks "paste: token never whole" "$(tm_screen)" "$TOKEN"
lacks "paste: not half either" "$(tm_screen)" "k2p0q8r7"
# Ctrl-C with something unsaved asks first.
keys Tab
keys Enter
see "ctrl-c: next screen" "A new vault"
keys C-c
see "ctrl-c: asks" "Quit? What you typed is not saved"
keys n
see "ctrl-c: stays" "A new vault"
keys C-c
see "ctrl-c: asks again" "Quit?"
keys y
see "ctrl-c: exits" "[exited 130]"
tm_stop

# 6. NO_COLOR and the C locale: ASCII symbols, no colour, same flow.
tm_start 80 24 "NO_COLOR=1 LC_ALL=C LANG=C '$BC' --demo --vault '$T_TMP/plain/vault'"
flow plain Cenports m
see "plain: ascii gap" "XX Products"
if tm capture-pane -p -e | grep -q $'\e\[3[0-7]m'; then bad "plain: colour escapes under NO_COLOR"; else ok; fi
tm_stop
# The fleet on the start screen: the failing profile says why on its line.
tm_start 100 24 "'$BC' --demo --vault '$T_TMP/plain/vault'"
see "fleet: unlock" "Passphrase:"
tm send-keys -l "$PASS"; keys Enter
see "fleet: failing row" "Practice Store cenports   FAILED, just now: 1 required scope is not held"
tm_stop

# 7. SIGHUP (a dropped SSH session) while the profile is being saved: the
# vault opens afterwards with the old or the new content, and the terminal
# is restored. The existing vault holds one profile; each run adds one.
echo "$PASS" >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
for i in 1 2 3 4 5; do
	tm_start 80 24 "'$BC' --demo --vault '$T_TMP/hangup/vault'"
	if [ "$i" -gt 1 ]; then
		see "hup $i: unlock" "Passphrase:"
		tm send-keys -l "$PASS"; keys Enter
	fi
	see "hup $i: start" "New connection"
	[ "$i" -gt 2 ] && has "hup $i: fleet row" "$(tm_screen)" "demo42x        cenports   never checked"
	keys Enter Down Enter
	see "hup $i: panel" "deep-links"
	keys Enter Enter
	see "hup $i: save" "shows the Client ID"
	keys Enter
	see "hup $i: creds" "Enter imports it"
	keys Enter
	see "hup $i: imported" "store hash: demo42x"
	if [ "$i" = 1 ]; then
		keys Enter
		see "hup 1: vault" "A new vault"
		tm send-keys -l "$PASS"; keys Tab; tm send-keys -l "$PASS"; keys Enter
		see "hup 1: saved" "Saved profile"
		keys C-c
		see "hup 1: quits" "[exited 130]"
		tm_stop
		continue
	fi
	pid=$(pgrep -f "bcsetup --demo --vault $T_TMP/hangup/vault" | head -1)
	tm send-keys Enter
	sleep "0.0$((RANDOM % 10))"
	kill -HUP "$pid"
	see "hup $i: exits" "[exited 129]"
	same "hup $i: terminal restored" "$(tm display -p '#{alternate_on}')" 0
	run "hup $i: vault opens" 0 "$BC" --vault "$T_TMP/hangup/vault" --passphrase-file "$T_TMP/pass" list
	tm_stop
done
# 8. Terminal types: each draws the start screen and leaves the terminal as
# it found it; SIGTERM restores it too.
for term in vt100 linux screen tmux-256color xterm-256color; do
	tm_start 80 24 "TERM=$term '$BC' --demo --vault '$T_TMP/t-$term/vault'"
	see "term $term: draws" "New connection"
	see "term $term: help line" "Enter choose"
	keys q
	see "term $term: exits" "[exited 0]"
	same "term $term: restored" "$(tm display -p '#{alternate_on}')" 0
	tm_stop
done
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/term/vault'"
see "sigterm: start" "New connection"
kill -TERM "$(pgrep -f "bcsetup --demo --vault $T_TMP/term/vault" | head -1)"
see "sigterm: exits" "[exited 143]"
same "sigterm: restored" "$(tm display -p '#{alternate_on}')" 0
tm_stop

! pgrep -f "bcsetup-sandbox.*$TMPDIR" >/dev/null && ok || bad "a practice store outlived its wizard"
same "demo files removed" "$(ls "$TMPDIR")" ""

finish
