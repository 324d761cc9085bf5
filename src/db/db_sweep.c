/* db_sweep.c: sweep campaigns, rounds, visits and hand-offs, and their maintained coverage. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "db_sweep.h"
#include "err.h"

/* ---------- campaigns ---------- */

static void
read_sweep(struct dbq *q, struct arena *a, void *p)
{
	struct sweep_campaign *s = p;

	s->id = dbq_int(q, 0);
	s->name = dbq_dup(q, a, 1);
	s->scope = dbq_dup(q, a, 2);
	s->starts_on = dbq_dup(q, a, 3);
	s->ends_on = dbq_dup(q, a, 4);
	s->questions = dbq_dup(q, a, 5);
	s->round = (int)dbq_int(q, 6);
	s->status = dbq_dup(q, a, 7);
	s->created_by = dbq_opt_int(q, 8);
	s->created_at = dbq_int(q, 9);
	s->updated_at = dbq_int(q, 10);
	s->closed_at = dbq_opt_int(q, 11);
}

int
db_sweep_insert(struct dbc *c, struct sweep_campaign *s)
{
	struct dbq q;
	int64_t now = clock_now();

	dbq_start(&q, c, ST_SWEEP_INSERT);
	dbq_bind_text(&q, 1, s->name);
	dbq_bind_text(&q, 2, s->scope);
	dbq_bind_text(&q, 3, s->starts_on);
	dbq_bind_text(&q, 4, s->ends_on);
	dbq_bind_text(&q, 5, s->questions);
	dbq_bind_id(&q, 6, s->created_by);
	dbq_bind_int(&q, 7, now);
	dbq_bind_int(&q, 8, now);
	return dbq_scalar_int(&q, &s->id);
}

int
db_sweep_get(struct dbc *c, struct arena *a, int64_t id, struct sweep_campaign *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_sweep, ret);
}

int
db_sweep_list(struct dbc *c, struct arena *a, struct sweep_campaign **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_LIST);
	return dbq_collect(&q, a, sizeof(struct sweep_campaign), read_sweep, (void **)ret, ret_n);
}

int
db_sweep_update(struct dbc *c, const struct sweep_campaign *s)
{
	struct dbq q;
	int64_t now = clock_now();

	dbq_start(&q, c, ST_SWEEP_UPDATE);
	dbq_bind_text(&q, 1, s->name);
	dbq_bind_text(&q, 2, s->scope);
	dbq_bind_text(&q, 3, s->starts_on);
	dbq_bind_text(&q, 4, s->ends_on);
	dbq_bind_text(&q, 5, s->questions);
	dbq_bind_int(&q, 6, s->round);
	dbq_bind_text(&q, 7, s->status);
	dbq_bind_int(&q, 8, now);
	dbq_bind_text(&q, 9, s->status);
	dbq_bind_int(&q, 10, now);
	dbq_bind_int(&q, 11, s->id);
	return dbq_run(&q);
}

int
db_sweep_round_insert(struct dbc *c, int64_t campaign, int round, const char *starts_on,
		      const char *ends_on)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_ROUND_INSERT);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, round);
	dbq_bind_text(&q, 3, starts_on);
	dbq_bind_text(&q, 4, ends_on);
	dbq_bind_int(&q, 5, clock_now());
	return dbq_run(&q);
}

static void
read_round(struct dbq *q, struct arena *a, void *p)
{
	struct sweep_round *r = p;

	r->round = (int)dbq_int(q, 0);
	r->starts_on = dbq_dup(q, a, 1);
	r->ends_on = dbq_dup(q, a, 2);
	r->created_at = dbq_int(q, 3);
}

int
db_sweep_rounds(struct dbc *c, struct arena *a, int64_t campaign, struct sweep_round **ret,
		int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_ROUNDS);
	dbq_bind_int(&q, 1, campaign);
	return dbq_collect(&q, a, sizeof(struct sweep_round), read_round, (void **)ret, ret_n);
}

/* ---------- visits ---------- */

static void
read_visit(struct dbq *q, struct arena *a, void *p)
{
	struct sweep_visit *v = p;

	v->id = dbq_int(q, 0);
	v->campaign_id = dbq_int(q, 1);
	v->round = (int)dbq_int(q, 2);
	v->household_id = dbq_int(q, 3);
	v->address = dbq_dup(q, a, 4);
	v->area_code = dbq_dup(q, a, 5);
	v->area_name = dbq_dup(q, a, 6);
	v->outcome = dbq_dup(q, a, 7);
	v->visited_at = dbq_int(q, 8);
	v->persons = (int)dbq_int(q, 9);
	v->answers = dbq_dup(q, a, 10);
	v->note = dbq_dup(q, a, 11);
	v->revisit_on = dbq_dup(q, a, 12);
	v->user_id = dbq_opt_int(q, 13);
	v->username = dbq_dup(q, a, 14);
	v->created_at = dbq_int(q, 15);
	v->village_name = dbq_dup(q, a, 16);
}

