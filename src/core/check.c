#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <sodium.h>

#include "bcsetup/apipath.h"
#include "bcsetup/check.h"

#define BODY_MAX (1u << 20)
#define NO_STATUS 0

#define CHECK_KIND_WORD(name, word) [name] = word,
static const char *const kind_words[] = {CHECK_KIND_LIST(CHECK_KIND_WORD)};
#undef CHECK_KIND_WORD

const char *check_kind_word(enum check_kind k)
{
	return kind_words[k];
}

enum req_kind { RQ_TIME, RQ_READ, RQ_WRITE };

struct req {
	struct job *job;
	enum req_kind kind;
	int scope; /* -1 for /v2/time */
	char url[512];
	const char *method, *path, *body;
	CURL *easy;
	int in_multi;
	long status;
	CURLcode code;
	char curl_err[CURL_ERROR_SIZE];
	int tries;
	int finished; /* answered (or failed) for good: no retry pending */
	long long due_ms; /* when a 429 retry may go */
	long reset_ms;
	char *resp;
	size_t resp_len;
	int keep_body;
	struct req *next_due;
};

struct job {
	const struct check_target *t;
	struct check_result *r;
	int index;
	int started, done, pending;
	struct curl_slist *headers;
	struct req time;
	struct req *probes; /* 2 per scope: read at 2i, write at 2i+1 */
	long long t0;
};

struct engine {
	const struct scope_catalogue *cat;
	const struct check_opts *o;
	CURLM *multi;
	struct job *jobs;
	int n, running_jobs, aborted;
	struct req *due; /* 429 retries waiting for their time */
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct req *rq = userp;
	size_t n = size * nmemb;
	char *nb;

	if (!rq->keep_body || rq->resp_len + n > BODY_MAX)
		return n;
	nb = realloc(rq->resp, rq->resp_len + n + 1);
	if (!nb)
		return 0;
	rq->resp = nb;
	memcpy(rq->resp + rq->resp_len, data, n);
	rq->resp_len += n;
	rq->resp[rq->resp_len] = '\0';
	return n;
}

static long header_num(const char *line, size_t n, const char *name)
{
	size_t l = strlen(name);
	char buf[32];
	size_t k;

	if (n <= l + 1 || strncasecmp(line, name, l) != 0 || line[l] != ':')
		return -1;
	line += l + 1;
	n -= l + 1;
	while (n && (*line == ' ' || *line == '\t')) {
		line++;
		n--;
	}
	for (k = 0; k < n && k < sizeof buf - 1 && line[k] >= '0' && line[k] <= '9'; k++)
		buf[k] = line[k];
	buf[k] = '\0';
	return k ? atol(buf) : -1;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userp)
{
	struct req *rq = userp;
	size_t n = size * nmemb;
	long v;

	if ((v = header_num(line, n, "X-Rate-Limit-Time-Reset-Ms")) >= 0)
		rq->reset_ms = v;
	else if ((v = header_num(line, n, "X-Rate-Limit-Requests-Left")) >= 0)
		rq->job->r->rate_left = v;
	else if ((v = header_num(line, n, "X-Rate-Limit-Requests-Quota")) >= 0)
		rq->job->r->rate_quota = v;
	else if ((v = header_num(line, n, "X-Retry-After")) >= 0 && rq->reset_ms < 0)
		rq->reset_ms = v * 1000;
	return n;
}

