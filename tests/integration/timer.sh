#!/usr/bin/env bash
# The units in contrib/systemd as a person installs them, run by a real
# systemd user manager: the timer fires, the service checks every profile with
# the passphrase as a credential and no terminal, and the metrics file is
# written. Needs root: the manager runs in a mount namespace of its own, where
# a tmpfs on /run/systemd tells it the system runs systemd (this container's
# PID 1 is not systemd); nothing outside the namespace changes.
set -u
BC=${1:?usage: timer.sh bcsetup bcsetup-sandbox contrib/systemd}
SB=${2:?}
UNITS=${3:?}
if [ -z "${TIMER_IN_NAMESPACE:-}" ]; then
	[ "$(id -u)" = 0 ] || { echo "FAIL timer.sh needs root (a mount namespace)"; exit 1; }
	exec env TIMER_IN_NAMESPACE=1 unshare --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"
MANAGER=
trap '[ -n "$MANAGER" ] && kill $MANAGER 2>/dev/null; for p in $SB_PIDS; do kill $p 2>/dev/null; done
      rm -rf "$T_TMP"' EXIT
mkdir -p /run/systemd
mount -t tmpfs tmpfs /run/systemd || { echo "FAIL cannot mount a tmpfs on /run/systemd"; exit 1; }
mkdir -p /run/systemd/system

# A person's home with a vault, made by the plain commands. Home and runtime
# directory where they usually are, not in /tmp: the service has PrivateTmp=.
# /run/user is a shared mount, as logind makes it: the manager mounts each
# service's credentials there from a namespace of its own.
mount -t tmpfs tmpfs /home && mkdir -p /run/user && mount -t tmpfs tmpfs /run/user &&
	mount --make-shared /run/user ||
	{ echo "FAIL cannot mount a tmpfs on /home and /run/user"; exit 1; }
export HOME=/home/tester XDG_RUNTIME_DIR=/run/user/$(id -u)
unset XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME DBUS_SESSION_BUS_ADDRESS BCSETUP_VAULT
mkdir -p "$HOME/.config/bcsetup" && mkdir -m 700 "$XDG_RUNTIME_DIR"
make_ca "$HOME" || { echo "FAIL cannot make a test CA"; exit 1; }
PRESET='"store_v2_orders","store_v2_products","store_v2_information_read_only"'
cat >"$T_TMP/stores.json" <<JSON
{"stores": [{"hash": "tim1", "quota": 100000, "tokens": [
  {"token": "timergood000000000000000000001", "scopes": [$PRESET]}]},
 {"hash": "tim2", "quota": 100000, "tokens": []}]}
JSON
sandbox_start "$SB" "$T_TMP/stores.json" --cert "$HOME/server.pem" --key "$HOME/server.key" || exit 1
sbcreds "$T_TMP/c1" timergood000000000000000000001 tim1
sbcreds "$T_TMP/c2" timergone000000000000000000001 tim2
install -m 600 /dev/stdin "$HOME/.config/bcsetup/passphrase" <<<'timer passphrase'
export BCSETUP_KDF_COST=min BCSETUP_CACERT=$HOME/ca.pem
BCSETUP_PASSPHRASE_FILE=$HOME/.config/bcsetup/passphrase run import-good 0 "$BC" import good "$T_TMP/c1" --for cenports
BCSETUP_PASSPHRASE_FILE=$HOME/.config/bcsetup/passphrase run import-gone 0 "$BC" import gone "$T_TMP/c2" --for cenports

# The units as the service file's comment says to install them, with this
# build's bcsetup (copied out of a build tree that may be in /tmp, which the
# service's PrivateTmp= hides) and the test's CA; the timer's hour made a second.
install -D -m 755 "$BC" "$HOME/bin/bcsetup"
U=$HOME/.config/systemd/user
mkdir -p "$U/bcsetup-check.service.d" "$U/bcsetup-check.timer.d"
install -m 644 "$UNITS/bcsetup-check.service" "$UNITS/bcsetup-check.timer" "$U/"
cat >"$U/bcsetup-check.service.d/test.conf" <<CONF
[Service]
ExecStart=
ExecStart=$(sed -n 's|^ExecStart=/usr/bin/bcsetup|'"$HOME/bin/bcsetup"'|p' "$UNITS/bcsetup-check.service")
Environment=BCSETUP_KDF_COST=min BCSETUP_CACERT=$HOME/ca.pem
# LeakSanitizer (the sanitizer build) cannot run inside the service's sandbox
# (it stops with its own exit status); leaks are checked by every other test.
Environment=ASAN_OPTIONS=detect_leaks=0
StandardOutput=append:$HOME/service.log
StandardError=append:$HOME/service.log
CONF
printf '[Timer]\nOnActiveSec=1s\nAccuracySec=100ms\nRandomizedDelaySec=0\n' >"$U/bcsetup-check.timer.d/test.conf"
grep -q '^ExecStart=.*--prometheus' "$U/bcsetup-check.service.d/test.conf" && ok ||
	bad "the service's ExecStart was not found to adapt"

