/* Start: a new connection, or one of the vault's profiles and what to do with it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "bcsetup/profile.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "tui.h"
#include "ui_menu.h"

#define MAX_ROWS 200

/* The screen's state. */
static struct {
	struct ui_menu menu;
	char name_buf[MAX_ROWS][72], desc_buf[MAX_ROWS][240];
	const char *names[MAX_ROWS], *descs[MAX_ROWS];
	int nrows;
	int chosen; /* the profile whose actions are shown, or -1 */
	int built_cols, built_lines;
} v = {.chosen = -1};
static const char *const actions[] = {"Check coverage now", "Show hand-off values"};

static void add_row(const char *name, const char *desc)
{
	snprintf(v.name_buf[v.nrows], sizeof v.name_buf[0], "%s", name);
	snprintf(v.desc_buf[v.nrows], sizeof v.desc_buf[0], "%s", desc);
	v.names[v.nrows] = v.name_buf[v.nrows];
	v.descs[v.nrows] = v.desc_buf[v.nrows];
	v.nrows++;
}

/* A profile's line: store, target and last check in columns that line up
 * whatever the store's name is written in, then what needs doing. */
static void describe(struct app *a, const cJSON *p, long long now, char *d, size_t size)
{
	const char *sn = profile_str(cJSON_GetObjectItemCaseSensitive(p, "store"), "name");
	const char *sign = a->utf8 ? "\u2026" : "~";
	char store[64], target[48], age[112];
	struct last_check lc;
	int waiting, alive;

	profile_last_check(p, &lc);
	profile_last_text(p, now, age, sizeof age);
	text_fit(store, sizeof store, sn ? sn : profile_str(p, "store_hash"), 14, sign, 1);
	text_fit(target, sizeof target, profile_str(p, "target") ? profile_str(p, "target") : "-",
		 10, sign, 1);
	if (!app_may_use(a, p)) {
		snprintf(d, size, "%s real store: not in the demo", store);
		return;
	}
	/* What needs the merchant first, before the age: an old token that
	 * still works, or an old account not yet confirmed deleted. */
	profile_retired_waiting(p, &waiting, &alive);
	/* Below 80 columns the name says the target: its column goes. */
	if (COLS < 80)
		target[0] = '\0';
	snprintf(d, size, "%s %s%s%s%.100s", store, target, target[0] ? " " : "",
		 alive     ? "OLD TOKEN STILL WORKS; "
		 : waiting ? "old account to delete; "
			   : "",
		 lc.present || lc.attempt_time ? age : "never checked");
	/* The fleet at a glance: a failing profile says why on its line. */
	if (lc.present && !lc.ok)
		snprintf(d + strlen(d), size - strlen(d), ": %s", lc.message ? lc.message : "?");
}

/* The descriptions, cut to the menu's width with a sign (the menu library
 * would cut them silently). */
static void fit_rows(struct app *a, int w)
{
	char cut[sizeof v.desc_buf[0]];
	int i, name_w = 0;

	for (i = 0; i < v.nrows; i++)
		if (text_width(v.names[i]) > name_w)
			name_w = text_width(v.names[i]);
	for (i = 0; i < v.nrows; i++) {
		text_fit(cut, sizeof cut, v.desc_buf[i], w - 2 - name_w - 1,
			 a->utf8 ? "\u2026" : "~", 0);
		memcpy(v.desc_buf[i], cut, sizeof cut);
	}
}

static const char *rotate_action(struct app *a)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(
		a->vault ? vault_profiles(a->vault) : NULL, a->profile);
	struct last_check lc;

	profile_last_check(p, &lc);
	/* A token shown missing a scope is not rotated "with the same scopes". */
	if (lc.present && !lc.ok && lc.kind && strcmp(lc.kind, "scope") == 0)
		return "Replace the token (new API account with the scopes it lacks)";
	return "Rotate the token (new API account, same scopes)";
}

static void build(struct app *a)
{
	const cJSON *p, *profiles = a->vault ? vault_profiles(a->vault) : NULL;
	long long now = time(NULL);
	char d[sizeof v.desc_buf[0]];

	v.nrows = 0;
	ui_menu_free(&v.menu);
	if (v.chosen >= 0) {
		add_row(actions[0], "");
		add_row(actions[1], "");
		add_row(rotate_action(a), "");
		add_row("Correct a mistyped store hash or token", "");
	} else {
		add_row("New connection", "create an API account for an integration");
		cJSON_ArrayForEach (p, profiles) {
			if (v.nrows >= MAX_ROWS)
				break;
			describe(a, p, now, d, sizeof d);
			add_row(p->string, d);
		}
	}
	fit_rows(a, COLS - 4);
	ui_menu_make(&v.menu, v.names, v.descs, v.nrows, 4, 2, LINES - 8, COLS - 4, 0);
}

