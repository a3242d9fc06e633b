#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "bcsetup/assets.h"
#include "bcsetup/mem.h"
#include "bcsetup/session.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "cli.h"
#include "wizard.h"

static const char usage_text[] =
	"usage: bcsetup [options]                 the setup wizard\n"
	"       bcsetup --demo                    the wizard against a built-in practice store\n"
	"       bcsetup hash TEXT                 the store hash in an API path, control-panel\n"
	"                                         URL or bare hash\n"
	"       bcsetup import PROFILE [FILE|-] [--for TARGET] [--caps LIST]\n"
	"                     [--scopes SCOPE=LEVEL,...] [--yes]\n"
	"                                         add or update a profile from the credentials\n"
	"                                         file BigCommerce downloads (--yes: correct\n"
	"                                         a mistyped store hash; asked on a terminal)\n"
	"       bcsetup import PROFILE --from pass:ENTRY [--for TARGET] [--caps LIST]\n"
	"                                         ... or from a pass entry made by\n"
	"                                         'export --to pass' (read with 'pass show')\n"
	"       bcsetup list                      the profiles in the vault\n"
	"       bcsetup show PROFILE [--reveal]   one profile; secrets masked unless --reveal\n"
	"       bcsetup check [PROFILE...|--all|--from-file FILE] [--for TARGET]\n"
	"                     [--caps LIST] [--scopes SCOPE=LEVEL,...]\n"
	"                     [--deep|--read-only-probes] [--explain] [--prometheus FILE]\n"
	"                                         live test of the token and its scopes\n"
	"                                         (--explain: every probe, its answer and\n"
	"                                         what it meant; see docs/probes.md;\n"
	"                                         --prometheus: the results as metrics for\n"
	"                                         node_exporter's textfile collector)\n"
	"       bcsetup export PROFILE --for FORMAT [--variant NAME] [--caps LIST]\n"
	"                     [--scopes SCOPE=LEVEL,...] [--force]\n"
	"                                         the values as FORMAT's form names them\n"
	"                                         (FORMAT: a target, env or json); prints\n"
	"                                         secrets in clear;\n"
	"                                         refused when the last check of the token\n"
	"                                         failed, or did not show every level\n"
	"                                         FORMAT's target needs, unless --force\n"
	"       bcsetup export PROFILE --to pass[:PREFIX] [--force]\n"
	"                                         the profile into pass, the team's password\n"
	"                                         store, as entry PREFIX/PROFILE (default\n"
	"                                         prefix: bcsetup), via 'pass insert -m'\n"
	"       bcsetup rotate PROFILE [FILE] [--accept-less]\n"
	"                                         guided token rotation: FILE holds the new\n"
	"                                         account's credentials; they replace the old\n"
	"                                         only once verified live (--accept-less: fewer\n"
	"                                         scopes than the old token held will do)\n"
	"       bcsetup rotate PROFILE --confirm-deleted\n"
	"                                         confirm the old account is deleted (its token\n"
	"                                         is refused); then the old token is wiped\n"
	"       bcsetup remove PROFILE [--yes]    delete a profile\n"
	"       bcsetup passwd                    change the vault passphrase (the new one is\n"
	"                                         asked twice, or read from the file\n"
	"                                         $BCSETUP_NEW_PASSPHRASE_FILE)\n"
	"       bcsetup scopes [--for TARGET] [--caps LIST] [--scopes SCOPE=LEVEL,...]\n"
	"                                         the scope catalogue, or what is required\n"
	"       bcsetup targets                   every target, and where it is defined\n"
	"       bcsetup targets show TARGET       a target as a file: saved as\n"
	"                                         ~/.config/bcsetup/targets.d/NAME.json, it\n"
	"                                         defines a target NAME\n"
	"\n"
	"options for every command:\n"
	"  --vault PATH            the vault (default $BCSETUP_VAULT, else\n"
	"                          $XDG_DATA_HOME/bcsetup/vault, else ~/.local/share/bcsetup/vault)\n"
	"  --passphrase-file PATH  the vault passphrase is PATH's one line (a final newline\n"
	"                          is dropped; a second line, a NUL byte or a file others\n"
	"                          can read is refused; also $BCSETUP_PASSPHRASE_FILE);\n"
	"                          otherwise it is asked for\n"
	"  --api-base URL          API root (default https://api.bigcommerce.com; also\n"
	"                          $BCSETUP_API_BASE); http:// only for loopback addresses\n"
	"  --cacert PATH           CA bundle to trust (also $BCSETUP_CACERT)\n"
	"  --assets DIR            read scopes.json and targets.json from DIR when present\n"
	"                          (also $BCSETUP_ASSETS)\n"
	"  --json                  machine-readable output\n"
	"  --help, --version\n"
	"\n"
	"--scopes: what is required beyond the target's preset (never below it), or,\n"
	"for a target that presets none, the scopes picked; SCOPE is a key 'bcsetup\n"
	"scopes --json' shows (orders, products, information...) or the control\n"
	"panel's name, LEVEL one of its levels.\n"
	"\n"
	"exit status: 0 success; 1 a check found a problem; 2 usage or bad input;\n"
	"3 the vault cannot be opened (wrong passphrase, damaged, locked).\n";

