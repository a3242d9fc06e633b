/* Scopes: every scope in control-panel order with its level, preset from the
 * target; the user may add more. */
#include <stdio.h>
#include <string.h>

#include "tui.h"

static int sel, top;
static int warned; /* Enter once on an empty selection: the warning shown */
static const struct keyhelp keys[] = {
	{"Up/Down",
	 "move",
	 "Moves between the scopes (PgUp/PgDn jump ten).",
	 {K_UPDOWN, KEY_PPAGE, KEY_NPAGE}},
	{"Left/Right",
	 "level",
	 "Right, l or Space raises the selected scope's level; Left or h lowers it, never "
	 "below what the integration needs.",
	 {KEY_LEFT, KEY_RIGHT, 'h', 'l', ' '}},
	{"Enter", "next", "These are the scopes to tick in the control panel.", {K_ENTER}},
	{0}};

static void draw(struct app *a)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const struct scope *s;
	int rows = LINES - 10, i, y = 3;

	ui_wrap(2, 2, COLS - 4,
		"Set each scope in the control panel as shown (* = needed):", A_NORMAL);
	if (sel < top)
		top = sel;
	if (sel >= top + rows)
		top = sel - rows + 1;
	attron(ui_attr(UI_KEY));
	if (top > 0)
		mvprintw(LINES - 7, COLS - 16, "%s %d above", a->utf8 ? "\u25B2" : "^", top);
	if (top + rows < cat->n)
		mvprintw(LINES - 7, 4, "%s %d more below", a->utf8 ? "\u25BC" : "v",
			 cat->n - top - rows);
	attroff(ui_attr(UI_KEY));
	for (i = top; i < cat->n && i < top + rows; i++, y++) {
		s = &cat->scopes[i];
		if (i == sel)
			attron(ui_attr(UI_SELECT));
		mvprintw(y, 2, "%c %-46.46s %-10s", a->required[i] > 0 ? '*' : ' ', s->name,
			 s->levels[a->levels[i]]);
		if (i == sel)
			attroff(ui_attr(UI_SELECT));
		if (a->levels[i] > a->required[i] && a->required[i] >= 0) {
			attron(ui_attr(UI_DIM));
			addstr(" added");
			attroff(ui_attr(UI_DIM));
		}
	}
	s = &cat->scopes[sel];
	ui_wrap(LINES - 6, 2, COLS - 4, s->what, A_NORMAL);
	attron(ui_attr(UI_DIM));
	mvprintw(LINES - 4, 2, "%d of %d.%s", sel + 1, cat->n,
		 COLS >= 72 ? " Scopes cannot be changed after the account is saved."
			    : " Scopes cannot change once saved.");
	attroff(ui_attr(UI_DIM));
}

static enum action key(struct app *a, int ch)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const struct scope *s = &cat->scopes[sel];
	const struct target *t = app_target(a);
	int i, any = 0;

	if (ch != '\n' && ch != '\r' && ch != KEY_ENTER)
		warned = 0;
	switch (ch) {
	case KEY_UP:
	case 'k':
		if (sel > 0)
			sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (sel < cat->n - 1)
			sel++;
		break;
	case KEY_PPAGE: sel = sel > 10 ? sel - 10 : 0; break;
	case KEY_NPAGE: sel = sel + 10 < cat->n ? sel + 10 : cat->n - 1; break;
	case KEY_RIGHT:
	case ' ':
	case 'l':
		a->levels[sel] = (a->levels[sel] + 1) % s->nlevels;
		if (a->levels[sel] < a->required[sel]) {
			a->levels[sel] = a->required[sel];
			tui_status(a, 1, "%s needs %s at %s at least.", t ? t->name : "The target",
				   s->name, s->levels[a->required[sel]]);
		}
		break;
	case KEY_LEFT:
	case 'h':
		if (a->levels[sel] > a->required[sel])
			a->levels[sel]--;
		else if (a->required[sel] > 0)
			tui_status(a, 1, "%s needs %s at %s at least.", t ? t->name : "The target",
				   s->name, s->levels[a->required[sel]]);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		/* An account with no scope can do nothing, and no check of it
		 * could ever find a gap: say so once before going on. */
		for (i = 0; i < cat->n; i++)
			any |= a->levels[i] > 0;
		if (!any && !warned) {
			warned = 1;
			tui_status(a, 1,
				   "No scope is picked: such an account can do nothing, and its "
				   "check could find no gap. %s Enter again to go on anyway.",
				   t && t->pick ? t->pick : "");
			return ACT_NONE;
		}
		warned = 0;
		return ACT_NEXT;
	}
	return ACT_NONE;
}

const struct screen scr_scopes = {
	.title = "Step 3 of 8: scopes",
	.draw = draw,
	.key = key,
	.keys = keys,
};
