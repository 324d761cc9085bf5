/* svc_report.c: the daily dispatch report's figures, section by section. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "observation.h"
#include "role.h"
#include "svc_report.h"

/* The bounds of a local date as Unix seconds: [ret_start, ret_end). */
static void
day_bounds(const char *date, int64_t *ret_start, int64_t *ret_end)
{
	char today[11];
	int64_t s;

	clock_local_date(clock_now(), today);
	s = clock_day_start(clock_now()) - (int64_t)date_diff_days(date, today) * 86400;
	*ret_start = clock_day_start(s + 43200);
	*ret_end = clock_day_start(*ret_start + 36 * 3600);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* A task whose last event before the moment was neither done nor verified was open then. */
static bool
closed(const char *kind)
{
	return kind == NULL || strcmp(kind, "done") == 0 || strcmp(kind, "verified") == 0;
}

/* ---------- tasks by owner ---------- */

/* an owner's hours from assignment to done, for the medians */
struct done_hours {
	int owner;
	double hours;
};

static int
owner_at(struct report_owner *v, int *n, int64_t id, const char *name, const char *code,
	 const char *area_name)
{
	int i;

	for (i = *n - 1; i >= 0; i--)
		if (v[i].id == id)
			return i;
	memset(&v[*n], 0, sizeof(v[*n]));
	v[*n].id = id;
	v[*n].name = name ? name : "";
	v[*n].area_code = code;
	v[*n].area_name = area_name;
	v[*n].median = -1;
	return (*n)++;
}

static int
cmp_hours(const void *a, const void *b)
{
	const struct done_hours *x = a, *y = b;

	if (x->owner != y->owner)
		return x->owner - y->owner;
	return x->hours < y->hours ? -1 : x->hours > y->hours;
}

static int
cmp_owner(const void *a, const void *b)
{
	const struct report_owner *x = a, *y = b;
	int c = strcmp(x->area_code, y->area_code);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

int
svc_report_owners(struct svc *s, int64_t ds, int64_t de, struct report_owner **ret, int *ret_n)
{
	struct task_state *sv;
	struct task_owner_event *ev;
	struct report_owner *ov;
	struct done_hours *hv;
	int ns, ne, no = 0, nh = 0, nkept = 0, i, j, rc;
	int64_t now = clock_now(), cutoff = de < now ? de : now;

	if ((rc = db_task_states_at(s->db, s->arena, s->scope, s->scope, de, &sv, &ns)) ||
	    (rc = db_task_owner_events(s->db, s->arena, s->scope, ds, de, &ev, &ne)))
		return rc;
	ov = arena_alloc(s->arena, sizeof(*ov) * (size_t)(ns + ne + 1));
	hv = arena_alloc(s->arena, sizeof(*hv) * (size_t)(ne + 1));
	/* open at the end of the day: the last event before it neither done nor verified */
	for (i = 0; i < ns; i++) {
		const struct task_state *t = &sv[i];
		int o;

		if (closed(t->last_kind))
			continue;
		o = owner_at(ov, &no, t->owner_id, t->owner_name, t->owner_area_code,
			     t->owner_area_name);
		ov[o].open++;
		ov[o].overdue += t->deadline < cutoff;
	}
	/* the day's events, a task at a time: a task done twice that day counts once, with its
	 * last done */
	for (i = 0; i < ne; i = j) {
		int64_t done_at = 0;
		bool verified = false;
		int o = owner_at(ov, &no, ev[i].owner_id, ev[i].owner_name, ev[i].owner_area_code,
				 ev[i].owner_area_name);

		for (j = i; j < ne && ev[j].task_id == ev[i].task_id; j++) {
			if (strcmp(ev[j].kind, "created") == 0)
				ov[o].opened++;
			else if (strcmp(ev[j].kind, "done") == 0)
				done_at = ev[j].at;
			else if (strcmp(ev[j].kind, "verified") == 0)
				verified = true;
		}
		if (done_at) {
			ov[o].done++;
			hv[nh].owner = o;
			hv[nh++].hours = (double)(done_at - ev[i].created_at) / 3600.0;
		}
		ov[o].verified += verified;
	}
	qsort(hv, (size_t)nh, sizeof(*hv), cmp_hours);
	for (i = 0; i < nh; i = j) {
		int k;

		for (j = i; j < nh && hv[j].owner == hv[i].owner; j++)
			;
		k = j - i;
		ov[hv[i].owner].median = k % 2 ? hv[i + k / 2].hours
					       : (hv[i + k / 2 - 1].hours + hv[i + k / 2].hours) / 2;
	}
	qsort(ov, (size_t)no, sizeof(*ov), cmp_owner);
	for (i = 0; i < no; i++)
		if (ov[i].open + ov[i].opened + ov[i].done + ov[i].verified > 0)
			ov[nkept++] = ov[i];
	*ret = ov;
	*ret_n = nkept;
	return 0;
}

/* ---------- tasks, tips, alerts ---------- */

/* Tasks opened and closed (verified) that day, open and overdue at its end: open when the last
 * event before the end was neither done nor verified (a task done that day and reopened since
 * was closed that evening). */
static int
report_tasks(struct svc *s, int64_t ds, int64_t de, const struct area *areas, int na,
	     struct daily_report *out)
{
	struct task *tv;
	struct task_state *sv;
	int64_t *open_ids, *v_open, *v_over, now = clock_now(), cutoff = de < now ? de : now;
	int ntask, ns, nopen = 0, nhours = 0, i, j, rc;
	double *hours;

	if ((rc = db_task_all(s->db, s->arena, s->scope, ds, de, 100000, &tv, &ntask)) ||
	    (rc = db_task_states_at(s->db, s->arena, s->scope, "", de, &sv, &ns)))
		return rc;
	open_ids = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(ns + 1));
	for (i = 0; i < ns; i++)
		if (!closed(sv[i].last_kind))
			open_ids[nopen++] = sv[i].task_id;
	qsort(open_ids, (size_t)nopen, sizeof(int64_t), cmp_id);
	hours = arena_alloc(s->arena, sizeof(double) * (size_t)(ntask + 1));
	v_open = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(na + 1));
	v_over = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(na + 1));
	memset(v_open, 0, sizeof(int64_t) * (size_t)(na + 1));
	memset(v_over, 0, sizeof(int64_t) * (size_t)(na + 1));
	out->overdue = arena_alloc(s->arena, sizeof(*out->overdue) * (size_t)(ntask + 1));
	for (i = 0; i < ntask; i++) {
		const struct task *t = &tv[i];
		bool open_then = bsearch(&t->id, open_ids, (size_t)nopen, sizeof(int64_t), cmp_id) != NULL;
		bool late = open_then && t->deadline < cutoff;

		if (t->created_at >= ds && t->created_at < de)
			out->tasks_opened++;
		if (t->verified_at >= ds && t->verified_at < de) {
			out->tasks_closed++;
			hours[nhours++] = (double)(t->verified_at - t->created_at) / 3600.0;
		}
		if (late) {
			out->tasks_overdue++;
			if (!out->aggregate_only)
				out->overdue[out->noverdue++].task = t;
		}
		for (j = 0; j < na; j++)
			if (areas[j].level == AREA_VILLAGE && strncmp(t->area_code, areas[j].code, 12) == 0) {
				v_open[j] += open_then;
				v_over[j] += late;
			}
	}
	out->task_villages = arena_alloc(s->arena, sizeof(*out->task_villages) * (size_t)(na + 1));
	for (j = 0; j < na; j++)
		if (areas[j].level == AREA_VILLAGE)
			out->task_villages[out->ntask_villages++] = (struct report_village_tasks){
				areas[j].code, areas[j].name, v_open[j], v_over[j]};
	qsort(hours, (size_t)nhours, sizeof(double), cmp_double);
	out->median_hours_to_close =
		nhours == 0 ? -1
		: nhours % 2 ? hours[nhours / 2]
			     : (hours[nhours / 2 - 1] + hours[nhours / 2]) / 2;
	if (!out->aggregate_only)
		return svc_report_owners(s, ds, de, &out->owners, &out->nowners);
	return 0;
}

