/*
 * keyring.c - bcsetup unlock and lock: the vault's derived key kept in the
 * kernel's session keyring, so that later commands of this login session
 * skip the passphrase and Argon2id.
 *
 * The key is a "user" key named "bcsetup:vault:<absolute vault path>" in the
 * session keyring, with possessor permissions only: a process reads it when
 * it possesses the keyring (this login session and what it starts), not
 * merely because it runs as the same user; a new session keyring (keyctl
 * session) does not. It expires after --for (default 15 minutes). It is
 * never written to disk; docs/SECURITY.md says what it changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>
#include <sodium.h>

#include "bcsetup/vault.h"
#include "cli.h"

#define UNLOCK_DEFAULT_SECONDS (15L * 60)
#define UNLOCK_MAX_SECONDS     (7L * 24 * 3600)

/* The key's name for the vault at path: its absolute path (a relative
 * --vault names the same vault from another directory). */
static int key_name(const char *path, char *buf, size_t size)
{
	char real[4096];

	if (!realpath(path, real))
		return -1;
	return snprintf(buf, size, "bcsetup:vault:%s", real) < (int)size ? 0 : -1;
}

static key_serial_t find_key(const char *path)
{
	char name[4200];
	long id;

	if (key_name(path, name, sizeof name) != 0)
		return -1;
	id = keyctl_search(KEY_SPEC_SESSION_KEYRING, "user", name, 0);
	return id < 0 ? -1 : (key_serial_t)id;
}

int cli_keyring_get(const char *path, unsigned char *key)
{
	key_serial_t id = find_key(path);
	unsigned char *buf;
	long n;

	if (id < 0)
		return -1;
	if (!(buf = sodium_malloc(VAULT_KEY_BYTES + 1)))
		return -1;
	n = keyctl_read(id, (char *)buf, VAULT_KEY_BYTES + 1);
	if (n == VAULT_KEY_BYTES)
		memcpy(key, buf, VAULT_KEY_BYTES);
	sodium_free(buf);
	return n == VAULT_KEY_BYTES ? 0 : -1;
}

void cli_keyring_drop(const char *path)
{
	key_serial_t id = find_key(path);

	if (id >= 0)
		keyctl_invalidate(id);
}

/* "90s", "15m", "2h", "1d", or seconds: -1 when it is none of these. */
static long duration(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || n <= 0)
		return -1;
	if (*end && end[1])
		return -1;
	switch (*end) {
	case '\0':
	case 's': return n;
	case 'm': return n <= UNLOCK_MAX_SECONDS / 60 ? n * 60 : -1;
	case 'h': return n <= UNLOCK_MAX_SECONDS / 3600 ? n * 3600 : -1;
	case 'd': return n <= UNLOCK_MAX_SECONDS / 86400 ? n * 86400 : -1;
	default: return -1;
	}
}

int cmd_unlock(struct cli *c)
{
	unsigned char *key;
	char path[4096], name[4200], desc[256];
	struct vault *v;
	long seconds = c->target ? duration(c->target) : UNLOCK_DEFAULT_SECONDS;
	key_serial_t ring, id;
	int rc;

	if (seconds < 0 || seconds > UNLOCK_MAX_SECONDS)
		return cli_error(BC_ERR_INPUT,
				 "--for takes a duration such as 90s, 15m or 8h, at most 7d (not "
				 "'%s')",
				 cli_safe(c->target));
	/* Without a session keyring of its own, the kernel would make one for
	 * this process alone, gone when it exits. */
	ring = keyctl_get_keyring_ID(KEY_SPEC_SESSION_KEYRING, 0);
	if (ring < 0)
		return cli_error(BC_ERR_IO,
				 "this login has no session keyring to keep the key in (%s); run "
				 "bcsetup inside 'keyctl session', or log in through PAM "
				 "(pam_keyinit)",
				 strerror(errno));
	if (keyctl_describe(ring, desc, sizeof desc) > 0 && strstr(desc, ";_uid_ses."))
		fprintf(stderr,
			"bcsetup: note: this login has no session keyring of its own; the key "
			"goes to this user's default one, which every process of yours without "
			"a session keyring shares\n");
	if ((rc = cli_open_vault(c, 0, &v)) != 0)
		return rc;
	if ((rc = cli_vault_path(c, path, sizeof path)) != 0 ||
	    key_name(path, name, sizeof name) != 0) {
		vault_close(v);
		return rc ? rc : cli_error(BC_ERR_IO, "cannot name the vault %s", path);
	}
	if (!(key = sodium_malloc(VAULT_KEY_BYTES))) {
		vault_close(v);
		return cli_error(BC_ERR_NOMEM, "out of memory");
	}
	vault_key(v, key);
	vault_close(v);
	id = add_key("user", name, key, VAULT_KEY_BYTES, KEY_SPEC_SESSION_KEYRING);
	sodium_free(key);
	if (id < 0)
		return cli_error(BC_ERR_IO, "cannot keep the key in the session keyring: %s",
				 strerror(errno));
	/* Possessor only: not every process of this user, only this session's. */
	if (keyctl_setperm(id, KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE | KEY_POS_SEARCH |
				       KEY_POS_SETATTR) != 0 ||
	    keyctl_set_timeout(id, (unsigned)seconds) != 0) {
		keyctl_invalidate(id);
		return cli_error(BC_ERR_IO, "cannot protect the key in the keyring: %s",
				 strerror(errno));
	}
	if (c->json) {
		printf("{\"ok\": true, \"seconds\": %ld}\n", seconds);
		return 0;
	}
	fprintf(stderr,
		"The vault %s is unlocked for this session for %ld minute%s: 'bcsetup lock' "
		"locks it now.\n",
		path, (seconds + 59) / 60, (seconds + 59) / 60 == 1 ? "" : "s");
	return 0;
}

int cmd_lock(struct cli *c)
{
	char path[4096];
	key_serial_t id;
	int rc;

	if ((rc = cli_vault_path(c, path, sizeof path)) != 0)
		return rc;
	id = find_key(path);
	if (id >= 0 && keyctl_invalidate(id) != 0)
		return cli_error(BC_ERR_IO, "cannot remove the key from the keyring: %s",
				 strerror(errno));
	if (c->json)
		printf("{\"ok\": true, \"was_unlocked\": %s}\n", id >= 0 ? "true" : "false");
	else
		fprintf(stderr, "%s\n",
			id >= 0 ? "Locked: the next command asks for the passphrase."
				: "The vault was not unlocked in this session.");
	return 0;
}
