/* Coverage matrix: required vs. granted for every scope, with symbols that
 * read without colour, a legend, and what to do about the highlighted gap. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/demo.h"
#include "bcsetup/profile.h"
#include "bcsetup/rotate.h"
#include "bcsetup/vault.h"
#include "tui.h"

/* sel and top are positions in order[], which puts gaps first. */
static int sel, top, explaining, deleting, old_waiting, order[SCOPES_MAX];
/* After a rotation: what deleting the old account loses. */
static struct webhook_list hooks;
static int hooks_known;
static char hooks_err[BC_ERR_MSG_MAX];
/* Up/Down is on the help screen only: the line has room for what matters. */
#define MATRIX_MOVE                                                                   \
	{                                                                             \
		"Up/Down", NULL, "Moves between the scopes (PgUp/PgDn jump a page).", \
		{                                                                     \
			K_UPDOWN, KEY_PPAGE, KEY_NPAGE                                \
		}                                                                     \
	}
#define MATRIX_WHY                                                                                  \
	{                                                                                           \
		"e", "why",                                                                         \
			"Each request sent for the selected scope, its answer, and what it meant.", \
		{                                                                                   \
			'e'                                                                         \
		}                                                                                   \
	}
#define MATRIX_HANDOFF                                                      \
	{                                                                   \
		"Enter", "hand-off", "The values to give the integration.", \
		{                                                           \
			K_ENTER                                             \
		}                                                           \
	}
static const struct keyhelp keys[] = {
	MATRIX_WHY,
	{"r",
	 "new account",
	 "Starts a replacement API account with the scopes needed (an account's scopes "
	 "cannot be changed); the old token stays until the new one passes.",
	 {'r'}},
	MATRIX_HANDOFF,
	MATRIX_MOVE,
	{0}};
static const struct keyhelp rotated_keys[] = {
	{"d",
	 "delete old account",
	 "What deleting the old API account loses, in which order to do it, and whether "
	 "it is gone.",
	 {'d'}},
	MATRIX_HANDOFF,
	MATRIX_WHY,
	MATRIX_MOVE,
	{0}};
static const struct keyhelp unprobed_keys[] = {{0}};
static const struct keyhelp deleting_keys[] = {
	{"Enter", "hand-off", "The new values, to put into the integration first.", {K_ENTER}},
	{"d", "is it deleted?", "Asks BigCommerce whether the old token is refused now.", {'d'}},
	{"Esc", "matrix", NULL, {27}},
	{0}};
static const struct keyhelp deleted_keys[] = {
	{"Enter", "hand-off", "The new values, for the integration.", {K_ENTER}},
	{"Esc", "matrix", NULL, {27}},
	{0}};
static const struct keyhelp deleting_demo_keys[] = {
	{"Enter", "hand-off", "The new values, to put into the integration first.", {K_ENTER}},
	{"d", "is it deleted?", "Asks the store whether the old token is refused now.", {'d'}},
	{"x",
	 "delete it (practice store)",
	 "The practice store deletes the old account, as its control panel's trash can would.",
	 {'x'}},
	{"Esc", "matrix", NULL, {27}},
	{0}};

/* The retired account still waiting to be deleted: the newest history
 * entry that still holds its token. */
static const cJSON *old_account(struct app *a)
{
	const cJSON *h, *last = NULL;

	cJSON_ArrayForEach (h, cJSON_GetObjectItemCaseSensitive(app_profile(a), "history"))
		if (profile_str(h, "token"))
			last = h;
	return last;
}

/* Asks the API, with the old token, which webhooks its account made. */
static void list_hooks(struct app *a)
{
	const cJSON *old = old_account(a);
	struct bc_err err;
	char base[256];

	hooks_known = 0;
	hooks_err[0] = '\0';
	if (!old)
		return;
	if (rotate_list_webhooks(&a->s->api, app_api_base(a, base, sizeof base), a->creds.path.hash,
				 profile_str(old, "token"), &hooks, &err) == BC_OK)
		hooks_known = 1;
	else
		snprintf(hooks_err, sizeof hooks_err, "%s", err.msg);
}

