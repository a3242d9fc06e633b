# Shared helpers for the shell tests: run a command and check its exit status
# and output; count passes and failures; end with the plain closing line.
# Usage: . lib.sh; run NAME STATUS cmd...; has NAME "$OUT" TEXT; lacks ...; finish
pass=0
fail=0
OUT=
ERR=
T_TMP=$(mktemp -d)
trap 'rm -rf "$T_TMP"' EXIT

ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# run NAME EXPECTED-STATUS COMMAND...: OUT and ERR get stdout and stderr.
run() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	OUT=$(cat "$T_TMP/out")
	ERR=$(cat "$T_TMP/err")
	if [ "$rc" -eq "$want" ]; then ok; else
		bad "$name: exit $rc, expected $want"
		sed 's/^/    stderr: /' "$T_TMP/err" | head -5
	fi
}
has()   { if grep -qF -- "$3" <<<"$2"; then ok; else bad "$1: lacks '$3'"; head -5 <<<"$2" | sed 's/^/    got: /'; fi; }
lacks() { if grep -qF -- "$3" <<<"$2"; then bad "$1: contains '$3'"; else ok; fi; }
same()  { if [ "$2" = "$3" ]; then ok; else bad "$1: '$2' != '$3'"; fi; }

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# mkcreds FILE HASH TOKEN [NAME]: a credentials file as BigCommerce writes it (CRLF).
mkcreds() {
	printf 'ACCESS TOKEN: %s\r\nCLIENT NAME: %s\r\nAPI PATH: https://api.bigcommerce.com/stores/%s/v3/\r\nCLIENT ID: %s\r\nCLIENT SECRET: %s\r\n' \
		"$3" "${4:-Test account}" "$2" "clnt${3:4:27}" "$(printf '%s' "$3" | sha256sum | cut -c1-64)" >"$1"
}
# token N: a 31-character token that is different for each N.
token() { printf 'tk%029d' "$1"; }
