/* The credentials file BigCommerce downloads, in its real-world variants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "bcsetup/credfile.h"
#include "bcsetup/mem.h"

#define TOKEN  "k2p0q8r7s6t5u4v3w2x1y0z9a8b7c6d"
#define CLIENT "m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b"
#define SECRET "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define PATH   "https://api.bigcommerce.com/stores/wyiiub56c0/v3/"

static const char documented[] = "ACCESS TOKEN: " TOKEN "\n"
				 "CLIENT NAME: Onport\n"
				 "API PATH: " PATH "\n"
				 "CLIENT ID: " CLIENT "\n"
				 "CLIENT SECRET: " SECRET "\n";

struct good {
	const char *what, *text, *name;
};

static const struct good goods[] = {
	{"documented layout", documented, "Onport"},
	{"other order",
	 "CLIENT SECRET: " SECRET "\nCLIENT ID: " CLIENT "\nAPI PATH: " PATH
	 "\nACCESS TOKEN: " TOKEN "\nCLIENT NAME: Onport\n",
	 "Onport"},
	{"CRLF",
	 "ACCESS TOKEN: " TOKEN "\r\nCLIENT NAME: Onport\r\nAPI PATH: " PATH
	 "\r\nCLIENT ID: " CLIENT "\r\nCLIENT SECRET: " SECRET "\r\n",
	 "Onport"},
	{"BOM",
	 "\xEF\xBB\xBF"
	 "ACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: " SECRET "\nNAME: Onport\n",
	 "Onport"},
	{"NAME instead of CLIENT NAME",
	 "NAME: Shop sync\nACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: " SECRET "\n",
	 "Shop sync"},
	{"both names",
	 "NAME: Other\nCLIENT NAME: Onport\nACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH
	 "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET "\n",
	 "Onport"},
	{"blank lines and trailing blanks",
	 "\n\nACCESS TOKEN: " TOKEN "   \n\n  CLIENT NAME: Onport\t\n"
	 "API PATH: " PATH " \nCLIENT ID: " CLIENT "\n\nCLIENT SECRET: " SECRET "\n\n\n",
	 "Onport"},
	{"lower-case labels",
	 "access token: " TOKEN "\napi path: " PATH "\nclient id: " CLIENT
	 "\nclient secret: " SECRET "\nclient name: Onport\n",
	 "Onport"},
	{"no final newline",
	 "ACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: " SECRET,
	 NULL},
	{"no space after colon",
	 "ACCESS TOKEN:" TOKEN "\nAPI PATH:" PATH "\nCLIENT ID:" CLIENT "\nCLIENT SECRET:" SECRET
	 "\n",
	 NULL},
	{"an unknown label is ignored",
	 "ACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: " SECRET "\nCREATED: 2026-01-01\n",
	 NULL},
	{"the same line twice",
	 "ACCESS TOKEN: " TOKEN "\nACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: " SECRET "\n",
	 NULL},
};

struct bad {
	const char *what, *text, *reason;
};

static const struct bad bads[] = {
	{"empty", "", "empty"},
	{"no token", "API PATH: " PATH "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET "\n",
	 "no ACCESS TOKEN line"},
	{"no client id", "ACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT SECRET: " SECRET "\n",
	 "no CLIENT ID line"},
	{"no secret", "ACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT "\n",
	 "no CLIENT SECRET line"},
	{"no path", "ACCESS TOKEN: " TOKEN "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET "\n",
	 "no API PATH line"},
	{"empty token value",
	 "ACCESS TOKEN:\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET "\n",
	 "no ACCESS TOKEN line"},
	{"not a credentials file", "hello world\nthis is a letter\n", "is this a BigCommerce"},
	{"binary", "ACCESS TOKEN: \x01\x02\x03", "binary"},
	{"quoted token",
	 "ACCESS TOKEN: \"" TOKEN "\"\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: " SECRET "\n",
	 "quote"},
	{"space in secret",
	 "ACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: 0123456789abcdef 0123456789abcdef0123456789abcdef\n",
	 "space"},
	{"short token",
	 "ACCESS TOKEN: abc\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET
	 "\n",
	 "characters long"},
	{"bad path",
	 "ACCESS TOKEN: " TOKEN "\nAPI PATH: https://api.bigcommerce.com/stores/{HASH}/v3/"
	 "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET "\n",
	 "API PATH line"},
	{"conflicting tokens",
	 "ACCESS TOKEN: " TOKEN "\nACCESS TOKEN: zz" TOKEN "\nAPI PATH: " PATH
	 "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET "\n",
	 "second ACCESS TOKEN"},
	{"non-hex secret",
	 "ACCESS TOKEN: " TOKEN "\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
	 "\nCLIENT SECRET: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde!\n",
	 "cannot have"},
	{"non-ASCII token",
	 "ACCESS TOKEN: k2p0q8r7s6t5u4v3w2x1y0z9a8b7c6\xc3\xa9\nAPI PATH: " PATH
	 "\nCLIENT ID: " CLIENT "\nCLIENT SECRET: " SECRET "\n",
	 "non-ASCII"},
};

static void test_good(void **state)
{
	struct credentials c;
	struct bc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		if (credfile_parse(goods[i].text, strlen(goods[i].text), &c, &err) != BC_OK)
			fail_msg("%s: refused: %s", goods[i].what, err.msg);
		assert_string_equal(c.access_token, TOKEN);
		assert_string_equal(c.client_id, CLIENT);
		assert_string_equal(c.client_secret, SECRET);
		assert_string_equal(c.api_path, PATH);
		assert_string_equal(c.path.hash, "wyiiub56c0");
		if (goods[i].name)
			assert_string_equal(c.account_name, goods[i].name);
		credentials_clear(&c);
	}
}

static void test_bad(void **state)
{
	struct credentials c;
	struct bc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		size_t len = strlen(bads[i].text);
		if (credfile_parse(bads[i].text, len, &c, &err) == BC_OK)
			fail_msg("%s: accepted", bads[i].what);
		if (!strstr(err.msg, bads[i].reason))
			fail_msg("%s: message '%s' lacks '%s'", bads[i].what, err.msg,
				 bads[i].reason);
		/* No message may quote a secret, or any part of one. */
		assert_null(strstr(err.msg, "k2p0q8r7"));
		assert_null(strstr(err.msg, "0123456789abcdef"));
		assert_null(strstr(err.msg, "m1n2o3p4"));
		assert_null(c.access_token);
	}
}

