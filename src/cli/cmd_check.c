/* bcsetup check: the live test, as a table or as the --json contract. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "bcsetup/api.h"
#include "bcsetup/check.h"
#include "bcsetup/coverage.h"
#include "bcsetup/credfile.h"
#include "bcsetup/metrics.h"
#include "bcsetup/profile.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "cli.h"

struct run {
	struct cli *c;
	int n, answered, finished, tty;
	struct check_target *t;
	struct check_result *r;
	char (*bases)[256];
	char (*names)[PROFILE_NAME_MAX + 1]; /* profile names: survive the vault's reload */
	char (*targets)[64];                 /* the profile's target key, or "" */
	int (*required)[SCOPES_MAX];
	int (*prev)[SCOPES_MAX]; /* the last saved check's levels; PROFILE_LEVEL_NONE if none */
	long long *prev_time;
};

static int on_progress(void *ctx, int target, int scope, const struct check_result *r)
{
	struct run *run = ctx;

	(void)target;
	if (scope == CHECK_TICK)
		return 0;
	if (scope >= -1)
		run->answered++;
	if (scope == -2)
		run->finished++;
	if (run->tty && scope == -1 && r->waited_ms > 0)
		fprintf(stderr,
			"\rThe store's rate-limit window is nearly spent; waiting %.1f s "
			"for it to refresh\n",
			(double)r->waited_ms / 1000.0);
	if (run->tty)
		fprintf(stderr, "\rChecking %d store%s: %d done, %d answers so far ", run->n,
			run->n == 1 ? "" : "s", run->finished, run->answered);
	return 0;
}

static const char *granted_word(const struct scope *s, int level, int at_least, char *buf,
				size_t size)
{
	snprintf(buf, size, "%s%s", scope_level_name(s, level), at_least ? " or more" : "");
	return buf;
}

/* "probes": each request sent for a scope, its answer and what it meant. */
static void add_probes(cJSON *scope, const struct scope_evidence *ev)
{
	cJSON *arr = cJSON_AddArrayToObject(scope, "probes");
	int k;

	for (k = 0; k < 2; k++) {
		const struct probe_answer *pa = &ev->probe[k];
		cJSON *e;
		if (!pa->request[0])
			continue;
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "request", pa->request);
		if (pa->status)
			cJSON_AddNumberToObject(e, "status", (double)pa->status);
		else
			cJSON_AddNullToObject(e, "status");
		cJSON_AddStringToObject(e, "outcome", evidence_outcome_word(pa->outcome));
		cJSON_AddStringToObject(e, "meaning", pa->meaning);
		cJSON_AddItemToArray(arr, e);
	}
}

static cJSON *result_json(struct cli *c, const struct run *run, int i)
{
	const struct check_result *r = &run->r[i];
	cJSON *o = cJSON_CreateObject(), *arr;
	int k;

	cJSON_AddStringToObject(o, "profile", run->t[i].label);
	cJSON_AddStringToObject(o, "store_hash", run->t[i].hash);
	cJSON_AddBoolToObject(o, "ok", r->ok);
	/* false: the API could not be reached; nothing was learnt of the token */
	cJSON_AddBoolToObject(o, "conclusive", check_conclusive(r));
	if (r->ok) {
		cJSON_AddNullToObject(o, "error");
	} else {
		cJSON *e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "kind", check_kind_word(r->kind));
		cJSON_AddStringToObject(e, "message", r->message);
		if (check_next_step(r->kind))
			cJSON_AddStringToObject(e, "next", check_next_step(r->kind));
	}
	if (r->have_store) {
		cJSON *s = cJSON_AddObjectToObject(o, "store");
		cJSON_AddStringToObject(s, "name", r->store_name);
		cJSON_AddStringToObject(s, "domain", r->store_domain);
		cJSON_AddStringToObject(s, "plan", r->store_plan);
	} else {
		cJSON_AddNullToObject(o, "store");
	}
	arr = cJSON_AddArrayToObject(o, "scopes");
	for (k = 0; r->probed && k < c->s.cat.n; k++) {
		const struct scope *s = &c->s.cat.scopes[k];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", s->name);
		cJSON_AddStringToObject(e, "required", s->levels[run->t[i].required[k]]);
		cJSON_AddStringToObject(e, "granted", scope_level_name(s, r->ev[k].granted));
		cJSON_AddStringToObject(e, "evidence", r->ev[k].text);
		/* "granted" is what was proven; the level above it may be held too. */
		cJSON_AddBoolToObject(e, "at_least", r->ev[k].at_least);
		add_probes(e, &r->ev[k]);
		cJSON_AddItemToArray(arr, e);
	}
	arr = cJSON_AddArrayToObject(o, "alerts");
	for (k = 0; k < r->nalerts; k++) {
		const struct check_alert *al = &r->alerts[k];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "kind", "write_accepted");
		cJSON_AddStringToObject(e, "message", al->message);
		cJSON_AddStringToObject(e, "request", al->request);
		cJSON_AddNumberToObject(e, "status", (double)al->status);
		if (al->id[0])
			cJSON_AddStringToObject(e, "id", al->id);
		else
			cJSON_AddNullToObject(e, "id");
		cJSON_AddItemToArray(arr, e);
	}
	cJSON_AddNumberToObject(o, "elapsed_ms", (double)r->elapsed_ms);
	return o;
}

