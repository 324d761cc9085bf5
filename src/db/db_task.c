/* db_task.c: tasks with owners and deadlines, their events, and their states at a past moment. */
#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_task.h"
#include "err.h"

static void
read_task(struct dbq *q, struct arena *a, void *p)
{
	struct task *t = p;

	t->id = dbq_int(q, 0);
	t->title = dbq_dup(q, a, 1);
	t->description = dbq_dup(q, a, 2);
	t->area_code = dbq_dup(q, a, 3);
	t->area_name = dbq_dup(q, a, 4);
	t->person_id = dbq_opt_int(q, 5);
	t->person_name = dbq_dup(q, a, 6);
	t->owner_id = dbq_int(q, 7);
	t->owner_name = dbq_dup(q, a, 8);
	t->assigned_by = dbq_int(q, 9);
	t->assigned_by_name = dbq_dup(q, a, 10);
	t->deadline = dbq_int(q, 11);
	t->priority = dbq_dup(q, a, 12);
	t->source = dbq_dup(q, a, 13);
	t->source_id = dbq_opt_int(q, 14);
	t->status = dbq_dup(q, a, 15);
	t->result = dbq_dup(q, a, 16);
	t->evidence = dbq_dup(q, a, 17);
	t->created_at = dbq_int(q, 18);
	t->done_at = dbq_opt_int(q, 19);
	t->verified_at = dbq_opt_int(q, 20);
	t->village_name = dbq_dup(q, a, 21);
}

int
db_task_insert(struct dbc *c, struct task *t)
{
	struct dbq q;
	int64_t now = clock_now();

	dbq_start(&q, c, ST_TASK_INSERT);
	dbq_bind_text(&q, 1, t->title);
	dbq_bind_text(&q, 2, t->description ? t->description : "");
	dbq_bind_text(&q, 3, t->area_code);
	dbq_bind_id(&q, 4, t->person_id);
	dbq_bind_int(&q, 5, t->owner_id);
	dbq_bind_int(&q, 6, t->assigned_by);
	dbq_bind_int(&q, 7, t->deadline);
	dbq_bind_text(&q, 8, t->priority);
	dbq_bind_text(&q, 9, t->source);
	dbq_bind_id(&q, 10, t->source_id);
	dbq_bind_int(&q, 11, now);
	dbq_bind_int(&q, 12, now);
	t->created_at = now;
	return dbq_scalar_int(&q, &t->id);
}

int
db_task_get(struct dbc *c, struct arena *a, int64_t id, struct task *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_TASK_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_task, ret);
}

int
db_task_update(struct dbc *c, const struct task *t)
{
	struct dbq q;

	dbq_start(&q, c, ST_TASK_UPDATE);
	dbq_bind_text(&q, 1, t->status);
	dbq_bind_text(&q, 2, t->result ? t->result : "");
	dbq_bind_text(&q, 3, t->evidence ? t->evidence : "");
	dbq_bind_id(&q, 4, t->done_at);
	dbq_bind_id(&q, 5, t->verified_at);
	dbq_bind_int(&q, 6, clock_now());
	dbq_bind_int(&q, 7, t->id);
	return dbq_run(&q);
}

int
db_task_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_TASK_AREA_CODE);
	dbq_bind_int(&q, 1, id);
	return dbq_scalar_text(&q, a, ret);
}

static void
bind_task_where(struct dbq *q, struct arena *a, const char *scope, int64_t me, int64_t owner,
		const char *status, int64_t overdue_at)
{
	dbq_bind_text(q, 1, scope);
	dbq_bind_text(q, 2, db_range_hi(a, scope));
	dbq_bind_int(q, 3, me);
	dbq_bind_int(q, 4, owner);
	dbq_bind_int(q, 5, owner);
	dbq_bind_text(q, 6, status ? status : "");
	dbq_bind_text(q, 7, status ? status : "");
	dbq_bind_int(q, 8, overdue_at);
	dbq_bind_int(q, 9, overdue_at);
}

