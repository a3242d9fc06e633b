/*
 * profile.h - one store's credentials and what bcsetup knows about them, as
 * stored in the vault's document (a cJSON object per profile).
 *
 * Fields: name, store_hash, api_path, client_id, client_secret, access_token,
 * account_name, target, caps, required {scope key: level}, created, rotated
 * (unix seconds), store {name, domain, plan} or null, last_check (see
 * check.h) or null, history [{token_masked, token (until the old account is
 * confirmed deleted), account_name, retired, state}].
 * Every string a profile holds lives in wipe_* memory (see mem.h).
 *
 * The model does not depend on the check engine: this header declares
 * struct check_result only as a name. Two functions turn a finished check
 * into stored fields, profile_record_check and profile_apply_rotation, and
 * they alone read its members; that is why profile.c includes check.h.
 */
#ifndef BCSETUP_PROFILE_H
#define BCSETUP_PROFILE_H

#include <stddef.h>
#include <time.h>

#include "bcsetup/credfile.h"
#include "bcsetup/error.h"
#include "bcsetup/scopes.h"
#include "bcsetup/targets.h"

struct cJSON;

#define PROFILE_NAME_MAX 64

/* Profile names: 1 to 64 of A-Z a-z 0-9 . _ -, not starting with '.' or '-'. */
enum bc_status profile_name_check(const char *name, struct bc_err *err);

/* "****" followed by the last 4 characters of secret (all stars if shorter). */
void profile_mask(const char *secret, char *out, size_t size);

/* An app's OAuth 2.0 client, as the Developer Portal shows it, with the
 * store it is for and the redirect URL the integration gave it. */
struct app_credentials {
	const char *hash, *client_id, *client_secret, *redirect_url, *account_name;
};

/* Whether profile p holds an app (OAuth 2.0 client: "kind": "app") rather
 * than a store-level API account. */
int profile_is_app(const struct cJSON *p);

/* Creates or updates app profile NAME: store hash, client id and secret,
 * redirect URL, target, and the scopes it was given (required, also kept as
 * BigCommerce's parameter names for the hand-off). No token, no check. A
 * profile of that name holding an API account, or another store, is
 * refused. */
enum bc_status profile_put_app(struct cJSON *profiles, const char *name,
			       const struct app_credentials *c, const char *target,
			       const int *required, const struct scope_catalogue *cat, time_t now,
			       int *created, struct bc_err *err);

/* The profile's API path in its one form, https://api.bigcommerce.com/
 * stores/HASH/v3/ (on the API root its path names), into buf. */
void profile_api_path(const struct cJSON *p, char *buf, size_t size);

/* A string field of a profile, or NULL. The pointer lives as long as the field. */
const char *profile_str(const struct cJSON *p, const char *field);

/* Creates profile NAME in profiles from c, or updates it (then a changed
 * access token goes to the history, with its account name and now). target,
 * caps may be NULL (an update keeps the old ones); required[cat->n] may be NULL
 * to keep the old ones. *created says which happened. Credentials for
 * another store than the profile's are refused, unless flags has
 * PROFILE_CORRECT: a correction (a mistyped store hash or token). Then
 * nothing learnt of the old store is kept (its checks, its name), and an old
 * token never seen working (no passed check) is dropped, not retired: it
 * has no account to delete. */
#define PROFILE_CORRECT 1u
enum bc_status profile_put(struct cJSON *profiles, const char *name, const struct credentials *c,
			   const char *target, const char *caps, const int *required,
			   const struct scope_catalogue *cat, time_t now, unsigned flags,
			   int *created, struct bc_err *err);

/* Fills levels[cat->n] from the profile's "required" object (unknown keys are
 * ignored: a newer catalogue may have renamed a scope). */
void profile_required(const struct cJSON *p, const struct scope_catalogue *cat, int *levels);

/* Writes the value of a hand-off field for profile p into buf. Returns 0, or
 * -1 when the profile does not know it (the store domain before any check, or
 * a value only the user knows): then buf holds a hint in angle brackets. */
int handoff_value(const struct handoff_field *f, const struct cJSON *p, char *buf, size_t size);

/* Whether p (the profile named name, as decrypted from a vault) has the
 * shape every reader of profiles relies on: the secrets and the store hash
 * as non-empty strings, and each other known field of its type. BC_OK, or
 * BC_ERR_VAULT_DAMAGED naming the profile and the field. */
