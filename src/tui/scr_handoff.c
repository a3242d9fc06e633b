/* Hand-off: the target's form fields, in its own words and forms; each value
 * copied with one key (OSC 52); secrets masked until revealed. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "tui.h"

/* The screen's state. */
static struct {
	int sel;     /* the field selected */
	int variant; /* the integration's form shown (Tab: its other way to connect) */
	int reveal;  /* secrets shown */
	int notes;   /* the notes instead of the fields */
} v;

static const struct target *tgt(const struct app *a)
{
	const struct target *t = app_target(a);

	return t ? t : targets_find(&a->s->targets, "custom");
}

/* Ready only on a completed, passed check of this very token. */
/* Returns the next free row. */
static int draw_readiness(const struct cJSON *p, const struct target *t, int y)
{
	const char *why;
	char line[400];

	if (profile_is_app(p)) {
		snprintf(line, sizeof line,
			 "An app's client: %s verifies it when it connects (no request can "
			 "before).",
			 t->name);
		return ui_wrap(y, 2, COLS - 4, line, ui_attr(UI_DIM));
	}
	switch (profile_verified(p, &why)) {
	case 1:
		if (t->done)
			y = ui_wrap(y, 2, COLS - 4, t->done, ui_attr(UI_DIM));
		break;
	case 0:
		snprintf(line, sizeof line,
			 "NOT READY: the last check of this token failed (%s). Fix it before "
			 "handing these values over.",
			 why ? why : "no reason recorded");
		y = ui_wrap(y, 2, COLS - 4, line, ui_attr(UI_BAD));
		break;
	default:
		y = ui_wrap(
			y, 2, COLS - 4,
			"Not checked yet: this token has not passed a live test. Run one (Esc, then "
			"Check coverage now) before handing these values over.",
			ui_attr(UI_WARN));
	}
	return y;
}

/* Whose words the notes are: "the guide's, BigCommerce's and bcsetup's". */
static const char *notes_whose(const struct target *t)
{
	static const char *const words[] = {"bcsetup's", "the guide's", "BigCommerce's"};
	static char buf[80];
	int has[3] = {0}, i, n = 0, k;
	size_t off = 0;

	for (i = 0; i < t->nnotes; i++)
		has[t->notes[i].from] = 1;
	k = has[0] + has[1] + has[2];
	buf[0] = '\0';
	for (i = 0; i < 3; i++) {
		/* the guide first, bcsetup last */
		int w = i == 0 ? 1 : i == 1 ? 2 : 0;
		if (!has[w])
			continue;
		n++;
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s",
					n == 1   ? ""
					: n == k ? " and "
						 : ", ",
					words[w]);
		if (off >= sizeof buf)
			break;
	}
	return buf;
}

/* The notes, in place of the fields (n), each under whose words they are. */
static void draw_notes(const struct target *t)
{
	char head[160], quoted[1024];
	int i, y = 2;

	for (i = 0; i < t->nnotes && y < LINES - 3; i++) {
		const struct target_note *n = &t->notes[i];
		if (i == 0 || n->from != t->notes[i - 1].from || n->from == NOTE_BIGCOMMERCE) {
			if (n->from == NOTE_GUIDE)
				snprintf(head, sizeof head, "From the %s guide:", t->name);
			else if (n->from == NOTE_BIGCOMMERCE)
				snprintf(head, sizeof head, "BigCommerce (%s):", n->source);
			else
				snprintf(head, sizeof head, "bcsetup's note%s:",
					 i + 1 < t->nnotes && t->notes[i + 1].from == NOTE_BCSETUP
						 ? "s"
						 : "");
			y = ui_wrap(y, 2, COLS - 4, head, ui_attr(UI_DIM));
		}
		if (n->from == NOTE_BIGCOMMERCE) {
			snprintf(quoted, sizeof quoted, "\"%s\"", n->text);
			y = ui_wrap(y, 2, COLS - 4, quoted, A_NORMAL) + 1;
		} else {
			y = ui_wrap(y, 2, COLS - 4, n->text, A_NORMAL) + 1;
		}
	}
}

/* The hand-offs that fit the profile: an app's, or an API account's. */
static int fits(const struct app *a, const struct handoff_variant *form)
{
	const struct cJSON *p = app_profile(a);

	return form->app == (p ? profile_is_app(p) : a->app_kind);
}

static int fitting(const struct app *a)
{
	const struct target *t = tgt(a);
	int i, n = 0;

	for (i = 0; i < t->nvariants; i++)
		n += fits(a, &t->variants[i]);
	return n;
}

