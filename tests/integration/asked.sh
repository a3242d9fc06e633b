#!/usr/bin/env bash
# What the merchant asked for is what is checked: a preset raised with
# --scopes, and the picks of a target that presets nothing (Celigo, Custom),
# are saved as the profile's requirement and judged by check, export, the
# metrics and show; export --for another target compares the token with that
# target's needs; a required level left unproven (--read-only-probes) fails.
set -u
BC=${1:?usage: asked.sh bcsetup bcsetup-sandbox}
SB=${2:?usage: asked.sh bcsetup bcsetup-sandbox}
. "$(dirname "$0")/../lib.sh"
trap 'for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'asked passphrase' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [{"hash": "ask1", "quota": 100000, "tokens": [
  {"token": "customorders0000000000000000001", "scopes": ["store_v2_orders","store_v2_products_read_only"]},
  {"token": "customboth000000000000000000001", "scopes": ["store_v2_orders","store_v2_products"]},
  {"token": "celigotwo0000000000000000000001", "scopes": ["store_v2_orders_read_only","store_v2_products_read_only"]},
  {"token": "celigothree00000000000000000001", "scopes": ["store_v2_customers_read_only","store_v2_orders_read_only","store_v2_products_read_only"]},
  {"token": "onportpreset0000000000000000001", "scopes": [$PRESET]},
  {"token": "onportcontent000000000000000001", "scopes": [$PRESET, "store_v2_content_read_only"]},
  {"token": "onportproductsro000000000000001", "scopes": ["store_v2_orders","store_v2_products_read_only","store_v2_information_read_only"]}]}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
