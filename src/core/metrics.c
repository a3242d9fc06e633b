/* Check results in the Prometheus text format, written atomically. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bcsetup/metrics.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"

/* X(name, help) of each gauge, in the order written. */
#define METRIC_LIST(X)                                                                        \
	X(ok, "bcsetup_check_ok", "Whether the profile's last check passed (1) or not (0).")  \
	X(time, "bcsetup_check_timestamp_seconds", "When the check ran, in Unix time.")       \
	X(elapsed, "bcsetup_check_duration_seconds", "How long the check took.")              \
	X(missing, "bcsetup_check_required_scopes_missing",                                   \
	  "Required scopes the token does not hold.")                                         \
	X(unproven, "bcsetup_check_required_levels_unproven",                                 \
	  "Required scope levels the check could not prove held (each one fails it).")        \
	X(alerts, "bcsetup_check_alerts",                                                     \
	  "Writes the store accepted during the check (each one an alarm).")                  \
	X(conclusive, "bcsetup_check_conclusive",                                             \
	  "Whether the check reached a verdict about the token (1), or could not reach the "  \
	  "API (0).")                                                                         \
	X(verdict_ok, "bcsetup_check_verdict_ok",                                             \
	  "Whether the last verdict about the token, this run's or an earlier one's, passed " \
	  "(NaN: none yet).")                                                                 \
	X(verdict_time, "bcsetup_check_verdict_timestamp_seconds",                            \
	  "When that verdict was reached, in Unix time (NaN: none yet).")                     \
	X(token_time, "bcsetup_token_timestamp_seconds",                                      \
	  "When the profile's token was imported or rotated in, in Unix time (NaN: unknown).")

#define METRIC_ENUM(id, name, help) M_##id,
enum metric { METRIC_LIST(METRIC_ENUM) M_COUNT };
#undef METRIC_ENUM

/* A label value as the format wants it: valid UTF-8 (a byte that is not
 * becomes '?', or promtool rejects the whole file), no control character,
 * and \ and " escaped. */
static void put_label(FILE *f, const char *name, const char *raw, int first)
{
	char clean[512];
	const char *v = text_clean(clean, sizeof clean, raw);

	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f);
		if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('"', f);
}

static double value(const struct metric_row *r, enum metric which)
{
	switch (which) {
	case M_ok: return r->ok;
	case M_time: return (double)r->time;
	case M_elapsed: return (double)r->elapsed_ms / 1000.0;
	case M_missing: return r->probed ? (double)r->missing : (double)NAN;
	case M_unproven: return r->probed ? (double)r->unproven : (double)NAN;
	case M_conclusive: return r->conclusive;
	case M_verdict_ok: return r->verdict_time ? (double)r->verdict_ok : (double)NAN;
	case M_verdict_time: return r->verdict_time ? (double)r->verdict_time : (double)NAN;
	case M_token_time: return r->token_time ? (double)r->token_time : (double)NAN;
	case M_alerts:
	case M_COUNT: break;
	}
	return r->alerts;
}

static void write_all(FILE *f, const struct metric_row *rows, int n, int run_exit)
{
#define METRIC_NAME(id, name, help) name,
#define METRIC_HELP(id, name, help) help,
	static const char *const names[] = {METRIC_LIST(METRIC_NAME)};
	/* Some help texts are long, and written as two literals on purpose. */
	static const char *const helps[] = {
		METRIC_LIST(METRIC_HELP)}; /* NOLINT(bugprone-suspicious-missing-comma) */
#undef METRIC_NAME
#undef METRIC_HELP
	size_t m;
	int i;

	/* The run itself first: a run that could not check anything must not
	 * leave an older file saying every profile is fine. */
	fprintf(f,
		"# HELP bcsetup_check_run_ok Whether the run opened the vault and checked its "
		"profiles (1), or could not (0).\n# TYPE bcsetup_check_run_ok gauge\n"
		"bcsetup_check_run_ok %d\n",
		run_exit < 2);
	fprintf(f,
		"# HELP bcsetup_check_run_exit_status The run's exit status (0 all ok, 1 a "
		"problem found, 2 bad input, 3 the vault could not be opened).\n"
		"# TYPE bcsetup_check_run_exit_status gauge\nbcsetup_check_run_exit_status %d\n",
		run_exit);
	fprintf(f,
		"# HELP bcsetup_build_info The bcsetup that wrote this file.\n"
		"# TYPE bcsetup_build_info gauge\nbcsetup_build_info{version=\"%s\"} 1\n",
		BCSETUP_VERSION);
	if (!n)
		return;
	/* Why a check failed, as a label on a series of its own: an alert can
	 * tell a suspended store from a missing scope. Failed profiles only. */
	fprintf(f, "# HELP bcsetup_check_failure The kind of failure of a failed check (always "
		   "1; kind is auth, store, scope, unproven, network, tls, rate_limit or "
		   "server).\n# TYPE bcsetup_check_failure gauge\n");
	for (i = 0; i < n; i++) {
		if (rows[i].ok || !rows[i].kind)
			continue;
		fputs("bcsetup_check_failure{", f);
		put_label(f, "profile", rows[i].profile, 1);
		put_label(f, "store_hash", rows[i].store_hash, 0);
		put_label(f, "target", rows[i].target ? rows[i].target : "", 0);
		put_label(f, "kind", rows[i].kind, 0);
		fputs("} 1\n", f);
	}
	for (m = 0; m < sizeof names / sizeof names[0]; m++) {
		fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", names[m], helps[m], names[m]);
		for (i = 0; i < n; i++) {
			fprintf(f, "%s{", names[m]);
			put_label(f, "profile", rows[i].profile, 1);
			put_label(f, "store_hash", rows[i].store_hash, 0);
			put_label(f, "target", rows[i].target ? rows[i].target : "", 0);
			double v = value(&rows[i], (enum metric)m);
			if (isnan(v))
				fputs("} NaN\n", f);
			else if (m == M_elapsed)
				fprintf(f, "} %.3f\n", v); /* milliseconds, as measured */
			else
				fprintf(f, "} %.17g\n", v);
		}
	}
}

enum bc_status metrics_write_prometheus(const char *path, const struct metric_row *rows, int n,
					int run_exit, struct bc_err *err)
{
	char tmp[4200];
	FILE *f;
	int fd, e, ok;

	/* A directory another user owns or may write to could have the file
	 * swapped under the collector: checked as the vault's is. */
	{
		char dir[4200];
		const char *slash = strrchr(path, '/');
		snprintf(dir, sizeof dir, "%.*s",
			 slash ? (int)(slash == path ? 1 : slash - path) : 1, slash ? path : ".");
		if (vault_check_dir(dir, "the metrics file's directory", err) != BC_OK) {
			err->code = BC_ERR_IO;
			return BC_ERR_IO;
		}
	}
	/* Not *.prom: the collector must not read the file half written. */
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return bc_fail(err, BC_ERR_INPUT, "the metrics file's name is too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return bc_fail(err, BC_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
		unlink(tmp);
		return bc_fail(err, BC_ERR_IO, "cannot write %s: %s", tmp, strerror(e));
	}
	fchmod(fd, 0644); /* whatever the umask: the collector runs as another user */
	write_all(f, rows, n, run_exit);
	ok = fflush(f) == 0 && fsync(fd) == 0;
	e = errno;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		if (ok)
			e = errno;
		unlink(tmp);
		return bc_fail(err, BC_ERR_IO, "cannot write %s: %s", path, strerror(e));
	}
	return BC_OK;
}
