/* http.h: requests and responses as handlers see them, and the route table's shape.
 * Nothing here mentions libmicrohttpd: handlers can be called from tests directly. */
#ifndef FANGYI_HTTP_H
#define FANGYI_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_registry.h"
#include "err.h"

struct arena;
struct app;
struct batched;
struct resp;
struct route_table;

enum method { M_GET, M_POST, M_PATCH, M_PUT, M_DELETE, M__MAX };

#define REQ_MAX_PARAMS 4 /* path parameters a route's pattern may have */

struct kv {
	const char *key;
	const char *val;
};

struct req {
	struct arena *arena; /* freed when the response has been sent */
	struct app *app;
	struct dbc *db; /* a connection held for this request */
	enum method method;
	const char *method_text; /* as the client sent it ("OPTIONS" is M__MAX) */
	const char *path;
	const char *params[REQ_MAX_PARAMS]; /* path parameters ({id}) in order */
	int nparams;
	struct kv *query;
	int nquery;
	const char *authorization, *cookie, *csrf_header, *content_type, *idem_header;
	const char *if_match; /* If-Match: the version an offline edit was based on (api_if_match) */
	/* set by the router on idempotent routes when the client sent a key */
	const char *idem_key, *idem_hash;
	int64_t idem_user; /* whose keys they are: the user's id, 0 for everyone on a public route */
	const char *body; /* raw body, NUL-terminated, or NULL (mapped from the spool: read-only) */
	size_t bodylen;
	struct spool *spool; /* the spooled body of a ROUTE_BIG_BODY route, or NULL: req_upload_keep */
	json_t *json; /* parsed body of a JSON route, borrowed */
	const char *ip; /* the client's address: the peer's, or the one a trusted proxy names */
	bool https;     /* reached over HTTPS: cookies are Secure */
	const struct route_table *routes; /* the table it was routed by (router_dispatch) */
	const struct route *route;	  /* the route it matched, NULL if none: its pattern is logged */
	/* set by the router after authentication */
	struct session *session; /* NULL on public routes without a session */
	struct user *user;
	unsigned perms;
	const char *scope; /* the area-code prefix the user may see */
	bool via_cookie;
	struct fault fault; /* filled by a handler returning ERR_INVALID and friends */
	/* a server that can answer later sets wake: see router_dispatch */
	void (*wake)(void *);
	void *wake_arg;
	struct batched *batch;
	/* set by req_defer */
	int (*apply)(struct req *, struct resp *, void *);
	int (*answer)(struct req *, struct resp *, void *);
	void *defer_ctx;
};

struct resp {
	int status;
	json_t *json; /* owned: sent and freed by the server */
	const char *body; /* or raw bytes in the request arena */
	size_t bodylen;
	const char *ctype;
	const char *set_cookie;
	const char *disposition;
	const char *cache; /* Cache-Control, when not "no-store" */
	const char *allow; /* the Allow header of a 405 */
	const char *etag;  /* ETag: a registry record's version, "\"<seq>\"" (change_log) */
	bool replay; /* an idempotent retry answered from the record of the first */
	int64_t retry_after; /* seconds, sent as Retry-After when > 0 */
};

typedef int (*handler_fn)(struct req *, struct resp *);

/*
 * How the router finds the area of the record a path names, beyond the permission: the area
 * code of record id (params[0]) into *ret_code, in a, or ERR_NOTFOUND when there is no such
 * record.  db_person_area_code, db_kp_area_code and their kin have this shape.
 */
typedef int (*area_fn)(struct dbc *c, struct arena *a, int64_t id, char **ret_code);

#define ROUTE_RAW_BODY 0x1u  /* do not parse the body as JSON */
#define ROUTE_BIG_BODY 0x2u  /* uploads: body up to HTTP_MAX_UPLOAD, spooled to disk */
#define ROUTE_IDEMPOTENT 0x4u /* honours Idempotency-Key: a retry replays the first answer */
#define ROUTE_BATCH 0x8u      /* a hot write: the handler only reads, then req_defer */
#define ROUTE_PHOTO_BODY 0x10u /* a photo: body up to HTTP_MAX_PHOTO */

#define HTTP_MAX_BODY (1u << 20)
#define HTTP_MAX_UPLOAD (1u << 30) /* a city's list: 1,000,000 rows is 100+ MB of CSV */
#define HTTP_MAX_PHOTO (5u << 20)
/* A body declared over its limit is read and dropped before the 413 (a browser still sending
 * would see a closed connection as a network error), up to this much; a larger one is refused
 * on its Content-Length, and the connection closed. */
#define HTTP_MAX_DRAIN (64u << 20)

struct route {
	enum method method;
	const char *pattern; /* "/api/v1/persons/{id}" */
	handler_fn fn;
	unsigned perm; /* one PERM_* bit; 0 is refused at start-up (deny by default) */
	/* the area of the record params[0] names, which must lie inside req->scope, else 404
	 * before the handler runs; NULL: the handler applies req->scope to its lists itself */
	area_fn area;
	unsigned flags;
};

