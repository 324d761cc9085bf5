/* router.c: match a route, then authenticate, authorise and scope before any handler runs. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "http.h"
#include "role.h"

int
router_check(const struct route_table *t)
{
	int i, bad = 0;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].perm == 0 || t->v[i].fn == NULL) {
			fprintf(stderr, "fangyi: route %s declares no permission: refusing to serve\n",
				t->v[i].pattern);
			bad = 1;
		}
		/* the area is the record's whose id is params[0]: a path without one has no record */
		if (t->v[i].area != NULL && strchr(t->v[i].pattern, '{') == NULL) {
			fprintf(stderr, "fangyi: route %s checks the area of a record its path does not "
				"name: refusing to serve\n", t->v[i].pattern);
			bad = 1;
		}
	}
	return bad ? ERR_INTERNAL : 0;
}

/* Match path against pattern, collecting {param} segments into r. */
static bool
match(const char *pattern, const char *path, struct req *r)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);

			if (len == 0 || n >= REQ_MAX_PARAMS)
				return false;
			if (r)
				r->params[n] = arena_strndup(r->arena, s, len);
			n++;
			s += len;
			p = strchr(p, '}');
			if (p == NULL)
				return false;
			p++;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p != '\0' || *s != '\0')
		return false;
	if (r)
		r->nparams = n;
	return true;
}

const struct route *
router_match(const struct route_table *t, struct req *r, bool *ret_path_known)
{
	int i;

	*ret_path_known = false;
	for (i = 0; i < t->n; i++) {
		if (!match(t->v[i].pattern, r->path, NULL))
			continue;
		if (t->v[i].method != r->method) {
			*ret_path_known = true;
			continue;
		}
		match(t->v[i].pattern, r->path, r);
		return &t->v[i];
	}
	return NULL;
}

static const char *const method_names[M__MAX] = {"GET", "POST", "PATCH", "PUT", "DELETE"};

void
router_not_allowed(const struct route_table *t, struct req *r, struct resp *rs)
{
	char allow[64] = "";
	bool seen[M__MAX] = {false};
	int i, m;

	if (strncmp(r->path, "/api/", 5) != 0 && strcmp(r->path, "/healthz") != 0) {
		seen[M_GET] = true; /* the UI's files and pages */
	} else {
		for (i = 0; i < t->n; i++)
			if (match(t->v[i].pattern, r->path, NULL))
				seen[t->v[i].method] = true;
	}
	for (m = 0; m < M__MAX; m++)
		if (seen[m])
			snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), "%s%s",
				 allow[0] ? ", " : "", method_names[m]);
	if (allow[0] == '\0') {
		resp_error(rs, ERR_NOTFOUND, NULL);
		return;
	}
	/* the method is named back only when it looks like one: it is the client's text */
	if (r->method_text != NULL && strlen(r->method_text) <= 16 &&
	    strspn(r->method_text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(r->method_text))
		fault_setf(&r->fault, ERR_INVALID, "method", "此地址不接受 %s 请求，可用的方法：%s",
			   "%s is not allowed here: use %s", r->method_text, allow);
	else
		fault_setf(&r->fault, ERR_INVALID, "method", "此地址不接受该请求方法，可用的方法：%s",
			   "this method is not allowed here: use %s", allow);
	resp_error(rs, ERR_INVALID, &r->fault);
	rs->status = 405;
	rs->allow = arena_strdup(r->arena, allow);
	json_object_set_new(json_object_get(rs->json, "error"), "code",
			    json_string("method_not_allowed"));
}

size_t
router_body_limit(const struct route_table *t, enum method method, const char *path)
{
	int i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].method != method || !match(t->v[i].pattern, path, NULL))
			continue;
		if (t->v[i].flags & ROUTE_BIG_BODY)
			return HTTP_MAX_UPLOAD;
		if (t->v[i].flags & ROUTE_PHOTO_BODY)
			return HTTP_MAX_PHOTO;
		break;
	}
	return HTTP_MAX_BODY;
}

bool
router_spools(const struct route_table *t, enum method method, const char *path)
{
	return router_body_limit(t, method, path) == HTTP_MAX_UPLOAD;
}

