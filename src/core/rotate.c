#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/apipath.h"
#include "bcsetup/profile.h"
#include "bcsetup/rotate.h"
#include "bcsetup/session.h"
#include "bcsetup/text.h"

void rotate_needed_levels(const struct bc_session *s, const cJSON *p, int accept_less,
			  const char *base, int *need, int *unsure, char *why, size_t size)
{
	const struct scope_catalogue *cat = &s->cat;
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(p, "last_check");
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(lc, "granted");
	const cJSON *more = cJSON_GetObjectItemCaseSensitive(lc, "at_least");
	int held[SCOPES_MAX] = {0}, open[SCOPES_MAX] = {0}, k, n_open = 0;

	profile_required(p, cat, need);
	*unsure = 0;
	why[0] = '\0';
	if (accept_less)
		return;
	for (k = 0; k < cat->n; k++) {
		const char *w = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(g, cat->scopes[k].key));
		held[k] = w ? scope_level(&cat->scopes[k], w) : 0;
		open[k] = held[k] > 0 &&
			  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(more, cat->scopes[k].key));
		n_open += open[k];
	}
	if (n_open) {
		/* Learn the old token's real levels before the new one is judged. */
		struct check_opts o = {.api = s->api, .deep = 1};
		struct check_result *r = calloc(1, sizeof *r);
		struct check_target t;
		struct bc_err err;
		char root[512];
		session_profile_target(s, p, need, root, sizeof root, &t);
		if (base)
			t.base = base;
		if (!r)
			snprintf(why, size, "out of memory");
		else if (check_run(cat, &o, &t, r, 1, &err) != BC_OK)
			snprintf(why, size, "%s", err.msg);
		else if (!r->probed || r->nalerts)
			snprintf(why, size, "%s", r->message);
		else
			for (k = 0; k < cat->n; k++)
				if (open[k] && r->ev[k].granted != LEVEL_UNKNOWN &&
				    !r->ev[k].at_least) {
					held[k] = r->ev[k].granted;
					open[k] = 0;
				}
		free(r);
	}
	for (k = 0; k < cat->n; k++) {
		/* Held at L or more, and the old token can no longer say which (its
		 * account deleted, the API unreachable): the new token must show
		 * the top level, or the merchant accepts less in so many words. */
		if (open[k])
			held[k] = cat->scopes[k].nlevels - 1;
		if (held[k] > need[k])
			need[k] = held[k];
		*unsure += open[k];
	}
	if (*unsure && !why[0])
		snprintf(why, size, "its check did not show the level above");
}

enum bc_status rotate_confirm_retired(const struct bc_session *s, const char *base, cJSON *p,
				      retired_fn each, void *ctx, struct retired_count *n,
				      struct bc_err *err)
{
	const struct scope_catalogue *cat = &s->cat;
	struct check_opts o = {.time_only = 1, .api = s->api};
	struct check_target t;
	struct check_result r;
	char root[512];
	cJSON *h;
	enum bc_status st;

	memset(n, 0, sizeof *n);
	session_profile_target(s, p, NULL, root, sizeof root, &t);
	if (base)
		t.base = base;
	cJSON_ArrayForEach (h, cJSON_GetObjectItemCaseSensitive(p, "history")) {
		enum retired_state rs;
		if (!(t.token = profile_str(h, "token")))
			continue;
		if ((st = check_run(cat, &o, &t, &r, 1, err)) != BC_OK)
			return st;
		n->asked++;
		if (r.kind == CHECK_AUTH) {
			rs = RETIRED_DELETED;
			cJSON_ReplaceItemInObjectCaseSensitive(
				h, "state", cJSON_CreateString("confirmed deleted"));
			/* Gone for good: the token itself need not be kept. */
			cJSON_DeleteItemFromObjectCaseSensitive(h, "token");
		} else if (r.kind == CHECK_OK) {
			rs = RETIRED_ALIVE;
			cJSON_ReplaceItemInObjectCaseSensitive(h, "state",
							       cJSON_CreateString("still alive"));
			n->alive++;
		} else {
			/* No answer, or one that proves neither (a 5xx, a store
			 * refused): what was recorded stands. */
			rs = RETIRED_UNCLEAR;
			n->unclear++;
		}
		if (each)
			each(ctx, h, rs, r.message);
	}
	return BC_OK;
}

enum bc_status rotate_list_webhooks(const struct api_opts *api, const char *base, const char *hash,
				    const char *token, struct webhook_list *out, struct bc_err *err)
{
	struct api_body b;
	char url[512];
	cJSON *doc = NULL;
	const cJSON *h;
	size_t bl;
	long status;
	enum bc_status st;

	memset(out, 0, sizeof *out);
	base = base ? base : APIPATH_DEFAULT_BASE;
	for (bl = strlen(base); bl && base[bl - 1] == '/'; bl--)
		;
	snprintf(url, sizeof url, "%.*s/stores/%s/v3/hooks", (int)bl, base, hash);
	if ((st = api_fetch(api, url, NULL, token, NULL, &status, &b, err)) != BC_OK) {
		bc_err_prefix(err, "GET /v3/hooks: ");
		return st;
	}
	if (status == 401)
		st = bc_fail(err, BC_ERR_CHECK,
			     "GET /v3/hooks: 401, the old token is refused already");
	else if (status != 200 || !(doc = cJSON_Parse(b.p ? b.p : "")) ||
		 !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "data")))
		st = bc_fail(err, BC_ERR_NETWORK, "GET /v3/hooks answered %ld without a list",
			     status);
	if (st == BC_OK) {
		cJSON_ArrayForEach (h, cJSON_GetObjectItemCaseSensitive(doc, "data")) {
			if (out->shown < WEBHOOKS_SHOWN) {
				text_clean(out->hooks[out->shown].scope, sizeof out->hooks[0].scope,
					   cJSON_GetStringValue(
						   cJSON_GetObjectItemCaseSensitive(h, "scope")));
				text_clean(out->hooks[out->shown].destination,
					   sizeof out->hooks[0].destination,
					   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
						   h, "destination")));
				out->shown++;
			}
			out->count++;
		}
		/* More pages than the first: the total says how many there are. */
		h = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(doc, "meta"), "pagination"),
			"total");
		if (cJSON_IsNumber(h) && h->valueint > out->count)
			out->count = h->valueint;
	}
	cJSON_Delete(doc);
	api_body_free(&b);
	return st;
}
