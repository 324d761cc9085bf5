/* db_photo.c: photos of publicity actions, their bytes stored in the database (BLOB / bytea). */
#include <string.h>

#include "arena.h"
#include "db_internal.h"
#include "db_sweep.h"
#include "err.h"

int
db_publicity_photo_add(struct dbc *c, struct publicity_photo *p, const char *area_code,
		       const void *bytes, int max)
{
	struct dbq q;
	int64_t n, id;
	int rc;

	/* the guarded count: of two uploads racing for the last place, one finds none */
	dbq_start(&q, c, ST_PUB_PHOTO_TAKE);
	dbq_bind_int(&q, 1, p->publicity_id);
	dbq_bind_int(&q, 2, max);
	if ((rc = dbq_scalar_int(&q, &n)))
		return rc == ERR_NOTFOUND ? ERR_TOOBIG : rc;
	dbq_start(&q, c, ST_PHOTO_INSERT);
	dbq_bind_int(&q, 1, p->publicity_id);
	dbq_bind_text(&q, 2, area_code);
	dbq_bind_text(&q, 3, p->content_type);
	dbq_bind_int(&q, 4, p->size);
	dbq_bind_text(&q, 5, p->sha256);
	dbq_bind_blob(&q, 6, bytes, (size_t)p->size);
	dbq_bind_id(&q, 7, p->taken_by);
	dbq_bind_int(&q, 8, p->created_at);
	if ((rc = dbq_scalar_int(&q, &id)))
		return rc;
	p->id = id;
	return 0;
}

static void
read_photo(struct dbq *q, struct arena *a, void *x)
{
	struct publicity_photo *p = x;

	p->id = dbq_int(q, 0);
	p->publicity_id = dbq_int(q, 1);
	p->content_type = dbq_dup(q, a, 2);
	p->size = dbq_int(q, 3);
	p->sha256 = dbq_dup(q, a, 4);
	p->taken_by = dbq_opt_int(q, 5);
	p->created_at = dbq_int(q, 6);
	p->bytes = NULL;
}

int
db_publicity_photos(struct dbc *c, struct arena *a, int64_t publicity, struct publicity_photo **ret,
		    int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_PHOTO_LIST);
	dbq_bind_int(&q, 1, publicity);
	return dbq_collect(&q, a, sizeof(**ret), read_photo, (void **)ret, ret_n);
}

static void
read_photo_bytes(struct dbq *q, struct arena *a, void *x)
{
	struct publicity_photo *p = x;
	const void *b;
	size_t n;
	void *copy;

	read_photo(q, a, x);
	b = dbq_blob(q, 7, &n);
	copy = arena_alloc(a, n ? n : 1);
	if (n)
		memcpy(copy, b, n);
	p->bytes = copy;
	p->size = (int64_t)n; /* what is served is what is stored */
}

int
db_publicity_photo_get(struct dbc *c, struct arena *a, int64_t publicity, int64_t id,
		       struct publicity_photo *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PHOTO_GET);
	dbq_bind_int(&q, 1, id);
	dbq_bind_int(&q, 2, publicity);
	return dbq_one(&q, a, read_photo_bytes, ret);
}

int
db_publicity_photo_delete(struct dbc *c, int64_t publicity, int64_t id)
{
	struct dbq q;
	int64_t gone;
	int rc;

	dbq_start(&q, c, ST_PHOTO_DELETE);
	dbq_bind_int(&q, 1, id);
	dbq_bind_int(&q, 2, publicity);
	if ((rc = dbq_scalar_int(&q, &gone)))
		return rc;
	dbq_start(&q, c, ST_PUB_PHOTO_GIVE);
	dbq_bind_int(&q, 1, publicity);
	return dbq_run(&q);
}
