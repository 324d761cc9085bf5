/* cli.c: argument handling shared by the subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "err.h"

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

int
cli_open_db(struct cli *c, int nconn, struct db **ret)
{
	struct fault f = {0};
	int rc = db_open(c->db, nconn, ret, &f);

	if (rc == 0)
		return 0;
	fprintf(stderr, "fangyi: %s\n        %s\n", f.en[0] ? f.en : err_en(rc), f.zh);
	if (rc == ERR_DB)
		fprintf(stderr, "        check --db (now '%s') or FANGYI_DB\n", c->db);
	return rc;
}
