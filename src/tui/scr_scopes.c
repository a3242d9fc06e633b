/* Scopes: every scope in control-panel order with its level, preset from the
 * target; the user may add more. */
#include <stdio.h>
#include <string.h>

#include "tui.h"

static int sel, top;
static const struct keyhelp keys[] = {
	{"Up/Down", "move"}, {"Left/Right", "level"}, {"Enter", "next"}, {NULL, NULL}};

static void draw(struct app *a)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const struct scope *s;
	int rows = LINES - 9, i, y = 3;

	mvprintw(2, 2,
		 "Set each scope in the control panel as shown (* = the integration "
		 "needs it):");
	if (sel < top)
		top = sel;
	if (sel >= top + rows)
		top = sel - rows + 1;
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
	mvprintw(LINES - 5, 2, "%.*s", COLS - 4, s->what);
	attron(ui_attr(UI_DIM));
	mvprintw(LINES - 4, 2, "%d of %d. Scopes cannot be changed after the account is saved.",
		 sel + 1, cat->n);
	attroff(ui_attr(UI_DIM));
}

static enum action key(struct app *a, int ch)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const struct scope *s = &cat->scopes[sel];
	const struct target *t = app_target(a);

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
	case 27: return ACT_BACK;
	case '\n':
	case KEY_ENTER: return ACT_NEXT;
	}
	return ACT_NONE;
}

const struct screen scr_scopes = {
	.title = "Step 3 of 8: scopes",
	.draw = draw,
	.key = key,
	.keys = keys,
};