for t in customorders customboth celigotwo celigothree onportpreset onportcontent onportproductsro; do
	tok=$(printf '%s%0*d1' "$t" $((30 - ${#t})) 0)
	sbcreds "$T_TMP/$t" "$tok" ask1
done

# A target that presets nothing needs the picks: none is refused.
run custom-none 2 "$BC" import c0 "$T_TMP/customboth" --for custom
has custom-none-why "$ERR" "Custom: no scope is required, so no check could find a gap"
has custom-none-how "$ERR" "--scopes SCOPE=LEVEL"
run celigo-none 2 "$BC" import g0 "$T_TMP/celigothree" --for celigo
has celigo-none-pick "$ERR" "Celigo needs whatever your flows read or write"

# Custom, Orders and Products modify asked; the token holds Products read-only.
run custom-import 0 "$BC" import custom "$T_TMP/customorders" --for custom --scopes orders=modify,products=modify
run custom-show 0 "$BC" show custom --json
FLAT=$(tr -d '\n\t ' <<<"$OUT")
has custom-saved "$FLAT" '"required":{"orders":"modify","products":"modify"}'
run custom-check 1 "$BC" check custom --json
FLAT=$(tr -d '\n\t' <<<"$OUT")
has custom-kind "$FLAT" '"kind":"scope"'
has custom-gap "$FLAT" '"name":"Products","required":"modify","granted":"read-only"'
has custom-orders "$FLAT" '"name":"Orders","required":"modify","granted":"modify"'
# The same from a credentials file, without a vault.
run custom-file 1 "$BC" check --from-file "$T_TMP/customorders" --for custom --scopes orders=modify,products=modify
has custom-file-msg "$OUT" "Products (modify needed)"
run custom-file-both 0 "$BC" check --from-file "$T_TMP/customboth" --for custom --scopes orders=modify,products=modify

# Celigo, Customers, Orders and Products read-only picked.
run celigo-import 0 "$BC" import celigo "$T_TMP/celigotwo" --for celigo --scopes customers=read-only,orders=read-only,products=read-only
run celigo-check-short 1 "$BC" check celigo
has celigo-short-msg "$OUT" "Customers (read-only needed)"
# Picked and held is covered, never "more than needed".
lacks celigo-not-extra "$OUT" "more than needed"
run celigo-import-new 0 "$BC" import celigo "$T_TMP/celigothree" --for celigo --scopes customers=read-only,orders=read-only,products=read-only
run celigo-check 0 "$BC" check celigo --json
FLAT=$(tr -d '\n\t' <<<"$OUT")
has celigo-covered "$FLAT" '"name":"Customers","required":"read-only","granted":"read-only"'

# Onport with Content read-only added: the addition is required.
run onport-import 0 "$BC" import onport "$T_TMP/onportpreset" --for onport --scopes content=read-only
run onport-show 0 "$BC" show onport --json
FLAT=$(tr -d '\n\t ' <<<"$OUT")
has onport-saved "$FLAT" '"required":{"content":"read-only","information":"read-only","orders":"modify","products":"modify"}'
run onport-check-short 1 "$BC" check onport --prometheus "$T_TMP/m.prom"
has onport-short-msg "$OUT" "Content (read-only needed)"
has onport-short-metric "$(cat "$T_TMP/m.prom")" 'bcsetup_check_ok{profile="onport",store_hash="ask1",target="onport"} 0'
run onport-import-new 0 "$BC" import onport "$T_TMP/onportcontent" --for onport --scopes content=read-only
run onport-check 0 "$BC" check onport
# Re-importing without --scopes keeps what was asked.
run onport-reimport 0 "$BC" import onport "$T_TMP/onportcontent"
run onport-show-kept 0 "$BC" show onport --json
has onport-kept "$(tr -d '\n\t ' <<<"$OUT")" '"content":"read-only"'

# export --for another target: its needs, not the profile's.
run cen-import 0 "$BC" import cen "$T_TMP/onportpreset" --for cenports
run cen-check 0 "$BC" check cen
run cen-export-self 0 "$BC" export cen --for cenports
# Cenports' guide: the values go to its integrations team, at this address.
has cen-export-address "$OUT" "Send to: integrations@cenports.com"
run cen-export-ot 1 "$BC" export cen --for ordertime
has cen-export-ot-why "$ERR" "does not show what Order Time needs: Customers read-only: not held"
same cen-export-ot-nothing "$OUT" ""
run cen-export-ot-json 1 "$BC" export cen --for ordertime --json
has cen-export-ot-json-kind "$OUT" '"kind":	"check"'
run cen-export-ot-force 0 "$BC" export cen --for ordertime --force
has cen-export-ot-forced "$OUT" "API Key: onportpreset"
# Order Time's least (Import orders) already needs Customers; --scopes cannot
# ask for less than a target needs.
run cen-export-ot-caps 1 "$BC" export cen --for ordertime --caps import-orders
run cen-export-ot-lower 2 "$BC" export cen --for ordertime --scopes customers=none
run cen-export-onport 0 "$BC" export cen --for onport
run cen-export-env-caps 2 "$BC" export cen --for env --caps import-orders
has cen-export-env-caps-why "$ERR" "--caps goes with a target's format"

# --read-only-probes cannot prove a modify level: never "ok".
run ro-import 0 "$BC" import ro "$T_TMP/onportproductsro" --for onport
run ro-check 1 "$BC" check ro --read-only-probes --json --prometheus "$T_TMP/ro.prom"
FLAT=$(tr -d '\n\t' <<<"$OUT")
has ro-not-ok "$FLAT" '"ok":false'
has ro-kind "$FLAT" '"kind":"unproven"'
has ro-metric "$(cat "$T_TMP/ro.prom")" 'bcsetup_check_ok{profile="ro",store_hash="ask1",target="onport"} 0'
has ro-metric-unproven "$(cat "$T_TMP/ro.prom")" 'bcsetup_check_required_levels_unproven{profile="ro",store_hash="ask1",target="onport"} 2'
run ro-check-table 1 "$BC" check ro --read-only-probes
has ro-table "$OUT" "FAILED (unproven)"
lacks ro-table-ok "$OUT" "OK:"
# Without the option the write probe decides: Products is only read-only.
run ro-check-full 1 "$BC" check ro --json
has ro-full-kind "$(tr -d '\n\t' <<<"$OUT")" '"kind":"scope"'
# Counts read as English: one request is "1 request"; a table's lines end
# without trailing spaces.
sbcreds "$T_TMP/refused" refused00000000000000000000001 ask1
run one-request 1 "$BC" check --from-file "$T_TMP/refused"
has one-request-said "$OUT" "1 request on 1 new connection"
run table 0 "$BC" check onport
same table-no-trailing-space "$(grep -c ' $' <<<"$OUT")" 0
finish
