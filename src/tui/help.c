/* The help screen (? or F1): every key of the current screen, from the same
 * table the help line and the input loop use, then the words the wizard uses. */
#include <stdio.h>
#include <string.h>

#include "tui.h"

/* The words a merchant meets on the screens, in plain terms. */
static const struct {
	const char *term, *meaning;
} terms[] = {
	{"API account",
	 "What you create in the store's control panel for one integration. It holds the scopes "
	 "and gives the Client ID, Client Secret and Access Token. Its scopes cannot be changed "
	 "later: a different set means a new account."},
	{"Scope",
	 "One area of the store (Orders, Products, ...) and how far the account may go there: "
	 "none, read-only, or modify (read and change)."},
	{"read-only or more",
	 "The check proved that reading works but had no harmless way to try changing "
	 "anything, so the account may also be allowed to modify."},
	{"Access Token",
	 "The secret the integration sends with every request. BigCommerce shows it once; "
	 "bcsetup keeps it in the vault and shows only its last 4 characters unless you ask."},
	{"API path", "The address shown with the credentials, "
		     "https://api.bigcommerce.com/stores/HASH/v3/. It tells the API which store."},
	{"Store hash", "The short code after /stores/ in the API path (abc123 in "
		       ".../stores/abc123/v3/): the store's name in the API."},
	{"Permanent address",
	 "store-HASH.mybigcommerce.com: the store's own address, which stays the same when "
	 "the store uses a custom domain."},
	{"Vault",
	 "bcsetup's encrypted file (Argon2id and XChaCha20-Poly1305) with every profile in it. "
	 "Its passphrase cannot be recovered."},
	{"Profile", "One store's credentials for one integration, with its checks, in the vault."},
	{"Live test",
	 "Requests to the store that read, or try changes that cannot happen, to learn what "
	 "the token really holds. A check never changes the store."},
};

#define PAD_ROWS 200

/* The help screen's keys are read by help_key, not run from here: it is
 * open over a screen, whose bindings stay as they were. */
const struct binding help_keys[] = {
	{.key = "Up/Down", .what = "scroll", .codes = {K_UPDOWN, KEY_PPAGE, KEY_NPAGE}},
	{.key = "Esc",
	 .what = "close help",
	 .help = "Back to the screen, as it was.",
	 .codes = {27, 'q', '?', KEY_F(1)}},
	{0}};

/* Handlers several screens bind, where a key only moves through the flow. */
enum action go_next(struct app *a, int ch)
{
	(void)a;
	(void)ch;
	return ACT_NEXT;
}

enum action go_back(struct app *a, int ch)
{
	(void)a;
	(void)ch;
	return ACT_BACK;
}

enum action go_quit(struct app *a, int ch)
{
	(void)a;
	(void)ch;
	return ACT_QUIT;
}

enum action go_handoff(struct app *a, int ch)
{
	(void)ch;
	a->go_to = SCR_HANDOFF;
	return ACT_GOTO;
}

const struct binding *binding_for(const struct binding *k, int ch)
{
	int i, j;

	for (i = 0; k && k[i].key; i++)
		for (j = 0; j < KEY_CODES_MAX && k[i].codes[j]; j++)
			if (k[i].codes[j] == ch || (k[i].codes[j] == KEY_TEXT &&
						    (ch & UI_WIDE || (ch >= 0x20 && ch < 0x7f))))
				return &k[i];
	return NULL;
}

int bindings_typing(const struct binding *k)
{
	int i;

	for (i = 0; k && k[i].key; i++)
		if (k[i].codes[0] == KEY_TEXT)
			return 1;
	return 0;
}

const struct binding *help_common(const struct app *a, const struct binding *own, int on_help)
{
	static struct binding common[4];
	int typing = bindings_typing(own), n = 0;

	if (!on_help && !binding_for(own, 27))
		common[n++] = (struct binding){
			.key = "Esc",
			.what = a->depth > 0 ? "back" : "quit",
			.help = a->depth > 0
					? "Goes back one screen; what was typed is kept."
					: "Quits (asks first when something typed is not saved).",
			.codes = {27}};
	if (!on_help)
		common[n++] = (struct binding){
			.key = typing ? "F1" : "?",
			.what = "help",
			.help = typing ? "This help (? is typed into the field here)."
				       : "This help (or F1).",
			.codes = {'?', KEY_F(1)}};
	common[n++] =
		(struct binding){.key = "^C",
				 .what = "quit",
				 .help = "Quits; asks first when something typed is not saved yet.",
				 .codes = {3}};
	common[n] = (struct binding){0};
	return common;
}

