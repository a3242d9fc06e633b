/* Save in BigCommerce: the values appear once; in the demo, the practice
 * store "creates" the account with the scopes picked. */
#include <stdio.h>
#include <string.h>

#include "bcsetup/demo.h"
#include "bcsetup/mem.h"
#include "tui.h"

/* The scopes picked, on as few lines as they take from row y; returns the
 * row after them. */
static int draw_picks(struct app *a, int y)
{
	const struct scope_catalogue *cat = &a->s->cat;
	int i, x = 4;

	for (i = 0; i < cat->n; i++) {
		char item[80];
		int len;
		if (a->levels[i] == 0)
			continue;
		len = snprintf(item, sizeof item, "%s: %s", cat->scopes[i].name,
			       cat->scopes[i].levels[a->levels[i]]);
		if (x + len + 3 > COLS - 2) {
			y++;
			x = 4;
		}
		mvprintw(y, x, "%s", item);
		x += len + 3;
	}
	return y + 2;
}

static void draw_app(struct app *a)
{
	int y = 2, w = COLS - 4;

	y = ui_wrap(y, 2, w, "Check the app's scopes once more, then save it:", A_NORMAL);
	y = draw_picks(a, y);
	y = ui_wrap(y, 2, w,
		    "Then View Client ID shows the app's Client ID and Client secret. Keep "
		    "them at hand for the next step; the secret can be shown again there, "
		    "and replaced if it leaks.",
		    A_NORMAL) +
	    1;
	if (a->demo)
		ui_wrap(y, 2, w,
			"Practice store: Enter makes the app, as the Developer Portal would, "
			"and brings its Client ID and secret to the next step.",
			ui_attr(UI_DIM));
}

static void draw(struct app *a)
{
	int y = 2, w = COLS - 4;

	if (a->app_kind) {
		draw_app(a);
		return;
	}
	y = ui_wrap(y, 2, w,
		    "Check the scopes once more, then click Save in the control panel:", A_NORMAL);
	y = draw_picks(a, y);
	y = ui_wrap(y, 2, w,
		    "When you save, BigCommerce shows the Client ID, Client Secret, "
		    "Access Token and API Path ONCE, and your browser downloads a .txt "
		    "file with the same values. Neither can be shown again.",
		    ui_attr(UI_WARN)) +
	    1;
	y = ui_wrap(y, 2, w,
		    "Keep the pop-up open, or the downloaded file, for the next step. "
		    "Once bcsetup has the values in its vault, delete the file.",
		    A_NORMAL);
	if (a->demo)
		ui_wrap(y + 1, 2, w,
			"Practice store: Enter creates the account with exactly these "
			"scopes and writes its credentials file, as the browser would. "
			"m makes the most common mistake instead: one required scope "
			"left unticked, to see how bcsetup catches it.",
			ui_attr(UI_DIM));
}

/* The practice store makes the account (or the app), with every scope
 * picked but forget (-1: none). */
static enum action save_as(struct app *a, int forget)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const char *ids[SCOPES_MAX];
	struct bc_err err;
	int i, n = 0;

	if (a->app_kind) {
		/* The app's values go straight into the next screen's fields. */
		for (i = 0; i < 6; i++)
			if (!a->fields[i] && !(a->fields[i] = secret_alloc(APP_FIELD_SIZE)))
				return ACT_NONE;
		if (demo_create_app(a->practice.url, a->practice.key, "demo42x", a->fields[2],
				    APP_FIELD_SIZE, a->fields[3], APP_FIELD_SIZE, &err) != BC_OK) {
			tui_status(a, 1, "%s", err.msg);
			return ACT_NONE;
		}
		snprintf(a->fields[1], APP_FIELD_SIZE, "%s", "demo42x");
		a->unsaved = 1;
		return ACT_NEXT;
	}
	for (i = 0; i < cat->n; i++)
		if (a->levels[i] > 0 && i != forget && cat->scopes[i].ids[a->levels[i]])
			ids[n++] = cat->scopes[i].ids[a->levels[i]];
	if (demo_create_account(
		    a->practice.url, a->practice.key, "demo42x", app_account_name(a), ids, n,
		    /* The integration's webhooks, made once it connects; a
		     * replacement account has none yet. */
		    a->rotating ? 0 : 2, a->downloaded, sizeof a->downloaded, &err) != BC_OK) {
		tui_status(a, 1, "%s", err.msg);
		return ACT_NONE;
	}
	return ACT_NEXT;
}

static enum action save(struct app *a, int ch)
{
	(void)ch;
	return save_as(a, -1);
}

/* The most common mistake: the last scope asked for left unticked. */
static enum action save_mistake(struct app *a, int ch)
{
	int i, forget = -1;

	(void)ch;
	for (i = 0; i < a->s->cat.n; i++)
		if (a->levels[i] > 0)
			forget = i;
	if (forget < 0) {
		tui_status(a, 1, "Nothing is required here, so there is no mistake to make.");
		return ACT_NONE;
	}
	return save_as(a, forget);
}

static const struct binding keys[] = {{.key = "Enter",
				       .what = "I saved it; next",
				       .help = "The pop-up shows the values: on to paste them.",
				       .codes = {K_ENTER},
				       .run = go_next,
				       .prio = 2},
				      {0}};
static const struct binding demo_keys[] = {
	{.key = "Enter",
	 .what = "save",
	 .help = "The practice store creates the account with these scopes and writes its file.",
	 .codes = {K_ENTER},
	 .run = save,
	 .prio = 2},
	{.key = "m",
	 .what = "save with a mistake",
	 .help = "Creates it with one required scope left unticked, to see the check catch it.",
	 .codes = {'m'},
	 .run = save_mistake},
	{0}};
static const struct binding app_demo_keys[] = {
	{.key = "Enter",
	 .what = "save",
	 .help = "The practice store's Developer Portal makes the app: its Client ID and secret.",
	 .codes = {K_ENTER},
	 .run = save,
	 .prio = 2},
	{0}};
static const struct binding *const tables[] = {keys, demo_keys, app_demo_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	return a->demo ? (a->app_kind ? app_demo_keys : demo_keys) : keys;
}

static const char *title_for(const struct app *a)
{
	return a->app_kind ? "save the app" : "save the API account";
}

const struct screen scr_savebc = {
	.title = "save the API account",
	.title_for = title_for,
	.draw = draw,
	.keys_for = keys_for,
	.tables = tables,
};
