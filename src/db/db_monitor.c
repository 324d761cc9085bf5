/* db_monitor.c: key persons, health checks, alerts and the timeline. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_monitor.h"
#include "err.h"

static void
read_kp(struct dbq *q, struct arena *a, void *p)
{
	struct key_person *k = p;
	int i = 0;

	memset(k, 0, sizeof(*k));
	k->id = dbq_int(q, i++);
	k->person_id = dbq_int(q, i++);
	k->name = dbq_dup(q, a, i++);
	k->id_number = dbq_dup(q, a, i++);
	k->phone = dbq_dup(q, a, i++);
	k->gender = dbq_dup(q, a, i++);
	k->birth_date = dbq_dup(q, a, i++);
	k->address = dbq_dup(q, a, i++);
	k->area_code = dbq_dup(q, a, i++);
	k->area_name = dbq_dup(q, a, i++);
	k->reason = dbq_dup(q, a, i++);
	k->reason_detail = dbq_dup(q, a, i++);
	k->from_place = dbq_dup(q, a, i++);
	k->left_on = dbq_dup(q, a, i++);
	k->arrived_on = dbq_dup(q, a, i++);
	k->transport = dbq_dup(q, a, i++);
	k->transport_no = dbq_dup(q, a, i++);
	k->found_by = dbq_dup(q, a, i++);
	k->kind = dbq_dup(q, a, i++);
	k->site = dbq_dup(q, a, i++);
	k->start_date = dbq_dup(q, a, i++);
	k->end_date = dbq_dup(q, a, i++);
	k->status = dbq_dup(q, a, i++);
	k->days = (int)dbq_int(q, i++);
	k->grid_worker_id = dbq_opt_int(q, i++);
	k->grid_worker_name = dbq_dup(q, a, i++);
	k->grid_worker_phone = dbq_dup(q, a, i++);
	k->doctor_id = dbq_opt_int(q, i++);
	k->doctor_name = dbq_dup(q, a, i++);
	k->doctor_phone = dbq_dup(q, a, i++);
	k->self_code_hash = dbq_dup(q, a, i++);
	k->last_check_id = dbq_opt_int(q, i++);
	k->open_alerts = (int)dbq_int(q, i++);
	k->released_at = dbq_opt_int(q, i++);
	k->release_kind = dbq_dup(q, a, i++);
	k->created_by = dbq_opt_int(q, i++);
	k->created_at = dbq_int(q, i++);
	if (!dbq_null(q, i)) {
		struct check *c = &k->last;

		c->id = dbq_int(q, i);
		c->key_person_id = k->id;
		c->area_code = k->area_code;
		c->taken_at = dbq_int(q, i + 1);
		c->day = dbq_dup(q, a, i + 2);
		c->slot = dbq_dup(q, a, i + 3);
		c->temp_tenths = (int)dbq_int(q, i + 4);
		c->symptoms = dbq_dup(q, a, i + 5);
		c->symptom_other = dbq_dup(q, a, i + 6);
		c->method = dbq_dup(q, a, i + 7);
		c->abnormal = (int)dbq_int(q, i + 8);
		c->recorded_by = dbq_opt_int(q, i + 9);
		c->recorded_at = dbq_int(q, i + 10);
		c->recorded_by_name = dbq_dup(q, a, i + 11);
	}
	k->village_name = dbq_dup(q, a, i + 12);
}

static void
read_check(struct dbq *q, struct arena *a, struct check *c)
{
	c->id = dbq_int(q, 0);
	c->key_person_id = dbq_int(q, 1);
	c->area_code = dbq_dup(q, a, 2);
	c->taken_at = dbq_int(q, 3);
	c->day = dbq_dup(q, a, 4);
	c->slot = dbq_dup(q, a, 5);
	c->temp_tenths = (int)dbq_int(q, 6);
	c->symptoms = dbq_dup(q, a, 7);
	c->symptom_other = dbq_dup(q, a, 8);
	c->method = dbq_dup(q, a, 9);
	c->abnormal = (int)dbq_int(q, 10);
	c->recorded_by = dbq_opt_int(q, 11);
	c->recorded_by_name = dbq_dup(q, a, 12);
	c->recorded_at = dbq_int(q, 13);
}

static void
read_alert(struct dbq *q, struct arena *a, void *p)
{
	struct alert *al = p;
	al->id = dbq_int(q, 0);
	al->key_person_id = dbq_int(q, 1);
	al->check_id = dbq_int(q, 2);
	al->area_code = dbq_dup(q, a, 3);
	al->area_name = dbq_dup(q, a, 4);
	al->name = dbq_dup(q, a, 5);
	al->raised_at = dbq_int(q, 6);
	al->reason = dbq_dup(q, a, 7);
	al->status = dbq_dup(q, a, 8);
	al->hospital = dbq_dup(q, a, 9);
	al->referred_at = dbq_opt_int(q, 10);
	al->transport = dbq_dup(q, a, 11);
	al->result = dbq_dup(q, a, 12);
	al->closed_at = dbq_opt_int(q, 13);
	al->closed_by = dbq_opt_int(q, 14);
	al->closed_by_name = dbq_dup(q, a, 15);
	al->note = dbq_dup(q, a, 16);
	al->village_name = dbq_dup(q, a, 17);
}

int
db_kp_insert(struct dbc *c, struct key_person *k)
{
	struct dbq q;
	int64_t now = clock_now();
	int i = 1;

	dbq_start(&q, c, ST_KP_INSERT);
	dbq_bind_int(&q, i++, k->person_id);
	dbq_bind_text(&q, i++, k->area_code);
	dbq_bind_text(&q, i++, k->reason);
	dbq_bind_text(&q, i++, k->reason_detail ? k->reason_detail : "");
	dbq_bind_text(&q, i++, k->from_place ? k->from_place : "");
	dbq_bind_text(&q, i++, k->left_on);
	dbq_bind_text(&q, i++, k->arrived_on);
	dbq_bind_text(&q, i++, k->transport ? k->transport : "");
	dbq_bind_text(&q, i++, k->transport_no ? k->transport_no : "");
	dbq_bind_text(&q, i++, k->found_by);
	dbq_bind_text(&q, i++, k->kind);
	dbq_bind_text(&q, i++, k->site ? k->site : "");
	dbq_bind_text(&q, i++, k->start_date);
	dbq_bind_int(&q, i++, k->days);
	dbq_bind_text(&q, i++, k->end_date);
	dbq_bind_text(&q, i++, k->status ? k->status : "active");
	dbq_bind_id(&q, i++, k->grid_worker_id);
	dbq_bind_id(&q, i++, k->doctor_id);
	dbq_bind_text(&q, i++, k->self_code_hash);
	dbq_bind_id(&q, i++, k->created_by);
	dbq_bind_int(&q, i++, now);
	dbq_bind_int(&q, i++, now);
	k->created_at = now;
	return dbq_scalar_int(&q, &k->id);
}

int
db_kp_get(struct dbc *c, struct arena *a, int64_t id, struct key_person *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_KP_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_kp, ret);
}

int
db_kp_update(struct dbc *c, const struct key_person *k)
{
	struct dbq q;
	int i = 1;

	dbq_start(&q, c, ST_KP_UPDATE);
	dbq_bind_text(&q, i++, k->kind);
	dbq_bind_text(&q, i++, k->site ? k->site : "");
	dbq_bind_int(&q, i++, k->days);
	dbq_bind_text(&q, i++, k->end_date);
	dbq_bind_text(&q, i++, k->status);
	dbq_bind_id(&q, i++, k->grid_worker_id);
	dbq_bind_id(&q, i++, k->doctor_id);
	dbq_bind_id(&q, i++, k->released_at);
	dbq_bind_text(&q, i++, k->release_kind);
	dbq_bind_int(&q, i++, clock_now());
	dbq_bind_int(&q, i++, k->id);
	return dbq_run(&q);
}

int
db_kp_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_KP_AREA_CODE);
	dbq_bind_int(&q, 1, id);
	return dbq_scalar_text(&q, a, ret);
}

int
db_kp_active_of_person(struct dbc *c, int64_t person_id, int64_t *ret_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_KP_ACTIVE_OF_PERSON);
	dbq_bind_int(&q, 1, person_id);
	return dbq_scalar_int(&q, ret_id);
}

int
db_kp_by_code(struct dbc *c, const char *code_hash, int64_t *ret_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_KP_BY_CODE);
	dbq_bind_text(&q, 1, code_hash);
	return dbq_scalar_int(&q, ret_id);
}

int
db_kp_set_code(struct dbc *c, int64_t id, const char *code_hash)
{
	struct dbq q;

	dbq_start(&q, c, ST_KP_SET_CODE);
	dbq_bind_text(&q, 1, code_hash);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_int(&q, 3, id);
	return dbq_run(&q);
}

static void
bind_kp_where(struct dbq *q, struct arena *a, const char *scope, const char *status,
	      const char *name, int64_t assigned_to)
{
	dbq_bind_text(q, 1, scope);
	dbq_bind_text(q, 2, db_range_hi(a, scope));
	dbq_bind_text(q, 3, status ? status : "");
	dbq_bind_text(q, 4, status ? status : "");
	dbq_bind_text(q, 5, name ? name : "");
	dbq_bind_text(q, 6, name ? db_range_hi(a, name) : "");
	dbq_bind_text(q, 7, name ? name : "");
	dbq_bind_int(q, 8, assigned_to);
	dbq_bind_int(q, 9, assigned_to);
	dbq_bind_int(q, 10, assigned_to);
}

int
db_kp_list(struct dbc *c, struct arena *a, const char *scope, const char *status, const char *name,
	   int64_t assigned_to, int limit, int offset, struct key_person **ret, int *ret_n,
	   int64_t *ret_total)
{
	struct dbq q;
	struct key_person *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total = 0;

	dbq_start(&q, c, ST_KP_LIST);
	bind_kp_where(&q, a, scope, status, name, assigned_to);
	dbq_bind_int(&q, 11, limit);
	dbq_bind_int(&q, 12, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_kp(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_KP_COUNT);
	bind_kp_where(&q, a, scope, status, name, assigned_to);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

int
db_kp_all(struct dbc *c, struct arena *a, const char *scope, const char *from, const char *to,
	  int64_t t0, int64_t t1, int max, struct key_person **ret, int *ret_n)
{
	struct dbq q;
	struct key_person *v = arena_alloc(a, sizeof(*v) * (size_t)(max > 0 ? max : 1));
	int n = 0, rc = 0;

	dbq_start(&q, c, ST_KP_ALL);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, to);
	dbq_bind_text(&q, 4, from);
	dbq_bind_int(&q, 5, t0);
	dbq_bind_int(&q, 6, t1);
	dbq_bind_int(&q, 7, t0);
	dbq_bind_int(&q, 8, t1);
	dbq_bind_int(&q, 9, max);
	while (n < max && (rc = dbq_step(&q)) == 1)
		read_kp(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

int
db_kp_due_release(struct dbc *c, struct arena *a, const char *today, struct key_person **ret,
		  int *ret_n)
{
	struct dbq q;
	struct key_person *v = arena_alloc(a, sizeof(*v) * 500);
	int n = 0, rc = 0;

	dbq_start(&q, c, ST_KP_DUE_RELEASE);
	dbq_bind_text(&q, 1, today);
	while (n < 500 && (rc = dbq_step(&q)) == 1)
		read_kp(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

int
db_kp_after_check(struct dbc *c, int64_t id, int64_t check_id, int alerts_delta)
{
	struct dbq q;

	dbq_start(&q, c, ST_KP_AFTER_CHECK);
	dbq_bind_id(&q, 1, check_id); /* 0 keeps the last check: an alert closing */
	dbq_bind_int(&q, 2, alerts_delta);
	dbq_bind_int(&q, 3, clock_now());
	dbq_bind_int(&q, 4, id);
	return dbq_run(&q);
}

