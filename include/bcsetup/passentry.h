/*
 * passentry.h - a profile as one entry of pass, the standard Unix password
 * store, so that a team shares credentials the way it shares its other
 * secrets (GPG to every member's key, synced with git).
 *
 * The entry is text: the access token alone on the first line (what
 * `pass -c` copies), then "key: value" lines:
 *
 *   <access token>
 *   store_hash: <store hash>
 *   api_path: <API path>
 *   client_id: <client id>
 *   client_secret: <client secret>
 *   account_name: <API account name>        (when known)
 *   target: <target key>                    (when set)
 *   caps: <capability,capability>           (when set)
 *   required: <scope>=<level> <scope>=<level>...
 *   exported_by: bcsetup <version>
 *
 * Reading back, blank lines, CRLF and lines a person added (url:, notes) are
 * ignored; a key given twice, or a store_hash that is not the API path's, is
 * refused. Only the values a profile is made of travel: the last check, the
 * history and the store's name stay in each person's vault.
 */
#ifndef BCSETUP_PASSENTRY_H
#define BCSETUP_PASSENTRY_H

#include <stddef.h>

#include "bcsetup/credfile.h"
#include "bcsetup/error.h"
#include "bcsetup/scopes.h"

struct cJSON;

#define PASSENTRY_MAX_SIZE 8192
#define PASSENTRY_KEY_MAX  64
/* A scope=level pair per scope: room for every scope of the catalogue. */
#define PASSENTRY_REQUIRED_MAX 2048

struct passentry {
	struct credentials cr;
	char target[PASSENTRY_KEY_MAX];        /* "" when the entry has none */
	char caps[256];                        /* "" when the entry has none */
	char required[PASSENTRY_REQUIRED_MAX]; /* "" when the entry has none */
	int has_required;                      /* a required: line was present */
};

/* An entry's name for pass: 1 to 200 of A-Z a-z 0-9 . _ - /, no empty part
 * and none starting with '.' or '-' (no "..", no leading or trailing '/',
 * nothing pass could take for an option). */
enum bc_status passentry_name_check(const char *name, struct bc_err *err);

/* Profile p as an entry's text, in secret memory (secret_free it). version
 * goes on the exported_by line. A value holding a line break is refused. */
enum bc_status passentry_format(const struct cJSON *p, const char *version, char **out, size_t *len,
				struct bc_err *err);

/* Parses an entry's text (need not be NUL-terminated); what names it in
 * messages ("pass entry team/shop"). On BC_OK, out->cr owns secret memory
 * until credentials_clear. Messages never quote a secret. */
enum bc_status passentry_parse(const char *data, size_t len, const char *what,
			       struct passentry *out, struct bc_err *err);

/* Fills levels[cat->n] from a required: value ("orders=modify
 * products=read-only"). A scope the catalogue does not know is skipped and
 * named in note (may be NULL); a level a known scope does not have is an
 * error. */
enum bc_status passentry_levels(const char *required, const struct scope_catalogue *cat,
				int *levels, char *note, size_t notesize, struct bc_err *err);

#endif
