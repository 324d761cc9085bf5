/* db_household.c: households (户) and their maintained member counts. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"

static void
read_household(struct dbq *q, struct arena *a, void *p)
{
	struct household *h = p;

	h->id = dbq_int(q, 0);
	h->area_id = dbq_int(q, 1);
	h->area_code = dbq_dup(q, a, 2);
	h->area_name = dbq_dup(q, a, 3);
	h->address = dbq_dup(q, a, 4);
	h->head_id = dbq_opt_int(q, 5);
	h->head_name = dbq_dup(q, a, 6);
	h->members = dbq_int(q, 7);
	h->notes = dbq_dup(q, a, 8);
	h->is_demo = (int)dbq_int(q, 9);
	h->created_at = dbq_int(q, 10);
	h->updated_at = dbq_int(q, 11);
	h->village_name = dbq_dup(q, a, 12);
}

int
db_household_add(struct dbc *c, struct household *h)
{
	struct dbq q;
	int64_t now = clock_now();
	int rc;

	dbq_start(&q, c, ST_HOUSEHOLD_INSERT);
	dbq_bind_int(&q, 1, h->area_id);
	dbq_bind_text(&q, 2, h->area_code);
	dbq_bind_text(&q, 3, h->address);
	if (h->head_id)
		dbq_bind_int(&q, 4, h->head_id);
	else
		dbq_bind_null(&q, 4);
	dbq_bind_text(&q, 5, h->notes ? h->notes : "");
	dbq_bind_int(&q, 6, h->is_demo);
	dbq_bind_int(&q, 7, now);
	dbq_bind_int(&q, 8, now);
	if ((rc = dbq_scalar_int(&q, &h->id)))
		return rc;
	h->created_at = h->updated_at = now;
	return 0;
}

int
db_household_insert(struct dbc *c, struct household *h)
{
	int rc;

	if ((rc = db_household_add(c, h)))
		return rc;
	return db_area_add_counts(c, h->area_id, 0, 1);
}

int
db_household_settle(struct dbc *c, int64_t id, int64_t members, int64_t head_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_HOUSEHOLD_SETTLE);
	dbq_bind_int(&q, 1, members);
	dbq_bind_int(&q, 2, head_id);
	dbq_bind_int(&q, 3, clock_now());
	dbq_bind_int(&q, 4, id);
	return dbq_run(&q);
}

int
db_household_get(struct dbc *c, struct arena *a, int64_t id, struct household *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_HOUSEHOLD_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_household, ret);
}

int
db_household_find(struct dbc *c, struct arena *a, int64_t area_id, const char *address,
		  struct household *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_HOUSEHOLD_FIND);
	dbq_bind_int(&q, 1, area_id);
	dbq_bind_text(&q, 2, address);
	return dbq_one(&q, a, read_household, ret);
}

int
db_household_update(struct dbc *c, const struct household *h)
{
	struct dbq q;

	dbq_start(&q, c, ST_HOUSEHOLD_UPDATE);
	dbq_bind_text(&q, 1, h->address);
	if (h->head_id)
		dbq_bind_int(&q, 2, h->head_id);
	else
		dbq_bind_null(&q, 2);
	dbq_bind_text(&q, 3, h->notes ? h->notes : "");
	dbq_bind_int(&q, 4, clock_now());
	dbq_bind_int(&q, 5, h->id);
	return dbq_run(&q);
}

/* db_household_add_members moves the maintained member count. */
int
db_household_add_members(struct dbc *c, int64_t id, int64_t n)
{
	struct dbq q;

	dbq_start(&q, c, ST_HOUSEHOLD_ADD_MEMBERS);
	dbq_bind_int(&q, 1, n);
	dbq_bind_int(&q, 2, id);
	return dbq_run(&q);
}

int
db_household_list(struct dbc *c, struct arena *a, const char *scope, const char *qs, int limit,
		  int offset, struct household **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct household *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total = 0, hh = 0;
	const char *hi = db_range_hi(a, scope);

	if (qs != NULL && *qs != '\0') {
		dbq_start(&q, c, ST_HOUSEHOLD_SEARCH);
		dbq_bind_text(&q, 1, scope);
		dbq_bind_text(&q, 2, hi);
		dbq_bind_text(&q, 3, qs);
		dbq_bind_text(&q, 4, db_range_hi(a, qs));
		dbq_bind_int(&q, 5, limit);
		dbq_bind_int(&q, 6, offset);
	} else {
		dbq_start(&q, c, ST_HOUSEHOLD_LIST);
		dbq_bind_text(&q, 1, scope);
		dbq_bind_text(&q, 2, hi);
		dbq_bind_int(&q, 3, limit);
		dbq_bind_int(&q, 4, offset);
	}
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_household(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	if (qs != NULL && *qs != '\0') {
		dbq_start(&q, c, ST_HOUSEHOLD_SEARCH_COUNT);
		dbq_bind_text(&q, 1, scope);
		dbq_bind_text(&q, 2, hi);
		dbq_bind_text(&q, 3, qs);
		dbq_bind_text(&q, 4, db_range_hi(a, qs));
		if ((rc = dbq_scalar_int(&q, &total)))
			return rc;
	} else if ((rc = db_area_counts(c, scope, &total, &hh)) == 0)
		total = hh;
	else
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

int
db_household_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_HOUSEHOLD_AREA_CODE);
	dbq_bind_int(&q, 1, id);
	return dbq_scalar_text(&q, a, ret);
}