int
db_check_insert(struct dbc *c, struct check *ch)
{
	struct dbq q;
	int i = 1;

	ch->recorded_at = clock_now();
	dbq_start(&q, c, ST_CHECK_INSERT);
	dbq_bind_int(&q, i++, ch->key_person_id);
	dbq_bind_text(&q, i++, ch->area_code);
	dbq_bind_int(&q, i++, ch->taken_at);
	dbq_bind_text(&q, i++, ch->day);
	dbq_bind_text(&q, i++, ch->slot);
	dbq_bind_int(&q, i++, ch->temp_tenths);
	dbq_bind_text(&q, i++, ch->symptoms ? ch->symptoms : "");
	dbq_bind_text(&q, i++, ch->symptom_other ? ch->symptom_other : "");
	dbq_bind_text(&q, i++, ch->method);
	dbq_bind_int(&q, i++, ch->abnormal);
	dbq_bind_id(&q, i++, ch->recorded_by);
	dbq_bind_int(&q, i++, ch->recorded_at);
	return dbq_scalar_int(&q, &ch->id);
}

int
db_check_list(struct dbc *c, struct arena *a, int64_t kp_id, int limit, int offset,
	      struct check **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct check *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total;

	dbq_start(&q, c, ST_CHECK_LIST);
	dbq_bind_int(&q, 1, kp_id);
	dbq_bind_int(&q, 2, limit);
	dbq_bind_int(&q, 3, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_check(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_CHECK_COUNT);
	dbq_bind_int(&q, 1, kp_id);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

static void
check_fn(struct dbq *q, struct arena *a, void *p)
{
	read_check(q, a, p);
}

static void
event_fn(struct dbq *q, struct arena *a, void *p)
{
	struct kp_event *e = p;

	e->at = dbq_int(q, 0);
	e->username = dbq_dup(q, a, 1);
	e->kind = dbq_dup(q, a, 2);
	e->detail = dbq_dup(q, a, 3);
	e->user_id = dbq_opt_int(q, 4);
	e->display_name = dbq_dup(q, a, 5);
}

int
db_check_since(struct dbc *c, struct arena *a, int64_t kp_id, int64_t t, struct check **ret,
	       int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_CHECK_SINCE);
	dbq_bind_int(&q, 1, kp_id);
	dbq_bind_int(&q, 2, t);
	return dbq_collect(&q, a, sizeof(struct check), check_fn, (void **)ret, ret_n);
}

int
db_check_abnormal_days(struct dbc *c, struct arena *a, const char *scope, const char *from,
		       char ***ret_days, int64_t **ret_counts, int *ret_n)
{
	struct dbq q;
	char **days = arena_alloc(a, sizeof(char *) * 400);
	int64_t *counts = arena_alloc(a, sizeof(int64_t) * 400);
	int n = 0, rc;

	dbq_start(&q, c, ST_CHECK_ABNORMAL_DAYS);
	dbq_bind_text(&q, 1, from);
	dbq_bind_text(&q, 2, scope);
	dbq_bind_text(&q, 3, db_range_hi(a, scope));
	while ((rc = dbq_step(&q)) == 1 && n < 400) {
		days[n] = dbq_dup(&q, a, 0);
		counts[n++] = dbq_int(&q, 1);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret_days = days;
	*ret_counts = counts;
	*ret_n = n;
	return 0;
}

int
db_check_day_slots(struct dbc *c, struct arena *a, const char *scope, const char *day,
		   int64_t before, int64_t **ret_kp, unsigned **ret_bits, int *ret_n)
{
	struct dbq q;
	int64_t *kp = NULL;
	unsigned *bits = NULL;
	int n = 0, cap = 0, rc;

	dbq_start(&q, c, ST_CHECK_DAY_SLOTS);
	dbq_bind_text(&q, 1, day);
	dbq_bind_text(&q, 2, scope);
	dbq_bind_text(&q, 3, db_range_hi(a, scope));
	dbq_bind_int(&q, 4, before);
	while ((rc = dbq_step(&q)) == 1) {
		if (n == cap) {
			int64_t *nk;
			unsigned *nb;

			cap = cap ? cap * 2 : 256;
			nk = arena_alloc(a, sizeof(*nk) * (size_t)cap);
			nb = arena_alloc(a, sizeof(*nb) * (size_t)cap);
			if (n) {
				memcpy(nk, kp, sizeof(*nk) * (size_t)n);
				memcpy(nb, bits, sizeof(*nb) * (size_t)n);
			}
			kp = nk;
			bits = nb;
		}
		kp[n] = dbq_int(&q, 0);
		bits[n++] = (dbq_int(&q, 1) ? 1u : 0u) | (dbq_int(&q, 2) ? 2u : 0u) |
			    (dbq_int(&q, 3) ? 4u : 0u);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret_kp = kp;
	*ret_bits = bits;
	*ret_n = n;
	return 0;
}

int
db_alert_insert(struct dbc *c, struct alert *al)
{
	struct dbq q;

	dbq_start(&q, c, ST_ALERT_INSERT);
	dbq_bind_int(&q, 1, al->key_person_id);
	dbq_bind_int(&q, 2, al->check_id);
	dbq_bind_text(&q, 3, al->area_code);
	dbq_bind_int(&q, 4, al->raised_at);
	dbq_bind_text(&q, 5, al->reason);
	return dbq_scalar_int(&q, &al->id);
}

int
db_alert_get(struct dbc *c, struct arena *a, int64_t id, struct alert *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_ALERT_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_alert, ret);
}

int
db_alert_update(struct dbc *c, const struct alert *al)
{
	struct dbq q;

	dbq_start(&q, c, ST_ALERT_UPDATE);
	dbq_bind_text(&q, 1, al->status);
	dbq_bind_text(&q, 2, al->hospital ? al->hospital : "");
	dbq_bind_id(&q, 3, al->referred_at);
	dbq_bind_text(&q, 4, al->transport ? al->transport : "");
	dbq_bind_text(&q, 5, al->result);
	dbq_bind_id(&q, 6, al->closed_at);
	dbq_bind_id(&q, 7, al->closed_by);
	dbq_bind_text(&q, 8, al->note ? al->note : "");
	dbq_bind_int(&q, 9, al->id);
	return dbq_run(&q);
}

int
db_alert_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_ALERT_AREA_CODE);
	dbq_bind_int(&q, 1, id);
	return dbq_scalar_text(&q, a, ret);
}

