/* db_list.c: lists from higher authorities, their rows and verdicts, and their counters. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_list.h"
#include "err.h"

static void
read_list(struct dbq *q, struct arena *a, void *p)
{
	struct list_batch *b = p;
	int i;

	b->id = dbq_int(q, 0);
	b->name = dbq_dup(q, a, 1);
	b->source = dbq_dup(q, a, 2);
	b->received_on = dbq_dup(q, a, 3);
	b->high_risk = (int)dbq_int(q, 4);
	b->area_code = dbq_dup(q, a, 5);
	b->area_name = dbq_dup(q, a, 6);
	b->sha256 = dbq_dup(q, a, 7);
	b->kind = dbq_dup(q, a, 8);
	b->status = dbq_dup(q, a, 9);
	b->error = dbq_dup(q, a, 10);
	b->rows_total = dbq_int(q, 11);
	b->rows_done = dbq_int(q, 12);
	/* already_watched ... duplicates_in_list: the order of enum match_class */
	for (i = 0; i < MATCH__MAX; i++)
		b->n[i] = dbq_int(q, 13 + i);
	b->seen_before = dbq_int(q, 19);
	b->tasks = dbq_int(q, 20);
	b->registered = dbq_int(q, 21);
	b->user_id = dbq_opt_int(q, 22);
	b->username = dbq_dup(q, a, 23);
	b->created_at = dbq_int(q, 24);
	b->finished_at = dbq_opt_int(q, 25);
	b->scope = dbq_dup(q, a, 26);
}

int
db_list_insert(struct dbc *c, struct list_batch *b)
{
	struct dbq q;

	b->created_at = clock_now();
	dbq_start(&q, c, ST_LIST_INSERT);
	dbq_bind_text(&q, 1, b->name);
	dbq_bind_text(&q, 2, b->source);
	dbq_bind_text(&q, 3, b->received_on);
	dbq_bind_int(&q, 4, b->high_risk);
	dbq_bind_text(&q, 5, b->area_code);
	dbq_bind_text(&q, 6, b->scope);
	dbq_bind_text(&q, 7, b->sha256);
	dbq_bind_text(&q, 8, b->kind);
	dbq_bind_int(&q, 9, b->rows_total);
	dbq_bind_id(&q, 10, b->user_id);
	dbq_bind_int(&q, 11, b->created_at);
	return dbq_scalar_int(&q, &b->id);
}

int
db_list_get(struct dbc *c, struct arena *a, int64_t id, struct list_batch *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_list, ret);
}

int
db_list_by_file(struct dbc *c, struct arena *a, const char *scope, const char *sha256,
		struct list_batch *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_BY_FILE);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, sha256);
	return dbq_one(&q, a, read_list, ret);
}

int
db_list_list(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
	     struct list_batch **ret, int *ret_n, int64_t *ret_total)
{
	struct list_batch *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	struct dbq q;
	int n = 0, rc = 0;

	dbq_start(&q, c, ST_LIST_LIST);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, scope);
	dbq_bind_int(&q, 4, limit);
	dbq_bind_int(&q, 5, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_list(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_LIST_COUNT);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, scope);
	if ((rc = dbq_scalar_int(&q, ret_total)))
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

int
db_list_add(struct dbc *c, int64_t id, const struct list_batch *d)
{
	struct dbq q;
	int i;

	dbq_start(&q, c, ST_LIST_ADD);
	dbq_bind_int(&q, 1, d->rows_done);
	for (i = 0; i < MATCH__MAX; i++)
		dbq_bind_int(&q, 2 + i, d->n[i]);
	dbq_bind_int(&q, 8, d->seen_before);
	dbq_bind_int(&q, 9, d->tasks);
	dbq_bind_int(&q, 10, d->registered);
	dbq_bind_int(&q, 11, id);
	return dbq_run(&q);
}

