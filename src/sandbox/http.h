/* http.h - the sandbox's libmicrohttpd callbacks (see sandbox.h). */
#ifndef BCSETUP_SANDBOX_HTTP_H
#define BCSETUP_SANDBOX_HTTP_H

#include <stdio.h>

#include <microhttpd.h>

void http_set_log(FILE *f);
void http_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		 enum MHD_ConnectionNotificationCode toe);
enum MHD_Result http_handle(void *cls, struct MHD_Connection *c, const char *url,
			    const char *method, const char *version, const char *upload,
			    size_t *upload_size, void **con_cls);
void http_done(void *cls, struct MHD_Connection *c, void **con_cls,
	       enum MHD_RequestTerminationCode toe);

#endif
