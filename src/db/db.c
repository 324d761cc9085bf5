/* db.c: the connection pool, migrations and the query cursor over both backends. */
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "db_internal.h"
#include "embedded.h"
#include "err.h"

extern char **environ;

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
};

/*
 * Group commit (SQLite).  A durable COMMIT costs an fsync; one per request
 * caps a busy checkpoint at a few thousand writes a second.  So in a server
 * every write transaction runs on one shared writer connection, as a
 * savepoint inside a transaction that several requests share: a request
 * enters (dbc_begin), does its work, releases its savepoint (dbc_commit)
 * and, if others are queued to enter, waits; the last one in with nobody
 * queued commits for all of them and wakes them with the outcome.  Nobody
 * is answered before the COMMIT that holds their writes has returned, and
 * a request that rolls back undoes only its own savepoint.  The queue
 * forms by itself while a COMMIT is syncing, so the busier the server the
 * more requests share each fsync.
 *
 * A request's reads outside its transaction use its own connection and see
 * only committed data; inside, they see the shared transaction, whose other
 * members are not answered before it commits either.
 *
 * PostgreSQL groups concurrent commits into one WAL flush by itself, so
 * there each connection keeps its own transactions.
 */
struct member {
	struct member *next;
	int rc;
	bool done;
	uint64_t seq; /* the COMMIT's number, to wait for its sync */
};

/*
 * The writer thread.  Waiting for the baton above costs a thread switch per
 * transaction, which is most of the time of a short write.  A hot write path
 * (db_batch) hands its transaction body to the writer thread instead: the
 * thread takes every job queued, runs each in its own savepoint inside one
 * shared transaction, commits once, and only then wakes the callers.
 */
struct job {
	struct job *next;
	int (*fn)(struct dbc *, void *);
	void *arg;
	int rc;
	bool done;
	uint64_t seq;
	pthread_cond_t cv;
	/* db_batch_async: called once the job's COMMIT is on disk (or failed), instead of cv */
	void (*then)(void *, int);
	void *then_arg;
};

#define GROUP_MAX 256 /* members of one shared transaction at most */

struct group {
	pthread_mutex_t mu;
	pthread_cond_t enter; /* a request may enter */
	pthread_cond_t done;  /* a shared COMMIT has returned */
	struct conn w;
	bool held;	 /* a request is inside the shared transaction */
	bool open;	 /* BEGIN has run and COMMIT not yet */
	bool committing;
	int waiting;	 /* requests queued to enter */
	int nmembers;
	struct member *members;
	uint64_t commits, txs;
	/* the writer thread and its queue, guarded by mu */
	pthread_t writer;
	bool writer_on, stop;
	pthread_cond_t jobs_cv;
	struct job *jobs, **jobs_tail;
	struct dbc wc;
	/*
	 * The syncer.  The writer connection commits with synchronous=NORMAL:
	 * its COMMIT writes the log but does not sync it, and the next shared
	 * transaction may begin at once.  This thread syncs the log for every
	 * COMMIT made before it starts and then wakes their callers, so the
	 * fsync of one batch overlaps the work of the next.  committed counts
	 * COMMITs, synced the ones known to be on disk.
	 */
	pthread_t syncer;
	bool syncer_on;
	pthread_cond_t sync_cv;	  /* the syncer: there is a COMMIT to sync */
	pthread_cond_t synced_cv; /* callers: synced has moved */
	uint64_t committed, synced;
	int sync_err; /* once the log failed to sync, nothing more is acknowledged */
	/* db_batch_async jobs whose COMMIT has returned, in COMMIT order, waiting for its sync */
	struct job *unsynced, **unsynced_tail;
	int walfd;
	char *walpath;
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
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/*
 * Which family of remembered records (db_memo.c) a statement writes to,
 * read off its text once: "INSERT INTO t", "UPDATE t" or "DELETE FROM t"
 * with t one of the family's tables.  A new statement is covered without
 * anyone having to remember to list it.
 */
const char *db_stmt_text(int st);
static signed char stmt_family[STMT__MAX];
static pthread_once_t families_once = PTHREAD_ONCE_INIT;

static void
families_init(void)
{
	static const struct {
		const char *table; /* a table name, or a prefix ending in '_' */
		enum db_gen gen;
	} tables[] = {{"app_user", DB_GEN_AUTH}, {"user_session", DB_GEN_AUTH},
		      {"setting", DB_GEN_SETTING}, {"duty_", DB_GEN_DUTY}};
	static const char *const verbs[] = {"INSERT INTO ", "UPDATE ", "DELETE FROM "};
	size_t i, v, n;
	int st;

	for (st = 0; st < STMT__MAX; st++) {
		const char *sql = db_stmt_text(st), *t = NULL;

		stmt_family[st] = -1;
		for (v = 0; v < sizeof(verbs) / sizeof(verbs[0]) && sql; v++)
			if (strncmp(sql, verbs[v], strlen(verbs[v])) == 0)
				t = sql + strlen(verbs[v]);
		if (t == NULL)
			continue;
		n = strcspn(t, " (");
		for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
			size_t k = strlen(tables[i].table);

			if (tables[i].table[k - 1] == '_' ? strncmp(t, tables[i].table, k) == 0
							  : n == k && strncmp(t, tables[i].table, k) == 0)
				stmt_family[st] = (signed char)tables[i].gen;
		}
	}
}

