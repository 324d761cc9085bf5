/* cmd_report.c: fangyi report daily: the dispatch meeting's report from the command line. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "command.h"
#include "http.h"

int
cmd_report(struct cli *c)
{
	const char *what = cli_next(c), *date = cli_take(c, "--date"), *format = cli_take(c, "--format"),
		   *out = cli_take(c, "--out");
	struct req r;
	struct export_mark m;
	struct db *db;
	json_t *rep;
	char *bytes = NULL;
	size_t n = 0;
	int rc;
	FILE *fp = stdout;

	if ((rc = cli_done(c, "report")))
		return rc;
	if (what == NULL || strcmp(what, "daily") != 0)
		return cli_fail("report", "usage: fangyi report daily [--date YYYY-MM-DD] [--format json|html|xlsx] [--out FILE]");
	format = format ? format : "json";
	if (strcmp(format, "json") && strcmp(format, "html") && strcmp(format, "xlsx"))
		return cli_fail("report", "--format is json, html or xlsx");
	if (strcmp(format, "xlsx") == 0 && out == NULL)
		return cli_fail("report", "an xlsx report needs --out FILE");
	if (cli_open_db(c, 1, &db))
		return 1;
	/* the whole database's town, as the command post sees it */
	memset(&r, 0, sizeof(r));
	r.arena = arena_new();
	r.db = db_acquire(db);
	r.scope = "";
	{
		char *town = NULL;

		if (db_setting_get(r.db, r.arena, "town_code", &town) == 0 && strlen(town) >= 9)
			r.scope = arena_strndup(r.arena, town, 9);
	}
	r.ip = "local";
	rc = report_daily(&r, date, false, &rep);
	if (rc == 0) {
		if (strcmp(format, "json") == 0) {
			bytes = json_dumps(rep, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
			n = bytes ? strlen(bytes) : 0;
		} else {
			/* a printed report says it came from the command line, and is audited */
			export_mark_init(&r, &m);
			report_mark(rep, &m);
			if (strcmp(format, "html") == 0)
				rc = report_html(r.arena, rep, &bytes, &n);
			else
				rc = report_xlsx(r.arena, rep, &bytes, &n, &r.fault);
			if (rc == 0)
				rc = export_mark_audit(&r, &m, "report", 0, r.scope,
						       arena_printf(r.arena, "daily report %s %s (command line)",
								    format, json_string_value(json_object_get(rep, "date"))));
			if (rc == 0)
				fprintf(stderr, "fangyi: report exported with serial %s / 导出编号 %s\n", m.serial,
					m.serial);
		}
		json_decref(rep);
	}
	db_release(r.db);
	db_close(db);
	if (rc) {
		arena_free(r.arena);
		return cli_fail("report", "%s", r.fault.en[0] ? r.fault.en : err_en(rc));
	}
	if (out && (fp = cli_create(out)) == NULL) {
		arena_free(r.arena);
		return cli_fail("report", "cannot write %s: %s", out, strerror(errno));
	}
	fwrite(bytes, 1, n, fp);
	if (strcmp(format, "json") == 0) {
		fputc('\n', fp);
		free(bytes);
	}
	if (out)
		fclose(fp);
	arena_free(r.arena);
	return 0;
}
