#define _GNU_SOURCE /* memmem */
/* The vault file: round trips, authentication of every byte, truncation,
 * versions, permissions, locking. Runs with the cheapest KDF cost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <cjson/cJSON.h>

#include "bcsetup/mem.h"
#include "bcsetup/vault.h"

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	vault_set_tuning(&(struct vault_tuning){.cheap_kdf = 1, .lock_wait_ms = 3000});
	snprintf(dir, sizeof dir, "/tmp/bcsetup-vaultXXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/sub/vault", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static unsigned char *slurp(size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = malloc(1 << 20);

	assert_non_null(f);
	*len = fread(b, 1, 1 << 20, f);
	fclose(f);
	return b;
}

static void spit(const unsigned char *b, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	fclose(f);
	chmod(path, 0600);
}

/* The fields every profile has (profile_check). */
static void add_fields(cJSON *p, const char *tok)
{
	cJSON_AddStringToObject(p, "store_hash", "abc123");
	cJSON_AddStringToObject(p, "api_path", "https://api.bigcommerce.com/stores/abc123/v3/");
	cJSON_AddStringToObject(p, "client_id", "m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b");
	cJSON_AddStringToObject(p, "client_secret", "0123456789abcdef");
	cJSON_AddStringToObject(p, "access_token", tok);
}

/* Makes a vault holding n profiles, each with a token that names its index. */
static void make_vault(int n, const char *pass)
{
	struct vault *v;
	struct bc_err err;
	char name[32], tok[64];
	int i;

	unlink(path);
	assert_int_equal(vault_open(path, pass, VAULT_LOCK | VAULT_CREATE, &v, &err), BC_OK);
	assert_true(vault_is_new(v));
	for (i = 0; i < n; i++) {
		cJSON *p;
		snprintf(name, sizeof name, "p%d", i);
		snprintf(tok, sizeof tok, "token%026d", i);
		p = cJSON_AddObjectToObject(vault_profiles(v), name);
		add_fields(p, tok);
	}
	assert_int_equal(vault_save(v, &err), BC_OK);
	vault_close(v);
}

static void test_round_trip(void **state)
{
	struct vault *v;
	struct bc_err err;
	struct stat st;
	char sub[96];
	int i;

	(void)state;
	make_vault(300, "pass phrase");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(sub, sizeof sub, "%s/sub", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(vault_open(path, "pass phrase", 0, &v, &err), BC_OK);
	assert_false(vault_is_new(v));
	assert_int_equal(cJSON_GetArraySize(vault_profiles(v)), 300);
	for (i = 0; i < 300; i += 37) {
		char name[32], tok[64];
		snprintf(name, sizeof name, "p%d", i);
		snprintf(tok, sizeof tok, "token%026d", i);
		assert_string_equal(
			cJSON_GetStringValue(cJSON_GetObjectItem(
				cJSON_GetObjectItem(vault_profiles(v), name), "access_token")),
			tok);
	}
	vault_close(v);
}

static void test_no_plaintext_and_fresh_nonce(void **state)
{
	unsigned char *a, *b;
	size_t la, lb;
	struct vault *v;
	struct bc_err err;

	(void)state;
	make_vault(3, "pw");
	a = slurp(&la);
	assert_null(memmem(a, la, "token000", 8));
	assert_null(memmem(a, la, "access_token", 12));
	assert_int_equal(vault_open(path, "pw", VAULT_LOCK, &v, &err), BC_OK);
	assert_int_equal(vault_save(v, &err), BC_OK);
	vault_close(v);
	b = slurp(&lb);
	assert_int_equal(la, lb);
	/* Same salt, new nonce, so a different ciphertext. */
	assert_memory_equal(a + 32, b + 32, 16);
	assert_memory_not_equal(a + 48, b + 48, 24);
	assert_memory_not_equal(a + 72, b + 72, la - 72);
	free(a);
	free(b);
}

static void test_wrong_passphrase(void **state)
{
	struct vault *v;
	struct bc_err err;

	(void)state;
	make_vault(2, "right");
	assert_int_equal(vault_open(path, "wrong", 0, &v, &err), BC_ERR_VAULT_AUTH);
	assert_null(v);
	assert_non_null(strstr(err.msg, "passphrase is wrong"));
	assert_int_equal(vault_open(path, "", 0, &v, &err), BC_ERR_VAULT_AUTH);
}

static void test_every_byte_flipped(void **state)
{
	unsigned char *orig, *b;
	size_t len, i;
	cJSON *doc;
	struct bc_err err;

	(void)state;
	make_vault(2, "pw");
	orig = slurp(&len);
	b = malloc(len);
	assert_int_equal(vault_decode(orig, len, "pw", &doc, &err), BC_OK);
	cJSON_Delete(doc);
	for (i = 0; i < len; i++) {
		memcpy(b, orig, len);
		b[i] ^= 0x01;
		doc = NULL;
		if (vault_decode(b, len, "pw", &doc, &err) == BC_OK)
			fail_msg("flipping byte %zu was not noticed", i);
		assert_null(doc);
		assert_true(err.code == BC_ERR_VAULT_AUTH || err.code == BC_ERR_VAULT_DAMAGED ||
			    err.code == BC_ERR_VAULT_VERSION);
		b[i] = orig[i] ^ 0xff;
		if (vault_decode(b, len, "pw", &doc, &err) == BC_OK)
			fail_msg("inverting byte %zu was not noticed", i);
	}
	free(b);
	free(orig);
}

static void test_truncated_and_empty(void **state)
{
	unsigned char *orig;
	size_t len, i;
	cJSON *doc = NULL;
	struct vault *v;
	struct bc_err err;

	(void)state;
	make_vault(2, "pw");
	orig = slurp(&len);
	for (i = 0; i < len; i++) {
		if (vault_decode(orig, i, "pw", &doc, &err) == BC_OK)
			fail_msg("a vault cut to %zu bytes was accepted", i);
		assert_true(err.code == BC_ERR_VAULT_DAMAGED || err.code == BC_ERR_VAULT_AUTH);
	}
	spit(orig, 0);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_DAMAGED);
	assert_non_null(strstr(err.msg, "not a bcsetup vault"));
	spit(orig, 40);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_DAMAGED);
	assert_non_null(strstr(err.msg, "cut short"));
	spit((const unsigned char *)"hello, world, this is just a text file", 38);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_DAMAGED);
	free(orig);
}

