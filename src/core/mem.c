#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

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

enum bc_status secret_file_read(const char *path, const char *what, size_t max, char **out,
				size_t *len, struct bc_err *err)
{
	int is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	const char *name = is_stdin ? "standard input" : path;
	struct stat st;
	size_t n = 0;
	ssize_t r;
	char *buf;

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return bc_fail(err, BC_ERR_INPUT, "cannot open %s %s: %s", what, path,
			       strerror(errno));
	if (fstat(fd, &st) != 0 ||
	    !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) || (is_stdin && S_ISCHR(st.st_mode)))) {
		if (!is_stdin)
			close(fd);
		return bc_fail(err, BC_ERR_INPUT, "%s %s is not a file (a directory or a device?)",
			       what, name);
	}
	/* Opened without blocking; now reads may wait for a pipe's writer. */
	if (!is_stdin)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	buf = sodium_malloc(max + 2);
	if (!buf) {
		if (!is_stdin)
			close(fd);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	/* One byte over the cap is enough to say it is too large. */
	while (n < max + 1 && (r = read(fd, buf + n, max + 1 - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			if (!is_stdin)
				close(fd);
			sodium_free(buf);
			return bc_fail(err, BC_ERR_INPUT, "cannot read %s %s: %s", what, name,
				       strerror(e));
		}
		n += (size_t)r;
	}
	if (!is_stdin)
		close(fd);
	if (n > max) {
		sodium_free(buf);
		return bc_fail(err, BC_ERR_INPUT, "%s %s is larger than %zu bytes", what, name,
			       max);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return BC_OK;
}
