/* The wizard's one input loop (screens, resizing, signals) and its entry
 * point. Pastes are decoded in paste.c, the work glued to core in flow.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <term.h>

#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/vault.h"
#include "tui.h"

#define SCREEN_PTR(id, name, step) [id] = &scr_##name,
static const struct screen *const screens[SCR_COUNT] = {SCREEN_LIST(SCREEN_PTR)};
#undef SCREEN_PTR
#define SCREEN_STEP(id, name, step) [id] = (step),
static const int step_of[SCR_COUNT] = {SCREEN_LIST(SCREEN_STEP)};
#undef SCREEN_STEP

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* The keys the current screen takes now. */
static const struct binding *cur_keys(const struct app *a)
{
	const struct screen *s = screens[a->cur];

	return s->keys_for ? s->keys_for(a) : s->keys;
}

/* "Step 3 of 8: scopes": the number from the screen's place in the flow. */
static const char *title(const struct app *a, char *buf, size_t size)
{
	const struct screen *s = screens[a->cur];
	const char *t = s->title_for ? s->title_for(a) : s->title;
	int i, n = 0, total = 0, step = step_of[a->cur];

	if (step < 0)
		return t;
	for (i = 0; i < SCR_COUNT; i++)
		if (step_of[i] == i) {
			total++;
			n += i <= step;
		}
	snprintf(buf, size, "Step %d of %d: %s", n, total, t);
	return buf;
}

static void draw_too_small(void)
{
	erase();
	mvprintw(0, 0, "Terminal too small");
	mvprintw(1, 0, "(%dx%d; needs %dx%d)", COLS, LINES, TUI_MIN_COLS, TUI_MIN_ROWS);
	mvprintw(2, 0, "Enlarge it; nothing is lost.");
	refresh();
}

static void draw(struct app *a)
{
	const struct screen *s = screens[a->cur];
	const struct binding *own = cur_keys(a);
	char buf[160];
	const char *t = title(a, buf, sizeof buf);

	if (ui_too_small()) {
		draw_too_small();
		return;
	}
	erase();
	curs_set(0);
	ui_frame(a, a->help ? "Help" : t, a->help ? help_keys : own, help_common(a, own, a->help));
	if (a->help)
		help_draw(a, t, own);
	else
		s->draw(a);
	if (!a->help)
		ui_status_draw(a);
	refresh();
}

static int confirm_quit(struct app *a)
{
	int ch;

	if (!a->unsaved)
		return 1;
	move(LINES - 2, 0);
	clrtoeol();
	attron(ui_attr(UI_WARN));
	mvaddstr(LINES - 2, 1, "Quit? What you typed is not saved in the vault yet. (y/n)");
	attroff(ui_attr(UI_WARN));
	refresh();
	timeout(-1);
	do
		ch = getch();
	while (ch == KEY_RESIZE);
	timeout(200);
	return ch == 'y' || ch == 'Y';
}

static void go(struct app *a, enum screen_id to, int push)
{
	const struct screen *s = screens[a->cur];

	if (s->leave)
		s->leave(a);
	/* The unlock screen is done once: Esc never leads back to it. */
	if (push && a->cur != SCR_UNLOCK &&
	    a->depth < (int)(sizeof a->history / sizeof a->history[0]))
		a->history[a->depth++] = a->cur;
	a->cur = to;
	a->status[0] = '\0';
	a->help = 0;
	if (screens[to]->enter)
		screens[to]->enter(a);
}

/* One key: function keys as KEY_*, ASCII as itself, anything beyond as
 * UI_WIDE | code point (so that it cannot be mistaken for a KEY_* code). */
static int read_key(void)
{
	wint_t wc;
	int r;

	/* Without a multibyte locale, a byte beyond ASCII is handed on as such,
	 * for the field to refuse with a reason (get_wch would drop it). */
	if (MB_CUR_MAX == 1) {
		r = getch();
		return r >= 0x80 && r < 0x100 ? UI_WIDE | r : r;
	}
	r = get_wch(&wc);
	if (r == ERR)
		return ERR;
	if (r == KEY_CODE_YES || wc < 0x80)
		return (int)wc;
	return UI_WIDE | (int)wc;
}

