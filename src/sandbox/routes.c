/* The emulated API: BigCommerce's answers, with the scope check before
 * routing and validation. This table is the sandbox's own reading of the
 * reference, deliberately not derived from bcsetup's scope catalogue, so
 * that a mistake in the catalogue shows up as a failing test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "sandbox.h"

enum kind {
	K_TIME,      /* /v2/time: no scope */
	K_STORE,     /* /v2/store */
	K_LIST,      /* a collection (v2: 204 when empty) */
	K_ITEM,      /* GET of one item by id (or of its children): 404, no item exists */
	K_CREATE,    /* POST to a collection */
	K_BATCH,     /* PUT to a collection: a list of {"id": ..., fields} */
	K_UPDATE,    /* PUT or POST on one item by id (or on its children) */
	K_SETTINGS,  /* PUT of settings in place: any body changes them */
	K_ANY_SCOPE, /* the "default" scope every token has */
};

struct route {
	const char *method, *pattern;
	enum kind kind;
	const char *read_id, *modify_id;     /* NULL read_id: only modify_id opens it */
	const char *also_read, *also_modify; /* a second scope that opens it too */
	const char *collection;              /* orders, products, pages: how many items */
};

#define R(m, p, k, r, w)                        \
	{                                       \
		m, p, k, r, w, NULL, NULL, NULL \
	}
#define RC(m, p, k, r, w, c)                 \
	{                                    \
		m, p, k, r, w, NULL, NULL, c \
	}
