/* Profiles: names, masking, create and update (with token history), and the
 * hand-off values each target's form gets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bcsetup/check.h"
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/text.h"

#define FILE_FOR(tok, path)                                               \
	"ACCESS TOKEN: " tok "\nCLIENT NAME: Order Time\nAPI PATH: " path \
	"\nCLIENT ID: m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b\nCLIENT SECRET: "   \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"

static struct scope_catalogue cat;
static struct target_list tl;

static int setup(void **state)
{
	struct bc_err err;

	(void)state;
	return scopes_load(&cat, &err) || targets_load(&cat, &tl, &err) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	targets_free(&tl);
	scopes_free(&cat);
	return 0;
}

static void creds(const char *text, struct credentials *c)
{
	struct bc_err err;

	if (credfile_parse(text, strlen(text), c, &err) != BC_OK)
		fail_msg("%s", err.msg);
}

static void test_names(void **state)
{
	static const char *const ok[] = {
		"shop", "Shop-2", "a.b_c", "x",
		"0123456789012345678901234567890123456789012345678901234567890123"};
	static const char *const bad[] = {
		"",
		"-x",
		".hidden",
		"with space",
		"sl/ash",
		"qu'ote",
		"caf\xc3\xa9",
		"01234567890123456789012345678901234567890123456789012345678901234"};
	struct bc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_int_equal(profile_name_check(ok[i], &err), BC_OK);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (profile_name_check(bad[i], &err) == BC_OK)
			fail_msg("'%s' accepted", bad[i]);
}

static void test_mask(void **state)
{
	char m[16];

	(void)state;
	profile_mask("abcdefgh1234", m, sizeof m);
	assert_string_equal(m, "****1234");
	profile_mask("abc", m, sizeof m);
	assert_string_equal(m, "****");
	profile_mask(NULL, m, sizeof m);
	assert_string_equal(m, "****");
}

static void test_put_and_history(void **state)
{
	cJSON *profiles = cJSON_CreateObject(), *p, *h;
	struct credentials a, b, other;
	struct bc_err err;
	int req[64] = {0}, got[64], created;

	(void)state;
	creds(FILE_FOR("k2p0q8r7s6t5u4v3w2x1y0z9a8b7c6d",
		       "https://api.bigcommerce.com/stores/abc123/v3/"),
	      &a);
	creds(FILE_FOR("n3w0q8r7s6t5u4v3w2x1y0z9a8b7c6e",
		       "https://api.bigcommerce.com/stores/abc123/v3/"),
	      &b);
	creds(FILE_FOR("k2p0q8r7s6t5u4v3w2x1y0z9a8b7c6d",
		       "https://api.bigcommerce.com/stores/zzz999/v3/"),
	      &other);
	req[scopes_find(&cat, "orders")] = 2;
	assert_int_equal(profile_put(profiles, "ot", &a, "ordertime", NULL, req, &cat, 1000, 0,
				     &created, &err),
			 BC_OK);
	assert_true(created);
	p = cJSON_GetObjectItem(profiles, "ot");
	assert_string_equal(profile_str(p, "store_hash"), "abc123");
	assert_string_equal(profile_str(p, "target"), "ordertime");
	profile_required(p, &cat, got);
	assert_int_equal(got[scopes_find(&cat, "orders")], 2);
	assert_int_equal(got[scopes_find(&cat, "products")], 0);

	/* Same token again: nothing retired. */
	assert_int_equal(
		profile_put(profiles, "ot", &a, NULL, NULL, NULL, &cat, 2000, 0, &created, &err),
		BC_OK);
	assert_false(created);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p, "history")), 0);
	/* A new token: the old one goes to the history; target and scopes stay. */
	assert_int_equal(
		profile_put(profiles, "ot", &b, NULL, NULL, NULL, &cat, 3000, 0, &created, &err),
		BC_OK);
	assert_string_equal(profile_str(p, "access_token"), b.access_token);
	assert_string_equal(profile_str(p, "target"), "ordertime");
	profile_required(p, &cat, got);
	assert_int_equal(got[scopes_find(&cat, "orders")], 2);
	h = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "history"), 0);
	assert_non_null(h);
	assert_string_equal(profile_str(h, "token_masked"), "****7c6d");
	assert_string_equal(profile_str(h, "token"), a.access_token);
	assert_string_equal(profile_str(h, "state"), "not checked");
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(h, "retired")), 3000);
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(p, "rotated")), 3000);
	/* Another store under the same name is refused. */
	assert_int_equal(profile_put(profiles, "ot", &other, NULL, NULL, NULL, &cat, 4000, 0,
				     &created, &err),
			 BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "is for store abc123"));
	/* Unless it is a correction: the store changes, nothing of the old one
	 * is kept, and a token never seen working is dropped, not retired (no
	 * account stands behind a typo). */
	assert_int_equal(profile_put(profiles, "ot", &other, NULL, NULL, NULL, &cat, 4000,
				     PROFILE_CORRECT, &created, &err),
			 BC_OK);
	assert_false(created);
	assert_string_equal(profile_str(p, "store_hash"), other.path.hash);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(p, "last_check")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(p, "store")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p, "history")), 1);
	assert_string_equal(profile_str(p, "access_token"), other.access_token);
	assert_int_equal(
		profile_put(profiles, "bad name", &a, NULL, NULL, NULL, &cat, 1, 0, &created, &err),
		BC_ERR_INPUT);
	credentials_clear(&a);
	credentials_clear(&b);
	credentials_clear(&other);
	cJSON_Delete(profiles);
}

