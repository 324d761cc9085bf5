/* db_screening.h: checkpoint screenings, the people screened and their hand-offs, and the
 * counters per post-hour and per shift. */
#ifndef FANGYI_DB_SCREENING_H
#define FANGYI_DB_SCREENING_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h: strings in the arena, 0 or enum err, ret_* on success. */

struct screen_counts {
	int64_t vehicles, pedestrians, people, abnormal, high_risk, handoffs;
};

/* screen_counts_add adds b's counts to a (a post's hours into its day, posts into the town). */
void screen_counts_add(struct screen_counts *a, const struct screen_counts *b);

struct screening {
	int64_t id, post_id, shift_id;
	char *post_name, *area_code;
	int64_t at;
	char *day, *kind, *plate, *plate_kind, *vehicle_kind, *direction;
	int people, abnormal, high_risk, handoffs;
	int64_t repeat_of;
	char *note;
	int64_t recorded_by;
	char *recorded_by_name;
	int64_t recorded_at;
};

struct screened_person {
	int64_t id, screening_id;
	int seq, temp_tenths, fever, high_risk;
	char *name, *id_number, *phone, *from_place, *via, *to_place;
	char *lives_in; /* area code of a village or grid of the town, NULL when not said */
};

struct handoff {
	int64_t id, screening_id, screened_person_id;
	char *kind, *reason; /* key_person or task; fever, high_risk, fever+high_risk */
	int64_t key_person_id, task_id;
	int existing;
	int64_t person_id;  /* the registry person of a key_person hand-off */
	int registered;     /* person_id was added to the registry by this screening */
	int64_t check_id;   /* the reading recorded on the key person's record, 0 for none */
	int64_t created_at;
	/* not stored: the key person's area and its village's name, read back with it */
	char *area_code, *village_name;
};

/* One counter row: an hour of a post (hod 0-23, day) or a shift. */
struct count_row {
	int64_t post_id, key; /* key: hour_at or shift_id */
	char *day;
	int hod;
	struct screen_counts c;
};

int db_screening_insert(struct dbc *c, struct screening *s);
int db_screening_get(struct dbc *c, struct arena *a, int64_t id, struct screening *ret);
/* db_screening_list: newest first, of a post in [from, to), plate "" for any. */
int db_screening_list(struct dbc *c, struct arena *a, int64_t post_id, int64_t from, int64_t to,
		      const char *plate, int limit, int offset, struct screening **ret, int *ret_n);
int db_screening_count_plate(struct dbc *c, int64_t post_id, int64_t from, int64_t to,
			     const char *plate, int64_t *ret);
/* db_screening_repeat: the latest screening of plate at post in [since, until]; ERR_NOTFOUND
 * when none. */
int db_screening_repeat(struct dbc *c, int64_t post_id, const char *plate, int64_t since,
			int64_t until, int64_t *ret_id);
/* db_sperson_repeat: the latest screening at post in [since, until] of the person with
 * id_number, or when that is NULL of the person with phone and name; ERR_NOTFOUND when none. */
int db_sperson_repeat(struct dbc *c, int64_t post_id, const char *id_number, const char *phone,
		      const char *name, int64_t since, int64_t until, int64_t *ret_screening_id);
/* db_sperson_insert: p of screening s (its post and time are kept on the row). */
int db_sperson_insert(struct dbc *c, const struct screening *s, struct screened_person *p);
int db_sperson_of(struct dbc *c, struct arena *a, int64_t screening_id,
		  struct screened_person **ret, int *ret_n);
int db_handoff_insert(struct dbc *c, struct handoff *h);
int db_handoff_of(struct dbc *c, struct arena *a, int64_t screening_id, struct handoff **ret,
		  int *ret_n);

/* The counters: added to with one UPSERT each, in the screening's transaction. */
int db_count_hour_add(struct dbc *c, int64_t post_id, int64_t hour_at, const char *day, int hod,
		      const struct screen_counts *d);
int db_count_shift_add(struct dbc *c, int64_t shift_id, const struct screen_counts *d);
int db_count_shift_get(struct dbc *c, int64_t shift_id, struct screen_counts *ret);
/* db_count_hours: hour rows of the posts in scope on days [day_from, day_to], by post and hour. */
int db_count_hours(struct dbc *c, struct arena *a, const char *scope, const char *day_from,
		   const char *day_to, struct count_row **ret, int *ret_n);
/* db_count_post_day: the counters of one post on one day, summed. */
int db_count_post_day(struct dbc *c, int64_t post_id, const char *day, struct screen_counts *ret);

#endif
