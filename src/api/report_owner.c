/* report_owner.c: tasks by owner, for the daily report and the tasks page's summary. */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "command.h"
#include "text.h"

struct owner_row {
	int64_t id;
	const char *name, *area_code, *area_name;
	int64_t open, overdue, opened, done, verified;
	double median; /* < 0 when nothing was done that day */
};

/* an owner's hours from assignment to done, for the medians */
struct done_hours {
	int owner;
	double hours;
};

static int
owner_at(struct owner_row *v, int *n, int64_t id, const char *name, const char *code,
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
	const struct owner_row *x = a, *y = b;
	int c = strcmp(x->area_code, y->area_code);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static bool
closed(const char *kind)
{
	return kind == NULL || strcmp(kind, "done") == 0 || strcmp(kind, "verified") == 0;
}

int
report_tasks_by_owner(struct req *r, int64_t ds, int64_t de, json_t **ret)
{
	struct task_state *sv;
	struct task_owner_event *ev;
	struct owner_row *ov;
	struct done_hours *hv;
	int ns, ne, no = 0, nh = 0, i, j, rc;
	int64_t now = clock_now(), cutoff = de < now ? de : now;
	json_t *out;

	if ((rc = db_task_states_at(r->db, r->arena, r->scope, r->scope, de, &sv, &ns)) ||
	    (rc = db_task_owner_events(r->db, r->arena, r->scope, ds, de, &ev, &ne)))
		return rc;
	ov = arena_alloc(r->arena, sizeof(*ov) * (size_t)(ns + ne + 1));
	hv = arena_alloc(r->arena, sizeof(*hv) * (size_t)(ne + 1));
	/* open at the end of the day: the last event before it neither done nor verified */
	for (i = 0; i < ns; i++) {
		const struct task_state *s = &sv[i];
		int o;

		if (closed(s->last_kind))
			continue;
		o = owner_at(ov, &no, s->owner_id, s->owner_name, s->owner_area_code, s->owner_area_name);
		ov[o].open++;
		ov[o].overdue += s->deadline < cutoff;
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
	out = json_array();
	for (i = 0; i < no; i++) {
		const struct owner_row *o = &ov[i];

		if (o->open + o->opened + o->done + o->verified == 0)
			continue;
		json_array_append_new(
			out, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "id",
				       (json_int_t)o->id, "name", o->name, "area_code", o->area_code,
				       "area_name", o->area_name, "open", (json_int_t)o->open,
				       "overdue", (json_int_t)o->overdue, "opened", (json_int_t)o->opened,
				       "done", (json_int_t)o->done, "verified", (json_int_t)o->verified,
				       "median_hours_to_done",
				       o->median < 0 ? json_null() : json_real(o->median)));
	}
	*ret = out;
	return 0;
}

int
api_task_owners(struct req *r, struct resp *rs)
{
	int64_t now = clock_now(), ds = clock_day_start(now);
	char today[11];
	json_t *items;
	int rc;

	/* who holds how many tasks is the command post's view, not a checkpoint's */
	if (task_post_only(r))
		return fault_set(&r->fault, ERR_DENIED, "", "卡口值守人员只能查看自己的任务和本岗点移交的任务",
				 "checkpoint staff see only their own tasks and the hand-offs of their post");
	clock_local_date(now, today);
	if ((rc = report_tasks_by_owner(r, ds, clock_day_start(ds + 36 * 3600), &items)))
		return rc;
	return resp_json(rs, 200, json_pack("{s:s, s:o}", "date", today, "items", items));
}

static const struct {
	const char *key, *zh;
} cols[] = {
	{"open", "未办结"}, {"overdue", "其中逾期"}, {"opened", "当日新派"},
	{"done", "当日办结"}, {"verified", "当日核验"},
};
#define NCOLS (int)(sizeof(cols) / sizeof(cols[0]))
#define MEDIAN_ZH "办结用时中位数（小时）"

void
report_owner_html(struct buf *b, json_t *rep)
{
	json_t *v, *owners = json_object_get(json_object_get(rep, "tasks"), "by_owner");
	size_t i;
	int c;

	if (json_array_size(owners) == 0)
		return;
	buf_adds(b, "<h3>按责任人</h3><table><tr><th>责任人</th><th>所属区域</th>");
	for (c = 0; c < NCOLS; c++)
		buf_addf(b, "<th>%s</th>", cols[c].zh);
	buf_adds(b, "<th>" MEDIAN_ZH "</th></tr>");
	json_array_foreach(owners, i, v) {
		json_t *m = json_object_get(v, "median_hours_to_done");

		buf_adds(b, "<tr><td>");
		text_html_escape(b, json_string_value(json_object_get(v, "name")));
		buf_adds(b, "</td><td>");
		text_html_escape(b, json_string_value(json_object_get(v, "area_name")));
		buf_adds(b, "</td>");
		for (c = 0; c < NCOLS; c++)
			buf_addf(b, "<td>%lld</td>",
				 (long long)json_integer_value(json_object_get(v, cols[c].key)));
		if (json_is_number(m))
			buf_addf(b, "<td>%.1f</td></tr>", json_number_value(m));
		else
			buf_adds(b, "<td>—</td></tr>");
	}
	buf_adds(b, "</table>");
}

void
report_owner_xlsx(void *workbook, void *head, json_t *rep)
{
	unsigned top;
	lxw_worksheet *ws = export_sheet(workbook, "分责任人", rep, &top);
	json_t *v, *owners = json_object_get(json_object_get(rep, "tasks"), "by_owner");
	size_t i;
	int c;

	worksheet_write_string(ws, top, 0, "责任人", head);
	worksheet_write_string(ws, top, 1, "所属区域", head);
	for (c = 0; c < NCOLS; c++)
		worksheet_write_string(ws, top, (lxw_col_t)(2 + c), cols[c].zh, head);
	worksheet_write_string(ws, top, 2 + NCOLS, MEDIAN_ZH, head);
	json_array_foreach(owners, i, v) {
		json_t *m = json_object_get(v, "median_hours_to_done");
		lxw_row_t row = (lxw_row_t)(top + 1 + i);

		worksheet_write_string(ws, row, 0, json_string_value(json_object_get(v, "name")), NULL);
		worksheet_write_string(ws, row, 1, json_string_value(json_object_get(v, "area_name")), NULL);
		for (c = 0; c < NCOLS; c++)
			worksheet_write_number(ws, row, (lxw_col_t)(2 + c),
					       (double)json_integer_value(json_object_get(v, cols[c].key)),
					       NULL);
		if (json_is_number(m))
			worksheet_write_number(ws, row, 2 + NCOLS, json_number_value(m), NULL);
	}
	worksheet_set_column(ws, 0, 1, 14, NULL);
	worksheet_set_column(ws, 2 + NCOLS, 2 + NCOLS, 20, NULL);
}
