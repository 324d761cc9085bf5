/*
 * svc_monitor.h: key-person monitoring as operations: register, assign and extend, record a
 * health check, the resident's own report, release, the self-report code, the staff reveal,
 * the alerts' closed loop and the town's monitoring settings.
 *
 * Each operation takes the context of svc.h and typed input; the handlers of api_monitor.c,
 * api_check.c and api_alert.c parse JSON into these structures and render what comes back, and
 * the CSV import, the hand-offs of screenings and sweeps and the tests call them as they are.
 * Writes happen inside the caller's transaction (dbc_begin); only svc_monitor_sweep keeps its
 * own.  Strings of the answers live in s->arena.
 *
 * Validation: the handlers check the shape of a body (types, lengths, date formats, integer
 * ranges); every operation checks its input again against the town's rules (which words a field
 * takes, no date after today, the rules between fields, the record's state and the actor's area),
 * with the same field and messages, since a caller need not be a handler.
 */
#ifndef FANGYI_SVC_MONITOR_H
#define FANGYI_SVC_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "db_monitor.h"
#include "selfcode.h"
#include "svc.h"

/* The words each field takes, NULL-terminated. */
extern const char *const monitor_reasons[];    /* high_risk_area, close_contact, other */
extern const char *const monitor_found_bys[];  /* self_report, checkpoint, sweep, ... */
extern const char *const monitor_kinds[];      /* home, centralised */
extern const char *const monitor_transports[]; /* train, flight, car, bus, other */
extern const char *const monitor_methods[];    /* visit, phone, self */
extern const char *const monitor_staffs[];     /* grid_worker, doctor */
extern const char *const monitor_releases[];   /* auto, doctor */

/* svc_monitor_word: 0 when v is NULL or one of set, else ERR_INVALID naming key and the set. */
int svc_monitor_word(struct svc *s, const char *key, const char *const *set, const char *v);

/* The town's monitoring settings. */
struct monitor_settings {
	int fever_tenths;     /* the fever threshold, 373 for 37.3 °C */
	int days_home;        /* the period of home observation */
	int days_centralised; /* and of centralised isolation */
	bool auto_release;    /* released at the period's end without a doctor */
};

/* svc_monitor_settings reads the settings, defaults where unset.  Never fails. */
void svc_monitor_settings(struct svc *s, struct monitor_settings *ret);

/* What an administrator changes: 0 or NULL leaves a setting as it is. */
struct monitor_settings_in {
	int fever_tenths; /* 360..390 */
	int days_home, days_centralised; /* 1..OBS_DAYS_MAX */
	const char *release; /* "auto" or "doctor" */
};

/* svc_monitor_settings_put stores in and audits it; ret gets the settings now. */
int svc_monitor_settings_put(struct svc *s, const struct monitor_settings_in *in,
			     struct monitor_settings *ret);

/* svc_monitor_today: the town's local date of now. */
void svc_monitor_today(char ret[11]);

/*
 * svc_monitor_sweep releases, as "auto", every active key person whose last day has ended
 * with no open alert and a normal last check, when the town releases automatically, in a
 * transaction of its own.  Called before monitoring answers are built, so what a user sees is
 * never stale.  0 or an error.
 */
int svc_monitor_sweep(struct svc *s);

/* svc_monitor_event adds a timeline event of key person kp as the actor: its kind and its
 * fields as the text of a JSON object (NULL for none), which the UI words in the reader's
 * language (docs/API.md, EVENT). */
int svc_monitor_event(struct svc *s, int64_t kp, const char *kind, const char *fields);

/*
 * svc_monitor_enrol puts person p (in the registry, found or added by the caller) under
 * observation as k, whose reason, kind and dates the caller filled: refuses a second active
 * record (ERR_CONFLICT on person_id), assigns the grid worker of the person's grid and the
 * doctor of the village, makes the self-report code (into code; only its hash is kept) and
 * starts the timeline.  No audit row: the caller's record (a registration, a screening, a visit,
 * an import) is audited.  Sets k->id.
 */
int svc_monitor_enrol(struct svc *s, struct key_person *k, const struct person *p,
		      char code[SELF_CODE_SIZE]);

/* A registration. */
struct kp_register_in {
	int64_t person_id;           /* a resident of the registry, inside the actor's area; or */
	const struct person *person; /* the person, found or just added by the caller */
	const char *reason;          /* monitor_reasons, required */
	const char *reason_detail, *from_place; /* NULL for none */
	const char *left_on, *arrived_on;       /* dates not after today, NULL for none */
	const char *transport;                  /* monitor_transports, NULL for none */
	const char *transport_no, *site;        /* site required for centralised isolation */
	const char *found_by;                   /* monitor_found_bys, required */
	const char *kind;                       /* monitor_kinds, required */
	const char *start_date; /* NULL: the arrival, else today */
	int days;               /* 0: the town's period for the kind */
};

struct kp_register_out {
	struct key_person kp;       /* as stored, with its staff */
	char code[SELF_CODE_SIZE];  /* the self-report code, given only now */
};

/* svc_monitor_register_check checks in's fields and the rules between them, not the person:
 * what a handler asks before it adds a newcomer to the registry.  0 or ERR_INVALID. */
int svc_monitor_register_check(struct svc *s, const struct kp_register_in *in);

/* svc_monitor_register checks in, finds the person (ERR_INVALID on person_id when they are
 * unknown, merged or outside the actor's area), enrols them and audits the registration. */
