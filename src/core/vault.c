#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/vault.h"

#define MAGIC "BCSVAULT"
/* Version 2 records the ciphertext's length (see vault.h); 1 is still read. */
#define FORMAT_VERSION         2
#define KDF_ARGON2ID13         1
#define AEAD_XCHACHA20POLY1305 1
#define SALT_BYTES             crypto_pwhash_SALTBYTES
#define NONCE_BYTES            crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define KEY_BYTES              crypto_aead_xchacha20poly1305_ietf_KEYBYTES
_Static_assert(KEY_BYTES == VAULT_KEY_BYTES, "the key unlock keeps is the AEAD's");
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

/* Bounds a damaged header cannot push the KDF past. */
/* A header may ask for a few times the default cost, no more: a header
 * edited to the largest cost Argon2id accepts would make every open take
 * minutes and gigabytes before saying "altered". */
#define MAX_OPSLIMIT (4ull * VAULT_DEFAULT_OPSLIMIT)
#define MAX_MEMLIMIT (4ull * VAULT_DEFAULT_MEMLIMIT)

struct header {
	uint16_t version;
	uint8_t kdf, aead;
	uint32_t clen; /* version 2: ciphertext bytes, tag included; 0 in version 1 */
	uint64_t opslimit, memlimit;
	unsigned char salt[SALT_BYTES];
	unsigned char nonce[NONCE_BYTES];
};

struct vault {
	char *path, *lock_path, *tmp_path, *dir;
	int lock_fd;
	int existed;
	struct header hdr;
	unsigned char *key; /* sodium_malloc */
	/* Guarded, like the key it stands for: when another bcsetup saved the
	 * vault with a new salt between this one's open and its lock (two
	 * first imports at once), the key is derived again from it. */
	char *pass;
	cJSON *doc;
	int raw; /* VAULT_RAW: each profile kept as its JSON text */
};

static void put_le(unsigned char *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void header_encode(const struct header *h, unsigned char out[VAULT_HEADER_SIZE])
{
	memset(out, 0, VAULT_HEADER_SIZE);
	memcpy(out, MAGIC, 8); /* NOLINT(bugprone-not-null-terminated-result): 8 bytes, no NUL */
	put_le(out + 8, h->version, 2);
	out[10] = h->kdf;
	out[11] = h->aead;
	put_le(out + 12, h->clen, 4);
	put_le(out + 16, h->opslimit, 8);
	put_le(out + 24, h->memlimit, 8);
	memcpy(out + 32, h->salt, SALT_BYTES);
	memcpy(out + 48, h->nonce, NONCE_BYTES);
}

static enum bc_status header_decode(const unsigned char *buf, size_t len, struct header *h,
				    struct bc_err *err)
{
	if (len < 8 || memcmp(buf, MAGIC, 8) != 0)
		return bc_fail(err, BC_ERR_VAULT_DAMAGED,
			       "this file is not a bcsetup vault (or its first bytes are damaged)");
	if (len < 10)
		return bc_fail(err, BC_ERR_VAULT_DAMAGED, "the vault file is cut short");
	h->version = (uint16_t)get_le(buf + 8, 2);
	if (h->version > FORMAT_VERSION)
		return bc_fail(err, BC_ERR_VAULT_VERSION,
			       "the vault was made by a newer bcsetup (format %u; this one reads "
			       "format %d): upgrade bcsetup to open it",
			       h->version, FORMAT_VERSION);
	if (h->version == 0)
		return bc_fail(err, BC_ERR_VAULT_DAMAGED, "the vault's header is damaged");
	if (len < VAULT_HEADER_SIZE + TAG_BYTES)
		return bc_fail(err, BC_ERR_VAULT_DAMAGED, "the vault file is cut short (%zu bytes)",
			       len);
	h->kdf = buf[10];
	h->aead = buf[11];
	h->opslimit = get_le(buf + 16, 8);
	h->memlimit = get_le(buf + 24, 8);
	memcpy(h->salt, buf + 32, SALT_BYTES);
	memcpy(h->nonce, buf + 48, NONCE_BYTES);
	h->clen = (uint32_t)get_le(buf + 12, 4);
	if (h->version >= 2 && len != VAULT_HEADER_SIZE + (size_t)h->clen)
		return bc_fail(
			err, BC_ERR_VAULT_DAMAGED,
			len < VAULT_HEADER_SIZE + (size_t)h->clen
				? "the vault file is truncated: it has %zu of the %zu bytes it "
				  "was written with (restore it from a backup)"
				: "the vault file has %zu bytes where %zu were written: it was "
				  "altered",
			len, VAULT_HEADER_SIZE + (size_t)h->clen);
	if (h->kdf != KDF_ARGON2ID13 || h->aead != AEAD_XCHACHA20POLY1305 ||
	    (h->version == 1 && h->clen != 0) || h->opslimit < crypto_pwhash_OPSLIMIT_MIN ||
	    h->opslimit > MAX_OPSLIMIT || h->memlimit < crypto_pwhash_MEMLIMIT_MIN ||
	    h->memlimit > MAX_MEMLIMIT)
		return bc_fail(err, BC_ERR_VAULT_DAMAGED,
			       "the vault's header is damaged or altered (it asks for a key "
			       "derivation bcsetup never writes)");
	return BC_OK;
}

static struct vault_tuning tuning = {.lock_wait_ms = 3000};

void vault_set_tuning(const struct vault_tuning *t)
{
	tuning = *t;
	if (tuning.lock_wait_ms < 0)
		tuning.lock_wait_ms = 0;
}

void vault_kdf_cost(uint64_t *opslimit, uint64_t *memlimit)
{
	if (tuning.cheap_kdf) {
		*opslimit = crypto_pwhash_OPSLIMIT_MIN;
		*memlimit = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		*opslimit = VAULT_DEFAULT_OPSLIMIT;
		*memlimit = VAULT_DEFAULT_MEMLIMIT;
	}
}

static enum bc_status derive(const struct header *h, const char *pass, unsigned char **key,
			     struct bc_err *err)
{
	unsigned char *k = sodium_malloc(KEY_BYTES);

	if (!k)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (crypto_pwhash(k, KEY_BYTES, pass, strlen(pass), h->salt, h->opslimit,
			  (size_t)h->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_free(k);
		return bc_fail(err, BC_ERR_VAULT_IO,
			       "not enough memory to derive the vault key (%llu MiB needed)",
			       (unsigned long long)(h->memlimit >> 20));
	}
	*key = k;
	return BC_OK;
}

/* Authenticates and decrypts buf with key; fills *doc. */
/* What cJSON skips between tokens: every byte up to the space. */
static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (unsigned char)*p <= ' ')
		p++;
	return p;
}