static void test_nul_and_size(void **state)
{
	static char big[CREDFILE_MAX_SIZE + 10];
	struct credentials c;
	struct bc_err err;
	char withnul[] = "ACCESS TOKEN: " TOKEN "\0\nAPI PATH: " PATH "\n";

	(void)state;
	assert_int_equal(credfile_parse(withnul, sizeof withnul - 1, &c, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "binary"));
	memset(big, '\n', sizeof big);
	assert_int_equal(credfile_parse(big, sizeof big, &c, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "not one"));
}

static void test_warnings(void **state)
{
	struct credentials c;
	struct bc_err err;
	const char *f = "ACCESS TOKEN: " TOKEN "abcdef\nAPI PATH: " PATH "\nCLIENT ID: " CLIENT
			"\nCLIENT SECRET: " SECRET "\nstray line\n";

	(void)state;
	assert_int_equal(credfile_parse(f, strlen(f), &c, &err), BC_OK);
	assert_int_equal(c.nwarnings, 2);
	assert_non_null(strstr(c.warnings[0], "without a LABEL"));
	assert_non_null(strstr(c.warnings[1], "usually 31"));
	credentials_clear(&c);
}

static void test_field_check(void **state)
{
	struct bc_err err;
	char warn[160];

	(void)state;
	assert_int_equal(cred_check(CRED_ACCESS_TOKEN, TOKEN, warn, sizeof warn, &err), BC_OK);
	assert_string_equal(warn, "");
	assert_int_equal(cred_check(CRED_CLIENT_SECRET, SECRET, warn, sizeof warn, &err), BC_OK);
	assert_int_equal(cred_check(CRED_CLIENT_ID, "", warn, sizeof warn, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "CLIENT ID is empty"));
	assert_int_equal(cred_check(CRED_ACCESS_TOKEN, TOKEN "\n", warn, sizeof warn, &err),
			 BC_ERR_INPUT);
	assert_int_equal(cred_check(CRED_ACCESS_TOKEN, "K2P0Q8R7S6T5U4V3W2X1Y0Z9A8B7C6D", warn,
				    sizeof warn, &err),
			 BC_OK);
	assert_non_null(strstr(warn, "lower-case"));
}

static void test_read_file(void **state)
{
	char path[] = "/tmp/bcsetup-credXXXXXX";
	struct credentials c;
	struct bc_err err;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs(documented, f);
	fclose(f);
	assert_int_equal(credfile_read(path, &c, &err), BC_OK);
	assert_string_equal(c.account_name, "Onport");
	credentials_clear(&c);
	unlink(path);
	assert_int_equal(credfile_read(path, &c, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "cannot open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),         cmocka_unit_test(test_bad),
		cmocka_unit_test(test_nul_and_size), cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_field_check),  cmocka_unit_test(test_read_file),
	};
	mem_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
