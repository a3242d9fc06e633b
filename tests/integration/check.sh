#!/usr/bin/env bash
# bcsetup check against the practice store over HTTPS (a CA made for this
# run): presets exactly met, one level short, one scope short; bad token,
# unknown hash, suspended store, 429 then success, wrong CA, nothing
# listening, no answer; v2 204s and gzip. Each case also reads the sandbox's
# log: no request could have changed data, and few connections were used.
set -u
BC=${1:?usage: check.sh bcsetup bcsetup-sandbox}
SB=${2:?usage: check.sh bcsetup bcsetup-sandbox}
. "$(dirname "$0")/../lib.sh"
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'check passphrase' >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
make_ca "$T_TMP" || { echo "FAIL cannot make a test CA"; exit 1; }

FULL='"store_v2_content","store_content_checkout","store_v2_customers","store_v2_customers_login",
"store_v2_information","store_v2_marketing","store_v2_orders","store_v2_transactions",
"store_payments_access_token_create","store_payments_methods_read","store_stored_payment_instruments",
"store_v2_products","store_themes_manage","store_cart","store_checkout","store_sites",
"store_channel_settings","store_channel_listings","store_storefront_api",
"store_storefront_api_customer_impersonation","store_logs_read_only","store_locations",
"store_inventory","store_fulfillment_methods_manage","store_order_fulfillment_manage",
"store_metafield_change_owner","store_metafield_write_all"'
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [
 {"hash": "abc123", "name": "Test Shop", "domain": "test-shop.mybigcommerce.com", "plan": "Plus",
  "pages": 0, "quota": 100000, "tokens": [
  {"token": "full0000000000000000000000000001", "scopes": [$FULL]},
  {"token": "preset00000000000000000000000001", "scopes": [$PRESET]},
  {"token": "level000000000000000000000000001", "scopes": ["store_v2_orders_read_only","store_v2_products","store_v2_information_read_only"]},
  {"token": "scope000000000000000000000000001", "scopes": ["store_v2_orders","store_v2_information_read_only"]},
  {"token": "ordertime0000000000000000000001", "scopes": ["store_v2_customers_read_only","store_v2_orders","store_v2_products"]},
  {"token": "importonly000000000000000000001", "scopes": ["store_v2_customers_read_only","store_v2_orders_read_only","store_v2_products_read_only"]},
  {"token": "content00000000000000000000001", "scopes": ["store_v2_content"]}]},
 {"hash": "susp99", "status": "suspended", "tokens": [{"token": "susp000000000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "busy77", "fail_first": 2, "window_ms": 400, "tokens": [{"token": "busy000000000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "tight33", "quota": 40, "window_ms": 2500, "tokens": [{"token": "tight00000000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "slow55", "latency_ms": 20000, "tokens": [{"token": "slow000000000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "lax01", "accept_empty_writes": true, "tokens": [
  {"token": "laxfull00000000000000000000001", "scopes": [$FULL]},
  {"token": "laxpreset0000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "gone02", "removed": ["/v2/pages", "/v2/payments/methods", "/v3/content/widget-templates", "/v2/banners"],
  "tokens": [{"token": "gonenone0000000000000000000001", "scopes": ["store_v2_orders","store_v2_products","store_v2_information_read_only"]},
             {"token": "gonefull0000000000000000000001", "scopes": [$FULL]}]},
 {"hash": "gone03", "removed": ["PUT /v3/inventory/locations", "PUT /v3/pickup/methods", "POST /v3/storefront/api-token"],
  "tokens": [{"token": "gonecoll000000000000000000001", "scopes": ["store_locations_read_only","store_fulfillment_methods_read_only"]}]},
 {"hash": "hour44", "quota": 20, "window_ms": 3600000, "tokens": [{"token": "hour000000000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "evil66", "name": "\u001b]0;owned\u0007Evil\u001b[2J Shop\u009b31m", "domain": "evil.example\u001b]52;c;ZXZpbA==\u0007", "tokens": [{"token": "evil000000000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "html03", "answer_html": true, "tokens": [{"token": "html000000000000000000000000001", "scopes": [$PRESET]}]}
]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" --cert "$T_TMP/server.pem" --key "$T_TMP/server.key" || exit 1
case $SB_URL in https://*) ok ;; *) bad "the sandbox is not on HTTPS: $SB_URL" ;; esac
export BCSETUP_CACERT=$T_TMP/ca.pem

# chk NAME STATUS TOKEN HASH ARGS...: check --from-file --json; FLAT is the
# one-line JSON; also checks the log for changes and connections.
chk() {
	local name=$1 want=$2 tok=$3 hash=$4 n
	shift 4
	sbcreds "$T_TMP/creds" "$tok" "$hash"
	n=$(sb_lines)
	run "$name" "$want" "$BC" check --from-file "$T_TMP/creds" --json "$@"
	FLAT=$(tr -d '\n\t' <<<"$OUT")
	same "$name: nothing could change" "$(sb_changes "$n")" 0
	local conns
	conns=$(sb_conns "$n")
	[ "$conns" -le 6 ] && ok || bad "$name: $conns connections (at most 6 expected)"
	lacks "$name: token not in output" "$OUT$ERR" "$tok"
}
scope() { # NAME REQUIRED GRANTED: one row of the coverage in FLAT
	has "$1/$2/$3" "$FLAT" "\"name\":\"$1\",\"required\":\"$2\",\"granted\":\"$3\""
}

chk full 0 full0000000000000000000000000001 abc123 --for cenports --deep
has full-ok "$FLAT" '"ok":true'
has full-store "$FLAT" '"store":{"name":"Test Shop","domain":"test-shop.mybigcommerce.com","plan":"Plus"}'
scope Orders modify modify
scope Themes none modify
scope "Storefront API Tokens" none manage
scope "Customers Login" none unknown
scope "Metafields Access" standard unknown
scope "Information & Settings" read-only modify
scope Content none modify
# Documented to open each other's endpoints: not told apart, never guessed.
scope "Sites & Routes" none unknown
# The channel list is Channel Settings' alone, and a read-only scope never
# opens a POST: both are decided.
scope "Channel Settings" none modify
scope "Create Payments" none create
# Only success is documented for PUT /v3/pickup/methods: modify stays a floor.
scope "Fulfillment Methods" none read-only
has full-floor "$FLAT" '"name":"Fulfillment Methods","required":"none","granted":"read-only","evidence":"GET /v3/pickup/methods -> 200; PUT /v3/pickup/methods -> 422 (422: BigCommerce documents only success here'
grep -qE '"name":"Fulfillment Methods"[^}]*"at_least":true' <<<"$FLAT" && ok || bad "full: a floor is not marked at_least"
grep -qE '"name":"Orders","required":"modify","granted":"modify"[^}]*"at_least":false' <<<"$FLAT" && ok || bad "full: an exact level is marked at_least"
has full-shared "$FLAT" '(Channel Settings opens it too: cannot tell them apart)'
has full-no-alerts "$FLAT" '"alerts":[]'
# v2 collections that are empty answer 204, which still proves the scope.
has full-204 "$FLAT" '"evidence":"GET /v2/banners?limit=1 -> 204; PUT /v2/banners/0 -> 404"'
# The writes name only things that cannot exist, or send empty lists.
grep -E '"method":"(POST|PUT)"' "$SB_LOG" | grep -vE '/0"|/0/|00000000-0000-0000-0000-000000000000|/customers"|/locations"|/relative"|/pickup/methods"|/orders/pickups"|/api-token|/access_tokens"' >"$T_TMP/odd" || true
same "full: every write names nothing that exists" "$(wc -l <"$T_TMP/odd")" 0
grep -q '"gzip":true' "$SB_LOG" && ok || bad "no answer was gzip-compressed"

for target in cenports onport; do
	chk "$target-exact" 0 preset00000000000000000000000001 abc123 --for "$target"
	scope Orders modify modify
	scope Products modify modify
	scope Content none none
	chk "$target-level-short" 1 level000000000000000000000000001 abc123 --for "$target"
	has "$target-level-kind" "$FLAT" '"kind":"scope"'
	scope Orders modify read-only
	has "$target-level-msg" "$FLAT" 'Orders (modify needed)'
	chk "$target-scope-short" 1 scope000000000000000000000000001 abc123 --for "$target"
	scope Products modify none
done
chk ordertime-exact 0 ordertime0000000000000000000001 abc123 --for ordertime
scope Customers read-only read-only
chk ordertime-short 1 preset00000000000000000000000001 abc123 --for ordertime
scope Customers read-only none
chk ordertime-import 0 importonly000000000000000000001 abc123 --for ordertime --caps import-orders
chk ordertime-import-short 1 importonly000000000000000000001 abc123 --for ordertime --caps import-orders,update-inventory
scope Products modify read-only

# Only the write probes a required write level needs (and the scopes whose only
# probe is a write); none at all with --read-only-probes.
n=$(sb_lines)
chk writes 0 preset00000000000000000000000001 abc123 --for cenports
same "writes: for cenports" "$(sb_since "$n" | grep -cE '"method":"(POST|PUT)"')" 5
# Without writes, a required modify level is unproven: never "ok".
n=$(sb_lines)
chk read-only 1 preset00000000000000000000000001 abc123 --for cenports --read-only-probes
same "read-only: no write" "$(sb_since "$n" | grep -cE '"method":"(POST|PUT|DELETE|PATCH)"')" 0
has read-only-not-ok "$FLAT" '"ok":false'
has read-only-kind "$FLAT" '"kind":"unproven"'
has read-only-how "$FLAT" '2 required levels are not proven: Orders modify (--read-only-probes sent no write probe: check without it); Products modify (--read-only-probes'
scope Orders modify read-only
# ... while a requirement reads can prove passes with them alone.
chk read-only-enough 0 importonly000000000000000000001 abc123 --for ordertime --caps import-orders --read-only-probes
# Checkout Content's probe also opens with Content: not decisive then.
chk shared 0 content00000000000000000000001 abc123 --for custom --deep
scope Content none modify
scope "Checkout Content" none unknown

# A store that fills in defaults for an empty POST and accepts empty lists:
# nothing bcsetup sends can change it (chk reads the log), and every write it
# accepts anyway is an alert that fails the check and stops the other writes.
n=$(sb_lines)
chk lax-deep 1 laxfull00000000000000000000001 lax01 --for cenports --deep
has lax-not-ok "$FLAT" '"ok":false'
has lax-kind "$FLAT" '"kind":"server"'
has lax-msg "$FLAT" 'ALERT: the store accepted'
has lax-alert "$FLAT" '"alerts":[{"kind":"write_accepted","message":"the store accepted '
has lax-alert-status "$FLAT" '"status":200'
accepted=$(sb_since "$n" | grep -E '"method":"(POST|PUT)"' | grep -c '"status":20')
[ "$accepted" -ge 1 ] && ok || bad "lax: no write was accepted ($accepted)"
# The alert names the request the store accepted, exactly as it was sent.
req=$(sed 's/.*"alerts":\[//' <<<"$FLAT" | grep -o '"request":"[^"]*"' | head -1 | sed 's/"request":"//; s/"$//')
sb_since "$n" | grep -q "\"method\":\"${req%% *}\",\"path\":\"/stores/lax01${req#* }\",\"status\":20" && ok ||
	bad "lax: the alert's request '$req' is not an accepted request in the log"
# Reads are still judged: an accepted write does not hide what the reads
# showed (Orders' write may have been on the wire already: then it counts).
grep -qE '"name":"Orders","required":"modify","granted":"(read-only|modify)"' <<<"$FLAT" && ok ||
	bad "lax: Orders was not judged from its answers"
# The writes not yet sent when the first was accepted were never sent.
sent=$(sb_since "$n" | grep -cE '"method":"(POST|PUT)"')
[ "$sent" -lt 20 ] && ok || bad "lax: all $sent write probes were sent despite the alert"
has lax-stopped "$FLAT" 'stopped: the store accepted another write probe'
run lax-table 1 "$BC" check --from-file "$T_TMP/creds" --deep
has lax-table-alert "$OUT" "ALERT"
has lax-table-delete "$OUT" "delete it in the control panel"
lacks lax-table-ok "$OUT" "OK: the token works"
# The default check (cenports) sends writes that a lax store also refuses or
# accepts harmlessly: still no change.
chk lax-default 0 laxpreset0000000000000000000001 lax01 --for cenports

# A store where endpoints were removed (BigCommerce removes unused ones
# without notice): a 404 on a list is "unknown", never "held".
chk gone-none 0 gonenone0000000000000000000001 gone02 --for cenports --deep
scope Content none unknown
scope Marketing none unknown
has gone-reason "$FLAT" 'GET /v3/content/widget-templates?limit=1 -> 404 (404 where a list was expected: no endpoint answers at this path'
lacks gone-held "$FLAT" '"name":"Content","required":"none","granted":"read-only"'
chk gone-full 0 gonenone0000000000000000000001 gone02 --for custom --deep
# A write to a collection (no id in its path) whose endpoint is gone answers
# 404 to everyone: never "held". These tokens hold the two read-only levels
# and no storefront scope; nothing above that may be reported.
chk gone-collection 0 gonecoll000000000000000000001 gone03 --for custom --deep
scope "Store Locations" none read-only
scope "Fulfillment Methods" none read-only
scope "Storefront API Tokens" none unknown
has gone-collection-why "$FLAT" 'PUT /v3/inventory/locations -> 404 (404 where a refusal of the request was expected: no endpoint answers at this path'
lacks gone-collection-modify "$FLAT" '"granted":"modify"'
lacks gone-collection-manage "$FLAT" '"granted":"manage"'
# When a removed endpoint is one a target requires, the check says so.
cat >"$T_TMP/needs-marketing.json" <<'JSON'
{"targets": [{"key": "promo", "name": "Promo", "summary": "s", "account_name": "Promo", "where": "w",
 "required": {"marketing": "read-only"},
 "handoff": [{"key": "default", "name": "Promo", "fields": [{"label": "Store hash", "from": "store_hash"}]}]}]}
JSON
mkdir -p "$T_TMP/assets" && cp "$T_TMP/needs-marketing.json" "$T_TMP/assets/targets.json"
chk gone-required 1 gonefull0000000000000000000001 gone02 --for promo --assets "$T_TMP/assets"
has gone-required-kind "$FLAT" '"kind":"unproven"'
has gone-required-msg "$FLAT" '1 required level is not proven: Marketing read-only (GET /v2/banners?limit=1 -> 404 (404 where a list was expected'
scope Marketing read-only unknown

# A server that answers every request with an HTML page is not the API: it
# grants nothing.
chk html 1 html000000000000000000000000001 html03 --for cenports
has html-kind "$FLAT" '"kind":"server"'
has html-msg "$FLAT" 'not with the API'
lacks html-granted "$FLAT" '"granted":"modify"'

# What the server sends is shown, stored and printed as JSON without control
# characters: no escape sequence reaches the terminal (these runs are not on
# a terminal, so bcsetup itself writes no escape at all).
sbcreds "$T_TMP/creds" evil000000000000000000000000001 evil66
run evil 0 "$BC" check --from-file "$T_TMP/creds" --for cenports
has evil-name "$OUT" "]0;ownedEvil[2J Shop"
same "evil: no ESC, BEL or C1 byte in the output" "$(printf '%s' "$OUT$ERR" | LC_ALL=C grep -c $'[\x1b\x07\x9b]')" 0
run evil-json 0 "$BC" check --from-file "$T_TMP/creds" --for cenports --json
lacks evil-json-esc "$OUT" '\u001b'
# A label that is not UTF-8 (a file name) still gives valid UTF-8 JSON.
cp "$T_TMP/creds" "$T_TMP/creds-"$'\xff'
run bad-utf8-json 0 "$BC" check --from-file "$T_TMP/creds-"$'\xff' --for cenports --json
printf '%s' "$OUT" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && ok || bad "bad-utf8-json: the JSON is not valid UTF-8"

# --explain: every probe sent, its answer, and what it meant.
sbcreds "$T_TMP/creds" preset00000000000000000000000001 abc123
run explain 0 "$BC" check --from-file "$T_TMP/creds" --for cenports --explain
has explain-req "$OUT" "GET /v2/orders?limit=1"
has explain-status "$OUT" "-> 200: held (lists at most one order)"
has explain-write "$OUT" "PUT /v2/orders/0"
has explain-missing "$OUT" "-> 403: not held (BigCommerce's missing-scope answer)"
has explain-unverifiable "$OUT" "no REST request depends on this scope alone"
run explain-json 0 "$BC" check --from-file "$T_TMP/creds" --for cenports --json
has explain-json-probes "$(tr -d '\n\t' <<<"$OUT")" '"probes":[{"request":"GET /v2/orders?limit=1","status":200,"outcome":"held"'

chk bad-token 1 nope0000000000000000000000000001 abc123 --for cenports
has bad-token-kind "$FLAT" '"kind":"auth"'
has bad-token-msg "$FLAT" 'token was refused (401)'
# What to do about it, in the same words on every face.
has bad-token-next "$FLAT" '"next":"The token is refused: its API account was deleted'
has bad-token-scopes "$FLAT" '"scopes":[]'
chk bad-hash 1 preset00000000000000000000000001 zzz999 --for cenports
has bad-hash-kind "$FLAT" '"kind":"store"'
has bad-hash-msg "$FLAT" 'store hash is likely wrong'
chk suspended 1 susp000000000000000000000000001 susp99 --for cenports
has suspended-kind "$FLAT" '"kind":"store"'
has suspended-msg "$FLAT" 'suspended'
n=$(sb_lines)
start=$(date +%s%N)
chk rate-limited 0 busy000000000000000000000000001 busy77 --for cenports
took=$((($(date +%s%N) - start) / 1000000))
same "rate-limited: 429s seen" "$(sb_since "$n" | grep -c '"status":429')" 2
# Reset-Ms says 0.4 s, X-Retry-After 1 s: the longer one is waited, twice.
[ "$took" -ge 1800 ] && ok || bad "rate-limited: waited $took ms, less than X-Retry-After twice"
# A window that refreshes in an hour is not waited for: rate_limit, at once.
start=$(date +%s%N)
chk hour-window 1 hour000000000000000000000000001 hour44 --for cenports
took=$((($(date +%s%N) - start) / 1000000))
has hour-window-kind "$FLAT" '"kind":"rate_limit"'
grep -qE 'refreshes in [0-9]+ s, longer than bcsetup waits \(35 s\)' <<<"$FLAT" && ok || bad "hour-window: no message on the cap"
has hour-window-no-scopes "$FLAT" '"scopes":[]'
[ "$took" -lt 5000 ] && ok || bad "hour-window: took $took ms"

# The budget: a check never drains the window; with too few requests left it
# waits for the window to refresh. 40 a window: the first check leaves 13, so
# the second waits (about 2.5 s), then passes.
chk budget-1 0 tight00000000000000000000000001 tight33 --for cenports
start=$(date +%s%N)
n=$(sb_lines)
chk budget-2 0 tight00000000000000000000000001 tight33 --for cenports
took=$((($(date +%s%N) - start) / 1000000))
[ "$took" -ge 1500 ] && ok || bad "budget: the second check did not wait ($took ms)"
same "budget: no 429 needed" "$(sb_since "$n" | grep -c '"status":429')" 0

# Wrong CA, nothing listening, no answer.
sbcreds "$T_TMP/creds" preset00000000000000000000000001 abc123
run wrong-ca 1 "$BC" check --from-file "$T_TMP/creds" --cacert "$T_TMP/other-ca.pem" --json
has wrong-ca-kind "$(tr -d '\n\t' <<<"$OUT")" '"kind":"tls"'
run nothing-listening 1 "$BC" check --from-file "$T_TMP/creds" --api-base http://127.0.0.1:9 --json
has nothing-kind "$(tr -d '\n\t' <<<"$OUT")" '"kind":"network"'
start=$(date +%s%N)
BCSETUP_TIMEOUT_MS=1000 chk no-answer 1 slow000000000000000000000000001 slow55 --for cenports
took=$((($(date +%s%N) - start) / 1000000))
has no-answer-msg "$FLAT" 'no answer from'
has no-answer-kind "$FLAT" '"kind":"network"'
# The store answers after 20 s: anything well under that proves the 1 s
# timeout was kept, with room for a machine whose cores are busy.
[ "$took" -lt 15000 ] && ok || bad "no-answer: took $took ms with a 1 s timeout"
run plain-http 2 "$BC" check --from-file "$T_TMP/creds" --api-base http://example.com
has plain-http-msg "$ERR" "only for a loopback"
run both 2 "$BC" check --from-file "$T_TMP/creds" abc
run deep-ro 2 "$BC" check --from-file "$T_TMP/creds" --deep --read-only-probes

# Profiles: the result is saved to the vault; --all checks them all and sums up.
sbcreds "$T_TMP/p1" preset00000000000000000000000001 abc123
sbcreds "$T_TMP/p2" level000000000000000000000000001 abc123
sbcreds "$T_TMP/p3" nope0000000000000000000000000001 abc123
run import-p1 0 "$BC" import good "$T_TMP/p1" --for cenports
run import-p2 0 "$BC" import short "$T_TMP/p2" --for cenports
run import-p3 0 "$BC" import broken "$T_TMP/p3" --for cenports
run check-good 0 "$BC" check good
has check-good-table "$OUT" "OK: the token works for store abc123"
# A profile named twice is checked once.
run check-twice 0 "$BC" check good good --json
same check-twice-count "$(grep -c '"profile":' <<<"$OUT")" 1
run list-after 0 "$BC" list
has list-ok "$OUT" "Test Shop                ok, just now"
run show-after 0 "$BC" show good --json
has show-last-check "$(tr -d '\n\t' <<<"$OUT")" '"granted":{"content":"none"'
run check-all 1 "$BC" check --all
has all-summary "$OUT" "3 profiles checked: 1 ok, 2 failed: short (scope), broken (auth)"
run check-all-json 1 "$BC" check --all --json
same check-all-json-count "$(grep -c '"profile":' <<<"$OUT")" 3
run list-failed 0 "$BC" list
has list-failed-row "$OUT" "FAILED, just now"

# export hands over values only for a token that passed its last check, and
# never prints a placeholder as a value.
run export-failed 1 "$BC" export broken --for cenports
has export-failed-msg "$ERR" "the last check of profile broken failed"
lacks export-failed-no-values "$OUT" "Access Token"
run export-forced 0 "$BC" export broken --for cenports --force
run export-good 0 "$BC" export good --for cenports
has export-good-url "$OUT" "Store URL: store-abc123.mybigcommerce.com"
lacks export-good-no-placeholder "$OUT" "<"
has export-good-fill-in "$ERR" "Cenports user e-mail is yours to fill in"
sbcreds "$T_TMP/p6" preset00000000000000000000000001 abc123
run import-unchecked 0 "$BC" import unchecked "$T_TMP/p6" --for cenports
run export-unchecked 0 "$BC" export unchecked --for cenports
has export-unchecked-warn "$ERR" "has not been checked"
run remove-unchecked 0 "$BC" remove unchecked --yes

# An alert is kept in the profile, and shown until the next check.
sbcreds "$T_TMP/p5" laxfull00000000000000000000001 lax01
run import-lax 0 "$BC" import lax "$T_TMP/p5" --for cenports
run check-lax 1 "$BC" check lax --deep
run show-lax 0 "$BC" show lax
has show-lax-alert "$OUT" "!! ALERT the store accepted"
run show-lax-json 0 "$BC" show lax --json
has show-lax-json-alert "$(tr -d '\n\t' <<<"$OUT")" '"alerts":[{"request":'
run remove-lax 0 "$BC" remove lax --yes

# Coverage over time: a new token without Products shows what changed.
sbcreds "$T_TMP/p4" scope000000000000000000000000001 abc123
run reimport-short 0 "$BC" import good "$T_TMP/p4"
run check-changed 1 "$BC" check good
has changed-header "$OUT" "Changed since the last check (just now):"
has changed-row "$OUT" "Products: modify -> none"
lacks changed-only-changes "$OUT" "Orders: modify -> modify"
run check-unchanged 1 "$BC" check good
lacks unchanged "$OUT" "Changed since the last check"
run show-history 0 "$BC" show good
has show-history-row "$OUT" 'retired just now, account "Test", Client ID '
has show-history-state "$(grep retired <<<"$OUT")" ": not checked"
has show-last "$OUT" "last check       FAILED, just now"

# A proxy from the environment is never used for a loopback API root: the
# token would travel to it in clear. A second practice store plays the proxy
# and logs whatever reaches it.
main_log=$SB_LOG main_url=$SB_URL
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
proxy_log=$SB_LOG proxy_url=$SB_URL
SB_LOG=$main_log SB_URL=$main_url
sbcreds "$T_TMP/creds" preset00000000000000000000000001 abc123
http_proxy=$proxy_url https_proxy=$proxy_url HTTPS_PROXY=$proxy_url ALL_PROXY=$proxy_url \
	run proxy 0 "$BC" check --from-file "$T_TMP/creds" --for cenports
same "proxy: nothing reached the proxy" "$(wc -l <"$proxy_log")" 0

# The practice store stops at once on SIGTERM even with a connection held
# open (the demo waits for it before it gives the terminal back).
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
exec 3<>"/dev/tcp/127.0.0.1/${SB_URL##*:}"
printf 'GET /stores/abc123/v2/time HTTP/1.1\r\nHost: x\r\n\r\n' >&3
sleep 0.2
kill -TERM "$SB_PID"
for i in $(seq 1 30); do kill -0 "$SB_PID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$SB_PID" 2>/dev/null && bad "sandbox: still running 1.5 s after SIGTERM with a connection open" || ok
exec 3>&-
finish
