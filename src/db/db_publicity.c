/* db_publicity.c: publicity actions, the areas they cover whole and the households they reach,
 * with their maintained counts. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_publicity.h"
#include "db_registry.h"
#include "db_sweep.h"
#include "err.h"

static void
read_publicity(struct dbq *q, struct arena *a, void *p)
{
	struct publicity *x = p;

	x->id = dbq_int(q, 0);
	x->kind = dbq_dup(q, a, 1);
	x->area_code = dbq_dup(q, a, 2);
	x->area_name = dbq_dup(q, a, 3);
	x->title = dbq_dup(q, a, 4);
	x->happened_on = dbq_dup(q, a, 5);
	x->quantity = dbq_int(q, 6);
	x->route = dbq_dup(q, a, 7);
	x->note = dbq_dup(q, a, 8);
	x->households = dbq_int(q, 9);
	x->user_id = dbq_opt_int(q, 10);
	x->username = dbq_dup(q, a, 11);
	x->created_at = dbq_int(q, 12);
	x->photos = dbq_int(q, 13);
}

int
db_publicity_insert(struct dbc *c, struct publicity *p)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_INSERT);
	dbq_bind_text(&q, 1, p->kind);
	dbq_bind_text(&q, 2, p->area_code);
	dbq_bind_text(&q, 3, p->title);
	dbq_bind_text(&q, 4, p->happened_on);
	dbq_bind_int(&q, 5, p->quantity);
	dbq_bind_text(&q, 6, p->route ? p->route : "");
	dbq_bind_text(&q, 7, p->note ? p->note : "");
	dbq_bind_id(&q, 8, p->user_id);
	dbq_bind_text(&q, 9, p->username ? p->username : "");
	dbq_bind_int(&q, 10, clock_now());
	return dbq_scalar_int(&q, &p->id);
}

int
db_publicity_get(struct dbc *c, struct arena *a, int64_t id, struct publicity *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_publicity, ret);
}

int
db_publicity_set_households(struct dbc *c, int64_t id, int64_t n)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_SET_HOUSEHOLDS);
	dbq_bind_int(&q, 1, n);
	dbq_bind_int(&q, 2, id);
	return dbq_run(&q);
}

int
db_publicity_list(struct dbc *c, struct arena *a, const char *scope, const char *kind, int limit,
		  int offset, struct publicity **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	const char *k = kind ? kind : "";
	int rc;

	dbq_start(&q, c, ST_PUB_LIST);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, k);
	dbq_bind_text(&q, 4, k);
	dbq_bind_int(&q, 5, limit);
	dbq_bind_int(&q, 6, offset);
	if ((rc = dbq_collect(&q, a, sizeof(struct publicity), read_publicity, (void **)ret, ret_n)))
		return rc;
	dbq_start(&q, c, ST_PUB_COUNT);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, k);
	dbq_bind_text(&q, 4, k);
	return dbq_scalar_int(&q, ret_total);
}

int
db_publicity_cover_add(struct dbc *c, int64_t id, const char *area_code)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_COVER_ADD);
	dbq_bind_int(&q, 1, id);
	dbq_bind_text(&q, 2, area_code);
	return dbq_run(&q);
}

static void
read_code(struct dbq *q, struct arena *a, void *p)
{
	*(char **)p = dbq_dup(q, a, 0);
}

int
db_publicity_covers(struct dbc *c, struct arena *a, int64_t id, char ***ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_COVERS);
	dbq_bind_int(&q, 1, id);
	return dbq_collect(&q, a, sizeof(char *), read_code, (void **)ret, ret_n);
}

int
db_publicity_reach_add(struct dbc *c, int64_t id, int64_t household, const char *area_code,
		       int *ret_first)
{
	struct dbq q;
	int64_t v;
	int rc;

	dbq_start(&q, c, ST_PUB_REACH_ADD);
	dbq_bind_int(&q, 1, id);
	dbq_bind_int(&q, 2, household);
	if ((rc = dbq_scalar_int(&q, &v)) == ERR_NOTFOUND) {
		/* listed twice on the same action: counted once */
		*ret_first = 0;
		return 0;
	}
	if (rc)
		return rc;
	dbq_start(&q, c, ST_PUB_HOUSEHOLD_ADD);
	dbq_bind_int(&q, 1, household);
	dbq_bind_text(&q, 2, area_code);
	if ((rc = dbq_scalar_int(&q, &v)))
		return rc;
	*ret_first = v == 1;
	return 0;
}

int
db_publicity_reaches(struct dbc *c, struct arena *a, int64_t household, const char *area_code,
		     bool *ret)
{
	struct dbq q;
	struct publicity_count *pc;
	int64_t n;
	int rc, npc, i;

	dbq_start(&q, c, ST_PUB_HOUSEHOLD_GET);
	dbq_bind_int(&q, 1, household);
	if ((rc = dbq_scalar_int(&q, &n)) == 0) {
		*ret = true;
		return 0;
	}
	if (rc != ERR_NOTFOUND)
		return rc;
	if ((rc = db_publicity_counts(c, a, area_code, &pc, &npc)))
		return rc;
	*ret = false;
	for (i = 0; i < npc; i++)
		if (strcmp(pc[i].area_code, area_code) == 0 && pc[i].cover_actions > 0)
			*ret = true;
	return 0;
}

int
db_publicity_count_add(struct dbc *c, const char *area_code, int64_t cover_actions,
		       int64_t households_listed)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_COUNT_ADD);
	dbq_bind_text(&q, 1, area_code);
	dbq_bind_int(&q, 2, cover_actions);
	dbq_bind_int(&q, 3, households_listed);
	return dbq_run(&q);
}

static void
read_pub_count(struct dbq *q, struct arena *a, void *p)
{
	struct publicity_count *x = p;

	x->area_code = dbq_dup(q, a, 0);
	x->cover_actions = dbq_int(q, 1);
	x->households_listed = dbq_int(q, 2);
}

int
db_publicity_counts(struct dbc *c, struct arena *a, const char *scope, struct publicity_count **ret,
		    int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_COUNTS);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct publicity_count), read_pub_count, (void **)ret, ret_n);
}

int
db_publicity_uncovered(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
		       struct sweep_pending **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct publicity_count *pc;
	struct area_own *ar;
	int npc, nar, i, j, rc;
	int64_t total = 0;

	dbq_start(&q, c, ST_PUB_UNCOVERED);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_int(&q, 3, limit);
	dbq_bind_int(&q, 4, offset);
	if ((rc = dbq_collect(&q, a, sizeof(struct sweep_pending), db_sweep_read_pending, (void **)ret, ret_n)))
		return rc;
	/* the total from the counters: in each area not covered whole, households not listed */
	if ((rc = db_area_own(c, a, scope, &ar, &nar)) ||
	    (rc = db_publicity_counts(c, a, scope, &pc, &npc)))
		return rc;
	for (i = 0, j = 0; i < nar; i++) {
		int64_t listed = 0, cover = 0;

		while (j < npc && strcmp(pc[j].area_code, ar[i].code) < 0)
			j++;
		if (j < npc && strcmp(pc[j].area_code, ar[i].code) == 0) {
			listed = pc[j].households_listed;
			cover = pc[j].cover_actions;
		}
		if (cover == 0 && ar[i].households > listed)
			total += ar[i].households - listed;
	}
	*ret_total = total;
	return 0;
}

int
db_publicity_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PUB_AREA_CODE);
	dbq_bind_int(&q, 1, id);
	return dbq_scalar_text(&q, a, ret);
}