/* Tips received that day by kind, handled that day, and how many within a day. */
static int
report_tips(struct svc *s, int64_t ds, int64_t de, struct daily_report *out)
{
	struct tip *pv;
	int ntip, i, k, rc;
	int64_t quick = 0;

	if ((rc = db_tip_range(s->db, s->arena, s->scope, ds, de, &pv, &ntip)))
		return rc;
	out->tip_kinds = arena_alloc(s->arena, sizeof(*out->tip_kinds) * (size_t)(ntip + 1));
	for (i = 0; i < ntip; i++) {
		const struct tip *t = &pv[i];

		if (t->created_at >= ds && t->created_at < de) {
			out->tips_received++;
			for (k = 0; k < out->ntip_kinds && strcmp(out->tip_kinds[k].kind, t->kind); k++)
				;
			if (k == out->ntip_kinds)
				out->tip_kinds[out->ntip_kinds++] = (struct report_tip_kind){t->kind, 0};
			out->tip_kinds[k].count++;
			if (t->handled_at && t->handled_at - t->created_at <= 86400)
				quick++;
		}
		if (t->handled_at >= ds && t->handled_at < de)
			out->tips_handled++;
	}
	out->tips_handled_within_24h_share =
		out->tips_received ? (double)quick / (double)out->tips_received : 1.0;
	return 0;
}

