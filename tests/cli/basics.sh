#!/usr/bin/env bash
# The command line's contract: exit codes, stdout vs stderr, --json shapes.
set -u
BC=${1:?usage: basics.sh path/to/bcsetup}
pass=0 fail=0

check() { # name expected-status command...
	local name=$1 want=$2; shift 2
	local out rc
	out=$("$@" 2>/tmp/bc-basics-err.$$); rc=$?
	if [ "$rc" -eq "$want" ]; then pass=$((pass+1)); else
		fail=$((fail+1)); echo "FAIL $name: exit $rc, expected $want"; cat /tmp/bc-basics-err.$$; fi
	LAST_OUT=$out; LAST_ERR=$(cat /tmp/bc-basics-err.$$)
}
expect() { # name haystack needle
	if grep -qF -- "$3" <<<"$2"; then pass=$((pass+1)); else
		fail=$((fail+1)); echo "FAIL $1: output lacks '$3'"; echo "$2" | head -5; fi
}

check hash-api 0 "$BC" hash 'https://api.bigcommerce.com/stores/wyiiub56c0/v3/'
[ "$LAST_OUT" = wyiiub56c0 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL hash-api output '$LAST_OUT'"; }
check hash-bad 2 "$BC" hash 'https://nameofyourstore.mybigcommerce.com'
expect hash-bad-msg "$LAST_ERR" "paste the API path"
[ -z "$LAST_OUT" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL hash-bad wrote to stdout"; }
check hash-json 0 "$BC" hash --json 'store-abc123.mybigcommerce.com'
expect hash-json-kind "$LAST_OUT" '"from":	"control-panel URL"'
expect hash-json-root "$LAST_OUT" '"store_root":	"https://api.bigcommerce.com/stores/abc123"'
check hash-noarg 2 "$BC" hash
check unknown-cmd 2 "$BC" frobnicate
expect unknown-cmd-msg "$LAST_ERR" "unknown command 'frobnicate'"
check unknown-opt 2 "$BC" --frob
check missing-value 2 "$BC" scopes --for
check help 0 "$BC" --help
expect help-check "$LAST_OUT" "bcsetup check"
check version 0 "$BC" --version
expect version-text "$LAST_OUT" "bcsetup "
check scopes 0 "$BC" scopes
expect scopes-27 "$LAST_OUT" "27 Metafields Access"
check scopes-for 0 "$BC" scopes --for cenports
expect scopes-for-orders "$LAST_OUT" "store_v2_orders"
check scopes-bad-target 2 "$BC" scopes --for shopify
expect scopes-bad-target-msg "$LAST_ERR" "unknown target 'shopify'"
check scopes-caps 0 "$BC" scopes --for ordertime --caps update-inventory --json
expect scopes-caps-json "$LAST_OUT" '"required_id":	"store_v2_products"'
check scopes-bad-caps 2 "$BC" scopes --for ordertime --caps fly
check scopes-caps-no-target 2 "$BC" scopes --caps import-orders

# An override directory replaces an asset; a broken one is a clear error.
dir=$(mktemp -d)
echo '{"scopes": [{"key": "x"}]}' >"$dir/scopes.json"
check assets-broken 2 "$BC" --assets "$dir" scopes
expect assets-broken-msg "$LAST_ERR" "scope #1 needs a key"
expect assets-broken-path "$LAST_ERR" "$dir/scopes.json"
rm -rf "$dir" /tmp/bc-basics-err.$$

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
