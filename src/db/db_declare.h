/* db_declare.h: declarations travellers make on their own phones at a checkpoint (扫码登记),
 * their people, and the token on each post's poster. */
#ifndef FANGYI_DB_DECLARE_H
#define FANGYI_DB_DECLARE_H

#include <stdint.h>

#include "db.h"

struct arena;

/* Conventions as in db_registry.h: strings in the arena, 0 or enum err, ret_* on success. */

struct declared_person {
	int seq;                /* 1 is the one who declared */
	char *name;
	char *id_number, *phone; /* normalised; phone NULL when none */
};

struct declaration {
	int64_t id, post_id;
	char *post_name, *area_code; /* the post's, read with it */
	char *code_hash;
	char *plate, *from_place, *to_place;
	int people;
	int64_t created_at, expires_at, used_at, screening_id; /* used_at 0: not used */
};

/* The token of post_id's poster; ERR_NOTFOUND when none was made yet. */
int db_declare_token_get(struct dbc *c, struct arena *a, int64_t post_id, char **ret);
/* db_declare_token_insert: ERR_CONFLICT when the post has one, or the token is taken. */
int db_declare_token_insert(struct dbc *c, int64_t post_id, const char *token, int64_t now);
/* The post whose poster carries token; ERR_NOTFOUND when none. */
int db_declare_token_post(struct dbc *c, const char *token, int64_t *ret_post_id);

/* db_declaration_insert writes d (d->id set) and its n people. */
int db_declaration_insert(struct dbc *c, struct declaration *d, const struct declared_person *pv,
			  int n);
/* The declaration whose code hashes to hash and that has not expired at now; ERR_NOTFOUND. */
int db_declaration_by_hash(struct dbc *c, struct arena *a, const char *hash, int64_t now,
			   struct declaration *ret);
int db_declared_persons(struct dbc *c, struct arena *a, int64_t declaration_id,
			struct declared_person **ret, int *ret_n);
/* db_declaration_use marks declaration id used by screening_id and deletes its people, unless it
 * was used already or has expired at now: then ERR_CONFLICT. */
int db_declaration_use(struct dbc *c, int64_t id, int64_t screening_id, int64_t now);
/* db_declaration_expire deletes the declarations expired at now, with their people. */
int db_declaration_expire(struct dbc *c, int64_t now);

#endif
