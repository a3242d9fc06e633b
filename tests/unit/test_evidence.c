/* The evidence module from tables: each answer a probe can get (the cases of
 * shared/reference/probe-evidence.md among them), and how a scope's answers
 * and its neighbours' combine into a verdict. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bcsetup/evidence.h"
#include "bcsetup/mem.h"
#include "bcsetup/scopes.h"

#define JSON "application/json"
#define HTML "text/html; charset=utf-8"
#define SCOPE_403                                                                                   \
	"{\"status\":403,\"title\":\"You don't have a required scope to access the endpoint\","     \
	"\"type\":\"https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes\"," \
	"\"errors\":{}}"

/* A list read (held: 200, 204), an item read (held: 404), and a write to a
 * resource that cannot exist (held: 404, 422). */
static const struct scope_probe list = {.method = "GET",
					.path = "/v2/orders?limit=1",
					.why = "lists at most one order",
					.held = {200, 204},
					.documented = {200, 204}};
static const struct scope_probe item = {.method = "GET",
					.path = "/v3/carts/x",
					.why = "asks for a cart that cannot exist",
					.held = {404},
					.documented = {200, 404}};
static const struct scope_probe write = {.method = "PUT",
					 .path = "/v2/orders/0",
					 .why = "updates order 0",
					 .held = {400, 404, 422},
					 .documented = {200, 400, 409, 422},
					 .id_in_path = 1};
/* A batch write whose operation documents only success. */
static const struct scope_probe batch = {.method = "PUT",
					 .path = "/v3/pickup/methods",
					 .why = "updates pickup method 0",
					 .documented = {200},
					 .undecided = "only success is documented"};

struct answer_case {
	const struct scope_probe *p;
	int is_write;
	const char *failure;
	long status;
	const char *ctype, *body;
	enum ev_outcome want;
	const char *meaning; /* a part of the meaning, or NULL */
};

