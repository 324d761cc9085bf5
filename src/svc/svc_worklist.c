/* svc_worklist.c: the monitoring work of a day: the worklist, the figures by village, the daily
 * series. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "db_memo.h"
#include "observation.h"
#include "role.h"
#include "svc_monitor.h"
#include "svc_worklist.h"

/* What one key person's checks of yesterday and today say. */
struct state {
	bool in_today, in_yesterday;  /* the day lies in the observation period */
	bool am_today, pm_today, am_yesterday, pm_yesterday; /* a check exists in the slot */
	bool only_self_today, only_self_yesterday;
	bool repeated_self; /* the last three self-reports repeat one value on different days */
	bool abnormal_today;
	/* the slot's window was open after the registration (obs_slot_owed): one that closed
	 * before it is "not recorded before registration", never overdue */
	bool owe_am_today, owe_pm_today, owe_am_yesterday, owe_pm_yesterday;
};

/* The town-local day and hour at which k was registered. */
static void
registered_local(const struct key_person *k, char ret_day[11], int *ret_hour)
{
	time_t t = (time_t)k->created_at;
	struct tm tm;

	clock_local_date(k->created_at, ret_day);
	localtime_r(&t, &tm);
	*ret_hour = tm.tm_hour;
}

/* obs_slot_owed for k: whether slot s of day was owed by the time k was registered. */
static bool
owed(const struct key_person *k, const char *day, enum slot s)
{
	char rday[11];
	int rhour;

	if (k->created_at <= 0)
		return true;
	registered_local(k, rday, &rhour);
	return obs_slot_owed(day, s, rday, rhour);
}

static void
assess(struct dbc *c, struct arena *a, const struct key_person *k, const char *today,
       const char *yesterday, struct state *s)
{
	struct check *v;
	int n = 0, i, selfs = 0, visits_t = 0, visits_y = 0, any_t = 0, any_y = 0;
	int last_self[3];
	const char *last_day[3];
	char from[11];
	int64_t since;

	memset(s, 0, sizeof(*s));
	s->in_today = strcmp(k->start_date, today) <= 0 && strcmp(today, k->end_date) <= 0;
	s->in_yesterday = strcmp(k->start_date, yesterday) <= 0 && strcmp(yesterday, k->end_date) <= 0;
	s->owe_am_today = owed(k, today, SLOT_AM);
	s->owe_pm_today = owed(k, today, SLOT_PM);
	s->owe_am_yesterday = owed(k, yesterday, SLOT_AM);
	s->owe_pm_yesterday = owed(k, yesterday, SLOT_PM);
	date_add_days(today, -3, from);
	since = clock_day_start(clock_now()) - 3 * 86400 - 7200; /* a little before: DST-proof */
	if (db_check_since(c, a, k->id, since, &v, &n) != 0)
		n = 0;
	for (i = 0; i < n; i++) {
		bool t = strcmp(v[i].day, today) == 0, y = strcmp(v[i].day, yesterday) == 0;
		bool am = strcmp(v[i].slot, "am") == 0;
		bool self = strcmp(v[i].method, "self") == 0;

		if (t) {
			any_t++;
			visits_t += !self;
			if (am)
				s->am_today = true;
			else
				s->pm_today = true;
			if (v[i].abnormal)
				s->abnormal_today = true;
		} else if (y) {
			any_y++;
			visits_y += !self;
			if (am)
				s->am_yesterday = true;
			else
				s->pm_yesterday = true;
		}
		if (self && strcmp(v[i].day, from) >= 0) {
			last_self[selfs % 3] = v[i].temp_tenths;
			last_day[selfs % 3] = v[i].day;
			selfs++;
		}
	}
	s->only_self_today = any_t > 0 && visits_t == 0;
	s->only_self_yesterday = any_y > 0 && visits_y == 0;
	if (selfs >= 3) {
		int a0 = (selfs - 3) % 3, a1 = (selfs - 2) % 3, a2 = (selfs - 1) % 3;

		s->repeated_self = last_self[a0] == last_self[a1] && last_self[a1] == last_self[a2] &&
				   strcmp(last_day[a0], last_day[a2]) != 0;
	}
}

static int
local_hour(void)
{
	time_t t = (time_t)clock_now();
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_hour;
}

