/* The wizard's glue to core: the flow's target and scopes, the vault opened
 * with the key derivation in a thread, and profiles saved and loaded. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/api.h"
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/rotate.h"
#include "bcsetup/session.h"
#include "bcsetup/vault.h"
#include "tui.h"

void tui_status(struct app *a, int bad, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_bad = bad;
}

int app_interrupted(const struct app *a)
{
	return a->stop && *a->stop != 0;
}

const struct target *app_target(const struct app *a)
{
	return a->target >= 0 ? &a->s->targets.targets[a->target] : NULL;
}

int app_target_takes_app(const struct target *t)
{
	int i;

	for (i = 0; t && i < t->nvariants; i++)
		if (t->variants[i].app)
			return 1;
	return 0;
}

const struct handoff_variant *app_variant(const struct app *a)
{
	const struct target *t = app_target(a);
	int i;

	for (i = 0; t && i < t->nvariants; i++)
		if (t->variants[i].app == a->app_kind)
			return &t->variants[i];
	return NULL;
}

/* Choosing a target presets the scopes: its requirements, nothing else. */
void app_set_target(struct app *a, int index)
{
	int extra[SCOPES_MAX] = {0}, i, same = index == a->target;

	/* What the merchant added on the scopes screen stays when the same
	 * integration is chosen again (its capabilities may change); another
	 * integration starts from its own preset. */
	for (i = 0; i < a->s->cat.n; i++)
		extra[i] = same && a->levels[i] > a->required[i] ? a->levels[i] : 0;
	a->target = index;
	if (a->caps == 0)
		a->caps = (1u << app_target(a)->ncaps) - 1;
	target_required(app_target(a), &a->s->cat, a->caps, a->required);
	for (i = 0; i < a->s->cat.n; i++)
		a->levels[i] = extra[i] > a->required[i] ? extra[i] : a->required[i];
}

struct kdf_job {
	const char *path;
	char *pass;
	int flags;
	struct vault *v;
	struct bc_err err;
	atomic_int done; /* set last: after it, v and err are the thread's answer */
};

static void *kdf_thread(void *p)
{
	struct kdf_job *j = p;

	vault_open(j->path, j->pass, j->flags, &j->v, &j->err);
	atomic_store(&j->done, 1);
	return NULL;
}

/* Opens (or creates) the vault with Argon2id running in a thread, while a
 * spinner says what is happening. */
