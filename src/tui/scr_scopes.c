/* Scopes: every scope in control-panel order with its level, preset from the
 * target; the user may add more. */
#include <stdio.h>
#include <string.h>

#include "tui.h"

/* The screen's state. */
static struct {
	int sel, top;
	int warned; /* Enter once on an empty selection: the warning shown */
} v;

static void draw(struct app *a)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const struct scope *s;
	int rows = LINES - 10, i, y = 3;

	ui_wrap(2, 2, COLS - 4,
		"Set each scope in the control panel as shown (* = needed):", A_NORMAL);
	if (v.sel < v.top)
		v.top = v.sel;
	if (v.sel >= v.top + rows)
		v.top = v.sel - rows + 1;
	attron(ui_attr(UI_KEY));
	if (v.top > 0)
		mvprintw(LINES - 7, COLS - 16, "%s %d above", a->utf8 ? "\u25B2" : "^", v.top);
	if (v.top + rows < cat->n)
		mvprintw(LINES - 7, 4, "%s %d more below", a->utf8 ? "\u25BC" : "v",
			 cat->n - v.top - rows);
	attroff(ui_attr(UI_KEY));
	for (i = v.top; i < cat->n && i < v.top + rows; i++, y++) {
		s = &cat->scopes[i];
		if (i == v.sel)
			attron(ui_attr(UI_SELECT));
		mvprintw(y, 2, "%c %-46.46s %-10s", a->required[i] > 0 ? '*' : ' ', s->name,
			 s->levels[a->levels[i]]);
		if (i == v.sel)
			attroff(ui_attr(UI_SELECT));
		if (a->levels[i] > a->required[i] && a->required[i] >= 0) {
			attron(ui_attr(UI_DIM));
			addstr(" added");
			attroff(ui_attr(UI_DIM));
		}
	}
	s = &cat->scopes[v.sel];
	ui_wrap(LINES - 6, 2, COLS - 4, s->what, A_NORMAL);
	attron(ui_attr(UI_DIM));
	mvprintw(LINES - 4, 2, "%d of %d.%s", v.sel + 1, cat->n,
		 COLS >= 72 ? " Scopes cannot be changed after the account is saved."
			    : " Scopes cannot change once saved.");
	attroff(ui_attr(UI_DIM));
}

static enum action updown(struct app *a, int ch)
{
	int n = a->s->cat.n;

	v.warned = 0;
	if ((ch == KEY_UP || ch == 'k') && v.sel > 0)
		v.sel--;
	else if ((ch == KEY_DOWN || ch == 'j') && v.sel < n - 1)
		v.sel++;
	else if (ch == KEY_PPAGE)
		v.sel = v.sel > 10 ? v.sel - 10 : 0;
	else if (ch == KEY_NPAGE)
		v.sel = v.sel + 10 < n ? v.sel + 10 : n - 1;
	return ACT_NONE;
}

/* Right raises (round to none), Left lowers; never below what is needed. */
static enum action level(struct app *a, int ch)
{
	const struct scope *s = &a->s->cat.scopes[v.sel];
	const struct target *t = app_target(a);
	int up = ch == KEY_RIGHT || ch == ' ' || ch == 'l', sel = v.sel;

	v.warned = 0;
	if (up) {
		a->levels[sel] = (a->levels[sel] + 1) % s->nlevels;
		if (a->levels[sel] >= a->required[sel])
			return ACT_NONE;
		a->levels[sel] = a->required[sel];
	} else if (a->levels[sel] > a->required[sel]) {
		a->levels[sel]--;
		return ACT_NONE;
	} else if (a->required[sel] <= 0) {
		return ACT_NONE;
	}
	tui_status(a, 1, "%s needs %s at %s at least.", t ? t->name : "The target", s->name,
		   s->levels[a->required[sel]]);
	return ACT_NONE;
}

static enum action next(struct app *a, int ch)
{
	const struct target *t = app_target(a);
	int i, any = 0;

	(void)ch;
	/* An account with no scope can do nothing, and no check of it could
	 * ever find a gap: say so once before going on. */
	for (i = 0; i < a->s->cat.n; i++)
		any |= a->levels[i] > 0;
	if (!any && !v.warned) {
		v.warned = 1;
		tui_status(a, 1,
			   "No scope is picked: such an account can do nothing, and its "
			   "check could find no gap. %s Enter again to go on anyway.",
			   t && t->pick ? t->pick : "");
		return ACT_NONE;
	}
	v.warned = 0;
	return ACT_NEXT;
}

static const struct binding keys[] = {
	{.key = "Up/Down",
	 .what = "move",
	 .help = "Moves between the scopes (PgUp/PgDn jump ten).",
	 .codes = {K_UPDOWN, KEY_PPAGE, KEY_NPAGE},
	 .run = updown,
	 .prio = 1},
	{.key = "Left/Right",
	 .what = "level",
	 .help = "Right, l or Space raises the selected scope's level; Left or h lowers it, "
		 "never below what the integration needs.",
	 .codes = {KEY_LEFT, KEY_RIGHT, 'h', 'l', ' '},
	 .run = level,
	 .prio = 1},
	{.key = "Enter",
	 .what = "next",
	 .help = "These are the scopes to tick in the control panel.",
	 .codes = {K_ENTER},
	 .run = next,
	 .prio = 2},
	{0}};
static const struct binding *const tables[] = {keys, NULL};

const struct screen scr_scopes = {
	.title = "scopes",
	.draw = draw,
	.keys = keys,
	.tables = tables,
};