uint64_t
db_gen(struct db *db, enum db_gen g)
{
	return __atomic_load_n(&db->gen[g], __ATOMIC_ACQUIRE);
}

int
db_schema_known(void)
{
	int n = 0;

	while (embedded_migrations[n].name != NULL)
		n++;
	return n;
}

/* Fill in the two dialect tokens of a migration script. */
static char *
dialect(enum db_backend kind, const char *sql)
{
	struct buf b = {0};
	const char *p = sql, *tok;

	while ((tok = strchr(p, '@')) != NULL) {
		buf_add(&b, p, (size_t)(tok - p));
		if (strncmp(tok, "@ID@", 4) == 0) {
			buf_adds(&b, kind == DB_PG ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
						   : "INTEGER PRIMARY KEY");
			p = tok + 4;
		} else if (strncmp(tok, "@C@", 3) == 0) {
			buf_adds(&b, kind == DB_PG ? "COLLATE \"C\"" : "");
			p = tok + 3;
		} else {
			buf_addc(&b, '@');
			p = tok + 1;
		}
	}
	buf_adds(&b, p);
	return b.p;
}

/*
 * Apply every migration newer than the database, each in its own
 * transaction together with its row in schema_migrations.  PostgreSQL
 * servers starting at once serialise on an advisory lock.
 */
static int
migrate(struct db *db, struct dbc *c, struct fault *f)
{
	const struct backend *be = db->be;
	int known = db_schema_known(), have = 0, i, rc;
	char sql[256];

	rc = be->exec_script(c->own.handle,
			     "CREATE TABLE IF NOT EXISTS schema_migrations ("
			     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
			     f);
	if (rc)
		return rc;
	for (;;) {
		struct dbq q;
		int64_t v = 0;

		if ((rc = be->exec_script(c->own.handle,
					  db->kind == DB_PG ? "BEGIN; SELECT pg_advisory_xact_lock(7301)"
							    : "BEGIN IMMEDIATE",
					  f)))
			return rc;
		dbq_start(&q, c, (enum stmt)ST_I_VERSION);
		rc = dbq_scalar_int(&q, &v);
		if (rc == ERR_NOTFOUND)
			v = 0, rc = 0;
		if (rc)
			goto fail;
		have = (int)v;
		if (have > known) {
			be->exec_script(c->own.handle, "ROLLBACK", NULL);
			db->version = have;
			return fault_setf(f, ERR_SCHEMA, "db",
					  "数据库结构版本 %d 比本程序支持的 %d 新：请升级 fangyi，不要用旧程序打开它",
					  "database schema version %d is newer than this fangyi knows (%d): upgrade fangyi rather than open it with an older one",
					  have, known);
		}
		if (have == known) {
			be->exec_script(c->own.handle, "COMMIT", NULL);
			db->version = have;
			return 0;
		}
		i = have; /* the next migration to apply, 0-based */
		{
			char *script = dialect(db->kind, embedded_migrations[i].data);

			rc = be->exec_script(c->own.handle, script, f);
			free(script);
		}
		if (rc)
			goto fail;
		snprintf(sql, sizeof(sql),
			 "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%s', %lld)",
			 i + 1, embedded_migrations[i].name, (long long)clock_now());
		if ((rc = be->exec_script(c->own.handle, sql, f)))
			goto fail;
		if ((rc = be->exec_script(c->own.handle, "COMMIT", f)))
			goto fail;
	}
fail:
	be->exec_script(c->own.handle, "ROLLBACK", NULL);
	return rc;
}

static int
parse_url(const char *url, enum db_backend *kind, char **target)
{
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
		*kind = DB_PG;
		*target = strdup(url);
	} else if (strncmp(url, "sqlite:", 7) == 0) {
		*kind = DB_SQLITE;
		*target = strdup(url + 7);
	} else {
		*kind = DB_SQLITE;
		*target = strdup(url);
	}
	return *target && **target ? 0 : ERR_INVALID;
}

static void
conn_close(struct db *db, struct conn *cn)
{
	struct dbc tmp = {.db = db, .cur = cn};

	if (cn->handle == NULL)
		return;
	db->be->destroy_stmts(&tmp);
	db->be->disconnect(cn->handle);
	cn->handle = NULL;
}

static void *writer_main(void *arg);
static void *syncer_main(void *arg);