/* The routes a server answers, handed to server_run and to the router by whoever builds them
 * (api_routes), so that http/ links to no table of its own. */
struct route_table {
	const struct route *v;
	int n;
	/* renders the record an idempotency record refers to ({"$ref":kind,"id":n}, see
	 * api_commit_ref), for router_replay */
	int (*render_ref)(struct req *r, const char *ref, json_t **ret);
};

/* An address or network (ADDR/BITS) whose requests may name the client: a proxy in front. */
struct trusted_net {
	unsigned char addr[16]; /* IPv4 as IPv4-mapped IPv6 */
	int bits;
};

/* The server-wide state handlers may use. */
struct app {
	struct db *db;
	const char *web_root; /* directory of the built UI, or NULL */
	const char *town_code, *town_name;
	int threads;
	bool https; /* --public-url is https://: every request came over HTTPS */
	struct trusted_net *proxies; /* --trusted-proxy, nproxies of them */
	int nproxies;
	const struct route_table *routes; /* set by server_run */
	/* where ROUTE_BIG_BODY bodies are written as they arrive (--spool), and where a handler
	 * keeps one past its request (under SPOOL/lists/: req_upload_keep); NULL: kept in memory */
	const char *spool_dir;
	/* --metrics-token-file's token: /metrics with "Authorization: Bearer" it from anywhere;
	 * NULL: only from a loopback peer */
	const char *metrics_token;
};

/* req_query returns the decoded query parameter key, or NULL. */
const char *req_query(const struct req *r, const char *key);
/* req_param_id parses params[i] as a positive id; 0 when it is not one. */
int64_t req_param_id(const struct req *r, int i);

/*
 * req_defer is how a hot write (ROUTE_BATCH) hands on its transaction.  The
 * handler checks the request and reads what it needs on its own thread,
 * then calls req_defer and returns 0.  apply(r, rs, ctx) then runs on the
 * writer thread with r->db the writer's connection, inside a transaction
 * shared with the other hot writes of the moment: it should only read and
 * write the database, and fills rs only to answer from another request's
 * record (an idempotent replay).  Once its COMMIT is on disk,
 * answer(r, rs, ctx) builds the answer back on the request's thread.
 * apply may run twice: it must not depend on what a first run left in ctx.
 */
void req_defer(struct req *r, int (*apply)(struct req *, struct resp *, void *),
	       int (*answer)(struct req *, struct resp *, void *), void *ctx);

/*
 * The spool (spool.c).  A ROUTE_BIG_BODY body is written to an unnamed file of the spool
 * directory as it arrives, never more than one chunk of it in memory, then mapped read-only
 * for the handler as r->body (a zero byte after it: the NUL the contract promises).  The file
 * is unnamed (O_TMPFILE; where the file system has none, mkstemp's name is unlinked at once),
 * so nothing is left behind by a failed write, an ended request or a crash.  A struct spool
 * starts as {.fd = -1}.
 */
struct spool {
	int fd;        /* the unnamed file, or -1 */
	size_t len;    /* bytes written */
	char *map;     /* the body mapped, followed by zeros; NULL until spool_map */
	size_t maplen; /* the mapping's length: len rounded up past one more byte */
	bool linkable; /* an O_TMPFILE: linkat through /proc/self/fd gives it a name */
	int err;       /* errno of the first failure: what is sent after it is dropped */
};
/* spool_prepare makes dir (0700, parents must exist), refuses one owned by someone else,
 * narrows a wider mode to 0700, and removes the temp files a crash may have left
 * (".upload-*", in dir and the directories just below it); 0, or ERR_IO with f naming
 * "--spool". */
int spool_prepare(const char *dir, struct fault *f);
/* spool_open starts an unnamed file in dir; 0, or ERR_IO with sp->err set. */
int spool_open(struct spool *sp, const char *dir);
/* spool_write appends n bytes; on a failure (ENOSPC, EDQUOT, EIO...) the file is closed and
 * gone, sp->err says why and ERR_IO is returned, as by every later call. */
int spool_write(struct spool *sp, const char *data, size_t n);
/* spool_map maps what was written, read-only, with a zero byte after it; 0 or ERR_IO. */
int spool_map(struct spool *sp);
/* spool_keep gives the file the name path, in the spool's file system (keep lists under
 * SPOOL/lists/), synced to disk first: it outlives the request.  0; ERR_CONFLICT when path
 * exists, ERR_IO otherwise, f naming "file". */
int spool_keep(struct spool *sp, const char *path, struct fault *f);
/* spool_close unmaps and closes (a kept file stays); sp is empty again (fd -1). */
void spool_close(struct spool *sp);
/* req_upload_keep keeps the request's spooled body at path (spool_keep), with r->fault filled
 * on failure; ERR_INVALID when the request has no spooled body. */
int req_upload_keep(struct req *r, const char *path);

