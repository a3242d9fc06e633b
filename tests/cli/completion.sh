#!/usr/bin/env bash
# Bash completion as built (BUILD/bcsetup.bash-completion), with the built
# bcsetup first on PATH: commands, options, targets, capabilities, profiles
# and pass entries; and names read from a vault or a shared pass store are
# offered as plain, quoted data, never expanded.
#   tests/cli/completion.sh BCSETUP COMPLETION-FILE
set -u
BIN=${1:?usage: completion.sh bcsetup completion-file}
COMP=${2:?usage: completion.sh bcsetup completion-file}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
COMP=$(cd "$(dirname "$COMP")" && pwd)/$(basename "$COMP")
. "$(dirname "$0")/../lib.sh"
mkdir -p "$T_TMP/bin" "$T_TMP/cwd"
ln -s "$BIN" "$T_TMP/bin/bcsetup"

# complete LINE: what bash offers for the end of LINE, one a line. The line is
# split into words as readline does (at blanks, and at ':' which is in
# COMP_WORDBREAKS), then the completion function runs in a fresh bash whose
# current directory is a scratch one, so a file a name managed to create
# there would be seen.
complete_line() {
	(cd "$T_TMP/cwd" && PATH="$T_TMP/bin:$PATH" bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
		line=$2
		read -ra words <<<"$line"
		COMP_WORDS=()
		for w in "${words[@]}"; do
			while [[ $w == *:* ]]; do
				[ -n "${w%%:*}" ] && COMP_WORDS+=("${w%%:*}")
				COMP_WORDS+=(:)
				w=${w#*:}
			done
			[ -n "$w" ] && COMP_WORDS+=("$w")
		done
		[[ $line == *" " || $line == *: ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line; COMP_POINT=${#line}
		_bcsetup; printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP" "$1")
}

same "a command" "$(complete_line 'bcsetup ch')" check
same "a target" "$(complete_line 'bcsetup check --for ord')" ordertime
has "an export format" "$(complete_line 'bcsetup export x --for e')" env
same "a capability" "$(complete_line 'bcsetup scopes --caps update-i')" update-inventory
has "check's options" "$(complete_line 'bcsetup check --prom')" --prometheus
same "--to" "$(complete_line 'bcsetup export x --to p' | tr '\n' ' ')" "pass pass: "

# pass:ENTRY: the store's entries, not git's.
store=$T_TMP/store
mkdir -p "$store/team" "$store/.git/objects"
touch "$store/team/shop.gpg" "$store/web.gpg" "$store/.git/objects/x.gpg"
export PASSWORD_STORE_DIR=$store
same "a pass entry" "$(complete_line 'bcsetup import x --from pass:t')" team/shop

# Entries anyone who can push to the store may name: each would run a
# command, or split into several words, if it were expanded or unquoted.
touch "$store/\$(touch PWNED).gpg" "$store/\`touch TICKED\`.gpg" "$store/;x.gpg" \
	"$store/'a b'.gpg" "$store/\${IFS}v.gpg"
got=$(complete_line 'bcsetup import x --from pass:')
same "nothing ran for \$(...)" "$(ls "$T_TMP/cwd")" ""
for want in '\$\(touch\ PWNED\)' '\`touch\ TICKED\`' '\;x' "\\'a\\ b\\'" '\$\{IFS\}v' team/shop web; do
	has "offered as a plain name: $want" "$got" "$want"
done
same "one offer per entry" "$(wc -l <<<"$got")" 7
# Each offer is the entry's name exactly, quoted as the shell reads it back.
want=$(cd "$store" && find . -name '*.gpg' -not -path './.git/*' | sed 's|^\./||; s|\.gpg$||' |
	while IFS= read -r n; do printf '%q\n' "$n"; done | sort)
same "the offers are the names, quoted" "$(sort <<<"$got")" "$want"
same "still nothing ran" "$(ls "$T_TMP/cwd")" ""
same "a prefix is matched literally" "$(complete_line 'bcsetup import x --from pass:$(')" '\$\(touch\ PWNED\)'
unset PASSWORD_STORE_DIR

# Profiles complete only when the vault opens without asking.
same "no profile without a passphrase file" "$(BCSETUP_PASSPHRASE_FILE= complete_line 'bcsetup show ')" ""
printf 'completion passphrase\n' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
mkcreds "$T_TMP/creds" abc123 completiontoken0000000000000001
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
run "import" 0 "$BIN" import shop "$T_TMP/creds"
run "import" 0 "$BIN" import staging "$T_TMP/creds"
same "a profile" "$(complete_line 'bcsetup show s' | sort | tr '\n' ' ')" "shop staging "
same "a profile, narrowed" "$(complete_line 'bcsetup check sh')" shop
finish
