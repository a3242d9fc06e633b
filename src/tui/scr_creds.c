/* Credentials: the downloaded file, or the values pasted one by one, each
 * checked as it is typed; secrets show only their last 4 characters. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/apipath.h"
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/vault.h"
#include "tui.h"
#include "ui_form.h"

enum { F_FILE, F_PATH, F_ID, F_SECRET, F_TOKEN, F_NAME, F_COUNT };
#define VAL APP_FIELD_SIZE

static const char *const labels[F_COUNT] = {"Credentials file", "API path",     "Client ID",
					    "Client Secret",    "Access Token", "Profile name"};
/* An app (OAuth 2.0 client): no file and no token, a redirect URL instead. */
static const char *const app_labels[F_COUNT] = {
	"", "Store hash", "Client ID", "Client secret", "Redirect URL", "Profile name"};
#define LABEL(i) (v.app ? app_labels[i] : labels[i])

/* The screen's state (the values themselves are the flow's: a->fields). */
static struct {
	struct ui_form form;
	int first; /* the first field shown: F_PATH for an app */
	int app;   /* the fields are an app's */
	int built_cols;
} v;

/* Each field has a line of feedback under it; the API path has two, since
 * why a pasted address carries no hash takes some words to say. */
static int field_row(int i)
{
	return 4 + 2 * (i - v.first) + (i > F_PATH);
}

static void save_fields(struct app *a)
{
	int i;

	for (i = v.first; i < F_COUNT && v.form.form; i++)
		ui_form_value(&v.form, i - v.first, a->fields[i], VAL);
}

static void build(struct app *a, int current)
{
	struct ui_field_spec spec[F_COUNT];
	int i, w = COLS - 22;

	for (i = v.first; i < F_COUNT; i++)
		spec[i - v.first] = (struct ui_field_spec){
			field_row(i), 20, w, i == F_SECRET || (i == F_TOKEN && !v.app)};
	ui_form_make(&v.form, spec, F_COUNT - v.first, a->fields + v.first, current - v.first);
	v.built_cols = COLS;
}

/* The current field, as an F_ index. */
static int current(void)
{
	return ui_form_current(&v.form) + v.first;
}

static void enter(struct app *a)
{
	const struct target *t = app_target(a);
	int i;

	for (i = 0; i < F_COUNT; i++)
		if (!a->fields[i] && !(a->fields[i] = secret_alloc(VAL)))
			return;
	v.app = a->app_kind;
	v.first = v.app ? F_PATH : F_FILE;
	if (a->downloaded[0] && !v.app)
		snprintf(a->fields[F_FILE], VAL, "%s", a->downloaded);
	/* A name it proposed for another integration is proposed anew. */
	if (!a->fields[F_NAME][0] ||
	    (a->auto_name[0] && strcmp(a->fields[F_NAME], a->auto_name) == 0)) {
		const char *base = a->profile[0] && strcmp(a->profile, a->auto_name) != 0
					   ? a->profile
				   : t ? t->key
				       : "store";
		snprintf(a->fields[F_NAME], VAL, "%s", base);
		/* A new connection never overwrites another profile by accident. */
		for (i = 2;
		     !a->rotating && a->vault &&
		     cJSON_GetObjectItemCaseSensitive(vault_profiles(a->vault), a->fields[F_NAME]);
		     i++)
			snprintf(a->fields[F_NAME], VAL, "%s-%d", base, i);
		snprintf(a->auto_name, sizeof a->auto_name, "%s", a->fields[F_NAME]);
	}
	/* The first field: what is typed goes where the eye starts. */
	build(a, !v.app ? F_FILE : a->fields[F_ID][0] ? F_TOKEN : F_PATH);
}

