/* Target: which system the credentials are for, and the capabilities it offers. */
#include <stdio.h>
#include <string.h>

#include "tui.h"
#include "ui_menu.h"

static struct ui_menu menu;
static const char *names[16];
static int caps_mode, cap_sel;
static int kind_mode, kind_sel; /* API account or app: asked of targets that take both */
static int warned;              /* Enter below the guide's least: the warning shown once */
static const struct keyhelp keys[] = {
	{"Up/Down", "move", NULL, {K_UPDOWN, KEY_HOME, KEY_END}},
	{"Enter", "choose", "Presets the scopes this integration needs.", {K_ENTER}},
	{0}};
static const struct keyhelp cap_keys[] = {
	{"Up/Down", "move", NULL, {K_UPDOWN}},
	{"Space",
	 "toggle",
	 "Ticks or unticks what the integration should do; the scopes follow.",
	 {' ', 'x'}},
	{"Enter", "continue", NULL, {K_ENTER}},
	{"Esc", "integrations", "Back to the list of integrations.", {27}},
	{0}};
static const struct keyhelp kind_keys[] = {
	{"Up/Down", "move", NULL, {K_UPDOWN}},
	{"Enter",
	 "choose",
	 "An API account is made in the store's control panel; an app in BigCommerce's "
	 "Developer Portal.",
	 {K_ENTER}},
	{"Esc", "integrations", "Back to the list of integrations.", {27}},
	{0}};
static int built_cols, built_lines;

/* "Auth type: Token, Auth type: Basic": the hand-offs one kind of
 * credentials serves, as the target names them. */
static void kind_names(const struct target *t, int app, char *buf, size_t size)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < t->nvariants && off < size; i++)
		if (t->variants[i].app == app)
			off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? ", " : "",
						t->variants[i].name);
}

static void build(struct app *a)
{
	const struct target_list *tl = &a->s->targets;
	int i;

	ui_menu_free(&menu);
	for (i = 0; i < tl->n && i < 16; i++) {
		names[i] = tl->targets[i].name;
	}
	/* Names only: the selected one's summary is wrapped below, never cut. */
	ui_menu_make(&menu, names, NULL, i, 4, 2, tl->n, COLS - 4, a->target > 0 ? a->target : 0);
	built_cols = COLS;
	built_lines = LINES;
}

static void enter(struct app *a)
{
	caps_mode = kind_mode = 0;
	build(a);
}

static void draw(struct app *a)
{
	const struct target *t;
	int i, y;

	if (COLS != built_cols || LINES != built_lines)
		build(a);
	mvprintw(2, 2, "Which system asks for the BigCommerce credentials?");
	ui_menu_draw(&menu);
	t = &a->s->targets.targets[ui_menu_current(&menu)];
	y = 5 + a->s->targets.n;
	y = ui_wrap(y, 2, COLS - 4, t->summary, A_NORMAL);
	if (t->derived)
		y = ui_wrap(y, 2, COLS - 4, t->derived, ui_attr(UI_DIM));
	if (t->pick)
		y = ui_wrap(y, 2, COLS - 4, t->pick, ui_attr(UI_DIM));
	if (kind_mode) {
		char names_of[256], line[300];
		static const char *const kinds[] = {"An API account", "An app"};
		y = ui_wrap(y + 1, 2, COLS - 4,
			    "It takes two kinds of credentials. Which will you give it?", A_NORMAL);
		for (i = 0; i < 2; i++) {
			kind_names(t, i, names_of, sizeof names_of);
			if (i == kind_sel)
				attron(ui_attr(UI_SELECT));
			snprintf(line, sizeof line, "%s (%s)", kinds[i], names_of);
			mvaddnstr(y + 1 + i, 4, line, COLS - 6);
			if (i == kind_sel)
				attroff(ui_attr(UI_SELECT));
		}
		return;
	}
	if (!caps_mode)
		return;
	mvprintw(++y, 2, "What should %s do? (Space toggles; the scopes follow)", t->name);
	for (i = 0; i < t->ncaps; i++) {
		if (i == cap_sel)
			attron(ui_attr(UI_SELECT));
		mvprintw(y + 1 + i, 4, "[%c] %s", a->caps & (1u << i) ? 'x' : ' ', t->caps[i].name);
		if (i == cap_sel)
			attroff(ui_attr(UI_SELECT));
	}
}

/* After the target (and its capabilities): an app or an API account, when
 * the target takes both. */
static enum action chosen(struct app *a)
{
	if (app_target_takes_app(app_target(a))) {
		kind_mode = 1;
		kind_sel = a->app_kind;
		return ACT_NONE;
	}
	a->app_kind = 0;
	return ACT_NEXT;
}

static enum action key(struct app *a, int ch)
{
	const struct target *t;
	int i;

	if (kind_mode) {
		switch (ch) {
		case KEY_UP:
		case 'k': kind_sel = 0; return ACT_NONE;
		case KEY_DOWN:
		case 'j': kind_sel = 1; return ACT_NONE;
		case 27: kind_mode = 0; return ACT_NONE;
		}
		kind_mode = 0;
		a->app_kind = kind_sel;
		return ACT_NEXT;
	}

	if (caps_mode) {
		t = app_target(a);
		switch (ch) {
		case KEY_UP:
		case 'k':
			if (cap_sel > 0)
				cap_sel--;
			return ACT_NONE;
		case KEY_DOWN:
		case 'j':
			if (cap_sel < t->ncaps - 1)
				cap_sel++;
			return ACT_NONE;
		case ' ':
		case 'x':
			a->caps ^= 1u << cap_sel;
			warned = 0;
			return ACT_NONE;
		case 27: caps_mode = 0; return ACT_NONE;
		}
		/* Enter */
		if (!a->caps) {
			tui_status(a, 1, "Choose at least one.");
			return ACT_NONE;
		}
		for (i = 0; i < t->ncaps && !warned; i++)
			if (t->caps[i].minimum && !(a->caps & (1u << i))) {
				warned = 1;
				tui_status(a, 1, "%s: %s. Enter again to go on without %s.",
					   t->name, t->caps[i].minimum, t->caps[i].name);
				return ACT_NONE;
			}
		warned = 0;
		app_set_target(a, a->target);
		caps_mode = 0;
		return chosen(a);
	}
	if (ui_menu_key(&menu, ch))
		return ACT_NONE;
	if (ui_menu_current(&menu) != a->target)
		a->caps = 0;
	app_set_target(a, ui_menu_current(&menu));
	if (app_target(a)->ncaps) {
		caps_mode = 1;
		cap_sel = 0;
		return ACT_NONE;
	}
	return chosen(a);
}

static void leave(struct app *a)
{
	(void)a;
	ui_menu_free(&menu);
}

static const struct keyhelp *keys_for(const struct app *a)
{
	(void)a;
	return kind_mode ? kind_keys : caps_mode ? cap_keys : keys;
}

const struct screen scr_target = {
	.title = "Step 1 of 8: the integration",
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
	.keys_for = keys_for,
};
