#!/usr/bin/env bash
# Agency scale, side by side in one run, behind an HTTP/2 TLS front (nghttpx)
# for the practice store with 100 ms added to every answer:
#   - check --all over N profiles on N stores (1,000, and 5,000 with
#     --prometheus): wall time and maximum resident memory of each of three
#     runs (the first adds every profile's first check to the vault, the
#     second its previous one; the third is the steady state of an hourly
#     timer), against curl replaying the very requests the third run sent,
#     256 in flight;
#   - check --deep of one store from its credentials file against curl
#     sending the same requests all at once (each a fresh process), and what
#     one round costs here (curl: two requests in sequence minus one): the
#     floor is curl's one round, bcsetup's two, for it sends nothing else
#     to a store before /v2/time has answered for the token and hash.
# Not a test: it reports speed and memory.
#   bench/fleet.sh [BUILD-DIR] [N...]      (default: 1000 5000)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift $(($# ? 1 : 0))
sizes=${*:-1000 5000}
. "$root/tests/lib.sh"
command -v nghttpx >/dev/null || { echo "bench: nghttpx is needed (apt-get install nghttp2-proxy)"; exit 1; }
FULL=$("$build/bcsetup" scopes --json | grep -o '"store_[a-z0-9_]*"' | sort -u | paste -sd, -)
TOKEN=benchtoken0000000000000000000001
make_ca "$T_TMP" || exit 1
echo 'bench passphrase' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
export BCSETUP_PASSPHRASE_FILE=$T_TMP/pass BCSETUP_KDF_COST=min BCSETUP_CACERT=$T_TMP/ca.pem
"$build/bcsetup" scopes --json >"$T_TMP/catalogue.json"
ms() { echo $(($(date +%s%N) / 1000000)); }

# start N: the practice store with N stores and its HTTP/2 front (FRONT).
start() {
	local n=$1 i
	{
		printf '{"stores": ['
		for i in $(seq 0 $((n - 1))); do
			printf '%s{"hash": "bench%d", "quota": 1000000, "tokens": [{"token": "%s", "scopes": [%s]}]}' \
				"$([ "$i" = 0 ] || echo ,)" "$i" "$TOKEN" "$FULL"
		done
		printf ']}\n'
	} >"$T_TMP/stores.json"
	sandbox_start "$build/bcsetup-sandbox" "$T_TMP/stores.json" --latency-ms 100 || exit 1
	h2_front_start || exit 1
}

stop() {
	kill $SB_PIDS 2>/dev/null
	wait 2>/dev/null
	SB_PIDS=
}

# replay_cfg JSON: curl -K blocks for every request a check --json sent.
replay_cfg() {
	jq -r --arg base "$FRONT" --arg tok "$TOKEN" \
		--arg opts "$(printf 'http2\ncacert = "%s"' "$T_TMP/ca.pem")" \
		--slurpfile cat "$T_TMP/catalogue.json" -f "$root/bench/replay.jq" "$1"
}

# timed OUT CMD...: runs CMD, "<ms> <max RSS KiB> <exit>" in OUT.
timed() {
	local out=$1 t0 t1 rc
	shift
	t0=$(ms)
	/usr/bin/time -f '%M' -o "$out.rss" "$@"
	rc=$?
	t1=$(ms)
	echo "$((t1 - t0)) $(tail -1 "$out.rss") $rc" >"$out"
}

