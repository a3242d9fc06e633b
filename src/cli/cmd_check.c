/* bcsetup check: the live test, as a table or as the --json contract. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/api.h"
#include "bcsetup/check.h"
#include "bcsetup/coverage.h"
#include "bcsetup/credfile.h"
#include "bcsetup/mem.h"
#include "bcsetup/metrics.h"
#include "bcsetup/profile.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "cli.h"

/* What is kept of each store for the whole run: its outcome in a few bytes.
 * Everything else (the answers, the evidence) is written out and freed as
 * the store's check completes, so a fleet's memory is the stores in flight. */
struct row {
	cJSON *item;            /* its profile's text in the vault (VAULT_RAW); NULL: --from-file */
	cJSON *p;               /* the profile parsed, while its store is in flight */
	const char *label;      /* the profile's name (or the file's) */
	char *hash;             /* the store hash */
	char *target, *ptarget; /* the target checked for ("" none); the profile's own */
	signed char cell[SCOPES_MAX]; /* per scope: its coverage verdict (grid, CSV) */
	enum check_kind kind;
	unsigned char done, ok, probed, conclusive, recorded, verdict_ok;
	short missing, unproven, alerts;
	long elapsed_ms;
	long long verdict_time, token_time; /* the last verdict's; the token's arrival */
	char *out; /* rendered, waiting for the stores before it to be printed */
};

/* Rendered results waiting for an earlier store are held up to this many
 * bytes; beyond it no store is started until the earliest one finishes. */
#define HELD_MAX (4u << 20)

struct run {
	struct cli *c;
	int n, answered, finished, tty, printed, failed, done;
	struct row *rows;
	const int *levels; /* what every store requires, or NULL: each profile's own */
	const struct credentials *cr;
	size_t held;
	int json_open; /* "{ results: [" printed */
	int record_failed;
	char record_err[sizeof(((struct bc_err *)0)->msg)];
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

static cJSON *result_json(struct cli *c, const struct row *w, const struct check_target *t,
			  const struct check_result *r)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	int k;