static const char *verdict_style(enum coverage_verdict v)
{
	switch (v) {
	case COV_COVERED: return "green";
	case COV_MISSING:
	case COV_INSUFFICIENT: return "red";
	case COV_UNKNOWN: return "yellow";
	default: return "dim";
	}
}

static void print_alerts(struct cli *c, const struct check_result *r)
{
	int k;

	if (!r->nalerts)
		return;
	printf("\n  %s!! ALERT: the store accepted %d write probe%s built to be refused%s\n",
	       cli_style(c, "red"), r->nalerts, r->nalerts == 1 ? "" : "s", cli_style(c, "reset"));
	for (k = 0; k < r->nalerts; k++)
		printf("  %s!!%s %s\n", cli_style(c, "red"), cli_style(c, "reset"),
		       r->alerts[k].message);
	if (r->writes_stopped)
		printf("  %d other write probe%s stopped; nothing more was sent to this store.\n",
		       r->writes_stopped, r->writes_stopped == 1 ? " was" : "s were");
	printf("  Every probe is made so that it cannot change data even if accepted (see\n"
	       "  docs/probes.md); run 'bcsetup check --explain' and send the output to us.\n\n");
}

/* Per scope: each request, its answer, and what it meant. */
static void print_explain(struct cli *c, const struct run *run, int i)
{
	const struct check_result *r = &run->r[i];
	char g[48], line[EV_MEANING_MAX + 48];
	int k, p;

	printf("\n  %sHow each verdict was reached%s\n", cli_style(c, "bold"),
	       cli_style(c, "reset"));
	for (k = 0; k < c->s.cat.n; k++) {
		const struct scope *s = &c->s.cat.scopes[k];
		const struct scope_evidence *ev = &r->ev[k];
		int sent = 0;
		printf("\n  %s%s%s: %s\n", cli_style(c, "bold"), s->name, cli_style(c, "reset"),
		       granted_word(s, ev->granted, ev->at_least, g, sizeof g));
		for (p = 0; p < 2; p++) {
			const struct probe_answer *pa = &ev->probe[p];
			if (!pa->request[0])
				continue;
			sent++;
			evidence_answer_text(pa, line, sizeof line);
			printf("    %s %s\n", pa->request, line);
		}
		if (!sent)
			printf("    no request: %s\n",
			       s->unverifiable ? s->unverifiable : "not probed");
		else if (ev->granted == LEVEL_UNKNOWN || ev->at_least)
			printf("    %s\n", ev->text);
	}
	printf("\n");
}

