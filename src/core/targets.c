#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/assets.h"
#include "bcsetup/targets.h"

static const struct {
	const char *name;
	enum handoff_source src;
} sources[] = {
	{"literal", SRC_LITERAL},
	{"client_id", SRC_CLIENT_ID},
	{"client_secret", SRC_CLIENT_SECRET},
	{"access_token", SRC_ACCESS_TOKEN},
	{"store_hash", SRC_STORE_HASH},
	{"api_path", SRC_API_PATH},
	{"store_root", SRC_STORE_ROOT},
	{"store_domain", SRC_STORE_DOMAIN},
	{"store_name", SRC_STORE_NAME},
	{"permanent_address", SRC_PERMANENT_ADDRESS},
	{"account_name", SRC_ACCOUNT_NAME},
	{"user", SRC_USER},
	{"scope_params", SRC_SCOPE_PARAMS},
	{"redirect_url", SRC_REDIRECT_URL},
};

static const char *str(const cJSON *obj, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static enum bc_status parse_levels(const cJSON *req, const struct scope_catalogue *cat,
				   const char *where, int **out, struct bc_err *err)
{
	const cJSON *e;
	int *lv = calloc((size_t)cat->n, sizeof *lv);

	*out = lv;
	if (!lv)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (req && !cJSON_IsObject(req))
		return bc_fail(err, BC_ERR_ASSET, "%s: 'required' must be an object", where);
	cJSON_ArrayForEach (e, req) {
		int si = scopes_find(cat, e->string), l;
		if (si < 0)
			return bc_fail(err, BC_ERR_ASSET,
				       "%s requires scope '%s', which is not in "
				       "the catalogue",
				       where, e->string);
		if (!cJSON_GetStringValue(e) ||
		    (l = scope_level(&cat->scopes[si], e->valuestring)) < 0)
			return bc_fail(err, BC_ERR_ASSET, "%s: scope '%s' has no level '%s'", where,
				       e->string, cJSON_GetStringValue(e) ? e->valuestring : "?");
		lv[si] = l;
	}
	return BC_OK;
}

static enum bc_status parse_field(const cJSON *jf, const char *where, struct handoff_field *f,
				  struct bc_err *err)
{
	const char *from = str(jf, "from");
	size_t i;

	f->label = str(jf, "label");
	f->value = str(jf, "value");
	f->hint = str(jf, "hint");
	f->secret = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(jf, "secret"));
	if (!f->label || !from)
		return bc_fail(err, BC_ERR_ASSET, "%s: a hand-off field needs a label and a from",
			       where);
	for (i = 0; i < sizeof sources / sizeof sources[0]; i++)
		if (strcmp(sources[i].name, from) == 0)
			break;
	if (i == sizeof sources / sizeof sources[0])
		return bc_fail(err, BC_ERR_ASSET, "%s: field '%s' comes from unknown '%s'", where,
			       f->label, from);
	f->source = sources[i].src;
	if (f->source == SRC_LITERAL && !f->value)
		return bc_fail(err, BC_ERR_ASSET, "%s: literal field '%s' has no value", where,
			       f->label);
	if ((f->source == SRC_CLIENT_SECRET || f->source == SRC_ACCESS_TOKEN) && !f->secret)
		return bc_fail(err, BC_ERR_ASSET,
			       "%s: field '%s' holds a secret but is not "
			       "marked secret",
			       where, f->label);
	return BC_OK;
}

static enum bc_status parse_target(const cJSON *jt, const struct scope_catalogue *cat,
				   struct target *t, struct bc_err *err)
{
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(jt, "capabilities");
	const cJSON *hand = cJSON_GetObjectItemCaseSensitive(jt, "handoff");
	const cJSON *notes = cJSON_GetObjectItemCaseSensitive(jt, "notes");
	const cJSON *e, *f;
	char where[96];
	enum bc_status st;