/* The next fitting hand-off after index from (itself when it is the only). */
static int next_fitting(const struct app *a, int from)
{
	const struct target *t = tgt(a);
	int i, k;

	for (k = 1; k <= t->nvariants; k++) {
		i = (from + k) % t->nvariants;
		if (fits(a, &t->variants[i]))
			return i;
	}
	return from;
}

static void draw(struct app *a)
{
	const struct target *t = tgt(a);
	const struct handoff_variant *form = &t->variants[v.variant];
	struct cJSON *p = app_profile(a);
	char val[1024], shown[1100];
	int i, y, w = COLS - 28, cut = 0, known_sel = 0;

	if (!p) {
		mvprintw(2, 2, "The profile is not in the vault yet.");
		return;
	}
	if (v.notes) {
		draw_notes(t);
		return;
	}
	if (a->rotation_failed) {
		/* Whose values these are, and what the failed attempt left behind. */
		snprintf(shown, sizeof shown,
			 "These are the OLD token's values: the new one failed its check, so "
			 "%s kept the old. Delete the API account \"%s\" you just made, then "
			 "r on the coverage screen starts another.",
			 a->profile, app_account_name(a));
		y = ui_wrap(2, 2, COLS - 4, shown, ui_attr(UI_BAD));
		y = ui_wrap(y, 2, COLS - 4, t->where, A_NORMAL);
	} else {
		y = ui_wrap(2, 2, COLS - 4, t->where, A_NORMAL);
	}
	if (fitting(a) > 1)
		mvprintw(y++, 2, "%s (Tab: another %s)", form->name,
			 t->variants_called ? t->variants_called : "form");
	else if (t->nvariants > 1)
		mvprintw(y++, 2, "%s", form->name);
	y++;
	for (i = 0; i < form->nfields && y < LINES - 6; i++, y++) {
		const struct handoff_field *f = &form->fields[i];
		int known = handoff_value(f, p, val, sizeof val) == 0;
		if (f->secret && known)
			ui_masked(shown, sizeof shown, val, v.reveal);
		else if (!known && (f->source == SRC_USER || f->source == SRC_STORE_NAME))
			snprintf(shown, sizeof shown, "(yours to fill in)");
		else
			snprintf(shown, sizeof shown, "%s", val);
		if (i == v.sel)
			attron(ui_attr(UI_SELECT));
		mvprintw(y, 2, "%-22.22s", f->label);
		if (i == v.sel)
			attroff(ui_attr(UI_SELECT));
		attron(known ? (int)A_BOLD : ui_attr(UI_DIM));
		mvaddnstr(y, 26, shown, w);
		attroff(known ? (int)A_BOLD : ui_attr(UI_DIM));
		/* Never cut without a sign: the whole value follows below. */
		if (ui_cols(shown) > w) {
			mvaddstr(y, COLS - 2, ">");
			if (i == v.sel)
				cut = 1;
		}
		if (i == v.sel)
			known_sel = known;
	}
	y++;
	/* The selected field: what it is, and all of it when the row cut it. */
	if (form->fields[v.sel].hint && y < LINES - 5) {
		snprintf(val, sizeof val, "%s: %s", form->fields[v.sel].label,
			 form->fields[v.sel].hint);
		y = ui_wrap(y, 2, COLS - 4, val, ui_attr(UI_DIM));
	}
	if (cut && known_sel) {
		handoff_value(&form->fields[v.sel], p, val, sizeof val);
		ui_masked(shown, sizeof shown, val, !form->fields[v.sel].secret || v.reveal);
		y = ui_wrap(y, 2, COLS - 4, shown, A_BOLD);
	}
	sodium_memzero(val, sizeof val);
	sodium_memzero(shown, sizeof shown);
	y = draw_readiness(p, t, y + 1);
	if (t->nnotes && y < LINES - 3)
		mvprintw(y, 2, "n: %d note%s (%s)", t->nnotes, t->nnotes == 1 ? "" : "s",
			 notes_whose(t));
}

/* Every field as "Label: value" lines, for one e-mail or note; a value only
 * the user knows gets an empty line to fill in, never a placeholder. */
static void copy_all(struct app *a, const struct handoff_variant *form, const struct cJSON *p)
{
	size_t size = 8192, n = 0;
	char *text = secret_alloc(size), val[1024];
	int i, secrets = 0;

	if (!text)
		return;
	for (i = 0; i < form->nfields; i++) {
		int known = handoff_value(&form->fields[i], p, val, sizeof val) == 0;
		n += (size_t)snprintf(text + n, size - n, "%s: %s\n", form->fields[i].label,
				      known ? val : "");
		secrets += form->fields[i].secret && known;
		if (n >= size)
			break;
	}
	sodium_memzero(val, sizeof val);
	if (n < size && ui_copy(text) == 0)
		tui_status(a, 0, "%d values copied to your clipboard as one block (OSC 52)%s.",
			   form->nfields, secrets ? "; the secrets in it were not shown" : "");
	secret_free(text);
}

