/* metrics.h: what the server counts in memory, rendered for /metrics in Prometheus's text format. */
#ifndef FANGYI_METRICS_H
#define FANGYI_METRICS_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

/*
 * Every instrument is a process-wide array of 64-bit counters moved with relaxed atomic adds:
 * no lock, no allocation, a few nanoseconds on the hot path.  The layers below the server
 * (db, svc) call the hooks; the server renders them.  Before metrics_routes nothing is kept
 * for requests, and a command that never serves keeps counting for nobody, cheaply.
 */

/* A route the server answers: its pattern ("/api/v1/persons/{id}") and method ("GET"). */
struct metrics_route {
	const char *pattern;
	const char *method;
};

/* metrics_routes sizes the request counters for n routes (the rows are copied, their strings
 * borrowed for the process's life); 0, or ERR_NOMEM.  Called once, by the server, before it
 * answers. */
int metrics_routes(const struct metrics_route *v, int n);

/* The methods of requests that matched no route, as their label (OTHER for anything else). */
enum metrics_method { MM_GET, MM_POST, MM_PATCH, MM_PUT, MM_DELETE, MM_OTHER, MM__MAX };

/*
 * metrics_request counts one answered API request: route is the index given to metrics_routes,
 * or -1 when none matched (then method says which); status the HTTP status sent; usec how
 * long it took from its first byte to its last.
 */
void metrics_request(int route, enum metrics_method method, int status, uint64_t usec);

/* metrics_group_commit counts one shared COMMIT of ntx write transactions (db_group.c). */
void metrics_group_commit(int ntx);
/* metrics_pool_wait counts one connection taken from the pool after waiting usec for it. */
void metrics_pool_wait(uint64_t usec);
/* metrics_list_jobs moves the count of lists being matched in the background by delta. */
void metrics_list_jobs(int delta);
/* metrics_backup records the Unix time of the last backup that succeeded (ok) or failed. */
void metrics_backup(bool ok, int64_t at);

/* metrics_render appends every instrument to b in the text exposition format 0.0.4. */
void metrics_render(struct buf *b);

#endif
