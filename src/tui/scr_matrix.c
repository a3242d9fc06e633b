/* Coverage matrix: required vs. granted for every scope, with symbols that
 * read without colour, a legend, and what to do about the highlighted gap. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/profile.h"
#include "bcsetup/vault.h"
#include "tui.h"

/* The screen's state: the first row shown. The selected scope and the
 * order of the rows (gaps first) are the flow's (a->cov_sel, cov_order):
 * the explanation screen moves through them too. */
static struct {
	int top;
} v;

/* The line under the legend: an alert first, then a failed check, then the gap. */
static void draw_verdict(struct app *a, const struct coverage_row *row)
{
	const struct check_result *r = &a->result;
	char line[200];

	if (r->nalerts) {
		ui_wrap(LINES - 5, 2, COLS - 4, r->message, ui_attr(UI_BAD));
		ui_wrap(LINES - 3 - (COLS < 100), 2, COLS - 4, r->alerts[0].message,
			ui_attr(UI_BAD));
		return;
	}
	snprintf(line, sizeof line, "%s: %s", a->s->cat.scopes[a->cov_order[a->cov_sel]].name,
		 coverage_word(row->verdict));
	ui_put(a, LINES - 5, 2, COLS - 4, line);
	if (row->advice)
		ui_wrap(LINES - 4, 2, COLS - 4, row->advice, ui_attr(UI_WARN));
	else if (r->cov.failing) {
		snprintf(line, sizeof line,
			 "%d required scope%s not held: r starts a new API account with the "
			 "scopes needed.",
			 r->cov.failing, r->cov.failing == 1 ? " is" : "s are");
		ui_wrap(LINES - 4, 2, COLS - 4, line, A_NORMAL);
	} else if (!r->ok)
		ui_wrap(LINES - 4, 2, COLS - 4, r->message, ui_attr(UI_BAD));
	else
		ui_wrap(LINES - 4, 2, COLS - 4,
			"Every required scope is held. Enter shows the values to hand over.",
			A_NORMAL);
}

/* A legend for the symbols and marks on the screen now, and only those. */
static void draw_legend(struct app *a, int y, const int *seen, int at_least, int was)
{
	char legend[400] = "";
	size_t n = 0;
	int k;

	for (k = 0; k < COV_COUNT; k++)
		if (seen[k])
			n += (size_t)snprintf(legend + n, sizeof legend - n, "%s%s %s",
					      n ? "  " : "", coverage_symbol(k, a->utf8),
					      k == COV_INSUFFICIENT ? "lower than needed"
								    : coverage_word(k));
	if (at_least && n < sizeof legend)
		n += (size_t)snprintf(legend + n, sizeof legend - n,
				      "  \"or more\": reading works, changing was not tried");
	if (was && n < sizeof legend)
		snprintf(legend + n, sizeof legend - n, "  \"was\": the check before");
	ui_wrap(y, 2, COLS - 4, legend, ui_attr(UI_DIM));
}

