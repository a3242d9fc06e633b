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
#include "bcsetup/text.h"
#include "verdict.h"

/* What is kept of a probe's answer whose verdict needs only its status and
 * message; /v2/store's, whose fields are read, is kept up to API_BODY_MAX. */
#define PROBE_BODY_KEPT 16384u
#define HEADER_NUM_MAX  999999999L /* 9 digits: no header value overflows a long */
#define NO_STATUS       0

#define CHECK_KIND_WORD(name, word) [name] = (word),
static const char *const kind_words[] = {CHECK_KIND_LIST(CHECK_KIND_WORD)};
#undef CHECK_KIND_WORD

int check_conclusive(const struct check_result *r)
{
	switch (r->kind) {
	case CHECK_NETWORK:
	case CHECK_TLS:
	case CHECK_RATE_LIMIT:
	case CHECK_ABORTED: return 0;
	case CHECK_SERVER: return r->nalerts > 0;
	default: return 1;
	}
}

const char *check_kind_word(enum check_kind k)
{
	if ((unsigned)k >= sizeof kind_words / sizeof kind_words[0] || !kind_words[k])
		return "unknown";
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
	int finished;                  /* answered (or failed) for good: no retry pending */
	long long due_ms;              /* when a 429 retry may go */
	long reset_ms, retry_after_ms; /* -1 when the answer had none */
	char ctype[64];
	struct api_body resp; /* judged on what came: the rest is dropped */
	int keep_body;
	struct req *next_due;
	int queued; /* waiting for a free stream (engine.queue) */
	struct req *next_queued;
	struct req *next_failed; /* engine.failed */
	int failing;             /* on engine.failed */
};

/* A store being checked. The engine keeps one per store in flight, reused. */
struct job {
	const struct check_target *t; /* &slot.t */
	struct check_slot slot;
	struct check_result *r; /* check_run's results[index], or own */
	struct check_result *own;
	int index;
	int busy, pending;
	struct curl_slist *headers;
	struct req time;
	struct req *probes; /* 2 per scope: read at 2i, write at 2i+1 */
	long long t0;
};

struct engine {
	const struct scope_catalogue *cat;
	const struct check_opts *o;
	const struct check_feed *feed;
	struct check_result *results; /* check_run's, or NULL: each job's own */
	CURLM *multi;
	struct job *jobs;
	int njobs; /* the most stores ever in flight at once */
	int n, running_jobs, aborted;
	struct req *due; /* 429 retries waiting for their time */
	/* Requests on the wire are capped (max_streams); the others wait here,
	 * first come first sent. */
	int inflight, multiplexed;
	struct req *queue, *queue_tail;
	struct req *failed; /* could not be sent: judged by the main loop */
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
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
	if (!k)
		return -1;
	return k > 9 ? HEADER_NUM_MAX : atol(buf);
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
	else if ((v = header_num(line, n, "X-Retry-After")) >= 0)
		rq->retry_after_ms = v > HEADER_NUM_MAX / 1000 ? HEADER_NUM_MAX : v * 1000;
	return n;
}

/* The request's address, fixed when it is planned. Its libcurl handle is
 * made only as it goes on the wire (make_easy) and let go as soon as its
 * answer is read: a queued request costs its struct, not a handle. */
static void setup_req(struct job *j, struct req *rq)
{
	const char *base = j->t->base ? j->t->base : APIPATH_DEFAULT_BASE;
	size_t bl = strlen(base);

	while (bl && base[bl - 1] == '/')
		bl--;
	snprintf(rq->url, sizeof rq->url, "%.*s/stores/%s%s", (int)bl, base, j->t->hash, rq->path);
	rq->job = j;
}

