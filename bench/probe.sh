#!/usr/bin/env bash
# Probing benchmark: starts the practice store with 50 ms and then 100 ms
# added to every answer, and (when nghttpx is installed) an HTTP/2 TLS front
# for it, and prints bench_check's figures. Not a test: it reports speed.
#   bench/probe.sh [BUILD-DIR]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
. "$root/tests/lib.sh"
FULL=$("$build/bcsetup" scopes --json | grep -o '"store_[a-z0-9_]*"' | sort -u | paste -sd, -)
{
	printf '{"stores": ['
	for i in $(seq 0 99); do
		printf '%s{"hash": "bench%d", "quota": 1000000, "tokens": [{"token": "benchtoken0000000000000000000001", "scopes": [%s]}]}' \
			"$([ "$i" = 0 ] || echo ,)" "$i" "$FULL"
	done
	printf ']}\n'
} >"$T_TMP/stores.json"
have_h2=0
if command -v nghttpx >/dev/null; then
	make_ca "$T_TMP" && have_h2=1
else
	echo "(nghttpx not installed: no HTTP/2 column; apt-get install nghttp2-proxy)"
fi
for latency in 50 100; do
	sandbox_start "$build/bcsetup-sandbox" "$T_TMP/stores.json" --latency-ms "$latency" || exit 1
	h2=()
	if [ "$have_h2" = 1 ]; then
		port=$((20000 + RANDOM % 20000))
		nghttpx --frontend="127.0.0.1,$port" --backend="127.0.0.1,${SB_URL##*:}" \
			--workers=1 --backend-connections-per-host=64 --no-ocsp --log-level=ERROR \
			--errorlog-file=/dev/null "$T_TMP/server.key" "$T_TMP/server.pem" >/dev/null 2>&1 &
		SB_PIDS="$SB_PIDS $!"
		sleep 0.5
		h2=("https://127.0.0.1:$port" "$T_TMP/ca.pem")
	fi
	"$build/bench/bench_check" "$latency" "$SB_URL" "${h2[@]}"
	echo
	kill $SB_PIDS 2>/dev/null
	wait 2>/dev/null
	SB_PIDS=
done
