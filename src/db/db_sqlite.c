/* db_sqlite.c: the SQLite backend: WAL, synchronous=FULL, statements prepared once per connection. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "err.h"

/*
 * Before the first connection: no memory statistics (they take one global
 * mutex on every allocation, which threads of a busy server queue on) and
 * no mutex per connection (each is used by one thread at a time).
 */
static bool plain_insert[STMT__ALL]; /* see rowid_returning, worked out once */

static bool rowid_returning(const char *sql);

static void
sq_configure(void)
{
	int i;

	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	for (i = 0; i < STMT__ALL; i++)
		plain_insert[i] = rowid_returning(db_stmt_text(i));
}

static int
sq_connect(const char *path, void **ret, struct fault *f)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	sqlite3 *h = NULL;
	char *msg = NULL;
	int rc;

	pthread_once(&once, sq_configure);

	/*
	 * The database holds residents' ID numbers and health: a new one is
	 * created readable by its owner only, whatever the caller's umask, and
	 * SQLite gives its -wal and -shm files the database's own mode.  Only
	 * a file that is not there yet is touched: closing a descriptor of a
	 * database this process has open would drop SQLite's POSIX locks.
	 */
	if (path[0] != ':' && strncmp(path, "file:", 5) != 0) {
		struct stat st;
		int fd;

		if (stat(path, &st) != 0 && errno == ENOENT &&
		    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0)
			close(fd);
	}
	rc = sqlite3_open_v2(path, &h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fault_setf(f, ERR_DB, "db", "无法打开数据库 %s：%s", "cannot open the database %s: %s",
			   path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return ERR_DB;
	}
	sqlite3_busy_timeout(h, 10000);
	/*
	 * WAL lets readers run beside the writer.  synchronous=FULL makes
	 * every COMMIT fsync the log: an acknowledged write survives a power
	 * cut, which NORMAL does not promise in WAL mode.
	 */
	rc = sqlite3_exec(h,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			  "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		fault_setf(f, ERR_DB, "db", "无法设置数据库 %s：%s", "cannot configure the database %s: %s",
			   path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_close(h);
		return ERR_DB;
	}
	*ret = h;
	return 0;
}

static void
sq_disconnect(void *h)
{
	sqlite3_close_v2(h);
}

static int
sq_exec_script(void *h, const char *sql, struct fault *f)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);

	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_FULL) { /* a COMMIT the disk had no room for: nothing stored */
		sqlite3_free(msg);
		return fault_set(f, ERR_FULL, "db", NULL, NULL);
	}
	fault_setf(f, ERR_DB, "db", "数据库错误：%s", "database error: %s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return ERR_DB;
}

/*
 * SQLite answers RETURNING through a temporary table it builds and drops
 * for every row, which costs more than the INSERT itself on a busy write
 * path.  A plain "INSERT … RETURNING id" (no upsert, which may insert
 * nothing) is therefore run without the clause, and the new row's id is
 * read from sqlite3_last_insert_rowid.  The text is the same on both
 * backends; PostgreSQL keeps its RETURNING.
 */
#define RETURNING_ID " RETURNING id"

static bool
rowid_returning(const char *sql)
{
	size_t n = strlen(sql), k = strlen(RETURNING_ID);

	return strncmp(sql, "INSERT ", 7) == 0 && n > k && strcmp(sql + n - k, RETURNING_ID) == 0 &&
	       strstr(sql, "ON CONFLICT") == NULL;
}