/* One JSON value at *p (no further than end), parsed by cJSON; *p moves
 * past it. NULL when there is none. */
static cJSON *next_value(const char **p, const char *end)
{
	const char *after = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(*p, (size_t)(end - *p), &after, 0);

	if (v)
		*p = after;
	return v;
}

/* A profile's text is kept with room to grow a little, so that a check's
 * new record (a few digits more, say) is written over it in place
 * (vault_profile_set): a fleet's thousands of replacements then leave no
 * holes among the texts that stay. */
#define RAW_ROOM 256

/* A cJSON_Raw item holding p printed (as vault_save would print it), in a
 * block with RAW_ROOM to spare beyond hint bytes, p's length as it came. */
static cJSON *raw_item(cJSON *p, size_t hint)
{
	cJSON *item = cJSON_CreateRaw("");
	size_t room = hint + 1 + RAW_ROOM;
	char *buf = wipe_malloc(room), *text;

	if (buf && !cJSON_PrintPreallocated(p, buf, (int)(room < INT_MAX ? room : INT_MAX), 0)) {
		/* Longer printed than read (escapes spelt out): a block its size. */
		wipe_free(buf);
		buf = NULL;
		if ((text = cJSON_PrintUnformatted(p))) {
			room = strlen(text) + 1 + RAW_ROOM;
			if ((buf = wipe_malloc(room)))
				memcpy(buf, text, strlen(text) + 1);
			cJSON_free(text);
		}
	}
	if (!item || !buf) {
		cJSON_Delete(item);
		wipe_free(buf);
		return NULL;
	}
	cJSON_free(item->valuestring);
	item->valuestring = buf;
	return item;
}

/* The document as decrypt_doc makes it, but each profile a cJSON_Raw item
 * holding its JSON text: parsed once here, to be checked as every profile
 * is, and then only by whoever needs it. A document that is not an object
 * of JSON values leaves *doc NULL (reported as damaged by the caller). */
static enum bc_status raw_doc(char *text, size_t len, cJSON **doc, struct bc_err *err)
{
	const char *p = text, *end = text + len;
	cJSON *d = cJSON_CreateObject(), *key = NULL, *val = NULL, *profiles = NULL;
	enum bc_status st = BC_OK;

	*doc = NULL;
	if (!d)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* a byte-order mark, as cJSON allows */
	p = skip_space(p, end);
	if (p == end || *p++ != '{')
		goto bad;
	for (p = skip_space(p, end); p < end && *p != '}';) {
		if (!(key = next_value(&p, end)) || !cJSON_IsString(key))
			goto bad;
		p = skip_space(p, end);
		if (p == end || *p++ != ':')
			goto bad;
		p = skip_space(p, end);
		/* Only the first "profiles" is the one read, as cJSON reads it. */
		if (profiles || strcmp(key->valuestring, "profiles") != 0) {
			if (!(val = next_value(&p, end)))
				goto bad;
			cJSON_AddItemToObject(d, key->valuestring, val);
			val = NULL;
		} else {
			if (p == end || *p++ != '{' ||
			    !(profiles = cJSON_AddObjectToObject(d, "profiles")))
				goto bad;
			for (p = skip_space(p, end); p < end && *p != '}';) {
				cJSON *name = next_value(&p, end), *item;
				const char *start;
				int ok = cJSON_IsString(name);
				p = skip_space(p, end);
				ok = ok && p < end && *p++ == ':';
				p = skip_space(p, end);
				start = p;
				val = ok ? next_value(&p, end) : NULL;
				if (!val) {
					cJSON_Delete(name);
					goto bad;
				}
				if (profile_name_check(name->valuestring, err) != BC_OK)
					st = bc_fail(
						err, BC_ERR_VAULT_DAMAGED,
						"the vault opened, but a profile's name is not "
						"one bcsetup accepts");
				else
					st = profile_check(val, name->valuestring, err);
				/* Kept as vault_save would write it: whatever the file
				 * spelt (a NUL in a string, say) reads the same again. */
				item = st == BC_OK ? raw_item(val, (size_t)(p - start)) : NULL;
				if (item)
					cJSON_AddItemToObject(profiles, name->valuestring, item);
				else if (st == BC_OK)
					st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
				cJSON_Delete(name);
				cJSON_Delete(val);
				val = NULL;
				if (st != BC_OK)
					goto fail;
				p = skip_space(p, end);
				if (p < end && *p == ',')
					p = skip_space(p + 1, end);
			}
			if (p == end)
				goto bad;
			p++;
		}
		cJSON_Delete(key);
		key = NULL;
		p = skip_space(p, end);
		if (p < end && *p == ',')
			p = skip_space(p + 1, end);
	}
	/* What follows the document is ignored, as cJSON_ParseWithLength does. */
	if (p == end)
		goto bad;
	*doc = d;
	return BC_OK;
bad:
	st = BC_OK; /* not an object: the caller's check says so */
fail:
	cJSON_Delete(key);
	cJSON_Delete(val);
	cJSON_Delete(d);
	return st;
}