/* The shared writer of group commit: its own connection, opened last. */
static int
group_open(struct db *db, struct fault *f)
{
	struct group *g = calloc(1, sizeof(*g));
	int rc;

	if (g == NULL)
		return fault_set(f, ERR_NOMEM, "db", NULL, NULL);
	if ((rc = db->be->connect(db->target, &g->w.handle, f))) {
		free(g);
		return rc;
	}
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->enter, NULL);
	pthread_cond_init(&g->done, NULL);
	pthread_cond_init(&g->jobs_cv, NULL);
	pthread_cond_init(&g->sync_cv, NULL);
	pthread_cond_init(&g->synced_cv, NULL);
	g->walfd = -1;
	if (asprintf(&g->walpath, "%s-wal", db->target) < 0)
		g->walpath = NULL;
	/* the syncer thread makes this connection's commits durable */
	if (g->walpath == NULL ||
	    (rc = db->be->exec_script(g->w.handle, "PRAGMA synchronous=NORMAL", f))) {
		db->g = g;
		return rc ? rc : fault_set(f, ERR_NOMEM, "db", NULL, NULL);
	}
	g->jobs_tail = &g->jobs;
	g->unsynced_tail = &g->unsynced;
	g->wc.db = db;
	g->wc.cur = &g->wc.own;
	g->wc.busy = true;
	g->wc.batched = true;
	db->g = g;
	if (pthread_create(&g->syncer, NULL, syncer_main, db) != 0)
		return fault_set(f, ERR_NOMEM, "db", "无法启动写入线程", "cannot start the writer thread");
	g->syncer_on = true;
	pthread_setname_np(g->syncer, "fangyi-sync");
	if (pthread_create(&g->writer, NULL, writer_main, db) != 0)
		return fault_set(f, ERR_NOMEM, "db", "无法启动写入线程", "cannot start the writer thread");
	g->writer_on = true;
	pthread_setname_np(g->writer, "fangyi-writer");
	return 0;
}

int
db_open(const char *url, int nconn, struct db **ret, struct fault *f)
{
	struct db *db;
	int i, rc;

	if (nconn < 1)
		nconn = 1;
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return fault_set(f, ERR_NOMEM, "db", NULL, NULL);
	if (parse_url(url, &db->kind, &db->target)) {
		free(db->target);
		free(db);
		return fault_set(f, ERR_INVALID, "db", "数据库地址为空",
				 "the database URL is empty");
	}
	db->be = db->kind == DB_PG ? &backend_pg : &backend_sqlite;
	db->n = nconn;
	pthread_once(&families_once, families_init);
	if ((db->memo = db_memo_open()) == NULL) {
		free(db->target);
		free(db);
		return fault_set(f, ERR_NOMEM, "db", NULL, NULL);
	}
	db->conns = calloc((size_t)nconn, sizeof(*db->conns));
	pthread_mutex_init(&db->mu, NULL);
	pthread_cond_init(&db->cv, NULL);
	for (i = 0; i < nconn; i++) {
		db->conns[i].db = db;
		db->conns[i].cur = &db->conns[i].own;
		if ((rc = db->be->connect(db->target, &db->conns[i].own.handle, f)))
			goto fail;
		/* migrate on the first connection, before the others open */
		if (i == 0 && (rc = migrate(db, &db->conns[0], f)))
			goto fail;
	}
	/* a pool of one (the command line) has nobody to share commits with */
	/* FANGYI_GROUP_COMMIT=off: one fsync per transaction (for measuring) */
	if (db->kind == DB_SQLITE && nconn > 1 &&
	    (getenv("FANGYI_GROUP_COMMIT") == NULL || strcmp(getenv("FANGYI_GROUP_COMMIT"), "off") != 0) &&
	    (rc = group_open(db, f)))
		goto fail;
	*ret = db;
	return 0;
fail:
	db_close(db);
	return rc;
}

void
db_close(struct db *db)
{
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < db->n; i++)
		conn_close(db, &db->conns[i].own);
	if (db->g != NULL) {
		if (db->g->writer_on) {
			pthread_mutex_lock(&db->g->mu);
			db->g->stop = true;
			pthread_cond_signal(&db->g->jobs_cv);
			pthread_mutex_unlock(&db->g->mu);
			pthread_join(db->g->writer, NULL);
		}
		if (db->g->syncer_on) {
			pthread_mutex_lock(&db->g->mu);
			db->g->stop = true;
			pthread_cond_signal(&db->g->sync_cv);
			pthread_mutex_unlock(&db->g->mu);
			pthread_join(db->g->syncer, NULL);
		}
		if (db->g->walfd >= 0)
			close(db->g->walfd);
		free(db->g->walpath);
		pthread_cond_destroy(&db->g->sync_cv);
		pthread_cond_destroy(&db->g->synced_cv);
		pthread_cond_destroy(&db->g->jobs_cv);
		conn_close(db, &db->g->w);
		pthread_mutex_destroy(&db->g->mu);
		pthread_cond_destroy(&db->g->enter);
		pthread_cond_destroy(&db->g->done);
		free(db->g);
	}
	db_memo_close(db->memo);
	pthread_mutex_destroy(&db->mu);
	pthread_cond_destroy(&db->cv);
	free(db->conns);
	free(db->target);
	free(db);
}

void
db_group_stats(struct db *db, uint64_t *commits, uint64_t *txs)
{
	*commits = *txs = 0;
	if (db->g == NULL)
		return;
	pthread_mutex_lock(&db->g->mu);
	*commits = db->g->commits;
	*txs = db->g->txs;
	pthread_mutex_unlock(&db->g->mu);
}

