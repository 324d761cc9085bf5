/* db_user.c: users, their sessions, the count of failed secrets per address, and the staff a
 * key person's record may name. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"

static void
read_user(struct dbq *q, struct arena *a, int off, struct user *u)
{
	u->id = dbq_int(q, off + 0);
	u->username = dbq_dup(q, a, off + 1);
	u->display_name = dbq_dup(q, a, off + 2);
	u->role = dbq_dup(q, a, off + 3);
	u->area_id = dbq_int(q, off + 4);
	u->area_code = dbq_dup(q, a, off + 5);
	u->area_name = dbq_dup(q, a, off + 6);
	u->area_level = (int)dbq_int(q, off + 7);
	u->disabled = (int)dbq_int(q, off + 8);
	u->failed_logins = (int)dbq_int(q, off + 9);
	u->locked_until = dbq_int(q, off + 10);
	u->last_login_at = dbq_opt_int(q, off + 11);
	u->created_at = dbq_int(q, off + 12);
	u->pwhash = dbq_dup(q, a, off + 13);
	u->phone = dbq_dup(q, a, off + 14);
}

static void
user_fn(struct dbq *q, struct arena *a, void *p)
{
	read_user(q, a, 0, p);
}

int
db_user_insert(struct dbc *c, struct user *u)
{
	struct dbq q;
	int64_t now = clock_now();

	dbq_start(&q, c, ST_USER_INSERT);
	dbq_bind_text(&q, 1, u->username);
	dbq_bind_text(&q, 2, u->display_name ? u->display_name : "");
	dbq_bind_text(&q, 3, u->role);
	dbq_bind_int(&q, 4, u->area_id);
	dbq_bind_text(&q, 5, u->pwhash);
	dbq_bind_int(&q, 6, now);
	dbq_bind_int(&q, 7, now);
	u->created_at = now;
	return dbq_scalar_int(&q, &u->id);
}

int
db_user_get(struct dbc *c, struct arena *a, int64_t id, struct user *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, user_fn, ret);
}

int
db_user_get_by_name(struct dbc *c, struct arena *a, const char *username, struct user *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_GET_BY_NAME);
	dbq_bind_text(&q, 1, username);
	return dbq_one(&q, a, user_fn, ret);
}

/* The scope's users are those in it and those of the areas above it (the district's, the town's),
 * as db_area_list gives a scope its ancestors. */
static void
bind_user_scope(struct dbq *q, struct arena *a, const char *scope)
{
	size_t sl = strlen(scope);

	dbq_bind_text(q, 1, scope);
	dbq_bind_text(q, 2, db_range_hi(a, scope));
	dbq_bind_text(q, 3, sl >= 9 ? arena_printf(a, "%.6s000000", scope) : "");
	dbq_bind_text(q, 4, sl >= 12 ? arena_printf(a, "%.9s000", scope) : "");
}

int
db_user_list(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
	     struct user **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct user *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total;

	dbq_start(&q, c, ST_USER_LIST);
	bind_user_scope(&q, a, scope);
	dbq_bind_int(&q, 5, limit);
	dbq_bind_int(&q, 6, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_user(&q, a, 0, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_USER_COUNT);
	bind_user_scope(&q, a, scope);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

int
db_user_set_password(struct dbc *c, int64_t id, const char *pwhash)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_SET_PASSWORD);
	dbq_bind_text(&q, 1, pwhash);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_int(&q, 3, id);
	return dbq_run(&q);
}

int
db_user_set_disabled(struct dbc *c, int64_t id, bool disabled)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_SET_DISABLED);
	dbq_bind_int(&q, 1, disabled ? 1 : 0);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_int(&q, 3, id);
	return dbq_run(&q);
}

int
db_user_set_display_name(struct dbc *c, int64_t id, const char *name)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_SET_DISPLAY);
	dbq_bind_text(&q, 1, name);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_int(&q, 3, id);
	return dbq_run(&q);
}

int
db_user_login_ok(struct dbc *c, int64_t id)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_LOGIN_OK);
	dbq_bind_int(&q, 1, clock_now());
	dbq_bind_int(&q, 2, id);
	return dbq_run(&q);
}

static void
bind_throttle_key(struct dbq *q, const char *kind, const char *name, const char *ip)
{
	dbq_bind_text(q, 1, kind);
	dbq_bind_text(q, 2, name ? name : "");
	dbq_bind_text(q, 3, ip ? ip : "");
}

static void
read_throttle(struct dbq *q, struct arena *a, void *p)
{
	struct throttle *t = p;

	t->failures = (int)dbq_int(q, 0);
	t->last_at = dbq_int(q, 1);
	t->wait_until = dbq_int(q, 2);
}

