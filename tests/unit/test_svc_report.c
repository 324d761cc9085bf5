/* test_svc_report.c: the daily report's figures straight from the operation, without HTTP: a
 * small town seeded on a SQLite file in the morning, then its report read that evening and the
 * next morning by the same program run again on a later clock (FANGYI_CLOCK is read once per
 * process, and a key person's registration time is the clock's). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "db_command.h"
#include "db_monitor.h"
#include "db_registry.h"
#include "err.h"
#include "role.h"
#include "svc_report.h"
#include "t.h"

#define SEED_AT "2020-02-03T08:00:00+08:00"    /* day 1 of both observations, 08:00 */
#define EVENING_AT "2020-02-03T21:00:00+08:00" /* both check windows of the day closed */
#define NEXT_AT "2020-02-04T10:00:00+08:00"    /* the report of the day before */

#define TOWN "430302100000"
#define YUNLONG "430302100201"
#define YUNLONG_GRID "430302100201001"
#define HELING "430302100202"

static struct db *db;
static struct dbc *c;
static struct arena *a;

static int64_t
area(const char *code, const char *name, int level, int64_t parent)
{
	struct area ar = {0};

	ar.code = (char *)code;
	ar.name = (char *)name;
	ar.level = level;
	ar.kind = level == AREA_VILLAGE ? "village" : level == AREA_GRID ? "grid" : "town";
	ar.parent_id = parent;
	T_EQ_INT(db_area_insert(c, &ar), 0);
	return ar.id;
}

static int64_t
household(int64_t area_id, const char *code, const char *address)
{
	struct household h = {0};

	h.area_id = area_id;
	h.area_code = (char *)code;
	h.address = (char *)address;
	T_EQ_INT(db_household_insert(c, &h), 0);
	return h.id;
}

static int64_t
person(int64_t area_id, const char *code, int64_t hh, const char *name)
{
	struct person p = {0};

	p.area_id = area_id;
	p.area_code = (char *)code;
	p.household_id = hh;
	p.name = (char *)name;
	T_EQ_INT(db_person_insert(c, &p), 0);
	return p.id;
}

/* A key person registered now, on day 1 of 14 (2020-02-03 to 2020-02-16). */
static int64_t
key_person(int64_t person_id, const char *code, const char *kind, const char *hash)
{
	struct key_person k = {0};

	k.person_id = person_id;
	k.area_code = (char *)code;
	k.reason = "close_contact";
	k.left_on = "2020-02-01";
	k.arrived_on = "2020-02-02";
	k.found_by = "sweep";
	k.kind = (char *)kind;
	k.start_date = "2020-02-03";
	k.days = 14;
	k.end_date = "2020-02-16";
	k.status = "active";
	k.self_code_hash = (char *)hash;
	T_EQ_INT(db_kp_insert(c, &k), 0);
	return k.id;
}

/* This morning's check of a key person; an abnormal one raises its alert. */
static void
check(int64_t kp, const char *code, int tenths)
{
	struct check ch = {0};
	struct alert al = {0};

	ch.key_person_id = kp;
	ch.area_code = (char *)code;
	ch.taken_at = ch.recorded_at = clock_now();
	ch.day = "2020-02-03";
	ch.slot = "am";
	ch.temp_tenths = tenths;
	ch.method = "visit";
	ch.abnormal = tenths >= 373;
	T_EQ_INT(db_check_insert(c, &ch), 0);
	if (ch.abnormal) {
		al.key_person_id = kp;
		al.check_id = ch.id;
		al.area_code = (char *)code;
		al.raised_at = clock_now();
		al.reason = "fever";
		T_EQ_INT(db_alert_insert(c, &al), 0);
	}
	T_EQ_INT(db_kp_after_check(c, kp, ch.id, ch.abnormal), 0);
}

/* 鹤岭镇 with 云龙村 (one grid) and 鹤岭村: three residents in two households, one key person
 * at home in 云龙村's grid with a normal morning check, one in centralised isolation in 鹤岭村
 * with a fever and its alert, a task for the grid worker due at noon, a tip. */
