/* libFuzzer target: the vault reader must refuse any file it did not write
 * with this passphrase, without crashing. The seed is a real vault made with
 * passphrase "pw" at the cheapest cost; inputs that ask for a costly KDF are
 * skipped so that the fuzzer explores parsing rather than Argon2id. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/mem.h"
#include "bcsetup/vault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct bc_err err;
	cJSON *doc = NULL;
	enum bc_status st;

	if (!ready) {
		mem_init();
		ready = 1;
	}
	if (size >= 32 && (le64(data + 16) > 2 || le64(data + 24) > (64u << 10)))
		return 0;
	st = vault_decode(data, size, "pw", &doc, &err);
	if (st == BC_OK) {
		if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "profiles")))
			abort();
		cJSON_Delete(doc);
	} else if (doc || !err.msg[0]) {
		abort();
	}
	return 0;
}