static void test_answers(void **state)
{
	static const struct answer_case cases[] = {
		/* Declared answers, as the API sends them. */
		{&list, 0, NULL, 200, JSON, "[{\"id\":1}]", EV_HELD, "lists at most one order"},
		{&list, 0, NULL, 200, JSON "; charset=utf-8", "{\"data\":[]}", EV_HELD, NULL},
		{&list, 0, NULL, 204, NULL, "", EV_HELD, NULL},
		{&item, 0, NULL, 404, JSON,
		 "{\"status\":404,\"title\":\"The resource at that URL is not found.\"}", EV_HELD,
		 NULL},
		{&item, 0, NULL, 404, JSON,
		 "[{\"status\":404,\"message\":\"The requested resource was not found.\"}]",
		 EV_HELD, NULL},
		{&write, 1, NULL, 404, JSON, "[{\"status\":404}]", EV_HELD, NULL},
		{&write, 1, NULL, 422, JSON, "{\"status\":422,\"errors\":{}}", EV_HELD, NULL},
		{&write, 1, NULL, 400, JSON, "[{\"status\":400}]", EV_HELD, NULL},
		/* The missing-scope 403, live and older forms, v3 and v2. */
		{&list, 0, NULL, 403, JSON, SCOPE_403, EV_MISSING, "missing-scope"},
		{&write, 1, NULL, 403, JSON, SCOPE_403, EV_MISSING, NULL},
		{&list, 0, NULL, 403, JSON,
		 "{\"error\":\"You are authorized but your scope does not include this resource.\"}",
		 EV_MISSING, NULL},
		{&list, 0, NULL, 403, JSON,
		 "[{\"status\":403,\"message\":\"You don't have a required scope\"}]", EV_MISSING,
		 NULL},
		/* Other 403s are refusals for another reason. */
		{&list, 0, NULL, 403, JSON,
		 "{\"status\":403,\"title\":\"Authentication Required\"}", EV_UNKNOWN,
		 "another reason"},
		{&list, 0, NULL, 403, HTML, "<html>Forbidden</html>", EV_UNKNOWN, NULL},
		{&list, 0, NULL, 403, NULL, "", EV_UNKNOWN, NULL},
		/* A removed endpoint answers 404 like any unknown path. */
		{&list, 0, NULL, 404, JSON,
		 "{\"status\":404,\"title\":\"The resource at that URL is not found.\"}",
		 EV_UNKNOWN, "no endpoint answers at this path"},
		/* A write answered outside its declared statuses: the docs speak, or not. */
		{&batch, 1, NULL, 422, JSON, "{\"status\":422}", EV_UNKNOWN,
		 "422: only success is documented"},
		{&batch, 1, NULL, 404, JSON, "{\"status\":404}", EV_UNKNOWN,
		 "no endpoint answers at this path"},
		{&batch, 1, NULL, 403, JSON, SCOPE_403, EV_MISSING, NULL},
		/* Declared statuses that are not the API's answer. */
		{&list, 0, NULL, 200, HTML, "<!DOCTYPE html><html></html>", EV_UNKNOWN, "not JSON"},
		{&list, 0, NULL, 200, JSON, "{\"data\": [", EV_UNKNOWN, "not JSON"},
		{&list, 0, NULL, 200, NULL, "[]", EV_UNKNOWN, NULL},
		{&list, 0, NULL, 200, JSON, "", EV_UNKNOWN, NULL},
		{&list, 0, NULL, 200, JSON, "\"a string\"", EV_UNKNOWN, NULL},
		{&list, 0, NULL, 204, JSON, "[{\"id\":1}]", EV_UNKNOWN,
		 "a body where none belongs"},
		{&item, 0, NULL, 404, HTML, "<html>Not Found</html>", EV_UNKNOWN, NULL},
		/* An accepted write is an alarm, whatever it answered. */
		{&write, 1, NULL, 200, JSON, "{\"data\":[]}", EV_ACCEPTED, "accepted a write"},
		{&write, 1, NULL, 201, JSON, "{\"data\":{\"id\":7}}", EV_ACCEPTED, NULL},
		{&write, 1, NULL, 204, NULL, "", EV_ACCEPTED, NULL},
		{&write, 1, NULL, 302, NULL, "", EV_ACCEPTED, NULL},
		/* Everything else is unknown, with the answer. */
		{&list, 0, NULL, 301, NULL, "", EV_UNKNOWN, "redirect"},
		{&list, 0, NULL, 401, JSON, "{\"status\":401}", EV_UNKNOWN, "refused partway"},
		{&list, 0, NULL, 429, JSON, "{}", EV_UNKNOWN, "rate limit"},
		{&list, 0, NULL, 500, JSON, "{}", EV_UNKNOWN, "the API failed"},
		{&list, 0, NULL, 502, HTML, "<html>", EV_UNKNOWN, NULL},
		{&list, 0, NULL, 503, JSON, "{}", EV_UNKNOWN, NULL},
		{&list, 0, NULL, 405, JSON, "{}", EV_UNKNOWN, "does not document for this request"},
		{&list, 0, NULL, 422, JSON, "{}", EV_UNKNOWN, "the docs do not decide"},
		{&write, 1, NULL, 409, JSON, "{}", EV_UNKNOWN,
		 "documented for this request, shows"},
		{&item, 0, NULL, 200, JSON, "{\"id\":1}", EV_UNKNOWN,
		 "shows the level neither way"},
		{&list, 0, "no answer within 15.0 s", 0, NULL, NULL, EV_UNKNOWN,
		 "no answer within"},
		{&write, 1, "Connection refused", 0, NULL, NULL, EV_UNKNOWN, "Connection refused"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct answer_case *c = &cases[i];
		struct ev_answer a = {.failure = c->failure,
				      .status = c->status,
				      .content_type = c->ctype,
				      .body = c->body,
				      .body_len = c->body ? strlen(c->body) : 0};
		struct probe_answer pa;
		evidence_judge(c->p, c->is_write, &a, &pa);
		if (pa.outcome != c->want)
			fail_msg("case %zu (%ld): %s, expected %s (%s)", i, c->status,
				 evidence_outcome_word(pa.outcome), evidence_outcome_word(c->want),
				 pa.meaning);
		if (c->meaning && !strstr(pa.meaning, c->meaning))
			fail_msg("case %zu: '%s' lacks '%s'", i, pa.meaning, c->meaning);
		assert_true(strncmp(pa.request, c->p->method, strlen(c->p->method)) == 0);
		assert_int_equal(pa.status, c->failure ? 0 : c->status);
	}
}

/* A catalogue of four: a (read + write), b (opens a's endpoints too), c
 * (write only, two levels), d (unverifiable). */
static const char catalogue[] =
	"{\"scopes\":["
	"{\"key\":\"a\",\"name\":\"A\",\"what\":\"w\",\"levels\":[\"none\",\"read-only\",\"modify\"],"
	"\"ids\":{\"read-only\":\"a_r\",\"modify\":\"a_m\"},"
	"\"read_probe\":{\"method\":\"GET\",\"path\":\"/v3/a\",\"why\":\"lists\",\"held\":[200],\"documented\":[200],"
	"\"also_granted_by\":[\"b\"],\"source\":\"s\"},"
	"\"write_probe\":{\"method\":\"PUT\",\"path\":\"/v3/a/0\",\"body\":\"{}\",\"held\":[404],\"documented\":[200],"
	"\"why\":\"w\",\"also_granted_by\":[\"b\"],\"source\":\"s\","
	"\"safe_because\":{\"case\":\"no-such-resource\",\"argument\":\"a 0\"}}},"
	"{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\",\"read-only\",\"modify\"],"
	"\"ids\":{\"read-only\":\"b_r\",\"modify\":\"b_m\"},"
	"\"read_probe\":{\"method\":\"GET\",\"path\":\"/v3/b\",\"why\":\"lists\",\"held\":[200],\"documented\":[200],\"source\":\"s\"},"
	"\"write_probe\":{\"method\":\"PUT\",\"path\":\"/v3/b/0\",\"body\":\"{}\",\"held\":[404],\"documented\":[200],"
	"\"why\":\"w\",\"source\":\"s\",\"safe_because\":{\"case\":\"no-such-resource\",\"argument\":\"b 0\"}}},"
	"{\"key\":\"c\",\"name\":\"C\",\"what\":\"w\",\"levels\":[\"none\",\"create\"],\"ids\":{\"create\":\"c_c\"},"
	"\"write_probe\":{\"method\":\"POST\",\"path\":\"/v3/c\",\"body\":\"{\\\"order\\\":{\\\"id\\\":0}}\","
	"\"held\":[422],\"documented\":[200,422],\"why\":\"w\",\"source\":\"s\","
	"\"safe_because\":{\"case\":\"no-such-resource\",\"argument\":\"order 0\"}}},"
	"{\"key\":\"d\",\"name\":\"D\",\"what\":\"w\",\"levels\":[\"none\",\"login\"],\"ids\":{\"login\":\"d_l\"},"
	"\"unverifiable\":\"no request shows it\"}]}";

#define H EV_HELD
#define M EV_MISSING
#define U EV_UNKNOWN
#define N EV_NOT_SENT
#define A EV_ACCEPTED

struct scope_case {
	enum ev_outcome a_r, a_w, b_r, b_w, c_w; /* the raw outcomes */
	int scope, granted, at_least, unexpected;
	const char *text; /* a part of the scope's text, or NULL */
};

static void test_scopes(void **state)
{
	static const struct scope_case cases[] = {
		/* a, with b proven absent: its own answers decide. */
		{H, H, M, M, N, 0, 2, 0, 0, "GET /v3/a -> 200; PUT /v3/a/0 -> 404"},
		{H, M, M, M, N, 0, 1, 0, 0, NULL},
		{H, N, M, N, N, 0, 1, 1, 0, "the higher level was not probed"},
		{H, U, M, M, N, 0, 1, 1, 1, "the higher level is unknown"},
		{H, A, M, M, N, 0, 1, 1, 1, NULL},
		{M, N, M, N, N, 0, 0, 0, 0, NULL},
		{M, M, M, M, N, 0, 0, 0, 0, NULL},
		{M, H, M, M, N, 0, LEVEL_UNKNOWN, 0, 1, "contradict"},
		{U, M, M, M, N, 0, LEVEL_UNKNOWN, 0, 1, NULL},
		{U, N, M, N, N, 0, LEVEL_UNKNOWN, 0, 1, NULL},
		{N, N, M, N, N, 0, LEVEL_UNKNOWN, 0, 0, "not probed"},
		/* b may open a's endpoints: then a's "held" cannot be told apart. */
		{H, H, H, H, N, 0, LEVEL_UNKNOWN, 0, 0, "B opens it too: cannot tell them apart"},
		{H, N, U, N, N, 0, LEVEL_UNKNOWN, 0, 0, "B opens it too"},
		{H, N, N, N, N, 0, LEVEL_UNKNOWN, 0, 0, NULL},
		/* b read-only (its write refused) cannot open a's write. */
		{H, H, H, M, N, 0, 2, 0, 0, NULL},
		{M, N, H, M, N, 0, 0, 0, 0, NULL},
		/* b's own verdicts do not depend on a. */
		{H, H, H, M, N, 1, 1, 0, 0, NULL},
		{N, N, H, H, N, 1, 2, 0, 0, NULL},
		/* c: a write-only scope with two levels. */
		{N, N, N, N, H, 2, 1, 0, 0, "POST /v3/c -> "},
		{N, N, N, N, M, 2, 0, 0, 0, NULL},
		{N, N, N, N, U, 2, LEVEL_UNKNOWN, 0, 1, NULL},
		{N, N, N, N, A, 2, LEVEL_UNKNOWN, 0, 1, NULL},
		/* d: nothing to send; the reason stands in. */
		{N, N, N, N, N, 3, LEVEL_UNKNOWN, 0, 0, "no request shows it"},
	};
	struct scope_catalogue cat;
	struct bc_err err;
	size_t i;

	(void)state;
	if (scopes_parse(catalogue, &cat, &err) != BC_OK)
		fail_msg("%s", err.msg);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct scope_case *c = &cases[i];
		struct scope_evidence ev[4];
		const struct {
			int scope, k;
			enum ev_outcome o;
			long status;
		} set[] = {{0, 0, c->a_r, 200},
			   {0, 1, c->a_w, 404},
			   {1, 0, c->b_r, 200},
			   {1, 1, c->b_w, 404},
			   {2, 1, c->c_w, 422}};
		size_t k;

		memset(ev, 0, sizeof ev);
		for (k = 0; k < sizeof set / sizeof set[0]; k++) {
			struct probe_answer *pa = &ev[set[k].scope].probe[set[k].k];
			const struct scope_probe *p = set[k].k ? &cat.scopes[set[k].scope].write
							       : &cat.scopes[set[k].scope].read;
			pa->outcome = set[k].o;
			if (set[k].o == N)
				continue;
			pa->status = set[k].o == M ? 403 : set[k].o == A ? 201 : set[k].status;
			snprintf(pa->request, sizeof pa->request, "%s %s", p->method, p->path);
			snprintf(pa->meaning, sizeof pa->meaning, "%s",
				 evidence_outcome_word(set[k].o));
		}
		evidence_scope(&cat, c->scope, ev);
		if (ev[c->scope].granted != c->granted || ev[c->scope].at_least != c->at_least ||
		    ev[c->scope].unexpected != c->unexpected)
			fail_msg(
				"case %zu: granted %d at_least %d unexpected %d, expected %d %d %d (%s)",
				i, ev[c->scope].granted, ev[c->scope].at_least,
				ev[c->scope].unexpected, c->granted, c->at_least, c->unexpected,
				ev[c->scope].text);
		if (c->text && !strstr(ev[c->scope].text, c->text))
			fail_msg("case %zu: '%s' lacks '%s'", i, ev[c->scope].text, c->text);
	}
	scopes_free(&cat);
}

