/* Target: which system the credentials are for, and the capabilities it offers. */
#include <stdio.h>
#include <string.h>

#include "tui.h"
#include "ui_menu.h"

/* The screen's state: the list, then, for a target that has them, its
 * capabilities (v.caps_mode) and the kind of credentials (v.kind_mode). */
static struct {
	struct ui_menu menu;
	const char *names[16];
	int caps_mode, cap_sel;
	int kind_mode, kind_sel; /* API account or app: asked of targets that take both */
	int warned;              /* Enter below the guide's least: the warning shown once */
	int built_cols, built_lines;
} v;

/* "Auth type: Token, Auth type: Basic": the hand-offs one kind of
 * credentials serves, as the target v.names them. */
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

	ui_menu_free(&v.menu);
	for (i = 0; i < tl->n && i < 16; i++) {
		v.names[i] = tl->targets[i].name;
	}
	/* Names only: the selected one's summary is wrapped below, never cut. */
	ui_menu_make(&v.menu, v.names, NULL, i, 4, 2, tl->n, COLS - 4,
		     a->target > 0 ? a->target : 0);
	v.built_cols = COLS;
	v.built_lines = LINES;
}

static void enter(struct app *a)
{
	v.caps_mode = v.kind_mode = 0;
	build(a);
}

static void draw(struct app *a)
{
	const struct target *t;
	int i, y;

	if (COLS != v.built_cols || LINES != v.built_lines)
		build(a);
	mvprintw(2, 2, "Which system asks for the BigCommerce credentials?");
	ui_menu_draw(&v.menu);
	t = &a->s->targets.targets[ui_menu_current(&v.menu)];
	y = 5 + a->s->targets.n;
	y = ui_wrap(y, 2, COLS - 4, t->summary, A_NORMAL);
	if (t->derived)
		y = ui_wrap(y, 2, COLS - 4, t->derived, ui_attr(UI_DIM));
	if (t->pick)
		y = ui_wrap(y, 2, COLS - 4, t->pick, ui_attr(UI_DIM));
	if (v.kind_mode) {
		char names_of[256], line[300];
		static const char *const kinds[] = {"An API account", "An app"};
		y = ui_wrap(y + 1, 2, COLS - 4,
			    "It takes two kinds of credentials. Which will you give it?", A_NORMAL);
		for (i = 0; i < 2; i++) {
			kind_names(t, i, names_of, sizeof names_of);
			if (i == v.kind_sel)
				attron(ui_attr(UI_SELECT));
			snprintf(line, sizeof line, "%s (%s)", kinds[i], names_of);
			ui_put(a, y + 1 + i, 4, COLS - 6, line);
			if (i == v.kind_sel)
				attroff(ui_attr(UI_SELECT));
		}
		return;
	}
	if (!v.caps_mode)
		return;
	mvprintw(++y, 2, "What should %s do? (Space toggles; the scopes follow)", t->name);
	for (i = 0; i < t->ncaps; i++) {
		if (i == v.cap_sel)
			attron(ui_attr(UI_SELECT));
		mvprintw(y + 1 + i, 4, "[%c] %s", a->caps & (1u << i) ? 'x' : ' ', t->caps[i].name);
		if (i == v.cap_sel)
			attroff(ui_attr(UI_SELECT));
	}
}

/* After the target (and its capabilities): an app or an API account, when
 * the target takes both. */
static enum action chosen(struct app *a)
{
	if (app_target_takes_app(app_target(a))) {
		v.kind_mode = 1;
		v.kind_sel = a->app_kind;
		return ACT_NONE;
	}
	a->app_kind = 0;
	return ACT_NEXT;
}

static enum action updown(struct app *a, int ch)
{
	(void)a;
	ui_menu_key(&v.menu, ch);
	return ACT_NONE;
}

static enum action choose(struct app *a, int ch)
{
	(void)ch;
	if (ui_menu_current(&v.menu) != a->target)
		a->caps = 0;
	app_set_target(a, ui_menu_current(&v.menu));
	if (app_target(a)->ncaps) {
		v.caps_mode = 1;
		v.cap_sel = 0;
		return ACT_NONE;
	}
	return chosen(a);
}

