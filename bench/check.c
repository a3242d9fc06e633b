/* Probing speed against the practice store with an added latency per answer:
 * a full-catalogue check (--deep) with bcsetup's parallel probing, the same
 * probes one after another, and the floor (the added latency), side by side;
 * then checks of 100 stores at once, over HTTP/1.1 and HTTP/2. Driven by
 * bench/probe.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "bcsetup/api.h"
#include "bcsetup/check.h"
#include "bcsetup/mem.h"

#define REPS 3

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median wall time of reps checks of n stores; *req and *conns from the last.
 * A run in which any check failed is not a measurement: it stops the bench. */
static double timed(const struct scope_catalogue *cat, struct check_opts *o, int n,
		    const char *base, int *req, int *conns, int *okcount, int reps)
{
	static char hashes[100][16];
	static struct check_target t[100];
	static struct check_result r[100];
	static int required[SCOPES_MAX];
	double times[REPS];
	struct bc_err err;
	int i, k;

	for (k = 0; k < reps; k++) {
		for (i = 0; i < n; i++) {
			snprintf(hashes[i], sizeof hashes[i], "bench%d", i);
			t[i] = (struct check_target){.label = hashes[i],
						     .base = base,
						     .hash = hashes[i],
						     .token = "benchtoken0000000000000000000001",
						     .required = required};
		}
		double t0 = now_ms();
		if (check_run(cat, o, t, r, n, &err) != BC_OK) {
			fprintf(stderr, "%s\n", err.msg);
			exit(1);
		}
		times[k] = now_ms() - t0;
	}
	*req = *conns = *okcount = 0;
	for (i = 0; i < n; i++) {
		*req += r[i].requests;
		*conns += r[i].connections;
		*okcount += r[i].ok;
		if (!r[i].ok) {
			fprintf(stderr, "bench_check: the check of %s at %s failed (%s): %s\n",
				t[i].hash, base, check_kind_word(r[i].kind), r[i].message);
			exit(1);
		}
	}
	qsort(times, (size_t)reps, sizeof times[0], cmp);
	return times[reps / 2];
}

static size_t discard(char *d, size_t s, size_t n, void *u)
{
	(void)d;
	(void)u;
	return s * n;
}

/* The floor for one store: every request a --deep check sends (GET /v2/time
 * and each probe), all added at once to one multi handle, multiplexed on one
 * connection, with no auth round first. Median of REPS, in ms. */
static double replay_all_at_once(const struct scope_catalogue *cat, const char *base,
				 const char *cacert, int *sent)
{
	struct api_opts api = {.cacert = cacert};
	double times[REPS];
	int k;

	api_defaults(&api);
	for (k = 0; k < REPS; k++) {
		CURLM *m = curl_multi_init();
		CURL *h[2 * 64 + 1];
		struct curl_slist *hd = NULL;
		char url[512];
		int n = 0, i, running = 1;
		double t0;

		hd = curl_slist_append(hd, "X-Auth-Token: benchtoken0000000000000000000001");
		hd = curl_slist_append(hd, "Accept: application/json");
		hd = curl_slist_append(hd, "Content-Type: application/json");
		curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
		t0 = now_ms();
		for (i = -1; i < cat->n; i++) {
			const struct scope_probe *p[2] = {i < 0 ? NULL : &cat->scopes[i].read,
							  i < 0 ? NULL : &cat->scopes[i].write};
			int w;
			for (w = 0; w < 2; w++) {
				if (i >= 0 && !p[w]->method)
					continue;
				if (i < 0 && w)
					continue;
				snprintf(url, sizeof url, "%s/stores/bench0%s", base,
					 i < 0 ? "/v2/time" : p[w]->path);
				h[n] = curl_easy_init();
				api_easy_setup(h[n], url, &api, NULL);
				curl_easy_setopt(h[n], CURLOPT_HTTPHEADER, hd);
				curl_easy_setopt(h[n], CURLOPT_PIPEWAIT, 1L);
				curl_easy_setopt(h[n], CURLOPT_WRITEFUNCTION, discard);
				if (i >= 0 && w) {
					curl_easy_setopt(h[n], CURLOPT_CUSTOMREQUEST, p[w]->method);
					curl_easy_setopt(h[n], CURLOPT_POSTFIELDS, p[w]->body);
				}
				curl_multi_add_handle(m, h[n++]);
			}
		}
		while (running) {
			curl_multi_perform(m, &running);
			if (running)
				curl_multi_poll(m, NULL, 0, 100, NULL);
		}
		times[k] = now_ms() - t0;
		for (i = 0; i < n; i++) {
			curl_multi_remove_handle(m, h[i]);
			curl_easy_cleanup(h[i]);
		}
		curl_multi_cleanup(m);
		curl_slist_free_all(hd);
		*sent = n;
	}
	qsort(times, (size_t)REPS, sizeof times[0], cmp);
	return times[REPS / 2];
}

