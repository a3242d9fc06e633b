#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/check.h"
#include "bcsetup/profile.h"
#include "bcsetup/credfile.h"
#include "bcsetup/session.h"

enum bc_status session_load(struct bc_session *s, struct bc_err *err)
{
	enum bc_status st;

	if (s->loaded)
		return BC_OK;
	if ((st = scopes_load(&s->cat, err)) != BC_OK)
		return st;
	if ((st = targets_load(&s->cat, &s->targets, err)) != BC_OK) {
		scopes_free(&s->cat);
		return st;
	}
	if ((st = targets_add_dir(&s->cat, &s->targets, s->targets_dir, err)) != BC_OK) {
		targets_free(&s->targets);
		scopes_free(&s->cat);
		return st;
	}
	s->loaded = 1;
	return BC_OK;
}

void session_free(struct bc_session *s)
{
	if (!s->loaded)
		return;
	targets_free(&s->targets);
	scopes_free(&s->cat);
	s->loaded = 0;
}

/* The capabilities a target's guide names as the least it works with. */
static enum bc_status check_minimum(const struct target *t, unsigned mask, struct bc_err *err)
{
	int c;

	for (c = 0; c < t->ncaps; c++)
		if (t->caps[c].minimum && !(mask & (1u << c)))
			return bc_fail(err, BC_ERR_INPUT, "%s: %s (add %s to --caps)", t->name,
				       t->caps[c].minimum, t->caps[c].key);
	return BC_OK;
}

enum bc_status session_required(const struct bc_session *s, const char *key, const char *caps,
				const char *scopes, const struct target **t, int *levels,
				struct bc_err *err)
{
	int asked[SCOPES_MAX], i;
	char names[256];
	long mask;
	enum bc_status st;

	*t = NULL;
	for (i = 0; i < s->cat.n; i++)
		levels[i] = 0;
	if (!key && caps)
		return bc_fail(err, BC_ERR_INPUT, "--caps goes with --for TARGET");
	if (key && !(*t = targets_find(&s->targets, key))) {
		const struct broken_target *b = targets_broken(&s->targets, key);
		if (b)
			return bc_fail(err, BC_ERR_ASSET, "target '%s' cannot be used: %s: %s", key,
				       b->path, b->reason);
		targets_names(&s->targets, names, sizeof names);
		return bc_fail(err, BC_ERR_INPUT, "unknown target '%s' (%s)", key, names);
	}
	if (*t) {
		if (caps && !(*t)->ncaps)
			return bc_fail(
				err, BC_ERR_INPUT,
				"%s has no capabilities to choose: its scopes are one preset "
				"(leave out --caps)",
				(*t)->name);
		if (!caps)
			mask = (1L << (*t)->ncaps) - 1;
		else if ((mask = target_caps_parse(*t, caps, err)) < 0)
			return BC_ERR_INPUT;
		if ((st = check_minimum(*t, (unsigned)mask, err)) != BC_OK)
			return st;
		target_required(*t, &s->cat, (unsigned)mask, levels);
	}
	if (!scopes)
		return BC_OK;
	/* What the merchant asked for: the preset, raised, never lowered. */
	for (i = 0; i < s->cat.n; i++)
		asked[i] = -1;
	if ((st = scopes_parse_levels(&s->cat, scopes, asked, err)) != BC_OK)
		return st;
	for (i = 0; i < s->cat.n; i++) {
		const struct scope *sc = &s->cat.scopes[i];
		if (asked[i] < 0)
			continue;
		if (asked[i] < levels[i])
			return bc_fail(err, BC_ERR_INPUT,
				       "--scopes asks for %s at %s, below the %s that %s needs",
				       sc->name, sc->levels[asked[i]], sc->levels[levels[i]],
				       (*t)->name);
		levels[i] = asked[i];
	}
	return BC_OK;
}

int session_requires_any(const struct bc_session *s, const int *levels)
{
	int i;

	for (i = 0; i < s->cat.n; i++)
		if (levels[i] > 0)
			return 1;
	return 0;
}

void session_profile_target(const struct bc_session *s, const struct cJSON *p, const int *required,
			    char *base, size_t size, struct check_target *t)
{
	memset(t, 0, sizeof *t);
	t->label = p && p->string ? p->string : profile_str(p, "name");
	t->hash = profile_str(p, "store_hash");
	t->token = profile_str(p, "access_token");
	t->base = session_api_root(s, profile_str(p, "api_path"), base, size);
	t->required = required;
}

void session_credentials_target(const struct bc_session *s, const char *label,
				const struct credentials *cr, const int *required, char *base,
				size_t size, struct check_target *t)
{
	memset(t, 0, sizeof *t);
	t->label = label;
	t->hash = cr->path.hash;
	t->token = cr->access_token;
	t->base = session_api_root(s, cr->api_path, base, size);
	t->required = required;
}

const char *session_api_root(const struct bc_session *s, const char *api_path, char *buf,
			     size_t size)
{
	return api_root(s->api_base, api_path, buf, size);
}