/* Before the old account goes: what goes with it, and the order of things. */
static void draw_deleting(struct app *a)
{
	const cJSON *old = old_account(a);
	char line[320], acct[200];
	int y = 2, i, w = COLS - 4;

	if (!old) {
		ui_wrap(y, 2, w,
			"No old account is waiting to be deleted: its deletion is confirmed.",
			ui_attr(UI_OK));
		return;
	}
	profile_account_text(old, acct, sizeof acct);
	snprintf(line, sizeof line, "The old API account (%s; token %s) is not confirmed deleted.",
		 acct, profile_str(old, "token_masked"));
	y = ui_wrap(y, 2, w, line, A_BOLD) + 1;
	if (!hooks_known) {
		snprintf(line, sizeof line, "Its webhooks could not be listed: %.280s", hooks_err);
		y = ui_wrap(y, 2, w, line, ui_attr(UI_WARN));
	} else if (!hooks.count) {
		y = ui_wrap(y, 2, w,
			    "It made no webhooks (GET /v3/hooks with its token lists none).",
			    A_NORMAL);
	} else {
		snprintf(line, sizeof line,
			 "It made %d webhook%s, and they are deleted with it:", hooks.count,
			 hooks.count == 1 ? "" : "s");
		y = ui_wrap(y, 2, w, line, ui_attr(UI_WARN));
		for (i = 0; i < hooks.shown && y < LINES - 9; i++) {
			snprintf(line, sizeof line, "%s -> %s", hooks.hooks[i].scope,
				 hooks.hooks[i].destination);
			y = ui_wrap(y, 4, w - 2, line, A_NORMAL);
		}
		if (hooks.count > hooks.shown)
			mvprintw(y++, 4, "(and %d more)", hooks.count - hooks.shown);
	}
	y++;
	y = ui_wrap(y, 2, w,
		    "1. Put the new credentials into the integration first (Enter shows them); "
		    "it then makes its webhooks again with the new account.",
		    A_NORMAL);
	y = ui_wrap(
		y, 2, w,
		a->demo ? "2. Then delete the old account: x does it in the practice store "
			  "(in a real store: Settings > Store-level API accounts, the trash can)."
			: "2. Then delete the old account: Settings > Store-level API accounts, "
			  "its trash can.",
		A_NORMAL);
	ui_wrap(y, 2, w, "3. d asks BigCommerce whether the old token is refused now.", A_NORMAL);
}

static void delete_in_demo(struct app *a)
{
	const cJSON *old = old_account(a);
	struct bc_err err;

	if (!old || !profile_str(old, "client_id")) {
		tui_status(a, 1, "The old account's client id is not known: delete it by hand.");
		return;
	}
	if (demo_delete_account(a->practice.url, a->practice.key, a->creds.path.hash,
				profile_str(old, "client_id"), &err) != BC_OK)
		tui_status(a, 1, "%s", err.msg);
	else
		tui_status(a, 0,
			   "The practice store deleted the old account. d checks that its "
			   "token is refused.");
}
static const struct keyhelp explain_keys[] = {
	{"Up/Down", "another scope", NULL, {K_UPDOWN}},
	{"e", "back to the matrix", "Back to the matrix (Esc too).", {'e', 27}},
	{0}};

