#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/apipath.h"
#include "bcsetup/check.h" /* for the two recorders only (see profile.h) */
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/text.h"

enum bc_status profile_name_check(const char *name, struct bc_err *err)
{
	size_t n = strlen(name), i;

	if (n == 0)
		return bc_fail(err, BC_ERR_INPUT, "a profile name cannot be empty");
	if (n > PROFILE_NAME_MAX)
		return bc_fail(err, BC_ERR_INPUT, "a profile name has at most %d characters",
			       PROFILE_NAME_MAX);
	if (name[0] == '.' || name[0] == '-')
		return bc_fail(err, BC_ERR_INPUT, "a profile name cannot start with '.' or '-'");
	for (i = 0; i < n; i++) {
		char ch = name[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return bc_fail(err, BC_ERR_INPUT,
				       "profile names use only letters, digits, '.', '_' and '-' "
				       "(position %zu is not one)",
				       i + 1);
	}
	return BC_OK;
}

void profile_mask(const char *secret, char *out, size_t size)
{
	size_t n = secret ? strlen(secret) : 0;

	snprintf(out, size, "****%s", n > 4 ? secret + n - 4 : "");
}

const char *profile_str(const cJSON *p, const char *field)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, field));
}

/* Sets p[field] to a string (or null when s is NULL), replacing what was there. */
static int set_str(cJSON *p, const char *field, const char *s)
{
	cJSON *v = s ? cJSON_CreateString(s) : cJSON_CreateNull();

	if (!v)
		return -1;
	if (cJSON_HasObjectItem(p, field))
		return cJSON_ReplaceItemInObjectCaseSensitive(p, field, v) ? 0 : -1;
	return cJSON_AddItemToObject(p, field, v) ? 0 : -1;
}

static int set_num(cJSON *p, const char *field, double d)
{
	cJSON *v = cJSON_CreateNumber(d);

	if (!v)
		return -1;
	if (cJSON_HasObjectItem(p, field))
		return cJSON_ReplaceItemInObjectCaseSensitive(p, field, v) ? 0 : -1;
	return cJSON_AddItemToObject(p, field, v) ? 0 : -1;
}

static cJSON *required_json(const int *required, const struct scope_catalogue *cat)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; o && i < cat->n; i++)
		if (required[i] > 0 &&
		    !cJSON_AddStringToObject(o, cat->scopes[i].key,
					     cat->scopes[i].levels[required[i]])) {
			cJSON_Delete(o);
			return NULL;
		}
	return o;
}

static int retire_token(cJSON *p, time_t now)
{
	const char *old = profile_str(p, "access_token");
	cJSON *hist = cJSON_GetObjectItemCaseSensitive(p, "history"), *h;
	char masked[16];

	if (!old)
		return 0;
	if (!cJSON_IsArray(hist)) {
		cJSON_DeleteItemFromObjectCaseSensitive(p, "history");
		hist = cJSON_AddArrayToObject(p, "history");
	}
	h = cJSON_CreateObject();
	if (!hist || !h)
		return -1;
	profile_mask(old, masked, sizeof masked);
	if (set_str(h, "token_masked", masked) || set_str(h, "token", old) ||
	    set_str(h, "account_name", profile_str(p, "account_name")) ||
	    set_str(h, "client_id", profile_str(p, "client_id")) ||
	    set_num(h, "retired", (double)now) || set_str(h, "state", "not checked")) {
		cJSON_Delete(h);
		return -1;
	}
	cJSON_AddItemToArray(hist, h);
	return 0;
}

int profile_is_app(const cJSON *p)
{
	const char *k = profile_str(p, "kind");

	return k && strcmp(k, "app") == 0;
}

enum bc_status profile_put_app(cJSON *profiles, const char *name, const struct app_credentials *c,
			       const char *target, const int *required,
			       const struct scope_catalogue *cat, time_t now, int *created,
			       struct bc_err *err)
{
	cJSON *p = cJSON_GetObjectItemCaseSensitive(profiles, name), *req;
	char params[2048];
	size_t off = 0;
	enum bc_status st;
	int i;

