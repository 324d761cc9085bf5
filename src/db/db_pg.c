/* db_pg.c: the PostgreSQL backend (libpq): '?' becomes $n, statements prepared once per connection,
 * and a connection the server dropped (a restart, a failover) made again on its next use. */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db_internal.h"
#include "db_pool.h"
#include "err.h"

/*
 * A pooled connection: libpq's, and when to try again after a reconnection failed.  The
 * server may go away at any moment (pg_ctl restart, a failover, a network cut): the statement
 * that finds it gone fails with ERR_UNAVAILABLE (503, nothing acknowledged), and the next
 * request that takes the connection from the pool makes it again (pg_revive).
 */
struct pgc {
	PGconn *h;
	int64_t retry_at; /* monotonic ms: no new attempt before, while the server refuses */
	int wait;	  /* ms until the next attempt after a failed one: 100, doubling to 1000 */
	bool lost;	  /* the loss was logged: one line per outage and connection */
};

/* The last time any connection of the process was made again: the others waiting out their
 * back-off try at once, since the server is back. */
static int64_t revived_at;

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
quiet_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/*
 * What a failed call means.  A connection libpq has marked bad, a call that got no result at
 * all, a connection exception (class 08) or the server shutting down or starting (57P01-57P03)
 * is the database being unreachable: ERR_UNAVAILABLE, whatever the statement was.  A unique
 * violation is ERR_CONFLICT; anything else is a failure of the statement itself.
 */
static int
pg_failure(struct pgc *p, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	if (r == NULL || PQstatus(p->h) == CONNECTION_BAD ||
	    (state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
		       strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0))) {
		if (!p->lost)
			fprintf(stderr, "fangyi: postgresql: connection lost, reconnecting on next use: %s",
				r ? PQresultErrorMessage(r) : PQerrorMessage(p->h));
		p->lost = true;
		return ERR_UNAVAILABLE;
	}
	return state && strcmp(state, "23505") == 0 ? ERR_CONFLICT : ERR_DB;
}

/*
 * connect_timeout bounds how long a request waits for a server that does not answer at all
 * (a host cut off, not one refusing): the URL's own setting, when it has one, wins.
 */
static int
pg_connect(const char *url, void **ret, struct fault *f)
{
	static const char *const keys[] = {"connect_timeout", "dbname", NULL};
	const char *vals[] = {"5", url, NULL};
	struct pgc *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return fault_set(f, ERR_NOMEM, "db", NULL, NULL);
	p->h = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(p->h) != CONNECTION_OK) {
		fault_setf(f, ERR_DB, "db", "无法连接 PostgreSQL：%s",
			   "cannot connect to PostgreSQL: %s", PQerrorMessage(p->h));
		PQfinish(p->h);
		free(p);
		return ERR_DB;
	}
	PQsetNoticeProcessor(p->h, quiet_notices, NULL);
	*ret = p;
	return 0;
}

static void
pg_disconnect(void *h)
{
	struct pgc *p = h;

	PQfinish(p->h);
	free(p);
}

static void pg_destroy_stmts(struct dbc *c);

/*
 * An idle connection has nothing to read: the server speaks first only to end it (a FATAL
 * 57P01 before a restart's close, then end of file).  Checked before each use, so that a
 * restart between two requests costs no request at all.
 */
static bool
hung_up(struct pgc *p)
{
	struct pollfd pfd = {.fd = PQsocket(p->h), .events = POLLIN};

	return pfd.fd < 0 || poll(&pfd, 1, 0) != 0;
}

/*
 * pg_revive is called as the pool hands the connection out (db_acquire): a connection the
 * server dropped is made again, with its prepared statements forgotten (they died with the
 * server's session and are prepared again on first use).  While the server refuses, one
 * attempt per connection every 100 ms doubling to a second; meanwhile every statement fails
 * at once with ERR_UNAVAILABLE, since libpq refuses to send on a bad connection.
 */
static void
pg_revive(struct dbc *c)
{
	struct pgc *p = c->own.handle;
	int64_t now;

	if (PQstatus(p->h) == CONNECTION_OK) {
		if (!hung_up(p))
			return;
		if (!p->lost)
			fprintf(stderr, "fangyi: postgresql: the server closed an idle connection: reconnecting\n");
		p->lost = true;
	}
	now = now_ms();
	if (now < p->retry_at && __atomic_load_n(&revived_at, __ATOMIC_RELAXED) < p->retry_at - p->wait)
		return;
	pg_destroy_stmts(c);
	PQreset(p->h);
	if (PQstatus(p->h) == CONNECTION_OK) {
		if (p->lost)
			fprintf(stderr, "fangyi: postgresql: connection made again\n");
		p->lost = false;
		p->wait = 0;
		p->retry_at = 0;
		__atomic_store_n(&revived_at, now, __ATOMIC_RELAXED);
		return;
	}
	if (!p->lost)
		fprintf(stderr, "fangyi: postgresql: connection lost, reconnecting: %s",
			PQerrorMessage(p->h));
	p->lost = true;
	p->wait = p->wait ? (p->wait * 2 > 1000 ? 1000 : p->wait * 2) : 100;
	p->retry_at = now + p->wait;
}

static int
pg_exec_script(void *h, const char *sql, struct fault *f)
{
	struct pgc *p = h;
	PGresult *r = PQexec(p->h, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = pg_failure(p, r);
		fault_setf(f, rc, "db", "数据库错误：%s", "database error: %s",
			   r ? PQresultErrorMessage(r) : PQerrorMessage(p->h));
	}
	PQclear(r);
	return rc;
}

/*
 * Slots hold a small heap record: whether the statement is prepared on
 * this connection and how many parameters it takes.
 */
struct pgst {
	int nparams;
};

