/* test_rate.c: per-address memory of recent events (tips, failed logins). */
#include <stdio.h>

#include "rate.h"
#include "t.h"

static struct rate r = RATE_INIT;

static void
test_window(void)
{
	int i;

	T_EQ_INT(rate_recent(&r, "127.0.0.1", 1000, 600), 0);
	for (i = 0; i < 5; i++)
		rate_note(&r, "127.0.0.1", 1000 + i * 100);
	/* at 1400: events at 1000..1400; the last 600 s hold all five, the last 250 s three */
	T_EQ_INT(rate_recent(&r, "127.0.0.1", 1400, 600), 5);
	T_EQ_INT(rate_recent(&r, "127.0.0.1", 1400, 250), 3);
	/* an hour later nothing is recent */
	T_EQ_INT(rate_recent(&r, "127.0.0.1", 5000, 600), 0);
	/* other keys are apart */
	T_EQ_INT(rate_recent(&r, "127.0.0.2", 1400, 600), 0);
}

static void
test_depth(void)
{
	int i;

	for (i = 0; i < RATE_DEPTH + 10; i++)
		rate_note(&r, "10.0.0.1", 2000);
	/* no more than RATE_DEPTH are remembered, so a count never exceeds it */
	T_EQ_INT(rate_recent(&r, "10.0.0.1", 2000, 60), RATE_DEPTH);
}

static void
test_full(void)
{
	char key[32];
	int i;

	/* more keys than slots: the table stays fixed and still counts a fresh key */
	for (i = 0; i < RATE_SLOTS * 2; i++) {
		snprintf(key, sizeof(key), "192.168.%d.%d", i / 250, i % 250);
		rate_note(&r, key, 3000);
	}
	rate_note(&r, "172.16.0.1", 3000);
	rate_note(&r, "172.16.0.1", 3001);
	T_EQ_INT(rate_recent(&r, "172.16.0.1", 3001, 60), 2);
}

int
main(void)
{
	T_RUN(test_window);
	T_RUN(test_depth);
	T_RUN(test_full);
	return T_DONE();
}