enum db_backend
db_backend(const struct db *db)
{
	return db->kind;
}

const char *
db_backend_name(const struct db *db)
{
	return db->kind == DB_PG ? "postgresql" : "sqlite";
}

int
db_schema_version(const struct db *db)
{
	return db->version;
}

struct dbc *
db_acquire(struct db *db)
{
	struct dbc *c = NULL;
	int i;

	pthread_mutex_lock(&db->mu);
	for (;;) {
		for (i = 0; i < db->n; i++)
			if (!db->conns[i].busy) {
				c = &db->conns[i];
				break;
			}
		if (c != NULL)
			break;
		pthread_cond_wait(&db->cv, &db->mu);
	}
	c->busy = true;
	pthread_mutex_unlock(&db->mu);
	return c;
}

void
db_release(struct dbc *c)
{
	struct db *db;

	if (c == NULL)
		return;
	if (c->in_tx)
		dbc_rollback(c);
	if (c->snapshot) {
		(void)c->db->be->exec_script(c->own.handle, "COMMIT", NULL);
		c->snapshot = false;
	}
	c->snapshot_due = false;
	db = c->db;
	pthread_mutex_lock(&db->mu);
	c->busy = false;
	pthread_cond_signal(&db->cv);
	pthread_mutex_unlock(&db->mu);
}

int
dbc_snapshot(struct dbc *c)
{
	if (c->db->kind != DB_SQLITE || c->in_tx || c->snapshot)
		return 0;
	/* a request answered from what is remembered (db_memo.c) never reads */
	c->snapshot_due = true;
	return 0;
}

static int
snapshot_begin(struct dbc *c)
{
	int rc;

	c->snapshot_due = false;
	if ((rc = c->db->be->exec_script(c->own.handle, "BEGIN", NULL)) == 0)
		c->snapshot = true;
	return rc;
}

struct memo **
db_memos(struct db *db)
{
	return db->memo;
}

bool
dbc_in_tx(const struct dbc *c)
{
	return c->in_tx || c->batched;
}

struct db *
dbc_db(struct dbc *c)
{
	return c->db;
}

void *
dbc_handle(struct dbc *c)
{
	return c->cur->handle;
}

const struct backend *
dbc_backend(struct dbc *c)
{
	return c->db->be;
}

void **
dbc_stmt_slot(struct dbc *c, enum stmt st)
{
	return &c->cur->stmt[st];
}

/* Run one of the internal statements without parameters on c. */
static int
internal(struct dbc *c, int st)
{
	struct dbq q;

	dbq_start(&q, c, (enum stmt)st);
	return dbq_run(&q);
}

/* Enter the shared transaction: wait for the one inside to leave and for a
 * COMMIT in progress to return, begin one if none is open, and mark this
 * request's place with a savepoint. */
static int
group_enter(struct dbc *c)
{
	struct group *g = c->db->g;
	const struct backend *be = c->db->be;
	int rc = 0;

	pthread_mutex_lock(&g->mu);
	g->waiting++;
	while (g->held || g->committing)
		pthread_cond_wait(&g->enter, &g->mu);
	g->waiting--;
	g->held = true;
	pthread_mutex_unlock(&g->mu);
	/* only the holder touches the writer: no lock needed below */
	if (!g->open) {
		if ((rc = be->exec_script(g->w.handle, "BEGIN IMMEDIATE", NULL)) == 0)
			g->open = true;
	}
	if (rc == 0 && (rc = be->exec_script(g->w.handle, "SAVEPOINT tx", NULL)) == 0) {
		c->cur = &g->w;
		c->in_tx = true;
		return 0;
	}
	pthread_mutex_lock(&g->mu);
	g->held = false;
	pthread_cond_signal(&g->enter);
	pthread_mutex_unlock(&g->mu);
	return rc;
}

/* Wait, holding g->mu, until COMMIT number seq is on disk. */
static int
group_synced(struct group *g, uint64_t seq)
{
	while (g->synced < seq && !g->sync_err)
		pthread_cond_wait(&g->synced_cv, &g->mu);
	return g->synced >= seq ? 0 : g->sync_err;
}

/* Leave the shared transaction (its savepoint released or rolled back):
 * wait for the COMMIT that holds it, or run it when nobody else is queued
 * to enter.  Returns that COMMIT's outcome and, in *seq, its number; the
 * COMMIT is not durable before group_synced(seq). */