	t->key = str(jt, "key");
	t->json = jt;
	t->name = str(jt, "name");
	t->summary = str(jt, "summary");
	t->account_name = str(jt, "account_name");
	t->where = str(jt, "where");
	t->done = str(jt, "done");
	t->derived = str(jt, "derived");
	t->variants_called = str(jt, "variants_called");
	t->pick = str(jt, "pick");
	if (!t->key || !t->name || !t->summary || !t->account_name || !t->where)
		return bc_fail(err, BC_ERR_ASSET,
			       "a target needs a key, name, summary, account_name and where");
	snprintf(where, sizeof where, "target '%s'", t->key);
	if ((st = parse_levels(cJSON_GetObjectItemCaseSensitive(jt, "required"), cat, where,
			       &t->required, err)) != BC_OK)
		return st;
	if (cJSON_GetArraySize(caps) > TARGET_MAX_CAPS)
		return bc_fail(err, BC_ERR_ASSET, "%s has too many capabilities", where);
	cJSON_ArrayForEach (e, caps) {
		struct capability *c = &t->caps[t->ncaps++];
		c->key = str(e, "key");
		c->name = str(e, "name");
		c->minimum = str(e, "minimum");
		if (!c->key || !c->name)
			return bc_fail(err, BC_ERR_ASSET, "%s: a capability needs a key and a name",
				       where);
		if ((st = parse_levels(cJSON_GetObjectItemCaseSensitive(e, "required"), cat, where,
				       &c->required, err)) != BC_OK)
			return st;
	}
	if (!cJSON_IsArray(hand) || cJSON_GetArraySize(hand) == 0)
		return bc_fail(err, BC_ERR_ASSET, "%s has no hand-off", where);
	t->variants = calloc((size_t)cJSON_GetArraySize(hand), sizeof *t->variants);
	if (!t->variants)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach (e, hand) {
		struct handoff_variant *v = &t->variants[t->nvariants++];
		const cJSON *fields = cJSON_GetObjectItemCaseSensitive(e, "fields");
		v->key = str(e, "key");
		v->name = str(e, "name");
		v->app = str(e, "account") && strcmp(str(e, "account"), "app") == 0;
		v->link = str(e, "link");
		if (str(e, "account") && !v->app && strcmp(str(e, "account"), "api") != 0)
			return bc_fail(err, BC_ERR_ASSET,
				       "%s: a hand-off's account is 'api' or 'app', not '%s'",
				       where, str(e, "account"));
		if (v->app) {
			const cJSON *steps = cJSON_GetObjectItemCaseSensitive(e, "steps"), *stp;
			if (!v->link || strncmp(v->link, "https://", 8) != 0 ||
			    !cJSON_IsArray(steps) || !cJSON_GetArraySize(steps))
				return bc_fail(
					err, BC_ERR_ASSET,
					"%s: an app's hand-off needs an https link and steps",
					where);
			v->steps = calloc((size_t)cJSON_GetArraySize(steps), sizeof *v->steps);
			if (!v->steps)
				return bc_fail(err, BC_ERR_NOMEM, "out of memory");
			cJSON_ArrayForEach (stp, steps) {
				if (!cJSON_GetStringValue(stp))
					return bc_fail(err, BC_ERR_ASSET, "%s: steps are text",
						       where);
				v->steps[v->nsteps++] = stp->valuestring;
			}
		}
		if (!v->key || !v->name || !cJSON_IsArray(fields))
			return bc_fail(err, BC_ERR_ASSET, "%s: a hand-off needs key, name, fields",
				       where);
		v->fields = calloc((size_t)cJSON_GetArraySize(fields) + 1, sizeof *v->fields);
		if (!v->fields)
			return bc_fail(err, BC_ERR_NOMEM, "out of memory");
		cJSON_ArrayForEach (f, fields) {
			if ((st = parse_field(f, where, &v->fields[v->nfields++], err)) != BC_OK)
				return st;
		}
	}
	t->notes = calloc((size_t)cJSON_GetArraySize(notes) + 1, sizeof *t->notes);
	if (!t->notes)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	/* A note is bcsetup's own text ("..."), or {"from": "guide" |
	 * "bigcommerce" | "bcsetup", "text", "source"}: BigCommerce's words
	 * always come with where they are said. */
	cJSON_ArrayForEach (e, notes) {
		struct target_note *n = &t->notes[t->nnotes++];
		const char *from = str(e, "from");
		n->text = cJSON_IsString(e) ? e->valuestring : str(e, "text");
		n->source = str(e, "source");
		n->from = NOTE_BCSETUP;
		if (from && strcmp(from, "guide") == 0)
			n->from = NOTE_GUIDE;
		else if (from && strcmp(from, "bigcommerce") == 0)
			n->from = NOTE_BIGCOMMERCE;
		else if (from && strcmp(from, "bcsetup") != 0)
			return bc_fail(
				err, BC_ERR_ASSET,
				"%s: a note is from 'guide', 'bigcommerce' or 'bcsetup', not "
				"'%s'",
				where, from);
		if (!n->text || !*n->text)
			return bc_fail(err, BC_ERR_ASSET, "%s: a note without text", where);
		if (n->from == NOTE_BIGCOMMERCE && (!n->source || !*n->source))
			return bc_fail(err, BC_ERR_ASSET, "%s: BigCommerce's words need a 'source'",
				       where);
	}
	return BC_OK;
}

