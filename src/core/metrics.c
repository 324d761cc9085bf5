/* metrics.c: counters and histograms in memory, moved by relaxed atomic adds, and their text for
 * Prometheus (the text exposition format 0.0.4: HELP and TYPE lines, escaped label values,
 * cumulative _bucket{le}, _sum and _count for a histogram, _total for a counter). */
#include <stdlib.h>
#include <time.h>

#include "buf.h"
#include "err.h"
#include "metrics.h"

#define ADD(p, n) __atomic_fetch_add((p), (n), __ATOMIC_RELAXED)
#define GET(p) __atomic_load_n((p), __ATOMIC_RELAXED)

/*
 * A histogram keeps one count per bucket, not cumulative: an observation moves one bucket and
 * the sum.  The count is not kept apart but added up from the buckets when rendered, so the
 * +Inf bucket and _count always agree however the reads interleave with writers.
 */
#define HIST_MAX 16

struct hist_def {
	int n;			   /* bounds, the +Inf bucket not counted */
	const uint64_t *bounds;	   /* upper bounds, in the unit observed */
	double scale;		   /* the unit in what is rendered: 1e-6 for microseconds as seconds */
};

struct hist {
	uint64_t b[HIST_MAX + 1];
	uint64_t sum;
};

/* request latency: 1 ms to 10 s */
static const uint64_t latency_us[] = {1000,   2500,   5000,    10000,   25000,   50000,  100000,
				      250000, 500000, 1000000, 2500000, 5000000, 10000000};
static const struct hist_def latency = {13, latency_us, 1e-6};
/* waiting for a connection of the pool: 10 µs to 1 s */
static const uint64_t wait_us[] = {10, 100, 1000, 10000, 100000, 1000000};
static const struct hist_def pool_wait = {6, wait_us, 1e-6};
/* write transactions carried by one COMMIT: up to GROUP_MAX (256) */
static const uint64_t txs_n[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};
static const struct hist_def group_txs = {9, txs_n, 1};

static void
hist_observe(const struct hist_def *d, struct hist *h, uint64_t v)
{
	int i = 0;

	while (i < d->n && v > d->bounds[i])
		i++;
	ADD(&h->b[i], 1);
	ADD(&h->sum, v);
}

/* The statuses fangyi sends, each a counter of its own; anything else is counted as "other". */
static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405,
			       409, 410, 413, 414, 415, 422, 429, 431, 500, 503, 505};
#define NSTATUS ((int)(sizeof(statuses) / sizeof(statuses[0])) + 1)

struct req_row {
	const char *pattern, *method;
	uint64_t status[NSTATUS];
	struct hist latency;
};

static const char *const method_names[MM__MAX] = {"GET", "POST", "PATCH", "PUT", "DELETE", "OTHER"};

/* the routes, then one row per method for requests that matched none */
static struct req_row *rows;
static int nroutes;

static struct hist commit_txs;
static uint64_t commits;
static struct hist wait;
static int64_t list_jobs;
static int64_t backup_ok_at, backup_failed_at;
static int64_t started_at;

int
metrics_routes(const struct metrics_route *v, int n)
{
	struct req_row *r = calloc((size_t)n + MM__MAX, sizeof(*r));
	int i;

	if (r == NULL)
		return ERR_NOMEM;
	for (i = 0; i < n; i++) {
		r[i].pattern = v[i].pattern;
		r[i].method = v[i].method;
	}
	for (i = 0; i < MM__MAX; i++) {
		r[n + i].pattern = "unmatched";
		r[n + i].method = method_names[i];
	}
	started_at = (int64_t)time(NULL);
	nroutes = n;
	rows = r;
	return 0;
}

void
metrics_request(int route, enum metrics_method method, int status, uint64_t usec)
{
	struct req_row *r;
	int s = 0;

	if (rows == NULL)
		return;
	if (route < 0 || route >= nroutes)
		r = &rows[nroutes + (method < MM__MAX ? method : MM_OTHER)];
	else
		r = &rows[route];
	while (s < NSTATUS - 1 && statuses[s] != status)
		s++;
	ADD(&r->status[s], 1);
	hist_observe(&latency, &r->latency, usec);
}

void
metrics_group_commit(int ntx)
{
	ADD(&commits, 1);
	hist_observe(&group_txs, &commit_txs, (uint64_t)(ntx > 0 ? ntx : 0));
}

void
metrics_pool_wait(uint64_t usec)
{
	hist_observe(&pool_wait, &wait, usec);
}

void
metrics_list_jobs(int delta)
{
	ADD(&list_jobs, delta);
}

void
metrics_backup(bool ok, int64_t at)
{
	__atomic_store_n(ok ? &backup_ok_at : &backup_failed_at, at, __ATOMIC_RELAXED);
}

