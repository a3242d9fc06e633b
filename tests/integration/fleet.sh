#!/usr/bin/env bash
# The fleet: check --all over 50 profiles across five practice stores, one of
# them suspended; the broken one is reported, the rest pass, connections stay
# bounded, and nothing could have changed data.
set -u
BC=${1:?usage: fleet.sh bcsetup bcsetup-sandbox}
SB=${2:?}
. "$(dirname "$0")/../lib.sh"
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'fleet passphrase' >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
make_ca "$T_TMP" || { echo "FAIL cannot make a test CA"; exit 1; }
export BCSETUP_CACERT=$T_TMP/ca.pem
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
tok() { printf 'fleet%02d%024d' "$1" "$2"; }
{
	printf '{"stores": ['
	for s in 1 2 3 4 5; do
		printf '%s{"hash": "fleet%d", "quota": 100000, "tokens": [' "$([ $s = 1 ] || echo ,)" "$s"
		for i in $(seq 1 10); do
			printf '%s{"token": "%s", "scopes": [%s]}' "$([ $i = 1 ] || echo ,)" "$(tok $s $i)" "$PRESET"
		done
		printf ']}'
	done
	printf ', {"hash": "down9", "status": "suspended", "tokens": [{"token": "%s", "scopes": [%s]}]}' "$(tok 9 1)" "$PRESET"
	# A store that takes 3 s an answer: time for another bcsetup to write.
	printf ', {"hash": "slow7", "latency_ms": 3000, "tokens": [{"token": "%s", "scopes": [%s]}]}]}\n' \
		"$(tok 7 1)" "$PRESET"
} >"$T_TMP/stores.json"
sandbox_start "$SB" "$T_TMP/stores.json" --cert "$T_TMP/server.pem" --key "$T_TMP/server.key" || exit 1
n=0
for s in 1 2 3 4 5; do
	for i in $(seq 1 10); do
		[ $s = 5 ] && [ $i = 10 ] && continue
		sbcreds "$T_TMP/c" "$(tok $s $i)" "fleet$s"
		"$BC" import "p$s-$i" "$T_TMP/c" --for cenports >/dev/null 2>&1 && n=$((n + 1))
	done
done
sbcreds "$T_TMP/c" "$(tok 9 1)" down9
"$BC" import broken "$T_TMP/c" --for cenports >/dev/null 2>&1 && n=$((n + 1))
same "fleet: 50 profiles imported" "$n" 50
l=$(sb_lines)
run fleet-all 1 "$BC" check --all
has fleet-summary "$OUT" "50 profiles checked: 49 ok, 1 failed: broken (store)"
has fleet-broken-why "$OUT" "suspended"
conns=$(sb_conns "$l")
[ "$conns" -le 12 ] && ok || bad "fleet: $conns connections for 50 stores (at most 12)"
same "fleet: nothing could change" "$(sb_changes "$l")" 0
run fleet-json 1 "$BC" check --all --json
same "fleet: 50 results" "$(grep -c '"profile":' <<<"$OUT")" 50
same "fleet: 49 ok" "$(tr -d '\n\t' <<<"$OUT" | grep -o '"store_hash":"fleet[0-9]","ok":true' | wc -l)" 49
# One document, printed as the stores finish, yet in the vault's order.
same "fleet: one document, not ok" "$(jq -c '[.ok, (.results | length)]' <<<"$OUT")" '[false,50]'
json=$OUT
run fleet-list 0 "$BC" list --json
same "fleet: results in the vault's order" "$(jq -r '.results[].profile' <<<"$json" | paste -sd' ')" \
	"$(jq -r '.profiles[].name' <<<"$OUT" | paste -sd' ')"