static int
pg_prepare(struct dbq *q, void *h)
{
	void **slot = dbc_stmt_slot(q->c, q->st);

	if (q->sql != NULL) { /* ad hoc: sent with its text by pg_step, nothing prepared */
		struct buf b = {0};
		const char *p;
		int n = 0;

		for (p = q->sql; *p; p++) {
			if (*p == '?')
				buf_addf(&b, "$%d", ++n);
			else
				buf_addc(&b, *p);
		}
		if (b.p == NULL)
			return ERR_NOMEM;
		q->own = b.p;
		q->nparams = n;
		return 0;
	}
	if (*slot == NULL) {
		const char *p = db_stmt_text(q->st);
		struct buf b = {0};
		struct pgst *ps;
		char name[16];
		int n = 0;
		PGresult *r;

		for (; *p; p++) {
			if (*p == '?')
				buf_addf(&b, "$%d", ++n);
			else
				buf_addc(&b, *p);
		}
		snprintf(name, sizeof(name), "s%d", (int)q->st);
		r = PQprepare(((struct pgc *)h)->h, name, b.p, n, NULL);
		buf_free(&b);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			int rc = pg_failure(h, r);

			if (rc != ERR_UNAVAILABLE)
				fprintf(stderr, "fangyi: cannot prepare statement %d: %s", (int)q->st,
					PQresultErrorMessage(r));
			PQclear(r);
			return rc;
		}
		PQclear(r);
		if ((ps = malloc(sizeof(*ps))) == NULL)
			return ERR_NOMEM;
		ps->nparams = n;
		*slot = ps;
	}
	q->nparams = ((struct pgst *)*slot)->nparams;
	return 0;
}

static void
pg_bind_text(struct dbq *q, int i, const char *s)
{
	if (i >= 1 && i <= DBQ_MAXP)
		q->vals[i - 1] = s;
}

static void
pg_bind_int(struct dbq *q, int i, int64_t v)
{
	if (i < 1 || i > DBQ_MAXP)
		return;
	snprintf(q->ibuf[i - 1], sizeof(q->ibuf[0]), "%lld", (long long)v);
	q->vals[i - 1] = q->ibuf[i - 1];
}

/* A blob goes in binary format with its length; the other parameters of the
 * statement stay text (format 0). */
static void
pg_bind_blob(struct dbq *q, int i, const void *p, size_t n)
{
	if (i < 1 || i > DBQ_MAXP)
		return;
	if (!q->binparams) {
		memset(q->pfmt, 0, sizeof(q->pfmt));
		memset(q->plen, 0, sizeof(q->plen));
		q->binparams = true;
	}
	q->vals[i - 1] = n ? p : "";
	q->plen[i - 1] = (int)n;
	q->pfmt[i - 1] = 1;
}

static int
pg_step(struct dbq *q, void *h)
{
	if (!q->ran) {
		PGconn *pc = ((struct pgc *)h)->h;
		char name[16];
		PGresult *r;
		ExecStatusType st;

		q->ran = true;
		snprintf(name, sizeof(name), "s%d", (int)q->st);
		if (q->own != NULL)
			r = PQexecParams(pc, q->own, q->nparams, NULL, q->vals,
					 q->binparams ? q->plen : NULL, q->binparams ? q->pfmt : NULL, 0);
		else
			r = PQexecPrepared(pc, name, q->nparams, q->vals, q->binparams ? q->plen : NULL,
					   q->binparams ? q->pfmt : NULL, 0);
		st = PQresultStatus(r);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			int rc = pg_failure(h, r);

			if (rc == ERR_DB)
				fprintf(stderr, "fangyi: statement %d failed: %s", (int)q->st,
					PQresultErrorMessage(r));
			PQclear(r);
			return rc;
		}
		q->res = r;
		q->nrows = PQntuples(r);
		q->row = -1;
	}
	if (q->row + 1 >= q->nrows)
		return 0;
	q->row++;
	return 1;
}

static int64_t
pg_col_int(struct dbq *q, int col)
{
	return strtoll(PQgetvalue(q->res, q->row, col), NULL, 10);
}

/* Rows come as text: a bytea is its hex form ("\\x…"), decoded here. */
static const void *
pg_col_blob(struct dbq *q, int col, size_t *ret_n)
{
	*ret_n = 0;
	PQfreemem(q->blob);
	q->blob = NULL;
	if (PQgetisnull(q->res, q->row, col))
		return NULL;
	q->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(q->res, q->row, col), ret_n);
	if (q->blob == NULL)
		*ret_n = 0;
	return q->blob;
}

static const char *
pg_col_text(struct dbq *q, int col)
{
	if (PQgetisnull(q->res, q->row, col))
		return NULL;
	return PQgetvalue(q->res, q->row, col);
}

static bool
pg_col_null(struct dbq *q, int col)
{
	return PQgetisnull(q->res, q->row, col);
}

static void
pg_finish(struct dbq *q)
{
	if (q->res != NULL)
		PQclear(q->res);
	q->res = NULL;
	PQfreemem(q->blob);
	q->blob = NULL;
	free(q->own);
	q->own = NULL;
}

static void
pg_destroy_stmts(struct dbc *c)
{
	int i;

	for (i = 0; i < STMT__ALL; i++) {
		void **slot = dbc_stmt_slot(c, (enum stmt)i);

		free(*slot);
		*slot = NULL;
	}
}

static bool
pg_readonly(struct dbq *q)
{
	(void)q;
	return true; /* never asked: PostgreSQL shares no commits here */
}

const struct backend backend_pg = {
	.name = "postgresql",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec_script = pg_exec_script,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.col_blob = pg_col_blob,
	.finish = pg_finish,
	.readonly = pg_readonly,
	.destroy_stmts = pg_destroy_stmts,
	.revive = pg_revive,
};