static void
push(struct arena *a, struct worklist_item **v, int *n, const struct key_person *k,
     const char *date, const char *slot, const char *why)
{
	struct worklist_item *w;

	/* at most 500 persons, a few items each: grow by doubling on the arena */
	if ((*n & (*n - 1)) == 0) {
		w = arena_alloc(a, sizeof(*w) * (size_t)(*n ? *n * 2 : 4));
		if (*n)
			memcpy(w, *v, sizeof(*w) * (size_t)*n);
		*v = w;
	}
	(*v)[(*n)++] = (struct worklist_item){k, date, slot, why};
}

int
svc_worklist_get(struct svc *s, struct worklist *out)
{
	struct key_person *v;
	struct state st;
	int n, i, rc, hour = local_hour();
	int64_t total, mine = 0;
	char *today, *yesterday;

	memset(out, 0, sizeof(*out));
	out->now = clock_now();
	clock_local_date(out->now, out->date);
	out->slot = obs_slot_of_hour(hour) == SLOT_AM ? "am" : "pm";
	today = out->date;
	yesterday = arena_alloc(s->arena, 11);
	date_add_days(today, -1, yesterday);
	/* grid workers and doctors see the people assigned to them; others their area */
	if (s->user && (strcmp(s->user->role, "grid") == 0 || strcmp(s->user->role, "doctor") == 0))
		mine = s->user->id;
	if ((rc = svc_monitor_sweep(s)) ||
	    (rc = db_kp_list(s->db, s->arena, s->scope, "active", NULL, mine, 500, 0, &v, &n, &total)))
		return rc;
	for (i = 0; i < n; i++) {
		const struct key_person *k = &v[i];

		assess(s->db, s->arena, k, today, yesterday, &st);
		if (st.in_today && hour >= SLOT_AM_FROM && hour < SLOT_PM_UNTIL &&
		    !(hour < SLOT_PM_FROM ? st.am_today : st.pm_today))
			push(s->arena, &out->due, &out->ndue, k, today, out->slot, "due");
		if (st.in_today && st.owe_am_today && hour >= SLOT_PM_FROM && !st.am_today)
			push(s->arena, &out->overdue, &out->noverdue, k, today, "am", "overdue");
		if (st.in_today && st.owe_pm_today && hour >= SLOT_PM_UNTIL && !st.pm_today)
			push(s->arena, &out->overdue, &out->noverdue, k, today, "pm", "overdue");
		if (st.in_yesterday && st.owe_am_yesterday && !st.am_yesterday)
			push(s->arena, &out->overdue, &out->noverdue, k, yesterday, "am", "overdue");
		if (st.in_yesterday && st.owe_pm_yesterday && !st.pm_yesterday)
			push(s->arena, &out->overdue, &out->noverdue, k, yesterday, "pm", "overdue");
		if (k->open_alerts > 0 || (k->last.id && k->last.abnormal))
			push(s->arena, &out->abnormal, &out->nabnormal, k, NULL, NULL,
			     k->open_alerts ? "alert_open" : "last_check_abnormal");
		if ((st.in_today && st.only_self_today) ||
		    (st.in_yesterday && st.only_self_yesterday) || st.repeated_self)
			push(s->arena, &out->needs_visit, &out->nneeds_visit, k, NULL, NULL,
			     st.repeated_self ? "repeated_self_report" : "only_self_reports");
	}
	return 0;
}

/* The village row of an area code (rows[1..nrows)), NULL when none. */
static struct figures_row *
row_of(struct figures_row *rows, int nrows, const char *area_code)
{
	int i;

	for (i = 1; i < nrows; i++)
		if (strncmp(area_code, rows[i].code, strlen(rows[i].code)) == 0)
			return &rows[i];
	return NULL;
}

/* Count one in the town's row and in the village's, when there is one. */
#define COUNT(f)                                                                                   \
	do {                                                                                       \
		rows[0].f++;                                                                       \
		if (w)                                                                             \
			w->f++;                                                                    \
	} while (0)

/* The slots of kp_id's checks on a past day as known at its end (0 when none), from the sorted
 * rows of db_check_day_slots. */
