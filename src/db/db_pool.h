/* db_pool.h: the pool's own structures, shared by db.c, db_query.c (the cursor) and db_group.c (group commit). */
#ifndef FANGYI_DB_POOL_H
#define FANGYI_DB_POOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "db_internal.h"

/* One database connection and its prepared statements. */
struct conn {
	void *handle;
	void *stmt[STMT__ALL]; /* the table's, then db.c's own */
};

struct dbc {
	struct db *db;
	struct conn own;
	struct conn *cur; /* own, or the shared writer inside a grouped transaction */
	bool in_tx;
	bool busy;
	bool batched; /* the writer thread's: begin/commit are savepoints */
	int depth;    /* savepoints a batched job has open */
	/* the writer's first try at a batch: begin and commit open no
	 * savepoint, and a job that fails inside one spoils the batch */
	bool optimistic, spoiled;
	bool snapshot;	/* a read transaction is open (dbc_snapshot) */
	bool snapshot_due; /* dbc_snapshot was asked for: BEGIN before the first statement */
	/* PostgreSQL: the audit rows of the open transaction, chained at its COMMIT (db_audit.c) */
	struct audit_pending *audit_pending;
};

struct db {
	enum db_backend kind;
	const struct backend *be;
	char *target; /* path or conninfo */
	int version;
	int n;
	struct dbc *conns;
	struct group *g; /* NULL: every connection commits its own transactions */
	uint64_t gen[DB_GEN__MAX]; /* moved by every write to the family's tables (db_gen) */
	struct memo **memo;	   /* the hot paths' remembered reads (db_memo.c) */
	int lockfd;		   /* SQLite: the file's shared flock, -1 when none (db_restore.c) */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

void db_conn_close(struct db *db, struct conn *cn);
/* dbc_snapshot_begin opens the read transaction dbc_snapshot asked for, before the first
 * statement that reads (db_query.c). */
int dbc_snapshot_begin(struct dbc *c);

/*
 * Group commit (db_group.c).  db_group_open starts the shared writer
 * connection, the writer thread and the syncer (SQLite only); db_group_close
 * stops them.  A request's write transaction enters the shared one with
 * db_group_enter and leaves it, once its COMMIT is on disk, with
 * db_group_leave_synced (after its savepoint is released or rolled back).
 */
int db_group_open(struct db *db, struct fault *f);
void db_group_close(struct db *db);
int db_group_enter(struct dbc *c);
int db_group_leave_synced(struct dbc *c);

#endif
