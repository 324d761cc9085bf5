/* main.c: fangyi's entry point: global options, then one subcommand from the table. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "clock.h"

const struct cmd cmds[] = {
	{"serve", cmd_serve, "serve the web UI and the JSON API",
	 "serve [--db URL] [--listen HOST:PORT] [--threads N] [--web DIR] [--tz ZONE]\n"
	 "             [--public-url URL] [--trusted-proxy ADDR[,ADDR...]] [--spool DIR]\n"
	 "             [--log-format text|json] [--metrics-token-file FILE]\n\n"
	 "  --public-url URL     FANGYI_PUBLIC_URL     how users reach fangyi; https://... makes the\n"
	 "                                             session cookie Secure (TLS ended by a proxy)\n"
	 "  --trusted-proxy ADDR FANGYI_TRUSTED_PROXY  proxies (addresses or ADDR/BITS, comma-separated)\n"
	 "                                             whose X-Forwarded-For names the client and whose\n"
	 "                                             X-Forwarded-Proto: https makes the cookie Secure;\n"
	 "                                             anyone else's forwarding headers are ignored\n"
	 "  --spool DIR          FANGYI_SPOOL          where uploads (registers, lists) are written as\n"
	 "                                             they arrive, up to 1 GiB each, and where lists\n"
	 "                                             are kept for their jobs (DIR/lists/); made 0700.\n"
	 "                                             Default: DB.spool beside a SQLite database; with\n"
	 "                                             PostgreSQL $TMPDIR/fangyi-spool.PID (a tmpfs\n"
	 "                                             /tmp is memory: give a directory on a disk)\n"
	 "  --log-format FMT     FANGYI_LOG_FORMAT     text (default) or json: one object a line, for\n"
	 "                                             a log collector. Every API request is a line:\n"
	 "                                             method, route pattern, status, ms, user id\n"
	 "  --metrics-token-file FILE                  /metrics (Prometheus) is read from a loopback\n"
	 "                                             peer; with this, also with 'Authorization:\n"
	 "                                             Bearer TOKEN', TOKEN the file's first line"},
	{"init", cmd_init, "create a new town database and its first administrator, or add a town to its district's",
	 "init --town-code CODE --town-name NAME [--district-code CODE --district-name NAME] [--admin NAME]\n"
	 "            [--db URL]\n\n"
	 "A database holds one district: a town of the same district is added beside the first, with its\n"
	 "own administrator (admin, then admin.<the town's 3 digits>: admin.101 for 430302101000, or\n"
	 "--admin NAME).  A code that is not a town's, a town already there or one of another district\n"
	 "is refused."},
	{"demo", cmd_demo, "build the demo town (鹤岭镇), or a district of towns, with fictional residents",
	 "demo [--people N] [--towns N] [--seed S] [--logins FILE] [--db URL]\n\n"
	 "  --towns N      a district (雨湖区) of N towns, 1 to 12: 鹤岭镇 with every module at work,\n"
	 "                 the others with villages, residents (N/4 of --people each), key persons and\n"
	 "                 the district command's tasks; the district command's login is printed too\n"
	 "  --logins FILE  write the demo logins and their passwords to FILE (mode 0600) instead of\n"
	 "                 printing them"},
	{"user", cmd_user, "add, list, disable users or change a password",
	 "user add NAME --role ROLE --area AREA [--display-name TEXT] [--phone PHONE] [--password-stdin]\n"
	 "       fangyi user passwd NAME [--password-stdin]\n"
	 "       fangyi user list\n"
	 "       fangyi user disable NAME | fangyi user enable NAME"},
	{"import", cmd_import, "import residents, or a list of key persons, from a CSV file (Excel, GBK or UTF-8)",
	 "import residents|key-persons FILE [--sheet NAME] [--dry-run] [--area AREA] [--db URL]\n\n"
	 "  --sheet NAME  read the sheet of this name of an .xlsx or .xls (the first one otherwise);\n"
	 "                a name the workbook does not have, or any for a CSV, is refused with the\n"
	 "                workbook's sheets listed"},
	{"match", cmd_match, "match a list from higher authorities (大数据名单) against the registry",
	 "match FILE [--sheet NAME] [--name NAME] [--source NAME] [--received YYYY-MM-DD] [--high-risk]\n"
	 "             [--area AREA] [--dry-run] [--json] [--timing] [--db URL]\n\n"
	 "Reads the list (.xlsx, .xls or CSV: columns 身份证号, 手机号, 姓名, 出生日期, 抵达日期,\n"
	 "离开日期, 来源地, 备注, found by their names), matches every row against the registry of the\n"
	 "town (or of --area) and stores the verdicts: a person in the registry gets one task for their\n"
	 "grid worker (a --high-risk list registers them for observation at once), a person already\n"
	 "watched gets the list on their timeline, possible matches wait for a clerk in the UI.  The\n"
	 "same file again changes nothing.  A progress line goes to stderr.\n"
	 "  --sheet NAME  the sheet of an .xlsx or .xls to read (the first one otherwise); a name the\n"
	 "             workbook does not have, or any for a CSV, is refused with its sheets listed\n"
	 "  --dry-run  class the rows, store nothing\n"
	 "  --json     print one summary object: rows, already_watched, found, possible, not_found,\n"
	 "             refused, duplicates_in_list (each a count of rows; they add up to rows)\n"
	 "  --timing   print where the time went on stderr: read, index, classify, store (and of\n"
	 "             that, what the rows lead to: tasks, timelines)"},
	{"backup", cmd_backup, "write a consistent copy of the database",
	 "backup FILE [--db URL]"},
	{"restore", cmd_restore, "put a SQLite database back from a backup, checked first",
	 "restore BACKUP --db FILE [--force]\n\n"
	 "Checks the backup (PRAGMA integrity_check, a fangyi schema no newer than this binary), then\n"
	 "writes it in place of FILE.  An existing FILE is replaced only with --force, and never\n"
	 "while fangyi serve (or another fangyi command) has it open: stop the server first.\n"
	 "PostgreSQL is restored with its own tools (pg_restore)."},
	{"report", cmd_report, "the daily dispatch report (调度日报) as JSON, HTML or xlsx (the district's town by town)",
	 "report daily [--date YYYY-MM-DD] [--format json|html|xlsx] [--out FILE] [--db URL]"},
	{"purge", cmd_purge, "remove the personal data of the epidemic's work dated before a day (PIPL)",
	 "purge --before YYYY-MM-DD [--dry-run] [--registry] [--json] [--db URL] [--tz ZONE]\n\n"
	 "Removes or anonymises every column that identifies a resident (names, ID numbers, phones,\n"
	 "addresses, plates, free text, links to the registry) in the records dated before the town's\n"
	 "local day DATE: monitoring, health checks, alerts, screenings, tips, tasks, visits,\n"
	 "gatherings, duty volunteers, publicity photos, idempotency records; the audit keeps who did\n"
	 "what but not to whom.  Counts and figures stay.  Observation periods still active are kept.\n"
	 "On SQLite the file is rebuilt (secure_delete, VACUUM, log emptied) and every backup that\n"
	 "'fangyi backup' recorded is purged the same way, or named as still holding personal data.\n"
	 "  --dry-run   say what would go, change nothing\n"
	 "  --registry  anonymise the registry too: people and households not updated since DATE\n"
	 "              (and not under observation now); area counts stay\n"
	 "  --json      the report as JSON\n"
	 "Exit 1 when copies of the data remain (a pg_dump archive, a log another process holds)."},
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

	/*
	 * Everything fangyi writes holds residents' data or logins: the
	 * database and its -wal and -shm, backups, reports, the demo's
	 * passwords, temporary files, and what pg_dump writes for it.  Files
	 * are created for their owner only (0600, directories 0700) whatever
	 * umask the caller had; the places that create them set 0600 too.
	 */
	umask(077);
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
