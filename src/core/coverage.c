#include <string.h>

#include "bcsetup/coverage.h"

#define COV_FIELD(name, word, sym, ascii, fails) [name] = {word, sym, ascii, fails},
static const struct {
	const char *word, *sym, *ascii;
	int fails;
} cov_info[] = {COVERAGE_LIST(COV_FIELD)};
#undef COV_FIELD

const char *coverage_word(enum coverage_verdict v)
{
	return cov_info[v].word;
}

const char *coverage_symbol(enum coverage_verdict v, int utf8)
{
	return utf8 ? cov_info[v].sym : cov_info[v].ascii;
}

int coverage_fails(enum coverage_verdict v)
{
	return cov_info[v].fails;
}

static void judge(int req, const struct scope_evidence *ev, struct coverage_row *r)
{
	int g = ev->granted;

	r->required = req;
	r->granted = g;
	r->at_least = ev->at_least;
	r->advice = NULL;
	if (req <= 0) {
		if (g > 0) {
			r->verdict = COV_EXTRA;
			r->advice = "held but not needed; a new account without it would follow "
				    "least privilege";
		} else {
			r->verdict = COV_NOT_NEEDED;
		}
		return;
	}
	if (g == LEVEL_UNKNOWN) {
		r->verdict = COV_UNKNOWN;
		r->advice = "no request can confirm this level: check it on the API account's "
			    "page in the control panel";
		return;
	}
	if (g >= req) {
		r->verdict = COV_COVERED;
		return;
	}
	if (ev->at_least) {
		/* Proven up to g, and the level above could not be tested. */
		r->verdict = COV_UNKNOWN;
		r->advice = "the lower level is proven, the required one cannot be tested: check "
			    "it in the control panel";
		return;
	}
	if (g == 0) {
		r->verdict = COV_MISSING;
		r->advice = "an account's scopes cannot be changed: create a replacement API "
			    "account with this scope at the required level";
	} else {
		r->verdict = COV_INSUFFICIENT;
		r->advice = "held at a lower level than needed: create a replacement API account "
			    "with the required level";
	}
}

void coverage_compute(const struct scope_catalogue *cat, const int *required,
		      const struct scope_evidence *ev, struct coverage *out)
{
	int i;

	memset(out, 0, sizeof *out);
	out->n = cat->n < SCOPES_MAX ? cat->n : SCOPES_MAX;
	for (i = 0; i < out->n; i++) {
		struct coverage_row *r = &out->rows[i];
		judge(required[i], &ev[i], r);
		if (coverage_fails(r->verdict))
			out->failing++;
		if (r->verdict == COV_UNKNOWN)
			out->unverified++;
		if (r->verdict == COV_EXTRA)
			out->extra++;
	}
}
