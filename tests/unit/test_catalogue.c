/* The scope catalogue and the targets as shipped, and the loader's checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* This test's own reading of the rule, apart from the loader's: every id a
 * write names (a path segment of digits or a UUID, or an "id" in the body)
 * is 0 or the nil UUID, and the write names one, or sends an empty list. */
static int write_is_harmless(const char *path, const char *body)
{
	static const char nil[] = "00000000-0000-0000-0000-000000000000";
	const char *p = path;
	int names_nothing = 0;

	while ((p = strchr(p, '/'))) {
		size_t n = strcspn(++p, "/?"), k, digits = 0;
		for (k = 0; k < n; k++)
			digits += p[k] >= '0' && p[k] <= '9';
		if (n == 36 && strncmp(p, nil, n) != 0 && p[8] == '-')
			return 0;
		if (n == 36 && strncmp(p, nil, n) == 0)
			names_nothing = 1;
		if (n && digits == n) {
			if (n != 1 || *p != '0')
				return 0;
			names_nothing = 1;
		}
	}
	for (p = body; (p = strstr(p, "id\":")); p += 4)
		if (p[4] != '0' || (p[5] >= '0' && p[5] <= '9'))
			return 0;
	return names_nothing || strstr(body, "id\":0") || strstr(body, "[]");
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
			assert_true(strcmp(s->write.method, "POST") == 0 ||
				    strcmp(s->write.method, "PUT") == 0);
			assert_true(strlen(s->write.why) > 20);
			assert_true(strlen(s->write.safe_because) > 20);
			assert_non_null(s->write.source);
			assert_int_not_equal(s->write.safety, SAFE_NONE);
			/* Never body-only: every write is harmless even if accepted. */
			assert_int_not_equal(s->write.safety, SAFE_BODY_ONLY);
			assert_true(write_is_harmless(s->write.path, s->write.body));
			for (j = 0; j < PROBE_MAX_HELD && s->write.held[j]; j++)
				assert_true(s->write.held[j] >= 400 && s->write.held[j] != 403);
		}
		if (s->read.method) {
			assert_string_equal(s->read.method, "GET");
			assert_null(s->read.body);
			assert_true(s->read.held[0] >= 200);
			assert_non_null(s->read.source);
		}
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
	assert_int_equal(cat.scopes[i].read.nalso, 1);
	assert_int_equal(cat.scopes[i].read.also_granted_by[0], scopes_find(&cat, "content"));
	/* Sites and the two channel scopes share their documented endpoints. */
	i = scopes_find(&cat, "sites");
	assert_int_equal(cat.scopes[i].read.nalso, 2);
	/* One rule for shared endpoints: the scopes BigCommerce gives the
	 * operation's resource. The channel list and listings are each one
	 * scope's (api-accounts.mdx), and so are stored instruments; a POST is
	 * never opened by a read-only scope, so Create Payments is its own. */
	assert_int_equal(cat.scopes[scopes_find(&cat, "channel_settings")].read.nalso, 0);
	assert_int_equal(cat.scopes[scopes_find(&cat, "channel_listings")].read.nalso, 0);
	assert_int_equal(cat.scopes[scopes_find(&cat, "stored_instruments")].read.nalso, 0);
	assert_int_equal(cat.scopes[scopes_find(&cat, "create_payments")].write.nalso, 0);
	assert_int_equal(cat.scopes[scopes_find(&cat, "customers")].read.nalso, 0);
	assert_int_equal(cat.scopes[scopes_find(&cat, "carts")].read.nalso, 0);
	assert_int_equal(cat.scopes[scopes_find(&cat, "checkouts")].read.nalso, 0);
	/* Every held answer is one the reference documents for the operation,
	 * or the 404 of an id that cannot exist, named in the path. */
	for (i = 0; i < cat.n; i++) {
		const struct scope_probe *pp[2] = {&cat.scopes[i].read, &cat.scopes[i].write};
		for (l = 0; l < 2; l++) {
			if (!pp[l]->method)
				continue;
			assert_non_null(pp[l]->source);
			assert_true(pp[l]->documented[0] > 0);
			for (j = 0; j < PROBE_MAX_HELD && pp[l]->held[j]; j++)
				if (!probe_documents(pp[l], pp[l]->held[j]) &&
				    !(pp[l]->held[j] == 404 && pp[l]->id_in_path))
					fail_msg("%s %s holds %d, undocumented", pp[l]->method,
						 pp[l]->path, pp[l]->held[j]);
			/* A write held by nothing says why the docs leave it open. */
			if (!pp[l]->held[0])
				assert_non_null(pp[l]->undecided);
		}
	}
	/* The six collection writes a removed endpoint would have passed. */
	for (i = 0; i < cat.n; i++)
		if (cat.scopes[i].write.method && !cat.scopes[i].write.id_in_path)
			assert_false(probe_holds(&cat.scopes[i].write, 404) &&
				     !probe_documents(&cat.scopes[i].write, 404));
	assert_false(probe_holds(&cat.scopes[scopes_find(&cat, "customers")].write, 404));
	assert_false(probe_holds(&cat.scopes[scopes_find(&cat, "store_locations")].write, 404));
	assert_false(probe_holds(&cat.scopes[scopes_find(&cat, "storefront_tokens")].write, 404));
	assert_false(probe_holds(&cat.scopes[scopes_find(&cat, "stored_instruments")].read, 422));
	/* An adjustment by an empty list is valid by the schema (no minItems):
	 * the probe names a product and location that cannot exist instead. */
	assert_null(strstr(cat.scopes[scopes_find(&cat, "store_inventory")].write.body, "[]"));
	assert_non_null(cat.scopes[scopes_find(&cat, "fulfillment_methods")].unverifiable);
	/* No deprecated endpoint is a probe any more. */
	for (i = 0; i < cat.n; i++) {
		assert_true(!cat.scopes[i].read.path ||
			    !strstr(cat.scopes[i].read.path, "/v2/pages"));
		assert_true(!cat.scopes[i].read.path ||
			    !strstr(cat.scopes[i].read.path, "/v2/payments/methods"));
	}
	/* Levels no request can show are declared, with a reason. */
	assert_non_null(cat.scopes[scopes_find(&cat, "customers_login")].unverifiable);
	assert_non_null(cat.scopes[scopes_find(&cat, "metafields_access")].unverifiable);
}

