/* db_idem.c: idempotency records: the stored answer of a create retried with its key. */
#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"

int
db_idem_get(struct dbc *c, struct arena *a, const char *key, int64_t user_id, char **ret_hash,
	    int *ret_status, char **ret_body)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_IDEM_GET);
	dbq_bind_text(&q, 1, key);
	dbq_bind_int(&q, 2, user_id);
	if ((rc = dbq_step(&q)) == 1) {
		*ret_hash = dbq_dup(&q, a, 0);
		*ret_status = (int)dbq_int(&q, 1);
		*ret_body = dbq_dup(&q, a, 2);
		rc = 0;
	} else if (rc == 0)
		rc = ERR_NOTFOUND;
	dbq_end(&q);
	return rc;
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
