/* db_registry.h: the records fangyi keeps (settings, areas, households, people, users and their
 * sessions, idempotency records, audit) and the functions that read and write them. */
#ifndef FANGYI_DB_REGISTRY_H
#define FANGYI_DB_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "search.h"

struct arena;
struct fault;

/*
 * Conventions for every function here: strings in returned records are
 * allocated in the arena a (the caller's request or command arena) and
 * live as long as it; functions return 0 or a negative enum err, and write
 * ret_* only on success.  Writes that touch several rows expect the caller
 * to hold a transaction (dbc_begin) so nothing is half-written.
 *
 * A "scope" is an area code prefix (see area_scope_len): a record is in
 * scope when its area_code starts with it.  "" is everywhere.
 */

struct area {
	int64_t id;
	char *code;
	char *name;
	int level; /* 1 district, 2 town, 3 village, 4 grid */
	char *kind;
	int64_t parent_id;
	char *parent_code;
	int64_t persons;    /* live people in this area and below (filled by list) */
	int64_t households; /* likewise */
};

struct household {
	int64_t id;
	int64_t area_id;
	char *area_code;
	char *area_name;
	char *village_name; /* a grid's village ("云龙村"), else "" */
	char *address;
	int64_t head_id; /* 0 when none */
	char *head_name;
	int64_t members;
	char *notes;
	int is_demo;
	int64_t created_at, updated_at;
};

struct person {
	int64_t id;
	char *name;
	char *id_number; /* NULL when unknown */
	char *phone;     /* NULL when unknown */
	char *gender;    /* "M", "F" or NULL */
	char *birth_date;
	int64_t household_id; /* 0 when none */
	char *household_address;
	char *relation;
	int64_t area_id;
	char *area_code;
	char *area_name;
	char *village_name; /* a grid's village ("云龙村"), else "" */
	char *residence;
	char *tags; /* comma-separated tag keys, "" for none */
	char *notes;
	int is_demo;
	int64_t merged_into; /* 0 when live */
	int64_t created_at, updated_at;
};

struct person_query {
	const char *scope;    /* code prefix the caller may see */
	const char *q;        /* search text as search_parse read it, or NULL */
	enum search_kind qkind; /* what q is: a name, or which whole number (search.h) */
	int64_t household_id; /* 0: any */
	const char *tag;      /* NULL: any */
	int limit, offset;
};

struct user {
	int64_t id;
	char *username;
	char *display_name;
	char *role;
	int64_t area_id;
	char *area_code;
	char *area_name;
	int area_level;
	int disabled;
	int failed_logins;
	int64_t locked_until;
	int64_t last_login_at;
	int64_t created_at;
	char *pwhash;
	char *phone; /* work phone for notices, "" when unknown */
};

struct session {
	int64_t id;
	char *csrf;
	int64_t expires_at;
	int64_t revoked_at; /* 0 when live */
	struct user user;
};

struct audit {
	int64_t id;
	int64_t at;
	int64_t user_id; /* 0: nobody logged in */
	const char *username;
	const char *ip;
	const char *action;
	const char *object_kind;
	int64_t object_id; /* 0: none */
	const char *area_code;
	const char *detail;
	int ok;
	const char *serial; /* an export's serial (EX-...), NULL for any other row */
	int64_t seq;	    /* its place in the chain (read back only) */
	int subject_purged; /* object_id and detail blanked by the purge (read back only) */
};

/* settings: key/value text, e.g. "town_code", "town_name". */
int db_setting_get(struct dbc *c, struct arena *a, const char *key, char **ret);
int db_setting_put(struct dbc *c, const char *key, const char *value);

/* areas */
int db_area_insert(struct dbc *c, struct area *ar); /* sets ar->id; ERR_CONFLICT on a taken code */
int db_area_get_by_code(struct dbc *c, struct arena *a, const char *code, struct area *ret);
int db_area_get(struct dbc *c, struct arena *a, int64_t id, struct area *ret);
/* db_area_towns gives every town (level 2) of the database, by code, on a; the counts are each
 * town's own row's, not its subtree's.  A district holds several towns in one database. */
int db_area_towns(struct dbc *c, struct arena *a, struct area **ret, int *ret_n);
/* db_area_find takes a code or an exact name; ERR_CONFLICT when the name is
 * not unique (the fault lists the codes), ERR_NOTFOUND when unknown. */
int db_area_find(struct dbc *c, struct arena *a, const char *code_or_name, struct area *ret,
		 struct fault *f);
/* db_area_list gives the areas inside scope and the ancestors of scope,
 * ordered by code, with persons/households summed over each subtree. */
int db_area_list(struct dbc *c, struct arena *a, const char *scope, struct area **ret,
		 int *ret_n);
/* db_area_next_child_code gives an unused code for a new grid under a village. */
int db_area_next_child_code(struct dbc *c, struct arena *a, const struct area *parent,
			    char **ret);