static void print_result(struct cli *c, const struct run *run, int i)
{
	const struct check_result *r = &run->r[i];
	char g[48];
	int k, hidden = 0;

	printf("%s%s%s  store %s", cli_style(c, "bold"), run->t[i].label, cli_style(c, "reset"),
	       run->t[i].hash);
	if (r->have_store)
		printf("  %s (%s, %s)", r->store_name, r->store_plan, r->store_domain);
	printf("\n  %ld ms, %d request%s", r->elapsed_ms, r->requests, r->requests == 1 ? "" : "s");
	/* A connection another store's check opened may carry these. */
	if (r->connections > 0)
		printf(" on %d new connection%s", r->connections, r->connections == 1 ? "" : "s");
	else if (r->requests > 0)
		printf(" on a connection already open");
	if (r->rate_quota > 0)
		printf(", %ld of %ld requests left in the store's rate-limit window", r->rate_left,
		       r->rate_quota);
	if (r->waited_ms > 0)
		printf(" (waited %.1f s for it to refresh)", (double)r->waited_ms / 1000.0);
	printf("\n");
	if (r->probed) {
		printf("\n  %s   %-46s %-10s %s%s\n", cli_style(c, "dim"), "SCOPE", "REQUIRED",
		       "GRANTED", cli_style(c, "reset"));
		for (k = 0; k < c->s.cat.n; k++) {
			const struct coverage_row *row = &r->cov.rows[k];
			const struct scope *s = &c->s.cat.scopes[k];
			if (row->verdict == COV_NOT_NEEDED) {
				hidden++;
				continue;
			}
			const char *sym = coverage_symbol(row->verdict, c->utf8);
			/* UTF-8 symbols are one column wide, ASCII ones one or two. */
			int width = c->utf8 ? 1 : (int)strlen(sym);
			printf("  %s%s%s%*s %-46s %-10s %-18s",
			       cli_style(c, verdict_style(row->verdict)), sym,
			       cli_style(c, "reset"), 2 - width, "", s->name,
			       s->levels[run->t[i].required[k]],
			       granted_word(s, row->granted, row->at_least, g, sizeof g));
			printf(" %s%s%s\n", cli_style(c, "dim"), coverage_word(row->verdict),
			       cli_style(c, "reset"));
			if (row->advice && row->verdict != COV_EXTRA)
				printf("     %s-> %s%s\n", cli_style(c, "yellow"), row->advice,
				       cli_style(c, "reset"));
		}
		if (hidden)
			printf("  %s(%d scopes neither required nor held are not shown)%s\n",
			       cli_style(c, "dim"), hidden, cli_style(c, "reset"));
	}
	print_alerts(c, r);
	if (c->explain && r->probed)
		print_explain(c, run, i);
	if (r->ok)
		printf("  %sOK%s: the token works for store %s\n\n", cli_style(c, "green"),
		       cli_style(c, "reset"), run->t[i].hash);
	else {
		printf("  %sFAILED%s (%s): %s\n", cli_style(c, "red"), cli_style(c, "reset"),
		       check_kind_word(r->kind), r->message);
		if (check_next_step(r->kind))
			printf("  Next: %s\n", check_next_step(r->kind));
		printf("\n");
	}
}

/* The scopes the fleet's grid shows: those any profile of the run requires,
 * in the catalogue's order. Returns how many, their indexes in cols. */
static int grid_columns(const struct cli *c, const struct run *run, int *cols)
{
	int i, k, n = 0;

	for (k = 0; k < c->s.cat.n; k++)
		for (i = 0; i < run->n; i++)
			if (run->required[i][k] > 0) {
				cols[n++] = k;
				break;
			}
	return n;
}

/* What profile i's check showed of scope k, as the grid shows it: not
 * required, or the coverage verdict; unknown when no scope was probed. */
static enum coverage_verdict grid_cell(const struct run *run, int i, int k)
{
	if (run->required[i][k] <= 0)
		return COV_NOT_NEEDED;
	if (!run->r[i].probed)
		return COV_UNKNOWN;
	return run->r[i].cov.rows[k].verdict;
}

