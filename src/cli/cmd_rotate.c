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
#include "bcsetup/vault.h"
#include "cli.h"

static void report(void *ctx, const cJSON *h, enum retired_state st, const char *why)
{
	(void)ctx;
	if (st == RETIRED_DELETED)
		printf("The old token %s is refused now: its account is deleted.\n",
		       profile_str(h, "token_masked"));
	else if (st == RETIRED_ALIVE)
		printf("The old token %s still works: delete its API account (%s) in the "
		       "control panel.\n",
		       profile_str(h, "token_masked"),
		       profile_str(h, "account_name") ? profile_str(h, "account_name") : "?");
	else
		printf("Could not tell whether %s still works: %s\n", profile_str(h, "token_masked"),
		       why);
}

/* Asks the API about each retired token that is still kept (see rotate.h). */
static int confirm_retired(struct cli *c, cJSON *p, int *alive)
{
	struct api_opts api = {.cacert = c->cacert};
	struct bc_err err;
	char base[256];
	int asked;

	if (rotate_confirm_retired(&c->cat, &api, api_root(c->api_base, profile_str(p, "api_path"), base,
							     sizeof base),
				   p, report, NULL, &asked, alive, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	if (!asked)
		printf("No retired token is waiting for its account to be deleted.\n");
	return 0;
}

/* Reads the new credentials file's path from the terminal. */
static int ask_path(char *buf, size_t size)
{
	printf("Path of the new credentials file (the .txt BigCommerce downloaded): ");
	fflush(stdout);
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
	struct check_result r;
	struct bc_err err;
	struct vault *v;
	cJSON *p;
	char base[256], path[4096], masked[16];
	int need[SCOPES_MAX], i, rc, created, alive, unsure, shown = 0;
	enum bc_status st;

	if ((rc = cli_load(c)) != 0)
		return rc;
	if ((rc = cli_open_vault(c, 0, &v)) != 0)
		return rc;
	p = cJSON_GetObjectItemCaseSensitive(vault_profiles(v), name);
	if (!p) {
		vault_close(v);
		return cli_error(BC_ERR_NOTFOUND, "there is no profile '%s' (see 'bcsetup list')",
				 name);
	}
	if (c->confirm_deleted) {
		/* Only the last step: after the old account was deleted. */
		if ((rc = vault_lock(v, &err)) != BC_OK) {
			vault_close(v);
			return cli_error(err.code, "%s", err.msg);
		}
		p = cJSON_GetObjectItemCaseSensitive(vault_profiles(v), name);
		if ((rc = confirm_retired(c, p, &alive)) == 0)
			rc = cli_save(v);
		vault_close(v);
		return rc ? rc : alive ? 1 : 0;
	}
	if (c->api_base && api_check_base(c->api_base, &err) != BC_OK) {
		vault_close(v);
		return cli_error(err.code, "%s", err.msg);
	}
	o.api.cacert = c->cacert;
	rotate_needed_levels(&c->cat, p, c->accept_less, &o.api,
			     api_root(c->api_base, profile_str(p, "api_path"), base, sizeof base), need,
			     &unsure);
	printf("Rotating %s (store %s). In the control panel, create a new API account "
	       "(V2/V3 API token) with:\n",
	       name, profile_str(p, "store_hash"));
	for (i = 0; i < c->cat.n; i++)
		if (need[i] > 0 && ++shown)
			printf("  %-46s %s\n", c->cat.scopes[i].name,
			       c->cat.scopes[i].levels[need[i]]);
	if (!shown)
		printf("  (no scope is known to be needed; run 'bcsetup check %s' first to keep "
		       "what the current token holds)\n",
		       name);
	printf("and every other scope: none.\n");
	if (unsure)
		printf("(%d of these the old token held at that level or higher, and no request "
		       "can tell which:\n check the old account's page in the control panel and "
		       "match it.)\n",
		       unsure);
	printf("\n");
	if (c->argc > 1)
		snprintf(path, sizeof path, "%s", c->argv[1]);
	else if (!isatty(STDIN_FILENO) || ask_path(path, sizeof path) != 0) {
		vault_close(v);
		return cli_error(BC_ERR_INPUT, "give the new credentials file: bcsetup rotate %s FILE",
				 name);
	}
	if (credfile_read(path, &cr, &err) != BC_OK) {
		vault_close(v);
		return cli_error(err.code, "%s", err.msg);
	}
	rc = 0;
	if (strcmp(cr.path.hash, profile_str(p, "store_hash")) != 0)
		rc = cli_error(BC_ERR_INPUT, "the new credentials are for store %s, not %s",
			       cr.path.hash, profile_str(p, "store_hash"));
	else if (strcmp(cr.access_token, profile_str(p, "access_token")) == 0)
		rc = cli_error(BC_ERR_INPUT, "this is the token the profile already has");
	if (rc) {
		credentials_clear(&cr);
		vault_close(v);
		return rc;
	}
	/* Verify before anything is written: the profile is untouched until then. */
	t.label = name;
	t.hash = cr.path.hash;
	t.token = cr.access_token;
	t.base = api_root(c->api_base, cr.api_path, base, sizeof base);
	t.required = need;
	o.read_only = c->read_only_probes;
	printf("Checking the new token...\n");
	/* The status first: a check that never ran wrote no result. */
	if ((st = check_run(&c->cat, &o, &t, &r, 1, &err)) != BC_OK || !r.ok) {
		rc = st != BC_OK ? cli_error(err.code, "%s", err.msg)
			  : cli_error(BC_ERR_CHECK,
				      "the new token was not accepted (%s): %s. The profile still "
				      "has its old token.%s",
				      check_kind_word(r.kind), r.message,
				      r.kind == CHECK_SCOPE && !c->accept_less
					      ? " (--accept-less takes fewer scopes than the old token "
						"had, as long as the target's are covered)"
					      : "");
		credentials_clear(&cr);
		vault_close(v);
		return rc;
	}
	if ((rc = vault_lock(v, &err)) != BC_OK ||
	    profile_put(vault_profiles(v), name, &cr, NULL, NULL, NULL, &c->cat, time(NULL),
			&created, &err) != BC_OK ||
	    profile_record_check(cJSON_GetObjectItemCaseSensitive(vault_profiles(v), name),
				 &c->cat, &r, time(NULL), &err) != BC_OK) {
		credentials_clear(&cr);
		vault_close(v);
		return cli_error(err.code, "%s", err.msg);
	}
	if ((rc = cli_save(v)) != 0) {
		credentials_clear(&cr);
		vault_close(v);
		return rc;
	}
	profile_mask(cr.access_token, masked, sizeof masked);
	printf("The new token %s covers everything needed and is now in profile %s.\n", masked,
	       name);
	printf("Now delete the old API account in the control panel (Settings > Store-level "
	       "API accounts).\n");
	p = cJSON_GetObjectItemCaseSensitive(vault_profiles(v), name);
	if (isatty(STDIN_FILENO)) {
		printf("Press Enter once it is deleted (Ctrl-C to confirm later with "
		       "'bcsetup rotate %s --confirm-deleted'): ",
		       name);
		fflush(stdout);
		if (fgets(path, sizeof path, stdin) && (rc = confirm_retired(c, p, &alive)) == 0)
			rc = cli_save(v);
	} else {
		printf("Then run 'bcsetup rotate %s --confirm-deleted' to confirm it is gone.\n", name);
	}
	credentials_clear(&cr);
	vault_close(v);
	return rc;
}
