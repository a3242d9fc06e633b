#!/usr/bin/env bash
# The Debian package, installed as an admin would install it (root, dpkg -i):
# the installed program runs, its man page is found, bash completes its
# commands and profiles; then it is removed again. All of it happens in a
# mount namespace of the test's own, whose /usr, /etc and /var are throwaway
# overlays: the machine's own files and package database never change, and
# a bcsetup the machine already has (a stand-in is installed first, in the
# namespace) is there again afterwards.
#   tests/package.sh BUILD-DIR
set -u
B=$(cd "${1:?usage: package.sh build-dir}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "package.sh: needs root (dpkg, and a mount namespace)"
	exit 1
fi

# add_counts OUTPUT: adds a stage's "N passed, M failed" to this one's.
add_counts() {
	local last p f
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$1" | tail -1)
	grep -vE '^[0-9]+ passed, [0-9]+ failed$' <<<"$1"
	if [ -z "$last" ]; then
		bad "a stage ended without its counts"
		return
	fi
	p=${last%% passed*}
	f=${last#*, }
	f=${f%% failed}
	pass=$((pass + p))
	fail=$((fail + f))
}

# overlay DIR...: each DIR becomes a writable overlay whose changes go to
# $T_TMP and vanish with the namespace.
overlay() {
	local d n
	for d in "$@"; do
		n=$T_TMP/ov$(tr / _ <<<"$d")
		mkdir -p "$n/up" "$n/work"
		mount -t overlay overlay -o "lowerdir=$d,upperdir=$n/up,workdir=$n/work" "$d" ||
			{ echo "FAIL cannot overlay $d"; return 1; }
	done
}

dpkg_state() { dpkg-query -W -f='${Package} ${Version} ${Status}\n' | sha256sum | cut -c1-64; }

case "${PKG_STAGE:-machine}" in
machine)
	(cd "$B" && cpack -G DEB >"$T_TMP/cpack.log" 2>&1)
	same "cpack builds it" "$?" 0
	deb=$(ls "$B"/bcsetup_*_*.deb 2>/dev/null | head -1)
	# Debian's own checks: no error and no warning (informational notes
	# are listed, not counted).
	lint=$(lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v 'root privileges')
	same "lintian: no error or warning" "$(grep -E '^[EW]: ' <<<"$lint")" ""
	contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
	for f in probes.md SECURITY.md targets.md README.md copyright changelog.gz; do
		has "the package holds $f" "$contents" "./usr/share/doc/bcsetup/$f"
	done
	has "the sandbox's man page" "$contents" "./usr/share/man/man1/bcsetup-sandbox.1.gz"
	version=$(sed -n 's/^project(bcsetup VERSION \([0-9.]*\).*/\1/p' "$HERE/../CMakeLists.txt")
	same "the changelog's version is the program's" \
		"$(sed -n '1s/^bcsetup (\([^)]*\)).*/\1/p' "$HERE/../docs/changelog")" "$version"
	before=$(dpkg_state)
	status_before=$(sha256sum /var/lib/dpkg/status | cut -c1-64)
	had=$(dpkg-query -W -f='${Version}' bcsetup 2>/dev/null)
	out=$(PKG_STAGE=namespace unshare --mount --propagation private bash "$0" "$B" 2>&1)
	same "the namespace stage ran" "$?" 0
	add_counts "$out"
	# The machine is as it was: same packages, same database file, and the
	# installed bcsetup (if any) untouched.
	same "the machine's packages are unchanged" "$(dpkg_state)" "$before"
	same "the machine's dpkg status is unchanged" \
		"$(sha256sum /var/lib/dpkg/status | cut -c1-64)" "$status_before"
	same "the machine's bcsetup is as it was" \
		"$(dpkg-query -W -f='${Version}' bcsetup 2>/dev/null)" "$had"
	[ -e /usr/share/man/man1/bcsetup.1.gz ] && [ -z "$had" ] &&
		bad "the test's man page was left in /usr" || ok
	finish
	;;
namespace)
	overlay /usr /etc /var || exit 1
	# A bcsetup an admin had installed before the tests: a stand-in package.
	mkdir -p "$T_TMP/old/DEBIAN" "$T_TMP/old/usr/share/doc/bcsetup-earlier"
	printf 'Package: bcsetup\nVersion: 0.0.1\nArchitecture: all\nMaintainer: test <test@localhost>\nDescription: an earlier bcsetup, for the package test\n' \
		>"$T_TMP/old/DEBIAN/control"
	echo earlier >"$T_TMP/old/usr/share/doc/bcsetup-earlier/marker"
	run "a stand-in bcsetup builds" 0 dpkg-deb --build "$T_TMP/old" "$T_TMP/old.deb"
	run "the stand-in installs" 0 dpkg -i "$T_TMP/old.deb"
	before=$(dpkg_state)
	out=$(PKG_STAGE=package unshare --mount --propagation private bash "$0" "$B" 2>&1)
	same "the package stage ran" "$?" 0
	add_counts "$out"
	same "the earlier bcsetup is still installed" \
		"$(dpkg-query -W -f='${Version} ${Status}' bcsetup)" "0.0.1 install ok installed"
	[ -e /usr/share/doc/bcsetup-earlier/marker ] && ok || bad "the earlier bcsetup's files are gone"
	same "the package database is as before" "$(dpkg_state)" "$before"
	finish
	;;