static int
group_leave(struct dbc *c, uint64_t *seq)
{
	struct group *g = c->db->g;
	const struct backend *be = c->db->be;
	struct member me = {0}, *m, *all;
	int rc, n;

	c->cur = &c->own;
	c->in_tx = false;
	pthread_mutex_lock(&g->mu);
	g->held = false;
	me.next = g->members;
	g->members = &me;
	g->nmembers++;
	if (g->waiting > 0 && g->nmembers < GROUP_MAX) {
		pthread_cond_signal(&g->enter);
		while (!me.done)
			pthread_cond_wait(&g->done, &g->mu);
		pthread_mutex_unlock(&g->mu);
		*seq = me.seq;
		return me.rc;
	}
	g->committing = true;
	all = g->members;
	n = g->nmembers;
	g->members = NULL;
	g->nmembers = 0;
	pthread_mutex_unlock(&g->mu);

	rc = be->exec_script(g->w.handle, "COMMIT", NULL);
	if (rc)
		be->exec_script(g->w.handle, "ROLLBACK", NULL);

	pthread_mutex_lock(&g->mu);
	g->open = false;
	g->committing = false;
	*seq = 0;
	if (rc == 0) {
		*seq = ++g->committed;
		pthread_cond_signal(&g->sync_cv);
	}
	for (m = all; m != NULL; m = m->next) {
		m->rc = rc;
		m->seq = *seq;
		m->done = true;
	}
	g->commits++;
	g->txs += (uint64_t)n;
	pthread_cond_broadcast(&g->done);
	pthread_cond_signal(&g->enter);
	pthread_mutex_unlock(&g->mu);
	return rc;
}

/* group_leave, then wait for the COMMIT to be durable. */
static int
group_leave_synced(struct dbc *c)
{
	struct group *g = c->db->g;
	uint64_t seq;
	int rc;

	if ((rc = group_leave(c, &seq)) != 0)
		return rc;
	pthread_mutex_lock(&g->mu);
	rc = group_synced(g, seq);
	pthread_mutex_unlock(&g->mu);
	return rc;
}

static int
wal_sync(struct group *g)
{
	if (g->walfd < 0 && (g->walfd = open(g->walpath, O_RDONLY | O_CLOEXEC)) < 0)
		return ERR_IO;
	return fdatasync(g->walfd) == 0 ? 0 : ERR_IO;
}

/* Call back, holding g->mu on entry and exit, the async jobs whose COMMIT is
 * on disk, or all of them once the log has failed to sync. */
static void
call_back_synced(struct group *g)
{
	struct job *ready = NULL, *j;

	while (g->unsynced != NULL && (g->unsynced->seq <= g->synced || g->sync_err)) {
		j = g->unsynced;
		g->unsynced = j->next;
		if (j->rc == 0 && j->seq > g->synced)
			j->rc = g->sync_err; /* its COMMIT may not be on disk */
		j->next = ready;
		ready = j;
	}
	if (g->unsynced == NULL)
		g->unsynced_tail = &g->unsynced;
	if (ready == NULL)
		return;
	pthread_mutex_unlock(&g->mu);
	while ((j = ready) != NULL) {
		ready = j->next;
		j->then(j->then_arg, j->rc);
		free(j);
	}
	pthread_mutex_lock(&g->mu);
}

