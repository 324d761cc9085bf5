/* api_worklist.c: the phone home page of grid workers and doctors, and the monitoring figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "clock.h"
#include "mask.h"
#include "monitor.h"
#include "observation.h"
#include "role.h"

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

static json_t *
work_json(const struct key_person *k, const char *today, const char *date, const char *slot,
	  const char *why)
{
	char phm[32] = "";

	if (k->phone)
		mask_phone(k->phone, phm);
	return api_area_labelled(json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:i, s:s, s:s?, s:s?, s:o, s:s}",
			 "key_person_id", (json_int_t)k->id, "name", k->name, "area_name",
			 k->area_name, "address", k->address, "phone", k->phone ? phm : NULL, "day",
			 obs_day(k->start_date, today), "end_date", k->end_date, "date", date, "slot",
			 slot, "last_check", k->last.id ? check_json(&k->last) : json_null(),
			 "reason", why),
				 k->village_name, k->area_name);
}

static int
local_hour(void)
{
	time_t t = (time_t)clock_now();
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_hour;
}

int
api_worklist(struct req *r, struct resp *rs)
{
	struct key_person *v;
	struct state s;
	int n, i, rc, hour = local_hour();
	int64_t total, mine = 0;
	char today[11], yesterday[11];
	const char *slot = obs_slot_of_hour(hour) == SLOT_AM ? "am" : "pm";
	json_t *due = json_array(), *overdue = json_array(), *abnormal = json_array(),
	       *visit = json_array();

	monitor_today(today);
	date_add_days(today, -1, yesterday);
	/* grid workers and doctors see the people assigned to them; others their area */
	if (strcmp(r->user->role, "grid") == 0 || strcmp(r->user->role, "doctor") == 0)
		mine = r->user->id;
	if ((rc = monitor_sweep(r)) ||
	    (rc = db_kp_list(r->db, r->arena, r->scope, "active", NULL, mine, 500, 0, &v, &n, &total)))
		goto fail;
	for (i = 0; i < n; i++) {
		const struct key_person *k = &v[i];

		assess(r->db, r->arena, k, today, yesterday, &s);
		if (s.in_today && hour >= SLOT_AM_FROM && hour < SLOT_PM_UNTIL &&
		    !(hour < SLOT_PM_FROM ? s.am_today : s.pm_today))
			json_array_append_new(due, work_json(k, today, today, slot, "due"));
		if (s.in_today && s.owe_am_today && hour >= SLOT_PM_FROM && !s.am_today)
			json_array_append_new(overdue, work_json(k, today, today, "am", "overdue"));
		if (s.in_today && s.owe_pm_today && hour >= SLOT_PM_UNTIL && !s.pm_today)
			json_array_append_new(overdue, work_json(k, today, today, "pm", "overdue"));
		if (s.in_yesterday && s.owe_am_yesterday && !s.am_yesterday)
			json_array_append_new(overdue, work_json(k, today, yesterday, "am", "overdue"));
		if (s.in_yesterday && s.owe_pm_yesterday && !s.pm_yesterday)
			json_array_append_new(overdue, work_json(k, today, yesterday, "pm", "overdue"));
		if (k->open_alerts > 0 || (k->last.id && k->last.abnormal))
			json_array_append_new(abnormal, work_json(k, today, NULL, NULL,
								  k->open_alerts ? "alert_open" : "last_check_abnormal"));
		if ((s.in_today && s.only_self_today) || (s.in_yesterday && s.only_self_yesterday) ||
		    s.repeated_self)
			json_array_append_new(visit, work_json(k, today, NULL, NULL,
							       s.repeated_self ? "repeated_self_report"
									       : "only_self_reports"));
	}
	return resp_json(rs, 200,
			 json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "now",
				   (json_int_t)clock_now(), "date", today, "slot", slot, "due", due,
				   "overdue", overdue, "abnormal", abnormal, "needs_visit", visit));
fail:
	json_decref(due);
	json_decref(overdue);
	json_decref(abnormal);
	json_decref(visit);
	return rc;
}

/* One row of figures: a village, or the town (code of the scope). */
struct row {
	const char *code, *name;
	int64_t obs, home, central, reg, rel, abn, alerts, due, overdue, slots_due, slots_done;
};

static struct row *
row_of(struct row *rows, int nrows, const char *area_code)
{
	int i;

	for (i = 1; i < nrows; i++)
		if (strncmp(area_code, rows[i].code, strlen(rows[i].code)) == 0)
			return &rows[i];
	return NULL;
}

