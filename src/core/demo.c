#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bcsetup/api.h"
#include "bcsetup/demo.h"

/* The practice store's control panel answers on loopback only. */
static const struct api_opts panel = {.timeout_ms = 5000};

enum bc_status demo_create_account(const char *sandbox, const char *key, const char *hash,
				   const char *name, const char *const *scope_ids, int n, int hooks,
				   char *path, size_t size, struct bc_err *err)
{
	cJSON *req = cJSON_CreateObject(), *arr, *resp = NULL;
	struct api_body b;
	char url[512], *body;
	long status;
	const char *file;
	enum bc_status st;
	int i;

	if (!api_is_loopback(sandbox)) {
		cJSON_Delete(req);
		return bc_fail(err, BC_ERR_INPUT, "the practice store must be on loopback");
	}
	cJSON_AddStringToObject(req, "name", name);
	cJSON_AddNumberToObject(req, "hooks", hooks);
	arr = cJSON_AddArrayToObject(req, "scopes");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(scope_ids[i]));
	body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	if (!body)
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	snprintf(url, sizeof url, "%s/_sandbox/stores/%s/api-accounts", sandbox, hash);
	st = api_fetch(&panel, url, NULL, key, body, &status, &b, err);
	cJSON_free(body);
	if (st != BC_OK) {
		bc_err_prefix(err, "the practice store did not answer: ");
		return st;
	}
	if (status != 201)
		st = bc_fail(err, BC_ERR_NETWORK, "the practice store refused (%ld)", status);
	else if (!(resp = cJSON_Parse(b.p ? b.p : "")) ||
		 !(file = cJSON_GetStringValue(cJSON_GetObjectItem(resp, "credentials_file"))) ||
		 !*file)
		st = bc_fail(err, BC_ERR_NETWORK, "the practice store wrote no credentials file");
	else
		snprintf(path, size, "%s", file);
	cJSON_Delete(resp);
	api_body_free(&b); /* it holds the new token */
	return st;
}

enum bc_status demo_create_app(const char *sandbox, const char *key, const char *hash, char *id,
			       size_t idsize, char *secret, size_t secretsize, struct bc_err *err)
{
	struct api_body b;
	char url[512];
	cJSON *resp = NULL;
	const char *i, *s;
	long status;
	enum bc_status st;

	if (!api_is_loopback(sandbox))
		return bc_fail(err, BC_ERR_INPUT, "the practice store must be on loopback");
	snprintf(url, sizeof url, "%s/_sandbox/stores/%s/apps", sandbox, hash);
	if ((st = api_fetch(&panel, url, NULL, key, "{}", &status, &b, err)) != BC_OK) {
		bc_err_prefix(err, "the practice store did not answer: ");
		return st;
	}
	if (status != 201 || !(resp = cJSON_Parse(b.p ? b.p : "")) ||
	    !(i = cJSON_GetStringValue(cJSON_GetObjectItem(resp, "client_id"))) ||
	    !(s = cJSON_GetStringValue(cJSON_GetObjectItem(resp, "client_secret"))))
		st = bc_fail(err, BC_ERR_NETWORK, "the practice store made no app (%ld)", status);
	else {
		snprintf(id, idsize, "%s", i);
		snprintf(secret, secretsize, "%s", s);
	}
	cJSON_Delete(resp);
	api_body_free(&b);
	return st;
}

enum bc_status demo_delete_account(const char *sandbox, const char *key, const char *hash,
				   const char *client_id, struct bc_err *err)
{
	struct api_body b;
	char url[512];
	long status;
	enum bc_status st;

	if (!api_is_loopback(sandbox))
		return bc_fail(err, BC_ERR_INPUT, "the practice store must be on loopback");
	snprintf(url, sizeof url, "%s/_sandbox/stores/%s/api-accounts/%s", sandbox, hash,
		 client_id);
	if ((st = api_fetch(&panel, url, "DELETE", key, NULL, &status, &b, err)) != BC_OK) {
		bc_err_prefix(err, "the practice store did not answer: ");
		return st;
	}
	api_body_free(&b);
	if (status == 404)
		return bc_fail(err, BC_ERR_NOTFOUND,
			       "the practice store has no such account (deleted already?)");
	if (status != 204)
		return bc_fail(err, BC_ERR_NETWORK, "the practice store refused (%ld)", status);
	return BC_OK;
}