int app_vault_open(struct app *a, const char *pass, int create, char *err, size_t errsize)
{
	static const char spin[] = "|/-\\";
	struct kdf_job j = {.path = a->vault_path, .flags = create ? VAULT_CREATE : 0};
	pthread_t th;
	int i = 0;

	atomic_init(&j.done, 0);
	j.pass = secret_strdup(pass);
	if (!j.pass || pthread_create(&th, NULL, kdf_thread, &j) != 0) {
		secret_free(j.pass);
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	while (!atomic_load(&j.done)) {
		if (!ui_too_small()) {
			move(LINES - 2, 0);
			clrtoeol();
			mvprintw(LINES - 2, 1, "%c %s the vault key with Argon2id...",
				 spin[i++ % 4],
				 create ? "Deriving" : "Checking the passphrase: deriving");
			refresh();
		}
		napms(60);
	}
	pthread_join(th, NULL);
	secret_free(j.pass);
	if (!j.v) {
		snprintf(err, errsize, "%s", j.err.msg);
		return -1;
	}
	vault_close(a->vault);
	a->vault = j.v;
	return 0;
}

struct save_ctx {
	struct app *a;
	const struct target *t;
	char caps[128];
};

static enum bc_status put_profile(cJSON *profiles, void *p, struct bc_err *err)
{
	struct save_ctx *c = p;
	int created;

	if (c->a->app_kind) {
		/* The credentials screen's fields: store, client id and secret,
		 * redirect URL (see scr_creds.c). */
		struct app_credentials ac = {.hash = c->a->creds.path.hash,
					     .client_id = c->a->fields[2],
					     .client_secret = c->a->fields[3],
					     .redirect_url = c->a->fields[4],
					     .account_name = app_account_name(c->a)};
		return profile_put_app(profiles, c->a->profile, &ac, c->t ? c->t->key : NULL,
				       c->a->levels, &c->a->s->cat, time(NULL), &created, err);
	}
	return profile_put(profiles, c->a->profile, &c->a->creds, c->t ? c->t->key : NULL,
			   c->t && c->t->ncaps ? c->caps : NULL, c->a->levels, &c->a->s->cat,
			   time(NULL), c->a->correcting ? PROFILE_CORRECT : 0, &created, err);
}

int app_save_profile(struct app *a, char *err, size_t errsize)
{
	/* What is saved as required is what was asked for: the preset with
	 * every raise and addition made on the scopes screen. */
	struct save_ctx c = {.a = a, .t = app_target(a)};
	struct bc_err e;

	target_caps_text(c.t, a->caps, c.caps, sizeof c.caps);
	if (vault_update(a->vault, put_profile, &c, &e) != BC_OK) {
		snprintf(err, errsize, "%s", e.msg);
		return -1;
	}
	a->unsaved = 0;
	a->correcting = 0;
	return 0;
}

struct record_ctx {
	struct app *a;
	int rotation;
};

static enum bc_status record(cJSON *profiles, void *p, struct bc_err *err)
{
	struct record_ctx *c = p;
	struct app *a = c->a;
	cJSON *prof = cJSON_GetObjectItemCaseSensitive(profiles, a->profile);

	if (c->rotation)
		return profile_apply_rotation(profiles, a->profile, &a->creds, &a->result,
					      &a->s->cat, time(NULL), err);
	if (!prof)
		return bc_fail(err, BC_ERR_NOTFOUND, "there is no profile %s", a->profile);
	return profile_record_check(prof, &a->s->cat, &a->result, time(NULL), err);
}

int app_record_check(struct app *a, int rotation, char *err, size_t errsize)
{
	struct record_ctx c = {a, rotation};
	struct bc_err e;

	if (vault_update(a->vault, record, &c, &e) != BC_OK) {
		snprintf(err, errsize, "%s", e.msg);
		return -1;
	}
	if (rotation)
		a->unsaved = 0;
	return 0;
}

/* The credentials screen's values (and the file it was to import) wiped. */
static void wipe_fields(struct app *a)
{
	size_t i;

	for (i = 0; i < sizeof a->fields / sizeof a->fields[0]; i++)
		if (a->fields[i])
			sodium_memzero(a->fields[i], APP_FIELD_SIZE);
	a->downloaded[0] = a->imported[0] = '\0';
}

void app_begin_new(struct app *a)
{
	/* What was typed for a new connection not saved yet survives a trip
	 * back to Start; a saved profile's or a rotation's values do not. */
	if (app_profile(a) || a->rotating || a->rotated)
		wipe_fields(a);
	a->target = -1;
	a->caps = 0;
	a->app_kind = 0;
	a->rotating = a->rotated = a->rotation_failed = a->correcting = 0;
	a->shares[0] = a->store_confirmed[0] = '\0';
	a->profile[0] = a->account_name[0] = a->auto_name[0] = '\0';
	a->have_creds = a->have_result = 0;
	credentials_clear(&a->creds);
}

const char *app_api_base(struct app *a, char *buf, size_t size)
{
	/* The demo's practice store listens on a new port each run. */
	if (a->demo && !a->s->api_base && a->practice.url[0]) {
		snprintf(buf, size, "%s", a->practice.url);
		return buf;
	}
	return session_api_root(a->s, a->creds.api_path, buf, size);
}

int app_may_use(const struct app *a, const struct cJSON *p)
{
	char path[512];

	if (!a->demo || profile_is_app(p))
		return 1; /* an app's client: nothing of it is ever sent */
	/* The practice store's API paths are on loopback; a real store's never
	 * are, and its token must not reach the practice store (nor its
	 * check be recorded against what the practice store answers). */
	profile_api_path(p, path, sizeof path);
	return api_is_loopback(path);
}

struct cJSON *app_profile(const struct app *a)
{
	if (!a->vault || !a->profile[0])
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(vault_profiles(a->vault), a->profile);
}

int app_load_profile(struct app *a, const char *name, char *err, size_t errsize)
{
	cJSON *p;
	const char *caps;
	struct bc_err e;
	long mask;
	int i;

	/* name may be a->profile itself: copying it onto itself emptied it. */
	if (name != a->profile)
		snprintf(a->profile, sizeof a->profile, "%s", name);
	p = app_profile(a);
	if (!p) {
		snprintf(err, errsize, "no profile %s", a->profile);
		return -1;
	}
	if (!app_may_use(a, p)) {
		snprintf(err, errsize,
			 "%s is a real store's profile: the demo touches only the practice "
			 "store's. Without --demo, bcsetup opens it.",
			 a->profile);
		a->profile[0] = '\0';
		return -1;
	}
	a->app_kind = profile_is_app(p);
	if (a->app_kind) {
		/* No token: what the screens need is the store, the rest is read
		 * from the profile itself. */
		credentials_clear(&a->creds);
		snprintf(a->creds.path.hash, sizeof a->creds.path.hash, "%s",
			 profile_str(p, "store_hash"));
		a->have_creds = 1;
	} else {
		a->have_creds = profile_credentials(p, &a->creds, &e) == BC_OK;
	}
	if (!a->have_creds) {
		snprintf(err, errsize, "the profile's credentials are not usable: %s", e.msg);
		return -1;
	}
	a->target = targets_index(&a->s->targets, profile_str(p, "target"));
	caps = profile_str(p, "caps");
	a->caps = 0;
	if (a->target >= 0 && caps && (mask = target_caps_parse(app_target(a), caps, &e)) > 0)
		a->caps = (unsigned)mask;
	profile_required(p, &a->s->cat, a->required);
	for (i = 0; i < a->s->cat.n; i++)
		a->levels[i] = a->required[i];
	return 0;
}

void app_begin_correction(struct app *a)
{
	struct cJSON *p = app_profile(a);
	size_t i;

	for (i = 0; i < sizeof a->fields / sizeof a->fields[0]; i++)
		if (!a->fields[i] && !(a->fields[i] = secret_alloc(APP_FIELD_SIZE)))
			return;
	wipe_fields(a);
	/* The fields in the credentials screen's order (scr_creds.c). */
	profile_api_path(p, a->fields[1], APP_FIELD_SIZE);
	snprintf(a->fields[2], APP_FIELD_SIZE, "%s", a->creds.client_id);
	snprintf(a->fields[3], APP_FIELD_SIZE, "%s", a->creds.client_secret);
	snprintf(a->fields[4], APP_FIELD_SIZE, "%s", a->creds.access_token);
	snprintf(a->fields[5], APP_FIELD_SIZE, "%s", a->profile);
	a->auto_name[0] = a->store_confirmed[0] = '\0';
	a->rotating = 0;
	a->correcting = 1;
}

const char *app_account_name(const struct app *a)
{
	const struct target *t = app_target(a);

	if (a->rotating && a->account_name[0])
		return a->account_name;
	return t ? t->account_name : "bcsetup";
}

int app_begin_rotation(struct app *a, char *err, size_t errsize)
{
	const struct target *t = app_target(a);
	const char *old, *base_name;
	char base[256], month[16];
	struct tm tm;
	time_t now = time(NULL);
	cJSON *p = app_profile(a);
	int i;

	if (!p || !a->have_creds) {
		snprintf(err, errsize, "no saved profile to rotate");
		return -1;
	}
	if (profile_is_app(p)) {
		snprintf(
			err, errsize,
			"%s is an app: its secret is replaced in the Developer Portal (View Client "
			"ID), and the integration given the new one",
			a->profile);
		return -1;
	}
	/* The same rule as bcsetup rotate: keep what the old token was seen to
	 * hold; levels known only as "or more" are probed (safely) first. */
	if (!ui_too_small()) {
		move(LINES - 2, 0);
		clrtoeol();
		/* Up to a rate-limit window when the store's quota is spent. */
		mvaddstr(LINES - 2, 1, "Reading what the old token holds (at most 30 s)...");
		refresh();
	}
	rotate_needed_levels(a->s, p, 0, app_api_base(a, base, sizeof base), a->required,
			     &a->rotate_unsure, a->rotate_why, sizeof a->rotate_why);
	for (i = 0; i < a->s->cat.n; i++)
		a->levels[i] = a->required[i];
	/* Fresh fields: the new account's values, never appended to the old. */
	wipe_fields(a);
	/* "<target> 2026-11": two accounts with one name cannot be told apart
	 * when the old one is to be deleted. */
	old = profile_str(p, "account_name");
	base_name = t ? t->account_name : old ? old : a->profile;
	localtime_r(&now, &tm);
	strftime(month, sizeof month, "%Y-%m", &tm);
	snprintf(a->account_name, sizeof a->account_name, "%.60s %s", base_name, month);
	for (i = 2; old && strcmp(old, a->account_name) == 0 && i < 10; i++)
		snprintf(a->account_name, sizeof a->account_name, "%.60s %s (%d)", base_name, month,
			 i);
	a->rotating = 1;
	a->rotation_failed = 0;
	a->shares[0] = '\0';
	return 0;
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

void app_sort_coverage(struct app *a)
{
	int i, k, n = 0;

	for (k = 0; k <= 4; k++)
		for (i = 0; i < a->s->cat.n; i++)
			if (rank(&a->result.cov.rows[i]) == k)
				a->cov_order[n++] = i;
}
