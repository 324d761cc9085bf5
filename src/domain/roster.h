/* roster.h: duty rosters as arithmetic: shift patterns, which team works which shift, and the
 * gaps and overlaps of a roster against a post's hours.  Pure functions: no SQL, no HTTP. */
#ifndef FANGYI_ROSTER_H
#define FANGYI_ROSTER_H

#include <stdbool.h>
#include <stdint.h>

struct fault;

#define ROSTER_MAX_SHIFTS 12  /* shifts in one day of a pattern */
#define ROSTER_MAX_CYCLE 28   /* entries in a pattern's team cycle */
#define ROSTER_MAX_DAYS 62    /* days generated at once */

struct shift_def {
	int start;   /* minutes after local midnight, 0-1439 */
	int minutes; /* 30-1440 */
};

/* roster_hhmm reads "HH:MM" (00:00-23:59; "24:00" only when allow_24) into minutes; -1 when bad. */
int roster_hhmm(const char *s, bool allow_24);

/* roster_shifts_text writes defs as the stored "start:minutes,..." text into ret (cap bytes). */
void roster_shifts_text(const struct shift_def *defs, int n, char *ret, int cap);
/* roster_shifts_parse reads that text back; the count, or -1 when it is not well formed. */
int roster_shifts_parse(const char *s, struct shift_def *ret, int cap);

/*
 * roster_team_index says which entry of a cycle of n teams works shift k
 * (0-based, in the day's order) on day d (days since the pattern's anchor,
 * negative before it): (d * day_step + k) mod n, never negative.  A
 * four-team rotation of four 6-hour shifts has day_step 1 (each team moves
 * one shift later every day); three 8-hour shifts worked in an unbroken
 * sequence have day_step 3.
 */
int roster_team_index(int64_t d, int k, int day_step, int n);

/* A span of time, Unix seconds [from, to). */
struct span {
	int64_t from, to;
};

/*
 * roster_coverage compares staffed shifts with the hours a post must be
 * staffed.  need: the required spans (sorted or not); shifts: spans of
 * shifts that have a team.  Writes into gaps the maximal spans that are
 * required and staffed by nobody, and into overlaps the maximal spans
 * staffed by two or more shifts (required or not), at most cap of each.
 * Counts in *ret_ngaps and *ret_noverlaps (truncated at cap).
 */
void roster_coverage(const struct span *need, int nneed, const struct span *shifts, int nshifts,
		     struct span *gaps, int *ret_ngaps, struct span *overlaps, int *ret_noverlaps,
		     int cap);

#endif
