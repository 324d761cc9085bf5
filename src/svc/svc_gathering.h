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

/* Gatherings of an area counted by outcome: n[0] pending, then cancelled, postponed, simplified,
 * held; the guests expected, and those kept away (all of a cancelled or postponed gathering's,
 * those who did not come to a simplified one). */
struct gathering_tally {
	const char *code, *name;
	int64_t n[5];
	int64_t expected, avoided;
};
struct svc_gathering_figures {
	struct gathering_tally town;     /* the area asked for; a town by its full code */
	struct gathering_tally *villages; /* every village of the area, with or without gatherings */
	int nvillages;
};
/*
 * svc_gathering_figures counts the gatherings of the area prefix scope planned within [from, to]
 * (NULL for open ends) and registered before `before`, an outcome counting only when recorded
 * before then (pending otherwise).  In s->arena.
 */
int svc_gathering_figures(struct svc *s, const char *scope, const char *from, const char *to,
			  int64_t before, struct svc_gathering_figures *out);

#endif
