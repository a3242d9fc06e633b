/*
 * Fleet: every profile of the vault on one line, one column per scope any
 * of them requires, from each token's last recorded check (as check --grid
 * prints a live one). Enter checks the selected store now and opens its
 * coverage matrix.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "bcsetup/coverage.h"
#include "bcsetup/profile.h"
#include "bcsetup/vault.h"
#include "tui.h"

#define MAX_ROWS 200

/* The screen's state. */
static struct {
	int nrows, sel, top;
	char names[MAX_ROWS][PROFILE_NAME_MAX + 1];
	int cols[SCOPES_MAX], ncols;
} v;

/* What a last recorded check lc (levels: what it found of each scope) showed
 * of scope k against what the profile requires: a level seen "L or more"
 * proves L, nothing above it. */
static enum coverage_verdict cell(const struct scope_catalogue *cat, const cJSON *lc,
				  const int *levels, const int *required, int k)
{
	const cJSON *more = cJSON_GetObjectItemCaseSensitive(lc, "at_least");

	if (required[k] <= 0)
		return COV_NOT_NEEDED;
	if (!cJSON_IsObject(lc))
		return COV_UNKNOWN;
	if (levels[k] == LEVEL_UNKNOWN || levels[k] == PROFILE_LEVEL_NONE)
		return COV_UNKNOWN;
	if (levels[k] >= required[k])
		return COV_COVERED;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(more, cat->scopes[k].key)))
		return COV_UNKNOWN;
	return levels[k] == 0 ? COV_MISSING : COV_INSUFFICIENT;
}

static void enter(struct app *a)
{
	const cJSON *p, *profiles = a->vault ? vault_profiles(a->vault) : NULL;
	int required[SCOPES_MAX], k, seen[SCOPES_MAX] = {0};

	v.nrows = v.sel = v.top = v.ncols = 0;
	cJSON_ArrayForEach (p, profiles) {
		if (v.nrows >= MAX_ROWS || profile_is_app(p) || !app_may_use(a, p))
			continue;
		snprintf(v.names[v.nrows++], sizeof v.names[0], "%s", p->string);
		profile_required(p, &a->s->cat, required);
		for (k = 0; k < a->s->cat.n; k++)
			seen[k] |= required[k] > 0;
	}
	for (k = 0; k < a->s->cat.n; k++)
		if (seen[k])
			v.cols[v.ncols++] = k;
}

static void draw(struct app *a)
{
	const cJSON *profiles = a->vault ? vault_profiles(a->vault) : NULL;
	long long now = time(NULL);
	/* The legend names 28 columns' worth of scope a line. */
	int per = (COLS - 4) / 28 > 0 ? (COLS - 4) / 28 : 1, legend = (v.ncols + per - 1) / per;
	int required[SCOPES_MAX], i, j, y = 4, rows = LINES - 9 - legend;
	int name_w = 12, x0 = 2 + name_w + 1, fits = (COLS - x0 - 12) / 3;
	char age[112];

	mvprintw(2, 2, "Every store, as its last check found it:");
	if (rows < 1)
		rows = 1;
	if (v.sel < v.top)
		v.top = v.sel;
	if (v.sel >= v.top + rows)
		v.top = v.sel - rows + 1;
	mvprintw(y, 2, "%-*s", name_w, "PROFILE");
	for (j = 0; j < v.ncols && j < fits; j++)
		mvprintw(y, x0 + 3 * j, "%2d", j + 1);
	mvprintw(y, x0 + 3 * (j < fits ? j : fits) + 1, "LAST CHECK");
	for (i = v.top; i < v.nrows && i < v.top + rows; i++) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(profiles, v.names[i]);
		const cJSON *lc = cJSON_GetObjectItemCaseSensitive(p, "last_check");
		int x, levels[SCOPES_MAX];
		y++;
		if (i == v.sel)
			attron(A_REVERSE);
		mvprintw(y, 2, "%-*.*s", name_w, name_w, v.names[i]);
		if (i == v.sel)
			attroff(A_REVERSE);
		/* The record read once a row, not once a cell. */
		profile_required(p, &a->s->cat, required);
		profile_check_levels(lc, &a->s->cat, levels);
		for (j = 0; j < v.ncols && j < fits; j++) {
			enum coverage_verdict c = cell(&a->s->cat, lc, levels, required, v.cols[j]);
			int attr = coverage_fails(c)  ? ui_attr(UI_BAD)
				   : c == COV_COVERED ? ui_attr(UI_OK)
						      : ui_attr(UI_DIM);
			const char *sym = coverage_symbol(c, a->utf8);
			/* Right in two columns: a UTF-8 sign is one wide, an
			 * ASCII one one or two. */
			attron(attr);
			mvprintw(y, x0 + 3 * j + 2 - (a->utf8 ? 1 : (int)strlen(sym)), "%s", sym);
			attroff(attr);
		}
		x = x0 + 3 * j + 1;
		profile_last_text(p, now, age, sizeof age);
		ui_put(a, y, x, COLS - x - 1, age);
	}
	/* The legend: the columns' scopes, then what the signs say. */
	y = LINES - 4 - legend;
	for (j = 0; j < v.ncols && j < fits; j++) {
		char item[64];
		snprintf(item, sizeof item, "%d %s", j + 1, a->s->cat.scopes[v.cols[j]].name);
		ui_put(a, y + j / per, 2 + (j % per) * 28, 27, item);
	}
	y += legend;
	mvprintw(y, 2, "%s covered  %s below  %s missing  ? not proven  %s not required",
		 coverage_symbol(COV_COVERED, a->utf8), coverage_symbol(COV_INSUFFICIENT, a->utf8),
		 coverage_symbol(COV_MISSING, a->utf8), coverage_symbol(COV_NOT_NEEDED, a->utf8));
	if (v.ncols > fits)
		ui_put(a, y - legend - 1, 2, COLS - 4,
		       "More scopes than fit: a wider terminal shows them all.");
}

static enum action updown(struct app *a, int ch)
{
	(void)a;
	if ((ch == KEY_UP || ch == 'k') && v.sel > 0)
		v.sel--;
	else if ((ch == KEY_DOWN || ch == 'j') && v.sel < v.nrows - 1)
		v.sel++;
	return ACT_NONE;
}

/* The selected store, checked now: the live test, then its matrix. */
static enum action check_now(struct app *a, int ch)
{
	char err[320];

	(void)ch;
	if (!v.nrows)
		return ACT_NONE;
	a->rotating = a->correcting = 0;
	if (app_load_profile(a, v.names[v.sel], err, sizeof err) != 0) {
		tui_status(a, 1, "%s", err);
		return ACT_NONE;
	}
	a->go_to = SCR_LIVETEST;
	return ACT_GOTO;
}

static const struct binding keys[] = {
	{.key = "Up/Down",
	 .what = "move",
	 .help = "Moves the selection.",
	 .codes = {K_UPDOWN},
	 .run = updown,
	 .prio = 1},
	{.key = "Enter",
	 .what = "check now",
	 .help = "Checks the selected store's token now, then shows its coverage matrix.",
	 .codes = {K_ENTER},
	 .run = check_now,
	 .prio = 2},
	{.key = "q", .help = "Quits.", .codes = {'q'}, .run = go_quit},
	{0}};
static const struct binding *const tables[] = {keys, NULL};

const struct screen scr_fleet = {
	.title = "The fleet",
	.enter = enter,
	.draw = draw,
	.keys = keys,
	.tables = tables,
};
