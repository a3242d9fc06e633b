#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "bcsetup/assets.h"
#include "bcsetup/scopes.h"

static const char *const known_levels[] = {"none",   "read-only", "modify",   "login",
					   "create", "manage",    "standard", "full"};

static int known_level(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof known_levels / sizeof known_levels[0]; i++)
		if (strcmp(w, known_levels[i]) == 0)
			return 1;
	return 0;
}

static const char *str(const cJSON *obj, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

int scopes_find(const struct scope_catalogue *cat, const char *key)
{
	int i;

	for (i = 0; key && i < cat->n; i++)
		if (cat->scopes[i].key && strcmp(cat->scopes[i].key, key) == 0)
			return i;
	return -1;
}

int scope_level(const struct scope *s, const char *level)
{
	int i;

	for (i = 0; i < s->nlevels; i++)
		if (strcmp(s->levels[i], level) == 0)
			return i;
	return -1;
}

const char *scope_level_name(const struct scope *s, int level)
{
	if (level < 0 || level >= s->nlevels)
		return "unknown";
	return s->levels[level];
}

/* The scope named by key ("orders") or by its control-panel name, in any
 * case ("Information & Settings"); -1 if none. */
static int find_key_or_name(const struct scope_catalogue *cat, const char *word)
{
	int i;

	for (i = 0; i < cat->n; i++)
		if (strcmp(cat->scopes[i].key, word) == 0 ||
		    strcasecmp(cat->scopes[i].name, word) == 0)
			return i;
	return -1;
}

enum bc_status scopes_parse_levels(const struct scope_catalogue *cat, const char *list, int *levels,
				   struct bc_err *err)
{
	char item[160], *eq, *scope, *level;
	const char *p = list, *end;
	int seen[SCOPES_MAX] = {0}, i, l, any = 0;
	size_t n;

	while (*p) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n >= sizeof item)
			return bc_fail(err, BC_ERR_INPUT, "--scopes: '%.40s...' is too long", p);
		memcpy(item, p, n);
		item[n] = '\0';
		p += n + (end != NULL);
		scope = item;
		while (*scope == ' ')
			scope++;
		if (!*scope)
			continue;
		if (!(eq = strchr(scope, '=')))
			return bc_fail(
				err, BC_ERR_INPUT,
				"--scopes: '%s' is not SCOPE=LEVEL (for example orders=modify)",
				scope);
		*eq = '\0';
		level = eq + 1;
		for (n = strlen(scope); n && scope[n - 1] == ' '; n--)
			scope[n - 1] = '\0';
		while (*level == ' ')
			level++;
		for (n = strlen(level); n && level[n - 1] == ' '; n--)
			level[n - 1] = '\0';
		if ((i = find_key_or_name(cat, scope)) < 0)
			return bc_fail(
				err, BC_ERR_INPUT,
				"--scopes: no scope is called '%s' (see 'bcsetup scopes' for "
				"each scope's key and name)",
				scope);
		if (seen[i]++)
			return bc_fail(err, BC_ERR_INPUT, "--scopes: %s is given twice",
				       cat->scopes[i].key);
		for (l = 0; l < cat->scopes[i].nlevels; l++)
			if (strcasecmp(cat->scopes[i].levels[l], level) == 0)
				break;
		if (l == cat->scopes[i].nlevels) {
			char known[96] = "";
			size_t off = 0;
			int k;
			for (k = 0; k < cat->scopes[i].nlevels && off < sizeof known; k++)
				off += (size_t)snprintf(known + off, sizeof known - off, "%s%s",
							k ? ", " : "", cat->scopes[i].levels[k]);
			return bc_fail(err, BC_ERR_INPUT,
				       "--scopes: %s has no level '%s' (its levels: %s)",
				       cat->scopes[i].name, level, known);
		}
		levels[i] = l;
		any = 1;
	}
	if (!any)
		return bc_fail(err, BC_ERR_INPUT,
			       "--scopes names no scope: give SCOPE=LEVEL[,SCOPE=LEVEL...]");
	return BC_OK;
}

int scopes_find_id(const struct scope_catalogue *cat, const char *id, int *scope, int *level)
{
	int i, l;

	for (i = 0; i < cat->n; i++)
		for (l = 1; l < cat->scopes[i].nlevels; l++)
			if (cat->scopes[i].ids[l] && strcmp(cat->scopes[i].ids[l], id) == 0) {
				*scope = i;
				*level = l;
				return 0;
			}
	return -1;
}

int probe_holds(const struct scope_probe *p, long status)
{
	int i;

	for (i = 0; i < PROBE_MAX_HELD && p->held[i]; i++)
		if (p->held[i] == status)
			return 1;
	return 0;
}

