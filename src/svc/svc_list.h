/*
 * svc_list.h: lists from higher authorities ("big data") matched against the registry.
 *
 * A list (railway and flight passengers, telecom roaming, another town's referrals) arrives as a
 * spreadsheet of up to millions of rows.  It is read once (svc_list_read), stored as a batch
 * (svc_list_create), and matched (svc_list_match): the registry of the receiver's area is indexed
 * in memory (match.h), every row is classed once, and the verdicts are written in chunks of a
 * few hundred rows, each in a transaction shared with the hot writes of the moment, so a
 * checkpoint's screenings are acknowledged while a million rows are written.  What a row leads
 * to is one record per person: a person already under observation gets the list on their
 * timeline; a person in the registry gets one task for their grid worker (or, from a high-risk
 * list, is registered for observation at once), and a second list naming them adds to that task
 * rather than opening another.  A possible match waits for a clerk (svc_list_decide).
 */
#ifndef FANGYI_SVC_LIST_H
#define FANGYI_SVC_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_list.h"
#include "svc.h"

#define LIST_MAX_ROWS 5000000

/* One data row of a list as read from its file: cells as typed (any may be NULL). */
struct svc_list_row {
	int line;          /* the physical row in the file */
	const char *cells; /* every cell, tab-separated */
	const char *id_number, *phone, *name, *birth, *village, *arrived_on, *left_on, *origin, *note;
	bool lost_digits;  /* the ID number was stored by Excel as a number */
};

struct svc_list_file {
	const char *kind; /* xlsx, xls, csv */
	char **sheets;    /* a workbook's sheets by name (none for a CSV), the one read among them */
	int nsheets;
	const char *sheet; /* the sheet read: the one named, else the first; NULL for a CSV */
	char sha256[65];
	struct svc_list_row *rows;
	size_t n;
};

/* svc_list_read reads a list's bytes (xlsx, xls or CSV, told apart by content) into ret, in
 * s->arena: the sheet named sheet of a workbook, or its first when sheet is NULL or "".
 * ERR_INVALID with the fault naming the file or the header when there is no header with at
 * least an ID number, a phone or a name column, or naming "sheet" (with the workbook's sheets)
 * for a sheet it does not have or any sheet of a CSV; ERR_TOOBIG past LIST_MAX_ROWS. */
int svc_list_read(struct svc *s, const char *data, size_t n, const char *sheet,
		  struct svc_list_file *ret);

/* What the receiver says of a list. */
struct svc_list_in {
	const char *name;        /* required, at most 100 characters */
	const char *source;      /* required, at most 100 characters: 区指挥部, 铁路部门... */
	const char *received_on; /* YYYY-MM-DD, not in the future; NULL for today */
	bool high_risk;          /* found people are registered for observation at once */
};

/*
 * svc_list_create validates in and stores the list of file f as a batch "matching", audited, in
 * the caller's transaction.  The same file received again in the same area is the same list:
 * *existing is set and ret is that list, unless its match failed, when it is reset to be matched
 * again.  ERR_INVALID naming name, source or received_on; ERR_INVALID naming "file" for a file
 * without rows.
 */
int svc_list_create(struct svc *s, const struct svc_list_in *in, const struct svc_list_file *f,
		    struct list_batch *ret, bool *existing);

/* Where a match's time went, in seconds of the wall clock: reading the registry and indexing
 * it, classing the rows, and storing them (waiting for the shared writer and the commit's sync
 * included), of which what the rows lead to (tasks, timelines, registrations). */
struct svc_list_times {
	double index, classify, store, leads;
};

/*
 * svc_list_match matches the rows of f against the registry in s->scope and writes their
 * verdicts and what they lead to into list batch, in chunks, each committed on its own (through
 * db_batch where writes are shared); progress(arg, done, total) after each, once the chunk is
 * durable.  Not inside a transaction of the caller.  At the end the list is "done"; on an error
 * it is "failed" with the error's words, and the chunks already written stay (matching it again
 * folds into them).  times, when not NULL, is filled with where the time went.
 */
int svc_list_match(struct svc *s, int64_t batch, const struct svc_list_file *f,
		   void (*progress)(void *arg, size_t done, size_t total), void *arg,
		   struct svc_list_times *times);

/* What a dry run says: the rows' classes, and how many people they are. */
struct svc_list_summary {
	size_t rows;
	size_t n[MATCH__MAX];
	size_t records;
};

/* svc_list_dry classes the rows of f against the registry in s->scope, writing nothing. */
int svc_list_dry(struct svc *s, const struct svc_list_file *f, struct svc_list_summary *ret);

/* svc_list_get reads list id as the actor may see it (its area holds the actor's or lies in it;
 * else ERR_NOTFOUND naming "id"); a village's actor reads the counts of their own rows only.
 * areas: the rows per area and class in the actor's scope. */
int svc_list_get(struct svc *s, int64_t id, struct list_batch *ret, struct list_area_n **areas,
		 int *nareas);