static enum action cap_move(struct app *a, int ch)
{
	if ((ch == KEY_UP || ch == 'k') && v.cap_sel > 0)
		v.cap_sel--;
	else if ((ch == KEY_DOWN || ch == 'j') && v.cap_sel < app_target(a)->ncaps - 1)
		v.cap_sel++;
	return ACT_NONE;
}

static enum action cap_toggle(struct app *a, int ch)
{
	(void)ch;
	a->caps ^= 1u << v.cap_sel;
	v.warned = 0;
	return ACT_NONE;
}

/* The capabilities chosen: at least one, and the guide's least, or said. */
static enum action caps_done(struct app *a, int ch)
{
	const struct target *t = app_target(a);
	int i;

	(void)ch;
	if (!a->caps) {
		tui_status(a, 1, "Choose at least one.");
		return ACT_NONE;
	}
	for (i = 0; i < t->ncaps && !v.warned; i++)
		if (t->caps[i].minimum && !(a->caps & (1u << i))) {
			v.warned = 1;
			tui_status(a, 1, "%s: %s. Enter again to go on without %s.", t->name,
				   t->caps[i].minimum, t->caps[i].name);
			return ACT_NONE;
		}
	v.warned = 0;
	app_set_target(a, a->target);
	v.caps_mode = 0;
	return chosen(a);
}

/* Esc from the capabilities or the kind: back to the list. */
static enum action list(struct app *a, int ch)
{
	(void)a;
	(void)ch;
	v.caps_mode = v.kind_mode = 0;
	return ACT_NONE;
}

static enum action kind_move(struct app *a, int ch)
{
	(void)a;
	v.kind_sel = ch == KEY_DOWN || ch == 'j';
	return ACT_NONE;
}

static enum action kind_choose(struct app *a, int ch)
{
	(void)ch;
	v.kind_mode = 0;
	a->app_kind = v.kind_sel;
	return ACT_NEXT;
}

static void leave(struct app *a)
{
	(void)a;
	ui_menu_free(&v.menu);
}

#define BACK_TO_LIST                                                                               \
	{                                                                                          \
		.key = "Esc", .what = "integrations", .help = "Back to the list of integrations.", \
		.codes = {27}, .run = list                                                         \
	}
static const struct binding keys[] = {{.key = "Up/Down",
				       .what = "move",
				       .codes = {K_UPDOWN, KEY_HOME, KEY_END},
				       .run = updown,
				       .prio = 1},
				      {.key = "Enter",
				       .what = "choose",
				       .help = "Presets the scopes this integration needs.",
				       .codes = {K_ENTER},
				       .run = choose,
				       .prio = 2},
				      {0}};
static const struct binding cap_keys[] = {
	{.key = "Up/Down", .what = "move", .codes = {K_UPDOWN}, .run = cap_move, .prio = 1},
	{.key = "Space",
	 .what = "toggle",
	 .help = "Ticks or unticks what the integration should do; the scopes follow.",
	 .codes = {' ', 'x'},
	 .run = cap_toggle,
	 .prio = 1},
	{.key = "Enter", .what = "continue", .codes = {K_ENTER}, .run = caps_done, .prio = 2},
	BACK_TO_LIST,
	{0}};
static const struct binding kind_keys[] = {
	{.key = "Up/Down", .what = "move", .codes = {K_UPDOWN}, .run = kind_move, .prio = 1},
	{.key = "Enter",
	 .what = "choose",
	 .help = "An API account is made in the store's control panel; an app in BigCommerce's "
		 "Developer Portal.",
	 .codes = {K_ENTER},
	 .run = kind_choose,
	 .prio = 2},
	BACK_TO_LIST,
	{0}};
static const struct binding *const tables[] = {keys, cap_keys, kind_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	(void)a;
	return v.kind_mode ? kind_keys : v.caps_mode ? cap_keys : keys;
}

const struct screen scr_target = {
	.title = "the integration",
	.enter = enter,
	.draw = draw,
	.leave = leave,
	.keys_for = keys_for,
	.tables = tables,
};
