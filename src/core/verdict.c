/*
 * verdict.c - what a check's answers mean (see verdict.h). Every sentence a
 * failed check shows is written here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/coverage.h"
#include "bcsetup/text.h"
#include "verdict.h"

void verdict_fail(struct check_result *r, enum check_kind k, const char *fmt, ...)
{
	va_list ap;

	if (r->kind != CHECK_OK)
		return;
	r->kind = k;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof r->message, fmt, ap);
	va_end(ap);
}

/* Whether the answer is the API's {"time": <seconds>} in JSON. */
static int time_answer(const struct ev_answer *a)
{
	cJSON *d;
	int ok;

	if (!a->content_type || !strstr(a->content_type, "json") || !a->body)
		return 0;
	d = cJSON_ParseWithLength(a->body, a->body_len);
	ok = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(d, "time"));
	cJSON_Delete(d);
	return ok;
}

void verdict_time(struct check_result *r, const struct ev_answer *a, int tries, const char *h)
{
	if (a->status == 401)
		verdict_fail(r, CHECK_AUTH,
			     "the access token was refused (401): the token is wrong, or its API "
			     "account was deleted");
	else if (a->status == 403)
		verdict_fail(r, CHECK_AUTH,
			     "refused (403) before any scope was needed: the token probably "
			     "belongs to another store than %s",
			     h);
	else if (a->status == 404)
		verdict_fail(
			r, CHECK_STORE,
			"no store answers to the hash %s (404): the store hash is likely wrong", h);
	else if (a->status == 429)
		verdict_fail(
			r, CHECK_RATE_LIMIT,
			"the store's rate limit stayed exhausted after %d tries; try again in a "
			"minute",
			tries);
	else if (a->status == 503)
		verdict_fail(
			r, CHECK_STORE,
			"the store is unavailable (503): it may be suspended or in maintenance");
	else if (a->status >= 500)
		verdict_fail(r, CHECK_SERVER, "the API answered %ld; try again later", a->status);
	else if (a->status != 200)
		verdict_fail(r, CHECK_SERVER, "unexpected answer %ld to GET /v2/time", a->status);
	else if (!time_answer(a))
		verdict_fail(
			r, CHECK_SERVER,
			"GET /v2/time answered 200 but not with the API's {\"time\": ...}: the "
			"address may not be BigCommerce's API");
}

/* The answer's "id" (or "uuid"), at the top or under "data", as text. */
static void answer_id(const struct ev_answer *a, char *out, size_t size)
{
	cJSON *d = a->body ? cJSON_ParseWithLength(a->body, a->body_len) : NULL;
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(d, "data"), *id = NULL;
	const cJSON *where[3] = {cJSON_IsArray(o) ? cJSON_GetArrayItem(o, 0) : o, d,
				 cJSON_IsArray(d) ? cJSON_GetArrayItem(d, 0) : NULL};
	int k;

	out[0] = '\0';
	for (k = 0; k < 3 && !id; k++) {
		id = cJSON_GetObjectItemCaseSensitive(where[k], "id");
		if (!id)
			id = cJSON_GetObjectItemCaseSensitive(where[k], "uuid");
	}
	if (cJSON_IsNumber(id))
		snprintf(out, size, "%.0f", id->valuedouble);
	else if (cJSON_IsString(id))
		text_clean(out, size, id->valuestring);
	cJSON_Delete(d);
}

int verdict_probe(const struct scope_catalogue *cat, int scope, int write, int needed,
		  const struct ev_answer *a, struct check_result *r)
{
	const struct scope *s = &cat->scopes[scope];
	const struct scope_probe *pr = write ? &s->write : &s->read;
	struct probe_answer *pa = &r->ev[scope].probe[write];

	if (a->failure)
		; /* the caller said why, for a scope needed */
	else if (a->status == 401)
		verdict_fail(r, CHECK_AUTH,
			     "the token was refused (401) partway through the check");
	else if (a->status == 429 && needed)
		verdict_fail(r, CHECK_RATE_LIMIT,
			     "the store's rate limit stayed exhausted; %s %s could not be judged",
			     pr->method, pr->path);
	else if (a->status >= 500 && needed)
		verdict_fail(r, CHECK_SERVER, "%s %s answered %ld; its scope could not be judged",
			     pr->method, pr->path, a->status);
	evidence_judge(pr, write, a, pa);
	if (pa->outcome != EV_ACCEPTED)
		return 0;
	if (r->nalerts < CHECK_MAX_ALERTS) {
		struct check_alert *al = &r->alerts[r->nalerts++];
		char made[sizeof al->id + 8] = "", request[sizeof pa->request];
		/* A copy: the alert and the evidence are parts of one result. */
		memcpy(request, pa->request, sizeof request);
		snprintf(al->request, sizeof al->request, "%s", request);
		al->status = a->status;
		answer_id(a, al->id, sizeof al->id);
		if (al->id[0])
			snprintf(made, sizeof made, " (id %s)", al->id);
		snprintf(al->message, sizeof al->message,
			 "the store accepted %s (%ld), a %s probe built to be refused; if it made "
			 "something%s, delete it in the control panel",
			 request, a->status, s->name, made);
	}
	return 1;
}