int svc_list_list(struct svc *s, int limit, int offset, struct list_batch **ret, int *ret_n,
		  int64_t *total);

/* svc_list_rows: rows of list id in the actor's scope, of class cls ("" for all, else one of
 * match_class_word's) and area ("" for all), after line after, at most limit. */
int svc_list_rows(struct svc *s, int64_t id, const char *cls, const char *area, int after,
		  int limit, struct list_row **ret, int *ret_n);

/* svc_list_row reads one row of list id in the actor's scope: ERR_NOTFOUND naming "row_id". */
int svc_list_row(struct svc *s, int64_t id, int64_t row_id, struct list_row *ret);

/*
 * svc_list_decide is a clerk's verdict on a possible row, in the caller's transaction: with
 * person_id (one of the row's candidates) the row becomes found for that person and leads
 * where a found row does (a task, or observation from a high-risk list, or the list on the
 * timeline of a person already watched); with 0 it becomes not_found, rejected.  The list's
 * counters move with it; audited.  ERR_CONFLICT naming "class" when the row is not possible,
 * ERR_INVALID naming "person_id" for a person who is not a candidate.
 */
int svc_list_decide(struct svc *s, int64_t id, int64_t row_id, int64_t person_id,
		    struct list_row *ret);

/* What a search task (查找任务) for a not_found row is sent with. */
struct svc_list_search_in {
	const char *area_code; /* a village or grid of the list's area and the actor's; NULL or "":
				* the one the row names in its cells (by code or name) */
	int64_t owner_id;      /* 0: the area's grid worker, else its secretary, else the admin */
	int64_t deadline;      /* Unix seconds, later than now; 0: two days from now */
};

/*
 * svc_list_search_task sends not_found row row_id of list id to a village or grid to be looked
 * for door to door: one task (source big_data, the list's id; the row's numbers masked in it),
 * linked from the row (its task_id), audited, in the caller's transaction.  Asked again, it
 * answers the row with the task it already has (*existing).  ERR_NOTFOUND naming "row_id";
 * ERR_CONFLICT naming "class" for a row that is not not_found; ERR_INVALID naming area_code
 * (none given and the row names none, or one outside), owner_id or deadline; ERR_DENIED
 * without task.assign.
 */
int svc_list_search_task(struct svc *s, int64_t id, int64_t row_id,
			 const struct svc_list_search_in *in, struct list_row *ret, bool *existing);

/* What a search of every not_found row did. */
struct svc_list_search_all {
	int64_t rows;     /* not_found rows in the actor's scope */
	int64_t tasks;    /* tasks opened now, one per row */
	int64_t existing; /* rows that had their task already */
	int64_t no_place; /* rows naming no village or grid (none was chosen for all) */
	int64_t left;     /* rows past the SEARCH_MAX of one call: call again */
};

/* svc_list_search_tasks is svc_list_search_task for every not_found row of list id without a
 * task: each to the village it names, or all to in->area_code; at most 2,000 a call. */
int svc_list_search_tasks(struct svc *s, int64_t id, const struct svc_list_search_in *in,
			  struct svc_list_search_all *ret);

/* What an undone decision was, and what it left: the task or key person it led to stay. */
struct svc_list_undone {
	const char *cls, *decision;
	int64_t task_id, key_person_id;
};

/*
 * svc_list_undo puts a clerk's confirm or reject of row row_id back: the row is possible again
 * (its cells and candidates were kept), the list's counters and its rows per area move back in
 * the caller's transaction, audited with reason.  The task or key person the decision led to
 * stays, named in *was, for its owner to close.  ERR_INVALID naming "reason" (required, at most
 * 500 characters); ERR_CONFLICT naming "class" for a row no clerk decided.
 */
int svc_list_undo(struct svc *s, int64_t id, int64_t row_id, const char *reason,
		  struct list_row *ret, struct svc_list_undone *was);

/* svc_list_recover marks the lists a stopped process left "matching" as failed, to be received
 * again; at the start of a server. */
int svc_list_recover(struct svc *s);

/* svc_list_class_zh: a class's Chinese words ("已在观察", "待核实"...), for files and the CLI. */
const char *svc_list_class_zh(const char *cls);
const char *svc_list_reason_zh(const char *reason);

/*
 * svc_list_start runs svc_list_match on a thread of its own with a connection of db, for the
 * actor of s (copied), and frees f's arena (fa) when done.  Returns 0 once started, or an error
 * (then the list is marked failed and fa is freed).
 */
struct db;
struct arena;
int svc_list_start(struct db *db, const struct svc *s, int64_t batch, struct svc_list_file *f,
		   struct arena *fa);
/* svc_list_jobs: how many matches are running in this process. */
int svc_list_jobs(void);
/* svc_list_wait waits until no match runs. */
void svc_list_wait(void);
/* svc_list_stop asks every running match to stop at its next chunk (its list is then failed,
 * to be received again) and waits for them: a server stopping. */
void svc_list_stop(void);
/* svc_list_stopping: whether svc_list_stop was called. */
bool svc_list_stopping(void);

#endif
