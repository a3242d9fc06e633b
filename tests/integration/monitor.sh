#!/usr/bin/env bash
# Watching a fleet unattended: check --all --prometheus writes the textfile
# format atomically, promtool accepts it, a real node_exporter serves it, it
# holds no secret; a run with no terminal and the passphrase as a systemd
# credential writes it; the systemd units in contrib/ verify.
set -u
BC=${1:?usage: monitor.sh bcsetup bcsetup-sandbox contrib/systemd}
SB=${2:?}
UNITS=${3:?}
. "$(dirname "$0")/../lib.sh"
NE_PID=
trap 'for p in $SB_PIDS $NE_PID; do kill $p 2>/dev/null; done; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
echo 'monitor passphrase' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
make_ca "$T_TMP" || { echo "FAIL cannot make a test CA"; exit 1; }
export BCSETUP_CACERT=$T_TMP/ca.pem
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [{"hash": "mon1", "quota": 100000, "tokens": [
  {"token": "monitorgood00000000000000000001", "scopes": [$PRESET]},
  {"token": "monitorshort0000000000000000001", "scopes": ["store_v2_orders", "store_v2_information_read_only"]}]},
 {"hash": "mon2", "quota": 100000, "tokens": []}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" --cert "$T_TMP/server.pem" --key "$T_TMP/server.key" || exit 1
sbcreds "$T_TMP/c1" monitorgood00000000000000000001 mon1
sbcreds "$T_TMP/c2" monitorshort0000000000000000001 mon1
sbcreds "$T_TMP/c3" monitorgone00000000000000000001 mon2
run import-good 0 "$BC" import good "$T_TMP/c1" --for cenports
run import-short 0 "$BC" import short "$T_TMP/c2" --for cenports
run import-gone 0 "$BC" import gone "$T_TMP/c3" --for onport
SECRETS=$(cat "$T_TMP"/c[123] | sed -n 's/^\(ACCESS TOKEN\|CLIENT SECRET\): //p' | tr -d '\r')

# 1. The file: one gauge per profile and metric, labelled, atomically in place.
M=$T_TMP/textfile
mkdir -p "$M"
run prom 1 "$BC" check --all --prometheus "$M/bcsetup.prom"
F=$(cat "$M/bcsetup.prom" 2>/dev/null)
has prom-ok-good "$F" 'bcsetup_check_ok{profile="good",store_hash="mon1",target="cenports"} 1'
has prom-ok-short "$F" 'bcsetup_check_ok{profile="short",store_hash="mon1",target="cenports"} 0'
has prom-missing-short "$F" 'bcsetup_check_required_scopes_missing{profile="short",store_hash="mon1",target="cenports"} 1'
has prom-missing-good "$F" 'bcsetup_check_required_scopes_missing{profile="good",store_hash="mon1",target="cenports"} 0'
# A refused token was never probed: how many scopes it lacks is not known.
has prom-missing-unknown "$F" 'bcsetup_check_required_scopes_missing{profile="gone",store_hash="mon2",target="onport"} NaN'
has prom-alerts "$F" 'bcsetup_check_alerts{profile="good",store_hash="mon1",target="cenports"} 0'
has prom-time "$F" 'bcsetup_check_timestamp_seconds{profile="good"'
has prom-duration "$F" 'bcsetup_check_duration_seconds{profile="good"'
has prom-help "$F" '# TYPE bcsetup_check_ok gauge'
# Why each failed profile failed, on a series of its own; none for a pass.
has prom-kind-short "$F" 'bcsetup_check_failure{profile="short",store_hash="mon1",target="cenports",kind="scope"} 1'
has prom-kind-gone "$F" 'bcsetup_check_failure{profile="gone",store_hash="mon2",target="onport",kind="auth"} 1'
lacks prom-kind-good "$F" 'bcsetup_check_failure{profile="good"'
has prom-build "$F" "bcsetup_build_info{version=\"$("$BC" --version | cut -d' ' -f2)\"} 1"
# When each token came in (imported just now), for a rotation policy.
imported=$(grep '^bcsetup_token_timestamp_seconds{profile="good"' <<<"$F" | awk '{print $2}')
if [ -n "$imported" ] && [ $(($(date +%s) - ${imported%.*})) -lt 600 ]; then ok; else
	bad "prom-token-time: '$imported'"; fi
# Durations in milliseconds' precision: three decimals.
grep -qE '^bcsetup_check_duration_seconds\{profile="good".*\} [0-9]+\.[0-9]{3}$' <<<"$F" && ok ||
	bad "prom-duration-ms: $(grep '^bcsetup_check_duration_seconds{profile="good"' <<<"$F")"
same prom-mode "$(stat -c %a "$M/bcsetup.prom")" 644
same prom-no-temp-left "$(ls "$M")" bcsetup.prom
leak=0
while IFS= read -r s; do
	[ -n "$s" ] && grep -qF -- "$s" "$M/bcsetup.prom" && leak=1
done <<<"$SECRETS"
same prom-no-secret "$leak" 0
run promtool 0 promtool check metrics <"$M/bcsetup.prom"
# promtool can fail: a broken line is caught.
printf 'bcsetup_check_ok{profile="x" 1\n' | promtool check metrics >/dev/null 2>&1 && bad "promtool accepts a broken line" || ok
# A label that is not UTF-8 (a file name) or carries a control character:
# valid UTF-8 in the file, so promtool takes it.
cp "$T_TMP/c1" "$T_TMP/creds-"$'\xff\x1b'
run prom-bad-label 0 "$BC" check --from-file "$T_TMP/creds-"$'\xff\x1b' --for cenports --prometheus "$T_TMP/label.prom"
run promtool-bad-label 0 promtool check metrics <"$T_TMP/label.prom"
has prom-bad-label-clean "$(cat "$T_TMP/label.prom")" "creds-?\""
# The vault cannot be opened (a wrong passphrase): exit 3, and the file now
# says the run failed; no profile is left reported ok.
echo 'not the passphrase' >"$T_TMP/wrong"
chmod 600 "$T_TMP/wrong"
BCSETUP_PASSPHRASE_FILE=$T_TMP/wrong run prom-wrong-pass 3 "$BC" check --all --prometheus "$M/bcsetup.prom"
F=$(cat "$M/bcsetup.prom")
has prom-wrong-run "$F" "bcsetup_check_run_ok 0"
has prom-wrong-exit "$F" "bcsetup_check_run_exit_status 3"
lacks prom-wrong-no-ok "$F" "bcsetup_check_ok{"
run promtool-failed 0 promtool check metrics <"$M/bcsetup.prom"
run prom-again 1 "$BC" check --all --prometheus "$M/bcsetup.prom"
has prom-again-run "$(cat "$M/bcsetup.prom")" "bcsetup_check_run_ok 1"
# --json and an unwritable metrics file: one document, saying both.
run prom-json-unwritable 2 "$BC" check good --json --prometheus "$T_TMP/no/such/dir/bcsetup.prom"
same prom-json-one-doc "$(jq -s length <<<"$OUT")" 1
has prom-json-error "$(tr -d '\n\t' <<<"$OUT")" '"error":{"kind":"io"'
# A directory that cannot take the file: exit 2, and the old file stays whole.
run prom-unwritable 2 "$BC" check good --prometheus "$T_TMP/no/such/dir/bcsetup.prom"
has prom-unwritable-msg "$ERR" "cannot use the directory $T_TMP/no/such/dir"
# A directory another user owns (or may write to) could have the file
# swapped under the collector: refused, as the vault's would be.
mkdir -p "$T_TMP/theirs"
chown nobody "$T_TMP/theirs"
run prom-foreign-dir 2 "$BC" check good --prometheus "$T_TMP/theirs/bcsetup.prom"
has prom-foreign-dir-msg "$ERR" "the metrics file's directory $T_TMP/theirs belongs to"
same prom-foreign-dir-nothing "$(ls -A "$T_TMP/theirs")" ""

# 2. A real node_exporter reads it through its textfile collector.
port=$((20000 + RANDOM % 20000))
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$M" >"$T_TMP/ne.log" 2>&1 &
NE_PID=$!
served=
for _ in $(seq 1 50); do
	served=$(curl -s "http://127.0.0.1:$port/metrics") && [ -n "$served" ] && break
	sleep 0.1
done
has ne-serves "$served" 'bcsetup_check_ok{profile="good",store_hash="mon1",target="cenports"} 1'
has ne-serves-gap "$served" 'bcsetup_check_required_scopes_missing{profile="short",store_hash="mon1",target="cenports"} 1'
has ne-no-scrape-error "$served" 'node_textfile_scrape_error 0'

# 3. As the timer runs it: no terminal, the passphrase a credential file
# (0400, in a directory of its own, as systemd's LoadCredential= gives it).
CRED=$T_TMP/credentials
mkdir -m 700 "$CRED"
install -m 400 "$T_TMP/pass" "$CRED/passphrase"
rm -f "$M/bcsetup.prom"
setsid env -u BCSETUP_PASSPHRASE_FILE CREDENTIALS_DIRECTORY="$CRED" \
	BCSETUP_PASSPHRASE_FILE="$CRED/passphrase" "$BC" check --all --prometheus "$M/bcsetup.prom" \
	</dev/null >"$T_TMP/unattended.out" 2>&1
same unattended-exit "$?" 1
has unattended-wrote "$(cat "$M/bcsetup.prom" 2>/dev/null)" 'bcsetup_check_ok{profile="good"'
lacks unattended-no-prompt "$(cat "$T_TMP/unattended.out")" "assphrase:"

# 4. The units verify (with ExecStart pointing at this build), and a broken
# one does not.
mkdir -m 700 "$T_TMP/units" "$T_TMP/runtime"
sed "s|/usr/bin/bcsetup|$BC|" "$UNITS/bcsetup-check.service" >"$T_TMP/units/bcsetup-check.service"
cp "$UNITS/bcsetup-check.timer" "$T_TMP/units/"
out=$(cd "$T_TMP/units" && XDG_RUNTIME_DIR=$T_TMP/runtime systemd-analyze --user verify --man=no \
	bcsetup-check.service bcsetup-check.timer 2>&1)
same units-verify "$?" 0
same units-verify-silent "$out" ""
sed -i 's/^Type=oneshot/Type=oneshoot/' "$T_TMP/units/bcsetup-check.service"
out=$(cd "$T_TMP/units" && XDG_RUNTIME_DIR=$T_TMP/runtime systemd-analyze --user verify --man=no \
	bcsetup-check.service 2>&1)
has units-verify-catches "$out" "Failed to parse service type"
has unit-credential "$(cat "$UNITS/bcsetup-check.service")" "LoadCredential=passphrase:"
# Sandboxed: systemd's own rating of the shipped service is 3.0 or better
# (--threshold is on a 0-100 scale), and it would catch an unhardened one.
run units-exposure 0 systemd-analyze security --offline=yes --threshold=30 "$UNITS/bcsetup-check.service"
has units-exposure-said "$OUT" "Overall exposure level for bcsetup-check.service"
printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$T_TMP/units/bare.service"
run units-exposure-bare 1 systemd-analyze security --offline=yes --threshold=30 "$T_TMP/units/bare.service"
finish
