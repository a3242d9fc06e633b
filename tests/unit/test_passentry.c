/* A profile as a pass entry: written, read back, and what a person may have
 * done to it in between. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bcsetup/mem.h"
#include "bcsetup/passentry.h"
#include "bcsetup/scopes.h"

#define TOKEN  "k2p0q8r7s6t5u4v3w2x1y0z9a8b7c6d"
#define CLIENT "m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b"
#define SECRET "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define PATH   "https://api.bigcommerce.com/stores/wyiiub56c0/v3/"

static cJSON *profile(void)
{
	return cJSON_Parse("{\"name\": \"shop\", \"store_hash\": \"wyiiub56c0\", "
			   "\"api_path\": \"" PATH "\", \"client_id\": \"" CLIENT "\", "
			   "\"client_secret\": \"" SECRET "\", \"access_token\": \"" TOKEN "\", "
			   "\"account_name\": \"Order Time\", \"target\": \"ordertime\", "
			   "\"caps\": \"import-orders\", \"required\": {\"orders\": "
			   "\"read-only\", \"products\": \"modify\"}, \"created\": 1, "
			   "\"last_check\": {\"ok\": true}, \"history\": []}");
}

static void test_round_trip(void **state)
{
	cJSON *p = profile();
	struct passentry e;
	struct bc_err err;
	char *text;
	size_t len;

	(void)state;
	assert_int_equal(passentry_format(p, "9.9", &text, &len, &err), BC_OK);
	assert_string_equal(text, TOKEN "\n"
					"store_hash: wyiiub56c0\n"
					"api_path: " PATH "\n"
					"client_id: " CLIENT "\n"
					"client_secret: " SECRET "\n"
					"account_name: Order Time\n"
					"target: ordertime\n"
					"caps: import-orders\n"
					"required: orders=read-only products=modify\n"
					"exported_by: bcsetup 9.9\n");
	assert_int_equal(len, strlen(text));
	assert_int_equal(passentry_parse(text, len, "entry", &e, &err), BC_OK);
	assert_string_equal(e.cr.access_token, TOKEN);
	assert_string_equal(e.cr.client_id, CLIENT);
	assert_string_equal(e.cr.client_secret, SECRET);
	assert_string_equal(e.cr.api_path, PATH);
	assert_string_equal(e.cr.account_name, "Order Time");
	assert_string_equal(e.cr.path.hash, "wyiiub56c0");
	assert_string_equal(e.target, "ordertime");
	assert_string_equal(e.caps, "import-orders");
	assert_true(e.has_required);
	assert_string_equal(e.required, "orders=read-only products=modify");
	credentials_clear(&e.cr);
	secret_free(text);
	cJSON_Delete(p);
}

static void test_format_refuses(void **state)
{
	cJSON *p = profile();
	struct bc_err err;
	char *text = NULL;
	size_t len;

	(void)state;
	cJSON_ReplaceItemInObject(p, "account_name", cJSON_CreateString("two\nlines"));
	assert_int_equal(passentry_format(p, "1", &text, &len, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "account_name holds a line break"));
	assert_null(text);
	cJSON_DeleteItemFromObject(p, "access_token");
	assert_int_equal(passentry_format(p, "1", &text, &len, &err), BC_ERR_INPUT);
	cJSON_Delete(p);
}

/* What people do to entries that should still read. */
static void test_parse_tolerates(void **state)
{
	static const char text[] = "  " TOKEN " \r\n\r\n"
				   "url: https://store-wyiiub56c0.mybigcommerce.com/\r\n"
				   "client_secret:" SECRET "\r\n"
				   "API PATH is below\r\n"
				   "api_path:   " PATH "\t\r\n"
				   "client_id: " CLIENT "\r\n"
				   "remember: rotate in March";
	struct passentry e;
	struct bc_err err;

	(void)state;
	assert_int_equal(passentry_parse(text, strlen(text), "entry", &e, &err), BC_OK);
	assert_string_equal(e.cr.access_token, TOKEN);
	assert_string_equal(e.cr.client_secret, SECRET);
	assert_string_equal(e.cr.api_path, PATH);
	assert_null(e.cr.account_name);
	assert_string_equal(e.target, "");
	assert_false(e.has_required);
	credentials_clear(&e.cr);
}

