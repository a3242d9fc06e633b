#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <sodium.h>

#include "bcsetup/apipath.h"

static const char api_host[] = "api.bigcommerce.com";
static const char cp_suffix[] = ".mybigcommerce.com";
static const char cp_prefix[] = "store-";

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

enum bc_status apipath_check_hash(const char *hash, struct apipath *out, struct bc_err *err)
{
	size_t n = strlen(hash), i;
	int folded = 0;

	if (n == 0)
		return bc_fail(err, BC_ERR_INPUT, "the store hash is empty");
	if (n > APIPATH_HASH_MAX)
		return bc_fail(err, BC_ERR_INPUT,
			       "%zu characters is too long for a store hash (at most %d); "
			       "was a token or secret pasted here?",
			       n, APIPATH_HASH_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)hash[i];
		if (isdigit(c) || (c >= 'a' && c <= 'z'))
			continue;
		if (c >= 'A' && c <= 'Z') {
			folded = 1;
			continue;
		}
		if (c < 0x20 || c >= 0x7f)
			return bc_fail(err, BC_ERR_INPUT,
				       "the store hash has a character it cannot have at position "
				       "%zu (only a-z and 0-9)",
				       i + 1);
		return bc_fail(err, BC_ERR_INPUT,
			       "the store hash cannot contain '%c' (only a-z and 0-9)", c);
	}
	if (n < APIPATH_HASH_MIN)
		return bc_fail(err, BC_ERR_INPUT,
			       "'%s' is too short for a store hash (at least %d characters)", hash,
			       APIPATH_HASH_MIN);
	for (i = 0; i < n; i++)
		out->hash[i] = (char)tolower((unsigned char)hash[i]);
	out->hash[n] = '\0';
	out->warning[0] = '\0';
	if (folded)
		snprintf(out->warning, sizeof out->warning,
			 "store hashes are lower case; using '%s'", out->hash);
	else if (n < 6 || n > 10)
		snprintf(out->warning, sizeof out->warning,
			 "store hashes are usually 6 to 10 characters; this one has %zu", n);
	return BC_OK;
}

/* The segment after "/stores/" in PATH, copied into seg; 1 if there is such a
 * part, 0 if the path has no "/stores/". */
