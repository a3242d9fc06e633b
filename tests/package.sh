#!/usr/bin/env bash
# The Debian package, installed as an admin would install it (root, dpkg -i):
# the installed program runs, its man page is found, bash completes its
# commands, targets and capabilities; then it is removed again.
#   tests/package.sh BUILD-DIR
set -u
B=${1:?usage: package.sh build-dir}
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "package.sh: needs root to install the package"
	exit 1
fi
(cd "$B" && cpack -G DEB >"$T_TMP/cpack.log" 2>&1)
same "cpack builds it" "$?" 0
deb=$(ls "$B"/bcsetup_*_*.deb 2>/dev/null | head -1)
run "dpkg -i" 0 dpkg -i "$deb"
has "depends on the libraries" "$(dpkg -s bcsetup)" "libsodium23"
version=$(sed -n 's/^project(bcsetup VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../CMakeLists.txt")
run "installed --version" 0 /usr/bin/bcsetup --version
has "the version" "$OUT" "$version"
run "man -w" 0 man -w bcsetup
same "the man page is the package's" "$OUT" /usr/share/man/man1/bcsetup.1
run "the sandbox is installed" 0 /usr/bin/bcsetup-sandbox --help
# The installed completion is the one tests/cli/completion.sh tests as built.
run "completion installed" 0 cmp /usr/share/bash-completion/completions/bcsetup "$B/bcsetup.bash-completion"
complete_words() {
	bash -c '. /usr/share/bash-completion/bash_completion
		. /usr/share/bash-completion/completions/bcsetup
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_bcsetup; printf "%s\n" "${COMPREPLY[@]}"' bash "$@"
}
same "completes a command" "$(complete_words bcsetup ch)" check
# With a passphrase file (an unattended set-up), profile names complete too.
printf 'package passphrase\n' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
mkcreds "$T_TMP/creds" abc123 packagetoken000000000000000001
BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass \
	run "installed import" 0 /usr/bin/bcsetup import shop "$T_TMP/creds"
same "completes a profile" "$(BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault \
	BCSETUP_PASSPHRASE_FILE=$T_TMP/pass complete_words bcsetup show s)" shop
run "dpkg -r" 0 dpkg -r bcsetup
finish
