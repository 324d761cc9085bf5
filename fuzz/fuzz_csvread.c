/* fuzz_csvread.c: any bytes into csv_read; what comes out must be well-formed. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csvread.h"
#include "err.h"
#include "fuzz.h"
#include "text.h"

/* check aborts when a promise of csvread.h is broken. */
static void
check(int ok)
{
	if (!ok)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct csv_table t;
	struct fault f = {0};
	int rc, i, k, last = 0;

	if (a == NULL)
		return 0;
	rc = csv_read(a, (const char *)data, size, 200, &t, &f);
	if (rc == 0) {
		check(t.nheader > 0 && t.nrows >= 0 && t.nrows <= 200);
		check(strcmp(t.encoding, "utf-8") == 0 || strcmp(t.encoding, "utf-8-bom") == 0 ||
		      strcmp(t.encoding, "gb18030") == 0);
		for (k = 0; k < t.nheader; k++)
			check(t.header[k] != NULL);
		check(t.header[t.nheader - 1][0] != '\0');
		for (i = 0; i < t.nrows; i++) {
			check(t.rows[i].line > last);
			last = t.rows[i].line;
			check(t.rows[i].nfields >= t.nheader);
			for (k = 0; k < t.rows[i].nfields; k++)
				check(
				    text_is_utf8(t.rows[i].fields[k], strlen(t.rows[i].fields[k])));
		}
	} else {
		check(rc == ERR_INVALID || rc == ERR_TOOBIG);
		check(f.code == rc && f.zh[0] != '\0' && f.en[0] != '\0');
	}
	arena_free(a);
	return 0;
}
