/* db_task.h: tasks with owners and deadlines, their events, and their states at a past moment. */
#ifndef FANGYI_DB_TASK_H
#define FANGYI_DB_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h. */

struct task {
	int64_t id;
	char *title, *description, *area_code, *area_name, *village_name;
	int64_t person_id;
	char *person_name;
	int64_t owner_id, assigned_by;
	char *owner_name, *assigned_by_name;
	int64_t deadline;
	char *priority, *source;
	int64_t source_id;
	char *status, *result, *evidence;
	int64_t created_at, done_at, verified_at;
};

struct task_event {
	int64_t at;
	char *username, *kind, *detail;
	char *display_name; /* the user's name now, "" when none */
};

int db_task_insert(struct dbc *c, struct task *t); /* sets t->id */
int db_task_get(struct dbc *c, struct arena *a, int64_t id, struct task *ret);
int db_task_update(struct dbc *c, const struct task *t); /* status, result, evidence, times */
int db_task_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret);
/* db_task_list: tasks in scope or owned by me (post_only: owned by me, or the hand-offs of
 * screenings at a post in scope); owner 0 for any owner; status NULL for any; overdue_at > 0
 * lists only tasks not done or verified whose deadline is before it. */
int db_task_list(struct dbc *c, struct arena *a, const char *scope, int64_t me, bool post_only,
		 int64_t owner, const char *status, int64_t overdue_at, int limit, int offset,
		 struct task **ret, int *ret_n, int64_t *ret_total);
/* db_task_of_post: whether task id is the hand-off of a screening at a post in scope. */
bool db_task_of_post(struct dbc *c, struct arena *a, int64_t id, const char *scope);
/* db_task_all: every task in scope created before t1 that is not closed before t0
 * (for the daily report), at most max. */
int db_task_all(struct dbc *c, struct arena *a, const char *scope, int64_t t0, int64_t t1, int max,
		struct task **ret, int *ret_n);
/* A task's owner and the last of its events before a moment (db_task_states_at). */
struct task_state {
	int64_t task_id, owner_id;
	char *owner_name, *owner_area_code, *owner_area_name;
	int64_t deadline;
	char *last_kind; /* created, started, done, verified, reopened; NULL when none then */
};

/* One event of a day with its task's owner (db_task_owner_events). */
struct task_owner_event {
	int64_t task_id, owner_id;
	char *owner_name, *owner_area_code, *owner_area_name, *kind;
	int64_t at, created_at;
};

/* db_task_states_at: every task of scope created before t whose owner's area lies in
 * owner_scope ("" for any) and that is open now or has an event at or after t (no other task
 * can have been open at t), with the last event before t; at most 100000. The rows are in a. */
int db_task_states_at(struct dbc *c, struct arena *a, const char *scope, const char *owner_scope,
		      int64_t t, struct task_state **ret, int *ret_n);
/* db_task_owner_events: the created, done and verified events in [t0, t1) of tasks whose
 * owner's area lies in scope, by task and then in order; at most 100000. The rows are in a. */
int db_task_owner_events(struct dbc *c, struct arena *a, const char *scope, int64_t t0, int64_t t1,
			 struct task_owner_event **ret, int *ret_n);
int db_task_event_add(struct dbc *c, int64_t task_id, int64_t user_id, const char *username,
		      const char *kind, const char *detail);
int db_task_events(struct dbc *c, struct arena *a, int64_t task_id, struct task_event **ret,
		   int *ret_n);

#endif