static int stores_segment(const char *path, char *seg, size_t size)
{
	const char *p = path, *end;
	size_t n;

	while (*p == '/')
		p++;
	if (strncasecmp(p, "stores", 6) != 0 || (p[6] != '/' && p[6] != '\0'))
		return 0;
	p += 6;
	if (*p == '/')
		p++;
	end = strchr(p, '/');
	n = end ? (size_t)(end - p) : strlen(p);
	if (n >= size)
		n = size - 1;
	memcpy(seg, p, n);
	seg[n] = '\0';
	return 1;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Whether a host may be repeated in a message: a domain name or an IP
 * address whose every label reads like a name. A bare word, a long one, or
 * a label like a token (16 or more characters with a digit in them, or more
 * than 30: secret.com, www.secret.co.uk) may be a pasted secret. */
static int echo_ok(const char *host)
{
	const char *p = host;

	if (!strchr(host, '.') || strlen(host) > 100)
		return 0;
	while (*p) {
		size_t n = strcspn(p, "."), i;
		int digit = 0;
		for (i = 0; i < n; i++)
			digit |= p[i] >= '0' && p[i] <= '9';
		if (n > 30 || (n >= 16 && digit))
			return 0;
		p += n + (p[n] == '.');
	}
	return 1;
}

static enum bc_status from_url(const char *text, struct apipath *out, struct bc_err *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *path = NULL, *user = NULL, *pass = NULL;
	char seg[256];
	enum bc_status st;
	CURLUcode rc;

	if (!u)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	rc = curl_url_set(u, CURLUPART_URL, text, CURLU_DEFAULT_SCHEME | CURLU_NON_SUPPORT_SCHEME);
	if (rc != CURLUE_OK) {
		st = bc_fail(err, BC_ERR_INPUT, "this is not a web address bcsetup can read (%s)",
			     curl_url_strerror(rc));
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) {
		st = bc_fail(err, BC_ERR_INPUT, "this address has no host name");
		goto out;
	}
	curl_url_get(u, CURLUPART_USER, &user, 0);
	curl_url_get(u, CURLUPART_PASSWORD, &pass, 0);
	if (user || pass) {
		/* Never repeated: it may be a secret. */
		st = bc_fail(err, BC_ERR_INPUT,
			     "an API path never carries a user name or password (the part before "
			     "'@'); remove it, and if it was a secret, treat it as exposed");
		goto out;
	}
	if (strcasecmp(scheme, "https") != 0 && strcasecmp(scheme, "http") != 0) {
		st = bc_fail(err, BC_ERR_INPUT, "an API path starts with https://, not %s://",
			     scheme);
		goto out;
	}

	if (strcasecmp(host, "login.bigcommerce.com") == 0) {
		st = bc_fail(err, BC_ERR_INPUT,
			     "login.bigcommerce.com is the control panel's sign-in address, which "
			     "names no store: paste the API path shown when the API account was "
			     "created (https://api.bigcommerce.com/stores/.../v3/), or the "
			     "address of the store's control panel (store-....mybigcommerce.com)");
		goto out;
	}
	if (strcasecmp(host, api_host) == 0 || !has_suffix(host, cp_suffix)) {
		int api = strcasecmp(host, api_host) == 0;
		if (!stores_segment(path, seg, sizeof seg)) {
			if (api)
				st = bc_fail(
					err, BC_ERR_INPUT,
					"this API address has no /stores/{hash}/ part; copy the "
					"whole API path shown when the API account was created");
			else
				st = bc_fail(
					err, BC_ERR_INPUT,
					"%s%s carries no store hash: paste the API path instead "
					"(https://api.bigcommerce.com/stores/.../v3/)",
					echo_ok(host) ? host
						      : "this (not repeated: it may be a secret)",
					echo_ok(host) ? " looks like a store's own domain, which"
						      : "");
			goto out;
		}
		if (!*seg) {
			st = bc_fail(err, BC_ERR_INPUT,
				     "the API path has nothing between /stores/ and the next '/': "
				     "the store hash is missing");
			goto out;
		}
		out->kind = api ? APIPATH_API : APIPATH_OTHER_HOST;
		st = apipath_check_hash(seg, out, err);
		goto out;
	}

	/* *.mybigcommerce.com: only store-{hash}.mybigcommerce.com carries the hash. */
	if (strncasecmp(host, cp_prefix, strlen(cp_prefix)) != 0 ||
	    strlen(host) == strlen(cp_prefix) + strlen(cp_suffix)) {
		st = bc_fail(err, BC_ERR_INPUT,
			     "%s is the store's address and carries no store hash: paste "
			     "the API path instead (https://api.bigcommerce.com/stores/.../v3/)",
			     echo_ok(host) ? host : "this (not repeated: it may be a secret)");
		goto out;
	}
	{
		size_t n = strlen(host) - strlen(cp_prefix) - strlen(cp_suffix);
		if (n >= sizeof seg)
			n = sizeof seg - 1;
		memcpy(seg, host + strlen(cp_prefix), n);
		seg[n] = '\0';
	}
	out->kind = strncasecmp(path, "/api/", 5) == 0 ? APIPATH_LEGACY : APIPATH_CONTROL_PANEL;
	st = apipath_check_hash(seg, out, err);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(path);
	if (user)
		sodium_memzero(user, strlen(user));
	if (pass)
		sodium_memzero(pass, strlen(pass));
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	return st;
}

enum bc_status apipath_check_redirect(const char *url, struct bc_err *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL;
	enum bc_status st = BC_OK;

	if (!u)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (!*url)
		st = bc_fail(err, BC_ERR_INPUT, "paste the integration's callback URL");
	else if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
		 curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
		 curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		st = bc_fail(err, BC_ERR_INPUT, "not a web address: paste the whole callback URL");
	else if (strcasecmp(scheme, "https") != 0)
		st = bc_fail(err, BC_ERR_INPUT, "a callback URL starts with https://");
	else if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK)
		st = bc_fail(err, BC_ERR_INPUT,
			     "a callback URL carries no user name or password (the part before "
			     "'@')");
	curl_free(scheme);
	curl_free(host);
	if (user)
		sodium_memzero(user, strlen(user));
	curl_free(user);
	curl_url_cleanup(u);
	return st;
}

/* Takes off what obviously wraps a pasted address: the angle brackets of an
 * e-mail, quotes (straight or curly, as word processors and chat apps write
 * them), parentheses, and a sentence's last full stop or comma. In place;
 * returns the new length. */