/* check --all --grid: one line per store, one column per scope required. */
static void print_grid(struct cli *c, const struct run *run)
{
	int cols[SCOPES_MAX], n = grid_columns(c, run, cols), i, j, w = 7, legend = 0;
	static const enum coverage_verdict shown[] = {COV_COVERED, COV_INSUFFICIENT, COV_MISSING,
						      COV_UNKNOWN, COV_NOT_NEEDED};

	for (i = 0; i < run->n; i++)
		if ((int)strlen(run->t[i].label) > w)
			w = (int)strlen(run->t[i].label) > 24 ? 24 : (int)strlen(run->t[i].label);
	printf("%-*s %-9s", w, "PROFILE", "STORE");
	for (j = 0; j < n; j++)
		printf(" %2d", j + 1);
	printf("  RESULT\n");
	for (i = 0; i < run->n; i++) {
		printf("%-*.*s %-9.9s", w, w, cli_safe(run->t[i].label), cli_safe(run->t[i].hash));
		for (j = 0; j < n; j++) {
			enum coverage_verdict v = grid_cell(run, i, cols[j]);
			const char *sym = coverage_symbol(v, c->utf8);
			/* Two columns each: a UTF-8 symbol is one wide, an ASCII one
			 * one or two. */
			int pad = 2 - (c->utf8 ? 1 : (int)strlen(sym));
			printf(" %*s%s%s%s", pad > 0 ? pad : 0, "",
			       cli_style(c, coverage_fails(v)  ? "red"
					    : v == COV_COVERED ? "green"
							       : "dim"),
			       sym, cli_style(c, "reset"));
		}
		if (run->r[i].ok)
			printf("  ok\n");
		else
			printf("  FAILED (%s)\n", check_kind_word(run->r[i].kind));
	}
	for (j = 0; j < n; j++) {
		char item[96];
		int len =
			snprintf(item, sizeof item, "%d %s", j + 1, c->s.cat.scopes[cols[j]].name);
		if (legend && legend + 2 + len > 79) {
			putchar('\n');
			legend = 0;
		}
		legend += printf("%s%s", legend ? "  " : "", item);
	}
	if (legend)
		putchar('\n');
	for (j = 0, legend = 0; j < (int)(sizeof shown / sizeof shown[0]); j++)
		legend += printf("%s%s %s", legend ? "  " : "", coverage_symbol(shown[j], c->utf8),
				 shown[j] == COV_NOT_NEEDED ? "not required"
							    : coverage_word(shown[j]));
	putchar('\n');
}

/* A CSV field, quoted when it must be (RFC 4180). */
static void csv_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

/* check --csv FILE: the grid as a table: profile, store_hash, target, ok,
 * kind, then one column per scope required, holding the verdict's word. */
static int write_csv(struct cli *c, const struct run *run, struct bc_err *err)
{
	int cols[SCOPES_MAX], n = grid_columns(c, run, cols), i, j;
	FILE *f = fopen(c->csv, "w");

	if (!f) {
		bc_fail(err, BC_ERR_IO, "cannot write %s: %s", c->csv, strerror(errno));
		return -1;
	}
	fputs("profile,store_hash,target,ok,kind", f);
	for (j = 0; j < n; j++)
		fprintf(f, ",%s", c->s.cat.scopes[cols[j]].key);
	fputs("\r\n", f);
	for (i = 0; i < run->n; i++) {
		csv_field(f, run->t[i].label, 0);
		csv_field(f, run->t[i].hash ? run->t[i].hash : "", 0);
		csv_field(f, run->targets[i], 0);
		csv_field(f, run->r[i].ok ? "true" : "false", 0);
		csv_field(f, run->r[i].ok ? "" : check_kind_word(run->r[i].kind), n == 0);
		for (j = 0; j < n; j++)
			csv_field(f, coverage_word(grid_cell(run, i, cols[j])), j == n - 1);
	}
	if (fclose(f) != 0) {
		bc_fail(err, BC_ERR_IO, "cannot write %s: %s", c->csv, strerror(errno));
		return -1;
	}
	return 0;
}

static enum bc_status record_results(cJSON *profiles, void *p, struct bc_err *err)
{
	const struct run *run = p;
	const struct scope_catalogue *cat = &run->c->s.cat;
	enum bc_status st;
	int i;

