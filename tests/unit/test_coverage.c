/* Coverage verdicts from required levels and probe evidence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bcsetup/coverage.h"
#include "bcsetup/mem.h"

static struct scope_catalogue cat;

static int setup(void **state)
{
	struct bc_err err;

	(void)state;
	return scopes_load(&cat, &err) == BC_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	scopes_free(&cat);
	return 0;
}

/* One scope's verdict for a required level and evidence. */
static enum coverage_verdict one(int req, int granted, int at_least)
{
	int required[64] = {0};
	struct scope_evidence ev[64];
	struct coverage cov;
	int i, o = scopes_find(&cat, "orders");

	for (i = 0; i < cat.n; i++)
		ev[i] = (struct scope_evidence){.granted = 0};
	required[o] = req;
	ev[o].granted = granted;
	ev[o].at_least = at_least;
	coverage_compute(&cat, required, ev, &cov);
	return cov.rows[o].verdict;
}

static void test_verdicts(void **state)
{
	(void)state;
	assert_int_equal(one(2, 2, 0), COV_COVERED);
	assert_int_equal(one(1, 1, 1), COV_COVERED);
	assert_int_equal(one(1, 2, 0), COV_COVERED);
	assert_int_equal(one(2, 0, 0), COV_MISSING);
	assert_int_equal(one(1, 0, 0), COV_MISSING);
	assert_int_equal(one(2, 1, 0), COV_INSUFFICIENT);
	assert_int_equal(one(2, 1, 1), COV_UNKNOWN);
	assert_int_equal(one(2, LEVEL_UNKNOWN, 0), COV_UNKNOWN);
	assert_int_equal(one(0, 2, 0), COV_EXTRA);
	assert_int_equal(one(0, 1, 1), COV_EXTRA);
	assert_int_equal(one(0, 0, 0), COV_NOT_NEEDED);
	assert_int_equal(one(0, LEVEL_UNKNOWN, 0), COV_NOT_NEEDED);
}

static void test_totals_and_advice(void **state)
{
	int required[64] = {0};
	struct scope_evidence ev[64];
	struct coverage cov;
	int i, o = scopes_find(&cat, "orders"), p = scopes_find(&cat, "products");
	int in = scopes_find(&cat, "information"), t = scopes_find(&cat, "themes");
	int cl = scopes_find(&cat, "customers_login");

	(void)state;
	for (i = 0; i < cat.n; i++)
		ev[i] = (struct scope_evidence){.granted = 0};
	required[o] = 2;
	required[p] = 2;
	required[in] = 1;
	required[cl] = 1;
	ev[o].granted = 2;
	ev[p].granted = 1;
	ev[in].granted = 1;
	ev[in].at_least = 1;
	ev[t].granted = 1;
	ev[cl].granted = LEVEL_UNKNOWN;
	coverage_compute(&cat, required, ev, &cov);
	assert_int_equal(cov.n, cat.n);
	assert_int_equal(cov.failing, 1);
	assert_int_equal(cov.unverified, 1);
	assert_int_equal(cov.extra, 1);
	assert_int_equal(cov.rows[p].verdict, COV_INSUFFICIENT);
	assert_non_null(strstr(cov.rows[p].advice, "replacement API account"));
	assert_null(cov.rows[o].advice);
	assert_int_equal(coverage_fails(COV_MISSING), 1);
	assert_int_equal(coverage_fails(COV_UNKNOWN), 0);
	assert_string_equal(coverage_symbol(COV_MISSING, 0), "XX");
	assert_string_equal(coverage_word(COV_UNKNOWN), "cannot be verified");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_totals_and_advice),
	};
	mem_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
