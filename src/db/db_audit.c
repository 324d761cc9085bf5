/* db_audit.c: the append-only audit log and the record of imports. */
#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"

int
db_audit_add(struct dbc *c, const struct audit *e)
{
	struct dbq q;

	dbq_start(&q, c, ST_AUDIT_INSERT);
	dbq_bind_int(&q, 1, e->at ? e->at : clock_now());
	if (e->user_id)
		dbq_bind_int(&q, 2, e->user_id);
	else
		dbq_bind_null(&q, 2);
	dbq_bind_text(&q, 3, e->username ? e->username : "");
	dbq_bind_text(&q, 4, e->ip ? e->ip : "");
	dbq_bind_text(&q, 5, e->action);
	dbq_bind_text(&q, 6, e->object_kind ? e->object_kind : "");
	if (e->object_id)
		dbq_bind_int(&q, 7, e->object_id);
	else
		dbq_bind_null(&q, 7);
	dbq_bind_text(&q, 8, e->area_code ? e->area_code : "");
	dbq_bind_text(&q, 9, e->detail ? e->detail : "");
	dbq_bind_int(&q, 10, e->ok);
	return dbq_run(&q);
}

int
db_audit_count_user(struct dbc *c, int64_t user_id, const char *action, int64_t since,
		    int64_t *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_AUDIT_COUNT_USER);
	dbq_bind_int(&q, 1, user_id);
	dbq_bind_text(&q, 2, action);
	dbq_bind_int(&q, 3, since);
	return dbq_scalar_int(&q, ret);
}

static void
bind_filter(struct dbq *q, const char *action, const char *username)
{
	dbq_bind_text(q, 1, action ? action : "");
	dbq_bind_text(q, 2, action ? action : "");
	dbq_bind_text(q, 3, username ? username : "");
	dbq_bind_text(q, 4, username ? username : "");
}

int
db_audit_list(struct dbc *c, struct arena *a, const char *action, const char *username, int limit,
	      int offset, struct audit **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct audit *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total;

	dbq_start(&q, c, ST_AUDIT_LIST);
	bind_filter(&q, action, username);
	dbq_bind_int(&q, 5, limit);
	dbq_bind_int(&q, 6, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1) {
		struct audit *e = &v[n++];

		e->id = dbq_int(&q, 0);
		e->at = dbq_int(&q, 1);
		e->user_id = dbq_null(&q, 2) ? 0 : dbq_int(&q, 2);
		e->username = dbq_dup(&q, a, 3);
		e->ip = dbq_dup(&q, a, 4);
		e->action = dbq_dup(&q, a, 5);
		e->object_kind = dbq_dup(&q, a, 6);
		e->object_id = dbq_null(&q, 7) ? 0 : dbq_int(&q, 7);
		e->area_code = dbq_dup(&q, a, 8);
		e->detail = dbq_dup(&q, a, 9);
		e->ok = (int)dbq_int(&q, 10);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_AUDIT_COUNT);
	bind_filter(&q, action, username);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

/*
 * The end-of-epidemic purge: audit rows older than before about a resident (a person, a household,
 * a key person, a screening ...: AUDIT_RESIDENT_KINDS in db_stmt.c) lose their object and their
 * detail (a name, an address, a reason typed by a clerk), keeping when, who, from where and what
 * was done.  *n is how many rows changed.  Returns 0 or ERR_DB with a fault.
 */
int
db_audit_purge_subjects(struct dbc *c, int64_t before, int64_t *n, struct fault *f)
{
	struct dbq q;
	int64_t count = 0;
	int rc;

	dbq_start(&q, c, ST_AUDIT_PURGE_COUNT);
	dbq_bind_int(&q, 1, before);
	if ((rc = dbq_scalar_int(&q, &count)) == 0 && count > 0) {
		dbq_start(&q, c, ST_AUDIT_PURGE_SUBJECTS);
		dbq_bind_int(&q, 1, before);
		rc = dbq_run(&q);
	}
	if (rc)
		return fault_set(f, ERR_DB, "audit", "无法清除审计日志中的对象",
				 "cannot clear the subjects of the audit log");
	*n = count;
	return 0;
}

int
db_import_record(struct dbc *c, const char *kind, const char *sha256, const char *encoding, int rows,
		 int created, int updated, int unchanged, int64_t user_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_IMPORT_INSERT);
	dbq_bind_text(&q, 1, kind);
	dbq_bind_text(&q, 2, sha256);
	dbq_bind_text(&q, 3, encoding);
	dbq_bind_int(&q, 4, rows);
	dbq_bind_int(&q, 5, created);
	dbq_bind_int(&q, 6, updated);
	dbq_bind_int(&q, 7, unchanged);
	if (user_id)
		dbq_bind_int(&q, 8, user_id);
	else
		dbq_bind_null(&q, 8);
	dbq_bind_int(&q, 9, clock_now());
	return dbq_run(&q);
}