#define NIL "00000000-0000-0000-0000-000000000000"
static const struct route routes[] = {
	R("GET", "/v2/time", K_TIME, NULL, NULL),
	R("GET", "/v3/hooks", K_ANY_SCOPE, NULL, NULL),
	RC("GET", "/v2/pages", K_LIST, "store_v2_content_read_only", "store_v2_content", "pages"),
	R("POST", "/v2/pages", K_CREATE, NULL, "store_v2_content"),
	R("PUT", "/v2/pages/*", K_UPDATE, NULL, "store_v2_content"),
	R("GET", "/v3/content/widget-templates", K_LIST, "store_v2_content_read_only",
	  "store_v2_content"),
	R("POST", "/v3/content/widget-templates", K_CREATE, NULL, "store_v2_content"),
	R("PUT", "/v3/content/widget-templates/*", K_UPDATE, NULL, "store_v2_content"),
	{"GET", "/v3/content/scripts", K_LIST, "store_content_checkout_read_only",
	 "store_content_checkout", "store_v2_content_read_only", "store_v2_content", NULL},
	{"POST", "/v3/content/scripts", K_CREATE, NULL, "store_content_checkout", NULL,
	 "store_v2_content", NULL},
	{"PUT", "/v3/content/scripts/*", K_UPDATE, NULL, "store_content_checkout", NULL,
	 "store_v2_content", NULL},
	R("GET", "/v3/customers", K_LIST, "store_v2_customers_read_only", "store_v2_customers"),
	R("POST", "/v3/customers", K_CREATE, NULL, "store_v2_customers"),
	R("PUT", "/v3/customers", K_BATCH, NULL, "store_v2_customers"),
	R("GET", "/v2/store", K_STORE, "store_v2_information_read_only", "store_v2_information"),
	R("PUT", "/v3/settings/store/profile", K_SETTINGS, NULL, "store_v2_information"),
	R("POST", "/v2/currencies", K_CREATE, NULL, "store_v2_information"),
	R("PUT", "/v2/currencies/*", K_UPDATE, NULL, "store_v2_information"),
	R("GET", "/v2/banners", K_LIST, "store_v2_marketing_read_only", "store_v2_marketing"),
	R("POST", "/v2/banners", K_CREATE, NULL, "store_v2_marketing"),
	R("PUT", "/v2/banners/*", K_UPDATE, NULL, "store_v2_marketing"),
	RC("GET", "/v2/orders", K_LIST, "store_v2_orders_read_only", "store_v2_orders", "orders"),
	R("POST", "/v2/orders", K_CREATE, NULL, "store_v2_orders"),
	R("PUT", "/v2/orders/*", K_UPDATE, NULL, "store_v2_orders"),
	R("GET", "/v3/orders/*/transactions", K_ITEM, "store_v2_transactions_read_only",
	  "store_v2_transactions"),
	R("POST", "/v3/payments/access_tokens", K_CREATE, NULL,
	  "store_payments_access_token_create"),
	R("GET", "/v2/payments/methods", K_LIST, "store_payments_methods_read", NULL),
	/* Needs ?order_id=; the sandbox has no orders by id, so: no such order. */
	R("GET", "/v3/payments/methods", K_ITEM, "store_payments_methods_read", NULL),
	R("GET", "/v3/customers/*/stored-instruments", K_ITEM,
	  "store_stored_payment_instruments_read_only", "store_stored_payment_instruments"),
	RC("GET", "/v3/catalog/products", K_LIST, "store_v2_products_read_only",
	   "store_v2_products", "products"),
	R("POST", "/v3/catalog/products", K_CREATE, NULL, "store_v2_products"),
	R("PUT", "/v3/catalog/products/*", K_UPDATE, NULL, "store_v2_products"),
	R("GET", "/v3/themes", K_LIST, "store_themes_read_only", "store_themes_manage"),
	R("POST", "/v3/themes", K_CREATE, NULL, "store_themes_manage"),
	R("POST", "/v3/themes/*/actions/download", K_UPDATE, NULL, "store_themes_manage"),
	R("GET", "/v3/carts/*", K_ITEM, "store_cart_read_only", "store_cart"),
	R("POST", "/v3/carts", K_CREATE, NULL, "store_cart"),
	R("PUT", "/v3/carts/*", K_UPDATE, NULL, "store_cart"),
	R("GET", "/v3/checkouts/*", K_ITEM, "store_checkout_read_only", "store_checkout"),
	R("POST", "/v3/checkouts/*/billing-address", K_UPDATE, NULL, "store_checkout"),
	R("GET", "/v3/sites", K_LIST, "store_sites_read_only", "store_sites"),
	R("POST", "/v3/sites", K_CREATE, NULL, "store_sites"),
	R("PUT", "/v3/sites/*", K_UPDATE, NULL, "store_sites"),
	R("GET", "/v3/channels", K_LIST, "store_channel_settings_read_only",
	  "store_channel_settings"),
	R("PUT", "/v3/channels/*", K_UPDATE, NULL, "store_channel_settings"),
	R("POST", "/v3/channels/currency-assignments", K_CREATE, NULL, "store_channel_settings"),
	R("GET", "/v3/channels/*/listings", K_LIST, "store_channel_listings_read_only",
	  "store_channel_listings"),
	R("POST", "/v3/channels/*/listings", K_UPDATE, NULL, "store_channel_listings"),
	R("PUT", "/v3/channels/*/listings", K_UPDATE, NULL, "store_channel_listings"),
	R("POST", "/v3/storefront/api-token", K_CREATE, NULL, "store_storefront_api"),
	R("POST", "/v3/storefront/api-token-customer-impersonation", K_CREATE, NULL,
	  "store_storefront_api_customer_impersonation"),
	R("GET", "/v3/store/systemlogs", K_LIST, "store_logs_read_only", NULL),
	R("GET", "/v3/inventory/locations", K_LIST, "store_locations_read_only", "store_locations"),
	R("POST", "/v3/inventory/locations", K_CREATE, NULL, "store_locations"),
	R("PUT", "/v3/inventory/locations", K_BATCH, NULL, "store_locations"),
	R("GET", "/v3/inventory/items", K_LIST, "store_inventory_read_only", "store_inventory"),
	R("POST", "/v3/inventory/adjustments/relative", K_CREATE, NULL, "store_inventory"),
	R("GET", "/v3/pickup/methods", K_LIST, "store_fulfillment_methods_read_only",
	  "store_fulfillment_methods_manage"),
	R("POST", "/v3/pickup/methods", K_CREATE, NULL, "store_fulfillment_methods_manage"),
	R("PUT", "/v3/pickup/methods", K_BATCH, NULL, "store_fulfillment_methods_manage"),
	R("GET", "/v3/orders/pickups", K_LIST, "store_order_fulfillment_read_only",
	  "store_order_fulfillment_manage"),
	R("POST", "/v3/orders/pickups", K_CREATE, NULL, "store_order_fulfillment_manage"),
	R("PUT", "/v3/orders/pickups", K_BATCH, NULL, "store_order_fulfillment_manage"),
};