static void test_future_version(void **state)
{
	unsigned char *b;
	size_t len;
	struct vault *v;
	struct bc_err err;

	(void)state;
	make_vault(1, "pw");
	b = slurp(&len);
	b[8] = 3;
	spit(b, len);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_VERSION);
	assert_non_null(strstr(err.msg, "newer bcsetup"));
	free(b);
}

/* A truncated vault is called truncated, not a wrong passphrase. */
static void test_truncated(void **state)
{
	unsigned char *b;
	size_t len, cut;
	struct vault *v;
	struct bc_err err;

	(void)state;
	make_vault(3, "pw");
	b = slurp(&len);
	for (cut = VAULT_HEADER_SIZE + 16; cut < len; cut += 7) {
		spit(b, cut);
		assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_DAMAGED);
		if (!strstr(err.msg, "truncated"))
			fail_msg("cut at %zu: %s", cut, err.msg);
	}
	free(b);
}

/* A version 1 vault (bytes 12-15 zero), as bcsetup 0.1 wrote it, still
 * opens, and is rewritten as version 2. Made here with libsodium directly. */
static void test_version_1(void **state)
{
	static const char doc[] = "{\"format\":1,\"profiles\":{\"old\":{\"store_hash\":\"abc123\","
				  "\"api_path\":\"a\",\"client_id\":\"c\",\"client_secret\":"
				  "\"s\",\"access_token\":\"t\"}}}";
	unsigned char file[VAULT_HEADER_SIZE + sizeof doc + 16], key[32], *b;
	size_t len;
	struct vault *v;
	struct bc_err err;

	(void)state;
	memset(file, 0, VAULT_HEADER_SIZE);
	memcpy(file, "BCSVAULT", 8);
	file[8] = 1;  /* version 1 */
	file[10] = 1; /* Argon2id */
	file[11] = 1; /* XChaCha20-Poly1305 */
	file[16] = (unsigned char)crypto_pwhash_OPSLIMIT_MIN;
	file[25] = (unsigned char)(crypto_pwhash_MEMLIMIT_MIN >> 8);
	file[26] = (unsigned char)(crypto_pwhash_MEMLIMIT_MIN >> 16);
	randombytes_buf(file + 32, 16 + 24);
	assert_int_equal(crypto_pwhash(key, sizeof key, "pw", 2, file + 32,
				       crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
				       crypto_pwhash_ALG_ARGON2ID13),
			 0);
	crypto_aead_xchacha20poly1305_ietf_encrypt(file + VAULT_HEADER_SIZE, NULL,
						   (const unsigned char *)doc, sizeof doc - 1, file,
						   VAULT_HEADER_SIZE, NULL, file + 48, key);
	spit(file, VAULT_HEADER_SIZE + sizeof doc - 1 + 16);
	assert_int_equal(vault_open(path, "pw", VAULT_LOCK, &v, &err), BC_OK);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(vault_profiles(v), "old"));
	assert_int_equal(vault_save(v, &err), BC_OK);
	vault_close(v);
	b = slurp(&len);
	assert_int_equal(b[8], 2);
	assert_int_equal(b[12] | b[13] << 8, len - VAULT_HEADER_SIZE);
	free(b);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_OK);
	vault_close(v);
}