static json_t *
row_json(const struct row *w)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "code",
			 w->code, "name", w->name, "under_observation", (json_int_t)w->obs, "home",
			 (json_int_t)w->home, "centralised", (json_int_t)w->central,
			 "registered_today", (json_int_t)w->reg, "released_today", (json_int_t)w->rel,
			 "abnormal_today", (json_int_t)w->abn, "alerts_open", (json_int_t)w->alerts,
			 "checks_due", (json_int_t)w->due, "checks_overdue", (json_int_t)w->overdue,
			 "completion_rate",
			 w->slots_due ? (double)w->slots_done / (double)w->slots_due : 1.0);
}

static void
add(struct row *t, struct row *v, int64_t *field_t, int64_t *field_v)
{
	(void)t;
	(void)v;
	(*field_t)++;
	if (field_v)
		(*field_v)++;
}
#define COUNT(f) add(&rows[0], w, &rows[0].f, w ? &w->f : NULL)

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
monitor_figures(struct req *r, const char *date, json_t **ret)
{
	struct area *areas;
	struct key_person *v;
	struct row *rows;
	struct state s;
	struct alert *av;
	char today[11], yesterday[11], dbefore[11];
	int na, n, i, nrows = 1, rc, hour = local_hour(), y, m, d, nal, nslots = 0;
	int64_t ds, de, *slot_kp = NULL;
	unsigned *slot_bits = NULL;
	json_t *vil;

	monitor_today(today);
	if (date == NULL || *date == '\0')
		date = today;
	else if (clock_parse_date(date, &y, &m, &d) || strcmp(date, today) > 0)
		return fault_set(&r->fault, ERR_INVALID, "date", "date 应为不晚于今天的 YYYY-MM-DD",
				 "date must be a YYYY-MM-DD no later than today");
	ds = clock_day_start(clock_now()) - (int64_t)date_diff_days(date, today) * 86400;
	ds = clock_day_start(ds + 43200); /* the true start of that local day */
	de = clock_day_start(ds + 36 * 3600);
	date_add_days(today, -1, yesterday);
	date_add_days(date, -1, dbefore);
	if ((rc = monitor_sweep(r)) || (rc = db_area_list(r->db, r->arena, r->scope, &areas, &na)))
		return rc;
	rows = arena_alloc(r->arena, sizeof(*rows) * (size_t)(na + 1));
	rows[0].code = r->scope;
	rows[0].name = "";
	for (i = 0; i < na; i++) {
		if (areas[i].level == 2 && strncmp(areas[i].code, r->scope, strlen(r->scope)) == 0) {
			rows[0].code = areas[i].code;
			rows[0].name = areas[i].name;
		}
		if (areas[i].level == 3 && strncmp(areas[i].code, r->scope, strlen(r->scope)) == 0 &&
		    strlen(areas[i].code) >= strlen(r->scope)) {
			rows[nrows].code = areas[i].code;
			rows[nrows].name = areas[i].name;
			nrows++;
		}
	}
	if (rows[0].name[0] == '\0')
		for (i = 0; i < na; i++)
			if (strcmp(areas[i].code, r->scope) == 0)
				rows[0].name = areas[i].name;
	/* A past day's figures are those that stood at its end, whenever they are read: the alerts
	 * open then (raised before it ended, closed after or not yet) and the checks recorded by
	 * then, in two reads of that day rather than one per person. Today's end is still to come,
	 * so the same reads give what stands now. */
	if ((rc = db_kp_all(r->db, r->arena, r->scope, dbefore, date, ds, de, 100000, &v, &n)) ||
	    (rc = db_alert_open_at(r->db, r->arena, r->scope, de, 100000, &av, &nal)) ||
	    (strcmp(date, today) != 0 &&
	     (rc = db_check_day_slots(r->db, r->arena, r->scope, date, de, &slot_kp, &slot_bits,
				      &nslots))))
		return rc;
	for (i = 0; i < nal; i++) {
		struct row *w = row_of(rows, nrows, av[i].area_code);

		COUNT(alerts);
	}
	for (i = 0; i < n; i++) {
		const struct key_person *k = &v[i];
		struct row *w = row_of(rows, nrows, k->area_code);
		bool obs = observed_on(k, date, today, de);

		if (obs) {
			COUNT(obs);
			if (strcmp(k->kind, "home") == 0)
				COUNT(home);
			else
				COUNT(central);
		}
		if (k->created_at >= ds && k->created_at < de)
			COUNT(reg);
		if (k->released_at >= ds && k->released_at < de)
			COUNT(rel);
		if (strcmp(date, today) == 0 && !obs) {
			/* sent on or released today: their abnormal reading still counts */
			assess(r->db, r->arena, k, today, yesterday, &s);
			if (s.abnormal_today)
				COUNT(abn);
			continue;
		}
		if (!obs) {
			if (day_slots(k->id, slot_kp, slot_bits, nslots) & 4)
				COUNT(abn);
			continue;
		}
		if (strcmp(date, today) == 0) {
			assess(r->db, r->arena, k, today, yesterday, &s);
			if (s.abnormal_today)
				COUNT(abn);
			/* a slot closed before the registration is owed by nobody */
			if (hour >= SLOT_AM_FROM && s.owe_am_today) {
				COUNT(slots_due);
				if (s.am_today)
					COUNT(slots_done);
				else if (hour >= SLOT_PM_FROM)
					COUNT(overdue);
				else
					COUNT(due);
			}
			if (hour >= SLOT_PM_FROM && s.owe_pm_today) {
				COUNT(slots_due);
				if (s.pm_today)
					COUNT(slots_done);
				else if (hour >= SLOT_PM_UNTIL)
					COUNT(overdue);
				else
					COUNT(due);
			}
		} else {
			unsigned b = day_slots(k->id, slot_kp, slot_bits, nslots);
			bool am = b & 1, pm = b & 2;
			int owe_am = owed(k, date, SLOT_AM), owe_pm = owed(k, date, SLOT_PM);

			if (b & 4)
				COUNT(abn);
			/* a slot counts only when owed: a reading entered for a slot before the
			 * registration neither owes nor completes one */
			am = am && owe_am;
			pm = pm && owe_pm;
			rows[0].slots_due += owe_am + owe_pm;
			if (w)
				w->slots_due += owe_am + owe_pm;
			rows[0].slots_done += am + pm;
			if (w)
				w->slots_done += am + pm;
			rows[0].overdue += (owe_am && !am) + (owe_pm && !pm);
			if (w)
				w->overdue += (owe_am && !am) + (owe_pm && !pm);
		}
	}
	vil = json_array();
	for (i = 1; i < nrows; i++)
		json_array_append_new(vil, row_json(&rows[i]));
	*ret = json_pack("{s:s, s:o, s:o}", "date", date, "town", row_json(&rows[0]), "villages", vil);
	return 0;
}

