#!/usr/bin/env bash
# Every screen of the wizard, whole, as a person sees it: one size and one
# mode per run (80x24 or 64x22; colour, or NO_COLOR with LANG=C), compared
# line by line with tests/tui/screens/SIZE-MODE/. The practice store makes
# its credentials from a fixed seed so that every run shows the same values.
#   screens.sh bcsetup COLS ROWS color|plain SCREEN_NORM
# A colour screen is captured whole (-N: tmux would otherwise drop trailing
# blanks by how they were drawn, not by what they show) and saved as
# screen_norm (tests/tools) writes it: what a person sees.
# BCSETUP_SCREENS_UPDATE=1 rewrites the saved screens (review the diff).
set -u
BC=${1:?usage: screens.sh bcsetup COLS ROWS color|plain}
COLS=${2:?} ROWS=${3:?} MODE=${4:?} NORM=${5:?}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
# A directory whose name has the same length on every machine, and is
# written as /tmp/bcs.SCREEN in the saved screens.
SD=$(mktemp -d /tmp/bcs.XXXXXX)
trap 'tm_stop; rm -rf "$T_TMP" "$SD"' EXIT
export BCSETUP_KDF_COST=min BCSETUP_SANDBOX_SEED=screens TMPDIR=$SD
unset SSH_CONNECTION SSH_TTY
SET=${COLS}x${ROWS}-$MODE
mkdir -p "$SCREENS/$SET"
PASS='screen passphrase'
if [ "$MODE" = plain ]; then
	ENVS="NO_COLOR=1 LC_ALL=C LANG=C"
	CAPTURE_ESC=0
else
	ENVS="LC_ALL=C.UTF-8"
	CAPTURE_ESC=1
fi
# The screen, with what differs between runs (the directory, the practice
# store's random directory name, the age of a check) written the same way.
shot_capture() {
	if [ "$CAPTURE_ESC" = 1 ]; then tm capture-pane -p -e -N | "$NORM"; else tm capture-pane -p; fi |
		sed -e "s|$SD|/tmp/bcs.SCREEN|g" \
			-e 's/bcsetup-\(practice\.\|demo-\)[A-Za-z0-9]\{6\}/bcsetup-\1XXXXXX/g' \
			-e 's/127\.0\.0\.1:[0-9]\{5\}/127.0.0.1:PORTX/g' \
			-e 's/20[0-9][0-9]-[01][0-9]/YYYY-MM/g' \
			-e 's/[[:space:]]*$//'
}
shot() {
	local name=$1 got=$T_TMP/shot
	screen_wait "$got" "$SET/$name" shot_capture
	screen_check "$SET: $name" "$got" "$SET/$name"
}
wizard() { tm_start "$COLS" "$ROWS" "$ENVS '$BC' --demo --vault '$SD/v/vault'"; }

# 1. First run: every step of a new connection, with the help of two screens.
wizard
see start "New connection"
shot start
keys '?'
see "help" "Words used here"
shot help-start
keys Escape
keys Enter
see target "Which system asks"
shot target
pick "Order Time"
keys Enter
see caps "What should Order Time do"
shot target-caps
keys Enter
see panel "deep-links"
shot panel
keys Enter
see scopes "Set each scope"
shot scopes
keys Enter
see savebc "shows the Client ID"
shot savebc
keys Enter
see creds "Enter imports it"
shot creds
keys Enter
see imported "store hash: demo42x"
shot creds-imported
keys F1
see "help on a screen with fields" "F1"
shot help-creds
keys Escape
keys Enter
see vault "A new vault"
shot vault
tm send-keys -l "$PASS"; keys Tab; tm send-keys -l "$PASS"
see typed "matches"
shot vault-typed
keys Enter
see saved "Saved profile" 20
shot vault-saved
keys Enter
see tested "Enter coverage matrix" 20
shot test
keys Enter
see matrix "SCOPE"
shot matrix
keys e
see explain "GET "
shot explain
keys e Enter
see handoff "Order Time: Admin"
shot handoff
keys Tab
see legacy "Legacy API Setup"
shot handoff-legacy
keys n
see notes "guide:"
shot handoff-notes
keys n q
see "first run ends" "[exited 0]"
tm_stop
# The practice store's accounts wait beside the vault, for this run's eyes only.
same "practice file kept" "$(stat -c %a "$SD/v/vault.practice" 2>&1)" 600

