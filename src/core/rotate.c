#include <cjson/cJSON.h>

#include "bcsetup/profile.h"
#include "bcsetup/rotate.h"

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
