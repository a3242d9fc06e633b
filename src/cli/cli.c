/* The commands' toolkit: errors in words or JSON, the vault saved with the
 * error said, JSON printed safely, text made safe for a terminal, styles,
 * and the session loaded. The entry point (src/main.c) and every command
 * call into it; it calls into neither. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/session.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "cli.h"

/* Set by --json: a script reading standard output gets errors as JSON too. */
static int json_errors;

void cli_json_errors(int on)
{
	json_errors = on;
}

int cli_error(enum bc_status code, const char *fmt, ...)
{
	char raw[BC_ERR_MSG_MAX + 128], msg[BC_ERR_MSG_MAX + 128], kind[32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* A message can quote a file, a pass entry or another program: no
	 * control character of theirs reaches the terminal. */
	text_clean(msg, sizeof msg, raw);
	fprintf(stderr, "bcsetup: %s\n", msg);
	if (json_errors) {
		/* {"ok": false, "error": {"kind", "message", "exit"}} on standard output. */
		cJSON *o = cJSON_CreateObject(), *e;
		bc_status_word(code, kind, sizeof kind);
		cJSON_AddFalseToObject(o, "ok");
		e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "kind", kind);
		cJSON_AddStringToObject(e, "message", msg);
		cJSON_AddNumberToObject(e, "exit", bc_status_exit(code));
		cli_print_json(o);
	}
	return bc_status_exit(code);
}

void cli_warn_saved(const struct bc_err *err)
{
	if (err->msg[0])
		fprintf(stderr, "bcsetup: warning: %s\n", err->msg);
}

int cli_save(struct vault *v)
{
	struct bc_err err;

	if (vault_save(v, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	cli_warn_saved(&err);
	return 0;
}

int cli_update(struct vault *v, vault_change change, void *ctx)
{
	struct bc_err err;

	if (vault_update(v, change, ctx, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	cli_warn_saved(&err);
	return 0;
}

char *cli_json_text(const cJSON *v)
{
	char *s = cJSON_Print(v), *safe;

	if (!s)
		return NULL;
	/* A file name or an error can carry bytes that are not UTF-8; JSON
	 * must not. */
	text_fix_utf8(s);
	/* C1 controls are valid UTF-8, and some terminals obey them. */
	safe = text_json_escape_c1(s);
	cJSON_free(s);
	return safe;
}

void cli_print_json(cJSON *v)
{
	char *s = cli_json_text(v);

	if (s)
		puts(s);
	free(s);
	cJSON_Delete(v);
}

const char *cli_safe(const char *s)
{
	static char bufs[8][2048];
	static unsigned next;
	char *b = bufs[next++ % 8];

	return text_clean(b, sizeof bufs[0], s);
}

const char *cli_style(const struct cli *c, const char *style)
{
	static const struct {
		const char *name, *seq;
	} styles[] = {
		{"bold", "\033[1m"},   {"dim", "\033[2m"},     {"red", "\033[31m"},
		{"green", "\033[32m"}, {"yellow", "\033[33m"}, {"reset", "\033[0m"},
	};
	size_t i;

	if (!c->color)
		return "";
	for (i = 0; i < sizeof styles / sizeof styles[0]; i++)
		if (strcmp(styles[i].name, style) == 0)
			return styles[i].seq;
	return "";
}

int cli_load(struct cli *c)
{
	struct bc_err err;

	if (session_load(&c->s, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	return 0;
}

int cli_required(struct cli *c, const char *target_key, const char *caps, const struct target **t,
		 int *levels)
{
	struct bc_err err;

	if (session_required(&c->s, target_key, caps, c->scopes, t, levels, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	return 0;
}
