/* cmd_init.c: fangyi init: a new town's empty database and its first administrator. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "cli.h"
#include "db_registry.h"

int
cmd_init(struct cli *c)
{
	const char *tcode = cli_take(c, "--town-code"), *tname = cli_take(c, "--town-name");
	const char *dcode = cli_take(c, "--district-code"), *dname = cli_take(c, "--district-name");
	struct db *db;
	struct dbc *dc;
	struct fault f = {0};
	struct demo_login admin = {0};
	int rc, i;

	if ((rc = cli_done(c, "init")))
		return rc;
	if (tcode == NULL || tname == NULL)
		return cli_fail("init", "give the town: --town-code 430302100000 --town-name 鹤岭镇");
	if (strlen(tcode) != 12 || strcmp(tcode + 9, "000") != 0)
		return cli_fail("init", "--town-code is the 12-digit statistical code of the town, ending in 000");
	for (i = 0; i < 12; i++)
		if (tcode[i] < '0' || tcode[i] > '9')
			return cli_fail("init", "--town-code must be 12 digits");
	if (cli_open_db(c, 1, &db))
		return 1;
	dc = db_acquire(db);
	{
		char dc_buf[16];

		if (dcode == NULL) {
			snprintf(dc_buf, sizeof(dc_buf), "%.6s000000", tcode);
			dcode = dc_buf;
		}
		if ((rc = dbc_begin(dc)) ||
		    (rc = demo_town_init(dc, dcode, dname ? dname : "区", tcode, tname, &f)))
			goto fail;
		/* the first administrator, with a generated password printed once */
		if ((rc = demo_admin_user(dc, tcode, &admin)) || (rc = dbc_commit(dc)))
			goto fail;
	}
	db_release(dc);
	db_close(db);
	printf("fangyi: town %s (%s) created in %s\n", tname, tcode, c->db);
	printf("administrator login:  %s  %s\n", admin.username, admin.password);
	printf("(the password is shown only now: change it with 'fangyi user passwd admin')\n");
	return 0;
fail:
	db_release(dc);
	db_close(db);
	return cli_fail("init", "%s / %s", f.en[0] ? f.en : err_en(rc), f.zh[0] ? f.zh : err_zh(rc));
}
