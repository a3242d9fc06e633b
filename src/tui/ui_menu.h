/* ui_menu.h - a thin wrapper over the ncurses menu library for list screens. */
#ifndef BCSETUP_TUI_MENU_H
#define BCSETUP_TUI_MENU_H

#include <menu.h>

struct ui_menu {
	MENU *menu;
	ITEM **items;
	WINDOW *win; /* off-screen; ui_menu_draw copies it onto stdscr */
	int n, y, x, h, w;
};

/* Posts a one-column menu of n items (names and descs are borrowed and must
 * outlive it; descs may be NULL) in an h x w area at (y, x), with item
 * selected current. 0 or -1. */
int ui_menu_make(struct ui_menu *m, const char *const *names, const char *const *descs, int n,
		 int y, int x, int h, int w, int selected);
/* Moves the selection for arrow, page, home and end keys; 1 if it used ch. */
int ui_menu_key(struct ui_menu *m, int ch);
int ui_menu_current(const struct ui_menu *m);
/* Puts the menu on stdscr (after the screen has drawn the rest). */
void ui_menu_draw(struct ui_menu *m);
void ui_menu_free(struct ui_menu *m);

#endif
