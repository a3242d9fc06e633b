/* The live test (its screen, not a test of bcsetup): the probes run in
 * parallel, and each scope shows as it answers. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bcsetup/profile.h"
#include "bcsetup/vault.h"
#include "tui.h"

/* The screen's state. */
static struct {
	int answered[SCOPES_MAX]; /* the scopes that have answered so far */
	int done, aborted;
} v;

static const struct binding running_keys[];

/* An app's OAuth 2.0 client: no request checks it without the merchant. */
static void draw_app(struct app *a)
{
	const struct target *t = app_target(a);
	char line[400];
	int y = 2, w = COLS - 4;

	snprintf(line, sizeof line, "Store %s: an app's Client ID and secret are not tested here.",
		 a->creds.path.hash);
	y = ui_wrap(y, 2, w, line, A_BOLD) + 1;
	y = ui_wrap(y, 2, w,
		    "BigCommerce offers no request that verifies an app's client without the "
		    "merchant's consent: it is verified when the app is installed and "
		    "authorised for the store.",
		    A_NORMAL) +
	    1;
	snprintf(line, sizeof line,
		 "%s verifies it when it connects: it sends you to BigCommerce to authorise "
		 "the app, with the scopes it was given.",
		 t ? t->name : "The integration");
	y = ui_wrap(y, 2, w, line, A_NORMAL) + 1;
	ui_wrap(y, 2, w,
		"So nothing is recorded as checked: the profile says \"never checked\", "
		"which is the truth.",
		ui_attr(UI_DIM));
}

static void draw(struct app *a)
{
	const struct scope_catalogue *cat = &a->s->cat;
	int i, n = 0, cols = COLS > 100 ? 3 : 2, w = (COLS - 4) / cols, rows, top;
	char head[sizeof a->result.message + 400], name[200], store[300];

	if (a->app_kind) {
		draw_app(a);
		return;
	}
	for (i = 0; i < cat->n; i++)
		n += v.answered[i];
	/* The store by its name once the API told it, with its hash. */
	if (v.done && a->have_result && a->result.have_store && a->result.store_name[0])
		snprintf(store, sizeof store, "%s (%s)", a->result.store_name, a->creds.path.hash);
	else
		snprintf(store, sizeof store, "%s", a->creds.path.hash);
	snprintf(head, sizeof head, "Store %s: %s", store,
		 !v.done        ? "testing the token..."
		 : v.aborted    ? "stopped before it finished"
		 : a->result.ok ? "the token works"
				: a->result.message);
	top = ui_wrap(2, 2, COLS - 4, head, A_NORMAL) + 1;
	rows = (cat->n + cols - 1) / cols;
	for (i = 0; i < cat->n && top + i % rows < LINES - 3; i++) {
		int y = top + i % rows, x = 2 + (i / rows) * w;
		/* While running: which scopes have answered, not what they showed;
		 * once v.done, the verdict itself (nothing at all if never probed). */
		/* Pending reads apart from "not needed" in ASCII too. */
		const char *sym =
			v.answered[i] ? (a->utf8 ? "\u2022" : "*") : (a->utf8 ? "." : "-");
		enum ui_color c = UI_DIM;
		if (v.done && a->have_result && a->result.probed) {
			enum coverage_verdict vd = a->result.cov.rows[i].verdict;
			sym = coverage_symbol(vd, a->utf8);
			c = coverage_fails(vd)  ? UI_BAD
			    : vd == COV_COVERED ? UI_OK
			    : vd == COV_UNKNOWN ? UI_WARN
						: UI_DIM;
		} else if (v.done) {
			sym = " ";
		}
		ui_fit(name, sizeof name, cat->scopes[i].name, w - 4, a->utf8);
		/* The name in its own column: a symbol is 1 column wide in UTF-8
		 * (3 bytes) and 1 or 2 in ASCII, so never padded by bytes. */
		attron(ui_attr(c));
		mvaddstr(y, x, sym);
		mvaddstr(y, x + (a->utf8 ? 2 : 3), name);
		attroff(ui_attr(c));
	}
	if (!v.done)
		mvprintw(LINES - 3, 2, "%d of %d scopes answered", n, cat->n);
}

static int progress(void *ctx, int target, int scope, const struct check_result *r)
{
	struct app *a = ctx;
	const struct binding *b;
	int ch;

	(void)target;
	(void)r;
	if (scope >= 0)
		v.answered[scope] = 1;
	a->redraw(a);
	/* The keys a running test takes, from its own table. */
	ch = ui_poll_key(0);
	if (ch != ERR && (b = binding_for(running_keys, ch)))
		b->run(a, ch);
	if (app_interrupted(a))
		v.aborted = 1; /* Ctrl-C or a hang-up: the loop asks, nothing is recorded */
	return v.aborted;
}

