#!/usr/bin/env bash
# Networks are not tokens. At 3 s an answer a check still passes (a
# request's time starts when it is sent, not while it waits for a free
# connection); a probe of a scope nobody requires that gets no answer leaves
# that scope unknown without failing the check; and a check that cannot reach
# the API is an attempt: it never replaces the last verdict, and show, list,
# export and the metrics say both.
set -u
BC=${1:?usage: network.sh bcsetup bcsetup-sandbox}
SB=${2:?usage: network.sh bcsetup bcsetup-sandbox}
. "$(dirname "$0")/../lib.sh"
trap 'for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'network passphrase' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [
 {"hash": "slow3", "latency_ms": 3000, "quota": 100000, "tokens": [{"token": "slowpreset000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "fast1", "quota": 100000, "tokens": [{"token": "fastpreset000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "stall1", "quota": 100000, "stall": ["GET /v3/themes", "GET /v3/store/systemlogs"], "stall_ms": 8000,
  "tokens": [{"token": "stallpreset00000000000000000001", "scopes": [$PRESET, "store_themes_read_only"]}]}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
sbcreds "$T_TMP/slow" slowpreset000000000000000000001 slow3
sbcreds "$T_TMP/stall" stallpreset00000000000000000001 stall1
sbcreds "$T_TMP/fast" fastpreset000000000000000000001 fast1

# 1. Three seconds an answer, six connections, every probe of an Onport check:
# requests wait their turn in bcsetup's queue, not in libcurl's, so none
# times out for the waiting (the limit is 15 s an answer).
run slow-import 0 "$BC" import slow "$T_TMP/slow" --for onport
run slow-check 0 "$BC" check slow --json
FLAT=$(tr -d '\n\t' <<<"$OUT")
has slow-ok "$FLAT" '"ok":true'
lacks slow-no-timeout "$FLAT" 'no answer within'
n=$(grep -o '"elapsed_ms":[0-9]*' <<<"$FLAT" | cut -d: -f2)
[ "${n:-0}" -ge 15000 ] && ok || bad "slow: $n ms, so the answers were not 3 s apart on 6 connections"

# 2. No answer for probes of scopes nobody requires: unknown, and the check
# passes; the same silence on a required scope is a network failure.
export BCSETUP_TIMEOUT_MS=2000
run stall-import 0 "$BC" import stall "$T_TMP/stall" --for onport
run stall-check 0 "$BC" check stall --json
FLAT=$(tr -d '\n\t' <<<"$OUT")
has stall-ok "$FLAT" '"ok":true'
has stall-themes "$FLAT" '"name":"Themes","required":"none","granted":"unknown","evidence":"GET /v3/themes: no answer: no answer within 2.0 s"'
has stall-logs "$FLAT" '"name":"Store Logs","required":"none","granted":"unknown"'
run stall-needed-import 0 "$BC" import themes "$T_TMP/stall" --for onport --scopes themes=read-only
run stall-needed 1 "$BC" check themes --json
FLAT=$(tr -d '\n\t' <<<"$OUT")
has stall-needed-kind "$FLAT" '"kind":"network"'
has stall-needed-inconclusive "$FLAT" '"conclusive":false'
unset BCSETUP_TIMEOUT_MS

# 3. The API goes away after a passed check: the next check fails, but it is
# an attempt; the verdict stays, and every view says both.
run down-import 0 "$BC" import fast "$T_TMP/fast" --for onport
run down-before 0 "$BC" check fast
kill "$SB_PID"
wait "$SB_PID" 2>/dev/null
run down-check 1 "$BC" check fast --json --prometheus "$T_TMP/m.prom"
FLAT=$(tr -d '\n\t' <<<"$OUT")
has down-kind "$FLAT" '"kind":"network"'
has down-inconclusive "$FLAT" '"conclusive":false'
# libcurl's phrase once, with its detail, then the next step.
same down-said-once "$(jq -r '.results[0].error.message' <<<"$OUT" | grep -o "Couldn't connect to server" | wc -l)" 1
run down-check-text 1 "$BC" check fast
has down-next "$OUT" "Next: No verdict: the last one stands. Check this machine's connection"

M=$(cat "$T_TMP/m.prom")
has down-metric-ok "$M" 'bcsetup_check_ok{profile="fast",store_hash="fast1",target="onport"} 0'
has down-metric-conclusive "$M" 'bcsetup_check_conclusive{profile="fast",store_hash="fast1",target="onport"} 0'
has down-metric-verdict "$M" 'bcsetup_check_verdict_ok{profile="fast",store_hash="fast1",target="onport"} 1'
run down-promtool 0 promtool check metrics <"$T_TMP/m.prom"
run down-show 0 "$BC" show fast
has down-show-both "$OUT" "last check       ok, just now; last attempt just now could not connect"
has down-show-why "$OUT" "attempt said"
run down-list 0 "$BC" list
has down-list-both "$OUT" "ok, just now; last attempt just now could not connect"
run down-list-json 0 "$BC" list --json
FLAT=$(tr -d '\n\t ' <<<"$OUT")
has down-list-json-verdict "$FLAT" '"name":"fast","store_hash":"fast1","target":"onport","store_name":"PracticeStore","last_check":{"time":'
has down-list-json-ok "$FLAT" '"ok":true},"last_attempt":{"time":'
has down-list-json-kind "$FLAT" '"kind":"network"}'
run down-export 0 "$BC" export fast --for onport
has down-export-value "$OUT" "Store hash: fast1"
has down-export-note "$ERR" "a later check of fast reached no verdict (network"
lacks down-export-refused "$ERR" "would not work"
# A verdict again replaces the attempt.
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
sbcreds "$T_TMP/fast2" fastpreset000000000000000000001 fast1
run back-import 0 "$BC" import fast "$T_TMP/fast2"
run back-check 0 "$BC" check fast
run back-show 0 "$BC" show fast
lacks back-show-attempt "$OUT" "last attempt"
finish
