/*
 * svc_tip.h: tip-offs from the public (群众举报) and their triage by the command post.
 *
 * A tip comes from the public form with no user: svc_tip_create records it and gives the
 * tracking code, the reporter's only way back to it.  How often an address may send one (the
 * per-address counts, the proof-of-work challenge) is the HTTP layer's business, not the town's
 * rule, and stays with the handler.
 */
#ifndef FANGYI_SVC_TIP_H
#define FANGYI_SVC_TIP_H

#include <stdint.h>

#include "db_command.h"
#include "svc.h"
#include "svc_task.h"

#define TIP_CODE_LEN 10 /* the tracking code: 10 symbols of 32, about 50 bits */

/* A tip as sent from the public form, its texts as typed (the handler has read them). */
struct svc_tip_in {
	const char *kind;         /* returnee, gathering, fever, price_gouging, other */
	const char *village_code; /* a village, NULL or "" for the whole town */
	const char *address, *happened; /* NULL for none */
	const char *description;  /* at least 5 characters once normalised */
	const char *name, *phone; /* the reporter's; dropped when anonymous */
	int anonymous;            /* 1 anonymous; 0 or -1 (not said) not */
};

/*
 * svc_tip_check checks in as svc_tip_create will, and the village it names, without writing:
 * what the handler asks before it counts the address's tips.  0 or ERR_INVALID naming the field
 * (kind, description, phone, village_code).
 */
int svc_tip_check(struct svc *s, const struct svc_tip_in *in);

/*
 * svc_tip_create checks in, makes a fresh tracking code and records the tip (status received)
 * inside the caller's transaction; ret gets it as stored, code included.  No audit row: the
 * public writes it, and the audit log is of staff.  0, ERR_INVALID, or a db error.
 */
int svc_tip_create(struct svc *s, const struct svc_tip_in *in, struct tip *ret);

/* What the command post decides about a tip. */
struct svc_tip_triage_in {
	int64_t id;
	const char *action;        /* checking, duplicate, not_credible, task, handled */
	int64_t duplicate_of;      /* duplicate: another tip of the actor's area */
	const char *public_result; /* what the reporter reads when tracking, NULL keeps it */
	const struct svc_task_in *task; /* task: the task to open (its source is set to the tip) */
};

/*
 * svc_tip_triage applies in to tip in->id inside the caller's transaction (opening the task of
 * action task with svc_task_create), audits it and reads the tip back into ret.  0,
 * ERR_INVALID naming action, duplicate_of, task or a task's field, ERR_CONFLICT on status for
 * a tip handled already, or a db error.
 */
int svc_tip_triage(struct svc *s, const struct svc_tip_triage_in *in, struct tip *ret);

#endif