static void test_parse_refuses(void **state)
{
	static const struct {
		const char *text, *says;
	} bad[] = {
		{"", "is empty"},
		{"\napi_path: " PATH, "empty first line"},
		{"hunter2\nurl: https://example.invalid/\n", "has no api_path line"},
		{TOKEN "\napi_path: " PATH "\nclient_id: " CLIENT "\n",
		 "has no client_secret line"},
		{TOKEN "\napi_path: " PATH "\nclient_id: " CLIENT "\nclient_secret: " SECRET
		       "\nclient_id: " CLIENT "\n",
		 "gives client_id twice (line 5)"},
		{TOKEN "\napi_path: " PATH "\nclient_id: " CLIENT "\nclient_secret: " SECRET
		       "\nstore_hash: abc123\n",
		 "store_hash says abc123 but the API path is store wyiiub56c0"},
		{"tooshort\napi_path: " PATH "\nclient_id: " CLIENT "\nclient_secret: " SECRET "\n",
		 "entry: "},
		{TOKEN "\napi_path: https://example.com/x\nclient_id: " CLIENT
		       "\nclient_secret: " SECRET "\n",
		 "entry: "},
	};
	struct passentry e;
	struct bc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(
			passentry_parse(bad[i].text, strlen(bad[i].text), "entry", &e, &err),
			BC_ERR_INPUT);
		if (!strstr(err.msg, bad[i].says))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, bad[i].says);
		assert_null(strstr(err.msg, "tooshort"));
		assert_null(strstr(err.msg, SECRET));
		assert_null(e.cr.access_token);
	}
	assert_int_equal(passentry_parse("a\0b", 3, "entry", &e, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "NUL"));
}

static void test_levels(void **state)
{
	struct scope_catalogue cat;
	struct bc_err err;
	int levels[SCOPES_MAX], o, p, n = 0, i;
	char note[64];

	(void)state;
	assert_int_equal(scopes_load(&cat, &err), BC_OK);
	o = scopes_find(&cat, "orders");
	p = scopes_find(&cat, "products");
	assert_int_equal(passentry_levels("orders=read-only  products=modify novelty=read-only",
					  &cat, levels, note, sizeof note, &err),
			 BC_OK);
	assert_int_equal(levels[o], scope_level(&cat.scopes[o], "read-only"));
	assert_int_equal(levels[p], scope_level(&cat.scopes[p], "modify"));
	for (i = 0; i < cat.n; i++)
		n += levels[i] > 0;
	assert_int_equal(n, 2);
	assert_string_equal(note, "novelty");
	assert_int_equal(
		passentry_levels("orders=everything", &cat, levels, note, sizeof note, &err),
		BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "orders has no level 'everything' (it has none, "));
	assert_int_equal(passentry_levels("orders", &cat, levels, NULL, 0, &err), BC_ERR_INPUT);
	assert_int_equal(passentry_levels("=modify", &cat, levels, NULL, 0, &err), BC_ERR_INPUT);
	assert_int_equal(passentry_levels("", &cat, levels, NULL, 0, &err), BC_OK);
	scopes_free(&cat);
}

static void test_names(void **state)
{
	static const char *const good[] = {"bcsetup/shop", "agency/clients/shop-2", "a", "x.y/z_w"};
	static const char *const bad[] = {"",          "/abs",   "a//b",       "a/", "../up",
					  "a/.hidden", "sp ace", "semi;colon", "-e", "a/-x"};
	struct bc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(passentry_name_check(good[i], &err), BC_OK);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (passentry_name_check(bad[i], &err) == BC_OK)
			fail_msg("'%s' was accepted", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_format_refuses),
		cmocka_unit_test(test_parse_tolerates), cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_levels),          cmocka_unit_test(test_names),
	};
	mem_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
