/* Drawing helpers: colours, the frame, wrapped text, masks, OSC 52, menus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "bcsetup/text.h"
#include "tui.h"
#include "ui_menu.h"

/* One table: colour pair and attributes, and what monochrome terminals
 * (NO_COLOR, vt100) get instead. */
static const struct {
	short fg, bg;
	int color_attr, mono_attr;
} palette[UI_COUNT] = {
	[UI_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
	[UI_SELECT] = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	[UI_OK] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
	[UI_BAD] = {COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[UI_WARN] = {COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE},
	[UI_DIM] = {COLOR_CYAN, -1, 0, A_DIM},
	[UI_KEY] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
};

static int use_color;

void ui_init_colors(struct app *a)
{
	int i;

	use_color = a->color && has_colors() && start_color() == OK;
	if (!use_color)
		return;
	use_default_colors();
	for (i = 0; i < UI_COUNT; i++)
		init_pair((short)(i + 1), palette[i].fg, palette[i].bg);
}

int ui_attr(enum ui_color c)
{
	if (!use_color)
		return palette[c].mono_attr;
	return (int)COLOR_PAIR(c + 1) | palette[c].color_attr;
}

/* The help line: the screen's keys that fit, then the common ones, which
 * always fit (the help key among them says where the rest are). */
/* The help line: the shared keys (Esc, ?, ^C quit) always; the screen's
 * own take the room left by priority, then in their table's order, and
 * show in the table's order. ? lists every one. */
static void help_line(const struct binding *own, const struct binding *common)
{
	char shown[64] = {0};
	int i, x = 1, room = COLS - 1, p, top = 0;

	for (i = 0; common[i].key; i++)
		if (common[i].what)
			room -= ui_cols(common[i].key) + ui_cols(common[i].what) + 3;
	for (i = 0; own && own[i].key; i++)
		if (own[i].prio > top)
			top = own[i].prio;
	for (p = top; p >= 0; p--)
		for (i = 0; own && own[i].key && i < (int)sizeof shown; i++) {
			int need;
			if (!own[i].what || own[i].prio != p)
				continue;
			need = ui_cols(own[i].key) + ui_cols(own[i].what) + 3;
			if (need <= room) {
				shown[i] = 1;
				room -= need;
			}
		}
	move(LINES - 1, 0);
	clrtoeol();
	for (p = 0; p < 2; p++) {
		const struct binding *h = p ? common : own;
		for (i = 0; h && h[i].key; i++) {
			if (!h[i].what || (!p && (i >= (int)sizeof shown || !shown[i])))
				continue;
			attron(ui_attr(UI_KEY));
			mvaddstr(LINES - 1, x, h[i].key);
			attroff(ui_attr(UI_KEY));
			addch(' ');
			addstr(h[i].what);
			x += ui_cols(h[i].key) + ui_cols(h[i].what) + 3;
		}
	}
}

void ui_frame(struct app *a, const char *title, const struct binding *own,
	      const struct binding *common)
{
	attron(ui_attr(UI_TITLE));
	mvhline(0, 0, ' ', COLS);
	mvprintw(0, 1, "bcsetup%s  %s", a->demo ? " (practice store)" : "", title);
	attroff(ui_attr(UI_TITLE));
	help_line(own, common);
}

int ui_poll_key(int ms)
{
	int ch;

	timeout(ms);
	ch = getch();
	timeout(200);
	return ch;
}

int ui_too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS;
}

void ui_status_draw(struct app *a)
{
	const char *p = a->status, *line;
	int n, y, lines = 0, attr = ui_attr(a->status_bad ? UI_BAD : UI_OK), cy, cx;

	if (!a->status[0])
		return;
	/* Up to three lines above the help line; never cut without a sign. */
	while (*p && ui_wrap_next(&p, COLS - 2, &line) >= 0)
		lines++;
	if (lines > 3)
		lines = 3;
	getyx(stdscr, cy, cx);
	p = a->status;
	for (y = LINES - 1 - lines; y < LINES - 1; y++) {
		move(y, 0);
		clrtoeol();
		n = ui_wrap_next(&p, COLS - 2, &line);
		attron(attr);
		mvaddnstr(y, 1, line, n);
		if (y == LINES - 2 && *p) /* more than fits: say so */
			mvaddstr(y, COLS - 2, ">");
		attroff(attr);
	}
	move(cy, cx);
}

void ui_put(const struct app *a, int y, int x, int width, const char *text)
{
	char buf[1024];

	ui_fit(buf, sizeof buf, text, width, a->utf8);
	mvaddstr(y, x, buf);
}

void ui_fit(char *buf, size_t size, const char *text, int width, int utf8)
{
	text_fit(buf, size, text, width, utf8 ? "\u2026" : "~", 0);
}

int ui_cols(const char *text)
{
	return text_width(text);
}

int ui_wrap_next(const char **pp, int width, const char **line)
{
	const char *p = *pp;
	int n = 0, last_space = -1, cols = 0;

	if (width < 10)
		width = 10;
	/* Count bytes that fit; continuation bytes of UTF-8 take no column. */
	while (p[n] && p[n] != '\n' && cols < width) {
		if (p[n] == ' ')
			last_space = n;
		if (((unsigned char)p[n] & 0xC0) != 0x80)
			cols++;
		n++;
	}
	while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80)
		n++;
	if (p[n] && p[n] != '\n' && p[n] != ' ') {
		if (last_space > 0) {
			n = last_space;
		} else {
			/* One word longer than the line, such as a link: broken
			 * only after a '/', never inside a name. */
			int k;
			for (k = n - 1; k > 0 && p[k] != '/'; k--)
				;
			if (k > width / 2)
				n = k + 1;
		}
	}
	*line = p;
	p += n;
	if (*p == ' ' || *p == '\n')
		p++;
	*pp = p;
	return n;
}

