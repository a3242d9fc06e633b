#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
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

size_t wipe_size(const void *p)
{
	return ((const struct wipe_head *)((const char *)p - sizeof(struct wipe_head)))->size;
}

void mem_release(void)
{
	malloc_trim(0);
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

static long pipe_wait_ms = 60000;

void secret_set_pipe_wait(long ms)
{
	pipe_wait_ms = ms > 0 ? ms : 60000;
}

/* Waits for fd to have something (or its end) until deadline_ms; 0, or -1
 * when the time ran out. */
static int wait_readable(int fd, long long deadline_ms)
{
	struct pollfd p = {fd, POLLIN, 0};
	struct timespec t;
	long long now;
	int r;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		now = (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
		if (now >= deadline_ms)
			return -1;
		r = poll(&p, 1, (int)(deadline_ms - now));
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return 0; /* let read() say what is wrong */
	}
}

enum bc_status secret_file_read(const char *path, const char *what, size_t max, char **out,
				size_t *len, struct bc_err *err)
{
	long long deadline;
	struct timespec now;
	int piped;
	int is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	const char *name = is_stdin ? "standard input" : path;
	struct stat st;
	size_t n = 0;
	ssize_t r = 0;
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
	/* A named pipe stays non-blocking: a read answers 0 when it has no
	 * writer, EAGAIN while a writer holds it open, and then poll() waits,
	 * but not for ever. Standard input is polled before each read. */
	piped = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
	if (!is_stdin && !piped)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000 + pipe_wait_ms;
	buf = sodium_malloc(max + 2);
	if (!buf) {
		if (!is_stdin)
			close(fd);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	/* One byte over the cap is enough to say it is too large. */
	while (n < max + 1) {
		/* Standard input is polled first; a named pipe says EAGAIN. */
		int idle = piped && is_stdin && wait_readable(fd, deadline) != 0;
		if (!idle && (r = read(fd, buf + n, max + 1 - n)) == 0)
			break;
		if (!idle && r < 0 && errno == EAGAIN) {
			if (wait_readable(fd, deadline) == 0)
				continue; /* something came: read it */
			idle = 1;
		}
		if (idle) {
			if (!is_stdin)
				close(fd);
			sodium_free(buf);
			return bc_fail(err, BC_ERR_INPUT,
				       "%s %s gave no end within %.1f s: its writer holds it open",
				       what, name, (double)pipe_wait_ms / 1000.0);
		}
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
