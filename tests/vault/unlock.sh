#!/usr/bin/env bash
# unlock and lock: the vault's key kept in the session keyring. Run inside a
# session keyring of its own (keyctl session), so the machine's keyrings are
# not touched: after unlock a command needs no passphrase and no terminal; a
# nested new session cannot read the key; lock forgets it; the key and the
# passphrase are in no file; a key that no longer opens the vault is dropped.
set -u
BC=${1:?usage: unlock.sh bcsetup}
BC=$(cd "$(dirname "$BC")" && pwd)/$(basename "$BC")
if [ "${UNLOCK_STAGE:-}" != inside ]; then
	# A session keyring of this test's own, gone when it ends.
	UNLOCK_STAGE=inside exec keyctl session - bash "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault HOME=$T_TMP/home
unset BCSETUP_PASSPHRASE_FILE
mkdir -p "$HOME"
printf 'unlock passphrase\n' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
mkcreds "$T_TMP/creds" unl123 unlocktoken00000000000000000001
run import 0 "$BC" --passphrase-file "$T_TMP/pass" import shop "$T_TMP/creds"

# Locked: no passphrase, no terminal, no vault.
run locked 2 "$BC" list </dev/null
has locked-why "$ERR" "no passphrase"

run unlock 0 "$BC" --passphrase-file "$T_TMP/pass" unlock --for 10m </dev/null
has unlock-says "$ERR" "unlocked for this session for 10 minutes"
id=$(keyctl search @s user "bcsetup:vault:$(realpath "$BCSETUP_VAULT")")
[ -n "$id" ] && ok || bad "no key in the session keyring"
same "the key's permissions: the possessor's only" "$(keyctl rdescribe "$id" | cut -d';' -f4)" 2f000000
# /proc/keys gives the time left (its fourth column): 9 or 10 minutes, never "perm".
left=$(grep -i "^$(printf '%08x' "$id") " /proc/keys | awk '{print $4}')
case $left in 9m | 10m) ok ;; *) bad "the key does not expire in 10 minutes: '$left'" ;; esac

run unlocked-list 0 "$BC" list </dev/null
has unlocked-list-shop "$OUT" "shop"
run unlocked-show 0 "$BC" show shop </dev/null
has unlocked-show-hash "$OUT" "unl123"
# A write too: the key opens the vault for saving, and opens it afterwards.
mkcreds "$T_TMP/creds2" unl456 unlocktoken00000000000000000002
run unlocked-import 0 "$BC" import other "$T_TMP/creds2" </dev/null
run unlocked-after-save 0 "$BC" list </dev/null
has unlocked-after-save-both "$OUT" "other"
# Completion offers profiles from an unlocked vault, without a passphrase file.
run complete 0 "$BC" __complete show ''
has complete-profiles "$OUT" "shop"

# The wizard opens the unlocked vault without its passphrase screen: its
# tmux server runs in this session, and so does the wizard.
tm_start 80 24 "'$BC' --vault '$BCSETUP_VAULT'"
see "wizard: straight to the start screen" "New connection"
has "wizard: the profiles are there" "$(tm_screen)" "shop"
lacks "wizard: no passphrase asked" "$(tm_screen)" "Passphrase:"
tm_stop

# A nested new session keyring does not possess the key: it asks.
run nested 2 keyctl session - "$BC" list </dev/null
has nested-why "$ERR" "no passphrase"

# Neither the key nor the passphrase is in a file.
hexkey=$(keyctl pipe "$id" | od -An -tx1 | tr -d ' \n')
same "the key is 32 bytes" "${#hexkey}" 64
found=
for f in $(find "$T_TMP" /tmp /dev/shm -xdev -type f -size -5M 2>/dev/null); do
	[ -r "$f" ] || continue
	if od -An -tx1 "$f" 2>/dev/null | tr -d ' \n' | grep -q "$hexkey"; then found+=" $f"; fi
done
same "no file holds the key" "$found" ""
same "no file but the passphrase file holds the passphrase" \
	"$(grep -rlF 'unlock passphrase' "$T_TMP" "$HOME" 2>/dev/null | grep -v "^$T_TMP/pass$")" ""

run lock 0 "$BC" lock
has lock-says "$ERR" "Locked"
tm_start 80 24 "'$BC' --vault '$BCSETUP_VAULT'"
see "wizard, locked: the passphrase is asked" "Passphrase:"
tm_stop
run locked-again 2 "$BC" list </dev/null
has locked-again-why "$ERR" "no passphrase"
run lock-twice 0 "$BC" lock
has lock-twice-says "$ERR" "was not unlocked"

# A key that no longer opens the vault (the passphrase changed) is dropped.
run unlock-again 0 "$BC" --passphrase-file "$T_TMP/pass" unlock </dev/null
printf 'another passphrase\n' >"$T_TMP/new"
chmod 600 "$T_TMP/new"
BCSETUP_NEW_PASSPHRASE_FILE=$T_TMP/new run passwd 0 "$BC" --passphrase-file "$T_TMP/pass" passwd
run stale 2 "$BC" list </dev/null
has stale-why "$ERR" "no longer opens"
has stale-then-asks "$ERR" "no passphrase"
same "the stale key is gone" "$(keyctl search @s user "bcsetup:vault:$(realpath "$BCSETUP_VAULT")" 2>/dev/null)" ""

# Bad durations are refused before anything is asked.
for d in 0 -5 10x 8w 9999d ''; do
	run "duration '$d'" 2 "$BC" --passphrase-file "$T_TMP/new" unlock --for "$d"
done
has duration-why "$ERR" "--for"
finish
