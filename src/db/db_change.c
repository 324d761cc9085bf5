/* db_change.c: the change feed's table: the triggers that keep it, and its reads. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db_change.h"
#include "db_internal.h"

/*
 * THE list of tracked tables.  A row written to one of these, by any statement of any module
 * (those still to be written included), changes its record's row in change_log in the same
 * transaction: that is why the feed is kept by triggers and not by each db_* function, where a
 * new write path (a list's decision, a purge, a module not yet written) could forget it.  A
 * reading changes its key person (what is due next); a visit is its own record (the worklist's
 * households not yet visited are the households without one this round).  A record whose row is
 * deleted, or that moves to another area, leaves a tombstone in the area it left.
 * tests/unit/test_change.c checks that every table here has its triggers in a new database.
 */
static const struct change_table tables[] = {
	/* merged into another person, or purged (the name replaced with 已清除: db_purge.c) */
	{"person", "person", "id",
	 "CASE WHEN NEW.merged_into IS NULL AND NEW.name <> '已清除' THEN 0 ELSE 1 END"},
	/* the purge replaces a household's address with 已清除#id */
	{"household", "household", "id", "CASE WHEN NEW.address LIKE '已清除#%' THEN 1 ELSE 0 END"},
	/* released or transferred: no longer anyone's to check */
	{"key_person", "key_person", "id", "CASE WHEN NEW.status = 'active' THEN 0 ELSE 1 END"},
	{"health_check", "key_person", "key_person_id",
	 "CASE WHEN (SELECT k.status FROM key_person k WHERE k.id = NEW.key_person_id) = 'active' "
	 "THEN 0 ELSE 1 END"},
	/* the purge replaces a task's title with 已清除 */
	{"task", "task", "id", "CASE WHEN NEW.title = '已清除' THEN 1 ELSE 0 END"},
	{"sweep_visit", "visit", "id", "0"},
	{NULL, NULL, NULL, NULL},
};

/*
 * The tables with an area_code that phones do not keep, and why.  A table added later with an
 * area_code is in neither list until someone decides: db_change_forgotten names it, and
 * tests/unit/test_change.c fails.
 */
static const char *const untracked[] = {
	"change_log",                   /* the feed itself */
	"audit",                        /* the log, not a record of the area */
	"alert",                        /* its key person carries it (open_alerts, last check) */
	"person_tag",                   /* its person carries it (tags) */
	"sweep_household",              /* each visit is in the feed, and says where a door stands */
	"sweep_coverage",               /* counters of the command post's screens */
	"sweep_coverage_day",           /* likewise */
	"tip",                          /* triaged at the command post into a task, which is fed */
	"duty_post",                    /* checkpoints: their screenings are queued, never read */
	"screening",                    /* likewise */
	"gathering",                    /* planned and followed at the command post */
	"publicity",                    /* likewise, with the households it reached: */
	"publicity_cover",              /* ... */
	"publicity_household",          /* ... */
	"publicity_area_count",         /* ... */
	"publicity_photo",              /* ... */
	"store",                        /* supplies: the ledger is the command post's */
	"issue_area",                   /* likewise */
	"list_batch",                   /* lists: what they lead to (a key person, a task) is fed */
	"list_row",                     /* ... */
	"list_area_count",              /* ... */
	NULL,
};

const struct change_table *
change_tables(void)
{
	return tables;
}

static bool
listed(const char *table)
{
	int i;

	for (i = 0; tables[i].table != NULL; i++)
		if (strcmp(tables[i].table, table) == 0)
			return true;
	for (i = 0; untracked[i] != NULL; i++)
		if (strcmp(untracked[i], table) == 0)
			return true;
	return false;
}

