#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

	for (i = 0; i < cat->n; i++)
		if (strcmp(cat->scopes[i].key, key) == 0)
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

static enum bc_status parse_probe(const cJSON *p, const char *which, const struct scope *s,
				  struct scope_probe *out, struct bc_err *err)
{
	out->also_granted_by = -1;
	if (!p)
		return BC_OK;
	out->method = str(p, "method");
	out->path = str(p, "path");
	out->body = str(p, "body");
	out->why = str(p, "why");
	if (!out->method || !out->path || !out->why || !*out->why)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the %s probe needs a method, a path and a why", s->key,
			       which);
	if (strncmp(out->path, "/v2/", 4) != 0 && strncmp(out->path, "/v3/", 4) != 0)
		return bc_fail(err, BC_ERR_ASSET,
			       "scope '%s': the %s probe's path must start with /v2/ or /v3/",
			       s->key, which);
	if (strcmp(which, "read") == 0 && strcmp(out->method, "GET") != 0)
		return bc_fail(err, BC_ERR_ASSET, "scope '%s': a read probe must be a GET",
			       s->key);
	if (strcmp(which, "write") == 0) {
		/* The one write a probe may make: an empty body to a create endpoint. */
		if (strcmp(out->method, "POST") != 0)
			return bc_fail(err, BC_ERR_ASSET,
				       "scope '%s': a write probe must be a POST (never PUT or "
				       "DELETE)",
				       s->key);
		if (!out->body || strcmp(out->body, "{}") != 0)
			return bc_fail(err, BC_ERR_ASSET,
				       "scope '%s': a write probe must send the empty body {}",
				       s->key);
	}
	return BC_OK;
}

/* Whether every level above the baseline has a probe that can prove it. */
static int scope_fully_probed(const struct scope *s)
{
	int top = s->read.method && s->nlevels == 2;

	if (s->write.method)
		top = 1;
	return top && (s->read.method || s->nlevels == 2);
}

static enum bc_status parse_scope(const cJSON *js, int idx, struct scope *s,
				  struct bc_err *err)
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
	cJSON_ArrayForEach(lv, levels)
	{
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

	cJSON_ArrayForEach(js, arr)
	{
		struct scope *s = &cat->scopes[i];
		struct scope_probe *pr[2] = {&s->read, &s->write};
		const char *also[2];
		also[0] = str(cJSON_GetObjectItemCaseSensitive(js, "read_probe"), "also_granted_by");
		also[1] = str(cJSON_GetObjectItemCaseSensitive(js, "write_probe"),
			      "also_granted_by");
		for (k = 0; k < 2; k++) {
			if (!also[k])
				continue;
			pr[k]->also_granted_by = scopes_find(cat, also[k]);
			if (pr[k]->also_granted_by < 0 || pr[k]->also_granted_by == i)
				return bc_fail(err, BC_ERR_ASSET,
					       "scope '%s': also_granted_by names '%s', which is "
					       "not another scope",
					       s->key, also[k]);
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
	cat->scopes = calloc((size_t)cat->n, sizeof *cat->scopes);
	if (!cat->scopes) {
		st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
		goto fail;
	}
	cJSON_ArrayForEach(js, arr)
	{
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

enum bc_status scopes_load(struct scope_catalogue *cat, struct bc_err *err)
{
	const char *from;
	size_t len;
	char *text = asset_load("scopes.json", &len, &from);
	enum bc_status st;

	if (!text)
		return bc_fail(err, BC_ERR_ASSET, "cannot read the scope catalogue (%s)", from);
	st = scopes_parse(text, cat, err);
	free(text);
	if (st != BC_OK && strcmp(from, "built-in") != 0) {
		char m[BC_ERR_MSG_MAX];
		snprintf(m, sizeof m, "%s: ", from);
		bc_err_prefix(err, m);
	}
	return st;
}

void scopes_free(struct scope_catalogue *cat)
{
	free(cat->scopes);
	cJSON_Delete(cat->doc);
	memset(cat, 0, sizeof *cat);
}
