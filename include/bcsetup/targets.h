/*
 * targets.h - the systems bcsetup prepares credentials for (assets/targets.json):
 * the scope levels each needs, and the fields of its form in its own words.
 */
#ifndef BCSETUP_TARGETS_H
#define BCSETUP_TARGETS_H

#include <stddef.h>

#include "bcsetup/error.h"
#include "bcsetup/scopes.h"

#define TARGET_MAX_CAPS 8

/* Where a hand-off value comes from. */
enum handoff_source {
	SRC_LITERAL, /* a fixed word, such as "Private" */
	SRC_CLIENT_ID,
	SRC_CLIENT_SECRET,
	SRC_ACCESS_TOKEN,
	SRC_STORE_HASH,
	SRC_API_PATH,          /* https://api.bigcommerce.com/stores/{hash}/v3/ */
	SRC_STORE_ROOT,        /* the same without /v3/ and without a trailing '/' */
	SRC_STORE_DOMAIN,      /* the store's address, learnt from a check */
	SRC_STORE_NAME,        /* the store's name, learnt from a check */
	SRC_PERMANENT_ADDRESS, /* store-{hash}.mybigcommerce.com: always the store's */
	SRC_ACCOUNT_NAME,
	SRC_USER,         /* something only the user knows (their e-mail) */
	SRC_SCOPE_PARAMS, /* an app's scopes as BigCommerce's parameter names, space-separated */
	SRC_REDIRECT_URL, /* an app's redirect (auth callback) URL */
};

struct handoff_field {
	const char *label; /* the target form's own label */
	enum handoff_source source;
	const char *value; /* SRC_LITERAL only */
	const char *hint;  /* may be NULL */
	int secret;
};

struct handoff_variant {
	const char *key, *name;
	/* The credentials are an app's, made in the Developer Portal (its link
	 * and steps), not a store-level API account's: no access token. */
	int app;
	const char *link;
	int nsteps;
	const char **steps;
	int nfields;
	struct handoff_field *fields;
};

/* Who a hand-off note's words come from: said on screen with each note. */
enum note_from {
	NOTE_BCSETUP,     /* bcsetup's own advice */
	NOTE_GUIDE,       /* the integration's setup guide (its facts, in bcsetup's words) */
	NOTE_BIGCOMMERCE, /* BigCommerce's own words, quoted, with their source */
};

struct target_note {
	enum note_from from;
	const char *text;
	const char *source; /* where BigCommerce says it (NOTE_BIGCOMMERCE), or NULL */
};

struct capability {
	const char *key, *name;
	const char *minimum; /* the guide names it as the least: why, in words; or NULL */
	int *required;       /* level per catalogue scope */
};

struct target {
	const char *key, *name, *summary, *account_name, *where, *done;
	char *origin;        /* the file it came from (owned), or NULL for a built-in one */
	const void *json;    /* its object in the parsed file (a cJSON), for 'targets show' */
	const char *derived; /* why the preset is ours, not the target's; or NULL */
	const char *variants_called; /* what its guide calls its hand-offs ("setup"); or NULL */
	const char *pick;            /* what to tell a user who must pick scopes; or NULL */
	int *required;               /* level per catalogue scope, before capabilities */
	int ncaps;
	struct capability caps[TARGET_MAX_CAPS];
	int nvariants;
	struct handoff_variant *variants;
	int nnotes;
	struct target_note *notes;
};

/* A user's target file that could not be used: named, with why. */
struct broken_target {
	char key[64];
	char path[512];
	char reason[BC_ERR_MSG_MAX];
};

#define TARGETS_MAX_BROKEN 16

struct target_list {
	int n;
	struct target *targets;
	void *doc;
	void **docs; /* the users' files, parsed; ndocs of them */
	int ndocs;
	int nbroken;
	struct broken_target broken[TARGETS_MAX_BROKEN];
};

/* Loads asset "targets.json", checking every scope and level it names
 * against cat. cat must outlive the list. */
enum bc_status targets_load(const struct scope_catalogue *cat, struct target_list *tl,
			    struct bc_err *err);
enum bc_status targets_parse(const char *json, const struct scope_catalogue *cat,
			     struct target_list *tl, struct bc_err *err);
void targets_free(struct target_list *tl);

/* Adds the targets of dir/NAME.json (the user's own, NAME their key, each
 * file one target object as in targets.json's list). One whose NAME is a
 * built-in's replaces it. A file that cannot be used goes to tl->broken with
 * its reason and stops nothing; a missing dir adds nothing. BC_OK, or
 * BC_ERR_NOMEM. */
enum bc_status targets_add_dir(const struct scope_catalogue *cat, struct target_list *tl,
			       const char *dir, struct bc_err *err);

/* The broken file for key, or NULL. */
const struct broken_target *targets_broken(const struct target_list *tl, const char *key);

/* The target with this key, or NULL. */
const struct target *targets_find(const struct target_list *tl, const char *key);

/* Fills levels[cat->n] with what target t requires when the capabilities in
 * caps_mask (bit i = t->caps[i]) are chosen: the highest level of each. */
void target_required(const struct target *t, const struct scope_catalogue *cat, unsigned caps_mask,
		     int *levels);

/* The capability mask for a comma-separated list of capability keys
 * ("import-orders,update-inventory"); -1 with err filled if one is unknown. */
long target_caps_parse(const struct target *t, const char *list, struct bc_err *err);

/* The inverse: the keys of the capabilities in mask, comma-separated ("" for
 * none), cut to size. */
void target_caps_text(const struct target *t, unsigned mask, char *buf, size_t size);

/* Every target's key, ", "-separated, in the file's order (for messages). */
void targets_names(const struct target_list *tl, char *buf, size_t size);

/* The index of the target with this key, or -1 (also for NULL). */
int targets_index(const struct target_list *tl, const char *key);

#endif
