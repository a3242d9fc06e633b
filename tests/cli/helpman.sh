#!/usr/bin/env bash
# --help and the man page tell the same story: the same commands, the same
# options, and the man page's version is the program's.
set -u
BC=${1:?usage: helpman.sh bcsetup bcsetup.1}
MAN=${2:?usage: helpman.sh bcsetup bcsetup.1}
. "$(dirname "$0")/../lib.sh"

run help 0 "$BC" --help
HELP=$OUT
# The man page as text: roff's \- is a plain hyphen.
PAGE=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN")

help_cmds=$(grep -oE '^ +bcsetup [a-z]+' <<<"$HELP" | awk '{print $2}' | sort -u)
man_cmds=$(awk '/^\.SH COMMANDS/{on=1; next} /^\.SH/{on=0} on && prev==".TP" {print $2} {prev=$0}' \
	"$MAN" | sort -u)
same commands "$man_cmds" "$help_cmds"
# Guards the reading itself: an empty list on both sides would be "the same".
if [ "$(wc -l <<<"$help_cmds")" -ge 10 ]; then ok; else bad "too few commands read: $help_cmds"; fi

help_opts=$(grep -oE -- '--[a-z][a-z-]*' <<<"$HELP" | sort -u)
man_opts=$(grep -oE -- '--[a-z][a-z-]*' <<<"$PAGE" | sort -u)
same options "$man_opts" "$help_opts"

# Every hand-off variant of the built-in targets is named under --variant,
# and the page has examples.
variants=$(sed -n '/^\.BI \\-\\-variant/,/^\.TP/p' "$MAN" | sed -e 's/\\-/-/g')
for t in $("$BC" targets --json | jq -r '.targets[] | select(.file == null) | .key'); do
	for k in $("$BC" targets show "$t" | jq -r '.handoff[].key'); do
		has "variant $t/$k named" "$variants" "$k"
	done
done
has "examples" "$(cat "$MAN")" ".SH EXAMPLES"
run version 0 "$BC" --version
has man-version "$(head -1 "$MAN")" "\"$OUT\""
finish
