/* Vault: create it (passphrase twice) or unlock it, then save the profile. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "bcsetup/mem.h"
#include "bcsetup/vault.h"
#include "tui.h"
#include "ui_form.h"

/* The screen's state. */
static struct {
	struct ui_form form;
	int creating; /* no vault yet: the passphrase twice */
	int saved;    /* the profile is in the vault */
} v;

static void save(struct app *a)
{
	char err[320];

	if (a->rotating) {
		/* A rotation is saved by the live test, and only if the new token passes. */
		v.saved = 1;
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
	v.saved = 1;
	/* Only now is the downloaded file no longer the one copy. */
	tui_status(a, 0, "Saved profile %s in the vault.%s%s%s Enter %s.", a->profile,
		   a->imported[0] ? " You can delete " : "", a->imported,
		   a->imported[0] ? " now." : "", a->app_kind ? "goes on" : "runs the live test");
}

static void enter(struct app *a)
{
	struct ui_field_spec spec[2] = {{6, 24, 32, 1}, {8, 24, 32, 1}};

	v.saved = 0;
	v.creating = !vault_exists(a->vault_path);
	if (a->vault) {
		save(a);
		return;
	}
	ui_form_make(&v.form, spec, v.creating ? 2 : 1, NULL, 0);
}

static void draw(struct app *a)
{
	char p1[2048], p2[2048];

	{
		char line[sizeof a->vault_path + 16];
		snprintf(line, sizeof line, "Vault: %s", a->vault_path);
		ui_put(a, 2, 2, COLS - 4, line);
	}
	if (a->vault) {
		mvprintw(4, 2, v.saved ? "Profile %s is saved, encrypted." : "Saving profile %s...",
			 a->profile);
		return;
	}
	ui_wrap(3, 2, COLS - 4,
		v.creating
			? "A new vault: choose a passphrase. It encrypts every profile; it cannot "
			  "be recovered if lost."
			: "Unlock the vault to save the profile in it.",
		A_NORMAL);
	mvprintw(6, 2, v.creating ? "New passphrase:" : "Passphrase:");
	ui_form_value(&v.form, 0, p1, sizeof p1);
	if (v.creating) {
		mvprintw(8, 2, "The same again:");
		ui_form_value(&v.form, 1, p2, sizeof p2);
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
	ui_form_draw(&v.form);
}

static enum action type(struct app *a, int ch)
{
	if (ui_form_key(&v.form, ch) < 0)
		tui_status(a, 1, UI_FORM_REFUSED);
	return ACT_NONE;
}

/* The vault open: the profile saved (once more if it failed), then on. */
static enum action next(struct app *a, int ch)
{
	(void)ch;
	if (!v.saved)
		save(a);
	return v.saved ? ACT_NEXT : ACT_NONE;
}

/* The passphrase typed: the vault created or opened, and the profile saved. */
static enum action open_vault(struct app *a, int ch)
{
	char *p1, *p2, err[320];
	int ok = 0;

	(void)ch;
	p1 = secret_alloc(2048);
	p2 = secret_alloc(2048);
	if (!p1 || !p2)
		goto out;
	ui_form_value(&v.form, 0, p1, 2048);
	if (v.creating)
		ui_form_value(&v.form, 1, p2, 2048);
	if (!*p1)
		tui_status(a, 1, "Type a passphrase.");
	else if (v.creating && ui_form_current(&v.form) == 0 && !*p2)
		ui_form_key(&v.form, '\t'); /* Enter after the first: on to the second */
	else if (v.creating && strcmp(p1, p2) != 0)
		tui_status(a, 1, "The two passphrases differ.");
	else if (app_vault_open(a, p1, v.creating, err, sizeof err) != 0)
		tui_status(a, 1, "%s", err);
	else
		ok = 1;
out:
	secret_free(p1);
	secret_free(p2);
	if (ok) {
		ui_form_free(&v.form);
		save(a);
	}
	return ACT_NONE;
}

static enum action paste(struct app *a, const char *text)
{
	if (!a->vault && ui_form_paste(&v.form, text))
		tui_status(a, 1, UI_FORM_REFUSED);
	return ACT_NONE;
}

static void leave(struct app *a)
{
	(void)a;
	ui_form_free(&v.form);
}

static const struct binding keys[] = {
	{.key = "Enter",
	 .what = "continue",
	 .help = "Opens the vault with the passphrase and saves the profile.",
	 .codes = {K_ENTER},
	 .run = open_vault,
	 .prio = 2},
	KEYS_TYPING("the passphrase", type),
	{0}};
static const struct binding create_keys[] = {
	{.key = "Enter",
	 .what = "continue",
	 .help = "Creates the vault with this passphrase and saves the profile.",
	 .codes = {K_ENTER},
	 .run = open_vault,
	 .prio = 2},
	{.key = "Tab",
	 .what = "other field",
	 .help = "Moves between the passphrase and its repetition.",
	 .codes = {'\t', KEY_BTAB, KEY_UP, KEY_DOWN},
	 .run = type,
	 .prio = 1},
	KEYS_TYPING("the passphrase", type),
	{0}};
static const struct binding saved_keys[] = {{.key = "Enter",
					     .what = "live test",
					     .help = "Runs the live test of the token just saved.",
					     .codes = {K_ENTER},
					     .run = next,
					     .prio = 2},
					    {0}};
static const struct binding app_saved_keys[] = {
	{.key = "Enter",
	 .what = "next",
	 .help = "Says how an app's client is verified, then the hand-off.",
	 .codes = {K_ENTER},
	 .run = next,
	 .prio = 2},
	{0}};
static const struct binding *const tables[] = {keys, create_keys, saved_keys, app_saved_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	return a->vault     ? (a->app_kind && !a->rotating ? app_saved_keys : saved_keys)
	       : v.creating ? create_keys
			    : keys;
}

const struct screen scr_vault = {
	.title = "the vault",
	.enter = enter,
	.draw = draw,
	.paste = paste,
	.leave = leave,
	.keys_for = keys_for,
	.tables = tables,
};