/* A key's name as the help screen writes it ("Left", not KEY_LEFT). */
static void key_label(int ch, char *buf, size_t size)
{
	static const struct {
		int code;
		const char *name;
	} named[] = {
		{KEY_LEFT, "Left"},   {KEY_RIGHT, "Right"}, {KEY_UP, "Up"},
		{KEY_DOWN, "Down"},   {KEY_HOME, "Home"},   {KEY_END, "End"},
		{KEY_PPAGE, "PgUp"},  {KEY_NPAGE, "PgDn"},  {KEY_BTAB, "Shift-Tab"},
		{KEY_DC, "Delete"},   {KEY_IC, "Insert"},   {KEY_BACKSPACE, "Backspace"},
		{127, "Backspace"},   {'\t', "Tab"},        {' ', "Space"},
		{KEY_ENTER, "Enter"}, {'\n', "Enter"},      {'\r', "Enter"},
	};
	size_t i;

	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].code == ch) {
			snprintf(buf, size, "%s", named[i].name);
			return;
		}
	if (ch >= KEY_F(1) && ch <= KEY_F(24))
		snprintf(buf, size, "F%d", ch - KEY_F(0));
	else
		snprintf(buf, size, "%s", keyname(ch) ? keyname(ch) : "That key");
}

/* What the loop does with a key before (or instead of) the screen. */
static enum action dispatch(struct app *a, int ch)
{
	const struct binding *own = cur_keys(a), *b;
	char name[32];

	if (a->help) {
		a->help = help_key(a, ch);
		return ACT_NONE;
	}
	if (ch == KEY_F(1) || (ch == '?' && !bindings_typing(own))) {
		a->help = 1;
		a->help_top = 0;
		return ACT_NONE;
	}
	if ((b = binding_for(own, ch)))
		return b->run(a, ch);
	if (ch == 27)
		return ACT_BACK; /* the common Esc: the screen has no use of its own */
	if (ch & UI_WIDE)
		snprintf(name, sizeof name, "That character");
	else
		key_label(ch, name, sizeof name);
	tui_status(a, 1, "%s does nothing here; %s lists the keys that do.", name,
		   bindings_typing(own) ? "F1" : "?");
	return ACT_NONE;
}

/* The screen after id in the flow: the next of the list that is not
 * within another's step (a screen such as the matrix's explanation is
 * reached by its own key, never by "next"). */
static enum screen_id next_step(enum screen_id id)
{
	int i;

	for (i = (int)id + 1; i < SCR_COUNT; i++)
		if (step_of[i] < 0 || step_of[i] == i)
			return (enum screen_id)i;
	return SCR_COUNT;
}

int tui_run(struct app *a)
{
	struct sigaction sa = {0};
	char *paste;
	int ch, quit = 0;
	enum screen_id next;

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(200);
	ui_init_colors(a);
	/* Ask the terminal to mark pastes, so a pasted value arrives whole. */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	paste = secret_alloc(4096);
	a->stop = &got_signal;
	a->redraw = draw;
	if (screens[a->cur]->enter)
		screens[a->cur]->enter(a);
	while (!quit) {
		enum action act;

		draw(a);
		ch = read_key();
		if (got_signal) {
			int sig = got_signal;
			got_signal = 0;
			if (sig != SIGINT || confirm_quit(a)) {
				a->interrupted = sig;
				break;
			}
			continue;
		}
		if (ch == ERR || ch == KEY_RESIZE)
			continue;
		if (ui_too_small())
			continue;
		if (ch == 27 && paste_read(paste, 4096)) {
			act = screens[a->cur]->paste && !a->help ? screens[a->cur]->paste(a, paste)
								 : ACT_NONE;
			sodium_memzero(paste, 4096);
		} else {
			act = dispatch(a, ch);
		}
		switch (act) {
		case ACT_NONE: break;
		case ACT_NEXT:
			if ((next = next_step(a->cur)) < SCR_COUNT)
				go(a, next, 1);
			else
				quit = 1;
			break;
		case ACT_GOTO: go(a, a->go_to, 1); break;
		case ACT_BACK:
			if (a->depth > 0)
				go(a, a->history[--a->depth], 0);
			else
				quit = confirm_quit(a);
			break;
		case ACT_QUIT: quit = confirm_quit(a); break;
		}
	}
	if (screens[a->cur]->leave)
		screens[a->cur]->leave(a);
	secret_free(paste);
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	endwin();
	return 0;
}

/* Whether the terminal named by TERM can show the screens: known to
 * terminfo, and able to move the cursor. Asked without starting curses. */
static enum bc_status terminal_usable(struct bc_err *err)
{
	const char *term = getenv("TERM");
	char *cup;
	int e = 0, moves;

