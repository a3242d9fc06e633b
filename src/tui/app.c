/* The wizard's one input loop: screens, resizing, paste, signals, and the
 * practice store for --demo. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "../cli/cli.h"
#include "bcsetup/api.h"
#include "bcsetup/mem.h"
#include "bcsetup/profile.h"
#include "bcsetup/vault.h"
#include "tui.h"

#define SCREEN_PTR(id, name) [id] = &scr_##name,
static const struct screen *const screens[SCR_COUNT] = {SCREEN_LIST(SCREEN_PTR)};
#undef SCREEN_PTR

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

void tui_status(struct app *a, int bad, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_bad = bad;
}

const struct target *app_target(const struct app *a)
{
	return a->target >= 0 ? &a->cli->targets.targets[a->target] : NULL;
}

/* Choosing a target presets the scopes: its requirements, nothing else. */
void app_set_target(struct app *a, int index)
{
	int i;

	a->target = index;
	if (a->caps == 0)
		a->caps = (1u << app_target(a)->ncaps) - 1;
	target_required(app_target(a), &a->cli->cat, a->caps, a->required);
	for (i = 0; i < a->cli->cat.n; i++)
		a->levels[i] = a->required[i];
}

static int too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS;
}

static void draw_too_small(void)
{
	erase();
	mvprintw(0, 0, "Terminal too small");
	mvprintw(1, 0, "(%dx%d; needs %dx%d)", COLS, LINES, TUI_MIN_COLS, TUI_MIN_ROWS);
	mvprintw(2, 0, "Enlarge it; nothing is lost.");
	refresh();
}

static void draw(struct app *a)
{
	const struct screen *s = screens[a->cur];

	if (too_small()) {
		draw_too_small();
		return;
	}
	erase();
	curs_set(0);
	ui_frame(a, s);
	s->draw(a);
	refresh();
}

struct kdf_job {
	const char *path;
	char *pass;
	int flags;
	struct vault *v;
	struct bc_err err;
	volatile int done;
};

static void *kdf_thread(void *p)
{
	struct kdf_job *j = p;

	vault_open(j->path, j->pass, j->flags, &j->v, &j->err);
	j->done = 1;
	return NULL;
}

/* Opens (or creates) the vault with Argon2id running in a thread, while a
 * spinner says what is happening. */
