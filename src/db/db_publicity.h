/* db_publicity.h: publicity actions, the areas and households they reach, their counts, and
 * their photos (db_photo.c). */
#ifndef FANGYI_DB_PUBLICITY_H
#define FANGYI_DB_PUBLICITY_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h: strings in the arena, 0 or enum err, ret_* on success. */

struct sweep_pending; /* db_sweep.h: the uncovered list's rows are households like the sweep's */

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

#endif
