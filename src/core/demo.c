#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <sodium.h>

#include "bcsetup/api.h"
#include "bcsetup/demo.h"

enum bc_status demo_create_account(const char *sandbox, const char *hash, const char *name,
				   const char *const *scope_ids, int n, int hooks, char *path,
				   size_t size, struct bc_err *err)
{
	cJSON *req = cJSON_CreateObject(), *arr, *resp = NULL;
	struct api_body b = {0};
	char url[512], *body;
	struct api_opts api = {.timeout_ms = 5000};
	CURL *h;
	CURLcode rc;
	long status = 0;
	const char *file;
	enum bc_status st = BC_OK;
	int i;

	api_defaults(&api);
	if (!api_is_loopback(sandbox))
		return bc_fail(err, BC_ERR_INPUT, "the practice store must be on loopback");
	cJSON_AddStringToObject(req, "name", name);
	cJSON_AddNumberToObject(req, "hooks", hooks);
	arr = cJSON_AddArrayToObject(req, "scopes");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(scope_ids[i]));
	body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	snprintf(url, sizeof url, "%s/_sandbox/stores/%s/api-accounts", sandbox, hash);
	h = curl_easy_init();
	if (!h || !body) {
		curl_easy_cleanup(h);
		cJSON_free(body);
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	}
	api_easy_setup(h, url, &api, NULL);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, api_collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	cJSON_free(body);
	if (rc != CURLE_OK)
		st = bc_fail(err, BC_ERR_NET, "the practice store did not answer: %s",
			     curl_easy_strerror(rc));
	else if (status != 201)
		st = bc_fail(err, BC_ERR_NET, "the practice store refused (%ld)", status);
	else if (!(resp = cJSON_Parse(b.p ? b.p : "")) ||
		 !(file = cJSON_GetStringValue(cJSON_GetObjectItem(resp, "credentials_file"))) ||
		 !*file)
		st = bc_fail(err, BC_ERR_NET, "the practice store wrote no credentials file");
	else
		snprintf(path, size, "%s", file);
	cJSON_Delete(resp);
	/* The answer holds the new token. */
	if (b.p)
		sodium_memzero(b.p, b.n);
	free(b.p);
	return st;
}

enum bc_status demo_delete_account(const char *sandbox, const char *hash, const char *client_id,
				   struct bc_err *err)
{
	struct api_opts api = {.timeout_ms = 5000};
	char url[512];
	CURL *h;
	CURLcode rc;
	long status = 0;

	api_defaults(&api);
	if (!api_is_loopback(sandbox))
		return bc_fail(err, BC_ERR_INPUT, "the practice store must be on loopback");
	snprintf(url, sizeof url, "%s/_sandbox/stores/%s/api-accounts/%s", sandbox, hash,
		 client_id);
	if (!(h = curl_easy_init()))
		return bc_fail(err, BC_ERR_NOMEM, "out of memory");
	api_easy_setup(h, url, &api, NULL);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK)
		return bc_fail(err, BC_ERR_NET, "the practice store did not answer: %s",
			       curl_easy_strerror(rc));
	if (status == 404)
		return bc_fail(err, BC_ERR_NOTFOUND,
			       "the practice store has no such account (deleted already?)");
	if (status != 204)
		return bc_fail(err, BC_ERR_NET, "the practice store refused (%ld)", status);
	return BC_OK;
}
