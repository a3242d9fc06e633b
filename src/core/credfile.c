#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "bcsetup/credfile.h"
#include "bcsetup/mem.h"

/* What is known of each value's shape (reference: observed, not documented). */
static const struct field_rule {
	const char *label;
	const char *charset_name;
	int hex_only;
	size_t min, max;           /* refused outside */
	size_t usual_lo, usual_hi; /* a note outside */
} rules[] = {
	[CRED_ACCESS_TOKEN] = {"ACCESS TOKEN", "letters and digits", 0, 16, 128, 31, 32},
	[CRED_CLIENT_ID] = {"CLIENT ID", "letters and digits", 0, 16, 128, 30, 31},
	[CRED_CLIENT_SECRET] = {"CLIENT SECRET", "hexadecimal digits", 1, 32, 256, 64, 64},
};

const char *cred_field_label(enum cred_field field)
{
	return rules[field].label;
}

enum bc_status cred_check(enum cred_field field, const char *value, char *warn, size_t warnsize,
			  struct bc_err *err)
{
	const struct field_rule *r = &rules[field];
	size_t n = strlen(value), i;
	int unusual_char = 0;

	if (warn && warnsize)
		warn[0] = '\0';
	if (n == 0)
		return bc_fail(err, BC_ERR_INPUT, "%s is empty", r->label);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c == ' ' || c == '\t')
			return bc_fail(err, BC_ERR_INPUT,
				       "%s has a space at position %zu; copy only the value",
				       r->label, i + 1);
		if (c == '"' || c == '\'' || c == '`')
			return bc_fail(err, BC_ERR_INPUT,
				       "%s has a quote at position %zu; copy the value without "
				       "quotes",
				       r->label, i + 1);
		if (c < 0x20 || c == 0x7f)
			return bc_fail(err, BC_ERR_INPUT,
				       "%s has a control character at position %zu", r->label,
				       i + 1);
		if (c >= 0x80)
			return bc_fail(err, BC_ERR_INPUT,
				       "%s has a non-ASCII character at position %zu", r->label,
				       i + 1);
		if (!isalnum(c))
			return bc_fail(err, BC_ERR_INPUT,
				       "%s has a character it cannot have at position %zu "
				       "(expected %s)",
				       r->label, i + 1, r->charset_name);
		if (r->hex_only ? !isxdigit(c) : (c >= 'A' && c <= 'Z'))
			unusual_char = 1;
	}
	if (n < r->min || n > r->max)
		return bc_fail(err, BC_ERR_INPUT,
			       "%s is %zu characters long; expected about %zu (is it the right "
			       "value?)",
			       r->label, n, r->usual_lo);
	if (warn && warnsize) {
		if (unusual_char)
			snprintf(warn, warnsize, "%s usually has only %s%s", r->label,
				 r->hex_only ? "" : "lower-case ", r->charset_name);
		else if (n < r->usual_lo || n > r->usual_hi)
			snprintf(warn, warnsize, "%s is usually %zu characters; this one has %zu",
				 r->label, r->usual_lo, n);
	}
	return BC_OK;
}

void credentials_clear(struct credentials *c)
{
	secret_free(c->access_token);
	secret_free(c->client_id);
	secret_free(c->client_secret);
	secret_free(c->api_path);
	secret_free(c->account_name);
	sodium_memzero(c, sizeof *c);
}

enum label {
	L_ACCESS_TOKEN,
	L_CLIENT_ID,
	L_CLIENT_SECRET,
	L_API_PATH,
	L_CLIENT_NAME,
	L_NAME,
	L_COUNT,
};

static const char *const label_names[L_COUNT] = {
	"ACCESS TOKEN", "CLIENT ID", "CLIENT SECRET", "API PATH", "CLIENT NAME", "NAME",
};

