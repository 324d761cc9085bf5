/* db_sweep.h: sweep campaigns, rounds, visits and their counters; publicity; gatherings. */
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

/* An area with its own maintained counts (not its subtree's). */
struct area_own {
	char *code, *name;
	int level;
	int64_t persons, households;
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
/* db_area_own: the areas in scope with their own counts, by code. */
int db_area_own(struct dbc *c, struct arena *a, const char *scope, struct area_own **ret, int *ret_n);

/* publicity */
struct publicity {
	int64_t id;
	char *kind, *area_code, *area_name, *title, *happened_on;
	int64_t quantity;
	char *route, *note;
	int64_t households;
	int64_t user_id;
	char *username;
	int64_t created_at;
	int64_t photos; /* how many photos it has */
};

struct publicity_count {
	char *area_code;
	int64_t cover_actions, households_listed;
};

int db_publicity_insert(struct dbc *c, struct publicity *p); /* sets p->id */
int db_publicity_get(struct dbc *c, struct arena *a, int64_t id, struct publicity *ret);
int db_publicity_set_households(struct dbc *c, int64_t id, int64_t n);
int db_publicity_list(struct dbc *c, struct arena *a, const char *scope, const char *kind,
		      int limit, int offset, struct publicity **ret, int *ret_n, int64_t *ret_total);
int db_publicity_cover_add(struct dbc *c, int64_t id, const char *area_code);
int db_publicity_covers(struct dbc *c, struct arena *a, int64_t id, char ***ret, int *ret_n);
/* db_publicity_reach_add lists a household on an action; *ret_first is 1 when
 * no action had reached it before (it then counts in its area). */
int db_publicity_reach_add(struct dbc *c, int64_t id, int64_t household, const char *area_code,
			   int *ret_first);
/* db_publicity_reaches: whether a channel reaches the household of area_code (listed, or its
 * area covered whole). */
int db_publicity_reaches(struct dbc *c, struct arena *a, int64_t household, const char *area_code,
			 bool *ret);
int db_publicity_count_add(struct dbc *c, const char *area_code, int64_t cover_actions,
			   int64_t households_listed);
int db_publicity_counts(struct dbc *c, struct arena *a, const char *scope,
			struct publicity_count **ret, int *ret_n);
/* db_publicity_uncovered: households in scope that no action reaches yet. */
int db_publicity_uncovered(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
			   struct sweep_pending **ret, int *ret_n, int64_t *ret_total);

/* db_publicity_area_code: the area of an action, in a (ERR_NOTFOUND when there is none). */
int db_publicity_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret);

/* photos of publicity actions (db_photo.c); the bytes live in the database */
struct publicity_photo {
	int64_t id, publicity_id;
	char *content_type;
	int64_t size;
	char *sha256;
	int64_t taken_by, created_at;
	const void *bytes; /* db_publicity_photo_get only, in the arena; else NULL */
};

/* db_publicity_photo_add stores a photo of action p->publicity_id unless the action has max
 * photos already (ERR_TOOBIG, nothing written); sets p->id.  Call it inside a transaction. */
int db_publicity_photo_add(struct dbc *c, struct publicity_photo *p, const char *area_code,
			   const void *bytes, int max);
/* db_publicity_photos: an action's photos without their bytes, oldest first, in a. */
int db_publicity_photos(struct dbc *c, struct arena *a, int64_t publicity, struct publicity_photo **ret,
			int *ret_n);
/* db_publicity_photo_get: one photo of an action with its bytes copied into a; ERR_NOTFOUND
 * when the action has no such photo. */
int db_publicity_photo_get(struct dbc *c, struct arena *a, int64_t publicity, int64_t id,
			   struct publicity_photo *ret);
/* db_publicity_photo_delete removes one photo of an action (ERR_NOTFOUND when it has no such
 * photo). Call it inside a transaction. */
int db_publicity_photo_delete(struct dbc *c, int64_t publicity, int64_t id);

/* gatherings */
struct gathering {
	int64_t id;
	char *kind;
	int64_t host_person_id;
	char *host_name, *host_phone, *area_code, *area_name, *planned_on, *place;
	int64_t expected_guests;
	char *note, *outcome, *postponed_to;
	int64_t guests; /* -1 when not known */
	char *held_reason, *approved_by, *persuaded_by;
	int64_t persuaded_at;
	char *outcome_note;
	int64_t outcome_at, outcome_user_id, created_by, created_at;
};

/* A count of gatherings of one village and one outcome. */
struct gathering_figure {
	char *village_code, *outcome;
	int64_t n, expected, guests;
};

int db_gathering_insert(struct dbc *c, struct gathering *g); /* sets g->id */
int db_gathering_get(struct dbc *c, struct arena *a, int64_t id, struct gathering *ret);
int db_gathering_set_outcome(struct dbc *c, const struct gathering *g);
/* db_gathering_list: in scope, planned within [from, to] ("" for open ends), outcome NULL for all. */
int db_gathering_list(struct dbc *c, struct arena *a, const char *scope, const char *from,
		      const char *to, const char *outcome, int limit, int offset,
		      struct gathering **ret, int *ret_n, int64_t *ret_total);
/* db_gathering_figures counts by village and outcome: gatherings planned within
 * [from, to] and registered before `before`, an outcome counting only when it
 * was recorded before `before` (pending otherwise). */
int db_gathering_figures(struct dbc *c, struct arena *a, const char *scope, const char *from,
			 const char *to, int64_t before, struct gathering_figure **ret, int *ret_n);

#endif