static const char scope_403[] =
	"{\"status\":403,\"title\":\"You don't have a required scope to access the endpoint\","
	"\"type\":\"https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes\","
	"\"errors\":{}}";

/* Whether PATH matches PATTERN, where '*' stands for one non-empty segment. */
static int match(const char *pattern, const char *path)
{
	while (*pattern && *path) {
		if (*pattern == '*') {
			const char *seg = path;
			while (*path && *path != '/')
				path++;
			if (path == seg)
				return 0;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	/* One trailing slash is forgiven, as the real API does. */
	if (!*pattern && path[0] == '/' && !path[1])
		return 1;
	return !*pattern && !*path;
}

static void set(struct sb_reply *r, int status, const char *body)
{
	r->status = status;
	free(r->body);
	r->body = body ? strdup(body) : NULL;
}

/* V3's meta.pagination for a list that fits on one page; returns it. */
static cJSON *one_page(cJSON *doc, int count)
{
	cJSON *pg = cJSON_AddObjectToObject(cJSON_AddObjectToObject(doc, "meta"), "pagination");

	cJSON_AddNumberToObject(pg, "total", count);
	cJSON_AddNumberToObject(pg, "count", count);
	cJSON_AddNumberToObject(pg, "per_page", 50);
	cJSON_AddNumberToObject(pg, "current_page", 1);
	cJSON_AddNumberToObject(pg, "total_pages", 1);
	return pg;
}

/* Answers with doc, and frees it. */
static void set_json(struct sb_reply *r, int status, cJSON *doc)
{
	r->status = status;
	free(r->body);
	r->body = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
}

static void not_found(struct sb_reply *r, int v2)
{
	set(r, 404,
	    v2 ? "[{\"status\":404,\"message\":\"The requested resource was not found.\"}]"
	       : "{\"status\":404,\"title\":\"The resource at that URL is not found.\","
		 "\"type\":\"https://developer.bigcommerce.com/api-docs/getting-started/"
		 "api-status-codes\"}");
}

/* What a write's body asks for, as a store sees it. */
enum body_shape {
	B_INVALID, /* not JSON, or not an object or list */
	B_EMPTY,   /* {} */
	B_NOTHING, /* only empty lists ([] or {"items": []}): nothing to do */
	B_ABSENT,  /* names only things that do not exist (id 0, the nil UUID) */
	B_CONTENT, /* fields that a store would act on */
};

static int absent_id(const cJSON *v)
{
	return (cJSON_IsNumber(v) && v->valuedouble == 0) ||
	       (cJSON_IsString(v) && strcmp(v->valuestring, NIL) == 0);
}

/* Whether j names (anywhere) an id that cannot exist. */
static int names_absent(const cJSON *j)
{
	const cJSON *c;
	size_t n;

	cJSON_ArrayForEach (c, j) {
		n = c->string ? strlen(c->string) : 0;
		if (n &&
		    (strcmp(c->string, "id") == 0 ||
		     (n > 3 && strcmp(c->string + n - 3, "_id") == 0)) &&
		    absent_id(c))
			return 1;
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && names_absent(c))
			return 1;
	}
	return 0;
}

static enum body_shape body_shape(const char *body, size_t len)
{
	cJSON *j = body && len ? cJSON_ParseWithLength(body, len) : NULL, *c;
	enum body_shape sh = B_INVALID;
	int lists = 0, other = 0;

	if (cJSON_IsArray(j) || cJSON_IsObject(j)) {
		cJSON_ArrayForEach (c, j) {
			if (cJSON_IsArray(c) && cJSON_GetArraySize(c) == 0)
				lists++;
			else
				other++;
		}
		if (cJSON_IsObject(j) && !lists && !other)
			sh = B_EMPTY;
		else if (!other)
			sh = B_NOTHING;
		else if (names_absent(j))
			sh = B_ABSENT;
		else
			sh = B_CONTENT;
	}
	cJSON_Delete(j);
	return sh;
}

/* Whether a path names an id that cannot exist: a segment 0 or the nil UUID. */
static int path_absent(const char *path)
{
	const char *p = path;

	while ((p = strchr(p, '/'))) {
		size_t n = strcspn(++p, "/");
		if ((n == 1 && *p == '0') || (n == strlen(NIL) && strncmp(p, NIL, n) == 0))
			return 1;
	}
	return 0;
}

static void invalid(struct sb_reply *r, int v2, const char *why)
{
	char b[256];

	if (v2)
		snprintf(b, sizeof b, "[{\"status\":400,\"message\":\"%s\"}]", why);
	else
		snprintf(b, sizeof b, "{\"status\":422,\"title\":\"%s\",\"errors\":{}}", why);
	set(r, v2 ? 400 : 422, b);
}

/* A write that a store accepted. would_change: whether it could have
 * changed anything. made: an id of what it made, or 0. */
static void accepted(struct sb_reply *r, int status, int would_change, int made)
{
	char b[96];

	r->would_change = would_change;
	if (made)
		snprintf(b, sizeof b, "{\"data\":{\"id\":%d},\"meta\":{}}", made);
	else
		snprintf(b, sizeof b, "{\"data\":[],\"meta\":{}}");
	set(r, status, b);
}

/* The writes, as BigCommerce answers them, or (accept_empty_writes) as a
 * store would that fills in defaults instead of refusing. */
static void write_answer(const struct route *rt, const struct sb_store *s, const char *path, int v2,
			 const char *body, size_t len, struct sb_reply *r)
{
	enum body_shape sh = body_shape(body, len);
	int lax = s->accept_empty_writes;

	if (sh == B_INVALID) {
		invalid(r, v2, "The request body is not valid JSON.");
		return;
	}
	switch (rt->kind) {
	case K_UPDATE:
		if (path_absent(path))
			not_found(r, v2);
		else if (sh == B_CONTENT || lax)
			accepted(r, 200, 1, 0); /* the item could exist: it could change */
		else
			invalid(r, v2, "The request body is missing required fields.");
		return;
	case K_SETTINGS: accepted(r, 200, 1, 0); return;
	case K_BATCH:
		if (sh == B_CONTENT)
			accepted(r, 200, 1, 0);
		else if (lax && sh != B_EMPTY)
			accepted(r, 200, 0,
				 0); /* nothing listed, or only items that do not exist */
		else
			invalid(r, v2, "The request must list the items to update by id.");
		return;
	default: /* K_CREATE */
		if (sh == B_ABSENT)
			invalid(r, v2, "The request refers to something that does not exist.");
		else if (sh == B_CONTENT || (lax && sh == B_EMPTY))
			accepted(r, 201, 1, 1001); /* a record, with defaults where fields lack */
		else if (lax)
			accepted(r, 200, 0, 0); /* an empty list: nothing to make */
		else
			invalid(r, v2, "The request body is missing required fields.");
	}
}

/* GET /v3/hooks: the webhooks the calling token's account made, and only
 * those (BigCommerce ties a webhook to the account that created it). */
static void hooks(struct sb_reply *r, const struct sb_token *t)
{
	static const char *const scopes[] = {"store/order/created", "store/order/statusUpdated",
					     "store/product/inventory/updated"};
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(o, "data");
	char dest[128];
	int i;

	for (i = 0; i < t->nhooks; i++) {
		cJSON *h = cJSON_CreateObject();
		cJSON_AddNumberToObject(h, "id", 1000 + i);
		cJSON_AddStringToObject(h, "scope", scopes[i % 3]);
		snprintf(dest, sizeof dest, "https://hooks.example.com/%.8s/%d", t->client_id,
			 i + 1);
		cJSON_AddStringToObject(h, "destination", dest);
		cJSON_AddBoolToObject(h, "is_active", 1);
		cJSON_AddItemToArray(arr, h);
	}
	one_page(o, t->nhooks);
	set_json(r, 200, o);
}

static void list(struct sb_reply *r, int v2, int count, const char *what)
{
	cJSON *arr = cJSON_CreateArray(), *o;
	int i;

	for (i = 0; i < count; i++) {
		cJSON *item = cJSON_CreateObject();
		cJSON_AddNumberToObject(item, "id", i + 1);
		cJSON_AddStringToObject(item, "name", what ? what : "item");
		cJSON_AddItemToArray(arr, item);
	}
	if (v2) {
		if (count == 0) {
			cJSON_Delete(arr);
			set(r, 204, NULL);
			return;
		}
		set_json(r, 200, arr);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "data", arr);
	cJSON_AddObjectToObject(one_page(o, count), "links");
	set_json(r, 200, o);
}

static void store_info(struct sb_reply *r, const struct sb_store *s)
{
	cJSON *o = cJSON_CreateObject();
	char url[200];

	cJSON_AddStringToObject(o, "id", s->hash);
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "domain", s->domain);
	snprintf(url, sizeof url, "https://%s", s->domain);
	cJSON_AddStringToObject(o, "secure_url", url);
	snprintf(url, sizeof url, "https://store-%s.mybigcommerce.com", s->hash);
	cJSON_AddStringToObject(o, "control_panel_base_url", url);
	cJSON_AddStringToObject(o, "status", s->status);
	cJSON_AddStringToObject(o, "plan_name", s->plan);
	cJSON_AddStringToObject(o, "plan_level", s->plan);
	cJSON_AddBoolToObject(o, "plan_is_trial", 0);
	cJSON_AddStringToObject(o, "admin_email", "owner@example.com");
	cJSON_AddStringToObject(o, "language", "en");
	cJSON_AddStringToObject(o, "currency", "USD");
	/* The real API sends an empty array when there is no logo. */
	cJSON_AddItemToObject(o, "logo", cJSON_CreateArray());
	set_json(r, 200, o);
}

