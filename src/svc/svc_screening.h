/*
 * svc_screening.h: a screening at a checkpoint (筛查记录) and the hand-off of each flagged person.
 *
 * A screening is a hot write: on SQLite it runs in two parts.  svc_screening_check validates the
 * input and does every read (the post, the settings, the roster, where people live) on the
 * request's thread, inside one read snapshot, and leaves a job; svc_screening_record writes the
 * job on the writer thread, inside the shared transaction, reading nothing but the repeat
 * look-up and what the hand-offs need.  Run again (the writer's second try with a savepoint per
 * job), svc_screening_record starts afresh from the job as the check left it.
 *
 * A flagged person (a fever, or from a high-risk area) is handed on in the screening's own
 * transaction: a resident of the town becomes a key person of their home village (added to the
 * registry first when they say they live in the town and are not in it), a reading goes on the
 * record of someone under observation already, and anyone else is a task for the command post
 * (svc_task_create).  A screener outside the key person's area is told only the village.
 */
#ifndef FANGYI_SVC_SCREENING_H
#define FANGYI_SVC_SCREENING_H

#include <stddef.h>
#include <stdint.h>

#include "db_duty.h"
#include "plate.h"
#include "svc.h"

#define SCREENING_MAX_PERSONS 60

/* One person at the barrier, as typed (the handler has read the fields). */
struct svc_screened_in {
	double temperature;  /* °C, 34.0-43.0 in tenths */
	const char *name;    /* NULL for none */
	const char *id_number, *phone; /* NULL or "" for none; checked and normalised here */
	const char *from_place, *via, *to_place; /* NULL for none */
	const char *lives_in; /* the area code of a village or grid of the post's town, NULL or "" */
	int high_risk;        /* 1 when the screener marked it; else the regions decide */
};

/* A screening as sent. */
struct svc_screening_in {
	int64_t post_id;      /* an active checkpoint inside the actor's area */
	const char *kind;     /* vehicle or pedestrian */
	const char *plate;    /* a vehicle's, as typed; none for a pedestrian */
	const char *vehicle_kind; /* car (default), truck, bus, van, motorcycle, other */
	const char *direction;    /* in, out, NULL or "" */
	const char *note;         /* NULL for none */
	int64_t at;               /* when, 0 for now */
	/* a traveller's declaration (svc_declare.h), NULL for none: its people's names, ID numbers
	 * and phones, their places and the plate stand for what the persons and plate leave
	 * unsaid, and persons give each one's temperature, in the declaration's order */
	const char *declaration_code;
	const struct svc_screened_in *persons;
	size_t n;                 /* 1 to SCREENING_MAX_PERSONS */
};

/* One screened person as stored, and what became of them. */
struct svc_screened {
	struct screened_person p;
	struct handoff h; /* h.kind NULL: no hand-off */
};

/* A screening checked and ready to write; after svc_screening_record, as written. */
struct svc_screening_job {
	struct duty_post post;
	struct screening s;
	struct svc_screened *pv;
	size_t n;
	int64_t shift_start; /* the repeat look-up goes back to here */
	int64_t declaration_id; /* used by the write, 0 for none */
	char day[11], plate[PLATE_MAX];
};

/*
 * svc_screening_check validates in (faults name the field; a person's as persons[i].field),
 * reads the post, the settings and the shift on duty, and fills *ret (in s->arena) with the
 * screening to write: who is feverish or from a high-risk area, the figures, the shift.  Reads
 * only.  0, ERR_INVALID, ERR_NOTFOUND naming post_id, or a db error.
 */
int svc_screening_check(struct svc *s, const struct svc_screening_in *in,
			struct svc_screening_job **ret);

/*
 * svc_screening_record writes job inside the caller's transaction: the repeat look-up, the
 * screening and its people, each flagged person's hand-off, the counters of the post-hour and
 * the shift, and the audit row; job then holds the screening (id, repeat_of) and the hand-offs
 * as written.  0 or an error with s->fault set.
 */
int svc_screening_record(struct svc *s, struct svc_screening_job *job);

/* svc_screening_regions: the places whose travellers are high-risk (the setting
 * checkpoint.high_risk, 湖北 and 武汉 when unset), in s->arena.  svc_screening_fever: the fever
 * threshold in tenths of a degree (monitor.fever_tenths, else 373).  Both read the remembered
 * settings (db_memo.h). */
int svc_screening_regions(struct svc *s, char ***ret, int *ret_n);
int svc_screening_fever(struct svc *s);

/* svc_screening_person_field puts "persons[i]." before the field f names, so a fault about
 * one person's field says whose. */
void svc_screening_person_field(struct fault *f, size_t i);

/*
 * svc_screening_elsewhere: hand-off h went to a key person outside the actor's area (a
 * checkpoint of one village screening a resident of another), so the answer says only that
 * the record went to their home village (h->village_name).
 */
bool svc_screening_elsewhere(const struct svc *s, const struct handoff *h);

#endif
