/*
 * svc_report.h: the daily dispatch report (调度日报) as figures: every section the meeting reads
 * (monitoring by village, tasks, tips, alerts, supplies, checkpoints, sweeps, gatherings) in
 * typed rows, for the API, the command line and the tests to render or check as they need.
 */
#ifndef FANGYI_SVC_REPORT_H
#define FANGYI_SVC_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "db_command.h"
#include "db_duty.h"
#include "svc.h"
#include "svc_figures.h"
#include "svc_worklist.h"

/* A village's tasks open and overdue at the end of the day. */
struct report_village_tasks {
	const char *code, *name;
	int64_t open, overdue;
};

/* A task overdue at the end of the day (its title may name a resident). */
struct report_overdue {
	const struct task *task;
};

/* An owner's tasks: open and overdue at the end of the day, opened, done and verified in it, and
 * the median hours from assignment to done (median < 0 when nothing was done). */
struct report_owner {
	int64_t id;
	const char *name, *area_code, *area_name;
	int64_t open, overdue, opened, done, verified;
	double median;
};

/* How many tips of a kind were received that day (kinds in the order first received). */
struct report_tip_kind {
	const char *kind;
	int64_t count;
};

/* An alert open at the end of the day, as it stood then. */
struct report_alert {
	const struct alert *alert;
	double age_hours;
	bool referred;
};

/* A duty post's screenings of the day (a checkpoint always; another post when it screened). */
struct report_post {
	const struct duty_post *post;
	struct screen_counts counts;
};

/* A campaign under way that day, with its coverage then. */
struct report_sweep {
	const struct sweep_campaign *campaign;
	struct sweep_coverage coverage;
};

/* A town's row of a district's report, as a town's report has a row per village: the figures of
 * the town's own report that day. */
struct report_town {
	const char *code, *name;
	int64_t persons, households;
	struct figures_row monitoring; /* the town's row, by the town's code */
	int64_t tasks_opened, tasks_closed, tasks_open, tasks_overdue;
	int64_t tips_received, tips_handled;
	struct screen_counts checkpoints;
	struct gathering_row gatherings_today;
	struct gathering_row gatherings; /* registered by the end of the day, outcomes then */
};

struct daily_report {
	const char *date, *previous_date;
	/* the area the report is of: the town, or the district for the district's users (NULL when
	 * the database has none) */
	const char *town_code, *town_name;
	/* a district's report: its rows are towns (towns[], and the monitoring and task tables
	 * by town), not villages */
	bool district;
	struct report_town *towns;
	int ntowns;
	int64_t generated_at;
	int64_t persons, households; /* the registry of the area */
	/* monitoring: the day's figures and the day before's, for the change */
	struct monitor_figures monitoring, monitoring_before;
	/* tasks */
	int64_t tasks_opened, tasks_closed, tasks_overdue;
	double median_hours_to_close; /* < 0 when none was closed that day */
	struct report_village_tasks *task_villages;
	int ntask_villages;
	struct report_owner *owners; /* empty when aggregate_only */
	int nowners;
	struct report_overdue *overdue; /* empty when aggregate_only */
	int noverdue;
	/* tips */
	int64_t tips_received, tips_handled;
	double tips_handled_within_24h_share; /* 1 when none was received */
	struct report_tip_kind *tip_kinds;
	int ntip_kinds;
	/* alerts open at the end of the day; empty when aggregate_only */
	struct report_alert *alerts;
	int nalerts;
	/* supplies at the end of the day */
	struct supply_figures supplies;
	/* checkpoints */
	struct report_post *posts;
	int nposts;
	struct screen_counts checkpoints;
	/* sweeps under way, and gatherings registered by the end of the day with those of the day */
	struct report_sweep *sweeps;
	int nsweeps;
	struct gathering_figures gatherings;
	struct gathering_row gatherings_today;
	/* the lists that name people were left out: the actor may not read the registry */
	bool aggregate_only;
};

/*
 * svc_report_daily gathers the report of the actor's area for a local date (NULL or "": today;
 * not later than today, else ERR_INVALID on "date").  The district's users get the district's
 * report rolled up town by town: each town's figures as its own report gives them, a row per
 * town where a town's report has a row per village.  An actor who may not read the registry (the
 * district's viewer, a checkpoint) gets the figures without the lists that name residents or
 * staff.  Everything lives in the actor's arena.
 */
int svc_report_daily(struct svc *s, const char *date, struct daily_report *out);

/*
 * svc_report_owners: per owner whose area lies in the actor's, the tasks open at de (the end of
 * the local day [ds, de), read from the task events, never as of now for a past day), those
 * overdue then, and those opened, done and verified in the day with the median hours from
 * assignment to done; owners with nothing to count are left out.  By the owner's area, then id.
 */
int svc_report_owners(struct svc *s, int64_t ds, int64_t de, struct report_owner **ret,
		      int *ret_n);

#endif
