/* text_clean: what a server sends never carries an escape sequence or
 * invalid UTF-8 onto a terminal, into the vault or into --json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bcsetup/text.h"

static void test_clean(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Acme Outdoor", "Acme Outdoor"},
		{NULL, ""},
		{"Caf\xc3\xa9 M\xc3\xbcller \xe2\x9c\x94 \xf0\x9f\x9b\x92",
		 "Caf\xc3\xa9 M\xc3\xbcller \xe2\x9c\x94 \xf0\x9f\x9b\x92"},
		{"\x1b[2J\x1b]0;owned\x07Shop", "[2J]0;ownedShop"},
		{"\x1b]52;c;ZXZpbA==\x07", "]52;c;ZXZpbA=="},
		{"a\rb\nc\td\x7f"
		 "e",
		 "abcde"},
		{"\xc2\x9b"
		 "31m",
		 "??31m"}, /* C1 CSI */
		{"bad \xff\xfe end", "bad ?? end"},
		{"\xc0\xaf", "??"},         /* overlong "/" */
		{"\xed\xa0\x80", "???"},    /* a surrogate */
		{"cut \xe2\x9c", "cut ??"}, /* a truncated sequence */
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text_clean(out, sizeof out, cases[i].in);
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("case %zu: '%s' != '%s'", i, out, cases[i].out);
	}
	/* Cut at a character boundary, never inside one. */
	text_clean(out, 6, "ab\xe2\x9c\x94\xe2\x9c\x94");
	assert_string_equal(out, "ab\xe2\x9c\x94");
	text_clean(out, 5, "ab\xe2\x9c\x94");
	assert_string_equal(out, "ab");
}

static void test_fix_utf8(void **state)
{
	char a[] = "ok \xc3\xa9 \xff bad \xe2\x9c end \xf0\x9f\x9b\x92";
	char b[] = "\"name\": \"\xc0\xaf\"";

	(void)state;
	text_fix_utf8(a);
	assert_string_equal(a, "ok \xc3\xa9 ? bad ?? end \xf0\x9f\x9b\x92");
	text_fix_utf8(b);
	assert_string_equal(b, "\"name\": \"??\"");
}

/* C1 controls in JSON output become \u escapes; everything else is kept. */
static void test_json_c1(void **state)
{
	char *o;

	(void)state;
	o = text_json_escape_c1("{\"n\": \"a\xc2\x9b"
				"31m b \xc2\xa0 \xc2\x80\"}");
	assert_non_null(o);
	assert_string_equal(o, "{\"n\": \"a\\u009b31m b \xc2\xa0 \\u0080\"}");
	free(o);
	o = text_json_escape_c1("");
	assert_string_equal(o, "");
	free(o);
}

/* Columns as a terminal lays them out, whatever the locale (this test runs
 * under the C locale): CJK takes two, a combining accent none. */
static void test_width(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(text_width("Plain Shop"), 10);
	assert_int_equal(text_width("Caf\u00e9 Cr\u00e8me Co"), 13);
	assert_int_equal(text_width("Cafe\u0301"), 4);
	assert_int_equal(text_width("\u6771\u4eac\u30b3\u30fc\u30d2\u30fc\u5e97"), 14);
	assert_int_equal(text_width("a\xff"
				    "b"),
			 3); /* an invalid byte: one */
	/* Padded to the width: the next column starts in one place. */
	text_fit(out, sizeof out, "Caf\u00e9", 6, "~", 1);
	assert_string_equal(out, "Caf\u00e9  ");
	/* Cut with a sign, never inside a wide character. */
	text_fit(out, sizeof out, "\u6771\u4eac\u30b3\u30fc", 6, "\u2026", 0);
	assert_string_equal(out, "\u6771\u4eac\u2026");
	assert_int_equal(text_width(out), 5);
	text_fit(out, sizeof out, "\u6771\u4eac\u30b3\u30fc", 6, "\u2026", 1);
	assert_int_equal(text_width(out), 6);
	text_fit(out, sizeof out, "abcdefgh", 5, "~", 1);
	assert_string_equal(out, "abcd~");
	text_fit(out, sizeof out, NULL, 3, "~", 1);
	assert_string_equal(out, "   ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean), cmocka_unit_test(test_fix_utf8),
		cmocka_unit_test(test_json_c1), cmocka_unit_test(test_width)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
