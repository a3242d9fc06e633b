/* A profile as a pass entry: written for a team, read back (passentry.h). */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/mem.h"
#include "bcsetup/passentry.h"
#include "bcsetup/profile.h"

enum bc_status passentry_name_check(const char *name, struct bc_err *err)
{
	const char *s = name, *part = name;
	size_t n = strlen(name);

	if (n == 0 || n > 200)
		return bc_fail(err, BC_ERR_INPUT, "a pass entry's name has 1 to 200 characters");
	for (; *s; s++) {
		if (*s == '/') {
			if (s == part)
				return bc_fail(err, BC_ERR_INPUT,
					       "'%s' has an empty part between slashes", name);
			part = s + 1;
			continue;
		}
		if (s == part && (*s == '.' || *s == '-'))
			return bc_fail(err, BC_ERR_INPUT,
				       "'%s' has a part starting with '%c': not a pass entry name",
				       name, *s);
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return bc_fail(err, BC_ERR_INPUT,
				       "'%s' is not a pass entry name: use letters, digits, . _ - "
				       "and / between parts",
				       name);
	}
	if (*part == '\0')
		return bc_fail(err, BC_ERR_INPUT, "'%s' ends with '/': name the entry", name);
	return BC_OK;
}

struct out {
	char *buf;
	size_t len, size;
	int full;
};

static void put(struct out *o, const char *key, const char *value)
{
	int n;

	if (!value || o->full)
		return;
	n = key ? snprintf(o->buf + o->len, o->size - o->len, "%s: %s\n", key, value)
		: snprintf(o->buf + o->len, o->size - o->len, "%s\n", value);
	if (n < 0 || (size_t)n >= o->size - o->len) {
		o->full = 1;
		return;
	}
	o->len += (size_t)n;
}

enum bc_status passentry_format(const cJSON *p, const char *version, char **out, size_t *len,
				struct bc_err *err)
{
	static const char *const fields[] = {"store_hash",    "api_path",     "client_id",
					     "client_secret", "account_name", "target",
					     "caps"};
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(p, "required"), *e;
	char req_line[PASSENTRY_REQUIRED_MAX] = "", exporter[64];
	struct out o = {.size = PASSENTRY_MAX_SIZE};
	size_t i, r = 0;

	if (!profile_str(p, "access_token"))
		return bc_fail(err, BC_ERR_INPUT, "the profile has no access token");
	cJSON_ArrayForEach (e, req) {
		int n;
		if (!cJSON_IsString(e))
			continue;
		n = snprintf(req_line + r, sizeof req_line - r, "%s%s=%s", r ? " " : "", e->string,
			     e->valuestring);
		if (n < 0 || (size_t)n >= sizeof req_line - r)
			return bc_fail(err, BC_ERR_INPUT,
				       "the profile's required scopes are too long");
		r += (size_t)n;
	}
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *v = profile_str(p, fields[i]);
		if (v && strpbrk(v, "\r\n"))
			return bc_fail(err, BC_ERR_INPUT,
				       "the profile's %s holds a line break: a pass entry cannot "
				       "keep it",
				       fields[i]);
	}
	if (!(o.buf = secret_alloc(o.size)))
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	put(&o, NULL, profile_str(p, "access_token"));
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *v = profile_str(p, fields[i]);
		if (v && *v)
			put(&o, fields[i], v);
	}
	if (r)
		put(&o, "required", req_line);
	snprintf(exporter, sizeof exporter, "bcsetup %s", version);
	put(&o, "exported_by", exporter);
	if (o.full) {
		secret_free(o.buf);
		return bc_fail(err, BC_ERR_INPUT, "the profile does not fit in a pass entry");
	}
	*out = o.buf;
	*len = o.len;
	return BC_OK;
}

/* The keys an entry's lines may have, and where each goes. */
enum pkey {
	PK_STORE_HASH,
	PK_API_PATH,
	PK_CLIENT_ID,
	PK_CLIENT_SECRET,
	PK_ACCOUNT,
	PK_TARGET,
	PK_CAPS,
	PK_REQUIRED,
	PK_COUNT
};
static const char *const pkey_names[PK_COUNT] = {
	"store_hash",   "api_path", "client_id", "client_secret",
	"account_name", "target",   "caps",      "required",
};

/* Trims blanks and a CR at both ends of [*s, *e). */
static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

static enum bc_status copy_plain(char *dst, size_t size, const char *s, size_t n, const char *what,
				 const char *key, struct bc_err *err)
{
	if (n >= size)
		return bc_fail(err, BC_ERR_INPUT, "%s: its %s is too long", what, key);
	memcpy(dst, s, n);
	dst[n] = '\0';
	return BC_OK;
}

enum bc_status passentry_parse(const char *data, size_t len, const char *what,
			       struct passentry *out, struct bc_err *err)
{
	const char *end = data + len, *line = data, *nl;
	char *val[PK_COUNT] = {0}, *token = NULL;
	enum bc_status st = BC_OK;
	int lineno = 0, k;