/* The selected scope: each request sent, its answer, and what it meant. */
static void draw_explain(struct app *a)
{
	const struct scope *s = &a->s->cat.scopes[order[sel]];
	const struct scope_evidence *ev = &a->result.ev[order[sel]];
	char line[EV_MEANING_MAX + 48], g[40];
	int y = 2, k, sent = 0;

	snprintf(g, sizeof g, "%s%s", scope_level_name(s, ev->granted),
		 ev->at_least ? " or more" : "");
	attron(A_BOLD);
	mvprintw(y++, 2, "%.*s: %s", COLS - 20, s->name, g);
	attroff(A_BOLD);
	y++;
	for (k = 0; k < 2; k++) {
		const struct probe_answer *pa = &ev->probe[k];
		if (!pa->request[0])
			continue;
		sent++;
		y = ui_wrap(y, 2, COLS - 4, pa->request, A_NORMAL);
		evidence_answer_text(pa, line, sizeof line);
		y = ui_wrap(y, 4, COLS - 6, line,
			    ui_attr(pa->outcome == EV_HELD      ? UI_OK
				    : pa->outcome == EV_MISSING ? UI_DIM
								: UI_WARN));
		y++;
	}
	if (!sent)
		ui_wrap(y, 2, COLS - 4, s->unverifiable ? s->unverifiable : "Not probed.",
			ui_attr(UI_WARN));
	else if (ev->granted == LEVEL_UNKNOWN || ev->at_least)
		ui_wrap(y, 2, COLS - 4, ev->text, ui_attr(UI_DIM));
}

/* The line under the legend: an alert first, then a failed check, then the gap. */
static void draw_verdict(struct app *a, const struct coverage_row *row)
{
	const struct check_result *r = &a->result;

	if (r->nalerts) {
		ui_wrap(LINES - 5, 2, COLS - 4, r->message, ui_attr(UI_BAD));
		ui_wrap(LINES - 3 - (COLS < 100), 2, COLS - 4, r->alerts[0].message,
			ui_attr(UI_BAD));
		return;
	}
	mvprintw(LINES - 5, 2, "%.*s: %s", COLS - 26, a->s->cat.scopes[order[sel]].name,
		 coverage_word(row->verdict));
	if (row->advice)
		ui_wrap(LINES - 4, 2, COLS - 4, row->advice, ui_attr(UI_WARN));
	else if (r->cov.failing) {
		char line[160];
		snprintf(line, sizeof line,
			 "%d required scope%s not held: r starts a new API account with the "
			 "scopes needed.",
			 r->cov.failing, r->cov.failing == 1 ? " is" : "s are");
		ui_wrap(LINES - 4, 2, COLS - 4, line, A_NORMAL);
	} else if (!r->ok)
		ui_wrap(LINES - 4, 2, COLS - 4, r->message, ui_attr(UI_BAD));
	else
		ui_wrap(LINES - 4, 2, COLS - 4,
			"Every required scope is held. Enter shows the values to hand over.",
			A_NORMAL);
}

struct confirm {
	struct app *a;
	struct retired_count n;
};

static enum bc_status confirm_change(cJSON *profiles, void *p, struct bc_err *err)
{
	struct confirm *c = p;
	cJSON *prof = cJSON_GetObjectItemCaseSensitive(profiles, c->a->profile);
	char base[256];

	if (!prof)
		return bc_fail(err, BC_ERR_NOTFOUND, "there is no profile %s", c->a->profile);
	return rotate_confirm_retired(&c->a->s->cat, &c->a->s->api,
				      app_api_base(c->a, base, sizeof base), prof, NULL, NULL,
				      &c->n, err);
}

/* After a rotation: asks whether the old token is refused now (see rotate.h). */
static void confirm_deleted(struct app *a)
{
	struct confirm c = {.a = a};
	struct bc_err err;

	if (vault_update(a->vault, confirm_change, &c, &err) != BC_OK) {
		tui_status(a, 1, "%s", err.msg);
		return;
	}
	if (!c.n.asked)
		tui_status(a, 0, "No old token is waiting for its account to be deleted.");
	else if (c.n.alive)
		tui_status(a, 1,
			   "The old token still works: delete its API account in the control "
			   "panel, then press d again.");
	else if (c.n.unclear)
		tui_status(a, 1,
			   "Could not tell whether the old token still works: the API gave no "
			   "answer that decides. Nothing is recorded; press d again later.");
	else
		tui_status(a, 0, "The old account is deleted; its token is wiped from the vault.");
}

/* Gaps first, then the rest of what is required, then what is not. */
static int rank(const struct coverage_row *r)
{
	if (coverage_fails(r->verdict))
		return 0;
	if (r->required > 0)
		return r->verdict == COV_UNKNOWN ? 1 : 2;
	return r->verdict == COV_NOT_NEEDED ? 4 : 3;
}