enum bc_status targets_parse(const char *json, const struct scope_catalogue *cat,
			     struct target_list *tl, struct bc_err *err)
{
	cJSON *doc = cJSON_Parse(json);
	const cJSON *arr, *jt;
	enum bc_status st;
	int j;

	memset(tl, 0, sizeof *tl);
	if (!doc)
		return bc_fail(err, BC_ERR_ASSET, "the target list is not valid JSON");
	tl->doc = doc;
	arr = cJSON_GetObjectItemCaseSensitive(doc, "targets");
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
		st = bc_fail(err, BC_ERR_ASSET, "the target list has no 'targets'");
		goto fail;
	}
	tl->targets = calloc((size_t)cJSON_GetArraySize(arr), sizeof *tl->targets);
	if (!tl->targets) {
		st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
		goto fail;
	}
	cJSON_ArrayForEach (jt, arr) {
		struct target *t = &tl->targets[tl->n++];
		if ((st = parse_target(jt, cat, t, err)) != BC_OK)
			goto fail;
		/* A second target with a key already seen: which would --for pick? */
		for (j = 0; j < tl->n - 1; j++)
			if (strcmp(t->key, tl->targets[j].key) == 0) {
				st = bc_fail(err, BC_ERR_ASSET, "target '%s' appears twice",
					     t->key);
				goto fail;
			}
	}
	return BC_OK;
fail:
	targets_free(tl);
	return st;
}

struct targets_ctx {
	const struct scope_catalogue *cat;
	struct target_list *tl;
};

static enum bc_status parse_targets(const char *text, void *p, struct bc_err *err)
{
	struct targets_ctx *c = p;

	return targets_parse(text, c->cat, c->tl, err);
}

enum bc_status targets_load(const struct scope_catalogue *cat, struct target_list *tl,
			    struct bc_err *err)
{
	struct targets_ctx c = {cat, tl};

	return asset_parse("targets.json", parse_targets, &c, err);
}

/* Frees what parse_target allocated for t (and its origin). */
static void target_clear(struct target *t)
{
	int j;

	free(t->required);
	for (j = 0; j < t->ncaps; j++)
		free(t->caps[j].required);
	for (j = 0; j < t->nvariants; j++) {
		free(t->variants[j].fields);
		free(t->variants[j].steps);
	}
	free(t->variants);
	free(t->notes);
	free(t->origin);
	memset(t, 0, sizeof *t);
}

void targets_free(struct target_list *tl)
{
	int i;

	for (i = 0; tl->targets && i < tl->n; i++)
		target_clear(&tl->targets[i]);
	free(tl->targets);
	cJSON_Delete(tl->doc);
	for (i = 0; i < tl->ndocs; i++)
		cJSON_Delete(tl->docs[i]);
	free(tl->docs);
	memset(tl, 0, sizeof *tl);
}

/* A user's target file's name, less ".json", is its key: lower-case
 * letters, digits, '-' and '_', as the built-in keys are. */
static int key_ok(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || n >= sizeof((struct broken_target *)0)->key)
		return 0;
	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') ||
		      (i && (k[i] == '-' || k[i] == '_'))))
			return 0;
	return 1;
}