/* Whether route rt is in list: an entry is a path pattern (every method)
 * or "METHOD pattern" (that operation alone). */
static int listed(const char (*list)[64], int n, const struct route *rt)
{
	size_t m = strlen(rt->method);
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], rt->pattern) == 0 ||
		    (strncmp(list[i], rt->method, m) == 0 && list[i][m] == ' ' &&
		     strcmp(list[i] + m + 1, rt->pattern) == 0))
			return 1;
	return 0;
}

/* Counts the request against the store's window; 0 if allowed. */
static int rate_limit(struct sb_store *s, struct sb_reply *r)
{
	long long now = sb_now_ms();

	if (now - s->window_start_ms >= s->window_ms) {
		s->window_start_ms = now;
		s->used = 0;
	}
	r->rl_quota = s->quota;
	r->rl_window_ms = s->window_ms;
	r->rl_reset_ms = s->window_ms - (long)(now - s->window_start_ms);
	if (s->fail_first > 0) {
		s->fail_first--;
		r->rl_left = 0;
		r->retry_after = (int)((r->rl_reset_ms + 999) / 1000);
		set(r, 429, "{\"status\":429,\"title\":\"Too many requests\"}");
		return -1;
	}
	if (s->used >= s->quota) {
		r->rl_left = 0;
		r->retry_after = (int)((r->rl_reset_ms + 999) / 1000);
		set(r, 429, "{\"status\":429,\"title\":\"Too many requests\"}");
		return -1;
	}
	s->used++;
	r->rl_left = s->quota - s->used;
	return 0;
}

