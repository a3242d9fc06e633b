/* Bracketed paste: a terminal asked with ESC [?2004h marks a paste with
 * ESC [200~ ... ESC [201~, so that a pasted value arrives whole rather than
 * as keys (an Enter inside it would otherwise press a button). */
#include <curses.h>

#include "tui.h"

/* After an ESC: a bracketed paste ("\e[200~...\e[201~") is read whole into
 * buf; anything else is pushed back. Returns 1 for a paste, 0 for a bare Esc. */
int paste_read(char *buf, size_t size)
{
	static const char start[] = "[200~", end[] = "\033[201~";
	size_t n = 0, i, e = 0;
	int ch, got[8];

	timeout(30);
	for (i = 0; i < 5; i++) {
		got[i] = getch();
		if (got[i] != start[i])
			break;
	}
	if (i < 5) {
		/* Not a paste: give the keys back in order. */
		size_t k = i + (got[i] != ERR ? 1 : 0);
		while (k-- > 0)
			if (got[k] != ERR)
				ungetch(got[k]);
		timeout(200);
		return 0;
	}
	timeout(500);
	while ((ch = getch()) != ERR) {
		if (ch == end[e]) {
			if (++e == sizeof end - 1)
				break;
			continue;
		}
		/* A partial end marker was content after all. */
		for (i = 0; i < e && n + 1 < size; i++)
			buf[n++] = end[i];
		e = 0;
		if (ch == end[0]) {
			e = 1;
			continue;
		}
		if (ch < 256 && n + 1 < size)
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	timeout(200);
	return 1;
}
