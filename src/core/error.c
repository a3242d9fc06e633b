#include <stdio.h>
#include <string.h>

#include "bcsetup/error.h"

#define BC_STATUS_TEXT(name, exit_status, text) [name] = (text),
static const char *const status_text[] = {BC_STATUS_LIST(BC_STATUS_TEXT)};
#undef BC_STATUS_TEXT

#define BC_STATUS_NAME(name, exit_status, text) [name] = #name,
static const char *const status_name[] = {BC_STATUS_LIST(BC_STATUS_NAME)};
#undef BC_STATUS_NAME

#define BC_STATUS_EXIT(name, exit_status, text) [name] = (exit_status),
static const int status_exit[] = {BC_STATUS_LIST(BC_STATUS_EXIT)};
#undef BC_STATUS_EXIT

const char *bc_status_text(enum bc_status code)
{
	if ((unsigned)code >= BC_STATUS_COUNT)
		return "unknown error";
	return status_text[code];
}

void bc_status_word(enum bc_status code, char *buf, size_t size)
{
	const char *n = (unsigned)code < BC_STATUS_COUNT ? status_name[code] : "BC_ERR_UNKNOWN";
	size_t i;

	if (!size)
		return;
	n += strncmp(n, "BC_ERR_", 7) == 0 ? 7 : 3; /* "BC_OK" -> "ok" */
	for (i = 0; n[i] && i + 1 < size; i++)
		buf[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] - 'A' + 'a' : n[i]);
	buf[i] = '\0';
}

int bc_status_exit(enum bc_status code)
{
	if ((unsigned)code >= BC_STATUS_COUNT)
		return 2;
	return status_exit[code];
}

void bc_fail_set(struct bc_err *err, enum bc_status code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void bc_err_clear(struct bc_err *err)
{
	if (!err)
		return;
	err->code = BC_OK;
	err->msg[0] = '\0';
}

void bc_err_prefix(struct bc_err *err, const char *prefix)
{
	char m[BC_ERR_MSG_MAX];
	size_t pl = strlen(prefix);

	if (!err || pl >= sizeof m)
		return;
	/* The snprintf after it ends the string the memcpy starts. */
	memcpy(m, prefix, pl); /* NOLINT(bugprone-not-null-terminated-result) */
	snprintf(m + pl, sizeof m - pl, "%s", err->msg);
	memcpy(err->msg, m, sizeof m);
}