enum bc_status vault_doc_read(char *text, size_t len, int raw, cJSON **doc, struct bc_err *err)
{
	enum bc_status st = BC_OK;

	*doc = NULL;
	if (!raw)
		*doc = cJSON_ParseWithLength(text, len);
	else if ((st = raw_doc(text, len, doc, err)) != BC_OK)
		return st;
	/* A raw document's profiles were checked as they were read. */
	if (vault_doc_check(*doc, err) != BC_OK) {
		cJSON_Delete(*doc);
		*doc = NULL;
		return err->code;
	}
	return BC_OK;
}

/* Decrypts buf (a whole vault file) in place and parses the plaintext, which
 * is wiped from buf before this returns: the file's bytes are read once and
 * no second copy of the vault is ever made. */
static enum bc_status decrypt_doc(unsigned char *buf, size_t len, const struct header *h,
				  const unsigned char *key, int raw, cJSON **doc,
				  struct bc_err *err)
{
	unsigned char *c = buf + VAULT_HEADER_SIZE;
	size_t clen = len - VAULT_HEADER_SIZE;
	unsigned long long plen;
	enum bc_status st = BC_OK;
	cJSON *d = NULL;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt(c, &plen, NULL, c, clen, buf,
						       VAULT_HEADER_SIZE, h->nonce, key) != 0)
		return bc_fail(err, BC_ERR_VAULT_AUTH,
			       "the vault could not be opened: the passphrase is wrong, or the "
			       "file has been altered");
	st = vault_doc_read((char *)c, (size_t)plen, raw, &d, err);
	sodium_memzero(c, clen);
	if (st == BC_OK)
		*doc = d;
	return st;
}

enum bc_status vault_doc_check(const cJSON *d, struct bc_err *err)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(d, "format");
	const cJSON *profiles = cJSON_GetObjectItemCaseSensitive(d, "profiles"), *p;
	enum bc_status st;

	if (!d || !cJSON_IsNumber(fmt) || !cJSON_IsObject(profiles))
		return bc_fail(err, BC_ERR_VAULT_DAMAGED,
			       "the vault opened but its contents are not a profile list");
	cJSON_ArrayForEach (p, profiles) {
		if (cJSON_IsRaw(p))
			continue; /* checked as it was read (raw_doc) */
		if (profile_name_check(p->string, err) != BC_OK)
			return bc_fail(err, BC_ERR_VAULT_DAMAGED,
				       "the vault opened, but a profile's name is not one bcsetup "
				       "accepts");
		if ((st = profile_check(p, p->string, err)) != BC_OK)
			return st;
	}
	return BC_OK;
}

enum bc_status vault_decode(const unsigned char *buf, size_t len, const char *pass, cJSON **doc,
			    struct bc_err *err)
{
	struct header h = {0};
	unsigned char *key, *copy;
	enum bc_status st;

	if ((st = header_decode(buf, len, &h, err)) != BC_OK)
		return st;
	if ((st = derive(&h, pass, &key, err)) != BC_OK)
		return st;
	/* The caller's bytes stay as they are: decrypted in a guarded copy. */
	if (!(copy = sodium_malloc(len))) {
		sodium_free(key);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	memcpy(copy, buf, len);
	st = decrypt_doc(copy, len, &h, key, 0, doc, err);
	sodium_free(copy);
	sodium_free(key);
	return st;
}

static cJSON *empty_doc(void)
{
	cJSON *d = cJSON_CreateObject();

	if (!d)
		return NULL;
	if (!cJSON_AddNumberToObject(d, "format", 1) || !cJSON_AddObjectToObject(d, "profiles")) {
		cJSON_Delete(d);
		return NULL;
	}
	return d;
}

enum bc_status vault_default_path(char *buf, size_t size, const char *xdg, const char *home,
				  struct bc_err *err)
{
	int n;