	for (i = 0; i < run->n; i++) {
		cJSON *prof = cJSON_GetObjectItemCaseSensitive(profiles, run->names[i]);
		if (prof && run->r[i].kind != CHECK_ABORTED &&
		    (st = profile_record_check(prof, cat, &run->r[i], time(NULL), err)) != BC_OK)
			return st;
	}
	return BC_OK;
}

/* Records each result in its profile: last_check and the store's details. A
 * result that could not be saved is said, and does not change the exit status. */
static void save_results(struct vault *v, struct run *run)
{
	struct bc_err err;

	if (vault_update(v, record_results, run, &err) != BC_OK)
		fprintf(stderr, "bcsetup: the results were not saved to the vault: %s\n", err.msg);
	else
		cli_warn_saved(&err);
}

/* "Products: modify -> none" for each scope whose level changed. */
static void print_changes(struct cli *c, const struct run *run, int i)
{
	const struct check_result *r = &run->r[i];
	char age[32];
	int k, shown = 0;

	if (!r->probed || !run->prev_time[i])
		return;
	for (k = 0; k < c->s.cat.n; k++) {
		const struct scope *s = &c->s.cat.scopes[k];
		if (run->prev[i][k] == PROFILE_LEVEL_NONE || run->prev[i][k] == r->ev[k].granted)
			continue;
		if (!shown++) {
			text_age(run->prev_time[i], time(NULL), age, sizeof age);
			printf("  Changed since the last check (%s):\n", age);
		}
		printf("    %s%s: %s -> %s%s\n", cli_style(c, "yellow"), s->name,
		       scope_level_name(s, run->prev[i][k]), scope_level_name(s, r->ev[k].granted),
		       cli_style(c, "reset"));
	}
	if (shown)
		printf("\n");
}

static void free_run(struct run *run)
{
	free(run->t);
	free(run->r);
	free(run->bases);
	free(run->names);
	free(run->targets);
	free(run->required);
	free(run->prev);
	free(run->prev_time);
	run->t = NULL;
	run->r = NULL;
	run->bases = NULL;
	run->names = NULL;
	run->targets = NULL;
	run->required = NULL;
	run->prev = NULL;
	run->prev_time = NULL;
}

/* 0, or -1 with nothing left allocated. */
static int alloc_run(struct run *run, int n)
{
	run->n = n;
	run->t = calloc((size_t)n + 1, sizeof *run->t);
	run->r = calloc((size_t)n + 1, sizeof *run->r);
	run->bases = calloc((size_t)n + 1, sizeof *run->bases);
	run->names = calloc((size_t)n + 1, sizeof *run->names);
	run->targets = calloc((size_t)n + 1, sizeof *run->targets);
	run->required = calloc((size_t)n + 1, sizeof *run->required);
	run->prev = calloc((size_t)n + 1, sizeof *run->prev);
	run->prev_time = calloc((size_t)n + 1, sizeof *run->prev_time);
	if (run->t && run->r && run->bases && run->names && run->targets && run->required &&
	    run->prev && run->prev_time)
		return 0;
	free_run(run);
	return -1;
}

/* check --prometheus FILE: each profile's result for node_exporter, and the
 * run's exit status. 0, or -1 with err saying why (nothing printed). */
/* When p's token came in: rotated, else created; 0 when unknown. */
static long long token_time(const cJSON *p)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "rotated");

	if (!cJSON_IsNumber(t))
		t = cJSON_GetObjectItemCaseSensitive(p, "created");
	return cJSON_IsNumber(t) ? (long long)t->valuedouble : 0;
}

static int write_metrics(struct cli *c, const struct run *run, struct vault *v, int run_exit,
			 struct bc_err *err)
{
	struct metric_row *rows = calloc((size_t)run->n + 1, sizeof *rows);
	long long now = time(NULL);
	int i;

