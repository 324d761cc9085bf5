/*
 * bare_json.c: the baseline for fangyi's write paths.  A libmicrohttpd
 * server configured as fangyi's (internal polling, epoll, a thread pool)
 * that reads a POST body, parses it with jansson, and answers 201 with a
 * short JSON body.  It checks nothing and stores nothing: the request rate
 * it holds is the ceiling of any JSON write path on this machine.
 *
 *	bare_json PORT THREADS
 */
#include <jansson.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct body {
	char *p;
	size_t len, cap;
};

static enum MHD_Result
answer(struct MHD_Connection *con, unsigned status, const char *text)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	ret = MHD_queue_response(con, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
	   const char *version, const char *data, size_t *size, void **con_cls)
{
	struct body *b = *con_cls;
	json_error_t e;
	json_t *j;
	char out[96];

	(void)cls, (void)url, (void)version;
	if (b == NULL) {
		/* answering on a later call keeps the connection alive */
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return MHD_NO;
		*con_cls = b;
		return MHD_YES;
	}
	if (*size != 0) {
		if (b->len + *size + 1 > b->cap) {
			size_t cap = (b->len + *size + 1) * 2;
			char *p = realloc(b->p, cap);

			if (p == NULL)
				return MHD_NO;
			b->p = p;
			b->cap = cap;
		}
		memcpy(b->p + b->len, data, *size);
		b->len += *size;
		*size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "POST") != 0)
		return answer(con, 200, "{\"ok\":true}");
	j = json_loadb(b->p ? b->p : "", b->len, 0, &e);
	if (j == NULL)
		return answer(con, 400, "{\"error\":\"bad json\"}");
	snprintf(out, sizeof(out), "{\"id\":%zu,\"fields\":%zu}", b->len, json_object_size(j));
	json_decref(j);
	return answer(con, 201, out);
}

static void
on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct body *b = *con_cls;

	(void)cls, (void)con, (void)toe;
	if (b != NULL) {
		free(b->p);
		free(b);
	}
	*con_cls = NULL;
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t set;
	int sig;

	if (argc != 3) {
		fprintf(stderr, "usage: bare_json PORT THREADS\n");
		return 2;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY |
				     MHD_USE_ERROR_LOG,
			     (unsigned short)atoi(argv[1]), NULL, NULL, on_request, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)atoi(argv[2]),
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bare_json: cannot listen on port %s\n", argv[1]);
		return 1;
	}
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