int probe_documents(const struct scope_probe *p, long status)
{
	int i;

	for (i = 0; i < PROBE_MAX_DOC && p->documented[i]; i++)
		if (p->documented[i] == status)
			return 1;
	return 0;
}

/* "0" or the nil UUID: an id no resource is ever given. */
static int id_cannot_exist(const char *seg, size_t n)
{
	return (n == 1 && seg[0] == '0') ||
	       (n == sizeof PROBE_NIL_UUID - 1 && strncmp(seg, PROBE_NIL_UUID, n) == 0);
}

/* A path segment that names a resource: all digits, or shaped like a UUID. */
static int looks_like_id(const char *seg, size_t n)
{
	size_t i, digits = 0;

	if (n == 36) {
		for (i = 0; i < n; i++)
			if (i == 8 || i == 13 || i == 18 || i == 23
				    ? seg[i] != '-'
				    : !strchr("0123456789abcdefABCDEF", seg[i]))
				break;
		if (i == n)
			return 1;
	}
	for (i = 0; i < n; i++)
		digits += seg[i] >= '0' && seg[i] <= '9';
	return n && digits == n;
}

/* Walks the path's segments: -1 if one names an id that could exist, else
 * the number naming one that cannot. */
static int path_ids(const char *path)
{
	size_t n = strcspn(path, "?");
	const char *p = path, *end = path + n;
	int none = 0;

	while (p < end) {
		size_t len;
		while (p < end && *p == '/')
			p++;
		len = strcspn(p, "/?");
		if (p + len > end)
			len = (size_t)(end - p);
		if (looks_like_id(p, len)) {
			if (!id_cannot_exist(p, len))
				return -1;
			none++;
		}
		p += len;
	}
	return none;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Walks a JSON body: -1 if a member names an id that could exist, else the
 * number of references to ids that cannot. Ids are members named "id",
 * "*_id" (a number 0 or the nil UUID) or "*_ids" (a list of them). */
static int body_ids(const cJSON *j)
{
	const cJSON *c;
	int none = 0, k;

	cJSON_ArrayForEach (c, j) {
		const char *name = c->string;
		int is_id = name && (strcmp(name, "id") == 0 || ends_with(name, "_id"));
		if (name && ends_with(name, "_ids")) {
			const cJSON *e;
			if (!cJSON_IsArray(c))
				return -1;
			cJSON_ArrayForEach (e, c) {
				if (!cJSON_IsNumber(e) || e->valuedouble != 0)
					return -1;
				none++;
			}
			continue;
		}
		if (is_id) {
			if (cJSON_IsNumber(c) && c->valuedouble == 0)
				none++;
			else if (cJSON_IsString(c) && strcmp(c->valuestring, PROBE_NIL_UUID) == 0)
				none++;
			else
				return -1;
			continue;
		}
		if (cJSON_IsArray(c) || cJSON_IsObject(c)) {
			if ((k = body_ids(c)) < 0)
				return -1;
			none += k;
		}
	}
	return none;
}

/* An empty list where the endpoint takes one: [] or {"items": []}, with no
 * list anywhere that holds something. */
static int empty_batch(const cJSON *j)
{
	const cJSON *c;
	int empties = 0;

	if (cJSON_IsArray(j))
		return cJSON_GetArraySize(j) == 0;
	if (!cJSON_IsObject(j))
		return 0;
	cJSON_ArrayForEach (c, j) {
		if (cJSON_IsArray(c)) {
			if (cJSON_GetArraySize(c) != 0)
				return 0;
			empties++;
		} else if (cJSON_IsObject(c)) {
			return 0;
		}
	}
	return empties > 0;
}

static const char *const safety_words[] = {
	[SAFE_NONE] = "",
	[SAFE_NO_RESOURCE] = "no-such-resource",
	[SAFE_EMPTY_BATCH] = "empty-batch",
	[SAFE_BODY_ONLY] = "body-only",
};

const char *probe_safety_word(enum probe_safety s)
{
	return safety_words[s];
}

/* The rules every write probe is held to (see docs/probes.md). */
static enum bc_status check_write_safety(const cJSON *p, const struct scope *s,
					 struct scope_probe *out, struct bc_err *err)
{
	const cJSON *sb = cJSON_GetObjectItemCaseSensitive(p, "safe_because");
	const char *kase = str(sb, "case");
	cJSON *body;
	int pid, bid, ok = 0;
	size_t i;

	if (strcmp(out->method, "POST") != 0 && strcmp(out->method, "PUT") != 0)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': a write probe must be a POST or a PUT (never %s)",
			       s->key, out->method);
	out->safe_because = str(sb, "argument");
	if (!kase || !out->safe_because || !*out->safe_because || !out->source)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the write probe needs safe_because {case, argument} "
			       "and a source",
			       s->key);
	for (i = 1; i < sizeof safety_words / sizeof safety_words[0]; i++)
		if (strcmp(kase, safety_words[i]) == 0)
			out->safety = (enum probe_safety)i;
	if (out->safety == SAFE_NONE)
		return bc_fail(err, BC_ERR_ASSET, "scope '%s': unknown safe_because case '%s'",
			       s->key, kase);
	if (!out->body || !(body = cJSON_Parse(out->body)))
		return bc_fail(err, BC_ERR_ASSET, "scope '%s': the write probe's body is not JSON",
			       s->key);
	pid = path_ids(out->path);
	bid = body_ids(body);
	if (pid < 0 || bid < 0) {
		cJSON_Delete(body);
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the write probe names an id that could exist (only 0 "
			       "and the nil UUID are allowed)",
			       s->key);
	}
	switch (out->safety) {
	case SAFE_NO_RESOURCE: ok = pid + bid > 0; break;
	case SAFE_EMPTY_BATCH: ok = empty_batch(body); break;
	case SAFE_BODY_ONLY:
		ok = strcmp(out->method, "POST") == 0 && cJSON_IsObject(body) &&
		     cJSON_GetArraySize(body) == 0 && str(sb, "required_fields") != NULL;
		break;
	case SAFE_NONE: break;
	}
	cJSON_Delete(body);
	if (!ok)
		return bc_fail(
			err, BC_ERR_ASSET,
			"scope '%s': the write probe is not what its case '%s' says (%s)", s->key,
			kase,
			out->safety == SAFE_NO_RESOURCE ? "no id 0 or nil UUID in its path or body"
			: out->safety == SAFE_EMPTY_BATCH
				? "its body is not an empty list"
				: "body-only needs POST {} and the documented required_fields");
	return BC_OK;
}

