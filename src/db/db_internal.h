/* db_internal.h: what the db_<entity>.c files share: statements and the query cursor. */
#ifndef FANGYI_DB_INTERNAL_H
#define FANGYI_DB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct arena;

/*
 * The audit rows whose object_id and detail say to whom something was done: a resident.  The
 * purge blanks these (db_audit_purge_subjects); the verifier refuses a blanked row of any other
 * kind.  One list, read by both as SQL text.
 */
#define AUDIT_RESIDENT_KINDS                                                                      \
	"'person', 'household', 'key_person', 'health_check', 'alert', 'tip', 'task', "          \
	"'screening', 'sweep_visit', 'gathering', 'duty_member', 'duty_leave', 'publicity_photo'"

/*
 * Every SQL statement fangyi runs.  Values are always bound with '?'
 * (rewritten to $n for PostgreSQL once at start-up); no SQL is built from
 * user text.  The texts live in db_stmt.c's table, one db_stmt_<family>.inc per family below.
 */
enum stmt {
	/* settings, areas, households, people, users, sessions (db_stmt_registry.inc) */
	ST_SETTING_GET,
	ST_SETTING_PUT,
	ST_AREA_INSERT,
	ST_AREA_GET_BY_CODE,
	ST_AREA_GET_BY_ID,
	ST_AREA_FIND_BY_NAME,
	ST_AREA_LIST_SCOPE,
	ST_AREA_CHILD_MAX_CODE,
	ST_AREA_ADD_COUNTS,
	ST_AREA_SUM_SCOPE,
	ST_AREA_OWN,
	ST_AREA_TOWNS,
	ST_HOUSEHOLD_INSERT,
	ST_HOUSEHOLD_GET,
	ST_HOUSEHOLD_FIND,
	ST_HOUSEHOLD_UPDATE,
	ST_HOUSEHOLD_ADD_MEMBERS,
	ST_HOUSEHOLD_SETTLE,
	ST_HOUSEHOLD_LIST,
	ST_HOUSEHOLD_SEARCH,
	ST_HOUSEHOLD_SEARCH_COUNT,
	ST_HOUSEHOLD_AREA_CODE,
	ST_PERSON_INSERT,
	ST_PERSON_ADD,
	ST_PERSON_ADD_8,
	ST_PERSON_ADD_64,
	ST_PERSON_UPDATE,
	ST_PERSON_GET,
	ST_PERSON_GET_BY_IDNUM,
	ST_PERSON_FIND_NOID,
	ST_PERSON_AREA_CODE,
	ST_PERSON_LIST,
	ST_PERSON_SEARCH,
	ST_PERSON_SEARCH_COUNT,
	ST_PERSON_SEARCH_GRID,
	ST_PERSON_SEARCH_GRID_COUNT,
	ST_PERSON_BY_HOUSEHOLD,
	ST_PERSON_BY_TAG,
	ST_PERSON_BY_TAG_COUNT,
	ST_PERSON_DUPLICATES,
	ST_PERSON_MERGE,
	ST_PERSON_REPOINT_HEAD,
	ST_PERSON_TAG_DELETE,
	ST_PERSON_TAG_INSERT,
	ST_USER_INSERT,
	ST_USER_GET_BY_NAME,
	ST_USER_GET,
	ST_USER_LIST,
	ST_USER_COUNT,
	ST_USER_SET_PASSWORD,
	ST_USER_SET_DISABLED,
	ST_USER_SET_DISPLAY,
	ST_USER_LOGIN_OK,
	ST_USER_FIND_STAFF,
	ST_USER_STAFF_OF,
	ST_USER_SET_PHONE,
	ST_THROTTLE_GET,
	ST_THROTTLE_PUT,
	ST_THROTTLE_CLEAR,
	ST_THROTTLE_PRUNE,
	ST_SESSION_INSERT,
	ST_SESSION_LOOKUP,
	ST_SESSION_REVOKE,
	ST_SESSION_REVOKE_USER,
	ST_IDEM_GET,
	ST_IDEM_PUT,
	/* the change feed of the phones (db_change.c, db_stmt_change.inc) */
	ST_CHANGE_LIST,
	ST_CHANGE_LIST_WIDE,
	ST_CHANGE_LAST,
	ST_CHANGE_VERSION,
	ST_CHANGE_LOCK_PERSON,
	ST_CHANGE_LOCK_HOUSEHOLD,
	/* the audit log and imports (db_stmt_audit.inc) */
	ST_AUDIT_INSERT,
	ST_AUDIT_LIST,
	ST_AUDIT_COUNT,
	ST_AUDIT_COUNT_USER,
	ST_AUDIT_HEAD_TAKE,
	ST_AUDIT_HEAD_GET,
	ST_AUDIT_HEAD_PUT,
	ST_AUDIT_UNSEALED,
	ST_AUDIT_SEAL,
	ST_AUDIT_CHAIN,
	ST_AUDIT_UNCHAINED,
	ST_AUDIT_CUTOFFS,
	ST_AUDIT_PURGE_SUBJECTS,
	ST_IMPORT_INSERT,
	/* backups and the purge (db.c, db_purge.c) */
	ST_BACKUP_INSERT,
	ST_BACKUP_LIST,
	ST_BACKUP_PURGED,
	ST_PURGE_PERSON_INSERT,
	ST_PURGE_PERSON_SELF,
	ST_PURGE_PHOTO_RECOUNT,
	ST_PURGE_KEPT_ACTIVE,
	/* monitoring (db_monitor.c, db_stmt_monitor.inc) */
	ST_KP_INSERT,
	ST_KP_GET,
	ST_KP_UPDATE,
	ST_KP_AREA_CODE,
	ST_KP_ACTIVE_OF_PERSON,
	ST_KP_BY_CODE,
	ST_KP_SET_CODE,
	ST_KP_LIST,
	ST_KP_COUNT,
	ST_KP_ALL,
	ST_KP_AFTER_CHECK,
	ST_KP_DUE_RELEASE,
	ST_CHECK_INSERT,
	ST_CHECK_LIST,
	ST_CHECK_COUNT,
	ST_CHECK_SINCE,
	ST_CHECK_ABNORMAL_DAYS,
	ST_CHECK_DAY_SLOTS,
	ST_ALERT_INSERT,
	ST_ALERT_GET,
	ST_ALERT_UPDATE,
	ST_ALERT_AREA_CODE,
	ST_ALERT_LIST,
	ST_ALERT_COUNT,
	ST_ALERT_OPEN_AT,
	ST_EVENT_INSERT,
	ST_EVENT_LIST,
	/* lists from higher authorities (db_list.c, db_stmt_list.inc) */
	ST_LIST_INSERT,
	ST_LIST_GET,
	ST_LIST_BY_FILE,
	ST_LIST_LIST,
	ST_LIST_COUNT,
	ST_LIST_ADD,
	ST_LIST_STATUS,
	ST_LIST_RESET_ROWS,
	ST_LIST_RESET_AREAS,
	ST_LIST_RESET,
	ST_LIST_UNFINISHED,
	ST_LIST_AREA_ADD,
	ST_LIST_AREA_COUNTS,
	ST_LIST_ROW_INSERT,
	ST_LIST_ROW_GET,
	ST_LIST_ROWS,
	ST_LIST_ROW_DECIDE,
	ST_LIST_PERSONS,
	ST_LIST_PERSON_COUNT,
	ST_LIST_WATCHED,
	ST_LIST_OPEN_TASK,
	ST_LIST_NAMED_BEFORE,
	ST_LIST_OTHERS,
	ST_LIST_PERSON_NAME,
	/* tips (db_tip.c, db_stmt_tip.inc) */
	ST_TIP_INSERT,
	ST_TIP_GET,
	ST_TIP_BY_CODE,
	ST_TIP_UPDATE,
	ST_TIP_AREA_CODE,
	ST_TIP_LIST,
	ST_TIP_COUNT,
	ST_TIP_BY_TASK,
	ST_TIP_RANGE,
	/* tasks (db_task.c, db_stmt_task.inc) */
	ST_TASK_INSERT,
	ST_TASK_GET,
	ST_TASK_UPDATE,
	ST_TASK_AREA_CODE,
	ST_TASK_LIST,
	ST_TASK_COUNT,
	ST_TASK_LIST_POST,
	ST_TASK_COUNT_POST,
	ST_TASK_OF_POST,
	ST_TASK_ALL,
	ST_TASK_EVENT_INSERT,
	ST_TASK_EVENT_LIST,
	ST_TASK_OWNER_OPEN,
	ST_TASK_OWNER_EVENTS,
	/* supplies (db_supply.c, db_stmt_supply.inc) */
	ST_ITEM_LIST,
	ST_ITEM_BY_KEY,
	ST_ITEM_INSERT,
	ST_STORE_LIST,
	ST_STORE_GET,
	ST_STORE_INSERT,
	ST_STOCK_OF_STORE,
	ST_STOCK_ADD,
	ST_STOCK_TAKE,
	ST_STOCK_GET,
	ST_DONATION_INSERT,
	ST_DONATION_COUNT_DAY,
	ST_DONATION_LIST,
	ST_LEDGER_INSERT,
	ST_LEDGER_GET,
	ST_LEDGER_LIST,
	ST_LEDGER_COUNT,
	ST_PUBLIC_RECEIVED,
	ST_PUBLIC_ISSUED,
	ST_PUBLIC_DONATIONS,
	/* supplies: thresholds, the daily aggregate, donations and figures (db_supply_stock.c) */
	ST_LEDGER_KIND_AT,
	ST_ISSUE_AREA_ADD,
	ST_STOCK_DAY_ADD,
	ST_STOCK_THRESHOLD_SET,
	ST_ITEM_SET_LOW,
	ST_STOCK_LINES,
	ST_SUPPLY_TOTALS,
	ST_DONATION_PAGE,
	ST_DONATION_PAGE_COUNT,
	ST_DONATION_GET,
	ST_DONATION_LINES,
	/* duty posts and rosters (db_duty.c, db_duty_leave.c, db_stmt_duty.inc) */
	ST_POST_INSERT,
	ST_POST_GET,
	ST_POST_LIST,
	ST_POST_UPDATE,
	ST_TEAM_INSERT,
	ST_TEAM_GET,
	ST_TEAM_OF_POST,
	ST_MEMBER_INSERT,
	ST_MEMBER_GET,
	ST_MEMBER_OF_POST,
	ST_MEMBER_DEACTIVATE,
	ST_PATTERN_INSERT,
	ST_PATTERN_GET,
	ST_PATTERN_OF_POST,
	ST_SHIFT_BUSY,
	ST_SHIFT_DELETE_RANGE,
	ST_SHIFT_INSERT,
	ST_SHIFT_GET,
	ST_SHIFT_RANGE,
	ST_SHIFT_SET_TEAM,
	ST_SHIFT_NEXT,
	ST_SHIFT_SWAP_INSERT,
	ST_SHIFT_SWAP_OF_SHIFT,
	ST_HANDOVER_INSERT,
	ST_HANDOVER_GET,
	ST_HANDOVER_OF_SHIFT,
	ST_HANDOVER_CONFIRM,
	ST_HANDOVER_LIST,
	ST_HANDOVER_COUNT,
	ST_LEAVE_INSERT,
	ST_LEAVE_GET,
	ST_LEAVE_OF_POST,
	ST_LEAVE_CANCEL,
	ST_LEAVE_UNAPPLY,
	/* screenings and their counters (db_screening.c, db_stmt_screening.inc) */
	ST_SCREENING_INSERT,
	ST_SCREENING_GET,
	ST_SCREENING_LIST,
	ST_SCREENING_LIST_PLATE,
	ST_SCREENING_COUNT_PLATE,
	ST_SCREENING_REPEAT,
	ST_SPERSON_INSERT,
	ST_SPERSON_OF,
	ST_SPERSON_REPEAT_ID,
	ST_SPERSON_REPEAT_NAME,
	ST_HANDOFF_INSERT,
	ST_HANDOFF_OF,
	ST_COUNT_HOUR_ADD,
	ST_COUNT_SHIFT_ADD,
	ST_COUNT_SHIFT_GET,
	ST_COUNT_HOURS,
	ST_COUNT_POST_DAY,
	/* declarations made at a checkpoint and the posters' tokens (db_declare.c,
	 * db_stmt_declare.inc) */
	ST_DECL_TOKEN_GET,
	ST_DECL_TOKEN_INSERT,
	ST_DECL_TOKEN_POST,
	ST_DECL_INSERT,
	ST_DECL_PERSON_INSERT,
	ST_DECL_BY_HASH,
	ST_DECL_PERSONS,
	ST_DECL_USE,
	ST_DECL_PERSON_DELETE,
	ST_DECL_EXPIRE_PERSONS,
	ST_DECL_EXPIRE,
	/* sweeps (db_sweep.c, db_stmt_sweep.inc) */
	ST_SWEEP_INSERT,
	ST_SWEEP_GET,
	ST_SWEEP_LIST,
	ST_SWEEP_UPDATE,
	ST_SWEEP_ROUND_INSERT,
	ST_SWEEP_ROUNDS,
	ST_SWEEP_VISIT_INSERT,
	ST_SWEEP_VISIT_GET,
	ST_SWEEP_VISIT_LIST,
	ST_SWEEP_VISIT_COUNT,
	ST_SWEEP_HH_STATUS,
	ST_SWEEP_HH_PUT,
	ST_SWEEP_PERSON_SEEN,
	ST_SWEEP_COUNT_ADD,
	ST_SWEEP_COUNTS,
	ST_SWEEP_COUNT_DAY_ADD,
	ST_SWEEP_COUNTS_AFTER,
	ST_SWEEP_PENDING,
	ST_SWEEP_HANDOFF_INSERT,
	ST_SWEEP_HANDOFFS,
	/* publicity and its photos (db_publicity.c, db_photo.c, db_stmt_publicity.inc) */
	ST_PUB_INSERT,
	ST_PUB_GET,
	ST_PUB_SET_HOUSEHOLDS,
	ST_PUB_AREA_CODE,
	ST_PUB_PHOTO_TAKE,
	ST_PUB_PHOTO_GIVE,
	ST_PHOTO_INSERT,
	ST_PHOTO_LIST,
	ST_PHOTO_GET,
	ST_PHOTO_DELETE,
	ST_PUB_LIST,
	ST_PUB_COUNT,
	ST_PUB_COVER_ADD,
	ST_PUB_COVERS,
	ST_PUB_REACH_ADD,
	ST_PUB_HOUSEHOLD_ADD,
	ST_PUB_HOUSEHOLD_GET,
	ST_PUB_COUNT_ADD,
	ST_PUB_COUNTS,
	ST_PUB_UNCOVERED,
	/* gatherings (db_gathering.c, db_stmt_gathering.inc) */
	ST_GATHERING_INSERT,
	ST_GATHERING_GET,
	ST_GATHERING_OUTCOME,
	ST_GATHERING_LIST,
	ST_GATHERING_COUNT,
	ST_GATHERING_FIGURES,
	STMT__MAX
};

