#define _GNU_SOURCE /* strcasestr */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "bcsetup/evidence.h"

#define OUTCOME_WORD(name, word) [name] = (word),
static const char *const outcome_words[] = {EV_OUTCOME_LIST(OUTCOME_WORD)};
#undef OUTCOME_WORD

const char *evidence_outcome_word(enum ev_outcome o)
{
	return o < EV_OUTCOME_COUNT ? outcome_words[o] : "?";
}

void evidence_answer_text(const struct probe_answer *pa, char *buf, size_t size)
{
	char what[EV_MEANING_MAX], num[24];
	const char *m = pa->meaning;
	size_t n;

	if (!pa->status) {
		snprintf(buf, size, "%s: %s", evidence_outcome_word(pa->outcome), m);
		return;
	}
	/* One plain sentence about the answer seen: what the probe does, never
	 * the status it would have had ("404 when held") nor this one twice. */
	snprintf(num, sizeof num, "%ld", pa->status);
	if (strncmp(m, num, strlen(num)) == 0) {
		m += strlen(num);
		while (*m == ':' || *m == ',' || *m == ' ')
			m++;
	}
	snprintf(what, sizeof what, "%s", m);
	if (pa->outcome == EV_HELD) {
		for (n = 0; what[n]; n++)
			if ((what[n] == ':' || what[n] == '(') &&
			    what[n + 1 + (what[n] == ':')] >= '0' &&
			    what[n + 1 + (what[n] == ':')] <= '9') {
				what[n && what[n - 1] == ' ' ? n - 1 : n] = '\0';
				break;
			}
	}
	snprintf(buf, size, "-> %ld: %s (%s)", pa->status, evidence_outcome_word(pa->outcome),
		 what);
}

static int contains_scope(const cJSON *s)
{
	const char *v = cJSON_GetStringValue(s);
	return v && strcasestr(v, "scope") != NULL;
}

int evidence_missing_scope_body(const char *body, size_t len)
{
	cJSON *j = body && len ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *o = cJSON_IsArray(j) ? cJSON_GetArrayItem(j, 0) : j;
	int yes = 0;

	/* Seen live: {"status":403,"title":"You don't have a required scope ..."};
	 * older: {"error":"... your scope does not include this resource."}; v2
	 * errors come as a list of {"status", "message"}. */
	if (cJSON_IsObject(o))
		yes = contains_scope(cJSON_GetObjectItemCaseSensitive(o, "title")) ||
		      contains_scope(cJSON_GetObjectItemCaseSensitive(o, "error")) ||
		      contains_scope(cJSON_GetObjectItemCaseSensitive(o, "message"));
	cJSON_Delete(j);
	return yes;
}

static int is_json(const struct ev_answer *a)
{
	cJSON *j;
	int ok;

	if (!a->content_type || !strcasestr(a->content_type, "json") || !a->body || !a->body_len)
		return 0;
	j = cJSON_ParseWithLength(a->body, a->body_len);
	ok = cJSON_IsObject(j) || cJSON_IsArray(j);
	cJSON_Delete(j);
	return ok;
}

static enum ev_outcome say(struct probe_answer *out, enum ev_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum ev_outcome say(struct probe_answer *out, enum ev_outcome o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->meaning, sizeof out->meaning, fmt, ap);
	va_end(ap);
	return out->outcome = o;
}

void evidence_judge(const struct scope_probe *p, int is_write, const struct ev_answer *a,
		    struct probe_answer *out)
{
	long st = a->status;

	snprintf(out->request, sizeof out->request, "%s %s", p->method, p->path);
	out->status = a->failure ? 0 : st;
	if (a->failure) {
		say(out, EV_UNKNOWN, "no answer: %s", a->failure);
		return;
	}
	if (is_write && st >= 200 && st < 400) {
		say(out, EV_ACCEPTED,
		    "the store accepted a write that should have been refused (%ld); nothing was "
		    "meant to change, but check the store",
		    st);
		return;
	}
	if (st == 403) {
		if (evidence_missing_scope_body(a->body, a->body_len))
			say(out, EV_MISSING, "BigCommerce's missing-scope answer");
		else
			say(out, EV_UNKNOWN,
			    "403 without BigCommerce's missing-scope message: refused for another "
			    "reason");
		return;
	}
	if (probe_holds(p, st)) {
		if (st == 204 ? a->body_len == 0 : is_json(a))
			say(out, EV_HELD, "%s", p->why);
		else
			say(out, EV_UNKNOWN,
			    "%ld, but not with an API answer (%s): perhaps not BigCommerce", st,
			    st == 204 ? "a body where none belongs" : "the body is not JSON");
		return;
	}
	if (st == 401)
		say(out, EV_UNKNOWN, "401: the token was refused partway through the check");
	else if (st == 429)
		say(out, EV_UNKNOWN, "429: the store's rate limit stayed exhausted");
	else if (st >= 500)
		say(out, EV_UNKNOWN, "%ld: the API failed; try again later", st);
	else if (st >= 300 && st < 400)
		say(out, EV_UNKNOWN, "%ld: a redirect, which the API never sends", st);
	else if (st == 404)
		say(out, EV_UNKNOWN,
		    "404 where a %s was expected: no endpoint answers at this path (BigCommerce "
		    "removes unused ones)",
		    is_write ? "refusal of the request" : "list");
	else if (p->undecided)
		say(out, EV_UNKNOWN, "%ld: %s", st, p->undecided);
	else if (probe_documents(p, st))
		say(out, EV_UNKNOWN,
		    "%ld, documented for this request, shows the level neither way", st);
	else
		say(out, EV_UNKNOWN,
		    "%ld, an answer BigCommerce does not document for this request: the docs do "
		    "not decide",
		    st);
}

