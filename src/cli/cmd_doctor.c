/*
 * cmd_doctor.c - bcsetup doctor: looks over a set-up and names each problem
 * with its fix. It changes nothing, asks for nothing, and sends one request
 * without a token to the API root.
 */
#include <errno.h>
#include <stdarg.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/api.h"
#include "bcsetup/apipath.h"
#include "bcsetup/mem.h"
#include "bcsetup/vault.h"
#include "cli.h"

enum verdict { SKIP, GOOD, BAD };

struct report {
	struct cli *c;
	cJSON *list; /* --json */
	int bad;
};

static void say(struct report *r, enum verdict v, const char *check, const char *fix,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One finding: what was looked at, what it showed, and the fix for a problem. */
static void say(struct report *r, enum verdict v, const char *check, const char *fix,
		const char *fmt, ...)
{
	static const char *const words[] = {"--", "ok", "FAIL"};
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	r->bad += v == BAD;
	if (r->list) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "check", check);
		cJSON_AddStringToObject(o, "status",
					v == GOOD  ? "ok"
					: v == BAD ? "fail"
						   : "skipped");
		cJSON_AddStringToObject(o, "detail", detail);
		cJSON_AddItemToObject(o, "fix", fix ? cJSON_CreateString(fix) : cJSON_CreateNull());
		cJSON_AddItemToArray(r->list, o);
		return;
	}
	printf("%s%-4s%s  %-16s %s\n",
	       cli_style(r->c, v == BAD    ? "red"
			       : v == GOOD ? "green"
					   : "dim"),
	       words[v], cli_style(r->c, "reset"), check, cli_safe(detail));
	if (fix)
		printf("      %-16s fix: %s\n", "", cli_safe(fix));
}

static void check_vault(struct report *r, const char *path)
{
	char dir[4096], fix[4400];
	struct bc_err err;
	struct stat st;
	char *slash;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if (stat(dir, &st) != 0 && errno == ENOENT) {
		say(r, SKIP, "vault", NULL,
		    "no vault at %s yet ('bcsetup import' or the wizard makes it)", path);
		return;
	}
	if (vault_check_dir(dir, "the vault's directory", &err) != BC_OK) {
		const char *how = strstr(err.msg, "fix it with: ");
		snprintf(fix, sizeof fix, "%s",
			 how ? how + 13 : "keep the vault in a directory of your own, mode 0700");
		say(r, BAD, "vault directory", fix, "%s", err.msg);
	} else {
		say(r, GOOD, "vault directory", NULL, "%s: yours, and no one else can write to it",
		    dir);
	}
	if (lstat(path, &st) != 0) {
		say(r, SKIP, "vault", NULL,
		    "no vault at %s yet ('bcsetup import' or the wizard makes it)", path);
		return;
	}
	if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		say(r, BAD, "vault", "move it away and point --vault at the vault file",
		    "%s is not a file", path);
	} else if (stat(path, &st) == 0 && st.st_uid != geteuid()) {
		say(r, BAD, "vault", "run bcsetup as the vault's owner", "%s belongs to uid %u",
		    path, (unsigned)st.st_uid);
	} else if (st.st_mode & 077) {
		snprintf(fix, sizeof fix, "chmod 600 %s", path);
		say(r, BAD, "vault", fix, "%s can be read or written by others (mode %04o)", path,
		    (unsigned)(st.st_mode & 07777));
	} else {
		say(r, GOOD, "vault", NULL, "%s: mode %04o, yours", path,
		    (unsigned)(st.st_mode & 07777));
	}
}

/* The passphrase file, and whether what opens the vault without asking
 * (that file, or a key kept by unlock) does open it. */
