/*
 * mem.h - memory for values that may hold secrets.
 *
 * Two kinds:
 *  - secret_*: libsodium's guarded, locked memory (sodium_malloc) for the few
 *    values that are pure secrets: passphrases, keys, the decrypted vault.
 *  - wipe_*: ordinary heap memory that is zeroed when freed.  Used for parsed
 *    documents that mix secrets with plain values (every cJSON node goes through
 *    it once mem_init() has run), where one guarded mapping per string would
 *    exhaust the process's mappings on a large vault.
 * The process keeps itself out of core dumps (mem_init).
 */
#ifndef BCSETUP_MEM_H
#define BCSETUP_MEM_H

#include <stddef.h>

/* Initialises libsodium, routes cJSON through wipe_*, disables core dumps.
 * Returns 0, or -1 if libsodium cannot start. Call once, first. */
int mem_init(void);

/* Guarded copy of s[0..n) plus a NUL; free with secret_free. NULL on failure. */
char *secret_strndup(const char *s, size_t n);
char *secret_strdup(const char *s);
/* n zeroed bytes of guarded memory (an empty string); free with secret_free. */
char *secret_alloc(size_t n);
/* Frees (and wipes) memory from secret_*; NULL is allowed. */
void secret_free(void *p);

/* Reads a file that may hold a secret, whole, with read(2) straight into
 * guarded memory (stdio would leave a copy in its buffer). "-" is standard
 * input. A regular file or a pipe (process substitution, <(pass show x)) is
 * read; a directory or a device is refused, and opening never blocks (a FIFO
 * nobody writes to reads as empty). More than max bytes is refused. On
 * BC_OK, *out (NUL-terminated, free with secret_free) holds *len bytes.
 * what names the file in messages ("the passphrase file"). */
#include "bcsetup/error.h"
/* How long secret_file_read waits for a pipe's writer to finish (a writer
 * that holds the pipe open and writes nothing must not hang a command, or
 * the shell's TAB): 60 s unless set. */
void secret_set_pipe_wait(long ms);
enum bc_status secret_file_read(const char *path, const char *what, size_t max, char **out,
				size_t *len, struct bc_err *err);

/* Heap memory zeroed on free. wipe_free(NULL) is allowed. */
void *wipe_malloc(size_t n);
/* Hands the heap's free pages back to the system. A long run that keeps
 * some memory (a fleet's profile texts) while much more comes and goes
 * (requests) leaves free holes the allocator keeps resident; called now
 * and then, resident memory follows what is in use. */
void mem_release(void);
void wipe_free(void *p);
/* How many bytes p (from wipe_malloc) holds. */
size_t wipe_size(const void *p);
char *wipe_strdup(const char *s);
/* Replaces *slot with a wipe_strdup of s (or NULL), freeing the old value. */
int wipe_set(char **slot, const char *s);

#endif