	memset(out, 0, sizeof *out);
	if (len > PASSENTRY_MAX_SIZE)
		return bc_fail(err, BC_ERR_INPUT, "%s is larger than %d bytes", what,
			       PASSENTRY_MAX_SIZE);
	if (memchr(data, '\0', len))
		return bc_fail(err, BC_ERR_INPUT, "%s holds a NUL byte: not a bcsetup entry", what);
	for (; st == BC_OK && line < end; line = nl + 1) {
		const char *s = line, *e, *colon;
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		e = nl;
		lineno++;
		trim(&s, &e);
		if (lineno == 1) {
			if (s == e)
				st = bc_fail(err, BC_ERR_INPUT,
					     "%s has an empty first line: pass entries start with "
					     "the access token",
					     what);
			else if (!(token = secret_strndup(s, (size_t)(e - s))))
				st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
			continue;
		}
		if (s == e || !(colon = memchr(s, ':', (size_t)(e - s))))
			continue; /* a blank line, or a person's note */
		for (k = 0; k < PK_COUNT; k++)
			if ((size_t)(colon - s) == strlen(pkey_names[k]) &&
			    memcmp(s, pkey_names[k], (size_t)(colon - s)) == 0)
				break;
		if (k == PK_COUNT)
			continue; /* url:, login:... belong to other tools */
		if (val[k]) {
			st = bc_fail(err, BC_ERR_INPUT, "%s gives %s twice (line %d)", what,
				     pkey_names[k], lineno);
			break;
		}
		s = colon + 1;
		trim(&s, &e);
		if (!(val[k] = secret_strndup(s, (size_t)(e - s))))
			st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	if (st == BC_OK && !token)
		st = bc_fail(err, BC_ERR_INPUT, "%s is empty", what);
	for (k = PK_API_PATH; st == BC_OK && k <= PK_CLIENT_SECRET; k++)
		if (!val[k] || !*val[k])
			st = bc_fail(err, BC_ERR_INPUT, "%s has no %s line: not a bcsetup entry",
				     what, pkey_names[k]);
	if (st == BC_OK) {
		st = credentials_make(token, val[PK_CLIENT_ID], val[PK_CLIENT_SECRET],
				      val[PK_API_PATH], val[PK_ACCOUNT], &out->cr, err);
		if (st != BC_OK && err) { /* say where the value came from */
			char why[BC_ERR_MSG_MAX];
			snprintf(why, sizeof why, "%s", err->msg);
			bc_fail_set(err, st, "%s: %s", what, why);
		}
	}
	if (st == BC_OK && val[PK_STORE_HASH] && *val[PK_STORE_HASH] &&
	    strcmp(val[PK_STORE_HASH], out->cr.path.hash) != 0)
		st = bc_fail(err, BC_ERR_INPUT,
			     "%s: store_hash says %s but the API path is store %s; fix the entry",
			     what, val[PK_STORE_HASH], out->cr.path.hash);
	if (st == BC_OK && val[PK_TARGET])
		st = copy_plain(out->target, sizeof out->target, val[PK_TARGET],
				strlen(val[PK_TARGET]), what, "target", err);
	if (st == BC_OK && val[PK_CAPS])
		st = copy_plain(out->caps, sizeof out->caps, val[PK_CAPS], strlen(val[PK_CAPS]),
				what, "caps", err);
	if (st == BC_OK && val[PK_REQUIRED]) {
		out->has_required = 1;
		st = copy_plain(out->required, sizeof out->required, val[PK_REQUIRED],
				strlen(val[PK_REQUIRED]), what, "required", err);
	}
	if (st != BC_OK)
		credentials_clear(&out->cr);
	secret_free(token);
	for (k = 0; k < PK_COUNT; k++)
		secret_free(val[k]);
	return st;
}

enum bc_status passentry_levels(const char *required, const struct scope_catalogue *cat,
				int *levels, char *note, size_t notesize, struct bc_err *err)
{
	const char *s = required;
	size_t used = 0;
	int i;

	for (i = 0; i < cat->n; i++)
		levels[i] = 0;
	if (note && notesize)
		note[0] = '\0';
	while (*s) {
		char key[PASSENTRY_KEY_MAX], level[PASSENTRY_KEY_MAX];
		size_t n = strcspn(s, " \t"), eq;
		const char *item = s;

		if (n == 0) {
			s++;
			continue;
		}
		s += n;
		eq = strcspn(item, "=");
		if (eq >= n || eq == 0 || eq >= sizeof key || n - eq - 1 >= sizeof level ||
		    n - eq - 1 == 0)
			return bc_fail(err, BC_ERR_INPUT,
				       "required: '%.*s' is not scope=level (orders=modify)",
				       (int)(n < 64 ? n : 64), item);
		memcpy(key, item, eq);
		key[eq] = '\0';
		memcpy(level, item + eq + 1, n - eq - 1);
		level[n - eq - 1] = '\0';
		if ((i = scopes_find(cat, key)) < 0) {
			if (note && notesize > used) {
				int w = snprintf(note + used, notesize - used, "%s%s",
						 used ? ", " : "", key);
				if (w > 0)
					used += (size_t)w < notesize - used ? (size_t)w
									    : notesize - used - 1;
			}
			continue;
		}
		if ((levels[i] = scope_level(&cat->scopes[i], level)) < 0) {
			const struct scope *sc = &cat->scopes[i];
			char known[128] = "";
			size_t k = 0;
			int l;
			for (l = 0; l < sc->nlevels && k < sizeof known; l++) {
				int w = snprintf(known + k, sizeof known - k, "%s%s", l ? ", " : "",
						 sc->levels[l]);
				k += w > 0 ? (size_t)w : 0;
			}
			return bc_fail(err, BC_ERR_INPUT,
				       "required: %s has no level '%s' (it has %s)", key, level,
				       known);
		}
	}
	return BC_OK;
}
