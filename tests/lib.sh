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

# make_ca DIR: a CA and a server certificate for 127.0.0.1 signed by it,
# made now (DIR/ca.pem, DIR/server.pem, DIR/server.key), plus an unrelated
# CA (DIR/other-ca.pem) for the wrong-CA case.
make_ca() {
	local d=$1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bcsetup test CA" \
		-keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null || return 1
	openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
		-keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null || return 1
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$d/ext"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
		-days 2 -extfile "$d/ext" -out "$d/server.pem" 2>/dev/null || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" \
		-keyout "$d/other.key" -out "$d/other-ca.pem" 2>/dev/null
}

# sandbox_start SANDBOX-BINARY STORES-FILE [options...]: starts the practice
# store on a free port; SB_URL, SB_PID and SB_LOG are set. Stopped at exit.
SB_PIDS=
sandbox_start() {
	local bin=$1 stores=$2 i
	shift 2
	SB_LOG=$T_TMP/sandbox.$RANDOM.log
	: >"$SB_LOG"
	rm -f "$T_TMP/sb.url"
	"$bin" --stores "$stores" --log "$SB_LOG" --port-file "$T_TMP/sb.url" "$@" >/dev/null 2>>"$T_TMP/sandbox.err" &
	SB_PID=$!
	SB_PIDS="$SB_PIDS $SB_PID"
	# Its port file is the event; 30 s is only where a stuck start ends.
	for i in $(seq 1 600); do
		[ "$({ wc -l <"$T_TMP/sb.url"; } 2>/dev/null)" = 2 ] && break
		kill -0 "$SB_PID" 2>/dev/null || break
		sleep 0.05
	done
	# The URL, and the control panel's key (for /_sandbox/, as X-Auth-Token).
	SB_URL=$(sed -n 1p "$T_TMP/sb.url" 2>/dev/null)
	SB_KEY=$(sed -n 2p "$T_TMP/sb.url" 2>/dev/null)
	[ -n "$SB_URL" ] || { echo "FAIL the sandbox did not start"; return 1; }
}
trap 'for p in $SB_PIDS; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT

# h2_front_start: an HTTP/2 TLS front (nghttpx) on loopback for the practice
# store at SB_URL, with the certificates of make_ca "$T_TMP"; FRONT gets its
# URL. --conf=/dev/null: Debian's /etc/nghttpx/nghttpx.conf adds a frontend
# on port 3000, so a second nghttpx on the machine would fail to start. A
# port already taken is tried again elsewhere.
h2_front_start() {
	local port pid i try
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 20000))
		nghttpx --conf=/dev/null --frontend="127.0.0.1,$port" --backend="127.0.0.1,${SB_URL##*:}" \
			--workers=1 --backend-connections-per-host=512 --no-ocsp --log-level=ERROR \
			--errorlog-file="$T_TMP/nghttpx.log" "$T_TMP/server.key" "$T_TMP/server.pem" \
			>/dev/null 2>&1 &
		pid=$!
		SB_PIDS="$SB_PIDS $pid"
		FRONT=https://127.0.0.1:$port
		# Its first answer is the event; 30 s is only where a stuck start ends.
		for i in $(seq 1 600); do
			curl -s -o /dev/null --cacert "$T_TMP/ca.pem" "$FRONT/" && return 0
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		kill "$pid" 2>/dev/null
	done
	echo "FAIL the HTTP/2 front (nghttpx) did not start: $(tail -1 "$T_TMP/nghttpx.log" 2>/dev/null)"
	return 1
}

# sb_log_since N: the log lines after line N. sb_conns/sb_changes on them.
sb_lines() { wc -l <"$SB_LOG"; }
sb_since() { tail -n +"$(($1 + 1))" "$SB_LOG"; }
sb_conns() { sb_since "$1" | grep -o '"conn":[0-9]*' | sort -u | wc -l; }
sb_changes() { sb_since "$1" | grep -c '"would_change":true'; }

# sbcreds FILE TOKEN HASH: a credentials file pointing at the sandbox.
sbcreds() {
	printf 'ACCESS TOKEN: %s\r\nCLIENT NAME: Test\r\nAPI PATH: %s/stores/%s/v3/\r\nCLIENT ID: m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b\r\nCLIENT SECRET: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n' \
		"$2" "$SB_URL" "$3" >"$1"
}
