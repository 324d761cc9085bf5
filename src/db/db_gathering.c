/* db_gathering.c: gatherings (weddings and funerals), their outcomes and figures. */
#include "arena.h"
#include "clock.h"
#include "db_gathering.h"
#include "db_internal.h"
#include "err.h"

static void
read_gathering(struct dbq *q, struct arena *a, void *p)
{
	struct gathering *g = p;

	g->id = dbq_int(q, 0);
	g->kind = dbq_dup(q, a, 1);
	g->host_person_id = dbq_int(q, 2);
	g->host_name = dbq_dup(q, a, 3);
	g->host_phone = dbq_dup(q, a, 4);
	g->area_code = dbq_dup(q, a, 5);
	g->area_name = dbq_dup(q, a, 6);
	g->planned_on = dbq_dup(q, a, 7);
	g->place = dbq_dup(q, a, 8);
	g->expected_guests = dbq_int(q, 9);
	g->note = dbq_dup(q, a, 10);
	g->outcome = dbq_dup(q, a, 11);
	g->postponed_to = dbq_dup(q, a, 12);
	g->guests = dbq_null(q, 13) ? -1 : dbq_int(q, 13);
	g->held_reason = dbq_dup(q, a, 14);
	g->approved_by = dbq_dup(q, a, 15);
	g->persuaded_by = dbq_dup(q, a, 16);
	g->persuaded_at = dbq_opt_int(q, 17);
	g->outcome_note = dbq_dup(q, a, 18);
	g->outcome_at = dbq_opt_int(q, 19);
	g->outcome_user_id = dbq_opt_int(q, 20);
	g->created_by = dbq_opt_int(q, 21);
	g->created_at = dbq_int(q, 22);
}

int
db_gathering_insert(struct dbc *c, struct gathering *g)
{
	struct dbq q;
	int64_t now = clock_now();

	dbq_start(&q, c, ST_GATHERING_INSERT);
	dbq_bind_text(&q, 1, g->kind);
	dbq_bind_int(&q, 2, g->host_person_id);
	dbq_bind_text(&q, 3, g->area_code);
	dbq_bind_text(&q, 4, g->planned_on);
	dbq_bind_text(&q, 5, g->place);
	dbq_bind_int(&q, 6, g->expected_guests);
	dbq_bind_text(&q, 7, g->note ? g->note : "");
	dbq_bind_id(&q, 8, g->created_by);
	dbq_bind_int(&q, 9, now);
	dbq_bind_int(&q, 10, now);
	return dbq_scalar_int(&q, &g->id);
}

int
db_gathering_get(struct dbc *c, struct arena *a, int64_t id, struct gathering *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_GATHERING_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_gathering, ret);
}

int
db_gathering_set_outcome(struct dbc *c, const struct gathering *g)
{
	struct dbq q;

	dbq_start(&q, c, ST_GATHERING_OUTCOME);
	dbq_bind_text(&q, 1, g->outcome);
	dbq_bind_text(&q, 2, g->postponed_to);
	if (g->guests >= 0)
		dbq_bind_int(&q, 3, g->guests);
	else
		dbq_bind_null(&q, 3);
	dbq_bind_text(&q, 4, g->held_reason ? g->held_reason : "");
	dbq_bind_text(&q, 5, g->approved_by ? g->approved_by : "");
	dbq_bind_text(&q, 6, g->persuaded_by ? g->persuaded_by : "");
	dbq_bind_id(&q, 7, g->persuaded_at);
	dbq_bind_text(&q, 8, g->outcome_note ? g->outcome_note : "");
	dbq_bind_int(&q, 9, g->outcome_at);
	dbq_bind_id(&q, 10, g->outcome_user_id);
	dbq_bind_int(&q, 11, clock_now());
	dbq_bind_int(&q, 12, g->id);
	return dbq_run(&q);
}

static void
bind_gathering_where(struct dbq *q, struct arena *a, const char *scope, const char *from,
		     const char *to, const char *outcome)
{
	const char *o = outcome ? outcome : "";

	dbq_bind_text(q, 1, scope);
	dbq_bind_text(q, 2, db_range_hi(a, scope));
	dbq_bind_text(q, 3, from && *from ? from : "");
	dbq_bind_text(q, 4, to && *to ? to : "9999-12-31");
	dbq_bind_text(q, 5, o);
	dbq_bind_text(q, 6, o);
}

int
db_gathering_list(struct dbc *c, struct arena *a, const char *scope, const char *from,
		  const char *to, const char *outcome, int limit, int offset, struct gathering **ret,
		  int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_GATHERING_LIST);
	bind_gathering_where(&q, a, scope, from, to, outcome);
	dbq_bind_int(&q, 7, limit);
	dbq_bind_int(&q, 8, offset);
	if ((rc = dbq_collect(&q, a, sizeof(struct gathering), read_gathering, (void **)ret, ret_n)))
		return rc;
	dbq_start(&q, c, ST_GATHERING_COUNT);
	bind_gathering_where(&q, a, scope, from, to, outcome);
	return dbq_scalar_int(&q, ret_total);
}

static void
read_figure(struct dbq *q, struct arena *a, void *p)
{
	struct gathering_figure *f = p;

	f->village_code = dbq_dup(q, a, 0);
	f->outcome = dbq_dup(q, a, 1);
	f->n = dbq_int(q, 2);
	f->expected = dbq_int(q, 3);
	f->guests = dbq_int(q, 4);
}

int
db_gathering_figures(struct dbc *c, struct arena *a, const char *scope, const char *from,
		     const char *to, int64_t before, struct gathering_figure **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_GATHERING_FIGURES);
	dbq_bind_int(&q, 1, before);
	dbq_bind_text(&q, 2, scope);
	dbq_bind_text(&q, 3, db_range_hi(a, scope));
	dbq_bind_text(&q, 4, from && *from ? from : "");
	dbq_bind_text(&q, 5, to && *to ? to : "9999-12-31");
	dbq_bind_int(&q, 6, before);
	return dbq_collect(&q, a, sizeof(struct gathering_figure), read_figure, (void **)ret, ret_n);
}
