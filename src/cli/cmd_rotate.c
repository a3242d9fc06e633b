/* bcsetup rotate: a new API account replaces the old one, verified first.
 *
 * BigCommerce tokens cannot be rotated in place. The steps: the scopes the new
 * account needs (the target's, plus whatever the current token was seen to
 * hold), the new credentials, a live check that they cover at least that,
 * and only then the profile's update; then the old account's deletion,
 * confirmed by the old token being refused (401), after which it is wiped. */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/api.h"
#include "bcsetup/check.h"
#include "bcsetup/credfile.h"
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/rotate.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "cli.h"

/* Where the guidance goes: standard output, or standard error under --json
 * (whose one document alone goes to standard output). */
static FILE *say;

static void report(void *ctx, const cJSON *h, enum retired_state st, const char *why)
{
	(void)ctx;
	if (st == RETIRED_DELETED)
		fprintf(say, "The old token %s is refused now: its account is deleted.\n",
			profile_str(h, "token_masked"));
	else if (st == RETIRED_ALIVE) {
		char acct[200];
		profile_account_text(h, acct, sizeof acct);
		fprintf(say,
			"The old token %s still works: delete its API account (%s) in the "
			"control panel, then run this again.\n",
			profile_str(h, "token_masked"), acct);
	} else
		fprintf(say,
			"Could not tell whether %s still works (%s): nothing is recorded; run "
			"this again when the API answers.\n",
			profile_str(h, "token_masked"), why);
}

struct confirm {
	struct cli *c;
	const char *name;
	struct retired_count n;
};

/* Asks the API about each retired token that is still kept (see rotate.h);
 * runs inside vault_update, so what it learns is saved. */
static enum bc_status confirm_change(cJSON *profiles, void *p, struct bc_err *err)
{
	struct confirm *f = p;
	cJSON *prof = cJSON_GetObjectItemCaseSensitive(profiles, f->name);

	if (!prof)
		return bc_fail(err, BC_ERR_NOTFOUND, "there is no profile '%s'", f->name);
	return rotate_confirm_retired(&f->c->s, NULL, prof, report, NULL, &f->n, err);
}

/* 0 when every retired token is refused now, 1 when one still works or
 * could not be asked, or an exit status after an error. */
static int confirm_retired(struct cli *c, struct vault *v, const char *name)
{
	struct confirm f = {.c = c, .name = name};
	int rc = cli_update(v, confirm_change, &f);

	if (rc)
		return rc;
	if (!f.n.asked)
		fprintf(say, "No retired token is waiting for its account to be deleted.\n");
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "ok", !f.n.alive && !f.n.unclear);
		cJSON_AddStringToObject(o, "profile", name);
		cJSON_AddNumberToObject(o, "retired_asked", f.n.asked);
		cJSON_AddNumberToObject(o, "still_alive", f.n.alive);
		cJSON_AddNumberToObject(o, "unclear", f.n.unclear);
		cli_print_json(o);
	}
	return f.n.alive || f.n.unclear ? 1 : 0;
}

struct apply {
	const char *name;
	const struct credentials *cr;
	const struct check_result *r;
	const struct scope_catalogue *cat;
};

static enum bc_status apply_change(cJSON *profiles, void *p, struct bc_err *err)
{
	const struct apply *u = p;

	return profile_apply_rotation(profiles, u->name, u->cr, u->r, u->cat, time(NULL), err);
}

/* What deleting the old account loses: the webhooks it made. */
static void print_webhooks(struct cli *c, const char *old_token, const char *hash, const char *base)
{
	struct webhook_list wl;
	struct bc_err err;
	int i;

	if (rotate_list_webhooks(&c->s.api, base, hash, old_token, &wl, &err) != BC_OK) {
		fprintf(say,
			"The old account's webhooks could not be listed (%s): check them in the "
			"control panel before deleting it.\n",
			err.msg);
		return;
	}
	if (!wl.count) {
		fprintf(say,
			"The old account made no webhooks (GET /v3/hooks with its token lists none).\n");
		return;
	}
	fprintf(say, "The old account made %d webhook%s; %s deleted with it:\n", wl.count,
		wl.count == 1 ? "" : "s", wl.count == 1 ? "it is" : "they are");
	for (i = 0; i < wl.shown; i++)
		fprintf(say, "  %s -> %s\n", wl.hooks[i].scope, wl.hooks[i].destination);
	if (wl.count > wl.shown)
		fprintf(say, "  (and %d more)\n", wl.count - wl.shown);
}

