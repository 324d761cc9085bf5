/* server.c: the only file that speaks libmicrohttpd: connections, bodies (big ones through
 * spool.c), static files, signals. */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "log.h"
#include "metrics.h"

/* Per-connection upload state, kept in MHD's con_cls between calls. */
struct upload {
	struct arena *arena;
	struct buf body;   /* a small body, in memory */
	struct spool spool; /* a big one (ROUTE_BIG_BODY), on disk */
	bool spooled;      /* this request's body goes to the spool */
	size_t limit;
	size_t received;
	bool too_big;
	/* a hot write answered later: the connection is suspended meanwhile */
	bool pending;
	struct MHD_Connection *con;
	struct req r;
	struct resp rs;
	struct timespec t0; /* its first byte: the request's time in its log line and /metrics */
	bool api;	    /* an API request, logged and counted when it completes */
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

/*
 * libmicrohttpd answers a few requests itself, before fangyi sees them: a
 * request line or header it cannot parse (400), a Content-Length it cannot
 * read (400) or count (413), a URI or headers too large for its memory
 * (414, 431), an HTTP version it does not speak (505).  Its bodies are
 * fixed HTML, and 0.9.75 offers no hook for them.  It queues each through
 * its own exported MHD_queue_response, which it calls through the dynamic
 * linker (a PLT call, as `objdump -R libmicrohttpd.so.12` shows), and
 * nothing else in the library calls it for us.  So fangyi defines that
 * name: the library's refusals land below and are answered with fangyi's
 * JSON error for the same status, and fangyi's own answers go to the
 * library's function through queue().  tests/api/http_errors.test.mjs
 * checks every refusal on the wire: a libmicrohttpd built so that its own
 * calls bind inside it (-Bsymbolic) would show up there as HTML.
 */
typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
static queue_fn real_queue;

static enum MHD_Result send_resp(struct MHD_Connection *con, struct resp *rs);

static enum MHD_Result
queue(struct MHD_Connection *con, unsigned int status, struct MHD_Response *mr)
{
	return real_queue(con, status, mr);
}

enum MHD_Result
MHD_queue_response(struct MHD_Connection *con, unsigned int status, struct MHD_Response *theirs)
{
	struct resp rs = {0};

	(void)theirs; /* the library destroys its own */
	resp_refused(&rs, (int)status);
	return send_resp(con, &rs);
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
	if (rs->etag)
		MHD_add_response_header(mr, "ETag", rs->etag);
	if (rs->retry_after > 0) {
		char secs[24];

		snprintf(secs, sizeof(secs), "%lld", (long long)rs->retry_after);
		MHD_add_response_header(mr, "Retry-After", secs);
	}
		if (rs->allow)
		MHD_add_response_header(mr, "Allow", rs->allow);
	ret = queue(con, (unsigned)rs->status, mr);
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
		/* the field app's manifest (web/pwa.config.js): a phone installs the app by it */
		{".webmanifest", "application/manifest+json"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/*
 * How much a request's Accept-Encoding wants one content coding, in
 * thousandths: its own q-value, else that of "*", else -1 when it names
 * neither (so the coding is not acceptable).  "gzip" also answers to the
 * old "x-gzip".  A malformed q reads as 0: a header we cannot read never
 * earns a coding the client may not decode.
 */
static int
accept_quality(const char *ae, const char *coding)
{
	int star = -1, mine = -1;
	const char *p = ae;

	while (p != NULL && *p != '\0') {
		const char *tok, *end = strchr(p, ',');
		size_t n;
		int q = 1000;

		if (end == NULL)
			end = p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		tok = p;
		while (p < end && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - tok);
		/* parameters: only q matters; "q=0.5", "q=1", "q=0.125" */
		while (p < end) {
			const char *v;

			p++;
			while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
				p++;
			if (p + 2 > end || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') {
				while (p < end && *p != ';')
					p++; /* another parameter: skip its value whole */
				continue;
			}
			v = p + 2;
			q = 0;
			if (v < end && (*v == '0' || *v == '1')) {
				int scale = 100;

				q = (*v++ - '0') * 1000;
				if (v < end && *v == '.')
					for (v++; v < end && *v >= '0' && *v <= '9' && scale > 0; v++, scale /= 10)
						q += (*v - '0') * scale;
				if (q > 1000)
					q = 1000;
			}
			p = v;
			while (p < end && *p != ';')
				p++;
		}
		if (n == 1 && tok[0] == '*')
			star = q;
		else if ((n == strlen(coding) && strncasecmp(tok, coding, n) == 0) ||
			 (strcmp(coding, "gzip") == 0 && n == 6 && strncasecmp(tok, "x-gzip", 6) == 0))
			mine = q > mine ? q : mine;
		p = *end ? end + 1 : end;
	}
	return mine >= 0 ? mine : star;
}

/*
 * Open PATH with SUFFIX (".br", ".gz" or "") if it is a regular file.
 * Returns the descriptor with its size in *ret_size, or -1.
 */
static int
open_variant(const char *path, const char *suffix, uint64_t *ret_size)
{
	char name[4096];
	struct stat st;
	int fd;

	if ((size_t)snprintf(name, sizeof(name), "%s%s", path, suffix) >= sizeof(name))
		return -1;
	if ((fd = open(name, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	*ret_size = (uint64_t)st.st_size;
	return fd;
}

/*
 * Static files of the UI.  A path that names no file is the single-page
 * app's own route, answered with index.html.  ".." never resolves.
 *
 * The build leaves x.js.br and x.js.gz beside x.js (web/compress.mjs): a
 * phone on a village's signal then fetches a fifth of the bytes, and the
 * server spends nothing compressing.  The variant is the coding the
 * client wants most (brotli on a tie), falling back to the other, then to
 * the file itself when a variant is missing or unwanted; whichever is sent
 * carries the original's Content-Type, and every answer says it varies by
 * Accept-Encoding so a cache never hands brotli to a client without it.
 */
static enum MHD_Result
serve_static(struct MHD_Connection *con, const struct app *app, const char *url)
{
	static const struct {
		const char *name, *suffix;
	} codings[] = {{"br", ".br"}, {"gzip", ".gz"}};
	char path[4096];
	struct stat st;
	struct MHD_Response *mr;
	enum MHD_Result ret;
	int fd = -1, q[2], first, i;
	uint64_t size = 0;
	const char *file = url, *ae = header(con, "Accept-Encoding"), *encoding = NULL;

	if (app->web_root == NULL || strstr(url, "..") != NULL || strchr(url, '\\') != NULL)
		goto notfound;
	if (strcmp(url, "/") == 0)
		file = "/index.html";
	snprintf(path, sizeof(path), "%s%s", app->web_root, file);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		file = "/index.html";
		snprintf(path, sizeof(path), "%s/index.html", app->web_root);
	}
	for (i = 0; i < 2; i++)
		q[i] = ae != NULL ? accept_quality(ae, codings[i].name) : -1;
	first = q[1] > q[0] ? 1 : 0;
	for (i = 0; i < 2 && fd < 0; i++) {
		int c = (first + i) % 2;

		if (q[c] > 0 && (fd = open_variant(path, codings[c].suffix, &size)) >= 0)
			encoding = codings[c].name;
	}
	if (fd < 0 && (fd = open_variant(path, "", &size)) < 0)
		goto notfound;
	mr = MHD_create_response_from_fd(size, fd);
	if (mr == NULL) {
		close(fd);
		return MHD_NO;
	}
	common_headers(mr);
	MHD_add_response_header(mr, "Content-Type", mime_of(file));
	if (encoding != NULL)
		MHD_add_response_header(mr, "Content-Encoding", encoding);
	MHD_add_response_header(mr, "Vary", "Accept-Encoding");
	/*
	 * hashed asset names never change; index.html must always be fresh, and so
	 * must the service worker (sw.js): a phone asks for it again on each visit
	 * and a year's cache would keep it on an old version of the app
	 */
	MHD_add_response_header(mr, "Cache-Control", strncmp(file, "/assets/", 8) == 0
								 ? "public, max-age=31536000, immutable"
								 : "no-cache");
	ret = queue(con, MHD_HTTP_OK, mr);
	MHD_destroy_response(mr);
	return ret;
notfound:
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

/* Addresses are kept as 16 bytes, IPv4 mapped into IPv6, so both compare alike. */
static void
addr_from_v4(const struct in_addr *a4, unsigned char ret[16])
{
	memset(ret, 0, 10);
	ret[10] = ret[11] = 0xff;
	memcpy(ret + 12, a4, 4);
}

static bool
addr_parse(const char *text, unsigned char ret[16])
{
	struct in_addr a4;

	if (inet_pton(AF_INET6, text, ret) == 1)
		return true;
	if (inet_pton(AF_INET, text, &a4) != 1)
		return false;
	addr_from_v4(&a4, ret);
	return true;
}

static bool
addr_is_v4(const unsigned char a[16])
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	return memcmp(a, prefix, 12) == 0;
}

static void
addr_text(const unsigned char a[16], char *out, size_t n)
{
	if (addr_is_v4(a))
		inet_ntop(AF_INET, a + 12, out, (socklen_t)n);
	else
		inet_ntop(AF_INET6, a, out, (socklen_t)n);
}

int
server_proxies_parse(const char *list, struct trusted_net **ret, int *ret_n, struct fault *f)
{
	struct trusted_net *v = NULL;
	int n = 0;
	const char *p = list;

	while (p != NULL && *(p += strspn(p, " \t")) != '\0') {
		size_t len = strcspn(p, ", \t");
		char item[80], *slash;
		struct trusted_net *nv;
		long bits = -1;

		if (len >= sizeof(item)) {
			free(v);
			return fault_set(f, ERR_INVALID, "--trusted-proxy", "--trusted-proxy 中有一项过长",
					 "--trusted-proxy: an entry is too long");
		}
		memcpy(item, p, len);
		item[len] = '\0';
		p += len;
		p += strspn(p, " \t");
		if (*p != '\0' && *p != ',') {
			free(v);
			return fault_setf(f, ERR_INVALID, "--trusted-proxy",
					  "--trusted-proxy 中的 %s 后面应是逗号", "--trusted-proxy: a comma should follow %s",
					  item);
		}
		p = *p == ',' ? p + 1 : NULL;
		if (item[0] == '\0')
			continue;
		if ((nv = realloc(v, sizeof(*v) * (size_t)(n + 1))) == NULL) {
			free(v);
			return ERR_NOMEM;
		}
		v = nv;
		if ((slash = strchr(item, '/')) != NULL) {
			char *end;

			*slash = '\0';
			bits = strtol(slash + 1, &end, 10);
			if (*end != '\0' || end == slash + 1)
				bits = 999;
		}
		if (!addr_parse(item, v[n].addr)) {
			fault_setf(f, ERR_INVALID, "--trusted-proxy", "--trusted-proxy 中的 %s 不是 IP 地址",
				   "--trusted-proxy: %s is not an IP address (e.g. 127.0.0.1 or 10.0.0.0/8)",
				   item);
			free(v);
			return ERR_INVALID;
		}
		if (bits < 0)
			bits = 128;
		else if (addr_is_v4(v[n].addr) && strchr(item, ':') == NULL)
			bits = bits <= 32 ? bits + 96 : 999;
		if (bits > 128) {
			fault_setf(f, ERR_INVALID, "--trusted-proxy", "--trusted-proxy 中 %s 的前缀长度不对",
				   "--trusted-proxy: the prefix length of %s is wrong", item);
			free(v);
			return ERR_INVALID;
		}
		v[n++].bits = (int)bits;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

static bool
trusted(const struct app *app, const unsigned char a[16])
{
	int i;

	for (i = 0; i < app->nproxies; i++) {
		const struct trusted_net *t = &app->proxies[i];
		int whole = t->bits / 8, rest = t->bits % 8;

		if (memcmp(a, t->addr, (size_t)whole) != 0)
			continue;
		if (rest == 0 || ((a[whole] ^ t->addr[whole]) & (0xff << (8 - rest)) & 0xff) == 0)
			return true;
	}
	return false;
}

struct last_header {
	const char *name, *value;
};

static enum MHD_Result
take_last(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct last_header *lh = cls;

	(void)kind;
	if (strcasecmp(key, lh->name) == 0 && value != NULL)
		lh->value = value;
	return MHD_YES;
}

/* The last entry of the last name: header, trimmed, into out ("" when none). */
static void
last_entry(struct MHD_Connection *con, const char *name, char *out, size_t n)
{
	struct last_header lh = {name, NULL};
	const char *e;
	size_t len;

	out[0] = '\0';
	MHD_get_connection_values(con, MHD_HEADER_KIND, take_last, &lh);
	if (lh.value == NULL)
		return;
	e = strrchr(lh.value, ',');
	e = e ? e + 1 : lh.value;
	e += strspn(e, " \t");
	len = strcspn(e, " \t");
	if (len < n) {
		memcpy(out, e, len);
		out[len] = '\0';
	}
}

/*
 * Who is asking, and over what.  The peer is the client, unless it is a
 * trusted proxy: then the client is the last entry of X-Forwarded-For (the
 * one the proxy added itself; earlier entries are whatever the client
 * sent), and X-Forwarded-Proto says whether it came over HTTPS.  Anyone
 * else's forwarding headers are ignored: anybody can send them.
 */
static void
client_of(struct MHD_Connection *con, const struct app *app, struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	unsigned char a[16], fwd[16];
	char text[INET6_ADDRSTRLEN + 8], entry[INET6_ADDRSTRLEN + 8];

	r->https = app->https;
	r->ip = "?";
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		addr_from_v4(&((const struct sockaddr_in *)sa)->sin_addr, a);
	else if (sa->sa_family == AF_INET6)
		memcpy(a, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	else
		return;
	if (app->nproxies > 0 && trusted(app, a)) {
		last_entry(con, "X-Forwarded-For", entry, sizeof(entry));
		if (entry[0] != '\0' && addr_parse(entry, fwd))
			memcpy(a, fwd, 16);
		last_entry(con, "X-Forwarded-Proto", entry, sizeof(entry));
		if (strcasecmp(entry, "https") == 0)
			r->https = true;
	}
	addr_text(a, text, sizeof(text));
	r->ip = arena_strdup(r->arena, text);
}

/*
 * /metrics is for the machine's own monitoring: a loopback peer may read it, anyone else only
 * with the token of --metrics-token-file as a Bearer token.  The peer is the socket's, never
 * X-Forwarded-For, and a trusted proxy's requests are not local even when the proxy runs on
 * this machine: it forwards the world.  Everyone else gets the 404 of a path that does not
 * exist, so the page is not advertised.
 */
static bool
metrics_allowed(struct MHD_Connection *con, const struct app *app)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	static const unsigned char v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	const char *auth = header(con, "Authorization");
	unsigned char a[16];

	if (app->metrics_token != NULL && auth != NULL && strncmp(auth, "Bearer ", 7) == 0) {
		size_t n = strlen(app->metrics_token);

		return strlen(auth + 7) == n && sodium_memcmp(auth + 7, app->metrics_token, n) == 0;
	}
	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET)
		addr_from_v4(&((const struct sockaddr_in *)sa)->sin_addr, a);
	else if (sa->sa_family == AF_INET6)
		memcpy(a, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	else
		return false;
	if (app->nproxies > 0 && trusted(app, a))
		return false;
	return (addr_is_v4(a) && a[12] == 127) || memcmp(a, v6_loopback, 16) == 0;
}

static enum MHD_Result
serve_metrics(struct MHD_Connection *con, const struct app *app)
{
	struct resp rs = {0};
	struct buf b = {0};
	enum MHD_Result ret;

	if (!metrics_allowed(con, app)) {
		resp_error(&rs, ERR_NOTFOUND, NULL);
		return send_resp(con, &rs);
	}
	metrics_render(&b);
	rs.status = 200;
	rs.body = b.p;
	rs.bodylen = b.len;
	rs.ctype = "text/plain; version=0.0.4; charset=utf-8";
	ret = send_resp(con, &rs); /* the body is copied */
	buf_free(&b);
	return ret;
}

static bool
is_api(const char *url)
{
	return strncmp(url, "/api/", 5) == 0 || strcmp(url, "/healthz") == 0;
}

/* refuse_now answers a body declared far over its limit at once, on its headers: libmicrohttpd
 * then reads none of it and closes the connection after the answer. */
static enum MHD_Result
refuse_now(struct app *app, struct upload *up, struct MHD_Connection *con, const char *method,
	   const char *url)
{
	up->r.arena = up->arena;
	up->r.method = parse_method(method);
	up->r.path = url;
	up->api = true;
	router_too_big(app->routes, &up->r, &up->rs);
	return send_resp(con, &up->rs);
}

/* take keeps one chunk of a body: in memory for a small body, written to the spool for a big
 * one, dropped once the body is over its limit or the spool has failed. */
static void
take(const struct app *app, struct upload *up, const char *data, size_t n)
{
	if (up->too_big || n > up->limit - up->received) {
		up->too_big = true; /* the 413 says so once the client has finished */
		spool_close(&up->spool);
		buf_free(&up->body);
		return;
	}
	up->received += n;
	if (!up->spooled) {
		buf_add(&up->body, data, n);
		return;
	}
	if (up->spool.err != 0)
		return; /* answered 503 once the client has finished */
	if (up->spool.fd < 0 && spool_open(&up->spool, app->spool_dir) != 0) {
		log_err("spool: cannot create an upload's file in %s: %s", app->spool_dir,
			strerror(up->spool.err));
		return;
	}
	if (spool_write(&up->spool, data, n) != 0)
		log_err("spool: cannot write an upload to %s after %zu bytes: %s", app->spool_dir,
			up->spool.len, strerror(up->spool.err));
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct app *app = cls;
	struct upload *up = *con_cls;
	struct req *r;
	struct resp *rs;

	(void)version;
	if (up == NULL) {
		const char *cl = header(con, "Content-Length");

		if ((up = calloc(1, sizeof(*up))) == NULL || (up->arena = arena_new()) == NULL) {
			free(up);
			return MHD_NO;
		}
		up->spool.fd = -1;
		clock_gettime(CLOCK_MONOTONIC, &up->t0);
		*con_cls = up;
		/*
		 * The route decides the limit; uploads and photos are the only big
		 * bodies, and uploads go to the spool.  One over it is read and
		 * dropped, then refused: answered before the client has finished
		 * sending, the connection would be closed under it and a browser
		 * would show a network error instead.  Not beyond HTTP_MAX_DRAIN:
		 * reading gigabytes to say no would hold a thread for minutes.
		 */
		up->limit = router_body_limit(app->routes, parse_method(method), url);
		up->spooled = app->spool_dir != NULL &&
			      router_spools(app->routes, parse_method(method), url);
		if (cl != NULL && strtoull(cl, NULL, 10) > up->limit) {
			up->too_big = true;
			if (strtoull(cl, NULL, 10) > HTTP_MAX_DRAIN)
				return refuse_now(app, up, con, method, url);
		}
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
		take(app, up, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}

	/* HEAD asks what GET would send: libmicrohttpd sends its headers alone */
	if (strcmp(url, "/metrics") == 0 && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		return serve_metrics(con, app);
	if (!is_api(url) && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		return serve_static(con, app, url);
	up->api = true;

	r = &up->r;
	rs = &up->rs;
	r->arena = up->arena;
	r->app = app;
	r->method = parse_method(method);
	r->method_text = method;
	r->path = url;
	client_of(con, app, r);
	r->authorization = header(con, "Authorization");
	r->cookie = header(con, "Cookie");
	r->csrf_header = header(con, "X-CSRF-Token");
	r->content_type = header(con, "Content-Type");
	r->idem_header = header(con, "Idempotency-Key");
	r->if_match = header(con, "If-Match");
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, collect_query, r);
	if (up->body.len) {
		r->body = arena_strndup(r->arena, up->body.p, up->body.len);
		r->bodylen = up->body.len;
	} else if (up->spool.fd >= 0 && !up->too_big) {
		if (spool_map(&up->spool) == 0) {
			r->body = up->spool.map;
			r->bodylen = up->spool.len;
			r->spool = &up->spool;
		} else {
			log_err("spool: cannot map an upload of %zu bytes: %s", up->spool.len,
				strerror(up->spool.err));
		}
	}
	if (up->too_big)
		router_too_big(app->routes, r, rs);
	else if (up->spool.err != 0)
		resp_spool_failed(rs, up->spool.err);
	else if (r->method == M__MAX) {
		router_not_allowed(app->routes, r, rs); /* OPTIONS, HEAD and the like */
	} else {
		bool later;

		r->wake = wake;
		r->wake_arg = up;
		up->con = con;
		r->db = db_acquire(app->db);
		later = router_dispatch(app->routes, r, rs);
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

/* The request's line in the log and its counts in /metrics: the route's pattern, never the
 * path (a search's query may hold a phone), and the user's id, never who they looked at. */
static void
request_done(const struct app *app, struct upload *up)
{
	static const char *const names[M__MAX] = {"GET", "POST", "PATCH", "PUT", "DELETE"};
	const struct req *r = &up->r;
	const struct route *rt = r->route;
	struct timespec t1;
	uint64_t us;
	int m = rt ? (int)rt->method : (int)r->method;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (uint64_t)(t1.tv_sec - up->t0.tv_sec) * 1000000u +
	     (uint64_t)((t1.tv_nsec - up->t0.tv_nsec) / 1000);
	if ((int64_t)us < 0)
		us = 0;
	metrics_request(rt ? (int)(rt - app->routes->v) : -1,
			m < M__MAX ? (enum metrics_method)m : MM_OTHER, up->rs.status, us);
	log_request(m < M__MAX ? names[m] : "OTHER", rt ? rt->pattern : "unmatched", up->rs.status,
		    (double)us / 1000.0, r->user ? (long long)r->user->id : 0);
}

static void
on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)con;
	(void)toe;
	if (up == NULL)
		return;
	if (up->api)
		request_done(cls, up);
	if (up->pending)
		resumed(); /* the client left while its write was in flight */
	buf_free(&up->body);
	spool_close(&up->spool);
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

/* The routes' counters of /metrics, one per row of the table: its pattern and method. */
static int
count_routes(const struct route_table *t)
{
	static const char *const names[M__MAX] = {"GET", "POST", "PATCH", "PUT", "DELETE"};
	struct metrics_route *v = calloc((size_t)t->n + 1, sizeof(*v));
	int i, rc;

	if (v == NULL)
		return ERR_NOMEM;
	for (i = 0; i < t->n; i++) {
		v[i].pattern = t->v[i].pattern;
		v[i].method = names[t->v[i].method];
	}
	rc = metrics_routes(v, t->n); /* copies the rows; the strings are the table's */
	free(v);
	return rc;
}

int
server_run(struct app *app, const struct route_table *t, const char *listen)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	sigset_t set;
	int sig;
	char host[64];

	if (real_queue == NULL &&
	    (real_queue = (queue_fn)dlsym(RTLD_NEXT, "MHD_queue_response")) == NULL) {
		log_err("libmicrohttpd's MHD_queue_response not found: %s", dlerror());
		return ERR_INTERNAL;
	}
	app->routes = t;
	if (count_routes(t) != 0)
		return ERR_NOMEM;
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
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_END);
	if (d == NULL) {
		log_err("cannot listen on %s: %s (is another server on that port?)", listen,
			strerror(errno));
		return ERR_IO;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
	if (app->spool_dir != NULL)
		log_info("uploads are spooled in %s", app->spool_dir);
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
