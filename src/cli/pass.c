/* Talking to pass, the standard Unix password store: the entry's text goes
 * through pipes only, never argv, the environment or a temporary file. pass
 * itself (and GPG under it) finds the store, the recipients, the agent and
 * git as the team has set them up. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bcsetup/mem.h"
#include "cli.h"

extern char **environ;

/* Keeps the last part of what pass said on stderr, for the message. */
static void keep_err(struct pass_run *r, const char *buf, size_t n)
{
	size_t room = sizeof r->err - 1 - r->errlen;

	if (n > room) /* keep the start: pass's "Error: ..." line comes first */
		n = room;
	memcpy(r->err + r->errlen, buf, n);
	r->errlen += n;
	r->err[r->errlen] = '\0';
}

static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/* How long pass may take, a person typing a key's PIN included (120 s
 * unless set: pass_set_wait). */
static long pass_wait_ms = 120000;

void pass_set_wait(long ms)
{
	pass_wait_ms = ms > 0 ? ms : 120000;
}

static long long mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Milliseconds left of pass's time, started at start; 0 when it is up. */
static int pass_wait_left(long long start)
{
	long long left = start + pass_wait_ms - mono_ms();

	return left <= 0 ? 0 : left > 1000000000 ? 1000000000 : (int)left;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int pass_run(char *const argv[], const char *in, size_t inlen, struct pass_run *r)
{
	int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1}, status, ok = 0;
	posix_spawn_file_actions_t fa;
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe;
	size_t written = 0, cap = r->outmax;
	pid_t pid, waited;
	long long start = mono_ms();
	int timed_out = 0;

	r->out = NULL;
	r->outlen = 0;
	r->errlen = 0;
	r->err[0] = '\0';
	r->status = -1;
	if ((in && cloexec_pipe(pin) != 0) || (cap && cloexec_pipe(pout) != 0) ||
	    cloexec_pipe(perr) != 0) {
		snprintf(r->err, sizeof r->err, "cannot make a pipe: %s", strerror(errno));
		goto out;
	}
	if (cap && !(r->out = secret_alloc(cap + 1))) {
		snprintf(r->err, sizeof r->err, "out of memory");
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (in)
		posix_spawn_file_actions_adddup2(&fa, pin[0], STDIN_FILENO);
	if (cap)
		posix_spawn_file_actions_adddup2(&fa, pout[1], STDOUT_FILENO);
	else /* pass insert's "Enter contents of..." and git's commit line */
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, perr[1], STDERR_FILENO);
	errno = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (errno != 0) {
		if (errno == ENOENT)
			snprintf(r->err, sizeof r->err,
				 "'%s' is not installed (Debian: apt install pass)", argv[0]);
		else
			snprintf(r->err, sizeof r->err, "cannot run %s: %s", argv[0],
				 strerror(errno));
		goto out;
	}
	close_fd(&pin[0]);
	close_fd(&pout[1]);
	close_fd(&perr[1]);
	if (in && inlen == 0)
		close_fd(&pin[1]);
	/* A pass that stops reading must not kill us with SIGPIPE. */
	sigaction(SIGPIPE, &ign, &old_pipe);
	while (pin[1] >= 0 || pout[0] >= 0 || perr[0] >= 0) {
		struct pollfd fds[3] = {
			{pin[1], POLLOUT, 0}, {pout[0], POLLIN, 0}, {perr[0], POLLIN, 0}};
		char buf[512];
		ssize_t n;

		int left = pass_wait_left(start);
		if (left == 0) {
			/* A pass (or its gpg agent) that never answers must not hang us. */
			kill(pid, SIGTERM);
			snprintf(r->err, sizeof r->err, "%s gave no answer within %.1f s", argv[0],
				 (double)pass_wait_ms / 1000.0);
			timed_out = 1;
			break;
		}
		if (poll(fds, 3, left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents) {
			n = write(pin[1], in + written, inlen - written);
			if (n > 0)
				written += (size_t)n;
			if (n < 0 || written == inlen)
				close_fd(&pin[1]);
		}
		if (fds[1].revents) {
			if (r->outlen == cap) { /* too long: drain it, say so below */
				n = read(pout[0], buf, sizeof buf);
				if (n > 0)
					r->outlen = cap + 1;
			} else {
				n = read(pout[0], r->out + r->outlen, cap - r->outlen);
				if (n > 0)
					r->outlen += (size_t)n;
			}
			if (n <= 0 && !(n < 0 && errno == EINTR))
				close_fd(&pout[0]);
		}
		if (fds[2].revents) {
			n = read(perr[0], buf, sizeof buf);
			if (n > 0)
				keep_err(r, buf, (size_t)n);
			else if (!(n < 0 && errno == EINTR))
				close_fd(&perr[0]);
		}
	}
	sigaction(SIGPIPE, &old_pipe, NULL);
	while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (waited < 0)
		r->status = -1;
	else
		r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (timed_out)
		r->status = -1;
	/* glibc's posix_spawnp may start a child that then finds nothing to run */
	if (r->status == 127 && r->errlen == 0)
		snprintf(r->err, sizeof r->err, "'%s' is not installed (Debian: apt install pass)",
			 argv[0]);
	ok = r->status == 0 && written == inlen;
	if (r->status == 0 && written != inlen)
		snprintf(r->err, sizeof r->err, "%s stopped reading before the end", argv[0]);
	if (r->outlen > cap) {
		snprintf(r->err, sizeof r->err, "%s printed more than %zu bytes", argv[0], cap);
		ok = 0;
	}
out:
	close_fd(&pin[0]);
	close_fd(&pin[1]);
	close_fd(&pout[0]);
	close_fd(&pout[1]);
	close_fd(&perr[0]);
	close_fd(&perr[1]);
	if (!ok) {
		secret_free(r->out);
		r->out = NULL;
		r->outlen = 0;
	} else if (r->out) {
		r->out[r->outlen] = '\0';
	}
	/* pass ends its messages with a newline; the caller adds its own */
	while (r->errlen && (r->err[r->errlen - 1] == '\n' || r->err[r->errlen - 1] == ' '))
		r->err[--r->errlen] = '\0';
	return ok ? 0 : -1;
}
