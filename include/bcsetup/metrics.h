/*
 * metrics.h - check results for a monitoring system: the Prometheus text
 * format that node_exporter's textfile collector reads. No secret is ever
 * among the values or the labels.
 */
#ifndef BCSETUP_METRICS_H
#define BCSETUP_METRICS_H

#include "bcsetup/error.h"

/* One profile's check, as the metrics say it. */
struct metric_row {
	const char *profile, *store_hash, *target; /* labels; target may be NULL */
	int ok;                                    /* the check passed */
	long long time;                            /* when it ran (Unix time) */
	long elapsed_ms;                           /* how long it took */
	int probed;                                /* the scopes were probed */
	int missing;    /* required scopes not held (NaN in the file when not probed) */
	int unproven;   /* required levels no answer proved (NaN when not probed) */
	int alerts;     /* writes the store accepted */
	int conclusive; /* the check reached a verdict (check_conclusive) */
	/* The last verdict about the token: this run's when conclusive, else the
	 * one recorded before it; verdict_time 0 when there is none. */
	int verdict_ok;
	long long verdict_time;
	/* Why the check failed (check_kind_word: "scope", "auth", "store"...),
	 * or NULL when it passed. */
	const char *kind;
	/* When the token was imported or rotated in (Unix time), 0 unknown. */
	long long token_time;
};

/* Writes rows as Prometheus text to path atomically: a temporary file in
 * the same directory, synced, then renamed over path (mode 0644), so that a
 * collector reading it never sees half a file. run_exit is the run's exit
 * status: 0 or 1 when the profiles were checked; 2 or 3 when they could not
 * be (a passphrase refused, the vault not opened), and then rows may be
 * empty: the file then says the run failed, and no profile is ok. */
enum bc_status metrics_write_prometheus(const char *path, const struct metric_row *rows, int n,
					int run_exit, struct bc_err *err);

#endif
