#!/usr/bin/env bash
# bcsetup rotate against the practice store over HTTPS: a new token replaces
# the old only once verified; fewer scopes than the old token held are refused
# unless accepted; the old account still alive, then deleted (confirmed, and
# the old token wiped from the vault); interrupted mid-check, nothing changes.
set -u
BC=${1:?usage: rotate.sh bcsetup bcsetup-sandbox vault_dump}
SB=${2:?}
DUMP=${3:?}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'rotation passphrase' >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
make_ca "$T_TMP" || { echo "FAIL cannot make a test CA"; exit 1; }
export BCSETUP_CACERT=$T_TMP/ca.pem
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
OLD=old00000000000000000000000000001
cat >"$T_TMP/stores.json" <<JSON
{"stores": [
 {"hash": "abc123", "quota": 100000, "tokens": [
  {"token": "$OLD", "client_id": "oldaccount", "hooks": 3, "scopes": [$PRESET, "store_themes_read_only"]},
  {"token": "short0000000000000000000000001", "client_id": "short", "scopes": [$PRESET]},
  {"token": "lacking000000000000000000000001", "client_id": "lacking", "scopes": ["store_v2_orders"]},
  {"token": "termold0000000000000000000000001", "client_id": "termold", "scopes": [$PRESET]},
  {"token": "termnew0000000000000000000000001", "client_id": "termnew", "scopes": [$PRESET]},
  {"token": "ordmod0000000000000000000000001", "client_id": "ordmod", "scopes": ["store_v2_customers_read_only","store_v2_orders","store_v2_products_read_only"]},
  {"token": "ordro00000000000000000000000001", "client_id": "ordro", "scopes": ["store_v2_customers_read_only","store_v2_orders_read_only","store_v2_products_read_only"]},
  {"token": "twinold000000000000000000000001", "client_id": "twinoldaccount0000000000000001", "name": "Cenports", "hooks": 2, "scopes": [$PRESET]},
  {"token": "twinnew000000000000000000000001", "client_id": "twinnewaccount0000000000000001", "name": "Cenports", "scopes": [$PRESET]}]},
 {"hash": "many9", "tokens": []},
 {"hash": "slow55", "latency_ms": 4000, "quota": 100000, "tokens": [
  {"token": "slowold0000000000000000000000001", "scopes": [$PRESET]},
  {"token": "slownew0000000000000000000000001", "scopes": [$PRESET]}]}
]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" --cert "$T_TMP/server.pem" --key "$T_TMP/server.key" || exit 1
sbcreds "$T_TMP/old" "$OLD" abc123
sbcreds "$T_TMP/short" short0000000000000000000000001 abc123
sbcreds "$T_TMP/lacking" lacking000000000000000000000001 abc123
run import 0 "$BC" import shop "$T_TMP/old" --for cenports
run first-check 0 "$BC" check shop
has first-check-themes "$OUT" "Themes"
sum() { sha256sum "$BCSETUP_VAULT" | cut -c1-64; }

# The new token lacks Themes, which the old one held: refused, nothing changes.
before=$(sum)
run fewer 1 "$BC" rotate shop "$T_TMP/short" </dev/null
has fewer-lists-themes "$OUT" "Themes                                         read-only"
has fewer-msg "$ERR" "still has its old token"
has fewer-hint "$ERR" "--accept-less"
same fewer-unchanged "$(sum)" "$before"
# Lacking a scope the target needs: refused even when accepting less.
run lacking 1 "$BC" rotate shop "$T_TMP/lacking" --accept-less </dev/null
has lacking-msg "$ERR" "Products (modify needed)"
same lacking-unchanged "$(sum)" "$before"
run same-token 2 "$BC" rotate shop "$T_TMP/old" </dev/null
has same-token-msg "$ERR" "already has"

# The API root is checked before anything is read: exit 2, no result used.
run ftp-root 2 "$BC" rotate shop "$T_TMP/short" --api-base ftp://example.com </dev/null
has ftp-root-msg "$ERR" "must be https://"
same ftp-unchanged "$(sum)" "$before"

# "Read-only or more" is never read as "read-only": an Order Time import
# profile whose old token holds Orders modify (its default check sends no
# write probe for Orders, so it could only say "read-only or more") does not
# rotate to a read-only token. The old token is probed again first.
sbcreds "$T_TMP/ordmod" ordmod0000000000000000000000001 abc123
sbcreds "$T_TMP/ordro" ordro00000000000000000000000001 abc123
run import-ord 0 "$BC" import ord "$T_TMP/ordmod" --for ordertime --caps import-orders
run check-ord 0 "$BC" check ord
has check-ord-or-more "$OUT" "read-only or more"
run show-ord 0 "$BC" show ord --json
has show-ord-at-least "$(tr -d '\n\t' <<<"$OUT")" '"at_least":{"customers":true,"orders":true'
before_ord=$(sum)
run ord-weaker 1 "$BC" rotate ord "$T_TMP/ordro" </dev/null
has ord-weaker-lists "$OUT" "Orders                                         modify"
has ord-weaker-msg "$ERR" "Orders (modify needed)"
same ord-weaker-unchanged "$(sum)" "$before_ord"
# The old account deleted first: the old token can no longer say which level
# it held, so "read-only or more" asks for modify; refused, unless the
# merchant accepts less in so many words.
# The practice store's control panel answers only to its key (and not to
# one that differs in its last character).
case $SB_KEY in *0) WRONG_KEY=${SB_KEY%?}1 ;; *) WRONG_KEY=${SB_KEY%?}0 ;; esac
run panel-no-key 22 curl -sf --cacert "$T_TMP/ca.pem" -X DELETE "$SB_URL/_sandbox/stores/abc123/api-accounts/ordmod"
run panel-wrong-key 22 curl -sf --cacert "$T_TMP/ca.pem" -H "X-Auth-Token: $WRONG_KEY" -X DELETE "$SB_URL/_sandbox/stores/abc123/api-accounts/ordmod"
run panel-post-no-key 22 curl -sf --cacert "$T_TMP/ca.pem" -d '{"name":"x","scopes":[]}' "$SB_URL/_sandbox/stores/abc123/api-accounts"
same panel-key-file-mode "$(stat -c %a "$T_TMP/sb.url")" 600
# ... and keeps at most 200 accounts a store: it cannot be grown without bound.
made=0
for i in $(seq 1 205); do
	curl -sf --cacert "$T_TMP/ca.pem" -H "X-Auth-Token: $SB_KEY" -d '{"name":"n","scopes":[]}' \
		"$SB_URL/_sandbox/stores/many9/api-accounts" >/dev/null && made=$((made + 1))
