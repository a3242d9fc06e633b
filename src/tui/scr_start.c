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

static struct ui_menu menu;
static char name_buf[MAX_ROWS][72], desc_buf[MAX_ROWS][240];
static const char *names[MAX_ROWS], *descs[MAX_ROWS];
static int nrows, chosen = -1; /* chosen: the profile whose actions are shown */
static const char *const actions[] = {"Check coverage now", "Show hand-off values"};
#define START_MOVE                                                                    \
	{                                                                             \
		"Up/Down", "move", "Moves the selection (PgUp/PgDn, Home/End jump).", \
		{                                                                     \
			K_UPDOWN, KEY_PPAGE, KEY_NPAGE, KEY_HOME, KEY_END             \
		}                                                                     \
	}
static const struct keyhelp keys[] = {
	START_MOVE,
	{"Enter", "choose", "A new connection, or the profile's actions.", {K_ENTER}},
	{"q", NULL, "Quits, as Esc does here.", {'q'}},
	{0}};
static const struct keyhelp profile_keys[] = {
	START_MOVE,
	{"Enter", "do it", "Runs the selected action on this profile.", {K_ENTER}},
	{"Esc", "profiles", "Back to the list of profiles.", {27}},
	{"q", NULL, "Quits.", {'q'}},
	{0}};

static void add_row(const char *name, const char *desc)
{
	snprintf(name_buf[nrows], sizeof name_buf[0], "%s", name);
	snprintf(desc_buf[nrows], sizeof desc_buf[0], "%s", desc);
	names[nrows] = name_buf[nrows];
	descs[nrows] = desc_buf[nrows];
	nrows++;
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
	snprintf(d, size, "%s %s %s", store, target,
		 lc.present || lc.attempt_time ? age : "never checked");
	if (!app_may_use(a, p)) {
		snprintf(d, size, "%s %s real store: not in the demo", store, target);
		return;
	}
	/* What needs the merchant first: an old token that still works. */
	profile_retired_waiting(p, &waiting, &alive);
	if (alive)
		snprintf(d + strlen(d), size - strlen(d), "; OLD TOKEN STILL WORKS");
	else if (waiting)
		snprintf(d + strlen(d), size - strlen(d), "; old account to delete");
	/* The fleet at a glance: a failing profile says why on its line. */
	if (lc.present && !lc.ok)
		snprintf(d + strlen(d), size - strlen(d), ": %s", lc.message ? lc.message : "?");
}

/* The descriptions, cut to the menu's width with a sign (the menu library
 * would cut them silently). */
static void fit_rows(struct app *a, int w)
{
	char cut[sizeof desc_buf[0]];
	int i, name_w = 0;

	for (i = 0; i < nrows; i++)
		if (text_width(names[i]) > name_w)
			name_w = text_width(names[i]);
	for (i = 0; i < nrows; i++) {
		text_fit(cut, sizeof cut, desc_buf[i], w - 2 - name_w - 1, a->utf8 ? "\u2026" : "~",
			 0);
		memcpy(desc_buf[i], cut, sizeof cut);
	}
}

static const char *rotate_action(struct app *a)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(
		a->vault ? vault_profiles(a->vault) : NULL, a->profile);
	int req[SCOPES_MAX];
	char gaps[8];

	profile_required(p, &a->s->cat, req);
	/* A token missing a scope is not rotated "with the same scopes". */
	if (p && profile_gaps(p, &a->s->cat, req, gaps, sizeof gaps) > 0)
		return "Replace the token (new API account with the scopes it lacks)";
	return "Rotate the token (new API account, same scopes)";
}

static void build(struct app *a)
{
	const cJSON *p, *profiles = a->vault ? vault_profiles(a->vault) : NULL;
	long long now = time(NULL);
	char d[sizeof desc_buf[0]];

	nrows = 0;
	ui_menu_free(&menu);
	if (chosen >= 0) {
		add_row(actions[0], "");
		add_row(actions[1], "");
		add_row(rotate_action(a), "");
		add_row("Correct a mistyped store hash or token", "");
	} else {
		add_row("New connection", "create an API account for an integration");
		cJSON_ArrayForEach (p, profiles) {
			if (nrows >= MAX_ROWS)
				break;
			describe(a, p, now, d, sizeof d);
			add_row(p->string, d);
		}
	}
	fit_rows(a, COLS - 4);
	ui_menu_make(&menu, names, descs, nrows, 4, 2, LINES - 8, COLS - 4, 0);
}

static int built_cols, built_lines;

static void enter(struct app *a)
{
	chosen = -1;
	build(a);
	built_cols = COLS;
	built_lines = LINES;
}

static void draw(struct app *a)
{
	if (COLS != built_cols || LINES != built_lines) {
		build(a);
		built_cols = COLS;
		built_lines = LINES;
	}
	mvprintw(2, 2,
		 chosen >= 0 ? "What to do with this profile:"
			     : "Connect a new integration, or pick a profile from the vault:");
	ui_menu_draw(&menu);
}

static enum action key(struct app *a, int ch)
{
	char err[320];
	int i;

	if (ui_menu_key(&menu, ch))
		return ACT_NONE;
	if (ch == 'q')
		return ACT_QUIT;
	if (ch == 27) {
		chosen = -1;
		build(a);
		return ACT_NONE;
	}
	i = ui_menu_current(&menu);
	if (chosen < 0 && i == 0) {
		app_begin_new(a);
		return ACT_NEXT;
	}
	if (chosen < 0) {
		chosen = i;
		snprintf(a->profile, sizeof a->profile, "%s", names[i]);
		tui_status(a, 0, "Profile %s", a->profile);
		build(a);
		return ACT_NONE;
	}
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
	a->go_to = i == 0 ? SCR_TEST : i == 1 ? SCR_HANDOFF : i == 2 ? SCR_PANEL : SCR_CREDS;
	return ACT_GOTO;
}

static void leave(struct app *a)
{
	(void)a;
	ui_menu_free(&menu);
}

static const struct keyhelp *keys_for(const struct app *a)
{
	(void)a;
	return chosen >= 0 ? profile_keys : keys;
}

const struct screen scr_start = {
	.title = "Start",
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
	.keys_for = keys_for,
};
