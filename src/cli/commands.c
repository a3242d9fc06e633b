/*
 * commands.c - the command table (see commands.h). A new command or option is
 * one entry here and one field in struct cli; help, the option check and
 * completion follow from the entry.
 */
#include <string.h>

#include "commands.h"

#define END                                    \
	{                                      \
		OPT_NONE, NULL, ARG_NONE, NULL \
	}
#define SYN(...)  ((const char *const[]){__VA_ARGS__, NULL})
#define OPTS(...) ((const struct cmd_opt[]){__VA_ARGS__, END})

const struct opt_spec bc_options[] = {
	{"vault", OPT_VAULT, ARG_FILE, "PATH",
	 "the vault (default $BCSETUP_VAULT, else $XDG_DATA_HOME/bcsetup/vault, "
	 "else ~/.local/share/bcsetup/vault)"},
	{"passphrase-file", OPT_PASSFILE, ARG_FILE, "PATH",
	 "the vault passphrase is PATH's one line (a final newline is dropped; a second "
	 "line, a NUL byte or a file others can read is refused; also "
	 "$BCSETUP_PASSPHRASE_FILE); otherwise it is asked for"},
	{"api-base", OPT_API_BASE, ARG_NONE, "URL",
	 "API root (default https://api.bigcommerce.com; also $BCSETUP_API_BASE); "
	 "http:// only for loopback addresses"},
	{"cacert", OPT_CACERT, ARG_FILE, "PATH", "CA bundle to trust (also $BCSETUP_CACERT)"},
	{"assets", OPT_ASSETS, ARG_DIR, "DIR",
	 "read scopes.json and targets.json from DIR when present (also $BCSETUP_ASSETS)"},
	{"json", OPT_JSON, ARG_NONE, NULL, "machine-readable output, errors included"},
	{"help", OPT_HELP, ARG_NONE, NULL, "this help, or a command's: bcsetup COMMAND --help"},
	{"version", OPT_VERSION, ARG_NONE, NULL, "the version"},
	{"for", OPT_FOR, ARG_TARGET, "TARGET",
	 "the integration the token is for: a target's key (bcsetup targets)"},
	{"caps", OPT_CAPS, ARG_CAPS, "LIST",
	 "the target's capabilities in use, comma-separated (all when not given)"},
	{"scopes", OPT_SCOPES, ARG_NONE, "SCOPE=LEVEL,...",
	 "what is required beyond the target's preset (never below it), or, for a target "
	 "that presets none, the scopes picked; SCOPE is a key 'bcsetup scopes --json' "
	 "shows or the control panel's name, LEVEL one of its levels"},
	{"from-file", OPT_FROM_FILE, ARG_FILE, "FILE",
	 "the credentials in FILE, the text BigCommerce downloads; no vault needed"},
	{"variant", OPT_VARIANT, ARG_NONE, "NAME",
	 "which of the target's hand-offs (bcsetup targets show TARGET lists them)"},
	{"all", OPT_ALL, ARG_NONE, NULL, "every profile in the vault"},
	{"deep", OPT_DEEP, ARG_NONE, NULL, "send every write probe, not only those required"},
	{"read-only-probes", OPT_RO, ARG_NONE, NULL,
	 "send no write probe (a write level required is then unproven)"},
	{"reveal", OPT_REVEAL, ARG_NONE, NULL, "show the secrets in clear"},
	{"yes", OPT_YES, ARG_NONE, NULL, "do not ask"},
	{"demo", OPT_DEMO, ARG_NONE, NULL,
	 "the wizard against a practice store on 127.0.0.1, with a throwaway vault"},
	{"accept-less", OPT_ACCEPT_LESS, ARG_NONE, NULL,
	 "the new token may hold fewer scopes than the old one, as long as the target's "
	 "are there"},
	{"confirm-deleted", OPT_CONFIRM_DELETED, ARG_NONE, NULL,
	 "confirm the old API account is deleted (its token refused); then the old token "
	 "is wiped"},
	{"force", OPT_FORCE, ARG_NONE, NULL,
	 "even when the last check failed or did not show every level needed"},
	{"explain", OPT_EXPLAIN, ARG_NONE, NULL,
	 "every probe, its answer and what it meant (docs/probes.md lists them all)"},
	{"prometheus", OPT_PROMETHEUS, ARG_FILE, "FILE",
	 "also write the results as metrics for node_exporter's textfile collector"},
	{"to", OPT_TO, ARG_PASS_TO, "pass[:PREFIX]",
	 "into pass, the team's password store, as entry PREFIX/PROFILE (default prefix: "
	 "bcsetup), via 'pass insert -m'"},
	{"from", OPT_FROM, ARG_PASS_ENTRY, "pass:ENTRY",
	 "from a pass entry made by 'export --to pass' (read with 'pass show')"},
	{"grid", OPT_GRID, ARG_NONE, NULL,
	 "one line per store and one column per scope any of them requires, instead of each "
	 "store's matrix"},
	{"csv", OPT_CSV, ARG_FILE, "FILE",
	 "also write that grid to FILE as CSV: profile, store_hash, target, ok, kind, then a "
	 "column per scope"},
	{NULL, OPT_NONE, ARG_NONE, NULL, NULL},
};