int
db_sweep_visit_insert(struct dbc *c, struct sweep_visit *v)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_VISIT_INSERT);
	dbq_bind_int(&q, 1, v->campaign_id);
	dbq_bind_int(&q, 2, v->round);
	dbq_bind_int(&q, 3, v->household_id);
	dbq_bind_text(&q, 4, v->area_code);
	dbq_bind_text(&q, 5, v->outcome);
	dbq_bind_int(&q, 6, v->visited_at);
	dbq_bind_int(&q, 7, v->persons);
	dbq_bind_text(&q, 8, v->answers ? v->answers : "{}");
	dbq_bind_text(&q, 9, v->note ? v->note : "");
	dbq_bind_text(&q, 10, v->revisit_on);
	dbq_bind_id(&q, 11, v->user_id);
	dbq_bind_text(&q, 12, v->username ? v->username : "");
	dbq_bind_int(&q, 13, clock_now());
	return dbq_scalar_int(&q, &v->id);
}

int
db_sweep_visit_get(struct dbc *c, struct arena *a, int64_t id, struct sweep_visit *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_VISIT_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_visit, ret);
}

static void
bind_visit_where(struct dbq *q, struct arena *a, int64_t campaign, const char *scope,
		 int64_t household)
{
	dbq_bind_int(q, 1, campaign);
	dbq_bind_text(q, 2, scope);
	dbq_bind_text(q, 3, db_range_hi(a, scope));
	dbq_bind_int(q, 4, household);
	dbq_bind_int(q, 5, household);
}

int
db_sweep_visits(struct dbc *c, struct arena *a, int64_t campaign, const char *scope,
		int64_t household, int limit, int offset, struct sweep_visit **ret, int *ret_n,
		int64_t *ret_total)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_SWEEP_VISIT_LIST);
	bind_visit_where(&q, a, campaign, scope, household);
	dbq_bind_int(&q, 6, limit);
	dbq_bind_int(&q, 7, offset);
	if ((rc = dbq_collect(&q, a, sizeof(struct sweep_visit), read_visit, (void **)ret, ret_n)))
		return rc;
	if (household == 0) {
		/* the whole area: the maintained visit counters, every round */
		struct sweep_count *cv;
		int n, i;

		if ((rc = db_sweep_counts(c, a, campaign, scope, &cv, &n)))
			return rc;
		*ret_total = 0;
		for (i = 0; i < n; i++)
			*ret_total += cv[i].visits;
		return 0;
	}
	dbq_start(&q, c, ST_SWEEP_VISIT_COUNT);
	bind_visit_where(&q, a, campaign, scope, household);
	return dbq_scalar_int(&q, ret_total);
}

int
db_sweep_household_status(struct dbc *c, struct arena *a, int64_t campaign, int round,
			  int64_t household, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_HH_STATUS);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, round);
	dbq_bind_int(&q, 3, household);
	return dbq_scalar_text(&q, a, ret);
}

int
db_sweep_household_put(struct dbc *c, int64_t campaign, int round, int64_t household,
		       const char *area_code, const char *status, int64_t visit, int64_t at,
		       const char *revisit_on)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_HH_PUT);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, round);
	dbq_bind_int(&q, 3, household);
	dbq_bind_text(&q, 4, area_code);
	dbq_bind_text(&q, 5, status);
	dbq_bind_int(&q, 6, visit);
	dbq_bind_int(&q, 7, at);
	dbq_bind_text(&q, 8, revisit_on);
	return dbq_run(&q);
}

int
db_sweep_person_seen(struct dbc *c, int64_t campaign, int round, int64_t person, int64_t visit,
		     int *ret_new)
{
	struct dbq q;
	int64_t id;
	int rc;

	dbq_start(&q, c, ST_SWEEP_PERSON_SEEN);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, round);
	dbq_bind_int(&q, 3, person);
	dbq_bind_int(&q, 4, visit);
	rc = dbq_scalar_int(&q, &id);
	if (rc == ERR_NOTFOUND) {
		*ret_new = 0;
		return 0;
	}
	if (rc == 0)
		*ret_new = 1;
	return rc;
}

int
db_sweep_count_add(struct dbc *c, int64_t campaign, int round, const char *area_code,
		   int64_t households, int64_t persons, int64_t not_reached, int64_t visits)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_SWEEP_COUNT_ADD);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, round);
	dbq_bind_text(&q, 3, area_code);
	dbq_bind_int(&q, 4, households);
	dbq_bind_int(&q, 5, persons);
	dbq_bind_int(&q, 6, not_reached);
	dbq_bind_int(&q, 7, visits);
	if ((rc = dbq_run(&q)))
		return rc;
	/* the same change on the day it is recorded: the coverage of any past day */
	dbq_start(&q, c, ST_SWEEP_COUNT_DAY_ADD);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, round);
	dbq_bind_text(&q, 3, area_code);
	dbq_bind_int(&q, 4, clock_day_start(clock_now()));
	dbq_bind_int(&q, 5, households);
	dbq_bind_int(&q, 6, persons);
	dbq_bind_int(&q, 7, not_reached);
	dbq_bind_int(&q, 8, visits);
	return dbq_run(&q);
}

