/* bcsetup-sandbox: the practice store. See sandbox.h and --help. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "http.h"
#include "sandbox.h"

static const char usage[] =
	"usage: bcsetup-sandbox [options]\n"
	"A practice BigCommerce store on 127.0.0.1: the store-level API as bcsetup uses it.\n\n"
	"  --port N           port to listen on (0, the default, picks a free one)\n"
	"  --stores FILE      stores and tokens (JSON); default: one demo store, no tokens\n"
	"  --cert FILE --key FILE   serve HTTPS with this certificate and key\n"
	"  --latency-ms N     add N ms before every answer\n"
	"  --log FILE         one JSON line per request (conn, method, path, status,\n"
	"                     would_change, gzip, store)\n"
	"  --downloads DIR    where API accounts made through /_sandbox/ write their\n"
	"                     credentials file, as the browser would\n"
	"  --port-file FILE   write the URL to FILE once listening\n"
	"  --keep FILE        keep the stores and the accounts made or deleted through\n"
	"                     /_sandbox/ in FILE (mode 0600), and start from FILE when it\n"
	"                     exists: the demo's second run finds its accounts again\n\n"
	"A store in FILE: {\"hash\", \"name\", \"domain\", \"plan\", \"status\" (\"live\"; else\n"
	"503), \"quota\", \"window_ms\", \"latency_ms\", \"fail_first\" (that many 429s),\n"
	"\"orders\", \"products\", \"pages\" (collection sizes), \"tokens\": [{\"token\",\n"
	"\"client_id\", \"name\", \"scopes\": [ids]}]}, and to differ from the reference:\n"
	"\"removed\": [endpoint patterns, e.g. \"/v2/pages\", or one operation, \"PUT /v3/pickup/methods\"]\n"
	"  answer 404 like unknown paths; \"stall\": [the same] answer only after\n"
	"  \"stall_ms\" (20000);\n"
	"\"accept_empty_writes\": true fills in defaults for an empty POST and accepts\n"
	"empty lists; \"answer_html\": true answers every API request 200 with HTML.\n\n"
	"It prints its URL on the first line of standard output and runs until\n"
	"SIGINT or SIGTERM. It keeps nothing that a write sends. The control panel\n"
	"(/_sandbox/) answers only to the key written on the port file's second line\n"
	"(the file is made 0600), sent as X-Auth-Token; a store keeps at most 200\n"
	"accounts.\n";

static const char default_stores[] =
	"{\"stores\":[{\"hash\":\"demo42x\",\"name\":\"Practice Store\","
	"\"domain\":\"practice-store.mybigcommerce.com\",\"plan\":\"Standard\",\"tokens\":[]}]}";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"port", required_argument, NULL, 'p'},
		{"stores", required_argument, NULL, 's'},
		{"cert", required_argument, NULL, 'c'},
		{"key", required_argument, NULL, 'k'},
		{"latency-ms", required_argument, NULL, 'l'},
		{"log", required_argument, NULL, 'L'},
		{"downloads", required_argument, NULL, 'd'},
		{"port-file", required_argument, NULL, 'P'},
		{"keep", required_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct sb_state st = {.lock = PTHREAD_MUTEX_INITIALIZER};
	const char *stores = NULL, *cert = NULL, *key = NULL, *port_file = NULL;
	char *json, *certpem = NULL, *keypem = NULL, err[256];
	struct sockaddr_in addr = {0};
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			 MHD_USE_ERROR_LOG | MHD_USE_ITC; /* ITC: needed by MHD_quiesce_daemon */
	int port = 0, o, sig;
	sigset_t stops;
	FILE *f;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'p': port = atoi(optarg); break;
		case 's': stores = optarg; break;
		case 'c': cert = optarg; break;
		case 'k': key = optarg; break;
		case 'l': st.latency_ms = atol(optarg); break;
		case 'L':
			f = fopen(optarg, "a");
			if (!f) {
				fprintf(stderr, "bcsetup-sandbox: cannot open %s: %s\n", optarg,
					strerror(errno));
				return 2;
			}
			http_set_log(f);
			break;
		case 'd': st.downloads = optarg; break;
		case 'P': port_file = optarg; break;
		case 'K': st.keep = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	st.seed = getenv("BCSETUP_SANDBOX_SEED");
	/* Random even when seeded: the seed makes accounts, not the key. */
	if (sodium_init() < 0) {
		fprintf(stderr, "bcsetup-sandbox: cannot initialise libsodium\n");
		return 1;
	}
	{
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(st.control_key, sizeof st.control_key, raw, sizeof raw);
	}
	if (sodium_init() < 0 || (!cert) != (!key)) {
		fputs("bcsetup-sandbox: --cert and --key go together\n", stderr);
		return 2;
	}
	/* What an earlier run kept comes first; then --stores, then the default. */
	if (st.keep && access(st.keep, F_OK) == 0)
		stores = st.keep;
	json = stores ? slurp(stores) : strdup(default_stores);
	if (!json || sb_load(&st, json, err, sizeof err) != 0) {
		fprintf(stderr, "bcsetup-sandbox: %s: %s\n", stores ? stores : "built-in stores",
			json ? err : strerror(errno));
		free(json);
		return 2;
	}
	free(json);
	if (cert) {
		certpem = slurp(cert);
		keypem = slurp(key);
		if (!certpem || !keypem) {
			fprintf(stderr, "bcsetup-sandbox: cannot read %s\n", certpem ? key : cert);
			free(certpem);
			free(keypem);
			return 2;
		}
		flags |= MHD_USE_TLS;
	}
	/* The daemon's threads inherit this mask, so the stop signals reach only
	 * the sigwait below, never a handler on some connection's thread. */
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stops, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Loopback only: the practice store is never reachable from elsewhere. */
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = cert ? MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, http_handle, &st,
				    MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_NOTIFY_CONNECTION,
				    http_notify, NULL, MHD_OPTION_NOTIFY_COMPLETED, http_done, NULL,
				    MHD_OPTION_HTTPS_MEM_CERT, certpem, MHD_OPTION_HTTPS_MEM_KEY,
				    keypem, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END)
		 : MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, http_handle, &st,
				    MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_NOTIFY_CONNECTION,
				    http_notify, NULL, MHD_OPTION_NOTIFY_COMPLETED, http_done, NULL,
				    MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bcsetup-sandbox: cannot listen on 127.0.0.1:%d\n", port);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(st.base_url, sizeof st.base_url, "%s://127.0.0.1:%u", cert ? "https" : "http",
		 info ? info->port : (unsigned)port);
	printf("%s\n", st.base_url);
	fflush(stdout);
	/* The URL, and on its second line the control panel's key: the file is
	 * its starter's alone (0600, made anew, never through a link). */
	if (port_file) {
		int fd;
		unlink(port_file);
		fd = open(port_file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 || !(f = fdopen(fd, "w"))) {
			fprintf(stderr, "bcsetup-sandbox: cannot write %s\n", port_file);
			return 1;
		}
		fchmod(fd, 0600);
		fprintf(f, "%s\n%s\n", st.base_url, st.control_key);
		fclose(f);
	}
	sigwait(&stops, &sig);
	/* Stop accepting, then leave: MHD_stop_daemon waits for every idle
	 * keep-alive connection to time out, and the practice store keeps nothing
	 * that needs an orderly end (the log is flushed line by line). */
	MHD_quiesce_daemon(d);
	free(certpem);
	free(keypem);
	_exit(0);
}
