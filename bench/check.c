/* Probing speed against the practice store with an added latency per answer:
 * a full-catalogue check (--deep) with bcsetup's parallel probing, the same
 * probes one after another, and the floor (the added latency), side by side;
 * then checks of 100 stores at once. Driven by bench/probe.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

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
	static int required[64];
	double times[REPS];
	struct bc_err err;
	int i, k;

	for (k = 0; k < reps; k++) {
		for (i = 0; i < n; i++) {
			snprintf(hashes[i], sizeof hashes[i], "bench%d", i);
			t[i] = (struct check_target){.label = hashes[i], .base = base,
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

int main(int argc, char **argv)
{
	struct scope_catalogue cat;
	struct check_opts par = {.deep = 1}, seq = {.deep = 1, .stores_at_once = 1};
	struct bc_err err;
	const char *h1, *h2, *cacert;
	double latency, tp, ts, th2 = 0, tall;
	int req, conns, okc, req2 = 0, conns2 = 0;

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
		par.api.cacert = NULL;
	}
	printf("  floor: /v2/time, then one round    %8.0f ms  %5.1fx\n", 2 * latency, 2.0);
	printf("  ratio sequential : parallel HTTP/1.1 = %.1f : 1\n", ts / tp);
	if (h2)
		printf("  ratio sequential : parallel HTTP/2   = %.1f : 1\n", ts / th2);
	par.deep = 0;
	tall = timed(&cat, &par, 100, h1, &req, &conns, &okc, 1);
	printf("  check --all, 100 stores (8 at once, default probes): %.0f ms, %d requests on %d "
	       "connections, %d ok; %.1f ms a store\n",
	       tall, req, conns, okc, tall / 100);
	scopes_free(&cat);
	curl_global_cleanup();
	return 0;
}