static void
bind_alert_where(struct dbq *q, struct arena *a, const char *scope, int open, int64_t kp_id)
{
	dbq_bind_text(q, 1, scope);
	dbq_bind_text(q, 2, db_range_hi(a, scope));
	dbq_bind_int(q, 3, open);
	dbq_bind_int(q, 4, open);
	dbq_bind_int(q, 5, open);
	dbq_bind_int(q, 6, kp_id);
	dbq_bind_int(q, 7, kp_id);
}

int
db_alert_list(struct dbc *c, struct arena *a, const char *scope, int open, int64_t kp_id, int limit,
	      int offset, struct alert **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct alert *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total;

	dbq_start(&q, c, ST_ALERT_LIST);
	bind_alert_where(&q, a, scope, open, kp_id);
	dbq_bind_int(&q, 8, limit);
	dbq_bind_int(&q, 9, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_alert(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_ALERT_COUNT);
	bind_alert_where(&q, a, scope, open, kp_id);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

int
db_alert_open_at(struct dbc *c, struct arena *a, const char *scope, int64_t t, int limit,
		 struct alert **ret, int *ret_n)
{
	struct dbq q;
	struct alert *v = NULL;
	const char *hi = db_range_hi(a, scope);
	int n = 0, cap = 0, rc = 0;

	dbq_start(&q, c, ST_ALERT_OPEN_AT);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, hi);
	dbq_bind_int(&q, 3, t);
	dbq_bind_int(&q, 4, t);
	dbq_bind_text(&q, 5, scope);
	dbq_bind_text(&q, 6, hi);
	dbq_bind_int(&q, 7, t);
	dbq_bind_int(&q, 8, limit);
	/* grown as rows come: the open alerts of a town are few, the limit is a ceiling */
	while (n < limit && (rc = dbq_step(&q)) == 1) {
		if (n == cap) {
			struct alert *nv;

			cap = cap ? cap * 2 : 32;
			nv = arena_alloc(a, sizeof(*nv) * (size_t)cap);
			if (n)
				memcpy(nv, v, sizeof(*nv) * (size_t)n);
			v = nv;
		}
		read_alert(&q, a, &v[n++]);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

int
db_event_add(struct dbc *c, int64_t kp_id, int64_t user_id, const char *username, const char *kind,
	     const char *detail)
{
	struct dbq q;

	dbq_start(&q, c, ST_EVENT_INSERT);
	dbq_bind_int(&q, 1, kp_id);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_id(&q, 3, user_id);
	dbq_bind_text(&q, 4, username ? username : "");
	dbq_bind_text(&q, 5, kind);
	dbq_bind_text(&q, 6, detail ? detail : "");
	return dbq_run(&q);
}

int
db_event_list(struct dbc *c, struct arena *a, int64_t kp_id, struct kp_event **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_EVENT_LIST);
	dbq_bind_int(&q, 1, kp_id);
	return dbq_collect(&q, a, sizeof(struct kp_event), event_fn, (void **)ret, ret_n);
}
