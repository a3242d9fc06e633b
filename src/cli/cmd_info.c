/* The commands that need no vault and no network: hash and scopes. */
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/apipath.h"
#include "cli.h"

static const char *const kind_names[] = {
	[APIPATH_BARE] = "bare hash",
	[APIPATH_API] = "API path",
	[APIPATH_CONTROL_PANEL] = "control-panel URL",
	[APIPATH_LEGACY] = "legacy API path",
	[APIPATH_OTHER_HOST] = "API path on another host",
};

int cmd_hash(struct cli *c)
{
	struct apipath ap;
	struct bc_err err;
	char v3[512], root[512];

	if (apipath_parse(c->argv[0], &ap, &err) != BC_OK)
		return cli_error(err.code, "%s", err.msg);
	apipath_v3(NULL, ap.hash, v3, sizeof v3);
	apipath_store_root(NULL, ap.hash, root, sizeof root);
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "store_hash", ap.hash);
		cJSON_AddStringToObject(o, "from", kind_names[ap.kind]);
		cJSON_AddStringToObject(o, "api_path", v3);
		cJSON_AddStringToObject(o, "store_root", root);
		if (ap.warning[0])
			cJSON_AddStringToObject(o, "warning", ap.warning);
		else
			cJSON_AddNullToObject(o, "warning");
		cli_print_json(o);
	} else {
		puts(ap.hash);
		if (ap.warning[0])
			fprintf(stderr, "bcsetup: note: %s\n", ap.warning);
	}
	return 0;
}

/* A probe as the catalogue declares it (null when the scope has none). */
static void add_probe(cJSON *o, const char *key, const struct scope_probe *p)
{
	cJSON *e, *held;
	int k;

	if (!p) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	e = cJSON_AddObjectToObject(o, key);
	cJSON_AddStringToObject(e, "method", p->method);
	cJSON_AddStringToObject(e, "path", p->path);
	if (p->body)
		cJSON_AddStringToObject(e, "body", p->body);
	held = cJSON_AddArrayToObject(e, "held");
	for (k = 0; k < PROBE_MAX_HELD && p->held[k]; k++)
		cJSON_AddItemToArray(held, cJSON_CreateNumber(p->held[k]));
	cJSON_AddStringToObject(e, "why", p->why);
	if (p->safety != SAFE_NONE) {
		cJSON_AddStringToObject(e, "safe_because", probe_safety_word(p->safety));
		cJSON_AddStringToObject(e, "argument", p->safe_because);
	}
	if (p->source)
		cJSON_AddStringToObject(e, "source", p->source);
}

static cJSON *scope_json(const struct scope *s, int required)
{
	cJSON *o = cJSON_CreateObject(), *lv, *ids;
	int i;

	cJSON_AddStringToObject(o, "key", s->key);
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "what", s->what);
	lv = cJSON_AddArrayToObject(o, "levels");
	ids = cJSON_AddObjectToObject(o, "ids");
	for (i = 0; i < s->nlevels; i++) {
		cJSON_AddItemToArray(lv, cJSON_CreateString(s->levels[i]));
		if (s->ids[i])
			cJSON_AddStringToObject(ids, s->levels[i], s->ids[i]);
	}
	cJSON_AddStringToObject(o, "required", s->levels[required]);
	if (required > 0)
		cJSON_AddStringToObject(o, "required_id", s->ids[required]);
	cJSON_AddBoolToObject(o, "verifiable", !s->unverifiable);
	if (s->unverifiable)
		cJSON_AddStringToObject(o, "unverifiable", s->unverifiable);
	add_probe(o, "read_probe", s->read.method ? &s->read : NULL);
	add_probe(o, "write_probe", s->write.method ? &s->write : NULL);
	return o;
}