static void
seed(void)
{
	int64_t town, yl, grid, hl, hh1, hh2, p1, p3, kp1, kp3;
	struct user u = {0};
	struct task t = {0};
	struct tip tp = {0};

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(db_setting_put(c, "town_code", TOWN), 0);
	T_EQ_INT(db_setting_put(c, "town_name", "鹤岭镇"), 0);
	town = area(TOWN, "鹤岭镇", AREA_TOWN, 0);
	yl = area(YUNLONG, "云龙村", AREA_VILLAGE, town);
	grid = area(YUNLONG_GRID, "1组", AREA_GRID, yl);
	hl = area(HELING, "鹤岭村", AREA_VILLAGE, town);
	hh1 = household(grid, YUNLONG_GRID, "云龙村1组1号");
	hh2 = household(hl, HELING, "鹤岭村8号");
	p1 = person(grid, YUNLONG_GRID, hh1, "张三");
	person(grid, YUNLONG_GRID, hh1, "李四");
	p3 = person(hl, HELING, hh2, "王五");
	kp1 = key_person(p1, YUNLONG_GRID, "home", "11");
	kp3 = key_person(p3, HELING, "centralised", "33");
	check(kp1, YUNLONG_GRID, 365);
	check(kp3, HELING, 386);
	u.username = "grid1";
	u.display_name = "赵网格";
	u.role = "grid";
	u.area_id = grid;
	u.pwhash = "x";
	T_EQ_INT(db_user_insert(c, &u), 0);
	t.title = "劝导张三居家";
	t.area_code = YUNLONG_GRID;
	t.owner_id = u.id;
	t.assigned_by = u.id;
	t.deadline = clock_now() + 4 * 3600; /* noon */
	t.priority = "high";
	t.source = "manual";
	T_EQ_INT(db_task_insert(c, &t), 0);
	T_EQ_INT(db_task_event_add(c, t.id, u.id, "grid1", "created", "{}"), 0);
	tp.code = "T0001";
	tp.kind = "gathering";
	tp.area_code = HELING;
	tp.description = "村口有人打麻将";
	tp.anonymous = 1;
	T_EQ_INT(db_tip_insert(c, &tp), 0);
	T_EQ_INT(dbc_commit(c), 0);
}

static const struct figures_row *
village(const struct monitor_figures *f, const char *code)
{
	int i;

	for (i = 0; i < f->nvillages; i++)
		if (strcmp(f->villages[i].code, code) == 0)
			return &f->villages[i];
	return NULL;
}

static const struct report_village_tasks *
village_tasks(const struct daily_report *d, const char *code)
{
	int i;

	for (i = 0; i < d->ntask_villages; i++)
		if (strcmp(d->task_villages[i].code, code) == 0)
			return &d->task_villages[i];
	return NULL;
}

static void
report(struct svc *s, const char *date, struct daily_report *d)
{
	struct fault f = {0};

	T_EQ_INT(svc_local(s, c, a, &f), 0);
	T_EQ_INT(svc_report_daily(s, date, d), 0);
}

