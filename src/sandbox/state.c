/* Stores, tokens and rate-limit windows of the practice store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "sandbox.h"

long long sb_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void copy(char *dst, size_t size, const cJSON *obj, const char *key, const char *dflt)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));

	snprintf(dst, size, "%s", v ? v : dflt);
}

static long num(const cJSON *obj, const char *key, long dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : dflt;
}

static int add_scopes(struct sb_token *t, const cJSON *arr)
{
	const cJSON *e;

	cJSON_ArrayForEach (e, arr) {
		if (!cJSON_GetStringValue(e) || t->nscopes >= SB_MAX_SCOPES)
			return -1;
		t->scopes[t->nscopes++] = strdup(e->valuestring);
	}
	return 0;
}

int sb_load(struct sb_state *st, const char *json, char *err, size_t errsize)
{
	cJSON *doc = cJSON_Parse(json);
	const cJSON *s, *t;

	if (!doc || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "stores"))) {
		snprintf(err, errsize, "the stores file must be {\"stores\": [...]}");
		cJSON_Delete(doc);
		return -1;
	}
	/* A kept file goes on where the seeded values left off (see random_chars). */
	st->made = (unsigned long)num(doc, "made", 0);
	cJSON_ArrayForEach (s, cJSON_GetObjectItemCaseSensitive(doc, "stores")) {
		struct sb_store *store = calloc(1, sizeof *store);
		copy(store->hash, sizeof store->hash, s, "hash", "");
		if (!store->hash[0]) {
			snprintf(err, errsize, "a store has no hash");
			free(store);
			cJSON_Delete(doc);
			return -1;
		}
		copy(store->name, sizeof store->name, s, "name", "Practice Store");
		copy(store->domain, sizeof store->domain, s, "domain",
		     "practice.mybigcommerce.com");
		copy(store->plan, sizeof store->plan, s, "plan", "Standard");
		copy(store->status, sizeof store->status, s, "status", "live");
		store->quota = (int)num(s, "quota", 150);
		store->window_ms = num(s, "window_ms", 30000);
		store->latency_ms = num(s, "latency_ms", -1);
		store->fail_first = (int)num(s, "fail_first", 0);
		store->orders = (int)num(s, "orders", 2);
		store->products = (int)num(s, "products", 3);
		store->pages = (int)num(s, "pages", 0);
		store->accept_empty_writes =
			cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "accept_empty_writes"));
		store->answer_html =
			cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "answer_html"));
		cJSON_ArrayForEach (t, cJSON_GetObjectItemCaseSensitive(s, "removed"))
			if (cJSON_GetStringValue(t) && store->nremoved < 8)
				snprintf(store->removed[store->nremoved++],
					 sizeof store->removed[0], "%s", t->valuestring);
		cJSON_ArrayForEach (t, cJSON_GetObjectItemCaseSensitive(s, "stall"))
			if (cJSON_GetStringValue(t) && store->nstalled < 8)
				snprintf(store->stalled[store->nstalled++],
					 sizeof store->stalled[0], "%s", t->valuestring);
		store->stall_ms = num(s, "stall_ms", 20000);
		cJSON_ArrayForEach (t, cJSON_GetObjectItemCaseSensitive(s, "tokens")) {
			struct sb_token *tok = calloc(1, sizeof *tok);
			const cJSON *h;
			copy(tok->token, sizeof tok->token, t, "token", "");
			copy(tok->client_id, sizeof tok->client_id, t, "client_id", "");
			copy(tok->client_secret, sizeof tok->client_secret, t, "client_secret", "");
			copy(tok->name, sizeof tok->name, t, "name", "");
			h = cJSON_GetObjectItemCaseSensitive(t, "hooks");
			tok->nhooks = cJSON_IsNumber(h) ? h->valueint : 0;
			if (tok->nhooks < 0 || tok->nhooks > 50)
				tok->nhooks = 0;
			if (!tok->token[0] ||
			    add_scopes(tok, cJSON_GetObjectItemCaseSensitive(t, "scopes")) != 0) {
				snprintf(err, errsize,
					 "store %s: a token needs a token and string scopes",
					 store->hash);
				free(tok);
				cJSON_Delete(doc);
				return -1;
			}
			tok->next = store->tokens;
			store->tokens = tok;
		}
		store->next = st->stores;
		st->stores = store;
	}
	cJSON_Delete(doc);
	return 0;
}