/* The one-line verdict under a field; returns 1 when the field is fine. */
static int feedback(struct app *a, int i, char *out, size_t size)
{
	const char *val = a->fields[i];
	struct bc_err err;
	struct apipath ap;
	char warn[160] = "";
	static const enum cred_field which[] = {[F_ID] = CRED_CLIENT_ID,
						[F_SECRET] = CRED_CLIENT_SECRET,
						[F_TOKEN] = CRED_ACCESS_TOKEN};

	out[0] = '\0';
	switch (i) {
	case F_FILE:
		snprintf(out, size, "%s",
			 *val ? "Enter imports it"
			      : "optional: the .txt file BigCommerce downloaded");
		return 1;
	case F_PATH:
		if (!*val)
			return snprintf(out, size, "%s",
					v.app ? "the store hash, or the store's API path or "
						"control-panel address"
					      : "paste the API path shown in the pop-up"),
			       0;
		if (apipath_parse(val, &ap, &err) != BC_OK)
			return snprintf(out, size, "%s", err.msg), 0;
		snprintf(out, size, "store hash: %s%s%s", ap.hash, ap.warning[0] ? "; " : "",
			 ap.warning);
		return 1;
	case F_NAME:
		if (profile_name_check(val, &err) != BC_OK)
			return snprintf(out, size, "%s", err.msg), 0;
		if ((a->rotating || a->correcting) && strcmp(val, a->profile) != 0)
			return snprintf(out, size, "%s %s: the name stays",
					a->rotating ? "rotating" : "correcting", a->profile),
			       0;
		return 1;
	case F_TOKEN:
		if (v.app) {
			if (apipath_check_redirect(val, &err) != BC_OK)
				return snprintf(out, size, "%s", err.msg), 0;
			return snprintf(out, size, "the app's Auth Callback URL"), 1;
		}
		__attribute__((fallthrough)); /* an API account's token */
	default:
		if (!*val)
			return snprintf(out, size, "empty"), 0;
		if (cred_check(which[i], val, warn, sizeof warn, &err) != BC_OK)
			return snprintf(out, size, "%s", err.msg), 0;
		if (i == F_SECRET || i == F_TOKEN)
			ui_masked(out, size, val, 0);
		if (warn[0])
			snprintf(out + strlen(out), size - strlen(out), "%s%s", *out ? "; " : "",
				 warn);
		return 1;
	}
}

static void draw(struct app *a)
{
	char fb[320];
	int i, good;

	if (COLS != v.built_cols) {
		int cur = current();
		save_fields(a);
		ui_form_free(&v.form);
		build(a, cur);
	}
	save_fields(a);
	ui_put(a, 2, 2, COLS - 4,
	       v.app ? "Paste the app's values and the callback URL it was given:"
		     : "Import the downloaded file, or paste each value:");
	if (a->remote) {
		attron(ui_attr(UI_DIM));
		ui_put(a, 3, 2, COLS - 4,
		       "Over SSH: copy the file to this server, or paste the values.");
		attroff(ui_attr(UI_DIM));
	}
	for (i = v.first; i < F_COUNT; i++) {
		int attr, w = COLS - 22;
		mvprintw(field_row(i), 2, "%s:", LABEL(i));
		good = feedback(a, i, fb, sizeof fb);
		attr = ui_attr(good || !a->fields[i][0] ? UI_DIM : UI_BAD);
		if (i == F_PATH && ui_cols(fb) > w) {
			/* Two lines for the API path's reason; more is cut with a sign. */
			char two[sizeof fb];
			ui_fit(two, sizeof two, fb, 2 * w - 2, a->utf8);
			ui_wrap(field_row(i) + 1, 20, w, two, attr);
		} else {
			attron(attr);
			ui_put(a, field_row(i) + 1, 20, w, fb);
			attroff(attr);
		}
	}
	sodium_memzero(fb, sizeof fb);
	ui_form_draw(&v.form);
}

/* "~/Downloads/x.txt" as the shell would read it (only ~ and ~/: another
 * user's home is not looked up). */
static void expand_home(const struct app *a, const char *in, char *out, size_t size)
{
	if (in[0] == '~' && (in[1] == '/' || !in[1]) && a->home[0])
		snprintf(out, size, "%s%s", a->home, in + 1);
	else
		snprintf(out, size, "%s", in);
}

