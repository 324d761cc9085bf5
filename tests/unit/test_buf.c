/* test_buf.c: the growing text buffer the CSV, HTML and xlsx writers build on. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "t.h"

static void
test_build(void)
{
	struct buf b = {0};

	buf_adds(&b, "姓名");
	buf_addc(&b, ',');
	buf_addf(&b, "%s,%d", "张三", 42);
	T_EQ_STR(b.p, "姓名,张三,42");
	T_EQ_INT(b.len, strlen("姓名,张三,42"));
	buf_free(&b);
	T_ASSERT(b.p == NULL && b.len == 0 && b.cap == 0);
}

/* Growth keeps what was written and the terminating NUL, far past the first capacity. */
static void
test_growth(void)
{
	struct buf b = {0};
	int i, bad = 0;

	for (i = 0; i < 10000; i++)
		buf_addf(&b, "%04d;", i);
	T_EQ_INT(b.len, 50000);
	T_ASSERT(b.cap > b.len);
	T_EQ_INT(b.p[b.len], '\0');
	for (i = 0; i < 10000; i++) {
		char want[6];

		snprintf(want, sizeof(want), "%04d;", i);
		if (memcmp(b.p + 5 * i, want, 5) != 0)
			bad++;
	}
	T_EQ_INT(bad, 0);
	buf_free(&b);
}

/* Bytes go in as given, NULs included (xlsx parts are binary). */
static void
test_binary(void)
{
	struct buf b = {0};
	const char bytes[] = {'P', 'K', 0, 3, 4};

	buf_add(&b, bytes, sizeof(bytes));
	T_EQ_INT(b.len, 5);
	T_ASSERT(memcmp(b.p, bytes, 5) == 0);
	buf_free(&b);
}

/* Reset empties the buffer but keeps its memory; an empty format adds nothing. */
static void
test_reset(void)
{
	struct buf b = {0};
	size_t cap;

	buf_reset(&b); /* on a buffer never used */
	buf_adds(&b, "一二三");
	cap = b.cap;
	buf_reset(&b);
	T_EQ_INT(b.len, 0);
	T_EQ_STR(b.p, "");
	T_EQ_INT(b.cap, cap);
	buf_addf(&b, "%s", "");
	T_EQ_INT(b.len, 0);
	buf_adds(&b, "ok");
	T_EQ_STR(b.p, "ok");
	buf_free(&b);
	buf_free(&b); /* twice is harmless */
}

int
main(void)
{
	T_RUN(test_build);
	T_RUN(test_growth);
	T_RUN(test_binary);
	T_RUN(test_reset);
	return T_DONE();
}
