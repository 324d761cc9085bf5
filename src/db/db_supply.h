/* db_supply.h: items, stores, donations, and the append-only ledger with its maintained stock. */
#ifndef FANGYI_DB_SUPPLY_H
#define FANGYI_DB_SUPPLY_H

#include <stdint.h>

#include "db.h"

struct arena;

struct item {
	int64_t id;
	char *key, *name, *unit, *pack_name;
	int64_t pack_size, low_stock;
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
	char *to_text, *purpose, *username, *to_area_code, *approved_by;
	int64_t reverses;
};

/* A new entry to write: item_id rather than the key. */
struct move {
	const char *kind;
	int64_t store_id, item_id, quantity, donation_id, reverses, user_id;
	const char *to_text, *to_area_code, *purpose, *approved_by, *username;
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

#endif