extern const char *const stmts[STMT__MAX];
/* db_stmt_text: the text of any statement, the table's or the pool's own (ST_I_*). */
const char *db_stmt_text(int st);
/* db_stmt_families reads once which remembered records each statement writes to (db_gen). */
void db_stmt_families(void);

/* Statements internal to the pool, numbered after the table (see db_query.c). */
enum {
	ST_I_VERSION = STMT__MAX,
	ST_I_VACUUM_INTO,
	ST_I_SAVEPOINT_H,
	ST_I_RELEASE_H,
	ST_I_ROLLBACK_H,
	ST_I_SQL, /* an ad-hoc statement (dbq_start_sql): prepared for one run, never cached */
	STMT__ALL
};

#define DBQ_MAXP 24

/*
 * A query in progress, on the caller's stack:
 *
 *	struct dbq q;
 *	dbq_start(&q, c, ST_PERSON_GET);
 *	dbq_bind_int(&q, 1, id);
 *	while ((rc = dbq_step(&q)) == 1) ... dbq_text(&q, 0) ...
 *	dbq_end(&q);
 *
 * Binding indexes start at 1, column indexes at 0.  Text passed to
 * dbq_bind_text is borrowed until the first dbq_step.  dbq_text returns
 * NULL for SQL NULL and points into the row: copy it (dbq_dup) before the
 * next step.
 */