static int setup_req(struct engine *e, struct job *j, struct req *rq)
{
	const struct api_opts *a = &e->o->api;
	const char *base = j->t->base ? j->t->base : APIPATH_DEFAULT_BASE;
	size_t bl = strlen(base);

	while (bl && base[bl - 1] == '/')
		bl--;
	snprintf(rq->url, sizeof rq->url, "%.*s/stores/%s%s", (int)bl, base, j->t->hash, rq->path);
	rq->job = j;
	rq->easy = curl_easy_init();
	if (!rq->easy)
		return -1;
	curl_easy_setopt(rq->easy, CURLOPT_URL, rq->url);
	curl_easy_setopt(rq->easy, CURLOPT_PRIVATE, rq);
	curl_easy_setopt(rq->easy, CURLOPT_HTTPHEADER, j->headers);
	curl_easy_setopt(rq->easy, CURLOPT_USERAGENT, api_user_agent());
	curl_easy_setopt(rq->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(rq->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(rq->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(rq->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(rq->easy, CURLOPT_CONNECTTIMEOUT_MS, a->connect_timeout_ms);
	curl_easy_setopt(rq->easy, CURLOPT_TIMEOUT_MS, a->timeout_ms);
	curl_easy_setopt(rq->easy, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(rq->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(rq->easy, CURLOPT_ERRORBUFFER, rq->curl_err);
	curl_easy_setopt(rq->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(rq->easy, CURLOPT_WRITEDATA, rq);
	curl_easy_setopt(rq->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(rq->easy, CURLOPT_HEADERDATA, rq);
	if (a->cacert)
		curl_easy_setopt(rq->easy, CURLOPT_CAINFO, a->cacert);
	if (strcmp(rq->method, "GET") != 0) {
		curl_easy_setopt(rq->easy, CURLOPT_CUSTOMREQUEST, rq->method);
		curl_easy_setopt(rq->easy, CURLOPT_POSTFIELDS, rq->body ? rq->body : "{}");
	}
	return 0;
}

static void start_req(struct engine *e, struct req *rq)
{
	free(rq->resp);
	rq->resp = NULL;
	rq->resp_len = 0;
	rq->reset_ms = -1;
	rq->status = NO_STATUS;
	rq->curl_err[0] = '\0';
	rq->tries++;
	rq->job->r->requests++;
	if (curl_multi_add_handle(e->multi, rq->easy) == CURLM_OK)
		rq->in_multi = 1;
}

/* Wipes the token out of the header list before freeing it. */
static void free_headers(struct curl_slist *h)
{
	struct curl_slist *p;

	for (p = h; p; p = p->next)
		sodium_memzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static void release_req(struct engine *e, struct req *rq)
{
	if (rq->easy) {
		if (rq->in_multi)
			curl_multi_remove_handle(e->multi, rq->easy);
		curl_easy_cleanup(rq->easy);
	}
	rq->easy = NULL;
	rq->in_multi = 0;
	free(rq->resp);
	rq->resp = NULL;
}

static void fail_job(struct job *j, enum check_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail_job(struct job *j, enum check_kind k, const char *fmt, ...)
{
	va_list ap;

	if (j->r->kind != CHECK_OK)
		return;
	j->r->kind = k;
	va_start(ap, fmt);
	vsnprintf(j->r->message, sizeof j->r->message, fmt, ap);
	va_end(ap);
}

static enum check_kind curl_kind(CURLcode c)
{
	switch (c) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_USE_SSL_FAILED:
		return CHECK_TLS;
	default:
		return CHECK_NETWORK;
	}
}

static void fail_transport(struct engine *e, struct job *j, const struct req *rq)
{
	if (rq->code == CURLE_OPERATION_TIMEDOUT)
		fail_job(j, CHECK_NETWORK, "no answer from %s within %.1f s", rq->url,
			 e->o->api.timeout_ms / 1000.0);
	else
		fail_job(j, curl_kind(rq->code), "%s: %s", curl_easy_strerror(rq->code),
			 rq->curl_err[0] ? rq->curl_err : "no detail");
}

/* What the first, scope-less request's answer says about token and hash. */
static void judge_time(struct engine *e, struct job *j, const struct req *rq)
{
	const char *h = j->t->hash;

	if (rq->code != CURLE_OK)
		fail_transport(e, j, rq);
	else if (rq->status == 401)
		fail_job(j, CHECK_AUTH,
			 "the access token was refused (401): the token is wrong, or its API "
			 "account was deleted");
	else if (rq->status == 403)
		fail_job(j, CHECK_AUTH,
			 "refused (403) before any scope was needed: the token probably belongs "
			 "to another store than %s",
			 h);
	else if (rq->status == 404)
		fail_job(j, CHECK_STORE,
			 "no store answers to the hash %s (404): the store hash is likely wrong", h);
	else if (rq->status == 429)
		fail_job(j, CHECK_RATE_LIMIT,
			 "the store's rate limit stayed exhausted after %d tries; try again in a "
			 "minute",
			 rq->tries);
	else if (rq->status == 503)
		fail_job(j, CHECK_STORE,
			 "the store is unavailable (503): it may be suspended or in maintenance");
	else if (rq->status >= 500)
		fail_job(j, CHECK_SERVER, "the API answered %ld; try again later", rq->status);
	else if (rq->status != 200)
		fail_job(j, CHECK_SERVER, "unexpected answer %ld to GET /v2/time", rq->status);
}

/* Queues the scope probes of a job whose token was accepted. */
static int plan_probes(struct engine *e, struct job *j)
{
	const struct scope_catalogue *cat = e->cat;
	int i, planned = 0;
	long need;

	j->probes = calloc((size_t)cat->n * 2, sizeof *j->probes);
	if (!j->probes)
		return -1;
	for (i = 0; i < cat->n; i++) {
		const struct scope *s = &cat->scopes[i];
		struct req *rd = &j->probes[2 * i], *wr = &j->probes[2 * i + 1];
		int req_write = j->t->required[i] > 0 && j->t->required[i] == s->nlevels - 1;
		if (s->read.method) {
			rd->kind = RQ_READ;
			rd->scope = i;
			rd->method = s->read.method;
			rd->path = s->read.path;
			rd->keep_body = strcmp(s->read.path, "/v2/store") == 0;
			if (setup_req(e, j, rd) != 0)
				return -1;
			planned++;
		}
		/* A scope whose only probe is a write (Create Payments) needs it to say
		 * anything; others only when a write level is required, or --deep. */
		if (s->write.method && !e->o->read_only &&
		    (e->o->deep || req_write || !s->read.method)) {
			wr->kind = RQ_WRITE;
			wr->scope = i;
			wr->method = s->write.method;
			wr->path = s->write.path;
			wr->body = s->write.body;
			if (setup_req(e, j, wr) != 0)
				return -1;
			planned++;
		}
	}
	/* Leave the store's other apps their share of the window. */
	need = planned + (j->r->rate_quota > 0 ? j->r->rate_quota / 10 : 0);
	for (i = 0; i < cat->n * 2; i++) {
		struct req *rq = &j->probes[i];
		if (!rq->easy)
			continue;
		j->pending++;
		if (j->r->rate_left >= 0 && j->r->rate_left < need && j->time.reset_ms > 0) {
			j->r->waited_ms = j->time.reset_ms;
			rq->due_ms = now_ms() + j->time.reset_ms;
			rq->tries = 0;
			rq->next_due = e->due;
			e->due = rq;
		} else {
			start_req(e, rq);
		}
	}
	return 0;
}

/* Turns a job's probe answers into per-scope evidence. */
static void gather_evidence(struct engine *e, struct job *j)
{
	const struct scope_catalogue *cat = e->cat;
	struct check_result *r = j->r;
	int i, held[64] = {0};

	/* First pass: which scopes' read probes passed (for also_granted_by). */
	for (i = 0; i < cat->n; i++) {
		const struct req *rd = &j->probes[2 * i];
		held[i] = rd->finished && rd->code == CURLE_OK && rd->status != 403 &&
			  rd->status >= 200 && rd->status < 500 && rd->status != 401 &&
			  rd->status != 429;
	}
	for (i = 0; i < cat->n; i++) {
		const struct scope *s = &cat->scopes[i];
		const struct req *rd = &j->probes[2 * i], *wr = &j->probes[2 * i + 1];
		struct scope_evidence *ev = &r->ev[i];
		int rstate = -1, wstate = -1; /* -1 not asked, 0 refused, 1 held, 2 unclear */
		const struct req *both[2] = {rd, wr};
		int *state[2] = {&rstate, &wstate};
		const struct scope_probe *pr[2] = {&s->read, &s->write};
		size_t off = 0;
		int k;

		for (k = 0; k < 2; k++) {
			const struct req *q = both[k];
			if (!q->easy)
				continue;
			if (!q->finished) {
				*state[k] = 2;
				continue;
			}
			if (q->code != CURLE_OK) {
				*state[k] = 2;
				off += (size_t)snprintf(ev->text + off, sizeof ev->text - off,
							"%s%s %s failed", off ? "; " : "", q->method,
							q->path);
				fail_transport(e, j, q);
				continue;
			}
			if (q->status == 403)
				*state[k] = 0;
			else if (q->status >= 500 || q->status == 429 || q->status == 401) {
				*state[k] = 2;
				fail_job(j, q->status == 429 ? CHECK_RATE_LIMIT : CHECK_SERVER,
					 "%s %s answered %ld; its scope could not be judged", q->method,
					 q->path, q->status);
			} else if (pr[k]->also_granted_by >= 0 && held[pr[k]->also_granted_by])
				*state[k] = 2; /* the other scope opens it too: not decisive */
			else
				*state[k] = 1;
			if (off < sizeof ev->text)
				off += (size_t)snprintf(ev->text + off, sizeof ev->text - off,
							"%s%s %s -> %ld%s", off ? "; " : "", q->method,
							q->path, q->status,
							*state[k] == 2 && q->status != 429 && q->status < 500
								? " (also opened by another scope)"
								: "");
		}
		if (off >= sizeof ev->text)
			off = sizeof ev->text - 1;
		if (wstate == 1) {
			ev->granted = s->nlevels - 1;
			ev->at_least = 0;
		} else if (rstate == 0) {
			/* A GET accepts either id: refused means neither is held. */
			ev->granted = 0;
			ev->at_least = 0;
		} else if (wstate == 0) {
			ev->granted = rstate == 1 ? 1 : (rstate == -1 && s->nlevels == 2 ? 0 : LEVEL_UNKNOWN);
			ev->at_least = 0;
			if (rstate == 2)
				ev->granted = LEVEL_UNKNOWN;
		} else if (rstate == 1) {
			ev->granted = 1;
			ev->at_least = s->nlevels > 2;
			if (ev->at_least && off + 2 < sizeof ev->text)
				snprintf(ev->text + off, sizeof ev->text - off, "%s",
					 s->write.method ? "; write not probed" : "; modify cannot be probed");
		} else {
			ev->granted = LEVEL_UNKNOWN;
			ev->at_least = 0;
			if (!off)
				snprintf(ev->text, sizeof ev->text, "%s",
					 s->unverifiable ? s->unverifiable : "not probed");
		}
	}
}

static void parse_store(struct job *j, const struct req *rq)
{
	cJSON *d;
	const char *v;

	if (!rq->resp || rq->status != 200)
		return;
	d = cJSON_Parse(rq->resp);
	if (!cJSON_IsObject(d)) {
		cJSON_Delete(d);
		return;
	}
	j->r->have_store = 1;
	v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "name"));
	snprintf(j->r->store_name, sizeof j->r->store_name, "%s", v ? v : "");
	v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "domain"));
	snprintf(j->r->store_domain, sizeof j->r->store_domain, "%s", v ? v : "");
	v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "plan_name"));
	snprintf(j->r->store_plan, sizeof j->r->store_plan, "%s", v ? v : "");
	cJSON_Delete(d);
}

static void finish_job(struct engine *e, struct job *j)
{
	struct check_result *r = j->r;
	int i, failing = 0;
	size_t off;

	if (j->probes) {
		gather_evidence(e, j);
		coverage_compute(e->cat, j->t->required, r->ev, &r->cov);
		r->probed = 1;
		if (r->cov.failing && r->kind == CHECK_OK) {
			r->kind = CHECK_SCOPE;
			off = (size_t)snprintf(r->message, sizeof r->message,
					       "%d required scope%s not held: ", r->cov.failing,
					       r->cov.failing == 1 ? " is" : "s are");
			for (i = 0; i < e->cat->n && off < sizeof r->message; i++) {
				if (!coverage_fails(r->cov.rows[i].verdict))
					continue;
				off += (size_t)snprintf(r->message + off, sizeof r->message - off,
							"%s%s (%s needed)", failing++ ? ", " : "",
							e->cat->scopes[i].name,
							e->cat->scopes[i].levels[j->t->required[i]]);
			}
		}
		for (i = 0; i < e->cat->n * 2; i++)
			release_req(e, &j->probes[i]);
		free(j->probes);
		j->probes = NULL;
	}
	release_req(e, &j->time);
	free_headers(j->headers);
	j->headers = NULL;
	r->ok = r->kind == CHECK_OK;
	r->elapsed_ms = (long)(now_ms() - j->t0);
	j->done = 1;
	e->running_jobs--;
	if (e->o->progress && e->o->progress(e->o->ctx, j->index, -2, r))
		e->aborted = 1;
}

static int start_job(struct engine *e, struct job *j)
{
	char *hdr;
	size_t n = strlen(j->t->token) + 16;

	j->started = 1;
	j->t0 = now_ms();
	j->r->rate_left = j->r->rate_quota = -1;
	e->running_jobs++;
	hdr = sodium_malloc(n);
	if (!hdr)
		return -1;
	snprintf(hdr, n, "X-Auth-Token: %s", j->t->token);
	j->headers = curl_slist_append(NULL, hdr);
	sodium_free(hdr);
	j->headers = curl_slist_append(j->headers, "Accept: application/json");
	j->headers = curl_slist_append(j->headers, "Content-Type: application/json");
	j->time.kind = RQ_TIME;
	j->time.scope = -1;
	j->time.method = "GET";
	j->time.path = "/v2/time";
	if (!j->headers || setup_req(e, j, &j->time) != 0)
		return -1;
	start_req(e, &j->time);
	return 0;
}

/* A request finished (or failed): retry a 429, or account for it. */
static void completed(struct engine *e, struct req *rq)
{
	struct job *j = rq->job;
	long conns = 0;

	curl_multi_remove_handle(e->multi, rq->easy);
	rq->in_multi = 0;
	curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &rq->status);
	curl_easy_getinfo(rq->easy, CURLINFO_NUM_CONNECTS, &conns);
	j->r->connections += (int)conns;
	if (rq->code == CURLE_OK && rq->status == 429 && rq->tries <= e->o->api.max_retries) {
		long wait = rq->reset_ms >= 0 ? rq->reset_ms : 1000 * rq->tries;
		if (wait <= e->o->api.max_wait_ms) {
			rq->due_ms = now_ms() + wait;
			rq->next_due = e->due;
			e->due = rq;
			return;
		}
	}
	rq->finished = 1;
	if (rq->kind == RQ_TIME) {
		judge_time(e, j, rq);
		if (j->r->kind == CHECK_OK && !e->o->time_only && plan_probes(e, j) != 0)
			fail_job(j, CHECK_SERVER, "out of memory");
		/* After planning, so that a wait for the rate-limit window shows. */
		if (e->o->progress && e->o->progress(e->o->ctx, j->index, -1, j->r))
			e->aborted = 1;
		if (j->r->kind != CHECK_OK || j->pending == 0)
			finish_job(e, j);
		return;
	}
	if (rq->keep_body)
		parse_store(j, rq);
	if (e->o->progress && e->o->progress(e->o->ctx, j->index, rq->scope, j->r))
		e->aborted = 1;
	if (--j->pending == 0)
		finish_job(e, j);
}

static long start_due(struct engine *e)
{
	struct req **pp = &e->due, *rq;
	long long now = now_ms(), next = -1;

	while ((rq = *pp)) {
		if (rq->due_ms <= now) {
			*pp = rq->next_due;
			start_req(e, rq);
			continue;
		}
		if (next < 0 || rq->due_ms < next)
			next = rq->due_ms;
		pp = &rq->next_due;
	}
	return next < 0 ? -1 : (long)(next - now);
}

enum bc_status check_run(const struct scope_catalogue *cat, const struct check_opts *o,
			 const struct check_target *t, struct check_result *results, int n,
			 struct bc_err *err)
{
	struct check_opts opts = *o;
	struct engine e = {.cat = cat, .o = &opts, .n = n};
	int i, next = 0, still;
	enum bc_status st = BC_OK;

	api_defaults(&opts.api);
	if (!opts.stores_at_once)
		opts.stores_at_once = 8;
	for (i = 0; i < n; i++)
		if (t[i].base && (st = api_check_base(t[i].base, err)) != BC_OK)
			return st;
	e.multi = curl_multi_init();
	e.jobs = calloc((size_t)(n ? n : 1), sizeof *e.jobs);
	if (!e.multi || !e.jobs) {
		curl_multi_cleanup(e.multi);
		free(e.jobs);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	curl_multi_setopt(e.multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(e.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)opts.api.max_host_conns);
	curl_multi_setopt(e.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  (long)opts.api.max_host_conns * 2);
	for (i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof results[i]);
		e.jobs[i].t = &t[i];
		e.jobs[i].r = &results[i];
		e.jobs[i].index = i;
	}
	for (;;) {
		CURLMsg *m;
		int left;
		long wait;

		while (!e.aborted && next < n && e.running_jobs < opts.stores_at_once) {
			if (start_job(&e, &e.jobs[next]) != 0) {
				fail_job(&e.jobs[next], CHECK_SERVER, "out of memory");
				finish_job(&e, &e.jobs[next]);
			}
			next++;
		}
		if (e.aborted || (next >= n && e.running_jobs == 0))
			break;
		wait = start_due(&e);
		curl_multi_perform(e.multi, &still);
		while ((m = curl_multi_info_read(e.multi, &left))) {
			struct req *rq;
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&rq);
			rq->code = m->data.result;
			completed(&e, rq);
		}
		if (e.aborted)
			break;
		curl_multi_poll(e.multi, NULL, 0, wait >= 0 && wait < 100 ? (int)wait + 1 : 100,
				NULL);
		/* A tick, so that a screen can redraw and notice its abort key. */
		if (opts.progress && opts.progress(opts.ctx, -1, CHECK_TICK, NULL))
			e.aborted = 1;
	}
	for (i = 0; i < n; i++) {
		struct job *j = &e.jobs[i];
		if (j->done)
			continue;
		if (j->started) {
			fail_job(j, CHECK_ABORTED, "the check was stopped before it finished");
			finish_job(&e, j);
		} else {
			results[i].kind = CHECK_ABORTED;
			snprintf(results[i].message, sizeof results[i].message,
				 "the check was stopped before it started");
		}
	}
	curl_multi_cleanup(e.multi);
	free(e.jobs);
	return BC_OK;
}
