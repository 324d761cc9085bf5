/* test_audit_purge.c: the purge blanks "to whom" in the audit log and the chain still holds,
 * but only where a purge's own row says it may; and the upgrade's sealing of rows written before
 * the chain existed (db_audit.c, on a SQLite file). */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "db_registry.h"
#include "err.h"
#include "t.h"

static char path[] = "/tmp/fangyi-test-purge-XXXXXX";
static struct db *db;
static struct dbc *c;

static void
add(int64_t at, const char *action, const char *kind, int64_t object, const char *detail)
{
	struct audit e = {0};

	e.at = at;
	e.username = "admin";
	e.ip = "127.0.0.1";
	e.action = action;
	e.object_kind = kind;
	e.object_id = object;
	e.detail = detail;
	e.ok = 1;
	T_EQ_INT(db_audit_add(c, &e), 0);
}

static const char *
verdict(struct audit_verdict *v)
{
	struct fault f = {0};

	T_EQ_INT(db_audit_verify(c, v, &f), 0);
	return v->problem ? v->problem : "ok";
}

/* a change made behind fangyi's back, with the sqlite3 library */
static void
tamper(const char *sql)
{
	sqlite3 *h;

	T_EQ_INT(sqlite3_open(path, &h), SQLITE_OK);
	T_EQ_INT(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void
test_purge(void)
{
	struct audit_verdict v;
	int64_t n = -1;
	struct fault f = {0};

	/* after test_seal's two rows: ids 3 to 6 */
	add(1000, "create", "person", 5, "张三");
	add(2000, "login", "user", 1, "");
	add(3000, "create", "person", 6, "李四");
	T_EQ_STR(verdict(&v), "ok");
	T_EQ_INT(v.rows, 5);

	/* blanked, but no purge row yet states a cut-off: refused */
	T_EQ_INT(db_audit_purge_subjects(c, 2500, &n, &f), 0);
	T_EQ_INT(n, 1); /* the person before 2500; the login names no resident */
	T_EQ_STR(verdict(&v), "purged");
	T_EQ_INT(v.id, 3);

	/* the purge's own row: the chain holds, the blanked row is trusted */
	add(4000, "purge", "", 0, "{\"before\": 2500}");
	T_EQ_STR(verdict(&v), "ok");
	T_EQ_INT(v.rows, 6);
	T_EQ_INT(db_audit_purge_subjects(c, 2500, &n, &f), 0);
	T_EQ_INT(n, 0); /* nothing left to blank */

	/* a row after the cut-off marked purged, a purged row not blank, one of another kind */
	tamper("UPDATE audit SET subject_purged = 1, object_id = NULL, detail = '' WHERE id = 5");
	T_EQ_STR(verdict(&v), "purged");
	T_EQ_INT(v.id, 5);
	tamper("UPDATE audit SET subject_purged = 0, object_id = 6, detail = '李四' WHERE id = 5");
	T_EQ_STR(verdict(&v), "ok");
	tamper("UPDATE audit SET detail = '王五' WHERE id = 3");
	T_EQ_STR(verdict(&v), "purged");
	tamper("UPDATE audit SET detail = '' WHERE id = 3");
	tamper("UPDATE audit SET subject_purged = 1, object_id = NULL, detail = '' WHERE id = 4");
	T_EQ_STR(verdict(&v), "purged");
	T_EQ_INT(v.id, 4);
	tamper("UPDATE audit SET subject_purged = 0, object_id = 1, detail = '' WHERE id = 4");
	T_EQ_STR(verdict(&v), "ok");
	/* the cut-off itself rewritten: the purge row no longer matches its chain */
	tamper("UPDATE audit SET detail = '{\"before\": 99999}' WHERE id = 6");
	T_EQ_STR(verdict(&v), "changed");
	T_EQ_INT(v.id, 6);
}

/* rows as migration 0017 finds them (no seq, no hashes) are sealed into the very chain they
 * would have made, in order of id */
static void
test_seal(void)
{
	struct audit_verdict v;
	struct fault f = {0};
	char head[65];
	int64_t rows;

	add(500, "login", "user", 1, "");
	T_EQ_STR(verdict(&v), "ok");
	rows = v.rows;
	memcpy(head, v.head_hash, sizeof(head));
	tamper("UPDATE audit SET seq = NULL, hash = '', subject_hash = ''; "
	       "UPDATE audit_head SET seq = 0, hash = ''");
	T_EQ_STR(verdict(&v), "inserted"); /* rows outside the chain */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(db_audit_seal(c, &f), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(verdict(&v), "ok");
	T_EQ_INT(v.rows, rows);
	T_EQ_STR(v.head_hash, head);
	add(600, "logout", "user", 1, ""); /* and the chain goes on from there */
	T_EQ_STR(verdict(&v), "ok");
	T_EQ_INT(v.rows, rows + 1);
}

int
main(void)
{
	struct fault f = {0};
	int fd;
	char url[64];

	if (sodium_init() < 0 || (fd = mkstemp(path)) < 0)
		return 1;
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (db_open(url, 1, &db, &f)) {
		fprintf(stderr, "test_audit_purge: %s\n", f.en);
		return 1;
	}
	c = db_acquire(db);
	T_RUN(test_seal);
	T_RUN(test_purge);
	db_release(c);
	db_close(db);
	unlink(path);
	{
		char side[80];

		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
	return T_DONE();
}
