/*
 * scopes.h - the catalogue of BigCommerce store-level API scopes
 * (assets/scopes.json): names, levels, the OAuth id of each level, and the
 * probes that show whether a token holds a level.
 *
 * Levels are indices into a scope's own level list; index 0 is the baseline
 * ("none", or "standard" for Metafields Access).
 */
#ifndef BCSETUP_SCOPES_H
#define BCSETUP_SCOPES_H

#include "bcsetup/error.h"

#define SCOPE_MAX_LEVELS 4
#define LEVEL_UNKNOWN (-1)

struct scope_probe {
	const char *method; /* NULL when the scope has no such probe */
	const char *path;   /* relative to /stores/{hash}, starts with /v2/ or /v3/ */
	const char *body;   /* NULL for GET */
	const char *why;    /* why this request is safe and what its answer shows */
	int also_granted_by; /* index of another scope that opens the same endpoint, or -1 */
};

struct scope {
	const char *key;  /* stable short name: "orders" */
	const char *name; /* the control panel's name: "Orders" */
	const char *what; /* one line on what it allows */
	int nlevels;
	const char *levels[SCOPE_MAX_LEVELS]; /* "none", "read-only", "modify"... */
	const char *ids[SCOPE_MAX_LEVELS];    /* OAuth id per level; NULL at the baseline */
	struct scope_probe read;  /* proves level 1 */
	struct scope_probe write; /* proves the top level */
	const char *unverifiable; /* why some level cannot be confirmed, or NULL */
};

struct scope_catalogue {
	int n;
	struct scope *scopes;
	void *doc; /* the parsed JSON the strings point into */
};

/* Loads and validates the catalogue from asset "scopes.json". On failure
 * err->msg names the entry and what is wrong with it. */
enum bc_status scopes_load(struct scope_catalogue *cat, struct bc_err *err);

/* Parses and validates a catalogue from JSON text (for tests and loading). */
enum bc_status scopes_parse(const char *json, struct scope_catalogue *cat, struct bc_err *err);

void scopes_free(struct scope_catalogue *cat);

/* The index of the scope with this key, or -1. */
int scopes_find(const struct scope_catalogue *cat, const char *key);

/* The index of LEVEL in scope s's levels, or -1. */
int scope_level(const struct scope *s, const char *level);

/* The word for a level index ("unknown" for LEVEL_UNKNOWN). */
const char *scope_level_name(const struct scope *s, int level);

/* The scope and level an OAuth id stands for; 0 if found, -1 if not. */
int scopes_find_id(const struct scope_catalogue *cat, const char *id, int *scope, int *level);

#endif