static void test_shipped_targets(void **state)
{
	const struct target *t;
	int lv[64];

	(void)state;
	/* The integrations bcsetup is made for, by name: another target added
	 * to the file changes nothing here. */
	assert_non_null(targets_find(&tl, "onport"));
	assert_non_null(targets_find(&tl, "celigo"));
	assert_non_null(targets_find(&tl, "custom"));
	t = targets_find(&tl, "cenports");
	assert_non_null(t);
	target_required(t, &cat, 0, lv);
	assert_string_equal(
		cat.scopes[scopes_find(&cat, "orders")].levels[lv[scopes_find(&cat, "orders")]],
		"modify");
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
	assert_int_equal(targets_find(&tl, "celigo")->nvariants, 3);
	assert_true(targets_find(&tl, "celigo")->variants[2].app);
	assert_null(targets_find(&tl, "shopify"));
	/* The notes say whose words they are; BigCommerce's come with a source. */
	t = targets_find(&tl, "ordertime");
	assert_int_equal(t->notes[0].from, NOTE_GUIDE);
	assert_int_equal(t->notes[1].from, NOTE_BIGCOMMERCE);
	assert_non_null(strstr(t->notes[1].text, "no longer issues legacy API Accounts"));
	assert_non_null(t->notes[1].source);
	assert_non_null(strstr(targets_find(&tl, "cenports")->where, "integrations@cenports.com"));
}

struct broken {
	const char *json, *reason;
};

#define SCOPE_OK(k)                                                                             \
	"{\"key\":\"" k "\",\"name\":\"A\",\"what\":\"w\",\"levels\":[\"none\",\"read-only\"]," \
	"\"ids\":{\"read-only\":\"id_a\"},\"read_probe\":{\"method\":\"GET\",\"path\":"         \
	"\"/v3/a\",\"why\":\"lists\",\"held\":[200],\"documented\":[200]}}"

#define SAFE_NR "\"safe_because\":{\"case\":\"no-such-resource\",\"argument\":\"nothing\"},"
#define SAFE_EB "\"safe_because\":{\"case\":\"empty-batch\",\"argument\":\"nothing\"},"
#define SAFE_BO "\"safe_because\":{\"case\":\"body-only\",\"argument\":\"nothing\"},"
/* A one-scope catalogue whose write probe is METHOD PATH BODY, the
 * reference documenting DOC for it. */
#define WPD(method, path, body, held, doc, safe)                                               \
	"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","      \
	"\"modify\"],\"ids\":{\"modify\":\"x\"},\"write_probe\":{\"method\":\"" method         \
	"\",\"path\":\"" path "\",\"body\":\"" body "\",\"held\":" held ",\"documented\":" doc \
	",\"why\":\"w\"," safe "\"source\":\"s\"}}]}"
