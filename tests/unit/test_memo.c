/* test_memo.c: records remembered for a generation and a short life. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "memo.h"
#include "t.h"

/* A record with a string, as the database's records have. */
struct rec {
	int n;
	char *s;
};

static void
clone_rec(struct arena *a, const void *src, void *dst)
{
	const struct rec *r = src;
	struct rec *d = dst;

	d->n = r->n;
	d->s = arena_strdup(a, r->s);
}

static void
test_generation(void)
{
	struct memo *m = memo_new(8, 60000, sizeof(struct rec), clone_rec);
	struct arena *a = arena_new();
	char text[] = "鹤岭镇";
	struct rec in = {7, text}, out = {0, NULL};

	T_ASSERT(!memo_get(m, "k", 1, a, &out));
	memo_put(m, "k", 1, &in);
	/* the caller's record may change or go: the table kept its own copy */
	text[0] = 'x';
	T_ASSERT(memo_get(m, "k", 1, a, &out));
	T_EQ_INT(out.n, 7);
	T_EQ_STR(out.s, "鹤岭镇");
	T_ASSERT(out.s != in.s);
	/* a write since (a newer generation) makes it stale; another key was never there */
	T_ASSERT(!memo_get(m, "k", 2, a, &out));
	T_ASSERT(!memo_get(m, "other", 1, a, &out));
	/* stored again at the new generation, it is fresh again */
	memo_put(m, "k", 2, &in);
	T_ASSERT(memo_get(m, "k", 2, a, &out));
	T_EQ_STR(out.s, text);
	memo_clear(m);
	T_ASSERT(!memo_get(m, "k", 2, a, &out));
	arena_free(a);
	memo_free(m);
}

static void
test_life(void)
{
	struct memo *m = memo_new(8, 50, sizeof(struct rec), clone_rec);
	struct arena *a = arena_new();
	struct rec in = {1, "a"}, out;
	struct timespec nap = {0, 80 * 1000000};

	memo_put(m, "k", 1, &in);
	T_ASSERT(memo_get(m, "k", 1, a, &out));
	/* older than its life (50 ms): read again, whatever the generation says */
	nanosleep(&nap, NULL);
	T_ASSERT(!memo_get(m, "k", 1, a, &out));
	arena_free(a);
	memo_free(m);
}

static void
test_shared_slot(void)
{
	struct memo *m = memo_new(1, 60000, sizeof(struct rec), clone_rec);
	struct arena *a = arena_new();
	struct rec one = {1, "one"}, two = {2, "two"}, out;

	/* one slot: the later key takes it, and the earlier is simply not remembered */
	memo_put(m, "one", 1, &one);
	memo_put(m, "two", 1, &two);
	T_ASSERT(!memo_get(m, "one", 1, a, &out));
	T_ASSERT(memo_get(m, "two", 1, a, &out));
	T_EQ_STR(out.s, "two");
	/* a key too long for a slot is never remembered, and never mistaken for another */
	{
		char key[200];

		memset(key, 'k', sizeof(key) - 1);
		key[sizeof(key) - 1] = '\0';
		memo_put(m, key, 1, &one);
		T_ASSERT(!memo_get(m, key, 1, a, &out));
		T_ASSERT(memo_get(m, "two", 1, a, &out));
	}
	arena_free(a);
	memo_free(m);
}

int
main(void)
{
	T_RUN(test_generation);
	T_RUN(test_life);
	T_RUN(test_shared_slot);
	return T_DONE();
}
