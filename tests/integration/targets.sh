#!/usr/bin/env bash
# Targets are data: a user's file in $XDG_CONFIG_HOME/bcsetup/targets.d/,
# made from 'bcsetup targets show', works wherever a built-in one does; a
# broken file is named, with why, where it is used (exit 2), and harms
# nothing else; and no C file names a built-in integration.
set -u
BC=${1:?usage: targets.sh bcsetup bcsetup-sandbox completion-file}
SB=${2:?usage: targets.sh bcsetup bcsetup-sandbox completion-file}
COMP=${3:?usage: targets.sh bcsetup bcsetup-sandbox completion-file}
. "$(dirname "$0")/../lib.sh"
trap 'for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
export XDG_CONFIG_HOME=$T_TMP/config
D=$XDG_CONFIG_HOME/bcsetup/targets.d
mkdir -p "$D"
echo 'targets passphrase' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"

run list-builtin 0 "$BC" targets
has list-onport "$OUT" "onport         Onport                       built in"
has list-where "$OUT" "Your own targets: $D/NAME.json"
# A built-in target as a file; saved under another name it is a target.
run show 0 "$BC" targets show onport
printf '%s\n' "$OUT" >"$D/shipfast.json"
lacks show-no-key "$OUT" '"key":	"onport"'
has show-handoff "$OUT" '"handoff"'
run show-unknown 2 "$BC" targets show nosuch
has show-unknown-why "$ERR" "there is no target 'nosuch'"
run list-user 0 "$BC" targets --json
has list-user-file "$(tr -d '\n\t ' <<<"$OUT")" "\"key\":\"shipfast\",\"name\":\"Onport\",\"file\":\"$D/shipfast.json\""
run scopes 0 "$BC" scopes --for shipfast
has scopes-orders "$OUT" "Orders                                         modify     store_v2_orders"

# A broken file: harmless until used, then named with its reason.
printf '{"name": "Broken"' >"$D/broken.json"
mkfifo "$D/fifo.json"
printf '{"name":"Bad","summary":"s","account_name":"a","where":"w","required":{"nosuch":"modify"},"handoff":[]}' >"$D/bad.json"
printf '{}' >"$D/Upper.json"
run broken-harmless 0 "$BC" scopes --for onport
run broken-list 0 "$BC" targets
has broken-listed "$OUT" "broken         (cannot be used)             $D/broken.json: not a JSON object"
has fifo-listed "$OUT" "$D/fifo.json: not a regular file"
has bad-listed "$OUT" "requires scope 'nosuch', which is not in the catalogue"
has upper-listed "$OUT" "a target file's name is its key"
run broken-used 2 "$BC" scopes --for broken
has broken-used-why "$ERR" "target 'broken' cannot be used: $D/broken.json: not a JSON object"
run broken-export 2 "$BC" export x --for bad
has broken-export-why "$ERR" "target 'bad' cannot be used"

# The copy, through import, check and export, against the practice store.
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [{"hash": "ship1", "quota": 100000, "tokens": [
  {"token": "shipfastpreset00000000000000001", "scopes": [$PRESET]},
  {"token": "shipfastshort000000000000000001", "scopes": ["store_v2_orders_read_only","store_v2_products","store_v2_information_read_only"]}]}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
sbcreds "$T_TMP/good" shipfastpreset00000000000000001 ship1
sbcreds "$T_TMP/short" shipfastshort000000000000000001 ship1
run import 0 "$BC" import shop "$T_TMP/good" --for shipfast
has import-said "$OUT" "for Onport"
run check 0 "$BC" check shop
run export 0 "$BC" export shop --for shipfast
has export-values "$OUT" "Authentication Type: Private"
has export-hash "$OUT" "Store hash: ship1"
run import-short 0 "$BC" import short "$T_TMP/short" --for shipfast
run check-short 1 "$BC" check short
has check-short-why "$OUT" "Orders (modify needed)"
run export-short 1 "$BC" export short --for shipfast

# Completion asks bcsetup: the user's target completes, and its keys.
complete_for() {
	PATH="$(dirname "$BC"):$PATH" bash -c '. /usr/share/bash-completion/bash_completion; . "$1"
		COMP_WORDS=(bcsetup "$2" --for "$3"); COMP_CWORD=3
		COMP_LINE="bcsetup $2 --for $3"; COMP_POINT=${#COMP_LINE}
		_bcsetup; printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP" "$1" "$2"
}
same completes-user-target "$(complete_for check ship)" shipfast
has completes-export-formats "$(complete_for export '')" env

# The complete example of docs/targets.md is a working target.
src=$(cd "$(dirname "$0")/../.." && pwd)
sed -n '/^```json$/,/^```$/p' "$src/docs/targets.md" | sed '1d;$d' >"$D/docexample.json"
run doc-example 0 "$BC" scopes --for docexample --caps sync-orders
has doc-example-orders "$OUT" "Orders                                         modify     store_v2_orders"
run doc-example-minimum 2 "$BC" scopes --for docexample --caps sync-stock
has doc-example-minimum-why "$ERR" "ShipFast: it cannot work without its order sync (add sync-orders to --caps)"

# No C file names a built-in integration: the list is the data's.
same no-names-in-c "$(grep -rliE 'onport|cenports|celigo|order ?time' "$src/src" "$src/include" --include='*.[ch]')" ""
finish
