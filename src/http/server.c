/* server.c: the only file that speaks libmicrohttpd: connections, bodies, static files, signals. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "log.h"

/* Per-connection upload state, kept in MHD's con_cls between calls. */
struct upload {
	struct arena *arena;
	struct buf body;
	size_t limit;
	bool too_big;
	bool started;
	/* a hot write answered later: the connection is suspended meanwhile */
	bool pending;
	struct MHD_Connection *con;
	struct req r;
	struct resp rs;
};

/*
 * Suspended requests.  A hot write (router_dispatch returning true) does
 * not hold a thread while its group commit syncs: the connection is
 * suspended, and resumed from the syncer once its answer is durable, so a
 * few threads keep many writes in flight.  A stopping server waits for
 * every suspended request to be answered (libmicrohttpd refuses to stop
 * with one still suspended) and takes no new ones meanwhile.
 */
static pthread_mutex_t suspend_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t suspend_cv = PTHREAD_COND_INITIALIZER;
static int nsuspended;
static bool stopping;

static void
wake(void *arg)
{
	struct upload *up = arg;

	MHD_resume_connection(up->con);
}

static bool
may_suspend(void)
{
	bool ok;

	pthread_mutex_lock(&suspend_mu);
	if ((ok = !stopping))
		nsuspended++;
	pthread_mutex_unlock(&suspend_mu);
	return ok;
}

static void
resumed(void)
{
	pthread_mutex_lock(&suspend_mu);
	if (--nsuspended == 0)
		pthread_cond_broadcast(&suspend_cv);
	pthread_mutex_unlock(&suspend_mu);
}

static const char *
header(struct MHD_Connection *con, const char *name)
{
	return MHD_lookup_connection_value(con, MHD_HEADER_KIND, name);
}

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct req *r = cls;
	struct kv *nv;

	(void)kind;
	if (r->nquery >= 64)
		return MHD_NO;
	nv = arena_alloc(r->arena, sizeof(*nv) * (size_t)(r->nquery + 1));
	if (r->nquery)
		memcpy(nv, r->query, sizeof(*nv) * (size_t)r->nquery);
	nv[r->nquery].key = arena_strdup(r->arena, key);
	nv[r->nquery].val = arena_strdup(r->arena, value ? value : "");
	r->query = nv;
	r->nquery++;
	return MHD_YES;
}

static void
common_headers(struct MHD_Response *mr)
{
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "Content-Security-Policy",
				"default-src 'self'; style-src 'self' 'unsafe-inline'; "
				"img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'");
}

