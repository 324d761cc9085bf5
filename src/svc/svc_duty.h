/*
 * svc_duty.h: checkpoints' duty rosters: posts (岗点), their teams and members, roster patterns
 * (四班倒 and others) and the rosters generated from them, changes on one shift, leave over a
 * date range (请假) and shift handovers (交接班).
 *
 * Every operation reads the post it touches as the actor may see it: a post outside the actor's
 * area, and whatever hangs from it (a team, a member, a shift, a leave, a handover), answers as
 * if it did not exist (ERR_NOTFOUND naming the field).  Writes run in the caller's transaction
 * and leave an audit row.  svc_duty.c holds posts, teams, members and handovers, svc_roster.c
 * patterns, rosters and shift changes, svc_leave.c leave.
 */
#ifndef FANGYI_SVC_DUTY_H
#define FANGYI_SVC_DUTY_H

#include <stdbool.h>
#include <stdint.h>

#include "db_duty.h"
#include "roster.h"
#include "svc.h"

/* ---------- reading as the actor may see ---------- */

/* svc_duty_post reads post id into ret when it lies in the actor's area; ERR_NOTFOUND naming
 * field otherwise.  _memo reads the post as remembered (db_memo.h), for hot paths. */
int svc_duty_post(struct svc *s, int64_t id, const char *field, struct duty_post *ret);
int svc_duty_post_memo(struct svc *s, int64_t id, const char *field, struct duty_post *ret);
/* svc_duty_shift reads shift id and its post, ERR_NOTFOUND naming "id" outside the area. */
int svc_duty_shift(struct svc *s, int64_t id, struct duty_shift *ret, struct duty_post *ret_post);
/* svc_duty_handover reads handover id and its post, ERR_NOTFOUND naming "id" likewise. */
int svc_duty_handover(struct svc *s, int64_t id, struct handover *ret, struct duty_post *ret_post);

/* ---------- posts, teams, members ---------- */

/* A post's fields as given; NULL (or -1) for absent: an update keeps what the post has. */
struct svc_post_in {
	const char *name;       /* at most 60 characters, not empty; required to create */
	const char *place;      /* at most 100 characters */
	const char *area_code;  /* create: required, the town, a village or a grid in the area */
	bool area_code_given;   /* update: the body named area_code, which cannot change */
	const char *kind;       /* checkpoint, village_entrance, clinic_desk, command_duty, other */
	const char *hours_from; /* "HH:MM", both or neither (round the clock) */
	const char *hours_to;
	const char *province;        /* one plate province abbreviation, "" for the area's */
	const char *phone;           /* digits (a landline may have dashes), "" for none */
	int64_t handoff_user_id;     /* -1 absent, 0 none, else an active staff user */
	int active;                  /* -1 absent, 0 or 1 */
};

/* svc_duty_post_create / _update validate in, write the post and its audit row, and read it
 * back into ret.  ERR_INVALID naming the field with the form's messages. */
int svc_duty_post_create(struct svc *s, const struct svc_post_in *in, struct duty_post *ret);
int svc_duty_post_update(struct svc *s, int64_t id, const struct svc_post_in *in,
			 struct duty_post *ret);

/* svc_duty_team_add adds team name (at most 30 characters) to post post_id; ERR_CONFLICT
 * naming "name" when the post has a team of that name. */
int svc_duty_team_add(struct svc *s, int64_t post_id, const char *name, struct duty_team *ret);

/* A new member of a team: exactly one of a resident, a staff user or a name. */
struct svc_member_in {
	int64_t team_id;
	int64_t person_id;  /* a resident in the area, 0 for none */
	int64_t user_id;    /* an active user, 0 for none */
	const char *name;   /* a volunteer known by name, NULL for none */
	const char *phone;  /* a mobile, NULL to keep the resident's or user's */
	const char *kind;   /* staff or volunteer, NULL for the usual one */
	int party_member;   /* -1: as the registry says */
	int leader;         /* -1 absent */
};

/* svc_duty_member_add writes the member into ret (strings in s->arena) and, when the person
 * is on leave at the post, that leave onto the shifts of their new team. */
int svc_duty_member_add(struct svc *s, const struct svc_member_in *in, struct duty_member *ret);
/* svc_duty_member_remove takes member id off its team (the row stays for the record). */
int svc_duty_member_remove(struct svc *s, int64_t id);

/* ---------- patterns, rosters, shift changes (svc_roster.c) ---------- */

/* One shift of a custom pattern: start NULL or hours < 0 when the form gave no such value. */
struct svc_shift_in {
	const char *start; /* "HH:MM" */
	double hours;      /* 0.5 to 24 */
};

struct svc_pattern_in {
	int64_t post_id;
	const char *name;        /* required, at most 40 characters */
	const char *kind;        /* four_team, three_shift, custom */
	const int64_t *teams;    /* the cycle: team ids; 0 a shift nobody works (custom), -1 not an id */
	int nteams;              /* 0 when the form gave no list */
	const struct svc_shift_in *shifts; /* custom only */
	int nshifts;
	bool shifts_given;
	const char *first_start; /* "HH:MM" of the first shift, NULL for 00:00 */
	int64_t day_step;        /* 0 for the kind's usual step */
	const char *anchor_date; /* YYYY-MM-DD the cycle counts from, NULL for today */
};

/* The pattern written, and the post's teams to name its cycle with. */
struct svc_pattern_out {
	struct duty_pattern pattern;
	struct duty_team *teams;
	int nteams;
};

int svc_duty_pattern_create(struct svc *s, const struct svc_pattern_in *in,
			    struct svc_pattern_out *out);