# The fleet at a glance: one line per store; the CSV's ok column is what
# --json says of each profile.
run fleet-grid 1 "$BC" check --all --grid --csv "$T_TMP/fleet.csv"
same "grid: one line per profile" "$(grep -cE '^(p[0-9]-[0-9]+|broken) ' <<<"$OUT")" 50
has "grid: the broken store" "$(grep '^broken ' <<<"$OUT")" "FAILED (store)"
has "grid: a legend" "$OUT" "Information & Settings"
lacks "grid: no store's matrix" "$OUT" "REQUIRED"
same "csv: a header and 50 rows" "$(wc -l <"$T_TMP/fleet.csv")" 51
same "csv: the header" "$(head -1 "$T_TMP/fleet.csv" | tr -d '\r')" \
	"profile,store_hash,target,ok,kind,information,orders,products"
same "csv: ok agrees with --json" \
	"$(tail -n +2 "$T_TMP/fleet.csv" | tr -d '\r' | cut -d, -f1,4 | sort)" \
	"$(jq -r '.results[] | .profile + "," + (.ok | tostring)' <<<"$json" | sort)"
same "csv: the broken row" "$(grep '^broken,' "$T_TMP/fleet.csv" | cut -d, -f2-5)" "down9,cenports,false,store"
# In the C locale the grid is ASCII.
LC_ALL=C run fleet-grid-ascii 1 "$BC" check p1-1 p1-2 broken --grid
same "grid, C locale: three lines" "$(grep -cE '^(p1-[12]|broken) ' <<<"$OUT")" 3
same "grid, C locale: ASCII only" "$(LC_ALL=C grep -c '[^ -~]' <<<"$OUT")" 0
has "grid, C locale: covered" "$(grep '^p1-1 ' <<<"$OUT")" "ok ok ok  ok"
run fleet-list 0 "$BC" list
same "fleet: list shows 49 ok" "$(grep -c 'ok, just now' <<<"$OUT")" 49

# Another bcsetup writes the vault while check --all runs (the check holds
# no lock): what it wrote is kept, each result goes to its profile, and a
# profile whose token was replaced meanwhile does not get the old token's.
export BCSETUP_VAULT=$T_TMP/busy/vault
# s1's token is refused after 3 s (one request): the check's window.
sbcreds "$T_TMP/c" "$(tok 7 9)" slow7
"$BC" import s1 "$T_TMP/c" --for cenports >/dev/null 2>&1
sbcreds "$T_TMP/c" "$(tok 1 1)" fleet1
"$BC" import s2 "$T_TMP/c" --for cenports >/dev/null 2>&1
sbcreds "$T_TMP/c" "$(tok 2 1)" fleet2
"$BC" import s3 "$T_TMP/c" --for cenports >/dev/null 2>&1
l=$(sb_lines)
"$BC" check --all --json >"$T_TMP/busy.out" 2>"$T_TMP/busy.err" &
pid=$!
for _ in $(seq 300); do [ "$(sb_lines)" -gt "$l" ] && break; sleep 0.05; done
"$BC" import extra "$T_TMP/c" --for cenports >/dev/null 2>&1
sbcreds "$T_TMP/c2" "$(tok 1 2)" fleet1
"$BC" import s2 "$T_TMP/c2" >/dev/null 2>&1
kill -0 $pid 2>/dev/null && ok || bad "busy: the check ended before the other writes (too slow a machine?)"
wait $pid
same "busy: s1 refused, so exit 1" "$?" 1
same "busy: three results" "$(jq -r '[.results[] | .profile + ":" + (.ok | tostring)] | join(" ")' "$T_TMP/busy.out")" \
	"s1:false s2:true s3:true"
has "busy: s2's result not saved" "$(cat "$T_TMP/busy.err")" \
	"s2 was changed or removed while it was checked: its result was not saved"
run busy-list 0 "$BC" list --json
same "busy: the other writer's profile kept" "$(jq -r '[.profiles[].name] | sort | join(" ")' <<<"$OUT")" \
	"extra s1 s2 s3"
same "busy: checked where the token is the one checked" \
	"$(jq -r '[.profiles[] | select(.last_check != null) | .name] | join(" ")' <<<"$OUT")" "s1 s3"
finish