/* --help: the text above, then the targets as the data defines them. */
static void print_help(struct cli *c)
{
	struct bc_err err;
	int i, k;

	fputs(usage_text, stdout);
	if (session_load(&c->s, &err) != BC_OK) {
		printf("\ntargets: cannot be listed (%s)\n", err.msg);
		return;
	}
	printf("\ntargets (bcsetup targets):");
	for (i = 0; i < c->s.targets.n; i++) {
		const struct target *t = &c->s.targets.targets[i];
		printf("\n  %-12s %s", t->key, t->name);
		for (k = 0; k < t->ncaps; k++)
			printf("%s%s",
			       k ? ", " : " (capabilities, all by default: ", t->caps[k].key);
		if (t->ncaps)
			putchar(')');
	}
	putchar('\n');
}

enum {
	OPT_VAULT = 256,
	OPT_PASSFILE,
	OPT_API_BASE,
	OPT_CACERT,
	OPT_ASSETS,
	OPT_JSON,
	OPT_FOR,
	OPT_CAPS,
	OPT_SCOPES,
	OPT_FROM_FILE,
	OPT_VARIANT,
	OPT_ALL,
	OPT_DEEP,
	OPT_RO,
	OPT_REVEAL,
	OPT_YES,
	OPT_DEMO,
	OPT_ACCEPT_LESS,
	OPT_CONFIRM_DELETED,
	OPT_FORCE,
	OPT_EXPLAIN,
	OPT_PROMETHEUS,
	OPT_TO,
	OPT_FROM,
	OPT_VERSION,
};

/* The options only some commands take (OPT_FOR to OPT_FROM); the others
 * (--vault, --json...) every command takes. */
#define OPT_BIT(o) (1u << ((o)-OPT_FOR))

