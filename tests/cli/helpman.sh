#!/usr/bin/env bash
# --help and the man page tell the same story: the same commands, the same
# options, and the man page's version is the program's.
set -u
BC=${1:?usage: helpman.sh bcsetup bcsetup.1}
MAN=${2:?usage: helpman.sh bcsetup bcsetup.1 bcsetup-sandbox bcsetup-sandbox.1}
SB=${3:?usage: helpman.sh bcsetup bcsetup.1 bcsetup-sandbox bcsetup-sandbox.1}
SBMAN=${4:?usage: helpman.sh bcsetup bcsetup.1 bcsetup-sandbox bcsetup-sandbox.1}
. "$(dirname "$0")/../lib.sh"

run help 0 "$BC" --help
HELP=$OUT
# The man page as text: roff's \- is a plain hyphen.
PAGE=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN")

# The commands the usage lists are the man page's.
help_cmds=$(grep -oE '^(usage:)? +bcsetup [a-z]+' <<<"$HELP" | awk '{print $NF}' | sort -u)
man_cmds=$(awk '/^\.SH COMMANDS/{on=1; next} /^\.SH/{on=0} on && prev==".TP" {print $2} {prev=$0}' \
	"$MAN" | sort -u)
same commands "$man_cmds" "$help_cmds"
# Guards the reading itself: an empty list on both sides would be "the same".
if [ "$(wc -l <<<"$help_cmds")" -ge 12 ]; then ok; else bad "too few commands read: $help_cmds"; fi

# The synopsis, rendered by man at a width that never folds a line: each
# command's forms are those of its own help, word for word.
synopsis=$(MANWIDTH=1000 man -l "$MAN" 2>/dev/null | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' |
	sed '1d;$d' | tr -s ' ' | sed 's/^ //; s/ $//; /^$/d')
has "the wizard's synopsis" "$synopsis" "bcsetup [options]"
has "the demo's synopsis" "$synopsis" "bcsetup --demo"
all_opts=
for cmd in $help_cmds; do
	run "help $cmd" 0 "$BC" help "$cmd"
	# The usage lines, a form's continuation lines joined to it.
	forms=$(awk '/^$/{exit} {sub(/^usage:/, ""); if ($1 == "bcsetup") printf "%s%s", n++ ? "\n" : "", $0; else printf " %s", $0} END {print ""}' <<<"$OUT" |
		tr -s ' ' | sed 's/^ //; s/ $//')
	same "synopsis of $cmd" "$(grep -E "^bcsetup $cmd( |$)" <<<"$synopsis")" "$forms"
	# The options its forms name are the options it documents.
	own=$(sed -n '/^options:$/,/^$/p' <<<"$OUT" | grep -oE '^  --[a-z][a-z-]*' | sed 's/^ *//' | sort -u)
	same "$cmd: the options of its synopsis are its own" "$(grep -oE -- '--[a-z][a-z-]*' <<<"$forms" | sort -u)" "$own"
	all_opts+=$(grep -oE '^  --[a-z][a-z-]*' <<<"$OUT" | sed 's/^ *//')$'\n'
done

# Every option some command's help documents, and the wizard's, is in the
# man page, and the man page names none that no help does.
help_opts=$( (printf '%s' "$all_opts"; grep -oE -- '--[a-z][a-z-]*' <<<"$HELP") | sed '/^$/d' | sort -u)
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
# The practice store's page documents the options its --help lists, and
# only those; both pages have the sections a reader looks for.
run sandbox-help 0 "$SB" --help
sb_opts=$( (grep -oE -- '--[a-z][a-z-]*' <<<"$OUT"; echo --help) | sort -u)
sb_man=$(sed -e 's/\\-/-/g' "$SBMAN" | sed -n '/^\.SH OPTIONS/,/^\.SH STORES/p' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
same "sandbox options" "$sb_man" "$sb_opts"
for sec in SYNOPSIS DESCRIPTION OPTIONS EXAMPLES FILES "SEE ALSO"; do
	has "bcsetup.1 has $sec" "$(cat "$MAN")" ".SH $sec"
	has "bcsetup-sandbox.1 has $sec" "$(cat "$SBMAN")" ".SH $sec"
done
run version 0 "$BC" --version
has man-version "$(head -1 "$MAN")" "\"$OUT\""
finish