static enum MHD_Result
send_resp(struct MHD_Connection *con, struct resp *rs)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	char *text = NULL;

	if (rs->json != NULL) {
		text = json_dumps(rs->json, JSON_COMPACT | JSON_REAL_PRECISION(6));
		json_decref(rs->json);
		rs->json = NULL;
		mr = MHD_create_response_from_buffer(text ? strlen(text) : 0, text,
						     MHD_RESPMEM_MUST_FREE);
		MHD_add_response_header(mr, "Content-Type", "application/json; charset=utf-8");
	} else {
		mr = MHD_create_response_from_buffer(rs->bodylen, (void *)(rs->body ? rs->body : ""),
						     MHD_RESPMEM_MUST_COPY);
		if (rs->ctype)
			MHD_add_response_header(mr, "Content-Type", rs->ctype);
	}
	if (mr == NULL)
		return MHD_NO;
	common_headers(mr);
	MHD_add_response_header(mr, "Cache-Control", rs->cache ? rs->cache : "no-store");
	if (rs->set_cookie)
		MHD_add_response_header(mr, "Set-Cookie", rs->set_cookie);
	if (rs->disposition)
		MHD_add_response_header(mr, "Content-Disposition", rs->disposition);
	if (rs->replay)
		MHD_add_response_header(mr, "Idempotent-Replay", "true");
	if (rs->retry_after > 0) {
		char secs[24];

		snprintf(secs, sizeof(secs), "%lld", (long long)rs->retry_after);
		MHD_add_response_header(mr, "Retry-After", secs);
	}
	ret = MHD_queue_response(con, (unsigned)rs->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static const char *
mime_of(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
		{".png", "image/png"},                 {".ico", "image/x-icon"},
		{".json", "application/json"},         {".csv", "text/csv; charset=utf-8"},
		{".woff2", "font/woff2"},              {".woff", "font/woff"},
		{".ttf", "font/ttf"},                  {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/*
 * Static files of the UI.  A path that names no file is the single-page
 * app's own route, answered with index.html.  ".." never resolves.
 */
static enum MHD_Result
serve_static(struct MHD_Connection *con, const struct app *app, const char *url)
{
	char path[4096];
	struct stat st;
	struct MHD_Response *mr;
	enum MHD_Result ret;
	int fd = -1;
	const char *file = url;

	if (app->web_root == NULL || strstr(url, "..") != NULL || strchr(url, '\\') != NULL)
		goto notfound;
	if (strcmp(url, "/") == 0)
		file = "/index.html";
	snprintf(path, sizeof(path), "%s%s", app->web_root, file);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		file = "/index.html";
		snprintf(path, sizeof(path), "%s/index.html", app->web_root);
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0)
		goto notfound;
	mr = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (mr == NULL) {
		close(fd);
		return MHD_NO;
	}
	common_headers(mr);
	MHD_add_response_header(mr, "Content-Type", mime_of(file));
	/* hashed asset names never change; index.html must always be fresh */
	MHD_add_response_header(mr, "Cache-Control", strncmp(file, "/assets/", 8) == 0
								 ? "public, max-age=31536000, immutable"
								 : "no-cache");
	ret = MHD_queue_response(con, MHD_HTTP_OK, mr);
	MHD_destroy_response(mr);
	return ret;
notfound:
	if (fd >= 0)
		close(fd);
	{
		struct resp rs = {0};

		resp_error(&rs, ERR_NOTFOUND, NULL);
		return send_resp(con, &rs);
	}
}

static enum method
parse_method(const char *m)
{
	static const char *const names[M__MAX] = {"GET", "POST", "PATCH", "PUT", "DELETE"};
	int i;

	for (i = 0; i < M__MAX; i++)
		if (strcmp(m, names[i]) == 0)
			return (enum method)i;
	return M__MAX;
}

static void
client_ip(struct MHD_Connection *con, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, n, "?");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
}

static bool
is_api(const char *url)
{
	return strncmp(url, "/api/", 5) == 0 || strcmp(url, "/healthz") == 0;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct app *app = cls;
	struct upload *up = *con_cls;
	struct req *r;
	struct resp *rs;
	char ip[64];

	(void)version;
	if (up == NULL) {
		const char *cl = header(con, "Content-Length");

		if ((up = calloc(1, sizeof(*up))) == NULL || (up->arena = arena_new()) == NULL) {
			free(up);
			return MHD_NO;
		}
		/* the route decides the limit; uploads and photos are the only big bodies */
		up->limit = router_body_limit(parse_method(method), url);
		if (cl != NULL && strtoull(cl, NULL, 10) > up->limit)
			up->too_big = true;
		*con_cls = up;
		return MHD_YES;
	}
	if (up->pending) {
		/* resumed: the hot write is durable, or failed */
		up->pending = false;
		router_finish(&up->r, &up->rs);
		resumed();
		return send_resp(con, &up->rs);
	}
	if (*upload_size != 0) {
		if (!up->too_big && up->body.len + *upload_size <= up->limit)
			buf_add(&up->body, upload_data, *upload_size);
		else
			up->too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}

	if (!is_api(url) && strcmp(method, "GET") == 0)
		return serve_static(con, app, url);

	r = &up->r;
	rs = &up->rs;
	r->arena = up->arena;
	r->app = app;
	r->method = parse_method(method);
	r->path = url;
	client_ip(con, ip, sizeof(ip));
	r->ip = arena_strdup(r->arena, ip);
	r->authorization = header(con, "Authorization");
	r->cookie = header(con, "Cookie");
	r->csrf_header = header(con, "X-CSRF-Token");
	r->content_type = header(con, "Content-Type");
	r->idem_header = header(con, "Idempotency-Key");
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, collect_query, r);
	if (up->body.len) {
		r->body = arena_strndup(r->arena, up->body.p, up->body.len);
		r->bodylen = up->body.len;
	}
	if (up->too_big)
		router_too_big(r, rs);
	else if (r->method == M__MAX) {
		resp_error(rs, ERR_NOTFOUND, NULL);
		rs->status = 405;
	} else {
		bool later;

		r->wake = wake;
		r->wake_arg = up;
		up->con = con;
		r->db = db_acquire(app->db);
		later = router_dispatch(r, rs);
		db_release(r->db);
		r->db = NULL;
		if (later && may_suspend()) {
			up->pending = true;
			MHD_suspend_connection(con);
			router_submit(r, rs);
			return MHD_YES;
		}
		if (later) {
			/* stopping: answer this one in place */
			r->wake = NULL;
			r->db = db_acquire(app->db);
			router_submit(r, rs);
			db_release(r->db);
			r->db = NULL;
		}
	}
	return send_resp(con, rs);
}

static void
on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)con;
	(void)toe;
	if (up == NULL)
		return;
	if (up->pending)
		resumed(); /* the client left while its write was in flight */
	buf_free(&up->body);
	arena_free(up->arena);
	free(up);
	*con_cls = NULL;
}

static int
parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, NULL, 10);
	if (port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (host[0] == '\0' || strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

int
server_run(struct app *app, const char *listen)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	sigset_t set;
	int sig;
	char host[64];

	if (parse_listen(listen, &sa) != 0) {
		log_err("listen address %s is not HOST:PORT (e.g. 127.0.0.1:8080)", listen);
		return ERR_INVALID;
	}
	/* MHD's threads inherit this mask, so only sigwait below sees the signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY |
				     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
			     0, NULL, NULL, on_request, app, MHD_OPTION_SOCK_ADDR, &sa,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->threads,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_END);
	if (d == NULL) {
		log_err("cannot listen on %s: %s (is another server on that port?)", listen,
			strerror(errno));
		return ERR_IO;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
	/* the one line scripts wait for */
	printf("fangyi: serving http://%s:%u/ (database %s, %d threads)\n", host,
	       di ? di->port : ntohs(sa.sin_port), db_backend_name(app->db), app->threads);
	fflush(stdout);

	sigwait(&set, &sig);
	log_info("stopping: finishing requests in flight");
	pthread_mutex_lock(&suspend_mu);
	stopping = true;
	while (nsuspended > 0)
		pthread_cond_wait(&suspend_cv, &suspend_mu);
	pthread_mutex_unlock(&suspend_mu);
	MHD_stop_daemon(d);
	return 0;
}
