/*
 * vault.h - the encrypted file that holds every profile.
 *
 * Format, version 2 (all integers little-endian; the whole 72-byte header is
 * the AEAD's associated data, so a change to any byte fails authentication):
 *
 *   offset size  field
 *        0    8  magic "BCSVAULT"
 *        8    2  format version (2)
 *       10    1  KDF id: 1 = Argon2id v1.3 (crypto_pwhash_ALG_ARGON2ID13)
 *       11    1  AEAD id: 1 = XChaCha20-Poly1305-IETF
 *       12    4  length of the ciphertext with its tag (n), so that a
 *                truncated file is told from a wrong passphrase
 *       16    8  Argon2id opslimit
 *       24    8  Argon2id memlimit (bytes)
 *       32   16  salt
 *       48   24  nonce (fresh on every save)
 *       72    n  ciphertext of the JSON document, with its 16-byte tag
 *
 * Version 1 is the same with bytes 12-15 zero; it is read, and rewritten as
 * version 2 on the next save. A version above 2 is refused as "made by a
 * newer bcsetup"; it is never read.
 * The document is {"format": 1, "profiles": {NAME: {...}, ...}}; fields a
 * later bcsetup adds to a profile are kept when this one rewrites the file.
 *
 * Saving writes "<dir>/.<name>.tmp", fsyncs it, renames it over the vault
 * and fsyncs the directory, so a crash leaves the old vault or the new one.
 * Writers hold an advisory lock on "<vault>.lock" (flock), which also records
 * the holder's pid for the message a second writer gets.
 */
#ifndef BCSETUP_VAULT_H
#define BCSETUP_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "bcsetup/error.h"

struct cJSON;
struct vault;

#define VAULT_HEADER_SIZE 72
#define VAULT_MAX_SIZE    (256u << 20)

/* The default cost, chosen for a small SSH server: about 125 ms and 64 MiB
 * on a 2-core 2026 VM. The cost is stored in each file, so any cost opens. */
#define VAULT_DEFAULT_OPSLIMIT 3
#define VAULT_DEFAULT_MEMLIMIT (64u << 20)

enum {
	VAULT_LOCK = 1 << 0,   /* take the writer's lock before reading */
	VAULT_CREATE = 1 << 1, /* a missing file is an empty vault (saved on vault_save) */
	/* Each profile kept as its JSON text, a cJSON_Raw item of the profiles
	 * object, until vault_profile_parse: a fleet's check holds the text of
	 * every profile and a few parsed at a time, never a parsed vault. */
	VAULT_RAW = 1 << 2,
};

/* Process-wide settings the front end chooses (the commands take them from
 * $BCSETUP_KDF_COST and $BCSETUP_LOCK_WAIT_MS). */
struct vault_tuning {
	int cheap_kdf;     /* new keys with the cheapest Argon2id cost: for tests only */
	long lock_wait_ms; /* how long to wait for another writer's lock (default 3000) */
};
void vault_set_tuning(const struct vault_tuning *t);

/* The KDF cost new vaults get: the default, or the cheapest (cheap_kdf). */
void vault_kdf_cost(uint64_t *opslimit, uint64_t *memlimit);

/* Writes the default vault path into buf from the values of $XDG_DATA_HOME
 * and $HOME (either may be NULL): XDG/bcsetup/vault when XDG is absolute,
 * else HOME/.local/share/bcsetup/vault. */
enum bc_status vault_default_path(char *buf, size_t size, const char *xdg, const char *home,
				  struct bc_err *err);

/* The checks the vault's directory passes, for another directory (what
 * names it in messages: "the metrics file's directory"): ours, not writable
 * by others, and so is every directory above it (root's or ours; not
 * writable by others unless sticky). BC_OK, or BC_ERR_VAULT_PERM / _IO with
 * the directory named. */
enum bc_status vault_check_dir(const char *dir, const char *what, struct bc_err *err);

/* Whether a file exists at path (0/1). */
int vault_exists(const char *path);

/* Opens the vault at path with passphrase pass (NUL-terminated; copied into
 * guarded memory, the caller keeps and wipes its own). Derives the key, which
 * is slow by design. Errors: BC_ERR_VAULT_AUTH (wrong passphrase or altered
 * file), _DAMAGED (not a vault or truncated), _VERSION, _LOCKED, _PERM, _IO. */
enum bc_status vault_open(const char *path, const char *pass, int flags, struct vault **out,
			  struct bc_err *err);

/* The key vault_open derived (VAULT_KEY_BYTES): what 'bcsetup unlock' keeps
 * so that later commands need not derive it again. */
#define VAULT_KEY_BYTES 32
void vault_key(const struct vault *v, unsigned char *out);

