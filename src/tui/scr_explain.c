/* Why a scope shows what it shows: each request the check sent for the
 * scope selected on the matrix, its answer, and what it meant. Within the
 * coverage step; Up/Down go through the scopes in the matrix's order. */
#include <stdio.h>
#include <string.h>

#include "tui.h"

/* The selected scope: each request sent, its answer, and what it meant. */
static void draw_explain(struct app *a)
{
	const struct scope *s = &a->s->cat.scopes[a->cov_order[a->cov_sel]];
	const struct scope_evidence *ev = &a->result.ev[a->cov_order[a->cov_sel]];
	char line[EV_MEANING_MAX + 48], g[40];
	int y = 2, k, sent = 0;

	snprintf(g, sizeof g, "%s%s", scope_level_name(s, ev->granted),
		 ev->at_least ? " or more" : "");
	attron(A_BOLD);
	snprintf(line, sizeof line, "%s: %s", s->name, g);
	ui_put(a, y++, 2, COLS - 4, line);
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

static void draw(struct app *a)
{
	if (a->have_result && a->result.probed)
		draw_explain(a);
}

static enum action updown(struct app *a, int ch)
{
	if ((ch == KEY_UP || ch == 'k') && a->cov_sel > 0)
		a->cov_sel--;
	else if ((ch == KEY_DOWN || ch == 'j') && a->cov_sel < a->s->cat.n - 1)
		a->cov_sel++;
	return ACT_NONE;
}

static const struct binding keys[] = {
	{.key = "Up/Down", .what = "another scope", .codes = {K_UPDOWN}, .run = updown, .prio = 1},
	{.key = "e",
	 .what = "back to the matrix",
	 .help = "Back to the matrix (Esc too).",
	 .codes = {'e', 27},
	 .run = go_back,
	 .prio = 2},
	{0}};
static const struct binding *const tables[] = {keys, NULL};

const struct screen scr_explain = {
	.title = "why",
	.draw = draw,
	.keys = keys,
	.tables = tables,
};