/* db_area_counts sums the maintained counts over scope. */
int db_area_counts(struct dbc *c, const char *scope, int64_t *ret_persons,
		   int64_t *ret_households);
/* An area with its own maintained counts (not its subtree's). */
struct area_own {
	char *code, *name;
	int level;
	int64_t persons, households;
};
/* db_area_own: the areas in scope with their own counts, by code. */
int db_area_own(struct dbc *c, struct arena *a, const char *scope, struct area_own **ret, int *ret_n);

/* db_area_add_counts moves the maintained counts of one area. */
int db_area_add_counts(struct dbc *c, int64_t area_id, int64_t persons, int64_t households);

/* households */
int db_household_insert(struct dbc *c, struct household *h); /* sets h->id */
int db_household_get(struct dbc *c, struct arena *a, int64_t id, struct household *ret);
int db_household_find(struct dbc *c, struct arena *a, int64_t area_id, const char *address,
		      struct household *ret);
int db_household_update(struct dbc *c, const struct household *h);
/* db_household_add_members moves the maintained member count of a household. */
int db_household_add_members(struct dbc *c, int64_t id, int64_t n);
/* db_household_add inserts h (sets h->id) without moving its area's count, which the caller
 * moves (the import: once per area for the whole file). */
int db_household_add(struct dbc *c, struct household *h);
/* db_household_settle adds members to household id and makes head_id its head: the import's
 * one write per household, after its rows. */
int db_household_settle(struct dbc *c, int64_t id, int64_t members, int64_t head_id);
int db_household_list(struct dbc *c, struct arena *a, const char *scope, const char *q, int limit,
		      int offset, struct household **ret, int *ret_n, int64_t *ret_total);
/* db_household_area_code gives the area code of a household, for scope checks. */
int db_household_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret);

/* people */
int db_person_insert(struct dbc *c, struct person *p); /* sets p->id; ERR_CONFLICT on a taken ID number */
/* db_person_add inserts the n people of v (with ID numbers, but for a lone one), with their tags,
 * up to 64 a statement, and moves no count, which the caller moves (the import: once per area
 * and household).  Sets the id of each one inserted; one whose ID number is taken keeps id 0, and
 * nothing of it was written (the transaction stands, on PostgreSQL too).  a holds the rows'
 * reversed keys. */
int db_person_add(struct dbc *c, struct arena *a, struct person *const *v, int n);
/* db_person_update writes every field of p over the stored row old (same
 * id), moving the maintained counts when the area or household changes. */
int db_person_update(struct dbc *c, const struct person *p, const struct person *old);
int db_person_get(struct dbc *c, struct arena *a, int64_t id, struct person *ret);
int db_person_get_by_idnum(struct dbc *c, struct arena *a, const char *idnum, struct person *ret);
/* db_person_find_noid finds a live person without an ID number by name,
 * birth date (may be NULL) and household: how imports recognise children. */
int db_person_find_noid(struct dbc *c, struct arena *a, const char *name, const char *birth,
			int64_t household_id, struct person *ret);
int db_person_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret);
/* A search (pq->q) counts at most DB_SEARCH_CAP + 1 matches: a total above
 * DB_SEARCH_CAP means "more than that", and pages reach only the first ones. */
#define DB_SEARCH_CAP 1000
int db_person_list(struct dbc *c, struct arena *a, const struct person_query *pq,
		   struct person **ret, int *ret_n, int64_t *ret_total);
/* db_person_duplicates lists live people in scope who share name, birth
 * date and household with another where one of them has no ID number,
 * ordered so that each group is consecutive. */
int db_person_duplicates(struct dbc *c, struct arena *a, const char *scope, int limit,
			 struct person **ret, int *ret_n);
/* db_person_merge folds person `from` into `into`: tags, household headship
 * and linked users move to `into`; `from` is kept, marked merged_into. */
int db_person_merge(struct dbc *c, struct arena *a, int64_t from, int64_t into);

/* users and sessions */
int db_user_insert(struct dbc *c, struct user *u); /* sets u->id; ERR_CONFLICT on a taken name */
int db_user_get(struct dbc *c, struct arena *a, int64_t id, struct user *ret);
int db_user_get_by_name(struct dbc *c, struct arena *a, const char *username, struct user *ret);
/* db_user_list: the users of the areas in scope and of the areas above it ("" is everyone). */
int db_user_list(struct dbc *c, struct arena *a, const char *scope, int limit, int offset,
		 struct user **ret, int *ret_n, int64_t *ret_total);
int db_user_set_password(struct dbc *c, int64_t id, const char *pwhash);
int db_user_set_disabled(struct dbc *c, int64_t id, bool disabled);
int db_user_set_display_name(struct dbc *c, int64_t id, const char *name);
/* db_user_login_ok notes a good login's time. */
int db_user_login_ok(struct dbc *c, int64_t id);