static void add_warning(struct credentials *c, const char *text)
{
	if (!*text || c->nwarnings >= CREDFILE_MAX_WARNINGS)
		return;
	snprintf(c->warnings[c->nwarnings++], sizeof c->warnings[0], "%s", text);
}

/* Checks the whole file before any line is looked at: size, NULs, UTF-8. */
static enum bc_status check_bytes(const char *data, size_t len, struct bc_err *err)
{
	size_t i;

	if (len == 0)
		return bc_fail(err, BC_ERR_INPUT, "the credentials file is empty");
	if (len > CREDFILE_MAX_SIZE)
		return bc_fail(err, BC_ERR_INPUT,
			       "this file is over %d bytes; a BigCommerce credentials file is "
			       "a few hundred, so this is not one",
			       CREDFILE_MAX_SIZE);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c == 0 || (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
			return bc_fail(err, BC_ERR_INPUT,
				       "this is a binary file, not a BigCommerce credentials file "
				       "(control byte at offset %zu)",
				       i);
	}
	return BC_OK;
}

static int find_label(const char *s, size_t n)
{
	int i;

	for (i = 0; i < L_COUNT; i++)
		if (strlen(label_names[i]) == n && strncasecmp(s, label_names[i], n) == 0)
			return i;
	return -1;
}

static enum bc_status parse_lines(const char *data, size_t len, const char *val[L_COUNT],
				  size_t vlen[L_COUNT], struct credentials *c, struct bc_err *err)
{
	const char *p = data, *end = data + len;
	int lineno = 0, stray = 0, unknown = 0;

	/* A UTF-8 byte order mark, as Windows editors write. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end, *colon, *ls, *lend, *vs, *ve;
		int id;

		lineno++;
		ls = p;
		lend = le;
		p = eol ? eol + 1 : end;
		while (ls < lend && (*ls == ' ' || *ls == '\t'))
			ls++;
		while (lend > ls && (lend[-1] == '\r' || lend[-1] == ' ' || lend[-1] == '\t'))
			lend--;
		if (ls == lend)
			continue;
		colon = memchr(ls, ':', (size_t)(lend - ls));
		if (!colon) {
			stray++;
			continue;
		}
		ve = colon;
		while (ve > ls && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		id = find_label(ls, (size_t)(ve - ls));
		if (id < 0) {
			unknown++;
			continue;
		}
		vs = colon + 1;
		while (vs < lend && (*vs == ' ' || *vs == '\t'))
			vs++;
		if (val[id] &&
		    (vlen[id] != (size_t)(lend - vs) || memcmp(val[id], vs, vlen[id]) != 0))
			return bc_fail(err, BC_ERR_INPUT,
				       "line %d: a second %s line with a different value; which "
				       "one is right cannot be told",
				       lineno, label_names[id]);
		val[id] = vs;
		vlen[id] = (size_t)(lend - vs);
	}
	if (stray) {
		char w[160];
		snprintf(w, sizeof w, "%d line%s without a LABEL: were ignored", stray,
			 stray == 1 ? "" : "s");
		add_warning(c, w);
	}
	if (unknown) {
		char w[160];
		snprintf(w, sizeof w, "%d line%s with an unknown label were ignored", unknown,
			 unknown == 1 ? "" : "s");
		add_warning(c, w);
	}
	return BC_OK;
}

/* The rules every set of credentials meets, whichever way it came in; the
 * caller clears out on failure. A message starts with the prefix that says
 * where the value was (a line of a file, or a field). */
static enum bc_status check_values(struct credentials *out, const char *field_prefix,
				   const char *path_prefix, struct bc_err *err)
{
	static const enum cred_field field_of[] = {CRED_ACCESS_TOKEN, CRED_CLIENT_ID,
						   CRED_CLIENT_SECRET};
	const char *val[] = {out->access_token, out->client_id, out->client_secret};
	char warn[160];
	enum bc_status st;
	size_t i;

	for (i = 0; i < 3; i++) {
		if ((st = cred_check(field_of[i], val[i], warn, sizeof warn, err)) != BC_OK) {
			bc_err_prefix(err, field_prefix);
			return st;
		}
		add_warning(out, warn);
	}
	if ((st = apipath_parse(out->api_path, &out->path, err)) != BC_OK) {
		bc_err_prefix(err, path_prefix);
		return st;
	}
	add_warning(out, out->path.warning);
	return BC_OK;
}

enum bc_status credfile_parse(const char *data, size_t len, struct credentials *out,
			      struct bc_err *err)
{
	static const enum label required[] = {L_ACCESS_TOKEN, L_CLIENT_ID, L_CLIENT_SECRET,
					      L_API_PATH};
	const char *val[L_COUNT] = {0};
	size_t vlen[L_COUNT] = {0};
	char **slot[L_API_PATH + 1];
	enum bc_status st;
	size_t i;
	int name;

	memset(out, 0, sizeof *out);
	if ((st = check_bytes(data, len, err)) != BC_OK)
		return st;
	if ((st = parse_lines(data, len, val, vlen, out, err)) != BC_OK)
		goto fail;
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (!val[required[i]] || vlen[required[i]] == 0) {
			st = bc_fail(err, BC_ERR_INPUT, "the credentials file has no %s line%s",
				     label_names[required[i]],
				     val[L_ACCESS_TOKEN] || val[L_API_PATH]
					     ? ""
					     : " (is this a BigCommerce credentials file?)");
			goto fail;
		}
	}
	slot[L_ACCESS_TOKEN] = &out->access_token;
	slot[L_CLIENT_ID] = &out->client_id;
	slot[L_CLIENT_SECRET] = &out->client_secret;
	slot[L_API_PATH] = &out->api_path;
	name = val[L_CLIENT_NAME] ? L_CLIENT_NAME : L_NAME;
	for (i = 0; i <= L_API_PATH; i++) {
		*slot[i] = secret_strndup(val[i], vlen[i]);
		if (!*slot[i]) {
			st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
			goto fail;
		}
	}
	if (val[name] && vlen[name]) {
		out->account_name = secret_strndup(val[name], vlen[name]);
		if (!out->account_name) {
			st = bc_fail(err, BC_ERR_NOMEM, "out of memory");
			goto fail;
		}
	}
	if ((st = check_values(out, "in the credentials file: ", "the API PATH line: ", err)) !=
	    BC_OK)
		goto fail;
	return BC_OK;
fail:
	credentials_clear(out);
	return st;
}