static void check_passphrase(struct report *r, const char *path)
{
	struct cli *c = r->c;
	const char *file = c->passphrase_source ? c->passphrase_source : c->passphrase_file;
	unsigned char key[VAULT_KEY_BYTES];
	char fix[4200], *pass = NULL;
	struct vault *v = NULL;
	struct bc_err err;
	struct stat st;
	enum bc_status opened;
	int unlocked, n = 0;

	unlocked = cli_keyring_get(path, key) == 0;
	sodium_memzero(key, sizeof key);
	if (file) {
		if (stat(file, &st) != 0) {
			say(r, BAD, "passphrase file", "give the path of a file that holds it",
			    "%s: %s", file, strerror(errno));
			return;
		}
		/* Ours, or root's (the system service's /etc/bcsetup/passphrase). */
		int foreign = st.st_uid != geteuid() && st.st_uid != 0;
		if (foreign || (st.st_mode & 077)) {
			snprintf(fix, sizeof fix, "chmod 600 %s", file);
			say(r, BAD, "passphrase file",
			    foreign ? "keep it in a file of your own, mode 0600" : fix,
			    "%s can be read or written by others (mode %04o%s)", file,
			    (unsigned)(st.st_mode & 07777), foreign ? ", not yours" : "");
			return;
		}
		say(r, GOOD, "passphrase file", NULL, "%s: mode %04o, yours", file,
		    (unsigned)(st.st_mode & 07777));
	} else if (!unlocked) {
		say(r, SKIP, "passphrase", NULL,
		    "no passphrase file, and the vault is not unlocked: commands ask on the terminal "
		    "(a timer needs a passphrase file)");
		return;
	}
	if (!vault_exists(path))
		return;
	/* Opened with what a command would use, and what it answered kept. */
	if (c->passphrase_file) {
		opened = vault_read_passphrase_file(c->passphrase_file, &pass, &err);
		if (opened == BC_OK)
			opened = vault_open(path, pass, 0, &v, &err);
		secret_free(pass);
	} else if (cli_keyring_get(path, key) == 0) {
		opened = vault_open_key(path, key, 0, &v, &err);
		sodium_memzero(key, sizeof key);
	} else {
		return; /* the key expired in the meantime */
	}
	if (opened != BC_OK) {
		say(r, BAD, "vault opens", "run 'bcsetup list' to see it again",
		    "the %s does not open %s: %s",
		    c->passphrase_file ? "passphrase file" : "key kept by unlock", path, err.msg);
		return;
	}
	{
		const cJSON *p;
		cJSON_ArrayForEach (p, vault_profiles(v))
			n++;
	}
	vault_close(v);
	say(r, GOOD, "vault opens", NULL, "with the %s: %d profile%s",
	    c->passphrase_file ? "passphrase file" : "key kept by 'bcsetup unlock'", n,
	    n == 1 ? "" : "s");
}

static void check_api(struct report *r)
{
	struct cli *c = r->c;
	const char *root = c->s.api_base ? c->s.api_base : APIPATH_DEFAULT_BASE;
	char url[600];
	struct api_body body;
	struct bc_err err;
	long status;

	if (c->s.api_base && api_check_base(c->s.api_base, &err) != BC_OK) {
		say(r, BAD, "API", "give an https:// URL, or http:// on a loopback address", "%s",
		    err.msg);
		return;
	}
	/* No token: any HTTP answer shows that DNS, the proxy and TLS work. */
	snprintf(url, sizeof url, "%s%sstores/0/v2/time", root,
		 root[strlen(root) - 1] == '/' ? "" : "/");
	if (api_fetch(&c->s.api, url, NULL, NULL, NULL, &status, &body, &err) != BC_OK) {
		say(r, BAD, "API",
		    "check the network, the proxy ($https_proxy) and the CA bundle (--cacert)",
		    "%s does not answer: %s", root, err.msg);
		return;
	}
	api_body_free(&body);
	say(r, GOOD, "API", NULL, "%s answers (HTTP %ld to a request without a token)", root,
	    status);
}

/* systemctl --user show UNIT -p PROP: 0 and the value ("" for a unit that
 * is not there), or -1 when systemd's user manager does not answer. */
static int unit_prop(const char *unit, const char *prop, char *buf, size_t size)
{
	/* Writable copies: execvp takes char *const []. */
	char prog[] = "systemctl", user[] = "--user", show[] = "show", p[] = "-p",
	     value[] = "--value", u[128], pr[64];
	char *argv[] = {prog, user, show, u, p, pr, value, NULL};
	struct pass_run run = {.outmax = 4096};

	buf[0] = '\0';
	snprintf(u, sizeof u, "%s", unit);
	snprintf(pr, sizeof pr, "%s", prop);
	if (pass_run(argv, NULL, 0, &run) != 0) {
		secret_free(run.out);
		return -1;
	}
	if (run.out)
		snprintf(buf, size, "%.*s", (int)strcspn(run.out, "\n"), run.out);
	secret_free(run.out);
	return 0;
}

/* Whether user pw (node_exporter's) can read path: each directory above it
 * searchable, the file readable. 0, or -1 with the first one that is not. */
