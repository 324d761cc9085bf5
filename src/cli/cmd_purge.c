/* cmd_purge.c: fangyi purge --before DATE: personal data of the epidemic's work removed at its end.
 */
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "clock.h"
#include "db_purge.h"
#include "err.h"
#include "observation.h"

/* Who runs the purge, for its audit row: the operating system's user, as the command line has
 * no fangyi login. */
static const char *
os_user(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *u = getenv("USER");

	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	return u && *u ? u : "cli";
}

/* The start of the town's local day DATE, as Unix seconds. */
static int64_t
day_start(const char *date)
{
	char today[11];
	int64_t s;

	clock_local_date(clock_now(), today);
	s = clock_day_start(clock_now()) - (int64_t)date_diff_days(date, today) * 86400;
	return clock_day_start(s + 43200);
}

static json_t *
report_json(const struct purge_opts *o, const struct purge_result *r, bool scrubbed,
            struct purge_backup *bv, int nb, bool complete, const char *backend)
{
	json_t *tables = json_array(), *rows = json_object(), *backups = json_array(), *t = NULL;
	int i;

	for (i = 0; i < r->ncounts; i++) {
		const struct purge_count *pc = &r->counts[i];

		if (pc->column == NULL) {
			t = json_pack("{s:s, s:I, s:o}", "table", pc->table, "rows",
			              (json_int_t)pc->rows, "columns", json_object());
			json_array_append_new(tables, t);
			json_object_set_new(rows, pc->table, json_integer(pc->rows));
		} else if (t != NULL)
			json_object_set_new(json_object_get(t, "columns"), pc->column,
			                    json_integer(pc->rows));
	}
	json_object_set_new(rows, "audit", json_integer(r->audit_rows));
	for (i = 0; i < nb; i++) {
		json_t *b =
		    json_pack("{s:s, s:s, s:I, s:s}", "path", bv[i].path, "backend", bv[i].backend,
		              "at", (json_int_t)bv[i].at, "state", bv[i].state);

		if (bv[i].why)
			json_object_set_new(b, "why", json_string(bv[i].why));
		json_array_append_new(backups, b);
	}
	return json_pack("{s:s, s:I, s:b, s:b, s:o, s:o, s:I, s:{s:s, s:b}, s:o, s:b}", "date",
	                 o->date, "before", (json_int_t)o->before, "dry_run", o->dry_run,
	                 "registry", o->registry, "tables", tables, "rows", rows, "kept_active",
	                 (json_int_t)r->kept_active, "database", "backend", backend, "scrubbed",
	                 scrubbed, "backups", backups, "complete", complete);
}

static void
report_text(const struct purge_opts *o, const struct purge_result *r, bool scrubbed,
            struct purge_backup *bv, int nb, const char *backend)
{
	int i;

	printf("fangyi purge: %s the records dated before %s (%s)%s\n",
	       o->dry_run ? "dry run, nothing changed: would purge" : "purged", o->date, clock_tz(),
	       o->registry ? ", the registry included" : ", the registry kept");
	for (i = 0; i < r->ncounts; i++) {
		const struct purge_count *pc = &r->counts[i];

		if (pc->column == NULL)
			printf("%s  %-18s %6lld rows", i ? "\n" : "", pc->table,
			       (long long)pc->rows);
		else if (pc->rows)
			printf("  %s %lld", pc->column, (long long)pc->rows);
	}
	printf("\n  %-18s %6lld rows  object_id, detail\n", "audit", (long long)r->audit_rows);
	if (r->kept_active)
		printf("kept: %lld observation periods still active (release them, then purge "
		       "again)\n",
		       (long long)r->kept_active);
	if (!o->dry_run && strcmp(backend, "sqlite") == 0)
		printf(
		    "database file: %s\n",
		    scrubbed
		        ? "rebuilt (secure_delete, VACUUM, log emptied)"
		        : "NOT emptied: another process reads it; stop the server and run again");
	for (i = 0; i < nb; i++)
		printf("backup %s: %s%s%s\n", bv[i].path,
		       strcmp(bv[i].state, "holds_personal_data") == 0 ? "STILL HOLDS PERSONAL DATA"
		                                                       : bv[i].state,
		       bv[i].why ? ": " : "", bv[i].why ? bv[i].why : "");
}

