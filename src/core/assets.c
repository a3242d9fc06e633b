#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "bcsetup/assets.h"

static char *override_dir;
static char override_path[4096];
static char override_err[BC_ERR_MSG_MAX]; /* why the override file could not be read */
/* The most an asset file may hold: the shipped ones are a few tens of KiB. */
#define ASSET_MAX (4u << 20)

void asset_set_override(const char *dir)
{
	free(override_dir);
	override_dir = dir && *dir ? strdup(dir) : NULL;
}

char *asset_read_file(const char *path, size_t max, size_t *len, struct bc_err *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;

	if (fd < 0) {
		bc_fail(err, BC_ERR_IO, "cannot open it: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		bc_fail(err, BC_ERR_IO, "not a regular file");
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		bc_fail(err, BC_ERR_IO, "larger than %zu bytes", max);
		return NULL;
	}
	if (!(buf = malloc(max + 1))) {
		close(fd);
		bc_fail(err, BC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	/* Read to the cap, whatever the size said: a file may grow meanwhile. */
	while (got < max && (n = read(fd, buf + got, max - got)) > 0)
		got += (size_t)n;
	if (got == max && read(fd, &(char){0}, 1) > 0) {
		close(fd);
		free(buf);
		bc_fail(err, BC_ERR_IO, "larger than %zu bytes", max);
		return NULL;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

char *asset_load(const char *name, size_t *len, const char **from)
{
	const struct asset *a;
	char *buf;

	*from = "built-in";
	if (override_dir) {
		struct bc_err err;
		snprintf(override_path, sizeof override_path, "%s/%s", override_dir, name);
		if (access(override_path, F_OK) == 0 || errno != ENOENT) {
			/* A regular file of a sane size: never a FIFO or /dev/zero. */
			*from = override_path;
			buf = asset_read_file(override_path, ASSET_MAX, len, &err);
			if (!buf)
				snprintf(override_err, sizeof override_err, "%s", err.msg);
			return buf;
		}
	}
	for (a = asset_table; a->name; a++) {
		if (strcmp(a->name, name) != 0)
			continue;
		buf = malloc(a->len + 1);
		if (!buf)
			return NULL;
		memcpy(buf, a->data, a->len);
		buf[a->len] = '\0';
		*len = a->len;
		return buf;
	}
	return NULL;
}

enum bc_status asset_parse(const char *name, asset_parser parse, void *ctx, struct bc_err *err)
{
	const char *from;
	size_t len;
	char *text, where[sizeof override_path + 16];
	enum bc_status st;

	override_err[0] = '\0';
	text = asset_load(name, &len, &from);

	if (!text)
		return bc_fail(err, BC_ERR_ASSET, "cannot read %s (%s: %s)", name, from,
			       override_err[0] ? override_err : "not found");
	st = parse(text, ctx, err);
	free(text);
	if (st != BC_OK) {
		/* Whoever reads the message must know which file to mend. */
		if (strcmp(from, "built-in") == 0)
			snprintf(where, sizeof where, "built-in %s: ", name);
		else
			snprintf(where, sizeof where, "%s: ", from);
		bc_err_prefix(err, where);
	}
	return st;
}
