/* db_supply.c: the supplies ledger and its maintained stock. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_supply.h"
#include "err.h"

static void
read_item(struct dbq *q, struct arena *a, struct item *it)
{
	it->id = dbq_int(q, 0);
	it->key = dbq_dup(q, a, 1);
	it->name = dbq_dup(q, a, 2);
	it->unit = dbq_dup(q, a, 3);
	it->pack_name = dbq_dup(q, a, 4);
	it->pack_size = dbq_int(q, 5);
	it->low_stock = dbq_int(q, 6);
	it->name_en = dbq_dup(q, a, 7);
	it->unit_en = dbq_dup(q, a, 8);
	it->pack_name_en = dbq_dup(q, a, 9);
}

static void
read_store(struct dbq *q, struct arena *a, struct store *s)
{
	s->id = dbq_int(q, 0);
	s->name = dbq_dup(q, a, 1);
	s->area_code = dbq_dup(q, a, 2);
	s->area_name = dbq_dup(q, a, 3);
	s->kind = dbq_dup(q, a, 4);
}

static void
read_entry(struct dbq *q, struct arena *a, struct entry *e)
{
	e->id = dbq_int(q, 0);
	e->at = dbq_int(q, 1);
	e->kind = dbq_dup(q, a, 2);
	e->store_id = dbq_int(q, 3);
	e->item = dbq_dup(q, a, 4);
	e->quantity = dbq_int(q, 5);
	e->to_text = dbq_dup(q, a, 6);
	e->purpose = dbq_dup(q, a, 7);
	e->reverses = dbq_opt_int(q, 8);
	e->username = dbq_dup(q, a, 9);
	e->to_area_code = dbq_dup(q, a, 10);
	e->approved_by = dbq_dup(q, a, 11);
	e->handled_by = dbq_dup(q, a, 12);
	e->reversed_by = dbq_int(q, 13);
	e->donation_id = dbq_opt_int(q, 14);
}

static void
item_fn(struct dbq *q, struct arena *a, void *p)
{
	read_item(q, a, p);
}

static void
store_fn(struct dbq *q, struct arena *a, void *p)
{
	read_store(q, a, p);
}

static void
entry_fn(struct dbq *q, struct arena *a, void *p)
{
	read_entry(q, a, p);
}

int
db_item_list(struct dbc *c, struct arena *a, struct item **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_ITEM_LIST);
	return dbq_collect(&q, a, sizeof(struct item), item_fn, (void **)ret, ret_n);
}

int
db_item_by_key(struct dbc *c, struct arena *a, const char *key, struct item *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_ITEM_BY_KEY);
	dbq_bind_text(&q, 1, key);
	return dbq_one(&q, a, item_fn, ret);
}

int
db_item_insert(struct dbc *c, struct item *it)
{
	struct dbq q;

	dbq_start(&q, c, ST_ITEM_INSERT);
	dbq_bind_text(&q, 1, it->key);
	dbq_bind_text(&q, 2, it->name);
	dbq_bind_text(&q, 3, it->unit);
	dbq_bind_text(&q, 4, it->pack_name ? it->pack_name : "");
	dbq_bind_int(&q, 5, it->pack_size ? it->pack_size : 1);
	dbq_bind_int(&q, 6, it->low_stock);
	dbq_bind_text(&q, 7, it->name_en ? it->name_en : "");
	dbq_bind_text(&q, 8, it->unit_en ? it->unit_en : "");
	dbq_bind_text(&q, 9, it->pack_name_en ? it->pack_name_en : "");
	return dbq_scalar_int(&q, &it->id);
}

int
db_store_list(struct dbc *c, struct arena *a, const char *scope, struct store **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_STORE_LIST);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct store), store_fn, (void **)ret, ret_n);
}

int
db_store_get(struct dbc *c, struct arena *a, int64_t id, struct store *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_STORE_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, store_fn, ret);
}

int
db_store_insert(struct dbc *c, struct store *s)
{
	struct dbq q;

	dbq_start(&q, c, ST_STORE_INSERT);
	dbq_bind_text(&q, 1, s->name);
	dbq_bind_text(&q, 2, s->area_code);
	dbq_bind_text(&q, 3, s->kind);
	return dbq_scalar_int(&q, &s->id);
}

int
db_stock_of_store(struct dbc *c, struct arena *a, int64_t store_id, char ***ret_keys,
		  int64_t **ret_qty, int *ret_n)
{
	struct dbq q;
	char **keys = arena_alloc(a, sizeof(char *) * 256);
	int64_t *qty = arena_alloc(a, sizeof(int64_t) * 256);
	int n = 0, rc;

	dbq_start(&q, c, ST_STOCK_OF_STORE);
	dbq_bind_int(&q, 1, store_id);
	while ((rc = dbq_step(&q)) == 1 && n < 256) {
		keys[n] = dbq_dup(&q, a, 0);
		qty[n++] = dbq_int(&q, 1);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret_keys = keys;
	*ret_qty = qty;
	*ret_n = n;
	return 0;
}

int
db_stock_get(struct dbc *c, int64_t store_id, int64_t item_id, int64_t *ret)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_STOCK_GET);
	dbq_bind_int(&q, 1, store_id);
	dbq_bind_int(&q, 2, item_id);
	rc = dbq_scalar_int(&q, ret);
	if (rc == ERR_NOTFOUND) {
		*ret = 0;
		rc = 0;
	}
	return rc;
}

int
db_ledger_write(struct dbc *c, const struct move *m, int64_t *ret_id)
{
	struct dbq q;
	int64_t left, at = clock_now();
	int rc;

	if (m->quantity < 0) {
		dbq_start(&q, c, ST_STOCK_TAKE);
		dbq_bind_int(&q, 1, -m->quantity);
		dbq_bind_int(&q, 2, m->store_id);
		dbq_bind_int(&q, 3, m->item_id);
		dbq_bind_int(&q, 4, -m->quantity);
		if ((rc = dbq_scalar_int(&q, &left)) == ERR_NOTFOUND)
			return ERR_CONFLICT;
		if (rc)
			return rc;
	} else {
		dbq_start(&q, c, ST_STOCK_ADD);
		dbq_bind_int(&q, 1, m->store_id);
		dbq_bind_int(&q, 2, m->item_id);
		dbq_bind_int(&q, 3, m->quantity);
		if ((rc = dbq_run(&q)))
			return rc;
	}
	if ((rc = db_stock_day_move(c, m, at)))
		return rc;
	dbq_start(&q, c, ST_LEDGER_INSERT);
	dbq_bind_int(&q, 1, at);
	dbq_bind_text(&q, 2, m->kind);
	dbq_bind_int(&q, 3, m->store_id);
	dbq_bind_int(&q, 4, m->item_id);
	dbq_bind_int(&q, 5, m->quantity);
	dbq_bind_id(&q, 6, m->donation_id);
	dbq_bind_text(&q, 7, m->to_text ? m->to_text : "");
	dbq_bind_text(&q, 8, m->to_area_code ? m->to_area_code : "");
	dbq_bind_text(&q, 9, m->purpose ? m->purpose : "");
	dbq_bind_text(&q, 10, m->approved_by ? m->approved_by : "");
	dbq_bind_id(&q, 11, m->reverses);
	dbq_bind_id(&q, 12, m->user_id);
	dbq_bind_text(&q, 13, m->username ? m->username : "");
	dbq_bind_text(&q, 14, m->handled_by ? m->handled_by : "");
	return dbq_scalar_int(&q, ret_id);
}

int
db_ledger_get(struct dbc *c, struct arena *a, int64_t id, struct entry *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_LEDGER_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, entry_fn, ret);
}

int
db_ledger_list(struct dbc *c, struct arena *a, int64_t store_id, const char *item, int limit,
	       int offset, struct entry **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_LEDGER_LIST);
	dbq_bind_int(&q, 1, store_id);
	dbq_bind_int(&q, 2, store_id);
	dbq_bind_text(&q, 3, item ? item : "");
	dbq_bind_text(&q, 4, item ? item : "");
	dbq_bind_int(&q, 5, limit);
	dbq_bind_int(&q, 6, offset);
	if ((rc = dbq_collect(&q, a, sizeof(struct entry), entry_fn, (void **)ret, ret_n)))
		return rc;
	dbq_start(&q, c, ST_LEDGER_COUNT);
	dbq_bind_int(&q, 1, store_id);
	dbq_bind_int(&q, 2, store_id);
	dbq_bind_text(&q, 3, item ? item : "");
	dbq_bind_text(&q, 4, item ? item : "");
	return dbq_scalar_int(&q, ret_total);
}

int
db_donation_insert(struct dbc *c, const char *receipt_no, const char *name, const char *kind,
		   const char *contact, int anonymous, const char *date, int64_t store_id,
		   const char *designated, int64_t user_id, int64_t *ret_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_DONATION_INSERT);
	dbq_bind_text(&q, 1, receipt_no);
	dbq_bind_text(&q, 2, name);
	dbq_bind_text(&q, 3, kind);
	dbq_bind_text(&q, 4, contact ? contact : "");
	dbq_bind_int(&q, 5, anonymous);
	dbq_bind_text(&q, 6, date);
	dbq_bind_int(&q, 7, store_id);
	dbq_bind_text(&q, 8, designated);
	dbq_bind_id(&q, 9, user_id);
	dbq_bind_int(&q, 10, clock_now());
	return dbq_scalar_int(&q, ret_id);
}

int
db_donation_count_day(struct dbc *c, const char *date, int64_t *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_DONATION_COUNT_DAY);
	dbq_bind_text(&q, 1, date);
	return dbq_scalar_int(&q, ret);
}

static void
received_fn(struct dbq *q, struct arena *a, void *p)
{
	struct public_row *r = p;

	r->a = dbq_dup(q, a, 0);
	r->b = dbq_dup(q, a, 1);
	r->c = dbq_dup(q, a, 2);
	r->quantity = dbq_int(q, 3);
}

static void
issued_fn(struct dbq *q, struct arena *a, void *p)
{
	struct public_row *r = p;

	r->a = dbq_dup(q, a, 0);
	r->b = dbq_dup(q, a, 1);
	r->quantity = dbq_int(q, 2);
}

static void
donations_fn(struct dbq *q, struct arena *a, void *p)
{
	struct public_row *r = p;

	r->id = dbq_int(q, 0);
	r->a = dbq_dup(q, a, 1);
	r->anonymous = (int)dbq_int(q, 3);
	/* an anonymous donor's name never leaves the database on this path */
	r->b = r->anonymous ? arena_strdup(a, "爱心人士") : dbq_dup(q, a, 2);
	r->c = dbq_dup(q, a, 4);
	r->quantity = dbq_int(q, 5);
}

int
db_public(struct dbc *c, struct arena *a, enum public_table which, struct public_row **ret, int *ret_n)
{
	static const enum stmt st[3] = {ST_PUBLIC_RECEIVED, ST_PUBLIC_ISSUED, ST_PUBLIC_DONATIONS};
	static void (*const fn[3])(struct dbq *, struct arena *, void *) = {received_fn, issued_fn,
									      donations_fn};
	struct dbq q;

	dbq_start(&q, c, st[which]);
	return dbq_collect(&q, a, sizeof(struct public_row), fn[which], (void **)ret, ret_n);
}