static unsigned
day_slots(int64_t kp_id, const int64_t *kp, const unsigned *bits, int n)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (kp[mid] == kp_id)
			return bits[mid];
		if (kp[mid] < kp_id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* Whether k was under observation at the end of day d (today: now). */
static bool
observed_on(const struct key_person *k, const char *d, const char *today, int64_t day_end)
{
	if (strcmp(d, today) == 0)
		return strcmp(k->status, "active") == 0 && strcmp(k->start_date, d) <= 0;
	if (strcmp(k->start_date, d) > 0 || strcmp(d, k->end_date) > 0)
		return false;
	/* a report of a past day never learns of people registered after it */
	if (k->created_at >= day_end)
		return false;
	if (k->released_at && k->released_at < day_end)
		return false;
	return strcmp(k->status, "transferred") != 0;
}

int
svc_worklist_figures(struct svc *s, const char *date, struct monitor_figures *out)
{
	struct area *areas, top;
	struct key_person *v;
	struct figures_row *rows;
	struct state st;
	struct alert *av;
	char today[11], yesterday[11], dbefore[11];
	int na, n, i, nrows = 1, rc, hour = local_hour(), y, m, d, nal, nslots = 0;
	int64_t ds, de, *slot_kp = NULL;
	unsigned *slot_bits = NULL;
	size_t sl = strlen(s->scope);

	clock_local_date(clock_now(), today);
	if (date == NULL || *date == '\0')
		date = arena_strndup(s->arena, today, 10);
	else if (clock_parse_date(date, &y, &m, &d) || strcmp(date, today) > 0)
		return fault_set(s->fault, ERR_INVALID, "date", "date 应为不晚于今天的 YYYY-MM-DD",
				 "date must be a YYYY-MM-DD no later than today");
	ds = clock_day_start(clock_now()) - (int64_t)date_diff_days(date, today) * 86400;
	ds = clock_day_start(ds + 43200); /* the true start of that local day */
	de = clock_day_start(ds + 36 * 3600);
	date_add_days(today, -1, yesterday);
	date_add_days(date, -1, dbefore);
	if ((rc = svc_monitor_sweep(s)) || (rc = db_area_list(s->db, s->arena, s->scope, &areas, &na)))
		return rc;
	rows = arena_alloc(s->arena, sizeof(*rows) * (size_t)(na + 1));
	memset(rows, 0, sizeof(*rows) * (size_t)(na + 1));
	rows[0].code = s->scope;
	rows[0].name = "";
	/* the whole row is the town's, or the district's for a district's user (its one town's
	 * while it holds one); a village's or a grid's user gets their own area's */
	if (sl <= 9 && svc_area_top(s, &top) == 0) {
		rows[0].code = top.code;
		rows[0].name = top.name;
	}
	for (i = 0; i < na; i++) {
		if (areas[i].level == AREA_VILLAGE && strncmp(areas[i].code, s->scope, sl) == 0 &&
		    strlen(areas[i].code) >= sl) {
			rows[nrows].code = areas[i].code;
			rows[nrows].name = areas[i].name;
			nrows++;
		}
	}
	if (rows[0].name[0] == '\0')
		for (i = 0; i < na; i++)
			if (strcmp(areas[i].code, s->scope) == 0)
				rows[0].name = areas[i].name;
	/* A past day's figures are those that stood at its end, whenever they are read: the alerts
	 * open then (raised before it ended, closed after or not yet) and the checks recorded by
	 * then, in two reads of that day rather than one per person. Today's end is still to come,
	 * so the same reads give what stands now. */
	if ((rc = db_kp_all(s->db, s->arena, s->scope, dbefore, date, ds, de, 100000, &v, &n)) ||
	    (rc = db_alert_open_at(s->db, s->arena, s->scope, de, 100000, &av, &nal)) ||
	    (strcmp(date, today) != 0 &&
	     (rc = db_check_day_slots(s->db, s->arena, s->scope, date, de, &slot_kp, &slot_bits,
				      &nslots))))
		return rc;
	for (i = 0; i < nal; i++) {
		struct figures_row *w = row_of(rows, nrows, av[i].area_code);

		COUNT(alerts_open);
	}
	for (i = 0; i < n; i++) {
		const struct key_person *k = &v[i];
		struct figures_row *w = row_of(rows, nrows, k->area_code);
		bool obs = observed_on(k, date, today, de);

		if (obs) {
			COUNT(under_observation);
			if (strcmp(k->kind, "home") == 0)
				COUNT(home);
			else
				COUNT(centralised);
		}
		if (k->created_at >= ds && k->created_at < de)
			COUNT(registered_today);
		if (k->released_at >= ds && k->released_at < de)
			COUNT(released_today);
		if (strcmp(date, today) == 0 && !obs) {
			/* sent on or released today: their abnormal reading still counts */
			assess(s->db, s->arena, k, today, yesterday, &st);
			if (st.abnormal_today)
				COUNT(abnormal_today);
			continue;
		}
		if (!obs) {
			if (day_slots(k->id, slot_kp, slot_bits, nslots) & 4)
				COUNT(abnormal_today);
			continue;
		}
		if (strcmp(date, today) == 0) {
			assess(s->db, s->arena, k, today, yesterday, &st);
			if (st.abnormal_today)
				COUNT(abnormal_today);
			/* a slot closed before the registration is owed by nobody */
			if (hour >= SLOT_AM_FROM && st.owe_am_today) {
				COUNT(slots_due);
				if (st.am_today)
					COUNT(slots_done);
				else if (hour >= SLOT_PM_FROM)
					COUNT(checks_overdue);
				else
					COUNT(checks_due);
			}
			if (hour >= SLOT_PM_FROM && st.owe_pm_today) {
				COUNT(slots_due);
				if (st.pm_today)
					COUNT(slots_done);
				else if (hour >= SLOT_PM_UNTIL)
					COUNT(checks_overdue);
				else
					COUNT(checks_due);
			}
		} else {
			unsigned b = day_slots(k->id, slot_kp, slot_bits, nslots);
			bool am = b & 1, pm = b & 2;
			int owe_am = owed(k, date, SLOT_AM), owe_pm = owed(k, date, SLOT_PM);

			if (b & 4)
				COUNT(abnormal_today);
			/* a slot counts only when owed: a reading entered for a slot before the
			 * registration neither owes nor completes one */
			am = am && owe_am;
			pm = pm && owe_pm;
			rows[0].slots_due += owe_am + owe_pm;
			rows[0].slots_done += am + pm;
			rows[0].checks_overdue += (owe_am && !am) + (owe_pm && !pm);
			if (w) {
				w->slots_due += owe_am + owe_pm;
				w->slots_done += am + pm;
				w->checks_overdue += (owe_am && !am) + (owe_pm && !pm);
			}
		}
	}
	out->date = date;
	out->town = rows[0];
	out->villages = rows + 1;
	out->nvillages = nrows - 1;
	return 0;
}

int
svc_worklist_daily(struct svc *s, int days, struct monitor_day **ret, int *ret_n)
{
	int n, i, j, nd, rc;
	struct key_person *v;
	struct monitor_day *out;
	char today[11], from[11];
	char **adays;
	int64_t *acounts, start = clock_day_start(clock_now());

	if (days < 1 || days > 90)
		return fault_set(s->fault, ERR_INVALID, "days", "days 应为 1-90", "days must be 1-90");
	clock_local_date(clock_now(), today);
	date_add_days(today, -(days - 1), from);
	if ((rc = svc_monitor_sweep(s)) ||
	    (rc = db_kp_all(s->db, s->arena, s->scope, from, today,
			    clock_day_start(start - (int64_t)(days - 1) * 86400 + 43200), start + 2 * 86400,
			    100000, &v, &n)) ||
	    (rc = db_check_abnormal_days(s->db, s->arena, s->scope, from, &adays, &acounts, &nd)))
		return rc;
	out = arena_alloc(s->arena, sizeof(*out) * (size_t)days);
	for (i = 0; i < days; i++) {
		struct monitor_day *o = &out[i];
		int64_t s0, e0;

		memset(o, 0, sizeof(*o));
		date_add_days(from, i, o->date);
		s0 = clock_day_start(start - (int64_t)(days - 1 - i) * 86400 + 43200);
		e0 = clock_day_start(s0 + 36 * 3600);
		for (j = 0; j < n; j++) {
			o->under_observation += observed_on(&v[j], o->date, today, e0);
			o->registered += v[j].created_at >= s0 && v[j].created_at < e0;
			o->released += v[j].released_at >= s0 && v[j].released_at < e0;
		}
		for (j = 0; j < nd; j++)
			if (strcmp(adays[j], o->date) == 0)
				o->abnormal_checks = acounts[j];
	}
	*ret = out;
	*ret_n = days;
	return 0;
}