static void test_missing_scope_body(void **state)
{
	(void)state;
	assert_true(evidence_missing_scope_body(SCOPE_403, strlen(SCOPE_403)));
	assert_false(evidence_missing_scope_body("", 0));
	assert_false(evidence_missing_scope_body(NULL, 0));
	assert_false(evidence_missing_scope_body("scope", 5));
	assert_false(evidence_missing_scope_body("{\"title\":\"Forbidden\"}", 21));
	assert_false(evidence_missing_scope_body("{\"title\":7}", 11));
	assert_false(evidence_missing_scope_body("[]", 2));
}

/* --explain's line for an answer: one plain sentence about the status seen,
 * never another status ("404 when held") nor this one twice. */
static void test_answer_text(void **state)
{
	static const struct scope_probe orders_write = {
		.method = "PUT",
		.path = "/v2/orders/0",
		.why = "updates order 0: 404 when Orders modify is held",
		.held = {400, 404},
		.documented = {200, 400, 404},
		.id_in_path = 1};
	static const struct {
		const struct scope_probe *p;
		int is_write;
		long status;
		const char *body, *want;
	} cases[] = {
		{&orders_write, 1, 404, "[{\"status\":404}]", "-> 404: held (updates order 0)"},
		{&orders_write, 1, 400, "[{\"status\":400}]", "-> 400: held (updates order 0)"},
		{&list, 0, 200, "[{\"id\":1}]", "-> 200: held (lists at most one order)"},
		{&list, 0, 403, SCOPE_403, "-> 403: not held (BigCommerce's missing-scope answer)"},
		{&list, 0, 404, "{\"status\":404}",
		 "-> 404: unknown (where a list was expected: no endpoint answers at this path "
		 "(BigCommerce removes unused ones))"},
		{&list, 0, 422, "{}",
		 "-> 422: unknown (an answer BigCommerce does not document for this request: the docs "
		 "do not decide)"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ev_answer a = {.status = cases[i].status,
				      .content_type = JSON,
				      .body = cases[i].body,
				      .body_len = strlen(cases[i].body)};
		struct probe_answer pa;
		char line[EV_MEANING_MAX + 64];
		evidence_judge(cases[i].p, cases[i].is_write, &a, &pa);
		evidence_answer_text(&pa, line, sizeof line);
		if (strcmp(line, cases[i].want) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, line, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_missing_scope_body),
		cmocka_unit_test(test_answer_text),
	};
	mem_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
