/*
 * commands.h - the command table: every command, the options it takes, one
 * line of help for each, and what kind of word each argument is. The usage
 * text, each command's help, the option check in main() and completion for
 * every shell are all read from it, so none can drift from another.
 */
#ifndef BCSETUP_COMMANDS_H
#define BCSETUP_COMMANDS_H

#include <stdio.h>

#include "cli.h"

enum opt_id {
	OPT_NONE = 0,
	/* options for every command */
	OPT_VAULT = 256,
	OPT_PASSFILE,
	OPT_API_BASE,
	OPT_CACERT,
	OPT_ASSETS,
	OPT_JSON,
	OPT_HELP,
	OPT_VERSION,
	/* options some commands take */
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
	OPT_GRID,
	OPT_CSV,
	OPT_END /* one past the last */
};

/* What a word is, for completion: which candidates a shell may offer. */
enum arg_kind {
	ARG_NONE,       /* a flag, or free text: nothing to offer */
	ARG_FILE,       /* a path: the shell's own file completion */
	ARG_DIR,        /* a directory */
	ARG_PROFILE,    /* a profile in the vault */
	ARG_TARGET,     /* a target's key */
	ARG_FORMAT,     /* export --for: a target, env or json */
	ARG_CAPS,       /* a capability of some target */
	ARG_PASS_TO,    /* export --to: pass or pass:PREFIX */
	ARG_PASS_ENTRY, /* import --from: pass:ENTRY */
	ARG_SHOW,       /* the word "show" (targets show) */
	ARG_SHELL,      /* bash, zsh or fish */
	ARG_COMMAND,    /* a command's name */
};

struct opt_spec {
	const char *name; /* without the leading -- */
	enum opt_id id;
	enum arg_kind kind;
	const char *metavar; /* NULL: takes no value */
	const char *help;
};

/* An option as one command takes it: what it means there, when that differs
 * from the option's own line (NULL: the option's own). */
struct cmd_opt {
	enum opt_id id;
	const char *metavar;
	enum arg_kind kind;
	const char *help;
};

struct cmd_spec {
	const char *name; /* NULL: the wizard (no command) */
	int (*run)(struct cli *);
	int min_args, max_args; /* max -1: any number */
	enum arg_kind args[2];  /* the first two arguments; the last repeats */
	/* The forms after "bcsetup NAME", NULL-ended; a form may end in a tab and
	 * a summary of its own, the usage text's. */
	const char *const *synopsis;
	const char *summary;        /* one line: the usage text's, after the last form */
	const char *about;          /* the command's help: paragraphs, '\n'-separated */
	const struct cmd_opt *opts; /* OPT_NONE-ended */
	int hidden;                 /* not listed (the shells' helper) */
};

/* Every option, OPT_NONE-ended; the common ones (OPT_VAULT..OPT_VERSION) first. */
extern const struct opt_spec bc_options[];
/* Every command, then the wizard (name NULL), which ends the table. */
extern const struct cmd_spec bc_commands[];

const struct opt_spec *option_by_id(enum opt_id id);
const struct opt_spec *option_by_name(const char *name, size_t len);
/* NULL when there is no such command. */
const struct cmd_spec *command_find(const char *name);
const struct cmd_spec *command_wizard(void);
/* How cmd takes option id (NULL: it does not). The common options are
 * taken by every command. */
const struct cmd_opt *command_option(const struct cmd_spec *cmd, enum opt_id id);
int option_is_common(enum opt_id id);

/* The usage text: every command's synopsis and summary, the common options,
 * the exit status, then the targets as the data defines them. */
void help_usage(struct cli *c, FILE *f);
/* One command's help: its synopsis, what it does, its options. */
void help_command(const struct cmd_spec *cmd, FILE *f);

int cmd_help(struct cli *c);
int cmd_completion(struct cli *c);
/* bcsetup __complete WORD...: what a shell may offer for the last WORD (see
 * complete.c); argv holds the words after "__complete". */
int cli_complete(struct cli *c, int argc, char **argv);

#endif