static void test_handoff(void **state)
{
	cJSON *profiles = cJSON_CreateObject(), *p, *store;
	const struct target *ot = targets_find(&tl, "ordertime");
	const struct target *on = targets_find(&tl, "onport");
	const struct target *cen = targets_find(&tl, "cenports");
	struct credentials a;
	struct bc_err err;
	char buf[256];
	int created, i;

	(void)state;
	creds(FILE_FOR("k2p0q8r7s6t5u4v3w2x1y0z9a8b7c6d",
		       "http://127.0.0.1:8080/stores/abc123/v3/"),
	      &a);
	assert_int_equal(profile_put(profiles, "ot", &a, "ordertime", NULL, NULL, &cat, 1, 0,
				     &created, &err),
			 BC_OK);
	p = cJSON_GetObjectItem(profiles, "ot");
	/* Order Time: Password is the API path without /v3/ and no trailing slash;
	 * Website Name is the store's name, unknown before a check. */
	for (i = 0; i < ot->variants[0].nfields; i++) {
		const struct handoff_field *f = &ot->variants[0].fields[i];
		if (strcmp(f->label, "Website Name") == 0) {
			assert_int_equal(handoff_value(f, p, buf, sizeof buf), -1);
			assert_non_null(strstr(buf, "the store's name fits"));
			continue;
		}
		assert_int_equal(handoff_value(f, p, buf, sizeof buf), 0);
		if (strcmp(f->label, "Password") == 0)
			assert_string_equal(buf, "http://127.0.0.1:8080/stores/abc123");
		if (strcmp(f->label, "API Key") == 0)
			assert_string_equal(buf, a.access_token);
		if (strcmp(f->label, "Username") == 0)
			assert_string_equal(buf, a.client_id);
	}
	/* Once a check has learnt the store's name, it is the website's name. */
	for (i = 0; i < ot->variants[0].nfields; i++)
		if (strcmp(ot->variants[0].fields[i].label, "Website Name") == 0) {
			cJSON *st = cJSON_CreateObject();
			cJSON_AddStringToObject(st, "name", "Acme Outdoor");
			cJSON_ReplaceItemInObject(p, "store", st);
			assert_int_equal(
				handoff_value(&ot->variants[0].fields[i], p, buf, sizeof buf), 0);
			assert_string_equal(buf, "Acme Outdoor");
		}
	/* Onport: Authentication Type is the word Private; the Store URL is the
	 * permanent address, known from the hash, and a custom domain learnt from
	 * a check does not replace it. */
	assert_int_equal(handoff_value(&on->variants[0].fields[0], p, buf, sizeof buf), 0);
	assert_string_equal(buf, "Private");
	assert_string_equal(on->variants[0].fields[4].label, "Store URL");
	assert_int_equal(handoff_value(&on->variants[0].fields[4], p, buf, sizeof buf), 0);
	assert_string_equal(buf, "store-abc123.mybigcommerce.com");
	store = cJSON_CreateObject();
	cJSON_AddStringToObject(store, "domain", "www.acme-outdoor.com");
	cJSON_ReplaceItemInObject(p, "store", store);
	assert_int_equal(handoff_value(&on->variants[0].fields[4], p, buf, sizeof buf), 0);
	assert_string_equal(buf, "store-abc123.mybigcommerce.com");
	/* Cenports asks for the same Permanent Address. */
	assert_int_equal(handoff_value(&cen->variants[0].fields[5], p, buf, sizeof buf), 0);
	assert_string_equal(buf, "store-abc123.mybigcommerce.com");
	/* The e-mail goes where Cenports' guide says. */
	assert_int_equal(handoff_value(&cen->variants[0].fields[0], p, buf, sizeof buf), 0);
	assert_string_equal(buf, "integrations@cenports.com");
	/* Cenports' user e-mail is the user's to give. */
	assert_int_equal(handoff_value(&cen->variants[0].fields[1], p, buf, sizeof buf), -1);
	assert_non_null(strstr(buf, "e-mail"));
	credentials_clear(&a);
	cJSON_Delete(profiles);
}