	if ((st = profile_name_check(name, err)) != BC_OK)
		return st;
	if (p && !profile_is_app(p))
		return bc_fail(err, BC_ERR_INPUT,
			       "profile '%s' holds an API account, not an app: use another name",
			       name);
	if (p && strcmp(profile_str(p, "store_hash"), c->hash) != 0)
		return bc_fail(err, BC_ERR_INPUT,
			       "profile '%s' is for store %s, and this app for store %s: use "
			       "another profile name",
			       name, profile_str(p, "store_hash"), c->hash);
	/* The scopes as integrator.io's form asks for them: BigCommerce's
	 * parameter names, in control-panel order. */
	params[0] = '\0';
	for (i = 0; i < cat->n && off < sizeof params; i++)
		if (required[i] > 0 && cat->scopes[i].ids[required[i]])
			off += (size_t)snprintf(params + off, sizeof params - off, "%s%s",
						off ? " " : "", cat->scopes[i].ids[required[i]]);
	*created = p == NULL;
	if (!p) {
		p = cJSON_AddObjectToObject(profiles, name);
		if (!p || set_str(p, "name", name) || set_str(p, "kind", "app") ||
		    set_num(p, "created", (double)now) || !cJSON_AddNullToObject(p, "rotated") ||
		    !cJSON_AddNullToObject(p, "store") || !cJSON_AddNullToObject(p, "last_check") ||
		    !cJSON_AddArrayToObject(p, "history"))
			return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	if (set_str(p, "store_hash", c->hash) || set_str(p, "client_id", c->client_id) ||
	    set_str(p, "client_secret", c->client_secret) ||
	    set_str(p, "redirect_url", c->redirect_url) ||
	    set_str(p, "account_name", c->account_name) || set_str(p, "target", target) ||
	    set_str(p, "scope_params", params))
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (!(req = required_json(required, cat)))
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (cJSON_HasObjectItem(p, "required"))
		cJSON_ReplaceItemInObjectCaseSensitive(p, "required", req);
	else
		cJSON_AddItemToObject(p, "required", req);
	return BC_OK;
}

/* "https://api.bigcommerce.com/stores/HASH/v3/", on the API root the
 * pasted path names (the practice store's, say), else BigCommerce's. */
static void canonical_api_path(const char *api_path, const char *hash, char *buf, size_t size)
{
	char base[512];

	if (!api_path || apipath_base(api_path, base, sizeof base) != 0)
		snprintf(base, sizeof base, "%s", APIPATH_DEFAULT_BASE);
	if (apipath_v3(base, hash, buf, size) < 0)
		snprintf(buf, size, "%s", api_path ? api_path : "");
}

void profile_api_path(const cJSON *p, char *buf, size_t size)
{
	canonical_api_path(profile_str(p, "api_path"), profile_str(p, "store_hash"), buf, size);
}

/* A store hash corrected: what was learnt of the other store goes, and so
 * does a token that was never seen working there (a typo's FAILED check). */
static int forget_store(cJSON *p)
{
	cJSON_DeleteItemFromObjectCaseSensitive(p, "previous_check");
	cJSON_DeleteItemFromObjectCaseSensitive(p, "last_attempt");
	cJSON_DeleteItemFromObjectCaseSensitive(p, "last_check");
	cJSON_DeleteItemFromObjectCaseSensitive(p, "store");
	return !cJSON_AddNullToObject(p, "last_check") || !cJSON_AddNullToObject(p, "store");
}

enum bc_status profile_put(cJSON *profiles, const char *name, const struct credentials *c,
			   const char *target, const char *caps, const int *required,
			   const struct scope_catalogue *cat, time_t now, unsigned flags,
			   int *created, struct bc_err *err)
{
	char canon[600];
	cJSON *p = cJSON_GetObjectItemCaseSensitive(profiles, name), *req;
	const char *old;
	enum bc_status st;

	if ((st = profile_name_check(name, err)) != BC_OK)
		return st;
	if (p && profile_is_app(p))
		return bc_fail(err, BC_ERR_INPUT,
			       "profile '%s' holds an app (OAuth 2.0 client), not an API account: "
			       "use another name",
			       name);
	*created = p == NULL;
	if (!p) {
		p = cJSON_AddObjectToObject(profiles, name);
		if (!p || set_str(p, "name", name) || set_num(p, "created", (double)now) ||
		    set_str(p, "target", target) || set_str(p, "caps", caps) ||
		    !cJSON_AddNullToObject(p, "rotated") || !cJSON_AddNullToObject(p, "store") ||
		    !cJSON_AddNullToObject(p, "last_check") ||
		    !cJSON_AddArrayToObject(p, "history"))
			return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	} else {
		const char *why;
		int worked = profile_verified(p, &why) == 1;
		old = profile_str(p, "store_hash");
		if (old && strcmp(old, c->path.hash) != 0) {
			if (!(flags & PROFILE_CORRECT))
				return bc_fail(
					err, BC_ERR_INPUT,
					"profile '%s' is for store %s, and these credentials "
					"are for store %s: to correct its store hash, confirm "
					"the change (import --yes); for another store, use "
					"another profile name",
					name, old, c->path.hash);
			if (forget_store(p))
				return bc_fail(err, BC_ERR_NOMEM, "out of memory");
		}
		old = profile_str(p, "access_token");
		if (old && strcmp(old, c->access_token) != 0 && (flags & PROFILE_CORRECT) &&
		    !worked) {
			/* A typo corrected: no account stands behind the old value. */
			cJSON_DeleteItemFromObjectCaseSensitive(p, "last_check");
			cJSON_DeleteItemFromObjectCaseSensitive(p, "last_attempt");
			if (!cJSON_AddNullToObject(p, "last_check"))
				return bc_fail(err, BC_ERR_NOMEM, "out of memory");
		} else if (old && strcmp(old, c->access_token) != 0) {
			cJSON *lc = cJSON_DetachItemFromObjectCaseSensitive(p, "last_check");
			if (retire_token(p, now) || set_num(p, "rotated", (double)now))
				return bc_fail(err, BC_ERR_NOMEM, "out of memory");
			/* The last check spoke of the old token: it becomes the previous
			 * one (to show what changed), and the new token is unchecked. */
			cJSON_DeleteItemFromObjectCaseSensitive(p, "previous_check");
			if (cJSON_IsObject(lc))
				cJSON_AddItemToObject(p, "previous_check", lc);
			else
				cJSON_Delete(lc);
			cJSON_AddNullToObject(p, "last_check");
			cJSON_DeleteItemFromObjectCaseSensitive(p, "last_attempt");
		}
		if ((target && set_str(p, "target", target)) ||
		    (target && set_str(p, "caps", caps)))
			return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	/* Kept in its one canonical form, whatever was pasted (a control-panel
	 * address, a legacy path): what show prints is what export gives. */
	canonical_api_path(c->api_path, c->path.hash, canon, sizeof canon);
	if (set_str(p, "store_hash", c->path.hash) || set_str(p, "api_path", canon) ||
	    set_str(p, "client_id", c->client_id) ||
	    set_str(p, "client_secret", c->client_secret) ||
	    set_str(p, "access_token", c->access_token) ||
	    set_str(p, "account_name", c->account_name))
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (required) {
		req = required_json(required, cat);
		if (!req)
			return bc_fail(err, BC_ERR_NOMEM, "out of memory");
		if (cJSON_HasObjectItem(p, "required"))
			cJSON_ReplaceItemInObjectCaseSensitive(p, "required", req);
		else
			cJSON_AddItemToObject(p, "required", req);
	} else if (!cJSON_HasObjectItem(p, "required")) {
		cJSON_AddObjectToObject(p, "required");
	}
	return BC_OK;
}

void profile_required(const cJSON *p, const struct scope_catalogue *cat, int *levels)
{
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(p, "required"), *e;
	int i, l;

	for (i = 0; i < cat->n; i++)
		levels[i] = 0;
	cJSON_ArrayForEach (e, req) {
		i = scopes_find(cat, e->string);
		if (i >= 0 && cJSON_GetStringValue(e) &&
		    (l = scope_level(&cat->scopes[i], e->valuestring)) >= 0)
			levels[i] = l;
	}
}

int handoff_value(const struct handoff_field *f, const cJSON *p, char *buf, size_t size)
{
	const char *v = NULL, *hash = profile_str(p, "store_hash");
	char base[512];

	switch (f->source) {
	case SRC_LITERAL: v = f->value; break;
	case SRC_CLIENT_ID: v = profile_str(p, "client_id"); break;
	case SRC_CLIENT_SECRET: v = profile_str(p, "client_secret"); break;
	case SRC_ACCESS_TOKEN: v = profile_str(p, "access_token"); break;
	case SRC_STORE_HASH: v = hash; break;
	case SRC_PERMANENT_ADDRESS:
		/* The permanent address stays when a custom domain is added. */
		if (!hash)
			break;
		snprintf(buf, size, "store-%s.mybigcommerce.com", hash);
		return 0;
	case SRC_ACCOUNT_NAME:
		v = profile_str(p, "account_name");
		if (!v)
			v = profile_str(p, "name");
		break;
	case SRC_API_PATH:
	case SRC_STORE_ROOT:
		if (!hash)
			break;
		if (apipath_base(profile_str(p, "api_path"), base, sizeof base) != 0)
			snprintf(base, sizeof base, "%s", APIPATH_DEFAULT_BASE);
		if ((f->source == SRC_API_PATH ? apipath_v3(base, hash, buf, size)
					       : apipath_store_root(base, hash, buf, size)) < 0)
			break;
		return 0;
	case SRC_STORE_NAME:
	case SRC_STORE_DOMAIN:
		v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(p, "store"),
			f->source == SRC_STORE_NAME ? "name" : "domain"));
		if (!v && f->source == SRC_STORE_NAME) {
			/* Learnt only with Information & Settings: else the merchant's. */
			snprintf(buf, size, "<%s>", f->hint ? f->hint : "yours to fill in");
			return -1;
		}
		if (!v) {
			snprintf(buf, size, "<%s; run 'bcsetup check' to learn it>",
				 f->hint ? f->hint : "unknown");
			return -1;
		}
		break;
	case SRC_USER:
		snprintf(buf, size, "<%s>", f->hint ? f->hint : "yours to fill in");
		return -1;
	case SRC_SCOPE_PARAMS: v = profile_str(p, "scope_params"); break;
	case SRC_REDIRECT_URL: v = profile_str(p, "redirect_url"); break;
	}
	if (!v) {
		snprintf(buf, size, "<unknown>");
		return -1;
	}
	snprintf(buf, size, "%s", v);
	return 0;
}