void verdict_store(struct check_result *r, const struct ev_answer *a)
{
	cJSON *d;

	if (!a->body || a->status != 200)
		return;
	d = cJSON_ParseWithLength(a->body, a->body_len);
	if (!cJSON_IsObject(d)) {
		cJSON_Delete(d);
		return;
	}
	r->have_store = 1;
	text_clean(r->store_name, sizeof r->store_name,
		   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "name")));
	text_clean(r->store_domain, sizeof r->store_domain,
		   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "domain")));
	text_clean(r->store_plan, sizeof r->store_plan,
		   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "plan_name")));
	cJSON_Delete(d);
}

/* How a required level left unknown could be proven, in a few words. */
static const char *unproven_how(const struct scope_catalogue *cat, int read_only,
				const struct check_result *r, int i)
{
	const struct scope *s = &cat->scopes[i];
	const struct scope_evidence *ev = &r->ev[i];

	if (read_only && s->write.method && !ev->probe[1].request[0])
		return "--read-only-probes sent no write probe: check without it";
	if (!s->read.method && !s->write.method)
		return s->unverifiable ? s->unverifiable
				       : "no request can prove it: see the API account's page";
	if (ev->text[0])
		return ev->text;
	return "no answer proved it: see the API account's page in the control panel";
}

void verdict_conclude(const struct scope_catalogue *cat, const int *required, int read_only,
		      struct check_result *r)
{
	int i, n = 0;
	size_t off;

	for (i = 0; i < cat->n; i++)
		evidence_scope(cat, i, r->ev);
	coverage_compute(cat, required, r->ev, &r->cov);
	r->probed = 1;
	if (r->nalerts) {
		/* Overrides any other verdict: this is what the merchant must see. */
		r->kind = CHECK_SERVER;
		snprintf(r->message, sizeof r->message,
			 "ALERT: the store accepted %d write probe%s that should have been refused "
			 "(%s answered %ld); see the alerts",
			 r->nalerts, r->nalerts == 1 ? "" : "s", r->alerts[0].request,
			 r->alerts[0].status);
		return;
	}
	if (r->kind != CHECK_OK)
		return;
	if (r->cov.failing) {
		r->kind = CHECK_SCOPE;
		off = (size_t)snprintf(r->message, sizeof r->message,
				       "%d required scope%s not held: ", r->cov.failing,
				       r->cov.failing == 1 ? " is" : "s are");
		for (i = 0; i < cat->n && off < sizeof r->message; i++)
			if (coverage_fails(r->cov.rows[i].verdict))
				off += (size_t)snprintf(r->message + off, sizeof r->message - off,
							"%s%s (%s needed)", n++ ? ", " : "",
							cat->scopes[i].name,
							cat->scopes[i].levels[required[i]]);
		return;
	}
	/* A required level that no answer proved is not "ok", whatever the
	 * reason: say which, and how it could be proven. */
	for (i = 0; i < cat->n; i++) {
		if (r->cov.rows[i].verdict != COV_UNKNOWN)
			continue;
		if (!n++) {
			r->kind = CHECK_UNPROVEN;
			off = (size_t)snprintf(
				r->message, sizeof r->message,
				"%d required level%s not proven: ", r->cov.unverified,
				r->cov.unverified == 1 ? " is" : "s are");
		} else {
			off = strlen(r->message);
		}
		if (off < sizeof r->message)
			snprintf(r->message + off, sizeof r->message - off, "%s%s %s (%s)",
				 n > 1 ? "; " : "", cat->scopes[i].name,
				 cat->scopes[i].levels[required[i]],
				 unproven_how(cat, read_only, r, i));
	}
}