int svc_monitor_register(struct svc *s, const struct kp_register_in *in,
			 struct kp_register_out *out);

/* A change of who is responsible (PERM_MONITOR_ASSIGN), or of the period (PERM_MONITOR_CLINICAL). */
struct kp_update_in {
	int64_t id;
	int64_t grid_worker_id, doctor_id; /* 0: unchanged */
	int days;                          /* 0: unchanged */
	const char *kind, *site;           /* NULL: unchanged */
};

/* svc_monitor_update applies in to key person in->id, each change a timeline event, and audits
 * it; ret gets the record as stored. */
int svc_monitor_update(struct svc *s, const struct kp_update_in *in, struct key_person *ret);

/* svc_monitor_release ends key person id's observation by a doctor, once the period is over,
 * no alert is open and the last reading was normal; note may be NULL.  ret gets the record. */
int svc_monitor_release(struct svc *s, int64_t id, const char *note, struct key_person *ret);

/* svc_monitor_self_code gives key person id under observation a new self-report code (into
 * code); the old one stops working.  The code is in no stored answer. */
int svc_monitor_self_code(struct svc *s, int64_t id, char code[SELF_CODE_SIZE]);

/* The full phone of a staff member on a key person's record. */
struct kp_reveal_in {
	int64_t id;
	const char *staff;  /* grid_worker or doctor */
	const char *reason; /* at least 2 characters, written to the audit */
};
struct kp_reveal_out {
	int64_t key_person_id, user_id;
	const char *staff, *name, *phone;
};

/* svc_monitor_staff_reveal writes the audit row, then gives the number. */
int svc_monitor_staff_reveal(struct svc *s, const struct kp_reveal_in *in,
			     struct kp_reveal_out *out);

/* A reading. */
struct check_in {
	int64_t key_person_id;
	double temperature;         /* °C, 34.0..43.0 */
	const char *const *symptoms; /* keys or Chinese words, NULL-terminated; NULL for none */
	const char *symptom_other;  /* NULL for none */
	const char *method;         /* monitor_methods */
	int64_t taken_at;           /* Unix seconds, not in the future; 0 for now */
};

struct check_out {
	struct check check; /* as stored */
	struct alert alert; /* the alert it raised; id 0 when none */
};

/* svc_monitor_check_check checks in without reading the database: what the request's thread
 * asks before a reading goes to the writer.  0 or ERR_INVALID. */
int svc_monitor_check_check(struct svc *s, const struct check_in *in);

/* svc_monitor_check records in on an active key person as the actor (who recorded it), with
 * its timeline events and its alert, and audits it. */
int svc_monitor_check(struct svc *s, const struct check_in *in, struct check_out *out);

/* svc_monitor_code_find: the key person under observation whose self-report code is code (as
 * typed); ERR_NOTFOUND on code, in the same words, for a wrong code and a released person.
 * Reads only. */
int svc_monitor_code_find(struct svc *s, const char *code, int64_t *ret_id);

/* svc_monitor_self_report records the resident's own reading (in: key_person_id, temperature,
 * symptoms) with method self and nobody as recorder; ERR_NOTFOUND on code when the person was
 * released meanwhile. */
int svc_monitor_self_report(struct svc *s, const struct check_in *in, struct check_out *out);

/*
 * svc_monitor_record writes reading ch (temp_tenths, symptoms, method, taken_at and recorded_by
 * filled by the caller; mask the symptoms' bits) on active key person k, with its timeline event;
 * an abnormal reading raises an alert, returned in *ret_alert (id 0 when none).  No checks, no
 * audit: for the operations above and the hand-off of a screening.
 */
int svc_monitor_record(struct svc *s, struct key_person *k, struct check *ch, unsigned mask,
		       struct alert *ret_alert);

/* The referral of an alert to the fever clinic. */
struct alert_refer_in {
	int64_t id;
	const char *hospital, *transport; /* required */
	int64_t referred_at;              /* not in the future; 0 for now */
};

/* The clinic's result: excluded, suspected or confirmed (the last two leave observation). */
struct alert_result_in {
	int64_t id;
	const char *result;
	const char *note; /* NULL keeps the note */
};

/* svc_alert_refer, svc_alert_result, svc_alert_close move alert in->id (or id) on its loop,
 * each with its timeline event and audit row; a closed alert is a conflict.  ret gets the alert
 * as stored. */
int svc_alert_refer(struct svc *s, const struct alert_refer_in *in, struct alert *ret);
int svc_alert_result(struct svc *s, const struct alert_result_in *in, struct alert *ret);
int svc_alert_close(struct svc *s, int64_t id, const char *note, struct alert *ret);

/*
 * The fields of a timeline event, for svc_monitor.c and svc_alert.c: each appends "key":value to
 * the JSON object growing in b (keys in order of name, as jansson sorted them before), a flat
 * object being all an event holds; svc_monitor_fields_end closes it, frees b and gives the text
 * in s->arena.  Operations hold no JSON library's trees.
 */
struct buf;
void svc_monitor_field_str(struct buf *b, const char *key, const char *v); /* NULL: null */
void svc_monitor_field_int(struct buf *b, const char *key, int64_t v);
void svc_monitor_field_num(struct buf *b, const char *key, double v);
void svc_monitor_field_bool(struct buf *b, const char *key, bool v);
void svc_monitor_field_symptoms(struct buf *b, const char *key, unsigned mask);
const char *svc_monitor_fields_end(struct svc *s, struct buf *b);

#endif