	if (!rows) {
		bc_fail(err, BC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < run->n; i++) {
		const cJSON *p =
			v ? cJSON_GetObjectItemCaseSensitive(vault_profiles(v), run->t[i].label)
			  : NULL;
		struct last_check lc = {0};
		int conclusive = check_conclusive(&run->r[i]);
		if (p)
			profile_last_check(p, &lc);
		rows[i] = (struct metric_row){
			.profile = run->t[i].label,
			.store_hash = run->t[i].hash,
			.target = p ? profile_str(p, "target") : c->target,
			.ok = run->r[i].ok,
			.time = now,
			.elapsed_ms = run->r[i].elapsed_ms,
			.probed = run->r[i].probed,
			.missing = run->r[i].cov.failing,
			.unproven = run->r[i].cov.unverified,
			.conclusive = conclusive,
			.verdict_ok = conclusive ? run->r[i].ok : lc.ok,
			.verdict_time = conclusive   ? now
					: lc.present ? lc.time
						     : 0,
			.alerts = run->r[i].nalerts,
			.kind = run->r[i].ok ? NULL : check_kind_word(run->r[i].kind),
			.token_time = token_time(p)};
	}
	i = metrics_write_prometheus(c->prometheus, rows, run->n, run_exit, err) == BC_OK;
	free(rows);
	return i ? 0 : -1;
}

/* The vault could not be opened (rc 2 or 3, already said): the metrics say
 * the run failed, so that monitoring never keeps an older "ok". */
static int failed_run(struct cli *c, int rc)
{
	struct bc_err err;

	if (c->prometheus && metrics_write_prometheus(c->prometheus, NULL, 0, rc, &err) != BC_OK)
		fprintf(stderr, "bcsetup: and the metrics could not say so: %s\n", err.msg);
	return rc;
}

int cmd_check(struct cli *c)
{
	struct run run = {.c = c};
	struct check_opts o = {0};
	struct credentials cr = {0};
	struct vault *v = NULL;
	const struct target *tg;
	struct bc_err err, merr;
	int i, rc, failed = 0, metrics_failed = 0, levels[SCOPES_MAX];

	if ((rc = cli_load(c)) != 0 || (rc = cli_required(c, c->target, c->caps, &tg, levels)))
		return rc;
	if (c->s.api_base && api_check_base(c->s.api_base, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	if (c->deep && c->read_only_probes)
		return cli_error(BC_ERR_INPUT,
				 "--deep and --read-only-probes contradict each other");
	if (!!c->from_file + !!c->all + !!c->argc != 1)
		return cli_error(BC_ERR_INPUT,
				 "check takes profile names, --all, or --from-file FILE "
				 "(one of them)");
	if (c->from_file) {
		if (credfile_read(c->from_file, &cr, &err) != BC_OK)
			return cli_error(err.code, "%s", err.msg);
		if (alloc_run(&run, 1) != 0)
			return cli_error(BC_ERR_NOMEM, "out of memory");
		run.t[0].label = c->from_file;
		run.t[0].hash = cr.path.hash;
		run.t[0].token = cr.access_token;
		run.t[0].base =
			session_api_root(&c->s, cr.api_path, run.bases[0], sizeof run.bases[0]);
		memcpy(run.required[0], levels, sizeof levels);
	} else {
		cJSON *p, *profiles;
		if ((rc = cli_open_vault(c, 0, &v)) != 0)
			return failed_run(c, rc);
		profiles = vault_profiles(v);
		for (i = 0; i < c->argc; i++) {
			const cJSON *named = cJSON_GetObjectItemCaseSensitive(profiles, c->argv[i]);
			if (!named) {
				vault_close(v);
				return cli_error(BC_ERR_NOTFOUND,
						 "there is no profile '%s' (see 'bcsetup list')",
						 c->argv[i]);
			}
			if (profile_is_app(named)) {
				vault_close(v);
				return cli_error(
					BC_ERR_INPUT,
					"profile '%s' holds an app's OAuth 2.0 client: "
					"BigCommerce has no request that checks it without the "
					"merchant's consent, so the integration verifies it "
					"when it connects",
					c->argv[i]);
			}
		}
		if (alloc_run(&run, c->all ? cJSON_GetArraySize(profiles) : c->argc) != 0) {
			vault_close(v);
			return cli_error(BC_ERR_NOMEM, "out of memory");
		}
		i = 0;
		cJSON_ArrayForEach (p, profiles) {
			int k, named = c->all;
			for (k = 0; k < c->argc; k++)
				named |= strcmp(c->argv[k], p->string) == 0;
			if (!named)
				continue;
			if (profile_is_app(p)) {
				/* Nothing to ask BigCommerce: said, and left out of the run. */
				fprintf(stderr,
					"bcsetup: %s is an app (OAuth 2.0 client), which no request "
					"can check: left out\n",
					cli_safe(p->string));
				continue;
			}
			snprintf(run.names[i], sizeof run.names[i], "%s", p->string);
			snprintf(run.targets[i], sizeof run.targets[i], "%s",
				 tg                         ? tg->key
				 : profile_str(p, "target") ? profile_str(p, "target")
							    : "");
			session_profile_target(&c->s, p, run.required[i], run.bases[i],
					       sizeof run.bases[i], &run.t[i]);
			run.t[i].label = run.names[i];
			if (tg || c->scopes)
				memcpy(run.required[i], levels, sizeof levels);
			else
				profile_required(p, &c->s.cat, run.required[i]);
			run.prev_time[i] = profile_check_levels(profile_compare_check(p), &c->s.cat,
								run.prev[i]);
			i++;
		}
		run.n = i; /* a profile named twice is checked once */
		if (run.n == 0)
			fprintf(stderr, "bcsetup: the vault has no profiles to check\n");
	}
	for (i = 0; i < run.n; i++)
		run.t[i].required = run.required[i];
	o.api = c->s.api;
	o.deep = c->deep;
	o.read_only = c->read_only_probes;
	o.progress = on_progress;
	o.ctx = &run;
	run.tty = isatty(STDERR_FILENO);
	if (check_run(&c->s.cat, &o, run.t, run.r, run.n, &err) != BC_OK) {
		rc = cli_error(err.code, "%s", err.msg);
		goto out;
	}
	if (run.tty)
		fputs("\r\033[K", stderr);
	for (i = 0; i < run.n; i++)
		failed += !run.r[i].ok;
	rc = failed ? 1 : 0;
	/* Before the report, so that --json stays one document when it fails. */
	if (c->prometheus && write_metrics(c, &run, v, rc, &merr) != 0)
		metrics_failed = 1;
	if (!metrics_failed && c->csv && write_csv(c, &run, &merr) != 0)
		metrics_failed = 1;
	if (c->json) {
		cJSON *top = cJSON_CreateObject(), *arr;
		cJSON_AddBoolToObject(top, "ok", failed == 0 && !metrics_failed);
		arr = cJSON_AddArrayToObject(top, "results");
		for (i = 0; i < run.n; i++)
			cJSON_AddItemToArray(arr, result_json(c, &run, i));
		if (metrics_failed) {
			char kind[32];
			cJSON *e = cJSON_AddObjectToObject(top, "error");
			bc_status_word(merr.code, kind, sizeof kind);
			cJSON_AddStringToObject(e, "kind", kind);
			cJSON_AddStringToObject(e, "message", merr.msg);
			cJSON_AddNumberToObject(e, "exit", 2);
		}
		cli_print_json(top);
	} else {
		if (c->grid)
			print_grid(c, &run);
		else
			for (i = 0; i < run.n; i++) {
				print_result(c, &run, i);
				print_changes(c, &run, i);
			}
		if (run.n > 1) {
			const char *sep = ": ";
			printf("%d profiles checked: %d ok, %d failed", run.n, run.n - failed,
			       failed);
			for (i = 0; i < run.n; i++) {
				if (run.r[i].ok)
					continue;
				printf("%s%s (%s)", sep, run.t[i].label,
				       check_kind_word(run.r[i].kind));
				sep = ", ";
			}
			printf("\n");
		}
	}
	if (metrics_failed) {
		fprintf(stderr, "bcsetup: %s\n", merr.msg);
		rc = 2;
	}
	if (v)
		save_results(v, &run);
out:
	credentials_clear(&cr);
	vault_close(v);
	free_run(&run);
	return rc;
}