/* The alerts open at the day's end, as they stood then: their age and whether referred. */
static int
report_alerts(struct svc *s, int64_t de, struct daily_report *out)
{
	struct alert *av;
	int nal, i, rc;
	int64_t now = clock_now(), then = de < now ? de : now;

	if (out->aggregate_only)
		return 0;
	if ((rc = db_alert_open_at(s->db, s->arena, s->scope, de, 500, &av, &nal)))
		return rc;
	out->alerts = arena_alloc(s->arena, sizeof(*out->alerts) * (size_t)(nal + 1));
	for (i = 0; i < nal; i++)
		out->alerts[out->nalerts++] = (struct report_alert){
			&av[i], (double)(then - av[i].raised_at) / 3600.0,
			av[i].referred_at && av[i].referred_at < then};
	return 0;
}

/* ---------- checkpoints ---------- */

/* Every checkpoint's screenings of the day, and any other post's that screened. */
static int
report_checkpoints(struct svc *s, const char *date, struct daily_report *out)
{
	struct duty_post *posts;
	struct count_row *rows;
	int np, nr, i, j, rc;

	if ((rc = db_post_list(s->db, s->arena, s->scope, &posts, &np)) ||
	    (rc = db_count_hours(s->db, s->arena, s->scope, date, date, &rows, &nr)))
		return rc;
	out->posts = arena_alloc(s->arena, sizeof(*out->posts) * (size_t)(np + 1));
	for (i = 0; i < np; i++) {
		struct report_post *p = &out->posts[out->nposts];

		memset(p, 0, sizeof(*p));
		p->post = &posts[i];
		for (j = 0; j < nr; j++)
			if (rows[j].post_id == posts[i].id)
				screen_counts_add(&p->counts, &rows[j].c);
		if (strcmp(posts[i].kind, "checkpoint") != 0 &&
		    p->counts.vehicles + p->counts.pedestrians == 0)
			continue;
		screen_counts_add(&out->checkpoints, &p->counts);
		out->nposts++;
	}
	return 0;
}

/* ---------- sweeps and gatherings ---------- */

/* Campaign c as it stood at the end of a past day ending at de: in the round then under way (the
 * last one begun before de), with that round's period, and still active if it was closed after
 * the day.  ERR_NOTFOUND when it had not been set up by then. */
static int
as_of(struct svc *s, struct sweep_campaign *c, int64_t de)
{
	struct sweep_round *rv;
	int n, i, k = -1, rc;

	if ((rc = db_sweep_rounds(s->db, s->arena, c->id, &rv, &n)))
		return rc;
	for (i = 0; i < n; i++)
		if (rv[i].created_at < de && (k < 0 || rv[i].round > rv[k].round))
			k = i;
	if (k < 0)
		return ERR_NOTFOUND;
	if (rv[k].round < c->round) {
		/* the campaign row holds the current round's period */
		c->round = rv[k].round;
		c->starts_on = rv[k].starts_on;
		c->ends_on = rv[k].ends_on;
	}
	if (c->closed_at >= de)
		c->status = "active";
	return 0;
}

static void
gathering_less(struct gathering_row *d, const struct gathering_row *a, const struct gathering_row *b)
{
	d->pending = a->pending - b->pending;
	d->cancelled = a->cancelled - b->cancelled;
	d->postponed = a->postponed - b->postponed;
	d->simplified = a->simplified - b->simplified;
	d->held = a->held - b->held;
	d->guests_expected = a->guests_expected - b->guests_expected;
	d->guests_avoided = a->guests_avoided - b->guests_avoided;
}