/* The fields from credentials read whole (a file, or its text pasted). */
static void fill(struct app *a, struct credentials *c)
{
	snprintf(a->fields[F_PATH], VAL, "%s", c->api_path);
	snprintf(a->fields[F_ID], VAL, "%s", c->client_id);
	snprintf(a->fields[F_SECRET], VAL, "%s", c->client_secret);
	snprintf(a->fields[F_TOKEN], VAL, "%s", c->access_token);
	snprintf(a->creds_hash, sizeof a->creds_hash, "%s", c->path.hash);
	credentials_clear(c);
	a->unsaved = 1;
	ui_form_free(&v.form);
	build(a, F_NAME);
}

static int import_file(struct app *a)
{
	struct credentials c;
	struct bc_err err;
	char path[VAL + 512];
	const char *base;

	expand_home(a, a->fields[F_FILE], path, sizeof path);
	/* A value pasted here by mistake is no file name, and is never
	 * repeated back (it may be the token). */
	if (!strchr(path, '/') && !strchr(path, '.') && access(path, F_OK) != 0) {
		tui_status(a, 1,
			   "That is not a file name. Credentials file takes the path of the "
			   ".txt BigCommerce downloaded; a value goes into its own field.");
		return -1;
	}
	if (credfile_read(path, &c, &err) != BC_OK) {
		/* Over SSH the browser saved the file on the other computer. */
		tui_status(a, 1, "%s%s", err.msg,
			   a->remote && access(path, F_OK) != 0
				   ? ". Over SSH, the file must be on this server: copy it "
				     "here, or paste the values."
				   : "");
		return -1;
	}
	fill(a, &c);
	base = strrchr(path, '/');
	snprintf(a->imported, sizeof a->imported, "%.200s", base ? base + 1 : path);
	/* The file may go once the profile is in the vault, not before. */
	tui_status(a, 0, "Imported %s (store hash %s). Enter goes on.", a->imported, a->creds_hash);
	return 0;
}

/* A correction that moves the profile to another store: said, and taken on
 * the second Enter. */
static int store_change_confirmed(struct app *a)
{
	const char *old = profile_str(app_profile(a), "store_hash");

	if (!old || strcmp(old, a->creds.path.hash) == 0 ||
	    strcmp(a->store_confirmed, a->creds.path.hash) == 0)
		return 1;
	snprintf(a->store_confirmed, sizeof a->store_confirmed, "%s", a->creds.path.hash);
	tui_status(a, 1,
		   "The store changes from %s to %s: %s's last check is dropped. Enter again "
		   "to confirm.",
		   old, a->creds.path.hash, a->profile);
	return 0;
}

/* Turns the fields into credentials under the same rules a file meets. */
static int creds_accept(struct app *a)
{
	char fb[320];
	struct bc_err err;
	int i;

	for (i = F_PATH; i < F_COUNT; i++)
		if (!feedback(a, i, fb, sizeof fb)) {
			tui_status(a, 1, "%s: %s", LABEL(i), fb);
			set_current_field(v.form.form, v.form.fields[i - v.first]);
			return -1;
		}
	credentials_clear(&a->creds);
	if (v.app) {
		/* No token to make credentials of: the fields are the app's, and
		 * only the store hash is parsed out for the screens to come. */
		a->have_creds = apipath_parse(a->fields[F_PATH], &a->creds.path, &err) == BC_OK;
		snprintf(a->profile, sizeof a->profile, "%s", a->fields[F_NAME]);
		a->unsaved = 1;
		return a->have_creds ? 0 : -1;
	}
	a->have_creds =
		credentials_make(a->fields[F_TOKEN], a->fields[F_ID], a->fields[F_SECRET],
				 a->fields[F_PATH], app_account_name(a), &a->creds, &err) == BC_OK;
	if (!a->have_creds) {
		tui_status(a, 1, "%s", err.msg);
		return -1;
	}
	if (a->correcting && !store_change_confirmed(a))
		return -1;
	snprintf(a->profile, sizeof a->profile, "%s", a->fields[F_NAME]);
	a->unsaved = 1;
	return 0;
}

