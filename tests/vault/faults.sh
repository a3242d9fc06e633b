#!/usr/bin/env bash
# Saving under faults: each step of the save fails in turn (real syscalls made
# to fail with strace's fault injection, and a real file-size limit for a short
# write); a process killed mid-save, many times; writers at once; and a scan of
# every byte the program writes for secrets.
set -u
BC=${1:?usage: faults.sh path/to/bcsetup}
. "$(dirname "$0")/../lib.sh"
command -v strace >/dev/null || { echo "FAIL strace is not installed"; exit 1; }
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
V=$BCSETUP_VAULT TMPF=$T_TMP/v/.vault.tmp
# LeakSanitizer cannot work under ptrace; runs without strace still check leaks.
strace() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 command strace "$@"; }
echo 'fault passphrase' >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
mkcreds "$T_TMP/base" abc123 "$(token 1)"
mkcreds "$T_TMP/new" abc123 "$(token 2)"

fresh() { # a vault with a few profiles, so that it is well over 1 KiB
	rm -rf "$T_TMP/v"
	for i in 1 2 3 4 5 6 7 8; do "$BC" import "p$i" "$T_TMP/base" >/dev/null || bad "setup import"; done
	BEFORE=$(sha256sum "$V" | cut -c1-64)
}
unchanged() { # NAME: the old vault is intact, opens, and no temporary file is left
	same "$1: vault bytes" "$(sha256sum "$V" | cut -c1-64)" "$BEFORE"
	[ -e "$TMPF" ] && bad "$1: temporary file left behind" || ok
	run "$1: opens" 0 "$BC" list --json
	lacks "$1: no new profile" "$OUT" '"name":	"added"'
	has "$1: old profiles" "$OUT" '"name":	"p8"'
}
inject() { # NAME PATH SYSCALL ERRNO [WHEN]
	local name=$1 path=$2 sc=$3 e=$4 when=${5:+:when=$5}
	fresh
	run "$name" 3 strace -f -qq -o /dev/null -P "$path" -e trace="$sc" -e inject="$sc:error=$e$when" \
		"$BC" import added "$T_TMP/new"
	has "$name: says unchanged" "$ERR" "previous version is unchanged"
	unchanged "$name"
}

inject create-temp "$TMPF" openat EACCES
inject write-enospc "$TMPF" write ENOSPC
inject write-eio "$TMPF" write EIO
inject fsync-eio "$TMPF" fsync EIO
inject close-eio "$TMPF" close EIO
inject rename-exdev "$TMPF" rename EXDEV
inject rename-eacces "$TMPF" rename EACCES

# A short write: a real 1 KiB file-size limit lets the first write through in
# part, and the next one fails with EFBIG.
fresh
run short-write 3 bash -c "ulimit -f 1; exec '$BC' import added '$T_TMP/new'"
has short-write-msg "$ERR" "File too large"
unchanged short-write

# The directory cannot be flushed after the rename: the new vault is in place,
# so the command succeeds and warns; the vault opens, with the change.
fresh
run dir-fsync 0 strace -f -qq -o /dev/null -P "$T_TMP/v" -e trace=fsync -e inject=fsync:error=EIO \
	"$BC" import added "$T_TMP/new"
has dir-fsync-msg "$ERR" "warning: the vault was saved, but its directory could not be flushed"
run dir-fsync-opens 0 "$BC" list
has dir-fsync-kept "$OUT" "added"

# Killed at a random moment, again and again: the vault always opens.
fresh
killed=0 broken=0
for i in $(seq 1 150); do
	"$BC" import "k$((i % 5))" "$([ $((i % 2)) = 0 ] && echo "$T_TMP/new" || echo "$T_TMP/base")" >/dev/null 2>&1 &
	pid=$!
	sleep "0.00$((RANDOM % 9))$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	"$BC" list >/dev/null 2>&1 || { broken=$((broken + 1)); echo "    vault broken after kill $i"; }
done
same "sigkill: vault never broken ($killed of 150 killed in flight)" "$broken" 0
[ "$killed" -gt 20 ] && ok || bad "sigkill: only $killed kills landed in flight; the test proved little"