enum bc_status profile_record_check(cJSON *p, const struct scope_catalogue *cat,
				    const struct check_result *r, time_t now, struct bc_err *err)
{
	cJSON *lc = cJSON_CreateObject(), *granted, *more, *prev;
	int k;

	if (!lc)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	cJSON_AddNumberToObject(lc, "time", (double)now);
	if (!check_conclusive(r)) {
		/* An attempt that never reached a verdict proves nothing about the
		 * token: kept beside the last verdict, never in its place. */
		cJSON_AddStringToObject(lc, "kind", check_kind_word(r->kind));
		cJSON_AddStringToObject(lc, "message", r->message);
		cJSON_DeleteItemFromObjectCaseSensitive(p, "last_attempt");
		cJSON_AddItemToObject(p, "last_attempt", lc);
		return BC_OK;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(p, "last_attempt");
	cJSON_AddBoolToObject(lc, "ok", r->ok);
	cJSON_AddStringToObject(lc, "kind", check_kind_word(r->kind));
	cJSON_AddStringToObject(lc, "message", r->message);
	if (r->nalerts) {
		/* Kept until the next check: what the store accepted, and what it made. */
		cJSON *alerts = cJSON_AddArrayToObject(lc, "alerts");
		for (k = 0; k < r->nalerts; k++) {
			cJSON *a = cJSON_CreateObject();
			cJSON_AddStringToObject(a, "request", r->alerts[k].request);
			cJSON_AddNumberToObject(a, "status", (double)r->alerts[k].status);
			cJSON_AddStringToObject(a, "id", r->alerts[k].id);
			cJSON_AddStringToObject(a, "message", r->alerts[k].message);
			cJSON_AddItemToArray(alerts, a);
		}
	}
	granted = cJSON_AddObjectToObject(lc, "granted");
	for (k = 0; r->probed && k < cat->n; k++)
		cJSON_AddStringToObject(granted, cat->scopes[k].key,
					scope_level_name(&cat->scopes[k], r->ev[k].granted));
	/* "read-only or more": the level above was not probed; never read as exact. */
	more = cJSON_AddObjectToObject(lc, "at_least");
	for (k = 0; r->probed && k < cat->n; k++)
		if (r->ev[k].at_least)
			cJSON_AddBoolToObject(more, cat->scopes[k].key, 1);
	/* The check before this one, of this token or (after a new token) of the
	 * one before: kept to show what changed. */
	prev = cJSON_DetachItemFromObjectCaseSensitive(p, "last_check");
	if (cJSON_IsObject(prev)) {
		cJSON_DeleteItemFromObjectCaseSensitive(p, "previous_check");
		cJSON_AddItemToObject(p, "previous_check", prev);
	} else {
		cJSON_Delete(prev);
	}
	cJSON_AddItemToObject(p, "last_check", lc);
	if (r->have_store) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "name", r->store_name);
		cJSON_AddStringToObject(s, "domain", r->store_domain);
		cJSON_AddStringToObject(s, "plan", r->store_plan);
		cJSON_DeleteItemFromObjectCaseSensitive(p, "store");
		cJSON_AddItemToObject(p, "store", s);
	}
	return BC_OK;
}

