/* The practice store for --demo: bcsetup-sandbox started on a free loopback
 * port in a private temporary directory, and everything removed after. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bcsetup/demo.h"

extern char **environ;

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Reads the URL and the control panel's key the sandbox writes once it
 * listens; 0 when both are there. */
static int read_url(const char *file, char *url, size_t size, char *key, size_t keysize)
{
	FILE *f = fopen(file, "r");
	int ok = 0;

	if (!f)
		return -1;
	if (fgets(url, (int)size, f) && fgets(key, (int)keysize, f)) {
		url[strcspn(url, "\n")] = '\0';
		key[strcspn(key, "\n")] = '\0';
		ok = url[0] != '\0' && key[0] != '\0';
	}
	fclose(f);
	return ok ? 0 : -1;
}

enum bc_status practice_start(struct practice *p, const char *sandbox, const char *tmpbase,
			      const char *keep, struct bc_err *err)
{
	/* posix_spawn wants writable strings: the arguments live here. */
	char prog[4096], o_port[] = "--port", zero[] = "0", o_file[] = "--port-file",
			 o_dl[] = "--downloads", portfile[sizeof p->dir + 8], o_keep[] = "--keep",
			 keepfile[4200];
	char *argv[] = {prog, o_port,       zero,   o_file,   portfile,
			o_dl, p->downloads, o_keep, keepfile, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int i, rc, status;

	memset(p, 0, sizeof *p);
	if (!sandbox || snprintf(prog, sizeof prog, "%s", sandbox) >= (int)sizeof prog)
		return bc_fail(err, BC_ERR_INPUT,
			       "no practice store program, or its path is too long");
	if (!keep)
		argv[7] = NULL; /* nothing kept: the practice store starts afresh */
	else if (snprintf(keepfile, sizeof keepfile, "%s", keep) >= (int)sizeof keepfile)
		return bc_fail(err, BC_ERR_INPUT, "the practice store's file name is too long");
	if (!tmpbase || !*tmpbase || strlen(tmpbase) > 1024)
		tmpbase = "/tmp";
	snprintf(p->dir, sizeof p->dir, "%s/bcsetup-demo-XXXXXX", tmpbase);
	if (!mkdtemp(p->dir)) {
		int e = errno;
		p->dir[0] = '\0';
		return bc_fail(err, BC_ERR_IO,
			       "cannot make a directory for the practice store in %s: %s", tmpbase,
			       strerror(e));
	}
	snprintf(p->downloads, sizeof p->downloads, "%s/downloads", p->dir);
	snprintf(portfile, sizeof portfile, "%s/url", p->dir);
	if (mkdir(p->downloads, 0700) != 0) {
		bc_fail(err, BC_ERR_IO, "cannot make %s: %s", p->downloads, strerror(errno));
		practice_stop(p);
		return BC_ERR_IO;
	}
	/* The sandbox's own output would scribble over the wizard's screen. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	/* A process group of its own: Ctrl-C at the wizard reaches the whole
	 * foreground group, and the merchant may still answer "no, go on". The
	 * wizard stops it itself (practice_stop), whatever the way out. */
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	rc = posix_spawn(&p->pid, sandbox, &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		p->pid = 0;
		bc_fail(err, BC_ERR_IO, "cannot start the practice store %s: %s", sandbox,
			strerror(rc));
		practice_stop(p);
		return BC_ERR_IO;
	}
	for (i = 0; i < 100; i++) {
		if (read_url(portfile, p->url, sizeof p->url, p->key, sizeof p->key) == 0)
			return BC_OK;
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			p->pid = 0;
			bc_fail(err, BC_ERR_IO, "the practice store %s stopped at once (exit %d)",
				sandbox,
				WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
			practice_stop(p);
			return BC_ERR_IO;
		}
		nap_ms(30);
	}
	bc_fail(err, BC_ERR_IO, "the practice store %s did not start within 3 seconds", sandbox);
	practice_stop(p);
	return BC_ERR_IO;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	/* Depth first (FTW_DEPTH): directories are empty by the time they come.
	 * A failure is not fatal: the rest is still removed. */
	remove(path);
	return 0;
}

void practice_stop(struct practice *p)
{
	int i;

	if (p->pid > 0) {
		/* SIGTERM, then SIGKILL after 2 s: nothing of it needs keeping. */
		kill(p->pid, SIGTERM);
		for (i = 0; i < 40 && waitpid(p->pid, NULL, WNOHANG) != p->pid; i++)
			nap_ms(50);
		if (i == 40) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, NULL, 0);
		}
		p->pid = 0;
	}
	/* FTW_PHYS: a link the sandbox left is removed, never followed. */
	if (p->dir[0])
		nftw(p->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	p->dir[0] = '\0';
}