/* The options the catalogue's levels are asked with, as several commands take them. */
#define OPT_FOR_CAPS_SCOPES                                                \
	{OPT_FOR, NULL, ARG_NONE, NULL}, {OPT_CAPS, NULL, ARG_NONE, NULL}, \
	{                                                                  \
		OPT_SCOPES, NULL, ARG_NONE, NULL                           \
	}

const struct cmd_spec bc_commands[] = {
	{"hash",
	 cmd_hash,
	 1,
	 1,
	 {ARG_NONE},
	 SYN("TEXT"),
	 "the store hash in an API path, control-panel URL or bare hash",
	 "Prints the store hash found in TEXT: an API path (https://api.bigcommerce.com/stores/"
	 "HASH/v3/), a control-panel URL (store-HASH.mybigcommerce.com), a legacy API path or a "
	 "bare hash. A store's own domain does not carry the hash; it is refused with the "
	 "reason.",
	 OPTS(END),
	 0},
	{"import",
	 cmd_import,
	 1,
	 2,
	 {ARG_PROFILE, ARG_FILE},
	 SYN("PROFILE [FILE|-] [--for TARGET] [--caps LIST] [--scopes SCOPE=LEVEL,...] [--yes]",
	     "PROFILE --from pass:ENTRY [--for TARGET] [--caps LIST]"),
	 "add or update a profile from the credentials file BigCommerce downloads, or from pass",
	 "Adds or updates PROFILE from the credentials file BigCommerce downloads when an API "
	 "account is created (FILE, or standard input). What the profile requires is what was "
	 "asked for: the target's preset raised by --scopes, or --scopes alone for a target that "
	 "presets nothing. A new token imported without --for or --scopes keeps "
	 "what the profile required.\n"
	 "Credentials for another store than the profile's correct a mistyped store hash: asked "
	 "on a terminal, taken with --yes, refused otherwise.",
	 OPTS(OPT_FOR_CAPS_SCOPES, {OPT_FROM, NULL, ARG_NONE, NULL},
	      {OPT_YES, NULL, ARG_NONE, "take credentials for another store (a correction)"}),
	 0},
	{"list",
	 cmd_list,
	 0,
	 0,
	 {ARG_NONE},
	 SYN(""),
	 "the profiles in the vault",
	 "Lists the profiles in the vault: store, target, the last check and its age, and any "
	 "old API account still waiting to be deleted.",
	 OPTS(END),
	 0},
	{"show",
	 cmd_show,
	 1,
	 1,
	 {ARG_PROFILE},
	 SYN("PROFILE [--reveal]"),
	 "one profile; secrets masked unless --reveal",
	 "Shows one profile: its values (secrets show their last four characters), what it "
	 "requires, its last check and the history of its retired tokens.",
	 OPTS({OPT_REVEAL, NULL, ARG_NONE, NULL}),
	 0},
	{"check",
	 cmd_check,
	 0,
	 -1,
	 {ARG_PROFILE, ARG_PROFILE},
	 SYN("[PROFILE...|--all|--from-file FILE] [--for TARGET] [--caps LIST] "
	     "[--scopes SCOPE=LEVEL,...] [--deep|--read-only-probes] [--explain] "
	     "[--prometheus FILE] [--grid] [--csv FILE]"),
	 "live test of the token and its scopes",
	 "Tests the token, the store hash and every scope live, and prints what is required "
	 "against what the answers showed held. A check never changes a store: every write "
	 "probe addresses a resource that cannot exist or sends an empty list, and a write the "
	 "store accepts is an alert. A level is held only on an answer its probe declares; any "
	 "other answer leaves it unknown, and a required level left unknown fails the check.\n"
	 "Exit status 1 when any profile has a problem. The man page says how the requests are "
	 "spread and limited; docs/probes.md lists every probe.",
	 OPTS({OPT_ALL, NULL, ARG_NONE, NULL}, {OPT_FROM_FILE, NULL, ARG_NONE, NULL},
	      {OPT_FOR, NULL, ARG_NONE, "judge against this target instead of the profile's own"},
	      {OPT_CAPS, NULL, ARG_NONE, NULL}, {OPT_SCOPES, NULL, ARG_NONE, NULL},
	      {OPT_DEEP, NULL, ARG_NONE, NULL}, {OPT_RO, NULL, ARG_NONE, NULL},
	      {OPT_EXPLAIN, NULL, ARG_NONE, NULL}, {OPT_PROMETHEUS, NULL, ARG_NONE, NULL},
	      {OPT_GRID, NULL, ARG_NONE, NULL}, {OPT_CSV, NULL, ARG_NONE, NULL}),
	 0},
	{"export",
	 cmd_export,
	 1,
	 1,
	 {ARG_PROFILE},
	 SYN("PROFILE --for FORMAT [--variant NAME] [--caps LIST] [--scopes SCOPE=LEVEL,...] "
	     "[--force]",
	     "PROFILE --to pass[:PREFIX] [--force]"),
	 "the values as an integration's form names them, or into pass",
	 "Prints the values as FORMAT's form names them (FORMAT: a target, env or json), "
	 "secrets in clear. Refused when the last check of the token failed, or did not show "
	 "every level FORMAT's target needs, unless --force.",
	 OPTS({OPT_FOR, "FORMAT", ARG_FORMAT, "a target's key, env (shell variables) or json"},
	      {OPT_VARIANT, NULL, ARG_NONE, NULL}, {OPT_CAPS, NULL, ARG_NONE, NULL},
	      {OPT_SCOPES, NULL, ARG_NONE, NULL}, {OPT_FORCE, NULL, ARG_NONE, NULL},
	      {OPT_TO, NULL, ARG_NONE, NULL}),
	 0},
	{"exec",
	 cmd_exec,
	 2,
	 -1,
	 {ARG_PROFILE, ARG_NONE},
	 SYN("PROFILE [--force] -- COMMAND [ARGS...]"),
	 "run a program with the profile's values in its environment",
	 "Runs COMMAND with the profile's values in its environment, under the names 'export "
	 "--for env' prints (BIGCOMMERCE_STORE_HASH, BIGCOMMERCE_ACCESS_TOKEN, ...), and nothing "
	 "on the terminal, in the shell's history or in a file: the safer way to give a token to "
	 "a program than export. bcsetup becomes COMMAND, so the exit status is COMMAND's (127 "
	 "when it is not found). Refused, running nothing, when the last check of the token "
	 "failed, unless --force.",
	 OPTS({OPT_FORCE, NULL, ARG_NONE, "run it even when the last check failed"}),
	 0},
	{"unlock",
	 cmd_unlock,
	 0,
	 0,
	 {ARG_NONE},
	 SYN("[--for DURATION]"),
	 "keep the vault's key for this login session",
	 "Asks for the passphrase once and keeps the vault's derived key in the kernel's session "
	 "keyring, never on disk, for DURATION (90s, 15m, 8h, 1d; 15m when not given, 7d at "
	 "most). Until then every command of this login session, the wizard's commands and "
	 "completion open the vault without asking. Only processes of this session can read it "
	 "(possessor permission): another login, or a new session keyring, cannot. "
	 "docs/SECURITY.md says what it changes.",
	 OPTS({OPT_FOR, "DURATION", ARG_NONE,
	       "how long the key is kept (default 15m, at most 7d)"}),
	 0},
	{"lock",
	 cmd_lock,
	 0,
	 0,
	 {ARG_NONE},
	 SYN(""),
	 "forget the key unlock kept",
	 "Removes the vault's key from the session keyring: the next command asks for the "
	 "passphrase again.",
	 OPTS(END),
	 0},
	{"doctor",
	 cmd_doctor,
	 0,
	 0,
	 {ARG_NONE},
	 SYN("[--prometheus FILE]"),
	 "look over the set-up, and say what to fix",
	 "Looks over a set-up and names each problem with its fix: the vault and its directory "
	 "(owner, modes), the passphrase file (its mode, and whether it opens the vault; or the "
	 "key unlock kept), whether the API root answers (one request without a token: DNS, "
	 "proxy, TLS), and where systemd's user manager runs, the hourly timer (enabled, its "
	 "last run) and whether node_exporter's user can read the metrics file it writes. It "
	 "changes nothing and asks for nothing. Exit status 0 when all is well, 1 when something "
	 "needs fixing.",
	 OPTS({OPT_PROMETHEUS, NULL, ARG_NONE,
	       "the metrics file to look at (default: the one the timer's service writes)"}),
	 0},
	{"rotate",
	 cmd_rotate,
	 1,
	 2,
	 {ARG_PROFILE, ARG_FILE},
	 SYN("PROFILE [FILE] [--accept-less] [--read-only-probes]", "PROFILE --confirm-deleted"),
	 "guided token rotation, and confirming the old account is gone",
	 "BigCommerce tokens cannot be rotated in place: a new API account is made and the old "
	 "one deleted. FILE holds the new account's credentials (asked for when not given); "
	 "they replace the old only once checked live and covering every level the old token "
	 "was seen to hold. Then delete the old API account, and confirm it with "
	 "--confirm-deleted.",
	 OPTS({OPT_ACCEPT_LESS, NULL, ARG_NONE, NULL}, {OPT_CONFIRM_DELETED, NULL, ARG_NONE, NULL},
	      {OPT_RO, NULL, ARG_NONE, "check the new token with no write probe"}),
	 0},
	{"remove",
	 cmd_remove,
	 1,
	 1,
	 {ARG_PROFILE},
	 SYN("PROFILE [--yes]"),
	 "delete a profile",
	 "Deletes a profile from the vault, asking first on a terminal.",
	 OPTS({OPT_YES, NULL, ARG_NONE, "do not ask"}),
	 0},
	{"passwd",
	 cmd_passwd,
	 0,
	 0,
	 {ARG_NONE},
	 SYN(""),
	 "change the vault passphrase",
	 "Changes the vault passphrase. The new one is asked for twice on the terminal, or read "
	 "from the file $BCSETUP_NEW_PASSPHRASE_FILE.",
	 OPTS(END),
	 0},
	{"scopes",
	 cmd_scopes,
	 0,
	 0,
	 {ARG_NONE},
	 SYN("[--for TARGET] [--caps LIST] [--scopes SCOPE=LEVEL,...]"),
	 "the scope catalogue, or what is required",
	 "Lists the control panel's scopes with their levels; with --for or --scopes, only the "
	 "levels required, with their OAuth ids: what to tick when creating the API account.",
	 OPTS(OPT_FOR_CAPS_SCOPES),
	 0},
	{"targets",
	 cmd_targets,
	 0,
	 2,
	 {ARG_SHOW, ARG_TARGET},
	 SYN("", "show TARGET"),
	 "every target, and where it is defined",
	 "Lists every target and the file that defines it: built in, or the user's own "
	 "$XDG_CONFIG_HOME/bcsetup/targets.d/NAME.json, which defines a target NAME. 'targets "
	 "show TARGET' prints a target as such a file (docs/targets.md describes the format).",
	 OPTS(END),
	 0},
	{"help",
	 cmd_help,
	 0,
	 1,
	 {ARG_COMMAND},
	 SYN("[COMMAND]"),
	 "this help, or a command's",
	 "Prints the usage of every command, or the help of one.",
	 OPTS(END),
	 0},
	{"completion",
	 cmd_completion,
	 1,
	 1,
	 {ARG_SHELL},
	 SYN("bash|zsh|fish"),
	 "the completion script for a shell",
	 "Prints the completion script for bash, zsh or fish. The script asks bcsetup itself "
	 "what to offer, so commands, options, targets and profiles are never stale. Profiles "
	 "are offered only when the vault opens without asking (a passphrase file is given).\n"
	 "  bash: source <(bcsetup completion bash)\n"
	 "  zsh:  bcsetup completion zsh > \"${fpath[1]}/_bcsetup\"\n"
	 "  fish: bcsetup completion fish > ~/.config/fish/completions/bcsetup.fish\n"
	 "The Debian package installs all three where each shell looks.",
	 OPTS(END),
	 0},
	/* The wizard: no command. */
	{NULL,
	 NULL,
	 0,
	 0,
	 {ARG_NONE},
	 SYN("[options]\tthe setup wizard", "--demo\tthe wizard on a practice store"),
	 "the setup wizard",
	 "Without a command, bcsetup opens the wizard.",
	 OPTS({OPT_DEMO, NULL, ARG_NONE, NULL}),
	 0},
};

const struct opt_spec *option_by_id(enum opt_id id)
{
	const struct opt_spec *o;

	for (o = bc_options; o->name; o++)
		if (o->id == id)
			return o;
	return NULL;
}

const struct opt_spec *option_by_name(const char *name, size_t len)
{
	const struct opt_spec *o;

	for (o = bc_options; o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

const struct cmd_spec *command_find(const char *name)
{
	const struct cmd_spec *c;

	for (c = bc_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const struct cmd_spec *command_wizard(void)
{
	const struct cmd_spec *c = bc_commands;

	while (c->name)
		c++;
	return c;
}

int option_is_common(enum opt_id id)
{
	return id >= OPT_VAULT && id <= OPT_VERSION;
}

const struct cmd_opt *command_option(const struct cmd_spec *cmd, enum opt_id id)
{
	static const struct cmd_opt common = END;
	const struct cmd_opt *o;

	if (option_is_common(id))
		return &common;
	for (o = cmd->opts; o->id != OPT_NONE; o++)
		if (o->id == id)
			return o;
	return NULL;
}
