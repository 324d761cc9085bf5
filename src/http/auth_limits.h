/* auth_limits.h: how long sessions live and how logins are throttled. */
#ifndef FANGYI_AUTH_LIMITS_H
#define FANGYI_AUTH_LIMITS_H

#define SESSION_SECONDS (12 * 3600) /* a working day and a night shift */
#define LOCK_SECONDS 300            /* after 5 wrong passwords in a row */
#define ADDR_FAIL_MAX 20            /* failed logins from one address in ADDR_FAIL_WINDOW */
#define ADDR_FAIL_WINDOW 900        /* before that address may try again */

#endif