int ui_wrap(int y, int x, int width, const char *text, int attr)
{
	const char *p = text, *line;
	int n;

	attron(attr);
	while (*p && y < LINES - 2) {
		n = ui_wrap_next(&p, width, &line);
		mvaddnstr(y++, x, line, n);
	}
	/* More than the screen holds: never cut without a sign. */
	if (*p && p != text)
		mvaddch(y - 1, COLS - 2, '>');
	attroff(attr);
	return y;
}

int ui_copy(const char *text)
{
	size_t n = strlen(text),
	       blen = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = sodium_malloc(blen);
	int rc;

	if (!b64)
		return -1;
	sodium_bin2base64(b64, blen, (const unsigned char *)text, n,
			  sodium_base64_VARIANT_ORIGINAL);
	/* Straight to the terminal: curses does not pass escape sequences through. */
	fflush(stdout);
	rc = dprintf(STDOUT_FILENO, "\033]52;c;%s\a", b64) > 0 ? 0 : -1;
	sodium_free(b64);
	return rc;
}

void ui_masked(char *buf, size_t size, const char *secret, int reveal)
{
	size_t n = secret ? strlen(secret) : 0;

	if (!n)
		snprintf(buf, size, "(empty)");
	else if (reveal)
		snprintf(buf, size, "%s", secret);
	else
		snprintf(buf, size, "****%s (%zu characters)", n > 4 ? secret + n - 4 : "", n);
}

int ui_menu_make(struct ui_menu *m, const char *const *names, const char *const *descs, int n,
		 int y, int x, int h, int w, int selected)
{
	int i;

	memset(m, 0, sizeof *m);
	m->items = calloc((size_t)n + 1, sizeof(ITEM *));
	if (!m->items)
		return -1;
	for (i = 0; i < n; i++)
		m->items[i] = new_item(names[i], descs ? descs[i] : "");
	m->n = n;
	m->menu = new_menu(m->items);
	if (!m->menu)
		return -1;
	if (h < 1)
		h = 1;
	m->win = newwin(h, w, y, x);
	m->y = y;
	m->x = x;
	m->h = h;
	m->w = w;
	if (!m->win)
		return -1;
	set_menu_win(m->menu, m->win);
	set_menu_sub(m->menu, m->win);
	set_menu_format(m->menu, h, 1);
	set_menu_mark(m->menu, "> ");
	set_menu_fore(m->menu, (chtype)ui_attr(UI_SELECT));
	set_menu_back(m->menu, A_NORMAL);
	set_menu_grey(m->menu, (chtype)ui_attr(UI_DIM));
	if (!descs)
		menu_opts_off(m->menu, O_SHOWDESC);
	post_menu(m->menu);
	if (selected > 0 && selected < n)
		set_current_item(m->menu, m->items[selected]);
	return 0;
}

int ui_menu_key(struct ui_menu *m, int ch)
{
	int req = ch == KEY_DOWN || ch == 'j' ? REQ_DOWN_ITEM
		  : ch == KEY_UP || ch == 'k' ? REQ_UP_ITEM
		  : ch == KEY_NPAGE           ? REQ_SCR_DPAGE
		  : ch == KEY_PPAGE           ? REQ_SCR_UPAGE
		  : ch == KEY_HOME            ? REQ_FIRST_ITEM
		  : ch == KEY_END             ? REQ_LAST_ITEM
					      : 0;

	if (!m->menu || !req)
		return 0;
	menu_driver(m->menu, req);
	return 1;
}

void ui_menu_draw(struct ui_menu *m)
{
	if (m->win)
		copywin(m->win, stdscr, 0, 0, m->y, m->x, m->y + m->h - 1, m->x + m->w - 1, FALSE);
}

int ui_menu_current(const struct ui_menu *m)
{
	return m->menu ? item_index(current_item(m->menu)) : -1;
}

void ui_menu_free(struct ui_menu *m)
{
	int i;

	if (m->menu) {
		unpost_menu(m->menu);
		free_menu(m->menu);
	}
	for (i = 0; i < m->n; i++)
		free_item(m->items[i]);
	free(m->items);
	if (m->win)
		delwin(m->win);
	memset(m, 0, sizeof *m);
}