static void sort_rows(const struct app *a)
{
	int i, k, n = 0;

	for (k = 0; k <= 4; k++)
		for (i = 0; i < a->s->cat.n; i++)
			if (rank(&a->result.cov.rows[i]) == k)
				order[n++] = i;
}

/* A legend for the symbols and marks on the screen now, and only those. */
static void draw_legend(struct app *a, int y, const int *seen, int at_least, int was)
{
	char legend[400] = "";
	size_t n = 0;
	int v;

	for (v = 0; v < COV_COUNT; v++)
		if (seen[v])
			n += (size_t)snprintf(legend + n, sizeof legend - n, "%s%s %s",
					      n ? "  " : "", coverage_symbol(v, a->utf8),
					      v == COV_INSUFFICIENT ? "lower than needed"
								    : coverage_word(v));
	if (at_least && n < sizeof legend)
		n += (size_t)snprintf(legend + n, sizeof legend - n,
				      "  \"or more\": reading works, changing was not tried");
	if (was && n < sizeof legend)
		snprintf(legend + n, sizeof legend - n, "  \"was\": the check before");
	ui_wrap(y, 2, COLS - 4, legend, ui_attr(UI_DIM));
}

static void draw(struct app *a)
{
	const struct scope_catalogue *cat = &a->s->cat;
	const struct coverage *cov = &a->result.cov;
	const struct coverage_row *row;
	int rows = LINES - 11, i, y = 3, seen[COV_COUNT] = {0}, at_least = 0, was_shown = 0;
	/* The name column gives way so that "was modify" fits on the line. */
	int nw = COLS - 5 - 11 - 19 - 12;
	char g[40], name[200];
	const char *req;
	/* What the check before this one found, to mark what changed (the same
	 * rule as bcsetup check's "Changed since the last check"). */
	int was[SCOPES_MAX];

	if (!a->have_result)
		return;
	if (!a->result.probed) {
		/* The check stopped before the scopes: there is no coverage to show. */
		ui_wrap(3, 2, COLS - 4,
			"No coverage to show: the check stopped before any scope "
			"was probed.",
			A_BOLD);
		y = ui_wrap(5, 2, COLS - 4, a->result.message, ui_attr(UI_BAD)) + 1;
		if (check_next_step(a->result.kind))
			y = ui_wrap(y, 2, COLS - 4, check_next_step(a->result.kind), A_NORMAL) + 1;
		ui_wrap(y, 2, COLS - 4,
			"Then test again: Esc goes back to the live test, where r runs it again.",
			A_NORMAL);
		return;
	}
	sort_rows(a);
	if (explaining) {
		draw_explain(a);
		return;
	}
	if (deleting) {
		draw_deleting(a);
		return;
	}
	if (nw > 44)
		nw = 44;
	profile_check_levels(
		app_profile(a) ? cJSON_GetObjectItemCaseSensitive(app_profile(a), "previous_check")
			       : NULL,
		cat, was);
	mvprintw(2, 5, "%-*s %-10s %-18s", nw, "SCOPE", "REQUIRED", "GRANTED");
	if (sel < top)
		top = sel;
	if (sel >= top + rows)
		top = sel - rows + 1;
	/* Rows off the screen are never silent. */
	attron(ui_attr(UI_KEY));
	if (top > 0)
		mvprintw(2, COLS - 16, "%s %d more", a->utf8 ? "\u25B2" : "^", top);
	if (top + rows < cat->n)
		mvprintw(3 + rows, 5, "%s %d more below (Down, PgDn)", a->utf8 ? "\u25BC" : "v",
			 cat->n - top - rows);
	attroff(ui_attr(UI_KEY));
	for (i = top; i < cat->n && i < top + rows; i++, y++) {
		int k = order[i];
		const struct scope *s = &cat->scopes[k];
		enum ui_color c;
		row = &cov->rows[k];
		c = coverage_fails(row->verdict)  ? UI_BAD
		    : row->verdict == COV_COVERED ? UI_OK
		    : row->verdict == COV_UNKNOWN ? UI_WARN
						  : UI_DIM;
		seen[row->verdict] = 1;
		at_least |= row->at_least;
		/* A level no request can show says so, rather than "unknown"; and
		 * a baseline nobody asked for ("standard") is no requirement. */
		if (row->granted == LEVEL_UNKNOWN && s->unverifiable && row->required <= 0)
			snprintf(g, sizeof g, "cannot be checked");
		else
			snprintf(g, sizeof g, "%s%s", scope_level_name(s, row->granted),
				 row->at_least ? " or more" : "");
		req = row->required > 0                   ? s->levels[row->required]
		      : strcmp(s->levels[0], "none") == 0 ? "none"
							  : "-";
		if (i == sel)
			attron(A_REVERSE);
		attron(ui_attr(c));
		mvaddstr(y, 2, coverage_symbol(row->verdict, a->utf8));
		attroff(ui_attr(c));
		/* Symbols are 1 column in UTF-8, up to 2 in ASCII: one column of 2. */
		ui_fit(name, sizeof name, s->name, nw, a->utf8);
		mvprintw(y, 5, "%s%*s %-10s %s", name, nw - ui_cols(name), "", req, g);
		if (i == sel)
			attroff(A_REVERSE);
		if (was[k] != PROFILE_LEVEL_NONE && was[k] != row->granted) {
			char mark[48];
			int cy, cx;
			snprintf(mark, sizeof mark, " was %s", scope_level_name(s, was[k]));
			getyx(stdscr, cy, cx);
			attron(ui_attr(UI_WARN));
			mvaddnstr(cy, cx, mark, COLS - cx - 1);
			attroff(ui_attr(UI_WARN));
			was_shown = 1;
		}
	}
	draw_legend(a, LINES - 7, seen, at_least, was_shown);
	draw_verdict(a, &cov->rows[order[sel]]);
}

