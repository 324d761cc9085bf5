/* db_memo.h: the reads of the hot write paths, remembered for a moment. */
#ifndef FANGYI_DB_MEMO_H
#define FANGYI_DB_MEMO_H

#include "db_duty.h"
#include "db_registry.h"

/*
 * A screening or a check-in arrives tens of thousands of times a second at
 * a busy gate, with the same session, post, settings and shift each time.
 * These are the usual lookups, answered from memory (memo.h) while no
 * statement of this process has written to their tables since the record
 * was read (db_gen) and for at most MEMO_LIFE_MS, so that a change made by
 * another process (`fangyi user disable`, another server of a district)
 * is seen within that.  Inside a write transaction they read the database.
 * Results and errors are those of the plain lookups; strings go in a.
 */
#define MEMO_LIFE_MS 1000

int db_session_lookup_memo(struct dbc *c, struct arena *a, const char *token_hash,
			   struct session *ret);
/* A setting, or ERR_NOTFOUND, which is remembered too. */
int db_setting_get_memo(struct dbc *c, struct arena *a, const char *key, char **ret);
int db_post_get_memo(struct dbc *c, struct arena *a, int64_t id, struct duty_post *ret);
/* The shift on duty at post_id at time at: of the shifts overlapping [at, at + 1), the last
 * by start (db_shift_range's order); ERR_NOTFOUND when there is none. */
int db_shift_at_memo(struct dbc *c, struct arena *a, int64_t post_id, int64_t at,
		     struct duty_shift *ret);

#endif