static int readable_by(const struct passwd *pw, const char *path, char *block, size_t size)
{
	gid_t groups[64];
	int ngroups = 64, k;
	char part[4096];
	size_t i, n = strlen(path);

	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &ngroups) < 0)
		ngroups = 0;
	for (i = 1; i <= n; i++) {
		struct stat st;
		unsigned need;
		int is_file = i == n, cls;
		if (!is_file && path[i] != '/')
			continue;
		snprintf(part, sizeof part, "%.*s", (int)i, path);
		if (stat(part, &st) != 0) {
			snprintf(block, size, "%s (%s)", part, strerror(errno));
			return -1;
		}
		need = is_file ? 4 : 1;
		cls = 0; /* others */
		if (st.st_uid == pw->pw_uid)
			cls = 2;
		else
			for (k = 0; k < ngroups; k++)
				if (groups[k] == st.st_gid)
					cls = 1;
		if (!(((st.st_mode >> (3 * cls)) & 7) & need)) {
			snprintf(block, size, "%s (mode %04o)", part,
				 (unsigned)(st.st_mode & 07777));
			return -1;
		}
	}
	return 0;
}

/* Whether node_exporter can read the metrics file: Debian's runs as user
 * prometheus. */
static void check_metrics(struct report *r, const char *file)
{
	char block[4200], fix[4400];
	const struct passwd *pw;

	if (!(pw = getpwnam("prometheus"))) {
		say(r, SKIP, "metrics", NULL, "%s: no user prometheus here to read it", file);
		return;
	}
	if (readable_by(pw, file, block, sizeof block) != 0) {
		snprintf(fix, sizeof fix,
			 "let node_exporter through %s, or write the metrics into its textfile "
			 "directory (/var/lib/prometheus/node-exporter)",
			 block);
		say(r, BAD, "metrics", fix, "node_exporter (user prometheus) cannot read %s: %s",
		    file, block);
		return;
	}
	say(r, GOOD, "metrics", NULL, "%s: readable by node_exporter (user prometheus)", file);
}

static void check_timer(struct report *r)
{
	char state[64], active[64], last[128], result[64], status[32], exec[2048], file[2048];
	const char *m;

	if (unit_prop("bcsetup-check.timer", "UnitFileState", state, sizeof state) != 0) {
		say(r, SKIP, "timer", NULL,
		    "systemd's user manager does not answer here: not checked");
		return;
	}
	if (strcmp(state, "enabled") != 0) {
		say(r, SKIP, "timer", NULL,
		    "bcsetup-check.timer is %s: no hourly check (the man page's Unattended runs "
		    "says how)",
		    state[0] ? state : "not installed");
		return;
	}
	unit_prop("bcsetup-check.timer", "ActiveState", active, sizeof active);
	unit_prop("bcsetup-check.timer", "LastTriggerUSec", last, sizeof last);
	unit_prop("bcsetup-check.service", "Result", result, sizeof result);
	unit_prop("bcsetup-check.service", "ExecMainStatus", status, sizeof status);
	if (strcmp(active, "active") != 0)
		say(r, BAD, "timer", "systemctl --user start bcsetup-check.timer",
		    "bcsetup-check.timer is enabled but %s", active);
	else if (strcmp(result, "success") != 0 && strcmp(status, "1") != 0)
		say(r, BAD, "timer", "journalctl --user -u bcsetup-check.service",
		    "its last run failed (%s, exit %s); last run: %s", result, status,
		    last[0] ? last : "never");
	else
		say(r, GOOD, "timer", NULL, "enabled and active; last run: %s%s",
		    last[0] && strcmp(last, "n/a") != 0 ? last : "not yet",
		    strcmp(status, "1") == 0 ? " (a store's check failed: see the metrics)" : "");
	/* The metrics file its service writes. */
	unit_prop("bcsetup-check.service", "ExecStart", exec, sizeof exec);
	if ((m = strstr(exec, "--prometheus ")) && !r->c->prometheus) {
		snprintf(file, sizeof file, "%.*s", (int)strcspn(m + 13, " ;"), m + 13);
		check_metrics(r, file);
	}
}

int cmd_doctor(struct cli *c)
{
	struct report r = {.c = c};
	char path[4096];
	int rc;

	if ((rc = cli_vault_path(c, path, sizeof path)) != 0)
		return rc;
	if ((rc = cli_load(c)) != 0)
		return rc;
	if (c->json)
		r.list = cJSON_CreateArray();
	check_vault(&r, path);
	check_passphrase(&r, path);
	check_api(&r);
	check_timer(&r);
	if (c->prometheus)
		check_metrics(&r, c->prometheus);
	if (r.list) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "ok", !r.bad);
		cJSON_AddItemToObject(o, "checks", r.list);
		cli_print_json(o);
	} else if (r.bad) {
		printf("%d problem%s found.\n", r.bad, r.bad == 1 ? "" : "s");
	} else {
		printf("All is well.\n");
	}
	return r.bad ? 1 : 0;
}