/* The evening of day 1: each village's figures, the alert open, the task overdue at noon. */
static void
test_evening(void)
{
	struct svc s;
	struct daily_report d;
	const struct figures_row *yl, *hl;

	report(&s, NULL, &d);
	T_EQ_STR(s.scope, "430302100");
	T_EQ_STR(d.date, "2020-02-03");
	T_EQ_STR(d.previous_date, "2020-02-02");
	T_EQ_STR(d.town_name, "鹤岭镇");
	T_EQ_INT(d.persons, 3);
	T_EQ_INT(d.households, 2);
	T_EQ_STR(d.monitoring.town.code, TOWN);
	T_EQ_INT(d.monitoring.nvillages, 2);
	yl = village(&d.monitoring, YUNLONG);
	hl = village(&d.monitoring, HELING);
	T_ASSERT(yl != NULL && hl != NULL);
	if (yl == NULL || hl == NULL)
		return;
	T_EQ_INT(yl->under_observation, 1);
	T_EQ_INT(yl->home, 1);
	T_EQ_INT(yl->centralised, 0);
	T_EQ_INT(yl->registered_today, 1);
	T_EQ_INT(yl->abnormal_today, 0);
	T_EQ_INT(yl->alerts_open, 0);
	T_EQ_INT(yl->checks_overdue, 1); /* the afternoon's */
	T_EQ_INT(yl->slots_due, 2);
	T_EQ_INT(yl->slots_done, 1);
	T_EQ_INT(hl->under_observation, 1);
	T_EQ_INT(hl->centralised, 1);
	T_EQ_INT(hl->abnormal_today, 1);
	T_EQ_INT(hl->alerts_open, 1);
	T_EQ_INT(hl->checks_overdue, 1);
	T_EQ_INT(d.monitoring.town.under_observation, 2);
	T_EQ_INT(d.monitoring.town.alerts_open, 1);
	T_EQ_INT(d.monitoring.town.checks_overdue, 2);
	/* nobody was under observation the day before */
	T_EQ_INT(d.monitoring_before.town.under_observation, 0);
	T_EQ_INT(d.monitoring_before.town.registered_today, 0);
	/* the task: opened today, overdue since noon, in 云龙村, held by the grid worker */
	T_EQ_INT(d.tasks_opened, 1);
	T_EQ_INT(d.tasks_closed, 0);
	T_EQ_INT(d.tasks_overdue, 1);
	T_ASSERT(d.median_hours_to_close < 0);
	T_EQ_INT(d.ntask_villages, 2);
	T_ASSERT(village_tasks(&d, YUNLONG) && village_tasks(&d, YUNLONG)->open == 1 &&
		 village_tasks(&d, YUNLONG)->overdue == 1);
	T_ASSERT(village_tasks(&d, HELING) && village_tasks(&d, HELING)->open == 0);
	T_EQ_INT(d.noverdue, 1);
	if (d.noverdue == 1)
		T_EQ_STR(d.overdue[0].task->title, "劝导张三居家");
	T_EQ_INT(d.nowners, 1);
	if (d.nowners == 1) {
		T_EQ_STR(d.owners[0].name, "赵网格");
		T_EQ_INT(d.owners[0].open, 1);
		T_EQ_INT(d.owners[0].overdue, 1);
		T_EQ_INT(d.owners[0].opened, 1);
	}
	/* the tip */
	T_EQ_INT(d.tips_received, 1);
	T_EQ_INT(d.tips_handled, 0);
	T_EQ_INT(d.ntip_kinds, 1);
	if (d.ntip_kinds == 1) {
		T_EQ_STR(d.tip_kinds[0].kind, "gathering");
		T_EQ_INT(d.tip_kinds[0].count, 1);
	}
	/* the fever's alert, open 13 hours and not referred */
	T_EQ_INT(d.nalerts, 1);
	if (d.nalerts == 1) {
		T_ASSERT(d.alerts[0].age_hours > 12.9 && d.alerts[0].age_hours < 13.2);
		T_ASSERT(!d.alerts[0].referred);
		T_EQ_STR(d.alerts[0].alert->area_code, HELING);
	}
	/* nothing else happened: no stores, posts, campaigns nor gatherings */
	T_EQ_INT(d.supplies.nitems, 0);
	T_EQ_INT(d.nposts, 0);
	T_EQ_INT(d.nsweeps, 0);
	T_EQ_INT(d.gatherings.nvillages, 2);
	T_EQ_STR(d.gatherings.town.code, TOWN);
}

/* Who may not read the registry gets every figure and none of the lists that name people. */
static void
test_aggregate_only(void)
{
	struct svc s;
	struct daily_report d;
	struct fault f = {0};

	T_EQ_INT(svc_local(&s, c, a, &f), 0);
	s.perms = PERM_FIGURES_READ;
	T_EQ_INT(svc_report_daily(&s, "2020-02-03", &d), 0);
	T_ASSERT(d.aggregate_only);
	T_EQ_INT(d.monitoring.town.alerts_open, 1);
	T_EQ_INT(d.tasks_overdue, 1);
	T_EQ_INT(d.noverdue, 0);
	T_EQ_INT(d.nalerts, 0);
	T_EQ_INT(d.nowners, 0);
}

/* The evening's worklist of the whole town: both afternoons missed, the fever's alert open. */
static void
test_worklist(void)
{
	struct svc s;
	struct worklist w;
	struct monitor_day *days;
	struct fault f = {0};
	int n;

	T_EQ_INT(svc_local(&s, c, a, &f), 0);
	T_EQ_INT(svc_worklist_get(&s, &w), 0);
	T_EQ_STR(w.date, "2020-02-03");
	T_EQ_INT(w.ndue, 0);
	T_EQ_INT(w.noverdue, 2);
	if (w.noverdue == 2)
		T_ASSERT(strcmp(w.overdue[0].slot, "pm") == 0 && strcmp(w.overdue[1].slot, "pm") == 0);
	T_EQ_INT(w.nabnormal, 1);
	if (w.nabnormal == 1) {
		T_EQ_STR(w.abnormal[0].reason, "alert_open");
		T_EQ_STR(w.abnormal[0].kp->area_code, HELING);
	}
	T_EQ_INT(svc_worklist_daily(&s, 3, &days, &n), 0);
	T_EQ_INT(n, 3);
	if (n == 3) {
		T_EQ_STR(days[2].date, "2020-02-03");
		T_EQ_INT(days[2].under_observation, 2);
		T_EQ_INT(days[2].registered, 2);
		T_EQ_INT(days[2].abnormal_checks, 1);
		T_EQ_INT(days[1].under_observation, 0);
	}
	T_EQ_INT(svc_worklist_daily(&s, 0, &days, &n), ERR_INVALID);
	T_EQ_STR(f.field, "days");
}

