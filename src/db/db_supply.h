/* db_supply.h: items, stores, donations, and the append-only ledger with its maintained stock. */
#ifndef FANGYI_DB_SUPPLY_H
#define FANGYI_DB_SUPPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct arena;

struct item {
	int64_t id;
	char *key, *name, *unit, *pack_name;
	int64_t pack_size, low_stock;
	char *name_en, *unit_en, *pack_name_en;
};

struct store {
	int64_t id;
	char *name, *area_code, *area_name, *kind;
};

struct entry {
	int64_t id, at;
	char *kind;
	int64_t store_id;
	char *item;
	int64_t quantity; /* signed: + in, - out */
	char *to_text, *purpose, *username, *to_area_code, *approved_by, *handled_by;
	int64_t reverses;
	int64_t reversed_by; /* the entry that reverses this one, 0 when none */
	int64_t donation_id;
};

/* A new entry to write: item_id rather than the key. */
struct move {
	const char *kind;
	int64_t store_id, item_id, quantity, donation_id, reverses, user_id;
	const char *to_text, *to_area_code, *purpose, *approved_by, *username;
	const char *handled_by; /* cash spending: who paid (经办人) */
};

int db_item_list(struct dbc *c, struct arena *a, struct item **ret, int *ret_n);
int db_item_by_key(struct dbc *c, struct arena *a, const char *key, struct item *ret);
int db_item_insert(struct dbc *c, struct item *it);
int db_store_list(struct dbc *c, struct arena *a, const char *scope, struct store **ret, int *ret_n);
int db_store_get(struct dbc *c, struct arena *a, int64_t id, struct store *ret);
int db_store_insert(struct dbc *c, struct store *s);
/* db_stock_of_store: item keys and quantities of one store. */
int db_stock_of_store(struct dbc *c, struct arena *a, int64_t store_id, char ***ret_keys,
		      int64_t **ret_qty, int *ret_n);
int db_stock_get(struct dbc *c, int64_t store_id, int64_t item_id, int64_t *ret);
/*
 * db_ledger_write appends m and moves the stock inside the caller's
 * transaction.  A negative quantity takes from the stock only if enough is
 * there: ERR_CONFLICT otherwise (nothing written), the check and the take
 * being one statement, so two concurrent issues can never both pass.
 */
int db_ledger_write(struct dbc *c, const struct move *m, int64_t *ret_id);
int db_ledger_get(struct dbc *c, struct arena *a, int64_t id, struct entry *ret);
int db_ledger_list(struct dbc *c, struct arena *a, int64_t store_id, const char *item, int limit,
		   int offset, struct entry **ret, int *ret_n, int64_t *ret_total);

int db_donation_insert(struct dbc *c, const char *receipt_no, const char *name, const char *kind,
		       const char *contact, int anonymous, const char *date, int64_t store_id,
		       const char *designated, int64_t user_id, int64_t *ret_id);
int db_donation_count_day(struct dbc *c, const char *date, int64_t *ret);

/* One row of the public page (公示): which columns are set depends on the table. */
struct public_row {
	int64_t id;
	char *a, *b, *c, *d; /* received: key, name, unit; issued: to, key; donations: date, donor, key */
	int64_t quantity;
	int anonymous;
};
enum public_table { PUBLIC_RECEIVED, PUBLIC_ISSUED, PUBLIC_DONATIONS };
int db_public(struct dbc *c, struct arena *a, enum public_table which, struct public_row **ret,
	      int *ret_n);

/* ---- thresholds, the daily aggregate, donations and figures (db_supply_stock.c) ---- */

/*
 * db_stock_day_move adds one entry to the daily aggregate of its store and
 * item inside the caller's transaction (db_ledger_write calls it): net on
 * the day of the entry; received, issued or written off on that day, or,
 * for a reversal, taken back on the day of the entry it reverses.  An issue
 * (and its reversal) also moves issue_area, the public total per village.
 */
int db_stock_day_move(struct dbc *c, const struct move *m, int64_t at);

/* db_threshold_set sets a store's own low-stock threshold for an item (-1:
 * back to the item's default); db_item_set_low sets the item's default. */
int db_threshold_set(struct dbc *c, int64_t store_id, int64_t item_id, int64_t low);
int db_item_set_low(struct dbc *c, int64_t item_id, int64_t low);

/* One stock row with what the figures need, as of the end of a day. */
struct stock_line {
	int64_t store_id;
	char *item;
	int64_t quantity;  /* at the end of the day asked for */
	int64_t threshold; /* the store's own, else the item's */
	int own_threshold;
	int64_t used7;     /* issued in the 7 days ending that day, net of reversals */
};
/*
 * db_stock_lines lists the stock rows of the stores in scope (one store
 * when store_id is not 0) with the usage of the 7 days ending with the local
 * day beginning at day_start; the quantity is the stock now when current,
 * else at the end of that day.  Rows in a.
 */
int db_stock_lines(struct dbc *c, struct arena *a, const char *scope, int64_t store_id,
		   int64_t day_start, bool current, struct stock_line **ret, int *ret_n);

/* Totals per item to the end of a day, for the stores in scope. */
struct supply_total {
	int64_t item_id, received, issued, written_off;
};
int db_supply_totals(struct dbc *c, struct arena *a, const char *scope, int64_t day_start,
		     struct supply_total **ret, int *ret_n);

struct donation {
	int64_t id;
	char *receipt_no, *donor_name, *donor_kind, *donor_contact;
	int anonymous;
	char *date;
	int64_t store_id;
	char *store_name, *store_area, *designated, *designated_name;
	int64_t created_at;
	char *received_by, *received_by_username;
};
struct donation_line {
	int64_t entry_id;
	char *item, *name, *unit, *pack_name;
	int64_t pack_size, quantity, reversed_by;
};
int db_donation_page(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
		     struct donation **ret, int *ret_n, int64_t *ret_total);
int db_donation_get(struct dbc *c, struct arena *a, int64_t id, struct donation *ret);
int db_donation_lines(struct dbc *c, struct arena *a, int64_t id, struct donation_line **ret,
		      int *ret_n);

#endif
