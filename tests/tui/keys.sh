#!/usr/bin/env bash
# The wizard off the straight path, in tmux: the help screen and the keys each
# screen takes, passphrases beyond ASCII (and what a C locale does with them),
# Ctrl-C with typed values, ~ and SSH on the credentials screen, and the
# clipboard hand-off (OSC 52, read back from tmux's buffer).
set -u
BC=${1:?usage: keys.sh path/to/bcsetup}
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT
export BCSETUP_KDF_COST=min TMPDIR=$T_TMP/tmp
mkdir -p "$TMPDIR"
PASS='grüne Äpfel über Straße'
# clip: what the program last copied, as tmux received it.
clip() { tm show-buffer 2>/dev/null; }

# 1. The help screen lists the screen's keys from its table and the terms;
# closing it gives the screen back as it was. A key the screen does not take
# says so instead of doing nothing silently.
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/help/vault'"
tm set -g set-clipboard on
see "start" "New connection"
keys Enter
see "targets" "Which system asks"
pick Cenports
keys Enter Enter
see "scopes" "Set each scope"
keys Down Down
keys '?'
see "help: title" "Keys on \"Step 3 of 8: scopes\""
has "help: h lowers, as it does" "$(tm_screen)" "Right, l or Space raises"
has "help: every key of the table" "$(tm_screen)" "PgUp/PgDn jump ten"
has "help: scrolls" "$(tm_screen)" "More below"
keys PageDown PageDown
see "help: terms" "Store hash"
keys Escape
see "help closed" "Set each scope"
has "help: selection kept" "$(tm_screen)" "3 of 27."
keys z
see "unknown key" "z does nothing here; ? lists the keys that do."
# Keys are named as the help screen names them, never as curses does.
keys BTab
see "unknown key named" "Shift-Tab does nothing here"
keys Tab
see "unknown key named 2" "Tab does nothing here"
keys Down Down h
see "h is what help says" "Cenports needs Information & Settings at read-only at least."
# Content added, then back to the same integration: the addition stays.
keys PageUp Right
see "added" "added"
keys Escape Escape
see "back to the integrations" "Which system asks"
keys Enter Enter
see "same again" "Set each scope"
has "same again: the addition kept" "$(tm_screen)" "Content                                        read-only  added"
# Back again, another integration: its own preset, and the profile name it
# proposes is its own, not the first pick's.
keys Enter Enter
see "creds (cenports)" "Enter imports it"
has "cenports' name" "$(tm_screen)" "Profile name:     cenports"
keys Escape Escape Escape Escape
see "integrations again" "Which system asks"
keys Up Enter Enter
see "onport's scopes" "Set each scope"
lacks "another integration: no addition carried" "$(tm_screen)" "added"
keys Enter Enter
see "creds (onport)" "Enter imports it"
has "onport's name" "$(tm_screen)" "Profile name:     onport"
tm_stop

# 2. A passphrase beyond ASCII, set in the wizard, opens the vault in the
# plain commands (the same bytes, UTF-8).
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/utf8/vault'"
see "utf8: start" "New connection"
keys Enter Down Enter Enter Enter Enter
see "utf8: creds" "Enter imports it"
keys Enter Enter
see "utf8: vault" "A new vault"
keys F1
see "utf8: F1 on a screen with fields" "? is typed into the field here"
keys Escape
tm send-keys -l "$PASS"; keys Tab; tm send-keys -l "$PASS"
see "utf8: counted as characters" "23 characters"
see "utf8: matches" "matches"
keys Enter
see "utf8: saved" "Saved profile" 20
keys C-c
see "utf8: saved profile quits without asking" "[exited 130]"
tm_stop
printf '%s\n' "$PASS" >"$T_TMP/pass"; chmod 600 "$T_TMP/pass"
BCSETUP_PASSPHRASE_FILE=$T_TMP/pass run "utf8: the command opens it" 0 "$BC" list --vault "$T_TMP/utf8/vault"
has "utf8: the profile is there" "$OUT" "cenports"

# 3. In the C locale a character beyond ASCII is refused with a reason, not
# dropped: nothing goes into the field.
tm_start 80 24 "LC_ALL=C LANG=C '$BC' --vault '$T_TMP/utf8/vault'"
see "C: unlock" "Passphrase:"
tm send-keys -l "ü"
see "C: refused" "this terminal's locale is not UTF-8"
has "C: nothing typed" "$(tm_screen)" "0 characters typed"
tm_stop

