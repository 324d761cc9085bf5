/* db_pg.c: the PostgreSQL backend (libpq): '?' becomes $n, statements prepared once per connection. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_internal.h"
#include "err.h"

static void
quiet_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int
pg_connect(const char *url, void **ret, struct fault *f)
{
	PGconn *h = PQconnectdb(url);

	if (PQstatus(h) != CONNECTION_OK) {
		fault_setf(f, ERR_DB, "db", "无法连接 PostgreSQL：%s",
			   "cannot connect to PostgreSQL: %s", PQerrorMessage(h));
		PQfinish(h);
		return ERR_DB;
	}
	PQsetNoticeProcessor(h, quiet_notices, NULL);
	*ret = h;
	return 0;
}

static void
pg_disconnect(void *h)
{
	PQfinish(h);
}

static int
pg_exec_script(void *h, const char *sql, struct fault *f)
{
	PGresult *r = PQexec(h, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fault_setf(f, ERR_DB, "db", "数据库错误：%s", "database error: %s",
			   PQresultErrorMessage(r));
		rc = ERR_DB;
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
		r = PQprepare(h, name, b.p, n, NULL);
		buf_free(&b);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "fangyi: cannot prepare statement %d: %s", (int)q->st,
				PQresultErrorMessage(r));
			PQclear(r);
			return ERR_DB;
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
		char name[16];
		PGresult *r;
		ExecStatusType st;

		q->ran = true;
		snprintf(name, sizeof(name), "s%d", (int)q->st);
		if (q->own != NULL)
			r = PQexecParams(h, q->own, q->nparams, NULL, q->vals,
					 q->binparams ? q->plen : NULL, q->binparams ? q->pfmt : NULL, 0);
		else
			r = PQexecPrepared(h, name, q->nparams, q->vals, q->binparams ? q->plen : NULL,
					   q->binparams ? q->pfmt : NULL, 0);
		st = PQresultStatus(r);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			int rc = state && strcmp(state, "23505") == 0 ? ERR_CONFLICT : ERR_DB;

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
};
