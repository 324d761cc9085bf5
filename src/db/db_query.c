/* db_query.c: the query cursor over both backends, the statements' texts, and which family of
 * remembered records each statement writes to. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "db_internal.h"
#include "db_pool.h"
#include "err.h"

/*
 * Which family of remembered records (db_memo.c) a statement writes to,
 * read off its text once: "INSERT INTO t", "UPDATE t" or "DELETE FROM t"
 * with t one of the family's tables.  A new statement is covered without
 * anyone having to remember to list it.
 */
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

void
db_stmt_families(void)
{
	pthread_once(&families_once, families_init);
}

/*
 * The cursor.  A few statements are not in the table because they are
 * internal to the pool (db.c): the schema version, SQLite's VACUUM INTO, and the
 * savepoints of batched jobs, prepared once like the others because the
 * writer thread runs them for every job.
 */
static const char *const internal_sql[STMT__ALL - STMT__MAX] = {
	[ST_I_VERSION - STMT__MAX] = "SELECT MAX(version) FROM schema_migrations",
	[ST_I_VACUUM_INTO - STMT__MAX] = "VACUUM INTO ?",
	[ST_I_SAVEPOINT_H - STMT__MAX] = "SAVEPOINT h",
	[ST_I_RELEASE_H - STMT__MAX] = "RELEASE h",
	[ST_I_ROLLBACK_H - STMT__MAX] = "ROLLBACK TO h",
	[ST_I_SQL - STMT__MAX] = "", /* the text is the query's own (dbq_start_sql) */
};

const char *
db_stmt_text(int st)
{
	return st < STMT__MAX ? stmts[st] : internal_sql[st - STMT__MAX];
}

void
dbq_start_sql(struct dbq *q, struct dbc *c, const char *sql)
{
	memset(q, 0, offsetof(struct dbq, ibuf));
	q->c = c;
	q->st = (enum stmt)ST_I_SQL;
	q->sql = sql;
	if (c->snapshot_due && !c->in_tx && (q->err = dbc_snapshot_begin(c)) != 0)
		return;
	q->err = c->db->be->prepare(q, c->cur->handle);
}

void
dbq_start(struct dbq *q, struct dbc *c, enum stmt st)
{
	memset(q, 0, offsetof(struct dbq, ibuf));
	q->c = c;
	q->st = st;
	if (c->snapshot_due && !c->in_tx && (q->err = dbc_snapshot_begin(c)) != 0)
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

void
dbq_bind_blob(struct dbq *q, int i, const void *p, size_t n)
{
	if (q->err == 0)
		q->c->db->be->bind_blob(q, i, p, n);
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

const void *
dbq_blob(struct dbq *q, int col, size_t *ret_n)
{
	return q->c->db->be->col_blob(q, col, ret_n);
}

char *
dbq_dup(struct dbq *q, struct arena *a, int col)
{
	return arena_strdup(a, dbq_text(q, col));
}

int64_t
dbq_opt_int(struct dbq *q, int col)
{
	return dbq_null(q, col) ? 0 : dbq_int(q, col);
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

/* the first column as an integer; a NULL one reads as no row */
struct scalar {
	int64_t v;
	bool null;
};

static void
read_scalar_int(struct dbq *q, struct arena *a, void *p)
{
	struct scalar *s = p;

	s->null = dbq_null(q, 0);
	s->v = s->null ? 0 : dbq_int(q, 0);
}

int
dbq_scalar_int(struct dbq *q, int64_t *ret)
{
	struct scalar s;
	int rc;

	if ((rc = dbq_one(q, NULL, read_scalar_int, &s)))
		return rc;
	if (s.null)
		return ERR_NOTFOUND;
	*ret = s.v;
	return 0;
}

static void
read_scalar_text(struct dbq *q, struct arena *a, void *p)
{
	*(char **)p = dbq_dup(q, a, 0);
}

int
dbq_scalar_text(struct dbq *q, struct arena *a, char **ret)
{
	return dbq_one(q, a, read_scalar_text, ret);
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

/*
 * The exclusive upper end of the range of strings that start with prefix:
 * the prefix followed by U+10FFFF's UTF-8 bytes (0xF4 0x8F 0xBF 0xBF),
 * above every byte that can follow in UTF-8.  Both backends compare these
 * columns bytewise (PostgreSQL through COLLATE "C").
 */
char *
db_range_hi(struct arena *a, const char *prefix)
{
	return arena_printf(a, "%s\xf4\x8f\xbf\xbf", prefix);
}