fleet() {
	local n=$1 extra=() r ok t rss rc
	[ "$n" -ge 5000 ] && extra=(--prometheus "$T_TMP/bcsetup.prom")
	start "$n"
	export BCSETUP_VAULT=$T_TMP/fleet$n/vault
	"$build/bench/mkfleet" "$BCSETUP_VAULT" "$T_TMP/pass" "$n" "$FRONT" cenports || exit 1
	echo "check --all over $n profiles on $n stores${extra:+ with --prometheus}, HTTP/2, 100 ms an answer:"
	for r in 1 2 3; do
		timed "$T_TMP/t$r" "$build/bcsetup" check --all --json "${extra[@]}" >"$T_TMP/fleet.json" 2>/dev/null
		read -r t rss rc <"$T_TMP/t$r"
		ok=$(jq '[.results[] | select(.ok)] | length' "$T_TMP/fleet.json")
		printf '  run %d: %6d ms, max RSS %6.1f MiB, exit %d, %d of %d stores ok; vault %s bytes\n' \
			"$r" "$t" "$(echo "$rss / 1024" | bc -l)" "$rc" "$ok" "$n" "$(stat -c %s "$BCSETUP_VAULT")"
	done
	replay_cfg "$T_TMP/fleet.json" >"$T_TMP/replay.cfg"
	timed "$T_TMP/tc" curl --parallel --parallel-max 256 --no-progress-meter -K "$T_TMP/replay.cfg"
	read -r tc rssc rcc <"$T_TMP/tc"
	printf '  curl replay of run 3: %6d ms, max RSS %6.1f MiB, exit %d, %d requests\n' "$tc" \
		"$(echo "$rssc / 1024" | bc -l)" "$rcc" "$(grep -c '^url' "$T_TMP/replay.cfg")"
	read -r t rss rc <"$T_TMP/t3"
	# The memory goal holds for every run, the time ratio for the steady one.
	rss=$(cut -d' ' -f2 "$T_TMP/t1" "$T_TMP/t2" "$T_TMP/t3" | sort -n | tail -1)
	awk -v c="$t" -v r="$tc" -v m="$rss" 'BEGIN {
		printf "  ratio check : curl = %.2f : 1 (goal at most 1.2); max RSS of the 3 runs %.1f MiB (goal at most 64)\n",
			c / r, m / 1024 }'
	stop
}

# sample NAME CMD...: one timed run of CMD, its milliseconds added to NAME's list.
sample() {
	local name=$1
	shift
	timed "$T_TMP/d" "$@" >/dev/null 2>&1
	cut -d' ' -f1 "$T_TMP/d" >>"$T_TMP/deep.$name"
}

# median NAME: the middle of NAME's 21 samples.
median() { sort -n "$T_TMP/deep.$1" | sed -n 11p; }

deep() {
	local i t tc tp t1 t2
	start 1
	printf 'ACCESS TOKEN: %s\nAPI PATH: %s/stores/bench0/v3/\nCLIENT ID: m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b\nCLIENT SECRET: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' \
		"$TOKEN" "$FRONT" >"$T_TMP/creds"
	"$build/bcsetup" check --from-file "$T_TMP/creds" --deep --json >"$T_TMP/deep.json" 2>/dev/null
	replay_cfg "$T_TMP/deep.json" >"$T_TMP/deep.cfg"
	grep -v '^compressed$' "$T_TMP/deep.cfg" >"$T_TMP/deep-plain.cfg"
	# What one round costs on this stack (the added 100 ms, and the front's
	# and the practice store's own work): one request, then two in sequence
	# on the same connection.
	awk 'BEGIN { RS = "next\n" } NR == 1' "$T_TMP/deep.cfg" >"$T_TMP/one.cfg"
	{ cat "$T_TMP/one.cfg"; echo next; cat "$T_TMP/one.cfg"; } >"$T_TMP/two.cfg"
	echo "check --deep of one store ($(grep -c '^url' "$T_TMP/deep.cfg") requests), each run a new process, HTTP/2, 100 ms an answer (median of 21):"
	for i in $(seq 21); do
		sample bc "$build/bcsetup" check --from-file "$T_TMP/creds" --deep
		sample curl curl --parallel --parallel-max 256 --no-progress-meter -K "$T_TMP/deep.cfg"
		sample plain curl --parallel --parallel-max 256 --no-progress-meter -K "$T_TMP/deep-plain.cfg"
		sample one curl --no-progress-meter -K "$T_TMP/one.cfg"
		sample two curl --no-progress-meter -K "$T_TMP/two.cfg"
	done
	t=$(median bc) tc=$(median curl) tp=$(median plain) t1=$(median one) t2=$(median two)
	printf '  bcsetup check --deep %4d ms   curl, all at once %4d ms (asking for gzip, as bcsetup does)\n' "$t" "$tc"
	printf '  one round here: %d ms (curl: two requests in sequence %d ms, one %d ms)\n' $((t2 - t1)) "$t2" "$t1"
	printf '  bcsetup = curl + %d ms = curl + one round %+d ms (goal: curl + 100 ms)\n' \
		$((t - tc)) $((t - tc - (t2 - t1)))
	printf '  (curl not asking for gzip: %d ms; the practice store gzips every answer it may)\n' "$tp"
	stop
}

deep
for n in $sizes; do
	echo
	fleet "$n"
done