struct dbq {
	struct dbc *c;
	enum stmt st;
	int err;
	/* SQLite */
	void *sst;
	int rowid_row; /* INSERT … RETURNING id run as a plain INSERT: 1 before its row, 2 after */
	/* PostgreSQL */
	void *res;
	int row, nrows, nparams;
	bool ran;
	bool implicit; /* a lone write wrapped in its own shared transaction */
	bool binparams; /* a blob is bound: plen and pfmt hold every parameter's */
	unsigned char *blob; /* the last bytea read (dbq_blob), decoded; freed with the statement */
	const char *sql; /* ST_I_SQL: the text, borrowed until dbq_end */
	char *own;	 /* ST_I_SQL on PostgreSQL: the text with $n, freed with the statement */
	const char *vals[DBQ_MAXP];
	/* from here on not cleared by dbq_start */
	char ibuf[DBQ_MAXP][24];
	int plen[DBQ_MAXP], pfmt[DBQ_MAXP];
};

void dbq_start(struct dbq *q, struct dbc *c, enum stmt st);
/*
 * dbq_start_sql is dbq_start for a statement built at run time from a table of the source
 * (the purge's columns, the schema's introspection), never from user text: prepared for this
 * one run and finalized by dbq_end.  sql is borrowed until then.
 */
