/* One-line fields on the form library (see ui_form.h). */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>
#include <sodium.h>

#include "tui.h"
#include "ui_form.h"

int ui_form_make(struct ui_form *f, const struct ui_field_spec *spec, int n, char *const *values,
		 int current)
{
	int i;

	memset(f, 0, sizeof *f);
	for (i = 0; i < n && i < UI_FORM_MAX; i++) {
		FIELD *fl = new_field(1, spec[i].width, spec[i].y, spec[i].x, 0, 0);
		if (!fl)
			return -1;
		/* Grows past its width and scrolls, up to 2 KiB. */
		field_opts_off(fl, O_STATIC | O_AUTOSKIP);
		set_max_field(fl, 2048);
		set_field_back(fl, (chtype)(A_UNDERLINE | ui_attr(UI_DIM)));
		if (spec[i].hidden)
			field_opts_off(fl, O_PUBLIC);
		if (values && values[i])
			set_field_buffer(fl, 0, values[i]);
		f->fields[f->n++] = fl;
	}
	f->form = new_form(f->fields);
	f->win = newwin(LINES, COLS, 0, 0);
	if (!f->form || !f->win)
		return -1;
	set_form_win(f->form, f->win);
	set_form_sub(f->form, f->win);
	post_form(f->form);
	if (current > 0 && current < f->n)
		set_current_field(f->form, f->fields[current]);
	form_driver(f->form, REQ_END_LINE);
	return 0;
}

int ui_form_key(struct ui_form *f, int ch)
{
	int req;

	switch (ch) {
	case '\t':
	case KEY_DOWN: req = REQ_NEXT_FIELD; break;
	case KEY_BTAB:
	case KEY_UP: req = REQ_PREV_FIELD; break;
	case KEY_LEFT: req = REQ_PREV_CHAR; break;
	case KEY_RIGHT: req = REQ_NEXT_CHAR; break;
	case KEY_HOME:
	case 1: req = REQ_BEG_LINE; break;
	case KEY_END:
	case 5: req = REQ_END_LINE; break;
	case KEY_BACKSPACE:
	case 127:
	case 8: req = REQ_DEL_PREV; break;
	case KEY_DC: req = REQ_DEL_CHAR; break;
	case 21: req = REQ_CLR_FIELD; break; /* ^U */
	default:
		if (ch >= 0x20 && ch < 0x7f) {
			form_driver(f->form, ch);
			return 2;
		}
		if (ch & UI_WIDE) {
			/* A terminal without UTF-8 cannot hold it: refused, not dropped. */
			if (MB_CUR_MAX == 1)
				return -1;
			form_driver_w(f->form, OK, (wchar_t)(ch & ~UI_WIDE));
			return 2;
		}
		return 0;
	}
	form_driver(f->form, req);
	if (req == REQ_NEXT_FIELD || req == REQ_PREV_FIELD)
		form_driver(f->form, REQ_END_LINE);
	return req == REQ_DEL_PREV || req == REQ_DEL_CHAR || req == REQ_CLR_FIELD ? 2 : 1;
}

int ui_form_paste(struct ui_form *f, const char *text)
{
	mbstate_t st;
	size_t n, len = strlen(text);
	wchar_t wc;
	int refused = 0;

	memset(&st, 0, sizeof st);
	/* Characters only: a trailing newline or a stray tab is not part of a value. */
	while (len) {
		n = mbrtowc(&wc, text, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			refused++;
			n = 1;
		} else if (n == 0) {
			break;
		} else if (wc >= 0x20 && wc != 0x7f && (wc < 0x80 || MB_CUR_MAX > 1)) {
			if (wc < 0x80)
				form_driver(f->form, (int)wc);
			else
				form_driver_w(f->form, OK, wc);
		} else if (wc >= 0x80) {
			refused++;
		}
		text += n;
		len -= n;
	}
	return refused;
}

void ui_form_value(struct ui_form *f, int i, char *buf, size_t size)
{
	const char *v;
	size_t n;

	form_driver(f->form, REQ_VALIDATION);
	v = field_buffer(f->fields[i], 0);
	n = v ? strlen(v) : 0;
	while (n && v[n - 1] == ' ')
		n--;
	while (n && *v == ' ') {
		v++;
		n--;
	}
	if (n >= size)
		n = size - 1;
	memcpy(buf, v ? v : "", n);
	buf[n] = '\0';
}

void ui_form_set(struct ui_form *f, int i, const char *value)
{
	set_field_buffer(f->fields[i], 0, value);
}

int ui_form_current(const struct ui_form *f)
{
	return f->form ? field_index(current_field(f->form)) : -1;
}

void ui_form_draw(struct ui_form *f)
{
	int i, rows, cols, fy, fx, off, nbuf, cy, cx;

	if (!f->form)
		return;
	for (i = 0; i < f->n; i++) {
		field_info(f->fields[i], &rows, &cols, &fy, &fx, &off, &nbuf);
		if (fy + rows <= LINES && fx + cols <= COLS)
			copywin(f->win, stdscr, fy, fx, fy, fx, fy + rows - 1, fx + cols - 1,
				FALSE);
	}
	pos_form_cursor(f->form);
	getyx(f->win, cy, cx);
	move(cy, cx);
	curs_set(1);
}

void ui_form_free(struct ui_form *f)
{
	int i;

	if (f->form) {
		unpost_form(f->form);
		free_form(f->form);
	}
	if (f->win)
		delwin(f->win);
	for (i = 0; i < f->n; i++) {
		/* Overwrite what was typed before the memory is released. */
		char *b = field_buffer(f->fields[i], 0);
		if (b)
			sodium_memzero(b, strlen(b));
		free_field(f->fields[i]);
	}
	memset(f, 0, sizeof *f);
}
