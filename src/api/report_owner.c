/* report_owner.c: tasks by owner, for the daily report and the tasks page's summary. */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "command.h"
#include "svc_report.h"
#include "text.h"

json_t *
report_owners_json(const struct report_owner *v, int n)
{
	json_t *out = json_array();
	int i;

	for (i = 0; i < n; i++) {
		const struct report_owner *o = &v[i];

		json_array_append_new(
			out, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "id",
				       (json_int_t)o->id, "name", o->name, "area_code", o->area_code,
				       "area_name", o->area_name, "open", (json_int_t)o->open,
				       "overdue", (json_int_t)o->overdue, "opened", (json_int_t)o->opened,
				       "done", (json_int_t)o->done, "verified", (json_int_t)o->verified,
				       "median_hours_to_done",
				       o->median < 0 ? json_null() : json_real(o->median)));
	}
	return out;
}

int
api_task_owners(struct req *r, struct resp *rs)
{
	int64_t now = clock_now(), ds = clock_day_start(now);
	char today[11];
	struct svc s;
	struct report_owner *v;
	int n, rc;

	/* who holds how many tasks is the command post's view, not a checkpoint's */
	if (task_post_only(r))
		return fault_set(&r->fault, ERR_DENIED, "", "卡口值守人员只能查看自己的任务和本岗点移交的任务",
				 "checkpoint staff see only their own tasks and the hand-offs of their post");
	clock_local_date(now, today);
	if ((rc = svc_report_owners(api_svc(r, &s), ds, clock_day_start(ds + 36 * 3600), &v, &n)))
		return rc;
	return resp_json(rs, 200,
			 json_pack("{s:s, s:o}", "date", today, "items", report_owners_json(v, n)));
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