static int make_easy(struct engine *e, struct req *rq)
{
	if (!(rq->easy = curl_easy_init()))
		return -1;
	api_easy_setup(rq->easy, rq->url, &e->o->api, rq->curl_err);
	curl_easy_setopt(rq->easy, CURLOPT_PRIVATE, rq);
	curl_easy_setopt(rq->easy, CURLOPT_HTTPHEADER, rq->job->headers);
	curl_easy_setopt(rq->easy, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(rq->easy, CURLOPT_WRITEFUNCTION, api_collect);
	curl_easy_setopt(rq->easy, CURLOPT_WRITEDATA, &rq->resp);
	curl_easy_setopt(rq->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(rq->easy, CURLOPT_HEADERDATA, rq);
	if (strcmp(rq->method, "GET") != 0) {
		curl_easy_setopt(rq->easy, CURLOPT_CUSTOMREQUEST, rq->method);
		curl_easy_setopt(rq->easy, CURLOPT_POSTFIELDS, rq->body);
	}
	return 0;
}

static void drop_easy(struct req *rq)
{
	curl_easy_cleanup(rq->easy);
	rq->easy = NULL;
}

/* How many requests may be on the wire: one per connection until an answer
 * shows that connections multiplex. A request handed to libcurl beyond that
 * would wait for a free connection inside it, and its timeout would count
 * the wait: an answer's time starts when its request can be sent. */
static int wire_cap(const struct engine *e)
{
	return e->multiplexed ? e->o->max_streams : e->o->api.max_host_conns;
}

/* Puts rq on the wire, or in the queue when wire_cap requests are in flight. */
static void send_req(struct engine *e, struct req *rq)
{
	if (e->inflight >= wire_cap(e)) {
		rq->queued = 1;
		rq->next_queued = NULL;
		if (e->queue_tail)
			e->queue_tail->next_queued = rq;
		else
			e->queue = rq;
		e->queue_tail = rq;
		return;
	}
	if ((rq->easy || make_easy(e, rq) == 0) &&
	    curl_multi_add_handle(e->multi, rq->easy) == CURLM_OK) {
		rq->in_multi = 1;
		e->inflight++;
		return;
	}
	/* No memory for it: it fails as a request that got no answer, once the
	 * main loop reads the answers (never from inside a caller's loop). */
	rq->code = CURLE_OUT_OF_MEMORY;
	rq->failing = 1;
	rq->next_failed = e->failed;
	e->failed = rq;
}

/* Takes rq off the wire (it finished, or is stopped). */
static void leave_multi(struct engine *e, struct req *rq)
{
	if (!rq->in_multi)
		return;
	curl_multi_remove_handle(e->multi, rq->easy);
	rq->in_multi = 0;
	e->inflight--;
}

static void unqueue(struct engine *e, struct req *rq)
{
	struct req **pp = &e->queue, *prev = NULL;

	if (!rq->queued)
		return;
	while (*pp && *pp != rq) {
		prev = *pp;
		pp = &(*pp)->next_queued;
	}
	if (*pp)
		*pp = rq->next_queued;
	if (e->queue_tail == rq)
		e->queue_tail = prev;
	rq->queued = 0;
}

/* Sends queued requests while streams are free. */
static void pump(struct engine *e)
{
	while (e->queue && e->inflight < wire_cap(e)) {
		struct req *rq = e->queue;
		e->queue = rq->next_queued;
		if (!e->queue)
			e->queue_tail = NULL;
		rq->queued = 0;
		send_req(e, rq);
	}
}

static void start_req(struct engine *e, struct req *rq)
{
	api_body_free(&rq->resp);
	rq->resp.limit = rq->keep_body ? API_BODY_MAX : PROBE_BODY_KEPT;
	rq->resp.keep_reading = 1;
	rq->reset_ms = rq->retry_after_ms = -1;
	rq->ctype[0] = '\0';
	rq->status = NO_STATUS;
	rq->curl_err[0] = '\0';
	rq->tries++;
	rq->job->r->requests++;
	send_req(e, rq);
}

static void release_req(struct engine *e, struct req *rq)
{
	unqueue(e, rq);
	if (rq->easy) {
		leave_multi(e, rq);
		drop_easy(rq);
	}
	api_body_free(&rq->resp);
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
	case CURLE_USE_SSL_FAILED: return CHECK_TLS;
	default: return CHECK_NETWORK;
	}
}

static void fail_transport(struct engine *e, struct job *j, const struct req *rq)
{
	if (rq->code == CURLE_OPERATION_TIMEDOUT)
		verdict_fail(j->r, CHECK_NETWORK, "no answer from %s within %.1f s", rq->url,
			     (double)e->o->api.timeout_ms / 1000.0);
	else
		/* libcurl's detail when it gave one (it repeats the short phrase). */
		verdict_fail(j->r, curl_kind(rq->code), "%s",
			     rq->curl_err[0] ? rq->curl_err : curl_easy_strerror(rq->code));
}

/* What the first, scope-less request's answer says about token and hash. */
static void judge_time(struct engine *e, struct job *j, const struct req *rq)
{
	if (rq->code != CURLE_OK)
		fail_transport(e, j, rq);
	else
		verdict_time(j->r,
			     &(struct ev_answer){.status = rq->status,
						 .content_type = rq->ctype,
						 .body = rq->resp.p,
						 .body_len = rq->resp.n},
			     rq->tries, j->t->hash);
}

/* Queues the scope probes of a job whose token was accepted. */
static int plan_probes(struct engine *e, struct job *j)
{
	const struct scope_catalogue *cat = e->cat;
	long long due = 0;
	int i, planned = 0;
	long need;

	j->probes = calloc((size_t)cat->n * 2, sizeof *j->probes);
	if (!j->probes)
		return -1;
	for (i = 0; i < cat->n; i++) {
		const struct scope *s = &cat->scopes[i];
		struct req *rd = &j->probes[2 * (size_t)i], *wr = &j->probes[2 * (size_t)i + 1];
		int req_write = j->t->required[i] > 0 && j->t->required[i] == s->nlevels - 1;
		if (s->read.method) {
			rd->kind = RQ_READ;
			rd->scope = i;
			rd->method = s->read.method;
			rd->path = s->read.path;
			rd->keep_body = strcmp(s->read.path, "/v2/store") == 0;
			setup_req(j, rd);
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
			setup_req(j, wr);
			planned++;
		}
	}
	/* Leave the store's other apps their share of the window; wait for it to
	 * refresh rather than drain it, but never longer than the cap. */
	need = planned + (j->r->rate_quota > 0 ? j->r->rate_quota / 10 : 0);
	if (j->r->rate_left >= 0 && j->r->rate_left < need && j->time.reset_ms > 0) {
		if (j->time.reset_ms > e->o->api.max_wait_ms) {
			verdict_fail(
				j->r, CHECK_RATE_LIMIT,
				"the store's rate-limit window has %ld requests left and refreshes in "
				"%ld s, longer than bcsetup waits (%ld s); try again later",
				j->r->rate_left, j->time.reset_ms / 1000,
				e->o->api.max_wait_ms / 1000);
			/* Nothing was probed: no scope is listed, as for a refused token. */
			for (i = 0; i < cat->n * 2; i++)
				release_req(e, &j->probes[i]);
			free(j->probes);
			j->probes = NULL;
			return 0;
		}
		j->r->waited_ms = j->time.reset_ms;
		due = now_ms() + j->time.reset_ms;
	}
	for (i = 0; i < cat->n * 2; i++) {
		struct req *rq = &j->probes[i];
		if (!rq->method)
			continue; /* not planned */
		j->pending++;
		if (due) {
			rq->due_ms = due;
			rq->tries = 0;
			rq->next_due = e->due;
			e->due = rq;
		} else {
			start_req(e, rq);
		}
	}
	return 0;
}

/* Stops every write probe of the job not yet sent: once a store has accepted
 * one write, no other goes to it. One already on the wire cannot be called
 * back (cutting it would only cost its connection): it is judged as usual. */
static void stop_writes(struct engine *e, struct job *j)
{
	struct req **pp = &e->due;
	int i;

	for (i = 0; i < e->cat->n; i++) {
		struct req *rq = &j->probes[2 * i + 1];
		struct probe_answer *pa = &j->r->ev[i].probe[1];
		curl_off_t started = 0;
		if (!rq->method || rq->finished || rq->failing)
			continue; /* a failing one was never sent: judged as such */
		if (rq->in_multi &&
		    curl_easy_getinfo(rq->easy, CURLINFO_PRETRANSFER_TIME_T, &started) ==
			    CURLE_OK &&
		    started > 0)
			continue;
		leave_multi(e, rq);
		unqueue(e, rq);
		rq->finished = 1;
		pa->outcome = EV_NOT_SENT;
		snprintf(pa->request, sizeof pa->request, "%s %s", rq->method, rq->path);
		snprintf(pa->meaning, sizeof pa->meaning, "%s",
			 "stopped: the store accepted another write probe");
		j->r->writes_stopped++;
		j->pending--;
	}
	while (*pp) {
		if ((*pp)->job == j && (*pp)->kind == RQ_WRITE)
			*pp = (*pp)->next_due;
		else
			pp = &(*pp)->next_due;
	}
}

/* Judges a finished probe; an accepted write stops the job's others. */
static void judge_probe(struct engine *e, struct job *j, struct req *rq)
{
	char failure[CURL_ERROR_SIZE + 64];
	struct ev_answer a = {.status = rq->status,
			      .content_type = rq->ctype[0] ? rq->ctype : NULL,
			      .body = rq->resp.p,
			      .body_len = rq->resp.n};
	/* A probe of a scope nobody requires that gets no usable answer leaves
	 * that scope unknown; it fails the check only for a required scope. */
	int needed = j->t->required[rq->scope] > 0;

	if (rq->code != CURLE_OK) {
		if (rq->code == CURLE_OPERATION_TIMEDOUT)
			snprintf(failure, sizeof failure, "no answer within %.1f s",
				 (double)e->o->api.timeout_ms / 1000.0);
		else
			snprintf(failure, sizeof failure, "%s", curl_easy_strerror(rq->code));
		a.failure = failure;
		if (needed)
			fail_transport(e, j, rq);
	}
	if (verdict_probe(e->cat, rq->scope, rq->kind == RQ_WRITE, needed, &a, j->r))
		stop_writes(e, j);
}

static void finish_job(struct engine *e, struct job *j)
{
	struct check_result *r = j->r;
	int i;

	if (j->probes) {
		verdict_conclude(e->cat, j->t->required, e->o->read_only, j->r);
		for (i = 0; i < e->cat->n * 2; i++)
			release_req(e, &j->probes[i]);
		free(j->probes);
		j->probes = NULL;
	}
	release_req(e, &j->time);
	api_headers_free(j->headers);
	j->headers = NULL;
	r->ok = r->kind == CHECK_OK;
	r->elapsed_ms = (long)(now_ms() - j->t0);
	e->running_jobs--;
	if (e->o->progress && e->o->progress(e->o->ctx, j->index, -2, r))
		e->aborted = 1;
	/* Handed over, then the job is free for the next store. */
	if (e->feed->done)
		e->feed->done(e->feed->ctx, j->index, j->t, r);
	j->busy = 0;
}

/* A free job for store i, its target asked of the feed. NULL when the feed
 * says "not now" (or no memory): nothing is started. */
static struct job *take_job(struct engine *e, int i)
{
	struct job *j = NULL;
	struct check_result *own;
	int k;

	for (k = 0; k < e->njobs && !j; k++)
		if (!e->jobs[k].busy)
			j = &e->jobs[k];
	if (!j)
		return NULL;
	if (!e->results && !j->own && !(j->own = malloc(sizeof *j->own)))
		return NULL;
	own = j->own;
	memset(j, 0, sizeof *j);
	j->own = own;
	if (e->feed->next(e->feed->ctx, i, &j->slot) != 0)
		return NULL;
	j->t = &j->slot.t;
	j->index = i;
	j->r = e->results ? &e->results[i] : j->own;
	memset(j->r, 0, sizeof *j->r);
	j->busy = 1;
	return j;
}

static int start_job(struct engine *e, struct job *j)
{
	struct bc_err err;

	j->t0 = now_ms();
	j->r->rate_left = j->r->rate_quota = -1;
	e->running_jobs++;
	if (j->t->base && api_check_base(j->t->base, &err) != BC_OK) {
		verdict_fail(j->r, CHECK_NETWORK, "%s", err.msg);
		return 1;
	}
	j->headers = api_headers(j->t->token, 1);
	j->time.kind = RQ_TIME;
	j->time.scope = -1;
	j->time.method = "GET";
	j->time.path = "/v2/time";
	setup_req(j, &j->time);
	if (!j->headers) {
		verdict_fail(j->r, CHECK_SERVER, "out of memory");
		return 1;
	}
	start_req(e, &j->time);
	return 0;
}

/* A request finished (or failed): retry a 429, or account for it. */
static void completed(struct engine *e, struct req *rq)
{
	struct job *j = rq->job;
	long conns = 0, version = 0;

	leave_multi(e, rq);
	if (rq->easy) { /* none when it could not be sent */
		curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &rq->status);
		/* An answer over HTTP/2 or later: the connection multiplexes, so
		 * more stores can be in flight (the streams stay capped). */
		if (curl_easy_getinfo(rq->easy, CURLINFO_HTTP_VERSION, &version) == CURLE_OK &&
		    version >= CURL_HTTP_VERSION_2_0)
			e->multiplexed = 1;
		curl_easy_getinfo(rq->easy, CURLINFO_NUM_CONNECTS, &conns);
		j->r->connections += (int)conns;
		if (rq->code == CURLE_OK) {
			const char *ct = NULL;
			curl_easy_getinfo(rq->easy, CURLINFO_CONTENT_TYPE, &ct);
			snprintf(rq->ctype, sizeof rq->ctype, "%s", ct ? ct : "");
		}
		/* Everything is read: the handle goes (a retry makes another). */
		drop_easy(rq);
	}
	if (rq->code == CURLE_OK && rq->status == 429 && rq->tries <= e->o->api.max_retries) {
		/* BigCommerce: honour the longer of the two when both are sent. */
		long wait = rq->reset_ms > rq->retry_after_ms ? rq->reset_ms : rq->retry_after_ms;
		if (wait < 0)
			wait = 1000L * rq->tries;
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
		api_body_free(&rq->resp);
		if (j->r->kind == CHECK_OK && !e->o->time_only && plan_probes(e, j) != 0)
			verdict_fail(j->r, CHECK_SERVER, "out of memory");
		/* After planning, so that a wait for the rate-limit window shows. */
		if (e->o->progress && e->o->progress(e->o->ctx, j->index, -1, j->r))
			e->aborted = 1;
		if (j->r->kind != CHECK_OK || j->pending == 0)
			finish_job(e, j);
		return;
	}
	if (rq->keep_body)
		verdict_store(j->r, &(struct ev_answer){.status = rq->status,
							.body = rq->resp.p,
							.body_len = rq->resp.n});
	judge_probe(e, j, rq);
	/* Judged: the answer's body is no longer needed. */
	api_body_free(&rq->resp);
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

/* How many stores may be in flight: more once the connection multiplexes. */
static int at_once(const struct engine *e)
{
	return e->multiplexed ? e->o->stores_multiplexed : e->o->stores_at_once;
}

/* Stops what is in flight and says so for every store never started. */
static void stop_all(struct engine *e, int next)
{
	struct check_result *r;
	int k;

	for (k = 0; k < e->njobs; k++)
		if (e->jobs[k].busy) {
			verdict_fail(e->jobs[k].r, CHECK_ABORTED,
				     "the check was stopped before it finished");
			finish_job(e, &e->jobs[k]);
		}
	for (; next < e->n; next++) {
		/* Every job is free now: the first one's result carries the word. */
		r = e->results ? &e->results[next] : e->jobs[0].own;
		if (!r)
			continue;
		memset(r, 0, sizeof *r);
		r->kind = CHECK_ABORTED;
		snprintf(r->message, sizeof r->message, "the check was stopped before it started");
		if (e->feed->done)
			e->feed->done(e->feed->ctx, next, NULL, r);
	}
}

static enum bc_status run_engine(struct engine *e, struct bc_err *err)
{
	const struct check_opts *opts = e->o;
	int k, next = 0, still, held = 0;

	e->multi = curl_multi_init();
	e->jobs = calloc((size_t)(e->njobs ? e->njobs : 1), sizeof *e->jobs);
	/* Room for the word of a store never started, even when none ever is. */
	if (e->jobs && !e->results)
		e->jobs[0].own = malloc(sizeof *e->jobs[0].own);
	if (!e->multi || !e->jobs || (!e->results && !e->jobs[0].own)) {
		curl_multi_cleanup(e->multi);
		if (e->jobs)
			free(e->jobs[0].own);
		free(e->jobs);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	curl_multi_setopt(e->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)opts->api.max_host_conns);
	curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  (long)opts->api.max_host_conns * 2);
	for (;;) {
		CURLMsg *m;
		struct req *rq;
		int left;
		long wait;

		while (!e->aborted && !held && next < e->n && e->running_jobs < at_once(e)) {
			struct job *j = take_job(e, next);
			if (!j) {
				held = 1; /* the feed waits for a store to finish */
				break;
			}
			next++;
			if (start_job(e, j) != 0)
				finish_job(e, j);
		}
		if (e->aborted || (next >= e->n && e->running_jobs == 0))
			break;
		if (held && e->running_jobs == 0)
			break; /* nothing in flight could free the feed (or memory): stopped */
		wait = start_due(e);
		curl_multi_perform(e->multi, &still);
		while ((m = curl_multi_info_read(e->multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&rq);
			rq->code = m->data.result;
			if (rq->job->busy)
				held = 0; /* a store may finish: the feed may take another */
			completed(e, rq);
		}
		while ((rq = e->failed)) {
			e->failed = rq->next_failed;
			rq->failing = 0;
			held = 0;
			completed(e, rq);
		}
		pump(e);
		/* Done? Ask before polling: an idle connection would hold the poll
		 * for its whole timeout after the last answer. */
		if (e->aborted || (next >= e->n && e->running_jobs == 0))
			break;
		if (!held && next < e->n && e->running_jobs < at_once(e))
			continue; /* a slot freed up: start the next store now */
		curl_multi_poll(e->multi, NULL, 0, wait >= 0 && wait < 100 ? (int)wait + 1 : 100,
				NULL);
		/* A tick, so that a screen can redraw and notice its abort key. */
		if (opts->progress && opts->progress(opts->ctx, -1, CHECK_TICK, NULL))
			e->aborted = 1;
	}
	stop_all(e, next);
	curl_multi_cleanup(e->multi);
	for (k = 0; k < e->njobs; k++)
		free(e->jobs[k].own);
	free(e->jobs);
	return BC_OK;
}

/* The defaults of o, in opts. */
static void fill_opts(struct check_opts *opts, const struct check_opts *o)
{
	*opts = *o;
	api_defaults(&opts->api);
	if (!opts->stores_at_once)
		opts->stores_at_once = 8;
	if (!opts->stores_multiplexed)
		opts->stores_multiplexed = 64;
	if (!opts->max_streams)
		opts->max_streams = 256;
}

enum bc_status check_stream(const struct scope_catalogue *cat, const struct check_opts *o, int n,
			    const struct check_feed *feed, struct bc_err *err)
{
	struct check_opts opts;
	struct engine e = {.cat = cat, .o = &opts, .feed = feed, .n = n};

	fill_opts(&opts, o);
	e.njobs = opts.stores_at_once > opts.stores_multiplexed ? opts.stores_at_once
								: opts.stores_multiplexed;
	return run_engine(&e, err);
}

struct array_feed {
	const struct check_target *t;
};

static int array_next(void *ctx, int i, struct check_slot *s)
{
	const struct array_feed *a = ctx;

	s->t = a->t[i];
	return 0;
}

enum bc_status check_run(const struct scope_catalogue *cat, const struct check_opts *o,
			 const struct check_target *t, struct check_result *results, int n,
			 struct bc_err *err)
{
	struct check_opts opts;
	struct array_feed a = {.t = t};
	struct check_feed feed = {.next = array_next, .ctx = &a};
	struct engine e = {.cat = cat, .o = &opts, .feed = &feed, .results = results, .n = n};
	enum bc_status st;
	int i;

	fill_opts(&opts, o);
	for (i = 0; i < n; i++)
		if (t[i].base && (st = api_check_base(t[i].base, err)) != BC_OK)
			return st;
	e.njobs = n;
	return run_engine(&e, err);
}
