/* monitor.h: what the monitoring handlers share (api_monitor.c, api_alert.c, api_worklist.c). */
#ifndef FANGYI_API_MONITOR_H
#define FANGYI_API_MONITOR_H

#include "api.h"
#include "db_monitor.h"
#include "selfcode.h"

struct monitor_settings {
	int fever_tenths;
	int days_home;
	int days_centralised;
	bool auto_release;
};

/* monitor_settings reads the town's settings, defaults where unset. */
void monitor_settings(struct dbc *c, struct arena *a, struct monitor_settings *ret);

/* monitor_sweep releases, as "auto", every active key person whose last
 * day has ended with no open alert and a normal last check, when the town
 * releases automatically.  Called before monitoring answers are built, so
 * what a user sees is never stale.  0 or an error. */
int monitor_sweep(struct req *r);

/* monitor_register puts person p under observation as k (reason, kind,
 * dates filled by the caller) inside the open transaction: refuses a
 * second active record, assigns the grid worker and doctor, makes the
 * self-report code (into code), and starts the timeline. */
/* monitor_new_code makes a self-report code (into code, as printed) and its hash (hex, into
 * hash, the only thing stored). */
void monitor_new_code(char code[SELF_CODE_SIZE], char hash[65]);

int monitor_register(struct dbc *c, struct arena *a, struct key_person *k, const struct person *p,
		     int64_t user_id, const char *username, char code[SELF_CODE_SIZE], struct fault *f);

/* monitor_event adds a timeline event of key person kp inside the open transaction: its kind
 * and its fields as a JSON object (data, consumed; NULL for none), which the UI words in the
 * reader's language (docs/API.md, EVENT).  user_id 0 is the system or the resident. */
int monitor_event(struct dbc *c, int64_t kp, int64_t user_id, const char *username,
		  const char *kind, json_t *data);

/* monitor_record_check records reading ch (temperature, symptoms as mask, method, taken_at and
 * recorded_by filled by the caller) on active key person k inside the open transaction, with
 * its timeline event; an abnormal reading raises an alert, returned in *ret_alert (id 0 when
 * none).  0 or a db error. */
int monitor_record_check(struct req *r, struct key_person *k, struct check *ch, unsigned mask,
			 struct alert *ret_alert);
/* monitor_record_reading is monitor_record_check for an operation's context (svc.h): the reading
 * recorded as s's actor. */
int monitor_record_reading(struct svc *s, struct key_person *k, struct check *ch, unsigned mask,
			   struct alert *ret_alert);

/* monitor_figures builds FIGURES (docs/API.md) of r->scope for a local
 * date (NULL: today); the caller owns *ret. */
int monitor_figures(struct req *r, const char *date, json_t **ret);

json_t *kp_json(const struct key_person *k, const char *today);
json_t *check_json(const struct check *c);
json_t *alert_json(const struct alert *al, int64_t now);

/* The town-local date of now, and the day's bounds. */
void monitor_today(char ret[11]);

#endif
