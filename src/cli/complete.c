/*
 * complete.c - completion for bash, zsh and fish, answered by the program.
 *
 * Each shell's script is a few lines that run 'bcsetup __complete WORDS...'
 * with the words typed so far, the last being the one under the cursor. The
 * answer's first line says what kind of word that is:
 *   words   the lines after it are the candidates, already matched against
 *           the word's start; they are data (a profile's name, a pass entry,
 *           anybody's file name) and each shell quotes them, never expands
 *   files   a path: the shell's own file completion
 *   dirs    a directory
 *   none    nothing to offer (free text)
 * So the commands, options, targets and profiles offered are the running
 * program's, and a script installed once is never stale.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "bcsetup/assets.h"
#include "bcsetup/vault.h"
#include "commands.h"

static const char bash_script[] =
	"# bash completion for bcsetup (printed by 'bcsetup completion bash').\n"
	"# bcsetup itself answers: 'bcsetup __complete WORDS...' prints the kind of\n"
	"# the last word (words, files, dirs or none), then the candidates, which\n"
	"# are data: quoted here, never given to compgen -W, which would expand them.\n"
	"_bcsetup()\n"
	"{\n"
	"\tlocal cur prev words cword kind w pre\n"
	"\t_init_completion -n =: || return\n"
	"\tCOMPREPLY=()\n"
	"\t{\n"
	"\t\tIFS= read -r kind || return 0\n"
	"\t\tcase $kind in\n"
	"\t\tfiles) _filedir ;;\n"
	"\t\tdirs) _filedir -d ;;\n"
	"\t\twords)\n"
	"\t\t\t# Readline replaces only what follows the last ':' or '=' of the\n"
	"\t\t\t# word; a comma needs no quoting.\n"
	"\t\t\tpre=${cur%\"${cur##*[=:]}\"}\n"
	"\t\t\twhile IFS= read -r w; do\n"
	"\t\t\t\t[ -n \"$w\" ] || continue\n"
	"\t\t\t\tw=$(printf '%q' \"${w#\"$pre\"}\")\n"
	"\t\t\t\tCOMPREPLY+=(\"${w//\\\\,/,}\")\n"
	"\t\t\tdone\n"
	"\t\t\t;;\n"
	"\t\tesac\n"
	"\t} < <(BCSETUP_PIPE_WAIT_MS=2000 command \"${words[0]}\" __complete \\\n"
	"\t\t\"${words[@]:1:cword}\" 2>/dev/null </dev/null)\n"
	"}\n"
	"complete -F _bcsetup bcsetup\n";

static const char zsh_script[] =
	"#compdef bcsetup\n"
	"# zsh completion for bcsetup (printed by 'bcsetup completion zsh').\n"
	"# bcsetup itself answers: 'bcsetup __complete WORDS...' prints the kind of\n"
	"# the last word (words, files, dirs or none), then the candidates, which\n"
	"# compadd quotes.\n"
	"_bcsetup()\n"
	"{\n"
	"\tlocal -a out\n"
	"\tout=(\"${(@f)$(BCSETUP_PIPE_WAIT_MS=2000 ${words[1]} __complete \\\n"
	"\t\t\"${(@)words[2,CURRENT]}\" 2>/dev/null </dev/null)}\")\n"
	"\tcase ${out[1]} in\n"
	"\tfiles) _files ;;\n"
	"\tdirs) _files -/ ;;\n"
	"\twords) (( ${#out} > 1 )) && compadd -- \"${(@)out[2,-1]}\" ;;\n"
	"\tesac\n"
	"}\n"
	"if [ \"${funcstack[1]}\" = _bcsetup ]; then\n"
	"\t_bcsetup \"$@\"\n"
	"else\n"
	"\tcompdef _bcsetup bcsetup\n"
	"fi\n";

static const char fish_script[] =
	"# fish completion for bcsetup (printed by 'bcsetup completion fish').\n"
	"# bcsetup itself answers: 'bcsetup __complete WORDS...' prints the kind of\n"
	"# the last word (words, files, dirs or none), then the candidates.\n"
	"function __bcsetup_complete\n"
	"    set -l words (commandline -opc) (commandline -ct)\n"
	"    set -l out (env BCSETUP_PIPE_WAIT_MS=2000 $words[1] __complete $words[2..-1] "
	"2>/dev/null </dev/null)\n"
	"    switch \"$out[1]\"\n"
	"        case files\n"
	"            __fish_complete_path (commandline -ct)\n"
	"        case dirs\n"
	"            __fish_complete_directories (commandline -ct) ''\n"
	"        case words\n"
	"            printf '%s\\n' $out[2..-1]\n"
	"    end\n"
	"end\n"
	"complete -c bcsetup -f -a '(__bcsetup_complete)'\n";

int cmd_completion(struct cli *c)
{
	const char *sh = c->argv[0];

	if (strcmp(sh, "bash") == 0)
		fputs(bash_script, stdout);
	else if (strcmp(sh, "zsh") == 0)
		fputs(zsh_script, stdout);
	else if (strcmp(sh, "fish") == 0)
		fputs(fish_script, stdout);
	else
		return cli_error(BC_ERR_INPUT, "no completion for '%s': bash, zsh or fish",
				 cli_safe(sh));
	return 0;
}

/* The candidates so far: offered when they start with the word typed. */
struct offer {
	const char *cur;
	size_t keep; /* bytes of cur before the part being completed ("a,b," of --caps) */
	char **v;
	size_t n, cap;
};