static void enter(struct app *a)
{
	v.chosen = -1;
	build(a);
	v.built_cols = COLS;
	v.built_lines = LINES;
}

static void draw(struct app *a)
{
	if (COLS != v.built_cols || LINES != v.built_lines) {
		build(a);
		v.built_cols = COLS;
		v.built_lines = LINES;
	}
	mvprintw(2, 2,
		 v.chosen >= 0 ? "What to do with this profile:"
			       : "Connect a new integration, or pick a profile from the vault:");
	ui_menu_draw(&v.menu);
}

static enum action updown(struct app *a, int ch)
{
	(void)a;
	ui_menu_key(&v.menu, ch);
	return ACT_NONE;
}

/* From a profile's actions back to the list. */
static enum action profiles(struct app *a, int ch)
{
	(void)ch;
	v.chosen = -1;
	build(a);
	return ACT_NONE;
}

/* The list: a new connection, or a profile's actions. */
static enum action choose(struct app *a, int ch)
{
	int i = ui_menu_current(&v.menu);

	(void)ch;
	if (i == 0) {
		app_begin_new(a);
		return ACT_NEXT;
	}
	v.chosen = i;
	snprintf(a->profile, sizeof a->profile, "%s", v.names[i]);
	tui_status(a, 0, "Profile %s", a->profile);
	build(a);
	return ACT_NONE;
}

/* A profile's action: check, hand-off, rotate, correct. */
static enum action act(struct app *a, int ch)
{
	char err[320];
	int i = ui_menu_current(&v.menu);

	(void)ch;
	a->rotating = a->correcting = 0;
	if (app_load_profile(a, a->profile, err, sizeof err) != 0 ||
	    (i == 2 && app_begin_rotation(a, err, sizeof err) != 0)) {
		tui_status(a, 1, "%s", err);
		return ACT_NONE;
	}
	if (i == 3 && a->app_kind) {
		tui_status(a, 1, "%s holds an app: make it anew with New connection.", a->profile);
		return ACT_NONE;
	}
	if (i == 3)
		app_begin_correction(a);
	a->go_to = i == 0 ? SCR_LIVETEST : i == 1 ? SCR_HANDOFF : i == 2 ? SCR_PANEL : SCR_CREDS;
	return ACT_GOTO;
}

/* The fleet: every store, one column per scope required. */
static enum action fleet(struct app *a, int ch)
{
	(void)ch;
	if (v.nrows < 2) {
		tui_status(a, 1, "The vault has no profile yet.");
		return ACT_NONE;
	}
	a->go_to = SCR_FLEET;
	return ACT_GOTO;
}

static void leave(struct app *a)
{
	(void)a;
	ui_menu_free(&v.menu);
}

#define START_MOVE                                                                           \
	{                                                                                    \
		.key = "Up/Down", .what = "move",                                            \
		.help = "Moves the selection (PgUp/PgDn, Home/End jump).",                   \
		.codes = {K_UPDOWN, KEY_PPAGE, KEY_NPAGE, KEY_HOME, KEY_END}, .run = updown, \
		.prio = 1                                                                    \
	}
static const struct binding keys[] = {
	START_MOVE,
	{.key = "Enter",
	 .what = "choose",
	 .help = "A new connection, or the profile's actions.",
	 .codes = {K_ENTER},
	 .run = choose,
	 .prio = 2},
	{.key = "g",
	 .what = "fleet",
	 .help = "Every store on one line, with a column per scope any of them requires, from "
		 "their last checks.",
	 .codes = {'g'},
	 .run = fleet},
	{.key = "q", .help = "Quits, as Esc does here.", .codes = {'q'}, .run = go_quit},
	{0}};
static const struct binding profile_keys[] = {
	START_MOVE,
	{.key = "Enter",
	 .what = "do it",
	 .help = "Runs the selected action on this profile.",
	 .codes = {K_ENTER},
	 .run = act,
	 .prio = 2},
	{.key = "Esc",
	 .what = "profiles",
	 .help = "Back to the list of profiles.",
	 .codes = {27},
	 .run = profiles},
	{.key = "q", .help = "Quits.", .codes = {'q'}, .run = go_quit},
	{0}};
static const struct binding *const tables[] = {keys, profile_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	(void)a;
	return v.chosen >= 0 ? profile_keys : keys;
}

const struct screen scr_start = {
	.title = "Start",
	.enter = enter,
	.draw = draw,
	.leave = leave,
	.keys_for = keys_for,
	.tables = tables,
};