static void run(struct app *a)
{
	struct check_opts o = {.progress = progress, .ctx = a};
	struct check_target t;
	struct bc_err err;
	char base[256], e[BC_ERR_MSG_MAX];

	memset(v.answered, 0, sizeof v.answered);
	v.done = v.aborted = 0;
	a->have_result = 0;
	a->cov_sel = -1; /* the matrix places its selection anew */
	/* What was asked for, additions included. */
	session_credentials_target(a->s, a->profile, &a->creds, a->levels, base, sizeof base, &t);
	t.base = app_api_base(a, base, sizeof base); /* the demo's practice store */
	o.api = a->s->api;
	if (check_run(&a->s->cat, &o, &t, &a->result, 1, &err) != BC_OK) {
		tui_status(a, 1, "%s", err.msg);
		v.done = v.aborted = 1;
		return;
	}
	v.done = 1;
	if (v.aborted)
		return;
	a->have_result = 1;
	if (!app_profile(a))
		return; /* not in the vault (yet): nothing to record */
	if (a->rotating && !a->result.ok) {
		a->rotation_failed = 1;
		tui_status(a, 1, "Not saved: profile %s keeps its old token. %s", a->profile,
			   a->result.message);
		return;
	}
	a->rotation_failed = 0;
	/* Other profiles on the old token keep it: they stop working with it. */
	if (a->rotating)
		profile_shares_token(vault_profiles(a->vault), app_profile(a), a->shares,
				     sizeof a->shares);
	if (app_record_check(a, a->rotating, e, sizeof e) != 0) {
		tui_status(a, 1, "%s: %s", a->rotating ? "Not saved" : "The result was not saved",
			   e);
		return;
	}
	if (a->rotating) {
		a->rotating = 0;
		a->rotated = 1;
	}
	if (a->rotated && a->shares[0]) {
		tui_status(a, 1,
			   "The new token replaced the old one in %s only: %s still use the old "
			   "one and stop working when its account is deleted. Rotate them too.",
			   a->profile, a->shares);
		return;
	}
	tui_status(a, !a->result.ok, "%s",
		   a->rotated ? "The new token replaced the old one. Put it into the integration "
				"first; then delete the old API account (d on the next screen)."
		   : a->result.ok ? "All required scopes are held. Result saved in the vault."
		   : check_next_step(a->result.kind)
			   ? check_next_step(a->result.kind)
			   : "The check found a problem (above). Result saved in the vault.");
}

static void enter(struct app *a)
{
	if (!a->app_kind)
		run(a);
}

static enum action again(struct app *a, int ch)
{
	(void)ch;
	run(a);
	return ACT_NONE;
}

static enum action matrix(struct app *a, int ch)
{
	(void)ch;
	if (a->have_result)
		return ACT_NEXT;
	tui_status(a, 1, "The test did not finish: r runs it again, Esc goes back.");
	return ACT_NONE;
}

/* While it runs (read by progress, between the answers). */
static enum action stop(struct app *a, int ch)
{
	(void)a;
	(void)ch;
	v.aborted = 1;
	return ACT_NONE;
}

static const struct binding keys[] = {
	{.key = "Enter",
	 .what = "coverage matrix",
	 .help = "What each scope showed, against what is required.",
	 .codes = {K_ENTER},
	 .run = matrix,
	 .prio = 2},
	{.key = "r",
	 .what = "test again",
	 .help = "Runs the whole test again (after a fix, or to be sure).",
	 .codes = {'r'},
	 .run = again,
	 .prio = 1},
	{0}};
static const struct binding running_keys[] = {
	{.key = "Esc",
	 .what = "stop the test",
	 .help = "Stops it; nothing is recorded from a test that stopped early.",
	 .codes = {27, 'q'},
	 .run = stop,
	 .prio = 2},
	{0}};
static const struct binding app_keys[] = {{.key = "Enter",
					   .what = "hand-off",
					   .help = "The values the integration's form asks for.",
					   .codes = {K_ENTER},
					   .run = go_handoff,
					   .prio = 2},
					  {0}};
static const struct binding *const tables[] = {keys, running_keys, app_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	return a->app_kind ? app_keys : v.done ? keys : running_keys;
}

static const char *title_for(const struct app *a)
{
	return a->app_kind ? "how it is verified" : "live test";
}

const struct screen scr_livetest = {
	.title = "live test",
	.title_for = title_for,
	.enter = enter,
	.draw = draw,
	.keys_for = keys_for,
	.tables = tables,
};