/* A member that must be a JSON type when present (null allowed where said). */
static int typed(const cJSON *p, const char *field, int (*is)(const cJSON *), int null_ok)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, field);
	return !v || is(v) || (null_ok && cJSON_IsNull(v));
}

static int is_string(const cJSON *v)
{
	return cJSON_IsString(v);
}
/* A time (Unix seconds) every reader can turn into a long long and do sums
 * with: from 1970 to the end of year 9999. */
static int is_time(const cJSON *v)
{
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 253402300799.0;
}
static int is_object(const cJSON *v)
{
	return cJSON_IsObject(v);
}
static int is_array(const cJSON *v)
{
	return cJSON_IsArray(v);
}

/* Every member of o is a string (the "required" and "granted" maps). */
static int strings_only(const cJSON *o)
{
	const cJSON *e;

	if (!o || cJSON_IsNull(o))
		return 1;
	if (!cJSON_IsObject(o))
		return 0;
	cJSON_ArrayForEach (e, o)
		if (!cJSON_IsString(e))
			return 0;
	return 1;
}

/* What an attempt that reached no verdict ran into, in a few words. */
static const char *check_attempt_words(const char *kind)
{
	static const struct {
		const char *kind, *words;
	} w[] = {{"network", "could not connect"},
		 {"tls", "failed TLS"},
		 {"rate_limit", "hit the rate limit"},
		 {"server", "got no API answer"},
		 {"aborted", "was stopped"}};
	size_t i;

	for (i = 0; kind && i < sizeof w / sizeof w[0]; i++)
		if (strcmp(kind, w[i].kind) == 0)
			return w[i].words;
	return "reached no verdict";
}

