/* cmd_match.c: fangyi match FILE: a list from higher authorities matched against the registry
 * on the command line, with a progress line, as the UI's upload does in the background. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "db.h"
#include "db_registry.h"
#include "role.h"
#include "svc_list.h"

struct progress {
	struct timespec t0;
	bool tty;
	int last; /* the last tenth of a percent shown */
};

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A line on stderr as rows are written: redrawn in place on a terminal, every 10% otherwise. */
static void
show(void *arg, size_t done, size_t total)
{
	struct progress *p = arg;
	int permille = total ? (int)(done * 1000 / total) : 1000;

	if (p->tty ? permille == p->last : permille / 100 == p->last / 100 && done != total)
		return;
	p->last = permille;
	fprintf(stderr, "%s%zu / %zu rows (%d%%), %.1f s%s", p->tty ? "\r" : "", done, total,
		permille / 10, seconds_since(&p->t0), p->tty ? "" : "\n");
	if (p->tty && done == total)
		fputc('\n', stderr);
}

static void
print_summary(bool json, const char *file, int64_t id, size_t rows, const size_t n[MATCH__MAX],
	      size_t records, int64_t tasks, int64_t registered, bool dry, bool existing, double secs)
{
	int c;

	if (json) {
		json_t *o = json_pack("{s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:f}", "file", file, "dry_run",
				      dry, "existing", existing, "rows", (json_int_t)rows, "records",
				      (json_int_t)records, "tasks", (json_int_t)tasks, "registered",
				      (json_int_t)registered, "seconds", secs);

		for (c = 0; c < MATCH__MAX; c++)
			json_object_set_new(o, match_class_word(c), json_integer((json_int_t)n[c]));
		json_object_set_new(o, "list_id", id ? json_integer(id) : json_null());
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(o);
		return;
	}
	printf("fangyi: %s%s: %zu rows in %.2f s%s\n", dry ? "dry run of " : "matched ", file, rows, secs,
	       existing ? " (this file was received before: nothing changed)" : "");
	for (c = 0; c < MATCH__MAX; c++)
		printf("  %-20s %8zu  %s\n", match_class_word(c), n[c],
		       svc_list_class_zh(match_class_word(c)));
	if (!dry)
		printf("  list #%lld: %zu people, %lld tasks opened, %lld registered for observation\n",
		       (long long)id, records, (long long)tasks, (long long)registered);
	else
		printf("  %zu people\n", records);
}

int
cmd_match(struct cli *c)
{
	const char *file = cli_next(c), *name = cli_take(c, "--name"), *source = cli_take(c, "--source"),
		   *received = cli_take(c, "--received"), *area = cli_take(c, "--area"),
		   *sheet = cli_take(c, "--sheet");
	bool dry = cli_flag(c, "--dry-run"), json = cli_flag(c, "--json"),
	     high = cli_flag(c, "--high-risk"), timing = cli_flag(c, "--timing");
	struct svc_list_times tm = {0};
	double t_read = 0;
	struct svc_list_file f;
	struct svc_list_in in = {0};
	struct progress pg = {.last = -1};
	struct fault fl = {0};
	struct list_batch b;
	struct db *db;
	struct dbc *dc;
	struct arena *a;
	struct svc s;
	size_t n = 0, counts[MATCH__MAX] = {0};
	bool existing = false;
	char *data;
	int rc, k;

	if ((rc = cli_done(c, "match")))
		return rc;
	if (file == NULL)
		return cli_fail("match", "usage: fangyi match FILE [--sheet NAME] [--name NAME] "
					 "[--source NAME] [--received YYYY-MM-DD] [--high-risk] [--area AREA] "
					 "[--dry-run] [--json] [--timing]");
	if ((data = cli_slurp(file, &n)) == NULL)
		return cli_fail("match", "cannot read %s", file);
	if (cli_open_db(c, 1, &db)) {
		free(data);
		return 1;
	}
	dc = db_acquire(db);
	a = arena_new();
	clock_gettime(CLOCK_MONOTONIC, &pg.t0);
	pg.tty = isatty(2);
	svc_local(&s, dc, a, &fl);
	if (area) {
		struct area ar;

		if ((rc = db_area_find(dc, a, area, &ar, &fl)))
			goto fail;
		s.scope = arena_strndup(a, ar.code, (size_t)area_scope_len(ar.level));
	}
	/* the first sheet of a workbook unless one is named */
	if ((rc = svc_list_read(&s, data, n, sheet, &f)))
		goto fail;
	t_read = seconds_since(&pg.t0);
	if (dry) {
		struct svc_list_summary sum;

		if ((rc = svc_list_dry(&s, &f, &sum)))
			goto fail;
		print_summary(json, file, 0, sum.rows, sum.n, sum.records, 0, 0, true, false,
			      seconds_since(&pg.t0));
		goto out;
	}
	/* the list's name is the file's, unless given */
	in.name = name ? name : strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	in.source = source ? source : "命令行";
	in.received_on = received;
	in.high_risk = high;
	if ((rc = dbc_begin(dc)) || (rc = svc_list_create(&s, &in, &f, &b, &existing)) ||
	    (rc = dbc_commit(dc)))
		goto fail;
	if (!existing && (rc = svc_list_match(&s, b.id, &f, json ? NULL : show, &pg, &tm)))
		goto fail;
	/* where the time went, on stderr: for the benchmark, beside the summary */
	if (timing)
		fprintf(stderr,
			"timing: read %.2f s, index %.2f s, classify %.2f s, store %.2f s "
			"(of which leads %.2f s)\n",
			t_read, tm.index, tm.classify, tm.store, tm.leads);
	if ((rc = db_list_get(dc, a, b.id, &b)))
		goto fail;
	for (k = 0; k < MATCH__MAX; k++)
		counts[k] = (size_t)b.n[k];
	{
		/* people: every row but the repeats, the refused and the unmatched folded per person */
		size_t people = (size_t)(b.n[MATCH_WATCHED] + b.n[MATCH_FOUND] + b.n[MATCH_POSSIBLE] +
					 b.n[MATCH_NOT_FOUND]);

		print_summary(json, file, b.id, (size_t)b.rows_done, counts, people, b.tasks,
			      b.registered, false, existing, seconds_since(&pg.t0));
	}
	goto out;
fail:
	dbc_rollback(dc);
	rc = cli_fail("match", "%s / %s", fl.en[0] ? fl.en : err_en(rc), fl.zh[0] ? fl.zh : err_zh(rc));
out:
	arena_free(a);
	db_release(dc);
	db_close(db);
	free(data);
	return rc;
}