void dbq_start_sql(struct dbq *q, struct dbc *c, const char *sql);
void dbq_bind_int(struct dbq *q, int i, int64_t v);
void dbq_bind_text(struct dbq *q, int i, const char *s); /* NULL binds SQL NULL */
void dbq_bind_null(struct dbq *q, int i);
/* dbq_bind_blob binds n bytes at p as a BLOB (SQLite) or bytea (PostgreSQL, sent in binary);
 * borrowed like text. */
void dbq_bind_blob(struct dbq *q, int i, const void *p, size_t n);
/* 1 for a row, 0 when done, or a negative enum err (ERR_CONFLICT on a
 * unique violation, ERR_DB otherwise). */
int dbq_step(struct dbq *q);
int64_t dbq_int(struct dbq *q, int col);
const char *dbq_text(struct dbq *q, int col);
bool dbq_null(struct dbq *q, int col);
/* dbq_blob: the bytes of a BLOB/bytea column and their number in *ret_n, valid until the next
 * dbq_blob, step or end (NULL with *ret_n 0 for SQL NULL or no bytes). */
const void *dbq_blob(struct dbq *q, int col, size_t *ret_n);
char *dbq_dup(struct dbq *q, struct arena *a, int col);
/* dbq_opt_int: an integer column that may be NULL ("none"), as 0. */
int64_t dbq_opt_int(struct dbq *q, int col);
void dbq_end(struct dbq *q);

