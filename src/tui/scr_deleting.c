/* Before the old API account goes, after a rotation: what it takes with it
 * (its webhooks), the order of things, and whether BigCommerce refuses its
 * token now. Within the coverage step; Esc goes back to the matrix. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/demo.h"
#include "bcsetup/profile.h"
#include "bcsetup/rotate.h"
#include "bcsetup/vault.h"
#include "tui.h"

/* The screen's state. */
static struct {
	struct webhook_list hooks; /* what GET /v3/hooks with the old token listed */
	int hooks_known;
	char hooks_err[BC_ERR_MSG_MAX];
	int old_waiting; /* an old account is still waiting: the keys follow */
} v;

/* The retired account still waiting to be deleted (see profile.h). */
static const cJSON *old_account(struct app *a)
{
	int waiting, alive;

	return profile_retired_waiting(app_profile(a), &waiting, &alive);
}

/* Asks the API, with the old token, which webhooks its account made. */
static void list_hooks(struct app *a)
{
	const cJSON *old = old_account(a);
	struct bc_err err;
	char base[256];

	v.hooks_known = 0;
	v.hooks_err[0] = '\0';
	if (!old)
		return;
	if (rotate_list_webhooks(&a->s->api, app_api_base(a, base, sizeof base), a->creds.path.hash,
				 profile_str(old, "token"), &v.hooks, &err) == BC_OK)
		v.hooks_known = 1;
	else
		snprintf(v.hooks_err, sizeof v.hooks_err, "%s", err.msg);
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
	if (!v.hooks_known) {
		snprintf(line, sizeof line, "Its webhooks could not be listed: %.280s",
			 v.hooks_err);
		y = ui_wrap(y, 2, w, line, ui_attr(UI_WARN));
	} else if (!v.hooks.count) {
		y = ui_wrap(y, 2, w,
			    "It made no webhooks (GET /v3/hooks with its token lists none).",
			    A_NORMAL);
	} else {
		snprintf(line, sizeof line,
			 "It made %d webhook%s, and they are deleted with it:", v.hooks.count,
			 v.hooks.count == 1 ? "" : "s");
		y = ui_wrap(y, 2, w, line, ui_attr(UI_WARN));
		for (i = 0; i < v.hooks.shown && y < LINES - 9; i++) {
			snprintf(line, sizeof line, "%s -> %s", v.hooks.hooks[i].scope,
				 v.hooks.hooks[i].destination);
			y = ui_wrap(y, 4, w - 2, line, A_NORMAL);
		}
		if (v.hooks.count > v.hooks.shown)
			mvprintw(y++, 4, "(and %d more)", v.hooks.count - v.hooks.shown);
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
	return rotate_confirm_retired(c->a->s, app_api_base(c->a, base, sizeof base), prof, NULL,
				      NULL, &c->n, err);
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

static void enter(struct app *a)
{
	list_hooks(a);
	v.old_waiting = old_account(a) != NULL;
}

static void draw(struct app *a)
{
	draw_deleting(a);
}

static enum action is_deleted(struct app *a, int ch)
{
	(void)ch;
	confirm_deleted(a);
	v.old_waiting = old_account(a) != NULL;
	return ACT_NONE;
}

static enum action delete_it(struct app *a, int ch)
{
	(void)ch;
	delete_in_demo(a);
	return ACT_NONE;
}

#define TO_HANDOFF(words)                                                                \
	{                                                                                \
		.key = "Enter", .what = "hand-off", .help = (words), .codes = {K_ENTER}, \
		.run = go_handoff, .prio = 2                                             \
	}
#define TO_MATRIX                                                             \
	{                                                                     \
		.key = "Esc", .what = "matrix", .codes = {27}, .run = go_back \
	}
static const struct binding keys[] = {
	TO_HANDOFF("The new values, to put into the integration first."),
	{.key = "d",
	 .what = "is it deleted?",
	 .help = "Asks BigCommerce whether the old token is refused now.",
	 .codes = {'d'},
	 .run = is_deleted,
	 .prio = 2},
	TO_MATRIX,
	{0}};
static const struct binding deleted_keys[] = {
	TO_HANDOFF("The new values, for the integration."), TO_MATRIX, {0}};
static const struct binding demo_keys[] = {
	TO_HANDOFF("The new values, to put into the integration first."),
	{.key = "d",
	 .what = "is it deleted?",
	 .help = "Asks the store whether the old token is refused now.",
	 .codes = {'d'},
	 .run = is_deleted,
	 .prio = 2},
	{.key = "x",
	 .what = "delete it (practice store)",
	 .help = "The practice store deletes the old account, as its control panel's trash "
		 "can would.",
	 .codes = {'x'},
	 .run = delete_it,
	 .prio = 1},
	TO_MATRIX,
	{0}};
static const struct binding *const tables[] = {keys, deleted_keys, demo_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	return !v.old_waiting ? deleted_keys : a->demo ? demo_keys : keys;
}

const struct screen scr_deleting = {
	.title = "delete the old account",
	.enter = enter,
	.draw = draw,
	.keys_for = keys_for,
	.tables = tables,
};
