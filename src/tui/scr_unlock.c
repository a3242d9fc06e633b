/* Unlock: the vault exists; its passphrase opens it. */
#include <string.h>

#include <sodium.h>

#include "bcsetup/mem.h"
#include "tui.h"
#include "ui_form.h"

/* The screen's state. */
static struct {
	struct ui_form form;
} v;

static void enter(struct app *a)
{
	const struct ui_field_spec spec = {5, 16, 32, 1};

	(void)a;
	ui_form_make(&v.form, &spec, 1, NULL, 0);
}

static void draw(struct app *a)
{
	char typed[2048];

	{
		char line[sizeof a->vault_path + 32];
		snprintf(line, sizeof line, "Your vault is at %s", a->vault_path);
		ui_put(a, 2, 2, COLS - 4, line);
	}
	mvprintw(3, 2, "Its passphrase unlocks every profile in it.");
	mvprintw(5, 2, "Passphrase:");
	ui_form_value(&v.form, 0, typed, sizeof typed);
	attron(ui_attr(UI_DIM));
	mvprintw(6, 16, "%d characters typed (not shown)", ui_cols(typed));
	attroff(ui_attr(UI_DIM));
	sodium_memzero(typed, sizeof typed);
	ui_form_draw(&v.form);
}

static enum action type(struct app *a, int ch)
{
	if (ui_form_key(&v.form, ch) < 0)
		tui_status(a, 1, UI_FORM_REFUSED);
	return ACT_NONE;
}

static enum action unlock(struct app *a, int ch)
{
	char *pass, err[320];

	(void)ch;
	pass = secret_alloc(2048);
	if (!pass)
		return ACT_NONE;
	ui_form_value(&v.form, 0, pass, 2048);
	if (!*pass) {
		tui_status(a, 1, "Type the vault's passphrase first.");
	} else if (app_vault_open(a, pass, 0, err, sizeof err) != 0) {
		tui_status(a, 1, "%s", err);
		ui_form_set(&v.form, 0, "");
	} else {
		secret_free(pass);
		return ACT_NEXT;
	}
	secret_free(pass);
	return ACT_NONE;
}

static enum action paste(struct app *a, const char *text)
{
	if (ui_form_paste(&v.form, text))
		tui_status(a, 1, UI_FORM_REFUSED);
	return ACT_NONE;
}

static void leave(struct app *a)
{
	(void)a;
	ui_form_free(&v.form);
}

static const struct binding keys[] = {{.key = "Enter",
				       .what = "unlock",
				       .help = "Opens the vault with the passphrase typed.",
				       .codes = {K_ENTER},
				       .run = unlock,
				       .prio = 2},
				      KEYS_TYPING("the passphrase", type),
				      {0}};
static const struct binding *const tables[] = {keys, NULL};

const struct screen scr_unlock = {
	.title = "Unlock the vault",
	.enter = enter,
	.draw = draw,
	.paste = paste,
	.leave = leave,
	.keys = keys,
	.tables = tables,
};
