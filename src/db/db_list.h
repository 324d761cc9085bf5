/* db_list.h: lists from higher authorities, their rows and verdicts, and their counters. */
#ifndef FANGYI_DB_LIST_H
#define FANGYI_DB_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "match.h"

struct arena;

/* Conventions as in db_registry.h.  Counters are indexed by enum match_class. */

struct list_batch {
	int64_t id;
	char *name, *source, *received_on, *area_code, *area_name, *sha256, *kind, *status, *error;
	char *scope; /* area_code's prefix: the registry it is matched with */
	int high_risk;
	int64_t rows_total, rows_done;
	int64_t n[MATCH__MAX];
	int64_t seen_before, tasks, registered;
	int64_t user_id;
	char *username; /* who received it ("" for the command line) */
	int64_t created_at, finished_at;
};

struct list_row {
	int64_t id, batch_id;
	int line;
	char *cells; /* as received, tab-separated */
	char *name, *id_number, *phone, *birth_date, *arrived_on, *left_on, *origin, *note;
	char *cls, *reason, *area_code;
	char *area_name, *village_name; /* read: the row's area, and a grid's village (else "") */
	int64_t person_id, key_person_id, task_id;
	char *candidates; /* "person_id:reason,..." */
	int more_candidates;
	int first_line;
	char *fault_field, *fault_zh, *fault_en;
	char *decision;
	int64_t decided_by, decided_at;
	/* read: the matched person, as the registry has them now */
	char *person_name, *person_id_number, *person_phone;
};

/* A list's rows of one area and class (the page's table per village). */
struct list_area_n {
	char *area_code, *area_name;
	char *cls;
	int64_t n;
};

int db_list_insert(struct dbc *c, struct list_batch *b); /* sets b->id, b->created_at */
int db_list_get(struct dbc *c, struct arena *a, int64_t id, struct list_batch *ret);
/* db_list_by_file: the list of scope whose file had this sha256; ERR_NOTFOUND when none. */
int db_list_by_file(struct dbc *c, struct arena *a, const char *scope, const char *sha256,
		    struct list_batch *ret);
/* db_list_list: lists received in scope, or above it (a town's list, for its villages), newest
 * first. */
int db_list_list(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
		 struct list_batch **ret, int *ret_n, int64_t *ret_total);
/* db_list_add moves the counters of list id by the chunk just written. */
int db_list_add(struct dbc *c, int64_t id, const struct list_batch *delta);
int db_list_set_status(struct dbc *c, int64_t id, const char *status, const char *error,
		       int64_t rows_total);
/* db_list_reset forgets the rows and counters of list id, to match it again. */
int db_list_reset(struct dbc *c, int64_t id);
/* db_list_unfinished: lists left "matching" by a process that stopped. */
int db_list_unfinished(struct dbc *c, struct arena *a, int64_t **ret, int *ret_n);

int db_list_area_add(struct dbc *c, int64_t batch, const char *area_code, const char *cls,
		     int64_t n);
/* db_list_area_counts: the rows of list batch per area and class, in scope. */
int db_list_area_counts(struct dbc *c, struct arena *a, int64_t batch, const char *scope,
			struct list_area_n **ret, int *ret_n);

/* db_list_rows_insert writes n rows of a chunk (their ids are not read back: nobody reads them
 * while the chunk is written). */
int db_list_rows_insert(struct dbc *c, const struct list_row *r, int n);
int db_list_row_get(struct dbc *c, struct arena *a, int64_t id, struct list_row *ret);
/* db_list_rows: rows of list batch in scope, of class cls ("" for any) and area prefix area
 * ("" for any), in line order after line after. */
int db_list_rows(struct dbc *c, struct arena *a, int64_t batch, const char *scope, const char *cls,
		 const char *area, int after, int limit, struct list_row **ret, int *ret_n);
/* db_list_row_decide writes a clerk's verdict on a row: class, person, links, decision, who
 * and when (NULL when 0: a decision undone); and the task a not_found row was sent with. */
int db_list_row_decide(struct dbc *c, const struct list_row *r);

/*
 * db_list_persons calls fn for every person of the registry in scope (merged records left out):
 * id, ID number, phone, name, birth date, area code, and whether under observation now.  The
 * strings are valid only during the call.  Stops at fn's first non-zero answer and returns it.
 */
int db_list_persons(struct dbc *c, const char *scope,
		    int (*fn)(void *arg, int64_t id, const char *id_number, const char *phone,
			      const char *name, const char *birth, const char *area_code, bool watched,
			      int64_t key_person_id),
		    void *arg);
/* db_list_person_count: the people of the registry in scope (merged records left out). */
int db_list_person_count(struct dbc *c, const char *scope, int64_t *ret);
/* db_list_open_task: the person's open task from a list (source big_data); ERR_NOTFOUND. */
int db_list_open_task(struct dbc *c, int64_t person_id, int64_t *ret);
/* db_list_named_before: whether a list other than batch named the person already. */
int db_list_named_before(struct dbc *c, int64_t person_id, int64_t batch, bool *ret);
/* db_list_others: whether a list other than batch has rows written (else nobody was named
 * before by one). */
int db_list_others(struct dbc *c, int64_t batch, bool *ret);
/* db_list_person_name: the name of person id, in a; ERR_NOTFOUND. */
int db_list_person_name(struct dbc *c, struct arena *a, int64_t id, char **ret);

#endif