/* Opens an existing vault with a key vault_key gave (no derivation): the
 * same errors as vault_open; BC_ERR_VAULT_AUTH when the key does not open it
 * (the passphrase was changed since). A vault opened so cannot be created,
 * and a passphrase changed by another bcsetup while it is open fails its
 * next lock. */
enum bc_status vault_open_key(const char *path, const unsigned char *key, int flags,
			      struct vault **out, struct bc_err *err);

/* Takes the writer's lock and reloads the file (changes made meanwhile by
 * another bcsetup are read; the in-memory document is replaced). */
enum bc_status vault_lock(struct vault *v, struct bc_err *err);

/* The document's "profiles" object; owned by the vault until vault_close. */
struct cJSON *vault_profiles(struct vault *v);

/* Encrypts and writes the document atomically. Needs the lock. On failure the
 * file on disk is unchanged and no temporary file is left. On BC_OK the new
 * vault is in place, and err->msg is empty, or a warning (the directory
 * could not be flushed: a power cut could bring back the old version). */
enum bc_status vault_save(struct vault *v, struct bc_err *err);

/* The one way to change a vault: takes the lock (reloading the file, so a
 * change another bcsetup saved meanwhile is kept), lets CHANGE edit the
 * profiles, saves, and gives the lock back if it was not held before. When
 * CHANGE or the save fails, nothing is written and the document is reloaded
 * from the file. On BC_OK, err->msg may hold vault_save's warning. */
typedef enum bc_status (*vault_change)(struct cJSON *profiles, void *ctx, struct bc_err *err);
enum bc_status vault_update(struct vault *v, vault_change change, void *ctx, struct bc_err *err);

/* Saves changes made to the profiles in memory without the lock (a check of
 * the whole fleet records each result as it comes). When the file still
 * holds what this vault last read or wrote, the document in memory is saved
 * as it is: one document is ever held. Otherwise the file is read again and
 * MERGE carries the changes from MINE, the profiles as they were in memory,
 * into PROFILES, the file's; then MINE is freed. Failures as vault_update. */
typedef enum bc_status (*vault_merge)(struct cJSON *profiles, struct cJSON *mine, void *ctx,
				      struct bc_err *err);
enum bc_status vault_save_merged(struct vault *v, vault_merge merge, void *ctx, struct bc_err *err);

/* A parsed copy of a profile of the profiles object, raw (VAULT_RAW) or not,
 * for cJSON_Delete; NULL when out of memory. */
struct cJSON *vault_profile_parse(const struct cJSON *item);
/* Replaces raw profile item's text with p's (saved at the next save). On
 * failure (no memory) the item is spoilt: do not save the vault. */
enum bc_status vault_profile_set(struct cJSON *item, struct cJSON *p, struct bc_err *err);

/* Sets a new passphrase (new salt, current KDF cost); takes effect at the next
 * vault_save. */
enum bc_status vault_rekey(struct vault *v, const char *newpass, struct bc_err *err);

/* Whether the vault file existed when opened (0 for a new one). */
int vault_is_new(const struct vault *v);

/* Wipes the key and the document, releases the lock, frees v. NULL is fine. */
void vault_close(struct vault *v);

/* Whether a decrypted document has the shape bcsetup relies on: a format
 * number, and "profiles", an object of well-formed profiles (profile_check).
 * Run once at open, so that no reader of a profile meets a surprise. */
struct cJSON;
enum bc_status vault_doc_check(const struct cJSON *doc, struct bc_err *err);
/* The decrypted document text[0..len) read as vault_open reads it, whole or
 * (raw, VAULT_RAW) with each profile kept as text; checked by
 * vault_doc_check. Any document read whole is read raw too. */
enum bc_status vault_doc_read(char *text, size_t len, int raw, struct cJSON **doc,
			      struct bc_err *err);

/* The longest passphrase file read. */
#define VAULT_PASSPHRASE_MAX 4096

/* Reads a passphrase file into guarded memory (secret_free it): the whole
 * file less one final line end. Refuses, with BC_ERR_INPUT, an empty file, a
 * NUL byte, a second line, more than VAULT_PASSPHRASE_MAX bytes, and anything
 * but a regular file or a pipe; never blocks on opening. */
enum bc_status vault_read_passphrase_file(const char *path, char **out, struct bc_err *err);

/* Parses and authenticates raw vault bytes with a passphrase (no file, no
 * lock): what vault_open does after reading. For tests and the fuzzer. On
 * BC_OK, *doc is the document (cJSON_Delete it). */
enum bc_status vault_decode(const unsigned char *buf, size_t len, const char *pass,
			    struct cJSON **doc, struct bc_err *err);

#endif
