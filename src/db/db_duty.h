/* db_duty.h: duty posts, teams and members, roster patterns and shifts, swaps and leave,
 * handovers.  A handover carries its shift's screening counts: db_screening.h. */
#ifndef FANGYI_DB_DUTY_H
#define FANGYI_DB_DUTY_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "db_screening.h"

struct arena;

/* Conventions as in db_registry.h: strings in the arena, 0 or enum err, ret_* on success. */

struct duty_post {
	int64_t id;
	char *name, *place, *area_code, *area_name, *kind;
	int hours_start, hours_end; /* minutes after local midnight; 0 and 1440: round the clock */
	char *province, *phone;
	int64_t handoff_user_id; /* 0: the village secretary, else the town's admin */
	int active;
	int64_t created_at;
};

struct duty_team {
	int64_t id, post_id;
	char *name;
};

struct duty_member {
	int64_t id, team_id, post_id, person_id, user_id;
	char *name, *phone, *kind; /* kind: staff, volunteer */
	int party_member, leader, active;
};

struct duty_pattern {
	int64_t id, post_id;
	char *name, *kind, *shifts, *teams, *anchor_date;
	int day_step;
	int64_t created_at;
};

struct duty_shift {
	int64_t id, post_id, pattern_id, team_id; /* team_id 0: nobody */
	char *team_name;
	int64_t starts_at, ends_at;
	char *day;
};

/* A swap on one shift (table duty_change): a member on leave and who stands in, members traded,
 * or the shift given to another team.  Its functions say "swap" (db_shift_swap_*), since a
 * change of a record is what the change log of every record will mean. */
struct duty_change {
	int64_t id, shift_id;
	char *kind; /* leave, swap, team */
	int64_t member_id, substitute_id, old_team_id, new_team_id;
	char *reason, *username;
	int64_t created_by, created_at;
	int64_t leave_id; /* the leave over a date range it was written for, 0 if none */
};

/* Leave of one member over the local dates [from_day, to_day]; cancelled_at 0 while it holds.
 * shifts: how many shifts carry it. */
struct duty_leave {
	int64_t id, post_id, member_id, team_id;
	char *member_name, *from_day, *to_day, *reason;
	int64_t created_by;
	char *created_by_name;
	int64_t created_at, cancelled_at, shifts;
};

struct handover {
	int64_t id, post_id, shift_id;
	struct screen_counts counts;
	char *incidents, *note;
	int masks, batteries;
	int64_t written_by, written_at, confirmed_by, confirmed_at;
	char *written_by_name, *confirmed_by_name, *confirm_note;
	int64_t shift_starts_at, shift_ends_at;
	char *team_name;
	int64_t arriving_shift_id;
	char *confirm_as; /* "", arriving_team, on_behalf */
};

int db_post_insert(struct dbc *c, struct duty_post *p);
int db_post_get(struct dbc *c, struct arena *a, int64_t id, struct duty_post *ret);
int db_post_list(struct dbc *c, struct arena *a, const char *scope, struct duty_post **ret,
		 int *ret_n);
int db_post_update(struct dbc *c, const struct duty_post *p);

int db_team_insert(struct dbc *c, struct duty_team *t); /* ERR_CONFLICT on a taken name */
int db_team_get(struct dbc *c, struct arena *a, int64_t id, struct duty_team *ret);
int db_team_of_post(struct dbc *c, struct arena *a, int64_t post_id, struct duty_team **ret,
		    int *ret_n);

int db_member_insert(struct dbc *c, struct duty_member *m);
int db_member_get(struct dbc *c, struct arena *a, int64_t id, struct duty_member *ret);
/* db_member_of_post: the active members of every team of a post, by team. */
int db_member_of_post(struct dbc *c, struct arena *a, int64_t post_id, struct duty_member **ret,
		      int *ret_n);
int db_member_deactivate(struct dbc *c, int64_t id);

int db_pattern_insert(struct dbc *c, struct duty_pattern *p);
int db_pattern_get(struct dbc *c, struct arena *a, int64_t id, struct duty_pattern *ret);
int db_pattern_of_post(struct dbc *c, struct arena *a, int64_t post_id,
		       struct duty_pattern **ret, int *ret_n);

/* db_shift_busy: the first shift of post starting in [from, to) that has a change, a
 * handover or screenings (so may not be regenerated); ERR_NOTFOUND when none. */
int db_shift_busy(struct dbc *c, int64_t post_id, int64_t from, int64_t to, int64_t *ret_id);
int db_shift_delete_range(struct dbc *c, int64_t post_id, int64_t from, int64_t to);
int db_shift_insert(struct dbc *c, struct duty_shift *s);
int db_shift_get(struct dbc *c, struct arena *a, int64_t id, struct duty_shift *ret);
/* db_shift_range: shifts of a post overlapping [from, to) (none lasts over a day), by start. */
int db_shift_range(struct dbc *c, struct arena *a, int64_t post_id, int64_t from, int64_t to,
		   struct duty_shift **ret, int *ret_n);
int db_shift_set_team(struct dbc *c, int64_t id, int64_t team_id);
/* db_shift_next: the first shift of a post starting after the time after; ERR_NOTFOUND if none. */
int db_shift_next(struct dbc *c, struct arena *a, int64_t post_id, int64_t after,
		  struct duty_shift *ret);

/* db_shift_swap_insert records a swap on a shift; db_shift_swap_of_shift lists a shift's, oldest
 * first. */
int db_shift_swap_insert(struct dbc *c, struct duty_change *ch);
int db_shift_swap_of_shift(struct dbc *c, struct arena *a, int64_t shift_id,
			   struct duty_change **ret, int *ret_n);

int db_handover_insert(struct dbc *c, struct handover *h);
int db_handover_get(struct dbc *c, struct arena *a, int64_t id, struct handover *ret);
int db_handover_of_shift(struct dbc *c, int64_t shift_id, int64_t *ret_id);
/* db_handover_confirm records who confirmed, as what ("arriving_team" or "on_behalf") and the
 * arriving shift (0: none); ERR_CONFLICT when it was confirmed already. */
int db_handover_confirm(struct dbc *c, int64_t id, int64_t user_id, int64_t at, const char *note,
			const char *as, int64_t arriving_shift_id);
int db_handover_list(struct dbc *c, struct arena *a, int64_t post_id, int limit, int offset,
		     struct handover **ret, int *ret_n, int64_t *ret_total);

int db_leave_insert(struct dbc *c, struct duty_leave *l);
int db_leave_get(struct dbc *c, struct arena *a, int64_t id, struct duty_leave *ret);
/* db_leave_of_post: leave of a post meeting the days [from, to], by first day; cancelled
 * ones too when all. */
int db_leave_of_post(struct dbc *c, struct arena *a, int64_t post_id, const char *from,
		     const char *to, bool all, struct duty_leave **ret, int *ret_n);
/* db_leave_cancel marks it cancelled and takes it off the shifts starting after now;
 * ERR_CONFLICT when it was cancelled already. */
int db_leave_cancel(struct dbc *c, int64_t id, int64_t user_id, int64_t now);

#endif
