# tmux helpers for driving the wizard as a person would (sourced after lib.sh).
# A private tmux server per test; the screen is read with capture-pane.
TM_N=0
tm() { tmux -S "$T_TMP/tmux.$TM_N" "$@"; }
# tm_start COLS ROWS COMMAND: runs COMMAND in a new session of that size, on
# a tmux server of its own.
tm_start() {
	local cols=$1 rows=$2
	shift 2
	TM_N=$((TM_N + 1))
	# The wrapping shell survives Ctrl-C with a no-op handler; the program
	# still gets the default one (an ignored signal would be inherited).
	tm new-session -d -x "$cols" -y "$rows" "trap : INT; $*; echo \"[exited \$?]\"; sleep 60"
}
tm_screen() { tm capture-pane -p; }
# tm_wait TEXT [SECONDS]: waits until TEXT is on the screen; 1 on timeout.
tm_wait() {
	local text=$1 deadline=$((SECONDS + ${2:-15}))
	while [ "$SECONDS" -lt "$deadline" ]; do
		tm_screen | grep -qF -- "$text" && return 0
		sleep 0.1
	done
	return 1
}
# see NAME TEXT [SECONDS]: an assertion that TEXT shows up.
see() {
	if tm_wait "$2" "${3:-15}"; then ok; else
		bad "$1: '$2' never appeared"; tm_screen | sed 's/^/    | /'; fi
}
keys() { tm send-keys "$@"; sleep 0.15; }
# pick TEXT: moves a list's selection (the row marked "> ") down to the entry
# TEXT, found by name as a person reads the list, whatever its order. Each
# Down waits for the mark to move, so a slow redraw is never overshot.
pick() {
	local want=$1 mark before deadline n
	for n in $(seq 1 60); do
		mark=$(tm_screen | grep -m1 -E '^ *> ')
		[[ $mark =~ ^\ *\>\ (.*[^ ])\ *$ && ${BASH_REMATCH[1]} == "$want" ]] && return 0
		before=$mark
		tm send-keys Down
		deadline=$((SECONDS + 15))
		while [ "$SECONDS" -lt "$deadline" ]; do
			mark=$(tm_screen | grep -m1 -E '^ *> ')
			[ "$mark" != "$before" ] && break
			sleep 0.05
		done
		if [ "$mark" = "$before" ]; then
			bad "pick: no entry '$want' below '$before'"
			return 1
		fi
	done
	bad "pick: '$want' not reached"
	return 1
}
# paste TEXT: as a terminal pastes (bracketed, when the program asked for it).
paste() { tm set-buffer -b p -- "$1"; tm paste-buffer -p -b p; sleep 0.15; }
tm_stop() { tm kill-server 2>/dev/null; }
# screen_is NAME FILE: the whole screen equals tests/tui/screens/FILE (tig's
# way: what a person reads, line by line). BCSETUP_SCREENS_UPDATE=1 rewrites
# the file instead, for a change meant to alter the screen; review its diff.
SCREENS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/screens
screen_is() {
	local got=$T_TMP/screen.$RANDOM
	screen_wait "$got" "$2" plain_screen
	screen_check "$1" "$got" "$2"
}
plain_screen() { tm_screen | sed 's/[[:space:]]*$//'; }
# screen_wait GOT FILE CAPTURE...: runs CAPTURE into GOT until GOT equals
# screens/FILE, for up to 10 s (a redraw on a busy machine can lag; the
# comparison, not a pause, decides), or, with BCSETUP_SCREENS_UPDATE=1,
# until two captures 0.3 s apart agree.
screen_wait() {
	local got=$1 want=$SCREENS/$2 deadline=$((SECONDS + 10)) prev
	shift 2
	"$@" >"$got"
	while [ "$SECONDS" -lt "$deadline" ]; do
		if [ "${BCSETUP_SCREENS_UPDATE:-}" = 1 ]; then
			prev=$(cat "$got")
			sleep 0.3
			"$@" >"$got"
			[ "$prev" = "$(cat "$got")" ] && return 0
		else
			cmp -s "$got" "$want" && return 0
			sleep 0.1
			"$@" >"$got"
		fi
	done
}
# screen_check NAME GOT FILE: the captured screen GOT equals screens/FILE
# (or replaces it, with BCSETUP_SCREENS_UPDATE=1).
screen_check() {
	if [ "${BCSETUP_SCREENS_UPDATE:-}" = 1 ]; then
		cp "$2" "$SCREENS/$3"
		ok
	elif diff -u "$SCREENS/$3" "$2" >"$2.diff"; then
		ok
	else
		bad "$1: the screen differs from screens/$3"
		sed 's/^/    /' "$2.diff" | head -40
	fi
}