void
router_too_big(const struct route_table *t, struct req *r, struct resp *rs)
{
	size_t limit = router_body_limit(t, r->method, r->path), mb = limit >> 20;
	bool known;

	r->route = router_match(t, r, &known); /* for the request's log line */
	if (limit == HTTP_MAX_UPLOAD)
		fault_setf(&r->fault, ERR_TOOBIG, "file",
			   "上传的文件不能超过 %zu MB（%zu GB），请拆分后分批上传",
			   "an upload is at most %zu MB (%zu GB): split the file and upload the parts",
			   mb, mb >> 10);
	else if (limit == HTTP_MAX_PHOTO)
		fault_setf(&r->fault, ERR_TOOBIG, "photo", "照片不能超过 %zu MB，请压缩后再上传",
			   "a photo is at most %zu MB: make it smaller and upload it again", mb);
	else
		fault_setf(&r->fault, ERR_TOOBIG, "body", "请求体不能超过 %zu MB",
			   "the body is at most %zu MB", mb);
	resp_error(rs, ERR_TOOBIG, &r->fault);
}

static bool
in_scope(const char *scope, const char *code)
{
	return code != NULL && strncmp(code, scope, strlen(scope)) == 0;
}

/* The record named by params[0] must lie inside the user's area: else 404,
 * never 403, so a probe learns nothing about records elsewhere.  The route
 * says how to find its record's area (NULL: the handler scopes its lists). */
static int
check_scope(struct req *r, area_fn area)
{
	int64_t id = req_param_id(r, 0);
	char *code = NULL;
	int rc;

	if (area == NULL)
		return 0;
	if (id == 0)
		return ERR_NOTFOUND;
	if ((rc = area(r->db, r->arena, id, &code)))
		return rc;
	return in_scope(r->scope, code) ? 0 : ERR_NOTFOUND;
}

int
router_replay(struct req *r, struct resp *rs)
{
	char *hash, *body;
	int status, rc;

	if ((rc = db_idem_get(r->db, r->arena, r->idem_key, r->idem_user, &hash, &status, &body)))
		return rc;
	if (strcmp(hash, r->idem_hash) != 0) {
		fault_set(&r->fault, ERR_INVALID, "Idempotency-Key",
			  "该幂等键已用于另一份不同的提交，请为新的提交生成新的键",
			  "this Idempotency-Key was used for a different request: use a new key for a new request");
		resp_error(rs, ERR_INVALID, &r->fault);
		json_object_set_new(json_object_get(rs->json, "error"), "code",
				    json_string("idempotency_mismatch"));
		return 0;
	}
	if (strncmp(body, "{\"$ref\":", 8) == 0) {
		/* a deferred write's record: the answer is the record, rendered */
		if (r->routes == NULL || r->routes->render_ref == NULL)
			return ERR_INTERNAL;
		if ((rc = r->routes->render_ref(r, body, &rs->json)))
			return rc;
	} else {
		rs->body = body;
		rs->bodylen = strlen(body);
		rs->ctype = "application/json; charset=utf-8";
	}
	rs->status = status;
	rs->replay = true;
	return 0;
}

/*
 * An idempotent route with a key: the key is checked and the request's
 * hash taken (idem_read); a key seen before replays its first answer (or
 * refuses a different body: idem_replay); a new key runs the handler, which
 * stores its answer in the same transaction as its writes (api_commit_json).
 * Both return true when rs already holds the answer.
 *
 * A user's keys are theirs alone.  On a public route (a tip from the public)
 * nobody is logged in, so every client's keys share one space (user 0) and
 * a key is all that tells one client from another: whoever sends a key and
 * the very body sent with it first is answered as that client was, and the
 * answer holds the tip's tracking code, which reads its progress.  So a
 * public key must be at least 32 characters, as a random UUID is: a key
 * that long and random cannot be guessed, and one seen on the wire came
 * with its answer anyway.  Bound to the client's address instead, a phone
 * retrying from another network would post its tip twice.
 */
#define IDEM_PUBLIC_MIN 32