/* A check that reached no verdict is an attempt: the last verdict stays,
 * both are told, and the next verdict clears the attempt. */
static void test_attempts(void **state)
{
	cJSON *profiles = cJSON_CreateObject(), *p;
	struct credentials a;
	struct check_result r;
	struct last_check lc;
	struct bc_err err;
	int req[64] = {0}, created, i;
	char text[128];
	const char *why;
	static const enum check_kind attempts[] = {CHECK_NETWORK, CHECK_TLS, CHECK_RATE_LIMIT,
						   CHECK_SERVER, CHECK_ABORTED};
	static const enum check_kind verdicts[] = {CHECK_OK, CHECK_AUTH, CHECK_STORE, CHECK_SCOPE,
						   CHECK_UNPROVEN};

	(void)state;
	creds(FILE_FOR("k2p0q8r7s6t5u4v3w2x1y0z9a8b7c6d",
		       "https://api.bigcommerce.com/stores/abc123/v3/"),
	      &a);
	assert_int_equal(
		profile_put(profiles, "s", &a, "onport", NULL, req, &cat, 1000, 0, &created, &err),
		BC_OK);
	p = cJSON_GetObjectItem(profiles, "s");
	for (i = 0; i < 5; i++) {
		memset(&r, 0, sizeof r);
		r.kind = attempts[i];
		assert_false(check_conclusive(&r));
		r.kind = verdicts[i];
		assert_true(check_conclusive(&r));
	}
	/* An accepted write is a verdict whatever its kind. */
	memset(&r, 0, sizeof r);
	r.kind = CHECK_SERVER;
	r.nalerts = 1;
	assert_true(check_conclusive(&r));

	memset(&r, 0, sizeof r);
	r.kind = CHECK_OK;
	r.ok = 1;
	r.probed = 1;
	assert_int_equal(profile_record_check(p, &cat, &r, 2000, &err), BC_OK);
	memset(&r, 0, sizeof r);
	r.kind = CHECK_NETWORK;
	snprintf(r.message, sizeof r.message, "Could not connect to server");
	assert_int_equal(profile_record_check(p, &cat, &r, 3000, &err), BC_OK);
	assert_int_equal(profile_verified(p, &why), 1);
	profile_last_check(p, &lc);
	assert_true(lc.present && lc.ok);
	assert_int_equal(lc.time, 2000);
	assert_int_equal(lc.attempt_time, 3000);
	assert_string_equal(lc.attempt_kind, "network");
	profile_last_text(p, 3000 + 7200, text, sizeof text);
	assert_string_equal(text, "ok, 2 hours ago; last attempt 2 hours ago could not connect");
	assert_int_equal(profile_check(p, "s", &err), BC_OK);
	/* A failed verdict replaces the passed one and clears the attempt. */
	memset(&r, 0, sizeof r);
	r.kind = CHECK_AUTH;
	snprintf(r.message, sizeof r.message, "refused");
	assert_int_equal(profile_record_check(p, &cat, &r, 4000, &err), BC_OK);
	assert_int_equal(profile_verified(p, &why), 0);
	profile_last_check(p, &lc);
	assert_int_equal(lc.attempt_time, 0);
	assert_null(cJSON_GetObjectItem(p, "last_attempt"));
	/* An attempt before any verdict: never checked, and said so. */
	memset(&r, 0, sizeof r);
	r.kind = CHECK_TLS;
	assert_int_equal(
		profile_put(profiles, "t", &a, "onport", NULL, req, &cat, 1000, 0, &created, &err),
		BC_OK);
	p = cJSON_GetObjectItem(profiles, "t");
	assert_int_equal(profile_record_check(p, &cat, &r, 5000, &err), BC_OK);
	assert_int_equal(profile_verified(p, &why), -1);
	profile_last_text(p, 5000, text, sizeof text);
	assert_string_equal(text, "never; last attempt just now failed TLS");
	credentials_clear(&a);
	cJSON_Delete(profiles);
}