/* "documented": the statuses the reference gives the operation. */
static enum bc_status parse_documented(const cJSON *p, const char *which, const struct scope *s,
				       struct scope_probe *out, struct bc_err *err)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(p, "documented"), *e;
	int n = 0;

	if (!cJSON_IsArray(d) || cJSON_GetArraySize(d) < 1 ||
	    cJSON_GetArraySize(d) >= PROBE_MAX_DOC)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the %s probe must list 1 to %d 'documented' statuses "
			       "(those BigCommerce's reference gives its operation)",
			       s->key, which, PROBE_MAX_DOC - 1);
	cJSON_ArrayForEach (e, d) {
		int v = cJSON_IsNumber(e) ? e->valueint : 0;
		if (v < 100 || v > 599)
			return bc_fail(
				err, BC_ERR_ASSET,
				"scope '%s': the %s probe documents %d, which is no HTTP status",
				s->key, which, v);
		out->documented[n++] = v;
	}
	return BC_OK;
}

/* Every held status is one the reference documents for the operation, or
 * the 404 of an id that cannot exist; a 404 on a path without an id means
 * that no endpoint answers there (BigCommerce removes unused ones). */
static enum bc_status check_held_documented(const char *which, const struct scope *s,
					    const struct scope_probe *out, struct bc_err *err)
{
	int i;

	for (i = 0; i < PROBE_MAX_HELD && out->held[i]; i++) {
		int v = out->held[i];
		if (probe_documents(out, v) || (v == 404 && out->id_in_path))
			continue;
		if (v == 404)
			return bc_fail(
				err, BC_ERR_ASSET,
				"scope '%s': the %s probe holds 404, which its operation does "
				"not document, on a path without an id: there a 404 means no "
				"such endpoint",
				s->key, which);
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the %s probe holds %d, which BigCommerce does not "
			       "document for its operation",
			       s->key, which, v);
	}
	return BC_OK;
}

static enum bc_status parse_held(const cJSON *p, const char *which, const struct scope *s,
				 struct scope_probe *out, struct bc_err *err)
{
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(p, "held"), *e;
	int n = 0;

