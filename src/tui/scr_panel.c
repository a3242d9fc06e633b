/* Open the control panel: where to go, the deep link, the account's name. */
#include <stdio.h>

#include "tui.h"

#define DEEP_LINK "https://login.bigcommerce.com/deep-links/settings/api-accounts/create"

static const struct keyhelp keys[] = {
	{"Enter", "next", "The account is created: on to its scopes.", {K_ENTER}},
	{"c",
	 "copy the link",
	 "Sends the link to your clipboard (OSC 52; works over SSH in most terminals).",
	 {'c'}},
	{0}};

static void draw(struct app *a)
{
	const struct target *t = app_target(a);
	int y = 2, w = COLS - 4;

	if (a->rotating)
		y = ui_wrap(y, 2, w,
			    "Replacing the token: create a second API account with the scopes on the "
			    "next screens. The old account keeps working until you delete it, after "
			    "the new token is checked and in the integration.",
			    ui_attr(UI_WARN)) +
		    1;
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

static enum action key(struct app *a, int ch)
{
	if (ch == 'c') {
		if (ui_copy(DEEP_LINK) == 0)
			tui_status(a, 0,
				   "Link sent to your clipboard (OSC 52). If nothing arrived, "
				   "your terminal does not allow it: copy it from the screen.");
		return ACT_NONE;
	}
	return ACT_NEXT;
}

const struct screen scr_panel = {
	.title = "Step 2 of 8: open the control panel",
	.draw = draw,
	.key = key,
	.keys = keys,
};
