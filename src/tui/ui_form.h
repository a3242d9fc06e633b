/* ui_form.h - one-line text fields on the ncurses form library: editing,
 * hidden fields for secrets, and pasted text inserted whole. */
#ifndef BCSETUP_TUI_FORM_H
#define BCSETUP_TUI_FORM_H

#include <form.h>
#include <stddef.h>

#define UI_FORM_MAX 8

struct ui_form {
	FORM *form;
	FIELD *fields[UI_FORM_MAX + 1];
	int n;
	WINDOW *win; /* off-screen, screen-sized; ui_form_draw copies the fields */
};

struct ui_field_spec {
	int y, x, width;
	int hidden; /* a secret: the form shows nothing, the screen shows a mask */
};

/* Builds and posts a form of n fields; values[i] (may be NULL) fill them. */
int ui_form_make(struct ui_form *f, const struct ui_field_spec *spec, int n, char *const *values,
		 int current);
/* Feeds a key to the form: editing and moving between fields. 0 if not
 * used, 1 if used, 2 if the field's content changed, -1 for a character
 * beyond ASCII that a terminal without UTF-8 cannot hold (refused). */
int ui_form_key(struct ui_form *f, int ch);
/* Inserts pasted UTF-8 text at the cursor of the current field, without
 * control characters; returns how many characters it could not take. */
int ui_form_paste(struct ui_form *f, const char *text);
/* The words for a refused character, for the status line. */
#define UI_FORM_REFUSED                                                            \
	"Not typed: this terminal's locale is not UTF-8 (LANG=C?), so only ASCII " \
	"characters can go into a field."
/* Copies field i's value, without the padding, into buf. */
void ui_form_value(struct ui_form *f, int i, char *buf, size_t size);
void ui_form_set(struct ui_form *f, int i, const char *value);
int ui_form_current(const struct ui_form *f);
/* Puts the fields on stdscr and the cursor in the current one. */
void ui_form_draw(struct ui_form *f);
/* Wipes every field's buffer and frees the form. */
void ui_form_free(struct ui_form *f);

#endif
