/* db_supply_stock.c: low-stock thresholds, the daily movement aggregate, donations and their lines, totals. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_supply.h"
#include "err.h"

/* the kind and time of a ledger entry (the one a reversal corrects) */
struct kind_at {
	char *kind;
	int64_t at;
};

static void
read_kind_at(struct dbq *q, struct arena *a, void *p)
{
	struct kind_at *o = p;

	o->kind = dbq_dup(q, a, 0);
	o->at = dbq_int(q, 1);
}

int
db_stock_day_move(struct dbc *c, const struct move *m, int64_t at)
{
	struct dbq q;
	struct kind_at o;
	const char *kind = m->kind;
	int64_t day = clock_day_start(at), rc_q = 0, iss = 0, wo = 0, oat;
	char *okind = NULL;
	struct arena *a = NULL;
	int rc;

	/* the day's net moves the stock as it happened */
	dbq_start(&q, c, ST_STOCK_DAY_ADD);
	dbq_bind_int(&q, 1, m->store_id);
	dbq_bind_int(&q, 2, m->item_id);
	dbq_bind_int(&q, 3, day);
	dbq_bind_int(&q, 4, 0);
	dbq_bind_int(&q, 5, 0);
	dbq_bind_int(&q, 6, 0);
	dbq_bind_int(&q, 7, m->quantity);
	if ((rc = dbq_run(&q)))
		return rc;
	if (strcmp(kind, "reverse") == 0 && m->reverses) {
		/* a correction counts on the day of the entry it corrects */
		if ((a = arena_new()) == NULL)
			return ERR_NOMEM;
		dbq_start(&q, c, ST_LEDGER_KIND_AT);
		dbq_bind_int(&q, 1, m->reverses);
		if ((rc = dbq_one(&q, a, read_kind_at, &o)) == 0) {
			okind = o.kind;
			oat = o.at;
		}
		if (rc) {
			arena_free(a);
			return rc;
		}
		kind = okind;
		day = clock_day_start(oat);
	}
	if (strcmp(kind, "received") == 0)
		rc_q = m->quantity;
	else if (strcmp(kind, "issue") == 0)
		iss = -m->quantity;
	else if (strcmp(kind, "write_off") == 0)
		wo = -m->quantity;
	arena_free(a);
	if (rc_q == 0 && iss == 0 && wo == 0)
		return 0;
	if (iss != 0) {
		/* the public "issued to" table: per village, never per person */
		char village[13] = "";

		if (m->to_area_code)
			snprintf(village, sizeof(village), "%s", m->to_area_code);
		dbq_start(&q, c, ST_ISSUE_AREA_ADD);
		dbq_bind_text(&q, 1, village);
		dbq_bind_int(&q, 2, m->item_id);
		dbq_bind_int(&q, 3, iss);
		if ((rc = dbq_run(&q)))
			return rc;
	}
	dbq_start(&q, c, ST_STOCK_DAY_ADD);
	dbq_bind_int(&q, 1, m->store_id);
	dbq_bind_int(&q, 2, m->item_id);
	dbq_bind_int(&q, 3, day);
	dbq_bind_int(&q, 4, rc_q);
	dbq_bind_int(&q, 5, iss);
	dbq_bind_int(&q, 6, wo);
	dbq_bind_int(&q, 7, 0);
	return dbq_run(&q);
}

int
db_threshold_set(struct dbc *c, int64_t store_id, int64_t item_id, int64_t low)
{
	struct dbq q;

	dbq_start(&q, c, ST_STOCK_THRESHOLD_SET);
	dbq_bind_int(&q, 1, store_id);
	dbq_bind_int(&q, 2, item_id);
	if (low < 0)
		dbq_bind_null(&q, 3);
	else
		dbq_bind_int(&q, 3, low);
	return dbq_run(&q);
}

int
db_item_set_low(struct dbc *c, int64_t item_id, int64_t low)
{
	struct dbq q;

	dbq_start(&q, c, ST_ITEM_SET_LOW);
	dbq_bind_int(&q, 1, low);
	dbq_bind_int(&q, 2, item_id);
	return dbq_run(&q);
}