/* Reads the new credentials file's path from the terminal. */
static int ask_path(char *buf, size_t size)
{
	fprintf(say, "Path of the new credentials file (the .txt BigCommerce downloaded): ");
	fflush(say);
	if (!fgets(buf, (int)size, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf[0] ? 0 : -1;
}

int cmd_rotate(struct cli *c)
{
	const char *name = c->argv[0];
	struct credentials cr = {0};
	struct check_opts o = {0};
	struct check_target t = {0};
	static struct check_result r;
	struct apply ap;
	struct bc_err err;
	struct vault *v = NULL;
	cJSON *p;
	char base[256], path[4096], masked[16], shares[200], old_acct[200], old_id[80];
	char why[BC_ERR_MSG_MAX];
	char *old = NULL;
	int need[SCOPES_MAX], i, rc, unsure, shown = 0;

	say = c->json ? stderr : stdout;
	if ((rc = cli_load(c)) != 0)
		return rc;
	/* Options first: nothing is asked for a command that cannot run. */
	if (c->s.api_base && api_check_base(c->s.api_base, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	if ((rc = cli_open_vault(c, 0, &v)) != 0)
		return rc;
	p = cJSON_GetObjectItemCaseSensitive(vault_profiles(v), name);
	if (!p) {
		rc = cli_error(BC_ERR_NOTFOUND, "there is no profile '%s' (see 'bcsetup list')",
			       name);
		goto out;
	}
	if (profile_is_app(p)) {
		rc = cli_error(BC_ERR_INPUT,
			       "profile '%s' holds an app's OAuth 2.0 client: its secret is "
			       "replaced in the Developer Portal, and the app made anew with the "
			       "wizard",
			       name);
		goto out;
	}
	if (c->confirm_deleted) {
		/* Only the last step: after the old account was deleted. */
		rc = confirm_retired(c, v, name);
		goto out;
	}
	o.api = c->s.api;
	rotate_needed_levels(&c->s, p, c->accept_less, NULL, need, &unsure, why, sizeof why);
	fprintf(say,
		"Rotating %s (store %s). In the control panel, create a new API account "
		"(V2/V3 API token) with:\n",
		name, profile_str(p, "store_hash"));
	for (i = 0; i < c->s.cat.n; i++)
		if (need[i] > 0 && ++shown)
			fprintf(say, "  %-46s %s\n", c->s.cat.scopes[i].name,
				c->s.cat.scopes[i].levels[need[i]]);
	if (!shown)
		fprintf(say,
			"  (no scope is known to be needed; run 'bcsetup check %s' first to keep "
			"what the current token holds)\n",
			name);
	fprintf(say, "and every other scope: none.\n");
	if (unsure)
		fprintf(say,
			"(%d of these the old token held at a lower level or more, and it could not "
			"be asked\n again: %s.\n The new token must show the level above; if the "
			"old account's page in the\n control panel shows less, --accept-less.)\n",
			unsure, why);
	fprintf(say, "\n");
	if (c->argc > 1)
		snprintf(path, sizeof path, "%s", c->argv[1]);
	else if (!isatty(STDIN_FILENO) || ask_path(path, sizeof path) != 0) {
		rc = cli_error(BC_ERR_INPUT,
			       "give the new credentials file: bcsetup rotate %s FILE", name);
		goto out;
	}
	if (credfile_read(path, &cr, &err) != BC_OK) {
		rc = cli_error(err.code, "%s", err.msg);
		goto out;
	}
	if (strcmp(cr.path.hash, profile_str(p, "store_hash")) != 0) {
		rc = cli_error(BC_ERR_INPUT, "the new credentials are for store %s, not %s",
			       cr.path.hash, profile_str(p, "store_hash"));
		goto out;
	}
	if (strcmp(cr.access_token, profile_str(p, "access_token")) == 0) {
		rc = cli_error(BC_ERR_INPUT, "this is the token the profile already has");
		goto out;
	}
	/* Verify before anything is written: the profile is untouched until then. */
	session_credentials_target(&c->s, name, &cr, need, base, sizeof base, &t);
	o.read_only = c->read_only_probes;
	fprintf(say, "Checking the new token...\n");
	/* The status first: a check that never ran wrote no result. */
	if (check_run(&c->s.cat, &o, &t, &r, 1, &err) != BC_OK) {
		rc = cli_error(err.code, "%s", err.msg);
		goto out;
	}
	if (!r.ok) {
		rc = cli_error(
			BC_ERR_CHECK,
			"the new token was not accepted (%s): %s. The profile still has its "
			"old token. Delete the API account just made (Client ID %s) in the "
			"control panel and create another with the scopes listed above.%s",
			check_kind_word(r.kind), r.message, cli_safe(cr.client_id),
			r.kind == CHECK_SCOPE && !c->accept_less
				? " (--accept-less takes fewer scopes than the old token had, "
				  "as long as the target's are covered)"
				: "");
		goto out;
	}
	/* Others on the old token stay on it: said before anything changes. And
	 * the old account named before the profile (p) is rewritten. */
	profile_shares_token(vault_profiles(v), p, shares, sizeof shares);
	profile_account_text(p, old_acct, sizeof old_acct);
	text_clean(old_id, sizeof old_id, profile_str(p, "client_id"));
	/* Kept to ask, once the new token is in, what the old account made. */
	if (!(old = secret_strdup(profile_str(p, "access_token")))) {
		rc = cli_error(BC_ERR_NOMEM, "out of memory");
		goto out;
	}
	ap = (struct apply){name, &cr, &r, &c->s.cat};
	if ((rc = cli_update(v, apply_change, &ap)) != 0)
		goto out;
	profile_mask(cr.access_token, masked, sizeof masked);
	fprintf(say, "The new token %s covers everything needed and is now in profile %s.\n",
		masked, name);
	/* The API root the new token was checked at: t.base (NULL: the real
	 * API); never the buffer, which session_api_root may leave unwritten. */
	print_webhooks(c, old, cr.path.hash, t.base);
	if (shares[0])
		fprintf(say,
			"Profiles %s hold the old token too: they stop working once its account "
			"is deleted. Rotate them first.\n",
			shares);
	fprintf(say,
		"Put the new credentials into the integration first; then delete the old API "
		"account (%s) in the control panel (Settings > Store-level API accounts).\n",
		old_acct);
	if (c->json) {
		/* One document: the prompt would need a second one. */
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddTrueToObject(doc, "ok");
		cJSON_AddStringToObject(doc, "profile", name);
		cJSON_AddStringToObject(doc, "token", masked);
		cJSON_AddStringToObject(doc, "old_account", "not yet confirmed deleted");
		cJSON_AddStringToObject(doc, "next", "bcsetup rotate PROFILE --confirm-deleted");
		cJSON_AddStringToObject(doc, "old_client_id", old_id);
		cJSON_AddStringToObject(doc, "shared_with", shares);
		cli_print_json(doc);
	} else if (isatty(STDIN_FILENO)) {
		fprintf(say,
			"Press Enter once it is deleted (Ctrl-C to confirm later with "
			"'bcsetup rotate %s --confirm-deleted'): ",
			name);
		fflush(say);
		if (fgets(path, sizeof path, stdin))
			rc = confirm_retired(c, v, name);
	} else {
		fprintf(say,
			"Then run 'bcsetup rotate %s --confirm-deleted' to confirm it is gone.\n",
			name);
	}
out:
	secret_free(old);
	credentials_clear(&cr);
	vault_close(v);
	return rc;
}
