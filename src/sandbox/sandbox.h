/*
 * sandbox.h - the practice store: a BigCommerce API emulator on loopback.
 *
 * state.c holds the stores, their tokens and rate-limit windows (one mutex);
 * routes.c answers API requests as BigCommerce does (scope check first);
 * http.c is the libmicrohttpd glue (bodies, gzip, latency, the request log);
 * main.c parses options and runs the daemon.
 */
#ifndef BCSETUP_SANDBOX_H
#define BCSETUP_SANDBOX_H

#include <pthread.h>
#include <stddef.h>

#define SB_MAX_SCOPES 64

struct sb_token {
	char token[40], client_id[40], client_secret[72], name[80];
	int nscopes;
	char *scopes[SB_MAX_SCOPES];
	int nhooks; /* webhooks this account made: only it sees them (GET /v3/hooks) */
	struct sb_token *next;
};

struct sb_store {
	char hash[24], name[80], domain[120], plan[40], status[24];
	int quota; /* requests per window */
	long window_ms;
	long latency_ms;             /* -1: the daemon's */
	int fail_first;              /* answer the first N requests with 429 (tests) */
	int orders, products, pages; /* how many of each the collections hold */
	/* How this store differs from the reference (tests of bcsetup's honesty): */
	int accept_empty_writes; /* fills in defaults for an empty POST, accepts empty lists */
	int nremoved;
	char removed[8][64]; /* endpoints BigCommerce removed: answer 404 like any unknown path */
	int nstalled;
	char stalled[8][64]; /* operations that answer only after stall_ms (a slow link) */
	long stall_ms;
	int answer_html; /* answers every API request with 200 and an HTML page */
	/* rate-limit window */
	long long window_start_ms;
	int used;
	struct sb_token *tokens;
	struct sb_store *next;
};

struct sb_state {
	pthread_mutex_t lock;
	struct sb_store *stores;
	long latency_ms;
	char *downloads; /* where "created" credentials files go (demo), or NULL */
	/* Tests that compare whole screens: made-up credentials from this seed
	 * ($BCSETUP_SANDBOX_SEED) rather than at random, so each run shows the same. */
	const char *seed;
	unsigned long made;
	/* --keep: the stores and the accounts made or deleted through the control
	 * panel, written here after each change, read back at the next start. */
	const char *keep;
	char base_url[128];
	/* The control panel's key: only who can read the port file (0600, the
	 * starter's) may create or delete accounts. */
	char control_key[65];
};

/* Accounts a store may hold: the control panel cannot grow it (and the keep
 * file, and the downloads) without bound. */
#define SB_MAX_ACCOUNTS 200

/* The answer to one request. body is malloc'd (or NULL); headers are static
 * pairs added by http.c (rate-limit headers come from rl_*). */
struct sb_reply {
	int status;
	char *body;
	const char *content_type;
	int would_change; /* a write whose body would have passed validation */
	int rl_quota, rl_left;
	long rl_window_ms, rl_reset_ms;
	int retry_after; /* seconds, for 429; 0 = none */
	const char *store;
	long latency_ms;
};

int sb_load(struct sb_state *st, const char *json, char *err, size_t errsize);
struct sb_store *sb_find_store(struct sb_state *st, const char *hash);
struct sb_token *sb_find_token(struct sb_store *s, const char *token);
int sb_token_has(const struct sb_token *t, const char *scope_id);
long long sb_now_ms(void);

/* Mints an API account for store hash with scope ids (the demo's "Save"),
 * as if the integration then registered nhooks webhooks with it:
 * fills *out, writes a credentials file when downloads is set; its path goes
 * to path (empty otherwise). 0, or -1 with err filled. Takes the lock. */
/* An app in the Developer Portal, for the demo: a client ID (31 characters)
 * and secret (64) into the given buffers; nothing is kept. 0, or -1 for an
 * unknown store. */
int sb_create_app(struct sb_state *st, const char *hash, char *client_id, char *client_secret);
int sb_create_account(struct sb_state *st, const char *hash, const char *name, char *const *scopes,
		      int nscopes, int nhooks, struct sb_token *out, char *path, size_t pathsize,
		      char *err, size_t errsize);
/* Deletes the account with client_id; 0 if found. Takes the lock. */
int sb_delete_account(struct sb_state *st, const char *hash, const char *client_id);
/* Writes the stores and their accounts to st->keep (if set) as a stores
 * file: a temporary file, then rename. Call with st->lock held. */
void sb_keep(struct sb_state *st);

/* Answers METHOD URL with the given token and body. Takes the lock. */
void sb_route(struct sb_state *st, const char *method, const char *url, const char *token,
	      const char *body, size_t body_len, struct sb_reply *r);

/* The sandbox's own endpoints under /_sandbox/ (the demo's control panel). */
void sb_control(struct sb_state *st, const char *method, const char *url, const char *body,
		size_t body_len, struct sb_reply *r);

#endif
