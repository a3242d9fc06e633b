/* libFuzzer target: the store hash parser must never crash, and whatever it
 * accepts must be a well-formed hash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bcsetup/apipath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apipath ap;
	struct bc_err err;
	char *s = malloc(size + 1);
	size_t i, n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (apipath_parse(s, &ap, &err) == BC_OK) {
		n = strlen(ap.hash);
		if (n < APIPATH_HASH_MIN || n > APIPATH_HASH_MAX)
			abort();
		for (i = 0; i < n; i++)
			if (!((ap.hash[i] >= 'a' && ap.hash[i] <= 'z') ||
			      (ap.hash[i] >= '0' && ap.hash[i] <= '9')))
				abort();
	} else if (err.code != BC_ERR_INPUT || !err.msg[0]) {
		abort();
	}
	free(s);
	return 0;
}
