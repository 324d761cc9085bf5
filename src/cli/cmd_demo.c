/* cmd_demo.c: fangyi demo: the demo town with fictional residents in the middle of its work (dated
 * from today: FANGYI_CLOCK or the real clock), and one login per role. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "cli.h"
#include "db_registry.h"

int
cmd_demo(struct cli *c)
{
	const char *people = cli_take(c, "--people"), *seed = cli_take(c, "--seed");
	const char *logfile = cli_take(c, "--logins"), *towns = cli_take(c, "--towns");
	FILE *fp = stdout;
	struct demo_login logins[24];
	struct db *db;
	struct dbc *dc;
	struct fault f = {0};
	int n = 0, rc, i, np = people ? atoi(people) : 30000, nt = towns ? atoi(towns) : 1;
	struct timespec t0, t1;

	if ((rc = cli_done(c, "demo")))
		return rc;
	if (np < 10 || np > 5000000)
		return cli_fail("demo", "--people must be 10 to 5,000,000");
	if (nt < 1 || nt > 12)
		return cli_fail("demo", "--towns must be 1 to 12 (鹤岭镇 and the other towns and streets "
					"of 雨湖区)\n        --towns 应为 1 到 12");
	/* the passwords are written to a file for its owner only (0600), never left to the umask */
	if (logfile && (fp = cli_create(logfile)) == NULL)
		return cli_fail("demo", "cannot write the logins to %s: %s", logfile, strerror(errno));
	if (cli_open_db(c, 1, &db)) {
		if (fp != stdout)
			fclose(fp);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dc = db_acquire(db);
	rc = demo_build(dc, np, nt, seed ? (unsigned)atoi(seed) : 0, logins, &n, &f);
	db_release(dc);
	db_close(db);
	if (rc) {
		if (fp != stdout)
			fclose(fp);
		return cli_fail("demo", "%s\n        %s", f.en[0] ? f.en : err_en(rc),
				f.zh[0] ? f.zh : err_zh(rc));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (nt > 1)
		fprintf(fp, "fangyi: demo district 雨湖区 of %d towns built in %s: 鹤岭镇 with %d "
			    "fictional residents, the others with %d each, in %.1f s\n",
			nt, c->db, np, np / 4 < 30 ? 30 : np / 4,
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	else
		fprintf(fp, "fangyi: demo town 鹤岭镇 built in %s: %d fictional residents in %.1f s\n",
			c->db, np,
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	fprintf(fp, "demo logins (passwords are shown only now):\n");
	for (i = 0; i < n; i++)
		fprintf(fp, "  %-11s %-18s %-10s %s\n", logins[i].username, logins[i].password,
			logins[i].role, logins[i].area);
	/* the other grid workers and doctors are named on key persons and tasks; nobody knows
	 * their passwords until one is set */
	fprintf(fp, "the other staff (hongqi.grid1 ... qunli.grid6, hongqi.doctor ... qunli.doctor)\n"
		    "have no password anybody knows: give one with `fangyi user passwd NAME`\n");
	if (fp != stdout && fclose(fp) != 0)
		return cli_fail("demo", "cannot write the logins to %s: %s", logfile, strerror(errno));
	if (fp != stdout)
		printf("fangyi: demo town built in %s; its logins are in %s (readable only by you)\n",
		       c->db, logfile);
	return 0;
}
