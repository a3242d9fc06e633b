/* Open the control panel: where to go, the deep link, the account's name. */
#include <stdio.h>

#include "tui.h"

#define DEEP_LINK "https://login.bigcommerce.com/deep-links/settings/api-accounts/create"

/* An app: made in the Developer Portal, as the target's hand-off says. */
static void draw_app(struct app *a, const struct handoff_variant *v)
{
	int y = 2, w = COLS - 4, i;
	char step[600];

	y = ui_wrap(
		y, 2, w,
		"In a browser, logged in as the store owner, open the Developer Portal:", A_NORMAL);
	y = ui_wrap(y, 4, w - 2, v->link, ui_attr(UI_KEY)) + 1;
	for (i = 0; i < v->nsteps && y < LINES - 4; i++) {
		snprintf(step, sizeof step, "%d. %s", i + 1, v->steps[i]);
		y = ui_wrap(y, 2, w, step, A_NORMAL);
	}
	if (a->demo && y < LINES - 4)
		ui_wrap(y + 1, 2, w,
			"Practice store: no browser step; it makes the app when you save, two "
			"screens on.",
			ui_attr(UI_DIM));
}

static const char *link_of(const struct app *a)
{
	const struct handoff_variant *v = a->app_kind ? app_variant(a) : NULL;

	return v ? v->link : DEEP_LINK;
}

static void draw(struct app *a)
{
	const struct target *t = app_target(a);
	int y = 2, w = COLS - 4;

	if (a->app_kind && app_variant(a)) {
		draw_app(a, app_variant(a));
		return;
	}

	if (a->rotating)
		y = ui_wrap(y, 2, w,
			    "Replacing the token: create a second API account with the scopes on the "
			    "next screens. The old account keeps working until you delete it, after "
			    "the new token is checked and in the integration.",
			    ui_attr(UI_WARN)) +
		    1;
	if (a->rotating && a->rotate_unsure) {
		char say[BC_ERR_MSG_MAX + 300];
		snprintf(
			say, sizeof say,
			"%d scope%s the old token held at a level \"or more\" could not be read "
			"again (%s): the new account needs the level above. The old account's page "
			"in the control panel shows what it really has; bcsetup rotate "
			"--accept-less takes less.",
			a->rotate_unsure, a->rotate_unsure > 1 ? "s" : "", a->rotate_why);
		y = ui_wrap(y, 2, w, say, ui_attr(UI_WARN)) + 1;
	}
	y = ui_wrap(y, 2, w,
		    "In a browser, logged in as the store owner, open the page that "
		    "creates a store-level API account:",
		    A_NORMAL) +
	    1;
	/* Wrapped, never cut: it is read to be typed or copied. */
	y = ui_wrap(y, 4, w - 2, DEEP_LINK, ui_attr(UI_KEY)) + 1;
	y = ui_wrap(y, 2, w,
		    "Or find it by hand: Settings > Store-level API accounts > Create API "
		    "Account (older control panels: Advanced Settings > API Accounts > "
		    "Create API Account).",
		    A_NORMAL) +
	    1;
	y = ui_wrap(y, 2, w, "Token type: V2/V3 API token (not Stencil-CLI).", A_BOLD);
	mvprintw(y++, 2, "Name: %s",
		 a->rotating || t ? app_account_name(a) : "any name you will recognise");
	if (a->demo)
		ui_wrap(y + 1, 2, w,
			"Practice store: there is no browser step. The practice store "
			"plays the control panel when you save, two screens on.",
			ui_attr(UI_DIM));
}

static enum action copy_link(struct app *a, int ch)
{
	(void)ch;
	if (ui_copy(link_of(a)) == 0)
		tui_status(a, 0,
			   "Link sent to your clipboard (OSC 52). If nothing arrived, "
			   "your terminal does not allow it: copy it from the screen.");
	return ACT_NONE;
}

static const struct binding keys[] = {
	{.key = "Enter",
	 .what = "next",
	 .help = "The account is created: on to its scopes.",
	 .codes = {K_ENTER},
	 .run = go_next,
	 .prio = 2},
	{.key = "c",
	 .what = "copy the link",
	 .help = "Sends the link to your clipboard (OSC 52; works over SSH in most terminals).",
	 .codes = {'c'},
	 .run = copy_link,
	 .prio = 1},
	{0}};
static const struct binding *const tables[] = {keys, NULL};

static const char *title_for(const struct app *a)
{
	return a->app_kind ? "the Developer Portal" : "open the control panel";
}

const struct screen scr_panel = {
	.title = "open the control panel",
	.title_for = title_for,
	.draw = draw,
	.keys = keys,
	.tables = tables,
};