/* Enter: on the file's field, imports it; elsewhere, every value checked
 * and on (or, the API path still empty, on to it). */
static enum action next(struct app *a, int ch)
{
	(void)ch;
	save_fields(a);
	if (current() == F_FILE && a->fields[F_FILE][0])
		return import_file(a), ACT_NONE;
	if (current() < F_NAME && !a->fields[F_PATH][0]) {
		ui_form_key(&v.form, '\t');
		return ACT_NONE;
	}
	return creds_accept(a) == 0 ? ACT_NEXT : ACT_NONE;
}

/* Typing, editing and moving between the fields. */
static enum action type(struct app *a, int ch)
{
	int used = ui_form_key(&v.form, ch);

	if (used < 0)
		tui_status(a, 1, UI_FORM_REFUSED);
	else if (used == 2)
		a->unsaved = 1; /* Ctrl-C now asks before these values are lost */
	return ACT_NONE;
}

/* Whether a paste is several lines with the credentials file's labels: the
 * file's text, or the pop-up's, copied whole into whichever field. */
static int looks_like_block(const char *text)
{
	static const char *const labels_seen[] = {"ACCESS TOKEN", "Access Token", "CLIENT ID",
						  "Client ID",    "API PATH",     "API Path"};
	size_t i;

	if (!strchr(text, '\n'))
		return 0;
	for (i = 0; i < sizeof labels_seen / sizeof labels_seen[0]; i++)
		if (strstr(text, labels_seen[i]))
			return 1;
	return 0;
}

static enum action paste(struct app *a, const char *text)
{
	struct credentials c;
	struct bc_err err;

	if (!v.app && looks_like_block(text)) {
		/* Parsed as the file is; an error names lines, never values. */
		if (credfile_parse(text, strlen(text), &c, &err) != BC_OK) {
			tui_status(a, 1, "The pasted text is not a whole credentials block: %s",
				   err.msg);
			return ACT_NONE;
		}
		a->fields[F_FILE][0] = '\0';
		fill(a, &c);
		a->imported[0] = '\0';
		tui_status(a, 0,
			   "Pasted credentials: every value is filled in (store hash %s). Enter "
			   "goes on.",
			   a->creds_hash);
		return ACT_NONE;
	}
	if (ui_form_paste(&v.form, text))
		tui_status(a, 1, UI_FORM_REFUSED);
	a->unsaved = 1;
	return ACT_NONE;
}

static void leave(struct app *a)
{
	save_fields(a);
	ui_form_free(&v.form);
}

#define NEXT_FIELD                                                                       \
	{                                                                                \
		.key = "Tab", .what = "next field",                                      \
		.help = "Tab or Down: the next field; Shift-Tab or Up: the one before.", \
		.codes = {'\t', KEY_BTAB, KEY_UP, KEY_DOWN}, .run = type, .prio = 1      \
	}
static const struct binding keys[] = {
	NEXT_FIELD,
	{.key = "Enter",
	 .what = "import / next",
	 .help = "On the file's field: imports it. Elsewhere: checks every value and goes on.",
	 .codes = {K_ENTER},
	 .run = next,
	 .prio = 2},
	KEYS_TYPING("a value", type),
	{0}};
static const struct binding app_keys[] = {NEXT_FIELD,
					  {.key = "Enter",
					   .what = "next",
					   .help = "Checks every value and goes on.",
					   .codes = {K_ENTER},
					   .run = next,
					   .prio = 2},
					  KEYS_TYPING("a value", type),
					  {0}};
static const struct binding *const tables[] = {keys, app_keys, NULL};

static const struct binding *keys_for(const struct app *a)
{
	return a->app_kind ? app_keys : keys;
}

const struct screen scr_creds = {
	.title = "the credentials",
	.enter = enter,
	.draw = draw,
	.paste = paste,
	.leave = leave,
	.keys_for = keys_for,
	.tables = tables,
};