done
same panel-bounded "$made" 200
run delete-ord 0 curl -sf --cacert "$T_TMP/ca.pem" -H "X-Auth-Token: $SB_KEY" -X DELETE "$SB_URL/_sandbox/stores/abc123/api-accounts/ordmod"
run ord-gone-weaker 1 "$BC" rotate ord "$T_TMP/ordro" </dev/null
has ord-gone-lists "$OUT" "Orders                                         modify"
has ord-gone-why "$OUT" "could not be asked"
has ord-gone-reason "$OUT" "again: the access token was refused (401)"
has ord-gone-msg "$ERR" "Orders (modify needed)"
has ord-gone-hint "$ERR" "--accept-less"
same ord-gone-unchanged "$(sum)" "$before_ord"
run ord-gone-accepted 0 "$BC" rotate ord "$T_TMP/ordro" --accept-less --json </dev/null
same ord-gone-json-one "$(jq -s length <<<"$OUT")" 1
same ord-gone-json-ok "$(jq -r '.ok, .profile' <<<"$OUT" | tr '\n' ' ')" "true ord "
has ord-gone-accepted-msg "$ERR" "is now in profile ord"

# Accepted: the new token is in, the old one in the history, not yet checked.
run accepted 0 "$BC" rotate shop "$T_TMP/short" --accept-less </dev/null
has accepted-msg "$OUT" "is now in profile shop"
has accepted-next "$OUT" "rotate shop --confirm-deleted"
# What deleting the old account loses, asked with its own token.
has accepted-hooks "$OUT" "The old account made 3 webhooks; they are deleted with it:"
has accepted-hook-row "$OUT" "store/order/created -> https://hooks.example.com/oldaccou/1"
has accepted-order "$OUT" "Put the new credentials into the integration first"
run show-new 0 "$BC" show shop --reveal
has show-new-token "$OUT" "short0000000000000000000000001"
has show-history "$OUT" '****0001  retired just now, account "Test", Client ID '
has show-history-state "$(grep retired <<<"$OUT")" ": not checked"
has dump-old-kept "$("$DUMP" "$BCSETUP_VAULT" "$T_TMP/pass")" "$OLD"

