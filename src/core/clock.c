/* clock.c: the one source of "now" (injectable for tests) and the town's local day. */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "err.h"

#define DEFAULT_TZ "Asia/Shanghai"

static pthread_once_t now_once = PTHREAD_ONCE_INIT;
static bool injected;
static int64_t injected_base;     /* the instant FANGYI_CLOCK named */
static struct timespec real_base; /* CLOCK_MONOTONIC when it was read */
static int64_t pinned;            /* clock_pin's instant, 0 when the clock runs */

static pthread_once_t tz_once = PTHREAD_ONCE_INIT;
static char tz_name[128] = DEFAULT_TZ;

/* days_from_civil counts days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* digits reads exactly n decimal digits at s into *ret; false otherwise. */
static bool
digits(const char *s, int n, int *ret)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return true;
}

/*
 * parse_instant reads "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|+HHMM|+HH)" or
 * plain Unix seconds.  A local time without an offset is refused: a test
 * clock must say which instant it means.
 */
static int
parse_instant(const char *s, int64_t *ret)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 1;
	const char *p;
	char *end;
	long long v;

	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
		v = strtoll(s, &end, 10);
		*ret = v;
		return 0;
	}
	if (strlen(s) < 16 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
		return ERR_INVALID;
	p = s + 16;
	if (*p == ':') {
		if (!digits(p + 1, 2, &sec))
			return ERR_INVALID;
		p += 3;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 || mi > 59 || sec > 60)
		return ERR_INVALID;
	if (*p == 'Z' && p[1] == '\0') {
		/* UTC */
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (!digits(p + 1, 2, &oh))
			return ERR_INVALID;
		p += 3;
		if (*p == ':')
			p++;
		if (*p != '\0' && (!digits(p, 2, &om) || p[2] != '\0'))
			return ERR_INVALID;
		if (oh > 14 || om > 59)
			return ERR_INVALID;
	} else {
		return ERR_INVALID;
	}
	*ret = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	       sign * (oh * 3600 + om * 60);
	return 0;
}

static void
now_init(void)
{
	const char *env = getenv("FANGYI_CLOCK");
	int64_t t;

	if (env == NULL || *env == '\0')
		return;
	if (parse_instant(env, &t) != 0) {
		/* Core code does not log; but a test clock that silently
		 * became the real clock would be worse than one line here. */
		fprintf(stderr, "fangyi: FANGYI_CLOCK=%s not understood, using the system clock\n",
		        env);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &real_base);
	injected_base = t;
	injected = true;
}

int64_t
clock_now(void)
{
	struct timespec ts;

	pthread_once(&now_once, now_init);
	if (pinned)
		return pinned;
	if (injected) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		return injected_base + (int64_t)(ts.tv_sec - real_base.tv_sec) -
		       (ts.tv_nsec < real_base.tv_nsec ? 1 : 0);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

void
clock_pin(int64_t t)
{
	pinned = t;
}

static void
tz_apply(void)
{
	setenv("TZ", tz_name, 1);
	tzset();
}

/* tz_init makes sure TZ is set before any local-time conversion. */
static void
tz_init(void)
{
	pthread_once(&tz_once, tz_apply);
}

/* tz_known says whether name is a zone file in the system's tz database. */
static bool
tz_known(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	struct stat st;
	size_t i;
	FILE *fp;
	bool ok;

	if (name == NULL || *name == '\0' || strlen(name) >= sizeof(tz_name) || name[0] == '/')
		return false;
	for (i = 0; name[i]; i++) {
		if (!isalnum((unsigned char)name[i]) && strchr("/_-+", name[i]) == NULL)
			return false;
	}
	if (strstr(name, "..") != NULL)
		return false;
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	fp = fopen(path, "rb");
	if (fp == NULL)
		return false;
	ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

int
clock_set_tz(const char *tz)
{
	if (!tz_known(tz))
		return ERR_INVALID;
	tz_init();
	snprintf(tz_name, sizeof(tz_name), "%s", tz);
	tz_apply();
	return 0;
}

const char *
clock_tz(void)
{
	return tz_name;
}

/* local_tm breaks t into town-local time; false when t is out of range. */
static bool
local_tm(int64_t t, struct tm *ret)
{
	time_t tt = (time_t)t;

	tz_init();
	return localtime_r(&tt, ret) != NULL && ret->tm_year + 1900 >= 0 &&
	       ret->tm_year + 1900 <= 9999;
}

void
clock_local_date(int64_t t, char ret[11])
{
	char tmp[64];
	struct tm tm;

	if (!local_tm(t, &tm)) {
		memcpy(ret, "0000-00-00", 11);
		return;
	}
	/* local_tm bounded the year, so this is exactly ten characters. */
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(ret, tmp, 10);
	ret[10] = '\0';
}

void
clock_local_iso(int64_t t, char ret[32])
{
	char tmp[128];
	struct tm tm;
	long off;

	if (!local_tm(t, &tm)) {
		memcpy(ret, "0000-00-00T00:00:00+00:00", 26);
		return;
	}
	off = tm.tm_gmtoff % 86400;
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
	         (off < 0 ? -off : off) / 3600, (off < 0 ? -off : off) / 60 % 60);
	memcpy(ret, tmp, 25);
	ret[25] = '\0';
}

int64_t
clock_day_start(int64_t t)
{
	struct tm tm;
	time_t start;

	if (!local_tm(t, &tm))
		return t - (t % 86400 + 86400) % 86400;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	start = mktime(&tm);
	if (start == (time_t)-1 || start > t)
		return t - (t % 86400 + 86400) % 86400;
	return (int64_t)start;
}

int
clock_parse_date(const char *s, int *ret_y, int *ret_m, int *ret_d)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &m) || s[7] != '-' || !digits(s + 8, 2, &d))
		return ERR_INVALID;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return ERR_INVALID;
	*ret_y = y;
	*ret_m = m;
	*ret_d = d;
	return 0;
}
