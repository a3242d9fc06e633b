/* libFuzzer target: the credentials-file parser must never crash, never leave
 * memory behind on refusal, and fill every required field on success. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bcsetup/credfile.h"
#include "bcsetup/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct credentials c;
	struct bc_err err;

	if (!ready) {
		mem_init();
		ready = 1;
	}
	if (credfile_parse((const char *)data, size, &c, &err) == BC_OK) {
		if (!c.access_token || !c.client_id || !c.client_secret || !c.api_path ||
		    !c.path.hash[0])
			abort();
		credentials_clear(&c);
	} else if (!err.msg[0] || c.access_token) {
		abort();
	}
	return 0;
}
