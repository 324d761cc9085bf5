/* clock.h: the one source of "now", and the town's local day. */
#ifndef FANGYI_CLOCK_H
#define FANGYI_CLOCK_H

#include <stdint.h>

/*
 * clock_now returns Unix seconds.  Tests inject a clock with the
 * FANGYI_CLOCK environment variable ("2020-01-25T23:59:00+08:00" or Unix
 * seconds), which then advances with real time from that instant.
 */
int64_t clock_now(void);

/*
 * clock_pin makes clock_now return t until clock_pin(0) lets it run again.  The demo town
 * writes its last fortnight through the same db functions the operations use, which stamp
 * each row with now: pinned, every row carries the moment it stands for.  Only a
 * single-threaded command may pin the clock (fangyi demo); a server never does.
 */
void clock_pin(int64_t t);

/* clock_set_tz sets the town's zone ("Asia/Shanghai"); returns 0 or
 * ERR_INVALID when the zone is unknown to the system's tz database. */
int clock_set_tz(const char *tz);
const char *clock_tz(void);

/* clock_local_date writes the town-local date of t as "YYYY-MM-DD". */
void clock_local_date(int64_t t, char ret[11]);

/* clock_local_iso writes t as local "YYYY-MM-DDTHH:MM:SS+08:00". */
void clock_local_iso(int64_t t, char ret[32]);

/* clock_day_start returns the Unix second at which the local day holding t began. */
int64_t clock_day_start(int64_t t);

/* clock_parse_date checks "YYYY-MM-DD" is a real calendar date; 0 or ERR_INVALID. */
int clock_parse_date(const char *s, int *ret_y, int *ret_m, int *ret_d);

#endif
