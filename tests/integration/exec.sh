#!/usr/bin/env bash
# exec: a program gets the profile's values in its environment, under the
# names 'export --for env' prints, and nothing reaches the terminal; its exit
# status is bcsetup's; after a failed check nothing runs unless --force.
set -u
BC=${1:?usage: exec.sh bcsetup bcsetup-sandbox}
SB=${2:?usage: exec.sh bcsetup bcsetup-sandbox}
. "$(dirname "$0")/../lib.sh"
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'exec passphrase' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
GOOD=execgood0000000000000000000001
WEAK=execweak0000000000000000000001
cat >"$T_TMP/stores.json" <<JSON
{"stores": [{"hash": "exe1", "quota": 100000, "tokens": [
  {"token": "$GOOD", "scopes": ["store_v2_orders","store_v2_products","store_v2_information_read_only"]},
  {"token": "$WEAK", "scopes": ["store_v2_orders_read_only"]}]}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
sbcreds "$T_TMP/good" "$GOOD" exe1
sbcreds "$T_TMP/weak" "$WEAK" exe1
run import 0 "$BC" import shop "$T_TMP/good" --for onport
run check 0 "$BC" check shop

# Every variable export --for env names, with the same values.
run export-env 0 "$BC" export shop --for env
want=$(sed 's/^\([A-Z_]*\)=.*/\1/' <<<"$OUT" | sort)
if [ "$(wc -l <<<"$want")" -ge 5 ]; then ok; else bad "too few variables read: $want"; fi
exported=$OUT
# The child prints its environment into a file, never to the terminal.
run exec-env 0 "$BC" exec shop -- sh -c 'env >"$1"' sh "$T_TMP/env.out"
same "exec: nothing on stdout" "$OUT" ""
same "exec: nothing on stderr" "$ERR" ""
got=$(grep -E '^BIGCOMMERCE_' "$T_TMP/env.out" | sed 's/=.*//' | sort)
same "exec: the variables export names" "$got" "$want"
for var in $want; do
	val=$(grep "^$var=" "$T_TMP/env.out" | cut -d= -f2-)
	# export quotes for the shell; read it back as the shell would.
	expect=$(eval "$(grep "^$var=" <<<"$exported")"; printf '%s' "${!var}")
	same "exec: $var as exported" "$val" "$expect"
done
has "exec: the token" "$(cat "$T_TMP/env.out")" "BIGCOMMERCE_ACCESS_TOKEN=$GOOD"

# The command's exit status is bcsetup's; one not found is 127.
run exit-7 7 "$BC" exec shop -- sh -c 'exit 7'
run not-found 127 "$BC" exec shop -- /nonexistent/program
has not-found-why "$ERR" "/nonexistent/program: No such file or directory"
# A value the profile lacks is unset, not inherited from the caller.
BIGCOMMERCE_ACCOUNT_NAME=inherited run no-inherit 0 "$BC" exec shop -- sh -c \
	'[ "${BIGCOMMERCE_ACCOUNT_NAME:-}" != inherited ]'
# Arguments after -- are the command's, options included.
run child-options 0 "$BC" exec shop -- sh -c 'test "$1" = --json' sh --json
run no-dashes 2 "$BC" exec shop sh -c 'exit 3'
has no-dashes-why "$ERR" "exec: put -- before the command and its options"
run usage-no-command 2 "$BC" exec shop
has usage-why "$ERR" "'exec' takes"
run no-profile 2 "$BC" exec nosuch -- true
has no-profile-why "$ERR" "there is no profile 'nosuch'"

# After a failed check nothing runs, unless --force.
run import-weak 0 "$BC" import weak "$T_TMP/weak" --for onport
run check-weak 1 "$BC" check weak
run refused 1 "$BC" exec weak -- touch "$T_TMP/ran"
has refused-why "$ERR" "the last check of profile weak failed"
has refused-how "$ERR" "--force"
[ -e "$T_TMP/ran" ] && bad "refused: the command ran" || ok
run forced 0 "$BC" exec weak --force -- touch "$T_TMP/ran"
[ -e "$T_TMP/ran" ] && ok || bad "forced: the command did not run"

# The vault is not held while the command runs: another command opens it.
run while-running 0 "$BC" exec shop -- "$BC" list
has while-running-list "$OUT" "shop"
finish
