/*
 * tui.h - the setup wizard: shared state, the screen table, drawing helpers.
 *
 * Each screen is a small table of operations (enter, draw, paste, leave) and
 * a table of key bindings; app.c owns the one input loop, getch(), resizing
 * and signals. Screens only draw the state and turn keys into actions; the
 * work is done by src/core. docs/HACKING.md walks through one screen.
 */
#ifndef BCSETUP_TUI_H
#define BCSETUP_TUI_H

#include <curses.h>
#include <form.h>
#include <menu.h>
#include <signal.h>

#include "bcsetup/check.h"
#include "bcsetup/credfile.h"
#include "bcsetup/demo.h"
#include "bcsetup/scopes.h"
#include "bcsetup/session.h"
#include "bcsetup/targets.h"
#include "wizard.h"

struct vault;
struct cJSON;

#define APP_FIELD_SIZE 2048
#define TUI_MIN_COLS   64
#define TUI_MIN_ROWS   22

/* The screens, in the order of the first-time flow: X(id, name, step),
 * where step is the screen whose "Step N of M" it shows (itself for a step
 * of the flow, another for a screen within a step), or -1 for none. The
 * steps are numbered from this list, never by hand. A screen reached only
 * by a key, outside the flow (the fleet), comes last. */
#define SCREEN_LIST(X)                          \
	X(SCR_UNLOCK, unlock, -1)               \
	X(SCR_START, start, -1)                 \
	X(SCR_TARGET, target, SCR_TARGET)       \
	X(SCR_PANEL, panel, SCR_PANEL)          \
	X(SCR_SCOPES, scopes, SCR_SCOPES)       \
	X(SCR_SAVE_BC, savebc, SCR_SAVE_BC)     \
	X(SCR_CREDS, creds, SCR_CREDS)          \
	X(SCR_VAULT, vault, SCR_VAULT)          \
	X(SCR_LIVETEST, livetest, SCR_LIVETEST) \
	X(SCR_MATRIX, matrix, SCR_MATRIX)       \
	X(SCR_HANDOFF, handoff, -1)             \
	X(SCR_EXPLAIN, explain, SCR_MATRIX)     \
	X(SCR_DELETING, deleting, SCR_MATRIX)   \
	X(SCR_FLEET, fleet, -1)

#define SCREEN_ENUM(id, name, step) id,
enum screen_id { SCREEN_LIST(SCREEN_ENUM) SCR_COUNT };
#undef SCREEN_ENUM

enum action {
	ACT_NONE, /* handled; redraw */
	ACT_NEXT, /* the next step of the flow */
	ACT_BACK, /* the screen before (Esc) */
	ACT_GOTO, /* app->go_to */
	ACT_QUIT,
};

struct app;

/* One key of a screen, declared once: how the help line and the help
 * screen (? or F1) show it, the key codes it stands for, and the handler
 * that runs for them. The input loop hands a key only to the binding that
 * lists it, so what the help says and what the keys do cannot drift apart;
 * a handler no table names is an unused function, which the build refuses. */
#define KEY_CODES_MAX 12
/* In codes: any character typed into a field (ASCII or beyond). */
#define KEY_TEXT (-2)
/* A character beyond ASCII, as the input loop hands it on: UI_WIDE | code point. */
#define UI_WIDE 0x40000000
struct binding {
	const char *key, *what;   /* the help line: "Up/Down" "move"; what NULL: not there */
	const char *help;         /* the help screen's sentence; NULL: what */
	int codes[KEY_CODES_MAX]; /* 0 ends */
	enum action (*run)(struct app *a, int ch);
	/* When the help line is short of room, higher first; then the table's
	 * order. The screen's main action (Enter) is 2, what it is for 1. */
	int prio;
};
/* The same codes, spelled once. */
#define K_ENTER  '\n', '\r', KEY_ENTER
#define K_UPDOWN KEY_UP, KEY_DOWN, 'k', 'j'
/* What a field takes besides characters: moving and editing (^A ^E ^U). */
#define K_EDIT KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_BACKSPACE, 127, 8, KEY_DC, 1, 5, 21
/* The two bindings every screen with fields has, both run by fn. */
#define KEYS_TYPING(what_typed, fn)                                                           \
	{.key = "Type",                                                                       \
	 .help = "Typed or pasted characters go into " what_typed " (any UTF-8).",            \
	 .codes = {KEY_TEXT},                                                                 \
	 .run = (fn)},                                                                        \
	{                                                                                     \
		.key = "Left/Right",                                                          \
		.help = "Left/Right, Home/End (^A/^E), Backspace and Delete edit the field; " \
			"^U empties it.",                                                     \
		.codes = {K_EDIT}, .run = (fn)                                                \
	}

/* A screen, in the spirit of tig's views: its state is one struct in its own
 * file, its keys one table of bindings (or several, one per mode, picked by
 * keys_for), and the loop in app.c calls these. */
