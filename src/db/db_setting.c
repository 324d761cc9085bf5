/* db_setting.c: the town's settings, one text value per key. */
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"

int
db_setting_get(struct dbc *c, struct arena *a, const char *key, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SETTING_GET);
	dbq_bind_text(&q, 1, key);
	return dbq_scalar_text(&q, a, ret);
}

int
db_setting_put(struct dbc *c, const char *key, const char *value)
{
	struct dbq q;

	dbq_start(&q, c, ST_SETTING_PUT);
	dbq_bind_text(&q, 1, key);
	dbq_bind_text(&q, 2, value);
	return dbq_run(&q);
}
