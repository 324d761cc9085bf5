/* db_screening.c: checkpoint screenings, the people screened, their hand-offs, and the counters
 * per post-hour and per shift (one UPSERT each per screening). */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_screening.h"
#include "err.h"

static void
read_screening(struct dbq *q, struct arena *a, void *p)
{
	struct screening *s = p;

	s->id = dbq_int(q, 0);
	s->post_id = dbq_int(q, 1);
	s->shift_id = dbq_opt_int(q, 2);
	s->post_name = dbq_dup(q, a, 3);
	s->area_code = dbq_dup(q, a, 4);
	s->at = dbq_int(q, 5);
	s->day = dbq_dup(q, a, 6);
	s->kind = dbq_dup(q, a, 7);
	s->plate = dbq_dup(q, a, 8);
	s->plate_kind = dbq_dup(q, a, 9);
	s->vehicle_kind = dbq_dup(q, a, 10);
	s->direction = dbq_dup(q, a, 11);
	s->people = (int)dbq_int(q, 12);
	s->abnormal = (int)dbq_int(q, 13);
	s->high_risk = (int)dbq_int(q, 14);
	s->handoffs = (int)dbq_int(q, 15);
	s->repeat_of = dbq_opt_int(q, 16);
	s->note = dbq_dup(q, a, 17);
	s->recorded_by = dbq_opt_int(q, 18);
	s->recorded_by_name = dbq_dup(q, a, 19);
	s->recorded_at = dbq_int(q, 20);
}

static void
read_sperson(struct dbq *q, struct arena *a, void *p)
{
	struct screened_person *s = p;

	s->id = dbq_int(q, 0);
	s->screening_id = dbq_int(q, 1);
	s->seq = (int)dbq_int(q, 2);
	s->temp_tenths = (int)dbq_int(q, 3);
	s->fever = (int)dbq_int(q, 4);
	s->high_risk = (int)dbq_int(q, 5);
	s->name = dbq_dup(q, a, 6);
	s->id_number = dbq_dup(q, a, 7);
	s->phone = dbq_dup(q, a, 8);
	s->from_place = dbq_dup(q, a, 9);
	s->via = dbq_dup(q, a, 10);
	s->to_place = dbq_dup(q, a, 11);
	s->lives_in = dbq_dup(q, a, 12);
}

static void
read_handoff(struct dbq *q, struct arena *a, void *p)
{
	struct handoff *h = p;

	h->id = dbq_int(q, 0);
	h->screening_id = dbq_int(q, 1);
	h->screened_person_id = dbq_int(q, 2);
	h->kind = dbq_dup(q, a, 3);
	h->reason = dbq_dup(q, a, 4);
	h->key_person_id = dbq_opt_int(q, 5);
	h->existing = (int)dbq_int(q, 6);
	h->task_id = dbq_opt_int(q, 7);
	h->created_at = dbq_int(q, 8);
	h->person_id = dbq_opt_int(q, 9);
	h->registered = (int)dbq_int(q, 10);
	h->check_id = dbq_opt_int(q, 11);
	h->area_code = dbq_null(q, 12) ? NULL : dbq_dup(q, a, 12);
	h->village_name = dbq_null(q, 13) ? NULL : dbq_dup(q, a, 13);
}

static void
read_counts(struct dbq *q, int col, struct screen_counts *c)
{
	c->vehicles = dbq_int(q, col);
	c->pedestrians = dbq_int(q, col + 1);
	c->people = dbq_int(q, col + 2);
	c->abnormal = dbq_int(q, col + 3);
	c->high_risk = dbq_int(q, col + 4);
	c->handoffs = dbq_int(q, col + 5);
}

static void
counts_fn(struct dbq *q, struct arena *a, void *p)
{
	read_counts(q, 0, p);
}

static void
read_count_row(struct dbq *q, struct arena *a, void *p)
{
	struct count_row *r = p;

	r->post_id = dbq_int(q, 0);
	r->key = dbq_int(q, 1);
	r->day = dbq_dup(q, a, 2);
	r->hod = (int)dbq_int(q, 3);
	read_counts(q, 4, &r->c);
}

