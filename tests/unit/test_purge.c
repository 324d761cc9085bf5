/* test_purge.c: the purge's list of identifying columns against the schema of a new database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "db_purge.h"
#include "err.h"
#include "t.h"

/* Names that must be caught, and names that must not (so the exemptions stay short). */
static void
test_names(void)
{
	static const char *const yes[] = {
	    "phone",       "witness_phone",   "name",           "guest_names",
	    "id_number",   "contact_address", "plate",          "note",
	    "self_code",   "person_id",       "host_person_id", "household_id",
	    "description", "wechat_id",       "raw_cells",      "phone_norm"};
	static const char *const no[] = {"id",        "key_person_id", "screened_person_id",
	                                 "area_code", "created_at",    "status",
	                                 "kind"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		T_ASSERT(db_purge_looks_identifying(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		T_ASSERT(!db_purge_looks_identifying(no[i]));
}

/* Every column of a database migrated to the newest schema is accounted for, and every listed
 * column exists: the test fails the day a migration adds a `phone` no list mentions. */
static void
test_schema(void)
{
	char dir[] = "/tmp/fangyi-test-purge-XXXXXX", path[64];
	struct fault f = {0};
	struct purge_gap *gaps = NULL;
	struct arena *a = arena_new();
	struct db *db = NULL;
	struct dbc *c;
	int n = -1, i;

	T_ASSERT(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	T_EQ_INT(db_open(path, 1, &db, &f), 0);
	if (db == NULL)
		return;
	c = db_acquire(db);
	T_EQ_INT(db_purge_check(c, a, &gaps, &n), 0);
	T_EQ_INT(n, 0);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s.%s %s\n", gaps[i].table, gaps[i].column,
		        gaps[i].missing ? "listed but not in the schema"
		                        : "looks identifying, listed nowhere");
	db_release(c);
	db_close(db);
	arena_free(a);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/* purge_table groups a table's columns by their place in the list: each table once, together,
 * with one rule for its rows. */
static void
test_list_shape(void)
{
	int n, i, j;
	const struct purge_col *v = db_purge_columns(&n);

	for (i = 1; i < n; i++)
		if (strcmp(v[i].table, v[i - 1].table) != 0)
			for (j = 0; j < i - 1; j++)
				T_ASSERT(strcmp(v[j].table, v[i].table) != 0);
		else
			T_ASSERT(strcmp(v[i].rows, v[i - 1].rows) == 0 &&
			         v[i].registry == v[i - 1].registry);
}

int
main(void)
{
	T_RUN(test_names);
	T_RUN(test_schema);
	T_RUN(test_list_shape);
	return T_DONE();
}