enum bc_status credentials_make(const char *token, const char *id, const char *secret,
				const char *api_path, const char *name, struct credentials *out,
				struct bc_err *err)
{
	const char *v[] = {token, id, secret, api_path};
	char **slot[] = {&out->access_token, &out->client_id, &out->client_secret, &out->api_path};
	enum bc_status st;
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (!v[i] || !*v[i]) {
			credentials_clear(out);
			return bc_fail(err, BC_ERR_INPUT, "the %s is empty",
				       i == 3 ? "API path" : cred_field_label((enum cred_field)i));
		}
		if (!(*slot[i] = secret_strdup(v[i]))) {
			credentials_clear(out);
			return bc_fail(err, BC_ERR_NOMEM, "out of memory");
		}
	}
	if (name && *name && !(out->account_name = secret_strdup(name))) {
		credentials_clear(out);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	if ((st = check_values(out, "", "the API path: ", err)) != BC_OK)
		credentials_clear(out);
	return st;
}

enum bc_status credfile_read(const char *path, struct credentials *out, struct bc_err *err)
{
	char *buf;
	size_t n;
	enum bc_status st;

	if ((st = secret_file_read(path, "the credentials file", CREDFILE_MAX_SIZE, &buf, &n,
				   err)) != BC_OK)
		return st;
	st = credfile_parse(buf, n, out, err);
	secret_free(buf);
	return st;
}
