/* Error kinds are one vocabulary: every word bcsetup can print as an
 * error's kind (the status words of the top-level JSON error, and the check
 * kinds of results[].error.kind) is in the one list the man page gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bcsetup/check.h"
#include "bcsetup/error.h"

static char *page;

/* The list after "is one of these words:", up to its full stop. */
static char *documented(void)
{
	static char list[1024];
	const char *p = strstr(page, "is one of these words:"), *end;

	if (!p)
		return NULL;
	p += strlen("is one of these words:");
	end = strchr(p, '.');
	snprintf(list, sizeof list, " %.*s ", end ? (int)(end - p) : 0, p);
	for (char *c = list; *c; c++)
		if (*c == ',' || *c == '\n')
			*c = ' ';
	return list;
}

static void in_list(const char *list, const char *word)
{
	char needle[80];

	snprintf(needle, sizeof needle, " %s ", word);
	if (!strstr(list, needle))
		fail_msg("error kind '%s' is not in the man page's list", word);
}

static void test_one_vocabulary(void **state)
{
	char *list = documented(), word[64];
	int k;

	(void)state;
	assert_non_null(list);
	for (k = 1; k < BC_STATUS_COUNT; k++) {
		bc_status_word((enum bc_status)k, word, sizeof word);
		in_list(list, word);
	}
	for (k = 1; k < CHECK_KIND_COUNT; k++)
		in_list(list, check_kind_word((enum check_kind)k));
	/* One word for one thing: the network is "network" everywhere. */
	bc_status_word(BC_ERR_NETWORK, word, sizeof word);
	assert_string_equal(word, check_kind_word(CHECK_NETWORK));
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_one_vocabulary)};
	FILE *f = fopen(BCSETUP_MAN_IN, "r");
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    !(page = calloc(1, (size_t)n + 1)) || fread(page, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", BCSETUP_MAN_IN);
		return 1;
	}
	fclose(f);
	/* roff's \- is a plain hyphen here; the kinds have none anyway. */
	n = cmocka_run_group_tests(tests, NULL, NULL);
	free(page);
	return (int)n;
}
