/* Test tool: prints the decrypted document of a vault (path, passphrase file).
 * Lets tests check what the vault holds, such as a wiped token. */
#include <stdio.h>

#include <cjson/cJSON.h>

#include "bcsetup/mem.h"
#include "bcsetup/vault.h"

int main(int argc, char **argv)
{
	struct bc_err err;
	struct vault *v;
	char *pass, *text;

	if (argc != 3 || mem_init() < 0)
		return 2;
	if (vault_read_passphrase_file(argv[2], &pass, &err) != BC_OK ||
	    vault_open(argv[1], pass, 0, &v, &err) != BC_OK) {
		fprintf(stderr, "vault_dump: %s\n", err.msg);
		return 3;
	}
	secret_free(pass);
	text = cJSON_PrintUnformatted(vault_profiles(v));
	puts(text ? text : "");
	cJSON_free(text);
	vault_close(v);
	return 0;
}
