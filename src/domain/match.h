/* match.h: a district list's rows matched against the town's registry, in memory. */
#ifndef FANGYI_MATCH_H
#define FANGYI_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * A list from the district (railway, flight, telecom) is up to a million rows of ID numbers,
 * phones, names and dates typed every way; the registry is up to a million people.  The
 * registry is indexed once into open-addressing hash tables (a handful of big arrays, no
 * allocation per person), then each row is normalised into its keys and looked up: exact ID
 * number, else exact phone, else name and birth date (and village when the row names one).
 * What only looks like a person (a phone one digit off, an ID number wrong in its check
 * character, a name written with a variant character, several people sharing a key) is
 * "possible": a clerk decides, nothing is ever picked silently.  Nothing here touches a
 * database or a file.
 */

/* One registry person as the caller read it.  Strings are the stored forms or anything typed;
 * each may be NULL.  The index copies what it needs: the caller may free these afterwards. */
struct match_person {
	int64_t id;
	const char *id_number;
	const char *phone;
	const char *name;
	const char *birth;   /* "YYYY-MM-DD"; NULL takes the one in the ID number */
	const char *village; /* the person's area code (village or grid), digits */
	bool watched;        /* under active observation (a key person not yet released) */
};

/* One row of a list, its cells as received.  Any may be NULL or empty. */
struct match_row {
	long line;           /* the row's line in its file: duplicates name the first one */
	const char *id_number;
	const char *phone;
	const char *name;
	const char *birth;   /* 1980-01-02, 1980/1/2, 19800102, 1980.1.2, 1980年1月2日 */
	const char *village; /* an area code (6 to 15 digits) when the list gives one */
};

/* Every row gets exactly one class; a list's counts add up to its rows. */
enum match_class {
	MATCH_WATCHED,   /* matched a person under active observation */
	MATCH_FOUND,     /* matched a person of the registry, not under observation */
	MATCH_POSSIBLE,  /* only possible matches: candidates for a clerk */
	MATCH_NOT_FOUND, /* usable keys, nobody in the registry */
	MATCH_REFUSED,   /* nothing usable: see the verdict's fault */
	MATCH_DUPLICATE, /* repeats an earlier row of the same list for the same person */
	MATCH__MAX
};

/* Why a row matched a person, or why a person is only a candidate. */
enum match_reason {
	MATCH_BY_ID,         /* the same ID number */
	MATCH_BY_PHONE,      /* the same phone, and the same name when the row gives one */
	MATCH_BY_NAME_BIRTH, /* the same name and birth date (and village when the row gives one) */
	MATCH_NEAR_ID_CHECK, /* the ID numbers differ only in the check character */
	MATCH_NEAR_PHONE,    /* the same name, the phone one digit off or two digits swapped */
	MATCH_NEAR_NAME,     /* the name written with a variant character (華/华, 付/傅) */
	MATCH_NEAR_VILLAGE,  /* the same name and birth date in another village */
	MATCH_SEVERAL,       /* several people share the key the row matched on */
	MATCH_REASON__MAX
};

/* The stable words of the classes and reasons ("found", "near_phone"...), for rows and JSON. */
const char *match_class_word(enum match_class c);
const char *match_reason_word(enum match_reason r);

#define MATCH_CANDIDATES 8

struct match_candidate {
	uint32_t person; /* index into the persons given to match_index_build */
	int64_t id;
	bool watched;
	enum match_reason reason;
};

struct match_verdict {
	enum match_class cls;
	enum match_reason reason; /* watched/found: the key; possible: the first candidate's */
	uint32_t person;          /* watched/found: index into the persons given */
	int64_t person_id;        /* watched/found: that person's id; 0 otherwise */
	size_t ncand;             /* possible: candidates, each person once */
	bool more;                /* possible: more than MATCH_CANDIDATES were found */
	struct match_candidate cand[MATCH_CANDIDATES];
	long first_line;          /* duplicate: the line of the row it repeats */
	uint32_t record;          /* with a match_seen: the list's record (person) this row is */
	struct fault fault;       /* refused: which field and why, in zh and en */
	/* the row's normalised keys, empty when absent: what a stored list row keeps */
	char id_number[19];
	char phone[12];
	char birth[11];
};

