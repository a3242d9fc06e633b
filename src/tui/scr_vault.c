/* Vault: create it (passphrase twice) or unlock it, then save the profile. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "bcsetup/mem.h"
#include "bcsetup/vault.h"
#include "tui.h"
#include "ui_form.h"

static struct ui_form form;
static int creating, saved;
static const struct keyhelp keys[] = {{"Enter",
				       "continue",
				       "Opens the vault with the passphrase and saves the profile.",
				       {K_ENTER}},
				      KEYS_TYPING("the passphrase"),
				      {0}};
static const struct keyhelp create_keys[] = {
	{"Enter",
	 "continue",
	 "Creates the vault with this passphrase and saves the profile.",
	 {K_ENTER}},
	{"Tab",
	 "other field",
	 "Moves between the passphrase and its repetition.",
	 {'\t', KEY_BTAB, KEY_UP, KEY_DOWN}},
	KEYS_TYPING("the passphrase"),
	{0}};
static const struct keyhelp saved_keys[] = {
	{"Enter", "live test", "Runs the live test of the token just saved.", {K_ENTER}}, {0}};
static const struct keyhelp app_saved_keys[] = {
	{"Enter", "next", "Says how an app's client is verified, then the hand-off.", {K_ENTER}},
	{0}};

static void save(struct app *a)
{
	char err[320];

	if (a->rotating) {
		/* A rotation is saved by the live test, and only if the new token passes. */
		saved = 1;
		tui_status(a, 0,
			   "Rotation: Enter checks the new token; it replaces the old one "
			   "only if it covers what %s needs.",
			   a->profile);
		return;
	}
	if (app_save_profile(a, err, sizeof err) != 0) {
		tui_status(a, 1, "Not saved: %s", err);
		return;
	}
	saved = 1;
	/* Only now is the downloaded file no longer the one copy. */
	tui_status(a, 0, "Saved profile %s in the vault.%s%s%s Enter %s.", a->profile,
		   a->imported[0] ? " You can delete " : "", a->imported,
		   a->imported[0] ? " now." : "", a->app_kind ? "goes on" : "runs the live test");
}

static void enter(struct app *a)
{
	struct ui_field_spec spec[2] = {{6, 24, 32, 1}, {8, 24, 32, 1}};

	saved = 0;
	creating = !vault_exists(a->vault_path);
	if (a->vault) {
		save(a);
		return;
	}
	ui_form_make(&form, spec, creating ? 2 : 1, NULL, 0);
}

static void draw(struct app *a)
{
	char p1[2048], p2[2048];

	mvprintw(2, 2, "Vault: %.*s", COLS - 12, a->vault_path);
	if (a->vault) {
		mvprintw(4, 2, saved ? "Profile %s is saved, encrypted." : "Saving profile %s...",
			 a->profile);
		return;
	}
	ui_wrap(3, 2, COLS - 4,
		creating ? "A new vault: choose a passphrase. It encrypts every profile; it cannot "
			   "be recovered if lost."
			 : "Unlock the vault to save the profile in it.",
		A_NORMAL);
	mvprintw(6, 2, creating ? "New passphrase:" : "Passphrase:");
	ui_form_value(&form, 0, p1, sizeof p1);
	if (creating) {
		mvprintw(8, 2, "The same again:");
		ui_form_value(&form, 1, p2, sizeof p2);
		attron(ui_attr(UI_DIM));
		mvprintw(7, 24, "%d characters", ui_cols(p1));
		if (p1[0] && ui_cols(p1) < 12)
			ui_wrap(11, 2, COLS - 4,
				"Short: a few random words make a stronger passphrase.", A_NORMAL);
		mvprintw(9, 24, "%s", !p2[0] ? "" : strcmp(p1, p2) ? "differs" : "matches");
		attroff(ui_attr(UI_DIM));
		sodium_memzero(p2, sizeof p2);
	}
	sodium_memzero(p1, sizeof p1);
	ui_form_draw(&form);
}

static enum action key(struct app *a, int ch)
{
	char *p1, *p2, err[320];
	int ok = 0;

	if (ch != '\n' && ch != '\r' && ch != KEY_ENTER) {
		if (!a->vault && ui_form_key(&form, ch) < 0)
			tui_status(a, 1, UI_FORM_REFUSED);
		return ACT_NONE;
	}
	if (a->vault) {
		if (!saved)
			save(a);
		return saved ? ACT_NEXT : ACT_NONE;
	}
	p1 = secret_alloc(2048);
	p2 = secret_alloc(2048);
	if (!p1 || !p2)
		goto out;
	ui_form_value(&form, 0, p1, 2048);
	if (creating)
		ui_form_value(&form, 1, p2, 2048);
	if (!*p1)
		tui_status(a, 1, "Type a passphrase.");
	else if (creating && ui_form_current(&form) == 0 && !*p2)
		ui_form_key(&form, '\t'); /* Enter after the first: on to the second */
	else if (creating && strcmp(p1, p2) != 0)
		tui_status(a, 1, "The two passphrases differ.");
	else if (app_vault_open(a, p1, creating, err, sizeof err) != 0)
		tui_status(a, 1, "%s", err);
	else
		ok = 1;
out:
	secret_free(p1);
	secret_free(p2);
	if (ok) {
		ui_form_free(&form);
		save(a);
	}
	return ACT_NONE;
}

static enum action paste(struct app *a, const char *text)
{
	if (!a->vault && ui_form_paste(&form, text))
		tui_status(a, 1, UI_FORM_REFUSED);
	return ACT_NONE;
}

static void leave(struct app *a)
{
	(void)a;
	ui_form_free(&form);
}

static const struct keyhelp *keys_for(const struct app *a)
{
	return a->vault   ? (a->app_kind && !a->rotating ? app_saved_keys : saved_keys)
	       : creating ? create_keys
			  : keys;
}

const struct screen scr_vault = {
	.title = "Step 6 of 8: the vault",
	.enter = enter,
	.draw = draw,
	.key = key,
	.paste = paste,
	.leave = leave,
	.keys_for = keys_for,
};