int
db_screening_insert(struct dbc *c, struct screening *s)
{
	struct dbq q;

	dbq_start(&q, c, ST_SCREENING_INSERT);
	dbq_bind_int(&q, 1, s->post_id);
	dbq_bind_id(&q, 2, s->shift_id);
	dbq_bind_text(&q, 3, s->area_code);
	dbq_bind_int(&q, 4, s->at);
	dbq_bind_text(&q, 5, s->day);
	dbq_bind_text(&q, 6, s->kind);
	dbq_bind_text(&q, 7, s->plate ? s->plate : "");
	dbq_bind_text(&q, 8, s->plate_kind ? s->plate_kind : "");
	dbq_bind_text(&q, 9, s->vehicle_kind ? s->vehicle_kind : "");
	dbq_bind_text(&q, 10, s->direction ? s->direction : "");
	dbq_bind_int(&q, 11, s->people);
	dbq_bind_int(&q, 12, s->abnormal);
	dbq_bind_int(&q, 13, s->high_risk);
	dbq_bind_int(&q, 14, s->handoffs);
	dbq_bind_id(&q, 15, s->repeat_of);
	dbq_bind_text(&q, 16, s->note ? s->note : "");
	dbq_bind_id(&q, 17, s->recorded_by);
	dbq_bind_int(&q, 18, s->recorded_at);
	return dbq_scalar_int(&q, &s->id);
}

int
db_screening_get(struct dbc *c, struct arena *a, int64_t id, struct screening *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SCREENING_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_screening, ret);
}

int
db_screening_list(struct dbc *c, struct arena *a, int64_t post_id, int64_t from, int64_t to,
		  const char *plate, int limit, int offset, struct screening **ret, int *ret_n)
{
	struct dbq q;

	if (plate && *plate) {
		dbq_start(&q, c, ST_SCREENING_LIST_PLATE);
		dbq_bind_int(&q, 1, post_id);
		dbq_bind_text(&q, 2, plate);
		dbq_bind_int(&q, 3, from);
		dbq_bind_int(&q, 4, to);
		dbq_bind_int(&q, 5, limit);
		dbq_bind_int(&q, 6, offset);
	} else {
		dbq_start(&q, c, ST_SCREENING_LIST);
		dbq_bind_int(&q, 1, post_id);
		dbq_bind_int(&q, 2, from);
		dbq_bind_int(&q, 3, to);
		dbq_bind_int(&q, 4, limit);
		dbq_bind_int(&q, 5, offset);
	}
	return dbq_collect(&q, a, sizeof(struct screening), read_screening, (void **)ret, ret_n);
}

int
db_screening_count_plate(struct dbc *c, int64_t post_id, int64_t from, int64_t to,
			 const char *plate, int64_t *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SCREENING_COUNT_PLATE);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_text(&q, 2, plate);
	dbq_bind_int(&q, 3, from);
	dbq_bind_int(&q, 4, to);
	return dbq_scalar_int(&q, ret);
}

int
db_screening_repeat(struct dbc *c, int64_t post_id, const char *plate, int64_t since,
		    int64_t until, int64_t *ret_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_SCREENING_REPEAT);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_text(&q, 2, plate);
	dbq_bind_int(&q, 3, since);
	dbq_bind_int(&q, 4, until);
	return dbq_scalar_int(&q, ret_id);
}

int
db_sperson_repeat(struct dbc *c, int64_t post_id, const char *id_number, const char *phone,
		  const char *name, int64_t since, int64_t until, int64_t *ret_screening_id)
{
	struct dbq q;
	int k = 3;

	if (id_number) {
		dbq_start(&q, c, ST_SPERSON_REPEAT_ID);
		dbq_bind_int(&q, 1, post_id);
		dbq_bind_text(&q, 2, id_number);
	} else {
		dbq_start(&q, c, ST_SPERSON_REPEAT_NAME);
		dbq_bind_int(&q, 1, post_id);
		dbq_bind_text(&q, 2, phone);
		dbq_bind_text(&q, 3, name);
		k = 4;
	}
	dbq_bind_int(&q, k, since);
	dbq_bind_int(&q, k + 1, until);
	return dbq_scalar_int(&q, ret_screening_id);
}

int
db_sperson_insert(struct dbc *c, const struct screening *s, struct screened_person *p)
{
	struct dbq q;

	dbq_start(&q, c, ST_SPERSON_INSERT);
	dbq_bind_int(&q, 1, p->screening_id);
	dbq_bind_int(&q, 2, p->seq);
	dbq_bind_int(&q, 3, p->temp_tenths);
	dbq_bind_int(&q, 4, p->fever);
	dbq_bind_int(&q, 5, p->high_risk);
	dbq_bind_text(&q, 6, p->name ? p->name : "");
	dbq_bind_text(&q, 7, p->id_number);
	dbq_bind_text(&q, 8, p->phone);
	dbq_bind_text(&q, 9, p->from_place ? p->from_place : "");
	dbq_bind_text(&q, 10, p->via ? p->via : "");
	dbq_bind_text(&q, 11, p->to_place ? p->to_place : "");
	dbq_bind_text(&q, 12, p->lives_in);
	dbq_bind_int(&q, 13, s->post_id);
	dbq_bind_int(&q, 14, s->at);
	return dbq_scalar_int(&q, &p->id);
}

