/* cmd_audit.c: fangyi audit verify | show SERIAL: whether the audit log is whole, and the row
 * behind an export's serial. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "db_registry.h"
#include "err.h"

static void
print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2));

	if (s)
		puts(s);
	free(s);
	json_decref(j);
}

static int
audit_verify(struct dbc *dc, bool as_json)
{
	struct audit_verdict v;
	struct fault f = {0};
	int rc;

	/* one snapshot for the whole walk (SQLite): a server writing meanwhile is not seen
	 * half-way, and is never kept waiting */
	dbc_snapshot(dc);
	if ((rc = db_audit_verify(dc, &v, &f)))
		return cli_fail("audit verify", "%s / %s", f.en[0] ? f.en : err_en(rc), f.zh[0] ? f.zh : err_zh(rc));
	if (as_json) {
		if (v.problem == NULL)
			print_json(json_pack("{s:b, s:I, s:I, s:s}", "ok", 1, "rows", (json_int_t)v.rows,
					     "head_seq", (json_int_t)v.head_seq, "head_hash", v.head_hash));
		else
			print_json(json_pack("{s:b, s:I, s:s, s:o, s:I, s:s, s:s}", "ok", 0, "rows",
					     (json_int_t)v.rows, "problem", v.problem, "id",
					     v.id ? json_integer(v.id) : json_null(), "seq", (json_int_t)v.seq,
					     "message", v.zh, "message_en", v.en));
	} else if (v.problem == NULL)
		printf("fangyi: the audit log is whole: %lld rows, head seq %lld hash %s\n"
		       "审计日志完整：%lld 条，链头序号 %lld，哈希 %s\n",
		       (long long)v.rows, (long long)v.head_seq, v.head_hash, (long long)v.rows,
		       (long long)v.head_seq, v.head_hash);
	else
		fprintf(stderr, "fangyi audit verify: %s: %s\n审计日志被篡改：%s\n(%lld rows before it were whole)\n",
			v.problem, v.en, v.zh, (long long)v.rows);
	return v.problem == NULL ? 0 : 1;
}

static int
audit_show(struct dbc *dc, const char *serial, bool as_json)
{
	struct arena *a = arena_new();
	struct audit *e;
	int n, rc;
	int64_t total;
	char when[32];

	if (a == NULL)
		return cli_fail("audit show", "out of memory");
	if ((rc = db_audit_list(dc, a, NULL, NULL, serial, 1, 0, &e, &n, &total))) {
		arena_free(a);
		return cli_fail("audit show", "%s", err_en(rc));
	}
	if (n == 0) {
		arena_free(a);
		return cli_fail("audit show", "no export has the serial %s / 没有编号为 %s 的导出", serial,
				serial);
	}
	clock_local_iso(e->at, when);
	if (as_json)
		print_json(json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
				     (json_int_t)e->id, "seq", (json_int_t)e->seq, "at_local", when,
				     "username", e->username, "ip", e->ip, "action", e->action,
				     "object_kind", e->object_kind, "area_code", e->area_code, "detail",
				     e->detail, "serial", e->serial));
	else
		printf("%s: %s by %s from %s at %s: %s %s%s%s (audit row id %lld, seq %lld)\n", e->serial,
		       e->action, e->username, e->ip, when, e->object_kind, e->area_code,
		       *e->detail ? ": " : "", e->detail, (long long)e->id, (long long)e->seq);
	arena_free(a);
	return 0;
}

int
cmd_audit(struct cli *c)
{
	const char *what = cli_next(c), *serial = NULL;
	bool as_json = cli_flag(c, "--json");
	struct db *db;
	struct dbc *dc;
	int rc;

	if (what && strcmp(what, "show") == 0)
		serial = cli_next(c);
	if ((rc = cli_done(c, "audit")))
		return rc;
	if (what == NULL || (strcmp(what, "verify") && strcmp(what, "show")) ||
	    (strcmp(what, "show") == 0 && serial == NULL))
		return cli_fail("audit", "usage: fangyi audit verify [--json] | fangyi audit show SERIAL [--json]");
	if (cli_open_db(c, 1, &db))
		return 1;
	dc = db_acquire(db);
	rc = strcmp(what, "verify") == 0 ? audit_verify(dc, as_json) : audit_show(dc, serial, as_json);
	db_release(dc);
	db_close(db);
	return rc;
}
