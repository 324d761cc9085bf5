/*
 * svc_supply.h: the supplies' operations: items and stores, donations received with their
 * donor (a receipt number and one ledger line per thing given), the ledger's moves out of a
 * store (issue, write-off, transfer to another store, reversal) and the low-stock thresholds.
 *
 * Every operation runs inside the caller's transaction (dbc_begin), checks the stores it names
 * against the actor's area, writes its audit row, and on bad input fills s->fault with the field
 * and the message in Chinese and English.
 */
#ifndef FANGYI_SVC_SUPPLY_H
#define FANGYI_SVC_SUPPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "db_supply.h"
#include "svc.h"

/* A donation has at most this many lines. */
#define SUPPLY_MAX_LINES 50

/* An item as typed: key, name and unit required; pack_size and low_stock 0 when not given. */
struct svc_item_in {
	const char *key, *name, *unit, *pack_name;
	int64_t pack_size, low_stock;
	const char *name_en, *unit_en, *pack_name_en;
};

/* svc_supply_item_create adds an item (`key` 1-40 of [a-z0-9_], unique: ERR_CONFLICT on key)
 * and reads it back into *out (strings in s->arena). */
int svc_supply_item_create(struct svc *s, const struct svc_item_in *in, struct item *out);

/* svc_supply_key_ok: an item key is 1-40 of [a-z0-9_]. */
bool svc_supply_key_ok(const char *key);

struct svc_store_in {
	const char *name, *area_code, *kind; /* kind: town, village or checkpoint */
};
/* A store with its stock rows (today's usage with them), as the store list shows it. */
struct svc_store_out {
	struct store store;
	struct stock_line *lines;
	int nlines;
};
/* svc_supply_store_create adds a store in an area of the actor's. */
int svc_supply_store_create(struct svc *s, const struct svc_store_in *in, struct svc_store_out *out);

/* One line of a donation: an item key and how many (at least 1). */
struct svc_donation_line {
	const char *item;
	int64_t quantity;
};
struct svc_donation_in {
	const char *donor_name, *donor_kind, *donor_contact; /* kind: person, company, organisation */
	bool donor_given;                /* false: the body had no donor object */
	int anonymous;                   /* 1: the public page hides the donor's name */
	const char *date;                /* YYYY-MM-DD, the day it was received */
	int64_t store_id;                /* the store it went into */
	const char *designated_area_code; /* a village the donor named, NULL or "" for none */
	const struct svc_donation_line *lines;
	int nlines;                      /* 1..SUPPLY_MAX_LINES; lines may be NULL above that */
};
struct svc_donation_out {
	int64_t id;
	char receipt_no[32]; /* JZ + date + the day's sequence: JZ20200203001 */
};
/*
 * svc_supply_donation_receive records a donation, its receipt number and one "received" ledger
 * entry per line into the store.  A line naming no known item is refused on "item".
 */
int svc_supply_donation_receive(struct svc *s, const struct svc_donation_in *in,
				struct svc_donation_out *out);

/* A move of the ledger. */
struct svc_move_in {
	const char *kind;          /* transfer, issue, write_off or reverse */
	int64_t store_id;          /* the store it leaves (not for reverse) */
	const char *item;          /* item key (not for reverse) */
	int64_t quantity;          /* at least 1 (not for reverse) */
	int64_t to_store_id;       /* transfer: the receiving store */
	const char *to_area_code;  /* issue: the village or grid that receives it */
	const char *to_text;       /* issue: who receives it, when not an area (a post) */
	const char *purpose;       /* issue: required; write_off: the reason, required */
	const char *approved_by;   /* cash spent: required */
	const char *handled_by;    /* cash spent: who paid, required */
	int64_t reverses;          /* reverse: the entry it corrects */
};
struct svc_move_out {
	struct entry entry;  /* the entry written (for a transfer, the one out of store_id) */
	bool short_stock;    /* refused because the store has less than asked */
	int64_t available;   /* then: what the store has */
};
/*
 * svc_supply_move writes a move: an issue, a write-off, a transfer (two entries, out and in) or
 * the reversal of a receipt, an issue or a write-off.  Taking more than the store holds is
 * ERR_CONFLICT on "quantity" with out->short_stock set and out->available what is there; the
 * caller's transaction is then rolled back (PostgreSQL gives it up on a refused reversal), so
 * the stock is read as committed.
 */
int svc_supply_move(struct svc *s, const struct svc_move_in *in, struct svc_move_out *out);

struct svc_threshold_in {
	const char *item;  /* item key */
	int64_t store_id;  /* 0: the item's default for every store of the town */
	bool low_given;    /* the body had low_stock (perhaps null) */
	int64_t low;       /* the threshold; -1 for null: the store falls back to the item's */
};
struct svc_threshold_out {
	bool of_store;             /* a store's own threshold was set: store and lines */
	struct svc_store_out store;
	struct item item;          /* else the item, with its new default */
};
/* svc_supply_threshold_set sets a store's own low-stock threshold of an item, or the item's
 * default (town level and above only). */
int svc_supply_threshold_set(struct svc *s, const struct svc_threshold_in *in,
			     struct svc_threshold_out *out);

/* A page of the ledger: one store's entries (0: every store), of one item (NULL: every item). */
struct svc_ledger_in {
	int64_t store_id;
	const char *item;
	int limit, offset;
};
struct svc_ledger_out {
	struct entry *v;
	int n;
	int64_t total;
};
/* svc_supply_ledger gives a page of the ledger, newest first.  Below the town an actor reads
 * only the ledger of a store of their own area, and must name it (ERR_INVALID on store_id). */
int svc_supply_ledger(struct svc *s, const struct svc_ledger_in *in, struct svc_ledger_out *out);

/* svc_supply_donation_get reads donation id if its store lies in the actor's area, else
 * ERR_NOTFOUND on "id". */
int svc_supply_donation_get(struct svc *s, int64_t id, struct donation *out);


#endif