static bool
idem_read(struct req *r, struct resp *rs, bool public)
{
	const char *k = r->idem_header;
	unsigned char h[32];
	crypto_hash_sha256_state st;
	char hex[65];
	size_t n;

	if (k == NULL)
		return false;
	n = strlen(k);
	if (n < 8 || n > 80 || strspn(k, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				     "0123456789-_.:") != n) {
		fault_set(&r->fault, ERR_INVALID, "Idempotency-Key",
			  "幂等键应为 8-80 个字母、数字或 - _ . :",
			  "an Idempotency-Key is 8-80 letters, digits or - _ . :");
		resp_error(rs, ERR_INVALID, &r->fault);
		return true;
	}
	if (public && n < IDEM_PUBLIC_MIN) {
		fault_setf(&r->fault, ERR_INVALID, "Idempotency-Key",
			   "无需登录的提交，幂等键至少 %d 个字符（如随机生成的 UUID），以免被他人猜中",
			   "an Idempotency-Key without login is at least %d characters (a random "
			   "UUID), so that nobody else can guess it",
			   IDEM_PUBLIC_MIN);
		resp_error(rs, ERR_INVALID, &r->fault);
		return true;
	}
	r->idem_user = public ? 0 : r->user->id;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)r->path, strlen(r->path) + 1);
	if (r->body)
		crypto_hash_sha256_update(&st, (const unsigned char *)r->body, r->bodylen);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	r->idem_key = k;
	r->idem_hash = arena_strdup(r->arena, hex);
	return false;
}

static bool
idem_replay(struct req *r, struct resp *rs)
{
	int rc;

	if (r->idem_key == NULL)
		return false;
	rc = router_replay(r, rs);
	if (rc == ERR_NOTFOUND)
		return false;
	/* the first answer may be committed but not yet on disk (group commit) */
	if (rc == 0 && (rc = db_durable(dbc_db(r->db))) != 0)
		memset(rs, 0, sizeof(*rs));
	if (rc)
		resp_error(rs, rc, NULL);
	return true;
}

static bool
is_json(const char *ctype)
{
	return ctype == NULL || strncmp(ctype, "application/json", 16) == 0;
}

struct batched {
	struct req *r;
	struct resp *rs;
	int rc;
};

void
req_defer(struct req *r, int (*apply)(struct req *, struct resp *, void *),
	  int (*answer)(struct req *, struct resp *, void *), void *ctx)
{
	r->apply = apply;
	r->answer = answer;
	r->defer_ctx = ctx;
}

/* A deferred transaction on the writer thread: its reads and writes go to
 * the shared transaction.  A second run (the writer retrying its batch
 * with a savepoint per job) starts from a clean answer. */
static int
run_batched(struct dbc *w, void *arg)
{
	struct batched *b = arg;
	struct dbc *own = b->r->db;
	int rc;

	if (b->rs->json)
		json_decref(b->rs->json);
	memset(b->rs, 0, sizeof(*b->rs));
	memset(&b->r->fault, 0, sizeof(b->r->fault));
	b->r->db = w;
	rc = b->r->apply(b->r, b->rs, b->r->defer_ctx);
	b->r->db = own;
	return rc;
}

/* The deferred transaction's result (rc) turned into the answer. */
static void
finish(struct req *r, struct resp *rs, int rc)
{
	if (rc == 0 && r->answer != NULL && rs->status == 0)
		rc = r->answer(r, rs, r->defer_ctx);
	if (r->json)
		json_decref(r->json);
	r->json = NULL;
	if (rc != 0) {
		/* an open transaction is rolled back when the connection is released */
		if (rs->json)
			json_decref(rs->json);
		memset(rs, 0, sizeof(*rs));
		resp_error(rs, rc, &r->fault);
	} else if (rs->status == 0)
		rs->status = 200;
}

static void
batched_done(void *arg, int rc)
{
	struct batched *b = arg;

	b->rc = rc;
	b->r->wake(b->r->wake_arg);
}

void
router_submit(struct req *r, struct resp *rs)
{
	struct batched *b = arena_alloc(r->arena, sizeof(*b));

	b->r = r;
	b->rs = rs;
	b->rc = 0;
	r->batch = b;
	if (r->wake != NULL) {
		db_batch_async(r->app->db, run_batched, b, batched_done, b);
		return;
	}
	/* a server that cannot wait (stopping), or no group commit: run it here */
	b->rc = db_batch(r->db, run_batched, b);
	finish(r, rs, b->rc);
}

void
router_finish(struct req *r, struct resp *rs)
{
	finish(r, rs, r->batch->rc);
}