static void
line_fn(struct dbq *q, struct arena *a, void *p)
{
	struct stock_line *l = p;

	l->store_id = dbq_int(q, 0);
	l->item = dbq_dup(q, a, 1);
	/* the stock at the end of the day: now, less what moved after it */
	l->quantity = dbq_int(q, 2) - dbq_int(q, 6);
	l->threshold = dbq_int(q, 3);
	l->own_threshold = (int)dbq_int(q, 4);
	l->used7 = dbq_int(q, 5);
}

int
db_stock_lines(struct dbc *c, struct arena *a, const char *scope, int64_t store_id,
	       int64_t day_start, bool current, struct stock_line **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_STOCK_LINES);
	/* the 7 days ending with this one; day keys are day starts, so 6 days back is enough */
	dbq_bind_int(&q, 1, day_start - 6 * 86400 - 3 * 3600);
	dbq_bind_int(&q, 2, day_start);
	dbq_bind_int(&q, 3, current ? INT64_MAX / 4 : day_start);
	dbq_bind_text(&q, 4, scope);
	dbq_bind_text(&q, 5, db_range_hi(a, scope));
	dbq_bind_int(&q, 6, store_id);
	dbq_bind_int(&q, 7, store_id);
	return dbq_collect(&q, a, sizeof(struct stock_line), line_fn, (void **)ret, ret_n);
}

static void
total_fn(struct dbq *q, struct arena *a, void *p)
{
	struct supply_total *t = p;

	t->item_id = dbq_int(q, 0);
	t->received = dbq_int(q, 1);
	t->issued = dbq_int(q, 2);
	t->written_off = dbq_int(q, 3);
}

int
db_supply_totals(struct dbc *c, struct arena *a, const char *scope, int64_t day_start,
		 struct supply_total **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SUPPLY_TOTALS);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_int(&q, 3, day_start);
	return dbq_collect(&q, a, sizeof(struct supply_total), total_fn, (void **)ret, ret_n);
}

static void
donation_fn(struct dbq *q, struct arena *a, void *p)
{
	struct donation *d = p;

	d->id = dbq_int(q, 0);
	d->receipt_no = dbq_dup(q, a, 1);
	d->donor_name = dbq_dup(q, a, 2);
	d->donor_kind = dbq_dup(q, a, 3);
	d->donor_contact = dbq_dup(q, a, 4);
	d->anonymous = (int)dbq_int(q, 5);
	d->date = dbq_dup(q, a, 6);
	d->store_id = dbq_int(q, 7);
	d->store_name = dbq_dup(q, a, 8);
	d->store_area = dbq_dup(q, a, 9);
	d->designated = dbq_dup(q, a, 10);
	d->designated_name = dbq_dup(q, a, 11);
	d->created_at = dbq_int(q, 12);
	d->received_by = dbq_dup(q, a, 13);
	d->received_by_username = dbq_dup(q, a, 14);
}

int
db_donation_page(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
		 struct donation **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_DONATION_PAGE);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_int(&q, 3, limit);
	dbq_bind_int(&q, 4, offset);
	if ((rc = dbq_collect(&q, a, sizeof(struct donation), donation_fn, (void **)ret, ret_n)))
		return rc;
	dbq_start(&q, c, ST_DONATION_PAGE_COUNT);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	return dbq_scalar_int(&q, ret_total);
}

int
db_donation_get(struct dbc *c, struct arena *a, int64_t id, struct donation *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_DONATION_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, donation_fn, ret);
}

static void
dline_fn(struct dbq *q, struct arena *a, void *p)
{
	struct donation_line *l = p;

	l->entry_id = dbq_int(q, 0);
	l->item = dbq_dup(q, a, 1);
	l->name = dbq_dup(q, a, 2);
	l->unit = dbq_dup(q, a, 3);
	l->pack_name = dbq_dup(q, a, 4);
	l->pack_size = dbq_int(q, 5);
	l->quantity = dbq_int(q, 6);
	l->reversed_by = dbq_int(q, 7);
}

int
db_donation_lines(struct dbc *c, struct arena *a, int64_t id, struct donation_line **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_DONATION_LINES);
	dbq_bind_int(&q, 1, id);
	return dbq_collect(&q, a, sizeof(struct donation_line), dline_fn, (void **)ret, ret_n);
}
