/* test_arena.c: the request's bump allocator: zeroed, aligned, big blocks, strings. */
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "t.h"

static bool
aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static void
test_zeroed_and_aligned(void)
{
	struct arena *a = arena_new();
	size_t sizes[] = {1, 3, 7, 16, 33, 100, 4095, 1};
	size_t i, j;

	T_ASSERT(a != NULL);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(a, sizes[i]);
		bool zero = true;

		T_ASSERT(aligned(p));
		for (j = 0; j < sizes[i]; j++)
			zero = zero && p[j] == 0;
		T_ASSERT(zero);
		memset(p, 0xAB, sizes[i]); /* the next allocation must not see this */
	}
	/* size 0 still gives a distinct, usable pointer */
	T_ASSERT(arena_alloc(a, 0) != arena_alloc(a, 0));
	arena_free(a);
}

/* Blocks never overlap, across many chunks. */
static void
test_no_overlap(void)
{
	struct arena *a = arena_new();
	char *v[2000];
	int i, bad = 0;

	for (i = 0; i < 2000; i++) {
		v[i] = arena_alloc(a, 24);
		memset(v[i], i & 0x7f, 24);
	}
	for (i = 0; i < 2000; i++)
		if (v[i][0] != (i & 0x7f) || v[i][23] != (i & 0x7f))
			bad++;
	T_EQ_INT(bad, 0);
	arena_free(a);
}

/* A block larger than a chunk goes behind the head, so the head's free space is still used:
 * two small allocations around a big one stay next to each other. */
static void
test_big_block_keeps_head(void)
{
	struct arena *a = arena_new();
	char *s1 = arena_alloc(a, 16), *big = arena_alloc(a, 100000), *s2 = arena_alloc(a, 16);

	T_ASSERT(aligned(big));
	T_ASSERT(s2 == s1 + 16);
	memset(big, 1, 100000);
	T_EQ_INT(big[99999], 1);
	arena_free(a);
}

static void
test_strings(void)
{
	struct arena *a = arena_new();
	char long_s[20000];
	char *p;

	T_ASSERT(arena_strdup(a, NULL) == NULL);
	T_ASSERT(arena_strndup(a, NULL, 3) == NULL);
	T_EQ_STR(arena_strdup(a, "鹤岭镇"), "鹤岭镇");
	T_EQ_STR(arena_strndup(a, "430302100000", 9), "430302100");
	T_EQ_STR(arena_printf(a, "%s%d组", "云龙村", 2), "云龙村2组");
	T_EQ_STR(arena_printf(a, "%s", ""), "");
	/* longer than a chunk */
	memset(long_s, 'x', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	p = arena_printf(a, "<%s>", long_s);
	T_EQ_INT(strlen(p), sizeof(long_s) + 1);
	T_ASSERT(p[0] == '<' && p[sizeof(long_s)] == '>');
	arena_free(a);
	arena_free(NULL); /* a no-op, like free */
}

int
main(void)
{
	T_RUN(test_zeroed_and_aligned);
	T_RUN(test_no_overlap);
	T_RUN(test_big_block_keeps_head);
	T_RUN(test_strings);
	return T_DONE();
}
