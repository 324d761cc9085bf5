/*
 * svc_gathering.h: gatherings (聚集性活动): weddings, funerals, banquets and fairs registered by
 * their host, and the outcome after the grid worker's visit (cancelled, postponed, simplified,
 * held) with who persuaded.  A gathering outside the actor's area is not there.
 */
#ifndef FANGYI_SVC_GATHERING_H
#define FANGYI_SVC_GATHERING_H

#include <stdbool.h>
#include <stdint.h>

#include "db_sweep.h"
#include "svc.h"

struct svc_gathering_in {
	const char *kind;        /* wedding, funeral, birthday, temple_fair, other */
	int64_t host_person_id;  /* the host, a resident of the actor's area */
	const char *planned_on, *place, *note;
	int64_t expected_guests;
};
/* svc_gathering_register records a gathering in the host's area; *out as stored. */
int svc_gathering_register(struct svc *s, const struct svc_gathering_in *in, struct gathering *out);

struct svc_outcome_in {
	const char *outcome;      /* cancelled, postponed, simplified, held */
	const char *postponed_to; /* postponed: the new date, after the planned one */
	int64_t guests;           /* simplified: how many came; -1 when not given */
	const char *held_reason, *approved_by; /* held: why, and who approved */
	const char *persuaded_by, *note;
	int64_t persuaded_at;     /* 0: now */
};
/* svc_gathering_outcome records what became of gathering id; *out as stored. */
int svc_gathering_outcome(struct svc *s, int64_t id, const struct svc_outcome_in *in,
			  struct gathering *out);

/* svc_gathering_get reads gathering id if it lies in the actor's area, else ERR_NOTFOUND. */
int svc_gathering_get(struct svc *s, int64_t id, struct gathering *out);

/* svc_gathering_outcome_ok: outcome is one of the four. */
bool svc_gathering_outcome_ok(const char *outcome);


#endif
