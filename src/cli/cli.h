/* cli.h: the subcommands of the fangyi binary and what they share. */
#ifndef FANGYI_CLI_H
#define FANGYI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct db;

/* The arguments of one command, with global options already taken out. */
struct cli {
	const char *db;     /* --db / FANGYI_DB / ./fangyi.db */
	const char *listen; /* --listen / FANGYI_LISTEN / 127.0.0.1:8080 */
	const char *tz;     /* --tz / FANGYI_TZ / Asia/Shanghai */
	int argc;
	char **argv; /* what is left; taken options become NULL */
};

struct cmd {
	const char *name;
	int (*fn)(struct cli *);
	const char *summary;
	const char *usage; /* the --help text after "usage: fangyi " */
};

extern const struct cmd cmds[];

/* cli_take removes "--name VALUE" (or --name=VALUE) and returns VALUE, or NULL. */
const char *cli_take(struct cli *c, const char *name);
/* cli_flag removes "--name" and says whether it was there. */
bool cli_flag(struct cli *c, const char *name);
/* cli_next returns the next positional argument, or NULL. */
const char *cli_next(struct cli *c);
/* cli_done fails (message, returns 2) when unknown arguments are left. */
int cli_done(struct cli *c, const char *cmd);
/* cli_open_db opens c->db with nconn connections, printing what to do on failure. */
int cli_open_db(struct cli *c, int nconn, struct db **ret);
/* cli_create opens path for writing what the town must keep to itself (a report, logins):
 * created or truncated, mode 0600 whatever the umask.  NULL with errno on failure. */
FILE *cli_create(const char *path);
/* cli_slurp reads a whole file, NUL-terminated, into memory the caller frees; *ret_n its
 * length.  NULL when it cannot be read. */
char *cli_slurp(const char *path, size_t *ret_n);
/* cli_fail prints "fangyi CMD: message" and returns 1. */
int cli_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_serve(struct cli *);
int cmd_init(struct cli *);
int cmd_demo(struct cli *);
int cmd_user(struct cli *);
int cmd_import(struct cli *);
int cmd_backup(struct cli *);
int cmd_restore(struct cli *);
int cmd_version(struct cli *);
int cmd_routes(struct cli *);
int cmd_report(struct cli *);
int cmd_purge(struct cli *);
int cmd_audit(struct cli *);
int cmd_match(struct cli *);

#endif
