/*
 * text.h - making text from a server safe to show, store and print as JSON.
 */
#ifndef BCSETUP_TEXT_H
#define BCSETUP_TEXT_H

#include <stddef.h>

/* Copies s (NULL reads as "") into out[size] without control characters
 * (C0, DEL, C1: no escape sequence survives) and with every invalid UTF-8
 * byte replaced by '?', cutting only at a character boundary. Returns out. */
char *text_clean(char *out, size_t size, const char *s);

/* Replaces, in place, each byte of s that is not part of valid UTF-8 with
 * '?' (the length is kept). For whole documents such as --json output. */
void text_fix_utf8(char *s);

/* A copy of JSON text s (valid UTF-8) with each C1 control character
 * (U+0080 to U+009F, which some terminals obey as escapes) written as a
 * \u escape, as JSON allows; NULL when out of memory. Free it with free(). */
char *text_json_escape_c1(const char *s);

/* How long ago THEN was at NOW, in words: "just now", "3 minutes ago",
 * "5 hours ago", "2 days ago" (a future time reads as "just now"). */
void text_age(long long then, long long now, char *buf, size_t size);

/* The columns UTF-8 text s takes on a terminal (wcwidth: CJK takes two, a
 * combining accent none), the same whatever the locale. An invalid byte
 * counts one. */
int text_width(const char *s);

/* s (NULL reads as "") cut to at most width columns at a character
 * boundary; a cut ends in sign ("…" or "~"), so it shows. With pad, spaces
 * fill the rest, so exactly width columns are taken and the next column
 * lines up. Returns out. */
char *text_fit(char *out, size_t size, const char *s, int width, const char *sign, int pad);

#endif
