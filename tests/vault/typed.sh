#!/usr/bin/env bash
# A passphrase typed on the terminal: one length limit with passphrase files.
# 1500 bytes typed (more than the old 1023-byte cut) open the vault that the
# same 1500 bytes in a file open; a typed line is never cut without a word.
set -u
BC=${1:?usage: typed.sh bcsetup}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min
mkcreds "$T_TMP/c" abc123 "$(token 1)"
LONG=$(head -c 1500 /dev/zero | tr '\0' 'x')
printf '%s\n' "$LONG" >"$T_TMP/longpass"
chmod 600 "$T_TMP/longpass"
tm_start 100 30 "BCSETUP_VAULT='$T_TMP/v/vault' '$BC' import shop '$T_TMP/c'"
see "asks" "New vault passphrase:"
tm send-keys -l "$LONG"; keys Enter
see "asks again" "The same passphrase again:"
tm send-keys -l "$LONG"; keys Enter
see "imported" "[exited 0]"
tm_stop
run opens-with-file 0 env BCSETUP_VAULT="$T_TMP/v/vault" "$BC" list --passphrase-file "$T_TMP/longpass"
has opens-lists "$OUT" shop
# Cut short, it must not open: nothing was cut.
head -c 1023 "$T_TMP/longpass" >"$T_TMP/cut"
chmod 600 "$T_TMP/cut"
run cut-refused 3 env BCSETUP_VAULT="$T_TMP/v/vault" "$BC" list --passphrase-file "$T_TMP/cut"
finish
