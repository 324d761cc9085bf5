/*
 * svc_registry.h: the registry's operations: people, households, areas and user accounts.
 *
 * Every operation takes the context of svc.h, validates its typed input with the faults the
 * clerks read (field, zh, en), checks the actor's area, writes inside the caller's transaction
 * and leaves its audit row.  Records come back as the database reads them after the write, in
 * s->arena.
 */
#ifndef FANGYI_SVC_REGISTRY_H
#define FANGYI_SVC_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "svc.h"

/*
 * What is said of an ID number registered outside the user's area, on a create, an edit and an
 * import: that it is taken, and nothing of the record or where it lives, which the user may not
 * see.
 */
#define ID_ELSEWHERE_ZH "该身份证号已在别处登记，请联系指挥部"
#define ID_ELSEWHERE_EN "this ID number is already registered elsewhere: ask the command post"

/* A person as typed (a form, a CSV row, a hand-off), before normalisation and validation.
 * NULL leaves a field as it is (on a create: unknown). */
struct person_input {
	const char *name, *id_number, *phone, *gender, *birth_date, *relation, *residence, *notes;
	const char *tags; /* comma-separated keys or Chinese words, separators 、,;，； or space */
	/* where the person lives: a household (its area follows), or an area of village or grid
	 * level; on an edit, an area without a household leaves a household of another area */
	int64_t household_id;   /* 0: not given */
	bool leave_household;   /* an edit's explicit "no household" (the JSON null) */
	const char *area_code;  /* NULL: not given */
	/* an edit's precondition: the version it was based on (the ETag of the record's GET or
	 * feed item, sent as If-Match); 0: none, the edit applies to whatever is stored */
	int64_t base_version;
};

/*
 * svc_person_fill normalises and validates in's fields over p (which may hold the stored
 * values: absent inputs leave them).  Gender and birth date follow from an ID number.  Area and
 * household are not read.  Returns 0 or ERR_INVALID with f naming the field; strings in a.
 */
int svc_person_fill(struct arena *a, const struct person_input *in, struct person *p,
		    struct fault *f);

/*
 * svc_person_create registers a person in the actor's area (a name is required; household_id
 * or area_code places them).  ERR_CONFLICT on an ID number already registered: naming the
 * record when the actor can see it, else ID_ELSEWHERE; the caller's transaction has then been
 * rolled back (PostgreSQL aborts it at the unique violation).  ret: the stored record.
 */
int svc_person_create(struct svc *s, const struct person_input *in, struct person *ret);

/* svc_person_update changes what in gives of person id (ERR_NOTFOUND outside the actor's area;
 * ERR_CONFLICT for a merged record or a taken ID number, as svc_person_create, and naming
 * "If-Match" when in->base_version is given and stale: svc_change_check). */
int svc_person_update(struct svc *s, int64_t id, const struct person_input *in,
		      struct person *ret);

/*
 * svc_person_search reads a search box's text raw into pq (q, qkind): a name, or a whole ID
 * number, a whole phone or 4 last digits (search.h); part of a number is refused (ERR_INVALID on
 * q), and so is a number search past the actor's rate (ERR_THROTTLED, itself audited).
 * svc_person_search_audit then writes the audit row of a number search: what (a "search", an
 * "export"), the kind of number and how many matched; nothing for a name.
 */
int svc_person_search(struct svc *s, const char *raw, struct person_query *pq);
int svc_person_search_audit(struct svc *s, const struct person_query *pq, const char *what,
			    int64_t matched);

/* Two records of one person, made one: from is marked merged into into. */
struct person_merge {
	int64_t from, into;
	const char *reason; /* required: it is the audit row's */
};
/* svc_person_merge merges m->from into m->into, both in the actor's area; ret: the record kept.
 * ERR_INVALID naming into_id, or ERR_CONFLICT when one of the two was merged already. */
int svc_person_merge(struct svc *s, const struct person_merge *m, struct person *ret);

/* The numbers a masked record hides, for one person, given only with a reason. */
struct person_reveal {
	int64_t id;
	const char *reason;
};
struct person_revealed {
	int64_t id;
	const char *id_number, *phone, *birth_date; /* NULL when unknown */
};
/* svc_person_reveal writes the audit row (the reason is its detail) before it gives back the
 * whole numbers: ERR_INVALID without a reason of 2 characters, ERR_NOTFOUND outside the area. */
int svc_person_reveal(struct svc *s, const struct person_reveal *in, struct person_revealed *ret);

/* One good row of a resident import: the person (filled by svc_person_fill), their village or
 * grid, and the address of their household (NULL: none named). */