int
db_throttle_get(struct dbc *c, const char *kind, const char *name, const char *ip,
		struct throttle *ret)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_THROTTLE_GET);
	bind_throttle_key(&q, kind, name, ip);
	memset(ret, 0, sizeof(*ret));
	if ((rc = dbq_one(&q, NULL, read_throttle, ret)) == ERR_NOTFOUND)
		rc = 0; /* never failed: zeros */
	return rc;
}

int
db_throttle_put(struct dbc *c, const char *kind, const char *name, const char *ip,
		const struct throttle *t)
{
	struct dbq q;

	dbq_start(&q, c, ST_THROTTLE_PUT);
	bind_throttle_key(&q, kind, name, ip);
	dbq_bind_int(&q, 4, t->failures);
	dbq_bind_int(&q, 5, t->last_at);
	dbq_bind_int(&q, 6, t->wait_until);
	return dbq_run(&q);
}

int
db_throttle_clear(struct dbc *c, const char *kind, const char *name, const char *ip)
{
	struct dbq q;

	dbq_start(&q, c, ST_THROTTLE_CLEAR);
	bind_throttle_key(&q, kind, name, ip);
	return dbq_run(&q);
}

int
db_throttle_prune(struct dbc *c, int64_t before)
{
	struct dbq q;

	dbq_start(&q, c, ST_THROTTLE_PRUNE);
	dbq_bind_int(&q, 1, before);
	dbq_bind_int(&q, 2, before);
	return dbq_run(&q);
}

int
db_session_insert(struct dbc *c, const char *token_hash, const char *csrf, int64_t user_id,
		  const char *ip, int64_t expires_at)
{
	struct dbq q;

	dbq_start(&q, c, ST_SESSION_INSERT);
	dbq_bind_text(&q, 1, token_hash);
	dbq_bind_text(&q, 2, csrf);
	dbq_bind_int(&q, 3, user_id);
	dbq_bind_text(&q, 4, ip ? ip : "");
	dbq_bind_int(&q, 5, clock_now());
	dbq_bind_int(&q, 6, expires_at);
	return dbq_run(&q);
}

static void
read_session(struct dbq *q, struct arena *a, void *p)
{
	struct session *s = p;

	s->id = dbq_int(q, 0);
	s->csrf = dbq_dup(q, a, 1);
	s->expires_at = dbq_int(q, 2);
	s->revoked_at = dbq_opt_int(q, 3);
	read_user(q, a, 4, &s->user);
}

int
db_session_lookup(struct dbc *c, struct arena *a, const char *token_hash, struct session *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SESSION_LOOKUP);
	dbq_bind_text(&q, 1, token_hash);
	return dbq_one(&q, a, read_session, ret);
}

int
db_session_revoke(struct dbc *c, const char *token_hash)
{
	struct dbq q;

	dbq_start(&q, c, ST_SESSION_REVOKE);
	dbq_bind_int(&q, 1, clock_now());
	dbq_bind_text(&q, 2, token_hash);
	return dbq_run(&q);
}

int
db_session_revoke_user(struct dbc *c, int64_t user_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_SESSION_REVOKE_USER);
	dbq_bind_int(&q, 1, clock_now());
	dbq_bind_int(&q, 2, user_id);
	return dbq_run(&q);
}

static void
staff_fn(struct dbq *q, struct arena *a, void *p)
{
	struct staff_option *s = p;
	char *display = dbq_dup(q, a, 1);

	s->id = dbq_int(q, 0);
	s->name = *display ? display : dbq_dup(q, a, 2);
	s->role = dbq_dup(q, a, 3);
	s->area_code = dbq_dup(q, a, 4);
	s->area_name = dbq_dup(q, a, 5);
}

int
db_user_find_staff(struct dbc *c, const char *role, const char *area_code, int64_t *ret_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_FIND_STAFF);
	dbq_bind_text(&q, 1, role);
	dbq_bind_text(&q, 2, area_code);
	return dbq_scalar_int(&q, ret_id);
}

int
db_staff_of(struct dbc *c, struct arena *a, const char *area_code, int limit,
	    struct staff_option **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_STAFF_OF);
	dbq_bind_text(&q, 1, area_code);
	dbq_bind_text(&q, 2, db_range_hi(a, area_code));
	dbq_bind_int(&q, 3, limit);
	return dbq_collect(&q, a, sizeof(struct staff_option), staff_fn, (void **)ret, ret_n);
}

int
db_user_set_phone(struct dbc *c, int64_t id, const char *phone)
{
	struct dbq q;

	dbq_start(&q, c, ST_USER_SET_PHONE);
	dbq_bind_text(&q, 1, phone);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_int(&q, 3, id);
	return dbq_run(&q);
}