static const struct command {
	const char *name;
	int (*run)(struct cli *);
	int min_args, max_args; /* -1: any number */
	unsigned opts;          /* OPT_BIT of each command-specific option it takes */
} commands[] = {
	{"hash", cmd_hash, 1, 1, 0},
	{"scopes", cmd_scopes, 0, 0, OPT_BIT(OPT_FOR) | OPT_BIT(OPT_CAPS) | OPT_BIT(OPT_SCOPES)},
	{"import", cmd_import, 1, 2,
	 OPT_BIT(OPT_FOR) | OPT_BIT(OPT_CAPS) | OPT_BIT(OPT_SCOPES) | OPT_BIT(OPT_FROM) |
		 OPT_BIT(OPT_YES)},
	{"list", cmd_list, 0, 0, 0},
	{"show", cmd_show, 1, 1, OPT_BIT(OPT_REVEAL)},
	{"export", cmd_export, 1, 1,
	 OPT_BIT(OPT_FOR) | OPT_BIT(OPT_CAPS) | OPT_BIT(OPT_SCOPES) | OPT_BIT(OPT_VARIANT) |
		 OPT_BIT(OPT_FORCE) | OPT_BIT(OPT_TO)},
	{"remove", cmd_remove, 1, 1, OPT_BIT(OPT_YES)},
	{"passwd", cmd_passwd, 0, 0, 0},
	{"check", cmd_check, 0, -1,
	 OPT_BIT(OPT_FOR) | OPT_BIT(OPT_CAPS) | OPT_BIT(OPT_SCOPES) | OPT_BIT(OPT_FROM_FILE) |
		 OPT_BIT(OPT_ALL) | OPT_BIT(OPT_DEEP) | OPT_BIT(OPT_RO) | OPT_BIT(OPT_EXPLAIN) |
		 OPT_BIT(OPT_PROMETHEUS)},
	{"targets", cmd_targets, 0, 2, 0},
	{"rotate", cmd_rotate, 1, 2,
	 OPT_BIT(OPT_ACCEPT_LESS) | OPT_BIT(OPT_CONFIRM_DELETED) | OPT_BIT(OPT_RO)},
};
/* The wizard (no command). */
static const unsigned wizard_opts = OPT_BIT(OPT_DEMO);

/* Whether to colour output that goes to a terminal (is_tty): NO_COLOR set
 * and not empty says no (no-color.org), and so does TERM=dumb;
 * CLICOLOR_FORCE set and not "0" says yes, even to a file or a pipe. */
static int want_color(int is_tty)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM"),
		   *force = getenv("CLICOLOR_FORCE");

	if (no && *no)
		return 0;
	if (force && *force && strcmp(force, "0") != 0)
		return 1;
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return is_tty;
}

