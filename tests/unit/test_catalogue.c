/* The scope catalogue and the targets as shipped, and the loader's checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bcsetup/mem.h"
#include "bcsetup/scopes.h"
#include "bcsetup/targets.h"

static struct scope_catalogue cat;
static struct target_list tl;

static int setup(void **state)
{
	struct bc_err err;

	(void)state;
	if (scopes_load(&cat, &err) != BC_OK || targets_load(&cat, &tl, &err) != BC_OK) {
		print_error("%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	targets_free(&tl);
	scopes_free(&cat);
	return 0;
}

static void test_shipped_catalogue(void **state)
{
	int i, j, l, m;

	(void)state;
	assert_int_equal(cat.n, 27);
	/* Control-panel order. */
	assert_string_equal(cat.scopes[0].name, "Content");
	assert_string_equal(cat.scopes[6].name, "Orders");
	assert_string_equal(cat.scopes[11].name, "Products");
	assert_string_equal(cat.scopes[26].name, "Metafields Access");
	for (i = 0; i < cat.n; i++) {
		const struct scope *s = &cat.scopes[i];
		assert_true(strlen(s->what) > 10);
		if (s->write.method) {
			assert_string_equal(s->write.method, "POST");
			assert_string_equal(s->write.body, "{}");
			assert_true(strlen(s->write.why) > 20);
		}
		if (s->read.method)
			assert_string_equal(s->read.method, "GET");
		for (j = 0; j < i; j++)
			for (l = 1; l < s->nlevels; l++)
				for (m = 1; m < cat.scopes[j].nlevels; m++)
					assert_string_not_equal(s->ids[l], cat.scopes[j].ids[m]);
	}
	i = scopes_find(&cat, "orders");
	assert_int_equal(i, 6);
	assert_string_equal(cat.scopes[i].ids[1], "store_v2_orders_read_only");
	assert_string_equal(cat.scopes[i].ids[2], "store_v2_orders");
	assert_int_equal(scopes_find_id(&cat, "store_themes_manage", &i, &l), 0);
	assert_string_equal(cat.scopes[i].name, "Themes");
	assert_int_equal(l, 2);
	assert_int_equal(scopes_find_id(&cat, "store_checkouts", &i, &l), -1);
	/* Checkout Content's probes also pass with Content. */
	i = scopes_find(&cat, "checkout_content");
	assert_int_equal(cat.scopes[i].read.also_granted_by, scopes_find(&cat, "content"));
	/* Levels no request can show are declared, with a reason. */
	assert_non_null(cat.scopes[scopes_find(&cat, "customers_login")].unverifiable);
	assert_non_null(cat.scopes[scopes_find(&cat, "metafields_access")].unverifiable);
}

static void test_shipped_targets(void **state)
{
	const struct target *t;
	int lv[64];

	(void)state;
	assert_int_equal(tl.n, 5);
	t = targets_find(&tl, "cenports");
	assert_non_null(t);
	target_required(t, &cat, 0, lv);
	assert_string_equal(cat.scopes[scopes_find(&cat, "orders")].levels[lv[6]], "modify");
	assert_int_equal(lv[scopes_find(&cat, "products")], 2);
	assert_int_equal(lv[scopes_find(&cat, "information")], 1);
	assert_int_equal(lv[scopes_find(&cat, "customers")], 0);
	assert_non_null(targets_find(&tl, "onport")->derived);
	assert_null(t->derived);

	t = targets_find(&tl, "ordertime");
	assert_int_equal(t->ncaps, 3);
	target_required(t, &cat, 1u << 0, lv);
	assert_int_equal(lv[scopes_find(&cat, "orders")], 1);
	assert_int_equal(lv[scopes_find(&cat, "customers")], 1);
	target_required(t, &cat, 7u, lv);
	assert_int_equal(lv[scopes_find(&cat, "orders")], 2);
	assert_int_equal(lv[scopes_find(&cat, "products")], 2);
	assert_int_equal(lv[scopes_find(&cat, "customers")], 1);
	assert_int_equal(target_caps_parse(t, "update-inventory,import-orders", NULL), 3);
	assert_int_equal(target_caps_parse(t, "fly", NULL), -1);
	/* Order Time's password is the API path without /v3/. */
	assert_int_equal(t->variants[0].fields[2].source, SRC_STORE_ROOT);
	assert_string_equal(t->variants[0].fields[2].label, "Password");
	assert_int_equal(targets_find(&tl, "celigo")->nvariants, 2);
	assert_null(targets_find(&tl, "shopify"));
}

