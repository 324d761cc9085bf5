/* test_backoff.c: the waits after failed secrets and how the count fades. */
#include <stdio.h>

#include "backoff.h"
#include "t.h"

static const struct backoff b = {
    .free = 5, .first = 30, .cap = 900, .half_life = 1800, .forget = 3600};

static void
test_wait(void)
{
	/* four failures cost nothing, the fifth 30 s, then doubling up to the cap */
	T_EQ_INT(backoff_wait(&b, 0), 0);
	T_EQ_INT(backoff_wait(&b, 4), 0);
	T_EQ_INT(backoff_wait(&b, 5), 30);
	T_EQ_INT(backoff_wait(&b, 6), 60);
	T_EQ_INT(backoff_wait(&b, 9), 480);
	T_EQ_INT(backoff_wait(&b, 10), 900);
	T_EQ_INT(backoff_wait(&b, 1000), 900);
}

static void
test_count(void)
{
	/* kept as it is within a half-life, halved after each */
	T_EQ_INT(backoff_count(&b, 8, 1000, 1000), 8);
	T_EQ_INT(backoff_count(&b, 8, 1000, 1000 + 1799), 8);
	T_EQ_INT(backoff_count(&b, 8, 1000, 1000 + 1800), 4);
	/* an hour without a failure forgets it all, whatever the count */
	T_EQ_INT(backoff_count(&b, 1000, 1000, 1000 + 3600), 0);
	T_EQ_INT(backoff_count(&b, 0, 1000, 1000), 0);
	/* a clock that went back keeps the count */
	T_EQ_INT(backoff_count(&b, 7, 1000, 900), 7);
}

static void
test_steady_guesser(void)
{
	/* one try as soon as each wait ends: the wait climbs to the cap and stays there */
	int64_t now = 0, last = 0;
	int n = 0, i;

	for (i = 0; i < 50; i++) {
		n = backoff_count(&b, n, last, now) + 1;
		last = now;
		now += backoff_wait(&b, n) > 0 ? backoff_wait(&b, n) : 1;
	}
	T_EQ_INT(backoff_wait(&b, n), 900);
}

int
main(void)
{
	T_RUN(test_wait);
	T_RUN(test_count);
	T_RUN(test_steady_guesser);
	return T_DONE();
}