/* The wizard, and what to say once the terminal is back to normal. */
static int cmd_wizard(struct cli *c)
{
	struct wizard_opts o = {.demo = c->demo,
				.utf8 = c->utf8,
				.color = want_color(1),
				.remote = getenv("SSH_CONNECTION") || getenv("SSH_TTY"),
				.home = getenv("HOME")};
	struct wizard_report rep;
	struct bc_err err;
	char vault[4096], exe[4096], sandbox[4200], again[4200], *slash;
	ssize_t n;
	int rc;

	if (!c->demo || c->vault_path) {
		if ((rc = cli_vault_path(c, vault, sizeof vault)) != 0)
			return rc;
		o.vault_path = vault;
	}
	if (c->demo) {
		/* The practice store is the bcsetup-sandbox beside this program. */
		o.sandbox = getenv("BCSETUP_SANDBOX");
		if (!o.sandbox || !*o.sandbox) {
			n = readlink("/proc/self/exe", exe, sizeof exe - 1);
			if (n <= 0)
				return cli_error(BC_ERR_IO, "cannot find bcsetup-sandbox: set "
							    "$BCSETUP_SANDBOX to its path");
			exe[n] = '\0';
			slash = strrchr(exe, '/');
			*slash = '\0';
			snprintf(sandbox, sizeof sandbox, "%s/bcsetup-sandbox", exe);
			o.sandbox = sandbox;
		}
		o.tmpdir = getenv("TMPDIR");
	}
	if (wizard_run(&c->s, &o, &rep, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	/* Left by a signal, as a shell reports it: 128 + its number (130 for
	 * Ctrl-C), whatever was saved. */
	rc = rep.interrupted ? 128 + rep.interrupted : 0;
	if (!rep.profile[0] || !rep.saved)
		return rc;
	if (rep.demo) {
		printf("The practice store and its vault are gone. For a real store: bcsetup\n");
		return rc;
	}
	printf("Profile %s is saved in %s.\n", rep.profile, vault);
	/* What really works from here: the vault named as it was, and for the
	 * demo's profiles its practice store, which ends with the wizard. */
	if (c->vault_given)
		snprintf(again, sizeof again, "bcsetup --vault '%s'", vault);
	else
		snprintf(again, sizeof again, "bcsetup");
	if (rep.practice)
		printf("Its practice store ran only inside the demo; %s --demo opens both again.\n",
		       again);
	else if (rep.app)
		printf("An app: no check can verify it; the integration does when it connects.\n");
	else if (rep.checked < 0)
		printf("Its token is not checked yet: %s check %s\n", again, rep.profile);
	else if (!rep.checked)
		printf("Its last check FAILED: %s check --explain %s shows why.\n", again,
		       rep.profile);
	else
		printf("Its last check passed. Again at any time: %s check %s\n", again,
		       rep.profile);
	/* Until BigCommerce refuses the old token, its account is a way in. */
	if (rep.old_waiting && rep.practice)
		printf("%s API account (%s) %s: %s --demo, then d on its coverage screen, "
		       "deletes it and confirms.\n",
		       rep.old_waiting > 1 ? "The newest old" : "The old", rep.old_account,
		       rep.old_alive ? "STILL WORKS" : "is not confirmed deleted", again);
	else if (rep.old_waiting)
		printf("%s API account (%s) %s: delete it in the control panel, then confirm: "
		       "%s rotate %s --confirm-deleted\n",
		       rep.old_waiting > 1 ? "The newest old" : "The old", rep.old_account,
		       rep.old_alive ? "STILL WORKS" : "is not confirmed deleted", again,
		       rep.profile);
	if (rep.shares[0])
		printf("Still on the old token, and cut off when its account goes: %s. Rotate "
		       "them too.\n",
		       rep.shares);
	return rc;
}

static void cli_free(struct cli *c)
{
	session_free(&c->s);
}

static void env_default(const char **slot, const char *name)
{
	const char *v = getenv(name);

	if (!*slot && v && *v)
		*slot = v;
}

/* Knobs for tests and slow links, read here so that core reads no environment. */
static void tuning_from_env(struct cli *c)
{
	const char *cost = getenv("BCSETUP_KDF_COST"), *w = getenv("BCSETUP_LOCK_WAIT_MS");
	const char *t = getenv("BCSETUP_TIMEOUT_MS"), *pw = getenv("BCSETUP_PIPE_WAIT_MS");
	struct vault_tuning vt = {.lock_wait_ms = 3000};

	vt.cheap_kdf = cost && strcmp(cost, "min") == 0;
	if (w && *w)
		vt.lock_wait_ms = strtol(w, NULL, 10);
	vault_set_tuning(&vt);
	if (t && atol(t) > 0)
		c->s.api.timeout_ms = atol(t);
	/* How long a passphrase pipe's writer, or pass, may keep us waiting. */
	if (pw && atol(pw) > 0) {
		secret_set_pipe_wait(atol(pw));
		pass_set_wait(atol(pw));
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"vault", required_argument, NULL, OPT_VAULT},
		{"passphrase-file", required_argument, NULL, OPT_PASSFILE},
		{"api-base", required_argument, NULL, OPT_API_BASE},
		{"cacert", required_argument, NULL, OPT_CACERT},
		{"assets", required_argument, NULL, OPT_ASSETS},
		{"json", no_argument, NULL, OPT_JSON},
		{"for", required_argument, NULL, OPT_FOR},
		{"caps", required_argument, NULL, OPT_CAPS},
		{"scopes", required_argument, NULL, OPT_SCOPES},
		{"from-file", required_argument, NULL, OPT_FROM_FILE},
		{"variant", required_argument, NULL, OPT_VARIANT},
		{"all", no_argument, NULL, OPT_ALL},
		{"deep", no_argument, NULL, OPT_DEEP},
		{"read-only-probes", no_argument, NULL, OPT_RO},
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"force", no_argument, NULL, OPT_FORCE},
		{"prometheus", required_argument, NULL, OPT_PROMETHEUS},
		{"to", required_argument, NULL, OPT_TO},
		{"from", required_argument, NULL, OPT_FROM},
		{"reveal", no_argument, NULL, OPT_REVEAL},
		{"yes", no_argument, NULL, OPT_YES},
		{"demo", no_argument, NULL, OPT_DEMO},
		{"accept-less", no_argument, NULL, OPT_ACCEPT_LESS},
		{"confirm-deleted", no_argument, NULL, OPT_CONFIRM_DELETED},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	struct cli c = {0};
	const char *assets = NULL, *cs;
	const struct command *cmd = NULL;
	unsigned seen = 0, allowed;
	int o, rc, help = 0;
	static char targets_dir[4096];
	size_t i;

	setlocale(LC_ALL, "");
	/* A file-size limit must fail a write (EFBIG), not kill us mid-save. */
	signal(SIGXFSZ, SIG_IGN);
	if (mem_init() < 0)
		return cli_error(BC_ERR_NOMEM, "cannot initialise libsodium");
	opterr = 0;
	/* Long options in full only: getopt_long would take "--js" for --json in
	 * one place and a script's reader would miss it in another. */
	for (o = 1; o < argc && strcmp(argv[o], "--") != 0; o++) {
		const struct option *op;
		size_t n;
		if (strncmp(argv[o], "--", 2) != 0 || !argv[o][2])
			continue;
		n = strcspn(argv[o] + 2, "=");
		for (op = opts; op->name; op++)
			if (strlen(op->name) == n && strncmp(op->name, argv[o] + 2, n) == 0)
				break;
		if (op->name)
			continue;
		for (op = opts; op->name; op++)
			if (strncmp(op->name, argv[o] + 2, n) == 0) {
				cli_error(BC_ERR_INPUT, "--%.*s: write options in full (--%s?)",
					  (int)n, argv[o] + 2, op->name);
				fputs("Try 'bcsetup --help'.\n", stderr);
				return 2;
			}
	}
	/* Known before the options are read, so that a usage error is JSON too. */
	for (o = 1; o < argc && strcmp(argv[o], "--") != 0; o++)
		if (strcmp(argv[o], "--json") == 0)
			cli_json_errors(1);
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (o >= OPT_FOR && o <= OPT_FROM)
			seen |= OPT_BIT(o);
		switch (o) {
		case OPT_VAULT: c.vault_path = optarg; break;
		case OPT_PASSFILE: c.passphrase_file = optarg; break;
		case OPT_API_BASE: c.s.api_base = optarg; break;
		case OPT_CACERT: c.s.api.cacert = optarg; break;
		case OPT_ASSETS: assets = optarg; break;
		case OPT_JSON: c.json = 1; break;
		case OPT_FOR: c.target = optarg; break;
		case OPT_CAPS: c.caps = optarg; break;
		case OPT_SCOPES: c.scopes = optarg; break;
		case OPT_FROM_FILE: c.from_file = optarg; break;
		case OPT_VARIANT: c.variant = optarg; break;
		case OPT_ALL: c.all = 1; break;
		case OPT_DEEP: c.deep = 1; break;
		case OPT_RO: c.read_only_probes = 1; break;
		case OPT_EXPLAIN: c.explain = 1; break;
		case OPT_FORCE: c.force = 1; break;
		case OPT_PROMETHEUS: c.prometheus = optarg; break;
		case OPT_TO: c.to = optarg; break;
		case OPT_FROM: c.from = optarg; break;
		case OPT_REVEAL: c.reveal = 1; break;
		case OPT_YES: c.yes = 1; break;
		case OPT_DEMO: c.demo = 1; break;
		case OPT_ACCEPT_LESS: c.accept_less = 1; break;
		case OPT_CONFIRM_DELETED: c.confirm_deleted = 1; break;
		case 'h': help = 1; break;
		case OPT_VERSION: printf("bcsetup %s\n", BCSETUP_VERSION); return 0;
		default:
			if (optopt && optopt < 256)
				cli_error(BC_ERR_INPUT, "unknown option -%c", optopt);
			else if (optopt)
				cli_error(BC_ERR_INPUT, "option %s needs a value",
					  argv[optind - 1]);
			else
				cli_error(BC_ERR_INPUT, "unknown option %s", argv[optind - 1]);
			fputs("Try 'bcsetup --help'.\n", stderr);
			return 2;
		}
	}
	{
		/* An empty path is no path: --vault "" would lock "./.lock". */
		const struct {
			const char *name, *value;
		} given[] = {{"vault", c.vault_path},
			     {"passphrase-file", c.passphrase_file},
			     {"api-base", c.s.api_base},
			     {"cacert", c.s.api.cacert},
			     {"assets", assets},
			     {"from-file", c.from_file},
			     {"prometheus", c.prometheus},
			     {"for", c.target},
			     {"caps", c.caps},
			     {"scopes", c.scopes},
			     {"variant", c.variant},
			     {"to", c.to},
			     {"from", c.from}};
		for (i = 0; i < sizeof given / sizeof given[0]; i++)
			if (given[i].value && !*given[i].value) {
				cli_error(BC_ERR_INPUT, "--%s needs a value, not an empty one",
					  given[i].name);
				return 2;
			}
	}
	c.vault_given = c.vault_path != NULL;
	env_default(&c.vault_path, "BCSETUP_VAULT");
	env_default(&c.passphrase_file, "BCSETUP_PASSPHRASE_FILE");
	env_default(&c.passphrase_source, "BCSETUP_PASSPHRASE_SOURCE");
	env_default(&c.s.api_base, "BCSETUP_API_BASE");
	env_default(&c.s.api.cacert, "BCSETUP_CACERT");
	env_default(&assets, "BCSETUP_ASSETS");
	asset_set_override(assets);
	tuning_from_env(&c);
	/* The user's own targets: $XDG_CONFIG_HOME/bcsetup/targets.d/NAME.json. */
	cs = getenv("XDG_CONFIG_HOME");
	if (cs && *cs == '/')
		snprintf(targets_dir, sizeof targets_dir, "%s/bcsetup/targets.d", cs);
	else if ((cs = getenv("HOME")) && *cs)
		snprintf(targets_dir, sizeof targets_dir, "%s/.config/bcsetup/targets.d", cs);
	c.s.targets_dir = targets_dir[0] ? targets_dir : NULL;
	if (help) {
		print_help(&c);
		cli_free(&c);
		return 0;
	}
	c.color = want_color(isatty(STDOUT_FILENO));
	cs = nl_langinfo(CODESET);
	c.utf8 = cs && strcmp(cs, "UTF-8") == 0;

	if (optind < argc) {
		for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (strcmp(commands[i].name, argv[optind]) == 0)
				cmd = &commands[i];
		if (!cmd) {
			cli_error(BC_ERR_INPUT, "unknown command '%s'", argv[optind]);
			fputs("Try 'bcsetup --help'.\n", stderr);
			return 2;
		}
		c.argc = argc - optind - 1;
		c.argv = argv + optind + 1;
		if (c.argc < cmd->min_args || (cmd->max_args >= 0 && c.argc > cmd->max_args)) {
			cli_error(BC_ERR_INPUT, "'%s' takes %s", cmd->name,
				  cmd->min_args == cmd->max_args
					  ? (cmd->min_args ? "one argument" : "no arguments")
					  : "a different number of arguments");
			fputs("Try 'bcsetup --help'.\n", stderr);
			return 2;
		}
	}
	allowed = cmd ? cmd->opts : wizard_opts;
	for (o = OPT_FOR; o <= OPT_FROM; o++)
		if ((seen & OPT_BIT(o)) && !(allowed & OPT_BIT(o))) {
			const struct option *op = opts;
			while (op->val != o)
				op++;
			cli_error(BC_ERR_INPUT, "--%s does not apply to %s", op->name,
				  cmd ? cmd->name : "the wizard");
			fputs("Try 'bcsetup --help'.\n", stderr);
			return 2;
		}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmd ? cmd->run(&c) : cmd_wizard(&c);
	cli_free(&c);
	curl_global_cleanup();
	return rc;
}
