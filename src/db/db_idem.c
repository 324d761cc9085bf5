/* db_idem.c: idempotency records: the stored answer of a create retried with its key. */
#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"

/* an idempotency record's stored answer */
struct idem {
	char *hash, *body;
	int status;
};

static void
read_idem(struct dbq *q, struct arena *a, void *p)
{
	struct idem *r = p;

	r->hash = dbq_dup(q, a, 0);
	r->status = (int)dbq_int(q, 1);
	r->body = dbq_dup(q, a, 2);
}

int
db_idem_get(struct dbc *c, struct arena *a, const char *key, int64_t user_id, char **ret_hash,
	    int *ret_status, char **ret_body)
{
	struct dbq q;
	struct idem r;
	int rc;

	dbq_start(&q, c, ST_IDEM_GET);
	dbq_bind_text(&q, 1, key);
	dbq_bind_int(&q, 2, user_id);
	if ((rc = dbq_one(&q, a, read_idem, &r)))
		return rc;
	*ret_hash = r.hash;
	*ret_status = r.status;
	*ret_body = r.body;
	return 0;
}

int
db_idem_put(struct dbc *c, const char *key, int64_t user_id, const char *route, const char *hash,
	    int status, const char *body)
{
	struct dbq q;

	dbq_start(&q, c, ST_IDEM_PUT);
	dbq_bind_text(&q, 1, key);
	dbq_bind_int(&q, 2, user_id);
	dbq_bind_text(&q, 3, route);
	dbq_bind_text(&q, 4, hash);
	dbq_bind_int(&q, 5, status);
	dbq_bind_text(&q, 6, body);
	dbq_bind_int(&q, 7, clock_now());
	return dbq_run(&q);
}
