/* cmd_init.c: fangyi init: a new town's empty database and its first administrator, or one more
 * town of the district in the district's database. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "cli.h"
#include "db_registry.h"

int
cmd_init(struct cli *c)
{
	const char *tcode = cli_take(c, "--town-code"), *tname = cli_take(c, "--town-name");
	const char *dcode = cli_take(c, "--district-code"), *dname = cli_take(c, "--district-name");
	const char *uname = cli_take(c, "--admin");
	struct db *db;
	struct dbc *dc;
	struct arena *a;
	struct fault f = {0};
	struct demo_login admin = {0};
	char dc_buf[16], name_buf[32], *first = NULL;
	int rc;

	if ((rc = cli_done(c, "init")))
		return rc;
	if (tcode == NULL || tname == NULL)
		return cli_fail("init", "give the town: --town-code 430302100000 --town-name 鹤岭镇");
	if (cli_open_db(c, 1, &db))
		return 1;
	if ((a = arena_new()) == NULL) {
		db_close(db);
		return cli_fail("init", "out of memory");
	}
	dc = db_acquire(db);
	if (dcode == NULL) {
		snprintf(dc_buf, sizeof(dc_buf), "%.6s000000", tcode);
		dcode = dc_buf;
	}
	/* the first town's administrator is admin; a town added to the district's database gets
	 * admin.<its own 3 digits>, admin.101 for 430302101000, as user names are the district's */
	db_setting_get(dc, a, "town_code", &first);
	if (uname == NULL && first != NULL && strlen(tcode) == 12) {
		snprintf(name_buf, sizeof(name_buf), "admin.%.3s", tcode + 6);
		uname = name_buf;
	}
	if ((rc = dbc_begin(dc)) ||
	    (rc = demo_town_init(dc, dcode, dname ? dname : "区", tcode, tname, &f)))
		goto fail;
	/* the first administrator, with a generated password printed once */
	if ((rc = demo_admin_user(dc, tcode, uname ? uname : "admin", &admin)) == ERR_CONFLICT)
		fault_setf(&f, rc, "admin", "用户名 %s 已被占用：用 --admin 另取一个",
			   "the user name %s is taken: choose another with --admin",
			   uname ? uname : "admin");
	if (rc || (rc = dbc_commit(dc)))
		goto fail;
	db_release(dc);
	db_close(db);
	arena_free(a);
	if (first)
		printf("fangyi: town %s (%s) added to the district in %s\n", tname, tcode, c->db);
	else
		printf("fangyi: town %s (%s) created in %s\n", tname, tcode, c->db);
	printf("administrator login:  %s  %s\n", admin.username, admin.password);
	printf("(the password is shown only now: change it with 'fangyi user passwd %s')\n",
	       admin.username);
	if (first)
		printf("the district's command post sees every town: 'fangyi user add NAME --role "
		       "district --area %s'\n", dcode);
	return 0;
fail:
	dbc_rollback(dc);
	db_release(dc);
	db_close(db);
	arena_free(a);
	return cli_fail("init", "%s\n        %s", f.en[0] ? f.en : err_en(rc), f.zh[0] ? f.zh : err_zh(rc));
}