struct sb_store *sb_find_store(struct sb_state *st, const char *hash)
{
	struct sb_store *s;

	for (s = st->stores; s; s = s->next)
		if (strcmp(s->hash, hash) == 0)
			return s;
	return NULL;
}

struct sb_token *sb_find_token(struct sb_store *s, const char *token)
{
	struct sb_token *t;

	for (t = s->tokens; t; t = t->next)
		if (strlen(t->token) == strlen(token) &&
		    sodium_memcmp(t->token, token, strlen(token)) == 0)
			return t;
	return NULL;
}

int sb_token_has(const struct sb_token *t, const char *scope_id)
{
	int i;

	for (i = 0; i < t->nscopes; i++)
		if (strcmp(t->scopes[i], scope_id) == 0)
			return 1;
	return 0;
}

static void random_chars(struct sb_state *st, char *out, size_t n, const char *alphabet)
{
	unsigned char seed[randombytes_SEEDBYTES], bytes[128];
	size_t i, m = strlen(alphabet);
	char tag[160];

	if (!st->seed) {
		for (i = 0; i < n; i++)
			out[i] = alphabet[randombytes_uniform((uint32_t)m)];
		out[n] = '\0';
		return;
	}
	/* The seed string and a counter name each value. */
	snprintf(tag, sizeof tag, "%.120s:%lu", st->seed, st->made++);
	crypto_generichash(seed, sizeof seed, (const unsigned char *)tag, strlen(tag), NULL, 0);
	randombytes_buf_deterministic(bytes, sizeof bytes, seed);
	for (i = 0; i < n && i < sizeof bytes; i++)
		out[i] = alphabet[bytes[i] % m];
	out[i] = '\0';
}

