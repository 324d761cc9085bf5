/* db.h: the database handle (SQLite or PostgreSQL), connections, transactions, queries. */
#ifndef FANGYI_DB_H
#define FANGYI_DB_H

#include <stdbool.h>
#include <stdint.h>

struct fault;

/* A pool of connections to one database.  Opaque. */
struct db;
/* One connection, checked out of the pool by one thread at a time.  Opaque. */
struct dbc;

enum db_backend { DB_SQLITE, DB_PG };

/*
 * db_open connects nconn times to url: "postgresql://..." or "postgres://..."
 * for PostgreSQL, "sqlite:PATH" or a plain path for SQLite (created if
 * missing).  It then brings the schema up to date (migrate) unless the
 * database is newer than this binary, which is ERR_SCHEMA.  Returns 0 and
 * *ret (freed with db_close), or a negative enum err with a fault.
 */
int db_open(const char *url, int nconn, struct db **ret, struct fault *f);
void db_close(struct db *db);

enum db_backend db_backend(const struct db *db);
const char *db_backend_name(const struct db *db); /* "sqlite" or "postgresql" */
int db_schema_version(const struct db *db);
/* db_ping: 0 when the database answers a query now; ERR_UNAVAILABLE while it cannot be
 * reached (the pool reconnects by itself), ERR_DB for any other failure. */
int db_ping(struct dbc *c);
int db_schema_known(void); /* the newest migration this binary carries */

/* db_acquire waits for a free connection; db_release gives it back,
 * rolling back a transaction left open by an error path. */
struct dbc *db_acquire(struct db *db);
void db_release(struct dbc *c);
struct db *dbc_db(struct dbc *c);
/* dbc_snapshot makes the reads that follow, until db_release, one read
 * transaction (SQLite): one snapshot for all of them, and one lock taken
 * instead of one per statement.  Only for a connection that will not write. */
int dbc_snapshot(struct dbc *c);

/* Transactions.  begin takes the write lock at once on SQLite (BEGIN
 * IMMEDIATE) so two writers never deadlock upgrading.  commit returns 0
 * only when the transaction is durable on disk. */
int dbc_begin(struct dbc *c);
int dbc_commit(struct dbc *c);
void dbc_rollback(struct dbc *c);

/*
 * Group commit.  A server's SQLite pool runs every write transaction inside
 * one shared by the requests that arrive together, committed (and synced)
 * once for all of them; dbc_commit still returns only when this request's
 * writes are durable, and dbc_rollback undoes only this request's writes.
 * dbc_abandon is dbc_rollback for a request that answers with what it read
 * inside its transaction (another request's writes, not yet committed): it
 * returns only when those are durable, with the shared COMMIT's outcome.
 * db_shares_commits says whether db does this; db_group_stats counts the
 * transactions and the commits that carried them.
 */
int dbc_abandon(struct dbc *c);

/*
 * db_batch runs fn(w, arg) for a hot write path on the writer thread, in a
 * savepoint of a transaction it shares with every other job queued at the
 * same moment, and returns fn's result once that transaction has committed
 * (or the COMMIT's error).  fn sees a connection w on which dbc_begin and
 * dbc_commit are savepoints, and must touch nothing the calling thread
 * uses meanwhile (the caller waits).  Without group commit it calls
 * fn(c, arg) in place.
 */
int db_batch(struct dbc *c, int (*fn)(struct dbc *, void *), void *arg);
/*
 * db_batch_async is db_batch for a caller that does not wait: it queues fn
 * and returns at once; then(then_arg, rc) is called on another thread once
 * fn has run and the COMMIT holding its writes is on disk, or has failed.
 * Only with group commit (db_shares_commits).
 */
void db_batch_async(struct db *db, int (*fn)(struct dbc *, void *), void *arg,
		    void (*then)(void *, int), void *then_arg);
bool db_shares_commits(const struct db *db);
/* db_durable waits until every write committed so far is on disk: for an
 * answer read from another request's commit (an idempotent replay). */
int db_durable(struct db *db);
void db_group_stats(struct db *db, uint64_t *commits, uint64_t *txs);

/*
 * Generations.  Each family of tables whose records the hot paths remember
 * (db_memo.h) has a counter that every statement of this process writing to
 * one of its tables moves, as it starts: a record remembered at an older
 * generation is read again.  Changes made by another process are seen when
 * the remembered record's short life ends.
 */
enum db_gen {
	DB_GEN_AUTH,	/* app_user, user_session */
	DB_GEN_SETTING, /* setting */
	DB_GEN_DUTY,	/* duty_post, duty_shift, duty_change ... */
	DB_GEN__MAX
};
uint64_t db_gen(struct db *db, enum db_gen g);
/* dbc_in_tx: c is inside a write transaction (or is the writer's), whose reads must not be remembered */
bool dbc_in_tx(const struct dbc *c);

/* db_backup writes a consistent copy of the database to path: a SQLite
 * file (VACUUM INTO) or, for PostgreSQL, a pg_dump custom-format archive.
 * The file is new (ERR_CONFLICT when path exists) and mode 0600. */
int db_backup(struct db *db, const char *path, struct fault *f);
/*
 * db_restore puts a SQLite backup in place of target: the backup first passes PRAGMA
 * integrity_check and must be a fangyi database no newer than this binary (*ret_version: its
 * schema); an existing target is replaced only with force, and never while a fangyi process
 * holds it open (db_file_lock).  The copy is written beside target, synced, and renamed over
 * it, the old file's -wal and -shm removed first.  0, or ERR_INVALID / ERR_SCHEMA (the backup),
 * ERR_CONFLICT (the target), ERR_IO with f.
 */
int db_restore(const char *backup, const char *target, bool force, int *ret_version,
	       struct fault *f);
/* db_file_lock takes flock(2) on path, shared or exclusive, without waiting: the descriptor
 * (closed to let go), -1 when another process holds it the other way, -2 when path cannot be
 * opened.  db_open holds it shared for a SQLite file's life in the pool. */
int db_file_lock(const char *path, bool exclusive);
/* db_file is the SQLite database's path (its -wal and -shm beside it), NULL on PostgreSQL. */
const char *db_file(const struct db *db);

#endif