static int check_shape(const cJSON *c)
{
	return !c || cJSON_IsNull(c) ||
	       (cJSON_IsObject(c) && typed(c, "time", is_time, 0) &&
		typed(c, "message", is_string, 0) && typed(c, "kind", is_string, 0) &&
		typed(c, "alerts", is_array, 0) &&
		strings_only(cJSON_GetObjectItemCaseSensitive(c, "granted")));
}

enum bc_status profile_check(const cJSON *p, const char *name, struct bc_err *err)
{
	static const char *const needed[] = {"store_hash", "access_token", "client_id",
					     "client_secret", "api_path"};
	/* An app (OAuth 2.0 client) has no token and no API path. */
	static const char *const app_needed[] = {"store_hash", "client_id", "client_secret",
						 "redirect_url", "store_hash"};
	static const char *const texts[] = {"name", "target", "caps", "account_name"};
	const cJSON *h, *hist, *store;
	const char *bad = NULL;
	size_t i;

	if (!cJSON_IsObject(p))
		return bc_fail(err, BC_ERR_VAULT_DAMAGED,
			       "the vault's profile '%s' is not a profile", name);
	for (i = 0; i < sizeof needed / sizeof needed[0] && !bad; i++) {
		const char *f = profile_is_app(p) ? app_needed[i] : needed[i];
		const char *v = profile_str(p, f);
		if (!v || !*v)
			bad = f;
	}
	if (!bad && !typed(p, "kind", is_string, 1))
		bad = "kind";
	for (i = 0; i < sizeof texts / sizeof texts[0] && !bad; i++)
		if (!typed(p, texts[i], is_string, 1))
			bad = texts[i];
	store = cJSON_GetObjectItemCaseSensitive(p, "store");
	hist = cJSON_GetObjectItemCaseSensitive(p, "history");
	if (!bad && (!typed(p, "created", is_time, 0) || !typed(p, "rotated", is_time, 1)))
		bad = "created or rotated";
	if (!bad && !strings_only(cJSON_GetObjectItemCaseSensitive(p, "required")))
		bad = "required";
	if (!bad && !(!store || cJSON_IsNull(store) || (is_object(store) && strings_only(store))))
		bad = "store";
	if (!bad && (!check_shape(cJSON_GetObjectItemCaseSensitive(p, "last_check")) ||
		     !check_shape(cJSON_GetObjectItemCaseSensitive(p, "previous_check")) ||
		     !check_shape(cJSON_GetObjectItemCaseSensitive(p, "last_attempt"))))
		bad = "last_check";
	if (!bad && hist && !cJSON_IsArray(hist))
		bad = "history";
	cJSON_ArrayForEach (h, hist) {
		if (bad || !cJSON_IsArray(hist))
			break;
		if (!cJSON_IsObject(h) || !typed(h, "token", is_string, 0) ||
		    !typed(h, "token_masked", is_string, 0) || !typed(h, "state", is_string, 0) ||
		    !typed(h, "retired", is_time, 0) || !typed(h, "account_name", is_string, 1) ||
		    !typed(h, "client_id", is_string, 1))
			bad = "history";
	}
	if (bad)
		return bc_fail(err, BC_ERR_VAULT_DAMAGED,
			       "the vault opened, but its profile '%s' is malformed (%s); it was "
			       "not written by this bcsetup",
			       name, bad);
	return BC_OK;
}