/*
 * Failures of a secret (a password, a self-report code) from one address,
 * shared by every server on the database.  kind and name say whose count
 * ("login" and the user name typed, "login_addr" or "self_report" and "").
 * db_throttle_get gives zeros when none is kept; db_throttle_put replaces
 * the row; db_throttle_clear forgets it; db_throttle_prune forgets every
 * row quiet since before and whose wait is over by then.
 */
struct throttle {
	int failures;
	int64_t last_at, wait_until;
};
int db_throttle_get(struct dbc *c, const char *kind, const char *name, const char *ip,
		    struct throttle *ret);
int db_throttle_put(struct dbc *c, const char *kind, const char *name, const char *ip,
		    const struct throttle *t);
int db_throttle_clear(struct dbc *c, const char *kind, const char *name, const char *ip);
int db_throttle_prune(struct dbc *c, int64_t before);

int db_session_insert(struct dbc *c, const char *token_hash, const char *csrf, int64_t user_id,
		      const char *ip, int64_t expires_at);
int db_session_lookup(struct dbc *c, struct arena *a, const char *token_hash,
		      struct session *ret);
int db_session_revoke(struct dbc *c, const char *token_hash);
int db_session_revoke_user(struct dbc *c, int64_t user_id);

/* A grid worker or village doctor who may be put on a key person's record. */
struct staff_option {
	int64_t id;
	char *name; /* the display name, else the username */
	char *role, *area_code, *area_name;
};

/* db_user_find_staff: the first enabled user of role sitting exactly at area code. */
int db_user_find_staff(struct dbc *c, const char *role, const char *area_code, int64_t *ret_id);
/* db_staff_of: the enabled grid workers and doctors whose area lies in the prefix range of
 * area_code (a village), at most limit, in the arena a. */
int db_staff_of(struct dbc *c, struct arena *a, const char *area_code, int limit,
		struct staff_option **ret, int *ret_n);
int db_user_set_phone(struct dbc *c, int64_t id, const char *phone);

/* Idempotency records (db_idem.c): the first answer to a (key, user), replayed on retries. */
int db_idem_get(struct dbc *c, struct arena *a, const char *key, int64_t user_id, char **ret_hash,
		int *ret_status, char **ret_body);
/* db_idem_put: ERR_CONFLICT when another request with the key got there first. */
int db_idem_put(struct dbc *c, const char *key, int64_t user_id, const char *route,
		const char *hash, int status, const char *body);

/* audit: append and read; the purge's blanking is the one change (db_audit.c) */
/* db_audit_add appends e chained to the row before it (in c's transaction, or its own). */
int db_audit_add(struct dbc *c, const struct audit *e);
/* db_audit_count_user counts user_id's rows of action at or after since. */
int db_audit_count_user(struct dbc *c, int64_t user_id, const char *action, int64_t since,
			int64_t *ret);
/* db_audit_list pages the log newest first; action, username and serial filter when not
 * NULL or "". */
int db_audit_list(struct dbc *c, struct arena *a, const char *action, const char *username,
		  const char *serial, int limit, int offset, struct audit **ret, int *ret_n,
		  int64_t *ret_total);

/* What fangyi audit verify found: the whole chain, or its first wrong row. */
struct audit_verdict {
	int64_t rows;	     /* rows walked in chain order */
	int64_t head_seq;    /* the last row's seq and hash, as walked */
	char head_hash[65];
	const char *problem; /* NULL: whole; "changed", "deleted", "inserted" or "purged" */
	int64_t id;	     /* the row found wrong (0 when it is gone) */
	int64_t seq;	     /* its seq, or the first missing seq */
	char zh[256], en[256];
};

/*
 * db_audit_verify walks the chain in order of seq, a page at a time (never the whole log in
 * memory), recomputing every subject hash and every link.  Returns 0 with *ret filled whether
 * or not the chain is whole (ret->problem says), or the database's error.
 */
int db_audit_verify(struct dbc *c, struct audit_verdict *ret, struct fault *f);

/* db_audit_seal chains the rows written before the chain existed, in order of id: run once by
 * the migration that added it (0017), inside its transaction. */
int db_audit_seal(struct dbc *c, struct fault *f);

/*
 * db_audit_purge_subjects blanks object_id and detail ("to whom") of the rows about residents
 * (AUDIT_RESIDENT_KINDS) dated before `before`, marking them subject_purged; the chain, which
 * covers their subject_hash instead, still holds.  The caller writes the purge's own audit row
 * with detail {"before": before}, which the verifier requires.  *n: rows blanked.
 */
int db_audit_purge_subjects(struct dbc *c, int64_t before, int64_t *n, struct fault *f);

/* import batches */
int db_import_record(struct dbc *c, const char *kind, const char *sha256, const char *encoding,
		     int rows, int created, int updated, int unchanged, int64_t user_id);

#endif