static void test_permissions(void **state)
{
	struct vault *v;
	struct bc_err err;

	(void)state;
	make_vault(1, "pw");
	chmod(path, 0640);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_PERM);
	assert_non_null(strstr(err.msg, "chmod 600"));
	chmod(path, 0604);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_PERM);
	chmod(path, 0600);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_OK);
	vault_close(v);
}

static void test_lock(void **state)
{
	struct vault *v, *w;
	struct bc_err err;
	int fds[2], ready[2], status;
	char pidtxt[32], c;
	pid_t pid;

	(void)state;
	make_vault(1, "pw");
	vault_set_tuning(&(struct vault_tuning){.cheap_kdf = 1, .lock_wait_ms = 100});
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	if (pid == 0) {
		/* The child holds the lock until the parent closes the pipe, and
		 * says so on the other one once it holds it. */
		close(fds[1]);
		close(ready[0]);
		if (vault_open(path, "pw", VAULT_LOCK, &v, &err) != BC_OK)
			_exit(1);
		if (write(ready[1], "L", 1) != 1)
			_exit(1);
		(void)!read(fds[0], &c, 1);
		vault_close(v);
		_exit(0);
	}
	close(fds[0]);
	close(ready[1]);
	/* Waits for that event, however busy the machine: no polling bound. A
	 * child that failed closes the pipe, and read gives 0. */
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	err.code = BC_OK;
	assert_int_equal(vault_open(path, "pw", VAULT_LOCK, &w, &err), BC_ERR_VAULT_LOCKED);
	assert_int_equal(err.code, BC_ERR_VAULT_LOCKED);
	snprintf(pidtxt, sizeof pidtxt, "pid %d", (int)pid);
	assert_non_null(strstr(err.msg, pidtxt));
	/* A reader needs no lock. */
	assert_int_equal(vault_open(path, "pw", 0, &w, &err), BC_OK);
	assert_int_equal(vault_lock(w, &err), BC_ERR_VAULT_LOCKED);
	close(fds[1]);
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(vault_lock(w, &err), BC_OK);
	assert_int_equal(vault_save(w, &err), BC_OK);
	vault_close(w);
	vault_set_tuning(&(struct vault_tuning){.cheap_kdf = 1, .lock_wait_ms = 3000});
}

static void test_lock_reloads(void **state)
{
	struct vault *a, *b;
	struct bc_err err;

	(void)state;
	make_vault(1, "pw");
	assert_int_equal(vault_open(path, "pw", 0, &a, &err), BC_OK);
	assert_int_equal(vault_open(path, "pw", VAULT_LOCK, &b, &err), BC_OK);
	add_fields(cJSON_AddObjectToObject(vault_profiles(b), "added-meanwhile"), "tokenb");
	assert_int_equal(vault_save(b, &err), BC_OK);
	vault_close(b);
	/* a opened before the change; locking reads it. */
	assert_int_equal(cJSON_GetArraySize(vault_profiles(a)), 1);
	assert_int_equal(vault_lock(a, &err), BC_OK);
	assert_int_equal(cJSON_GetArraySize(vault_profiles(a)), 2);
	vault_close(a);
}

static void test_rekey(void **state)
{
	struct vault *v;
	struct bc_err err;

	(void)state;
	make_vault(4, "old");
	assert_int_equal(vault_open(path, "old", VAULT_LOCK, &v, &err), BC_OK);
	assert_int_equal(vault_rekey(v, "", &err), BC_ERR_INPUT);
	assert_int_equal(vault_rekey(v, "new", &err), BC_OK);
	assert_int_equal(vault_save(v, &err), BC_OK);
	vault_close(v);
	assert_int_equal(vault_open(path, "old", 0, &v, &err), BC_ERR_VAULT_AUTH);
	assert_int_equal(vault_open(path, "new", 0, &v, &err), BC_OK);
	assert_int_equal(cJSON_GetArraySize(vault_profiles(v)), 4);
	vault_close(v);
}

