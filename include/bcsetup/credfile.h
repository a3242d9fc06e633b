/*
 * credfile.h - the credentials file BigCommerce downloads when an API account
 * is created, and the checks every credential value goes through.
 *
 * The file is "LABEL: value" lines in any order (CLIENT NAME and/or NAME,
 * CRLF, a UTF-8 BOM, blank lines and trailing blanks are all accepted).
 * Secrets end up in sodium_malloc memory.  No message ever quotes a secret.
 */
#ifndef BCSETUP_CREDFILE_H
#define BCSETUP_CREDFILE_H

#include <stddef.h>

#include "bcsetup/apipath.h"
#include "bcsetup/error.h"

#define CREDFILE_MAX_SIZE     8192
#define CREDFILE_MAX_WARNINGS 4

struct credentials {
	char *access_token;  /* secret_* memory */
	char *client_id;     /* secret_* memory */
	char *client_secret; /* secret_* memory */
	char *api_path;      /* secret_* memory (not secret, but kept alike) */
	char *account_name;  /* secret_* memory, or NULL when the file has none */
	struct apipath path; /* store hash from api_path */
	int nwarnings;
	char warnings[CREDFILE_MAX_WARNINGS][160];
};

enum cred_field {
	CRED_ACCESS_TOKEN,
	CRED_CLIENT_ID,
	CRED_CLIENT_SECRET,
};

/* Parses the file's bytes (need not be NUL-terminated). On BC_OK *out owns
 * its strings until credentials_clear. On failure nothing is left allocated
 * and err->msg names the line or the field, never its value. */
enum bc_status credfile_parse(const char *data, size_t len, struct credentials *out,
			      struct bc_err *err);

/* The same credentials from separate values (pasted one by one, or kept in a
 * profile): copied into secret memory and held to the same rules as a file's.
 * NAME may be NULL. On failure nothing is left allocated. */
enum bc_status credentials_make(const char *token, const char *id, const char *secret,
				const char *api_path, const char *name, struct credentials *out,
				struct bc_err *err);

/* Reads PATH ("-" is standard input) and parses it. */
enum bc_status credfile_read(const char *path, struct credentials *out, struct bc_err *err);

/* Checks one value typed or pasted by hand. Returns BC_OK, or BC_ERR_INPUT
 * with a reason; a usable but unusual value gets a note in warn (may be NULL). */
enum bc_status cred_check(enum cred_field field, const char *value, char *warn, size_t warnsize,
			  struct bc_err *err);

/* The control panel's label for a field ("ACCESS TOKEN"...). */
const char *cred_field_label(enum cred_field field);

/* Frees and wipes every string in c and zeroes it. */
void credentials_clear(struct credentials *c);

#endif