	if (xdg && *xdg == '/')
		n = snprintf(buf, size, "%s/bcsetup/vault", xdg);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.local/share/bcsetup/vault", home);
	else
		return bc_fail(err, BC_ERR_INPUT,
			       "neither $XDG_DATA_HOME nor $HOME is set: give --vault PATH");
	if (n < 0 || (size_t)n >= size)
		return bc_fail(err, BC_ERR_INPUT, "the vault path is too long");
	return BC_OK;
}

int vault_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* mkdir -p for the vault's directory, new levels 0700. */
static enum bc_status make_dirs(const char *dir, struct bc_err *err)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof buf)
		return BC_OK;
	memcpy(buf, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return bc_fail(err, BC_ERR_VAULT_IO, "cannot create the directory %s: %s",
				       buf, strerror(errno));
		buf[i] = i == n ? '\0' : '/';
	}
	return BC_OK;
}

static char *join(const char *a, const char *b, const char *c, const char *d)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s%s%s", a, b, c, d);
	return s;
}

/* Whether a file or directory may hold a vault: ours, and (a directory)
 * not writable by anyone else, who could plant or swap files in it. */
/* WHAT is what the path is to the user: "the vault's file", "the vault's
 * directory", "the metrics file's directory". */
static enum bc_status check_owner(const char *what, const char *path, const struct stat *st,
				  struct bc_err *err)
{
	uid_t me = geteuid();

	if (st->st_uid != me && me == 0)
		return bc_fail(err, BC_ERR_VAULT_PERM,
			       "%s %s belongs to user %u: run bcsetup as that user (as root it "
			       "would leave it owned by root)",
			       what, path, (unsigned)st->st_uid);
	if (st->st_uid != me)
		return bc_fail(err, BC_ERR_VAULT_PERM,
			       "%s %s belongs to another user (uid %u), who could read or replace "
			       "what is in it; keep it in a directory of your own",
			       what, path, (unsigned)st->st_uid);
	if (S_ISDIR(st->st_mode) && (st->st_mode & 022))
		return bc_fail(err, BC_ERR_VAULT_PERM,
			       "other users can write to %s %s (mode %04o), and so replace what "
			       "is in it; fix it with: chmod go-w %s",
			       what, path, (unsigned)(st->st_mode & 07777), path);
	return BC_OK;
}

static enum bc_status check_ancestors(const char *dir, struct bc_err *err)
{
	char real[PATH_MAX], pre[PATH_MAX];
	struct stat st;
	uid_t me = geteuid();
	size_t i, n;

	if (!realpath(dir, real))
		return bc_fail(err, BC_ERR_VAULT_IO, "cannot use the directory %s: %s", dir,
			       strerror(errno));
	n = strlen(real);
	/* "/", then "/a", "/a/b"...: every prefix short of the directory itself. */
	for (i = 0; i < n; i++) {
		if (i > 0 && real[i] != '/')
			continue;
		snprintf(pre, sizeof pre, "%.*s", i ? (int)i : 1, real);
		if (stat(pre, &st) != 0)
			return bc_fail(err, BC_ERR_VAULT_IO, "cannot use the directory %s: %s", pre,
				       strerror(errno));
		if (st.st_uid != me && st.st_uid != 0)
			return bc_fail(err, BC_ERR_VAULT_PERM,
				       "the directory %s, above the vault, belongs to another user "
				       "(uid %u), who could swap the vault's directory; keep the "
				       "vault under directories of your own",
				       pre, (unsigned)st.st_uid);
		if (!(st.st_mode & S_ISVTX) &&
		    ((st.st_mode & 002) || ((st.st_mode & 020) && st.st_gid != getegid())))
			return bc_fail(err, BC_ERR_VAULT_PERM,
				       "other users can write to %s, above the vault (mode %04o), "
				       "and so swap the vault's directory; fix it with: chmod go-w "
				       "%s",
				       pre, (unsigned)(st.st_mode & 07777), pre);
	}
	return BC_OK;
}

static enum bc_status check_dir(const char *dir, const char *what, struct bc_err *err)
{
	struct stat st;
	enum bc_status s;