enum bc_status profile_credentials(const cJSON *p, struct credentials *out, struct bc_err *err)
{
	credentials_clear(out);
	if (profile_is_app(p))
		return bc_fail(err, BC_ERR_INPUT,
			       "profile '%s' holds an app's OAuth 2.0 client, which has no access "
			       "token to use: the integration verifies it when it connects",
			       profile_str(p, "name") ? profile_str(p, "name") : "?");
	return credentials_make(profile_str(p, "access_token"), profile_str(p, "client_id"),
				profile_str(p, "client_secret"), profile_str(p, "api_path"),
				profile_str(p, "account_name"), out, err);
}

int profile_verified(const cJSON *p, const char **why)
{
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(p, "last_check");

	*why = NULL;
	if (!cJSON_IsObject(lc))
		return -1;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lc, "ok")))
		return 1;
	*why = profile_str(lc, "message");
	return 0;
}

void profile_last_check(const cJSON *p, struct last_check *out)
{
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(p, "last_check");
	const cJSON *la = cJSON_GetObjectItemCaseSensitive(p, "last_attempt");

	memset(out, 0, sizeof *out);
	if (cJSON_IsObject(la)) {
		out->attempt_time = (long long)cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(la, "time"));
		out->attempt_kind = profile_str(la, "kind");
		out->attempt_message = profile_str(la, "message");
		/* Only an attempt after the last verdict is news. */
		if (cJSON_IsObject(lc) &&
		    out->attempt_time < (long long)cJSON_GetNumberValue(
						cJSON_GetObjectItemCaseSensitive(lc, "time")))
			out->attempt_time = 0;
	}
	if (!cJSON_IsObject(lc))
		return;
	out->present = 1;
	out->ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lc, "ok"));
	out->time = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(lc, "time"));
	out->kind = profile_str(lc, "kind");
	out->message = profile_str(lc, "message");
	out->alerts = cJSON_GetObjectItemCaseSensitive(lc, "alerts");
}

void profile_last_text(const cJSON *p, long long now, char *buf, size_t size)
{
	struct last_check lc;
	char age[32];

	char tried[32];
	int n;

	profile_last_check(p, &lc);
	if (!lc.present) {
		n = snprintf(buf, size, "never");
	} else {
		text_age(lc.time, now, age, sizeof age);
		n = snprintf(buf, size, "%s, %s", lc.ok ? "ok" : "FAILED", age);
	}
	if (lc.attempt_time && n >= 0 && (size_t)n < size) {
		text_age(lc.attempt_time, now, tried, sizeof tried);
		snprintf(buf + n, size - (size_t)n, "; last attempt %s %s", tried,
			 check_attempt_words(lc.attempt_kind));
	}
}

const cJSON *profile_compare_check(const cJSON *p)
{
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(p, "last_check");

	/* A new token has no check yet: compare with the one before it. */
	return cJSON_IsObject(lc) ? lc : cJSON_GetObjectItemCaseSensitive(p, "previous_check");
}

