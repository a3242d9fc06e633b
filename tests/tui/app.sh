#!/usr/bin/env bash
# An app (OAuth 2.0 client) for an integration that takes one, made in the
# wizard against the practice store, then used from the commands: shown,
# handed over as integrator.io's form asks (scopes as BigCommerce's parameter
# names, the redirect URL), never "checked" (no request can), never given to a
# form for an API account, and refused by rotate and pass; on a second run
# its actions say the same.
set -u
BC=${1:?usage: app.sh bcsetup}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min
PASS='app passphrase'
printf '%s\n' "$PASS" >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
V=$T_TMP/v/vault
URL=https://integrator.example/connection/oauth2/callback

tm_start 80 24 "'$BC' --demo --vault '$V'"
see start "New connection"
keys Enter
see targets "Which system asks"
pick "Celigo integrator.io"
keys Enter
see kinds "two kinds of credentials"
keys Down Enter
see portal "https://devtools.bigcommerce.com/my/apps"
keys Enter
see scopes "Set each scope"
# Orders and Products read-only.
keys Down Down Down Down Down Down Right Down Down Down Down Down Right Enter
see save "save it"
keys Enter
see values "Redirect URL"
# A callback that is not https is refused where it is typed.
paste "http://integrator.example/cb"
see "not https" "a callback URL starts with https://"
keys C-u
paste "$URL"
see callback "the app's Auth Callback URL"
keys Enter
see vault "A new vault"
tm send-keys -l "$PASS"; keys Tab; tm send-keys -l "$PASS"; keys Enter
see saved "Saved profile celigo" 20
keys Enter
see "no live test" "BigCommerce offers no request that verifies an app's client"
keys Enter
see "hand-off" "Auth type: OAuth 2.0"
# Long values are cut on their row and shown whole below while selected.
keys Down Down Down Down
see "hand-off: scopes whole" "store_v2_orders_read_only store_v2_products_read_only"
keys Down
see "hand-off: redirect whole" "$URL"
keys q
see ends "[exited 0]"
# The closing hint says what works: the vault named, and the demo, whose
# practice store is gone once it ends.
has "closing hint" "$(tm_screen | tr -d '\n')" "Its practice store ran only inside the demo; bcsetup --vault '$V' --demo opens both again."
lacks "closing hint: no dead check" "$(tm_screen)" "bcsetup check celigo"
tm_stop

export BCSETUP_VAULT=$V BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
run show 0 "$BC" show celigo
has show-kind "$OUT" "kind             app (OAuth 2.0 client)"
has show-redirect "$OUT" "redirect URL     $URL"
lacks show-no-token "$OUT" "access token"
has show-never "$OUT" "the integration does when it connects"
run show-json 0 "$BC" show celigo --json
has show-json-kind "$(tr -d '\n\t ' <<<"$OUT")" '"kind":"app"'
has show-json-required "$(tr -d '\n\t ' <<<"$OUT")" '"required":{"orders":"read-only","products":"read-only"}'
run export 0 "$BC" export celigo --for celigo
has export-oauth-scopes "$OUT" "Scopes: store_v2_orders_read_only store_v2_products_read_only"
has export-oauth-redirect "$OUT" "Redirect URL: $URL"
has export-oauth-hash "$OUT" "Store hash: demo42x"
lacks export-no-token "$OUT" "Access token"
run export-json 0 "$BC" export celigo --for celigo --variant oauth --json
same export-json-id "$(jq -r '."Client ID" | length' <<<"$OUT")" 31
run export-token-form 2 "$BC" export celigo --for celigo --variant token
has export-token-form-why "$ERR" "holds an app (OAuth 2.0 client), which goes only to a form that asks for one"
run export-other 2 "$BC" export celigo --for onport
run export-pass 2 "$BC" export celigo --to pass
run check 2 "$BC" check celigo
has check-why "$ERR" "BigCommerce has no request that checks it without the merchant's consent"
run check-all 0 "$BC" check --all
has check-all-skips "$ERR" "celigo is an app (OAuth 2.0 client), which no request can check: left out"
run rotate 2 "$BC" rotate celigo </dev/null
has rotate-why "$ERR" "replaced in the Developer Portal"
# An API account is never handed to the app's form.
mkcreds "$T_TMP/acct" abc123 "$(token 5)"
run import-acct 0 "$BC" import acct "$T_TMP/acct" --for celigo --scopes orders=read-only
run acct-to-app-form 2 "$BC" export acct --for celigo --variant oauth
has acct-to-app-form-why "$ERR" "asks for an app (OAuth 2.0 client)"
# ... and an app's name is not taken over by an API account.
run import-over-app 2 "$BC" import celigo "$T_TMP/acct" --for celigo --scopes orders=read-only
has import-over-app-why "$ERR" "holds an app (OAuth 2.0 client), not an API account"

# The returning merchant: the app's actions say what can be done.
tm_start 80 24 "'$BC' --demo --vault '$V'"
see unlock "Passphrase:"
tm send-keys -l "$PASS"; keys Enter
see profiles "pick a profile" 20
has "start: never checked" "$(tm_screen)" "celigo"
keys Down Enter
see actions "What to do with this profile"
keys Enter
see "returning: explained" "BigCommerce offers no request that verifies an app's client"
keys Escape
see "back at the profiles" "pick a profile"
keys Down Enter Down Down Enter
see "returning: no rotation" "its secret is replaced in the Developer Portal"
tm_stop
finish
