#include <string.h>

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

enum bc_status session_required(const struct bc_session *s, const char *key, const char *caps,
				const struct target **t, int *levels, struct bc_err *err)
{
	char names[256];
	long mask;
	int i;

	*t = NULL;
	for (i = 0; i < s->cat.n; i++)
		levels[i] = 0;
	if (!key)
		return caps ? bc_fail(err, BC_ERR_INPUT, "--caps goes with --for TARGET") : BC_OK;
	if (!(*t = targets_find(&s->targets, key))) {
		targets_names(&s->targets, names, sizeof names);
		return bc_fail(err, BC_ERR_INPUT, "unknown target '%s' (%s)", key, names);
	}
	if (caps && !(*t)->ncaps)
		return bc_fail(err, BC_ERR_INPUT,
			       "%s has no capabilities to choose: its scopes are one preset "
			       "(leave out --caps)",
			       (*t)->name);
	if (!caps)
		mask = (1L << (*t)->ncaps) - 1;
	else if ((mask = target_caps_parse(*t, caps, err)) < 0)
		return BC_ERR_INPUT;
	target_required(*t, &s->cat, (unsigned)mask, levels);
	return BC_OK;
}

const char *session_api_root(const struct bc_session *s, const char *api_path, char *buf,
			     size_t size)
{
	return api_root(s->api_base, api_path, buf, size);
}