int
db_change_forgotten(struct dbc *c, struct arena *a, char ***ret, int *ret_n)
{
	bool pg = db_backend(dbc_db(c)) == DB_PG;
	struct dbq q;
	char **v = arena_alloc(a, sizeof(*v) * 64);
	int n = 0, i, rc;

	/* every table with an area_code: the one place the two dialects differ here */
	dbq_start_sql(&q, c,
		      pg ? "SELECT table_name FROM information_schema.columns WHERE table_schema = "
			   "current_schema() AND column_name = 'area_code' ORDER BY table_name"
			 : "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
			   "WHERE m.type = 'table' AND c.name = 'area_code' ORDER BY m.name");
	while ((rc = dbq_step(&q)) == 1)
		if (!listed(dbq_text(&q, 0)) && n < 64)
			v[n++] = dbq_dup(&q, a, 0);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	/* every tracked table has its triggers */
	for (i = 0; tables[i].table != NULL && n < 64; i++) {
		int64_t k = 0;

		dbq_start_sql(&q, c,
			      pg ? "SELECT COUNT(*) FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid "
				   "WHERE r.relname = ? AND g.tgname LIKE 'change%'"
				 : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' "
				   "AND tbl_name = ? AND name LIKE 'change%'");
		dbq_bind_text(&q, 1, tables[i].table);
		if ((rc = dbq_scalar_int(&q, &k)))
			return rc;
		if (k < (pg ? 1 : 3))
			v[n++] = arena_printf(a, "%s (no trigger)", tables[i].table);
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/* SQLite: the counter moved and the record's row written at once, when cond holds of the row
 * `row` (NEW or OLD).  The SELECT has a WHERE, so that its ON CONFLICT is not read as a join's. */
static void
sqlite_note(struct buf *b, const struct change_table *t, const char *row, const char *gone,
	    const char *cond)
{
	buf_addf(b, "UPDATE change_seq SET seq = seq + 1 WHERE %s;\n", cond);
	buf_addf(b,
		 "INSERT INTO change_log (kind, id, area_code, seq, gone) "
		 "SELECT '%s', %s.%s, %s.area_code, seq, %s FROM change_seq WHERE %s "
		 "ON CONFLICT (kind, id, area_code) DO UPDATE SET seq = excluded.seq, "
		 "gone = excluded.gone;\n",
		 t->kind, row, t->id, row, gone, cond);
}

static void
sqlite_triggers(struct buf *b, const struct change_table *t)
{
	buf_addf(b, "CREATE TRIGGER change_%s_i AFTER INSERT ON %s BEGIN\n", t->table, t->table);
	sqlite_note(b, t, "NEW", t->gone, "1 = 1");
	buf_adds(b, "END;\n");
	buf_addf(b, "CREATE TRIGGER change_%s_u AFTER UPDATE ON %s BEGIN\n", t->table, t->table);
	/* the tombstone first: a phone of both areas reads it before the record's new row */
	sqlite_note(b, t, "OLD", "1", "OLD.area_code <> NEW.area_code");
	sqlite_note(b, t, "NEW", t->gone, "1 = 1");
	buf_adds(b, "END;\n");
	buf_addf(b, "CREATE TRIGGER change_%s_d AFTER DELETE ON %s BEGIN\n", t->table, t->table);
	sqlite_note(b, t, "OLD", "1", "1 = 1");
	buf_adds(b, "END;\n");
}

/* PostgreSQL: change_note takes the counter and writes the row; each table's function calls it
 * from a constraint trigger deferred to COMMIT. */
static const char pg_note[] =
	"CREATE FUNCTION change_note(k TEXT, i BIGINT, a TEXT, g INTEGER) RETURNS void "
	"LANGUAGE sql AS $$ "
	"WITH s AS (UPDATE change_seq SET seq = seq + 1 WHERE one = 1 RETURNING seq) "
	"INSERT INTO change_log (kind, id, area_code, seq, gone) SELECT k, i, a, s.seq, g FROM s "
	"ON CONFLICT (kind, id, area_code) DO UPDATE SET seq = excluded.seq, gone = excluded.gone "
	"$$;\n";

static void
pg_triggers(struct buf *b, const struct change_table *t)
{
	buf_addf(b,
		 "CREATE FUNCTION change_%s() RETURNS trigger LANGUAGE plpgsql AS $$\n"
		 "BEGIN\n"
		 "  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.area_code <> NEW.area_code) THEN\n"
		 "    PERFORM change_note('%s', OLD.%s, OLD.area_code, 1);\n"
		 "  END IF;\n"
		 "  IF TG_OP <> 'DELETE' THEN\n"
		 "    PERFORM change_note('%s', NEW.%s, NEW.area_code, %s);\n"
		 "  END IF;\n"
		 "  RETURN NULL;\n"
		 "END $$;\n",
		 t->table, t->kind, t->id, t->kind, t->id, t->gone);
	buf_addf(b,
		 "CREATE CONSTRAINT TRIGGER change_%s AFTER INSERT OR UPDATE OR DELETE ON %s "
		 "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_%s();\n",
		 t->table, t->table, t->table);
}

int
db_change_install(struct dbc *c, struct fault *f)
{
	bool pg = db_backend(dbc_db(c)) == DB_PG;
	struct buf b = {0};
	int i, rc;

	if (pg)
		buf_adds(&b, pg_note);
	for (i = 0; tables[i].table != NULL; i++) {
		if (pg)
			pg_triggers(&b, &tables[i]);
		else
			sqlite_triggers(&b, &tables[i]);
	}
	if (b.p == NULL)
		return fault_set(f, ERR_NOMEM, "db", "内存不足", "out of memory");
	rc = dbc_backend(c)->exec_script(dbc_handle(c), b.p, f);
	buf_free(&b);
	return rc;
}

static void
read_change(struct dbq *q, struct arena *a, void *p)
{
	struct change *ch = p;

	ch->kind = dbq_dup(q, a, 0);
	ch->id = dbq_int(q, 1);
	ch->area_code = dbq_dup(q, a, 2);
	ch->seq = dbq_int(q, 3);
	ch->gone = dbq_int(q, 4) != 0;
}

int
db_change_list(struct dbc *c, struct arena *a, const char *scope, int64_t after, int limit,
	       struct change **ret, int *ret_n)
{
	struct dbq q;
	void *v;
	int n, rc;

	/* a grid or a village reads its own rows by the area index and sorts a few thousand; a
	 * town's would sort the whole table for each page, so it walks the sequence instead */
	dbq_start(&q, c, strlen(scope) < 12 ? ST_CHANGE_LIST_WIDE : ST_CHANGE_LIST);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_int(&q, 3, after);
	dbq_bind_int(&q, 4, limit);
	if ((rc = dbq_collect(&q, a, sizeof(struct change), read_change, &v, &n)))
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

int
db_change_last(struct dbc *c, int64_t *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_CHANGE_LAST);
	return dbq_scalar_int(&q, ret);
}

int
db_change_version(struct dbc *c, const char *kind, int64_t id, bool lock, int64_t *ret)
{
	struct dbq q;
	int rc;

	if (lock && db_backend(dbc_db(c)) == DB_PG) {
		/* wait for a writer of the record to commit: its change_log row is written then */
		dbq_start(&q, c,
			  strcmp(kind, "household") == 0 ? ST_CHANGE_LOCK_HOUSEHOLD : ST_CHANGE_LOCK_PERSON);
		dbq_bind_int(&q, 1, id);
		if ((rc = dbq_run(&q)))
			return rc;
	}
	dbq_start(&q, c, ST_CHANGE_VERSION);
	dbq_bind_text(&q, 1, kind);
	dbq_bind_int(&q, 2, id);
	return dbq_scalar_int(&q, ret);
}