# 2. Second run on the saved vault: unlock (a wrong passphrase first), the
# profiles, one profile's actions and its check (the practice store kept its
# account beside the vault); then a new connection made with the practice
# store's mistake, whose gap leads the matrix, and its replacement account.
wizard
see unlock "Passphrase:"
shot unlock
tm send-keys -l "wrong passphrase"; keys Enter
see "wrong passphrase" "the passphrase is wrong" 20
shot unlock-wrong
tm send-keys -l "$PASS"; keys Enter
see profiles "pick a profile" 20
keys Down Enter
see actions "What to do with this profile"
shot start-actions
# The practice store kept the account: the saved token checks again.
keys Enter
see "returning: tested" "the token works" 20
shot test-returning
keys Escape
see "returning: profiles again" "pick a profile"
keys Enter
see target2 "Which system asks"
pick Cenports
keys Enter Enter Enter
see savebc2 "m save with a mistake"
keys m
see creds2 "Enter imports it"
keys Enter Enter
# The vault is open already: the profile is saved at once.
see saved2 "Saved profile" 20
keys Enter
see tested2 "Enter coverage matrix" 20
keys Enter
see gap "Products: missing"
shot matrix-gap
# A replacement account for the gap: the new token checked, then what the
# old account takes with it, its deletion in the practice store, confirmed.
keys r
see rotate "Replacing the token"
shot panel-replacing
# The replacement made with the same mistake: it fails its check, the
# profile keeps its old token, and the hand-off says whose values it shows
# and what to delete.
keys Enter Enter
see "failed: savebc" "m save with a mistake"
keys m
see "failed: creds" "Enter imports it"
keys Enter Enter
see "failed: saved at the test" "Rotation: Enter checks the new token" 20
keys Enter
see "failed: not saved" "keeps its old token" 20
keys Enter
see "failed: matrix" "Products: missing"
keys Enter
see "failed: hand-off" "These are the OLD token's values"
shot handoff-rotation-failed
keys Escape
see "failed: matrix again" "Products: missing"
keys r
see rotate2 "Replacing the token" 60
keys Enter Enter Enter
see creds3 "Enter imports it"
keys Enter Enter
see "rotation: saved at the test" "Rotation: Enter checks the new token" 20
keys Enter
see "rotation: replaced" "The new token replaced the old one" 20
shot test-replaced
keys Enter
see "rotation: matrix" "Every required scope is held"
keys d
see "rotation: what goes" "webhooks, and they are deleted with it"
shot matrix-deleting
# Left before the old account is deleted: the exit summary says so, and
# so do the next run's start screen and its matrix, until confirmed.
keys C-c
see "ctrl-c on a saved profile quits at once" "[exited 130]"
has "exit: old account named" "$(tm_screen | tr -d '\n')" "The old API account (\"Cenports"
has "exit: how to confirm" "$(tm_screen | tr -d '\n')" "is not confirmed deleted:"
tm_stop
wizard
see unlock3 "Passphrase:"
tm send-keys -l "$PASS"; keys Enter
see "waiting: profiles" "old account to delete" 20
shot start-waiting
keys Down Down Enter
see "waiting: actions" "What to do with this profile"
keys Enter
see "waiting: tested" "Enter coverage matrix" 20
keys Enter
see "waiting: matrix offers d" "d old account"
keys d
see "waiting: what goes" "webhooks, and they are deleted with it"
keys x
see "rotation: deleted" "The practice store deleted the old account"
keys d
see "rotation: confirmed" "The old account is deleted"
shot matrix-deleted
keys C-c
see "ctrl-c: quits" "[exited 130]"
lacks "exit: nothing left to delete" "$(tm_screen | tr -d '\n')" "not confirmed deleted"
tm_stop

# 3. An app for an integration that takes one (Celigo's OAuth 2.0): the
# Developer Portal's steps, the app's values, no live test but why, and the
# hand-off integrator.io asks for.
tm_start "$COLS" "$ROWS" "$ENVS '$BC' --demo --vault '$SD/a/vault'"
see "app: start" "New connection"
keys Enter
see "app: targets" "Which system asks"
pick "Celigo integrator.io"
keys Enter
see "app: kinds" "two kinds of credentials"
keys Down
shot target-kind
keys Enter
see "app: portal" "Developer Portal"
shot panel-app
keys Enter
see "app: scopes" "Set each scope"
keys Down Down Down Down Down Down Right Down Down Down Down Down Right Enter
see "app: save" "save it"
shot savebc-app
keys Enter
see "app: values" "Redirect URL"
paste "https://integrator.example/connection/oauth2/callback"
see "app: callback" "the app's Auth Callback URL"
shot creds-app
keys Enter
see "app: vault" "A new vault"
tm send-keys -l "$PASS"; keys Tab; tm send-keys -l "$PASS"; keys Enter
see "app: saved" "Saved profile" 20
keys Enter
see "app: how verified" "how it is verified"
shot test-app
keys Enter
see "app: hand-off" "Auth type: OAuth 2.0"
shot handoff-app
keys q
see "app: ends" "[exited 0]"
tm_stop
finish