int sb_create_app(struct sb_state *st, const char *hash, char *client_id, char *client_secret)
{
	int rc = -1;

	pthread_mutex_lock(&st->lock);
	if (sb_find_store(st, hash)) {
		random_chars(st, client_id, 31, "abcdefghijklmnopqrstuvwxyz0123456789");
		random_chars(st, client_secret, 64, "0123456789abcdef");
		rc = 0;
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int sb_create_account(struct sb_state *st, const char *hash, const char *name, char *const *scopes,
		      int nscopes, int nhooks, struct sb_token *out, char *path, size_t pathsize,
		      char *err, size_t errsize)
{
	struct sb_store *s;
	struct sb_token *t;
	FILE *f;
	int i, rc = -1;

	pthread_mutex_lock(&st->lock);
	s = sb_find_store(st, hash);
	if (!s) {
		snprintf(err, errsize, "no store %s", hash);
		goto out;
	}
	for (i = 0, t = s->tokens; t; t = t->next)
		i++;
	if (i >= SB_MAX_ACCOUNTS) {
		snprintf(err, errsize, "store %s has %d API accounts, the most it keeps", hash,
			 SB_MAX_ACCOUNTS);
		goto out;
	}
	t = calloc(1, sizeof *t);
	random_chars(st, t->token, 31, "abcdefghijklmnopqrstuvwxyz0123456789");
	random_chars(st, t->client_id, 31, "abcdefghijklmnopqrstuvwxyz0123456789");
	random_chars(st, t->client_secret, 64, "0123456789abcdef");
	snprintf(t->name, sizeof t->name, "%s", name);
	t->nhooks = nhooks < 0 ? 0 : nhooks > 50 ? 50 : nhooks;
	for (i = 0; i < nscopes && i < SB_MAX_SCOPES; i++)
		t->scopes[t->nscopes++] = strdup(scopes[i]);
	t->next = s->tokens;
	s->tokens = t;
	*out = *t;
	path[0] = '\0';
	if (st->downloads) {
		/* The browser's download, as BigCommerce writes it. */
		snprintf(path, pathsize, "%s/%s-api-credentials-%s.txt", st->downloads, hash,
			 t->client_id);
		f = fopen(path, "w");
		if (!f) {
			snprintf(err, errsize, "cannot write %s", path);
			goto out;
		}
		chmod(path, 0600);
		fprintf(f,
			"ACCESS TOKEN: %s\r\nCLIENT NAME: %s\r\nAPI PATH: %s/stores/%s/v3/\r\n"
			"CLIENT ID: %s\r\nCLIENT SECRET: %s\r\n",
			t->token, name, st->base_url, hash, t->client_id, t->client_secret);
		fclose(f);
	}
	rc = 0;
	sb_keep(st);
out:
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int sb_delete_account(struct sb_state *st, const char *hash, const char *client_id)
{
	struct sb_store *s;
	struct sb_token **pp, *t;
	int rc = -1;

	pthread_mutex_lock(&st->lock);
	s = sb_find_store(st, hash);
	for (pp = s ? &s->tokens : NULL; pp && *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->client_id, client_id) == 0) {
			t = *pp;
			*pp = t->next;
			while (t->nscopes)
				free(t->scopes[--t->nscopes]);
			free(t);
			rc = 0;
			sb_keep(st);
			break;
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

void sb_keep(struct sb_state *st)
{
	cJSON *doc = cJSON_CreateObject(), *stores = cJSON_AddArrayToObject(doc, "stores");
	const struct sb_store *s;
	const struct sb_token *t;
	char tmp[4200], *text;
	FILE *f;
	int i, ok;

	if (!st->keep) {
		cJSON_Delete(doc);
		return;
	}
	cJSON_AddNumberToObject(doc, "made", (double)st->made);
	for (s = st->stores; s; s = s->next) {
		cJSON *o = cJSON_CreateObject(), *tokens;
		cJSON_AddStringToObject(o, "hash", s->hash);
		cJSON_AddStringToObject(o, "name", s->name);
		cJSON_AddStringToObject(o, "domain", s->domain);
		cJSON_AddStringToObject(o, "plan", s->plan);
		tokens = cJSON_AddArrayToObject(o, "tokens");
		for (t = s->tokens; t; t = t->next) {
			cJSON *k = cJSON_CreateObject(), *sc = cJSON_AddArrayToObject(k, "scopes");
			cJSON_AddStringToObject(k, "token", t->token);
			cJSON_AddStringToObject(k, "client_id", t->client_id);
			cJSON_AddStringToObject(k, "client_secret", t->client_secret);
			cJSON_AddStringToObject(k, "name", t->name);
			cJSON_AddNumberToObject(k, "hooks", t->nhooks);
			for (i = 0; i < t->nscopes; i++)
				cJSON_AddItemToArray(sc, cJSON_CreateString(t->scopes[i]));
			/* Oldest first, so that loading (which prepends) keeps the order. */
			cJSON_InsertItemInArray(tokens, 0, k);
		}
		cJSON_InsertItemInArray(stores, 0, o);
	}
	text = cJSON_Print(doc);
	cJSON_Delete(doc);
	snprintf(tmp, sizeof tmp, "%s.tmp", st->keep);
	f = text ? fopen(tmp, "w") : NULL;
	if (f) {
		fchmod(fileno(f), 0600);
		ok = fputs(text, f) >= 0;
		ok = fclose(f) == 0 && ok;
		if (!ok || rename(tmp, st->keep) != 0) {
			fprintf(stderr, "bcsetup-sandbox: cannot write %s\n", st->keep);
			unlink(tmp);
		}
	}
	cJSON_free(text);
}