/* A label's value, escaped as the format wants: backslash, double quote and line feed. */
static void
label(struct buf *b, const char *name, const char *value, bool more)
{
	buf_adds(b, name);
	buf_adds(b, "=\"");
	for (; *value; value++) {
		if (*value == '\\' || *value == '"')
			buf_addc(b, '\\'), buf_addc(b, *value);
		else if (*value == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *value);
	}
	buf_adds(b, more ? "\"," : "\"");
}

static void
head(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One histogram's lines; labels is the text inside the braces before le ("" for none). */
static void
hist_render(struct buf *b, const char *name, const char *labels, const struct hist_def *d,
	    const struct hist *h)
{
	uint64_t cum = 0;
	const char *sep = labels[0] ? "," : "";
	int i;

	for (i = 0; i <= d->n; i++) {
		cum += GET(&h->b[i]);
		if (i < d->n)
			buf_addf(b, "%s_bucket{%s%sle=\"%.9g\"} %llu\n", name, labels, sep,
				 (double)d->bounds[i] * d->scale, (unsigned long long)cum);
		else
			buf_addf(b, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
				 (unsigned long long)cum);
	}
	buf_addf(b, "%s_sum%s%s%s %.9g\n", name, labels[0] ? "{" : "", labels, labels[0] ? "}" : "",
		 (double)GET(&h->sum) * d->scale);
	buf_addf(b, "%s_count%s%s%s %llu\n", name, labels[0] ? "{" : "", labels,
		 labels[0] ? "}" : "", (unsigned long long)cum);
}

static uint64_t
hist_count(const struct hist *h)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i <= HIST_MAX; i++)
		n += GET(&h->b[i]);
	return n;
}

/* The request families: only the rows that have seen a request, so the page stays short. */
static void
render_requests(struct buf *b)
{
	struct buf lb = {0};
	int i, s;

	head(b, "fangyi_http_requests_total", "counter",
	     "API requests answered, by route pattern, method and status.");
	for (i = 0; rows && i < nroutes + MM__MAX; i++)
		for (s = 0; s < NSTATUS; s++) {
			uint64_t n = GET(&rows[i].status[s]);

			if (n == 0)
				continue;
			buf_adds(b, "fangyi_http_requests_total{");
			label(b, "route", rows[i].pattern, true);
			label(b, "method", rows[i].method, true);
			if (s < NSTATUS - 1)
				buf_addf(b, "status=\"%d\"", statuses[s]);
			else
				buf_adds(b, "status=\"other\"");
			buf_addf(b, "} %llu\n", (unsigned long long)n);
		}
	head(b, "fangyi_http_request_duration_seconds", "histogram",
	     "Time from an API request's arrival to its answer, by route pattern and method.");
	for (i = 0; rows && i < nroutes + MM__MAX; i++) {
		if (hist_count(&rows[i].latency) == 0)
			continue;
		buf_reset(&lb);
		label(&lb, "route", rows[i].pattern, true);
		label(&lb, "method", rows[i].method, false);
		hist_render(b, "fangyi_http_request_duration_seconds", lb.p, &latency,
			    &rows[i].latency);
	}
	buf_free(&lb);
}

void
metrics_render(struct buf *b)
{
	render_requests(b);
	head(b, "fangyi_db_group_commits_total", "counter",
	     "Shared COMMITs of SQLite's group commit (each carries one or more write transactions).");
	buf_addf(b, "fangyi_db_group_commits_total %llu\n", (unsigned long long)GET(&commits));
	head(b, "fangyi_db_group_commit_transactions", "histogram",
	     "Write transactions carried by one shared COMMIT.");
	hist_render(b, "fangyi_db_group_commit_transactions", "", &group_txs, &commit_txs);
	head(b, "fangyi_db_pool_wait_seconds", "histogram",
	     "Time a request waited for a database connection of the pool.");
	hist_render(b, "fangyi_db_pool_wait_seconds", "", &pool_wait, &wait);
	head(b, "fangyi_list_jobs_running", "gauge",
	     "Lists from higher authorities being matched in the background.");
	buf_addf(b, "fangyi_list_jobs_running %lld\n", (long long)GET(&list_jobs));
	head(b, "fangyi_backup_last_success_timestamp_seconds", "gauge",
	     "Unix time of the last scheduled backup that was written (0: none).");
	buf_addf(b, "fangyi_backup_last_success_timestamp_seconds %lld\n",
		 (long long)GET(&backup_ok_at));
	head(b, "fangyi_backup_last_failure_timestamp_seconds", "gauge",
	     "Unix time of the last scheduled backup that failed (0: none since the server started).");
	buf_addf(b, "fangyi_backup_last_failure_timestamp_seconds %lld\n",
		 (long long)GET(&backup_failed_at));
	head(b, "process_start_time_seconds", "gauge", "Unix time the server started.");
	buf_addf(b, "process_start_time_seconds %lld\n", (long long)started_at);
}
