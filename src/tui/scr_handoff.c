/* Hand-off: the target's form fields, in its own words and forms; each value
 * copied with one key (OSC 52); secrets masked until revealed. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "bcsetup/profile.h"
#include "tui.h"

static int sel, variant, reveal;
static const struct keyhelp keys[] = {{"Up/Down", "field"}, {"c", "copy"}, {"v", "reveal"},
				      {"Tab", "auth type"}, {"q", "done"}, {NULL, NULL}};

static const struct target *tgt(struct app *a)
{
	const struct target *t = app_target(a);

	return t ? t : targets_find(&a->s->targets, "custom");
}

/* Ready only on a completed, passed check of this very token. */
static void draw_readiness(const struct cJSON *p, const struct target *t, int y)
{
	const char *why;
	char line[400];

	switch (profile_verified(p, &why)) {
	case 1:
		if (t->done)
			ui_wrap(y, 2, COLS - 4, t->done, ui_attr(UI_DIM));
		break;
	case 0:
		snprintf(line, sizeof line,
			 "NOT READY: the last check of this token failed (%s). Fix it before "
			 "handing these values over.",
			 why ? why : "no reason recorded");
		ui_wrap(y, 2, COLS - 4, line, ui_attr(UI_BAD));
		break;
	default:
		ui_wrap(y, 2, COLS - 4,
			"Not checked yet: this token has not passed a live test. Run one (Esc, then "
			"Check coverage now) before handing these values over.",
			ui_attr(UI_WARN));
	}
}

static void draw(struct app *a)
{
	const struct target *t = tgt(a);
	const struct handoff_variant *v = &t->variants[variant];
	struct cJSON *p = app_profile(a);
	char val[1024], shown[1100];
	int i, y;

	if (!p) {
		mvprintw(2, 2, "The profile is not in the vault yet.");
		return;
	}
	y = ui_wrap(2, 2, COLS - 4, t->where, A_NORMAL) + 1;
	if (t->nvariants > 1)
		mvprintw(y++, 2, "%s (Tab: another auth type)", v->name);
	y++;
	for (i = 0; i < v->nfields && y < LINES - 4; i++, y++) {
		const struct handoff_field *f = &v->fields[i];
		int known = handoff_value(f, p, val, sizeof val) == 0;
		if (f->secret && known)
			ui_masked(shown, sizeof shown, val, reveal);
		else
			snprintf(shown, sizeof shown, "%s", val);
		if (i == sel)
			attron(ui_attr(UI_SELECT));
		mvprintw(y, 2, "%-22s", f->label);
		if (i == sel)
			attroff(ui_attr(UI_SELECT));
		attron(known ? (int)A_BOLD : ui_attr(UI_DIM));
		mvaddnstr(y, 26, shown, COLS - 28);
		attroff(known ? (int)A_BOLD : ui_attr(UI_DIM));
	}
	sodium_memzero(val, sizeof val);
	sodium_memzero(shown, sizeof shown);
	draw_readiness(p, t, y + 1);
}

static void enter(struct app *a)
{
	(void)a;
	sel = variant = reveal = 0;
}

static enum action key(struct app *a, int ch)
{
	const struct target *t = tgt(a);
	const struct handoff_variant *v = &t->variants[variant];
	struct cJSON *p = app_profile(a);
	char val[1024];

	switch (ch) {
	case KEY_UP:
		if (sel > 0)
			sel--;
		break;
	case KEY_DOWN:
		if (sel < v->nfields - 1)
			sel++;
		break;
	case '\t':
		variant = (variant + 1) % t->nvariants;
		sel = 0;
		break;
	case 'v': reveal = !reveal; break;
	case 'c':
	case '\n':
	case KEY_ENTER:
		if (!p || handoff_value(&v->fields[sel], p, val, sizeof val) != 0) {
			tui_status(a, 1, "%s is yours to fill in.", v->fields[sel].label);
			break;
		}
		if (ui_copy(val) == 0)
			tui_status(a, 0, "%s copied to your clipboard (OSC 52)%s.",
				   v->fields[sel].label,
				   v->fields[sel].secret ? "; it was not shown" : "");
		sodium_memzero(val, sizeof val);
		break;
	case 27: return ACT_BACK;
	case 'q': return ACT_QUIT;
	}
	return ACT_NONE;
}

const struct screen scr_handoff = {
	.title = "Hand-off",
	.enter = enter,
	.draw = draw,
	.key = key,
	.keys = keys,
};
