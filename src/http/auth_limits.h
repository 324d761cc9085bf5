/* auth_limits.h: how long sessions live and how failed secrets are throttled. */
#ifndef FANGYI_AUTH_LIMITS_H
#define FANGYI_AUTH_LIMITS_H

#define SESSION_SECONDS (12 * 3600) /* a working day and a night shift */

/*
 * Failed secrets are counted per address (core/backoff.h): the first
 * *_FREE failures cost nothing, then each failure doubles the wait from
 * THROTTLE_FIRST up to THROTTLE_CAP.  The count halves every
 * THROTTLE_HALF_LIFE without a failure and is forgotten after
 * THROTTLE_FORGET, so a lock that has run out and stayed quiet starts
 * afresh.  Only the guessing address waits: the same account from
 * another address logs in at once.
 */
#define LOGIN_FREE 5       /* wrong passwords for one account from one address */
#define LOGIN_ADDR_FREE 20 /* failed logins from one address, every account together */
#define SELF_REPORT_FREE 5 /* wrong self-report codes from one address */
#define THROTTLE_FIRST 30  /* seconds */
#define THROTTLE_CAP 900   /* a quarter of an hour */
#define THROTTLE_HALF_LIFE 1800
#define THROTTLE_FORGET 3600
#define THROTTLE_KEEP 86400 /* rows quiet this long are deleted */

#endif
