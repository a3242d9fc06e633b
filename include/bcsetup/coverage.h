/*
 * coverage.h - what a token's probe evidence means against what a target
 * requires: per scope a verdict and what to do about it, and one overall verdict.
 */
#ifndef BCSETUP_COVERAGE_H
#define BCSETUP_COVERAGE_H

#include "bcsetup/evidence.h"
#include "bcsetup/scopes.h"

/* X(name, word for --json and tables, symbol, ascii symbol, fails the check) */
#define COVERAGE_LIST(X)                                       \
	X(COV_COVERED, "covered", "\u2714", "ok", 0)           \
	X(COV_MISSING, "missing", "\u2718", "XX", 1)           \
	X(COV_INSUFFICIENT, "insufficient", "\u25D0", "lo", 1) \
	X(COV_EXTRA, "more than needed", "+", "+", 0)          \
	X(COV_UNKNOWN, "cannot be verified", "?", "?", 0)      \
	X(COV_NOT_NEEDED, "not needed", "\u00B7", ".", 0)

#define COVERAGE_ENUM(name, word, sym, ascii, fails) name,
enum coverage_verdict { COVERAGE_LIST(COVERAGE_ENUM) COV_COUNT };
#undef COVERAGE_ENUM

struct coverage_row {
	enum coverage_verdict verdict;
	int required, granted, at_least;
	const char *advice; /* static text, or NULL when nothing needs doing */
};

struct coverage {
	int n;
	struct coverage_row rows[SCOPES_MAX];
	int failing;    /* scopes missing or insufficient */
	int unverified; /* required scopes no probe could confirm */
	int extra;      /* scopes held beyond what is required */
};

/* Computes coverage of required[cat->n] (levels) by ev[cat->n]. */
void coverage_compute(const struct scope_catalogue *cat, const int *required,
		      const struct scope_evidence *ev, struct coverage *out);

const char *coverage_word(enum coverage_verdict v);
/* A symbol that reads without colour: UTF-8 if utf8, else ASCII. */
const char *coverage_symbol(enum coverage_verdict v, int utf8);
int coverage_fails(enum coverage_verdict v);

#endif
