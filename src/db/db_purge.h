/* db_purge.h: the end-of-epidemic purge of personal data, and the check of its column list. */
#ifndef FANGYI_DB_PURGE_H
#define FANGYI_DB_PURGE_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct arena;
struct fault;

/* What becomes of one identifying column of the rows dated before the cut-off. */
enum purge_how {
	PURGE_NULL,    /* SQL NULL (a nullable ID number, phone, link to the registry) */
	PURGE_EMPTY,   /* '' (free text a clerk typed) */
	PURGE_MARK,    /* '已清除' where there was something: a list shows it was purged */
	PURGE_MARK_ID, /* '已清除#<id>': a column that must stay unique (an address) */
	PURGE_JSON,    /* '{}' (a visit's answers) */
	PURGE_PERSON,  /* the placeholder registry row (a NOT NULL link to a person) */
	PURGE_DELETE,  /* the rows go (idempotency records, photos): nothing counts them */
	PURGE_AUDIT,   /* db_audit_purge_subjects: who did what is kept, not to whom */
};

/* One identifying column: the table, which rows are the epidemic's work dated before the
 * cut-off (an SQL condition; each ? is the cut-off in Unix seconds: it names the date column
 * that decides), the column, what becomes of it, and whether only `--registry` touches it. */
struct purge_col {
	const char *table;
	const char *rows;
	const char *column;
	enum purge_how how;
	bool registry;
};

/* A column whose name looks identifying but which is declared not to be, and why. */
struct purge_exempt {
	const char *table;
	const char *column;
	const char *why;
};

/* db_purge_columns / db_purge_exempt: the two lists (static; the count in *ret_n). */
const struct purge_col *db_purge_columns(int *ret_n);
const struct purge_exempt *db_purge_exempt(int *ret_n);

/* db_purge_looks_identifying: does a column's name look like personal data (a name, an ID
 * number, a phone, an address, a plate, free text, a link to a person)? */
bool db_purge_looks_identifying(const char *column);

/* A column of the live schema the lists do not account for, or a listed column it lacks. */
struct purge_gap {
	char *table;
	char *column;
	bool missing; /* listed, but not in the schema; otherwise in the schema, listed nowhere */
};

/*
 * db_purge_check compares the lists with the schema of c (SQLite's table_info, PostgreSQL's
 * information_schema): every column whose name looks identifying must be purged or declared
 * not identifying, and every listed column must exist.  *ret (in a) and *ret_n are the gaps;
 * 0 or ERR_DB.
 */
int db_purge_check(struct dbc *c, struct arena *a, struct purge_gap **ret, int *ret_n);

/* The count of one column (column NULL: the table's rows touched) of one purge. */
struct purge_count {
	const char *table;
	const char *column;
	int64_t rows;
};

struct purge_result {
	struct purge_count *counts; /* in the arena, in the list's order */
	int ncounts;
	int64_t audit_rows;  /* audit rows that lost their subject */
	int64_t kept_active; /* observation periods dated before the cut-off but still active */
	int64_t audit_id;    /* the purge's own audit row (0 for a dry run) */
};

struct purge_opts {
	int64_t before;       /* the cut-off: the start of the town's local day DATE */
	const char *date;     /* DATE, YYYY-MM-DD, for the audit row */
	bool registry;        /* the registry (person, household) too */
	bool dry_run;         /* count only: the transaction is rolled back */
	const char *username; /* who runs it, for the audit row */
	int nbackups;         /* backups it is going to clean, for the audit row */
};

/*
 * db_purge_run purges, in one transaction, every listed column of the rows dated before
 * opts->before (the registry's only with opts->registry), clears the subjects of the audit
 * before it, and records itself in the audit (action "purge", detail JSON with "before",
 * "registry" and "rows").  A dry run counts the same and changes nothing.  Counts in *ret (in
 * a); 0 or a negative enum err with a fault.
 */
int db_purge_run(struct dbc *c, struct arena *a, const struct purge_opts *opts,
                 struct purge_result *ret, struct fault *f);

/*
 * db_purge_scrub leaves nothing of the purged values on disk (SQLite): secure_delete, the log
 * checkpointed and truncated, VACUUM, and truncated again.  *ret_complete is false when another
 * process still reads the database, so the log could not be emptied.  PostgreSQL: nothing to
 * do here (0, complete).
 */
int db_purge_scrub(struct dbc *c, bool *ret_complete, struct fault *f);
/* db_purge_secure: PRAGMA secure_delete on c (SQLite), before db_purge_run: what a change
 * frees is overwritten with zeros.  0 or ERR_DB. */
int db_purge_secure(struct dbc *c);

/* A backup recorded by `fangyi backup`, and what the purge made of it. */
struct purge_backup {
	int64_t id;
	char *path;
	char *backend; /* sqlite, postgresql */
	int64_t at;
	int64_t purged_at; /* 0: never */
	const char *state; /* purged, missing, holds_personal_data, would_purge */
	char *why;         /* for holds_personal_data: what stopped the purge (en / zh) */
};

/* db_backup_list: every recorded backup, oldest first, in a.  0 or ERR_DB. */
int db_backup_list(struct dbc *c, struct arena *a, struct purge_backup **ret, int *ret_n);

/*
 * db_purge_backup applies the same purge to one recorded backup: a SQLite file still present
 * is opened, purged, scrubbed and put back in rollback-journal mode; a missing file is
 * "missing"; a pg_dump archive, a newer schema or a failure is "holds_personal_data" with the
 * reason.  The live database's record of it (c) gets purged_at.  Sets b->state and b->why.
 */
void db_purge_backup(struct dbc *c, struct arena *a, const struct purge_opts *opts,
                     struct purge_backup *b);

#endif
