/*
 * api.h - talking to the BigCommerce API with libcurl: which API roots are
 * allowed, and how every request is set up (timeouts, TLS, headers, no
 * redirects, no protocol but HTTP(S)). The token only ever goes into a
 * request header; it is in no URL, message or log.
 */
#ifndef BCSETUP_API_H
#define BCSETUP_API_H

#include <curl/curl.h>

#include "bcsetup/error.h"

struct api_opts {
	const char *cacert;      /* CA bundle, or NULL for the system's */
	long connect_timeout_ms; /* 0: 5000 */
	long timeout_ms;         /* per request; 0: 15000 */
	int max_host_conns;      /* connections per host; 0: 6 */
	int max_retries;         /* 429 retries per request; 0: 3 */
	long max_wait_ms;        /* the longest 429 wait accepted; 0: 35000 */
};

/* Checks an API root: http(s) only, http only to a loopback address, no
 * path beyond "/", no user or query. Returns BC_OK or BC_ERR_INPUT. */
enum bc_status api_check_base(const char *base, struct bc_err *err);

/* Whether url's host is a loopback address (127.0.0.0/8, ::1, localhost). */
int api_is_loopback(const char *url);

/* Where a token may be sent: CHOSEN (--api-base or $BCSETUP_API_BASE) when
 * given; else the root of API_PATH when it is a loopback address (the
 * practice store); else NULL, meaning BigCommerce. The answer is always
 * written into buf too ("" for BigCommerce), so a caller that keeps buf
 * never holds bytes nobody wrote. A root read from a credentials file is
 * never trusted beyond loopback. */
const char *api_root(const char *chosen, const char *api_path, char *buf, size_t size);

/* Applies the one transport policy to a request for url: timeouts, the CA
 * bundle, no redirects, HTTP(S) only, gzip, HTTP/2 over TLS where offered,
 * the User-Agent, and never a proxy for a loopback address (a token sent to
 * the practice store must not travel to a proxy in clear). errbuf, when not
 * NULL, gets curl's CURL_ERROR_SIZE-byte detail. */
void api_easy_setup(CURL *easy, const char *url, const struct api_opts *a, char *errbuf);

/* Fills zeros in o with the defaults. */
void api_defaults(struct api_opts *o);

/* An answer's body, collected by api_collect (a CURLOPT_WRITEFUNCTION with
 * the struct as CURLOPT_WRITEDATA): NUL-terminated, at most limit bytes (0:
 * API_BODY_MAX). Past the limit the transfer fails, unless keep_reading is
 * set: then the rest is dropped, counted in cut, and the answer is judged
 * on what came. api_body_free it. */
#define API_BODY_MAX (1u << 20)
struct api_body {
	char *p;
	size_t n;
	size_t limit;
	int keep_reading;
	size_t cut;
};
size_t api_collect(char *data, size_t size, size_t nmemb, void *userp);
/* Wipes and frees an answer's body; the struct can collect again. */
void api_body_free(struct api_body *b);

/* The headers of a request to the API: X-Auth-Token when token is given
 * (put together in guarded memory), Accept: application/json, and with
 * json_body Content-Type: application/json. NULL when out of memory.
 * api_headers_free wipes the token out of them. */
struct curl_slist *api_headers(const char *token, int json_body);
void api_headers_free(struct curl_slist *h);

/* One request under the transport policy (api_easy_setup): METHOD (NULL: GET,
 * or POST when BODY is given) to URL, with X-Auth-Token when TOKEN is given.
 * On BC_OK *status is the HTTP status and out the body (api_body_free it);
 * BC_ERR_NETWORK with libcurl's reason when no answer came. */
enum bc_status api_fetch(const struct api_opts *opts, const char *url, const char *method,
			 const char *token, const char *body, long *status, struct api_body *out,
			 struct bc_err *err);

/* "bcsetup/VERSION libcurl/VERSION" */
const char *api_user_agent(void);

#endif