void sb_route(struct sb_state *st, const char *method, const char *url, const char *token,
	      const char *body, size_t body_len, struct sb_reply *r)
{
	char hash[32];
	const char *p = url, *rest;
	const struct route *rt = NULL;
	struct sb_store *s;
	struct sb_token *t;
	size_t n, i;
	int v2, read;

	r->latency_ms = st->latency_ms;
	if (strncmp(p, "/stores/", 8) != 0) {
		not_found(r, 0);
		return;
	}
	p += 8;
	n = strcspn(p, "/");
	rest = p + n;
	if (n == 0 || n >= sizeof hash) {
		not_found(r, 0);
		return;
	}
	memcpy(hash, p, n);
	hash[n] = '\0';
	v2 = strncmp(rest, "/v2/", 4) == 0;

	pthread_mutex_lock(&st->lock);
	s = sb_find_store(st, hash);
	if (!s) {
		not_found(r, v2);
		goto out;
	}
	r->store = s->hash;
	if (s->latency_ms >= 0)
		r->latency_ms = s->latency_ms;
	if (!token || !*token || !(t = sb_find_token(s, token))) {
		set(r, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
		goto out;
	}
	if (strcmp(s->status, "live") != 0) {
		set(r, 503, "{\"status\":503,\"title\":\"This store is unavailable\"}");
		goto out;
	}
	if (rate_limit(s, r) != 0)
		goto out;
	for (i = 0; i < sizeof routes / sizeof routes[0] && !rt; i++)
		if (strcmp(routes[i].method, method) == 0 && match(routes[i].pattern, rest))
			rt = &routes[i];
	/* Removed: no route, like any unknown path (as when BigCommerce
	 * retires a collection's batch update but keeps its list). */
	if (rt && listed(s->removed, s->nremoved, rt))
		rt = NULL;
	if (rt && listed(s->stalled, s->nstalled, rt))
		r->latency_ms = s->stall_ms;
	if (!rt) {
		not_found(r, v2);
		goto out;
	}
	if (s->answer_html) {
		set(r, 200, "<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>");
		r->content_type = "text/html; charset=utf-8";
		goto out;
	}
	/* The scope check comes first: before the id is looked up or the body read. */
	read = strcmp(method, "GET") == 0;
	if (rt->kind != K_TIME && rt->kind != K_ANY_SCOPE) {
		int ok = (rt->modify_id && sb_token_has(t, rt->modify_id)) ||
			 (rt->also_modify && sb_token_has(t, rt->also_modify)) ||
			 (read && rt->read_id && sb_token_has(t, rt->read_id)) ||
			 (read && rt->also_read && sb_token_has(t, rt->also_read));
		if (!ok) {
			set(r, 403, scope_403);
			goto out;
		}
	}
	switch (rt->kind) {
	case K_TIME: {
		char tb[64];
		snprintf(tb, sizeof tb, "{\"time\":%lld}", (long long)time(NULL));
		set(r, 200, tb);
		break;
	}
	case K_STORE: store_info(r, s); break;
	case K_ANY_SCOPE: hooks(r, t); break;
	case K_LIST: {
		int count = 0;
		if (rt->collection && !strcmp(rt->collection, "orders"))
			count = s->orders;
		else if (rt->collection && !strcmp(rt->collection, "products"))
			count = s->products;
		else if (rt->collection && !strcmp(rt->collection, "pages"))
			count = s->pages;
		list(r, v2, count, rt->collection);
		break;
	}
	case K_ITEM: not_found(r, v2); break;
	case K_CREATE:
	case K_BATCH:
	case K_UPDATE:
	case K_SETTINGS: write_answer(rt, s, rest, v2, body, body_len, r); break;
	}
out:
	pthread_mutex_unlock(&st->lock);
}

void sb_control(struct sb_state *st, const char *method, const char *url, const char *body,
		size_t body_len, struct sb_reply *r)
{
	char hash[32], path[512], err[256], *scopes[SB_MAX_SCOPES];
	const char *p = url + strlen("/_sandbox/stores/");
	struct sb_token tok;
	cJSON *j = NULL, *o, *e;
	int n = 0;
	size_t len;

	r->latency_ms = 0;
	len = strncmp(url, "/_sandbox/stores/", 17) == 0 ? strcspn(p, "/") : 0;
	if (len && len < sizeof hash && strcmp(p + len, "/apps") == 0 && !strcmp(method, "POST")) {
		char id[40] = "", secret[72] = "";
		memcpy(hash, p, len);
		hash[len] = '\0';
		if (sb_create_app(st, hash, id, secret) != 0) {
			set(r, 404, "{\"error\":\"no such store\"}");
			return;
		}
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "client_id", id);
		cJSON_AddStringToObject(o, "client_secret", secret);
		set_json(r, 201, o);
		return;
	}
	if (len == 0 || len >= sizeof hash || strncmp(p + len, "/api-accounts", 13) != 0) {
		set(r, 404, "{\"error\":\"no such sandbox endpoint\"}");
		return;
	}
	memcpy(hash, p, len);
	hash[len] = '\0';
	p += len + 13;
	if (strcmp(method, "DELETE") == 0 && *p == '/') {
		if (sb_delete_account(st, hash, p + 1) == 0)
			set(r, 204, NULL);
		else
			set(r, 404, "{\"error\":\"no such API account\"}");
		return;
	}
	if (strcmp(method, "POST") != 0 || *p) {
		set(r, 405, "{\"error\":\"POST an account, or DELETE one by client id\"}");
		return;
	}
	j = cJSON_ParseWithLength(body ? body : "", body_len);
	cJSON_ArrayForEach (e, cJSON_GetObjectItemCaseSensitive(j, "scopes"))
		if (cJSON_GetStringValue(e) && n < SB_MAX_SCOPES)
			scopes[n++] = e->valuestring;
	if (!j || !cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "name"))) {
		set(r, 400, "{\"error\":\"send {\\\"name\\\": ..., \\\"scopes\\\": [...]}\"}");
		cJSON_Delete(j);
		return;
	}
	if (sb_create_account(st, hash, cJSON_GetObjectItemCaseSensitive(j, "name")->valuestring,
			      scopes, n,
			      cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, "hooks"))
				      ? cJSON_GetObjectItemCaseSensitive(j, "hooks")->valueint
				      : 0,
			      &tok, path, sizeof path, err, sizeof err) != 0) {
		cJSON *eo = cJSON_CreateObject();
		cJSON_AddStringToObject(eo, "error", err);
		set_json(r, 404, eo);
		cJSON_Delete(j);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "access_token", tok.token);
	cJSON_AddStringToObject(o, "client_id", tok.client_id);
	cJSON_AddStringToObject(o, "client_secret", tok.client_secret);
	cJSON_AddStringToObject(o, "client_name", tok.name);
	snprintf(err, sizeof err, "%s/stores/%s/v3/", st->base_url, hash);
	cJSON_AddStringToObject(o, "api_path", err);
	cJSON_AddStringToObject(o, "credentials_file", path);
	set_json(r, 201, o);
	cJSON_Delete(j);
}
