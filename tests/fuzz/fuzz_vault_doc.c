/* libFuzzer target: the vault's decrypted document, past the AEAD (which
 * fuzz_vault never gets through). Whatever vault_doc_check accepts, every
 * core reader of profiles must handle without crashing: the required
 * levels, each target's hand-off values, recording a check. And the raw
 * reader (VAULT_RAW, used by check --all) opens every document the whole
 * reader opens, with the very same profiles. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/check.h"
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/scopes.h"
#include "bcsetup/targets.h"
#include "bcsetup/vault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_profile(cJSON *p, const struct scope_catalogue *cat, const struct target_list *tl)
{
	static struct check_result r;
	int levels[SCOPES_MAX], t, v, f;
	struct bc_err err;
	char buf[512];

	profile_required(p, cat, levels);
	for (t = 0; t < tl->n; t++)
		for (v = 0; v < tl->targets[t].nvariants; v++)
			for (f = 0; f < tl->targets[t].variants[v].nfields; f++)
				handoff_value(&tl->targets[t].variants[v].fields[f], p, buf,
					      sizeof buf);
	if (profile_record_check(p, cat, &r, 1700000000, &err) != BC_OK && !err.msg[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scope_catalogue cat;
	static struct target_list tl;
	static int ready;
	struct bc_err err;
	cJSON *doc, *raw_doc = NULL, *p;
	char *text;

	if (!ready) {
		if (mem_init() < 0 || scopes_load(&cat, &err) != BC_OK ||
		    targets_load(&cat, &tl, &err) != BC_OK)
			abort();
		ready = 1;
	}
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	if (vault_doc_read(text, size, 0, &doc, &err) == BC_OK) {
		cJSON *q;
		if (vault_doc_read(text, size, VAULT_RAW, &raw_doc, &err) != BC_OK)
			abort(); /* refused raw, opened whole */
		q = cJSON_GetObjectItemCaseSensitive(raw_doc, "profiles")->child;
		cJSON_ArrayForEach (p, cJSON_GetObjectItemCaseSensitive(doc, "profiles")) {
			/* Compared as printed: keys in order, duplicates and all. */
			cJSON *parsed = q ? vault_profile_parse(q) : NULL;
			char *x = cJSON_PrintUnformatted(parsed), *y = cJSON_PrintUnformatted(p);
			if (!x || !y || strcmp(q->string, p->string) != 0 || strcmp(x, y) != 0)
				abort(); /* a profile read otherwise */
			cJSON_free(x);
			cJSON_free(y);
			cJSON_Delete(parsed);
			q = q->next;
			read_profile(p, &cat, &tl);
		}
		if (q)
			abort();
		cJSON_Delete(raw_doc);
	} else if (!err.msg[0]) {
		abort();
	}
	cJSON_Delete(doc);
	free(text);
	return 0;
}