/*
 * dbq_one runs a statement expected to give one row: it steps q once and ends it, and returns 0
 * with the row read by read into ret, ERR_NOTFOUND when there was no row (ret untouched), or
 * the step's error.  Every read of one row goes through it; the two below are its common cases.
 */
int dbq_one(struct dbq *q, struct arena *a, void (*read)(struct dbq *, struct arena *, void *),
	    void *ret);

/* dbq_scalar_int: dbq_one of the first column as an integer into *ret; a NULL one is
 * ERR_NOTFOUND too. */
int dbq_scalar_int(struct dbq *q, int64_t *ret);

/* dbq_scalar_text: dbq_one of the first column as text, copied into a (NULL for SQL NULL). */
int dbq_scalar_text(struct dbq *q, struct arena *a, char **ret);

/* dbq_collect steps q to completion and ends it, reading every row with
 * read into a growing array of elements of size sz in a: *ret and *ret_n
 * on success, or the step's error. */
int dbq_collect(struct dbq *q, struct arena *a, size_t sz,
		void (*read)(struct dbq *, struct arena *, void *), void **ret, int *ret_n);

/* dbq_bind_id binds a row id, or SQL NULL for 0 ("none"). */
void dbq_bind_id(struct dbq *q, int i, int64_t id);

/* dbq_run steps q to completion and ends it: 0 or the step's error. */
int dbq_run(struct dbq *q);