long long profile_check_levels(const cJSON *check, const struct scope_catalogue *cat, int *levels)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(check, "granted");
	int k;

	for (k = 0; k < cat->n; k++) {
		const char *w = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(g, cat->scopes[k].key));
		levels[k] = !w                          ? PROFILE_LEVEL_NONE
			    : strcmp(w, "unknown") == 0 ? LEVEL_UNKNOWN
							: scope_level(&cat->scopes[k], w);
		if (levels[k] < LEVEL_UNKNOWN)
			levels[k] = PROFILE_LEVEL_NONE;
	}
	return cJSON_IsObject(check) ? (long long)cJSON_GetNumberValue(
					       cJSON_GetObjectItemCaseSensitive(check, "time"))
				     : 0;
}

int profile_gaps(const cJSON *p, const struct scope_catalogue *cat, const int *required, char *buf,
		 size_t size)
{
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(p, "last_check");
	int got[SCOPES_MAX], k, n = 0;
	size_t off = 0;

	buf[0] = '\0';
	if (!cJSON_IsObject(lc))
		return -1;
	profile_check_levels(lc, cat, got);
	for (k = 0; k < cat->n; k++) {
		const struct scope *s = &cat->scopes[k];
		char why[48];
		if (required[k] <= 0 || got[k] >= required[k])
			continue;
		if (got[k] == 0)
			snprintf(why, sizeof why, "not held");
		else if (got[k] > 0 &&
			 !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
				 cJSON_GetObjectItemCaseSensitive(lc, "at_least"), s->key)))
			snprintf(why, sizeof why, "only %s", s->levels[got[k]]);
		else
			snprintf(why, sizeof why, "not proven");
		if (off < size)
			off += (size_t)snprintf(buf + off, size - off, "%s%s %s: %s", n ? "; " : "",
						s->name, s->levels[required[k]], why);
		n++;
	}
	return n;
}

enum bc_status profile_apply_rotation(cJSON *profiles, const char *name,
				      const struct credentials *c, const struct check_result *r,
				      const struct scope_catalogue *cat, time_t now,
				      struct bc_err *err)
{
	enum bc_status st;
	int created;

	if (!cJSON_GetObjectItemCaseSensitive(profiles, name))
		return bc_fail(err, BC_ERR_NOTFOUND, "there is no profile '%s'", name);
	if (!r->ok)
		return bc_fail(err, BC_ERR_CHECK, "the new token has not passed its check");
	/* The old token goes to the history (profile_put), the check is the new one's. */
	if ((st = profile_put(profiles, name, c, NULL, NULL, NULL, cat, now, 0, &created, err)) !=
	    BC_OK)
		return st;
	return profile_record_check(cJSON_GetObjectItemCaseSensitive(profiles, name), cat, r, now,
				    err);
}

const cJSON *profile_retired_waiting(const cJSON *p, int *waiting, int *alive)
{
	const cJSON *h, *last = NULL;

	*waiting = *alive = 0;
	cJSON_ArrayForEach (h, cJSON_GetObjectItemCaseSensitive(p, "history")) {
		/* The token is wiped once its account's deletion is confirmed. */
		if (!profile_str(h, "token"))
			continue;
		(*waiting)++;
		if (profile_str(h, "state") && strcmp(profile_str(h, "state"), "still alive") == 0)
			(*alive)++;
		last = h;
	}
	return last;
}

void profile_account_text(const cJSON *h, char *buf, size_t size)
{
	const char *name = profile_str(h, "account_name"), *id = profile_str(h, "client_id");
	char n[100], i[80];

	text_clean(n, sizeof n, name);
	text_clean(i, sizeof i, id);
	if (name && id)
		snprintf(buf, size, "\"%s\", Client ID %s", n, i);
	else if (id)
		snprintf(buf, size, "Client ID %s", i);
	else if (name)
		snprintf(buf, size, "\"%s\"", n);
	else
		snprintf(buf, size, "name not recorded");
}

int profile_shares_token(const cJSON *profiles, const cJSON *p, char *names, size_t size)
{
	const char *tok = profile_str(p, "access_token");
	const cJSON *q;
	size_t used = 0;
	int n = 0;

	if (size)
		names[0] = '\0';
	if (!tok)
		return 0;
	cJSON_ArrayForEach (q, profiles) {
		const char *t = profile_str(q, "access_token");
		if (q == p || !t || strlen(t) != strlen(tok) ||
		    sodium_memcmp(t, tok, strlen(tok)) != 0)
			continue;
		if (used < size)
			used += (size_t)snprintf(names + used, size - used, "%s%s", n ? ", " : "",
						 q->string ? q->string : "?");
		n++;
	}
	return n;
}
