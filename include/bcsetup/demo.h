/*
 * demo.h - the practice store's control panel, for --demo: "creating an API
 * account" asks bcsetup-sandbox to mint a token with the chosen scopes and to
 * write the credentials file as a browser download would.
 */
#ifndef BCSETUP_DEMO_H
#define BCSETUP_DEMO_H

#include <stddef.h>

#include "bcsetup/error.h"

/* POSTs to SANDBOX/_sandbox/stores/HASH/api-accounts. On BC_OK, path gets the
 * credentials file the sandbox wrote. SANDBOX must be a loopback URL. */
enum bc_status demo_create_account(const char *sandbox, const char *hash, const char *name,
				   const char *const *scope_ids, int n, char *path, size_t size,
				   struct bc_err *err);

#endif
