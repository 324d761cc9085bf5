/* cmd_version.c: fangyi version and fangyi routes. */
#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>

#include "api.h"
#include "cli.h"
#include "db.h"
#include "http.h"
#include "role.h"

int
cmd_version(struct cli *c)
{
	(void)c;
	printf("fangyi %s (schema %d; sqlite %s, libmicrohttpd %s, jansson %s, libsodium %s)\n",
	       FANGYI_VERSION, db_schema_known(), sqlite3_libversion(), MHD_get_version(),
	       JANSSON_VERSION, sodium_version_string());
	return 0;
}

int
cmd_routes(struct cli *c)
{
	static const char *const methods[M__MAX] = {"GET", "POST", "PATCH", "PUT", "DELETE"};
	const struct route_table *t = api_routes();
	int i;

	(void)c;
	for (i = 0; i < t->n; i++)
		printf("%s %s %s\n", methods[t->v[i].method], t->v[i].pattern,
		       t->v[i].perm == PERM_PUBLIC      ? "public"
		       : t->v[i].perm == PERM_LOGGED_IN ? "logged_in"
							: perm_key(t->v[i].perm));
	return 0;
}