package)
	overlay /usr /etc /var || exit 1
	deb=$(ls "$B"/bcsetup_*_*.deb 2>/dev/null | head -1)
	run "dpkg -i" 0 dpkg -i "$deb"
	has "depends on the libraries" "$(dpkg -s bcsetup)" "libsodium23"
	version=$(sed -n 's/^project(bcsetup VERSION \([0-9.]*\).*/\1/p' "$HERE/../CMakeLists.txt")
	run "installed --version" 0 /usr/bin/bcsetup --version
	has "the version" "$OUT" "$version"
	run "man -w" 0 man -w bcsetup
	same "the man page is the package's" "$OUT" /usr/share/man/man1/bcsetup.1.gz
	run "man -w bcsetup-sandbox" 0 man -w bcsetup-sandbox
	same "the sandbox's page is the package's" "$OUT" /usr/share/man/man1/bcsetup-sandbox.1.gz
	run "the sandbox is installed" 0 /usr/bin/bcsetup-sandbox --help
	# The installed completion is the one tests/cli/completion.sh tests as built.
	run "bash completion installed" 0 cmp /usr/share/bash-completion/completions/bcsetup "$B/completion.bash"
	run "zsh completion installed" 0 cmp /usr/share/zsh/vendor-completions/_bcsetup "$B/completion.zsh"
	run "fish completion installed" 0 cmp /usr/share/fish/vendor_completions.d/bcsetup.fish "$B/completion.fish"
	complete_words() {
		bash -c '. /usr/share/bash-completion/bash_completion
			. /usr/share/bash-completion/completions/bcsetup
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_bcsetup; printf "%s\n" "${COMPREPLY[@]}"' bash "$@"
	}
	same "completes a command" "$(complete_words bcsetup ch)" check
	same "completes a target" "$(complete_words bcsetup check --for cen)" cenports
	# With a passphrase file (an unattended set-up), profile names complete too.
	printf 'package passphrase\n' >"$T_TMP/pass"
	chmod 600 "$T_TMP/pass"
	mkcreds "$T_TMP/creds" abc123 packagetoken000000000000000001
	BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass \
		run "installed import" 0 /usr/bin/bcsetup import shop "$T_TMP/creds"
	same "completes a profile" "$(BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault \
		BCSETUP_PASSPHRASE_FILE=$T_TMP/pass complete_words bcsetup show s)" shop
	# The system's check: its user, its units (installed, not enabled), and a
	# run as that user with the passphrase root keeps in /etc/bcsetup, given
	# as the service's credential would be (a private copy; the original's
	# mode is what is checked).
	run "the system user" 0 id -u bcsetup
	run "the system units verify" 0 systemd-analyze verify /lib/systemd/system/bcsetup-check.service \
		/lib/systemd/system/bcsetup-check.timer
	same "shipped disabled" "$(find /etc/systemd/system -name 'bcsetup*' 2>/dev/null)" ""
	mkdir -p /etc/bcsetup
	install -m 0600 /dev/stdin /etc/bcsetup/passphrase <<<'system passphrase'
	install -d -o bcsetup -g bcsetup -m 0711 /var/lib/bcsetup /var/lib/bcsetup/metrics
	install -m 0400 -o bcsetup /etc/bcsetup/passphrase /var/lib/bcsetup/credential
	install -m 0400 -o bcsetup "$T_TMP/creds" /var/lib/bcsetup/creds
	as_service() {
		runuser -u bcsetup -- env BCSETUP_KDF_COST=min BCSETUP_VAULT=/var/lib/bcsetup/vault \
			BCSETUP_PASSPHRASE_FILE=/var/lib/bcsetup/credential \
			BCSETUP_PASSPHRASE_SOURCE=/etc/bcsetup/passphrase /usr/bin/bcsetup "$@"
	}
	# As the man page says to import: root opens the passphrase for bcsetup.
	run "system: import as the man page says" 0 runuser -u bcsetup -- env BCSETUP_KDF_COST=min \
		BCSETUP_VAULT=/var/lib/bcsetup/vault /usr/bin/bcsetup --passphrase-file - import shop \
		/var/lib/bcsetup/creds </etc/bcsetup/passphrase
	run "system: list as bcsetup" 0 as_service list
	has "system: the profile" "$OUT" "shop"
	run "system: doctor as bcsetup" 1 as_service doctor --api-base http://127.0.0.1:9
	has "system: root's passphrase file is fine" "$OUT" "/etc/bcsetup/passphrase: mode 0600"
	chmod 644 /etc/bcsetup/passphrase
	run "system: a readable original refused" 2 as_service list
	has "system: ... naming it" "$ERR" "/etc/bcsetup/passphrase can be read or written by others"
	run "dpkg -r" 0 dpkg -r bcsetup
	finish
	;;
esac