static void draw(struct app *a)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const struct coverage *cov = &a->result.cov;
	const struct coverage_row *row;
	int rows = LINES - 11, i, y = 3, seen[COV_COUNT] = {0}, at_least = 0, was_shown = 0;
	/* The name column gives way so that "was modify" fits on the line. */
	int nw = COLS - 5 - 11 - 19 - 12;
	char g[40], name[200];
	const char *req;
	/* What the check before this one found, to mark what changed (the same
	 * rule as bcsetup check's "Changed since the last check"). */
	int was[SCOPES_MAX];

	if (!a->have_result)
		return;
	if (!a->result.probed) {
		/* The check stopped before the scopes: there is no coverage to show. */
		ui_wrap(3, 2, COLS - 4,
			"No coverage to show: the check stopped before any scope "
			"was probed.",
			A_BOLD);
		y = ui_wrap(5, 2, COLS - 4, a->result.message, ui_attr(UI_BAD)) + 1;
		if (check_next_step(a->result.kind))
			y = ui_wrap(y, 2, COLS - 4, check_next_step(a->result.kind), A_NORMAL) + 1;
		ui_wrap(y, 2, COLS - 4,
			"Then test again: Esc goes back to the live test, where r runs it again.",
			A_NORMAL);
		return;
	}
	app_sort_coverage(a);
	if (nw > 44)
		nw = 44;
	profile_check_levels(
		app_profile(a) ? cJSON_GetObjectItemCaseSensitive(app_profile(a), "previous_check")
			       : NULL,
		cat, was);
	mvprintw(2, 5, "%-*s %-10s %-18s", nw, "SCOPE", "REQUIRED", "GRANTED");
	if (a->cov_sel < v.top)
		v.top = a->cov_sel;
	if (a->cov_sel >= v.top + rows)
		v.top = a->cov_sel - rows + 1;
	/* Rows off the screen are never silent. */
	attron(ui_attr(UI_KEY));
	if (v.top > 0)
		mvprintw(2, COLS - 16, "%s %d more", a->utf8 ? "\u25B2" : "^", v.top);
	if (v.top + rows < cat->n)
		mvprintw(3 + rows, 5, "%s %d more below (Down, PgDn)", a->utf8 ? "\u25BC" : "v",
			 cat->n - v.top - rows);
	attroff(ui_attr(UI_KEY));
	for (i = v.top; i < cat->n && i < v.top + rows; i++, y++) {
		int k = a->cov_order[i];
		const struct scope *s = &cat->scopes[k];
		enum ui_color c;
		row = &cov->rows[k];
		c = coverage_fails(row->verdict)  ? UI_BAD
		    : row->verdict == COV_COVERED ? UI_OK
		    : row->verdict == COV_UNKNOWN ? UI_WARN
						  : UI_DIM;
		seen[row->verdict] = 1;
		at_least |= row->at_least;
		/* A level no request can show says so, rather than "unknown"; and
		 * a baseline nobody asked for ("standard") is no requirement. */
		if (row->granted == LEVEL_UNKNOWN && s->unverifiable && row->required <= 0)
			snprintf(g, sizeof g, "cannot be checked");
		else
			snprintf(g, sizeof g, "%s%s", scope_level_name(s, row->granted),
				 row->at_least ? " or more" : "");
		req = row->required > 0                   ? s->levels[row->required]
		      : strcmp(s->levels[0], "none") == 0 ? "none"
							  : "-";
		if (i == a->cov_sel)
			attron(A_REVERSE);
		attron(ui_attr(c));
		mvaddstr(y, 2, coverage_symbol(row->verdict, a->utf8));
		attroff(ui_attr(c));
		/* Symbols are 1 column in UTF-8, up to 2 in ASCII: one column of 2. */
		ui_fit(name, sizeof name, s->name, nw, a->utf8);
		mvprintw(y, 5, "%s%*s %-10s %s", name, nw - ui_cols(name), "", req, g);
		if (i == a->cov_sel)
			attroff(A_REVERSE);
		if (was[k] != PROFILE_LEVEL_NONE && was[k] != row->granted) {
			char mark[48];
			int cy, cx;
			snprintf(mark, sizeof mark, " was %s", scope_level_name(s, was[k]));
			getyx(stdscr, cy, cx);
			attron(ui_attr(UI_WARN));
			ui_put(a, cy, cx, COLS - cx - 1, mark);
			attroff(ui_attr(UI_WARN));
			was_shown = 1;
		}
	}
	draw_legend(a, LINES - 7, seen, at_least, was_shown);
	draw_verdict(a, &cov->rows[a->cov_order[a->cov_sel]]);
}

static void enter(struct app *a)
{
	/* Gaps first: a new result starts the selection where the attention
	 * is needed; coming back from the explanation keeps it. */
	if (a->have_result && a->cov_sel < 0) {
		app_sort_coverage(a);
		a->cov_sel = v.top = 0;
	}
}

