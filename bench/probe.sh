#!/usr/bin/env bash
# Probing benchmark: starts the practice store with 50 ms and then 100 ms
# added to every answer, and (when nghttpx is installed) an HTTP/2 TLS front
# for it, and prints bench_check's figures; then, at 100 ms, the real
# 'bcsetup check --all' over 100 stores against curl replaying the very
# requests it sent with 256 in flight, over HTTP/1.1 and over HTTP/2.
# Not a test: it reports speed.
#   bench/probe.sh [BUILD-DIR] [fleet]     (fleet: only the check --all comparison)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
only=${2:-}
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
ms() { echo $(($(date +%s%N) / 1000000)); }

# fleet LABEL BASE [curl options]: check --all over 100 profiles whose API
# path is at BASE, then curl replaying the requests that check sent (taken
# from its --json: /v2/time and every probe answered, bodies from the
# catalogue), 256 in flight, each timed alone.
fleet() {
	local label=$1 base=$2 i t0 t1 tc tr n logged
	shift 2
	export BCSETUP_VAULT=$T_TMP/fleet-${label//[^a-zA-Z0-9]/}/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
	for i in $(seq 0 99); do
		printf 'ACCESS TOKEN: benchtoken0000000000000000000001\nAPI PATH: %s/stores/bench%d/v3/\nCLIENT ID: m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b\nCLIENT SECRET: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' \
			"$base" "$i" | "$build/bcsetup" import "bench$i" - --for cenports >/dev/null ||
			{ echo "bench: import failed"; exit 1; }
	done
	logged=$(sb_lines)
	t0=$(ms)
	"$build/bcsetup" check --all --json >"$T_TMP/fleet.json" ||
		{ echo "bench: check --all failed over $label"; exit 1; }
	t1=$(ms)
	tc=$((t1 - t0))
	logged=$(($(sb_lines) - logged))
	# The replay: url, method and body of each request, for curl -K; curl's
	# per-request options ($@, the headers) repeated in each block.
	jq -r --arg base "$base" --arg tok benchtoken0000000000000000000001 \
		--arg opts "$(printf '%s\n' "$@")" --slurpfile cat "$T_TMP/catalogue.json" \
		-f "$root/bench/replay.jq" "$T_TMP/fleet.json" >"$T_TMP/replay.cfg"
	n=$(grep -c '^url' "$T_TMP/replay.cfg")
	t0=$(ms)
	curl --parallel --parallel-max 256 --no-progress-meter -K "$T_TMP/replay.cfg" ||
		{ echo "bench: the curl replay failed"; exit 1; }
	t1=$(ms)
	tr=$((t1 - t0))
	printf '  %-8s check --all  %6d ms  (%d requests logged)   curl replay  %6d ms  (%d requests)\n' \
		"$label" "$tc" "$logged" "$tr" "$n"
	awk -v c="$tc" -v r="$tr" 'BEGIN {
		printf "           ratio check : curl = %.2f : 1; within 1.5x + 300 ms: %s\n",
			c / r, (c <= 1.5 * r + 300) ? "yes" : "NO" }'
}

latencies="50 100"
[ "$only" = fleet ] && latencies=100
for latency in $latencies; do
	sandbox_start "$build/bcsetup-sandbox" "$T_TMP/stores.json" --latency-ms "$latency" || exit 1
	h2=()
	if [ "$have_h2" = 1 ]; then
		h2_front_start || exit 1
		h2=("$FRONT" "$T_TMP/ca.pem")
	fi
	if [ "$only" != fleet ]; then
		"$build/bench/bench_check" "$latency" "$SB_URL" "${h2[@]}"
		echo
	fi
	if [ "$latency" = 100 ]; then
		echo "check --all over 100 stores (--for cenports) vs curl replaying its requests,"
		echo "256 in flight; $latency ms per answer:"
		"$build/bcsetup" scopes --json >"$T_TMP/catalogue.json"
		echo 'bench passphrase' >"$T_TMP/pass"
		chmod 600 "$T_TMP/pass"
		export BCSETUP_KDF_COST=min
		fleet HTTP/1.1 "$SB_URL" 'http1.1'
		[ "$have_h2" = 1 ] && BCSETUP_CACERT=$T_TMP/ca.pem \
			fleet HTTP/2 "$FRONT" 'http2' "cacert = \"$T_TMP/ca.pem\""
	fi
	kill $SB_PIDS 2>/dev/null
	wait 2>/dev/null
	SB_PIDS=
done