/*
 * match_index_build indexes n persons (fewer than 2^31).  A person's ID number and phone are
 * normalised as a row's are; one that is not valid is simply not indexed under that key.
 * The index is three memory mappings, the people, their tables (together about 125 bytes a
 * person: 125 MB for a million) and the names (about 10 bytes a person), not an arena's,
 * because it asks for huge pages; the caller frees it with match_index_free.  Returns NULL when n is too
 * large or the memory is not there.  Once built it is only read: threads may match against
 * one index at once, each with its own match_seen.
 */
struct match_index *match_index_build(const struct match_person *persons, size_t n);

/*
 * The same index built from batches, so a registry read from a database cursor need not be
 * held whole first: match_index_new makes room for n persons (NULL as match_index_build);
 * match_index_room makes room for n persons in all, for a registry that turned out larger
 * than first thought (0; ERR_TOOBIG after match_index_done or at 2^31, ERR_NOMEM);
 * match_index_add indexes the next n persons given (they may be freed on return; their
 * indexes for match_verdict.person count on from the previous batches), returning 0,
 * ERR_TOOBIG past the room or after match_index_done, or ERR_NOMEM; match_index_done fills
 * the tables, sized for the persons added, after which the index is only read (0, or
 * ERR_NOMEM when the tables' memory is not there: then free it).  new, add of all persons,
 * done gives the index match_index_build gives.  A batch of a few thousand people or more
 * is read on two threads, and done fills the tables on two.
 */
struct match_index *match_index_new(size_t n);
int match_index_room(struct match_index *idx, size_t n);
int match_index_add(struct match_index *idx, const struct match_person *persons, size_t n);
int match_index_done(struct match_index *idx);
void match_index_free(struct match_index *idx); /* NULL is fine */

/*
 * match_seen_new remembers the rows of one list for duplicates: up to capacity rows (the
 * list's row count), about 95 bytes each, in one mapping freed by match_seen_free.  A row
 * repeats an earlier one when they share an ID number; or a phone, unless their ID numbers
 * or names disagree (a family travelling on one phone is several people); or a name and birth
 * date, unless their ID numbers or villages disagree; or when both found the same registry
 * person.  Returns NULL when capacity is too large or the memory is not there.
 */
struct match_seen *match_seen_new(size_t capacity);
void match_seen_free(struct match_seen *seen); /* NULL is fine */

/* match_seen_records is how many distinct people (records) the rows seen so far fold into. */
size_t match_seen_records(const struct match_seen *seen);

/*
 * match_row classifies one row into ret: refused when it has no valid ID number, no valid
 * phone and no name with a birth date; duplicate when seen (may be NULL) already holds a row
 * for the same person; else watched, found, possible or not_found against idx.  Rows are
 * given in list order: the first row of a person is matched, the later ones are duplicates
 * of it.  Returns 0, or ERR_TOOBIG when seen is full (ret then unwritten).
 */
int match_row(const struct match_index *idx, struct match_seen *seen, const struct match_row *row,
	      struct match_verdict *ret);

/*
 * match_rows classes rows[0..n) into ret[0..n): the verdicts n calls of match_row in the same
 * order would give, for a list in batches (a few thousand rows a call).  The rows are read
 * and looked up in the index 64 at a time on up to `threads` threads (at most 8; the index is
 * only read), each chunk asking for the tables' memory before its lookups; the caller's
 * thread files the chunks in seen (may be NULL) in list order as they are done, so
 * duplicates still name the first line.  Returns 0; ERR_TOOBIG when seen has room for fewer
 * than n more records, or ERR_NOMEM (ret then unwritten): a seen made with the list's row
 * count always has room.
 */
int match_rows(const struct match_index *idx, struct match_seen *seen, const struct match_row *rows,
	       size_t n, int threads, struct match_verdict *ret);

/* match_name_fold writes name with spaces dropped and each variant character replaced by the
 * one the table pairs it with (華→华, 傅→付), at most cap bytes with the NUL; for tests and
 * for showing a clerk why two names were taken as one.  Returns the length written. */
size_t match_name_fold(const char *name, char *ret, size_t cap);

#endif
