/* db_group.c: group commit on SQLite: the shared transaction, the writer thread and the syncer. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_pool.h"
#include "err.h"
#include "metrics.h"

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
	int ntx;      /* the write transactions it stands for: 1, or a writer batch's jobs */
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

static void *writer_main(void *arg);
static void *syncer_main(void *arg);

/* The shared writer of group commit: its own connection, opened last. */
int
db_group_open(struct db *db, struct fault *f)
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

void
db_group_close(struct db *db)
{
	if (db->g == NULL)
		return;
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
	db_conn_close(db, &db->g->w);
	pthread_mutex_destroy(&db->g->mu);
	pthread_cond_destroy(&db->g->enter);
	pthread_cond_destroy(&db->g->done);
	free(db->g);
	db->g = NULL;
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

/* Enter the shared transaction: wait for the one inside to leave and for a
 * COMMIT in progress to return, begin one if none is open, and mark this
 * request's place with a savepoint. */
int
db_group_enter(struct dbc *c)
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
group_leave(struct dbc *c, int ntx, uint64_t *seq)
{
	struct group *g = c->db->g;
	const struct backend *be = c->db->be;
	struct member me = {.ntx = ntx}, *m, *all;
	int rc, n = 0;

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
		n += m->ntx;
		m->rc = rc;
		m->seq = *seq;
		m->done = true;
	}
	g->commits++;
	g->txs += (uint64_t)n;
	metrics_group_commit(n);
	pthread_cond_broadcast(&g->done);
	pthread_cond_signal(&g->enter);
	pthread_mutex_unlock(&g->mu);
	return rc;
}

/* group_leave, then wait for the COMMIT to be durable. */
int
db_group_leave_synced(struct dbc *c)
{
	struct group *g = c->db->g;
	uint64_t seq;
	int rc;

	if ((rc = group_leave(c, 1, &seq)) != 0)
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
	int njobs = 0;

	for (j = done; j != NULL; j = j->next)
		njobs++;
	if (rc == 0) {
		/* the batch is one member of the COMMIT, standing for each of its jobs */
		if ((rc = be->exec_script(g->w.handle, "RELEASE tx", NULL)) == 0)
			rc = group_leave(wc, njobs, &seq);
		else {
			be->exec_script(g->w.handle, "ROLLBACK TO tx; RELEASE tx", NULL);
			(void)group_leave(wc, njobs, &seq);
		}
	}
	pthread_mutex_lock(&g->mu);
	for (j = done; j != NULL; j = next) {
		next = j->next;
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
			rc = db_group_enter(wc);
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