	if (stat(dir, &st) != 0)
		return bc_fail(err, BC_ERR_VAULT_IO, "cannot use the directory %s: %s", dir,
			       strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return bc_fail(err, BC_ERR_VAULT_IO, "%s is not a directory", dir);
	if ((s = check_owner(what, dir, &st, err)) != BC_OK)
		return s;
	return check_ancestors(dir, err);
}

enum bc_status vault_check_dir(const char *dir, const char *what, struct bc_err *err)
{
	return check_dir(dir, what, err);
}

/* The pid written in a lock file, when that process is alive. */
static void lock_holder(int fd, char *pid, size_t size)
{
	ssize_t n = pread(fd, pid, size - 1, 0);
	long p;

	pid[n > 0 ? n : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
	p = strtol(pid, NULL, 10);
	if (p <= 0 || (kill((pid_t)p, 0) != 0 && errno != EPERM))
		pid[0] = '\0';
}

static enum bc_status take_lock(struct vault *v, struct bc_err *err)
{
	long wait_ms = tuning.lock_wait_ms, waited = 0;
	char pid[32] = "";
	struct stat st;
	ssize_t n;
	int fd;

	if (v->lock_fd >= 0)
		return BC_OK;
	/* Never through a link: the pid written below would land in its target. */
	fd = open(v->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
	if (fd < 0)
		return bc_fail(err, BC_ERR_VAULT_IO, "cannot open the lock file %s: %s%s",
			       v->lock_path, strerror(errno),
			       errno == ELOOP ? " (it is a symbolic link: remove it)" : "");
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    st.st_uid != geteuid()) {
		close(fd);
		return bc_fail(err, BC_ERR_VAULT_PERM,
			       "the lock file %s is not one bcsetup made (not a plain file of "
			       "yours, or a second name of another file); remove it",
			       v->lock_path);
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK || waited >= wait_ms) {
			lock_holder(fd, pid, sizeof pid);
			close(fd);
			return bc_fail(err, BC_ERR_VAULT_LOCKED,
				       "the vault is in use by another bcsetup (pid %s); try again "
				       "when it has finished",
				       *pid ? pid : "unknown");
		}
		usleep(50 * 1000);
		waited += 50;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* The pid is only for the message; the lock itself is held. */
	}
	v->lock_fd = fd;
	/* A temporary file left by a writer that was killed is ours to remove
	 * (unlink removes a link itself, never what it points to). */
	unlink(v->tmp_path);
	return BC_OK;
}

static enum bc_status read_file(const char *path, unsigned char **buf, size_t *len,
				struct bc_err *err)
{
	struct stat st;
	unsigned char *b;
	size_t got = 0;
	ssize_t n;
	/* O_NONBLOCK: a FIFO named as the vault must not hang the open. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	enum bc_status st_ok;

	if (fd < 0)
		return bc_fail(err, errno == ENOENT ? BC_ERR_NOTFOUND : BC_ERR_VAULT_IO,
			       "cannot open the vault %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		close(fd);
		return bc_fail(err, BC_ERR_VAULT_IO, "cannot read %s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return bc_fail(err, BC_ERR_VAULT_IO, "%s is not a regular file, so not a vault",
			       path);
	}
	if ((uint64_t)st.st_size > VAULT_MAX_SIZE) {
		close(fd);
		return bc_fail(err, BC_ERR_VAULT_DAMAGED, "%s is too large to be a vault", path);
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b) {
		close(fd);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, b + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	/* In this order: not read whole; not a vault at all (before any advice
	 * about its permissions); not ours; readable by others. */
	if (got != (size_t)st.st_size)
		st_ok = bc_fail(err, BC_ERR_VAULT_IO, "cannot read %s: %s", path,
				errno ? strerror(errno) : "it changed while being read");
	else if (got < sizeof MAGIC - 1 || memcmp(b, MAGIC, sizeof MAGIC - 1) != 0)
		st_ok = bc_fail(err, BC_ERR_VAULT_DAMAGED,
				"%s is not a bcsetup vault (or its first bytes are damaged)", path);
	else
		st_ok = check_owner("the vault's file", path, &st, err);
	if (st_ok == BC_OK && (st.st_mode & 077))
		st_ok = bc_fail(err, BC_ERR_VAULT_PERM,
				"other users have access to the vault %s (mode %04o); fix it with: "
				"chmod 600 %s",
				path, (unsigned)(st.st_mode & 07777), path);
	if (st_ok != BC_OK) {
		free(b);
		return st_ok;
	}
	*buf = b;
	*len = got;
	return BC_OK;
}

/* Reads the file and decrypts it with the vault's key (deriving it first when
 * there is none yet, or when the file's salt or cost changed). */
static enum bc_status load(struct vault *v, const char *pass, struct bc_err *err)
{
	unsigned char *buf = NULL;
	struct header h = {0};
	size_t len = 0;
	cJSON *doc = NULL;
	enum bc_status st;