static size_t unwrap(char *buf)
{
	static const struct {
		const char *open, *close;
	} pairs[] = {
		{"<", ">"},
		{"\"", "\""},
		{"'", "'"},
		{"`", "`"},
		{"(", ")"},
		{"[", "]"},
		{"\xe2\x80\x9c", "\xe2\x80\x9d"}, /* \u201c \u201d */
		{"\xe2\x80\x98", "\xe2\x80\x99"}, /* \u2018 \u2019 */
		{"\xc2\xab", "\xc2\xbb"},         /* \u00ab \u00bb */
	};
	size_t n = strlen(buf), i, lo, lc;
	int again = 1;

	while (again) {
		again = 0;
		while (n && (buf[n - 1] == '.' || buf[n - 1] == ',' || buf[n - 1] == ';')) {
			buf[--n] = '\0';
			again = 1;
		}
		for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
			lo = strlen(pairs[i].open);
			lc = strlen(pairs[i].close);
			if (n >= lo + lc && memcmp(buf, pairs[i].open, lo) == 0 &&
			    memcmp(buf + n - lc, pairs[i].close, lc) == 0) {
				memmove(buf, buf + lo, n - lo - lc);
				n -= lo + lc;
				buf[n] = '\0';
				again = 1;
			}
		}
	}
	return n;
}

enum bc_status apipath_parse(const char *text, struct apipath *out, struct bc_err *err)
{
	char buf[2048], *lt, *gt;
	const char *s = text, *e;
	size_t n, i;

	memset(out, 0, sizeof *out);
	if (!text)
		return bc_fail(err, BC_ERR_INPUT, "nothing was pasted");
	while (*s && is_space((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_space((unsigned char)e[-1]))
		e--;
	n = (size_t)(e - s);
	if (n == 0)
		return bc_fail(err, BC_ERR_INPUT, "nothing was pasted");
	if (n >= sizeof buf)
		return bc_fail(err, BC_ERR_INPUT, "%zu characters is far too long for an API path",
			       n);
	memcpy(buf, s, n);
	buf[n] = '\0';
	n = unwrap(buf);

	lt = strchr(buf, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	/* "{HASH}", "<hash>": a word in brackets where the hash goes. */
	if (strchr(buf, '{') || strchr(buf, '}') || (gt && !memchr(lt, '/', (size_t)(gt - lt))))
		return bc_fail(err, BC_ERR_INPUT,
			       "this is the example with its placeholder ({HASH}) still in it; "
			       "paste the API path of your own API account");
	if (strchr(buf, '<') || strchr(buf, '>'))
		return bc_fail(err, BC_ERR_INPUT,
			       "the pasted text has a '<' or '>' in it, as e-mail programs put "
			       "around links; paste the address alone");
	if (strstr(buf, "\xe2\x80\x9c") || strstr(buf, "\xe2\x80\x9d") ||
	    strstr(buf, "\xe2\x80\x98") || strstr(buf, "\xe2\x80\x99"))
		return bc_fail(err, BC_ERR_INPUT,
			       "the pasted text has a curly quote in it, as word processors and "
			       "chat apps write them; paste the address alone, without quotes");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (is_space(c))
			return bc_fail(err, BC_ERR_INPUT,
				       "there is a space or line break inside the pasted text; "
				       "paste only the API path");
		if (c < 0x20 || c == 0x7f)
			return bc_fail(err, BC_ERR_INPUT,
				       "the pasted text has a control character at position %zu",
				       i + 1);
		if (c >= 0x80)
			return bc_fail(err, BC_ERR_INPUT,
				       "the pasted text has a non-ASCII character at position %zu; "
				       "an API path is plain ASCII",
				       i + 1);
	}
	if (!strpbrk(buf, "/.:")) {
		out->kind = APIPATH_BARE;
		return apipath_check_hash(buf, out, err);
	}
	return from_url(buf, out, err);
}

int apipath_base(const char *api_path, char *buf, size_t size)
{
	char text[2048];
	const char *s;

	if (!api_path)
		return -1;
	/* The root of what apipath_parse read: the same wrapping taken off. */
	while (*api_path && is_space((unsigned char)*api_path))
		api_path++;
	if (snprintf(text, sizeof text, "%s", api_path) >= (int)sizeof text)
		return -1;
	unwrap(text);
	s = strstr(text, "/stores/");
	if (!s || (size_t)(s - text) >= size)
		return -1;
	memcpy(buf, text, (size_t)(s - text));
	buf[s - text] = '\0';
	return 0;
}

static int put(char *buf, size_t size, const char *base, const char *hash, const char *tail)
{
	size_t bl;
	int n;

	if (!base)
		base = APIPATH_DEFAULT_BASE;
	bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	n = snprintf(buf, size, "%.*s/stores/%s%s", (int)bl, base, hash, tail);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

int apipath_v3(const char *base, const char *hash, char *buf, size_t size)
{
	return put(buf, size, base, hash, "/v3/");
}

int apipath_store_root(const char *base, const char *hash, char *buf, size_t size)
{
	return put(buf, size, base, hash, "");
}
