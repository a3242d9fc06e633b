/*
 * apipath.h - finding the store hash in whatever a person pastes.
 *
 * Accepts an API path (https://api.bigcommerce.com/stores/{hash}/v3/ and its
 * variants), a control-panel URL (store-{hash}.mybigcommerce.com), a legacy
 * API path, or a bare hash, and refuses everything else with the reason.
 * Also builds the forms of the path that other systems ask for.
 */
#ifndef BCSETUP_APIPATH_H
#define BCSETUP_APIPATH_H

#include <stddef.h>

#include "bcsetup/error.h"

#define APIPATH_HASH_MIN     4
#define APIPATH_HASH_MAX     16
#define APIPATH_DEFAULT_BASE "https://api.bigcommerce.com"

enum apipath_kind {
	APIPATH_BARE,          /* just the hash */
	APIPATH_API,           /* .../stores/{hash}/... on the API host */
	APIPATH_CONTROL_PANEL, /* store-{hash}.mybigcommerce.com/... */
	APIPATH_LEGACY,        /* store-{hash}.mybigcommerce.com/api/v2/ */
	APIPATH_OTHER_HOST,    /* .../stores/{hash}/... on another host (a sandbox) */
};

struct apipath {
	enum apipath_kind kind;
	char hash[APIPATH_HASH_MAX + 1];
	/* A note for the user that is not an error (unusual length, case folded);
	 * empty when there is nothing to say. */
	char warning[160];
};

/* Whether URL is an app's redirect (auth callback) URL: an https:// address
 * with a host, no user name or password in it. BC_ERR_INPUT saying why. */
enum bc_status apipath_check_redirect(const char *url, struct bc_err *err);

/* Extracts the store hash from TEXT. Returns BC_OK and fills *out, or
 * BC_ERR_INPUT with err->msg saying what is wrong and what to paste instead. */
enum bc_status apipath_parse(const char *text, struct apipath *out, struct bc_err *err);

/* Checks a bare hash (no URL). Same contract as apipath_parse. */
enum bc_status apipath_check_hash(const char *hash, struct apipath *out, struct bc_err *err);

/* Copies the API root of an API path (everything before "/stores/") into buf.
 * Returns 0, or -1 when the path has no "/stores/" or buf is too small. */
int apipath_base(const char *api_path, char *buf, size_t size);

/* Writes "{base}/stores/{hash}/v3/" into buf (base without a trailing '/';
 * NULL means the BigCommerce API). Returns the length, or -1 if it does not fit. */
int apipath_v3(const char *base, const char *hash, char *buf, size_t size);

/* Writes "{base}/stores/{hash}" (no /v3/, no trailing slash: the form some targets ask for). */
int apipath_store_root(const char *base, const char *hash, char *buf, size_t size);

#endif