# A passphrase pipe whose writer holds it open and writes nothing, and a pass
# that never answers: bounded waits, a clear error, never a hang.
mkfifo "$T_TMP/idle"
sleep 30 >"$T_TMP/idle" &
idler=$!
start=$SECONDS
run idle-pipe 2 env BCSETUP_PIPE_WAIT_MS=500 BCSETUP_PASSPHRASE_FILE="$T_TMP/idle" "$BC" list
has idle-pipe-why "$ERR" "gave no end within 0.5 s: its writer holds it open"
[ $((SECONDS - start)) -lt 10 ] && ok || bad "idle-pipe: waited $((SECONDS - start)) s"
kill "$idler" 2>/dev/null; wait "$idler" 2>/dev/null
mkdir -p "$T_TMP/slowpass"
printf '#!/bin/sh\nexec sleep 30\n' >"$T_TMP/slowpass/pass"
chmod 755 "$T_TMP/slowpass/pass"
start=$SECONDS
run pass-silent 2 env BCSETUP_PIPE_WAIT_MS=500 PATH="$T_TMP/slowpass:$PATH" "$BC" import x --from pass:shop
has pass-silent-why "$ERR" "pass gave no answer within 0.5 s"
[ $((SECONDS - start)) -lt 10 ] && ok || bad "pass-silent: waited $((SECONDS - start)) s"

# Fifty writers at once on a vault of the default key-derivation cost: the
# key is derived before the lock is taken, so they queue for a save and
# none is turned away "in use" after the usual wait.
rm -rf "$T_TMP/many"
(unset BCSETUP_KDF_COST; BCSETUP_VAULT=$T_TMP/many/vault "$BC" import m0 "$T_TMP/base" >/dev/null 2>&1)
pids=
for i in $(seq 1 50); do
	(unset BCSETUP_KDF_COST; BCSETUP_VAULT=$T_TMP/many/vault "$BC" import "m$i" "$T_TMP/base" \
		>/dev/null 2>"$T_TMP/m$i.err") &
	pids="$pids $!"
done
st=0
for p in $pids; do wait "$p" || st=$((st + 1)); done
same "fifty at once: none failed" "$st" 0
[ "$st" = 0 ] || head -2 "$T_TMP"/m*.err | head -6
run many-list 0 env BCSETUP_VAULT="$T_TMP/many/vault" "$BC" list --json
same "fifty at once: every profile kept" "$(jq '.profiles | length' <<<"$OUT")" 51
# Writers at once: each waits for the lock; nothing is lost.
fresh
pids=
for i in $(seq 1 8); do
	BCSETUP_LOCK_WAIT_MS=20000 "$BC" import "c$i" "$T_TMP/base" >/dev/null 2>"$T_TMP/c$i.err" &
	pids="$pids $!"
done
st=0
for p in $pids; do wait "$p" || st=1; done
same "concurrent: all succeeded" "$st" 0
run concurrent-list 0 "$BC" list
for i in $(seq 1 8); do has "concurrent: c$i kept" "$OUT" "c$i "; done
has "concurrent: p8 kept" "$OUT" "p8 "

# A writer that cannot get the lock fails cleanly, naming the holder.
BEFORE=$(sha256sum "$V" | cut -c1-64)
flock -x "$V.lock" sleep 3 &
holder=$!
sleep 0.3
run locked 3 env BCSETUP_LOCK_WAIT_MS=300 "$BC" import added "$T_TMP/new"
has locked-msg "$ERR" "in use by another bcsetup"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
unchanged locked

# No secret leaves the process unencrypted: every byte written by import,
# list, show, passwd and remove, and every file in the vault's directory.
fresh
T3=$(token 3)
mkcreds "$T_TMP/secret" abc123 "$T3"
S3=$(grep 'CLIENT SECRET' "$T_TMP/secret" | tr -d '\r' | cut -d' ' -f3)
echo 'second passphrase' >"$T_TMP/pass2"; chmod 600 "$T_TMP/pass2"
strace -f -qq -s 100000 -e trace=write,pwrite64,writev,pwritev,sendto,sendmsg -o "$T_TMP/trace" \
	bash -c "'$BC' import leak '$T_TMP/secret'; '$BC' list; '$BC' show leak; '$BC' show leak --json;
		 BCSETUP_NEW_PASSPHRASE_FILE='$T_TMP/pass2' '$BC' passwd;
		 BCSETUP_PASSPHRASE_FILE='$T_TMP/pass2' '$BC' remove leak --yes" >/dev/null 2>&1