int
api_monitor_figures(struct req *r, struct resp *rs)
{
	json_t *j;
	int rc;

	if ((rc = monitor_figures(r, req_query(r, "date"), &j)))
		return rc;
	return resp_json(rs, 200, j);
}

int
api_monitor_daily(struct req *r, struct resp *rs)
{
	const char *ds = req_query(r, "days");
	int days = ds ? atoi(ds) : 14, n, i, j, nd, rc;
	struct key_person *v;
	char today[11], from[11], d[11];
	char **adays;
	int64_t *acounts, start = clock_day_start(clock_now());
	json_t *items;

	if (days < 1 || days > 90)
		return fault_set(&r->fault, ERR_INVALID, "days", "days 应为 1-90", "days must be 1-90");
	monitor_today(today);
	date_add_days(today, -(days - 1), from);
	if ((rc = monitor_sweep(r)) ||
	    (rc = db_kp_all(r->db, r->arena, r->scope, from, today,
			    clock_day_start(start - (int64_t)(days - 1) * 86400 + 43200), start + 2 * 86400,
			    100000, &v, &n)) ||
	    (rc = db_check_abnormal_days(r->db, r->arena, r->scope, from, &adays, &acounts, &nd)))
		return rc;
	items = json_array();
	for (i = 0; i < days; i++) {
		int64_t obs = 0, reg = 0, rel = 0, abn = 0, s0, e0;

		date_add_days(from, i, d);
		s0 = clock_day_start(start - (int64_t)(days - 1 - i) * 86400 + 43200);
		e0 = clock_day_start(s0 + 36 * 3600);
		for (j = 0; j < n; j++) {
			obs += observed_on(&v[j], d, today, e0);
			reg += v[j].created_at >= s0 && v[j].created_at < e0;
			rel += v[j].released_at >= s0 && v[j].released_at < e0;
		}
		for (j = 0; j < nd; j++)
			if (strcmp(adays[j], d) == 0)
				abn = acounts[j];
		json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I, s:I}", "date", d,
						       "under_observation", (json_int_t)obs,
						       "abnormal_checks", (json_int_t)abn, "registered",
						       (json_int_t)reg, "released", (json_int_t)rel));
	}
	return resp_json(rs, 200, json_pack("{s:o}", "items", items));
}