# The old account is not deleted yet: still alive, and its token kept.
run alive 1 "$BC" rotate shop --confirm-deleted
has alive-msg "$OUT" "still works: delete its API account"
run show-alive 0 "$BC" show shop
has show-alive-state "$OUT" "still alive"
has dump-still-kept "$("$DUMP" "$BCSETUP_VAULT" "$T_TMP/pass")" "$OLD"

# Deleted in the (practice) control panel: confirmed, and the token wiped.
run delete-account 0 curl -sf --cacert "$T_TMP/ca.pem" -H "X-Auth-Token: $SB_KEY" -X DELETE "$SB_URL/_sandbox/stores/abc123/api-accounts/oldaccount"
run deleted 0 "$BC" rotate shop --confirm-deleted --json
same deleted-json-one "$(jq -s length <<<"$OUT")" 1
same deleted-json-ok "$(jq -r '.ok, .still_alive' <<<"$OUT" | tr '\n' ' ')" "true 0 "
OUT=$ERR
has deleted-msg "$OUT" "is refused now: its account is deleted"
run show-deleted 0 "$BC" show shop
has show-deleted-state "$OUT" "confirmed deleted"
lacks dump-wiped "$("$DUMP" "$BCSETUP_VAULT" "$T_TMP/pass")" "$OLD"
run nothing-left 0 "$BC" rotate shop --confirm-deleted
has nothing-left-msg "$OUT" "No retired token is waiting"

# Interrupted while the new token is being checked: the profile is as it was.
sbcreds "$T_TMP/slowold" slowold0000000000000000000000001 slow55
sbcreds "$T_TMP/slownew" slownew0000000000000000000000001 slow55
run import-slow 0 "$BC" import slow "$T_TMP/slowold" --for cenports
before=$(sum)
"$BC" rotate slow "$T_TMP/slownew" </dev/null >/dev/null 2>&1 &
pid=$!
sleep 1.5
# (SIGTERM: a background job of a script ignores SIGINT.)
kill -TERM "$pid"
wait "$pid"
same interrupted-status "$?" 143
same interrupted-unchanged "$(sum)" "$before"
run show-slow 0 "$BC" show slow --reveal
has show-slow-old "$OUT" slowold0000000000000000000000001