static void *
syncer_main(void *arg)
{
	struct db *db = arg;
	struct group *g = db->g;
	uint64_t target;
	int rc;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (g->synced == g->committed && !g->stop)
			pthread_cond_wait(&g->sync_cv, &g->mu);
		if (g->synced == g->committed)
			break;
		target = g->committed;
		pthread_mutex_unlock(&g->mu);
		rc = wal_sync(g);
		pthread_mutex_lock(&g->mu);
		if (rc)
			g->sync_err = rc; /* a lost fsync may have lost writes: stop acknowledging */
		if (!rc)
			g->synced = target;
		pthread_cond_broadcast(&g->synced_cv);
		pthread_cond_signal(&g->jobs_cv); /* the writer may commit what it held back */
		call_back_synced(g);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

int
db_durable(struct db *db)
{
	struct group *g = db->g;
	int rc;

	if (g == NULL)
		return 0;
	pthread_mutex_lock(&g->mu);
	rc = group_synced(g, g->committed);
	pthread_mutex_unlock(&g->mu);
	return rc;
}

int
dbc_begin(struct dbc *c)
{
	int rc;

	if (c->batched) {
		if (c->optimistic) {
			c->depth++;
			return 0;
		}
		if ((rc = internal(c, ST_I_SAVEPOINT_H)) == 0)
			c->depth++;
		return rc;
	}
	c->snapshot_due = false;
	if (c->db->g != NULL)
		return group_enter(c);
	if (c->snapshot) {
		/* the reads before the write were one snapshot: the write takes a
		 * fresh one with the write lock */
		(void)c->db->be->exec_script(c->own.handle, "COMMIT", NULL);
		c->snapshot = false;
	}
	rc = c->db->be->exec_script(c->own.handle,
				    c->db->kind == DB_PG ? "BEGIN" : "BEGIN IMMEDIATE", NULL);
	if (rc == 0)
		c->in_tx = true;
	return rc;
}

int
dbc_commit(struct dbc *c)
{
	int rc;

	if (c->batched) {
		if (c->depth == 0)
			return ERR_DB;
		if (c->optimistic) {
			c->depth--;
			return 0;
		}
		if ((rc = internal(c, ST_I_RELEASE_H))) {
			dbc_rollback(c);
			return rc;
		}
		c->depth--;
		return 0; /* durable when the writer's COMMIT returns: db_batch waits for it */
	}
	if (c->db->g != NULL) {
		if (!c->in_tx)
			return ERR_DB;
		if ((rc = c->db->be->exec_script(c->cur->handle, "RELEASE tx", NULL))) {
			dbc_rollback(c);
			return rc;
		}
		return group_leave_synced(c);
	}
	rc = c->db->be->exec_script(c->own.handle, "COMMIT", NULL);
	if (rc)
		dbc_rollback(c);
	c->in_tx = false;
	return rc;
}

int
dbc_abandon(struct dbc *c)
{
	const struct backend *be = c->db->be;

	if (c->batched) {
		if (c->optimistic && c->depth > 0) {
			/* no savepoint to undo to: the batch is run again */
			c->spoiled = true;
			c->depth--;
			return 0;
		}
		if (c->depth > 0) {
			(void)internal(c, ST_I_ROLLBACK_H);
			(void)internal(c, ST_I_RELEASE_H);
			c->depth--;
		}
		return 0;
	}
	if (c->db->g == NULL) {
		be->exec_script(c->own.handle, "ROLLBACK", NULL);
		c->in_tx = false;
		return 0;
	}
	if (!c->in_tx)
		return 0;
	be->exec_script(c->cur->handle, "ROLLBACK TO tx; RELEASE tx", NULL);
	return group_leave_synced(c);
}

void
dbc_rollback(struct dbc *c)
{
	(void)dbc_abandon(c);
}

bool
db_shares_commits(const struct db *db)
{
	return db->g != NULL;
}

/*
 * The writer thread's loop.  It takes every job queued, enters the shared
 * transaction and runs each job there.  While the syncer is still busy with
 * the previous COMMIT and more jobs have arrived, it runs those too in the
 * same transaction rather than commit a small one; then it commits once and
 * wakes the callers, who wait for the sync.  A job that fails undoes the
 * savepoint it opened with dbc_begin; a write it made outside one stays, as
 * it would have in a transaction of its own.
 */
static void
writer_finish(struct db *db, struct job *done, int rc)
{
	struct group *g = db->g;
	struct dbc *wc = &g->wc;
	const struct backend *be = db->be;
	struct job *j, *next;
	uint64_t seq = 0;

	if (rc == 0) {
		if ((rc = be->exec_script(g->w.handle, "RELEASE tx", NULL)) == 0)
			rc = group_leave(wc, &seq);
		else {
			be->exec_script(g->w.handle, "ROLLBACK TO tx; RELEASE tx", NULL);
			(void)group_leave(wc, &seq);
		}
	}
	pthread_mutex_lock(&g->mu);
	g->txs--; /* the batch was counted as one member: count its jobs instead */
	for (j = done; j != NULL; j = next) {
		next = j->next;
		g->txs++;
		if (rc != 0 && j->rc == 0)
			j->rc = rc; /* its writes did not reach the log */
		j->seq = seq;
		j->done = true;
		if (j->then != NULL) {
			/* called back by the syncer, or at once when nothing was committed */
			j->next = NULL;
			*g->unsynced_tail = j;
			g->unsynced_tail = &j->next;
		} else
			pthread_cond_signal(&j->cv);
	}
	if (seq == 0 || seq <= g->synced || g->sync_err)
		call_back_synced(g);
	pthread_mutex_unlock(&g->mu);
}

/*
 * Run one job on the writer.  A batch is first run without a savepoint per
 * job, which would cost each job's first write to a page a copy of that
 * page; true when a job then failed or gave up inside its transaction,
 * whose writes cannot be undone alone.
 */
static bool
run_job(struct dbc *wc, struct job *j)
{
	wc->depth = 0;
	wc->spoiled = false;
	j->rc = j->fn(wc, j->arg);
	if (wc->optimistic && (wc->spoiled || wc->depth > 0))
		return true;
	while (wc->depth > 0)
		(void)dbc_abandon(wc);
	return false;
}

/* The batch so far (done, then j) again, each job in its own savepoint,
 * after undoing all of it. */
static int
run_again(struct db *db, struct job *done, struct job *j)
{
	struct dbc *wc = &db->g->wc;
	struct job *k;
	int rc;

	wc->optimistic = false;
	if ((rc = db->be->exec_script(db->g->w.handle, "ROLLBACK TO tx", NULL)))
		return rc;
	for (k = done; k != NULL; k = k->next)
		(void)run_job(wc, k);
	(void)run_job(wc, j);
	return 0;
}

static void *
writer_main(void *arg)
{
	struct db *db = arg;
	struct group *g = db->g;
	struct dbc *wc = &g->wc;
	struct job *batch, *j, *done = NULL, **done_tail = &done;
	bool entered = false;
	int rc = 0, n = 0;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (g->jobs == NULL && !g->stop)
			pthread_cond_wait(&g->jobs_cv, &g->mu);
		if (g->jobs == NULL)
			break;
		batch = g->jobs;
		g->jobs = NULL;
		g->jobs_tail = &g->jobs;
		pthread_mutex_unlock(&g->mu);

		if (!entered) {
			rc = group_enter(wc);
			entered = true;
			wc->optimistic = true;
		}
		for (j = batch; j != NULL; j = j->next) {
			if (rc == 0 && run_job(wc, j)) {
				*done_tail = NULL;
				rc = run_again(db, done, j);
			}
			*done_tail = j;
			done_tail = &j->next;
			n++;
		}
		pthread_mutex_lock(&g->mu);
		/*
		 * While the syncer is busy, a COMMIT made now would wait for the
		 * next fsync anyway: keep the transaction open and let it grow
		 * with the jobs that arrive meanwhile.  One COMMIT writes each page
		 * the batch touched once (the tables' and indexes' last pages,
		 * the counters) however many jobs touched it.
		 */
		while (rc == 0 && g->jobs == NULL && g->synced < g->committed && !g->sync_err &&
		       !g->stop && n < GROUP_MAX)
			pthread_cond_wait(&g->jobs_cv, &g->mu);
		if (rc == 0 && g->jobs != NULL && n < GROUP_MAX)
			continue;
		pthread_mutex_unlock(&g->mu);
		writer_finish(db, done, rc);
		done = NULL;
		done_tail = &done;
		entered = false;
		rc = 0;
		n = 0;
		pthread_mutex_lock(&g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

int
db_batch(struct dbc *c, int (*fn)(struct dbc *, void *), void *arg)
{
	struct group *g = c->db->g;
	struct job j = {.fn = fn, .arg = arg};
	int rc;

	if (g == NULL || c->in_tx)
		return fn(c, arg);
	pthread_cond_init(&j.cv, NULL);
	pthread_mutex_lock(&g->mu);
	*g->jobs_tail = &j;
	g->jobs_tail = &j.next;
	pthread_cond_signal(&g->jobs_cv);
	while (!j.done)
		pthread_cond_wait(&j.cv, &g->mu);
	/* answered only once the log holding its writes is on disk */
	rc = j.rc;
	if (j.seq != 0) {
		int synced = group_synced(g, j.seq);

		if (rc == 0)
			rc = synced;
	}
	pthread_mutex_unlock(&g->mu);
	pthread_cond_destroy(&j.cv);
	return rc;
}

void
db_batch_async(struct db *db, int (*fn)(struct dbc *, void *), void *arg,
	       void (*then)(void *, int), void *then_arg)
{
	struct group *g = db->g;
	struct job *j = calloc(1, sizeof(*j));

	if (g == NULL || j == NULL) {
		free(j);
		then(then_arg, ERR_NOMEM);
		return;
	}
	j->fn = fn;
	j->arg = arg;
	j->then = then;
	j->then_arg = then_arg;
	pthread_mutex_lock(&g->mu);
	*g->jobs_tail = j;
	g->jobs_tail = &j->next;
	pthread_cond_signal(&g->jobs_cv);
	pthread_mutex_unlock(&g->mu);
}

int
db_backup(struct db *db, const char *path, struct fault *f)
{
	struct dbc *c;
	int rc;

	if (db->kind == DB_SQLITE) {
		struct dbq q;
		FILE *fp = fopen(path, "r");

		if (fp != NULL) {
			fclose(fp);
			return fault_setf(f, ERR_CONFLICT, "file", "%s 已存在，请换一个文件名",
					  "%s exists already: choose another file name", path);
		}
		c = db_acquire(db);
		dbq_start(&q, c, (enum stmt)ST_I_VACUUM_INTO);
		dbq_bind_text(&q, 1, path);
		rc = dbq_run(&q);
		db_release(c);
		if (rc)
			return fault_setf(f, ERR_IO, "file", "无法写入备份 %s", "cannot write the backup %s",
					  path);
		return 0;
	} else {
		char *argv[] = {"pg_dump", "--format=custom", "--file", (char *)path, "--dbname",
				db->target, NULL};
		pid_t pid;
		int status;

		if (posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ) != 0)
			return fault_set(f, ERR_IO, "file", "找不到 pg_dump，请安装 postgresql-client",
					 "pg_dump not found: install postgresql-client");
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return fault_setf(f, ERR_IO, "file", "pg_dump 备份到 %s 失败",
					  "pg_dump to %s failed", path);
		return 0;
	}
}

/*
 * The cursor.  A few statements are not in the table because they are
 * internal to this file: the schema version, SQLite's VACUUM INTO, and the
 * savepoints of batched jobs, prepared once like the others because the
 * writer thread runs them for every job.
 */
static const char *const internal_sql[STMT__ALL - STMT__MAX] = {
	[ST_I_VERSION - STMT__MAX] = "SELECT MAX(version) FROM schema_migrations",
	[ST_I_VACUUM_INTO - STMT__MAX] = "VACUUM INTO ?",
	[ST_I_SAVEPOINT_H - STMT__MAX] = "SAVEPOINT h",
	[ST_I_RELEASE_H - STMT__MAX] = "RELEASE h",
	[ST_I_ROLLBACK_H - STMT__MAX] = "ROLLBACK TO h",
};

const char *
db_stmt_text(int st)
{
	return st < STMT__MAX ? stmts[st] : internal_sql[st - STMT__MAX];
}

void
dbq_start(struct dbq *q, struct dbc *c, enum stmt st)
{
	memset(q, 0, sizeof(*q) - sizeof(q->ibuf));
	q->c = c;
	q->st = st;
	if (c->snapshot_due && !c->in_tx && (q->err = snapshot_begin(c)) != 0)
		return;
	q->err = c->db->be->prepare(q, c->cur->handle);
	/* the records remembered from these tables are stale from now on */
	if ((int)st < STMT__MAX && stmt_family[st] >= 0)
		__atomic_add_fetch(&c->db->gen[stmt_family[st]], 1, __ATOMIC_RELEASE);
	/*
	 * A write outside any transaction joins the shared one on its own, so
	 * that it, too, is durable when it returns and never waits on the
	 * writer's lock.  VACUUM INTO (the backup) must run outside any.
	 */
	if (q->err == 0 && c->db->g != NULL && !c->in_tx && (int)st < STMT__MAX &&
	    !c->db->be->readonly(q)) {
		c->db->be->finish(q);
		if ((q->err = dbc_begin(c)) == 0) {
			q->implicit = true;
			q->err = c->db->be->prepare(q, c->cur->handle);
		}
	}
}

void
dbq_bind_int(struct dbq *q, int i, int64_t v)
{
	if (q->err == 0)
		q->c->db->be->bind_int(q, i, v);
}

void
dbq_bind_text(struct dbq *q, int i, const char *s)
{
	if (q->err == 0)
		q->c->db->be->bind_text(q, i, s);
}

void
dbq_bind_null(struct dbq *q, int i)
{
	if (q->err == 0)
		q->c->db->be->bind_text(q, i, NULL);
}

int
dbq_step(struct dbq *q)
{
	int rc;

	if (q->err)
		return q->err;
	rc = q->c->db->be->step(q, q->c->cur->handle);
	if (rc < 0)
		q->err = rc;
	return rc;
}

int64_t
dbq_int(struct dbq *q, int col)
{
	return q->c->db->be->col_int(q, col);
}

const char *
dbq_text(struct dbq *q, int col)
{
	return q->c->db->be->col_text(q, col);
}

bool
dbq_null(struct dbq *q, int col)
{
	return q->c->db->be->col_null(q, col);
}

char *
dbq_dup(struct dbq *q, struct arena *a, int col)
{
	return arena_strdup(a, dbq_text(q, col));
}

void
dbq_end(struct dbq *q)
{
	int rc;

	q->c->db->be->finish(q);
	if (!q->implicit)
		return;
	q->implicit = false;
	if (q->err)
		dbc_rollback(q->c);
	else if ((rc = dbc_commit(q->c)))
		q->err = rc;
}

int
dbq_scalar_int(struct dbq *q, int64_t *ret)
{
	int rc = dbq_step(q);

	if (rc == 1) {
		if (dbq_null(q, 0))
			rc = ERR_NOTFOUND;
		else {
			*ret = dbq_int(q, 0);
			rc = 0;
		}
	} else if (rc == 0)
		rc = ERR_NOTFOUND;
	dbq_end(q);
	return q->err && rc >= 0 ? q->err : rc;
}

int
dbq_scalar_text(struct dbq *q, struct arena *a, char **ret)
{
	int rc = dbq_step(q);

	if (rc == 1) {
		*ret = dbq_dup(q, a, 0);
		rc = 0;
	} else if (rc == 0)
		rc = ERR_NOTFOUND;
	dbq_end(q);
	return q->err && rc >= 0 ? q->err : rc;
}

int
dbq_one(struct dbq *q, struct arena *a, void (*read)(struct dbq *, struct arena *, void *),
	void *ret)
{
	int rc = dbq_step(q);

	if (rc == 1) {
		read(q, a, ret);
		rc = 0;
	} else if (rc == 0)
		rc = ERR_NOTFOUND;
	dbq_end(q);
	return q->err && rc >= 0 ? q->err : rc;
}

int
dbq_collect(struct dbq *q, struct arena *a, size_t sz,
	    void (*read)(struct dbq *, struct arena *, void *), void **ret, int *ret_n)
{
	char *v = NULL;
	int n = 0, cap = 0, rc;

	while ((rc = dbq_step(q)) == 1) {
		if (n == cap) {
			char *nv;

			cap = cap ? cap * 2 : 16;
			nv = arena_alloc(a, sz * (size_t)cap);
			if (n)
				memcpy(nv, v, sz * (size_t)n);
			v = nv;
		}
		read(q, a, v + sz * (size_t)n++);
	}
	dbq_end(q);
	if (rc < 0 || (rc = q->err) < 0)
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

void
dbq_bind_id(struct dbq *q, int i, int64_t id)
{
	if (id)
		dbq_bind_int(q, i, id);
	else
		dbq_bind_null(q, i);
}

int
dbq_run(struct dbq *q)
{
	int rc;

	while ((rc = dbq_step(q)) == 1)
		;
	dbq_end(q);
	return q->err ? q->err : rc;
}
