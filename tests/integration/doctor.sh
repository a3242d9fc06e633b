#!/usr/bin/env bash
# doctor: a good set-up is all well (exit 0); a passphrase file others can
# read, a vault directory anyone can write to, a wrong passphrase, an API
# root that does not answer, and a metrics file node_exporter cannot reach
# are each named with their fix (exit 1). --json says the same.
set -u
BC=${1:?usage: doctor.sh bcsetup bcsetup-sandbox}
SB=${2:?usage: doctor.sh bcsetup bcsetup-sandbox}
. "$(dirname "$0")/../lib.sh"
export BCSETUP_KDF_COST=min BCSETUP_VAULT=$T_TMP/v/vault BCSETUP_PASSPHRASE_FILE=$T_TMP/pass
printf 'doctor passphrase\n' >"$T_TMP/pass"
chmod 600 "$T_TMP/pass"
chmod 755 "$T_TMP"
echo '{"stores": [{"hash": "doc123", "tokens": []}]}' >"$T_TMP/stores.json"
sandbox_start "$SB" "$T_TMP/stores.json" || exit 1
export BCSETUP_API_BASE=$SB_URL
mkcreds "$T_TMP/creds" doc123 doctortoken00000000000000000001
run import 0 "$BC" import shop "$T_TMP/creds"

run good 0 "$BC" doctor
has good-says "$OUT" "All is well."
has good-vault "$OUT" "$BCSETUP_VAULT: mode 0600, yours"
has good-opens "$OUT" "with the passphrase file: 1 profile"
has good-api "$OUT" "$SB_URL answers"
run good-json 0 "$BC" doctor --json
same good-json-ok "$(jq -r .ok <<<"$OUT")" true
same good-json-no-fail "$(jq '[.checks[] | select(.status == "fail")] | length' <<<"$OUT")" 0

# A passphrase file others can read: named, with its fix.
chmod 644 "$T_TMP/pass"
run pass-0644 1 "$BC" doctor
has pass-0644-names "$OUT" "$T_TMP/pass can be read or written by others (mode 0644)"
has pass-0644-fix "$OUT" "fix: chmod 600 $T_TMP/pass"
run pass-0644-json 1 "$BC" doctor --json
same pass-0644-json-check "$(jq -r '.checks[] | select(.status == "fail") | .check' <<<"$OUT")" \
	"passphrase file"
chmod 600 "$T_TMP/pass"

# A vault directory anyone can write to: named, with its fix.
chmod 777 "$T_TMP/v"
run dir-0777 1 "$BC" doctor
has dir-0777-names "$OUT" "other users can write to the vault's directory $T_TMP/v (mode 0777)"
has dir-0777-fix "$OUT" "fix: chmod go-w $T_TMP/v"
chmod 700 "$T_TMP/v"

# The vault file readable by others.
chmod 644 "$BCSETUP_VAULT"
run vault-0644 1 "$BC" doctor
has vault-0644-fix "$OUT" "fix: chmod 600 $BCSETUP_VAULT"
chmod 600 "$BCSETUP_VAULT"

# A passphrase that does not open the vault.
printf 'not the passphrase\n' >"$T_TMP/wrong"
chmod 600 "$T_TMP/wrong"
BCSETUP_PASSPHRASE_FILE=$T_TMP/wrong run wrong-pass 1 "$BC" doctor
has wrong-pass-says "$OUT" "the passphrase file does not open $BCSETUP_VAULT"

# An API root that does not answer.
BCSETUP_API_BASE=http://127.0.0.1:9 run no-api 1 "$BC" doctor
has no-api-says "$OUT" "http://127.0.0.1:9 does not answer"

# The metrics file: node_exporter (user prometheus) must reach it; a 0700
# directory on the way is named. Checked only where that user exists.
if getent passwd prometheus >/dev/null; then
	mkdir -p "$T_TMP/home/metrics"
	chmod 700 "$T_TMP/home"
	chmod 755 "$T_TMP/home/metrics"
	: >"$T_TMP/home/metrics/bcsetup.prom"
	chmod 644 "$T_TMP/home/metrics/bcsetup.prom"
	run metrics-home 1 "$BC" doctor --prometheus "$T_TMP/home/metrics/bcsetup.prom"
	has metrics-home-names "$OUT" "cannot read $T_TMP/home/metrics/bcsetup.prom: $T_TMP/home (mode 0700)"
	has metrics-home-fix "$OUT" "/var/lib/prometheus/node-exporter"
	chmod 711 "$T_TMP/home"
	run metrics-ok 0 "$BC" doctor --prometheus "$T_TMP/home/metrics/bcsetup.prom"
	has metrics-ok-says "$OUT" "readable by node_exporter (user prometheus)"
else
	bad "no user prometheus: install prometheus-node-exporter (scripts/bootstrap does)"
fi
finish
