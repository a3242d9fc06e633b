/* The vault's commands: import, list, show, export, remove, passwd. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/credfile.h"
#include "bcsetup/mem.h"
#include "bcsetup/passentry.h"
#include "bcsetup/profile.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "cli.h"

static cJSON *find_profile(struct vault *v, const char *name, int *rc)
{
	cJSON *p = cJSON_GetObjectItemCaseSensitive(vault_profiles(v), name);

	*rc = 0;
	if (!p)
		*rc = cli_error(BC_ERR_NOTFOUND, "there is no profile '%s' (see 'bcsetup list')",
				name);
	return p;
}

/* Opens the vault and finds the profile the command names (its first
 * argument): 0, or the exit status after saying why, the vault closed. */
static int open_profile(struct cli *c, struct vault **v, cJSON **p)
{
	int rc;

	if ((rc = cli_open_vault(c, 0, v)) != 0)
		return rc;
	if (!(*p = find_profile(*v, c->argv[0], &rc))) {
		vault_close(*v);
		*v = NULL;
	}
	return rc;
}

struct import_put {
	const char *name, *target, *caps;
	const struct credentials *cr;
	const int *levels;
	const struct scope_catalogue *cat;
	unsigned flags;
	int created;
};

static enum bc_status import_change(cJSON *profiles, void *p, struct bc_err *err)
{
	struct import_put *u = p;

	return profile_put(profiles, u->name, u->cr, u->target, u->caps, u->levels, u->cat,
			   time(NULL), u->flags, &u->created, err);
}

/* Credentials for another store than profile NAME's: a correction (a
 * mistyped hash), made only when confirmed, on the terminal or by --yes. */
static int confirm_store_change(struct cli *c, struct vault *v, const char *name,
				const struct credentials *cr, const char *file, unsigned *flags)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(vault_profiles(v), name);
	const char *old = profile_str(p, "store_hash");
	char answer[16];

	*flags = 0;
	if (!old || strcmp(old, cr->path.hash) == 0 || profile_is_app(p))
		return 0;
	if (!c->yes) {
		/* A prompt only when standard input is a person, not the file. */
		if (c->json || !isatty(STDIN_FILENO) || (file && strcmp(file, "-") == 0))
			return cli_error(
				BC_ERR_INPUT,
				"profile '%s' is for store %s, and these credentials are "
				"for store %s: --yes corrects its store hash (its last "
				"check is dropped); for another store, use another profile "
				"name",
				name, old, cr->path.hash);
		fprintf(stderr,
			"Profile %s is for store %s; these credentials are for store %s.\n"
			"Correct its store hash to %s (its last check is dropped)? [y/N] ",
			name, old, cr->path.hash, cr->path.hash);
		if (!fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y'))
			return cli_error(BC_ERR_INPUT,
					 "nothing changed: profile '%s' stays on store %s", name,
					 old);
	}
	*flags = PROFILE_CORRECT;
	return 0;
}

/* import --from pass:ENTRY: the entry read with 'pass show', then its target,
 * capabilities and required scopes unless --for says otherwise. */