int
db_task_list(struct dbc *c, struct arena *a, const char *scope, int64_t me, bool post_only,
	     int64_t owner, const char *status, int64_t overdue_at, int limit, int offset,
	     struct task **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct task *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total;

	dbq_start(&q, c, post_only ? ST_TASK_LIST_POST : ST_TASK_LIST);
	bind_task_where(&q, a, scope, me, owner, status, overdue_at);
	dbq_bind_int(&q, 10, limit);
	dbq_bind_int(&q, 11, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_task(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, post_only ? ST_TASK_COUNT_POST : ST_TASK_COUNT);
	bind_task_where(&q, a, scope, me, owner, status, overdue_at);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

bool
db_task_of_post(struct dbc *c, struct arena *a, int64_t id, const char *scope)
{
	struct dbq q;
	int64_t n = 0;

	dbq_start(&q, c, ST_TASK_OF_POST);
	dbq_bind_int(&q, 1, id);
	dbq_bind_text(&q, 2, scope);
	dbq_bind_text(&q, 3, db_range_hi(a, scope));
	return dbq_scalar_int(&q, &n) == 0 && n > 0;
}

int
db_task_all(struct dbc *c, struct arena *a, const char *scope, int64_t t0, int64_t t1, int max,
	    struct task **ret, int *ret_n)
{
	struct dbq q;
	dbq_start(&q, c, ST_TASK_ALL);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_int(&q, 3, t1);
	dbq_bind_int(&q, 4, t0);
	dbq_bind_int(&q, 5, max);
	return dbq_collect(&q, a, sizeof(struct task), read_task, (void **)ret, ret_n);
}

int
db_task_event_add(struct dbc *c, int64_t task_id, int64_t user_id, const char *username,
		  const char *kind, const char *detail)
{
	struct dbq q;

	dbq_start(&q, c, ST_TASK_EVENT_INSERT);
	dbq_bind_int(&q, 1, task_id);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_id(&q, 3, user_id);
	dbq_bind_text(&q, 4, username ? username : "");
	dbq_bind_text(&q, 5, kind);
	dbq_bind_text(&q, 6, detail ? detail : "");
	return dbq_run(&q);
}

static void
read_event(struct dbq *q, struct arena *a, void *p)
{
	struct task_event *e = p;

	e->at = dbq_int(q, 0);
	e->username = dbq_dup(q, a, 1);
	e->kind = dbq_dup(q, a, 2);
	e->detail = dbq_dup(q, a, 3);
	e->display_name = dbq_dup(q, a, 4);
}

int
db_task_events(struct dbc *c, struct arena *a, int64_t task_id, struct task_event **ret,
	       int *ret_n)
{
	struct dbq q;
	dbq_start(&q, c, ST_TASK_EVENT_LIST);
	dbq_bind_int(&q, 1, task_id);
	return dbq_collect(&q, a, sizeof(struct task_event), read_event, (void **)ret, ret_n);
}

static void
read_state(struct dbq *q, struct arena *a, void *p)
{
	struct task_state *s = p;

	s->task_id = dbq_int(q, 0);
	s->owner_id = dbq_int(q, 1);
	s->owner_name = dbq_dup(q, a, 2);
	s->owner_area_code = dbq_dup(q, a, 3);
	s->owner_area_name = dbq_dup(q, a, 4);
	s->deadline = dbq_int(q, 5);
	s->last_kind = dbq_null(q, 6) ? NULL : dbq_dup(q, a, 6);
}

int
db_task_states_at(struct dbc *c, struct arena *a, const char *scope, const char *owner_scope,
		  int64_t t, struct task_state **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_TASK_OWNER_OPEN);
	dbq_bind_int(&q, 1, t);
	dbq_bind_int(&q, 2, t);
	dbq_bind_int(&q, 3, t);
	dbq_bind_text(&q, 4, scope);
	dbq_bind_text(&q, 5, db_range_hi(a, scope));
	dbq_bind_text(&q, 6, owner_scope);
	dbq_bind_text(&q, 7, db_range_hi(a, owner_scope));
	return dbq_collect(&q, a, sizeof(struct task_state), read_state, (void **)ret, ret_n);
}

static void
read_owner_event(struct dbq *q, struct arena *a, void *p)
{
	struct task_owner_event *e = p;

	e->task_id = dbq_int(q, 0);
	e->owner_id = dbq_int(q, 1);
	e->owner_name = dbq_dup(q, a, 2);
	e->owner_area_code = dbq_dup(q, a, 3);
	e->owner_area_name = dbq_dup(q, a, 4);
	e->kind = dbq_dup(q, a, 5);
	e->at = dbq_int(q, 6);
	e->created_at = dbq_int(q, 7);
}

int
db_task_owner_events(struct dbc *c, struct arena *a, const char *scope, int64_t t0, int64_t t1,
		     struct task_owner_event **ret, int *ret_n)
{
	struct dbq q;
	const char *hi = db_range_hi(a, scope);

	dbq_start(&q, c, ST_TASK_OWNER_EVENTS);
	dbq_bind_int(&q, 1, t0);
	dbq_bind_int(&q, 2, t1);
	dbq_bind_text(&q, 3, scope);
	dbq_bind_text(&q, 4, hi);
	dbq_bind_text(&q, 5, scope);
	dbq_bind_text(&q, 6, hi);
	return dbq_collect(&q, a, sizeof(struct task_owner_event), read_owner_event, (void **)ret,
			   ret_n);
}