struct screen {
	const char *title; /* after "Step N of M: " when it is a step */
	void (*enter)(struct app *a);
	void (*draw)(struct app *a);
	/* A bracketed paste arrived whole (may be NULL: then typed as keys). */
	enum action (*paste)(struct app *a, const char *text);
	void (*leave)(struct app *a);
	const struct binding *keys; /* ended by {0} */
	/* When the title depends on the flow (an app, not an API account):
	 * used instead of title. */
	const char *(*title_for)(const struct app *a);
	/* When the keys depend on the screen's mode: used instead of keys. */
	const struct binding *(*keys_for)(const struct app *a);
	/* Every table keys_for can give, NULL-ended (the tests go through them). */
	const struct binding *const *tables;
};

/* Colours: one table with a monochrome column (see ui.c). */
enum ui_color { UI_TITLE, UI_SELECT, UI_OK, UI_BAD, UI_WARN, UI_DIM, UI_KEY, UI_COUNT };

struct app {
	struct bc_session *s;
	int utf8, color;
	int demo;
	struct practice practice; /* demo: the practice store */
	char vault_path[4096];
	struct vault *vault;
	int unsaved; /* something typed that is not in the vault yet */
	/* the flow's state */
	enum screen_id cur, go_to;
	enum screen_id history[32];
	int depth;
	int target;             /* index into s->targets, -1 none */
	unsigned caps;          /* the target's capabilities chosen */
	int app_kind;           /* the target takes an app (OAuth 2.0 client), and it was chosen */
	int levels[SCOPES_MAX]; /* the scopes the user picked */
	int required[SCOPES_MAX]; /* what the target requires */
	char profile[65];         /* the profile being made or rotated */
	char auto_name[65];       /* the profile name the credentials screen proposed */
	int rotating;
	int rotate_unsure;               /* levels the old token held "at that level or more" */
	char rotate_why[BC_ERR_MSG_MAX]; /* ...and why it could not say which */
	char account_name[96];           /* a rotation's new account: distinct from the old */
	int rotated;                     /* a rotation was saved: the old account awaits deletion */
	int rotation_failed;      /* the new token failed its check: the profile kept the old */
	int correcting;           /* a saved profile's store hash or token being corrected */
	char store_confirmed[64]; /* correcting: the new store hash the merchant confirmed */
	char shares[200];         /* other profiles on the token rotated away from */
	struct credentials creds; /* valid once the credentials screen accepts */
	int have_creds;
	struct check_result result;
	int have_result;
	/* The coverage matrix's rows, gaps first, and the one selected (-1: a
	 * new result, not placed yet); the explanation screen shares them. */
	int cov_order[SCOPES_MAX], cov_sel;
	/* what the credentials screen holds while the user moves back and forth */
	char *fields[6];      /* secret_* memory, APP_FIELD_SIZE each */
	char downloaded[512]; /* the credentials file the practice store wrote */
	char imported[256];   /* the file name imported, to say when it may go */
	char creds_hash[64];  /* the store hash of credentials read whole */
	char status[320];     /* news at the bottom: up to three lines */
	int status_bad;
	int help, help_top;          /* the help screen is open; its first line shown */
	int remote;                  /* over SSH: files are on the server, not the laptop */
	char home[512];              /* for ~ in paths typed in */
	volatile sig_atomic_t *stop; /* set by SIGTERM/SIGHUP/SIGINT (app.c) */
	/* Draws the whole screen now, for a screen busy with long work (the
	 * live test's progress); set by the loop, so no screen calls up into it. */
	void (*redraw)(struct app *a);
	int interrupted; /* the signal the wizard was left with, or 0 */
};

/* The layers, each calling only those below it:
 *   app.c      the input loop, signals, the screen table, going back and forth
 *   scr_*.c    the screens
 *   flow.c     the flow's state and its glue to core (profiles, the vault)
 *   help.c     the help screen and the keys every screen shares
 *   ui.c       drawing: colours, the frame, wrapped text, menus, forms */

/* app.c */
int tui_run(struct app *a);

/* paste.c: after an ESC, reads a bracketed paste whole into buf (1), or
 * gives the keys back for a bare Esc (0). */
int paste_read(char *buf, size_t size);

/* help.c: the help screen, from the screen's bindings and the terms. */
void help_draw(struct app *a, const char *title, const struct binding *own);
/* A key while the help screen is open; returns 0 when it closed. */
int help_key(struct app *a, int ch);
extern const struct binding help_keys[];
/* The keys every screen shares (Esc, help, Ctrl-C), as a screen with the
 * bindings own has them (its own Esc wins); on the help screen's own line
 * (on_help), only Ctrl-C. Run by the loop, not by these entries. */
