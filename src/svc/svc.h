/*
 * svc.h: the town's operations, between the handlers and the database.
 *
 * An operation is a plain C call: a context saying who acts where, typed input, typed output.
 * It never sees a request, a socket or JSON, so the HTTP handlers, the command line, the demo
 * builder, the hand-offs between modules and the background jobs all call the same code.
 *
 * Transactions belong to the caller: an operation that writes runs inside the transaction its
 * caller began (dbc_begin), so a handler can store its idempotent answer in the same one, and a
 * hand-off (a screening that opens a task) commits both records or neither.
 *
 * Layering: svc/ includes core/, domain/ and db/ headers, never http/ or api/. api/ parses,
 * calls an operation and renders its answer; cli/ opens a database and calls operations.
 */
#ifndef FANGYI_SVC_H
#define FANGYI_SVC_H

#include <stdbool.h>
#include <stdint.h>

#include "db_registry.h"
#include "err.h"

struct arena;
struct dbc;

/* Who acts, where, on which connection.  Filled by the caller (api_svc for a request,
 * svc_local for the command line) and passed to every operation. */
struct svc {
	struct dbc *db;          /* the connection; the caller's transaction, if any */
	struct arena *arena;     /* answers live here until the caller frees it */
	const struct user *user; /* the acting user; NULL for the command line and the system */
	unsigned perms;          /* the user's permissions (role.h); every one for the system */
	const char *scope;       /* area-code prefix the actor may see and touch; "" is all */
	const char *ip;          /* for the audit log: the client's address, "local" for the CLI */
	struct fault *fault;     /* filled with the field and the message when an operation fails */
};

/*
 * svc_local makes the context of the command line (and of the demo builder): no user, every
 * permission, the scope of the database's town (its 9-digit prefix), or "" when no town is set.
 * f receives the faults.  Returns 0 or an error from reading the settings.
 */
int svc_local(struct svc *s, struct dbc *db, struct arena *a, struct fault *f);

/*
 * svc_towns gives the towns of the database inside the actor's area (one for a town's users, all
 * of them for the district's) in *ret, by code, on the actor's arena, and whether the database
 * holds others outside it in *ret_others (NULL: not wanted).  Returns 0 or a database error.
 */
int svc_towns(struct svc *s, struct area **ret, int *ret_n, bool *ret_others);

/*
 * svc_whole_database: 0 when the actor's area holds every town of the database, so a setting
 * kept for the whole database (monitoring's, checkpoints') is theirs to change; else ERR_DENIED
 * with the fault on field: a town of a district changes nothing its neighbours work by.
 */
int svc_whole_database(struct svc *s, const char *field);

/*
 * svc_area_top gives the area the actor's documents are headed with: the district for the
 * district's users (its one town, while it holds one), the town for everyone inside a town.  ERR_NOTFOUND when the scope is not
 * a district's or inside one (the command line of an empty database).
 */
int svc_area_top(struct svc *s, struct area *ret);

/* svc_in_scope: code (not NULL) lies inside the actor's area. */
bool svc_in_scope(const struct svc *s, const char *code);

/* svc_one_of: s (NULL is none) is one of the NULL-terminated set, as a field's allowed words. */
bool svc_one_of(const char *s, const char *const *set);

/* svc_user_id: the acting user's id, 0 for the command line. */
int64_t svc_user_id(const struct svc *s);
/* svc_username: the acting user's name, "" for the command line. */
const char *svc_username(const struct svc *s);

/* svc_field_in names the fault's field inside where it sits in the input: prefix "persons[2]"
 * and field "answers.fever" make "persons[2].answers.fever" (cut to fit the fault). */
void svc_field_in(struct fault *f, const char *prefix);

/*
 * svc_audit appends to the audit log as the actor.  An audit failure is an error: an
 * operation whose record could not be written must not be answered.
 */
int svc_audit(struct svc *s, const char *action, const char *kind, int64_t id, const char *area,
	      const char *detail);

#endif