static void enter(struct app *a)
{
	v.sel = v.variant = v.reveal = v.notes = 0;
	if (!fits(a, &tgt(a)->variants[0]))
		v.variant = next_fitting(a, 0);
}

static enum action field(struct app *a, int ch)
{
	const struct handoff_variant *form = &tgt(a)->variants[v.variant];

	if ((ch == KEY_UP || ch == 'k') && v.sel > 0)
		v.sel--;
	else if ((ch == KEY_DOWN || ch == 'j') && v.sel < form->nfields - 1)
		v.sel++;
	return ACT_NONE;
}

static enum action other_form(struct app *a, int ch)
{
	(void)ch;
	v.variant = next_fitting(a, v.variant);
	v.sel = 0;
	return ACT_NONE;
}

static enum action reveal(struct app *a, int ch)
{
	(void)a;
	(void)ch;
	v.reveal = !v.reveal;
	return ACT_NONE;
}

static enum action notes(struct app *a, int ch)
{
	const struct target *t = tgt(a);

	(void)ch;
	if (v.notes)
		v.notes = 0;
	else if (t->nnotes)
		v.notes = 1;
	else
		tui_status(a, 0, "%s's guide has no notes beyond these fields.", t->name);
	return ACT_NONE;
}

static enum action copy(struct app *a, int ch)
{
	const struct handoff_variant *form = &tgt(a)->variants[v.variant];
	struct cJSON *p = app_profile(a);
	char val[1024];

	(void)ch;
	if (!p || handoff_value(&form->fields[v.sel], p, val, sizeof val) != 0) {
		tui_status(a, 1, "%s is yours to fill in.", form->fields[v.sel].label);
		return ACT_NONE;
	}
	if (ui_copy(val) == 0)
		tui_status(a, 0, "%s copied to your clipboard (OSC 52)%s.",
			   form->fields[v.sel].label,
			   form->fields[v.sel].secret ? "; it was not shown" : "");
	sodium_memzero(val, sizeof val);
	return ACT_NONE;
}

static enum action copy_every(struct app *a, int ch)
{
	struct cJSON *p = app_profile(a);

	(void)ch;
	if (p)
		copy_all(a, &tgt(a)->variants[v.variant], p);
	return ACT_NONE;
}

#define HANDOFF_KEYS                                                                       \
	{.key = "Up/Down", .what = "field", .codes = {K_UPDOWN}, .run = field, .prio = 1}, \
		{.key = "n",                                                               \
		 .help = "The notes, each under whose words they are: the integration's "  \
			 "guide, BigCommerce or bcsetup; n again for the fields.",         \
		 .codes = {'n'},                                                           \
		 .run = notes},                                                            \
		{.key = "c",                                                               \
		 .what = "copy",                                                           \
		 .help = "Copies the selected value to your clipboard (OSC 52), shown or " \
			 "not; Enter too.",                                                \
		 .codes = {'c', K_ENTER},                                                  \
		 .run = copy,                                                              \
		 .prio = 2},                                                               \
		{.key = "v",                                                               \
		 .what = "reveal",                                                         \
		 .help = "Shows or hides the secrets on the screen.",                      \
		 .codes = {'v'},                                                           \
		 .run = reveal,                                                            \
		 .prio = 1},                                                               \
	{                                                                                  \
		.key = "a", .what = "copy all",                                            \
		.help = "Copies every value as \"label: value\" lines, for one e-mail or " \
			"note.",                                                           \
		.codes = {'a'}, .run = copy_every                                          \
	}
#define DONE                                                                              \
	{                                                                                 \
		.key = "q", .what = "done", .help = "Leaves the wizard.", .codes = {'q'}, \
		.run = go_quit                                                            \
	}
static const struct binding keys[] = {HANDOFF_KEYS, DONE, {0}};
static const struct binding variant_keys[] = {
	HANDOFF_KEYS,
	{.key = "Tab",
	 .what = "other form",
	 .help = "The fields of the integration's other way to connect.",
	 .codes = {'\t'},
	 .run = other_form,
	 .prio = 1},
	DONE,
	{0}};
static const struct binding notes_keys[] = {
	{.key = "n", .what = "back to the fields", .codes = {'n'}, .run = notes, .prio = 1},
	DONE,
	{0}};
static const struct binding *const tables[] = {keys, variant_keys, notes_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	return v.notes ? notes_keys : fitting(a) > 1 ? variant_keys : keys;
}

const struct screen scr_handoff = {
	.title = "Hand-off",
	.enter = enter,
	.draw = draw,
	.keys_for = keys_for,
	.tables = tables,
};
