/* Getting the vault passphrase: from a file, or typed on the terminal with
 * echo off. Never from argv. The terminal is restored even on Ctrl-C. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "bcsetup/mem.h"
#include "bcsetup/vault.h"
#include "cli.h"

/* The same limit as a passphrase file's, and one byte to see it passed. */
#define PASS_MAX (VAULT_PASSPHRASE_MAX + 2)

static int tty_fd = -1;
static struct termios saved;
static volatile sig_atomic_t echo_off;

static void restore_and_die(int sig)
{
	if (echo_off)
		tcsetattr(tty_fd, TCSAFLUSH, &saved);
	(void)!write(tty_fd, "\n", 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Set by ask() when what was typed is longer than a passphrase may be. */
static int too_long;

/* Asks on /dev/tty; returns guarded memory or NULL (no terminal, or EOF). */
static char *ask(const char *prompt)
{
	struct sigaction sa = {0}, old_int, old_term, old_hup;
	struct termios t;
	char *buf;
	size_t n = 0;
	char ch;
	ssize_t r;

	tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (tty_fd < 0)
		return NULL;
	buf = sodium_malloc(PASS_MAX);
	if (!buf || tcgetattr(tty_fd, &saved) != 0) {
		secret_free(buf);
		close(tty_fd);
		return NULL;
	}
	sa.sa_handler = restore_and_die;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	(void)!write(tty_fd, prompt, strlen(prompt));
	tcsetattr(tty_fd, TCSAFLUSH, &t);
	echo_off = 1;
	/* One byte at a time: no stdio buffer keeps a copy. */
	while ((r = read(tty_fd, &ch, 1)) == 1 || (r < 0 && errno == EINTR)) {
		if (r < 0)
			continue;
		if (ch == '\n' || ch == '\r')
			break;
		if (n < PASS_MAX - 1)
			buf[n++] = ch;
	}
	buf[n] = '\0';
	if (n > VAULT_PASSPHRASE_MAX) {
		/* Never cut without a word: one limit for typed and file passphrases. */
		sodium_memzero(buf, n);
		buf[0] = '\0';
		too_long = 1;
	}
	ch = 0;
	tcsetattr(tty_fd, TCSAFLUSH, &saved);
	echo_off = 0;
	(void)!write(tty_fd, "\n", 1);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	close(tty_fd);
	tty_fd = -1;
	if (r == 0 && n == 0) {
		secret_free(buf);
		return NULL;
	}
	return buf;
}

int cli_passphrase(struct cli *c, int creating, char **out)
{
	struct bc_err err;
	char *again;

	*out = NULL;
	if (c->passphrase_file && c->passphrase_source) {
		/* A systemd credential is a private copy: the file others might
		 * read is the one it was copied from. It is ours, or root's (the
		 * system service's /etc/bcsetup/passphrase): no one else's. */
		struct stat st;
		if (stat(c->passphrase_source, &st) != 0)
			return cli_error(BC_ERR_IO, "the passphrase file %s: %s",
					 c->passphrase_source, strerror(errno));
		if ((st.st_mode & 077) || (st.st_uid != geteuid() && st.st_uid != 0))
			return cli_error(BC_ERR_INPUT,
					 "the passphrase file %s can be read or written by others "
					 "(mode %03o): chmod 600 %s",
					 c->passphrase_source, (unsigned)(st.st_mode & 0777),
					 c->passphrase_source);
	}
	if (c->passphrase_file) {
		if (vault_read_passphrase_file(c->passphrase_file, out, &err) != BC_OK)
			return cli_error(err.code, "%s", err.msg);
		return 0;
	}
	if (!creating) {
		*out = ask("Vault passphrase: ");
		if (too_long) {
			too_long = 0;
			secret_free(*out);
			*out = NULL;
			return cli_error(
				BC_ERR_INPUT,
				"that passphrase is longer than %d bytes, the most bcsetup "
				"takes (typed or from a file)",
				VAULT_PASSPHRASE_MAX);
		}
		if (!*out)
			return cli_error(BC_ERR_INPUT,
					 "no passphrase: give --passphrase-file PATH, "
					 "or run bcsetup on a terminal");
		return 0;
	}
	for (;;) {
		*out = ask("New vault passphrase: ");
		if (!*out)
			return cli_error(BC_ERR_INPUT,
					 "no passphrase: give --passphrase-file PATH, "
					 "or run bcsetup on a terminal");
		if (too_long) {
			too_long = 0;
			secret_free(*out);
			fprintf(stderr, "A passphrase has at most %d bytes; once more.\n",
				VAULT_PASSPHRASE_MAX);
			continue;
		}
		if (!**out) {
			fputs("The passphrase cannot be empty.\n", stderr);
			secret_free(*out);
			continue;
		}
		again = ask("The same passphrase again: ");
		if (again && strcmp(again, *out) == 0) {
			secret_free(again);
			break;
		}
		secret_free(again);
		secret_free(*out);
		*out = NULL;
		fputs("The two passphrases differ; once more.\n", stderr);
	}
	if (strlen(*out) < 12)
		fputs("Note: a passphrase under 12 characters is easy to guess offline if the "
		      "vault file is copied; a few random words are better.\n",
		      stderr);
	return 0;
}

int cli_vault_path(struct cli *c, char *buf, size_t size)
{
	struct bc_err err;

	if (c->vault_path) {
		if (snprintf(buf, size, "%s", c->vault_path) >= (int)size)
			return cli_error(BC_ERR_INPUT, "the vault path is too long");
		return 0;
	}
	if (vault_default_path(buf, size, getenv("XDG_DATA_HOME"), getenv("HOME"), &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	return 0;
}

int cli_open_vault(struct cli *c, int flags, struct vault **v)
{
	char path[4096], *pass = NULL;
	unsigned char *key;
	struct bc_err err;
	int rc, creating;

	*v = NULL;
	if ((rc = cli_vault_path(c, path, sizeof path)) != 0)
		return rc;
	/* Unlocked for this session ('bcsetup unlock'): no passphrase, no
	 * derivation. A passphrase file given says which to use; a kept key that
	 * no longer opens the vault is dropped, and the passphrase asked. */
	if (!c->passphrase_file && vault_exists(path) &&
	    (key = sodium_malloc(VAULT_KEY_BYTES)) != NULL) {
		if (cli_keyring_get(path, key) == 0) {
			enum bc_status st = vault_open_key(path, key, flags, v, &err);
			sodium_free(key);
			if (st == BC_OK)
				return 0;
			if (st != BC_ERR_VAULT_AUTH)
				return cli_error(err.code, "%s", err.msg);
			cli_keyring_drop(path);
			fprintf(stderr, "bcsetup: %s; it is dropped\n", err.msg);
		} else {
			sodium_free(key);
		}
	}
	creating = (flags & VAULT_CREATE) && !vault_exists(path);
	if (creating && !c->passphrase_file)
		fprintf(stderr, "Creating a new vault at %s.\n", path);
	if ((rc = cli_passphrase(c, creating, &pass)) != 0)
		return rc;
	if (isatty(STDERR_FILENO))
		fputs(creating ? "Deriving the vault key..." : "Unlocking the vault...", stderr);
	if (vault_open(path, pass, flags, v, &err) != BC_OK) {
		if (isatty(STDERR_FILENO))
			fputc('\n', stderr);
		secret_free(pass);
		return cli_error(err.code, "%s", err.msg);
	}
	if (isatty(STDERR_FILENO))
		fputs(" done\n", stderr);
	secret_free(pass);
	return 0;
}