/* A date after today, or one not in the calendar, is refused on "date" in both languages. */
static void
test_bad_date(void)
{
	struct svc s;
	struct daily_report d;
	struct fault f = {0};

	T_EQ_INT(svc_local(&s, c, a, &f), 0);
	T_EQ_INT(svc_report_daily(&s, "2020-02-04", &d), ERR_INVALID);
	T_EQ_STR(f.field, "date");
	T_ASSERT(strstr(f.zh, "不晚于今天") != NULL);
	T_ASSERT(strstr(f.en, "no later than today") != NULL);
	memset(&f, 0, sizeof(f));
	T_EQ_INT(svc_report_daily(&s, "2020-02-30", &d), ERR_INVALID);
	T_EQ_STR(f.field, "date");
}

/* The next morning, day 1's report is what stood that evening: the alert still open counts. */
static void
test_next_morning(void)
{
	struct svc s;
	struct daily_report d;
	const struct figures_row *hl;

	report(&s, "2020-02-03", &d);
	hl = village(&d.monitoring, HELING);
	T_ASSERT(hl != NULL);
	if (hl == NULL)
		return;
	T_EQ_INT(hl->alerts_open, 1);
	T_EQ_INT(hl->abnormal_today, 1);
	T_EQ_INT(hl->checks_overdue, 1);
	T_EQ_INT(d.monitoring.town.alerts_open, 1);
	T_EQ_INT(d.monitoring.town.checks_overdue, 2);
	T_EQ_INT(d.nalerts, 1);
	if (d.nalerts == 1)
		T_ASSERT(d.alerts[0].age_hours > 15.9 && d.alerts[0].age_hours < 16.1);
	T_EQ_INT(d.tasks_opened, 1);
	T_EQ_INT(d.tasks_overdue, 1);
	T_EQ_INT(d.tips_received, 1);
	/* and today has nothing new yet, but both are still under observation */
	report(&s, NULL, &d);
	T_EQ_STR(d.date, "2020-02-04");
	T_EQ_INT(d.monitoring.town.under_observation, 2);
	T_EQ_INT(d.monitoring.town.registered_today, 0);
	T_EQ_INT(d.tasks_opened, 0);
	T_EQ_INT(d.tips_received, 0);
}

/* One phase in this process, on the clock it was started with. */
static int
phase(const char *name, const char *path)
{
	struct fault f = {0};
	char url[96];

	if (sodium_init() < 0 || clock_set_tz("Asia/Shanghai"))
		return 1;
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (db_open(url, 1, &db, &f)) {
		fprintf(stderr, "test_svc_report: %s\n", f.en);
		return 1;
	}
	c = db_acquire(db);
	a = arena_new();
	if (strcmp(name, "seed") == 0)
		T_RUN(seed);
	else if (strcmp(name, "evening") == 0) {
		T_RUN(test_evening);
		T_RUN(test_aggregate_only);
		T_RUN(test_bad_date);
		T_RUN(test_worklist);
	} else if (strcmp(name, "next") == 0)
		T_RUN(test_next_morning);
	arena_free(a);
	db_release(c);
	db_close(db);
	return T_DONE();
}

/* Run this program again for a phase, on a clock of its own. */
static void
run(const char *self, const char *name, const char *at, const char *path)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		setenv("FANGYI_CLOCK", at, 1);
		execl(self, self, name, path, (char *)NULL);
		_exit(127);
	}
	T_ASSERT(pid > 0 && waitpid(pid, &status, 0) == pid);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		fprintf(stderr, "  in the phase %s\n", name);
}

int
main(int argc, char **argv)
{
	char path[] = "/tmp/fangyi-test-svc-report-XXXXXX", side[80];
	int fd;

	if (argc == 3)
		return phase(argv[1], argv[2]);
	if ((fd = mkstemp(path)) < 0)
		return 1;
	close(fd);
	unlink(path);
	(void)argv;
	run("/proc/self/exe", "seed", SEED_AT, path);
	run("/proc/self/exe", "evening", EVENING_AT, path);
	run("/proc/self/exe", "next", NEXT_AT, path);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return T_DONE();
}