const struct binding *help_common(const struct app *a, const struct binding *own, int on_help);
/* Handlers for keys that only move through the flow: the next step, the
 * screen before, quit, the hand-off. */
enum action go_next(struct app *a, int ch);
enum action go_back(struct app *a, int ch);
enum action go_quit(struct app *a, int ch);
enum action go_handoff(struct app *a, int ch);
/* The binding in table k that takes ch, or NULL. */
const struct binding *binding_for(const struct binding *k, int ch);
/* Whether table k takes typed characters (the screen has a field). */
int bindings_typing(const struct binding *k);

/* ui.c */
void ui_init_colors(struct app *a);
int ui_attr(enum ui_color c);
/* Draws the frame: the title bar, and the help line from the screen's
 * bindings (own) and the shared ones (common), which always show. */
void ui_frame(struct app *a, const char *title, const struct binding *own,
	      const struct binding *common);
/* The status message, wrapped onto up to three lines above the help line. */
void ui_status_draw(struct app *a);
/* Writes text wrapped to width at (y, x); returns the next free row. */
int ui_wrap(int y, int x, int width, const char *text, int attr);
/* How many bytes of *p make the next line of at most width columns (cut at
 * a space when it can, a long word such as a link after a '/'); moves *p
 * past them and the space. */
int ui_wrap_next(const char **p, int width, const char **line);
/* text cut to width columns; a cut shows, ending in "…" (or "~" in ASCII). */
void ui_fit(char *buf, size_t size, const char *text, int width, int utf8);
/* text at (y, x) in at most width columns, a cut ending in a sign. */
void ui_put(const struct app *a, int y, int x, int width, const char *text);
/* The number of columns text takes (wcwidth). */
int ui_cols(const char *text);
/* Copies text to the user's clipboard with OSC 52 (works over SSH in most
 * terminals); returns 0 when sent. */
int ui_copy(const char *text);
/* "****wxyz (31 characters)" for a secret, or the value when revealed. */
void ui_masked(char *buf, size_t size, const char *secret, int reveal);
/* Reads keys without blocking for up to ms; returns the key or ERR. For
 * screens doing long work (the live test) that must stay responsive. */
int ui_poll_key(int ms);
/* Whether the terminal is below the smallest size the screens are made for. */
int ui_too_small(void);

/* flow.c */
void tui_status(struct app *a, int bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Whether Ctrl-C (or a hang-up) arrived: long work stops for it. */
int app_interrupted(const struct app *a);

/* The screens (one file each). */
#define SCREEN_DECL(id, name, step) extern const struct screen scr_##name;
SCREEN_LIST(SCREEN_DECL)
#undef SCREEN_DECL

/* Helpers the screens share. */
const struct target *app_target(const struct app *a);
/* Whether target t offers a hand-off for an app (OAuth 2.0 client). */
int app_target_takes_app(const struct target *t);
/* The hand-off the chosen kind of credentials starts on: the target's first
 * variant for an app when app_kind, else its first for an API account. */
const struct handoff_variant *app_variant(const struct app *a);
void app_set_target(struct app *a, int index);
int app_vault_open(struct app *a, const char *pass, int create, char *err, size_t errsize);
int app_save_profile(struct app *a, char *err, size_t errsize);
/* Records the live test's result in the profile being worked on; with
 * rotation, first puts the new credentials in (only a passed check). */
int app_record_check(struct app *a, int rotation, char *err, size_t errsize);
/* Starts a new connection: nothing of a profile looked at before is kept. */
void app_begin_new(struct app *a);
/* Starts replacing the token of the loaded profile: what the new account
 * must hold (rotate_needed_levels, as bcsetup rotate), empty fields, and a
 * new account name the merchant can tell from the old one. */
int app_begin_rotation(struct app *a, char *err, size_t errsize);
/* Starts correcting the loaded profile's values (a mistyped store hash or
 * token): the credentials screen, filled with what the vault holds. */
void app_begin_correction(struct app *a);
/* The name the API account being created should get. */
const char *app_account_name(const struct app *a);
/* Loads profile NAME from the vault into the flow (target, scopes, creds). */
int app_load_profile(struct app *a, const char *name, char *err, size_t errsize);
/* The API root for the current credentials, as bcsetup check picks it:
 * --api-base, else a loopback API path (the practice store), else NULL. */
const char *app_api_base(struct app *a, char *buf, size_t size);
/* Whether the flow may use profile p: anything, except in the demo, which
 * touches only the practice store's profiles (never a real store's token). */
int app_may_use(const struct app *a, const struct cJSON *p);
/* Orders the result's rows for the matrix: gaps first, then the rest of
 * what is required, then what is not (a->cov_order). */
void app_sort_coverage(struct app *a);
/* The profile being worked on, from the vault (NULL if not saved yet). */
struct cJSON *app_profile(const struct app *a);

#endif