	if (setupterm(NULL, STDOUT_FILENO, &e) != OK)
		return bc_fail(err, BC_ERR_INPUT,
			       "the wizard needs a terminal it knows, and TERM=%.40s is not in "
			       "the terminfo database (try TERM=xterm-256color); for scripts, see "
			       "the commands in 'bcsetup --help'",
			       term && *term ? term : "(unset)");
	cup = tigetstr("cup");
	moves = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!moves)
		return bc_fail(err, BC_ERR_INPUT,
			       "the wizard needs a terminal that can move its cursor, and "
			       "TERM=%.40s cannot; for scripts, see the commands in 'bcsetup "
			       "--help'",
			       term ? term : "(unset)");
	return BC_OK;
}

enum bc_status wizard_run(struct bc_session *s, const struct wizard_opts *o,
			  struct wizard_report *report, struct bc_err *err)
{
	struct app a = {.s = s,
			.target = -1,
			.utf8 = o->utf8,
			.color = o->color,
			.demo = o->demo,
			.remote = o->remote};
	const struct cJSON *p;
	struct last_check lc;
	enum bc_status st;

	memset(report, 0, sizeof *report);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return bc_fail(err, BC_ERR_INPUT,
			       "the wizard needs a terminal; for scripts, see the "
			       "commands in 'bcsetup --help'");
	/* Before anything starts: initscr would exit on its own, leaving the
	 * practice store behind, and a dumb terminal cannot draw a screen. */
	if ((st = terminal_usable(err)) != BC_OK)
		return st;
	if ((st = session_load(s, err)) != BC_OK)
		return st;
	if (a.demo) {
		/* With a vault of its own, the demo keeps its practice store's
		 * accounts beside it: a second run can check and rotate them. */
		char keep[4200], *slash;
		if (o->vault_path) {
			snprintf(keep, sizeof keep, "%s", o->vault_path);
			if ((slash = strrchr(keep, '/')) && slash != keep) {
				*slash = '\0';
				mkdir(keep, 0700); /* the vault's own directory, made early */
			}
			snprintf(keep, sizeof keep, "%s.practice", o->vault_path);
		}
		if ((st = practice_start(&a.practice, o->sandbox, o->tmpdir,
					 o->vault_path ? keep : NULL, err)) != BC_OK)
			return st;
		if (!o->vault_path)
			snprintf(a.vault_path, sizeof a.vault_path, "%s/vault", a.practice.dir);
	}
	if (!a.vault_path[0]) {
		if (!o->vault_path || strlen(o->vault_path) >= sizeof a.vault_path) {
			practice_stop(&a.practice);
			return bc_fail(err, BC_ERR_INPUT, "no vault path, or one too long");
		}
		snprintf(a.vault_path, sizeof a.vault_path, "%s", o->vault_path);
	}
	if (o->home)
		snprintf(a.home, sizeof a.home, "%s", o->home);
	a.cur = vault_exists(a.vault_path) ? SCR_UNLOCK : SCR_START;
	/* Unlocked for the session: the key opens it, and no passphrase is
	 * asked; one that no longer does leaves the unlock screen to ask. */
	if (a.cur == SCR_UNLOCK && o->vault_key) {
		struct bc_err kerr;
		if (vault_open_key(a.vault_path, o->vault_key, 0, &a.vault, &kerr) == BC_OK)
			a.cur = SCR_START;
	}
	tui_run(&a);
	/* What the merchant leaves with, for the caller to say. */
	report->demo = a.demo && !o->vault_path;
	snprintf(report->profile, sizeof report->profile, "%s", a.profile);
	p = app_profile(&a);
	report->saved = p != NULL;
	report->checked = -1;
	if (p) {
		profile_last_check(p, &lc);
		if (lc.present)
			report->checked = lc.ok;
	}
	if (p) {
		const struct cJSON *old =
			profile_retired_waiting(p, &report->old_waiting, &report->old_alive);
		if (old)
			profile_account_text(old, report->old_account, sizeof report->old_account);
	}
	report->interrupted = a.interrupted;
	snprintf(report->shares, sizeof report->shares, "%s", a.shares);
	report->practice = a.demo && o->vault_path;
	report->app = p && profile_is_app(p);
	vault_close(a.vault);
	credentials_clear(&a.creds);
	if (a.demo)
		practice_stop(&a.practice);
	return BC_OK;
}