	out->undecided = str(p, "undecided");
	if (cJSON_IsArray(h) && cJSON_GetArraySize(h) == 0 && out->undecided && *out->undecided &&
	    strcmp(which, "write") == 0)
		return BC_OK; /* only the missing-scope answer decides, and only "not held" */
	if (!cJSON_IsArray(h) || cJSON_GetArraySize(h) < 1 ||
	    cJSON_GetArraySize(h) >= PROBE_MAX_HELD)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the %s probe must list 1 to %d 'held' statuses (or, "
			       "for a write whose operation documents no refusal, none and an "
			       "'undecided' reason)",
			       s->key, which, PROBE_MAX_HELD - 1);
	cJSON_ArrayForEach (e, h) {
		int v = cJSON_IsNumber(e) ? e->valueint : 0;
		/* Never evidence of a scope: refusals, limits, failures, and (for a
		 * write) acceptance, which is an alarm. */
		int never = v < 200 || v > 499 || v == 401 || v == 403 || v == 429 ||
			    (v >= 300 && v < 400) || (strcmp(which, "write") == 0 && v < 300);
		if (never)
			return bc_fail(err, BC_ERR_ASSET,
				       "scope '%s': %d cannot mean the %s probe's level is held",
				       s->key, v, which);
		out->held[n++] = v;
	}
	return BC_OK;
}

static enum bc_status parse_probe(const cJSON *p, const char *which, const struct scope *s,
				  struct scope_probe *out, struct bc_err *err)
{
	enum bc_status st;

	memset(out, 0, sizeof *out);
	if (!p)
		return BC_OK;
	out->method = str(p, "method");
	out->path = str(p, "path");
	out->body = str(p, "body");
	out->why = str(p, "why");
	out->source = str(p, "source");
	if (!out->method || !out->path || !out->why || !*out->why)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the %s probe needs a method, a path and a why", s->key,
			       which);
	if (strncmp(out->path, "/v2/", 4) != 0 && strncmp(out->path, "/v3/", 4) != 0)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the %s probe's path must start with /v2/ or /v3/",
			       s->key, which);
	if ((st = parse_held(p, which, s, out, err)) != BC_OK ||
	    (st = parse_documented(p, which, s, out, err)) != BC_OK)
		return st;
	out->id_in_path = path_ids(out->path) > 0;
	if ((st = check_held_documented(which, s, out, err)) != BC_OK)
		return st;
	if (strcmp(which, "read") == 0) {
		if (strcmp(out->method, "GET") != 0 || out->body)
			return bc_fail(err, BC_ERR_ASSET,
				       "scope '%s': a read probe must be a GET without a body",
				       s->key);
		return BC_OK;
	}
	return check_write_safety(p, s, out, err);
}

/* Whether every level above the baseline has a probe that can prove it. */
static int scope_fully_probed(const struct scope *s)
{
	int top = s->read.method && s->nlevels == 2;

	if (s->write.method && s->write.held[0])
		top = 1;
	return top && (s->read.method || s->nlevels == 2);
}

static enum bc_status parse_scope(const cJSON *js, int idx, struct scope *s, struct bc_err *err)
{
	const cJSON *levels = cJSON_GetObjectItemCaseSensitive(js, "levels");
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(js, "ids");
	const cJSON *lv;
	enum bc_status st;
	int i;

	s->key = str(js, "key");
	s->name = str(js, "name");
	s->what = str(js, "what");
	s->unverifiable = str(js, "unverifiable");
	if (!s->key || !s->name || !s->what)
		return bc_fail(err, BC_ERR_ASSET, "scope #%d needs a key, a name and a what",
			       idx + 1);
	if (!cJSON_IsArray(levels) || cJSON_GetArraySize(levels) < 2 ||
	    cJSON_GetArraySize(levels) > SCOPE_MAX_LEVELS)
		return bc_fail(err, BC_ERR_ASSET, "scope '%s': levels must list 2 to %d words",
			       s->key, SCOPE_MAX_LEVELS);
	s->nlevels = 0;
	cJSON_ArrayForEach (lv, levels) {
		const char *w = cJSON_GetStringValue(lv);
		if (!w || !known_level(w))
			return bc_fail(err, BC_ERR_ASSET, "scope '%s': unknown level '%s'", s->key,
				       w ? w : "(not a string)");
		s->levels[s->nlevels++] = w;
	}
	if (!cJSON_IsObject(ids))
		return bc_fail(err, BC_ERR_ASSET, "scope '%s': ids must be an object", s->key);
	for (i = 0; i < s->nlevels; i++) {
		s->ids[i] = str(ids, s->levels[i]);
		if (i > 0 && !s->ids[i])
			return bc_fail(err, BC_ERR_ASSET, "scope '%s': no id for level '%s'",
				       s->key, s->levels[i]);
	}
	if ((st = parse_probe(cJSON_GetObjectItemCaseSensitive(js, "read_probe"), "read", s,
			      &s->read, err)) != BC_OK ||
	    (st = parse_probe(cJSON_GetObjectItemCaseSensitive(js, "write_probe"), "write", s,
			      &s->write, err)) != BC_OK)
		return st;
	/* A level that no probe reaches must say why, so it shows as unverifiable. */
	if (!s->unverifiable && !scope_fully_probed(s))
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': a level has no probe and no 'unverifiable' reason",
			       s->key);
	return BC_OK;
}

