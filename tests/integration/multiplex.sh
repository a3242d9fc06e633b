#!/usr/bin/env bash
# check --all over a connection that multiplexes (HTTP/2, through a real
# nghttpx front on loopback): more stores in flight than the 8 of HTTP/1.1,
# never more than 256 requests at once, every store within its own budget,
# and the same verdicts as over HTTP/1.1.
set -u
BC=${1:?usage: multiplex.sh bcsetup bcsetup-sandbox}
SB=${2:?}
. "$(dirname "$0")/../lib.sh"
command -v nghttpx >/dev/null || { echo "FAIL nghttpx is not installed (nghttp2-proxy)"; exit 1; }
command -v jq >/dev/null || { echo "FAIL jq is not installed"; exit 1; }
export BCSETUP_KDF_COST=min BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'multiplex passphrase' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
make_ca "$T_TMP" || { echo "FAIL cannot make a test CA"; exit 1; }
export BCSETUP_CACERT=$T_TMP/ca.pem
N=40
FULL='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
{
	printf '{"stores": ['
	for i in $(seq 1 $N); do
		# Store 7 has a one-scope-short token: its verdict must not change.
		scopes=$FULL
		[ "$i" = 7 ] && scopes='"store_v2_orders","store_v2_information_read_only"'
		printf '%s{"hash": "mux%d", "quota": 150, "tokens": [{"token": "muxtoken000000000000000000000%02d", "scopes": [%s]}]}' \
			"$([ "$i" = 1 ] || echo ,)" "$i" "$i" "$scopes"
	done
	printf ']}\n'
} >"$T_TMP/stores.json"
# Over HTTP/1.1, a practice store that answers at once (only the verdicts
# and the connections are compared); behind HTTP/2, one that takes a second
# an answer, so that requests overlap long enough to be counted even in a
# slow (sanitizer) build.
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
H1_URL=$SB_URL H1_LOG=$SB_LOG
sandbox_start "$SB" "$T_TMP/stores.json" --latency-ms 1000 || exit 1
h2_front_start || exit 1
run front-is-h2 0 curl -s --http2 --cacert "$T_TMP/ca.pem" -o /dev/null -w '%{http_version}' \
	"$FRONT/stores/mux1/v2/time" -H "X-Auth-Token: muxtoken00000000000000000000001"
same front-is-h2-version "$OUT" 2

# The same 40 profiles twice: through the HTTP/2 front and straight to the
# HTTP/1.1 sandbox.
for via in h2 h1; do
	base=$FRONT
	[ $via = h1 ] && base=$H1_URL
	for i in $(seq 1 $N); do
		printf 'ACCESS TOKEN: muxtoken000000000000000000000%02d\nAPI PATH: %s/stores/mux%d/v3/\nCLIENT ID: m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b\nCLIENT SECRET: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' \
			"$i" "$base" "$i" |
			BCSETUP_VAULT=$T_TMP/$via/vault "$BC" import "shop$i" - --for cenports >/dev/null ||
			bad "import shop$i over $via"
	done
done

l=$(sb_lines)
BCSETUP_VAULT=$T_TMP/h2/vault run h2-check 1 "$BC" check --all --json
H2=$OUT
sb_since "$l" >"$T_TMP/h2.log"
BCSETUP_VAULT=$T_TMP/h1/vault run h1-check 1 "$BC" check --all --json
H1=$OUT
cp "$H1_LOG" "$T_TMP/h1.log"

verdicts() { jq -c '[.results[] | [.profile, .ok, ([.scopes[] | [.name, .granted]])]]' <<<"$1"; }
same same-verdicts "$(verdicts "$H2")" "$(verdicts "$H1")"
same one-short "$(jq -c '[.results[] | select(.ok | not) | .profile]' <<<"$H2")" '["shop7"]'
same all-checked "$(jq '.results | length' <<<"$H2")" $N

# In flight: at the practice store, "active" counts the requests being
# answered. Over HTTP/1.1, 6 connections: at most 6. Over HTTP/2, more
# than 8 stores' worth (a store sends at most 45), and never above 256.
max_active() { jq -s 'map(.active) | max' "$1"; }
h1max=$(max_active "$T_TMP/h1.log")
h2max=$(max_active "$T_TMP/h2.log")
[ "$h1max" -le 6 ] && ok || bad "HTTP/1.1: $h1max requests at once (at most 6 connections)"
per_store=$(jq -s 'group_by(.store) | map(length) | max' "$T_TMP/h2.log")
[ "$per_store" -le 45 ] && ok || bad "a store got $per_store requests (its budget is 45)"
[ "$h2max" -gt $((8 * per_store)) ] && ok ||
	bad "HTTP/2: at most $h2max requests at once, no more than 8 stores of $per_store could send"
echo "in flight: HTTP/1.1 $h1max, HTTP/2 $h2max; a store sent at most $per_store"
[ "$h2max" -le 256 ] && ok || bad "HTTP/2: $h2max requests at once, above the cap of 256"
same h2-requests "$(wc -l <"$T_TMP/h2.log")" "$(wc -l <"$T_TMP/h1.log")"
same h2-no-change "$(grep -c '"would_change":true' "$T_TMP/h2.log")" 0
finish