	cJSON_AddStringToObject(o, "profile", w->label);
	cJSON_AddStringToObject(o, "store_hash", w->hash);
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
	for (k = 0; t && r->probed && k < c->s.cat.n; k++) {
		const struct scope *s = &c->s.cat.scopes[k];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", s->name);
		cJSON_AddStringToObject(e, "required", s->levels[t->required[k]]);
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

static void print_alerts(FILE *f, struct cli *c, const struct check_result *r)
{
	int k;

	if (!r->nalerts)
		return;
	fprintf(f, "\n  %s!! ALERT: the store accepted %d write probe%s built to be refused%s\n",
		cli_style(c, "red"), r->nalerts, r->nalerts == 1 ? "" : "s", cli_style(c, "reset"));
	for (k = 0; k < r->nalerts; k++)
		fprintf(f, "  %s!!%s %s\n", cli_style(c, "red"), cli_style(c, "reset"),
			r->alerts[k].message);
	if (r->writes_stopped)
		fprintf(f,
			"  %d other write probe%s stopped; nothing more was sent to this store.\n",
			r->writes_stopped, r->writes_stopped == 1 ? " was" : "s were");
	fprintf(f,
		"  Every probe is made so that it cannot change data even if accepted (see\n"
		"  docs/probes.md); run 'bcsetup check --explain' and send the output to us.\n\n");
}

/* Per scope: each request, its answer, and what it meant. */
static void print_explain(FILE *f, struct cli *c, const struct check_result *r)
{
	char g[48], line[EV_MEANING_MAX + 48];
	int k, p;

	fprintf(f, "\n  %sHow each verdict was reached%s\n", cli_style(c, "bold"),
		cli_style(c, "reset"));
	for (k = 0; k < c->s.cat.n; k++) {
		const struct scope *s = &c->s.cat.scopes[k];
		const struct scope_evidence *ev = &r->ev[k];
		int sent = 0;
		fprintf(f, "\n  %s%s%s: %s\n", cli_style(c, "bold"), s->name, cli_style(c, "reset"),
			granted_word(s, ev->granted, ev->at_least, g, sizeof g));
		for (p = 0; p < 2; p++) {
			const struct probe_answer *pa = &ev->probe[p];
			if (!pa->request[0])
				continue;
			sent++;
			evidence_answer_text(pa, line, sizeof line);
			fprintf(f, "    %s %s\n", pa->request, line);
		}
		if (!sent)
			fprintf(f, "    no request: %s\n",
				s->unverifiable ? s->unverifiable : "not probed");
		else if (ev->granted == LEVEL_UNKNOWN || ev->at_least)
			fprintf(f, "    %s\n", ev->text);
	}
	fprintf(f, "\n");
}

static void print_result(FILE *f, struct cli *c, const struct row *w, const struct check_target *t,
			 const struct check_result *r)
{
	char g[48];
	int k, hidden = 0;

	fprintf(f, "%s%s%s  store %s", cli_style(c, "bold"), w->label, cli_style(c, "reset"),
		w->hash);
	if (r->have_store)
		fprintf(f, "  %s (%s, %s)", r->store_name, r->store_plan, r->store_domain);
	fprintf(f, "\n  %ld ms, %d request%s", r->elapsed_ms, r->requests,
		r->requests == 1 ? "" : "s");
	/* A connection another store's check opened may carry these. */
	if (r->connections > 0)
		fprintf(f, " on %d new connection%s", r->connections,
			r->connections == 1 ? "" : "s");
	else if (r->requests > 0)
		fprintf(f, " on a connection already open");
	if (r->rate_quota > 0)
		fprintf(f, ", %ld of %ld requests left in the store's rate-limit window",
			r->rate_left, r->rate_quota);
	if (r->waited_ms > 0)
		fprintf(f, " (waited %.1f s for it to refresh)", (double)r->waited_ms / 1000.0);
	fprintf(f, "\n");
	if (t && r->probed) {
		fprintf(f, "\n  %s   %-46s %-10s %s%s\n", cli_style(c, "dim"), "SCOPE", "REQUIRED",
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
			fprintf(f, "  %s%s%s%*s %-46s %-10s %-18s",
				cli_style(c, verdict_style(row->verdict)), sym,
				cli_style(c, "reset"), 2 - width, "", s->name,
				s->levels[t->required[k]],
				granted_word(s, row->granted, row->at_least, g, sizeof g));
			fprintf(f, " %s%s%s\n", cli_style(c, "dim"), coverage_word(row->verdict),
				cli_style(c, "reset"));
			if (row->advice && row->verdict != COV_EXTRA)
				fprintf(f, "     %s-> %s%s\n", cli_style(c, "yellow"), row->advice,
					cli_style(c, "reset"));
		}
		if (hidden)
			fprintf(f, "  %s(%d scopes neither required nor held are not shown)%s\n",
				cli_style(c, "dim"), hidden, cli_style(c, "reset"));
	}
	print_alerts(f, c, r);
	if (c->explain && r->probed)
		print_explain(f, c, r);
	if (r->ok)
		fprintf(f, "  %sOK%s: the token works for store %s\n\n", cli_style(c, "green"),
			cli_style(c, "reset"), w->hash);
	else {
		fprintf(f, "  %sFAILED%s (%s): %s\n", cli_style(c, "red"), cli_style(c, "reset"),
			check_kind_word(r->kind), r->message);
		if (check_next_step(r->kind))
			fprintf(f, "  Next: %s\n", check_next_step(r->kind));
		fprintf(f, "\n");
	}
}

/* "Products: modify -> none" for each scope whose level changed since the
 * check recorded in the profile before this one. */
static void print_changes(FILE *f, struct cli *c, const cJSON *p, const struct check_result *r)
{
	int prev[SCOPES_MAX];
	long long prev_time;
	char age[32];
	int k, shown = 0;

	if (!r->probed || !p)
		return;
	prev_time = profile_check_levels(profile_compare_check(p), &c->s.cat, prev);
	if (!prev_time)
		return;
	for (k = 0; k < c->s.cat.n; k++) {
		const struct scope *s = &c->s.cat.scopes[k];
		if (prev[k] == PROFILE_LEVEL_NONE || prev[k] == r->ev[k].granted)
			continue;
		if (!shown++) {
			text_age(prev_time, time(NULL), age, sizeof age);
			fprintf(f, "  Changed since the last check (%s):\n", age);
		}
		fprintf(f, "    %s%s: %s -> %s%s\n", cli_style(c, "yellow"), s->name,
			scope_level_name(s, prev[k]), scope_level_name(s, r->ev[k].granted),
			cli_style(c, "reset"));
	}
	if (shown)
		fprintf(f, "\n");
}

/* Each line of text indented by one tab: a result inside "results". */
static void put_indented(const char *text)
{
	const char *nl;

	for (; *text; text = nl + 1) {
		nl = strchr(text, '\n');
		if (!nl) {
			printf("\t%s", text);
			return;
		}
		printf("\t%.*s\n", (int)(nl - text), text);
	}
}

/* --json: one document, its results printed as they come, in order. */
static void open_json(struct run *run)
{
	if (run->c->json && !run->json_open)
		printf("{\n\t\"results\":\t[");
	run->json_open = 1;
}

/* Prints the rendered results that are next in order. */
static void flush_rows(struct run *run)
{
	struct row *w;

	open_json(run);
	while (run->printed < run->n && (w = &run->rows[run->printed])->done) {
		if (w->out) {
			if (run->c->json) {
				printf("%s", run->printed ? ",\n" : "\n");
				put_indented(w->out);
			} else {
				fputs(w->out, stdout);
			}
			run->held -= strlen(w->out);
			free(w->out);
			w->out = NULL;
		}
		run->printed++;
	}
	fflush(stdout);
}

/* Store w's target for its check, built as the vault's other readers build
 * it, from its profile p (NULL: the credentials file). */
static void target_of(struct run *run, const struct row *w, const cJSON *p, struct check_slot *s)
{
	struct cli *c = run->c;

	if (p)
		session_profile_target(&c->s, p, s->required, s->base, sizeof s->base, &s->t);
	else
		session_credentials_target(&c->s, w->label, run->cr, s->required, s->base,
					   sizeof s->base, &s->t);
	if (run->levels)
		memcpy(s->required, run->levels, sizeof s->required);
	else
		profile_required(p, &c->s.cat, s->required);
	s->t.label = w->label;
}

/* The check of store i is about to start: its profile is parsed for as long
 * as the check runs. Not now when too much waits to be printed. */
static int feed_next(void *ctx, int i, struct check_slot *s)
{
	struct run *run = ctx;
	struct row *w = &run->rows[i];

	if (run->held > HELD_MAX)
		return 1;
	if (w->item && !(w->p = vault_profile_parse(w->item)))
		return 1; /* no memory: nothing more starts */
	target_of(run, w, w->p, s);
	return 0;
}

/* Store i's result: kept as its row, written out, recorded in its profile
 * (in memory: saved once at the end), and its buffers handed back. */
static void feed_done(void *ctx, int i, const struct check_target *t, struct check_result *r)
{
	struct run *run = ctx;
	struct cli *c = run->c;
	struct row *w = &run->rows[i];
	struct bc_err err;
	char *text = NULL;
	size_t len = 0;
	int k;

	w->done = 1;
	w->ok = r->ok;
	w->kind = r->kind;
	w->probed = r->probed;
	w->conclusive = check_conclusive(r);
	w->missing = (short)r->cov.failing;
	w->unproven = (short)r->cov.unverified;
	w->alerts = (short)r->nalerts;
	w->elapsed_ms = r->elapsed_ms;
	run->failed += !r->ok;
	for (k = 0; k < c->s.cat.n; k++)
		if (w->cell[k] != COV_NOT_NEEDED)
			w->cell[k] =
				(signed char)(r->probed ? r->cov.rows[k].verdict : COV_UNKNOWN);
	if (c->json) {
		cJSON *o = result_json(c, w, t, r);
		text = o ? cli_json_text(o) : NULL;
		cJSON_Delete(o);
	} else if (!c->grid) {
		FILE *f = open_memstream(&text, &len);
		if (f) {
			print_result(f, c, w, t, r);
			print_changes(f, c, w->p, r);
			if (fclose(f) != 0) {
				free(text);
				text = NULL;
			}
		}
	}
	if ((c->json || !c->grid) && !text)
		text = strdup("bcsetup: out of memory: this result was not printed\n");
	w->out = text;
	if (text)
		run->held += strlen(text);
	/* Recorded in the profile's text at once: saved at the end. */
	if (w->p && r->kind != CHECK_ABORTED && !run->record_failed) {
		if (profile_record_check(w->p, &c->s.cat, r, time(NULL), &err) == BC_OK &&
		    vault_profile_set(w->item, w->p, &err) == BC_OK) {
			w->recorded = 1;
		} else {
			run->record_failed = 1;
			snprintf(run->record_err, sizeof run->record_err, "%s", err.msg);
		}
	}
	if (w->conclusive) {
		w->verdict_ok = w->ok;
		w->verdict_time = time(NULL);
	}
	cJSON_Delete(w->p);
	w->p = NULL;
	if (++run->done % 256 == 0)
		mem_release();
	if (run->tty)
		fputs("\r\033[K", stderr);
	flush_rows(run);
}

/* The scopes the fleet's grid shows: those any profile of the run requires,
 * in the catalogue's order. Returns how many, their indexes in cols. */
static int grid_columns(const struct cli *c, const struct run *run, int *cols)
{
	int i, k, n = 0;

	for (k = 0; k < c->s.cat.n; k++)
		for (i = 0; i < run->n; i++)
			if (run->rows[i].cell[k] != COV_NOT_NEEDED) {
				cols[n++] = k;
				break;
			}
	return n;
}

/* check --all --grid: one line per store, one column per scope required. */
static void print_grid(struct cli *c, const struct run *run)
{
	int cols[SCOPES_MAX], n = grid_columns(c, run, cols), i, j, w = 7, legend = 0;
	static const enum coverage_verdict shown[] = {COV_COVERED, COV_INSUFFICIENT, COV_MISSING,
						      COV_UNKNOWN, COV_NOT_NEEDED};

	for (i = 0; i < run->n; i++)
		if ((int)strlen(run->rows[i].label) > w)
			w = (int)strlen(run->rows[i].label) > 24 ? 24
								 : (int)strlen(run->rows[i].label);
	printf("%-*s %-9s", w, "PROFILE", "STORE");
	for (j = 0; j < n; j++)
		printf(" %2d", j + 1);
	printf("  RESULT\n");
	for (i = 0; i < run->n; i++) {
		const struct row *r = &run->rows[i];
		printf("%-*.*s %-9.9s", w, w, cli_safe(r->label), cli_safe(r->hash));
		for (j = 0; j < n; j++) {
			enum coverage_verdict v = (enum coverage_verdict)r->cell[cols[j]];
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
		if (r->ok)
			printf("  ok\n");
		else
			printf("  FAILED (%s)\n", check_kind_word(r->kind));
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
		const struct row *r = &run->rows[i];
		csv_field(f, r->label, 0);
		csv_field(f, r->hash ? r->hash : "", 0);
		csv_field(f, r->target, 0);
		csv_field(f, r->ok ? "true" : "false", 0);
		csv_field(f, r->ok ? "" : check_kind_word(r->kind), n == 0);
		for (j = 0; j < n; j++)
			csv_field(f, coverage_word((enum coverage_verdict)r->cell[cols[j]]),
				  j == n - 1);
	}
	if (fclose(f) != 0) {
		bc_fail(err, BC_ERR_IO, "cannot write %s: %s", c->csv, strerror(errno));
		return -1;
	}
	return 0;
}

/* The vault changed on disk during the run: each result recorded is
 * carried into the file's profile of that name, if it still holds the very
 * token that was checked; a token replaced meanwhile is not the one the
 * result is about. */
static enum bc_status carry_results(cJSON *profiles, cJSON *mine, void *p, struct bc_err *err)
{
	static const char *const fields[] = {"last_check", "previous_check", "last_attempt",
					     "store"};
	const struct run *run = p;
	enum bc_status st = BC_OK;
	size_t f;
	int i;

	(void)mine; /* the rows point into it */
	for (i = 0; i < run->n && st == BC_OK; i++) {
		const struct row *w = &run->rows[i];
		cJSON *item = cJSON_GetObjectItemCaseSensitive(profiles, w->label);
		cJSON *theirs = NULL, *ours = NULL;
		const char *a, *b;
		if (!w->recorded)
			continue;
		theirs = item ? vault_profile_parse(item) : NULL;
		ours = vault_profile_parse(w->item);
		a = profile_str(theirs, "access_token");
		b = profile_str(ours, "access_token");
		if (!a || !b || strlen(a) != strlen(b) || sodium_memcmp(a, b, strlen(a)) != 0) {
			fprintf(stderr,
				"bcsetup: %s was changed or removed while it was checked: its result "
				"was not saved\n",
				cli_safe(w->label));
		} else {
			for (f = 0; f < sizeof fields / sizeof fields[0]; f++) {
				cJSON *moved =
					cJSON_DetachItemFromObjectCaseSensitive(ours, fields[f]);
				cJSON_DeleteItemFromObjectCaseSensitive(theirs, fields[f]);
				if (moved)
					cJSON_AddItemToObject(theirs, fields[f], moved);
			}
			st = vault_profile_set(item, theirs, err);
		}
		cJSON_Delete(theirs);
		cJSON_Delete(ours);
	}
	return st;
}

/* Saves the results recorded in the profiles. A result that could not be
 * saved is said, and does not change the exit status. */
static void save_results(struct vault *v, struct run *run)
{
	struct bc_err err;

	if (run->record_failed)
		fprintf(stderr, "bcsetup: the results were not saved to the vault: %s\n",
			run->record_err);
	else if (vault_save_merged(v, carry_results, run, &err) != BC_OK)
		fprintf(stderr, "bcsetup: the results were not saved to the vault: %s\n", err.msg);
	else
		cli_warn_saved(&err);
}

/* When p's token came in: rotated, else created; 0 when unknown. */
static long long token_time(const cJSON *p)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "rotated");

	if (!cJSON_IsNumber(t))
		t = cJSON_GetObjectItemCaseSensitive(p, "created");
	return cJSON_IsNumber(t) ? (long long)t->valuedouble : 0;
}

/* check --prometheus FILE: each profile's result for node_exporter, and the
 * run's exit status. 0, or -1 with err saying why (nothing printed). */
static int write_metrics(struct cli *c, const struct run *run, int run_exit, struct bc_err *err)
{
	struct metric_row *rows = calloc((size_t)run->n + 1, sizeof *rows);
	long long now = time(NULL);
	int i;

	if (!rows) {
		bc_fail(err, BC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < run->n; i++) {
		const struct row *w = &run->rows[i];
		rows[i] = (struct metric_row){.profile = w->label,
					      .store_hash = w->hash,
					      .target = w->item ? w->ptarget : c->target,
					      .ok = w->ok,
					      .time = now,
					      .elapsed_ms = w->elapsed_ms,
					      .probed = w->probed,
					      .missing = w->missing,
					      .unproven = w->unproven,
					      .conclusive = w->conclusive,
					      .verdict_ok = w->verdict_ok,
					      .verdict_time = w->verdict_time,
					      .alerts = w->alerts,
					      .kind = w->ok ? NULL : check_kind_word(w->kind),
					      .token_time = w->token_time};
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

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Row w from its profile p: what the run keeps of it, and its target built
 * now as the check will build it, so that a bad API root stops the run
 * before anything is sent. 0, or the exit status after saying why not. */
static int fill_row(struct run *run, struct row *w, const cJSON *p, const struct target *tg,
		    struct check_slot *s)
{
	const char *own = profile_str(p, "target");
	struct last_check lc = {0};
	struct bc_err err;
	int k;

	w->hash = dup_or_null(profile_str(p, "store_hash"));
	w->target = strdup(tg ? tg->key : own ? own : "");
	w->ptarget = dup_or_null(own);
	if (!w->hash || !w->target || (own && !w->ptarget))
		return cli_error(BC_ERR_NOMEM, "out of memory");
	w->token_time = token_time(p);
	profile_last_check(p, &lc);
	w->verdict_ok = (unsigned char)lc.ok;
	w->verdict_time = lc.present ? lc.time : 0;
	target_of(run, w, p, s);
	if (s->t.base && api_check_base(s->t.base, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	for (k = 0; k < run->c->s.cat.n; k++)
		w->cell[k] = s->required[k] > 0 ? COV_UNKNOWN : COV_NOT_NEEDED;
	return 0;
}

/* A row per profile named (or all), in the vault's order; apps are left out,
 * said. Each profile is parsed in turn and let go. Returns 0, or the exit
 * status after saying why not. */
static int add_profiles(struct cli *c, struct run *run, struct vault *v, const struct target *tg)
{
	cJSON *item, *profiles = vault_profiles(v);
	struct check_slot *s;
	int i, k, rc = 0, app;

	for (i = 0; i < c->argc; i++) {
		cJSON *named =
			vault_profile_parse(cJSON_GetObjectItemCaseSensitive(profiles, c->argv[i]));
		app = profile_is_app(named);
		cJSON_Delete(named);
		if (!named)
			return cli_error(BC_ERR_NOTFOUND,
					 "there is no profile '%s' (see 'bcsetup list')",
					 c->argv[i]);
		if (app)
			return cli_error(
				BC_ERR_INPUT,
				"profile '%s' holds an app's OAuth 2.0 client: BigCommerce "
				"has no request that checks it without the merchant's "
				"consent, so the integration verifies it when it connects",
				c->argv[i]);
	}
	run->rows = calloc((size_t)(c->all ? cJSON_GetArraySize(profiles) : c->argc) + 1,
			   sizeof *run->rows);
	s = malloc(sizeof *s);
	if (!run->rows || !s) {
		free(s);
		return cli_error(BC_ERR_NOMEM, "out of memory");
	}
	cJSON_ArrayForEach (item, profiles) {
		struct row *w = &run->rows[run->n];
		int named = c->all;
		cJSON *p;
		for (k = 0; k < c->argc; k++)
			named |= strcmp(c->argv[k], item->string) == 0;
		if (!named)
			continue;
		if (!(p = vault_profile_parse(item))) {
			rc = cli_error(BC_ERR_NOMEM, "out of memory");
			break;
		}
		if (profile_is_app(p)) {
			/* Nothing to ask BigCommerce: said, and left out of the run. */
			fprintf(stderr,
				"bcsetup: %s is an app (OAuth 2.0 client), which no request can "
				"check: left out\n",
				cli_safe(item->string));
			cJSON_Delete(p);
			continue;
		}
		w->item = item;
		w->label = item->string;
		run->n++;
		rc = fill_row(run, w, p, tg, s);
		cJSON_Delete(p);
		if (rc)
			break;
	}
	free(s);
	/* a profile named twice is checked once */
	if (!rc && run->n == 0)
		fprintf(stderr, "bcsetup: the vault has no profiles to check\n");
	return rc;
}

static void free_run(struct run *run)
{
	int i;

	for (i = 0; run->rows && i < run->n; i++) {
		struct row *w = &run->rows[i];
		free(w->out);
		free(w->hash);
		free(w->target);
		free(w->ptarget);
		cJSON_Delete(w->p);
	}
	free(run->rows);
	run->rows = NULL;
}

int cmd_check(struct cli *c)
{
	struct run run = {.c = c};
	struct check_opts o = {0};
	struct check_feed feed = {.next = feed_next, .done = feed_done, .ctx = &run};
	struct credentials cr = {0};
	struct vault *v = NULL;
	const struct target *tg;
	struct bc_err err, merr;
	int i, rc, metrics_failed = 0, levels[SCOPES_MAX];

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
	if (tg || c->scopes)
		run.levels = levels;
	if (c->from_file) {
		struct check_slot s = {0};
		struct row *w;
		if (credfile_read(c->from_file, &cr, &err) != BC_OK)
			return cli_error(err.code, "%s", err.msg);
		run.cr = &cr;
		run.levels = levels;
		if (!(run.rows = calloc(1, sizeof *run.rows))) {
			rc = cli_error(BC_ERR_NOMEM, "out of memory");
			goto out;
		}
		run.n = 1;
		w = &run.rows[0];
		w->label = c->from_file;
		w->hash = strdup(cr.path.hash);
		w->target = strdup(tg ? tg->key : "");
		if (!w->hash || !w->target) {
			rc = cli_error(BC_ERR_NOMEM, "out of memory");
			goto out;
		}
		target_of(&run, w, NULL, &s);
		for (i = 0; i < c->s.cat.n; i++)
			w->cell[i] = levels[i] > 0 ? COV_UNKNOWN : COV_NOT_NEEDED;
		if (s.t.base && api_check_base(s.t.base, &err) != BC_OK) {
			rc = cli_error(err.code, "%s", err.msg);
			goto out;
		}
	} else {
		if ((rc = cli_open_vault(c, VAULT_RAW, &v)) != 0)
			return failed_run(c, rc);
		if ((rc = add_profiles(c, &run, v, tg)) != 0)
			goto out;
	}
	o.api = c->s.api;
	o.deep = c->deep;
	o.read_only = c->read_only_probes;
	o.progress = on_progress;
	o.ctx = &run;
	run.tty = isatty(STDERR_FILENO);
	/* It fails before any store starts, with nothing printed. */
	if (check_stream(&c->s.cat, &o, run.n, &feed, &err) != BC_OK) {
		rc = cli_error(err.code, "%s", err.msg);
		goto out;
	}
	if (run.tty)
		fputs("\r\033[K", stderr);
	/* The requests' memory goes back before the save takes a buffer the
	 * vault's size. */
	mem_release();
	rc = run.failed ? 1 : 0;
	/* Before the report's end, so that --json stays one document when it fails. */
	if (c->prometheus && write_metrics(c, &run, rc, &merr) != 0)
		metrics_failed = 1;
	if (!metrics_failed && c->csv && write_csv(c, &run, &merr) != 0)
		metrics_failed = 1;
	if (c->json) {
		open_json(&run);
		printf("%s],\n\t\"ok\":\t%s", run.n ? "\n\t" : "",
		       run.failed == 0 && !metrics_failed ? "true" : "false");
		if (metrics_failed) {
			char kind[32], *text;
			cJSON *e = cJSON_CreateObject();
			bc_status_word(merr.code, kind, sizeof kind);
			cJSON_AddStringToObject(e, "kind", kind);
			cJSON_AddStringToObject(e, "message", merr.msg);
			cJSON_AddNumberToObject(e, "exit", 2);
			text = cli_json_text(e);
			printf(",\n\t\"error\":\t");
			put_indented(text ? text : "null");
			free(text);
			cJSON_Delete(e);
		}
		printf("\n}\n");
	} else {
		if (c->grid)
			print_grid(c, &run);
		if (run.n > 1) {
			const char *sep = ": ";
			printf("%d profiles checked: %d ok, %d failed", run.n, run.n - run.failed,
			       run.failed);
			for (i = 0; i < run.n; i++) {
				if (run.rows[i].ok)
					continue;
				printf("%s%s (%s)", sep, run.rows[i].label,
				       check_kind_word(run.rows[i].kind));
				sep = ", ";
			}
			printf("\n");
		}
	}
	if (metrics_failed) {
		fprintf(stderr, "bcsetup: %s\n", merr.msg);
		rc = 2;
	}
	fflush(stdout);
	if (v)
		save_results(v, &run);
out:
	credentials_clear(&cr);
	vault_close(v);
	free_run(&run);
	return rc;
}
