/* cli.c: argument handling shared by the subcommands. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "err.h"
#include "log.h"

const char *
cli_take(struct cli *c, const char *name)
{
	size_t n = strlen(name);
	int i;

	for (i = 0; i < c->argc; i++) {
		char *a = c->argv[i];

		if (a == NULL)
			continue;
		if (strcmp(a, name) == 0 && i + 1 < c->argc && c->argv[i + 1]) {
			const char *v = c->argv[i + 1];

			c->argv[i] = c->argv[i + 1] = NULL;
			return v;
		}
		if (strncmp(a, name, n) == 0 && a[n] == '=') {
			c->argv[i] = NULL;
			return a + n + 1;
		}
	}
	return NULL;
}

bool
cli_flag(struct cli *c, const char *name)
{
	int i;

	for (i = 0; i < c->argc; i++)
		if (c->argv[i] && strcmp(c->argv[i], name) == 0) {
			c->argv[i] = NULL;
			return true;
		}
	return false;
}

const char *
cli_next(struct cli *c)
{
	int i;

	for (i = 0; i < c->argc; i++)
		if (c->argv[i] && c->argv[i][0] != '-') {
			const char *v = c->argv[i];

			c->argv[i] = NULL;
			return v;
		}
	return NULL;
}

int
cli_done(struct cli *c, const char *cmd)
{
	int i;

	for (i = 0; i < c->argc; i++)
		if (c->argv[i]) {
			fprintf(stderr, "fangyi %s: unexpected argument '%s' (see 'fangyi %s --help')\n",
				cmd, c->argv[i], cmd);
			return 2;
		}
	return 0;
}

int
cli_fail(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fangyi %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/*
 * An existing SQLite database others may read or write is said out loud:
 * it holds every resident's ID number and health, and whoever can write
 * it can forge the audit.  fangyi does not change a mode it did not set;
 * the administrator does (chmod 600).
 */
static void
warn_open_files(const struct db *db)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	const char *path = db_file(db);
	char name[4096];
	struct stat st;
	size_t i;

	for (i = 0; path != NULL && i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		if (stat(name, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
			log_warn("database file %s can be read or written by group or others "
				 "(mode %04o), and it holds residents' data: run 'chmod 600 %s' / "
				 "数据库文件 %s 其他用户可读写，请执行 chmod 600",
				 name, (unsigned)(st.st_mode & 0777), name, name);
	}
}

int
cli_open_db(struct cli *c, int nconn, struct db **ret)
{
	struct fault f = {0};
	int rc = db_open(c->db, nconn, ret, &f);

	if (rc == 0) {
		warn_open_files(*ret);
		return 0;
	}
	fprintf(stderr, "fangyi: %s\n        %s\n", f.en[0] ? f.en : err_en(rc), f.zh);
	if (rc == ERR_DB)
		fprintf(stderr, "        check --db (now '%s') or FANGYI_DB\n", c->db);
	return rc;
}

FILE *
cli_create(const char *path)
{
	struct stat st;
	FILE *fp;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		return NULL;
	/* a regular file left by an earlier run keeps no wider mode than a new one */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		fchmod(fd, 0600);
	if ((fp = fdopen(fd, "wb")) == NULL)
		close(fd);
	return fp;
}

char *
cli_slurp(const char *path, size_t *ret_n)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, fp) != (size_t)n) {
			free(p);
			p = NULL;
		} else {
			p[n] = '\0';
			*ret_n = (size_t)n;
		}
	}
	fclose(fp);
	return p;
}