struct broken {
	const char *json, *reason;
};

#define SCOPE_OK(k) "{\"key\":\"" k "\",\"name\":\"A\",\"what\":\"w\",\"levels\":[\"none\",\"read-only\"]," \
		 "\"ids\":{\"read-only\":\"id_a\"},\"read_probe\":{\"method\":\"GET\",\"path\":" \
		 "\"/v3/a\",\"why\":\"lists\"}}"

static void test_broken_catalogues(void **state)
{
	static const struct broken cases[] = {
		{"not json", "not valid JSON"},
		{"{}", "no 'scopes'"},
		{"{\"scopes\":[{\"key\":\"a\"}]}", "scope #1 needs"},
		{"{\"scopes\":[" SCOPE_OK("a") "," SCOPE_OK("a") "]}", "key 'a' appears twice"},
		{"{\"scopes\":[" SCOPE_OK("a") "," SCOPE_OK("b") "]}",
		 "id 'id_a' is used by both 'a' and 'b'"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"huge\"],\"ids\":{}}]}",
		 "unknown level 'huge'"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"read-only\"],\"ids\":{}}]}",
		 "no id for level 'read-only'"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"read-only\"],\"ids\":{\"read-only\":\"x\"}}]}",
		 "no probe and no 'unverifiable'"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"modify\"],\"ids\":{\"modify\":\"x\"},\"write_probe\":{\"method\":\"DELETE\","
		 "\"path\":\"/v3/b/1\",\"why\":\"w\"}}]}",
		 "must be a POST"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"modify\"],\"ids\":{\"modify\":\"x\"},\"write_probe\":{\"method\":\"POST\","
		 "\"path\":\"/v3/b\",\"body\":\"{\\\"name\\\":1}\",\"why\":\"w\"}}]}",
		 "empty body"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"modify\"],\"ids\":{\"modify\":\"x\"},\"write_probe\":{\"method\":\"POST\","
		 "\"path\":\"/v3/b\",\"body\":\"{}\"}}]}",
		 "needs a method, a path and a why"},
	};
	struct scope_catalogue c;
	struct bc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (scopes_parse(cases[i].json, &c, &err) == BC_OK)
			fail_msg("case %zu accepted", i);
		if (!strstr(err.msg, cases[i].reason))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].reason);
	}
}

static void test_broken_targets(void **state)
{
	static const struct broken cases[] = {
		{"{\"targets\":[{\"key\":\"x\",\"name\":\"X\",\"summary\":\"s\",\"account_name\":"
		 "\"a\",\"where\":\"w\",\"required\":{\"nosuch\":\"modify\"}}]}",
		 "requires scope 'nosuch'"},
		{"{\"targets\":[{\"key\":\"x\",\"name\":\"X\",\"summary\":\"s\",\"account_name\":"
		 "\"a\",\"where\":\"w\",\"required\":{\"orders\":\"manage\"}}]}",
		 "has no level 'manage'"},
		{"{\"targets\":[{\"key\":\"x\",\"name\":\"X\",\"summary\":\"s\",\"account_name\":"
		 "\"a\",\"where\":\"w\",\"required\":{}}]}",
		 "no hand-off"},
		{"{\"targets\":[{\"key\":\"x\",\"name\":\"X\",\"summary\":\"s\",\"account_name\":"
		 "\"a\",\"where\":\"w\",\"handoff\":[{\"key\":\"k\",\"name\":\"n\",\"fields\":[{"
		 "\"label\":\"Token\",\"from\":\"access_token\"}]}]}]}",
		 "not marked secret"},
	};
	struct target_list t;
	struct bc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (targets_parse(cases[i].json, &cat, &t, &err) == BC_OK)
			fail_msg("case %zu accepted", i);
		if (!strstr(err.msg, cases[i].reason))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].reason);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_catalogue),
		cmocka_unit_test(test_shipped_targets),
		cmocka_unit_test(test_broken_catalogues),
		cmocka_unit_test(test_broken_targets),
	};
	mem_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
