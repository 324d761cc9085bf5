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
	for (i = 0; i < t->n; i++) {
		unsigned perm = t->v[i].perm, bit;
		const char *sep = "";

		printf("%s %s ", methods[t->v[i].method], t->v[i].pattern);
		if (perm == PERM_PUBLIC || perm == PERM_LOGGED_IN) {
			printf("%s\n", perm == PERM_PUBLIC ? "public" : "logged_in");
			continue;
		}
		/* a route needing several permissions names each: "list.read and import" */
		for (bit = 1; bit != 0; bit <<= 1)
			if (perm & bit) {
				printf("%s%s", sep, perm_key(bit));
				sep = " and ";
			}
		putchar('\n');
	}
	return 0;
}
