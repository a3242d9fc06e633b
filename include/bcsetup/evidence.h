/*
 * evidence.h - what an answer to a probe proves, and what a scope's answers
 * prove together. Pure: no network, no clock, no allocation; the check
 * engine (check.h) feeds it answers, the tests feed it tables.
 *
 * The rules (docs/probes.md says why):
 *   - a probe's declared "held" statuses, with a JSON body (or none for
 *     204), mean its level is held;
 *   - 403 with BigCommerce's missing-scope message means it is not;
 *   - a write answered 2xx or 3xx is an alarm, never evidence;
 *   - anything else (a 404 on a list, another 403, 3xx, 5xx, HTML, a
 *     timeout) leaves the level unknown, with the answer that made it so.
 */
#ifndef BCSETUP_EVIDENCE_H
#define BCSETUP_EVIDENCE_H

#include <stddef.h>

#include "bcsetup/scopes.h"

/* X(name, word in --json and --explain) */
#define EV_OUTCOME_LIST(X)         \
	X(EV_NOT_SENT, "not sent") \
	X(EV_HELD, "held")         \
	X(EV_MISSING, "not held")  \
	X(EV_UNKNOWN, "unknown")   \
	X(EV_ACCEPTED, "ACCEPTED")

#define EV_OUTCOME_ENUM(name, word) name,
enum ev_outcome { EV_OUTCOME_LIST(EV_OUTCOME_ENUM) EV_OUTCOME_COUNT };
#undef EV_OUTCOME_ENUM

/* One answer as the transport saw it. Strings are the caller's. */
struct ev_answer {
	const char *failure; /* no HTTP answer: why ("timed out after 15 s"), else NULL */
	long status;
	const char *content_type; /* NULL when the answer had none */
	const char *body;         /* NULL or body_len bytes (not necessarily terminated) */
	size_t body_len;
};

#define EV_REQUEST_MAX 112
#define EV_MEANING_MAX 192

/* What one probe of one scope showed. */
struct probe_answer {
	enum ev_outcome outcome;
	long status;                  /* 0 when no HTTP answer came */
	char request[EV_REQUEST_MAX]; /* "PUT /v2/orders/0" */
	char meaning[EV_MEANING_MAX]; /* one line for people; never a secret */
};

/* What the probes showed for one scope. */
struct scope_evidence {
	int granted;                  /* level index proven, or LEVEL_UNKNOWN */
	int at_least;                 /* 1: higher levels were not (or could not be) tested */
	int unexpected;               /* 1: an answer was not one its probe declares */
	char text[256];               /* "GET /v2/orders?limit=1 -> 200; PUT /v2/orders/0 -> 404" */
	struct probe_answer probe[2]; /* [0] read, [1] write */
};

/* Judges one answer to probe p (a write when is_write); fills out. */
void evidence_judge(const struct scope_probe *p, int is_write, const struct ev_answer *a,
		    struct probe_answer *out);

/* Whether a 403 body is BigCommerce's "missing scope" message. */
int evidence_missing_scope_body(const char *body, size_t len);

/* Combines the probe answers of scope i (ev[i].probe, already judged) with
 * those of the scopes documented to open the same endpoints, into
 * ev[i].granted, at_least, unexpected and text. ev has cat->n entries. */
void evidence_scope(const struct scope_catalogue *cat, int i, struct scope_evidence *ev);

const char *evidence_outcome_word(enum ev_outcome o);

/* One probe's answer for people, after its request: "-> 200  held: lists
 * at most one order", or "not sent: stopped ..." when no status came. */
void evidence_answer_text(const struct probe_answer *pa, char *buf, size_t size);

#endif
