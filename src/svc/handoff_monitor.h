/*
 * handoff_monitor.h: the steps of key-person monitoring that a screening's hand-off takes.
 *
 * Monitoring's own operations still live with its handlers (src/api/api_monitor.c); these three
 * give the hand-off what it needs of them in the terms of svc.h, and are defined beside them
 * (src/api/screening_handoff.c).  When monitoring moves below the handlers they become its
 * operations: the settings' days_home, enrolling a person, recording a reading.
 */
#ifndef FANGYI_HANDOFF_MONITOR_H
#define FANGYI_HANDOFF_MONITOR_H

#include "db_monitor.h"
#include "selfcode.h"
#include "svc.h"

/* handoff_days_home: the town's period of home observation, in days. */
int handoff_days_home(struct svc *s);

/* handoff_enrol puts person p under observation as k (reason, kind and dates filled by the
 * caller) inside the caller's transaction: ERR_CONFLICT on person_id when they are already,
 * else the staff assigned, the self-report code made (into code) and the timeline begun. */
int handoff_enrol(struct svc *s, struct key_person *k, const struct person *p,
		  char code[SELF_CODE_SIZE]);

/* handoff_reading records reading ch (temperature, method, taken_at and recorder filled by the
 * caller) on active key person k, with its timeline event; a fever raises an alert, returned in
 * *ret_alert (id 0 when none). */
int handoff_reading(struct svc *s, struct key_person *k, struct check *ch,
		    struct alert *ret_alert);

#endif
