/* cmd_backup.c: fangyi backup FILE: a consistent copy while the server runs. */
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "err.h"

int
cmd_backup(struct cli *c)
{
	const char *file = cli_next(c);
	struct db *db;
	struct fault f = {0};
	int rc;

	if ((rc = cli_done(c, "backup")))
		return rc;
	if (file == NULL)
		return cli_fail("backup", "name the file to write: fangyi backup FILE");
	if (cli_open_db(c, 1, &db))
		return 1;
	rc = db_backup(db, file, &f);
	db_close(db);
	if (rc)
		return cli_fail("backup", "%s / %s", f.en, f.zh);
	printf("fangyi: backup written to %s\n", file);
	return 0;
}
