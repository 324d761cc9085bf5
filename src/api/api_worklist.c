/* api_worklist.c: the phone home page of grid workers and doctors, and the monitoring figures,
 * rendered from the operations of svc_worklist.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "mask.h"
#include "monitor.h"
#include "observation.h"
#include "svc_worklist.h"

static json_t *
work_json(const struct worklist_item *w, const char *today)
{
	const struct key_person *k = w->kp;
	char phm[32] = "";

	if (k->phone)
		mask_phone(k->phone, phm);
	return api_area_labelled(json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:i, s:s, s:s?, s:s?, s:o, s:s}",
			 "key_person_id", (json_int_t)k->id, "name", k->name, "area_name",
			 k->area_name, "address", k->address, "phone", k->phone ? phm : NULL, "day",
			 obs_day(k->start_date, today), "end_date", k->end_date, "date", w->date, "slot",
			 w->slot, "last_check", k->last.id ? check_json(&k->last) : json_null(),
			 "reason", w->reason),
				 k->village_name, k->area_name);
}

static json_t *
work_list(const struct worklist_item *v, int n, const char *today)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, work_json(&v[i], today));
	return a;
}

int
api_worklist(struct req *r, struct resp *rs)
{
	struct svc s;
	struct worklist w;
	int rc;

	if ((rc = svc_worklist_get(api_svc(r, &s), &w)))
		return rc;
	return resp_json(rs, 200,
			 json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "now", (json_int_t)w.now,
				   "date", w.date, "slot", w.slot, "due",
				   work_list(w.due, w.ndue, w.date), "overdue",
				   work_list(w.overdue, w.noverdue, w.date), "abnormal",
				   work_list(w.abnormal, w.nabnormal, w.date), "needs_visit",
				   work_list(w.needs_visit, w.nneeds_visit, w.date)));
}

json_t *
figures_row_json(const struct figures_row *w)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "code",
			 w->code, "name", w->name, "under_observation", (json_int_t)w->under_observation,
			 "home", (json_int_t)w->home, "centralised", (json_int_t)w->centralised,
			 "registered_today", (json_int_t)w->registered_today, "released_today",
			 (json_int_t)w->released_today, "abnormal_today", (json_int_t)w->abnormal_today,
			 "alerts_open", (json_int_t)w->alerts_open, "checks_due",
			 (json_int_t)w->checks_due, "checks_overdue", (json_int_t)w->checks_overdue,
			 "completion_rate",
			 w->slots_due ? (double)w->slots_done / (double)w->slots_due : 1.0);
}

json_t *
figures_json(const struct monitor_figures *f)
{
	json_t *vil = json_array();
	int i;

	for (i = 0; i < f->nvillages; i++)
		json_array_append_new(vil, figures_row_json(&f->villages[i]));
	return json_pack("{s:s, s:o, s:o}", "date", f->date, "town", figures_row_json(&f->town),
			 "villages", vil);
}

int
api_monitor_figures(struct req *r, struct resp *rs)
{
	struct svc s;
	struct monitor_figures f;
	int rc;

	if ((rc = svc_worklist_figures(api_svc(r, &s), req_query(r, "date"), &f)))
		return rc;
	return resp_json(rs, 200, figures_json(&f));
}

int
api_monitor_daily(struct req *r, struct resp *rs)
{
	const char *ds = req_query(r, "days");
	struct svc s;
	struct monitor_day *v;
	int n, i, rc;
	json_t *items;

	if ((rc = svc_worklist_daily(api_svc(r, &s), ds ? atoi(ds) : 14, &v, &n)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I, s:I}", "date", v[i].date,
						       "under_observation",
						       (json_int_t)v[i].under_observation,
						       "abnormal_checks", (json_int_t)v[i].abnormal_checks,
						       "registered", (json_int_t)v[i].registered,
						       "released", (json_int_t)v[i].released));
	return resp_json(rs, 200, json_pack("{s:o}", "items", items));
}
