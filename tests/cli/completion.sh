#!/usr/bin/env bash
# Completion as built (BUILD/completion.{bash,zsh,fish}, printed by
# 'bcsetup completion SHELL'), with the built bcsetup first on PATH: every
# shell accepts its script; what bash offers after a command's "--" is exactly
# what that command's help documents; commands, options, targets,
# capabilities, profiles and pass entries complete; and names read from a
# vault or a shared pass store are offered as plain, quoted data, never
# expanded.
#   tests/cli/completion.sh BCSETUP BUILD-DIR
set -u
BIN=${1:?usage: completion.sh bcsetup build-dir}
BUILD=${2:?usage: completion.sh bcsetup build-dir}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
BUILD=$(cd "$BUILD" && pwd)
COMP=$BUILD/completion.bash
. "$(dirname "$0")/../lib.sh"
mkdir -p "$T_TMP/bin" "$T_TMP/cwd"
ln -s "$BIN" "$T_TMP/bin/bcsetup"

# The scripts are what the program prints, and each shell reads its own.
for sh in bash zsh fish; do
	run "completion $sh" 0 "$BIN" completion "$sh"
	same "the built $sh script is the program's" "$OUT" "$(cat "$BUILD/completion.$sh")"
done
run "bash -n" 0 bash -n "$BUILD/completion.bash"
run "zsh -n" 0 zsh -n "$BUILD/completion.zsh"
run "fish --no-execute" 0 fish --no-execute "$BUILD/completion.fish"
run "no such shell" 2 "$BIN" completion tcsh
has "no such shell: why" "$ERR" "bash, zsh or fish"

# complete LINE: what bash offers for the end of LINE, one a line. The line is
# split into words as readline does (at blanks, and at ':' and '=', which are
# in COMP_WORDBREAKS), then the completion function runs in a fresh bash
# whose current directory is a scratch one, so a file a name managed to
# create there would be seen.
complete_line() {
	(cd "$T_TMP/cwd" && PATH="$T_TMP/bin:$PATH" bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
		line=$2
		read -ra words <<<"$line"
		COMP_WORDS=()
		for w in "${words[@]}"; do
			while [[ $w == *[:=]* ]]; do
				head=${w%%[:=]*}
				[ -n "$head" ] && COMP_WORDS+=("$head")
				w=${w#"$head"}
				COMP_WORDS+=("${w:0:1}")
				w=${w:1}
			done
			[ -n "$w" ] && COMP_WORDS+=("$w")
		done
		[[ $line == *" " || $line == *[:=] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line; COMP_POINT=${#line}
		_bcsetup; printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP" "$1")
}

# zsh_line LINE: what zsh's script hands compadd for the end of LINE (words
# split at blanks; compadd stands in for the completion system, which needs
# a terminal).
zsh_line() {
	(cd "$T_TMP/cwd" && PATH="$T_TMP/bin:$PATH" zsh -fc '
		compdef() { :; }
		compadd() { [ "$1" = -- ] && shift; print -rl -- "$@"; }
		_files() { print -r -- "(files $*)"; }
		source "$1"
		words=(${=2})
		[[ $2 == *" " ]] && words+=("")
		CURRENT=${#words}
		_bcsetup' zsh "$BUILD/completion.zsh" "$1")
}

# fish_line LINE: what fish offers for LINE, as its own 'complete -C' says.
fish_line() {
	(cd "$T_TMP/cwd" && PATH="$T_TMP/bin:$PATH" fish --no-config -c '
		source $argv[1]
		complete -C $argv[2] | string replace -r "\t.*" ""' "$BUILD/completion.fish" "$1")
}

# Help and completion are one table: for every command, what completes after
# "--" is exactly the options its help documents, and 'help CMD' is its
# --help.
cmds=$(complete_line 'bcsetup ')
if [ "$(wc -l <<<"$cmds")" -ge 12 ]; then ok; else bad "too few commands offered: $cmds"; fi
run "help" 0 "$BIN" help
same "help is --help" "$OUT" "$("$BIN" --help)"
for cmd in $cmds; do
	run "$cmd --help" 0 "$BIN" "$cmd" --help
	documented=$(grep -oE '^  --[a-z][a-z-]*' <<<"$OUT" | sed 's/^ *//' | sort)
	same "help $cmd is $cmd --help" "$("$BIN" help "$cmd")" "$OUT"
	has "$cmd's own help" "$OUT" "usage: bcsetup $cmd"
	same "$cmd --: the options its help documents" "$(complete_line "bcsetup $cmd --" | sort)" "$documented"
done
# The wizard's options: the global help's, --demo among them.
same "the wizard's options" "$(complete_line 'bcsetup --' | sort | tr '\n' ' ')" \
	"--api-base --assets --cacert --demo --help --json --passphrase-file --vault --version "
run "help of no command" 2 "$BIN" help nosuch
has "help of no command: why" "$ERR" "no command 'nosuch'"
run "a usage error names the command's help" 2 "$BIN" show
has "... as help show" "$ERR" "Try 'bcsetup help show'."

# zsh and fish ask the same program.
same "zsh: a command" "$(zsh_line 'bcsetup ch')" check
same "zsh: a target" "$(zsh_line 'bcsetup check --for ord')" ordertime
same "zsh: a file" "$(zsh_line 'bcsetup check --from-file ')" "(files )"
same "zsh: a directory" "$(zsh_line 'bcsetup --assets ')" "(files -/)"
same "zsh: check --" "$(zsh_line 'bcsetup check --' | sort)" "$(complete_line 'bcsetup check --' | sort)"
same "fish: a command" "$(fish_line 'bcsetup ch')" check
same "fish: a target" "$(fish_line 'bcsetup check --for ord')" ordertime
same "fish: check --" "$(fish_line 'bcsetup check --' | sort)" "$(complete_line 'bcsetup check --' | sort)"
touch "$T_TMP/cwd/creds-file.txt"
same "fish: a file" "$(fish_line 'bcsetup check --from-file cred')" creds-file.txt

same "a command" "$(complete_line 'bcsetup ch')" check
same "a target" "$(complete_line 'bcsetup check --for ord')" ordertime
has "an export format" "$(complete_line 'bcsetup export x --for e')" env
same "a capability" "$(complete_line 'bcsetup scopes --caps update-i')" update-inventory
has "check's options" "$(complete_line 'bcsetup check --prom')" --prometheus
same "--for=VALUE" "$(complete_line 'bcsetup check --for=ord')" ordertime
same "--caps, a list's last item" "$(complete_line 'bcsetup scopes --for ordertime --caps import-orders,update-o')" \
	import-orders,update-order-status
same "a file after the profile" "$(complete_line 'bcsetup rotate shop cred')" creds-file.txt
rm "$T_TMP/cwd/creds-file.txt"
same "nothing after the last argument" "$(complete_line 'bcsetup show shop ')" ""
same "targets show" "$(complete_line 'bcsetup targets s')" show
same "targets show TARGET" "$(complete_line 'bcsetup targets show cen')" cenports
same "a shell" "$(complete_line 'bcsetup completion z')" zsh
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