# 4. Ctrl-C on the credentials screen, once a value is typed, asks first;
# ~ is the home directory; over SSH the screen says where the file must be.
mkdir -p "$T_TMP/home"
mkcreds "$T_TMP/home/creds.txt" demo42x tokenaaaaaaaaaaaaaaaaaaaaaaaaaaa "Home file"
tm_start 80 24 "HOME='$T_TMP/home' SSH_CONNECTION='192.0.2.1 5 192.0.2.2 22' '$BC' --demo --vault '$T_TMP/ssh/vault'"
see "ssh: start" "New connection"
keys Enter Down Enter Enter Enter Enter
see "ssh: creds" "Import the downloaded file"
see "ssh: where the file must be" "Over SSH: copy the file to this server, or paste the values."
keys C-u
tm send-keys -l "~/missing.txt"
keys Enter
see "ssh: a missing file says why" "Over SSH, the file must be on this server"
has "ssh: ~ expanded" "$(tm_screen)" "$T_TMP/home/missing.txt"
keys C-u
tm send-keys -l "~/creds.txt"
keys Enter
see "~: imported" "Imported creds.txt"
keys C-c
see "ctrl-c: asks on the credentials screen" "Quit? What you typed is not saved"
keys n
see "ctrl-c: stays" "Import the downloaded file"
keys Escape
see "esc: back a screen, values kept" "Check the scopes once more"
keys C-c
see "ctrl-c: asks on any screen" "Quit?"
keys y
see "ctrl-c: quits" "[exited 130]"
tm_stop

# 5. The hand-off: the hint of the selected field, and one copy of every
# value for Cenports' e-mail, secrets included but never on the screen, and
# the e-mail address left for the merchant to write (no placeholder).
tm_start 80 24 "'$BC' --demo --vault '$T_TMP/handoff/vault'"
tm set -g set-clipboard on
see "copy: start" "New connection"
keys Enter Down Enter Enter Enter Enter
see "copy: creds" "Enter imports it"
keys Enter Enter
see "copy: vault" "A new vault"
tm send-keys -l "$PASS"; keys Tab; tm send-keys -l "$PASS"; keys Enter
see "copy: saved" "Saved profile" 20
keys Enter
see "copy: tested" "Enter coverage matrix" 20
keys Enter Enter
see "copy: hand-off" "Cenports user e-mail"
has "copy: the e-mail is the merchant's" "$(tm_screen)" "(yours to fill in)"
# Where the e-mail goes, as Cenports' guide says.
has "copy: the address" "$(tm_screen)" "Send to                 integrations@cenports.com"
keys Down
see "copy: its hint" "Cenports user e-mail: the e-mail address you sign in to"
keys a
see "copy: all copied" "values copied to your clipboard as one block"
C=$(clip)
has "copy: e-mail line left empty" "$C" "Cenports user e-mail: "
has "copy: the address copied" "$C" "Send to: integrations@cenports.com"
lacks "copy: no placeholder" "$C" "<"
has "copy: the store URL" "$C" "Store URL: store-demo42x.mybigcommerce.com"
TOKEN=$(sed -n 's/^Access Token: //p' <<<"$C")
same "copy: the token is whole" "${#TOKEN}" 31
lacks "copy: the token never on the screen" "$(tm_screen)" "$TOKEN"
# Revealed, a secret too long for its row is cut with a sign and shown
# whole below while selected.
SECRET=$(sed -n 's/^Client Secret: //p' <<<"$C")
same "copy: the secret is whole" "${#SECRET}" 64
keys Down Down v
see "reveal: cut with a sign" "${SECRET:0:20}"
has "reveal: the sign" "$(tm_screen | grep "^  Client Secret")" ">"
has "reveal: whole below" "$(tm_screen | tr -d ' \n')" "$SECRET"
keys v
see "reveal: hidden again" "(64 characters)"
lacks "reveal: gone" "$(tm_screen)" "${SECRET:0:20}"
keys Down Down
see "copy: store URL hint" "Store URL: the Permanent Address"
keys n
see "copy: notes" "From the Cenports guide:"
keys n q
see "copy: done" "[exited 0]"
tm_stop
finish