# On a terminal, as a person: Ctrl-C at the prompt changes nothing; then the
# whole guided rotation, with the deletion confirmed at the end.
sbcreds "$T_TMP/termold" termold0000000000000000000000001 abc123
sbcreds "$T_TMP/termnew" termnew0000000000000000000000001 abc123
run import-term 0 "$BC" import term "$T_TMP/termold" --for cenports
before=$(sum)
tm_start 100 30 "'$BC' rotate term"
see "term: lists scopes" "Orders                                         modify"
see "term: asks for the file" "Path of the new credentials file"
keys C-c
see "term: interrupted" "[exited 130]"
tm_stop
same "term: unchanged after Ctrl-C" "$(sum)" "$before"
tm_start 100 30 "'$BC' rotate term"
see "term: asks again" "Path of the new credentials file"
tm send-keys -l "$T_TMP/termnew"; keys Enter
see "term: verified and saved" "is now in profile term"
see "term: asks to delete" "Press Enter once it is deleted"
curl -sf --cacert "$T_TMP/ca.pem" -H "X-Auth-Token: $SB_KEY" -X DELETE "$SB_URL/_sandbox/stores/abc123/api-accounts/termold" && ok || bad "term: could not delete the old account"
keys Enter
see "term: confirmed" "is refused now: its account is deleted"
see "term: exits" "[exited 0]"
tm_stop
lacks "term: old token wiped" "$("$DUMP" "$BCSETUP_VAULT" "$T_TMP/pass")" termold0000000000000000000000001
has "term: new token in" "$("$DUMP" "$BCSETUP_VAULT" "$T_TMP/pass")" termnew0000000000000000000000001

# A profile on the real API's address, reached through --api-base (as a
# proxy or a test would): the old account's webhooks are listed from that
# root, never from an address nobody chose. Two profiles share the token:
# the rotation of one names the other. Both accounts carry one name; the
# Client ID tells them apart.
realpath_creds() { # FILE TOKEN CLIENT_ID
	printf 'ACCESS TOKEN: %s\r\nCLIENT NAME: Cenports\r\nAPI PATH: https://api.bigcommerce.com/stores/abc123/v3/\r\nCLIENT ID: %s\r\nCLIENT SECRET: %s\r\n' \
		"$2" "$3" "$(printf '%s' "$2" | sha256sum | cut -c1-64)" >"$1"
}
realpath_creds "$T_TMP/twinold" twinold000000000000000000000001 twinoldaccount0000000000000001
realpath_creds "$T_TMP/twinnew" twinnew000000000000000000000001 twinnewaccount0000000000000001
run twin-import-1 0 "$BC" import twin1 "$T_TMP/twinold" --for cenports
run twin-import-2 0 "$BC" import twin2 "$T_TMP/twinold" --for cenports
run twin-check 0 "$BC" check twin1 --api-base "$SB_URL"
run twin-rotate 0 "$BC" rotate twin1 "$T_TMP/twinnew" --api-base "$SB_URL" </dev/null
has twin-hooks "$OUT" "The old account made 2 webhooks; they are deleted with it:"
has twin-hook-row "$OUT" "-> https://hooks.example.com/twinolda/1"
has twin-shared "$OUT" "Profiles twin2 hold the old token too"
has twin-named "$OUT" 'delete the old API account ("Cenports", Client ID twinoldaccount0000000000000001)'
# The API cannot be reached: nothing is known, nothing recorded, exit 1.
run twin-unreachable 1 "$BC" rotate twin1 --confirm-deleted --api-base http://127.0.0.1:9 --json
has twin-unreachable-why "$ERR" "Could not tell whether"
same twin-unreachable-json "$(jq -c '[.ok, .still_alive, .unclear]' <<<"$OUT")" "[false,0,1]"
run twin-show 0 "$BC" show twin1
has twin-still-unchecked "$(grep retired <<<"$OUT")" ": not checked"
run twin-list 0 "$BC" list
has twin-list-waiting "$(grep '^twin1' <<<"$OUT")" "old account to delete"
run twin-alive 1 "$BC" rotate twin1 --confirm-deleted --api-base "$SB_URL"
has twin-alive-named "$OUT" 'still works: delete its API account ("Cenports", Client ID twinoldaccount0000000000000001)'
run twin-list-alive 0 "$BC" list --json
same twin-list-alive-json "$(jq -c '.profiles[] | select(.name == "twin1") | [.retired_waiting, .retired_alive]' <<<"$OUT")" "[1,1]"
finish
