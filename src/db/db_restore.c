/*
 * db_restore.c: a SQLite database put back from a backup, and the lock that keeps a restore
 * from replacing a file a fangyi process has open.
 *
 * Every process that opens a SQLite database (db_open) holds a shared flock(2) on its file;
 * a restore takes it exclusively, so it refuses while a server runs on the file and a server
 * refuses to start while a restore is under way.  flock is not SQLite's own locking (that is
 * fcntl's, which a second descriptor closing early would release): the two do not meet.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "err.h"

int
db_file_lock(const char *path, bool exclusive)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -2;
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The backup opened read-only: integrity_check says ok, and its schema is fangyi's and no
 * newer than this binary.  *ret_version is its schema's version. */
static int
check_backup(const char *path, int *ret_version, struct fault *f)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int rc, v = 0;

	if (access(path, R_OK) != 0)
		return fault_setf(f, ERR_IO, "backup", "无法读取备份 %s：%s", "cannot read the backup %s: %s",
				  path, strerror(errno));
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = fault_setf(f, ERR_INVALID, "backup", "%s 不是 SQLite 数据库", "%s is not a SQLite database",
				path);
		goto out;
	}
	/* the whole file read: every page, index and constraint of the copy */
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check(10)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = fault_setf(f, ERR_INVALID, "backup", "%s 无法读取，不是完好的数据库：%s",
				"%s cannot be read as a database: %s", path, sqlite3_errmsg(h));
		goto out;
	}
	if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		char what[160] = "";
		int n = 0;

		/* its first findings, on one line ("*** in database main ***" heads them) */
		do {
			const char *t = (const char *)sqlite3_column_text(st, 0);

			if (t && strncmp(t, "***", 3) == 0 && strchr(t, '\n') != NULL)
				t = strchr(t, '\n') + 1;
			if (t && *t)
				snprintf(what + strlen(what), sizeof(what) - strlen(what), "%s%s",
					 what[0] ? "; " : "", t);
		} while (++n < 4 && sqlite3_step(st) == SQLITE_ROW);
		for (n = 0; what[n]; n++)
			if (what[n] == '\n')
				what[n] = ' ';
		rc = fault_setf(f, ERR_INVALID, "backup", "备份 %s 已损坏（integrity_check：%.120s）",
				"the backup %s is damaged (integrity_check: %.120s)", path, what);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT max(version) FROM schema_migrations", -1, &st, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW || (v = sqlite3_column_int(st, 0)) < 1) {
		rc = fault_setf(f, ERR_INVALID, "backup", "%s 不是 fangyi 的数据库",
				"%s is not a fangyi database", path);
		goto out;
	}
	if (v > db_schema_known()) {
		rc = fault_setf(f, ERR_SCHEMA, "backup",
				"备份 %s 的结构版本 %d 比本程序支持的 %d 新：请先升级 fangyi",
				"the backup %s has schema version %d, newer than this fangyi knows (%d): "
				"upgrade fangyi first", path, v, db_schema_known());
		goto out;
	}
	*ret_version = v;
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/* Copy from into a new file to (0600), synced; 0 or ERR_IO with f. */
static int
copy_synced(const char *from, const char *to, struct fault *f)
{
	char buf[1 << 16];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = 0;
	ssize_t n;

	if (in < 0 || (out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		rc = fault_setf(f, ERR_IO, "db", "无法写入 %s：%s", "cannot write %s: %s", to,
				strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (n < 0 || fsync(out) != 0) {
		rc = fault_setf(f, ERR_IO, "db", "无法写入 %s：%s", "cannot write %s: %s", to,
				strerror(errno));
		unlink(to);
	}
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return rc;
}

int
db_restore(const char *backup, const char *target, bool force, int *ret_version, struct fault *f)
{
	char tmp[4096], side[4096], dir[4096];
	struct stat sb;
	int lock = -2, rc, dfd;

	if ((rc = check_backup(backup, ret_version, f)))
		return rc;
	if (stat(target, &sb) == 0) {
		if (!force)
			return fault_setf(f, ERR_CONFLICT, "db",
					  "%s 已存在：确认要用备份替换它时加 --force（请先停止 fangyi serve）",
					  "%s exists: add --force to replace it with the backup (stop fangyi "
					  "serve first)", target);
		if ((lock = db_file_lock(target, true)) == -1)
			return fault_setf(f, ERR_CONFLICT, "db",
					  "%s 正被 fangyi 使用（fangyi serve 在运行？）：请先停止它再恢复",
					  "%s is open in fangyi (is fangyi serve running?): stop it, then restore",
					  target);
	}
	snprintf(tmp, sizeof(tmp), "%s.restoring", target);
	unlink(tmp); /* a restore that died half-way */
	if ((rc = copy_synced(backup, tmp, f)))
		goto out;
	/* the log of the database replaced would be replayed into the backup: it goes first */
	snprintf(side, sizeof(side), "%s-wal", target);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", target);
	unlink(side);
	if (rename(tmp, target) != 0) {
		rc = fault_setf(f, ERR_IO, "db", "无法替换 %s：%s", "cannot replace %s: %s", target,
				strerror(errno));
		unlink(tmp);
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s", target);
	if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd); /* the new name on disk too */
		close(dfd);
	}
out:
	if (lock >= 0)
		close(lock);
	return rc;
}
