/*
 * cli.h - what the plain commands share: the parsed options and the loaded
 * catalogue, and the command entry points (each returns an exit status).
 */
#ifndef BCSETUP_CLI_H
#define BCSETUP_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "bcsetup/error.h"
#include "bcsetup/session.h"

struct cli {
	/* catalogue, targets and API options (--api-base, --cacert): core's */
	struct bc_session s;
	/* options for every command */
	const char *vault_path;
	int vault_given; /* --vault was on the command line (not $BCSETUP_VAULT) */
	const char *passphrase_file;
	/* $BCSETUP_PASSPHRASE_SOURCE: where a copy given as passphrase_file
	 * (a systemd credential) really lives; its mode is what is checked. */
	const char *passphrase_source;
	int json;
	/* options of some commands */
	const char *target;
	const char *caps;
	const char *scopes; /* --scopes SCOPE=LEVEL,...: what the merchant asks for beyond --for */
	const char *from_file;
	const char *variant;
	const char *prometheus; /* check: the metrics file */
	const char *csv;        /* check: the fleet's grid as CSV */
	int grid;               /* check: one line per store */
	const char *to;         /* export: pass[:PREFIX] */
	const char *from;       /* import: pass:ENTRY */
	int all, deep, read_only_probes, explain, force, reveal, yes, demo;
	int accept_less, confirm_deleted; /* rotate */
	/* positional arguments after the command */
	int argc;
	char **argv;
	/* output */
	int color; /* stdout is a terminal and NO_COLOR is unset */
	int utf8;  /* the locale's charset is UTF-8 */
};

/* Loads the catalogue and targets once; prints the error and returns 2 on failure. */
int cli_load(struct cli *c);

/* Resolves target_key with caps, raised by --scopes, into levels[cat.n] (see
 * session_required); prints and returns 2 on a bad name, 0 otherwise. *t
 * gets the target (NULL when there is none). */
int cli_required(struct cli *c, const char *target_key, const char *caps, const struct target **t,
		 int *levels);

/* Prints "bcsetup: MESSAGE" to stderr and returns the exit status of code. */
/* --json given: errors go to standard output as JSON too (cli_error). */
void cli_json_errors(int on);
int cli_error(enum bc_status code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct cJSON;
/* Saves the vault: 0, or the exit status after saying why not. A save that
 * worked but could not flush the directory is a warning on stderr, and 0. */
struct vault;
int cli_save(struct vault *v);
/* vault_update: 0, or the exit status after saying why not (a warning is
 * printed and still 0). */
#include "bcsetup/vault.h"
int cli_update(struct vault *v, vault_change change, void *ctx);
/* Prints the warning a successful vault_save may leave in err. */
void cli_warn_saved(const struct bc_err *err);

/* Prints one JSON value (taking ownership of it) followed by a newline. */
void cli_print_json(struct cJSON *v);
/* v as cli_print_json prints it (without the newline), for free(); NULL when
 * out of memory. */
char *cli_json_text(const struct cJSON *v);

/* s (NULL: "") made safe for a terminal: no control character (C0, DEL,
 * C1), invalid UTF-8 as '?'. Every text that bcsetup did not write itself
 * (read from a vault, a pass entry, another program) is printed through it.
 * The result lives in one of 8 rotating buffers: use it before the 9th call. */
const char *cli_safe(const char *s);

/* ANSI styling when c->color; empty strings otherwise. */
const char *cli_style(const struct cli *c, const char *style);

struct vault;
/* The vault path: --vault, $BCSETUP_VAULT, or the XDG default. 0 or an exit status. */
int cli_vault_path(struct cli *c, char *buf, size_t size);
/* Gets the passphrase (file, else terminal; asked twice when creating) into
 * guarded memory. 0 or an exit status (message printed). */
int cli_passphrase(struct cli *c, int creating, char **out);
/* Opens the vault with VAULT_* flags, asking for the passphrase as needed.
 * 0 or an exit status (message printed). */
int cli_open_vault(struct cli *c, int flags, struct vault **v);

/* The vault key 'bcsetup unlock' keeps in the session keyring for the
 * vault at path: 0 and VAULT_KEY_BYTES in key, or -1 when there is none
 * (see keyring.c). cli_keyring_drop forgets it. */
int cli_keyring_get(const char *path, unsigned char *key);
void cli_keyring_drop(const char *path);

/* One run of a program that takes a secret on stdin or gives one on stdout
 * (pass). */
struct pass_run {
	size_t outmax; /* 0: stdout goes to /dev/null; else the most kept */
	char *out;     /* stdout in secret memory, NUL-terminated (secret_free it) */
	size_t outlen;
	int status;    /* exit status, 128+signal, or -1 when it did not start */
	char err[512]; /* what it said on stderr (or why it did not start) */
	size_t errlen;
};
/* Runs argv[0] (found on $PATH) with in[0..inlen) on its stdin (in NULL:
 * stdin inherited), keeping up to outmax bytes of its stdout. 0 when it
 * exited 0 having read all of in; -1 otherwise, r->err saying why. */
int pass_run(char *const argv[], const char *in, size_t inlen, struct pass_run *r);
/* How long pass_run lets the program take (ms; 0: 120 s, for a PIN typed). */
void pass_set_wait(long ms);

int cmd_hash(struct cli *c);
int cmd_scopes(struct cli *c);
int cmd_import(struct cli *c);
int cmd_list(struct cli *c);
int cmd_show(struct cli *c);
int cmd_export(struct cli *c);
int cmd_exec(struct cli *c);
int cmd_unlock(struct cli *c);
int cmd_lock(struct cli *c);
int cmd_doctor(struct cli *c);
int cmd_remove(struct cli *c);
int cmd_passwd(struct cli *c);
int cmd_check(struct cli *c);
int cmd_rotate(struct cli *c);
int cmd_targets(struct cli *c);

#endif