static void
read_count(struct dbq *q, struct arena *a, void *p)
{
	struct sweep_count *s = p;

	s->round = (int)dbq_int(q, 0);
	s->area_code = dbq_dup(q, a, 1);
	s->households_reached = dbq_int(q, 2);
	s->persons_reached = dbq_int(q, 3);
	s->not_reached = dbq_int(q, 4);
	s->visits = dbq_int(q, 5);
}

int
db_sweep_counts(struct dbc *c, struct arena *a, int64_t campaign, const char *scope,
		struct sweep_count **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_COUNTS);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_text(&q, 2, scope);
	dbq_bind_text(&q, 3, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct sweep_count), read_count, (void **)ret, ret_n);
}

int
db_sweep_counts_after(struct dbc *c, struct arena *a, int64_t campaign, const char *scope,
		      int64_t day, struct sweep_count **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_COUNTS_AFTER);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, day);
	dbq_bind_text(&q, 3, scope);
	dbq_bind_text(&q, 4, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct sweep_count), read_count, (void **)ret, ret_n);
}

void
db_sweep_read_pending(struct dbq *q, struct arena *a, void *p)
{
	struct sweep_pending *s = p;

	s->household_id = dbq_int(q, 0);
	s->address = dbq_dup(q, a, 1);
	s->area_code = dbq_dup(q, a, 2);
	s->area_name = dbq_dup(q, a, 3);
	s->head_name = dbq_dup(q, a, 4);
	s->head_birth = dbq_dup(q, a, 5);
	s->members = dbq_int(q, 6);
}

static void
read_pending_full(struct dbq *q, struct arena *a, void *p)
{
	struct sweep_pending *s = p;

	db_sweep_read_pending(q, a, p);
	s->status = dbq_dup(q, a, 7);
	s->attempts = (int)dbq_opt_int(q, 8);
	s->last_at = dbq_opt_int(q, 9);
	s->revisit_on = dbq_dup(q, a, 10);
	s->village_name = dbq_dup(q, a, 11);
}

int
db_sweep_pending(struct dbc *c, struct arena *a, int64_t campaign, int round, const char *scope,
		 int limit, int offset, struct sweep_pending **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct sweep_count *cv;
	struct area_own *ar;
	int ncv, nar, i, rc;
	int64_t total = 0;

	dbq_start(&q, c, ST_SWEEP_PENDING);
	dbq_bind_int(&q, 1, campaign);
	dbq_bind_int(&q, 2, round);
	dbq_bind_text(&q, 3, scope);
	dbq_bind_text(&q, 4, db_range_hi(a, scope));
	dbq_bind_int(&q, 5, limit);
	dbq_bind_int(&q, 6, offset);
	if ((rc = dbq_collect(&q, a, sizeof(struct sweep_pending), read_pending_full, (void **)ret,
			      ret_n)))
		return rc;
	/* the total from the maintained counts: households of the scope less those reached */
	if ((rc = db_area_own(c, a, scope, &ar, &nar)) ||
	    (rc = db_sweep_counts(c, a, campaign, scope, &cv, &ncv)))
		return rc;
	for (i = 0; i < nar; i++)
		total += ar[i].households;
	for (i = 0; i < ncv; i++)
		if (cv[i].round == round)
			total -= cv[i].households_reached;
	*ret_total = total < 0 ? 0 : total;
	return 0;
}

static void
read_handoff(struct dbq *q, struct arena *a, void *p)
{
	struct sweep_handoff *h = p;

	h->id = dbq_int(q, 0);
	h->visit_id = dbq_int(q, 1);
	h->person_id = dbq_opt_int(q, 2);
	h->person_name = dbq_dup(q, a, 3);
	h->question = dbq_dup(q, a, 4);
	h->kind = dbq_dup(q, a, 5);
	h->key_person_id = dbq_opt_int(q, 6);
	h->task_id = dbq_opt_int(q, 7);
	h->status = dbq_dup(q, a, 8);
}

int
db_sweep_handoff_insert(struct dbc *c, struct sweep_handoff *h)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_HANDOFF_INSERT);
	dbq_bind_int(&q, 1, h->visit_id);
	dbq_bind_id(&q, 2, h->person_id);
	dbq_bind_text(&q, 3, h->question);
	dbq_bind_text(&q, 4, h->kind);
	dbq_bind_id(&q, 5, h->key_person_id);
	dbq_bind_id(&q, 6, h->task_id);
	dbq_bind_text(&q, 7, h->status);
	return dbq_scalar_int(&q, &h->id);
}

int
db_sweep_handoffs(struct dbc *c, struct arena *a, int64_t visit, struct sweep_handoff **ret,
		  int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SWEEP_HANDOFFS);
	dbq_bind_int(&q, 1, visit);
	return dbq_collect(&q, a, sizeof(struct sweep_handoff), read_handoff, (void **)ret, ret_n);
}
