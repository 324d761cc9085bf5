/*
 * svc_task.h: tasks with an owner and a deadline, followed to a verified end (闭环).
 *
 * Whoever opens a task calls svc_task_create with a typed input: the task form, a triaged tip,
 * a door visit for publicity, a sweep visit's risky answer, a checkpoint's hand-off.  The steps
 * that follow (start, done, verify, reopen) each write the task, its event and the audit row in
 * the caller's transaction.
 */
#ifndef FANGYI_SVC_TASK_H
#define FANGYI_SVC_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "db_command.h"
#include "svc.h"

/* What a new task says.  Texts as typed (the handler has read them); person_id and source_id
 * 0 when none. */
struct svc_task_in {
	const char *title;       /* required, at most 100 characters */
	const char *description; /* at most 2000 characters, NULL for none */
	const char *area_code;   /* required: an area inside the actor's */
	int64_t person_id;       /* a resident inside the actor's area, 0 for none */
	int64_t owner_id;        /* an active user with task.read whose area holds area_code */
	int64_t deadline;        /* Unix seconds, required */
	const char *priority;    /* low, normal, high, urgent */
	const char *source;      /* tip, meeting, alert, big_data, sweep, manual, checkpoint */
	int64_t source_id;       /* the tip, visit or screening behind it, 0 for none */
};

/* One step of a task's life after it is opened: which task, and what the step says. */
struct svc_task_step {
	int64_t id;
	const char *result;   /* done: required, at most 2000 characters */
	const char *evidence; /* done: at most 2000 characters, NULL for none */
	const char *note;     /* verify: at most 500 characters, NULL for none */
	const char *reason;   /* reopen: required, at most 500 characters */
};

/*
 * svc_task_create validates in, writes the task, its "created" event and the audit row inside
 * the caller's transaction, and reads the task back into ret (strings in s->arena).  Returns 0,
 * ERR_INVALID with s->fault naming the field (title, description, area_code, person_id,
 * owner_id, deadline, priority, source), or a db error.
 */
int svc_task_create(struct svc *s, const struct svc_task_in *in, struct task *ret);
/* svc_task_open is svc_task_create without reading the task back: its id in *ret_id.  For the
 * many tasks a list opens at once, where nobody reads them then. */
int svc_task_open(struct svc *s, const struct svc_task_in *in, int64_t *ret_id);

/*
 * The steps: each reads task in->id as the actor may see it (else ERR_NOTFOUND naming "id"),
 * checks who may take the step and that the task's status allows it (ERR_DENIED naming
 * "owner", ERR_CONFLICT naming "status"), then writes the task, its event and the audit row in
 * the caller's transaction and reads the task back into ret.  start and done are the owner's;
 * verify and reopen the assigner's side (the route's permission).  Verifying a task closes the
 * tip it came from.
 */
int svc_task_start(struct svc *s, const struct svc_task_step *in, struct task *ret);
int svc_task_done(struct svc *s, const struct svc_task_step *in, struct task *ret);
int svc_task_verify(struct svc *s, const struct svc_task_step *in, struct task *ret);
int svc_task_reopen(struct svc *s, const struct svc_task_step *in, struct task *ret);

/*
 * svc_task_get reads task id into ret as the actor may see it: ERR_NOTFOUND naming "id" for a
 * task svc_task_hidden hides, as for none at all.
 */
int svc_task_get(struct svc *s, int64_t id, struct task *ret);

/*
 * svc_task_post_only: the actor may not read the registry (a checkpoint), so of the tasks they
 * see only those they own and the hand-offs of screenings at a post in their area; every other
 * task is as absent.  svc_task_hidden says whether task t is one of the others.  Deny by
 * default: whatever answers about a task checks one of the two first.
 */
bool svc_task_post_only(const struct svc *s);
bool svc_task_hidden(struct svc *s, const struct task *t);

#endif
