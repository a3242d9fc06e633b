/*
 * assets.h - the data files (scope catalogue, targets, guide text) that are
 * compiled into the binary, with an optional override directory.
 */
#ifndef BCSETUP_ASSETS_H
#define BCSETUP_ASSETS_H

#include <stddef.h>

#include "bcsetup/error.h"

struct asset {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* The embedded files, ended by an entry whose name is NULL (generated). */
extern const struct asset asset_table[];

/* Sets a directory whose files replace the embedded ones of the same name
 * (NULL to use only the embedded files). The string is copied. */
void asset_set_override(const char *dir);

/* Returns the contents of asset NAME as a NUL-terminated string the caller
 * frees with free(); *len gets its length. NULL if there is no such asset or
 * the override file cannot be read (then *from names the path tried). */
char *asset_load(const char *name, size_t *len, const char **from);

/* Reads asset NAME and hands its text to parse; a failure's message starts
 * with the file that is wrong ("/dir/scopes.json: " or "built-in
 * scopes.json: "). The one way scopes.json and targets.json are loaded. */
/* Reads the regular file at path (a FIFO, a device or a directory is
 * refused, never waited on), at most max bytes, into a NUL-terminated
 * string the caller frees. NULL with err saying why. */
char *asset_read_file(const char *path, size_t max, size_t *len, struct bc_err *err);

typedef enum bc_status (*asset_parser)(const char *text, void *ctx, struct bc_err *err);
enum bc_status asset_parse(const char *name, asset_parser parse, void *ctx, struct bc_err *err);

#endif