/* An app's OAuth 2.0 client: kept without a token, handed over with its
 * scopes as BigCommerce's parameter names. */
static void test_app(void **state)
{
	cJSON *profiles = cJSON_CreateObject(), *p;
	const struct target *cel = targets_find(&tl, "celigo");
	const struct handoff_variant *v = NULL;
	struct app_credentials ac = {
		"abc123", "o40fmadsiq1niq0468rzaxz0w9w0wjc",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"https://integrator.example/cb", "Celigo integrator.io"};
	struct credentials c = {0};
	struct bc_err err;
	int req[64] = {0}, created, i;
	char buf[512];

	(void)state;
	for (i = 0; i < cel->nvariants; i++)
		if (cel->variants[i].app)
			v = &cel->variants[i];
	assert_non_null(v);
	assert_non_null(v->link);
	assert_true(v->nsteps > 0);
	req[scopes_find(&cat, "orders")] = 1;
	req[scopes_find(&cat, "products")] = 2;
	assert_int_equal(
		profile_put_app(profiles, "app", &ac, "celigo", req, &cat, 1000, &created, &err),
		BC_OK);
	p = cJSON_GetObjectItem(profiles, "app");
	assert_true(profile_is_app(p));
	assert_int_equal(profile_check(p, "app", &err), BC_OK);
	assert_null(profile_str(p, "access_token"));
	for (i = 0; i < v->nfields; i++) {
		if (v->fields[i].source == SRC_SCOPE_PARAMS) {
			assert_int_equal(handoff_value(&v->fields[i], p, buf, sizeof buf), 0);
			assert_string_equal(buf, "store_v2_orders_read_only store_v2_products");
		}
		if (v->fields[i].source == SRC_REDIRECT_URL) {
			assert_int_equal(handoff_value(&v->fields[i], p, buf, sizeof buf), 0);
			assert_string_equal(buf, "https://integrator.example/cb");
		}
	}
	/* No token to use: a check cannot be made of it. */
	assert_int_equal(profile_credentials(p, &c, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "verifies it when it connects"));
	/* Without its redirect URL, it is not an app's profile any more. */
	cJSON_DeleteItemFromObject(p, "redirect_url");
	assert_int_equal(profile_check(p, "app", &err), BC_ERR_VAULT_DAMAGED);
	assert_non_null(strstr(err.msg, "redirect_url"));
	cJSON_Delete(profiles);
}

/* Times read from a vault are range-checked when it opens: every reader can
 * do sums with them. */
static void test_times(void **state)
{
	static const char *const bad[] = {
		"{\"store_hash\":\"abc123\",\"access_token\":\"t\",\"client_id\":\"c\","
		"\"client_secret\":\"s\",\"api_path\":\"p\",\"created\":1e300}",
		"{\"store_hash\":\"abc123\",\"access_token\":\"t\",\"client_id\":\"c\","
		"\"client_secret\":\"s\",\"api_path\":\"p\",\"created\":-5}",
		"{\"store_hash\":\"abc123\",\"access_token\":\"t\",\"client_id\":\"c\","
		"\"client_secret\":\"s\",\"api_path\":\"p\",\"created\":1,"
		"\"last_check\":{\"time\":-9.3e18,\"ok\":true}}",
		"{\"store_hash\":\"abc123\",\"access_token\":\"t\",\"client_id\":\"c\","
		"\"client_secret\":\"s\",\"api_path\":\"p\",\"created\":1,\"history\":[{"
		"\"token\":\"x\",\"token_masked\":\"****\",\"state\":\"s\",\"retired\":1e19}]}",
	};
	struct bc_err err;
	char text[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *p = cJSON_Parse(bad[i]);
		assert_non_null(p);
		if (profile_check(p, "x", &err) != BC_ERR_VAULT_DAMAGED)
			fail_msg("case %zu accepted", i);
		cJSON_Delete(p);
	}
	/* And the words for an age never overflow, whatever they are given. */
	text_age(-9223372036854775807LL, 1000, text, sizeof text);
	assert_string_equal(text, "at an unknown time");
	text_age(1000, 9223372036854775807LL, text, sizeof text);
	assert_string_equal(text, "at an unknown time");
	text_age(1000, 1000 + 3 * 86400, text, sizeof text);
	assert_string_equal(text, "3 days ago");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_put_and_history),
		cmocka_unit_test(test_handoff),
		cmocka_unit_test(test_attempts),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_app),
	};
	mem_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
