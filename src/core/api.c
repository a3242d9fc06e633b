#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <sodium.h>

#include "bcsetup/api.h"
#include "bcsetup/apipath.h"

static int loopback_host(const char *host)
{
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
	    strcmp(host, "::1") == 0)
		return 1;
	if (strncmp(host, "127.", 4) == 0) {
		int a, b, c, d;
		char tail;
		return sscanf(host, "%d.%d.%d.%d%c", &a, &b, &c, &d, &tail) == 4 && a == 127 &&
		       b >= 0 && b < 256 && c >= 0 && c < 256 && d >= 0 && d < 256;
	}
	return 0;
}

int api_is_loopback(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	int lb = 0;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		lb = loopback_host(host);
	curl_free(host);
	curl_url_cleanup(u);
	return lb;
}

enum bc_status api_check_base(const char *base, struct bc_err *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *path = NULL, *user = NULL, *query = NULL;
	enum bc_status st = BC_OK;

	if (!u)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		st = bc_fail(err, BC_ERR_INPUT, "the API root '%s' is not a URL", base);
		goto out;
	}
	curl_url_get(u, CURLUPART_PATH, &path, 0);
	curl_url_get(u, CURLUPART_USER, &user, 0);
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	if (strcasecmp(scheme, "https") != 0 && strcasecmp(scheme, "http") != 0)
		st = bc_fail(err, BC_ERR_INPUT, "the API root must be https://, not %s://", scheme);
	else if (strcasecmp(scheme, "http") == 0 && !loopback_host(host))
		st = bc_fail(err, BC_ERR_INPUT,
			     "refusing to send a token over plain http:// to %s; http:// is "
			     "allowed only for a loopback address",
			     host);
	else if (user || query || (path && strcmp(path, "/") != 0))
		st = bc_fail(err, BC_ERR_INPUT,
			     "the API root is a bare address such as https://api.bigcommerce.com");
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(path);
	curl_free(user);
	curl_free(query);
	curl_url_cleanup(u);
	return st;
}

const char *api_root(const char *chosen, const char *api_path, char *buf, size_t size)
{
	if (chosen && snprintf(buf, size, "%s", chosen) < (int)size)
		return buf;
	if (chosen)
		return chosen; /* too long for buf: refused where it is used */
	if (api_path && api_is_loopback(api_path) && apipath_base(api_path, buf, size) == 0)
		return buf;
	if (size)
		buf[0] = '\0';
	return NULL;
}

void api_easy_setup(CURL *easy, const char *url, const struct api_opts *a, char *errbuf)
{
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, api_user_agent());
	curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, a->connect_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, a->timeout_ms);
	curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	if (errbuf) {
		errbuf[0] = '\0';
		curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
	}
	if (a->cacert)
		curl_easy_setopt(easy, CURLOPT_CAINFO, a->cacert);
	if (api_is_loopback(url))
		curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
}

void api_defaults(struct api_opts *o)
{
	if (!o->connect_timeout_ms)
		o->connect_timeout_ms = 5000;
	if (o->timeout_ms <= 0)
		o->timeout_ms = 15000;
	if (o->connect_timeout_ms > o->timeout_ms)
		o->connect_timeout_ms = o->timeout_ms;
	if (!o->max_host_conns)
		o->max_host_conns = 6;
	if (!o->max_retries)
		o->max_retries = 3;
	if (!o->max_wait_ms)
		o->max_wait_ms = 35000;
}

const char *api_user_agent(void)
{
	static char ua[96];

	if (!ua[0])
		snprintf(ua, sizeof ua, "bcsetup/%s libcurl/%s", BCSETUP_VERSION,
			 curl_version_info(CURLVERSION_NOW)->version);
	return ua;
}

size_t api_collect(char *data, size_t size, size_t nmemb, void *userp)
{
	struct api_body *b = userp;
	size_t n = size * nmemb, limit = b->limit ? b->limit : API_BODY_MAX;
	char *np;

	if (b->n + n > limit) {
		b->cut += n;
		/* 0 makes libcurl fail the transfer. */
		return b->keep_reading ? n : 0;
	}
	if (!(np = realloc(b->p, b->n + n + 1)))
		return 0;
	memcpy(np + b->n, data, n);
	b->p = np;
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

struct curl_slist *api_headers(const char *token, int json_body)
{
	struct curl_slist *h = NULL, *next;
	size_t n;
	char *auth;

	if (token) {
		n = strlen(token) + sizeof "X-Auth-Token: ";
		if (!(auth = sodium_malloc(n)))
			return NULL;
		snprintf(auth, n, "X-Auth-Token: %s", token);
		h = curl_slist_append(NULL, auth);
		sodium_free(auth);
		if (!h)
			return NULL;
	}
	if (!(next = curl_slist_append(h, "Accept: application/json")))
		goto fail;
	h = next;
	if (json_body) {
		if (!(next = curl_slist_append(h, "Content-Type: application/json")))
			goto fail;
		h = next;
	}
	return h;
fail:
	api_headers_free(h);
	return NULL;
}

void api_headers_free(struct curl_slist *h)
{
	struct curl_slist *p;

	for (p = h; p; p = p->next)
		sodium_memzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

enum bc_status api_fetch(const struct api_opts *opts, const char *url, const char *method,
			 const char *token, const char *body, long *status, struct api_body *out,
			 struct bc_err *err)
{
	struct api_opts o = *opts;
	struct curl_slist *hdr;
	char errbuf[CURL_ERROR_SIZE];
	CURLcode rc;
	CURL *c;

	*status = 0;
	memset(out, 0, sizeof *out);
	api_defaults(&o);
	if (!(hdr = api_headers(token, body != NULL)))
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	if (!(c = curl_easy_init())) {
		api_headers_free(hdr);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	api_easy_setup(c, url, &o, errbuf);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (method)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, api_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(c);
	api_headers_free(hdr);
	if (rc != CURLE_OK) {
		int cut = out->cut > 0;
		api_body_free(out);
		if (cut)
			return bc_fail(err, BC_ERR_NETWORK, "the answer was longer than %u bytes",
				       API_BODY_MAX);
		return bc_fail(err, BC_ERR_NETWORK, "%s",
			       errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
	return BC_OK;
}

void api_body_free(struct api_body *b)
{
	/* An answer may hold a token (the practice store's new accounts). */
	if (b->p)
		sodium_memzero(b->p, b->n);
	free(b->p);
	b->p = NULL;
	b->n = b->cut = 0;
}
