/*
 * wizard.h - the setup wizard's one entry point (the bctui library).
 *
 * The wizard draws on the terminal and nothing else: it never prints to
 * stdout or stderr and never exits. What it did comes back in a report, for
 * the caller to print after the screen is restored.
 */
#ifndef BCSETUP_WIZARD_H
#define BCSETUP_WIZARD_H

#include "bcsetup/error.h"
#include "bcsetup/session.h"

struct wizard_opts {
	const char *vault_path; /* the vault; NULL with demo: a throwaway one */
	int demo;               /* run against a practice store started here */
	const char *sandbox;    /* demo: the bcsetup-sandbox program */
	const char *tmpdir;     /* demo: where the practice store's directory goes */
	int utf8;               /* the terminal takes UTF-8 */
	int color;              /* colours wanted (NO_COLOR unset) */
	int remote;             /* run over SSH: files typed in are on this machine */
	const char *home;       /* what ~ means in a path typed in; may be NULL */
	/* The vault's key kept by 'bcsetup unlock' (VAULT_KEY_BYTES), or NULL:
	 * with it the wizard opens the vault without asking. */
	const unsigned char *vault_key;
};

/* What the merchant leaves with. */
struct wizard_report {
	char profile[65];      /* the profile worked on last, or "" */
	int saved;             /* it is in the vault */
	int checked;           /* 1 passed, 0 failed, -1 not checked */
	int old_waiting;       /* retired tokens whose account's deletion is not confirmed */
	int old_alive;         /* of those, last seen still working */
	char old_account[200]; /* the newest such account, as profile_account_text */
	char shares[200];      /* other profiles on the token rotated away from */
	int interrupted;       /* the signal it was left with (SIGINT, SIGHUP, SIGTERM), or 0 */
	int demo;              /* everything was in the throwaway practice vault */
	int practice;          /* the demo, with a vault kept: its practice store is gone now */
	int app;               /* the profile holds an app (OAuth 2.0 client): nothing to check */
};

/* Runs the wizard on the terminal (stdin and stdout must be one). BC_OK when
 * the merchant quit; otherwise err says why it could not run. */
enum bc_status wizard_run(struct bc_session *s, const struct wizard_opts *o,
			  struct wizard_report *report, struct bc_err *err);

#endif