struct person_row {
	struct person p;
	const struct area *area;
	const char *address;
	bool head; /* the row's relation says the head of the household */
};
enum person_row_outcome { PERSON_ROW_CREATED, PERSON_ROW_UPDATED, PERSON_ROW_UNCHANGED };
/*
 * An import's rows are written between svc_person_import_begin and svc_person_import_end, in
 * one transaction of the caller's: the households met so far are remembered (a file names each
 * a few times), and the counts of areas and households and the heads of households are written
 * once each at the end rather than once a row.  In s->arena, freed with it.
 */
struct person_import;
struct person_import *svc_person_import_begin(struct svc *s);
struct person_row_result {
	enum person_row_outcome outcome;
	bool household_created;
	bool refused; /* the person lives outside the actor's area (ID_ELSEWHERE): why in fault */
	struct fault fault;
};
/*
 * svc_person_import_rows writes n (at most PERSON_IMPORT_CHUNK) import rows, ret[i] saying what
 * became of rows[i]: its household found or added, the person found by ID number (or by name and
 * birth date in that household) and updated with what the row gives, or added; the head of the
 * household set when the row says so.  The new people are added by one statement for the chunk.
 * Not audited: the import writes one row for the whole file.  A row refused (the person lives
 * outside the actor's area, ID_ELSEWHERE: the row is wrong for this user) is marked in ret and
 * the transaction stands; any other failure is returned and the caller rolls back.  Each
 * row's p.id is set.
 */
#define PERSON_IMPORT_CHUNK 64
int svc_person_import_rows(struct svc *s, struct person_import *imp,
			   struct person_row *const *rows, int n, struct person_row_result *ret);
/* svc_person_import_end writes what the rows left to the end: the counts and the heads.  The
 * registry is consistent only after it; the caller commits (or rolls back) afterwards. */
int svc_person_import_end(struct svc *s, struct person_import *imp);

/* A household as typed.  A create needs address and area_code (a village or grid); an edit
 * (id) changes what is given: address, notes, head_id (a member, > 0). */
struct household_input {
	int64_t id;
	const char *address, *area_code, *notes;
	int64_t head_id;
	int64_t base_version; /* as person_input's: 0, or the version an edit was based on */
};
/* svc_household_create adds a household; ERR_CONFLICT on an address taken in its area.  ret:
 * the stored record. */
int svc_household_create(struct svc *s, const struct household_input *in, struct household *ret);
/* svc_household_update edits household in->id (ERR_NOTFOUND outside the actor's area;
 * ERR_CONFLICT naming "If-Match" when in->base_version is given and stale: svc_change_check). */
int svc_household_update(struct svc *s, const struct household_input *in, struct household *ret);

/* A village, community or grid as typed: code is a village's 12 digits (required) or a grid's
 * 15 (NULL: the next free one under parent_code). */
struct area_input {
	const char *name, *kind, *parent_code, *code;
};
/* svc_area_create adds an area under a parent in the actor's area; ERR_CONFLICT on a taken
 * code.  ret: the stored record. */
int svc_area_create(struct svc *s, const struct area_input *in, struct area *ret);

/*
 * A user account as typed.  A create needs username, role, area_code and pwhash; an edit (id)
 * changes what is given.  The password arrives hashed: its rules and Argon2id live with the
 * logins (auth_password_hash, http/auth.c), and the caller hashes before it begins its
 * transaction, since tens of milliseconds and 64 MiB of hashing must not hold the write lock
 * every other clerk is waiting for.
 */
struct user_input {
	int64_t id;
	const char *username, *role, *area_code, *display_name;
	const char *phone;  /* as typed; "" clears it on an edit */
	const char *pwhash; /* NULL: unchanged (an edit) */
	int disabled;       /* an edit: 1 disable, 0 enable, -1 unchanged */
};
/* svc_user_check checks a new account's fields but the password, reading only: what the caller
 * runs before it asks for a password and hashes it, so a wrong role is said first. */
int svc_user_check(struct svc *s, const struct user_input *in);
/* svc_user_create adds an account (svc_user_check's checks, then the hash is required);
 * ERR_CONFLICT on a taken user name.  A role sits only at its level of area; the area is the
 * actor's, or the district above it. */
int svc_user_create(struct svc *s, const struct user_input *in, struct user *ret);
/* svc_user_update disables, enables, renames or re-phones account in->id, or sets its password;
 * disabling or a new password ends its sessions.  Nobody disables their own account. */
int svc_user_update(struct svc *s, const struct user_input *in, struct user *ret);

#endif