int app_vault_open(struct app *a, const char *pass, int create, char *err, size_t errsize)
{
	static const char spin[] = "|/-\\";
	struct kdf_job j = {.path = a->vault_path, .flags = create ? VAULT_CREATE : 0};
	pthread_t th;
	int i = 0;

	j.pass = secret_strdup(pass);
	if (!j.pass || pthread_create(&th, NULL, kdf_thread, &j) != 0) {
		secret_free(j.pass);
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	while (!j.done) {
		if (!too_small()) {
			move(LINES - 2, 0);
			clrtoeol();
			mvprintw(LINES - 2, 1, "%c %s the vault key with Argon2id...", spin[i++ % 4],
				 create ? "Deriving" : "Checking the passphrase: deriving");
			refresh();
		}
		napms(60);
	}
	pthread_join(th, NULL);
	secret_free(j.pass);
	if (!j.v) {
		snprintf(err, errsize, "%s", j.err.msg);
		return -1;
	}
	vault_close(a->vault);
	a->vault = j.v;
	return 0;
}

int app_save_profile(struct app *a, char *err, size_t errsize)
{
	const struct target *t = app_target(a);
	struct bc_err e;
	char caps[128] = "";
	int created, i;

	if (vault_lock(a->vault, &e) != BC_OK) {
		snprintf(err, errsize, "%s", e.msg);
		return -1;
	}
	for (i = 0; t && i < t->ncaps; i++)
		if (a->caps & (1u << i))
			snprintf(caps + strlen(caps), sizeof caps - strlen(caps), "%s%s",
				 caps[0] ? "," : "", t->caps[i].key);
	if (profile_put(vault_profiles(a->vault), a->profile, &a->creds, t ? t->key : NULL,
			t && t->ncaps ? caps : NULL, a->required, &a->cli->cat, time(NULL),
			&created, &e) != BC_OK ||
	    vault_save(a->vault, &e) != BC_OK) {
		snprintf(err, errsize, "%s", e.msg);
		return -1;
	}
	a->unsaved = 0;
	return 0;
}

int tui_poll_key(struct app *a, int ms)
{
	int ch;

	(void)a;
	timeout(ms);
	ch = getch();
	timeout(200);
	return ch;
}

/* After an ESC: a bracketed paste ("\e[200~...\e[201~") is read whole into
 * buf; anything else is pushed back. Returns 1 for a paste, 0 for a bare Esc. */
static int read_paste(char *buf, size_t size)
{
	static const char start[] = "[200~", end[] = "\033[201~";
	size_t n = 0, i, e = 0;
	int ch, got[8];

	timeout(30);
	for (i = 0; i < 5; i++) {
		got[i] = getch();
		if (got[i] != start[i])
			break;
	}
	if (i < 5) {
		/* Not a paste: give the keys back in order. */
		size_t k = i + (got[i] != ERR ? 1 : 0);
		while (k-- > 0)
			if (got[k] != ERR)
				ungetch(got[k]);
		timeout(200);
		return 0;
	}
	timeout(500);
	while ((ch = getch()) != ERR) {
		if (ch == end[e]) {
			if (++e == sizeof end - 1)
				break;
			continue;
		}
		/* A partial end marker was content after all. */
		for (i = 0; i < e && n + 1 < size; i++)
			buf[n++] = end[i];
		e = 0;
		if (ch == end[0]) {
			e = 1;
			continue;
		}
		if (ch < 256 && n + 1 < size)
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	timeout(200);
	return 1;
}

static int confirm_quit(struct app *a)
{
	int ch;

	if (!a->unsaved)
		return 1;
	move(LINES - 2, 0);
	clrtoeol();
	attron(ui_attr(UI_WARN));
	mvaddstr(LINES - 2, 1, "Quit? What you typed is not saved in the vault yet. (y/n)");
	attroff(ui_attr(UI_WARN));
	refresh();
	timeout(-1);
	do
		ch = getch();
	while (ch == KEY_RESIZE);
	timeout(200);
	return ch == 'y' || ch == 'Y';
}

static void go(struct app *a, enum screen_id to, int push)
{
	const struct screen *s = screens[a->cur];

	if (s->leave)
		s->leave(a);
	if (push && a->depth < (int)(sizeof a->history / sizeof a->history[0]))
		a->history[a->depth++] = a->cur;
	a->cur = to;
	a->status[0] = '\0';
	if (screens[to]->enter)
		screens[to]->enter(a);
}

int tui_run(struct app *a)
{
	struct sigaction sa = {0};
	char *paste;
	int ch, quit = 0;

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(200);
	ui_init_colors(a);
	/* Ask the terminal to mark pastes, so a pasted value arrives whole. */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	paste = secret_alloc(4096);
	if (screens[a->cur]->enter)
		screens[a->cur]->enter(a);
	while (!quit) {
		enum action act;

		draw(a);
		ch = getch();
		if (got_signal) {
			int sig = got_signal;
			got_signal = 0;
			if (sig != SIGINT || confirm_quit(a))
				break;
			continue;
		}
		if (ch == ERR || ch == KEY_RESIZE)
			continue;
		if (too_small())
			continue;
		if (ch == 27 && read_paste(paste, 4096)) {
			act = screens[a->cur]->paste ? screens[a->cur]->paste(a, paste) : ACT_NONE;
			sodium_memzero(paste, 4096);
		} else {
			act = screens[a->cur]->key(a, ch);
		}
		switch (act) {
		case ACT_NONE: break;
		case ACT_NEXT:
			if (a->cur + 1 < SCR_COUNT)
				go(a, a->cur + 1, 1);
			else
				quit = 1;
			break;
		case ACT_GOTO: go(a, a->go_to, 1); break;
		case ACT_BACK:
			if (a->depth > 0)
				go(a, a->history[--a->depth], 0);
			else
				quit = confirm_quit(a);
			break;
		case ACT_QUIT: quit = confirm_quit(a); break;
		}
	}
	if (screens[a->cur]->leave)
		screens[a->cur]->leave(a);
	secret_free(paste);
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	endwin();
	return 0;
}

/* --demo: the practice store, started beside this binary on a free port. */
static int start_sandbox(struct app *a, char *tmpdir)
{
	char exe[PATH_MAX], bin[PATH_MAX + 32], portfile[1200], *slash;
	const char *env = getenv("BCSETUP_SANDBOX");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	FILE *f;
	int i, fd;
	pid_t pid;

	if (env)
		snprintf(bin, sizeof bin, "%s", env);
	else {
		if (n <= 0)
			return -1;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		*slash = '\0';
		snprintf(bin, sizeof bin, "%s/bcsetup-sandbox", exe);
	}
	snprintf(a->downloads, sizeof a->downloads, "%s/downloads", tmpdir);
	snprintf(portfile, sizeof portfile, "%s/url", tmpdir);
	if (mkdir(a->downloads, 0700) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(bin, bin, "--port", "0", "--port-file", portfile, "--downloads", a->downloads,
		      (char *)NULL);
		_exit(127);
	}
	a->sandbox_pid = pid;
	for (i = 0; i < 100; i++) {
		if ((f = fopen(portfile, "r"))) {
			if (fgets(a->sandbox_url, sizeof a->sandbox_url, f))
				a->sandbox_url[strcspn(a->sandbox_url, "\n")] = '\0';
			fclose(f);
			if (a->sandbox_url[0])
				return 0;
		}
		usleep(30000);
	}
	return -1;
}

/* SIGTERM, and SIGKILL if it has not gone within 2 s: the terminal is already
 * restored, and nothing of the practice store needs keeping. */
static void stop_sandbox(pid_t pid)
{
	int i;

	kill(pid, SIGTERM);
	for (i = 0; i < 40; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		usleep(50000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void remove_tree(const char *dir)
{
	pid_t pid = fork();

	if (pid == 0) {
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int cmd_wizard(struct cli *c)
{
	struct app a = {.cli = c, .target = -1};
	const char *tmp = getenv("TMPDIR");
	char tmpdir[1100];
	int rc;

	/* A $TMPDIR longer than 1 KiB is not worth supporting: /tmp then. */
	snprintf(tmpdir, sizeof tmpdir, "%s/bcsetup-demo-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 1024 ? tmp : "/tmp");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_error(BC_ERR_INPUT, "the wizard needs a terminal; for scripts, see the "
					       "commands in 'bcsetup --help'");
	if ((rc = cli_load(c)) != 0)
		return rc;
	a.utf8 = c->utf8;
	a.color = !getenv("NO_COLOR");
	a.demo = c->demo;
	if (a.demo) {
		if (!mkdtemp(tmpdir) || start_sandbox(&a, tmpdir) != 0) {
			if (a.sandbox_pid > 0)
				kill(a.sandbox_pid, SIGTERM);
			return cli_error(BC_ERR_IO, "could not start the practice store "
						    "(bcsetup-sandbox beside bcsetup, or "
						    "$BCSETUP_SANDBOX)");
		}
		if (!c->vault_path)
			snprintf(a.vault_path, sizeof a.vault_path, "%s/vault", tmpdir);
	}
	if (!a.vault_path[0] && (rc = cli_vault_path(c, a.vault_path, sizeof a.vault_path)) != 0)
		return rc;
	a.cur = vault_exists(a.vault_path) ? SCR_UNLOCK : SCR_START;
	rc = tui_run(&a);
	vault_close(a.vault);
	credentials_clear(&a.creds);
	if (a.demo) {
		stop_sandbox(a.sandbox_pid);
		remove_tree(tmpdir);
	}
	return rc;
}

const char *app_api_base(struct app *a, char *buf, size_t size)
{
	return api_root(a->cli->api_base, a->creds.api_path, buf, size);
}

struct cJSON *app_profile(struct app *a)
{
	if (!a->vault || !a->profile[0])
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(vault_profiles(a->vault), a->profile);
}

int app_load_profile(struct app *a, const char *name, char *err, size_t errsize)
{
	cJSON *p;
	const char *tk, *caps;
	struct bc_err e;
	long mask;
	int i;

	/* name may be a->profile itself: copying it onto itself emptied it. */
	if (name != a->profile)
		snprintf(a->profile, sizeof a->profile, "%s", name);
	p = app_profile(a);
	if (!p) {
		snprintf(err, errsize, "no profile %s", a->profile);
		return -1;
	}
	a->have_creds = profile_credentials(p, &a->creds, &e) == BC_OK;
	if (!a->have_creds) {
		snprintf(err, errsize, "the profile's credentials are not usable: %s", e.msg);
		return -1;
	}
	tk = profile_str(p, "target");
	a->target = -1;
	for (i = 0; tk && i < a->cli->targets.n; i++)
		if (strcmp(a->cli->targets.targets[i].key, tk) == 0)
			a->target = i;
	caps = profile_str(p, "caps");
	a->caps = 0;
	if (a->target >= 0 && caps && (mask = target_caps_parse(app_target(a), caps, &e)) > 0)
		a->caps = (unsigned)mask;
	profile_required(p, &a->cli->cat, a->required);
	for (i = 0; i < a->cli->cat.n; i++)
		a->levels[i] = a->required[i];
	return 0;
}
