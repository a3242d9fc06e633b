/* Every key binding of every screen, in every mode: a handler for each entry
 * (the build refuses a handler no table names: it would be an unused static
 * function), no key code bound twice in one table, a name for the help
 * screen, and the screen's default table among those it declares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "tui.h"

#define SCREEN_ENTRY(id, name, step) {#name, &scr_##name},
static const struct {
	const char *name;
	const struct screen *s;
} screens[] = {SCREEN_LIST(SCREEN_ENTRY)};
#undef SCREEN_ENTRY

static void check_table(const char *screen, const struct binding *k)
{
	int i, j, m, n;

	for (i = 0; k[i].key; i++) {
		if (!k[i].run)
			fail_msg("%s: \"%s\" has no handler", screen, k[i].key);
		if (!k[i].codes[0])
			fail_msg("%s: \"%s\" stands for no key", screen, k[i].key);
		if (!k[i].what && !k[i].help)
			fail_msg("%s: \"%s\" has no words for the help screen", screen, k[i].key);
		assert_in_range(k[i].prio, 0, 2);
		for (j = 0; j < KEY_CODES_MAX && k[i].codes[j]; j++)
			for (m = i; k[m].key; m++)
				for (n = m == i ? j + 1 : 0; n < KEY_CODES_MAX && k[m].codes[n];
				     n++)
					if (k[m].codes[n] == k[i].codes[j])
						fail_msg(
							"%s: key code %d bound by \"%s\" and \"%s\"",
							screen, k[i].codes[j], k[i].key, k[m].key);
	}
}

static void test_every_binding(void **state)
{
	size_t s;
	int t, found;

	(void)state;
	for (s = 0; s < sizeof screens / sizeof screens[0]; s++) {
		const struct screen *sc = screens[s].s;
		assert_non_null(sc->draw);
		assert_true(sc->keys || sc->keys_for);
		if (!sc->tables)
			fail_msg("%s declares no tables", screens[s].name);
		for (t = 0; sc->tables[t]; t++)
			check_table(screens[s].name, sc->tables[t]);
		/* The fixed table is one of those checked. */
		for (found = !sc->keys, t = 0; sc->tables[t]; t++)
			found |= sc->tables[t] == sc->keys;
		if (!found)
			fail_msg("%s: its keys are not among its tables", screens[s].name);
	}
}

/* The shared keys too: the help screen's own. */
static void test_help_keys(void **state)
{
	(void)state;
	assert_non_null(binding_for(help_keys, 27));
	assert_null(binding_for(help_keys, 'z'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_binding),
					   cmocka_unit_test(test_help_keys)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
