/*
 * help.c - the usage text and each command's help, printed from the command
 * table, wrapped to 79 columns.
 */
#include <string.h>

#include "commands.h"

enum { WIDTH = 79, SUMMARY_COL = 41, OPT_COL = 26 };

/* Prints the words of text from column col (the cursor is there already),
 * going on at column indent. A word is what lies between blanks outside
 * brackets, so "[--for TARGET]" is never split. Returns the column reached. */
static int wrap(FILE *f, int col, int indent, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *w = p;
		int depth = 0, len;
		while (*p && (depth > 0 || *p != ' ')) {
			depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
			p++;
		}
		len = (int)(p - w);
		if (col > indent && col + 1 + len > WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		} else if (col < indent) {
			fprintf(f, "%*s", indent - col, "");
			col = indent;
		}
		fwrite(w, 1, (size_t)len, f);
		col += len;
		while (*p == ' ')
			p++;
	}
	return col;
}

/* about's paragraphs, a blank line between them, wrapped; a line that starts
 * with blanks (an example) is printed as it is. */
static void paragraphs(FILE *f, const char *about)
{
	char line[1024];
	const char *p = about;
	int example = 0;

	while (*p) {
		size_t n = strcspn(p, "\n");
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		if (p != about && !(example && line[0] == ' '))
			fputc('\n', f);
		example = line[0] == ' ';
		if (example)
			fprintf(f, "%s\n", line);
		else if (wrap(f, 0, 0, line) > 0)
			fputc('\n', f);
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* "bcsetup NAME FORM", its continuation lines under FORM's first word. A
 * form may end in a tab and a summary of its own (see struct cmd_spec). */
static int synopsis_form(FILE *f, const char *lead, const char *name, const char *form)
{
	char text[512];
	int col, indent;

	snprintf(text, sizeof text, "%.*s", (int)strcspn(form, "\t"), form);
	col = fprintf(f, "%sbcsetup%s%s", lead, name ? " " : "", name ? name : "");
	indent = col + 1;
	if (!*text)
		return col;
	fputc(' ', f);
	return wrap(f, col + 1, indent, text);
}

/* The summary at its column, or on a line of its own when the form is long. */
static void summary(FILE *f, int col, const char *text)
{
	if (col + 2 > SUMMARY_COL) {
		fputc('\n', f);
		col = 0;
	}
	wrap(f, col, SUMMARY_COL, text);
}

static void option_line(FILE *f, const char *name, const char *metavar, const char *help)
{
	int col = fprintf(f, "  --%s%s%s", name, metavar ? " " : "", metavar ? metavar : "");

	if (col + 2 > OPT_COL) {
		fputc('\n', f);
		col = 0;
	}
	wrap(f, col, OPT_COL, help);
	fputc('\n', f);
}

static void common_options(FILE *f)
{
	const struct opt_spec *o;

	fputs("options for every command:\n", f);
	for (o = bc_options; o->name; o++)
		if (option_is_common(o->id))
			option_line(f, o->name, o->metavar, o->help);
}

static const char exit_text[] =
	"exit status: 0 success; 1 a check found a problem; 2 usage or bad input; "
	"3 the vault cannot be opened (wrong passphrase, damaged, locked).";

void help_usage(struct cli *c, FILE *f)
{
	const struct cmd_spec *cmd = command_wizard(), *first = cmd;
	struct bc_err err;
	int i, k, col;

	/* The wizard first, then the commands. */
	for (;;) {
		const char *const *form;
		for (form = cmd->synopsis; *form; form++) {
			const char *own = strchr(*form, '\t');
			col = synopsis_form(
				f, cmd == first && form == cmd->synopsis ? "usage: " : "       ",
				cmd->name, *form);
			if (own)
				summary(f, col, own + 1);
			else if (!form[1])
				summary(f, col, cmd->summary);
			fputc('\n', f);
		}
		cmd = cmd == first ? bc_commands : cmd + 1;
		while (cmd->name && cmd->hidden)
			cmd++;
		if (!cmd->name)
			break;
	}
	fputs("\nA command's options and what they mean: bcsetup help COMMAND.\n\n", f);
	common_options(f);
	fputc('\n', f);
	wrap(f, 0, 0, exit_text);
	fputc('\n', f);
	if (session_load(&c->s, &err) != BC_OK) {
		fprintf(f, "\ntargets: cannot be listed (%s)\n", err.msg);
		return;
	}
	fprintf(f, "\ntargets (bcsetup targets):\n");
	for (i = 0; i < c->s.targets.n; i++) {
		const struct target *t = &c->s.targets.targets[i];
		char line[512];
		size_t n = (size_t)snprintf(line, sizeof line, "%s", t->name);
		for (k = 0; k < t->ncaps && n < sizeof line; k++)
			n += (size_t)snprintf(line + n, sizeof line - n, "%s%s%s",
					      k ? ", " : " (capabilities, all by default: ",
					      t->caps[k].key, k + 1 == t->ncaps ? ")" : "");
		fprintf(f, "  %-12s", t->key);
		wrap(f, 14, 15, line);
		fputc('\n', f);
	}
}

void help_command(const struct cmd_spec *cmd, FILE *f)
{
	const char *const *form;
	const struct cmd_opt *o;

	for (form = cmd->synopsis; *form; form++) {
		synopsis_form(f, form == cmd->synopsis ? "usage: " : "       ", cmd->name, *form);
		fputc('\n', f);
	}
	fputc('\n', f);
	paragraphs(f, cmd->about);
	if (cmd->opts[0].id != OPT_NONE) {
		fputs("\noptions:\n", f);
		for (o = cmd->opts; o->id != OPT_NONE; o++) {
			const struct opt_spec *spec = option_by_id(o->id);
			option_line(f, spec->name, o->metavar ? o->metavar : spec->metavar,
				    o->help ? o->help : spec->help);
		}
	}
	fputc('\n', f);
	common_options(f);
	fputc('\n', f);
	wrap(f, 0, 0, exit_text);
	fputc('\n', f);
}

int cmd_help(struct cli *c)
{
	const struct cmd_spec *cmd;

	if (c->argc == 0) {
		help_usage(c, stdout);
		return 0;
	}
	cmd = command_find(c->argv[0]);
	if (!cmd || cmd->hidden) {
		cli_error(BC_ERR_INPUT, "no command '%s' (bcsetup help lists them)",
			  cli_safe(c->argv[0]));
		return 2;
	}
	help_command(cmd, stdout);
	return 0;
}