static enum bc_status link_and_check(struct scope_catalogue *cat, const cJSON *arr,
				     struct bc_err *err)
{
	const cJSON *js;
	int i = 0, j, l, m, k;

	cJSON_ArrayForEach (js, arr) {
		struct scope *s = &cat->scopes[i];
		struct scope_probe *pr[2] = {&s->read, &s->write};
		const char *pn[2] = {"read_probe", "write_probe"};
		for (k = 0; k < 2; k++) {
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(js, pn[k]), "also_granted_by");
			const cJSON *e;
			if (!a)
				continue;
			if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > PROBE_MAX_ALSO)
				return bc_fail(
					err, BC_ERR_ASSET,
					"scope '%s': also_granted_by must list up to %d scope "
					"keys",
					s->key, PROBE_MAX_ALSO);
			cJSON_ArrayForEach (e, a) {
				const char *key = cJSON_GetStringValue(e);
				int o = key ? scopes_find(cat, key) : -1;
				if (o < 0 || o == i)
					return bc_fail(
						err, BC_ERR_ASSET,
						"scope '%s': also_granted_by names '%s', which is "
						"not another scope",
						s->key, key ? key : "(not a string)");
				pr[k]->also_granted_by[pr[k]->nalso++] = o;
			}
		}
		for (j = 0; j < i; j++) {
			if (strcmp(cat->scopes[j].key, s->key) == 0)
				return bc_fail(err, BC_ERR_ASSET, "scope key '%s' appears twice",
					       s->key);
			for (l = 1; l < s->nlevels; l++)
				for (m = 1; m < cat->scopes[j].nlevels; m++)
					if (strcmp(s->ids[l], cat->scopes[j].ids[m]) == 0)
						return bc_fail(err, BC_ERR_ASSET,
							       "scope id '%s' is used by both "
							       "'%s' and '%s'",
							       s->ids[l], cat->scopes[j].key,
							       s->key);
		}
		for (l = 1; l < s->nlevels; l++)
			for (m = 1; m < l; m++)
				if (strcmp(s->ids[l], s->ids[m]) == 0)
					return bc_fail(err, BC_ERR_ASSET,
						       "scope '%s': two levels share the id '%s'",
						       s->key, s->ids[l]);
		i++;
	}
	return BC_OK;
}

enum bc_status scopes_parse(const char *json, struct scope_catalogue *cat, struct bc_err *err)
{
	cJSON *doc = cJSON_Parse(json);
	const cJSON *arr, *js;
	enum bc_status st;
	int i = 0;

	memset(cat, 0, sizeof *cat);
	if (!doc)
		return bc_fail(err, BC_ERR_ASSET, "the scope catalogue is not valid JSON");
	cat->doc = doc;
	arr = cJSON_GetObjectItemCaseSensitive(doc, "scopes");
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
		st = bc_fail(err, BC_ERR_ASSET, "the scope catalogue has no 'scopes' list");
		goto fail;
	}
	cat->n = cJSON_GetArraySize(arr);
	if (cat->n > SCOPES_MAX) {
		st = bc_fail(err, BC_ERR_ASSET,
			     "the scope catalogue lists %d scopes; bcsetup handles at most %d",
			     cat->n, SCOPES_MAX);
		goto fail;
	}
	cat->scopes = calloc((size_t)cat->n, sizeof *cat->scopes);
	if (!cat->scopes) {
		st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
		goto fail;
	}
	cJSON_ArrayForEach (js, arr) {
		if ((st = parse_scope(js, i, &cat->scopes[i], err)) != BC_OK)
			goto fail;
		i++;
	}
	if ((st = link_and_check(cat, arr, err)) != BC_OK)
		goto fail;
	return BC_OK;
fail:
	scopes_free(cat);
	return st;
}

static enum bc_status parse_scopes(const char *text, void *cat, struct bc_err *err)
{
	return scopes_parse(text, cat, err);
}

enum bc_status scopes_load(struct scope_catalogue *cat, struct bc_err *err)
{
	return asset_parse("scopes.json", parse_scopes, cat, err);
}

void scopes_free(struct scope_catalogue *cat)
{
	free(cat->scopes);
	cJSON_Delete(cat->doc);
	memset(cat, 0, sizeof *cat);
}