static enum action updown(struct app *a, int ch)
{
	int page = LINES - 11, n = a->s->cat.n;

	if ((ch == KEY_UP || ch == 'k') && a->cov_sel > 0)
		a->cov_sel--;
	else if ((ch == KEY_DOWN || ch == 'j') && a->cov_sel < n - 1)
		a->cov_sel++;
	else if (ch == KEY_PPAGE)
		a->cov_sel = a->cov_sel > page ? a->cov_sel - page : 0;
	else if (ch == KEY_NPAGE)
		a->cov_sel = a->cov_sel + page < n ? a->cov_sel + page : n - 1;
	return ACT_NONE;
}

static enum action why(struct app *a, int ch)
{
	(void)ch;
	a->go_to = SCR_EXPLAIN;
	return ACT_GOTO;
}

static enum action deleting(struct app *a, int ch)
{
	(void)ch;
	a->go_to = SCR_DELETING;
	return ACT_GOTO;
}

/* Scopes cannot be edited: a new account, with what the rule keeps. */
static enum action new_account(struct app *a, int ch)
{
	char err[BC_ERR_MSG_MAX];

	(void)ch;
	if (app_begin_rotation(a, err, sizeof err) != 0) {
		tui_status(a, 1, "%s", err);
		return ACT_NONE;
	}
	a->go_to = SCR_PANEL;
	return ACT_GOTO;
}

/* Up/Down is on the help screen only: the line has room for what matters. */
#define MATRIX_MOVE                                                                            \
	{                                                                                      \
		.key = "Up/Down", .help = "Moves between the scopes (PgUp/PgDn jump a page).", \
		.codes = {K_UPDOWN, KEY_PPAGE, KEY_NPAGE}, .run = updown                       \
	}
#define MATRIX_WHY                                                                                  \
	{                                                                                           \
		.key = "e", .what = "why",                                                          \
		.help = "Each request sent for the selected scope, its answer, and what it meant.", \
		.codes = {'e'}, .run = why, .prio = 1                                               \
	}
#define MATRIX_HANDOFF                                                                             \
	{                                                                                          \
		.key = "Enter", .what = "hand-off", .help = "The values to give the integration.", \
		.codes = {K_ENTER}, .run = go_next, .prio = 2                                      \
	}
static const struct binding keys[] = {
	MATRIX_WHY,
	{.key = "r",
	 .what = "new account",
	 .help = "Starts a replacement API account with the scopes needed (an account's scopes "
		 "cannot be changed); the old token stays until the new one passes.",
	 .codes = {'r'},
	 .run = new_account,
	 .prio = 1},
	MATRIX_HANDOFF,
	MATRIX_MOVE,
	{0}};
static const struct binding rotated_keys[] = {
	{.key = "d",
	 .what = "old account",
	 .help = "What deleting the old API account loses, in which order to do it, and whether "
		 "it is gone.",
	 .codes = {'d'},
	 .run = deleting,
	 .prio = 1},
	MATRIX_HANDOFF,
	MATRIX_WHY,
	MATRIX_MOVE,
	{0}};
static const struct binding unprobed_keys[] = {{0}};
static const struct binding *const tables[] = {keys, rotated_keys, unprobed_keys, NULL};

/* An old account still waiting to be deleted, from this run's rotation or
 * an earlier one's: d leads to it until its deletion is confirmed. */
static int old_waiting(const struct app *a)
{
	int waiting, alive;

	profile_retired_waiting(app_profile(a), &waiting, &alive);
	return a->rotated || waiting > 0;
}

static const struct binding *keys_for(const struct app *a)
{
	if (!a->result.probed)
		return unprobed_keys;
	return old_waiting(a) ? rotated_keys : keys;
}

const struct screen scr_matrix = {
	.title = "coverage",
	.enter = enter,
	.draw = draw,
	.keys_for = keys_for,
	.tables = tables,
};