int
db_list_set_status(struct dbc *c, int64_t id, const char *status, const char *error,
		   int64_t rows_total)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_STATUS);
	dbq_bind_text(&q, 1, status);
	dbq_bind_text(&q, 2, error ? error : "");
	dbq_bind_int(&q, 3, rows_total);
	if (strcmp(status, "matching") == 0)
		dbq_bind_null(&q, 4);
	else
		dbq_bind_int(&q, 4, clock_now());
	dbq_bind_int(&q, 5, id);
	return dbq_run(&q);
}

int
db_list_reset(struct dbc *c, int64_t id)
{
	static const enum stmt steps[] = {ST_LIST_RESET_ROWS, ST_LIST_RESET_AREAS, ST_LIST_RESET};
	struct dbq q;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		dbq_start(&q, c, steps[i]);
		dbq_bind_int(&q, 1, id);
		if ((rc = dbq_run(&q)))
			return rc;
	}
	return 0;
}

static void
read_id(struct dbq *q, struct arena *a, void *p)
{
	(void)a;
	*(int64_t *)p = dbq_int(q, 0);
}

int
db_list_unfinished(struct dbc *c, struct arena *a, int64_t **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_UNFINISHED);
	return dbq_collect(&q, a, sizeof(int64_t), read_id, (void **)ret, ret_n);
}

int
db_list_area_add(struct dbc *c, int64_t batch, const char *area_code, const char *cls, int64_t n)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_AREA_ADD);
	dbq_bind_int(&q, 1, batch);
	dbq_bind_text(&q, 2, area_code);
	dbq_bind_text(&q, 3, cls);
	dbq_bind_int(&q, 4, n);
	return dbq_run(&q);
}

static void
read_area_n(struct dbq *q, struct arena *a, void *p)
{
	struct list_area_n *x = p;

	x->area_code = dbq_dup(q, a, 0);
	x->area_name = dbq_dup(q, a, 1);
	x->cls = dbq_dup(q, a, 2);
	x->n = dbq_int(q, 3);
}

int
db_list_area_counts(struct dbc *c, struct arena *a, int64_t batch, const char *scope,
		    struct list_area_n **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_AREA_COUNTS);
	dbq_bind_int(&q, 1, batch);
	dbq_bind_text(&q, 2, scope);
	dbq_bind_text(&q, 3, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct list_area_n), read_area_n, (void **)ret, ret_n);
}

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

/* The columns of a row written, from 1 on. */
static void
bind_row(struct dbq *q, const struct list_row *r)
{
	dbq_bind_int(q, 1, r->batch_id);
	dbq_bind_int(q, 2, r->line);
	dbq_bind_text(q, 3, or_empty(r->cells));
	dbq_bind_text(q, 4, or_empty(r->name));
	dbq_bind_text(q, 5, r->id_number && *r->id_number ? r->id_number : NULL);
	dbq_bind_text(q, 6, r->phone && *r->phone ? r->phone : NULL);
	dbq_bind_text(q, 7, r->birth_date && *r->birth_date ? r->birth_date : NULL);
	dbq_bind_text(q, 8, r->arrived_on && *r->arrived_on ? r->arrived_on : NULL);
	dbq_bind_text(q, 9, r->left_on && *r->left_on ? r->left_on : NULL);
	dbq_bind_text(q, 10, or_empty(r->origin));
	dbq_bind_text(q, 11, or_empty(r->note));
	dbq_bind_text(q, 12, r->cls);
	dbq_bind_text(q, 13, or_empty(r->reason));
	dbq_bind_text(q, 14, r->area_code);
	dbq_bind_id(q, 15, r->person_id);
	dbq_bind_id(q, 16, r->key_person_id);
	dbq_bind_id(q, 17, r->task_id);
	dbq_bind_text(q, 18, or_empty(r->candidates));
	dbq_bind_int(q, 19, r->more_candidates);
	if (r->first_line)
		dbq_bind_int(q, 20, r->first_line);
	else
		dbq_bind_null(q, 20);
	dbq_bind_text(q, 21, or_empty(r->fault_field));
	dbq_bind_text(q, 22, or_empty(r->fault_zh));
	dbq_bind_text(q, 23, or_empty(r->fault_en));
}

