/* db_tip.h: tip-offs from the public, their tracking codes and triage. */
#ifndef FANGYI_DB_TIP_H
#define FANGYI_DB_TIP_H

#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h. */

struct tip {
	int64_t id;
	char *code, *kind, *area_code, *area_name, *village_name, *address, *happened, *description;
	char *reporter_name, *reporter_phone; /* NULL when anonymous */
	int anonymous;
	char *status, *triage;
	int64_t duplicate_of, task_id;
	char *public_result;
	int64_t created_at, handled_at;
};

int db_tip_insert(struct dbc *c, struct tip *t); /* sets t->id */
int db_tip_get(struct dbc *c, struct arena *a, int64_t id, struct tip *ret);
int db_tip_by_code(struct dbc *c, struct arena *a, const char *code, struct tip *ret);
int db_tip_update(struct dbc *c, const struct tip *t); /* status, triage, links, result */
int db_tip_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret);
int db_tip_list(struct dbc *c, struct arena *a, const char *scope, const char *status, int limit,
		int offset, struct tip **ret, int *ret_n, int64_t *ret_total);
/* db_tip_by_task: the tip a task came from; ERR_NOTFOUND when none. */
int db_tip_by_task(struct dbc *c, struct arena *a, int64_t task_id, struct tip *ret);
/* db_tip_range: tips in scope received in [t0, t1), or handled in it. */
int db_tip_range(struct dbc *c, struct arena *a, const char *scope, int64_t t0, int64_t t1,
		 struct tip **ret, int *ret_n);

#endif