static void test_missing_and_passfile(void **state)
{
	struct vault *v;
	struct bc_err err;
	char pf[128], *pass;
	FILE *f;

	(void)state;
	unlink(path);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_ERR_VAULT_IO);
	assert_non_null(strstr(err.msg, "no vault"));
	snprintf(pf, sizeof pf, "%s/pass", dir);
	f = fopen(pf, "w");
	fputs("only line\r\n", f);
	fclose(f);
	/* Readable by others: refused, with the fix. */
	chmod(pf, 0644);
	assert_int_equal(vault_read_passphrase_file(pf, &pass, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "chmod 600"));
	chmod(pf, 0600);
	assert_int_equal(vault_read_passphrase_file(pf, &pass, &err), BC_OK);
	assert_string_equal(pass, "only line");
	secret_free(pass);
	/* A second line is never dropped silently: refused. */
	f = fopen(pf, "w");
	fputs("first line\r\nsecond\n", f);
	fclose(f);
	assert_int_equal(vault_read_passphrase_file(pf, &pass, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "more than one line"));
	assert_null(pass);
	f = fopen(pf, "w");
	fputs("\n", f);
	fclose(f);
	assert_int_equal(vault_read_passphrase_file(pf, &pass, &err), BC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "is empty"));
}

/* Documents that decrypt but are not what bcsetup writes: refused at open,
 * naming the profile and the field, so no reader of a profile meets them. */
static void test_malformed_documents(void **state)
{
	static const struct {
		const char *profile, *why;
	} cases[] = {
		{"{}", "(store_hash)"},
		{"{\"store_hash\":\"abc123\",\"api_path\":\"a\",\"client_id\":\"c\","
		 "\"client_secret\":\"s\"}",
		 "(access_token)"},
		{"{\"store_hash\":\"abc123\",\"api_path\":\"a\",\"client_id\":\"c\","
		 "\"client_secret\":\"s\",\"access_token\":7}",
		 "(access_token)"},
		{"{\"store_hash\":\"abc123\",\"api_path\":\"a\",\"client_id\":\"c\","
		 "\"client_secret\":\"s\",\"access_token\":\"t\",\"required\":[\"orders\"]}",
		 "(required)"},
		{"{\"store_hash\":\"abc123\",\"api_path\":\"a\",\"client_id\":\"c\","
		 "\"client_secret\":\"s\",\"access_token\":\"t\",\"history\":[1]}",
		 "(history)"},
		{"{\"store_hash\":\"abc123\",\"api_path\":\"a\",\"client_id\":\"c\","
		 "\"client_secret\":\"s\",\"access_token\":\"t\",\"last_check\":{\"granted\":"
		 "{\"orders\":1}}}",
		 "(last_check)"},
		{"{\"store_hash\":\"abc123\",\"api_path\":\"a\",\"client_id\":\"c\","
		 "\"client_secret\":\"s\",\"access_token\":\"t\",\"store\":[]}",
		 "(store)"},
		{"[]", "is not a profile"},
	};
	struct vault *v;
	struct bc_err err;
	size_t i;
	int raw;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *p = cJSON_Parse(cases[i].profile);
		unlink(path);
		assert_int_equal(vault_open(path, "pw", VAULT_LOCK | VAULT_CREATE, &v, &err),
				 BC_OK);
		cJSON_AddItemToObject(vault_profiles(v), "shop", p);
		assert_int_equal(vault_save(v, &err), BC_OK);
		vault_close(v);
		/* Read whole or as raw profiles: the same check, the same words. */
		for (raw = 0; raw <= VAULT_RAW; raw += VAULT_RAW) {
			if (vault_open(path, "pw", raw, &v, &err) != BC_ERR_VAULT_DAMAGED)
				fail_msg("case %zu opened (flags %d)", i, raw);
			if (!strstr(err.msg, cases[i].why) || !strstr(err.msg, "'shop'"))
				fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].why);
			assert_int_equal(bc_status_exit(err.code), 3);
		}
	}
}

/* VAULT_RAW: profiles stay text until parsed; a change written over a
 * profile's text (or past its room) is saved, the rest byte for byte. */
static int merges;

static enum bc_status no_merge(cJSON *profiles, cJSON *mine, void *ctx, struct bc_err *err)
{
	(void)profiles, (void)mine, (void)ctx, (void)err;
	merges++;
	return BC_OK;
}

