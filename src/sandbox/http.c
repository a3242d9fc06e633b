/* libmicrohttpd glue: collects request bodies, applies the added latency,
 * compresses with gzip when asked, sets the rate-limit headers, and writes
 * one JSON line per request to the log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <zlib.h>

#include "http.h"
#include "sandbox.h"

struct request {
	char *body;
	size_t len, cap;
};

static FILE *log_file;
static char empty[1];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long next_conn_id;
static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;

void http_set_log(FILE *f)
{
	log_file = f;
}

void http_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		 enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)c;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		unsigned long *id = malloc(sizeof *id);
		pthread_mutex_lock(&conn_lock);
		*id = ++next_conn_id;
		pthread_mutex_unlock(&conn_lock);
		*socket_context = id;
	} else {
		free(*socket_context);
		*socket_context = NULL;
	}
}

static char *gzip(const char *in, size_t len, size_t *outlen)
{
	z_stream z = {0};
	size_t cap = compressBound((uLong)len) + 32;
	char *out = malloc(cap);

	if (!out || deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Requests being answered right now (routed, and not yet queued back). */
/* Whether the request carried the control panel's key (compared in
 * constant time: the difference of every byte is looked at). */
static int key_ok(const char *key, const char *given)
{
	size_t n = strlen(key), i;
	unsigned char d = 0;

	if (!given || strlen(given) != n || !n)
		return 0;
	for (i = 0; i < n; i++)
		d |= (unsigned char)(key[i] ^ given[i]);
	return d == 0;
}

static int active;
static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;

static int active_add(int d)
{
	int v;

	pthread_mutex_lock(&active_lock);
	v = active += d;
	pthread_mutex_unlock(&active_lock);
	return v;
}

static void log_request(unsigned long conn, const char *method, const char *url,
			const struct sb_reply *r, int gz, int in_flight)
{
	cJSON *o;
	char *line;

	if (!log_file)
		return;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "conn", (double)conn);
	cJSON_AddStringToObject(o, "method", method);
	cJSON_AddStringToObject(o, "path", url);
	cJSON_AddNumberToObject(o, "status", r->status);
	cJSON_AddBoolToObject(o, "would_change", r->would_change);
	cJSON_AddBoolToObject(o, "gzip", gz);
	cJSON_AddNumberToObject(o, "active", in_flight);
	if (r->store)
		cJSON_AddStringToObject(o, "store", r->store);
	line = cJSON_PrintUnformatted(o);
	pthread_mutex_lock(&log_lock);
	fprintf(log_file, "%s\n", line);
	fflush(log_file);
	pthread_mutex_unlock(&log_lock);
	free(line);
	cJSON_Delete(o);
}

static void add_num(struct MHD_Response *resp, const char *name, long v)
{
	char b[32];

	snprintf(b, sizeof b, "%ld", v);
	MHD_add_response_header(resp, name, b);
}

enum MHD_Result http_handle(void *cls, struct MHD_Connection *c, const char *url,
			    const char *method, const char *version, const char *upload,
			    size_t *upload_size, void **con_cls)
{
	struct sb_state *st = cls;
	struct request *rq = *con_cls;
	struct sb_reply r = {0};
	struct MHD_Response *resp;
	const union MHD_ConnectionInfo *ci;
	const char *accept_enc, *token;
	char *out;
	size_t outlen = 0;
	int gz = 0, in_flight;
	enum MHD_Result ret;

	(void)version;
	if (!rq) {
		*con_cls = calloc(1, sizeof *rq);
		return *con_cls ? MHD_YES : MHD_NO;
	}
	if (*upload_size) {
		if (rq->len + *upload_size + 1 > rq->cap) {
			size_t cap = (rq->len + *upload_size + 1) * 2;
			char *nb = realloc(rq->body, cap);
			if (!nb)
				return MHD_NO;
			rq->body = nb;
			rq->cap = cap;
		}
		memcpy(rq->body + rq->len, upload, *upload_size);
		rq->len += *upload_size;
		rq->body[rq->len] = '\0';
		*upload_size = 0;
		return MHD_YES;
	}

	in_flight = active_add(1);
	token = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Auth-Token");
	if (strncmp(url, "/_sandbox/", 10) == 0) {
		/* The control panel answers only to the key in the port file. */
		if (!key_ok(st->control_key, token))
			r = (struct sb_reply){
				.status = 403,
				.body = strdup("{\"error\":\"the control panel needs its key (the "
					       "port file's second line) in X-Auth-Token\"}")};
		else
			sb_control(st, method, url, rq->body, rq->len, &r);
	} else {
		sb_route(st, method, url, token, rq->body, rq->len, &r);
	}
	if (r.latency_ms > 0)
		usleep((useconds_t)r.latency_ms * 1000);

	out = r.body;
	outlen = r.body ? strlen(r.body) : 0;
	accept_enc = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	if (outlen && accept_enc && strstr(accept_enc, "gzip")) {
		char *z = gzip(r.body, outlen, &outlen);
		if (z) {
			out = z;
			gz = 1;
		} else {
			outlen = strlen(r.body);
		}
	}
	resp = MHD_create_response_from_buffer(outlen, out ? out : empty, MHD_RESPMEM_MUST_COPY);
	if (gz)
		free(out);
	if (outlen || r.status != 204)
		MHD_add_response_header(resp, "Content-Type",
					r.content_type ? r.content_type : "application/json");
	if (gz)
		MHD_add_response_header(resp, "Content-Encoding", "gzip");
	if (r.rl_quota) {
		add_num(resp, "X-Rate-Limit-Time-Window-Ms", r.rl_window_ms);
		add_num(resp, "X-Rate-Limit-Time-Reset-Ms", r.rl_reset_ms);
		add_num(resp, "X-Rate-Limit-Requests-Quota", r.rl_quota);
		add_num(resp, "X-Rate-Limit-Requests-Left", r.rl_left);
	}
	if (r.retry_after)
		add_num(resp, "X-Retry-After", r.retry_after);
	active_add(-1);
	ret = MHD_queue_response(c, (unsigned)r.status, resp);
	MHD_destroy_response(resp);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	log_request(ci && ci->socket_context ? *(unsigned long *)ci->socket_context : 0, method,
		    url, &r, gz, in_flight);
	free(r.body);
	return ret;
}

void http_done(void *cls, struct MHD_Connection *c, void **con_cls,
	       enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq) {
		free(rq->body);
		free(rq);
	}
	*con_cls = NULL;
}
