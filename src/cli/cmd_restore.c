/* cmd_restore.c: fangyi restore BACKUP: a SQLite database put back from a backup, checked first. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "err.h"

int
cmd_restore(struct cli *c)
{
	const char *backup = cli_next(c);
	bool force = cli_flag(c, "--force");
	struct fault f = {0};
	int rc, version = 0;

	if ((rc = cli_done(c, "restore")))
		return rc;
	if (backup == NULL)
		return cli_fail("restore", "name the backup to restore: fangyi restore BACKUP --db FILE "
				"/ 请指定要恢复的备份文件");
	if (strncmp(c->db, "postgres", 8) == 0)
		return cli_fail("restore", "PostgreSQL is restored with its own tools (pg_restore of a "
				"'fangyi backup' archive, or the server's base backups) / PostgreSQL 请用 "
				"pg_restore 恢复");
	if (db_restore(backup, strncmp(c->db, "sqlite:", 7) == 0 ? c->db + 7 : c->db, force,
		       &version, &f) != 0)
		return cli_fail("restore", "%s\n        %s", f.en, f.zh);
	printf("fangyi: %s restored from %s (integrity_check ok, schema %d); start fangyi serve on it\n",
	       c->db, backup, version);
	return 0;
}