int cmd_scopes(struct cli *c)
{
	const struct target *t;
	int levels[SCOPES_MAX], i, shown = 0, rc, asked;
	long mask = 0;

	if ((rc = cli_load(c)) != 0)
		return rc;
	if ((rc = cli_required(c, c->target, c->caps, &t, levels)) != 0)
		return rc;
	/* A requirement (a target, or scopes named) rather than the catalogue. */
	asked = t || c->scopes;
	/* The capabilities asked for (all when --caps is not given). */
	if (t && t->ncaps)
		mask = c->caps ? target_caps_parse(t, c->caps, NULL) : (1L << t->ncaps) - 1;
	if (c->json) {
		cJSON *o = cJSON_CreateObject(), *arr;
		if (t)
			cJSON_AddStringToObject(o, "target", t->key);
		else
			cJSON_AddNullToObject(o, "target");
		if (t && t->ncaps) {
			arr = cJSON_AddArrayToObject(o, "capabilities");
			for (i = 0; i < t->ncaps; i++)
				if (mask & (1L << i))
					cJSON_AddItemToArray(arr,
							     cJSON_CreateString(t->caps[i].key));
		}
		arr = cJSON_AddArrayToObject(o, "scopes");
		for (i = 0; i < c->s.cat.n; i++)
			if (!asked || levels[i] > 0)
				cJSON_AddItemToArray(arr,
						     scope_json(&c->s.cat.scopes[i], levels[i]));
		cli_print_json(o);
		return 0;
	}
	if (t) {
		printf("%s%s%s: %s\n", cli_style(c, "bold"), t->name, cli_style(c, "reset"),
		       t->summary);
		if (t->derived)
			printf("Note: %s\n", t->derived);
	}
	if (asked)
		printf("%sIn the control panel (Settings > Store-level API accounts > Create API "
		       "Account,\ntoken type V2/V3 API token), set:\n\n",
		       t ? "\n" : "");
	for (i = 0; i < c->s.cat.n; i++) {
		const struct scope *s = &c->s.cat.scopes[i];
		if (asked && levels[i] == 0)
			continue;
		shown++;
		if (asked) {
			printf("  %-46s %-10s %s%s%s\n", s->name, s->levels[levels[i]],
			       cli_style(c, "dim"), s->ids[levels[i]], cli_style(c, "reset"));
		} else {
			int l;
			printf("%2d %-46s", i + 1, s->name);
			for (l = 0; l < s->nlevels; l++)
				printf("%s%s", l ? "/" : "", s->levels[l]);
			printf("\n   %s%s%s\n", cli_style(c, "dim"), s->what,
			       cli_style(c, "reset"));
		}
	}
	if (t && !shown)
		printf("  (no scope is preset: %s)\n",
		       t->pick ? t->pick : "pick the scopes yourself");
	if (asked) {
		printf("\nEvery other scope: none. Scopes cannot be changed after saving.\n");
	}
	if (t) {
		if (t->ncaps)
			printf("\nCapabilities (--caps%s):\n",
			       c->caps ? "" : " not given: all of them");
		for (i = 0; i < t->ncaps; i++)
			printf("  [%c] %-22s %s\n", mask & (1L << i) ? 'x' : ' ', t->caps[i].key,
			       t->caps[i].name);
	}
	return 0;
}

/* bcsetup targets [show NAME]: every target and where it is defined; or one,
 * as a file that defines a copy of it under another name. */
int cmd_targets(struct cli *c)
{
	const struct target_list *tl;
	const struct target *t;
	int rc, i;

	if ((rc = cli_load(c)) != 0)
		return rc;
	tl = &c->s.targets;
	if (c->argc >= 1 && strcmp(c->argv[0], "show") != 0)
		return cli_error(BC_ERR_INPUT, "'targets' takes nothing, or 'show TARGET'");
	if (c->argc == 1)
		return cli_error(BC_ERR_INPUT, "'targets show' needs a target's name");
	if (c->argc == 2) {
		cJSON *o;
		char *text;
		if (!(t = targets_find(tl, c->argv[1]))) {
			const struct broken_target *b = targets_broken(tl, c->argv[1]);
			if (b)
				return cli_error(BC_ERR_ASSET, "target '%s' cannot be used: %s: %s",
						 c->argv[1], b->path, b->reason);
			return cli_error(BC_ERR_INPUT, "there is no target '%s' (bcsetup targets)",
					 c->argv[1]);
		}
		/* A file's name is its key: the copy is keyed by where it is saved. */
		o = cJSON_Duplicate(t->json, 1);
		if (!o)
			return cli_error(BC_ERR_NOMEM, "out of memory");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "key");
		text = cJSON_Print(o);
		cJSON_Delete(o);
		if (!text)
			return cli_error(BC_ERR_NOMEM, "out of memory");
		puts(text);
		cJSON_free(text);
		return 0;
	}
	if (c->json) {
		cJSON *o = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(o, "targets"), *e;
		for (i = 0; i < tl->n; i++) {
			t = &tl->targets[i];
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "key", t->key);
			cJSON_AddStringToObject(e, "name", t->name);
			cJSON_AddItemToObject(e, "file",
					      t->origin ? cJSON_CreateString(t->origin)
							: cJSON_CreateNull());
			if (t->ncaps) {
				cJSON *caps = cJSON_AddArrayToObject(e, "capabilities");
				int k;
				for (k = 0; k < t->ncaps; k++)
					cJSON_AddItemToArray(caps,
							     cJSON_CreateString(t->caps[k].key));
			}
			cJSON_AddItemToArray(arr, e);
		}
		arr = cJSON_AddArrayToObject(o, "broken");
		for (i = 0; i < tl->nbroken; i++) {
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "name", tl->broken[i].key);
			cJSON_AddStringToObject(e, "file", tl->broken[i].path);
			cJSON_AddStringToObject(e, "reason", tl->broken[i].reason);
			cJSON_AddItemToArray(arr, e);
		}
		cli_print_json(o);
		return 0;
	}
	printf("%s%-14s %-28s %s%s\n", cli_style(c, "bold"), "TARGET", "NAME", "DEFINED IN",
	       cli_style(c, "reset"));
	for (i = 0; i < tl->n; i++) {
		t = &tl->targets[i];
		printf("%-14s %-28s %s\n", t->key, t->name, t->origin ? t->origin : "built in");
	}
	for (i = 0; i < tl->nbroken; i++)
		printf("%-14s %s%-28s%s %s: %s\n", tl->broken[i].key, cli_style(c, "red"),
		       "(cannot be used)", cli_style(c, "reset"), tl->broken[i].path,
		       tl->broken[i].reason);
	if (c->s.targets_dir)
		printf("\nYour own targets: %s/NAME.json\n"
		       "('bcsetup targets show TARGET' prints one to start from.)\n",
		       c->s.targets_dir);
	return 0;
}
