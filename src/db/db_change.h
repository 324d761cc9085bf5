/* db_change.h: the change feed's table (change_log, migration 0021): what changed in each area,
 * written by triggers on the tracked tables, read by area-code prefix range after a cursor. */
#ifndef FANGYI_DB_CHANGE_H
#define FANGYI_DB_CHANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "err.h"

struct arena;

/* One row of the feed: a record of `kind` (person, household, key_person, task, visit) and its
 * latest change in one area; gone when it has left that area or is no more. */
struct change {
	const char *kind;
	int64_t id;
	const char *area_code;
	int64_t seq;
	bool gone;
};

/* One tracked table: a change of one of its rows is a change of the record kind/id, in the
 * area the row names (area_code), gone when the row says so.  THE list is db_change.c's. */
struct change_table {
	const char *table;
	const char *kind;
	const char *id;   /* the column naming the record: "id", or the key person of a reading */
	const char *gone; /* SQL on the new row (NEW.): 1 when the record no longer counts */
};

/* change_tables: THE list of tracked tables, ending with a NULL table; for the test that
 * compares it with the schema's triggers. */
const struct change_table *change_tables(void);

/*
 * db_change_forgotten: the tables of the schema with an area_code that change_tables() does not
 * track and db_change.c does not declare kept off the phones, and the tracked tables missing
 * their triggers ("person (no trigger)"), into *ret / *ret_n (in a).  Empty when the feed knows
 * every table of an area.  Returns 0 or ERR_DB.
 */
int db_change_forgotten(struct dbc *c, struct arena *a, char ***ret, int *ret_n);

/*
 * db_change_install creates the triggers that keep change_log: migration 0021's step, in its
 * transaction.  On SQLite a trigger writes its row at once (one writer: sequence order is
 * commit order); on PostgreSQL the trigger is deferred to COMMIT, where the counter row is taken
 * last and held only for the commit, so that a later sequence number is never visible before an
 * earlier one, and no transaction waits for the counter while holding rows another wants.
 * Returns 0, or ERR_DB with f filled.
 */
int db_change_install(struct dbc *c, struct fault *f);

/*
 * db_change_list: the rows of the areas under scope (a prefix; "" is all) changed after `after`, oldest first, at most limit of them,
 * into *ret / *ret_n (in a).  Returns 0 or ERR_DB.
 */
int db_change_list(struct dbc *c, struct arena *a, const char *scope, int64_t after, int limit,
		   struct change **ret, int *ret_n);

/* db_change_last: the newest sequence number given out (0 in an empty database). */
int db_change_last(struct dbc *c, int64_t *ret);

/*
 * db_change_version: the sequence number of the latest change of the record kind/id where it
 * stands now (its ETag), into *ret; ERR_NOTFOUND when it has none.  With lock, on PostgreSQL
 * the record's row is locked first (SELECT … FOR UPDATE on its table), so that no other transaction changes
 * it between this answer and the caller's write: a version compared here stays true until
 * COMMIT.  kind is "person" or "household".
 */
int db_change_version(struct dbc *c, const char *kind, int64_t id, bool lock, int64_t *ret);

#endif