/* Campaigns under way on that date, per village: today their coverage as it stands; a past
 * day's as it stood at its end, in the round then under way (what was recorded by then).  Then
 * the gatherings registered by the end of the day, outcomes as recorded by then. */
static int
report_sweeps(struct svc *s, const char *date, int64_t ds, int64_t de, struct daily_report *out)
{
	struct sweep_campaign *v;
	struct gathering_figures before;
	int n, i, rc;
	bool past = de <= clock_now();

	if ((rc = db_sweep_list(s->db, s->arena, &v, &n)))
		return rc;
	out->sweeps = arena_alloc(s->arena, sizeof(*out->sweeps) * (size_t)(n + 1));
	for (i = n - 1; i >= 0; i--) {
		struct report_sweep *w = &out->sweeps[out->nsweeps];

		if (!sweep_overlaps(v[i].scope, s->scope))
			continue;
		if (past && (rc = as_of(s, &v[i], de))) {
			if (rc == ERR_NOTFOUND)
				continue;
			return rc;
		}
		if (strcmp(v[i].starts_on, date) > 0 ||
		    (strcmp(v[i].status, "active") != 0 && strcmp(v[i].ends_on, date) < 0))
			continue;
		w->campaign = &v[i];
		if ((rc = svc_figures_coverage(s, &v[i], s->scope, v[i].round, past ? de : 0,
					       &w->coverage)))
			return rc;
		out->nsweeps++;
	}
	/* registrations of the day count by their registration time, outcomes by theirs */
	if ((rc = svc_figures_gatherings(s, s->scope, NULL, NULL, de, &out->gatherings)) ||
	    (rc = svc_figures_gatherings(s, s->scope, NULL, NULL, ds, &before)))
		return rc;
	gathering_less(&out->gatherings_today, &out->gatherings.town, &before.town);
	return 0;
}

/* ---------- a district's report, town by town ---------- */

/* One town's row: the town's own report of the day, figures only, read under the town's scope. */
static int
report_town(struct svc *s, const struct area *town, const char *date, int64_t ds, int64_t de,
	    struct report_town *row)
{
	struct svc t = *s;
	struct daily_report d;
	struct gathering_figures g, before;
	int i, rc;

	memset(row, 0, sizeof(*row));
	memset(&d, 0, sizeof(d));
	t.scope = arena_strndup(s->arena, town->code, 9);
	t.perms &= ~PERM_PERSON_READ; /* figures only: the district's lists are read once, whole */
	d.aggregate_only = true;
	row->code = town->code;
	row->name = town->name;
	if ((rc = db_area_counts(t.db, t.scope, &row->persons, &row->households)) ||
	    (rc = svc_worklist_figures(&t, date, &d.monitoring)) ||
	    (rc = report_tasks(&t, ds, de, NULL, 0, &d)) || (rc = report_tips(&t, ds, de, &d)) ||
	    (rc = report_checkpoints(&t, date, &d)) ||
	    (rc = svc_figures_gatherings(&t, t.scope, NULL, NULL, de, &g)) ||
	    (rc = svc_figures_gatherings(&t, t.scope, NULL, NULL, ds, &before)))
		return rc;
	row->monitoring = d.monitoring.town;
	row->monitoring.code = town->code;
	row->monitoring.name = town->name;
	row->tasks_opened = d.tasks_opened;
	row->tasks_closed = d.tasks_closed;
	row->tasks_overdue = d.tasks_overdue;
	row->tips_received = d.tips_received;
	row->tips_handled = d.tips_handled;
	row->checkpoints = d.checkpoints;
	gathering_less(&row->gatherings_today, &g.town, &before.town);
	row->gatherings = g.town;
	row->gatherings.code = town->code;
	row->gatherings.name = town->name;
	row->gatherings_today.code = town->code;
	row->gatherings_today.name = town->name;
	/* tasks open at the day's end: the town's states, as report_tasks reads them */
	{
		struct task_state *sv;
		int ns;

		if ((rc = db_task_states_at(t.db, t.arena, t.scope, "", de, &sv, &ns)))
			return rc;
		for (i = 0; i < ns; i++)
			row->tasks_open += !closed(sv[i].last_kind);
	}
	return 0;
}