[ -s "$T_TMP/trace" ] && ok || bad "leak: no trace recorded"
lacks "leak: token in any write" "$(cat "$T_TMP/trace")" "$T3"
lacks "leak: client secret in any write" "$(cat "$T_TMP/trace")" "$S3"
lacks "leak: passphrase in any write" "$(cat "$T_TMP/trace")" "second passphrase"
for f in "$T_TMP"/v/* "$T_TMP"/v/.*; do
	[ -f "$f" ] || continue
	grep -qaF -e "$T3" -e "$S3" -e 'fault passphrase' "$f" && bad "leak: secret in $f" || ok
done

# Core dumps are off while the vault is open (checked on a process that is
# waiting for the vault's lock, held here with flock(1)). A vault of this
# passphrase: the key is derived before the lock is waited for.
fresh
flock "$V.lock" sleep 2 &
holder=$!
sleep 0.3
BCSETUP_LOCK_WAIT_MS=3000 "$BC" import core "$T_TMP/base" >/dev/null 2>&1 &
pid=$!
sleep 0.5
same "core: limit is 0" "$(awk '/Max core file size/ {print $5}' /proc/$pid/limits)" 0
wait "$pid" "$holder"

# Files planted, linked or owned by others, and files that are not files: the
# vault loses nothing and nothing is written where it should not be.
fresh
echo 'precious' >"$T_TMP/precious"
ln -sf "$V" "$V.lock"
run lock-symlink-vault 3 "$BC" import added "$T_TMP/new"
has lock-symlink-msg "$ERR" "symbolic link"
unchanged lock-symlink-vault
ln -sf "$T_TMP/precious" "$V.lock"
run lock-symlink-other 3 "$BC" import added "$T_TMP/new"
same "lock-symlink-other: target intact" "$(cat "$T_TMP/precious")" precious
rm -f "$V.lock"
ln "$V" "$V.lock"
run lock-hardlink 3 "$BC" import added "$T_TMP/new"
has lock-hardlink-msg "$ERR" "is not one bcsetup made"
unchanged lock-hardlink
rm -f "$V.lock"

# A temporary file planted by another user, world-writable: it never becomes
# the vault; the vault stays ours and private.
fresh
printf 'planted' >"$TMPF"
chown nobody "$TMPF"
chmod 666 "$TMPF"
run planted-temp 0 "$BC" import added "$T_TMP/new"
same "planted-temp: vault owner" "$(stat -c %u "$V")" "$(id -u)"
same "planted-temp: vault mode" "$(stat -c %a "$V")" 600
run planted-temp-opens 0 "$BC" list --json
has planted-temp-added "$OUT" '"name":	"added"'

# A directory others can write to, or that another user owns, is refused.
fresh
chmod 777 "$T_TMP/v"
run dir-writable 3 "$BC" import added "$T_TMP/new"
has dir-writable-msg "$ERR" "other users can write to the vault's directory"
has dir-writable-fix "$ERR" "chmod go-w $T_TMP/v"
chmod 700 "$T_TMP/v"
unchanged dir-writable
chown nobody "$T_TMP/v"
run dir-foreign 3 "$BC" list
has dir-foreign-msg "$ERR" "belongs to user $(id -u nobody)"
chown "$(id -u)" "$T_TMP/v"
# Every directory above the vault's too: one another user may write to, or
# owns, could have the vault's directory swapped during a save (and the save
# "succeed" into theirs). A sticky one (/tmp) is fine.
mkdir -p "$T_TMP/up/mid" && chmod 700 "$T_TMP/up" "$T_TMP/up/mid"
BCSETUP_VAULT=$T_TMP/up/mid/v/vault run parents-ok 0 "$BC" import a "$T_TMP/base"
chmod 777 "$T_TMP/up"
BCSETUP_VAULT=$T_TMP/up/mid/v/vault run parents-writable 3 "$BC" import b "$T_TMP/base"
has parents-writable-msg "$ERR" "other users can write to $T_TMP/up, above the vault (mode 0777)"
chmod 1777 "$T_TMP/up"
BCSETUP_VAULT=$T_TMP/up/mid/v/vault run parents-sticky 0 "$BC" import b "$T_TMP/base"
chmod 700 "$T_TMP/up"
chown nobody "$T_TMP/up/mid"
BCSETUP_VAULT=$T_TMP/up/mid/v/vault run parents-foreign 3 "$BC" list
has parents-foreign-msg "$ERR" "the directory $T_TMP/up/mid, above the vault, belongs to another user (uid $(id -u nobody))"
chown "$(id -u)" "$T_TMP/up/mid"
# Root on another user's vault would leave it owned by root: refused.
chown nobody "$V"
run root-on-other 3 "$BC" import added "$T_TMP/new"
has root-on-other-msg "$ERR" "run bcsetup as that user"
same "root-on-other: owner kept" "$(stat -c %U "$V")" nobody
chown "$(id -u)" "$V"

# A vault reached through a symbolic link is written through it: the link
# stays, and the file it names is the one updated.
fresh
mkdir -m 700 "$T_TMP/elsewhere"
ln -s "$V" "$T_TMP/elsewhere/vault"
BCSETUP_VAULT=$T_TMP/elsewhere/vault run symlinked 0 "$BC" import added "$T_TMP/new"
[ -L "$T_TMP/elsewhere/vault" ] && ok || bad "symlinked: the link was replaced"
run symlinked-target 0 "$BC" list --json
has symlinked-target-added "$OUT" '"name":	"added"'

# Not files, not vaults, not private.
mkfifo "$T_TMP/vfifo"
run vault-fifo 3 timeout 5 "$BC" --vault "$T_TMP/vfifo" list
has vault-fifo-msg "$ERR" "not a regular file"
run vault-passwd 3 "$BC" --vault /etc/passwd list
has vault-passwd-msg "$ERR" "/etc/passwd is not a bcsetup vault"
lacks vault-passwd-advice "$ERR" "chmod"
fresh
chmod 620 "$V"
run vault-0620 3 "$BC" list
has vault-0620-msg "$ERR" "other users have access to the vault"
chmod 600 "$V"
# A header asking for a costlier key derivation than bcsetup ever writes is
# called altered at once, not after minutes and gigabytes.
cp "$V" "$T_TMP/costly"
printf '\x40' | dd of="$T_TMP/costly" bs=1 seek=16 conv=notrunc 2>/dev/null
start=$(date +%s%N)
run kdf-cap 3 "$BC" --vault "$T_TMP/costly" list
has kdf-cap-msg "$ERR" "damaged or altered"
took=$((($(date +%s%N) - start) / 1000000))
[ "$took" -lt 2000 ] && ok || bad "kdf-cap: took $took ms"
# A pid left in the lock file by a process that is gone is not shown.
echo 999999 >"$V.lock"
flock "$V.lock" sleep 1.5 &
holder=$!
sleep 0.3
BCSETUP_LOCK_WAIT_MS=200 run stale-pid 3 "$BC" import added "$T_TMP/new"
has stale-pid-msg "$ERR" "(pid unknown)"
wait "$holder"

# Passphrase files: the whole file (less one final newline) or a clear refusal.
printf 'fault passphrase' >"$T_TMP/pass-nonl"; chmod 600 "$T_TMP/pass-nonl"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-nonl run pass-no-newline 0 "$BC" list
printf 'fault passphrase\r\n' >"$T_TMP/pass-crlf"; chmod 600 "$T_TMP/pass-crlf"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-crlf run pass-crlf 0 "$BC" list
printf 'fault passphrase\0junk' >"$T_TMP/pass-nul"; chmod 600 "$T_TMP/pass-nul"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-nul run pass-nul 2 "$BC" list
has pass-nul-msg "$ERR" "holds a NUL byte"
printf 'fault passphrase\nsecond line\n' >"$T_TMP/pass-2"; chmod 600 "$T_TMP/pass-2"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-2 run pass-two-lines 2 "$BC" list
has pass-two-msg "$ERR" "more than one line"
head -c 5000 /dev/zero | tr '\0' a >"$T_TMP/pass-long"; chmod 600 "$T_TMP/pass-long"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-long run pass-long 2 "$BC" list
has pass-long-msg "$ERR" "larger than 4096 bytes"
# A passphrase file others can read is refused, with the fix; so is one that
# others can write. A pipe passes (see the process substitution below).
printf 'fault passphrase\n' >"$T_TMP/pass-open"
chmod 644 "$T_TMP/pass-open"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-open run pass-readable 2 "$BC" list
has pass-readable-msg "$ERR" "can be read by others (mode 644): chmod 600 it"
chmod 620 "$T_TMP/pass-open"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-open run pass-group-writable 2 "$BC" list
chmod 400 "$T_TMP/pass-open"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-open run pass-0400-as-systemd-gives 0 "$BC" list
BCSETUP_PASSPHRASE_FILE=$T_TMP run pass-dir 2 "$BC" list
has pass-dir-msg "$ERR" "is not a file"
mkfifo "$T_TMP/pfifo"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pfifo run pass-fifo-nobody 2 timeout 5 "$BC" list
has pass-fifo-msg "$ERR" "is empty"
BCSETUP_PASSPHRASE_FILE=<(echo 'fault passphrase') run pass-process-substitution 0 "$BC" list
# A binary key (no NUL, no line end) is used whole: a vault made with it does
# not open with a prefix of it.
printf 'k\x01\x02\x03\xff\xfe rest of key' >"$T_TMP/pass-bin"
printf 'k\x01\x02\x03' >"$T_TMP/pass-prefix"
chmod 600 "$T_TMP/pass-bin" "$T_TMP/pass-prefix"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-bin BCSETUP_VAULT=$T_TMP/bin/vault run pass-bin-create 0 "$BC" import x "$T_TMP/base"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-prefix BCSETUP_VAULT=$T_TMP/bin/vault run pass-bin-prefix 3 "$BC" list
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass-bin BCSETUP_VAULT=$T_TMP/bin/vault run pass-bin-whole 0 "$BC" list
# A credentials file that is a FIFO nobody writes to, or a directory.
run creds-fifo 2 timeout 5 "$BC" import y "$T_TMP/pfifo"
run creds-dir 2 "$BC" import y "$T_TMP"
has creds-dir-msg "$ERR" "is not a file"
finish