bool
router_dispatch(const struct route_table *t, struct req *r, struct resp *rs)
{
	const struct route *rt;
	bool known, later;
	int rc;

	r->routes = t;
	rt = r->route = router_match(t, r, &known);
	if (rt == NULL) {
		if (known)
			router_not_allowed(t, r, rs);
		else
			resp_error(rs, ERR_NOTFOUND, NULL);
		return false;
	}
	/* a hot write only reads here (req_defer): its reads share one snapshot */
	if ((rt->flags & ROUTE_BATCH) && dbc_snapshot(r->db) != 0) {
		resp_error(rs, ERR_DB, NULL);
		return false;
	}
	if (!(rt->perm & PERM_PUBLIC)) {
		if ((rc = auth_session(r)) != 0) {
			resp_error(rs, rc, &r->fault);
			return false;
		}
		/* a browser's cookie must be paired with the page's CSRF token */
		if (r->via_cookie && r->method != M_GET &&
		    (r->csrf_header == NULL || strcmp(r->csrf_header, r->session->csrf) != 0)) {
			fault_set(&r->fault, ERR_DENIED, "X-CSRF-Token",
				  "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
				  "the request lacks a valid CSRF token: reload the page and retry");
			resp_error(rs, ERR_DENIED, &r->fault);
			json_object_set_new(json_object_get(rs->json, "error"), "code",
					    json_string("csrf"));
			return false;
		}
		if (rt->perm != PERM_LOGGED_IN && (r->perms & rt->perm) != rt->perm) {
			resp_error(rs, ERR_DENIED, NULL);
			return false;
		}
		if ((rc = check_scope(r, rt->area)) != 0) {
			resp_error(rs, rc, NULL);
			return false;
		}
	} else if (r->authorization != NULL || r->cookie != NULL) {
		/* public routes still learn who is asking when someone is logged in */
		(void)auth_session(r);
		memset(&r->fault, 0, sizeof(r->fault));
	}
	if (!(rt->flags & ROUTE_RAW_BODY) && (r->method == M_POST || r->method == M_PATCH ||
					      r->method == M_PUT)) {
		json_error_t je;

		if (!is_json(r->content_type)) {
			fault_set(&r->fault, ERR_INVALID, "Content-Type",
				  "请求体须为 JSON（Content-Type: application/json）",
				  "the body must be JSON (Content-Type: application/json)");
			resp_error(rs, ERR_INVALID, &r->fault);
			rs->status = 415;
			return false;
		}
		r->json = json_loadb(r->body ? r->body : "{}", r->body ? r->bodylen : 2,
				     JSON_REJECT_DUPLICATES, &je);
		if (r->json == NULL || !json_is_object(r->json)) {
			fault_setf(&r->fault, ERR_INVALID, "body", "请求体不是合法的 JSON 对象：%s",
				   "the body is not a valid JSON object: %s",
				   r->json ? "not an object" : je.text);
			resp_error(rs, ERR_INVALID, &r->fault);
			rs->status = 400;
			json_object_set_new(json_object_get(rs->json, "error"), "code",
					    json_string("bad_json"));
			json_decref(r->json);
			r->json = NULL;
			return false;
		}
	}
	memset(&r->fault, 0, sizeof(r->fault));
	/*
	 * A hot write handed to the writer looks its key up there, for free:
	 * a retry meets the stored key when its own is inserted (idem_store)
	 * and is answered from the record.  Here, only a refusal asks whether
	 * it was a retry of a request accepted before things changed.
	 */
	later = (rt->flags & ROUTE_BATCH) && r->wake != NULL && db_shares_commits(r->app->db);
	if ((rt->flags & ROUTE_IDEMPOTENT) && (r->user || (rt->perm & PERM_PUBLIC)) &&
	    (idem_read(r, rs, (rt->perm & PERM_PUBLIC) != 0) || (!later && idem_replay(r, rs)))) {
		json_decref(r->json);
		r->json = NULL;
		return false;
	}
	rc = rt->fn(r, rs);
	if (rc != 0 && later && r->user && idem_replay(r, rs)) {
		memset(&r->fault, 0, sizeof(r->fault));
		r->apply = NULL;
		json_decref(r->json);
		r->json = NULL;
		return false;
	}
	if (rc == 0 && r->apply != NULL) {
		/* a deferred transaction: the server suspends the request and
		 * calls router_submit, or it runs here */
		if (r->wake != NULL && db_shares_commits(r->app->db))
			return true;
		r->wake = NULL;
		router_submit(r, rs);
		return false;
	}
	finish(r, rs, rc);
	return false;
}