int main(int argc, char **argv)
{
	struct scope_catalogue cat;
	struct check_opts par = {.deep = 1}, seq = {.deep = 1, .stores_at_once = 1};
	struct bc_err err;
	const char *h1, *h2, *cacert;
	double latency, tp, ts, th2 = 0, tall, tr;
	int req, conns, okc, req2 = 0, conns2 = 0, sent;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_check LATENCY_MS HTTP1_BASE [HTTP2_BASE CACERT]\n");
		return 2;
	}
	latency = atof(argv[1]);
	h1 = argv[2];
	h2 = argc > 4 ? argv[3] : NULL;
	cacert = argc > 4 ? argv[4] : NULL;
	if (mem_init() < 0 || scopes_load(&cat, &err) != BC_OK)
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	seq.api.max_host_conns = 1;

	tp = timed(&cat, &par, 1, h1, &req, &conns, &okc, REPS);
	printf("added latency %.0f ms per answer; full catalogue, --deep: %d requests\n", latency,
	       req);
	ts = timed(&cat, &seq, 1, h1, &req, &conns, &okc, REPS);
	printf("  one after another (1 connection)   %8.0f ms  %5.1fx the latency\n", ts,
	       ts / latency);
	tp = timed(&cat, &par, 1, h1, &req, &conns, &okc, REPS);
	printf("  parallel, HTTP/1.1 pool            %8.0f ms  %5.1fx the latency  (%d connections)\n",
	       tp, tp / latency, conns);
	if (h2) {
		par.api.cacert = cacert;
		th2 = timed(&cat, &par, 1, h2, &req2, &conns2, &okc, REPS);
		printf("  parallel, HTTP/2 (nghttpx front)   %8.0f ms  %5.1fx the latency  (%d connection%s)\n",
		       th2, th2 / latency, conns2, conns2 == 1 ? "" : "s");
		tr = replay_all_at_once(&cat, h2, cacert, &sent);
		printf("  the same %d requests all at once   %8.0f ms  %5.1fx  (libcurl, 1 connection, no\n"
		       "    auth round first): bcsetup takes %.0f ms more; one round is %.0f ms, so\n"
		       "    bcsetup = replay + one round + %.0f%% of the replay\n",
		       sent, tr, tr / latency, th2 - tr, latency,
		       100.0 * (th2 - tr - latency) / tr);
		par.api.cacert = NULL;
	}
	printf("  floor: /v2/time, then one round    %8.0f ms  %5.1fx\n", 2 * latency, 2.0);
	printf("  ratio sequential : parallel HTTP/1.1 = %.1f : 1\n", ts / tp);
	if (h2)
		printf("  ratio sequential : parallel HTTP/2   = %.1f : 1\n", ts / th2);
	par.deep = 0;
	tall = timed(&cat, &par, 100, h1, &req, &conns, &okc, 1);
	printf("  check --all, 100 stores (HTTP/1.1: 8 at once, default probes): %.0f ms, %d "
	       "requests on %d connections, %d ok; %.1f ms a store\n",
	       tall, req, conns, okc, tall / 100);
	if (h2) {
		double th;
		par.api.cacert = cacert;
		th = timed(&cat, &par, 100, h2, &req, &conns, &okc, 1);
		printf("  check --all, 100 stores (HTTP/2: 64 at once, 256 streams): %.0f ms, %d "
		       "requests on %d connections, %d ok; %.1fx faster than HTTP/1.1\n",
		       th, req, conns, okc, tall / th);
	}
	scopes_free(&cat);
	curl_global_cleanup();
	return 0;
}
