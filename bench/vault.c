/* Vault speed: open and save of 10, 1,000 and 10,000 profiles with the KDF
 * taken out, and the KDF alone at the default cost. Prints a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/mem.h"
#include "bcsetup/vault.h"

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void fill(struct vault *v, int n)
{
	char name[32], tok[40];
	int i;

	for (i = 0; i < n; i++) {
		cJSON *p;
		snprintf(name, sizeof name, "store-%05d", i);
		snprintf(tok, sizeof tok, "tk%029d", i);
		p = cJSON_AddObjectToObject(vault_profiles(v), name);
		cJSON_AddStringToObject(p, "name", name);
		cJSON_AddStringToObject(p, "store_hash", "abc123xyz");
		cJSON_AddStringToObject(p, "api_path",
					"https://api.bigcommerce.com/stores/abc123xyz/v3/");
		cJSON_AddStringToObject(p, "client_id", "m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b");
		cJSON_AddStringToObject(
			p, "client_secret",
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
		cJSON_AddStringToObject(p, "access_token", tok);
		cJSON_AddStringToObject(p, "account_name", "Onport");
		cJSON_AddStringToObject(p, "target", "onport");
		cJSON_AddNumberToObject(p, "created", 1790000000);
		cJSON_AddItemToObject(p, "required",
				      cJSON_Parse("{\"orders\":\"modify\",\"products\":"
						  "\"modify\",\"information\":\"read-only\"}"));
		cJSON_AddItemToObject(p, "history", cJSON_CreateArray());
	}
}

int main(void)
{
	static const int sizes[] = {10, 1000, 10000};
	char dir[] = "/tmp/bcsetup-benchXXXXXX", path[64];
	unsigned char key[32], salt[16] = {0};
	struct bc_err err;
	struct vault *v;
	double t0, kdf_min, kdf_default, save_ms, open_ms, opens[3];
	int i, r, reps = 5;
	FILE *f;
	long size;

	if (mem_init() < 0 || !mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/vault", dir);
	vault_set_tuning(&(struct vault_tuning){.cheap_kdf = 1, .lock_wait_ms = 3000});
	t0 = now_ms();
	for (r = 0; r < 50; r++)
		if (crypto_pwhash(key, sizeof key, "pw", 2, salt, crypto_pwhash_OPSLIMIT_MIN,
				  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) != 0)
			return 1;
	kdf_min = (now_ms() - t0) / 50;
	t0 = now_ms();
	for (r = 0; r < 3; r++)
		if (crypto_pwhash(key, sizeof key, "pw", 2, salt, VAULT_DEFAULT_OPSLIMIT,
				  VAULT_DEFAULT_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
			return 1;
	kdf_default = (now_ms() - t0) / 3;

	printf("vault benchmark (%d runs each; the KDF is at its minimum cost, %.3f ms, and "
	       "subtracted from open)\n\n",
	       reps, kdf_min);
	printf("%10s %12s %12s %12s %14s\n", "profiles", "file bytes", "save ms", "open ms",
	       "open us/profile");
	for (i = 0; i < 3; i++) {
		unlink(path);
		if (vault_open(path, "pw", VAULT_LOCK | VAULT_CREATE, &v, &err) != BC_OK)
			return 1;
		fill(v, sizes[i]);
		t0 = now_ms();
		for (r = 0; r < reps; r++)
			if (vault_save(v, &err) != BC_OK) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
		save_ms = (now_ms() - t0) / reps;
		vault_close(v);
		t0 = now_ms();
		for (r = 0; r < reps; r++) {
			if (vault_open(path, "pw", 0, &v, &err) != BC_OK)
				return 1;
			vault_close(v);
		}
		open_ms = (now_ms() - t0) / reps - kdf_min;
		f = fopen(path, "rb");
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fclose(f);
		opens[i] = open_ms;
		printf("%10d %12ld %12.2f %12.2f %14.2f\n", sizes[i], size, save_ms, open_ms,
		       open_ms * 1000 / sizes[i]);
	}
	printf("\nKDF alone at the default cost (Argon2id, opslimit %d, memlimit %u MiB): %.0f ms\n",
	       VAULT_DEFAULT_OPSLIMIT, VAULT_DEFAULT_MEMLIMIT >> 20, kdf_default);
	for (i = 0; i < 3; i++)
		printf("ratio KDF : open of %d profiles = %.1f : 1\n", sizes[i],
		       kdf_default / (opens[i] > 0.001 ? opens[i] : 0.001));
	unlink(path);
	snprintf(path, sizeof path, "%s/vault.lock", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}