int
db_list_rows_insert(struct dbc *c, const struct list_row *r, int n)
{
	struct dbq q;
	int i, rc;

	for (i = 0; i < n; i++) {
		dbq_start(&q, c, ST_LIST_ROW_INSERT);
		bind_row(&q, &r[i]);
		if ((rc = dbq_run(&q)))
			return rc;
	}
	return 0;
}

static void
read_row(struct dbq *q, struct arena *a, void *p)
{
	struct list_row *r = p;

	r->id = dbq_int(q, 0);
	r->batch_id = dbq_int(q, 1);
	r->line = (int)dbq_int(q, 2);
	r->cells = dbq_dup(q, a, 3);
	r->name = dbq_dup(q, a, 4);
	r->id_number = dbq_dup(q, a, 5);
	r->phone = dbq_dup(q, a, 6);
	r->birth_date = dbq_dup(q, a, 7);
	r->arrived_on = dbq_dup(q, a, 8);
	r->left_on = dbq_dup(q, a, 9);
	r->origin = dbq_dup(q, a, 10);
	r->note = dbq_dup(q, a, 11);
	r->cls = dbq_dup(q, a, 12);
	r->reason = dbq_dup(q, a, 13);
	r->area_code = dbq_dup(q, a, 14);
	r->area_name = dbq_dup(q, a, 15);
	r->person_id = dbq_opt_int(q, 16);
	r->key_person_id = dbq_opt_int(q, 17);
	r->task_id = dbq_opt_int(q, 18);
	r->candidates = dbq_dup(q, a, 19);
	r->more_candidates = (int)dbq_int(q, 20);
	r->first_line = (int)dbq_opt_int(q, 21);
	r->fault_field = dbq_dup(q, a, 22);
	r->fault_zh = dbq_dup(q, a, 23);
	r->fault_en = dbq_dup(q, a, 24);
	r->decision = dbq_dup(q, a, 25);
	r->decided_by = dbq_opt_int(q, 26);
	r->decided_at = dbq_opt_int(q, 27);
	r->person_name = dbq_dup(q, a, 28);
	r->person_id_number = dbq_dup(q, a, 29);
	r->person_phone = dbq_dup(q, a, 30);
	r->village_name = dbq_dup(q, a, 31);
}

int
db_list_row_get(struct dbc *c, struct arena *a, int64_t id, struct list_row *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_ROW_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_row, ret);
}

int
db_list_rows(struct dbc *c, struct arena *a, int64_t batch, const char *scope, const char *cls,
	     const char *area, int after, int limit, struct list_row **ret, int *ret_n)
{
	const char *lo = area && *area ? area : scope;
	struct dbq q;

	/* an area outside the scope reads nothing: the range is the narrower of the two */
	if (strncmp(lo, scope, strlen(scope)) != 0) {
		*ret = NULL;
		*ret_n = 0;
		return 0;
	}
	dbq_start(&q, c, ST_LIST_ROWS);
	dbq_bind_int(&q, 1, batch);
	dbq_bind_text(&q, 2, lo);
	dbq_bind_text(&q, 3, db_range_hi(a, lo));
	dbq_bind_text(&q, 4, or_empty(cls));
	dbq_bind_text(&q, 5, or_empty(cls));
	dbq_bind_int(&q, 6, after);
	dbq_bind_int(&q, 7, limit);
	return dbq_collect(&q, a, sizeof(struct list_row), read_row, (void **)ret, ret_n);
}

int
db_list_row_decide(struct dbc *c, const struct list_row *r)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_ROW_DECIDE);
	dbq_bind_text(&q, 1, r->cls);
	dbq_bind_text(&q, 2, or_empty(r->reason));
	dbq_bind_text(&q, 3, r->area_code);
	dbq_bind_id(&q, 4, r->person_id);
	dbq_bind_id(&q, 5, r->key_person_id);
	dbq_bind_id(&q, 6, r->task_id);
	dbq_bind_text(&q, 7, or_empty(r->decision));
	dbq_bind_id(&q, 8, r->decided_by);
	if (r->decided_at)
		dbq_bind_int(&q, 9, r->decided_at);
	else
		dbq_bind_null(&q, 9); /* undone, or never decided */
	dbq_bind_int(&q, 10, r->id);
	return dbq_run(&q);
}