int
cmd_purge(struct cli *c)
{
	const char *date = cli_take(c, "--before");
	bool dry = cli_flag(c, "--dry-run"), registry = cli_flag(c, "--registry"),
	     as_json = cli_flag(c, "--json"), scrubbed = true, complete = true;
	struct purge_opts o = {0};
	struct purge_result r = {0};
	struct purge_backup *bv = NULL;
	struct purge_gap *gaps = NULL;
	struct fault f = {0};
	struct arena *a;
	struct db *db;
	struct dbc *dc;
	char today[11];
	const char *backend;
	int y, m, d, nb = 0, ngaps = 0, i, rc;

	if ((rc = cli_done(c, "purge")))
		return rc;
	clock_local_date(clock_now(), today);
	if (date == NULL)
		return cli_fail(
		    "purge", "--before DATE is required: the records dated before that local day "
		             "are purged / 必须用 --before 指定日期：清除该日（本地）之前的记录");
	if (clock_parse_date(date, &y, &m, &d))
		return cli_fail("purge",
		                "--before must be a date YYYY-MM-DD, not '%s' / --before 应为 "
		                "YYYY-MM-DD 格式的日期",
		                date);
	if (strcmp(date, today) > 0)
		return cli_fail(
		    "purge",
		    "--before %s is after today (%s): a purge never reaches work still to come / "
		    "--before 不能晚于今天",
		    date, today);
	if (cli_open_db(c, 1, &db))
		return 1;
	dc = db_acquire(db);
	a = arena_new();
	backend = db_backend_name(db);
	/* a column the list does not know is a purge that leaves it behind: refuse */
	if ((rc = db_purge_check(dc, a, &gaps, &ngaps)) || ngaps) {
		if (rc)
			fprintf(stderr,
			        "fangyi purge: cannot read the schema / 无法读取数据库结构\n");
		for (i = 0; i < ngaps; i++)
			fprintf(stderr, "fangyi purge: %s.%s %s / %s.%s %s\n", gaps[i].table,
			        gaps[i].column,
			        gaps[i].missing
			            ? "is listed in src/db/db_purge.c but not in the database"
			            : "looks like personal data but is not in src/db/db_purge.c's "
			              "lists",
			        gaps[i].table, gaps[i].column,
			        gaps[i].missing ? "列在清除清单中，但数据库中没有"
			                        : "像是个人信息，但不在清除清单中");
		if (ngaps)
			fprintf(stderr, "fangyi purge: nothing was purged: list each column "
			                "(purged, or not identifying and why) first\n"
			                "              未做任何清除：请先把这些列登记到清单\n");
		rc = 1;
		goto out;
	}
	o.before = day_start(date);
	o.date = date;
	o.registry = registry;
	o.dry_run = dry;
	o.username = os_user();
	if ((rc = db_backup_list(dc, a, &bv, &nb))) {
		rc = cli_fail("purge", "cannot read the record of backups / 无法读取备份记录");
		goto out;
	}
	o.nbackups = nb;
	if ((rc = db_purge_secure(dc)) || (rc = db_purge_run(dc, a, &o, &r, &f))) {
		rc = cli_fail("purge", "%s / %s", f.en[0] ? f.en : err_en(rc),
		              f.zh[0] ? f.zh : err_zh(rc));
		goto out;
	}
	if (!dry && (rc = db_purge_scrub(dc, &scrubbed, &f))) {
		rc = cli_fail("purge", "the records are purged, but %s / 记录已清除，但%s", f.en,
		              f.zh);
		goto out;
	}
	for (i = 0; i < nb; i++) {
		db_purge_backup(dc, a, &o, &bv[i]);
		if (strcmp(bv[i].state, "holds_personal_data") == 0)
			complete = false;
	}
	complete = complete && scrubbed;
	if (as_json) {
		json_t *j = report_json(&o, &r, scrubbed, bv, nb, complete, backend);
		char *s = json_dumps(j, JSON_INDENT(2));

		printf("%s\n", s);
		free(s);
		json_decref(j);
	} else
		report_text(&o, &r, scrubbed, bv, nb, backend);
	rc = 0;
	if (!complete) { /* a dry run says so, and changes nothing: it does not fail */
		fprintf(stderr,
		        "fangyi purge: %s, but copies of the personal data remain (see above) / "
		        "%s，但仍有个人信息的副本（见上）\n",
		        dry ? "dry run" : "the database is purged",
		        dry ? "试运行" : "数据库已清除");
		rc = dry ? 0 : 1;
	}
out:
	arena_free(a);
	db_release(dc);
	db_close(db);
	return rc;
}
