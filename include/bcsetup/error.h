/*
 * error.h - status codes shared by every core module.
 *
 * Each code has one human sentence and one process exit status, generated
 * from a single list so that the two never drift apart.  A core function
 * returns a code and fills a struct bc_err with the specific sentence; it
 * never prints and never ends the program.  Messages never contain secrets.
 */
#ifndef BCSETUP_ERROR_H
#define BCSETUP_ERROR_H

#include <stdarg.h>

/* X(name, exit status, generic sentence) */
#define BC_STATUS_LIST(X)                                                                     \
	X(BC_OK, 0, "success")                                                                \
	X(BC_ERR_INPUT, 2, "the input is not valid")                                          \
	X(BC_ERR_IO, 2, "a file could not be read or written")                                \
	X(BC_ERR_NOMEM, 2, "out of memory")                                                   \
	X(BC_ERR_ASSET, 2, "a data file shipped with bcsetup is malformed")                   \
	X(BC_ERR_NOTFOUND, 2, "no such profile")                                              \
	X(BC_ERR_VAULT_AUTH, 3, "the vault could not be opened: wrong passphrase or damaged") \
	X(BC_ERR_VAULT_DAMAGED, 3, "the vault file is damaged")                               \
	X(BC_ERR_VAULT_VERSION, 3, "the vault was made by a newer bcsetup")                   \
	X(BC_ERR_VAULT_LOCKED, 3, "the vault is in use by another bcsetup")                   \
	X(BC_ERR_VAULT_PERM, 3, "the vault file's permissions are unsafe")                    \
	X(BC_ERR_VAULT_IO, 3, "the vault could not be read or written")                       \
	X(BC_ERR_CHECK, 1, "the check found a problem")                                       \
	X(BC_ERR_NETWORK, 1, "the network request failed")

#define BC_STATUS_ENUM(name, exit_status, text) name,
enum bc_status { BC_STATUS_LIST(BC_STATUS_ENUM) BC_STATUS_COUNT };
#undef BC_STATUS_ENUM

#define BC_ERR_MSG_MAX 320

struct bc_err {
	enum bc_status code;
	char msg[BC_ERR_MSG_MAX];
};

/* The generic sentence for a status; a static string. */
const char *bc_status_text(enum bc_status code);

/* The process exit status the command line uses for a status (0, 1, 2 or 3). */
/* The status as a word for --json: "input", "vault_auth", "net"... */
void bc_status_word(enum bc_status code, char *buf, size_t size);
int bc_status_exit(enum bc_status code);

/* Fills err (if not NULL) with code and a formatted message. */
void bc_fail_set(struct bc_err *err, enum bc_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* bc_fail_set, and then the code as the expression's value: a macro, so that
 * a static analyser sees a failure return its code (it does not follow a
 * variadic call). CODE must have no side effects. */
static inline enum bc_status bc_code(enum bc_status code)
{
	return code;
}
#define bc_fail(err, code, ...) (bc_fail_set((err), (code), __VA_ARGS__), bc_code(code))

/* Puts PREFIX ("in the file: ") before err's message, truncating the end. */
void bc_err_prefix(struct bc_err *err, const char *prefix);

/* Resets err to BC_OK with an empty message. */
void bc_err_clear(struct bc_err *err);

#endif
