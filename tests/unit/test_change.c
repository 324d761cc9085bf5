/* test_change.c: the change feed's triggers in a new database: every table of an area is fed or
 * declared kept off the phones, and a write of each kind leaves its row in change_log. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "db_change.h"
#include "err.h"
#include "t.h"

static char path[64];

/* a write as any module's statement would make it, through the sqlite3 library */
static void
run(struct dbc *c, const char *sql)
{
	sqlite3 *h;

	(void)c;
	T_EQ_INT(sqlite3_open(path, &h), SQLITE_OK);
	T_EQ_INT(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

int
main(void)
{
	char dir[] = "/tmp/fangyi-test-change-XXXXXX";
	struct fault f = {0};
	struct arena *a = arena_new();
	struct db *db = NULL;
	struct dbc *c;
	struct change *v;
	char **gaps = NULL;
	int n = -1, i;
	int64_t last = 0;

	T_ASSERT(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	T_EQ_INT(db_open(path, 1, &db, &f), 0);
	if (db == NULL)
		return 1;
	c = db_acquire(db);

	/* a table of an area added later, in neither list, is named */
	T_EQ_INT(db_change_forgotten(c, a, &gaps, &n), 0);
	T_EQ_INT(n, 0);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s: neither fed nor kept off the phones (db_change.c)\n", gaps[i]);
	run(c, "CREATE TABLE roadblock (id INTEGER PRIMARY KEY, area_code TEXT NOT NULL)");
	T_EQ_INT(db_change_forgotten(c, a, &gaps, &n), 0);
	T_EQ_INT(n, 1);
	if (n == 1)
		T_EQ_STR(gaps[0], "roadblock");

	/* a person written, moved and merged by plain SQL, as any module would */
	run(c, "INSERT INTO area (id, code, name, level, kind, created_at) VALUES "
	       "(1, '430302100201001', 'g1', 4, 'grid', 0), (2, '430302100201002', 'g2', 4, 'grid', 0)");
	run(c, "INSERT INTO person (id, name, area_id, area_code, created_at, updated_at) VALUES "
	       "(7, '甲', 1, '430302100201001', 0, 0)");
	run(c, "UPDATE person SET notes = 'x' WHERE id = 7");
	T_EQ_INT(db_change_list(c, a, "430302100201001", 0, 10, &v, &n), 0);
	T_EQ_INT(n, 1); /* compacted: one row for two changes */
	T_EQ_INT(db_change_last(c, &last), 0);
	T_EQ_INT(last, 2);
	if (n == 1) {
		T_EQ_STR(v[0].kind, "person");
		T_EQ_INT(v[0].seq, 2);
		T_ASSERT(!v[0].gone);
	}
	run(c, "UPDATE person SET area_id = 2, area_code = '430302100201002' WHERE id = 7");
	T_EQ_INT(db_change_list(c, a, "430302100201", 0, 10, &v, &n), 0);
	T_EQ_INT(n, 2); /* the tombstone of grid 1 before the record in grid 2 */
	if (n == 2) {
		T_EQ_STR(v[0].area_code, "430302100201001");
		T_ASSERT(v[0].gone);
		T_EQ_STR(v[1].area_code, "430302100201002");
		T_ASSERT(!v[1].gone);
		T_ASSERT(v[0].seq < v[1].seq);
	}
	run(c, "UPDATE person SET merged_into = id WHERE id = 7");
	T_EQ_INT(db_change_list(c, a, "430302100201002", 0, 10, &v, &n), 0);
	T_EQ_INT(n, 1);
	if (n == 1)
		T_ASSERT(v[0].gone);
	T_EQ_INT(db_change_list(c, a, "430302100201002", 4, 10, &v, &n), 0);
	T_EQ_INT(n, 1); /* after the cursor */
	T_EQ_INT(db_change_list(c, a, "430302100201002", 5, 10, &v, &n), 0);
	T_EQ_INT(n, 0);

	db_release(c);
	db_close(db);
	arena_free(a);
	unlink(path);
	rmdir(dir);
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed != 0;
}
