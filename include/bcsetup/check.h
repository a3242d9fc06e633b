/*
 * check.h - the live connection test: is the token right for the store, and
 * which scope levels does it hold, learnt from probes that cannot change
 * data, sent in parallel over as few connections as the server allows
 * (libcurl multi: HTTP/2 multiplexing where offered, a small keep-alive pool
 * otherwise). This is the scheduler; evidence.h judges the answers and
 * api.h sets up every request.
 *
 * Order per store: GET /v2/time (no scope: token and hash), then every read
 * probe of the catalogue, and the write probes of the scopes whose required
 * level is a write level, or that have no read probe (all of them with deep,
 * none with read_only). A write probe the store accepts is an alert: every
 * write probe of that store not yet answered is stopped, and the result is
 * not ok. A 429 is waited out (the longer of X-Retry-After and
 * X-Rate-Limit-Time-Reset-Ms, at most max_wait_ms) and retried, bounded.
 * Budget: at most 45 requests a store; when the window has fewer left than a
 * check needs (plus a tenth of the quota for the store's other apps), the
 * check waits for it to reset instead of draining it.
 */
#ifndef BCSETUP_CHECK_H
#define BCSETUP_CHECK_H

#include "bcsetup/api.h"
#include "bcsetup/coverage.h"
#include "bcsetup/evidence.h"
#include "bcsetup/scopes.h"

/* X(name, word in --json) */
#define CHECK_KIND_LIST(X)                \
	X(CHECK_OK, "ok")                 \
	X(CHECK_AUTH, "auth")             \
	X(CHECK_STORE, "store")           \
	X(CHECK_SCOPE, "scope")           \
	X(CHECK_UNPROVEN, "unproven")     \
	X(CHECK_NETWORK, "network")       \
	X(CHECK_TLS, "tls")               \
	X(CHECK_RATE_LIMIT, "rate_limit") \
	X(CHECK_SERVER, "server")         \
	X(CHECK_ABORTED, "aborted")

#define CHECK_KIND_ENUM(name, word) name,
enum check_kind { CHECK_KIND_LIST(CHECK_KIND_ENUM) CHECK_KIND_COUNT };
#undef CHECK_KIND_ENUM

/* One store to check. The strings are the caller's and must outlive check_run. */
struct check_target {
	const char *label; /* a profile name or a file name, for messages */
	const char *base;  /* API root; NULL for https://api.bigcommerce.com */
	const char *hash;
	const char *token;   /* secret: only ever placed in a request header */
	const int *required; /* levels[cat->n] */
};

#define CHECK_MAX_ALERTS 8

/* A write probe that the store accepted: what was sent and what came back,
 * so the merchant can find and delete whatever it made. */
struct check_alert {
	char request[EV_REQUEST_MAX]; /* "PUT /v3/sites/0" */
	long status;
	char id[64]; /* an id the answer carried ("" when none) */
	/* Room for the longest: the request, the scope's name and the id
	 * (never cut: it says what to delete). */
	char message[EV_REQUEST_MAX + 64 + 256];
};

struct check_result {
	int ok;
	enum check_kind kind;
	/* Room for every scope named with its level and reason. */
	char message[4096];
	int have_store;
	char store_name[128], store_domain[160], store_plan[64];
	int probed; /* the scope probes ran (the token was accepted) */
	struct scope_evidence ev[SCOPES_MAX];
	struct coverage cov;
	long elapsed_ms;
	int requests;               /* requests sent, retries included */
	int connections;            /* new connections opened */
	long rate_left, rate_quota; /* from the last answer; -1 unknown */
	long waited_ms;             /* how long the probes waited for the rate-limit window */
	int nalerts;
	struct check_alert alerts[CHECK_MAX_ALERTS];
	int writes_stopped; /* write probes stopped because of an alert */
};

/* Called as each probe of each store finishes (scope is -1 for /v2/time),
 * once more per store when its result is complete (scope == -2), and at
 * least every 100 ms with scope == CHECK_TICK (target -1, r NULL). A
 * nonzero return aborts every check still running. */
#define CHECK_TICK (-3)
typedef int (*check_progress_fn)(void *ctx, int target, int scope, const struct check_result *r);

struct check_opts {
	struct api_opts api;
	int deep;           /* every write probe */
	int read_only;      /* no write probe */
	int time_only;      /* only GET /v2/time: is this token alive for this store? */
	int stores_at_once; /* 0: 8 */
	/* Once an answer comes over HTTP/2 or later, stores_multiplexed stores
	 * are checked at once instead (0: 64): they share the connections'
	 * streams. Each store's requests stay within its rate-limit budget, and
	 * at most max_streams requests (0: 256) are ever in flight; the rest
	 * wait their turn in order. */
	int stores_multiplexed;
	int max_streams;
	check_progress_fn progress;
	void *ctx;
};

/* Checks n stores, filling results[n]. Returns BC_OK when every check ran to
 * a verdict (each result says ok or why not), or an error when none could be
 * started (bad API root, no memory). */
enum bc_status check_run(const struct scope_catalogue *cat, const struct check_opts *o,
			 const struct check_target *t, struct check_result *results, int n,
			 struct bc_err *err);

/* A fleet fed one store at a time: memory grows with the stores in flight,
 * never with the fleet. */
struct check_slot {
	struct check_target t; /* the strings are the feed's, kept until done */
	int required[SCOPES_MAX];
	char base[256];
};

struct check_feed {
	/* Fills s with store i's target as its check is about to start (i counts
	 * up from 0, each once, unless refused). Returns 0, or nonzero to start
	 * nothing for now: asked again for the same i after a store finishes. */
	int (*next)(void *ctx, int i, struct check_slot *s);
	/* Store i's result, complete (or CHECK_ABORTED when the run was stopped
	 * first, for every store not yet done), with its target (NULL for a store
	 * never started). Both are reused once this returns. May be NULL. */
	void (*done)(void *ctx, int i, const struct check_target *t, struct check_result *r);
	void *ctx;
};

/* Checks n stores from feed, each result handed to feed->done as it
 * completes, in the order they complete. Returns as check_run does. */
enum bc_status check_stream(const struct scope_catalogue *cat, const struct check_opts *o, int n,
			    const struct check_feed *feed, struct bc_err *err);

const char *check_kind_word(enum check_kind k);

/* Whether r is a verdict about the token: 1, or 0 when the API could not be
 * reached or did not answer (network, TLS, a timeout, 5xx, 429 exhausted, a
 * check stopped), which proves nothing about the token. An alert is always
 * a verdict. */
int check_conclusive(const struct check_result *r);

/* What the merchant does next after a check of that kind, in a sentence or
 * two; NULL for a passed or stopped check. */
const char *check_next_step(enum check_kind kind);

#endif
