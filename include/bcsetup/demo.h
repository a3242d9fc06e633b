/*
 * demo.h - the practice store's control panel, for --demo: "creating an API
 * account" asks bcsetup-sandbox to mint a token with the chosen scopes and to
 * write the credentials file as a browser download would.
 */
#ifndef BCSETUP_DEMO_H
#define BCSETUP_DEMO_H

#include <stddef.h>
#include <sys/types.h>

#include "bcsetup/error.h"

/* POSTs to SANDBOX/_sandbox/stores/HASH/api-accounts, with the control
 * panel's KEY. On BC_OK, path gets the credentials file the sandbox wrote.
 * SANDBOX must be a loopback URL. */
enum bc_status demo_create_account(const char *sandbox, const char *key, const char *hash,
				   const char *name, const char *const *scope_ids, int n, int hooks,
				   char *path, size_t size, struct bc_err *err);

/* HOOKS: as if the integration then registered that many webhooks with the
 * new account (they belong to it, and go when it is deleted).
 *
 * demo_delete_account: deletes the API account CLIENT_ID, as the control
 * panel's trash can does; its token is refused from then on. */
enum bc_status demo_delete_account(const char *sandbox, const char *key, const char *hash,
				   const char *client_id, struct bc_err *err);

/* The practice store's Developer Portal: POSTs to
 * SANDBOX/_sandbox/stores/HASH/apps; on BC_OK the app's client ID and secret
 * are in id[idsize] and secret[secretsize]. */
enum bc_status demo_create_app(const char *sandbox, const char *key, const char *hash, char *id,
			       size_t idsize, char *secret, size_t secretsize, struct bc_err *err);

/* A running practice store: bcsetup-sandbox in a private directory. */
struct practice {
	pid_t pid;
	char dir[1100];       /* the private directory, removed by practice_stop */
	char downloads[1200]; /* where "downloaded" credentials files land */
	char url[128];        /* http://127.0.0.1:PORT */
	char key[72];         /* its control panel's key (read from its port file) */
};

/* Makes a directory under TMPBASE (NULL, empty or too long: /tmp), starts
 * SANDBOX (a path to bcsetup-sandbox) there on a free port and waits until it
 * listens. KEEP (or NULL) is the file where the practice store keeps the
 * accounts it makes, and finds them at the next start. On failure nothing is
 * left behind. */
enum bc_status practice_start(struct practice *p, const char *sandbox, const char *tmpbase,
			      const char *keep, struct bc_err *err);

/* Stops the practice store and removes its directory (never following a
 * link). Safe to call on a practice that failed to start, and twice. */
void practice_stop(struct practice *p);

#endif
