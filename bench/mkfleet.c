/* Writes a vault of N profiles for the fleet benchmark in one save, as N
 * 'bcsetup import's would (that many processes, each rewriting a growing
 * vault, take minutes at 5,000). Profile i is "benchI" for store "benchI" at
 * BASE, with the sandbox's bench token and TARGET's required scopes.
 *   mkfleet VAULT PASSPHRASE-FILE N BASE TARGET
 * The vault's key has the cheapest Argon2id cost, as under BCSETUP_KDF_COST=min. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bcsetup/credfile.h"
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/session.h"
#include "bcsetup/vault.h"

#define TOKEN  "benchtoken0000000000000000000001"
#define ID     "m1n2o3p4q5r6s7t8u9v0w1x2y3z4a5b"
#define SECRET "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

int main(int argc, char **argv)
{
	struct bc_session s = {0};
	const struct target *tg;
	struct vault *v;
	struct bc_err err;
	int levels[SCOPES_MAX], i, n, created;
	char *pass, name[32], path[512];

	if (argc != 6 || (n = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: mkfleet VAULT PASSPHRASE-FILE N BASE TARGET\n");
		return 2;
	}
	if (mem_init() < 0)
		return 1;
	vault_set_tuning(&(struct vault_tuning){.cheap_kdf = 1, .lock_wait_ms = 3000});
	if (session_load(&s, &err) != BC_OK ||
	    session_required(&s, argv[5], NULL, NULL, &tg, levels, &err) != BC_OK ||
	    vault_read_passphrase_file(argv[2], &pass, &err) != BC_OK ||
	    vault_open(argv[1], pass, VAULT_LOCK | VAULT_CREATE, &v, &err) != BC_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		struct credentials cr;
		snprintf(name, sizeof name, "bench%d", i);
		snprintf(path, sizeof path, "%s/stores/bench%d/v3/", argv[4], i);
		if (credentials_make(TOKEN, ID, SECRET, path, "bench", &cr, &err) != BC_OK)
			goto fail;
		if (profile_put(vault_profiles(v), name, &cr, argv[5], NULL, levels, &s.cat,
				time(NULL), 0, &created, &err) != BC_OK) {
			credentials_clear(&cr);
			goto fail;
		}
		credentials_clear(&cr);
	}
	if (vault_save(v, &err) != BC_OK)
		goto fail;
	vault_close(v);
	session_free(&s);
	return 0;
fail:
	fprintf(stderr, "mkfleet: %s\n", err.msg);
	return 1;
}