static void enter(struct app *a)
{
	sel = top = explaining = deleting = 0;
	/* Gaps come first: the selection starts where the attention is needed. */
	if (a->have_result)
		sort_rows(a);
}

static enum action key(struct app *a, int ch)
{
	int page = LINES - 11;

	switch (ch) {
	case KEY_UP:
	case 'k':
		if (sel > 0)
			sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (sel < a->s->cat.n - 1)
			sel++;
		break;
	case KEY_PPAGE: sel = sel > page ? sel - page : 0; break;
	case KEY_NPAGE: sel = sel + page < a->s->cat.n ? sel + page : a->s->cat.n - 1; break;
	case 'e': explaining = !explaining; break;
	case 'd':
		if (!deleting) {
			/* First what goes with the old account, then the question. */
			list_hooks(a);
			deleting = 1;
			old_waiting = old_account(a) != NULL; /* the keys follow */
			explaining = 0;
			break;
		}
		confirm_deleted(a);
		old_waiting = old_account(a) != NULL;
		break;
	case 'x': delete_in_demo(a); break;
	case 'r': {
		/* Scopes cannot be edited: a new account, with what the rule keeps. */
		char err[BC_ERR_MSG_MAX];
		if (app_begin_rotation(a, err, sizeof err) != 0) {
			tui_status(a, 1, "%s", err);
			break;
		}
		a->go_to = SCR_PANEL;
		return ACT_GOTO;
	}
	case 27: explaining = deleting = 0; break;
	default: return ACT_NEXT; /* Enter */
	}
	return ACT_NONE;
}

static const struct keyhelp *keys_for(const struct app *a)
{
	if (!a->result.probed)
		return unprobed_keys;
	if (deleting)
		return !old_waiting ? deleted_keys : a->demo ? deleting_demo_keys : deleting_keys;
	return explaining ? explain_keys : a->rotated ? rotated_keys : keys;
}

const struct screen scr_matrix = {
	.title = "Step 8 of 8: coverage",
	.enter = enter,
	.draw = draw,
	.key = key,
	.keys_for = keys_for,
};