struct watched {
	int64_t person, kp;
};

static int
cmp_watched(const void *a, const void *b)
{
	const struct watched *x = a, *y = b;

	return x->person < y->person ? -1 : x->person > y->person;
}

static void
read_watched(struct dbq *q, struct arena *a, void *p)
{
	struct watched *w = p;

	(void)a;
	w->person = dbq_int(q, 0);
	w->kp = dbq_int(q, 1);
}

int
db_list_person_count(struct dbc *c, const char *scope, int64_t *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_PERSON_COUNT);
	dbq_bind_int(&q, 1, (int64_t)strlen(scope));
	dbq_bind_text(&q, 2, scope);
	return dbq_scalar_int(&q, ret);
}

int
db_list_persons(struct dbc *c, const char *scope,
		int (*fn)(void *arg, int64_t id, const char *id_number, const char *phone,
			  const char *name, const char *birth, const char *area_code, bool watched,
			  int64_t key_person_id),
		void *arg)
{
	struct arena *a = arena_new();
	struct watched *w = NULL;
	int nw = 0, rc;
	struct dbq q;

	if (a == NULL)
		return ERR_NOMEM;
	/* the people under observation now, a few thousand at most, looked up as the scan goes */
	dbq_start(&q, c, ST_LIST_WATCHED);
	if ((rc = dbq_collect(&q, a, sizeof(*w), read_watched, (void **)&w, &nw))) {
		arena_free(a);
		return rc;
	}
	if (nw > 1)
		qsort(w, (size_t)nw, sizeof(*w), cmp_watched);
	dbq_start(&q, c, ST_LIST_PERSONS);
	dbq_bind_int(&q, 1, (int64_t)strlen(scope));
	dbq_bind_text(&q, 2, scope);
	while ((rc = dbq_step(&q)) == 1) {
		struct watched key = {.person = dbq_int(&q, 0)}, *hit = NULL;

		if (nw > 0)
			hit = bsearch(&key, w, (size_t)nw, sizeof(*w), cmp_watched);
		if ((rc = fn(arg, key.person, dbq_text(&q, 1), dbq_text(&q, 2), dbq_text(&q, 3),
			     dbq_text(&q, 4), dbq_text(&q, 5), hit != NULL, hit ? hit->kp : 0)))
			break;
	}
	dbq_end(&q);
	arena_free(a);
	return rc;
}

int
db_list_open_task(struct dbc *c, int64_t person_id, int64_t *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_OPEN_TASK);
	dbq_bind_int(&q, 1, person_id);
	return dbq_scalar_int(&q, ret);
}

int
db_list_named_before(struct dbc *c, int64_t person_id, int64_t batch, bool *ret)
{
	struct dbq q;
	int64_t n = 0;
	int rc;

	dbq_start(&q, c, ST_LIST_NAMED_BEFORE);
	dbq_bind_int(&q, 1, person_id);
	dbq_bind_int(&q, 2, batch);
	if ((rc = dbq_scalar_int(&q, &n)))
		return rc;
	*ret = n > 0;
	return 0;
}

int
db_list_others(struct dbc *c, int64_t batch, bool *ret)
{
	struct dbq q;
	int64_t n = 0;
	int rc;

	dbq_start(&q, c, ST_LIST_OTHERS);
	dbq_bind_int(&q, 1, batch);
	if ((rc = dbq_scalar_int(&q, &n)))
		return rc;
	*ret = n > 0;
	return 0;
}

static void
read_name(struct dbq *q, struct arena *a, void *p)
{
	*(char **)p = dbq_dup(q, a, 0);
}

int
db_list_person_name(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LIST_PERSON_NAME);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_name, ret);
}
