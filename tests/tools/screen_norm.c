/*
 * screen_norm - a colour screen as a person sees it, for saved screens.
 *
 * Reads 'tmux capture-pane -p -e' (text with SGR escapes, whose state runs
 * on from line to line) and writes each line with one full SGR before every
 * change of what can be seen, and a reset at its end. A blank shows only its
 * background, reverse video and underline: its foreground colour and
 * boldness do not count, so a screen whose text did not change saves the
 * same whatever attributes its blank cells happen to carry: a blank stays in
 * the run around it when it shows the same there. Trailing blanks that show
 * nothing are dropped.
 *   screen_norm < capture > saved
 */
#include <stdio.h>
#include <string.h>

struct attr {
	int fg, bg; /* -1 default, else an SGR colour number (30-37, 90-97, 38;5;n as 1000+n) */
	int bold, dim, italic, under, blink, rev;
};

static const struct attr plain = {-1, -1, 0, 0, 0, 0, 0, 0};

static void sgr(struct attr *a, const char *p)
{
	int v[32], n = 0, i;

	while (n < 32) {
		int x = 0, any = 0;
		while (*p >= '0' && *p <= '9') {
			x = x * 10 + (*p++ - '0');
			any = 1;
		}
		v[n++] = any ? x : 0;
		if (*p != ';' && *p != ':')
			break;
		p++;
	}
	for (i = 0; i < n; i++) {
		int c = v[i];
		if (c == 0)
			*a = plain;
		else if (c == 1)
			a->bold = 1;
		else if (c == 2)
			a->dim = 1;
		else if (c == 3)
			a->italic = 1;
		else if (c == 4)
			a->under = 1;
		else if (c == 5)
			a->blink = 1;
		else if (c == 7)
			a->rev = 1;
		else if (c == 22)
			a->bold = a->dim = 0;
		else if (c == 23)
			a->italic = 0;
		else if (c == 24)
			a->under = 0;
		else if (c == 25)
			a->blink = 0;
		else if (c == 27)
			a->rev = 0;
		else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97))
			a->fg = c;
		else if (c == 39)
			a->fg = -1;
		else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107))
			a->bg = c;
		else if (c == 49)
			a->bg = -1;
		else if ((c == 38 || c == 48) && i + 2 < n && v[i + 1] == 5) {
			*(c == 38 ? &a->fg : &a->bg) = 1000 + v[i + 2];
			i += 2;
		} else if ((c == 38 || c == 48) && i + 4 < n && v[i + 1] == 2) {
			/* true colour: kept as its three parts folded into one number */
			*(c == 38 ? &a->fg : &a->bg) =
				2000000 + v[i + 2] * 65536 + v[i + 3] * 256 + v[i + 4];
			i += 4;
		}
	}
}

/* What a cell shows: for a blank, only what colours its background. */
static struct attr seen(struct attr a, int blank)
{
	if (blank) {
		a.fg = -1;
		a.bold = a.dim = a.italic = a.blink = 0;
	}
	return a;
}

static int same(const struct attr *a, const struct attr *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

static void colour(int c, int base)
{
	if (c >= 2000000)
		printf(";%d;2;%d;%d;%d", base + 8, (c - 2000000) >> 16, ((c - 2000000) >> 8) & 255,
		       (c - 2000000) & 255);
	else if (c >= 1000)
		printf(";%d;5;%d", base + 8, c - 1000);
	else if (c >= 0)
		printf(";%d", c);
}

static void emit(const struct attr *a)
{
	printf("\033[0");
	if (a->bold)
		printf(";1");
	if (a->dim)
		printf(";2");
	if (a->italic)
		printf(";3");
	if (a->under)
		printf(";4");
	if (a->blink)
		printf(";5");
	if (a->rev)
		printf(";7");
	colour(a->fg, 30);
	colour(a->bg, 40);
	printf("m");
}

enum { MAXCELLS = 1024 };

int main(void)
{
	static char line[65536];
	static struct {
		char ch[8];
		struct attr a;
	} cells[MAXCELLS];
	struct attr cur = plain;

	while (fgets(line, sizeof line, stdin)) {
		const char *p = line;
		int n = 0, i, end;
		struct attr out = plain;

		while (*p && *p != '\n' && n < MAXCELLS) {
			if (p[0] == '\033' && p[1] == '[') {
				const char *q = p + 2;
				while (*q && (*q < 0x40 || *q > 0x7e))
					q++;
				if (*q == 'm')
					sgr(&cur, p + 2);
				p = *q ? q + 1 : q;
				continue;
			}
			/* One character: a UTF-8 lead byte and its continuations. */
			i = 0;
			do
				cells[n].ch[i++] = *p++;
			while (i < 7 && (*p & 0xc0) == 0x80);
			cells[n].ch[i] = '\0';
			cells[n].a = cur;
			n++;
		}
		for (i = 0; i < n; i++)
			cells[i].a = seen(cells[i].a, strcmp(cells[i].ch, " ") == 0);
		for (end = n; end > 0; end--)
			if (strcmp(cells[end - 1].ch, " ") != 0 || !same(&cells[end - 1].a, &plain))
				break;
		for (i = 0; i < end; i++) {
			/* A blank that shows as the run around it shows stays in it. */
			int blank = strcmp(cells[i].ch, " ") == 0;
			struct attr shown = seen(out, blank);
			if (!same(&cells[i].a, blank ? &shown : &out)) {
				emit(&cells[i].a);
				out = cells[i].a;
			}
			fputs(cells[i].ch, stdout);
		}
		if (!same(&out, &plain))
			printf("\033[0m");
		putchar('\n');
	}
	return 0;
}
