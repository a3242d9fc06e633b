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
/* The most scopes a catalogue may hold; arrays of per-scope data use it. */
#define SCOPES_MAX    64
#define LEVEL_UNKNOWN (-1)

/* Why a write probe cannot change data even if the store accepted it. */
enum probe_safety {
	SAFE_NONE,        /* a read: nothing to argue */
	SAFE_NO_RESOURCE, /* it addresses or refers to a resource that cannot exist (id 0, nil UUID)
			   */
	SAFE_EMPTY_BATCH, /* it sends an empty list where the endpoint takes a list */
	SAFE_BODY_ONLY,   /* {} to a collection: documented required fields and 4xx (last resort) */
};

#define PROBE_MAX_HELD 6
#define PROBE_MAX_DOC  8
#define PROBE_MAX_ALSO 3
/* The nil UUID: the one UUID no resource is ever given. */
#define PROBE_NIL_UUID "00000000-0000-0000-0000-000000000000"

struct scope_probe {
	const char *method;       /* NULL when the scope has no such probe */
	const char *path;         /* relative to /stores/{hash}, starts with /v2/ or /v3/ */
	const char *body;         /* NULL for GET */
	const char *why;          /* what its answer shows */
	const char *source;       /* where BigCommerce documents the endpoint and its answers */
	int held[PROBE_MAX_HELD]; /* statuses that mean the level is held; 0-terminated */
	/* The statuses BigCommerce's reference documents for the operation,
	 * 0-terminated. held is a subset of them, or 404 where the path names
	 * an id that cannot exist ("no such resource"); on a path without an
	 * id a 404 means "no such endpoint", never held. */
	int documented[PROBE_MAX_DOC];
	int id_in_path;           /* the path names an id that cannot exist */
	const char *undecided;    /* held is empty: why the docs decide no answer, or NULL */
	enum probe_safety safety; /* SAFE_NONE for reads */
	const char *safe_because; /* the safety argument, in words (writes only) */
	int nalso;
	int also_granted_by[PROBE_MAX_ALSO]; /* other scopes documented to open it too */
};

struct scope {
	const char *key;  /* stable short name: "orders" */
	const char *name; /* the control panel's name: "Orders" */
	const char *what; /* one line on what it allows */
	int nlevels;
	const char *levels[SCOPE_MAX_LEVELS]; /* "none", "read-only", "modify"... */
	const char *ids[SCOPE_MAX_LEVELS];    /* OAuth id per level; NULL at the baseline */
	struct scope_probe read;              /* proves level 1 */
	struct scope_probe write;             /* proves the top level */
	const char *unverifiable;             /* why some level cannot be confirmed, or NULL */
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

/* "no-such-resource", "empty-batch", "body-only" (as in scopes.json). */
const char *probe_safety_word(enum probe_safety s);

/* Whether status is one of the probe's declared "held" answers. */
int probe_holds(const struct scope_probe *p, long status);

/* Whether BigCommerce documents status for the probe's operation. */
int probe_documents(const struct scope_probe *p, long status);

/* The word for a level index ("unknown" for LEVEL_UNKNOWN). */
const char *scope_level_name(const struct scope *s, int level);

/* Sets levels[i] for each "SCOPE=LEVEL" of a comma-separated list, SCOPE
 * being a scope's key ("orders") or its control-panel name ("Information &
 * Settings", any case) and LEVEL one of its levels; other entries are left
 * as they are. A scope named twice, an unknown one, a bad level or an empty
 * list: BC_ERR_INPUT with err saying which. */
enum bc_status scopes_parse_levels(const struct scope_catalogue *cat, const char *list, int *levels,
				   struct bc_err *err);

/* The scope and level an OAuth id stands for; 0 if found, -1 if not. */
int scopes_find_id(const struct scope_catalogue *cat, const char *id, int *scope, int *level);

#endif