/* Carries mine's p1 into the file's document. */
static enum bc_status merge_p1(cJSON *profiles, cJSON *mine, void *ctx, struct bc_err *err)
{
	cJSON *p = vault_profile_parse(cJSON_GetObjectItem(mine, "p1"));
	enum bc_status st;

	(void)ctx;
	merges++;
	assert_non_null(p);
	st = vault_profile_set(cJSON_GetObjectItem(profiles, "p1"), p, err);
	cJSON_Delete(p);
	return st;
}

static const char *field(struct vault *v, const char *name, const char *key)
{
	return cJSON_GetStringValue(
		cJSON_GetObjectItem(cJSON_GetObjectItem(vault_profiles(v), name), key));
}

static void test_raw(void **state)
{
	struct vault *v, *w;
	struct bc_err err;
	cJSON *item, *p;
	char big[2048];
	int n = 0;

	(void)state;
	make_vault(300, "pw");
	assert_int_equal(vault_open(path, "pw", VAULT_RAW, &v, &err), BC_OK);
	cJSON_ArrayForEach (item, vault_profiles(v))
		n += cJSON_IsRaw(item);
	assert_int_equal(n, 300);
	/* p7 grows past its room; p8 changes in place. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	p = vault_profile_parse(cJSON_GetObjectItem(vault_profiles(v), "p7"));
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(p, "access_token")),
			    "token00000000000000000000000007");
	cJSON_AddStringToObject(p, "note", big);
	assert_int_equal(vault_profile_set(cJSON_GetObjectItem(vault_profiles(v), "p7"), p, &err),
			 BC_OK);
	cJSON_Delete(p);
	p = vault_profile_parse(cJSON_GetObjectItem(vault_profiles(v), "p8"));
	cJSON_AddStringToObject(p, "note", "short");
	assert_int_equal(vault_profile_set(cJSON_GetObjectItem(vault_profiles(v), "p8"), p, &err),
			 BC_OK);
	cJSON_Delete(p);
	/* Nobody wrote the file meanwhile: saved as it is, no merge. */
	merges = 0;
	assert_int_equal(vault_save_merged(v, no_merge, NULL, &err), BC_OK);
	assert_int_equal(merges, 0);
	vault_close(v);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_OK);
	assert_int_equal(cJSON_GetArraySize(vault_profiles(v)), 300);
	assert_string_equal(field(v, "p7", "note"), big);
	assert_string_equal(field(v, "p8", "note"), "short");
	assert_string_equal(field(v, "p299", "access_token"), "token00000000000000000000000299");
	vault_close(v);

	/* Another writer saves between open and save: its profile is kept, and
	 * the change is carried over by the merge. */
	assert_int_equal(vault_open(path, "pw", VAULT_RAW, &v, &err), BC_OK);
	p = vault_profile_parse(cJSON_GetObjectItem(vault_profiles(v), "p1"));
	cJSON_AddStringToObject(p, "note", "mine");
	assert_int_equal(vault_profile_set(cJSON_GetObjectItem(vault_profiles(v), "p1"), p, &err),
			 BC_OK);
	cJSON_Delete(p);
	assert_int_equal(vault_open(path, "pw", VAULT_LOCK, &w, &err), BC_OK);
	add_fields(cJSON_AddObjectToObject(vault_profiles(w), "theirs"), "tokentheirs");
	assert_int_equal(vault_save(w, &err), BC_OK);
	vault_close(w);
	merges = 0;
	assert_int_equal(vault_save_merged(v, merge_p1, NULL, &err), BC_OK);
	assert_int_equal(merges, 1);
	vault_close(v);
	assert_int_equal(vault_open(path, "pw", 0, &v, &err), BC_OK);
	assert_int_equal(cJSON_GetArraySize(vault_profiles(v)), 301);
	assert_string_equal(field(v, "p1", "note"), "mine");
	assert_string_equal(field(v, "theirs", "access_token"), "tokentheirs");
	assert_string_equal(field(v, "p7", "note"), big);
	vault_close(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_no_plaintext_and_fresh_nonce),
		cmocka_unit_test(test_wrong_passphrase),
		cmocka_unit_test(test_every_byte_flipped),
		cmocka_unit_test(test_truncated_and_empty),
		cmocka_unit_test(test_future_version),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_version_1),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_lock_reloads),
		cmocka_unit_test(test_rekey),
		cmocka_unit_test(test_missing_and_passfile),
		cmocka_unit_test(test_malformed_documents),
		cmocka_unit_test(test_raw),
	};
	mem_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
