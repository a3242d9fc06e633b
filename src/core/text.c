#define _GNU_SOURCE
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bcsetup/text.h"

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	/* C1 controls (U+0080-U+009F) act like escapes on some terminals. */
	return cp >= 0x80 && cp <= 0x9F ? 0 : n;
}

char *text_clean(char *out, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0;

	if (!size)
		return out;
	while (*p) {
		size_t n = utf8_len(p);
		if (n == 1 && (*p < 0x20 || *p == 0x7F)) {
			p++; /* a control character: dropped */
			continue;
		}
		if (n == 0) {
			if (*p >= 0x80 && o + 1 < size)
				out[o++] = '?';
			p++;
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	out[o] = '\0';
	return out;
}

void text_fix_utf8(char *s)
{
	unsigned char *p = (unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);
		/* A C1 control is valid UTF-8: keep it; JSON strings escape it. */
		if (n == 0 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			n = 2;
		if (n == 0)
			*p++ = '?';
		else
			p += n;
	}
}

char *text_json_escape_c1(const char *s)
{
	size_t n = 0, i, o = 0;
	char *out;

	for (i = 0; s[i]; i++)
		n += (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] >= 0x80 &&
		     (unsigned char)s[i + 1] <= 0x9f;
	if (!(out = malloc(i + n * 4 + 1)))
		return NULL;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i], d = (unsigned char)s[i + 1];
		if (c == 0xc2 && d >= 0x80 && d <= 0x9f) {
			o += (size_t)snprintf(out + o, 7, "\\u%04x", d);
			i++;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

void text_age(long long then, long long now, char *buf, size_t size)
{
	long long d;

	/* Times come from files: no sum of them may overflow. */
	if (then <= 0 || then > 253402300799LL || now < 0 || now > 253402300799LL) {
		snprintf(buf, size, "at an unknown time");
		return;
	}
	d = now - then;
	if (d < 0)
		d = 0;
	if (d < 90)
		snprintf(buf, size, "just now");
	else if (d < 90LL * 60)
		snprintf(buf, size, "%lld minutes ago", (d + 30) / 60);
	else if (d < 36LL * 3600)
		snprintf(buf, size, "%lld hours ago", (d + 1800) / 3600);
	else
		snprintf(buf, size, "%lld days ago", (d + 43200) / 86400);
}

/* The code point of the valid UTF-8 sequence at s of length n. */
static unsigned utf8_cp(const unsigned char *s, size_t n)
{
	static const unsigned char lead[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned cp = s[0] & lead[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/* wcwidth as a UTF-8 terminal has it, whatever the caller's locale: C.UTF-8
 * is built into glibc, so a program run under LANG=C still lines up. */
static int cp_width(unsigned cp)
{
	static locale_t utf8;
	locale_t old;
	int w;

	if (cp < 0x7F)
		return cp >= 0x20;
	if (!utf8 && !(utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0)))
		return 1;
	old = uselocale(utf8);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w < 0 ? 1 : w;
}

/* The next character of *p: its bytes in *n and its columns (an invalid
 * byte counts one column, shown as '?'). */
static int next_char(const unsigned char *p, size_t *n)
{
	*n = utf8_len(p);
	if (!*n) {
		*n = 1;
		return 1;
	}
	return cp_width(utf8_cp(p, *n));
}

int text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n;
	int w = 0;

	while (*p) {
		w += next_char(p, &n);
		p += n;
	}
	return w;
}

char *text_fit(char *out, size_t size, const char *s, int width, const char *sign, int pad)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int room = width, w, signw = text_width(sign);
	size_t o = 0, n;

	if (!size)
		return out;
	if (text_width(s) > width)
		room = width - signw; /* cut: keep a column for the sign */
	while (*p) {
		w = next_char(p, &n);
		if (w > room || o + n >= size)
			break;
		memcpy(out + o, p, n);
		o += n;
		p += n;
		room -= w;
	}
	out[o] = '\0';
	if (*p) {
		/* Its column was kept back above. */
		if (o + strlen(sign) < size) {
			memcpy(out + o, sign, strlen(sign) + 1);
			o += strlen(sign);
		} else {
			room += signw;
		}
		room = room < 0 ? 0 : room;
	}
	/* Padded to the width: what follows starts in the same column. */
	while (pad && room-- > 0 && o + 1 < size)
		out[o++] = ' ';
	out[o] = '\0';
	return out;
}