enum bc_status profile_check(const struct cJSON *p, const char *name, struct bc_err *err);

/* Fills out (cleared first; credentials_clear it) with profile p's
 * credentials, the store hash parsed from its API path. BC_OK, or an error
 * naming what is unusable. */
enum bc_status profile_credentials(const struct cJSON *p, struct credentials *out,
				   struct bc_err *err);

/* What the last completed check of p's current token said: 1 passed, 0
 * failed (*why gets its message), -1 never checked. Importing a new token
 * clears it, so it always speaks of the token the profile holds. */
int profile_verified(const struct cJSON *p, const char **why);

struct check_result;
/* Records a check's result in profile p: last_check {time, ok, kind, message,
 * granted {scope key: level}} and, when learnt, store {name, domain, plan}.
 * The previous last_check moves to previous_check. A result that is no
 * verdict (check_conclusive) goes to last_attempt {time, kind, message}
 * instead, and the last verdict stays. */
enum bc_status profile_record_check(struct cJSON *p, const struct scope_catalogue *cat,
				    const struct check_result *r, time_t now, struct bc_err *err);
/* A profile's last check, read once for every place that shows it. */
struct last_check {
	int present; /* a check of the current token is recorded */
	int ok;
	long long time;
	const char *kind, *message; /* may be NULL */
	const struct cJSON *alerts; /* array, or NULL */
	/* A later attempt that reached no verdict (the API unreachable): its
	 * time, or 0 when there is none since the last verdict. */
	long long attempt_time;
	const char *attempt_kind, *attempt_message; /* may be NULL */
};
void profile_last_check(const struct cJSON *p, struct last_check *out);

/* "ok, 3 minutes ago", "FAILED, just now", or "never", and a later attempt
 * that reached no verdict: "ok, 2 hours ago; last attempt just now could not
 * connect". */
void profile_last_text(const struct cJSON *p, long long now, char *buf, size_t size);

/* The recorded check a new check of p is compared with to say what changed:
 * last_check, or (a new token has none) previous_check. After
 * profile_record_check that one is previous_check. May be NULL. */
const struct cJSON *profile_compare_check(const struct cJSON *p);

/* Level per scope a recorded check found: a level index, LEVEL_UNKNOWN, or
 * PROFILE_LEVEL_NONE when it recorded nothing for the scope. Returns the
 * check's time (0 when check is NULL). */
#define PROFILE_LEVEL_NONE (-2)
long long profile_check_levels(const struct cJSON *check, const struct scope_catalogue *cat,
			       int *levels);

/* What p's last check showed against required[cat->n]: the number of
 * required levels it did not show held, each named in buf ("Customers
 * read-only: not held; Orders modify: only read-only"), or -1 when p has no
 * recorded check. A level seen only as "X or more" proves X, nothing above. */
int profile_gaps(const struct cJSON *p, const struct scope_catalogue *cat, const int *required,
		 char *buf, size_t size);

/* Puts a rotation's new credentials into profile NAME (the old token goes to
 * its history) with the check R that proved them; refuses a check that did
 * not pass. Both the command and the wizard apply a rotation with this. */
enum bc_status profile_apply_rotation(struct cJSON *profiles, const char *name,
				      const struct credentials *c, const struct check_result *r,
				      const struct scope_catalogue *cat, time_t now,
				      struct bc_err *err);

/* The retired tokens of p still kept because their account's deletion is not
 * confirmed: how many (*waiting), how many of those were last seen still
 * working (*alive); returns the newest such history entry, or NULL. */
const struct cJSON *profile_retired_waiting(const struct cJSON *p, int *waiting, int *alive);

/* An API account as the merchant can find it in the control panel, where
 * several may share a name: "\"bcsetup 2\", Client ID abc..." from a
 * profile or a history entry. */
void profile_account_text(const struct cJSON *h, char *buf, size_t size);

/* The other profiles among profiles holding the same access token as p:
 * their count, and their names in names ("a, b"). A rotation of one leaves
 * the others on the old token. */
int profile_shares_token(const struct cJSON *profiles, const struct cJSON *p, char *names,
			 size_t size);

#endif