#define WP(method, path, body, held, safe) WPD(method, path, body, held, "[200,404,422]", safe)

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
		{WP("DELETE", "/v3/b/0", "{}", "[404]", SAFE_NR), "must be a POST or a PUT"},
		{WP("POST", "/v3/b", "{}", "[422]", ""), "needs safe_because"},
		{WP("PUT", "/v3/b/1", "{}", "[404]", SAFE_NR), "an id that could exist"},
		{WP("PUT", "/v3/b/00000000-0000-0000-0000-00000000000a", "{}", "[404]", SAFE_NR),
		 "an id that could exist"},
		{WP("PUT", "/v3/b", "[{\\\"id\\\":5}]", "[422]", SAFE_NR),
		 "an id that could exist"},
		{WP("POST", "/v3/b", "{\\\"order\\\":{\\\"id\\\":7}}", "[422]", SAFE_NR),
		 "an id that could exist"},
		{WP("POST", "/v3/b", "{}", "[422]", SAFE_NR), "no id 0 or nil UUID"},
		{WP("POST", "/v3/b", "{}", "[422]", SAFE_EB), "not an empty list"},
		{WP("POST", "/v3/b", "{}", "[422]", SAFE_BO), "body-only needs"},
		{WP("PUT", "/v3/b/0", "{}", "[201]", SAFE_NR), "201 cannot mean"},
		{WP("PUT", "/v3/b/0", "{}", "[404,403]", SAFE_NR), "403 cannot mean"},
		{WP("PUT", "/v3/b/0", "{}", "[]", SAFE_NR), "'held' statuses"},
		{WP("PUT", "/v3/b/0", "not json", "[404]", SAFE_NR), "body is not JSON"},
		/* Held answers are documented ones, or the 404 of an id in the path. */
		{WPD("PUT", "/v3/b", "[{\\\"id\\\":0}]", "[404,422]", "[200,422]", SAFE_NR),
		 "holds 404, which its operation does not document, on a path without an id"},
		{WPD("POST", "/v3/b", "{\\\"order\\\":{\\\"id\\\":0}}", "[400,422]", "[200,422]",
		     SAFE_NR),
		 "holds 400, which BigCommerce does not document"},
		{WPD("PUT", "/v3/b/0", "{}", "[400,404]", "[200]", SAFE_NR), "holds 400"},
		{WPD("PUT", "/v3/b/0", "{}", "[404]", "[]", SAFE_NR), "'documented' statuses"},
		{WPD("PUT", "/v3/b/0", "{}", "[404]", "[200,1000]", SAFE_NR),
		 "1000, which is no HTTP"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"modify\"],\"ids\":{\"modify\":\"x\"},\"write_probe\":{\"method\":\"POST\","
		 "\"path\":\"/v3/b\",\"body\":\"{}\"}}]}",
		 "needs a method, a path and a why"},
		{"{\"scopes\":[{\"key\":\"b\",\"name\":\"B\",\"what\":\"w\",\"levels\":[\"none\","
		 "\"read-only\"],\"ids\":{\"read-only\":\"x\"},\"read_probe\":{\"method\":\"GET\","
		 "\"path\":\"/v3/b\",\"why\":\"w\",\"held\":[200],\"documented\":[200],"
		 "\"also_granted_by\":[\"b\"]}}]}",
		 "not another scope"},
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

/* More scopes than SCOPES_MAX are refused, not written past an array. */
static void test_too_many_scopes(void **state)
{
	struct scope_catalogue c;
	struct bc_err err;
	char *json = malloc(70 * 300 + 64), *p = json;
	int i;

	(void)state;
	assert_non_null(json);
	p += sprintf(p, "{\"scopes\":[");
	for (i = 0; i < 70; i++)
		p += sprintf(p,
			     "%s{\"key\":\"s%d\",\"name\":\"S%d\",\"what\":\"w\",\"levels\":"
			     "[\"none\",\"read-only\"],\"ids\":{\"read-only\":\"id%d\"},"
			     "\"read_probe\":{\"method\":\"GET\",\"path\":\"/v3/s%d\","
			     "\"why\":\"w\",\"held\":[200],\"documented\":[200]}}",
			     i ? "," : "", i, i, i, i);
	sprintf(p, "]}");
	assert_int_equal(scopes_parse(json, &c, &err), BC_ERR_ASSET);
	assert_non_null(strstr(err.msg, "70 scopes; bcsetup handles at most 64"));
	free(json);
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
		/* Whose words a note is must be said, and BigCommerce's sourced. */
		{"{\"targets\":[{\"key\":\"x\",\"name\":\"X\",\"summary\":\"s\",\"account_name\":"
		 "\"a\",\"where\":\"w\",\"handoff\":[{\"key\":\"k\",\"name\":\"n\",\"fields\":[{"
		 "\"label\":\"Hash\",\"from\":\"store_hash\"}]}],\"notes\":[{\"from\":\"rumour\","
		 "\"text\":\"t\"}]}]}",
		 "not 'rumour'"},
		{"{\"targets\":[{\"key\":\"x\",\"name\":\"X\",\"summary\":\"s\",\"account_name\":"
		 "\"a\",\"where\":\"w\",\"handoff\":[{\"key\":\"k\",\"name\":\"n\",\"fields\":[{"
		 "\"label\":\"Hash\",\"from\":\"store_hash\"}]}],\"notes\":[{\"from\":"
		 "\"bigcommerce\",\"text\":\"t\"}]}]}",
		 "need a 'source'"},
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
		cmocka_unit_test(test_shipped_catalogue), cmocka_unit_test(test_shipped_targets),
		cmocka_unit_test(test_broken_catalogues), cmocka_unit_test(test_broken_targets),
		cmocka_unit_test(test_too_many_scopes),
	};
	mem_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