int
db_sperson_of(struct dbc *c, struct arena *a, int64_t screening_id, struct screened_person **ret,
	      int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SPERSON_OF);
	dbq_bind_int(&q, 1, screening_id);
	return dbq_collect(&q, a, sizeof(struct screened_person), read_sperson, (void **)ret, ret_n);
}

int
db_handoff_insert(struct dbc *c, struct handoff *h)
{
	struct dbq q;

	dbq_start(&q, c, ST_HANDOFF_INSERT);
	dbq_bind_int(&q, 1, h->screening_id);
	dbq_bind_int(&q, 2, h->screened_person_id);
	dbq_bind_text(&q, 3, h->kind);
	dbq_bind_text(&q, 4, h->reason);
	dbq_bind_id(&q, 5, h->key_person_id);
	dbq_bind_int(&q, 6, h->existing);
	dbq_bind_id(&q, 7, h->task_id);
	dbq_bind_id(&q, 8, h->person_id);
	dbq_bind_int(&q, 9, h->registered);
	dbq_bind_id(&q, 10, h->check_id);
	dbq_bind_int(&q, 11, clock_now());
	return dbq_scalar_int(&q, &h->id);
}

int
db_handoff_of(struct dbc *c, struct arena *a, int64_t screening_id, struct handoff **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_HANDOFF_OF);
	dbq_bind_int(&q, 1, screening_id);
	return dbq_collect(&q, a, sizeof(struct handoff), read_handoff, (void **)ret, ret_n);
}

static void
bind_counts(struct dbq *q, int first, const struct screen_counts *d)
{
	dbq_bind_int(q, first, d->vehicles);
	dbq_bind_int(q, first + 1, d->pedestrians);
	dbq_bind_int(q, first + 2, d->people);
	dbq_bind_int(q, first + 3, d->abnormal);
	dbq_bind_int(q, first + 4, d->high_risk);
	dbq_bind_int(q, first + 5, d->handoffs);
}

int
db_count_hour_add(struct dbc *c, int64_t post_id, int64_t hour_at, const char *day, int hod,
		  const struct screen_counts *d)
{
	struct dbq q;

	dbq_start(&q, c, ST_COUNT_HOUR_ADD);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_int(&q, 2, hour_at);
	dbq_bind_text(&q, 3, day);
	dbq_bind_int(&q, 4, hod);
	bind_counts(&q, 5, d);
	return dbq_run(&q);
}

int
db_count_shift_add(struct dbc *c, int64_t shift_id, const struct screen_counts *d)
{
	struct dbq q;

	dbq_start(&q, c, ST_COUNT_SHIFT_ADD);
	dbq_bind_int(&q, 1, shift_id);
	bind_counts(&q, 2, d);
	return dbq_run(&q);
}

int
db_count_shift_get(struct dbc *c, int64_t shift_id, struct screen_counts *ret)
{
	struct dbq q;
	int rc;

	memset(ret, 0, sizeof(*ret));
	dbq_start(&q, c, ST_COUNT_SHIFT_GET);
	dbq_bind_int(&q, 1, shift_id);
	if ((rc = dbq_one(&q, NULL, counts_fn, ret)) == ERR_NOTFOUND)
		rc = 0; /* nothing counted yet: zeros */
	return rc;
}

int
db_count_hours(struct dbc *c, struct arena *a, const char *scope, const char *day_from,
	       const char *day_to, struct count_row **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_COUNT_HOURS);
	dbq_bind_text(&q, 1, day_from);
	dbq_bind_text(&q, 2, day_to);
	dbq_bind_text(&q, 3, scope);
	dbq_bind_text(&q, 4, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct count_row), read_count_row, (void **)ret, ret_n);
}

int
db_count_post_day(struct dbc *c, int64_t post_id, const char *day, struct screen_counts *ret)
{
	struct dbq q;
	int rc;

	memset(ret, 0, sizeof(*ret));
	dbq_start(&q, c, ST_COUNT_POST_DAY);
	dbq_bind_text(&q, 1, day);
	dbq_bind_int(&q, 2, post_id);
	if ((rc = dbq_one(&q, NULL, counts_fn, ret)) == ERR_NOTFOUND)
		rc = 0; /* nothing counted yet: zeros */
	return rc;
}

void
screen_counts_add(struct screen_counts *a, const struct screen_counts *b)
{
	a->vehicles += b->vehicles;
	a->pedestrians += b->pedestrians;
	a->people += b->people;
	a->abnormal += b->abnormal;
	a->high_risk += b->high_risk;
	a->handoffs += b->handoffs;
}