/* Writes text into the pad wrapped at width from column x; the next row. */
static int pad_wrap(WINDOW *pad, int y, int x, int width, const char *text, int attr)
{
	const char *p = text, *line;
	int n;

	wattron(pad, attr);
	while (*p && y < PAD_ROWS) {
		n = ui_wrap_next(&p, width, &line);
		mvwaddnstr(pad, y++, x, line, n);
	}
	wattroff(pad, attr);
	return y;
}

static int pad_keys(WINDOW *pad, int y, const struct binding *k)
{
	int i, w = COLS - 18;

	for (i = 0; k && k[i].key; i++) {
		wattron(pad, ui_attr(UI_KEY));
		mvwaddnstr(pad, y, 4, k[i].key, 13);
		wattroff(pad, ui_attr(UI_KEY));
		y = pad_wrap(pad, y, 18, w - 2, k[i].help ? k[i].help : k[i].what, A_NORMAL);
	}
	return y;
}

/* Fills the pad; returns the rows used. */
static int fill(const struct app *a, WINDOW *pad, const char *title, const struct binding *own)
{
	int y = 0;
	size_t i;
	char line[160];

	snprintf(line, sizeof line, "Keys on \"%s\":", title);
	wattron(pad, A_BOLD);
	mvwaddnstr(pad, y++, 2, line, COLS - 4);
	wattroff(pad, A_BOLD);
	/* The screen's keys as they are when the help is closed. */
	y = pad_keys(pad, y, own);
	y = pad_keys(pad, y, help_common(a, own, 0));
	if (bindings_typing(own))
		y = pad_wrap(pad, y + 1, 2, COLS - 4,
			     "Pasting works as in any terminal; a pasted value arrives whole.",
			     ui_attr(UI_DIM));
	y++;
	wattron(pad, A_BOLD);
	mvwaddstr(pad, y++, 2, "Words used here:");
	wattroff(pad, A_BOLD);
	for (i = 0; i < sizeof terms / sizeof terms[0] && y < PAD_ROWS - 1; i++) {
		wattron(pad, A_BOLD);
		mvwaddstr(pad, y++, 4, terms[i].term);
		wattroff(pad, A_BOLD);
		y = pad_wrap(pad, y, 6, COLS - 8, terms[i].meaning, A_NORMAL);
	}
	return y;
}

static int rows_used, shown;

void help_draw(struct app *a, const char *title, const struct binding *own)
{
	WINDOW *pad = newpad(PAD_ROWS, COLS);
	int last;

	if (!pad)
		return;
	rows_used = fill(a, pad, title, own);
	shown = LINES - 4; /* rows 1 .. LINES-4; LINES-3 says whether more follows */
	if (a->help_top > rows_used - shown)
		a->help_top = rows_used - shown > 0 ? rows_used - shown : 0;
	last = a->help_top + shown - 1;
	copywin(pad, stdscr, a->help_top, 0, 1, 0, shown, COLS - 1, FALSE);
	delwin(pad);
	attron(ui_attr(UI_DIM));
	if (a->help_top > 0 || last < rows_used - 1)
		mvprintw(LINES - 3, 2, "%s lines %d-%d of %d: Up/Down, PgUp/PgDn scroll",
			 last < rows_used - 1 ? "More below;" : "End;", a->help_top + 1,
			 last + 1 < rows_used ? last + 1 : rows_used, rows_used);
	attroff(ui_attr(UI_DIM));
}

int help_key(struct app *a, int ch)
{
	switch (ch) {
	case KEY_UP:
	case 'k':
		if (a->help_top > 0)
			a->help_top--;
		return 1;
	case KEY_DOWN:
	case 'j':
		if (a->help_top + shown < rows_used)
			a->help_top++;
		return 1;
	case KEY_PPAGE:
	case KEY_NPAGE:
		a->help_top += ch == KEY_NPAGE ? shown - 1 : 1 - shown;
		if (a->help_top < 0)
			a->help_top = 0;
		return 1;
	case 27:
	case 'q':
	case '?':
	case KEY_F(1): return 0;
	}
	return 1;
}
