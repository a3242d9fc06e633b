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
#include <sodium.h>

#include "bcsetup/assets.h"
#include "bcsetup/mem.h"
#include "bcsetup/session.h"
#include "bcsetup/text.h"
#include "bcsetup/vault.h"
#include "cli.h"
#include "commands.h"
#include "wizard.h"

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
	unsigned char *key = NULL;
	ssize_t n;
	int rc;

	if (!c->demo || c->vault_path) {
		if ((rc = cli_vault_path(c, vault, sizeof vault)) != 0)
			return rc;
		o.vault_path = vault;
		/* Unlocked for this session: the wizard asks no passphrase. */
		if ((key = sodium_malloc(VAULT_KEY_BYTES)) && cli_keyring_get(vault, key) == 0)
			o.vault_key = key;
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
	rc = wizard_run(&c->s, &o, &rep, &err);
	sodium_free(key);
	if (rc != BC_OK)
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

/* What the environment gives when the command line did not, and the user's
 * own targets: $XDG_CONFIG_HOME/bcsetup/targets.d/NAME.json. */
static void settings_from_env(struct cli *c, const char *assets)
{
	static char targets_dir[4096];
	const char *cs;

	env_default(&c->vault_path, "BCSETUP_VAULT");
	env_default(&c->passphrase_file, "BCSETUP_PASSPHRASE_FILE");
	env_default(&c->passphrase_source, "BCSETUP_PASSPHRASE_SOURCE");
	env_default(&c->s.api_base, "BCSETUP_API_BASE");
	env_default(&c->s.api.cacert, "BCSETUP_CACERT");
	env_default(&assets, "BCSETUP_ASSETS");
	asset_set_override(assets);
	tuning_from_env(c);
	cs = getenv("XDG_CONFIG_HOME");
	if (cs && *cs == '/')
		snprintf(targets_dir, sizeof targets_dir, "%s/bcsetup/targets.d", cs);
	else if ((cs = getenv("HOME")) && *cs)
		snprintf(targets_dir, sizeof targets_dir, "%s/.config/bcsetup/targets.d", cs);
	c->s.targets_dir = targets_dir[0] ? targets_dir : NULL;
}

/* A usage error has been said: where to read more, and status 2. */
static int usage_hint(const struct cmd_spec *cmd)
{
	if (cmd && cmd->name)
		fprintf(stderr, "Try 'bcsetup help %s'.\n", cmd->name);
	else
		fputs("Try 'bcsetup --help'.\n", stderr);
	return 2;
}

/* "--js" is refused rather than taken for --json: getopt_long would take an
 * abbreviation in one place, and a script's reader would miss it in another.
 * 0, or 2 after saying which option was meant. */
static int options_in_full(int argc, char **argv)
{
	const struct opt_spec *op;
	size_t n;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || !argv[i][2])
			continue;
		n = strcspn(argv[i] + 2, "=");
		if (option_by_name(argv[i] + 2, n))
			continue;
		for (op = bc_options; op->name; op++)
			if (strncmp(op->name, argv[i] + 2, n) == 0) {
				cli_error(BC_ERR_INPUT, "--%.*s: write options in full (--%s?)",
					  (int)n, argv[i] + 2, op->name);
				return usage_hint(NULL);
			}
	}
	return 0;
}

