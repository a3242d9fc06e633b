/*
 * rotate.h - the end of a token rotation: is the old API account deleted?
 * BigCommerce cannot revoke a token; deleting its API account does. A retired
 * token that is refused (401) proves the deletion, and is then wiped.
 */
#ifndef BCSETUP_ROTATE_H
#define BCSETUP_ROTATE_H

#include "bcsetup/check.h"

struct cJSON;

enum retired_state { RETIRED_DELETED, RETIRED_ALIVE, RETIRED_UNCLEAR };

/* Called once per retired token asked about, after its entry is updated. */
typedef void (*retired_fn)(void *ctx, const struct cJSON *entry, enum retired_state st,
			   const char *why);

/* Asks the API (GET /v2/time, base: API root or NULL) about every retired
 * token profile p still keeps. A 401 records "confirmed deleted" and removes
 * the token from the entry; an accepted token records "still alive". *asked
 * and *alive count them (alive includes the unclear). The caller saves. */
enum bc_status rotate_confirm_retired(const struct scope_catalogue *cat,
				      const struct api_opts *api, const char *base,
				      struct cJSON *p, retired_fn each, void *ctx, int *asked,
				      int *alive, struct bc_err *err);

#endif
