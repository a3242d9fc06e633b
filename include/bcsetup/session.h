/*
 * session.h - what both faces of bcsetup (the commands and the wizard) work
 * with: the scope catalogue and the targets, loaded once, and the options
 * every request to the API takes. The front end fills it from its options
 * and environment; nothing in core reads the environment.
 */
#ifndef BCSETUP_SESSION_H
#define BCSETUP_SESSION_H

#include "bcsetup/api.h"
#include "bcsetup/error.h"
#include "bcsetup/scopes.h"
#include "bcsetup/targets.h"

struct bc_session {
	struct scope_catalogue cat;
	struct target_list targets;
	int loaded;
	struct api_opts api;     /* CA bundle and timeouts for every request */
	const char *api_base;    /* where tokens go instead of the API path's host, or NULL */
	const char *targets_dir; /* the user's own targets (NAME.json), or NULL */
};

/* Loads scopes.json and targets.json, then the user's targets from
 * targets_dir (once; later calls do nothing). A failure names the file that
 * is wrong; a user's file that is wrong only goes to targets.broken. */
enum bc_status session_load(struct bc_session *s, struct bc_err *err);

/* Frees what session_load loaded. */
void session_free(struct bc_session *s);

/* What the merchant asks for, into levels[cat.n]: target KEY's levels with
 * the capabilities in CAPS (a comma list, or NULL for all of them), raised
 * by SCOPES ("orders=modify,products=read-only", see scopes_parse_levels;
 * NULL for none). *t gets the target, or NULL when KEY is NULL (then only
 * SCOPES is required, and CAPS must be NULL). BC_ERR_INPUT, saying why, for
 * an unknown target or capability, a choice of capabilities below the least
 * the target's guide names, or SCOPES asking for less than the target needs. */
enum bc_status session_required(const struct bc_session *s, const char *key, const char *caps,
				const char *scopes, const struct target **t, int *levels,
				struct bc_err *err);

/* Whether levels[cat.n] requires any scope above its baseline. */
int session_requires_any(const struct bc_session *s, const int *levels);

/* The check target for profile p, the one way every face makes it: its
 * name, store hash and token, and the API root (see api_root) kept in
 * base[size]; required (cat.n levels) may be NULL until the caller sets it. */
struct check_target;
struct cJSON;
void session_profile_target(const struct bc_session *s, const struct cJSON *p, const int *required,
			    char *base, size_t size, struct check_target *t);

/* The check target for credentials not (yet) in a profile, such as a new
 * token before it replaces the old: label, store hash and token from cr,
 * the API root kept in base[size]. */
struct credentials;
void session_credentials_target(const struct bc_session *s, const char *label,
				const struct credentials *cr, const int *required, char *base,
				size_t size, struct check_target *t);

/* The API root a token for API_PATH goes to (see api_root). */
const char *session_api_root(const struct bc_session *s, const char *api_path, char *buf,
			     size_t size);

#endif