int main(int argc, char **argv)
{
	/* getopt's table, from the command table's options; seen holds one bit
	 * per option. */
	_Static_assert(OPT_END - OPT_VAULT <= 64, "an option too many for seen's bits");
	static struct option opts[64];
	struct cli c = {0};
	const char *assets = NULL;
	const struct cmd_spec *cmd = NULL;
	unsigned long long seen = 0;
	int o, rc, help = 0;
	size_t i;

	setlocale(LC_ALL, "");
	/* A file-size limit must fail a write (EFBIG), not kill us mid-save. */
	signal(SIGXFSZ, SIG_IGN);
	if (mem_init() < 0)
		return cli_error(BC_ERR_NOMEM, "cannot initialise libsodium");
	for (i = 0; bc_options[i].name; i++)
		opts[i] = (struct option){bc_options[i].name,
					  bc_options[i].metavar ? required_argument : no_argument,
					  NULL, (int)bc_options[i].id};
	/* A shell's completion asking: what follows are words typed, not options. */
	if (argc > 1 && strcmp(argv[1], "__complete") == 0) {
		settings_from_env(&c, NULL);
		rc = cli_complete(&c, argc - 2, argv + 2);
		cli_free(&c);
		return rc;
	}
	opterr = 0;
	if ((rc = options_in_full(argc, argv)) != 0)
		return rc;
	/* Known before the options are read, so that a usage error is JSON too. */
	for (o = 1; o < argc && strcmp(argv[o], "--") != 0; o++)
		if (strcmp(argv[o], "--json") == 0)
			cli_json_errors(1);
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (o >= OPT_VAULT && o < OPT_END)
			seen |= 1ULL << (o - OPT_VAULT);
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
		case OPT_GRID: c.grid = 1; break;
		case OPT_CSV: c.csv = optarg; break;
		case OPT_REVEAL: c.reveal = 1; break;
		case OPT_YES: c.yes = 1; break;
		case OPT_DEMO: c.demo = 1; break;
		case OPT_ACCEPT_LESS: c.accept_less = 1; break;
		case OPT_CONFIRM_DELETED: c.confirm_deleted = 1; break;
		case 'h':
		case OPT_HELP: help = 1; break;
		case OPT_VERSION: printf("bcsetup %s\n", BCSETUP_VERSION); return 0;
		default:
			if (optopt && optopt < 256)
				cli_error(BC_ERR_INPUT, "unknown option -%c", optopt);
			else if (optopt)
				cli_error(BC_ERR_INPUT, "option %s needs a value",
					  argv[optind - 1]);
			else
				cli_error(BC_ERR_INPUT, "unknown option %s", argv[optind - 1]);
			/* exec's command has options of its own: they follow "--". */
			for (i = 1; i < (size_t)optind; i++)
				if (strcmp(argv[i], "exec") == 0)
					fputs("bcsetup: exec: put -- before the command and its "
					      "options\n",
					      stderr);
			return usage_hint(NULL);
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
			     {"from", c.from},
			     {"csv", c.csv}};
		for (i = 0; i < sizeof given / sizeof given[0]; i++)
			if (given[i].value && !*given[i].value) {
				cli_error(BC_ERR_INPUT, "--%s needs a value, not an empty one",
					  given[i].name);
				return 2;
			}
	}
	c.vault_given = c.vault_path != NULL;
	settings_from_env(&c, assets);

	if (optind < argc && !(cmd = command_find(argv[optind]))) {
		cli_error(BC_ERR_INPUT, "unknown command '%s'", cli_safe(argv[optind]));
		return usage_hint(NULL);
	}
	if (help) {
		if (cmd)
			help_command(cmd, stdout);
		else
			help_usage(&c, stdout);
		cli_free(&c);
		return 0;
	}
	if (cmd) {
		c.argc = argc - optind - 1;
		c.argv = argv + optind + 1;
		if (c.argc < cmd->min_args || (cmd->max_args >= 0 && c.argc > cmd->max_args)) {
			cli_error(BC_ERR_INPUT, "'%s' takes %s", cmd->name,
				  cmd->min_args == cmd->max_args
					  ? (cmd->min_args ? "one argument" : "no arguments")
					  : "a different number of arguments");
			return usage_hint(cmd);
		}
	}
	for (o = OPT_VAULT; o < OPT_END; o++)
		if ((seen & (1ULL << (o - OPT_VAULT))) &&
		    !command_option(cmd ? cmd : command_wizard(), (enum opt_id)o)) {
			cli_error(BC_ERR_INPUT, "--%s does not apply to %s",
				  option_by_id((enum opt_id)o)->name,
				  cmd ? cmd->name : "the wizard");
			return usage_hint(cmd);
		}
	c.color = want_color(isatty(STDOUT_FILENO));
	{
		const char *cs = nl_langinfo(CODESET);
		c.utf8 = cs && strcmp(cs, "UTF-8") == 0;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmd ? cmd->run(&c) : cmd_wizard(&c);
	cli_free(&c);
	curl_global_cleanup();
	return rc;
}
