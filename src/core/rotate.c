#include <cjson/cJSON.h>

#include "bcsetup/profile.h"
#include "bcsetup/rotate.h"

void rotate_needed_levels(const struct scope_catalogue *cat, const cJSON *p, int accept_less,
			  const struct api_opts *api, const char *base, int *need, int *unsure)
{
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(p, "last_check");
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(lc, "granted");
	const cJSON *more = cJSON_GetObjectItemCaseSensitive(lc, "at_least");
	static struct check_result r;
	int held[SCOPES_MAX], open[SCOPES_MAX], k, n_open = 0;

	profile_required(p, cat, need);
	*unsure = 0;
	if (accept_less)
		return;
	for (k = 0; k < cat->n; k++) {
		const char *w = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(g, cat->scopes[k].key));
		held[k] = w ? scope_level(&cat->scopes[k], w) : 0;
		open[k] = held[k] > 0 && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
						 more, cat->scopes[k].key));
		n_open += open[k];
	}
	if (n_open && api) {
		/* Learn the old token's real levels before the new one is judged. */
		struct check_opts o = {.api = *api, .deep = 1};
		struct check_target t = {.label = profile_str(p, "name"),
					 .base = base,
					 .hash = profile_str(p, "store_hash"),
					 .token = profile_str(p, "access_token"),
					 .required = need};
		struct bc_err err;
		if (check_run(cat, &o, &t, &r, 1, &err) == BC_OK && r.probed && !r.nalerts)
			for (k = 0; k < cat->n; k++)
				if (open[k] && r.ev[k].granted != LEVEL_UNKNOWN && !r.ev[k].at_least) {
					held[k] = r.ev[k].granted;
					open[k] = 0;
				}
	}
	for (k = 0; k < cat->n; k++) {
		if (held[k] > need[k])
			need[k] = held[k];
		*unsure += open[k];
	}
}

enum bc_status rotate_confirm_retired(const struct scope_catalogue *cat,
				      const struct api_opts *api, const char *base, cJSON *p,
				      retired_fn each, void *ctx, int *asked, int *alive,
				      struct bc_err *err)
{
	struct check_opts o = {.time_only = 1};
	struct check_target t = {0};
	struct check_result r;
	cJSON *h;
	enum bc_status st;

	*asked = *alive = 0;
	if (api)
		o.api = *api;
	t.label = profile_str(p, "name");
	t.hash = profile_str(p, "store_hash");
	t.base = base;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(p, "history"))
	{
		enum retired_state rs;
		if (!(t.token = profile_str(h, "token")))
			continue;
		if ((st = check_run(cat, &o, &t, &r, 1, err)) != BC_OK)
			return st;
		(*asked)++;
		if (r.kind == CHECK_AUTH) {
			rs = RETIRED_DELETED;
			cJSON_ReplaceItemInObjectCaseSensitive(h, "state",
							       cJSON_CreateString("confirmed deleted"));
			/* Gone for good: the token itself need not be kept. */
			cJSON_DeleteItemFromObjectCaseSensitive(h, "token");
		} else {
			rs = r.kind == CHECK_OK ? RETIRED_ALIVE : RETIRED_UNCLEAR;
			if (rs == RETIRED_ALIVE)
				cJSON_ReplaceItemInObjectCaseSensitive(h, "state",
								       cJSON_CreateString("still alive"));
			(*alive)++;
		}
		if (each)
			each(ctx, h, rs, r.message);
	}
	return BC_OK;
}
