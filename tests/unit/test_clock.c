/* test_clock.c: the injected clock and the town's local day around a UTC day boundary. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "t.h"

/* 2020-01-25T23:59:00+08:00 is 2020-01-25T15:59:00Z. */
#define EVE 1579967940

static void
test_injected(void)
{
	int64_t t = clock_now();

	/* the injected instant, advancing with real time (a slow CI box
	 * may take a few seconds to get here) */
	T_ASSERT(t >= EVE && t < EVE + 30);
	T_ASSERT(clock_now() >= t);
}

static void
test_local_dates(void)
{
	char d[11], iso[32];

	T_EQ_STR(clock_tz(), "Asia/Shanghai");
	/* 23:59 on the 25th in Shanghai is still the 25th there ... */
	clock_local_date(EVE, d);
	T_EQ_STR(d, "2020-01-25");
	clock_local_iso(EVE, iso);
	T_EQ_STR(iso, "2020-01-25T23:59:00+08:00");
	/* ... and 00:01 on the 26th is the 26th, although UTC is on the 25th */
	clock_local_date(EVE + 120, d);
	T_EQ_STR(d, "2020-01-26");
	clock_local_iso(EVE + 120, iso);
	T_EQ_STR(iso, "2020-01-26T00:01:00+08:00");
	/* 23:59 UTC on the 25th is already 07:59 on the 26th in Shanghai */
	clock_local_date(1580000340, d);
	T_EQ_STR(d, "2020-01-26");

	T_EQ_INT(clock_day_start(EVE), EVE - (23 * 3600 + 59 * 60));
	T_EQ_INT(clock_day_start(EVE + 120), EVE + 60);
	T_EQ_INT(clock_day_start(EVE + 60), EVE + 60);
}

static void
test_tz(void)
{
	char d[11];

	T_EQ_INT(clock_set_tz("Nowhere/Atlantis"), ERR_INVALID);
	T_EQ_INT(clock_set_tz("../../etc/passwd"), ERR_INVALID);
	T_EQ_INT(clock_set_tz("/usr/share/zoneinfo/UTC"), ERR_INVALID);
	T_EQ_INT(clock_set_tz(""), ERR_INVALID);
	T_EQ_INT(clock_set_tz(NULL), ERR_INVALID);
	T_EQ_INT(clock_set_tz("Asia"), ERR_INVALID); /* a directory */
	T_EQ_STR(clock_tz(), "Asia/Shanghai");

	T_EQ_INT(clock_set_tz("UTC"), 0);
	T_EQ_STR(clock_tz(), "UTC");
	clock_local_date(EVE + 120, d);
	T_EQ_STR(d, "2020-01-25");
	T_EQ_INT(clock_set_tz("Asia/Shanghai"), 0);
	clock_local_date(EVE + 120, d);
	T_EQ_STR(d, "2020-01-26");
}

static void
test_parse_date(void)
{
	int y = 0, m = 0, d = 0;

	T_EQ_INT(clock_parse_date("2020-02-29", &y, &m, &d), 0);
	T_EQ_INT(y, 2020);
	T_EQ_INT(m, 2);
	T_EQ_INT(d, 29);
	T_EQ_INT(clock_parse_date("2000-02-29", &y, &m, &d), 0);
	T_EQ_INT(clock_parse_date("2019-02-29", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date("1900-02-29", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date("2020-04-31", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date("2020-13-01", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date("2020-00-10", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date("2020-1-10", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date("2020-01-10x", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date("", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(clock_parse_date(NULL, &y, &m, &d), ERR_INVALID);
	/* out-parameters untouched on failure */
	y = m = d = -1;
	T_EQ_INT(clock_parse_date("2021-02-29", &y, &m, &d), ERR_INVALID);
	T_EQ_INT(y, -1);
}

/* clock_in_child says what clock_now gives in a fresh process whose
 * FANGYI_CLOCK is env: the clock is read once per process. */
static int64_t
clock_in_child(const char *env)
{
	int fd[2], status;
	int64_t t = -1;
	pid_t pid;

	if (pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		setenv("FANGYI_CLOCK", env, 1);
		t = clock_now();
		if (write(fd[1], &t, sizeof(t)) != sizeof(t))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], &t, sizeof(t)) != sizeof(t))
		t = -1;
	close(fd[0]);
	waitpid(pid, &status, 0);
	return t;
}

static void
test_formats(void)
{
	int64_t t;

	t = clock_in_child("1579967940");
	T_ASSERT(t >= EVE && t < EVE + 30);
	t = clock_in_child("2020-01-25T15:59:00Z");
	T_ASSERT(t >= EVE && t < EVE + 30);
	t = clock_in_child("2020-01-25T10:59:00-05:00");
	T_ASSERT(t >= EVE && t < EVE + 30);
	t = clock_in_child("2020-01-25 23:59+0800");
	T_ASSERT(t >= EVE && t < EVE + 30);
	/* not understood: the real clock, which is long past 2020 */
	t = clock_in_child("2020-02-30T00:00:00+08:00");
	T_ASSERT(t > EVE + 86400 * 365);
	t = clock_in_child("2020-01-25T23:59:00");
	T_ASSERT(t > EVE + 86400 * 365);
}

int
main(void)
{
	T_RUN(test_formats);
	/* before the first clock_now: it reads FANGYI_CLOCK once */
	setenv("FANGYI_CLOCK", "2020-01-25T23:59:00+08:00", 1);
	T_RUN(test_injected);
	/* changing the variable later changes nothing */
	setenv("FANGYI_CLOCK", "0", 1);
	T_ASSERT(clock_now() >= EVE);
	T_RUN(test_local_dates);
	T_RUN(test_tz);
	T_RUN(test_parse_date);
	return T_DONE();
}
