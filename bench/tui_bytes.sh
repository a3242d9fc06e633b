#!/usr/bin/env bash
# What a slow SSH link pays: bytes the wizard writes to an 80x24 terminal per
# keystroke while moving through the scope list, and per screen change,
# recorded from the real program in tmux (pipe-pane). Not a test.
#   bench/tui_bytes.sh [BUILD-DIR]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
. "$root/tests/lib.sh"
. "$root/tests/tui/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT
out=$T_TMP/bytes
bytes() { sleep 0.4; stat -c %s "$out"; }
tm_start 80 24 "TERM=xterm-256color '$build/bcsetup' --demo --vault '$T_TMP/v/vault'"
tm_wait "New connection" || { echo "the wizard did not start"; exit 1; }
tm pipe-pane -o "cat >> '$out'"
: >"$out"
keys Enter Down Enter
tm_wait deep-links
keys Enter
tm_wait "Set each scope"
n=26
b0=$(bytes)
for i in $(seq 1 $n); do keys Down; done
b1=$(bytes)
for i in $(seq 1 $n); do keys Up; done
b2=$(bytes)
for i in $(seq 1 10); do keys Right; done
b3=$(bytes)
m=10
for i in $(seq 1 $m); do keys Enter; tm_wait "Check the scopes once more"; keys Escape; tm_wait "Set each scope"; done
b4=$(bytes)
printf 'bytes written to an 80x24 terminal (xterm-256color), from the program in tmux:\n'
printf '  scope list, Down:        %6.0f bytes a keystroke (%d keys)\n' "$(awk "BEGIN{print ($b1-$b0)/$n}")" $n
printf '  scope list, Up:          %6.0f bytes a keystroke (%d keys)\n' "$(awk "BEGIN{print ($b2-$b1)/$n}")" $n
printf '  level change, Right:     %6.0f bytes a keystroke (10 keys)\n' "$(awk "BEGIN{print ($b3-$b2)/10}")"
printf '  screen change:           %6.0f bytes a change (%d round trips scopes <-> save)\n' "$(awk "BEGIN{print ($b4-$b3)/(2*$m)}")" $m
printf '  a full 80x24 repaint is at least %d bytes of text; ratio a keystroke : full = %.2f\n' 1920 "$(awk "BEGIN{print ($b1-$b0)/$n/1920}")"
