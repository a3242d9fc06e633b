/*
 * rotate.h - token rotation: what the new API account must hold, and at the
 * end, is the old one deleted? BigCommerce cannot revoke a token; deleting
 * its API account does. A retired token that is refused (401) proves the
 * deletion, and is then wiped.
 */
#ifndef BCSETUP_ROTATE_H
#define BCSETUP_ROTATE_H

#include "bcsetup/check.h"
#include "bcsetup/session.h"

struct cJSON;

enum retired_state { RETIRED_DELETED, RETIRED_ALIVE, RETIRED_UNCLEAR };

/* Called once per retired token asked about, after its entry is updated. */
typedef void (*retired_fn)(void *ctx, const struct cJSON *entry, enum retired_state st,
			   const char *why);

/* What asking about the retired tokens found: each one asked is deleted
 * (refused), alive (accepted) or unclear (no answer that decides: the API
 * unreachable, a 5xx); never alive for want of an answer. */
struct retired_count {
	int asked, alive, unclear;
};

/* Asks the API (GET /v2/time at base; NULL: the profile's own API root)
 * about every retired token profile p still keeps. A 401 records "confirmed deleted" and removes
 * the token from the entry; an accepted token records "still alive"; an
 * unclear answer changes nothing. The caller saves. */
enum bc_status rotate_confirm_retired(const struct bc_session *s, const char *base, struct cJSON *p,
				      retired_fn each, void *ctx, struct retired_count *n,
				      struct bc_err *err);

/* The rule for what a new token must hold, shared by the command and the
 * wizard: the profile's required levels and, unless accept_less, every level
 * the old token was seen to hold at its last check (a verdict: an attempt
 * that reached none is never used). Where that check could only say "L or
 * more" (the level above was not probed), the old token is checked again now
 * with every write probe (harmless: see docs/probes.md) at base (NULL: the
 * profile's own API root) to learn its real level; a level still unknown
 * above L (the old account already deleted, the API unreachable) becomes the
 * scope's top level, never L, and *unsure counts those scopes, why[size]
 * saying what the old token's check answered. need gets cat.n levels. */
void rotate_needed_levels(const struct bc_session *s, const struct cJSON *p, int accept_less,
			  const char *base, int *need, int *unsure, char *why, size_t size);

/* What deleting an API account loses: BigCommerce ties each webhook to the
 * account that created it. GET /v3/hooks with that account's token (no scope
 * needed) lists them; the first few are kept, all are counted. */
#define WEBHOOKS_SHOWN 5
struct webhook_list {
	int count, shown;
	struct {
		char scope[80], destination[160];
	} hooks[WEBHOOKS_SHOWN];
};
enum bc_status rotate_list_webhooks(const struct api_opts *api, const char *base, const char *hash,
				    const char *token, struct webhook_list *out,
				    struct bc_err *err);

#endif
