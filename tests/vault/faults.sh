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
echo 'fault passphrase' >"$T_TMP/pass"
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

# The directory cannot be flushed after the rename: the new vault is in place
# and says so; either way the vault opens.
fresh
run dir-fsync 3 strace -f -qq -o /dev/null -P "$T_TMP/v" -e trace=fsync -e inject=fsync:error=EIO \
	"$BC" import added "$T_TMP/new"
has dir-fsync-msg "$ERR" "directory could not be flushed"
run dir-fsync-opens 0 "$BC" list

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
echo 'second passphrase' >"$T_TMP/pass2"
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
# waiting for its passphrase on a FIFO, after it has started).
mkfifo "$T_TMP/fifo"
BCSETUP_PASSPHRASE_FILE=$T_TMP/fifo "$BC" list >/dev/null 2>&1 &
pid=$!
sleep 0.3
same "core: limit is 0" "$(awk '/Max core file size/ {print $5}' /proc/$pid/limits)" 0
echo 'fault passphrase' >"$T_TMP/fifo"
wait "$pid"
finish
