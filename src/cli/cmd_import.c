/* cmd_import.c: fangyi import residents|key-persons FILE: the office's registers (.xlsx, .xls or
 * CSV, told apart by their content), all rows or none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "arena.h"
#include "cli.h"
#include "db_registry.h"
#include "role.h"

int
cmd_import(struct cli *c)
{
	const char *what = cli_next(c), *file = cli_next(c), *area = cli_take(c, "--area"),
		   *sheet = cli_take(c, "--sheet");
	bool dry = cli_flag(c, "--dry-run");
	struct import_result res;
	struct fault f = {0};
	struct db *db;
	struct dbc *dc;
	struct arena *a;
	struct area ar;
	struct svc s;
	const char *scope = "";
	char *data;
	size_t n = 0, i;
	int rc;
	struct timespec t0, t1;

	if ((rc = cli_done(c, "import")))
		return rc;
	if (what == NULL || (strcmp(what, "residents") != 0 && strcmp(what, "key-persons") != 0) ||
	    file == NULL)
		return cli_fail("import", "usage: fangyi import residents|key-persons FILE [--sheet NAME] [--dry-run] [--area AREA]");
	if ((data = cli_slurp(file, &n)) == NULL)
		return cli_fail("import", "cannot read %s", file);
	if (cli_open_db(c, 1, &db)) {
		free(data);
		return 1;
	}
	dc = db_acquire(db);
	a = arena_new();
	if (area) {
		if ((rc = db_area_find(dc, a, area, &ar, &f))) {
			rc = cli_fail("import", "%s / %s", f.en, f.zh);
			goto out;
		}
		scope = arena_strndup(a, ar.code, (size_t)area_scope_len(ar.level));
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (strcmp(what, "residents") == 0) {
		/* the command line may import anywhere, or inside --area */
		if ((rc = svc_local(&s, dc, a, &f)) == 0) {
			s.scope = scope;
			rc = import_residents(&s, data, n, sheet, dry, &res);
		}
	} else
		rc = import_key_persons(dc, a, data, n, sheet, scope, dry, 0, "cli", &res, &f);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == ERR_INVALID && json_array_size(res.errors)) {
		json_t *e;

		fprintf(stderr, "fangyi import: %s\n              %s\n", f.en, f.zh);
		json_array_foreach(res.errors, i, e)
			fprintf(stderr, "  line %lld, %s: %s / %s\n",
				(long long)json_integer_value(json_object_get(e, "line")),
				json_string_value(json_object_get(e, "field")),
				json_string_value(json_object_get(e, "message_en")),
				json_string_value(json_object_get(e, "message")));
		rc = 1;
	} else if (rc) {
		rc = cli_fail("import", "%s / %s", f.en[0] ? f.en : err_en(rc), f.zh[0] ? f.zh : err_zh(rc));
	} else {
		struct audit e = {0};

		if (!dry) {
			e.username = "cli";
			e.ip = "local";
			e.action = "import";
			e.object_kind = strcmp(what, "residents") == 0 ? "person" : "key_person";
			e.area_code = scope;
			e.detail = arena_printf(a, "%s from %s: %d rows, %d created, %d updated, %d unchanged",
						what, file, res.rows, res.created, res.updated, res.unchanged);
			e.ok = 1;
			db_audit_add(dc, &e);
		}
		printf("fangyi: %s%s (%s): %d rows, %d created, %d updated, %d unchanged, %d households created, %.2f s\n",
		       dry ? "dry run of " : "imported ", file, res.encoding, res.rows, res.created,
		       res.updated, res.unchanged, res.households_created,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
	json_decref(res.errors);
out:
	arena_free(a);
	db_release(dc);
	db_close(db);
	free(data);
	return rc;
}