/lib/systemd/systemd --user >"$T_TMP/manager.log" 2>&1 &
MANAGER=$!
for _ in $(seq 1 100); do
	[ -S "$XDG_RUNTIME_DIR/systemd/private" ] && break
	sleep 0.1
done
sc() { systemctl --user --no-pager "$@"; }
run manager-up 0 sc is-system-running --wait
run enable-timer 0 sc enable --now bcsetup-check.timer
run timer-active 0 sc is-active bcsetup-check.timer
# StateDirectory= of a user unit: ~/.config on systemd 252, ~/.local/state from 254.
PROM=$(sc show -p ExecStart --value bcsetup-check.service | grep -o '/[^ ;]*bcsetup\.prom' | head -1)
has prom-path "$PROM" /bcsetup/metrics/bcsetup.prom
for _ in $(seq 1 100); do
	[ "$(sc show -p ExecMainExitTimestampMonotonic --value bcsetup-check.service)" != 0 ] && break
	sleep 0.1
done
same service-ran-by-timer "$(sc show -p TriggeredBy --value bcsetup-check.service)" bcsetup-check.timer
same timer-fired "$(sc show -p LastTriggerUSecMonotonic --value bcsetup-check.timer | grep -c '^[1-9]')" 1
# Exit 1 (a profile's token is refused) is success for the unit: the
# failure is in the metrics, where an alert reads it.
status=$(sc show -p ExecMainStatus --value bcsetup-check.service)
same service-exit "$status" 1
[ "$status" = 1 ] || sed 's/^/    service: /' "$HOME/service.log" 2>/dev/null
same service-result "$(sc show -p Result --value bcsetup-check.service)" success
F=$(cat "$PROM" 2>/dev/null)
has timer-wrote-good "$F" 'bcsetup_check_ok{profile="good",store_hash="tim1",target="cenports"} 1'
has timer-wrote-gone "$F" 'bcsetup_check_ok{profile="gone",store_hash="tim2",target="cenports"} 0'
lacks timer-no-token "$F" timergood
# No terminal: the service's standard input is /dev/null; the passphrase came
# from the credential, and the vault recorded the run.
same service-stdin "$(sc show -p StandardInput --value bcsetup-check.service)" null
BCSETUP_PASSPHRASE_FILE=$HOME/.config/bcsetup/passphrase run list-after 0 "$BC" list
has list-recorded "$(grep good <<<"$OUT")" ok
[ "$(stat -c %a "$PROM" 2>/dev/null)" = 644 ] && ok || bad "metrics file mode $(stat -c %a "$PROM")"
has run-ok "$F" "bcsetup_check_run_ok 1"

# A passphrase file others can read: LoadCredential= hands the service a
# private copy, so the service checks the original, refuses it, and the
# metrics say the run failed instead of keeping the last "ok".
chmod 644 "$HOME/.config/bcsetup/passphrase"
: >"$HOME/service.log"
sc start bcsetup-check.service >/dev/null 2>&1
same readable-exit "$(sc show -p ExecMainStatus --value bcsetup-check.service)" 2
same readable-result "$(sc show -p Result --value bcsetup-check.service)" exit-code
has readable-why "$(cat "$HOME/service.log")" "the passphrase file $HOME/.config/bcsetup/passphrase can be read or written by others (mode 644): chmod 600"
F=$(cat "$PROM" 2>/dev/null)
has readable-metrics-failed "$F" "bcsetup_check_run_ok 0"
has readable-metrics-exit "$F" "bcsetup_check_run_exit_status 2"
lacks readable-metrics-no-ok "$F" 'bcsetup_check_ok{'
chmod 600 "$HOME/.config/bcsetup/passphrase"
sc start bcsetup-check.service >/dev/null 2>&1
same private-again "$(sc show -p ExecMainStatus --value bcsetup-check.service)" 1
has private-again-metrics "$(cat "$PROM")" 'bcsetup_check_ok{profile="good",store_hash="tim1",target="cenports"} 1'
finish
