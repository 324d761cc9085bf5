/* db_pg.c: the PostgreSQL backend (libpq): '?' becomes $n, statements prepared once per connection. */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_internal.h"
#include "err.h"

const char *db_stmt_text(int st);

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
 * this connection, how many parameters it takes, and whether its rows come
 * in binary format.  A statement whose result has a bytea column asks for
 * binary rows: the bytes of a photo arrive as they are, not as hex text of
 * twice their size to decode.  Its other columns then come binary too,
 * which pg_col_int and pg_col_text read.
 */
struct pgst {
	int nparams;
	bool binary;
};

#define BYTEAOID 17
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23

/* result_has_bytea: whether the prepared statement name returns a bytea column. */
static bool
result_has_bytea(PGconn *h, const char *name)
{
	PGresult *r = PQdescribePrepared(h, name);
	bool any = false;
	int i;

	if (PQresultStatus(r) == PGRES_COMMAND_OK)
		for (i = 0; i < PQnfields(r); i++)
			any = any || PQftype(r, i) == BYTEAOID;
	PQclear(r);
	return any;
}

static int
pg_prepare(struct dbq *q, void *h)
{
	void **slot = dbc_stmt_slot(q->c, q->st);

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
		/* columns of bytes are named "bytes" (@BLOB@ in the migrations): only
		 * a SELECT naming one costs the round trip of asking */
		ps->binary = strncmp(db_stmt_text(q->st), "SELECT ", 7) == 0 &&
			     strstr(db_stmt_text(q->st), "bytes") != NULL && result_has_bytea(h, name);
		*slot = ps;
	}
	q->nparams = ((struct pgst *)*slot)->nparams;
	q->binres = ((struct pgst *)*slot)->binary;
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
		r = PQexecPrepared(h, name, q->nparams, q->vals, q->binparams ? q->plen : NULL,
				   q->binparams ? q->pfmt : NULL, q->binres ? 1 : 0);
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
	const unsigned char *v = (const unsigned char *)PQgetvalue(q->res, q->row, col);
	uint64_t u = 0;
	int i, n;

	if (!PQfformat(q->res, col))
		return strtoll((const char *)v, NULL, 10);
	/* binary: big-endian two's complement of the column's width */
	if (PQgetisnull(q->res, q->row, col))
		return 0;
	n = PQgetlength(q->res, q->row, col);
	for (i = 0; i < n && i < 8; i++)
		u = u << 8 | v[i];
	switch (PQftype(q->res, col)) {
	case INT2OID:
		return (int16_t)u;
	case INT4OID:
		return (int32_t)u;
	case INT8OID:
		return (int64_t)u;
	default:
		return strtoll((const char *)v, NULL, 10);
	}
}

static const void *
pg_col_blob(struct dbq *q, int col, size_t *ret_n)
{
	*ret_n = 0;
	if (PQgetisnull(q->res, q->row, col))
		return NULL;
	*ret_n = (size_t)PQgetlength(q->res, q->row, col);
	return PQgetvalue(q->res, q->row, col);
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
