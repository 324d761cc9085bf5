/* db_gathering.h: gatherings (weddings and funerals), their outcomes and figures. */
#ifndef FANGYI_DB_GATHERING_H
#define FANGYI_DB_GATHERING_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h: strings in the arena, 0 or enum err, ret_* on success. */

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
