/*
 * svc_sweep.h: door-to-door sweeps (地毯式排查): campaigns with their questionnaire and scope,
 * rounds, and the visits of grid workers to households (svc_visit.c), with their hand-offs.
 *
 * A campaign is the actor's business when its scope and the actor's area overlap; one outside
 * it is not there (ERR_NOTFOUND on "id").  Writes run in the caller's transaction.
 */
#ifndef FANGYI_SVC_SWEEP_H
#define FANGYI_SVC_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "db_sweep.h"
#include "questionnaire.h"
#include "svc.h"
#include "svc_registry.h"

#define SWEEP_MAX_QUESTIONS 30
#define SWEEP_MAX_SCOPE 50
#define SWEEP_MAX_PERSONS 30

/* sweep_scope_has: some code of the comma-separated campaign scope is a prefix of code. */
bool sweep_scope_has(const char *scope_csv, const char *code);
/* sweep_overlaps: the campaign scope and the area prefix have areas in common. */
bool sweep_overlaps(const char *scope_csv, const char *prefix);

/* One question as typed, before it is checked (svc_sweep_create reads it into a question). */
struct svc_question_in {
	const char *key, *text, *kind;
	int per_person, required;  /* 1 true, 0 false, -1 not given */
	bool choices_given;        /* choices present and not null */
	const char **choices;      /* NULL entries: not text */
	int nchoices;              /* -1: choices is not a list */
	bool handoff_given;        /* handoff present and not null */
	const char *handoff_to;    /* NULL: missing or not text (or handoff not an object) */
	const char *handoff_reason; /* NULL: not given */
	const char **on;           /* NULL entries: not text */
	int non;                   /* -1: on is not a list */
};

/* The questionnaire and the scope as typed: counts -1 when the field is not a list. */
struct svc_sweep_fields {
	const char *name, *starts_on, *ends_on, *status; /* NULL: unchanged (update) */
	bool scope_given;
	const char **scope; /* area codes; NULL entries: not text */
	int nscope;
	bool questions_given;
	const struct svc_question_in *questions;
	int nquestions;
};

/* svc_sweep_get reads campaign id if the actor may see it, else ERR_NOTFOUND on "id". */
int svc_sweep_get(struct svc *s, int64_t id, struct sweep_campaign *out);
/* svc_sweep_visible: the campaign is the actor's business. */
bool svc_sweep_visible(const struct svc *s, const struct sweep_campaign *c);

/* svc_sweep_create sets up a campaign and its first round; every field required. */
int svc_sweep_create(struct svc *s, const struct svc_sweep_fields *in, struct sweep_campaign *out);
/* svc_sweep_update changes what in gives (status active or closed). */
int svc_sweep_update(struct svc *s, int64_t id, const struct svc_sweep_fields *in,
		     struct sweep_campaign *out);
/* svc_sweep_round begins the next round, from starts_on (NULL: today) to ends_on (NULL: the
 * campaign's end), and makes the campaign active again. */
int svc_sweep_round(struct svc *s, int64_t id, const char *starts_on, const char *ends_on,
		    struct sweep_campaign *out);

/* A page of the households of a campaign not yet reached in a round. */
struct svc_pending_out {
	struct sweep_pending *v;
	int n;
	int64_t total;
};
/*
 * svc_sweep_pending lists the households not yet reached in round `round` of campaign c, inside
 * `area` (the actor's area, perhaps narrowed): the area itself when the campaign covers it, else
 * the one area of the campaign inside it (ERR_INVALID on "area" when none or several).
 */
int svc_sweep_pending(struct svc *s, const struct sweep_campaign *c, const char *area, int round,
		      int limit, int offset, struct svc_pending_out *out);


/* ---------- visits (svc_visit.c) ---------- */

/* One person seen at the door, as typed. */
struct svc_visit_person {
	int64_t person_id;         /* 0 for a newcomer */
	bool newcomer;             /* the body describes someone not in the registry */
	/* the newcomer: their fields (household and area are the visited household's, whatever
	 * is given); person_not_object when what describes them is not an object, and
	 * person_unread, the reader's fault (its field named in full, "persons[1].person.phone"),
	 * when a field of theirs could not be read: raised in its turn, after the checks of the
	 * visit that come before it.  NULL when read. */
	struct person_input person;
	bool person_not_object;
	const struct fault *person_unread;
	const char *from_place, *arrived_on;
	bool answers_not_object;   /* answers given, but not an object */
	const struct answer *answers;
	int nanswers;
};

struct svc_visit_in {
	int64_t campaign_id, household_id;
	const char *outcome;    /* reached, not_home, refused, moved */
	int64_t visited_at;     /* 0: now */
	const char *note, *revisit_on;
	bool answers_not_object;
	const struct answer *answers; /* the household's answers */
	int nanswers;
	const struct svc_visit_person *persons;
	int npersons;           /* -1: persons is not a list */
};

/*
 * svc_sweep_visit_record records a visit in the campaign's current round: the answers checked
 * against its questionnaire, a newcomer added to the household (svc_person_create: the actor
 * needs person.write), the household's standing and the coverage counters moved, and a risky
 * answer handed on: to monitoring (svc_monitor_enrol, found by the sweep) when the actor may
 * register, else to a task for the village's secretary (svc_task_create).  A household outside
 * the actor's area is refused as one outside their grid, whether it exists or not.  *out is the
 * visit as stored.
 */
int svc_sweep_visit_record(struct svc *s, const struct svc_visit_in *in, struct sweep_visit *out);

#endif
