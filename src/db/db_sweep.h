/* db_sweep.h: sweep campaigns, rounds, visits and their counters. */
#ifndef FANGYI_DB_SWEEP_H
#define FANGYI_DB_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h: strings in the arena, 0 or enum err, ret_* on success. */

struct sweep_campaign {
	int64_t id;
	char *name;
	char *scope; /* comma-separated area codes */
	char *starts_on, *ends_on;
	char *questions; /* JSON text */
	int round;
	char *status; /* active, closed */
	int64_t created_by, created_at, updated_at;
	int64_t closed_at; /* when it was closed, 0 while active */
};

struct sweep_round {
	int round;
	char *starts_on, *ends_on;
	int64_t created_at;
};

struct sweep_visit {
	int64_t id, campaign_id;
	int round;
	int64_t household_id;
	char *address, *area_code, *area_name, *village_name;
	char *outcome;
	int64_t visited_at;
	int persons;
	char *answers; /* JSON text */
	char *note, *revisit_on;
	int64_t user_id;
	char *username;
	int64_t created_at;
};

/* A household of the "not yet reached" list: status NULL when never knocked on. */
struct sweep_pending {
	int64_t household_id;
	char *address, *area_code, *area_name, *village_name, *head_name, *head_birth;
	int64_t members;
	char *status;
	int attempts;
	int64_t last_at;
	char *revisit_on;
};

struct sweep_count {
	int round;
	char *area_code;
	int64_t households_reached, persons_reached, not_reached, visits;
};

struct sweep_handoff {
	int64_t id, visit_id, person_id;
	char *person_name, *question, *kind;
	int64_t key_person_id, task_id;
	char *status;
};

int db_sweep_insert(struct dbc *c, struct sweep_campaign *s); /* sets s->id */
int db_sweep_get(struct dbc *c, struct arena *a, int64_t id, struct sweep_campaign *ret);
/* db_sweep_list: every campaign, newest first (a town runs a handful). */
int db_sweep_list(struct dbc *c, struct arena *a, struct sweep_campaign **ret, int *ret_n);
/* db_sweep_update writes name, scope, period, questions, round and status; closing stamps
 * closed_at (kept while it stays closed), anything else clears it. */
int db_sweep_update(struct dbc *c, const struct sweep_campaign *s);
int db_sweep_round_insert(struct dbc *c, int64_t campaign, int round, const char *starts_on,
			  const char *ends_on);
int db_sweep_rounds(struct dbc *c, struct arena *a, int64_t campaign, struct sweep_round **ret,
		    int *ret_n);

int db_sweep_visit_insert(struct dbc *c, struct sweep_visit *v); /* sets v->id */
int db_sweep_visit_get(struct dbc *c, struct arena *a, int64_t id, struct sweep_visit *ret);
/* db_sweep_visits: visits of a campaign in scope (all rounds), newest first;
 * household 0 for all households. */
int db_sweep_visits(struct dbc *c, struct arena *a, int64_t campaign, const char *scope,
		    int64_t household, int limit, int offset, struct sweep_visit **ret, int *ret_n,
		    int64_t *ret_total);
/* db_sweep_household_status: the household's standing in a round; ERR_NOTFOUND when
 * nobody has knocked yet. */
int db_sweep_household_status(struct dbc *c, struct arena *a, int64_t campaign, int round,
			      int64_t household, char **ret);
int db_sweep_household_put(struct dbc *c, int64_t campaign, int round, int64_t household,
			   const char *area_code, const char *status, int64_t visit, int64_t at,
			   const char *revisit_on);
/* db_sweep_person_seen records a person seen in a round: *ret_new 1 the first time, else 0. */
int db_sweep_person_seen(struct dbc *c, int64_t campaign, int round, int64_t person, int64_t visit,
			 int *ret_new);
/* db_sweep_count_add moves the counters of one area in one round, and by as much their row of
 * today, the day the change is recorded, in sweep_coverage_day. */
int db_sweep_count_add(struct dbc *c, int64_t campaign, int round, const char *area_code,
		       int64_t households, int64_t persons, int64_t not_reached, int64_t visits);
/* db_sweep_counts: the counter rows of a campaign in scope, every round. */
int db_sweep_counts(struct dbc *c, struct arena *a, int64_t campaign, const char *scope,
		    struct sweep_count **ret, int *ret_n);
/* db_sweep_counts_after: the changes of the counters of a campaign in scope recorded on the
 * local day starting at `day` and after it, summed per round and area (by round, code). */
int db_sweep_counts_after(struct dbc *c, struct arena *a, int64_t campaign, const char *scope,
			  int64_t day, struct sweep_count **ret, int *ret_n);
/* db_sweep_pending: households in scope not reached in the round, by area and id. */
int db_sweep_pending(struct dbc *c, struct arena *a, int64_t campaign, int round, const char *scope,
		     int limit, int offset, struct sweep_pending **ret, int *ret_n, int64_t *ret_total);
int db_sweep_handoff_insert(struct dbc *c, struct sweep_handoff *h); /* sets h->id */
int db_sweep_handoffs(struct dbc *c, struct arena *a, int64_t visit, struct sweep_handoff **ret,
		      int *ret_n);

/* The sweep module's other two families, for the callers that include this header for all three. */
#include "db_gathering.h"
#include "db_publicity.h"

#endif