static void mark_broken(struct target_list *tl, const char *key, const char *path,
			const char *reason)
{
	struct broken_target *b;

	if (tl->nbroken >= TARGETS_MAX_BROKEN)
		return;
	b = &tl->broken[tl->nbroken++];
	snprintf(b->key, sizeof b->key, "%s", key);
	snprintf(b->path, sizeof b->path, "%s", path);
	snprintf(b->reason, sizeof b->reason, "%s", reason);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Parses one user's file into tl (replacing a target of the same key). */
static enum bc_status add_file(const struct scope_catalogue *cat, struct target_list *tl,
			       const char *key, const char *path, struct bc_err *err)
{
	struct target t = {0}, *grown;
	struct bc_err why;
	void **docs;
	cJSON *doc, *k;
	char *text;
	size_t len;
	int i;

	if (!(text = asset_read_file(path, (size_t)256 * 1024, &len, &why))) {
		mark_broken(tl, key, path, why.msg);
		return BC_OK;
	}
	doc = cJSON_ParseWithLength(text, len);
	free(text);
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		mark_broken(tl, key, path, "not a JSON object");
		return BC_OK;
	}
	/* The file's name is its key, whatever it says inside. */
	k = cJSON_CreateString(key);
	if (!k || (cJSON_HasObjectItem(doc, "key")
			   ? !cJSON_ReplaceItemInObjectCaseSensitive(doc, "key", k)
			   : !cJSON_AddItemToObject(doc, "key", k))) {
		cJSON_Delete(doc);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	if (parse_target(doc, cat, &t, &why) != BC_OK) {
		mark_broken(tl, key, path, why.msg);
		target_clear(&t); /* what parse_target had allocated */
		cJSON_Delete(doc);
		return BC_OK;
	}
	if (!(t.origin = strdup(path)) ||
	    !(docs = realloc(tl->docs, sizeof *docs * (size_t)(tl->ndocs + 1)))) {
		target_clear(&t);
		cJSON_Delete(doc);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	tl->docs = docs;
	tl->docs[tl->ndocs++] = doc;
	i = targets_index(tl, key);
	if (i >= 0) {
		target_clear(&tl->targets[i]);
		tl->targets[i] = t;
		return BC_OK;
	}
	if (!(grown = realloc(tl->targets, sizeof *grown * (size_t)(tl->n + 1)))) {
		target_clear(&t);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	tl->targets = grown;
	tl->targets[tl->n++] = t;
	return BC_OK;
}

enum bc_status targets_add_dir(const struct scope_catalogue *cat, struct target_list *tl,
			       const char *dir, struct bc_err *err)
{
	struct dirent **ents = NULL;
	enum bc_status st = BC_OK;
	char path[512];
	int n, i;

	if (!dir || (n = scandir(dir, &ents, NULL, by_name)) < 0)
		return BC_OK;
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t len = strlen(name);
		if (st == BC_OK && len > 5 && strcmp(name + len - 5, ".json") == 0 &&
		    name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", dir, name);
			if (!key_ok(name, len - 5))
				mark_broken(tl, name, path,
					    "a target file's name is its key: lower-case letters, "
					    "digits, '-' and '_', then .json");
			else {
				char key[64];
				snprintf(key, sizeof key, "%.*s", (int)(len - 5), name);
				st = add_file(cat, tl, key, path, err);
			}
		}
		free(ents[i]);
	}
	free(ents);
	return st;
}

const struct broken_target *targets_broken(const struct target_list *tl, const char *key)
{
	int i;

	for (i = 0; key && i < tl->nbroken; i++)
		if (strcmp(tl->broken[i].key, key) == 0)
			return &tl->broken[i];
	return NULL;
}

const struct target *targets_find(const struct target_list *tl, const char *key)
{
	int i = targets_index(tl, key);

	return i >= 0 ? &tl->targets[i] : NULL;
}

void target_required(const struct target *t, const struct scope_catalogue *cat, unsigned caps_mask,
		     int *levels)
{
	int i, c;

	for (i = 0; i < cat->n; i++) {
		levels[i] = t->required ? t->required[i] : 0;
		for (c = 0; c < t->ncaps; c++)
			if ((caps_mask & (1u << c)) && t->caps[c].required[i] > levels[i])
				levels[i] = t->caps[c].required[i];
	}
}

long target_caps_parse(const struct target *t, const char *list, struct bc_err *err)
{
	long mask = 0;
	const char *p = list;
	int c;

	while (*p) {
		size_t n = strcspn(p, ",");
		for (c = 0; c < t->ncaps; c++)
			if (strlen(t->caps[c].key) == n && strncmp(t->caps[c].key, p, n) == 0)
				break;
		if (c == t->ncaps) {
			bc_fail(err, BC_ERR_INPUT, "%s has no capability '%.*s'", t->name, (int)n,
				p);
			return -1;
		}
		mask |= 1L << c;
		p += n;
		if (*p == ',')
			p++;
	}
	return mask;
}

void target_caps_text(const struct target *t, unsigned mask, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	if (size)
		buf[0] = '\0';
	for (c = 0; t && c < t->ncaps && n < size; c++)
		if (mask & (1u << c)) {
			int w = snprintf(buf + n, size - n, "%s%s", n ? "," : "", t->caps[c].key);
			if (w < 0)
				break;
			n += (size_t)w;
		}
}

void targets_names(const struct target_list *tl, char *buf, size_t size)
{
	size_t n = 0;
	int i;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < tl->n && n < size; i++) {
		int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", tl->targets[i].key);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

int targets_index(const struct target_list *tl, const char *key)
{
	int i;

	for (i = 0; key && i < tl->n; i++)
		if (strcmp(tl->targets[i].key, key) == 0)
			return i;
	return -1;
}
