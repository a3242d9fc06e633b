#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/mem.h"

/* Each wipe_ block starts with its size so that free can zero all of it. */
struct wipe_head {
	size_t size;
	max_align_t align;
};

void *wipe_malloc(size_t n)
{
	struct wipe_head *h;

	if (n > (size_t)-1 - sizeof *h)
		return NULL;
	h = malloc(sizeof *h + n);
	if (!h)
		return NULL;
	h->size = n;
	return (char *)h + sizeof *h;
}

void wipe_free(void *p)
{
	struct wipe_head *h;

	if (!p)
		return;
	h = (struct wipe_head *)((char *)p - sizeof *h);
	sodium_memzero(p, h->size);
	free(h);
}

char *wipe_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = wipe_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

int wipe_set(char **slot, const char *s)
{
	char *d = NULL;

	if (s && !(d = wipe_strdup(s)))
		return -1;
	wipe_free(*slot);
	*slot = d;
	return 0;
}

char *secret_strndup(const char *s, size_t n)
{
	char *d = sodium_malloc(n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *secret_alloc(size_t n)
{
	char *d = sodium_malloc(n ? n : 1);

	if (d)
		sodium_memzero(d, n ? n : 1);
	return d;
}

char *secret_strdup(const char *s)
{
	return secret_strndup(s, strlen(s));
}

void secret_free(void *p)
{
	if (p)
		sodium_free(p);
}

int mem_init(void)
{
	static int done;
	cJSON_Hooks hooks = {.malloc_fn = wipe_malloc, .free_fn = wipe_free};
	struct rlimit none = {0, 0};

	if (done)
		return 0;
	if (sodium_init() < 0)
		return -1;
	cJSON_InitHooks(&hooks);
	/* Decrypted profiles must never reach a core file. */
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	done = 1;
	return 0;
}
