/*
 * svc_worklist.h: the monitoring work of a day: the phone worklist of grid workers and doctors,
 * the figures by village (the dashboard's and the daily report's first table) and the daily
 * series of the charts.
 */
#ifndef FANGYI_SVC_WORKLIST_H
#define FANGYI_SVC_WORKLIST_H

#include <stdint.h>

#include "db_monitor.h"
#include "svc.h"

/* One row of the monitoring figures (docs/API.md FIGROW): a village, or the whole area. */
struct figures_row {
	const char *code, *name;
	int64_t under_observation, home, centralised;
	int64_t registered_today, released_today, abnormal_today;
	int64_t alerts_open, checks_due, checks_overdue;
	int64_t slots_due, slots_done; /* completion_rate is done / due, 1 when nothing was due */
};

/* The figures of a local day: those that stood at its end, today's as they stand now. */
struct monitor_figures {
	const char *date;
	struct figures_row town; /* the actor's area, by its full code */
	struct figures_row *villages;
	int nvillages;
};

/*
 * svc_worklist_figures counts the key persons, checks and alerts of the actor's area for a local
 * date (NULL or "": today) by village, releasing first those whose period has ended (as every
 * monitoring answer does).  A date that is not a YYYY-MM-DD no later than today is ERR_INVALID on
 * "date".  The rows live in the actor's arena.
 */
int svc_worklist_figures(struct svc *s, const char *date, struct monitor_figures *out);

/* One person on the worklist: why (due, overdue, alert_open, last_check_abnormal,
 * repeated_self_report, only_self_reports), and for a check the day and slot it is owed. */
struct worklist_item {
	const struct key_person *kp;
	const char *date; /* NULL when no check is meant */
	const char *slot; /* "am", "pm" or NULL */
	const char *reason;
};

struct worklist {
	int64_t now;
	char date[11];
	const char *slot; /* the slot of the hour: "am" or "pm" */
	struct worklist_item *due, *overdue, *abnormal, *needs_visit;
	int ndue, noverdue, nabnormal, nneeds_visit;
};

/*
 * svc_worklist_get builds the worklist of the acting user: a grid worker's or doctor's own key
 * persons, anyone else's those of their area.  The actor must be a user.  On the actor's arena.
 */
int svc_worklist_get(struct svc *s, struct worklist *out);

/* One day of the charts' series. */
struct monitor_day {
	char date[11];
	int64_t under_observation, abnormal_checks, registered, released;
};

/*
 * svc_worklist_daily gives the last `days` local days up to today (1-90, else ERR_INVALID on
 * "days"), oldest first, in *ret (on the actor's arena).
 */
int svc_worklist_daily(struct svc *s, int days, struct monitor_day **ret, int *ret_n);

#endif
