/*
 * verdict.h - what a check's answers mean for its result (inside core, for
 * check.c): the words of each failure, the alarm when a store accepts a
 * write probe, and the verdict once every scope has its evidence. check.c
 * schedules the requests and hands each answer here; nothing here knows of
 * curl or of the schedule.
 */
#ifndef BCSETUP_VERDICT_H
#define BCSETUP_VERDICT_H

#include "bcsetup/check.h"
#include "bcsetup/evidence.h"

/* The result's failure, unless it already has one: the first cause stands. */
void verdict_fail(struct check_result *r, enum check_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* What GET /v2/time's answer a (one with an HTTP status) says about the
 * token and the store hash; tries is how often it was sent (429s). */
void verdict_time(struct check_result *r, const struct ev_answer *a, int tries, const char *hash);

/* Judges the answer a to scope's read probe (write 0) or write probe into
 * r's evidence; a failure that leaves a scope needed unjudged fails r. 1 when
 * the store accepted the write: the alert is in r, and no other write probe
 * may go to that store. */
int verdict_probe(const struct scope_catalogue *cat, int scope, int write, int needed,
		  const struct ev_answer *a, struct check_result *r);

/* The store's name, domain and plan from GET /v2/store's answer. */
void verdict_store(struct check_result *r, const struct ev_answer *a);

/* The verdict once every probe is answered: each scope's level, the
 * coverage of required (cat.n levels), and r's kind and message. */
void verdict_conclude(const struct scope_catalogue *cat, const int *required, int read_only,
		      struct check_result *r);

#endif