/* The district's report: a row per town, and the tables by village made tables by town. */
static int
report_district(struct svc *s, const char *date, int64_t ds, int64_t de, struct daily_report *out)
{
	struct area *tv;
	int n, i, rc;

	if ((rc = svc_towns(s, &tv, &n, NULL)))
		return rc;
	if (n < 2)
		return 0; /* a district of one town: the town's report, by village */
	out->district = true;
	out->towns = arena_alloc(s->arena, sizeof(*out->towns) * (size_t)(n + 1));
	out->monitoring.villages = arena_alloc(s->arena, sizeof(struct figures_row) * (size_t)(n + 1));
	out->task_villages = arena_alloc(s->arena, sizeof(*out->task_villages) * (size_t)(n + 1));
	out->monitoring.nvillages = out->ntask_villages = 0;
	out->gatherings.villages = arena_alloc(s->arena, sizeof(struct gathering_row) * (size_t)(n + 1));
	out->gatherings.nvillages = 0;
	out->gatherings.town.code = out->town_code;
	out->gatherings.town.name = out->town_name;
	for (i = 0; i < n; i++) {
		struct report_town *w = &out->towns[out->ntowns++];

		if ((rc = report_town(s, &tv[i], date, ds, de, w)))
			return rc;
		out->monitoring.villages[out->monitoring.nvillages++] = w->monitoring;
		out->task_villages[out->ntask_villages++] = (struct report_village_tasks){
			w->code, w->name, w->tasks_open, w->tasks_overdue};
		out->gatherings.villages[out->gatherings.nvillages++] = w->gatherings;
	}
	out->monitoring_before.nvillages = 0;
	return 0;
}

/* ---------- the report ---------- */

int
svc_report_daily(struct svc *s, const char *date, struct daily_report *out)
{
	char today[11], *prev, *town_code = NULL, *town_name = NULL;
	struct area *areas, top;
	int64_t ds, de;
	int na, y, m, d, rc;

	memset(out, 0, sizeof(*out));
	out->generated_at = clock_now();
	clock_local_date(out->generated_at, today);
	if (date == NULL || *date == '\0')
		date = arena_strndup(s->arena, today, 10);
	else if (clock_parse_date(date, &y, &m, &d) || strcmp(date, today) > 0)
		return fault_set(s->fault, ERR_INVALID, "date", "date 应为不晚于今天的 YYYY-MM-DD",
				 "date must be a YYYY-MM-DD no later than today");
	prev = arena_alloc(s->arena, 11);
	date_add_days(date, -1, prev);
	out->date = date;
	out->previous_date = prev;
	/* an overdue task's title, an alert or an owner names a resident or a member of staff */
	out->aggregate_only = !(s->perms & PERM_PERSON_READ);
	day_bounds(date, &ds, &de);
	/* the report is headed with the area it is of: the town, or the district */
	if (svc_area_top(s, &top) == 0) {
		out->town_code = top.code;
		out->town_name = top.name;
	} else {
		db_setting_get(s->db, s->arena, "town_code", &town_code);
		db_setting_get(s->db, s->arena, "town_name", &town_name);
		out->town_code = town_code;
		out->town_name = town_name;
	}
	if ((rc = db_area_counts(s->db, s->scope, &out->persons, &out->households)) ||
	    (rc = svc_worklist_figures(s, date, &out->monitoring)) ||
	    (rc = svc_worklist_figures(s, prev, &out->monitoring_before)) ||
	    (rc = db_area_list(s->db, s->arena, s->scope, &areas, &na)) ||
	    (rc = report_tasks(s, ds, de, areas, na, out)) || (rc = report_tips(s, ds, de, out)) ||
	    (rc = report_alerts(s, de, out)) ||
	    (rc = svc_figures_supplies(s, s->scope, date, &out->supplies)) ||
	    (rc = report_checkpoints(s, date, out)) || (rc = report_sweeps(s, date, ds, de, out)))
		return rc;
	/* a district's users read it town by town, once it holds more than one */
	if (strlen(s->scope) == 6 && (rc = report_district(s, date, ds, de, out)))
		return rc;
	return 0;
}
