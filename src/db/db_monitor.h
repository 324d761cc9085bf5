/* db_monitor.h: key persons, their health checks, alerts and timeline. */
#ifndef FANGYI_DB_MONITOR_H
#define FANGYI_DB_MONITOR_H

#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h: strings in the arena, 0 or enum err, ret_* on success. */

struct check {
	int64_t id;
	int64_t key_person_id;
	char *area_code;
	int64_t taken_at;
	char *day;  /* local date */
	char *slot; /* "am" or "pm" */
	int temp_tenths;
	char *symptoms; /* comma-separated keys */
	char *symptom_other;
	char *method; /* visit, phone, self, checkpoint (a screening at a checkpoint) */
	int abnormal;
	int64_t recorded_by; /* 0: the resident's self-report */
	char *recorded_by_name;
	int64_t recorded_at;
};

struct key_person {
	int64_t id;
	int64_t person_id;
	char *name, *id_number, *phone, *address; /* from the registry */
	char *gender, *birth_date;                /* from the registry; the date is never rendered */
	char *area_code, *area_name, *village_name; /* village_name: a grid's village, else "" */
	char *reason, *reason_detail, *from_place, *left_on, *arrived_on, *transport, *transport_no;
	char *found_by, *kind, *site, *start_date, *end_date, *status;
	int days;
	int64_t grid_worker_id, doctor_id;
	char *grid_worker_name, *grid_worker_phone, *doctor_name, *doctor_phone;
	char *self_code_hash; /* BLAKE2b of the self-report code, hex; the code is not kept */
	int64_t last_check_id;
	int open_alerts;
	int64_t released_at;
	char *release_kind;
	int64_t created_by;
	int64_t created_at;
	struct check last; /* last.id == 0 when there is none */
};

struct alert {
	int64_t id;
	int64_t key_person_id;
	int64_t check_id;
	char *area_code, *area_name, *village_name, *name;
	int64_t raised_at;
	char *reason, *status, *hospital;
	int64_t referred_at;
	char *transport;
	char *result; /* NULL until known */
	int64_t closed_at, closed_by;
	char *closed_by_name;
	char *note;
};

struct kp_event {
	int64_t at;
	char *username, *kind, *detail;
	int64_t user_id;    /* 0 for the system and the resident's own report */
	char *display_name; /* the user's name now, "" when none */
};

int db_kp_insert(struct dbc *c, struct key_person *kp); /* sets kp->id */
int db_kp_get(struct dbc *c, struct arena *a, int64_t id, struct key_person *ret);
/* db_kp_update writes the mutable fields: assignment, period, status, release. */
int db_kp_update(struct dbc *c, const struct key_person *kp);
int db_kp_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret);
/* db_kp_active_of_person: the active record of a person; ERR_NOTFOUND when none. */
int db_kp_active_of_person(struct dbc *c, int64_t person_id, int64_t *ret_id);
/* db_kp_by_code: the key person whose self-report code hashes to code_hash; ERR_NOTFOUND when none. */
int db_kp_by_code(struct dbc *c, const char *code_hash, int64_t *ret_id);
/* db_kp_set_code gives key person id a new self-report code (its hash); the old one stops working. */
int db_kp_set_code(struct dbc *c, int64_t id, const char *code_hash);
/* db_kp_list: status NULL for all; q a name prefix or NULL; assigned_to a
 * user id whose assignments only are listed, or 0. */
int db_kp_list(struct dbc *c, struct arena *a, const char *scope, const char *status,
	       const char *q, int64_t assigned_to, int limit, int offset, struct key_person **ret,
	       int *ret_n, int64_t *ret_total);
/* db_kp_all: every record in scope whose period overlaps [from, to] (dates),
 * or that was registered or released in [t0, t1) (Unix seconds), for
 * figures and charts; at most max. */
int db_kp_all(struct dbc *c, struct arena *a, const char *scope, const char *from,
	      const char *to, int64_t t0, int64_t t1, int max, struct key_person **ret, int *ret_n);
/* db_kp_due_release: active records whose last day is before today (at most 500 a call). */
int db_kp_due_release(struct dbc *c, struct arena *a, const char *today, struct key_person **ret,
		      int *ret_n);
/* db_kp_after_check records the newest check and moves the open alert count. */
int db_kp_after_check(struct dbc *c, int64_t id, int64_t check_id, int alerts_delta);

int db_check_insert(struct dbc *c, struct check *ch); /* sets ch->id */
int db_check_list(struct dbc *c, struct arena *a, int64_t kp_id, int limit, int offset,
		  struct check **ret, int *ret_n, int64_t *ret_total);
/* db_check_since: the checks of one key person taken at or after t, oldest first. */
int db_check_since(struct dbc *c, struct arena *a, int64_t kp_id, int64_t t, struct check **ret,
		   int *ret_n);
/* db_check_abnormal_days counts abnormal checks per local day from `from` on, in scope:
 * ret_days[i] and ret_counts[i]. */
int db_check_abnormal_days(struct dbc *c, struct arena *a, const char *scope, const char *from,
			   char ***ret_days, int64_t **ret_counts, int *ret_n);

int db_alert_insert(struct dbc *c, struct alert *al); /* sets al->id */
int db_alert_get(struct dbc *c, struct arena *a, int64_t id, struct alert *ret);
int db_alert_update(struct dbc *c, const struct alert *al);
int db_alert_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret);
/* db_check_day_slots: per key person of scope with a check on day recorded before `before`,
 * ordered by key person: ret_kp[i] and a bit mask in ret_bits[i] (1 am, 2 pm, 4 abnormal).
 * Arrays on a. */
int db_check_day_slots(struct dbc *c, struct arena *a, const char *scope, const char *day,
		       int64_t before, int64_t **ret_kp, unsigned **ret_bits, int *ret_n);
/* db_alert_open_at: the alerts of scope open at moment t (raised before it, closed at or after
 * it or not yet), oldest first, at most limit; on a. */
int db_alert_open_at(struct dbc *c, struct arena *a, const char *scope, int64_t t, int limit,
		     struct alert **ret, int *ret_n);
/* db_alert_list: open=1 lists open and referred, open=0 closed, open=-1 all. */
int db_alert_list(struct dbc *c, struct arena *a, const char *scope, int open, int64_t kp_id,
		  int limit, int offset, struct alert **ret, int *ret_n, int64_t *ret_total);

int db_event_add(struct dbc *c, int64_t kp_id, int64_t user_id, const char *username,
		 const char *kind, const char *detail);
int db_event_list(struct dbc *c, struct arena *a, int64_t kp_id, struct kp_event **ret,
		  int *ret_n);

#endif