/* Responses.  resp_json takes ownership of j. */
int resp_json(struct resp *rs, int status, json_t *j);
/* resp_error writes the bilingual error body for code and fault f (may be NULL). */
void resp_error(struct resp *rs, int code, const struct fault *f);
int err_status(int code);
/* resp_refused writes the error body of a request refused before any route could read it
 * (libmicrohttpd's own refusals): 400, 413, 414, 431, 505, else 500. */
void resp_refused(struct resp *rs, int status);
/* resp_spool_failed writes the 503 of an upload the server could not store: errnum ENOSPC or
 * EDQUOT is a full disk (disk_full), anything else a failed write (storage). */
void resp_spool_failed(struct resp *rs, int errnum);

/* The router (http/router.c): each function takes the table it routes by. */
/* router_replay answers from the idempotency record of r->idem_key (after a
 * lost race to store it), rendered by r->routes; 0 or an error. */
int router_replay(struct req *r, struct resp *rs);

/* router_check verifies the table at start-up: every route declares a permission, and a route
 * whose record has an area names the record in its path.  Returns 0, or ERR_INTERNAL naming the
 * bad route on stderr. */
int router_check(const struct route_table *t);
/*
 * router_dispatch authenticates, authorises, runs the handler and fills rs.
 * A hot write (ROUTE_BATCH) with group commit is different when the server
 * can answer later (r->wake set): router_dispatch returns true with the
 * checks passed and the handler not yet run.  The server then stops
 * reading the connection and calls router_submit, which queues the handler
 * on the writer thread; wake(wake_arg) is called from another thread once
 * it has run and its COMMIT is on disk, and router_finish fills rs.  The
 * request and its arena must live until then; r->db is not used.  With
 * wake unset, router_submit runs the handler in place on r->db and fills rs.
 */
bool router_dispatch(const struct route_table *t, struct req *r, struct resp *rs);
void router_submit(struct req *r, struct resp *rs);
void router_finish(struct req *r, struct resp *rs);
/* router_match finds the route for method and path (params into r); NULL if none.
 * *ret_path_known says whether the path exists under another method (405). */
const struct route *router_match(const struct route_table *t, struct req *r,
				 bool *ret_path_known);
/* router_body_limit: the largest body the route of method and path takes (HTTP_MAX_BODY when
 * none matches). */
size_t router_body_limit(const struct route_table *t, enum method method, const char *path);
/* router_spools: whether the route of method and path has its body spooled (ROUTE_BIG_BODY). */
bool router_spools(const struct route_table *t, enum method method, const char *path);
/* router_too_big answers a body over its route's limit: 413 naming what was too big. */
void router_too_big(const struct route_table *t, struct req *r, struct resp *rs);
/* router_not_allowed answers a method the path does not take: 405 with Allow listing the ones
 * it does (404 when no route has the path). */
void router_not_allowed(const struct route_table *t, struct req *r, struct resp *rs);

/* auth.c */
int auth_session(struct req *r);      /* fills r->session/user from the token or cookie */
int auth_hash_token(const char *token, char ret[65]);
int auth_password_hash(const char *password, char **ret, struct fault *f); /* malloc'd */
bool auth_password_ok(const char *hash, const char *password);
int auth_password_check(const char *password, struct fault *f); /* length and shape */
void auth_random_token(char *ret, size_t n); /* URL-safe text of n-1 characters */
/*
 * Throttles of failed secrets per address (auth_limits.h, db_throttle_*).
 * auth_throttle_wait gives the seconds ip must still wait before trying
 * secret kind/name again (0: it may try now); auth_throttle_fail counts a
 * failure and gives the wait it now imposes; auth_throttle_clear forgets
 * the count after a success.  Errors of the database are left to the
 * request that follows: a throttle that cannot be read lets the try go on.
 */
int64_t auth_throttle_wait(struct dbc *c, const char *kind, const char *name, const char *ip);
int64_t auth_throttle_fail(struct dbc *c, const char *kind, const char *name, const char *ip);
void auth_throttle_clear(struct dbc *c, const char *kind, const char *name, const char *ip);
/* auth_throttled answers 429 with Retry-After: wait and what (zh, en: "登录", "logins") in the
 * message; returns 0 for the handler to return. */
int auth_throttled(struct req *r, struct resp *rs, int64_t wait, const char *zh, const char *en);
/* auth_password_decoy verifies pw against a fixed hash, so a user who does not exist costs
 * as long as a wrong password; always false. */
bool auth_password_decoy(const char *pw);
unsigned auth_perms(const struct user *u);
const char *auth_scope(struct arena *a, const struct user *u);

/* server.c */
/* server_run answers the routes of t (and the UI's files) on listen until SIGINT/SIGTERM. */
int server_run(struct app *app, const struct route_table *t, const char *listen);
/* server_proxies_parse reads "ADDR[/BITS][,ADDR...]" (IPv4 or IPv6) into a malloc'd array the
 * caller frees; ERR_INVALID with f naming the bad entry. */
int server_proxies_parse(const char *list, struct trusted_net **ret, int *ret_n, struct fault *f);

#endif
