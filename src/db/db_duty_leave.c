/* db_duty_leave.c: leave over a date range at a duty post; the shifts it touches carry it as
 * duty_change rows naming it (db_duty.c). */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_duty.h"
#include "db_internal.h"
#include "err.h"

static void
read_leave(struct dbq *q, struct arena *a, void *p)
{
	struct duty_leave *l = p;

	l->id = dbq_int(q, 0);
	l->post_id = dbq_int(q, 1);
	l->member_id = dbq_int(q, 2);
	l->team_id = dbq_int(q, 3);
	l->member_name = dbq_dup(q, a, 4);
	l->from_day = dbq_dup(q, a, 5);
	l->to_day = dbq_dup(q, a, 6);
	l->reason = dbq_dup(q, a, 7);
	l->created_by = dbq_opt_int(q, 8);
	l->created_by_name = dbq_dup(q, a, 9);
	l->created_at = dbq_int(q, 10);
	l->cancelled_at = dbq_opt_int(q, 11);
	l->shifts = dbq_int(q, 12);
}

int
db_leave_insert(struct dbc *c, struct duty_leave *l)
{
	struct dbq q;

	dbq_start(&q, c, ST_LEAVE_INSERT);
	dbq_bind_int(&q, 1, l->post_id);
	dbq_bind_int(&q, 2, l->member_id);
	dbq_bind_text(&q, 3, l->from_day);
	dbq_bind_text(&q, 4, l->to_day);
	dbq_bind_text(&q, 5, l->reason ? l->reason : "");
	dbq_bind_id(&q, 6, l->created_by);
	dbq_bind_int(&q, 7, clock_now());
	return dbq_scalar_int(&q, &l->id);
}

int
db_leave_get(struct dbc *c, struct arena *a, int64_t id, struct duty_leave *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LEAVE_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_leave, ret);
}

int
db_leave_of_post(struct dbc *c, struct arena *a, int64_t post_id, const char *from, const char *to,
		 bool all, struct duty_leave **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_LEAVE_OF_POST);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_text(&q, 2, from);
	dbq_bind_text(&q, 3, to);
	dbq_bind_int(&q, 4, all);
	return dbq_collect(&q, a, sizeof(struct duty_leave), read_leave, (void **)ret, ret_n);
}

int
db_leave_cancel(struct dbc *c, int64_t id, int64_t user_id, int64_t now)
{
	struct dbq q;
	int64_t got;
	int rc;

	dbq_start(&q, c, ST_LEAVE_CANCEL);
	dbq_bind_id(&q, 1, user_id);
	dbq_bind_int(&q, 2, now);
	dbq_bind_int(&q, 3, id);
	if ((rc = dbq_scalar_int(&q, &got)))
		return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
	dbq_start(&q, c, ST_LEAVE_UNAPPLY);
	dbq_bind_int(&q, 1, id);
	dbq_bind_int(&q, 2, now);
	return dbq_run(&q);
}
