/* db_tip.c: tips from the public, their tracking codes and triage. */
#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_tip.h"
#include "err.h"

static void
read_tip(struct dbq *q, struct arena *a, void *p)
{
	struct tip *t = p;

	t->id = dbq_int(q, 0);
	t->code = dbq_dup(q, a, 1);
	t->kind = dbq_dup(q, a, 2);
	t->area_code = dbq_dup(q, a, 3);
	t->area_name = dbq_dup(q, a, 4);
	t->address = dbq_dup(q, a, 5);
	t->happened = dbq_dup(q, a, 6);
	t->description = dbq_dup(q, a, 7);
	t->reporter_name = dbq_dup(q, a, 8);
	t->reporter_phone = dbq_dup(q, a, 9);
	t->anonymous = (int)dbq_int(q, 10);
	t->status = dbq_dup(q, a, 11);
	t->triage = dbq_dup(q, a, 12);
	t->duplicate_of = dbq_opt_int(q, 13);
	t->task_id = dbq_opt_int(q, 14);
	t->public_result = dbq_dup(q, a, 15);
	t->created_at = dbq_int(q, 16);
	t->handled_at = dbq_opt_int(q, 17);
	t->village_name = dbq_dup(q, a, 18);
}

int
db_tip_insert(struct dbc *c, struct tip *t)
{
	struct dbq q;
	int64_t now = clock_now();

	dbq_start(&q, c, ST_TIP_INSERT);
	dbq_bind_text(&q, 1, t->code);
	dbq_bind_text(&q, 2, t->kind);
	dbq_bind_text(&q, 3, t->area_code);
	dbq_bind_text(&q, 4, t->address ? t->address : "");
	dbq_bind_text(&q, 5, t->happened ? t->happened : "");
	dbq_bind_text(&q, 6, t->description);
	dbq_bind_text(&q, 7, t->reporter_name);
	dbq_bind_text(&q, 8, t->reporter_phone);
	dbq_bind_int(&q, 9, t->anonymous);
	dbq_bind_int(&q, 10, now);
	dbq_bind_int(&q, 11, now);
	t->created_at = now;
	return dbq_scalar_int(&q, &t->id);
}

int
db_tip_get(struct dbc *c, struct arena *a, int64_t id, struct tip *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_TIP_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_tip, ret);
}

int
db_tip_by_code(struct dbc *c, struct arena *a, const char *code, struct tip *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_TIP_BY_CODE);
	dbq_bind_text(&q, 1, code);
	return dbq_one(&q, a, read_tip, ret);
}

int
db_tip_by_task(struct dbc *c, struct arena *a, int64_t task_id, struct tip *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_TIP_BY_TASK);
	dbq_bind_int(&q, 1, task_id);
	return dbq_one(&q, a, read_tip, ret);
}

int
db_tip_update(struct dbc *c, const struct tip *t)
{
	struct dbq q;

	dbq_start(&q, c, ST_TIP_UPDATE);
	dbq_bind_text(&q, 1, t->status);
	dbq_bind_text(&q, 2, t->triage);
	dbq_bind_id(&q, 3, t->duplicate_of);
	dbq_bind_id(&q, 4, t->task_id);
	dbq_bind_text(&q, 5, t->public_result ? t->public_result : "");
	dbq_bind_id(&q, 6, t->handled_at);
	dbq_bind_int(&q, 7, clock_now());
	dbq_bind_int(&q, 8, t->id);
	return dbq_run(&q);
}

int
db_tip_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_TIP_AREA_CODE);
	dbq_bind_int(&q, 1, id);
	return dbq_scalar_text(&q, a, ret);
}

int
db_tip_list(struct dbc *c, struct arena *a, const char *scope, const char *status, int limit,
	    int offset, struct tip **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct tip *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total;
	const char *st = status ? status : "";

	dbq_start(&q, c, ST_TIP_LIST);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, st);
	dbq_bind_text(&q, 4, st);
	dbq_bind_int(&q, 5, limit);
	dbq_bind_int(&q, 6, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_tip(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_TIP_COUNT);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, st);
	dbq_bind_text(&q, 4, st);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

int
db_tip_range(struct dbc *c, struct arena *a, const char *scope, int64_t t0, int64_t t1,
	     struct tip **ret, int *ret_n)
{
	struct dbq q;
	dbq_start(&q, c, ST_TIP_RANGE);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_int(&q, 3, t0);
	dbq_bind_int(&q, 4, t1);
	dbq_bind_int(&q, 5, t0);
	dbq_bind_int(&q, 6, t1);
	return dbq_collect(&q, a, sizeof(struct tip), read_tip, (void **)ret, ret_n);
}