static int
sq_prepare(struct dbq *q, void *h)
{
	void **slot = dbc_stmt_slot(q->c, q->st);
	const char *sql = db_stmt_text(q->st);
	bool plain = plain_insert[q->st];

	if (q->sql != NULL) { /* ad hoc: this run only, finalized by sq_finish */
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(h, q->sql, -1, &s, NULL) != SQLITE_OK)
			return ERR_DB;
		q->sst = s;
		q->rowid_row = 0;
		return 0;
	}
	if (*slot == NULL) {
		sqlite3_stmt *s = NULL;
		int n = plain ? (int)(strlen(sql) - strlen(RETURNING_ID)) : -1;

		if (sqlite3_prepare_v3(h, sql, n, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
			return ERR_DB;
		*slot = s;
	}
	q->sst = *slot;
	q->rowid_row = plain ? 1 : 0;
	return 0;
}

static void
sq_bind_text(struct dbq *q, int i, const char *s)
{
	/* not copied: s outlives the statement's run, whose end (sq_finish)
	 * clears the bindings */
	if (s == NULL)
		sqlite3_bind_null(q->sst, i);
	else
		sqlite3_bind_text(q->sst, i, s, -1, SQLITE_STATIC);
}

static void
sq_bind_int(struct dbq *q, int i, int64_t v)
{
	sqlite3_bind_int64(q->sst, i, v);
}

static void
sq_bind_blob(struct dbq *q, int i, const void *p, size_t n)
{
	/* borrowed like text: an empty blob is still a blob, not NULL */
	sqlite3_bind_blob64(q->sst, i, n ? p : "", n, SQLITE_STATIC);
}

static int
sq_step(struct dbq *q, void *h)
{
	int rc;

	if (q->rowid_row == 2)
		return 0;
	rc = sqlite3_step(q->sst);
	if (q->rowid_row == 1 && rc == SQLITE_DONE) {
		q->rowid_row = 2; /* the one row RETURNING id would have given */
		return 1;
	}

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if ((sqlite3_extended_errcode(h) & 0xff) == SQLITE_CONSTRAINT) {
		int ext = sqlite3_extended_errcode(h);

		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return ERR_CONFLICT;
	}
	/* the disk has no room: the statement wrote nothing, and reads go on */
	if ((rc & 0xff) == SQLITE_FULL || (sqlite3_extended_errcode(h) & 0xff) == SQLITE_FULL)
		return ERR_FULL;
	return ERR_DB;
}

static int64_t
sq_col_int(struct dbq *q, int col)
{
	if (q->rowid_row == 2)
		return col == 0 ? sqlite3_last_insert_rowid(sqlite3_db_handle(q->sst)) : 0;
	return sqlite3_column_int64(q->sst, col);
}

static const char *
sq_col_text(struct dbq *q, int col)
{
	return (const char *)sqlite3_column_text(q->sst, col);
}

static bool
sq_col_null(struct dbq *q, int col)
{
	if (q->rowid_row == 2)
		return col != 0;
	return sqlite3_column_type(q->sst, col) == SQLITE_NULL;
}

static const void *
sq_col_blob(struct dbq *q, int col, size_t *ret_n)
{
	const void *p = sqlite3_column_blob(q->sst, col);

	*ret_n = p ? (size_t)sqlite3_column_bytes(q->sst, col) : 0;
	return p;
}

static void
sq_finish(struct dbq *q)
{
	if (q->sst != NULL && q->sql != NULL)
		sqlite3_finalize(q->sst);
	else if (q->sst != NULL) {
		sqlite3_reset(q->sst);
		sqlite3_clear_bindings(q->sst);
	}
	q->sst = NULL;
}

static bool
sq_readonly(struct dbq *q)
{
	return sqlite3_stmt_readonly(q->sst) != 0;
}

static void
sq_destroy_stmts(struct dbc *c)
{
	int i;

	for (i = 0; i < STMT__ALL; i++) {
		void **slot = dbc_stmt_slot(c, (enum stmt)i);

		sqlite3_finalize(*slot);
		*slot = NULL;
	}
}

const struct backend backend_sqlite = {
	.name = "sqlite",
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec_script = sq_exec_script,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.col_blob = sq_col_blob,
	.finish = sq_finish,
	.readonly = sq_readonly,
	.destroy_stmts = sq_destroy_stmts,
};