static void offer(struct offer *o, const char *w)
{
	const unsigned char *p;
	size_t n;
	char *s;

	if (strncmp(o->cur + o->keep, w, strlen(o->cur + o->keep)) != 0)
		return;
	/* One candidate a line: a name with a control character is left out. */
	for (p = (const unsigned char *)w; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return;
	if (o->n == o->cap) {
		char **nv = realloc(o->v, (o->cap = o->cap ? 2 * o->cap : 32) * sizeof *nv);
		if (!nv)
			return;
		o->v = nv;
	}
	n = o->keep + strlen(w) + 1;
	if (!(s = malloc(n)))
		return;
	snprintf(s, n, "%.*s%s", (int)o->keep, o->cur, w);
	o->v[o->n++] = s;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the candidates sorted, each once, and frees them. */
static void offer_print(struct offer *o)
{
	size_t i;

	printf("words\n");
	if (o->n)
		qsort(o->v, o->n, sizeof *o->v, by_name);
	for (i = 0; i < o->n; i++)
		if (i == 0 || strcmp(o->v[i], o->v[i - 1]) != 0)
			printf("%s\n", o->v[i]);
	for (i = 0; i < o->n; i++)
		free(o->v[i]);
	free(o->v);
}

/* Profiles only from a vault that opens without asking (a passphrase file,
 * or unlocked for the session): completion never prompts, and a terminal's
 * TAB must not wait on a passphrase. */
static void offer_profiles(struct cli *c, struct offer *o)
{
	struct vault *v;
	const cJSON *p;

	char path[4096];
	unsigned char key[VAULT_KEY_BYTES];
	int unlocked;

	unlocked = cli_vault_path(c, path, sizeof path) == 0 && cli_keyring_get(path, key) == 0;
	sodium_memzero(key, sizeof key);
	if (!c->passphrase_file && !unlocked)
		return;
	if (cli_open_vault(c, 0, &v) != 0)
		return;
	cJSON_ArrayForEach (p, vault_profiles(v))
		offer(o, p->string);
	vault_close(v);
}

static void offer_targets(struct cli *c, struct offer *o, int caps)
{
	struct bc_err err;
	int i, k;

	if (session_load(&c->s, &err) != BC_OK)
		return;
	for (i = 0; i < c->s.targets.n; i++) {
		const struct target *t = &c->s.targets.targets[i];
		if (!caps)
			offer(o, t->key);
		for (k = 0; caps && k < t->ncaps; k++)
			offer(o, t->caps[k].key);
	}
}

/* The pass store's entries as pass:NAME; nftw's callback has no context. */
static struct offer *pass_offer;
static size_t pass_root;

static int pass_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base;
	char name[4096];
	size_t n;

	(void)st;
	if (type == FTW_D && strcmp(base, ".git") == 0)
		return FTW_SKIP_SUBTREE;
	n = strlen(path);
	if (type != FTW_F || n < pass_root + 5 || strcmp(path + n - 4, ".gpg") != 0)
		return FTW_CONTINUE;
	snprintf(name, sizeof name, "pass:%.*s", (int)(n - 4 - pass_root), path + pass_root);
	offer(pass_offer, name);
	return FTW_CONTINUE;
}

static void offer_pass_entries(struct offer *o)
{
	const char *store = getenv("PASSWORD_STORE_DIR"), *home = getenv("HOME");
	char dir[4096];

	if (store && *store)
		snprintf(dir, sizeof dir, "%s", store);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.password-store", home);
	else
		return;
	pass_offer = o;
	pass_root = strlen(dir) + 1;
	nftw(dir, pass_entry, 16, FTW_PHYS | FTW_ACTIONRETVAL);
	pass_offer = NULL;
}

/* keep: the bytes of cur that stay as they are ("--for=" of "--for=on"). */
static void answer(struct cli *c, enum arg_kind kind, const char *cur, size_t keep)
{
	struct offer o = {.cur = cur, .keep = keep};
	const struct cmd_spec *cmd;
	const char *comma;

	switch (kind) {
	case ARG_FILE:
	case ARG_DIR:
		/* The shells complete a path as a word of its own, not after "--opt=". */
		printf(keep ? "none\n" : kind == ARG_FILE ? "files\n" : "dirs\n");
		return;
	case ARG_NONE: printf("none\n"); return;
	case ARG_PROFILE: offer_profiles(c, &o); break;
	case ARG_TARGET: offer_targets(c, &o, 0); break;
	case ARG_FORMAT:
		offer_targets(c, &o, 0);
		offer(&o, "env");
		offer(&o, "json");
		break;
	case ARG_CAPS:
		/* A list: complete its last item. */
		if ((comma = strrchr(cur + keep, ',')))
			o.keep = (size_t)(comma + 1 - cur);
		offer_targets(c, &o, 1);
		break;
	case ARG_PASS_TO:
		offer(&o, "pass");
		offer(&o, "pass:");
		break;
	case ARG_PASS_ENTRY: offer_pass_entries(&o); break;
	case ARG_SHOW: offer(&o, "show"); break;
	case ARG_SHELL:
		offer(&o, "bash");
		offer(&o, "zsh");
		offer(&o, "fish");
		break;
	case ARG_COMMAND:
		for (cmd = bc_commands; cmd->name; cmd++)
			if (!cmd->hidden)
				offer(&o, cmd->name);
		break;
	}
	offer_print(&o);
}

/* The options cmd takes (the wizard's when cmd is NULL), as "--name". */
static void answer_options(const struct cmd_spec *cmd, const char *cur)
{
	struct offer o = {.cur = cur};
	const struct opt_spec *s;
	char w[64];

	for (s = bc_options; s->name; s++)
		if (command_option(cmd ? cmd : command_wizard(), s->id)) {
			snprintf(w, sizeof w, "--%s", s->name);
			offer(&o, w);
		}
	offer_print(&o);
}

int cli_complete(struct cli *c, int argc, char **argv)
{
	const struct cmd_spec *cmd = NULL;
	const struct opt_spec *value_of = NULL;
	const char *cur = argc > 0 ? argv[argc - 1] : "", *eq;
	size_t keep = 0;
	int i, npos = 0;

	/* What the words say about the vault, the assets, the target file. */
	for (i = 0; i < argc - 1; i++) {
		const char *w = argv[i];
		const struct opt_spec *op;
		const char *val;
		if (strncmp(w, "--", 2) == 0 && w[2]) {
			eq = strchr(w, '=');
			op = option_by_name(w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
			if (!op || !op->metavar)
				continue;
			if (eq)
				val = eq + 1;
			else if (i + 1 == argc - 1) {
				value_of = op;
				break;
			} else
				val = argv[++i];
			if (op->id == OPT_VAULT)
				c->vault_path = val;
			else if (op->id == OPT_PASSFILE)
				c->passphrase_file = val;
			else if (op->id == OPT_ASSETS)
				asset_set_override(val);
			continue;
		}
		if (!cmd) {
			if (!(cmd = command_find(w))) {
				printf("none\n");
				return 0;
			}
			continue;
		}
		npos++;
	}
	if (!value_of && strncmp(cur, "--", 2) == 0 && (eq = strchr(cur, '='))) {
		/* --opt=VALUE as one word */
		value_of = option_by_name(cur + 2, (size_t)(eq - cur - 2));
		keep = (size_t)(eq + 1 - cur);
		if (!value_of || !value_of->metavar) {
			printf("none\n");
			return 0;
		}
	}
	if (value_of) {
		const struct cmd_opt *co =
			command_option(cmd ? cmd : command_wizard(), value_of->id);
		answer(c, co && co->kind != ARG_NONE ? co->kind : value_of->kind, cur, keep);
	} else if (cur[0] == '-')
		answer_options(cmd, cur);
	else if (!cmd)
		answer(c, ARG_COMMAND, cur, 0);
	else if (cmd->max_args >= 0 && npos >= cmd->max_args)
		printf("none\n");
	else
		answer(c, cmd->args[npos < 1 ? 0 : 1], cur, 0);
	return 0;
}
