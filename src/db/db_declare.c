/* db_declare.c: declarations made on travellers' phones at a checkpoint, their people, and the
 * tokens on the posts' posters. */
#include "arena.h"
#include "db_declare.h"
#include "db_internal.h"
#include "err.h"

int
db_declare_token_get(struct dbc *c, struct arena *a, int64_t post_id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_DECL_TOKEN_GET);
	dbq_bind_int(&q, 1, post_id);
	return dbq_scalar_text(&q, a, ret);
}

int
db_declare_token_insert(struct dbc *c, int64_t post_id, const char *token, int64_t now)
{
	struct dbq q;

	dbq_start(&q, c, ST_DECL_TOKEN_INSERT);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_text(&q, 2, token);
	dbq_bind_int(&q, 3, now);
	return dbq_run(&q);
}

int
db_declare_token_post(struct dbc *c, const char *token, int64_t *ret_post_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_DECL_TOKEN_POST);
	dbq_bind_text(&q, 1, token);
	return dbq_scalar_int(&q, ret_post_id);
}

int
db_declaration_insert(struct dbc *c, struct declaration *d, const struct declared_person *pv,
		      int n)
{
	struct dbq q;
	int i, rc;

	dbq_start(&q, c, ST_DECL_INSERT);
	dbq_bind_int(&q, 1, d->post_id);
	dbq_bind_text(&q, 2, d->code_hash);
	dbq_bind_text(&q, 3, d->plate ? d->plate : "");
	dbq_bind_text(&q, 4, d->from_place ? d->from_place : "");
	dbq_bind_text(&q, 5, d->to_place ? d->to_place : "");
	dbq_bind_int(&q, 6, n);
	dbq_bind_int(&q, 7, d->created_at);
	dbq_bind_int(&q, 8, d->expires_at);
	if ((rc = dbq_scalar_int(&q, &d->id)))
		return rc;
	for (i = 0; i < n; i++) {
		dbq_start(&q, c, ST_DECL_PERSON_INSERT);
		dbq_bind_int(&q, 1, d->id);
		dbq_bind_int(&q, 2, pv[i].seq);
		dbq_bind_text(&q, 3, pv[i].name);
		dbq_bind_text(&q, 4, pv[i].id_number);
		dbq_bind_text(&q, 5, pv[i].phone);
		if ((rc = dbq_run(&q)))
			return rc;
	}
	d->people = n;
	return 0;
}

static void
read_declaration(struct dbq *q, struct arena *a, void *p)
{
	struct declaration *d = p;

	d->id = dbq_int(q, 0);
	d->post_id = dbq_int(q, 1);
	d->post_name = dbq_dup(q, a, 2);
	d->area_code = dbq_dup(q, a, 3);
	d->code_hash = dbq_dup(q, a, 4);
	d->plate = dbq_dup(q, a, 5);
	d->from_place = dbq_dup(q, a, 6);
	d->to_place = dbq_dup(q, a, 7);
	d->people = (int)dbq_int(q, 8);
	d->created_at = dbq_int(q, 9);
	d->expires_at = dbq_int(q, 10);
	d->used_at = dbq_opt_int(q, 11);
	d->screening_id = dbq_opt_int(q, 12);
}

int
db_declaration_by_hash(struct dbc *c, struct arena *a, const char *hash, int64_t now,
		       struct declaration *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_DECL_BY_HASH);
	dbq_bind_text(&q, 1, hash);
	dbq_bind_int(&q, 2, now);
	return dbq_one(&q, a, read_declaration, ret);
}

static void
read_person(struct dbq *q, struct arena *a, void *p)
{
	struct declared_person *d = p;

	d->seq = (int)dbq_int(q, 0);
	d->name = dbq_dup(q, a, 1);
	d->id_number = dbq_null(q, 2) ? NULL : dbq_dup(q, a, 2);
	d->phone = dbq_null(q, 3) ? NULL : dbq_dup(q, a, 3);
}

int
db_declared_persons(struct dbc *c, struct arena *a, int64_t declaration_id,
		    struct declared_person **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_DECL_PERSONS);
	dbq_bind_int(&q, 1, declaration_id);
	return dbq_collect(&q, a, sizeof(struct declared_person), read_person, (void **)ret, ret_n);
}

int
db_declaration_use(struct dbc *c, int64_t id, int64_t screening_id, int64_t now)
{
	struct dbq q;
	int64_t got;
	int rc;

	dbq_start(&q, c, ST_DECL_USE);
	dbq_bind_int(&q, 1, now);
	dbq_bind_int(&q, 2, screening_id);
	dbq_bind_int(&q, 3, id);
	dbq_bind_int(&q, 4, now);
	if ((rc = dbq_scalar_int(&q, &got)))
		return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
	dbq_start(&q, c, ST_DECL_PERSON_DELETE);
	dbq_bind_int(&q, 1, id);
	return dbq_run(&q);
}

int
db_declaration_expire(struct dbc *c, int64_t now)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_DECL_EXPIRE_PERSONS);
	dbq_bind_int(&q, 1, now);
	if ((rc = dbq_run(&q)))
		return rc;
	dbq_start(&q, c, ST_DECL_EXPIRE);
	dbq_bind_int(&q, 1, now);
	return dbq_run(&q);
}