static int import_from_pass(struct cli *c, struct credentials *cr, const struct target **t,
			    int *levels, char **entry_caps)
{
	char prog[] = "pass", show[] = "show", dashes[] = "--", entry[256];
	char *argv[] = {prog, show, dashes, entry, NULL};
	struct pass_run run = {.outmax = PASSENTRY_MAX_SIZE};
	struct passentry pe;
	struct bc_err err;
	char what[300], note[256];
	int rc;

	if (strncmp(c->from, "pass:", 5) != 0)
		return cli_error(BC_ERR_INPUT, "--from takes pass:ENTRY (the pass entry's name)");
	if (snprintf(entry, sizeof entry, "%s", c->from + 5) >= (int)sizeof entry)
		return cli_error(BC_ERR_INPUT, "the pass entry's name is too long");
	if (c->argc > 1)
		return cli_error(BC_ERR_INPUT, "give a FILE or --from, not both");
	if (passentry_name_check(entry, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	if (pass_run(argv, NULL, 0, &run) != 0)
		return cli_error(BC_ERR_IO, "pass show %s failed: %s", entry,
				 run.err[0] ? cli_safe(run.err) : "no reason given");
	snprintf(what, sizeof what, "pass entry %s", entry);
	rc = passentry_parse(run.out, run.outlen, what, &pe, &err) != BC_OK;
	secret_free(run.out);
	if (rc)
		return cli_error(err.code, "%s", err.msg);
	*cr = pe.cr;
	if (!c->target && pe.target[0]) {
		/* The entry's target and capabilities, then the scopes the
		 * exporter required (they may have been chosen by hand). */
		if (!c->caps && pe.caps[0] && !(*entry_caps = strdup(pe.caps))) {
			credentials_clear(cr);
			return cli_error(BC_ERR_NOMEM, "out of memory");
		}
		if ((rc = cli_required(c, pe.target, *entry_caps ? *entry_caps : c->caps, t,
				       levels)) != 0) {
			credentials_clear(cr);
			return rc;
		}
		if (pe.has_required && !c->caps && !c->scopes) {
			if (passentry_levels(pe.required, &c->s.cat, levels, note, sizeof note,
					     &err) != BC_OK) {
				credentials_clear(cr);
				return cli_error(err.code, "%s: %s", what, err.msg);
			}
			if (note[0])
				fprintf(stderr,
					"bcsetup: note: %s requires scopes this bcsetup does not "
					"know, left out: %s\n",
					cli_safe(what), cli_safe(note));
		}
	}
	return 0;
}

int cmd_import(struct cli *c)
{
	const char *name = c->argv[0], *file = c->argc > 1 ? c->argv[1] : "-";
	const char *caps;
	char *entry_caps = NULL;
	struct credentials cr = {0};
	struct bc_err err;
	struct vault *v;
	struct import_put put;
	const struct target *t = NULL;
	int levels[SCOPES_MAX], created, rc, i;
	char masked[16];

	if (profile_name_check(name, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	if (!c->from && strcmp(file, "-") == 0 && isatty(STDIN_FILENO))
		return cli_error(BC_ERR_INPUT,
				 "give the credentials file's path, or pipe it in "
				 "(bcsetup import %s FILE)",
				 name);
	if ((rc = cli_load(c)) != 0 || (rc = cli_required(c, c->target, c->caps, &t, levels)) != 0)
		return rc;
	caps = c->caps;
	/* Check the file (or the entry) before asking for anything. */
	if (c->from) {
		if ((rc = import_from_pass(c, &cr, &t, levels, &entry_caps)) != 0) {
			free(entry_caps);
			return rc;
		}
		if (entry_caps)
			caps = entry_caps;
	} else if (credfile_read(file, &cr, &err) != BC_OK) {
		return cli_error(err.code, "%s", err.msg);
	}
	for (i = 0; i < cr.nwarnings; i++)
		fprintf(stderr, "bcsetup: note: %s\n", cr.warnings[i]);
	if (t && !session_requires_any(&c->s, levels)) {
		/* A profile nothing is required of could never fail its check. */
		credentials_clear(&cr);
		free(entry_caps);
		return cli_error(
			BC_ERR_INPUT,
			"%s: no scope is required, so no check could find a gap. %s Name "
			"them with --scopes SCOPE=LEVEL[,SCOPE=LEVEL...] (keys and levels: "
			"bcsetup scopes)",
			t->name, t->pick ? t->pick : "");
	}
	/* The key is derived before the lock is taken (vault_update takes it and
	 * reads the file again): writers queue for a save, not for a KDF. */
	if ((rc = cli_open_vault(c, VAULT_CREATE, &v)) != 0) {
		credentials_clear(&cr);
		free(entry_caps);
		return rc;
	}
	put.name = name;
	put.cr = &cr;
	put.target = t ? t->key : NULL;
	put.caps = t ? caps : NULL;
	put.levels = t || c->scopes ? levels : NULL;
	put.cat = &c->s.cat;
	if ((rc = confirm_store_change(c, v, name, &cr, file, &put.flags)) != 0) {
		credentials_clear(&cr);
		free(entry_caps);
		vault_close(v);
		return rc;
	}
	if ((rc = cli_update(v, import_change, &put)) == 0) {
		created = put.created;
		profile_mask(cr.access_token, masked, sizeof masked);
		if (c->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "profile", name);
			cJSON_AddStringToObject(o, "store_hash", cr.path.hash);
			cJSON_AddBoolToObject(o, "created", created);
			cli_print_json(o);
		} else {
			printf("%s profile %s: store %s, token %s%s%s.\n",
			       created ? "Added" : "Updated", name, cr.path.hash, masked,
			       t ? ", for " : "", t ? t->name : "");
			printf("Next: bcsetup check %s\n", name);
		}
	}
	credentials_clear(&cr);
	free(entry_caps);
	vault_close(v);
	return rc;
}

int cmd_list(struct cli *c)
{
	char path[4096];
	struct vault *v;
	const cJSON *p;
	long long now = time(NULL);
	int rc;

	if ((rc = cli_vault_path(c, path, sizeof path)) != 0)
		return rc;
	if (!vault_exists(path)) {
		if (c->json)
			cli_print_json(cJSON_Parse("{\"profiles\": []}"));
		else
			fprintf(stderr, "No vault yet at %s: 'bcsetup import' creates it.\n", path);
		return 0;
	}
	if ((rc = cli_open_vault(c, 0, &v)) != 0)
		return rc;
	if (c->json) {
		cJSON *o = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(o, "profiles");
		cJSON_ArrayForEach (p, vault_profiles(v)) {
			cJSON *e = cJSON_CreateObject();
			struct last_check lc;
			const cJSON *store = cJSON_GetObjectItemCaseSensitive(p, "store");
			cJSON_AddStringToObject(e, "name", p->string);
			cJSON_AddStringToObject(e, "store_hash", profile_str(p, "store_hash"));
			cJSON_AddItemToObject(e, "target",
					      profile_str(p, "target")
						      ? cJSON_CreateString(profile_str(p, "target"))
						      : cJSON_CreateNull());
			cJSON_AddItemToObject(
				e, "store_name",
				profile_str(store, "name")
					? cJSON_CreateString(profile_str(store, "name"))
					: cJSON_CreateNull());
			profile_last_check(p, &lc);
			if (lc.present) {
				cJSON *l = cJSON_AddObjectToObject(e, "last_check");
				cJSON_AddNumberToObject(l, "time", (double)lc.time);
				cJSON_AddBoolToObject(l, "ok", lc.ok);
			} else {
				cJSON_AddNullToObject(e, "last_check");
			}
			/* A later attempt that reached no verdict, beside the verdict. */
			if (lc.attempt_time) {
				cJSON *l = cJSON_AddObjectToObject(e, "last_attempt");
				cJSON_AddNumberToObject(l, "time", (double)lc.attempt_time);
				cJSON_AddStringToObject(l, "kind",
							lc.attempt_kind ? lc.attempt_kind : "");
			} else {
				cJSON_AddNullToObject(e, "last_attempt");
			}
			{
				int waiting, alive;
				profile_retired_waiting(p, &waiting, &alive);
				cJSON_AddNumberToObject(e, "retired_waiting", waiting);
				cJSON_AddNumberToObject(e, "retired_alive", alive);
			}
			cJSON_AddItemToArray(arr, e);
		}
		cli_print_json(o);
		vault_close(v);
		return 0;
	}
	if (!cJSON_GetArraySize(vault_profiles(v)))
		printf("The vault is empty.\n");
	else
		printf("%s%-20s %-12s %-10s %-24s %s%s\n", cli_style(c, "bold"), "PROFILE", "STORE",
		       "TARGET", "STORE NAME", "LAST CHECK", cli_style(c, "reset"));
	cJSON_ArrayForEach (p, vault_profiles(v)) {
		const cJSON *store = cJSON_GetObjectItemCaseSensitive(p, "store");
		const char *sn = profile_str(store, "name");
		const char *sign = c->utf8 ? "\u2026" : "~";
		char check[128], col[4][160];
		int waiting, alive;
		profile_last_text(p, now, check, sizeof check);
		/* Columns by display width, so that "Caf\u00e9" and CJK names line up;
		 * a cut ends in a sign. */
		text_fit(col[0], sizeof col[0], cli_safe(p->string), 20, sign, 1);
		text_fit(col[1], sizeof col[1], cli_safe(profile_str(p, "store_hash")), 12, sign,
			 1);
		text_fit(col[2], sizeof col[2],
			 profile_str(p, "target") ? cli_safe(profile_str(p, "target")) : "-", 10,
			 sign, 1);
		text_fit(col[3], sizeof col[3], sn ? cli_safe(sn) : "-", 24, sign, 1);
		profile_retired_waiting(p, &waiting, &alive);
		printf("%s %s %s %s %s%s\n", col[0], col[1], col[2], col[3], cli_safe(check),
		       alive     ? "; OLD TOKEN STILL WORKS (bcsetup rotate --confirm-deleted)"
		       : waiting ? "; old account to delete"
				 : "");
	}
	vault_close(v);
	return 0;
}

static void secret_line(const struct cli *c, const char *label, const char *value)
{
	char masked[16];

	profile_mask(value, masked, sizeof masked);
	printf("  %-16s %s\n", label, c->reveal ? value : masked);
}

static const char *const secret_fields[] = {"client_secret", "access_token"};

int cmd_show(struct cli *c)
{
	struct vault *v;
	cJSON *p, *hist, *h;
	long long now = time(NULL);
	char age[32], masked[16], seen[128], acct[200];
	const cJSON *store;
	struct last_check last;
	size_t i;
	int rc;

	if ((rc = open_profile(c, &v, &p)) != 0)
		return rc;
	if (c->json) {
		cJSON *o = cJSON_Duplicate(p, 1);
		for (i = 0; i < sizeof secret_fields / sizeof secret_fields[0] && !c->reveal; i++) {
			/* An app has no access token: only what is there is masked. */
			if (!profile_str(o, secret_fields[i]))
				continue;
			profile_mask(profile_str(o, secret_fields[i]), masked, sizeof masked);
			cJSON_ReplaceItemInObjectCaseSensitive(o, secret_fields[i],
							       cJSON_CreateString(masked));
		}
		/* Retired tokens are only ever shown masked. */
		cJSON_ArrayForEach (h, cJSON_GetObjectItemCaseSensitive(o, "history"))
			cJSON_DeleteItemFromObjectCaseSensitive(h, "token");
		cli_print_json(o);
		vault_close(v);
		return 0;
	}
	store = cJSON_GetObjectItemCaseSensitive(p, "store");
	profile_last_check(p, &last);
	printf("%s%s%s\n", cli_style(c, "bold"), c->argv[0], cli_style(c, "reset"));
	/* Everything read back from the vault is printed through cli_safe: a
	 * store's name written by an older build, a CLIENT NAME with a bare CR. */
	printf("  %-16s %s\n", "store hash", cli_safe(profile_str(p, "store_hash")));
	if (profile_str(store, "name"))
		printf("  %-16s %s (%s, %s)\n", "store", cli_safe(profile_str(store, "name")),
		       profile_str(store, "domain") ? cli_safe(profile_str(store, "domain")) : "?",
		       profile_str(store, "plan") ? cli_safe(profile_str(store, "plan")) : "?");
	if (profile_is_app(p)) {
		printf("  %-16s %s\n", "kind", "app (OAuth 2.0 client)");
		printf("  %-16s %s\n", "redirect URL", cli_safe(profile_str(p, "redirect_url")));
		printf("  %-16s %s\n", "scopes", cli_safe(profile_str(p, "scope_params")));
	} else {
		char path[600];
		profile_api_path(p, path, sizeof path);
		printf("  %-16s %s\n", "API path", cli_safe(path));
	}
	printf("  %-16s %s\n", "account name",
	       profile_str(p, "account_name") ? cli_safe(profile_str(p, "account_name")) : "-");
	printf("  %-16s %s\n", "target",
	       profile_str(p, "target") ? cli_safe(profile_str(p, "target")) : "-");
	printf("  %-16s %s\n", "client id", cli_safe(profile_str(p, "client_id")));
	secret_line(c, "client secret", profile_str(p, "client_secret"));
	if (!profile_is_app(p))
		secret_line(c, "access token", profile_str(p, "access_token"));
	if (last.present || last.attempt_time) {
		profile_last_text(p, now, seen, sizeof seen);
		printf("  %-16s %s\n", "last check", seen);
		if (last.attempt_time && last.attempt_message)
			printf("  %-16s %s\n", "attempt said", cli_safe(last.attempt_message));
		cJSON_ArrayForEach (h, last.alerts)
			printf("  %s!! ALERT%s %s\n", cli_style(c, "red"), cli_style(c, "reset"),
			       profile_str(h, "message") ? cli_safe(profile_str(h, "message"))
							 : "?");
	} else if (profile_is_app(p)) {
		printf("  %-16s %s\n", "last check",
		       "none: no request checks an app's client; the integration does when it "
		       "connects");
	} else {
		printf("  %-16s never (bcsetup check %s)\n", "last check", c->argv[0]);
	}
	hist = cJSON_GetObjectItemCaseSensitive(p, "history");
	if (cJSON_GetArraySize(hist))
		printf("  retired tokens:\n");
	cJSON_ArrayForEach (h, hist) {
		text_age((long long)cJSON_GetNumberValue(
				 cJSON_GetObjectItemCaseSensitive(h, "retired")),
			 now, age, sizeof age);
		profile_account_text(h, acct, sizeof acct);
		printf("    %s  retired %s, account %s: %s\n",
		       cli_safe(profile_str(h, "token_masked")), age, cli_safe(acct),
		       profile_str(h, "state") ? cli_safe(profile_str(h, "state")) : "?");
	}
	if (!c->reveal)
		printf("  (secrets masked; --reveal shows them)\n");
	vault_close(v);
	return 0;
}

/* Single-quotes s for a POSIX shell. */
static void shell_quote(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

/* Values are handed over only for a token that passed its last check
 * (--force: anyway); one never checked, or checked since without a verdict,
 * is handed over with a word on stderr. 0, or the exit status after saying
 * why not. */
static int handover_allowed(struct cli *c, const cJSON *p, const char *name)
{
	struct last_check lc;
	const char *why;

	switch (profile_verified(p, &why)) {
	case 0:
		if (c->force)
			break;
		return cli_error(BC_ERR_CHECK,
				 "the last check of profile %s failed (%s): these values would not "
				 "work; fix that and check again, or hand them over anyway with "
				 "--force",
				 name, why ? why : "no reason recorded");
	case -1:
		fprintf(stderr,
			"bcsetup: warning: profile %s has not been checked since its token "
			"was imported: run 'bcsetup check %s'\n",
			name, name);
		break;
	}
	profile_last_check(p, &lc);
	if (lc.present && lc.attempt_time)
		fprintf(stderr,
			"bcsetup: note: a later check of %s reached no verdict (%s: %s); "
			"these values are from the last one\n",
			name, lc.attempt_kind ? lc.attempt_kind : "?",
			lc.attempt_message ? lc.attempt_message : "?");
	return 0;
}

/* The variables of 'export --for env', which exec sets. */
static const struct {
	const char *var, *key;
	enum handoff_source src;
} vars[] = {
	{"BIGCOMMERCE_STORE_HASH", "store_hash", SRC_STORE_HASH},
	{"BIGCOMMERCE_API_PATH", "api_path", SRC_API_PATH},
	{"BIGCOMMERCE_CLIENT_ID", "client_id", SRC_CLIENT_ID},
	{"BIGCOMMERCE_CLIENT_SECRET", "client_secret", SRC_CLIENT_SECRET},
	{"BIGCOMMERCE_ACCESS_TOKEN", "access_token", SRC_ACCESS_TOKEN},
	{"BIGCOMMERCE_ACCOUNT_NAME", "account_name", SRC_ACCOUNT_NAME},
};

static int export_generic(struct cli *c, const cJSON *p, int env)
{
	char val[1024];
	/* env under --json: the same variables, as one JSON object. */
	cJSON *o = env && !c->json ? NULL : cJSON_CreateObject();
	size_t i;

	if (o && !env)
		cJSON_AddStringToObject(o, "profile", c->argv[0]);
	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		struct handoff_field f = {.source = vars[i].src};
		int known = handoff_value(&f, p, val, sizeof val) == 0;
		if (!o && known) {
			printf("%s=", vars[i].var);
			shell_quote(cli_safe(val));
			putchar('\n');
		} else if (o) {
			cJSON_AddItemToObject(o, env ? vars[i].var : vars[i].key,
					      known ? cJSON_CreateString(val) : cJSON_CreateNull());
		}
	}
	if (o)
		cli_print_json(o);
	return 0;
}

/* export --to pass[:PREFIX]: the profile as entry PREFIX/PROFILE, handed to
 * 'pass insert -m' on its stdin. pass encrypts it to the store's recipients
 * and, in a git store, commits it. */
static int export_pass(struct cli *c, const cJSON *p)
{
	const char *prefix = "bcsetup";
	char prog[] = "pass", insert[] = "insert", multi[] = "--multiline", force[] = "--force",
	     dashes[] = "--";
	char *argv[] = {prog, insert, multi, force, dashes, NULL, NULL};
	struct pass_run run = {.outmax = 0};
	struct bc_err err;
	char entry[256], *text;
	size_t len;

	if (strncmp(c->to, "pass:", 5) == 0)
		prefix = c->to + 5;
	else if (strcmp(c->to, "pass") != 0)
		return cli_error(BC_ERR_INPUT, "--to takes pass or pass:PREFIX");
	if (snprintf(entry, sizeof entry, "%s/%s", prefix, c->argv[0]) >= (int)sizeof entry)
		return cli_error(BC_ERR_INPUT, "the prefix '%.40s...' is too long", prefix);
	if (passentry_name_check(entry, &err) != BC_OK)
		return cli_error(err.code, "--to %s: %s", c->to, err.msg);
	if (passentry_format(p, BCSETUP_VERSION, &text, &len, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	argv[5] = entry;
	if (pass_run(argv, text, len, &run) != 0) {
		secret_free(text);
		return cli_error(BC_ERR_IO, "pass insert %s failed: %s", entry,
				 run.err[0] ? cli_safe(run.err) : "no reason given");
	}
	secret_free(text);
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "profile", c->argv[0]);
		cJSON_AddStringToObject(o, "pass_entry", entry);
		cli_print_json(o);
	} else {
		printf("Profile %s is in pass as %s.\n", c->argv[0], entry);
		printf("A teammate: bcsetup import %s --from pass:%s\n", c->argv[0], entry);
	}
	return 0;
}

/* 0 when the last check of p showed every level target t requires (t's
 * own profile: what it asked for; --caps and --scopes say otherwise), or
 * --force; else the exit status after naming what is missing. */
static int export_covers(struct cli *c, const cJSON *p, const struct target *t)
{
	const struct target *same;
	char gaps[600];
	int levels[SCOPES_MAX], n, rc;

	if (!c->caps && !c->scopes &&
	    strcmp(t->key, profile_str(p, "target") ? profile_str(p, "target") : "") == 0)
		profile_required(p, &c->s.cat, levels);
	else if ((rc = cli_required(c, t->key, c->caps, &same, levels)) != 0)
		return rc;
	n = profile_gaps(p, &c->s.cat, levels, gaps, sizeof gaps);
	if (n <= 0 || c->force)
		return 0;
	return cli_error(BC_ERR_CHECK,
			 "the last check of profile %s does not show what %s needs: %s. Create an "
			 "API account with these scopes (bcsetup scopes --for %s), or export "
			 "anyway with --force",
			 c->argv[0], t->name, gaps, t->key);
}

int cmd_export(struct cli *c)
{
	const struct target *t;
	const struct handoff_variant *hv = NULL;
	struct vault *v;
	cJSON *p, *o = NULL;
	char val[1024], names[512];
	int rc, i;

	if (c->to && (c->target || c->variant))
		return cli_error(BC_ERR_INPUT, "--to pass takes the whole profile: leave out "
					       "--for and --variant");
	if ((rc = cli_load(c)) != 0)
		return rc;
	targets_names(&c->s.targets, names, sizeof names);
	if (!c->target && !c->to)
		return cli_error(BC_ERR_INPUT, "export needs --for FORMAT (%s, env, json)", names);
	t = c->target ? targets_find(&c->s.targets, c->target) : NULL;
	if (c->target && !t && strcmp(c->target, "env") != 0 && strcmp(c->target, "json") != 0) {
		const struct broken_target *b = targets_broken(&c->s.targets, c->target);
		if (b)
			return cli_error(BC_ERR_ASSET, "target '%s' cannot be used: %s: %s",
					 c->target, b->path, b->reason);
		return cli_error(BC_ERR_INPUT, "unknown format '%s' (%s, env, json)", c->target,
				 names);
	}
	if (t) {
		hv = &t->variants[0];
		for (i = 0; c->variant && i < t->nvariants; i++)
			if (strcmp(t->variants[i].key, c->variant) == 0)
				hv = &t->variants[i];
		if (c->variant && strcmp(hv->key, c->variant) != 0) {
			fprintf(stderr, "bcsetup: %s has no variant '%s'; it has:", t->name,
				c->variant);
			for (i = 0; i < t->nvariants; i++)
				fprintf(stderr, " %s", t->variants[i].key);
			fputc('\n', stderr);
			return 2;
		}
	} else if (c->variant || c->caps || c->scopes) {
		return cli_error(BC_ERR_INPUT, "--%s goes with a target's format",
				 c->variant ? "variant"
				 : c->caps  ? "caps"
					    : "scopes");
	}
	if ((rc = open_profile(c, &v, &p)) != 0)
		return rc;
	/* An app's OAuth 2.0 client goes to the forms that take one, and only
	 * those; an API account never to them. */
	if (t && profile_is_app(p) && !c->variant)
		for (i = t->nvariants - 1; i >= 0; i--)
			if (t->variants[i].app)
				hv = &t->variants[i];
	if (profile_is_app(p) && (c->to || !t || !hv || !hv->app)) {
		rc = cli_error(BC_ERR_INPUT,
			       "profile %s holds an app (OAuth 2.0 client), which goes only to a "
			       "form that asks for one%s",
			       c->argv[0], c->to ? "" : " (--variant of an app's hand-off)");
		vault_close(v);
		return rc;
	}
	if (hv && hv->app && !profile_is_app(p)) {
		rc = cli_error(BC_ERR_INPUT,
			       "profile %s holds a store-level API account, and %s asks for an "
			       "app (OAuth 2.0 client): make one with the wizard",
			       c->argv[0], hv->name);
		vault_close(v);
		return rc;
	}
	if ((rc = handover_allowed(c, p, c->argv[0])) != 0) {
		vault_close(v);
		return rc;
	}
	if (c->to) {
		rc = export_pass(c, p);
		vault_close(v);
		return rc;
	}
	if (!t) {
		rc = export_generic(c, p, strcmp(c->target, "env") == 0);
		vault_close(v);
		return rc;
	}
	/* The values are for t: the token must hold what t needs, which may
	 * be more than the profile's own target asked for. */
	if ((rc = export_covers(c, p, t)) != 0) {
		vault_close(v);
		return rc;
	}
	if (!hv || !hv->fields) {
		/* (targets_parse refuses a target without a hand-off) */
		vault_close(v);
		return cli_error(BC_ERR_ASSET, "%s has no hand-off", t->name);
	}
	if (c->json)
		o = cJSON_CreateObject();
	else if (isatty(STDOUT_FILENO))
		printf("%s%s: %s%s\n", cli_style(c, "dim"), t->name, hv->name,
		       cli_style(c, "reset"));
	for (i = 0; i < hv->nfields; i++) {
		int known = handoff_value(&hv->fields[i], p, val, sizeof val) == 0;
		if (o)
			cJSON_AddItemToObject(o, hv->fields[i].label,
					      known ? cJSON_CreateString(val) : cJSON_CreateNull());
		else if (known)
			printf("%s: %s\n", hv->fields[i].label, cli_safe(val));
		else /* a placeholder is never printed as a value */
			fprintf(stderr, "bcsetup: %s is yours to fill in: %.*s\n",
				hv->fields[i].label,
				(int)strlen(val) > 2 ? (int)strlen(val) - 2 : 0, val + 1);
	}
	if (o)
		cli_print_json(o);
	vault_close(v);
	return 0;
}

static int confirm(const char *question)
{
	char line[16] = "";
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	(void)!write(fd, question, strlen(question));
	n = read(fd, line, sizeof line - 1);
	close(fd);
	return n > 0 && (line[0] == 'y' || line[0] == 'Y');
}

static enum bc_status remove_change(cJSON *profiles, void *name, struct bc_err *err)
{
	(void)err;
	cJSON_DeleteItemFromObjectCaseSensitive(profiles, name);
	return BC_OK;
}

int cmd_remove(struct cli *c)
{
	struct vault *v;
	cJSON *p;
	char q[256];
	int rc, ok;

	/* No lock while the question waits for an answer: cli_update takes it. */
	if ((rc = open_profile(c, &v, &p)) != 0)
		return rc;
	if (!c->yes) {
		snprintf(q, sizeof q, "Remove profile %s (store %s) and its credentials? [y/N] ",
			 c->argv[0], profile_str(p, "store_hash"));
		ok = isatty(STDIN_FILENO) ? confirm(q) : -1;
		if (ok <= 0) {
			vault_close(v);
			if (ok < 0)
				return cli_error(BC_ERR_INPUT,
						 "not on a terminal: add --yes to remove "
						 "without asking");
			fprintf(stderr, "Nothing removed.\n");
			return 0;
		}
	}
	if ((rc = cli_update(v, remove_change, c->argv[0])) == 0 && c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddTrueToObject(o, "ok");
		cJSON_AddStringToObject(o, "removed", c->argv[0]);
		cli_print_json(o);
	} else if (rc == 0) {
		printf("Removed profile %s. Its API account still exists in BigCommerce until you "
		       "delete it there.\n",
		       c->argv[0]);
	}
	vault_close(v);
	return rc;
}

int cmd_passwd(struct cli *c)
{
	const char *newfile = getenv("BCSETUP_NEW_PASSPHRASE_FILE");
	struct bc_err err;
	struct vault *v;
	char *pass = NULL;
	int rc;

	if ((rc = cli_open_vault(c, VAULT_LOCK, &v)) != 0)
		return rc;
	if (newfile) {
		if (vault_read_passphrase_file(newfile, &pass, &err) != BC_OK) {
			vault_close(v);
			return cli_error(err.code, "%s", err.msg);
		}
	} else {
		struct cli ask = *c;
		ask.passphrase_file = NULL;
		if ((rc = cli_passphrase(&ask, 1, &pass)) != 0) {
			vault_close(v);
			return rc;
		}
	}
	if (vault_rekey(v, pass, &err) != BC_OK)
		rc = cli_error(err.code, "%s", err.msg);
	else if ((rc = cli_save(v)) == 0 && c->json)
		cli_print_json(cJSON_Parse("{\"ok\": true, \"passphrase\": \"changed\"}"));
	else if (rc == 0)
		printf("The vault's passphrase is changed.\n");
	secret_free(pass);
	vault_close(v);
	return rc;
}

/* exec PROFILE -- COMMAND...: COMMAND with the profile's values in its
 * environment under export --for env's names, and nothing on the terminal.
 * bcsetup becomes COMMAND (execvp), so its exit status is COMMAND's. The
 * vault is closed first: its lock and its memory are not handed on. Core
 * dumps stay off (RLIMIT_CORE 0) for COMMAND too: its environment holds
 * the token. */
int cmd_exec(struct cli *c)
{
	char **cmd = c->argv + 1, val[1024];
	struct vault *v;
	cJSON *p;
	size_t i;
	int rc;

	if ((rc = open_profile(c, &v, &p)) != 0)
		return rc;
	if (profile_is_app(p)) {
		vault_close(v);
		return cli_error(
			BC_ERR_INPUT,
			"profile %s holds an app (OAuth 2.0 client), which has no token to "
			"run a program with",
			c->argv[0]);
	}
	if ((rc = handover_allowed(c, p, c->argv[0])) != 0) {
		vault_close(v);
		return rc;
	}
	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		struct handoff_field f = {.source = vars[i].src};
		/* A value the profile does not have is unset, never inherited:
		 * the command must not mix two stores' values. */
		if (handoff_value(&f, p, val, sizeof val) == 0)
			rc = setenv(vars[i].var, val, 1);
		else
			rc = unsetenv(vars[i].var);
		if (rc != 0) {
			sodium_memzero(val, sizeof val);
			vault_close(v);
			return cli_error(BC_ERR_NOMEM, "cannot set %s", vars[i].var);
		}
	}
	sodium_memzero(val, sizeof val);
	vault_close(v);
	fflush(NULL);
	execvp(cmd[0], cmd);
	/* As a shell says it: 127 for a command not found, 126 for one that
	 * cannot run. */
	rc = errno == ENOENT ? 127 : 126;
	fprintf(stderr, "bcsetup: %s: %s\n", cli_safe(cmd[0]), strerror(errno));
	return rc;
}