/* Whether scope o is proven not to open a probe of the given kind. */
static int proven_absent(const struct scope_catalogue *cat, const struct scope_evidence *ev, int o,
			 int is_write)
{
	const struct scope *s = &cat->scopes[o];
	enum ev_outcome r = ev[o].probe[0].outcome, w = ev[o].probe[1].outcome;

	if (r == EV_MISSING)
		return 1; /* a GET accepts either level: neither is held */
	if (is_write && w == EV_MISSING)
		return 1; /* the top level, which a write needs, is not held */
	return !s->read.method && s->nlevels == 2 && w == EV_MISSING;
}

/* The outcome of probe k of scope i once the scopes documented to open the
 * same endpoint are accounted for: held only if each of them is proven absent. */
static enum ev_outcome decisive(const struct scope_catalogue *cat, const struct scope_evidence *ev,
				int i, int k, const char **other)
{
	const struct scope_probe *p = k ? &cat->scopes[i].write : &cat->scopes[i].read;
	enum ev_outcome o = ev[i].probe[k].outcome;
	int n;

	if (o != EV_HELD)
		return o;
	for (n = 0; n < p->nalso; n++)
		if (!proven_absent(cat, ev, p->also_granted_by[n], k)) {
			*other = cat->scopes[p->also_granted_by[n]].name;
			return EV_UNKNOWN;
		}
	return EV_HELD;
}

void evidence_scope(const struct scope_catalogue *cat, int i, struct scope_evidence *ev)
{
	const struct scope *s = &cat->scopes[i];
	struct scope_evidence *e = &ev[i];
	const char *shared[2] = {NULL, NULL};
	enum ev_outcome r = decisive(cat, ev, i, 0, &shared[0]);
	enum ev_outcome w = decisive(cat, ev, i, 1, &shared[1]);
	int top = s->nlevels - 1, k;
	size_t off = 0;

	e->granted = LEVEL_UNKNOWN;
	e->at_least = 0;
	e->unexpected = 0;
	e->text[0] = '\0';
	for (k = 0; k < 2; k++) {
		const struct probe_answer *pa = &e->probe[k];
		if (pa->outcome == EV_NOT_SENT)
			continue;
		e->unexpected |= pa->outcome == EV_UNKNOWN || pa->outcome == EV_ACCEPTED;
		if (pa->status)
			off += (size_t)snprintf(e->text + off, sizeof e->text - off, "%s%s -> %ld",
						off ? "; " : "", pa->request, pa->status);
		else
			off += (size_t)snprintf(e->text + off, sizeof e->text - off, "%s%s: %s",
						off ? "; " : "", pa->request, pa->meaning);
		if (off >= sizeof e->text)
			off = sizeof e->text - 1;
		if (pa->outcome == EV_UNKNOWN && pa->status)
			off += (size_t)snprintf(e->text + off, sizeof e->text - off, " (%s)",
						pa->meaning);
		else if (shared[k])
			off += (size_t)snprintf(e->text + off, sizeof e->text - off,
						" (%s opens it too: cannot tell them apart)",
						shared[k]);
		if (off >= sizeof e->text)
			off = sizeof e->text - 1;
	}

	if (r == EV_MISSING && w == EV_HELD) {
		snprintf(e->text + off, sizeof e->text - off, "%s",
			 "; the answers contradict each other");
		e->unexpected = 1;
	} else if (w == EV_HELD) {
		e->granted = top;
	} else if (r == EV_MISSING) {
		e->granted = 0;
	} else if (w == EV_MISSING && r == EV_HELD) {
		e->granted = top > 1 ? 1 : LEVEL_UNKNOWN;
	} else if (w == EV_MISSING && !s->read.method && s->nlevels == 2) {
		e->granted = 0;
	} else if (r == EV_HELD) {
		e->granted = 1;
		e->at_least = top > 1;
		if (e->at_least && off + 2 < sizeof e->text)
			snprintf(e->text + off, sizeof e->text - off, "%s",
				 !s->write.method   ? "; the higher level cannot be probed"
				 : w == EV_NOT_SENT ? "; the higher level was not probed"
						    : "; the higher level is unknown");
	} else if (!off) {
		snprintf(e->text, sizeof e->text, "%s",
			 s->unverifiable ? s->unverifiable : "not probed");
	}
}