/* What the staffed hours lack (gaps) and have twice (overlaps) over a range of days. */
struct svc_coverage {
	struct span *gaps;
	int ngaps;
	struct span *overlaps;
	int noverlaps;
};

struct svc_roster_in {
	int64_t post_id;
	int64_t pattern_id;
	const char *from; /* YYYY-MM-DD */
	const char *to;   /* YYYY-MM-DD, at most ROSTER_MAX_DAYS after from */
};

struct svc_roster_out {
	struct duty_post post;
	struct duty_pattern pattern;
	int shifts; /* how many were made */
	struct svc_coverage cov;
};

/* svc_duty_roster_generate replaces the post's shifts in the range with the pattern's, writes
 * the leave taken over those days onto them, and reports the coverage.  ERR_CONFLICT naming
 * "from" when a shift there has a change, a handover or screenings. */
int svc_duty_roster_generate(struct svc *s, const struct svc_roster_in *in,
			     struct svc_roster_out *out);

/* svc_duty_range checks the dates from_s..to_s (fields "from", "to") and gives the instant the
 * first day begins and how many days. */
int svc_duty_range(struct svc *s, const char *from_s, const char *to_s, int64_t *ret_from,
		   int *ret_days);
/* svc_duty_coverage: gaps and overlaps of the stored roster of p over [from, from + days). */
int svc_duty_coverage(struct svc *s, const struct duty_post *p, int64_t from, int days,
		      struct svc_coverage *ret);

/* A change on one shift: leave, a swap with a member of another team, or another team. */
struct svc_change_in {
	int64_t shift_id;
	const char *kind;      /* leave, swap, team */
	int64_t member_id;     /* leave, swap: the member out */
	int64_t substitute_id; /* swap: the member in */
	int64_t team_id;       /* team: the team in */
	const char *reason;    /* at most 200 characters, NULL for none */
};

/* svc_duty_shift_change writes the change (db_shift_swap_insert) and reads the shift and its
 * post back into ret and ret_post. */
int svc_duty_shift_change(struct svc *s, const struct svc_change_in *in, struct duty_shift *ret,
			  struct duty_post *ret_post);

/* svc_duty_reveal_phones records that the actor looks at the full phones of those on duty. */
int svc_duty_reveal_phones(struct svc *s);

/* roster_fill replaces the shifts of post p starting in the days [from_s, from_s + days) with
 * the shifts of pattern pat, inside the caller's transaction (the caller has checked none of
 * them is in use).  0 with *ret_made, ERR_INTERNAL for a damaged pattern, or a db error. */
int roster_fill(struct dbc *c, const struct duty_post *p, const struct duty_pattern *pat,
		const char *from_s, int days, int *ret_made);

/* duty_day_start: the Unix second at which the town-local date began. */
int64_t duty_day_start(const char *date);
/* duty_hhmm writes the local time of t as "HH:MM". */
void duty_hhmm(int64_t t, char ret[6]);

/* duty_member_out: member_id is out of a shift whose changes are ch (on leave, swapped out). */
bool duty_member_out(int64_t member_id, const struct duty_change *ch, int nc);
/* duty_user_on_shift: whether user_id is on shift s, by a member account of its team not on
 * leave nor swapped out, or as a substitute; mem are the post's members, ch the shift's changes. */
bool duty_user_on_shift(const struct duty_shift *s, const struct duty_member *mem, int nm,
			const struct duty_change *ch, int nc, int64_t user_id);

/* ---------- leave (svc_leave.c) ---------- */

struct svc_leave_in {
	int64_t post_id;
	int64_t member_id;  /* a member of a team of the post */
	const char *from;   /* YYYY-MM-DD, today to 180 days ahead */
	const char *to;     /* at most 60 days after from */
	const char *reason; /* at most 200 characters, NULL for none */
};

/* svc_duty_leave_create writes the leave and marks the person out of every shift of their
 * teams at the post in the range that has not ended. */
int svc_duty_leave_create(struct svc *s, const struct svc_leave_in *in, struct duty_leave *ret);
/* svc_duty_leave_cancel cancels leave id; shifts begun keep it.  ERR_CONFLICT if cancelled. */
int svc_duty_leave_cancel(struct svc *s, int64_t id, struct duty_leave *ret);

/* svc_duty_leave_reapply writes the leave of post p over the days [from_s, to_s] onto the shifts
 * just generated there.  svc_duty_leave_join writes the live leave of the person of member m,
 * just added to a team of p, onto the shifts of m's team; *ret_n counts the shifts marked. */
int svc_duty_leave_reapply(struct svc *s, const struct duty_post *p, const char *from_s,
			   const char *to_s);
int svc_duty_leave_join(struct svc *s, const struct duty_post *p, const struct duty_member *m,
			int *ret_n);

/* ---------- handovers ---------- */

struct svc_handover_in {
	int64_t shift_id;
	const char *incidents; /* at most 2000 characters */
	const char *note;      /* at most 2000 characters */
	int64_t masks;         /* 0 to 1000000 */
	int64_t batteries;     /* 0 to 100000 */
};

/* svc_duty_handover_create: the leaving team writes the handover of its shift, from an hour
 * before it ends until a day after, with the shift's counts.  ERR_CONFLICT naming "id" outside
 * those hours or when the shift has one. */
int svc_duty_handover_create(struct svc *s, const struct svc_handover_in *in,
			     struct handover *ret);
/* svc_duty_handover_confirm: a member of the arriving shift confirms handover id, or the
 * command post or the village (duty.write) on its behalf with a note saying why. */
int svc_duty_handover_confirm(struct svc *s, int64_t id, const char *note, struct handover *ret);

#endif