	if ((st = read_file(v->path, &buf, &len, err)) != BC_OK)
		return st;
	if ((st = header_decode(buf, len, &h, err)) != BC_OK)
		goto out;
	/* Opened with a key kept by 'bcsetup unlock': the first read takes the
	 * file's parameters as the key's, and the AEAD says whether they are. */
	if (v->key && !pass && !v->existed)
		v->hdr = h;
	if (!v->key || memcmp(h.salt, v->hdr.salt, SALT_BYTES) != 0 ||
	    h.opslimit != v->hdr.opslimit || h.memlimit != v->hdr.memlimit) {
		if (!pass) {
			st = bc_fail(err, BC_ERR_VAULT_AUTH,
				     "the vault's passphrase was changed by another bcsetup; run "
				     "this again");
			goto out;
		}
		secret_free(v->key);
		v->key = NULL;
		if ((st = derive(&h, pass, &v->key, err)) != BC_OK)
			goto out;
	}
	if ((st = decrypt_doc(buf, len, &h, v->key, v->raw, &doc, err)) != BC_OK)
		goto out;
	cJSON_Delete(v->doc);
	v->doc = doc;
	v->hdr = h;
	v->existed = 1;
out:
	free(buf);
	return st;
}

/* vault_open and vault_open_key: one of pass and key is given. */
static enum bc_status open_vault(const char *path, const char *pass, const unsigned char *key,
				 int flags, struct vault **out, struct bc_err *err)
{
	struct vault *v = calloc(1, sizeof *v);
	char real[PATH_MAX];
	struct stat lst;
	const char *slash;
	enum bc_status st;

	*out = NULL;
	if (!v)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	v->lock_fd = -1;
	v->raw = !!(flags & VAULT_RAW);
	/* A vault that is a symbolic link is written through: the link is
	 * resolved once, and the file it names is the one replaced. */
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		if (!realpath(path, real)) {
			st = bc_fail(err, BC_ERR_VAULT_IO,
				     "the vault %s is a symbolic link that leads nowhere (%s)",
				     path, strerror(errno));
			goto fail;
		}
		path = real;
	}
	slash = strrchr(path, '/');
	v->path = strdup(path);
	v->dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	v->lock_path = join(path, ".lock", "", "");
	/* "<dir>/.<name>.tmp": hidden, and in the same directory so that the
	 * rename is atomic. Created exclusively and never through a link; no
	 * other user can create it first, because check_dir refuses a directory
	 * that others can write. */
	v->tmp_path = v->dir ? join(v->dir, "/.", slash ? slash + 1 : path, ".tmp") : NULL;
	if (!v->path || !v->dir || !v->lock_path || !v->tmp_path) {
		st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (key) {
		if (!(v->key = sodium_malloc(KEY_BYTES))) {
			st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
			goto fail;
		}
		memcpy(v->key, key, KEY_BYTES);
		if (!vault_exists(path)) {
			st = bc_fail(err, BC_ERR_VAULT_IO, "there is no vault at %s", path);
			goto fail;
		}
	} else if (!pass || !*pass) {
		st = bc_fail(err, BC_ERR_VAULT_AUTH, "the passphrase is empty");
		goto fail;
	} else if (!(v->pass = secret_strdup(pass))) {
		st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if ((flags & VAULT_CREATE) && !vault_exists(path)) {
		if ((st = make_dirs(v->dir, err)) != BC_OK)
			goto fail;
	}
	if ((st = check_dir(v->dir, "the vault's directory", err)) != BC_OK)
		goto fail;
	if ((flags & VAULT_LOCK) && (st = take_lock(v, err)) != BC_OK)
		goto fail;
	if ((flags & VAULT_CREATE) && !vault_exists(path)) {
		v->hdr.version = FORMAT_VERSION;
		v->hdr.kdf = KDF_ARGON2ID13;
		v->hdr.aead = AEAD_XCHACHA20POLY1305;
		vault_kdf_cost(&v->hdr.opslimit, &v->hdr.memlimit);
		randombytes_buf(v->hdr.salt, SALT_BYTES);
		if ((st = derive(&v->hdr, pass, &v->key, err)) != BC_OK)
			goto fail;
		v->doc = empty_doc();
		if (!v->doc) {
			st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
			goto fail;
		}
		*out = v;
		return BC_OK;
	}
	if ((st = load(v, key ? NULL : pass, err)) != BC_OK) {
		if (st == BC_ERR_VAULT_AUTH && key)
			st = bc_fail(err, BC_ERR_VAULT_AUTH,
				     "the key kept by 'bcsetup unlock' no longer opens %s", path);
		if (st == BC_ERR_NOTFOUND)
			st = bc_fail(err, BC_ERR_VAULT_IO,
				     "there is no vault at %s yet (import a profile to create one)",
				     path);
		goto fail;
	}
	*out = v;
	return BC_OK;
fail:
	vault_close(v);
	return st;
}

enum bc_status vault_open(const char *path, const char *pass, int flags, struct vault **out,
			  struct bc_err *err)
{
	return open_vault(path, pass, NULL, flags, out, err);
}

enum bc_status vault_open_key(const char *path, const unsigned char *key, int flags,
			      struct vault **out, struct bc_err *err)
{
	return open_vault(path, NULL, key, flags & ~VAULT_CREATE, out, err);
}

void vault_key(const struct vault *v, unsigned char *out)
{
	memcpy(out, v->key, KEY_BYTES);
}

enum bc_status vault_lock(struct vault *v, struct bc_err *err)
{
	enum bc_status st;

	if (v->lock_fd >= 0)
		return BC_OK;
	if ((st = take_lock(v, err)) != BC_OK)
		return st;
	if (!v->existed && !vault_exists(v->path))
		return BC_OK;
	return load(v, v->pass, err);
}

cJSON *vault_profiles(struct vault *v)
{
	return cJSON_GetObjectItemCaseSensitive(v->doc, "profiles");
}

int vault_is_new(const struct vault *v)
{
	return !v->existed;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The length of s as cJSON prints it, quoted and escaped. */
static size_t quoted_len(const char *s)
{
	size_t n = 2;

	for (; s && *s; s++) {
		switch (*s) {
		case '"':
		case '\\':
		case '\b':
		case '\f':
		case '\n':
		case '\r':
		case '\t': n += 2; break;
		default: n += (unsigned char)*s < 32 ? 6 : 1; /* \u00XX */
		}
	}
	return n;
}

/* At least the length of item printed unformatted: strings, keys and raw
 * texts exactly, a number as its widest. */
static size_t printed_bound(const cJSON *item)
{
	size_t n = item->string ? quoted_len(item->string) + 1 : 0; /* "key": */
	const cJSON *c;

	switch (item->type & 0xFF) {
	case cJSON_Raw: return n + (item->valuestring ? strlen(item->valuestring) : 0);
	case cJSON_String: return n + quoted_len(item->valuestring);
	case cJSON_Number: return n + 32;
	case cJSON_Array:
	case cJSON_Object:
		n += 2;
		for (c = item->child; c; c = c->next)
			n += printed_bound(c) + 1; /* and its comma */
		return n;
	default: return n + 5; /* true, false, null */
	}
}

/* The file to write: the header, then the document printed straight into
 * the buffer after it and encrypted in place, then the tag. The buffer is
 * sized from a walk of the document, so one print is enough: cJSON's own
 * printer would double a buffer as it goes and copy it once more, and a
 * guess from the last file misses when the document grew (a fleet's vault
 * gains every profile's check record at once). *flen gets the file's
 * length; NULL when out of memory. */
static unsigned char *seal_doc(struct vault *v, size_t *flen)
{
	/* cJSON asks for 5 bytes more than the text. */
	size_t room = printed_bound(v->doc) + 64, plen;
	unsigned char *file;

	for (;;) {
		if (room > VAULT_MAX_SIZE || !(file = malloc(VAULT_HEADER_SIZE + room + TAG_BYTES)))
			return NULL;
		if (cJSON_PrintPreallocated(v->doc, (char *)file + VAULT_HEADER_SIZE, (int)room, 0))
			break;
		/* Only if the bound were wrong: never seen, but not a lost save. */
		sodium_memzero(file, VAULT_HEADER_SIZE + room + TAG_BYTES);
		free(file);
		room *= 2;
	}
	plen = strlen((char *)file + VAULT_HEADER_SIZE);
	randombytes_buf(v->hdr.nonce, NONCE_BYTES);
	v->hdr.version = FORMAT_VERSION; /* a version 1 vault is rewritten as 2 */
	v->hdr.clen = (uint32_t)(plen + TAG_BYTES);
	header_encode(&v->hdr, file);
	crypto_aead_xchacha20poly1305_ietf_encrypt(file + VAULT_HEADER_SIZE, NULL,
						   file + VAULT_HEADER_SIZE, plen, file,
						   VAULT_HEADER_SIZE, NULL, v->hdr.nonce, v->key);
	*flen = VAULT_HEADER_SIZE + plen + TAG_BYTES;
	return file;
}

enum bc_status vault_save(struct vault *v, struct bc_err *err)
{
	unsigned char *file = NULL;
	size_t flen;
	const char *step = NULL;
	int fd = -1, dfd, saved_errno = 0;

	if (v->lock_fd < 0)
		return bc_fail(err, BC_ERR_VAULT_IO, "internal error: saving without the lock");
	if (!(file = seal_doc(v, &flen)))
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");

	fd = open(v->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EEXIST && unlink(v->tmp_path) == 0)
		fd = open(v->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		step = "create a temporary file";
	else if (write_all(fd, file, flen) != 0)
		step = "write";
	else if (fsync(fd) != 0)
		step = "flush to disk";
	if (!step) {
		int rc = close(fd);
		fd = -1;
		if (rc != 0)
			step = "close";
		else if (rename(v->tmp_path, v->path) != 0)
			step = "replace the old vault";
	}
	if (step) {
		saved_errno = errno;
		if (fd >= 0)
			close(fd);
		unlink(v->tmp_path);
		free(file);
		return bc_fail(err, BC_ERR_VAULT_IO,
			       "the vault was not saved (could not %s: %s); the previous version "
			       "is unchanged",
			       step, strerror(saved_errno));
	}
	free(file);
	v->existed = 1;
	/* The rename is durable only once the directory is. */
	bc_err_clear(err);
	dfd = open(v->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0) {
		/* Saved all the same: a warning in err, and BC_OK. */
		saved_errno = errno;
		snprintf(err->msg, sizeof err->msg,
			 "the vault was saved, but its directory could not be flushed to disk "
			 "(%s); a power cut now could bring back the previous version",
			 strerror(saved_errno));
	}
	if (dfd >= 0)
		close(dfd);
	return BC_OK;
}

enum bc_status vault_rekey(struct vault *v, const char *newpass, struct bc_err *err)
{
	struct header h = v->hdr;
	unsigned char *key;
	enum bc_status st;

	if (!*newpass)
		return bc_fail(err, BC_ERR_INPUT, "the new passphrase is empty");
	vault_kdf_cost(&h.opslimit, &h.memlimit);
	randombytes_buf(h.salt, SALT_BYTES);
	if ((st = derive(&h, newpass, &key, err)) != BC_OK)
		return st;
	secret_free(v->key);
	v->key = key;
	v->hdr = h;
	return BC_OK;
}

static void release_lock(struct vault *v)
{
	if (v->lock_fd < 0)
		return;
	/* No stale pid for the next one who finds the vault busy. */
	if (ftruncate(v->lock_fd, 0) != 0) {
	}
	close(v->lock_fd); /* releases the flock */
	v->lock_fd = -1;
}

enum bc_status vault_update(struct vault *v, vault_change change, void *ctx, struct bc_err *err)
{
	int had_lock = v->lock_fd >= 0;
	enum bc_status st;
	struct bc_err reload;

	if ((st = vault_lock(v, err)) != BC_OK)
		return st;
	bc_err_clear(err);
	if ((st = change(vault_profiles(v), ctx, err)) == BC_OK)
		st = vault_save(v, err);
	/* A change that was not saved must not linger in memory either: what
	 * the caller reads next is what the file holds. */
	if (st != BC_OK && (v->existed || vault_exists(v->path)))
		load(v, NULL, &reload);
	if (!had_lock)
		release_lock(v);
	return st;
}

/* Whether the file holds what this vault last read or wrote: its header,
 * whose nonce is new at every save, is the one in memory. */
static int file_unchanged(const struct vault *v)
{
	unsigned char ours[VAULT_HEADER_SIZE], theirs[VAULT_HEADER_SIZE];
	ssize_t n;
	int fd;

	if (!v->existed)
		return !vault_exists(v->path);
	fd = open(v->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	n = read(fd, theirs, sizeof theirs);
	close(fd);
	header_encode(&v->hdr, ours);
	return n == (ssize_t)sizeof theirs && memcmp(ours, theirs, sizeof ours) == 0;
}

enum bc_status vault_save_merged(struct vault *v, vault_merge merge, void *ctx, struct bc_err *err)
{
	int had_lock = v->lock_fd >= 0;
	enum bc_status st = BC_OK;
	struct bc_err reload;
	cJSON *mine;

	if (!had_lock && (st = take_lock(v, err)) != BC_OK)
		return st;
	bc_err_clear(err);
	if (!had_lock && !file_unchanged(v)) {
		mine = v->doc;
		v->doc = NULL;
		if ((st = load(v, v->pass, err)) != BC_OK) {
			cJSON_Delete(v->doc);
			v->doc = mine; /* nothing was written: what was in memory stays */
			goto out;
		}
		st = merge(vault_profiles(v), cJSON_GetObjectItemCaseSensitive(mine, "profiles"),
			   ctx, err);
		cJSON_Delete(mine);
	}
	if (st == BC_OK)
		st = vault_save(v, err);
	if (st != BC_OK && (v->existed || vault_exists(v->path)))
		load(v, NULL, &reload);
out:
	if (!had_lock)
		release_lock(v);
	return st;
}

cJSON *vault_profile_parse(const cJSON *item)
{
	if (cJSON_IsRaw(item))
		return cJSON_Parse(item->valuestring);
	return cJSON_Duplicate(item, 1);
}

enum bc_status vault_profile_set(cJSON *item, cJSON *p, struct bc_err *err)
{
	size_t room;
	cJSON *fresh;

	if (!cJSON_IsRaw(item))
		return bc_fail(err, BC_ERR_INPUT, "internal error: not a raw profile");
	room = wipe_size(item->valuestring);
	/* Over the old text when it fits (it is the profile's own), else in a
	 * new block with room to spare. A print that did not fit has spoilt the
	 * old text: on failure the item is unusable, and the caller must not
	 * save (cmd_check does not). */
	if (cJSON_PrintPreallocated(p, item->valuestring, (int)room, 0))
		return BC_OK;
	fresh = raw_item(p, room);
	if (!fresh)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	cJSON_free(item->valuestring);
	item->valuestring = fresh->valuestring;
	fresh->valuestring = NULL;
	cJSON_Delete(fresh);
	return BC_OK;
}

void vault_close(struct vault *v)
{
	if (!v)
		return;
	secret_free(v->key);
	secret_free(v->pass);
	cJSON_Delete(v->doc);
	release_lock(v);
	free(v->path);
	free(v->lock_path);
	free(v->tmp_path);
	free(v->dir);
	free(v);
}

enum bc_status vault_read_passphrase_file(const char *path, char **out, struct bc_err *err)
{
	struct stat sb;
	char *buf;
	size_t n;
	enum bc_status st;

	*out = NULL;
	/* A key left readable by others is no key (ssh refuses such keys too);
	 * pipes and systemd's credentials (0400) pass. */
	if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & 077))
		return bc_fail(err, BC_ERR_INPUT,
			       "the passphrase file %s can be read by others (mode %03o): "
			       "chmod 600 it",
			       path, (unsigned)(sb.st_mode & 0777));
	if ((st = secret_file_read(path, "the passphrase file", VAULT_PASSPHRASE_MAX, &buf, &n,
				   err)) != BC_OK)
		return st;
	/* The whole file is the passphrase, less one final line end: never cut
	 * silently at a byte inside it. */
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (memchr(buf, '\0', n))
		st = bc_fail(err, BC_ERR_INPUT,
			     "the passphrase file %s holds a NUL byte, which a passphrase cannot "
			     "hold; encode a binary key as text (base64, for one)",
			     path);
	else if (memchr(buf, '\n', n))
		st = bc_fail(err, BC_ERR_INPUT,
			     "the passphrase file %s holds more than one line; the passphrase is "
			     "the whole file (less one final newline)",
			     path);
	else if (!n)
		st = bc_fail(err, BC_ERR_INPUT, "the passphrase file %s is empty", path);
	if (st != BC_OK) {
		secret_free(buf);
		return st;
	}
	*out = buf;
	return BC_OK;
}
