/* main.c: fangyi's entry point: global options, then one subcommand from the table. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "clock.h"

const struct cmd cmds[] = {
	{"serve", cmd_serve, "serve the web UI and the JSON API",
	 "serve [--db URL] [--listen HOST:PORT] [--threads N] [--web DIR] [--tz ZONE]"},
	{"init", cmd_init, "create a new town database and its first administrator",
	 "init --town-code CODE --town-name NAME [--district-code CODE --district-name NAME] [--db URL]"},
	{"demo", cmd_demo, "build the demo town (鹤岭镇) with fictional residents",
	 "demo [--people N] [--seed S] [--db URL]"},
	{"user", cmd_user, "add, list, disable users or change a password",
	 "user add NAME --role ROLE --area AREA [--display-name TEXT] [--phone PHONE] [--password-stdin]\n"
	 "       fangyi user passwd NAME [--password-stdin]\n"
	 "       fangyi user list\n"
	 "       fangyi user disable NAME | fangyi user enable NAME"},
	{"import", cmd_import, "import residents, or a list of key persons, from a CSV file (Excel, GBK or UTF-8)",
	 "import residents|key-persons FILE [--dry-run] [--area AREA] [--db URL]"},
	{"backup", cmd_backup, "write a consistent copy of the database",
	 "backup FILE [--db URL]"},
	{"report", cmd_report, "the daily dispatch report (调度日报) as JSON, HTML or xlsx",
	 "report daily [--date YYYY-MM-DD] [--format json|html|xlsx] [--out FILE] [--db URL]"},
	{"audit", cmd_audit, "check that the audit log is whole, or find the row behind an export's serial",
	 "audit verify [--json] [--db URL]\n"
	 "       fangyi audit show SERIAL [--json] [--db URL]\n\n"
	 "verify walks the hash chain of the audit log in order and reports the first row that was\n"
	 "changed, deleted, inserted or moved, or blanked without a purge covering it (exit status 1);\n"
	 "when the log is whole it prints the number of rows and the head hash: write that down\n"
	 "somewhere the database's administrator cannot reach, and compare it next time.\n"
	 "show prints who exported what and when for the serial printed on an exported file (EX-...)."},
	{"version", cmd_version, "print the version and schema", "version"},
	{"routes", cmd_routes, "list the HTTP routes and their permissions", "routes"},
	{NULL, NULL, NULL, NULL},
};

static void
usage(FILE *fp)
{
	int i;

	fprintf(fp, "fangyi %s: the command system of a town's epidemic prevention post (防疫)\n\n"
		    "usage: fangyi COMMAND [OPTIONS]\n\ncommands:\n", FANGYI_VERSION);
	for (i = 0; cmds[i].name; i++)
		fprintf(fp, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(fp, "\nglobal options (flag, then environment, then default):\n"
		    "  --db URL          FANGYI_DB      ./fangyi.db  (a path, sqlite:PATH or postgresql://...)\n"
		    "  --listen ADDR     FANGYI_LISTEN  127.0.0.1:8080\n"
		    "  --tz ZONE         FANGYI_TZ      Asia/Shanghai (the town's day)\n"
		    "\n'fangyi COMMAND --help' tells more.\n");
}

static const char *
env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

int
main(int argc, char **argv)
{
	struct cli c;
	const struct cmd *cmd = NULL;
	const char *v;
	int i;

	if (sodium_init() < 0) {
		fputs("fangyi: libsodium failed to start\n", stderr);
		return 1;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		argv[1] = "version";
	for (i = 0; cmds[i].name; i++)
		if (strcmp(cmds[i].name, argv[1]) == 0)
			cmd = &cmds[i];
	if (cmd == NULL) {
		fprintf(stderr, "fangyi: unknown command '%s' (see 'fangyi --help')\n", argv[1]);
		return 2;
	}
	c.argc = argc - 2;
	c.argv = argv + 2;
	for (i = 0; i < c.argc; i++)
		if (c.argv[i] && (strcmp(c.argv[i], "--help") == 0 || strcmp(c.argv[i], "-h") == 0)) {
			printf("usage: fangyi %s\n\n%s\n", cmd->usage, cmd->summary);
			return 0;
		}
	c.db = (v = cli_take(&c, "--db")) ? v : env_or("FANGYI_DB", "fangyi.db");
	c.listen = (v = cli_take(&c, "--listen")) ? v : env_or("FANGYI_LISTEN", "127.0.0.1:8080");
	c.tz = (v = cli_take(&c, "--tz")) ? v : env_or("FANGYI_TZ", "Asia/Shanghai");
	if (clock_set_tz(c.tz) != 0) {
		fprintf(stderr, "fangyi: unknown time zone '%s' (e.g. Asia/Shanghai; see /usr/share/zoneinfo)\n",
			c.tz);
		return 2;
	}
	return cmd->fn(&c);
}