/* range_hi: the exclusive upper end of the prefix range of s, in a. */
char *db_range_hi(struct arena *a, const char *prefix);
/* db_sweep_read_pending reads a household of a "not yet reached" list (struct sweep_pending:
 * id, address, area code and name, head's name and birth date, members): the sweep's pending
 * households and the households no publicity reaches. */
void db_sweep_read_pending(struct dbq *q, struct arena *a, void *p);

/* The backends: db.c calls these through struct backend. */
struct backend {
	const char *name;
	int (*connect)(const char *target, void **ret, struct fault *f);
	void (*disconnect)(void *conn);
	int (*exec_script)(void *conn, const char *sql, struct fault *f);
	int (*prepare)(struct dbq *q, void *conn);
	void (*bind_text)(struct dbq *q, int i, const char *s);
	void (*bind_int)(struct dbq *q, int i, int64_t v);
	void (*bind_blob)(struct dbq *q, int i, const void *p, size_t n);
	int (*step)(struct dbq *q, void *conn);
	int64_t (*col_int)(struct dbq *q, int col);
	const char *(*col_text)(struct dbq *q, int col);
	bool (*col_null)(struct dbq *q, int col);
	const void *(*col_blob)(struct dbq *q, int col, size_t *ret_n);
	void (*finish)(struct dbq *q);
	bool (*readonly)(struct dbq *q); /* the prepared statement writes nothing */
	void (*destroy_stmts)(struct dbc *c);
	/* make a connection the server dropped again, as the pool hands it out; NULL: never drops */
	void (*revive)(struct dbc *c);
};

extern const struct backend backend_sqlite;
extern const struct backend backend_pg;

/* Connection internals used by the backends. */
void *dbc_handle(struct dbc *c);
/* the hot paths' remembered reads (db_memo.c): opened with the pool, one table per kind */
struct memo;
struct memo **db_memo_open(void); /* NULL when out of memory */
void db_memo_close(struct memo **m);
struct memo **db_memos(struct db *db);
const struct backend *dbc_backend(struct dbc *c);
/* per-connection statement cache: the backend stores its prepared handle */
void **dbc_stmt_slot(struct dbc *c, enum stmt st);

/*
 * PostgreSQL chains a transaction's audit rows at its COMMIT, so that the lock on the chain's
 * head is taken last and held only for the commit: taken where the row is written, it would
 * make the transaction wait for it while holding other rows (a counter, a key person) that a
 * transaction holding the head may want next, a deadlock.  db_audit.c keeps the rows; db.c
 * flushes them before COMMIT and drops them on rollback.
 */
struct audit_pending;
struct audit_pending **dbc_audit_pending(struct dbc *c);
int db_audit_flush(struct dbc *c);   /* chain the kept rows, in the order they were added */
void db_audit_discard(struct dbc *c); /* the transaction was rolled back: forget them */

#endif
