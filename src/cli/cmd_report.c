/* cmd_report.c: fangyi report daily: the dispatch meeting's report from the command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "command.h"
#include "svc_report.h"

int
cmd_report(struct cli *c)
{
	const char *what = cli_next(c), *date = cli_take(c, "--date"), *format = cli_take(c, "--format"),
		   *out = cli_take(c, "--out");
	struct svc s;
	struct fault f = {0};
	struct daily_report d;
	struct export_mark m;
	struct arena *a;
	struct dbc *conn;
	struct db *db;
	json_t *rep = NULL;
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
	a = arena_new();
	conn = db_acquire(db);
	if ((rc = svc_local(&s, conn, a, &f)) || (rc = svc_report_daily(&s, date, &d)))
		goto done;
	if ((rep = report_json(&d)) == NULL) {
		rc = ERR_INTERNAL;
		goto done;
	}
	if (strcmp(format, "json") == 0) {
		bytes = json_dumps(rep, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
		n = bytes ? strlen(bytes) : 0;
		goto done;
	}
	/* a printed report says it came from the command line, and is audited */
	export_mark_svc_init(&s, &m);
	report_mark(rep, &m);
	if (strcmp(format, "html") == 0)
		rc = report_html(a, rep, &bytes, &n);
	else
		rc = report_xlsx(a, rep, &bytes, &n, &f);
	if (rc == 0)
		rc = export_mark_svc_audit(&s, &m, "report", 0, s.scope,
					   arena_printf(a, "daily report %s %s (command line)", format,
							d.date));
	if (rc == 0)
		fprintf(stderr, "fangyi: report exported with serial %s / 导出编号 %s\n", m.serial,
			m.serial);
done:
	json_decref(rep);
	db_release(conn);
	db_close(db);
	if (rc) {
		arena_free(a);
		return cli_fail("report", "%s", f.en[0] ? f.en : err_en(rc));
	}
	if (out && (fp = cli_create(out)) == NULL) {
		arena_free(a);
		return cli_fail("report", "cannot write %s: %s", out, strerror(errno));
	}
	fwrite(bytes, 1, n, fp);
	if (strcmp(format, "json") == 0) {
		fputc('\n', fp);
		free(bytes);
	}
	if (out)
		fclose(fp);
	arena_free(a);
	return 0;
}
