/*
 * svc_declare.h: travellers declaring themselves on their own phones at a checkpoint (扫码登记).
 *
 * Each checkpoint prints a poster whose QR opens /declare/{token}.  A traveller fills the form
 * (their name, ID number and phone, where from and where to, the plate, and each fellow
 * passenger's name, ID number and phone) and gets a short code.  At the barrier the staff type
 * or scan the code: they see the names and the numbers masked, check them against the ID cards,
 * take the temperatures, and the screening is made from the declaration on the server, the full
 * numbers going from one row to the other without passing through the staff's phone.  A
 * declaration is used once; until then it is not a screening and counts nowhere, and it is
 * deleted DECLARE_TTL after it was made, used or not.
 */
#ifndef FANGYI_SVC_DECLARE_H
#define FANGYI_SVC_DECLARE_H

#include <stddef.h>
#include <stdint.h>

#include "db_declare.h"
#include "db_duty.h"
#include "svc.h"

#define DECLARE_MAX_PERSONS 9    /* a car, or a minibus of one family */
#define DECLARE_TTL (4 * 3600)   /* the queue at a toll gate is hours, not a day */
#define DECLARE_CODE_LEN 8       /* symbols of Crockford's base 32: 40 bits */
#define DECLARE_CODE_SIZE 10     /* "7KQ2-M9XD" and its NUL */
#define DECLARE_TOKEN_SIZE 25    /* 24 hex digits (96 bits) and the NUL */

/* One person as typed on the traveller's phone. */
struct svc_declared_in {
	const char *name, *id_number, *phone;
};

/* A declaration as sent from the public form. */
struct svc_declare_in {
	const char *token;       /* the post's, from the poster's QR */
	const char *plate;       /* NULL or "" on foot */
	const char *from_place, *to_place;
	const struct svc_declared_in *persons; /* [0] is the one declaring */
	size_t n;                /* 1 to DECLARE_MAX_PERSONS */
};

/* A declaration with its people (numbers in full: the caller masks what it shows). */
struct svc_declaration {
	struct declaration d;
	struct declared_person *pv;
	int n;
	char code[DECLARE_CODE_SIZE]; /* "7KQ2-M9XD": the new code of svc_declare_create (no
				       * other copy is kept), the code read by svc_declare_lookup */
};

/*
 * svc_declare_post_public: the active checkpoint whose poster carries token, for the public
 * form's heading.  ERR_NOTFOUND naming "token" otherwise.
 */
int svc_declare_post_public(struct svc *s, const char *token, struct duty_post *ret);

/*
 * svc_declare_token gives post_id's poster token (in s->arena), making it the first time: the
 * post must be an active checkpoint inside the actor's area (ERR_NOTFOUND naming post_id
 * outside it, ERR_INVALID for another kind of post).  Writes in the caller's transaction.
 */
int svc_declare_token(struct svc *s, int64_t post_id, char **ret);

/*
 * svc_declare_create checks every field (faults name persons[i].field, in Chinese and English),
 * deletes the declarations that have expired, and writes this one with a fresh code, in the
 * caller's transaction.  ret->code is the only copy of the code.  0, ERR_INVALID, ERR_NOTFOUND
 * naming "token", or a db error.
 */
int svc_declare_create(struct svc *s, const struct svc_declare_in *in, struct svc_declaration *ret);

/*
 * svc_declare_lookup reads the declaration of code, as typed (lowercase, spaces and dashes,
 * O for 0 and I or L for 1 are read alike), for the staff: ERR_NOTFOUND naming "code" when there
 * is none, it has expired, or its post lies outside the actor's area; ERR_CONFLICT when a
 * screening was made from it already (ret->d.screening_id says which).  post_id, when not 0,
 * must be its post (a declaration made at another checkpoint is not found here).
 */
int svc_declare_lookup(struct svc *s, const char *code, int64_t post_id,
		       struct svc_declaration *ret);

/*
 * svc_declare_use marks declaration id used by screening_id and deletes its people, in the
 * screening's transaction (on the writer thread).  ERR_CONFLICT naming "declaration_code" when
 * it was used already or has expired since it was read.
 */
int svc_declare_use(struct svc *s, int64_t id, int64_t screening_id);

#endif
