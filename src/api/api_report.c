/* api_report.c: the daily dispatch report (调度日报) as JSON, printable HTML and an Excel workbook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "checkpoint.h"
#include "command.h"
#include "monitor.h"
#include "observation.h"
#include "sweep.h"
#include "text.h"
#include "supply_api.h"
#include "svc_report.h"

/* The town row's numbers today minus the day before. */
static json_t *
change(json_t *now, json_t *before)
{
	json_t *c = json_object(), *v;
	const char *k;

	json_object_foreach(now, k, v) {
		json_t *b = json_object_get(before, k);

		if (json_is_integer(v) && json_is_integer(b))
			json_object_set_new(c, k, json_integer(json_integer_value(v) - json_integer_value(b)));
	}
	return c;
}

static json_t *
village_tasks_json(const struct daily_report *d)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < d->ntask_villages; i++) {
		const struct report_village_tasks *v = &d->task_villages[i];

		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I}", "code", v->code, "name",
						   v->name, "open", (json_int_t)v->open, "overdue",
						   (json_int_t)v->overdue));
	}
	return a;
}

static json_t *
overdue_json(const struct daily_report *d)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < d->noverdue; i++) {
		const struct task *t = d->overdue[i].task;

		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id",
						   (json_int_t)t->id, "title", t->title, "area_name",
						   t->area_name, "owner", t->owner_name ? t->owner_name : "",
						   "deadline", (json_int_t)t->deadline, "priority",
						   t->priority));
	}
	return a;
}

static json_t *
tip_kinds_json(const struct daily_report *d)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < d->ntip_kinds; i++)
		json_object_set_new(o, d->tip_kinds[i].kind, json_integer(d->tip_kinds[i].count));
	return o;
}

static json_t *
alerts_json(const struct daily_report *d)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < d->nalerts; i++) {
		const struct report_alert *w = &d->alerts[i];

		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:f, s:s}", "id",
						   (json_int_t)w->alert->id, "area_name",
						   w->alert->area_name, "reason", w->alert->reason,
						   "age_hours", w->age_hours, "status",
						   w->referred ? "referred" : "open"));
	}
	return a;
}

json_t *
report_json(const struct daily_report *d)
{
	json_t *fig = figures_json(&d->monitoring), *figp = figures_json(&d->monitoring_before);
	json_t *rep, *supplies;

	rep = json_pack(
		"{s:s, s:s, s:{s:s?, s:s?}, s:I, s:{s:I, s:I}, s:{s:O, s:O, s:o}, "
		"s:{s:I, s:I, s:I, s:o, s:o, s:o}, s:{s:I, s:I, s:f, s:o}, s:o, s:o}",
		"date", d->date, "previous_date", d->previous_date, "town", "code", d->town_code,
		"name", d->town_name, "generated_at", (json_int_t)d->generated_at, "registry",
		"persons", (json_int_t)d->persons, "households", (json_int_t)d->households,
		"monitoring", "town", json_object_get(fig, "town"), "villages",
		json_object_get(fig, "villages"), "change",
		change(json_object_get(fig, "town"), json_object_get(figp, "town")), "tasks", "opened",
		(json_int_t)d->tasks_opened, "closed", (json_int_t)d->tasks_closed, "overdue",
		(json_int_t)d->tasks_overdue, "median_hours_to_close",
		d->median_hours_to_close < 0 ? json_null() : json_real(d->median_hours_to_close),
		"by_village", village_tasks_json(d), "by_owner", report_owners_json(d->owners, d->nowners),
		"tips", "received", (json_int_t)d->tips_received, "handled",
		(json_int_t)d->tips_handled, "handled_within_24h_share",
		d->tips_handled_within_24h_share, "by_kind", tip_kinds_json(d), "open_alerts",
		alerts_json(d), "overdue_tasks", overdue_json(d));
	json_decref(fig);
	json_decref(figp);
	if (rep == NULL || (supplies = supply_figures_json(&d->supplies, false)) == NULL) {
		json_decref(rep);
		return NULL;
	}
	json_object_set_new(rep, "supplies", supplies);
	json_object_set_new(rep, "checkpoints", checkpoint_report_json(d));
	sweep_report_json(d, rep);
	return rep;
}

static const struct {
	const char *key, *zh;
} row_cols[] = {
	{"under_observation", "在观察"}, {"home", "居家"}, {"centralised", "集中"},
	{"registered_today", "新增"}, {"released_today", "解除"}, {"abnormal_today", "异常"},
	{"alerts_open", "未闭环预警"}, {"checks_due", "待测"}, {"checks_overdue", "逾期未测"},
};
#define NROW_COLS (int)(sizeof(row_cols) / sizeof(row_cols[0]))


static long long
num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

int
report_html(struct arena *a, json_t *rep, char **ret, size_t *ret_len)
{
	struct buf b = {0};
	json_t *mon = json_object_get(rep, "monitoring"), *v, *tasks = json_object_get(rep, "tasks"),
	       *tips = json_object_get(rep, "tips");
	size_t i;
	int c;

	buf_adds(&b, "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>调度日报</title>"
		     "<style>@page{size:A4;margin:15mm}body{font-family:'Noto Sans CJK SC',sans-serif;"
		     "font-size:10.5pt}h1{font-size:16pt;text-align:center}h2{font-size:12pt;margin-top:1.2em}"
		     "table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:2px 4px;"
		     "text-align:center}th{background:#eee}</style></head><body>");
	export_mark_html(&b, json_string_value(json_object_get(json_object_get(rep, "watermark"), "line")));
	buf_adds(&b, "<h1>");
	text_html_escape(&b, json_string_value(json_object_get(json_object_get(rep, "town"), "name")));
	buf_adds(&b, "疫情防控调度日报</h1><p style=\"text-align:center\">");
	text_html_escape(&b, json_string_value(json_object_get(rep, "date")));
	buf_addf(&b, "　登记人口 %lld 人，%lld 户</p>", num(json_object_get(rep, "registry"), "persons"),
		 num(json_object_get(rep, "registry"), "households"));
	buf_adds(&b, "<h2>一、重点人员健康监测</h2><table><tr><th>村（社区）</th>");
	for (c = 0; c < NROW_COLS; c++)
		buf_addf(&b, "<th>%s</th>", row_cols[c].zh);
	buf_adds(&b, "</tr>");
	json_array_foreach(json_object_get(mon, "villages"), i, v) {
		buf_adds(&b, "<tr><td>");
		text_html_escape(&b, json_string_value(json_object_get(v, "name")));
		buf_adds(&b, "</td>");
		for (c = 0; c < NROW_COLS; c++)
			buf_addf(&b, "<td>%lld</td>", num(v, row_cols[c].key));
		buf_adds(&b, "</tr>");
	}
	buf_adds(&b, "<tr><th>全镇</th>");
	for (c = 0; c < NROW_COLS; c++)
		buf_addf(&b, "<th>%lld</th>", num(json_object_get(mon, "town"), row_cols[c].key));
	buf_adds(&b, "</tr><tr><td>较前日</td>");
	for (c = 0; c < NROW_COLS; c++)
		buf_addf(&b, "<td>%+lld</td>", num(json_object_get(mon, "change"), row_cols[c].key));
	buf_addf(&b, "</tr></table><h2>二、任务闭环</h2><p>今日新派 %lld 件，闭环 %lld 件，逾期 %lld 件。</p>",
		 num(tasks, "opened"), num(tasks, "closed"), num(tasks, "overdue"));
	report_owner_html(&b, rep);
	buf_addf(&b, "<h2>三、群众举报</h2><p>今日收到 %lld 条，办结 %lld 条，24 小时内办结率 %.0f%%。</p>",
		 num(tips, "received"), num(tips, "handled"),
		 json_number_value(json_object_get(tips, "handled_within_24h_share")) * 100);
	buf_adds(&b, "<h2>四、未闭环预警</h2><table><tr><th>编号</th><th>区域</th><th>原因</th><th>已过（小时）</th></tr>");
	json_array_foreach(json_object_get(rep, "open_alerts"), i, v) {
		buf_addf(&b, "<tr><td>%lld</td><td>", num(v, "id"));
		text_html_escape(&b, json_string_value(json_object_get(v, "area_name")));
		buf_adds(&b, "</td><td>");
		text_html_escape(&b, json_string_value(json_object_get(v, "reason")));
		buf_addf(&b, "</td><td>%.1f</td></tr>", json_number_value(json_object_get(v, "age_hours")));
	}
	buf_adds(&b, "</table><h2>五、逾期任务</h2><table><tr><th>编号</th><th>任务</th><th>区域</th><th>责任人</th></tr>");
	json_array_foreach(json_object_get(rep, "overdue_tasks"), i, v) {
		buf_addf(&b, "<tr><td>%lld</td><td>", num(v, "id"));
		text_html_escape(&b, json_string_value(json_object_get(v, "title")));
		buf_adds(&b, "</td><td>");
		text_html_escape(&b, json_string_value(json_object_get(v, "area_name")));
		buf_adds(&b, "</td><td>");
		text_html_escape(&b, json_string_value(json_object_get(v, "owner")));
		buf_adds(&b, "</td></tr>");
	}
	buf_adds(&b, "</table>");
	supply_report_html(&b, rep);
	checkpoint_report_html(&b, rep); /* checkpoints and duty rosters */
	sweep_report_html(&b, rep);
	export_mark_html(&b, json_string_value(json_object_get(json_object_get(rep, "watermark"), "line")));
	buf_adds(&b, "</body></html>");
	*ret = arena_strndup(a, b.p, b.len);
	*ret_len = b.len;
	buf_free(&b);
	return 0;
}

int
report_xlsx(struct arena *a, json_t *rep, char **ret, size_t *ret_len, struct fault *f)
{
	char path[] = "/tmp/fangyi-report-XXXXXX";
	int fd = mkstemp(path), c, row;
	unsigned top;
	json_t *mark = json_object_get(rep, "watermark");
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	json_t *mon = json_object_get(rep, "monitoring"), *v;
	size_t i;

	if (fd < 0)
		return fault_set(f, ERR_IO, "", "无法建立临时文件", "cannot create a temporary file");
	close(fd);
	wb = workbook_new(path);
	export_mark_workbook(wb, "调度日报 Daily report", json_string_value(json_object_get(mark, "who")),
			     json_string_value(json_object_get(mark, "line")),
			     json_string_value(json_object_get(mark, "serial")));
	head = workbook_add_format(wb);
	format_set_bold(head);
	/* 汇总: the town */
	ws = export_sheet(wb, "汇总", rep, &top);
	worksheet_write_string(ws, top, 2, json_string_value(json_object_get(json_object_get(rep, "town"), "name")),
			       head);
	worksheet_write_string(ws, top, 0, "日期", head);
	worksheet_write_string(ws, top, 1, json_string_value(json_object_get(rep, "date")), NULL);
	worksheet_write_string(ws, top + 1, 0, "登记人口", head);
	worksheet_write_number(ws, top + 1, 1, (double)num(json_object_get(rep, "registry"), "persons"), NULL);
	for (c = 0; c < NROW_COLS; c++) {
		worksheet_write_string(ws, (lxw_row_t)(top + 3 + c), 0, row_cols[c].zh, head);
		worksheet_write_number(ws, (lxw_row_t)(top + 3 + c), 1,
				       (double)num(json_object_get(mon, "town"), row_cols[c].key), NULL);
		worksheet_write_number(ws, (lxw_row_t)(top + 3 + c), 2,
				       (double)num(json_object_get(mon, "change"), row_cols[c].key), NULL);
	}
	worksheet_write_string(ws, top + 2, 1, "今日", head);
	worksheet_write_string(ws, top + 2, 2, "较前日", head);
	row = (int)top + 4 + NROW_COLS;
	worksheet_write_string(ws, (lxw_row_t)row, 0, "任务新派/闭环/逾期", head);
	worksheet_write_number(ws, (lxw_row_t)row, 1, (double)num(json_object_get(rep, "tasks"), "opened"), NULL);
	worksheet_write_number(ws, (lxw_row_t)row, 2, (double)num(json_object_get(rep, "tasks"), "closed"), NULL);
	worksheet_write_number(ws, (lxw_row_t)row, 3, (double)num(json_object_get(rep, "tasks"), "overdue"), NULL);
	worksheet_write_string(ws, (lxw_row_t)row + 1, 0, "举报收到/办结", head);
	worksheet_write_number(ws, (lxw_row_t)row + 1, 1, (double)num(json_object_get(rep, "tips"), "received"), NULL);
	worksheet_write_number(ws, (lxw_row_t)row + 1, 2, (double)num(json_object_get(rep, "tips"), "handled"), NULL);
	worksheet_set_column(ws, 0, 0, 20, NULL);
	/* 分村: one row per village */
	ws = export_sheet(wb, "分村", rep, &top);
	worksheet_write_string(ws, top, 0, "村（社区）", head);
	for (c = 0; c < NROW_COLS; c++)
		worksheet_write_string(ws, top, (lxw_col_t)(1 + c), row_cols[c].zh, head);
	json_array_foreach(json_object_get(mon, "villages"), i, v) {
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 0, json_string_value(json_object_get(v, "name")), NULL);
		for (c = 0; c < NROW_COLS; c++)
			worksheet_write_number(ws, (lxw_row_t)(top + 1 + i), (lxw_col_t)(1 + c),
					       (double)num(v, row_cols[c].key), NULL);
	}
	worksheet_set_column(ws, 0, 0, 14, NULL);
	/* 预警 and 逾期任务 */
	ws = export_sheet(wb, "预警", rep, &top);
	worksheet_write_string(ws, top, 0, "编号", head);
	worksheet_write_string(ws, top, 1, "区域", head);
	worksheet_write_string(ws, top, 2, "原因", head);
	worksheet_write_string(ws, top, 3, "已过（小时）", head);
	json_array_foreach(json_object_get(rep, "open_alerts"), i, v) {
		worksheet_write_number(ws, (lxw_row_t)(top + 1 + i), 0, (double)num(v, "id"), NULL);
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 1, json_string_value(json_object_get(v, "area_name")), NULL);
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 2, json_string_value(json_object_get(v, "reason")), NULL);
		worksheet_write_number(ws, (lxw_row_t)(top + 1 + i), 3, json_number_value(json_object_get(v, "age_hours")), NULL);
	}
	ws = export_sheet(wb, "逾期任务", rep, &top);
	worksheet_write_string(ws, top, 0, "编号", head);
	worksheet_write_string(ws, top, 1, "任务", head);
	worksheet_write_string(ws, top, 2, "区域", head);
	worksheet_write_string(ws, top, 3, "责任人", head);
	json_array_foreach(json_object_get(rep, "overdue_tasks"), i, v) {
		worksheet_write_number(ws, (lxw_row_t)(top + 1 + i), 0, (double)num(v, "id"), NULL);
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 1, json_string_value(json_object_get(v, "title")), NULL);
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 2, json_string_value(json_object_get(v, "area_name")), NULL);
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 3, json_string_value(json_object_get(v, "owner")), NULL);
	}
	report_owner_xlsx(wb, head, rep);
	supply_report_sheet(wb, head, rep);
	checkpoint_report_xlsx(wb, head, rep); /* checkpoints and duty rosters */
	sweep_report_xlsx(wb, head, rep);
	xlsx_fit_columns(wb, json_string_value(json_object_get(mark, "line")));
	return xlsx_close(wb, path, a, ret, ret_len, f);
}

void
report_mark(json_t *rep, const struct export_mark *m)
{
	json_object_set_new(rep, "watermark", json_pack("{s:s, s:s, s:s}", "line", m->line, "serial",
							m->serial, "who", m->who));
}

int
api_report_daily(struct req *r, struct resp *rs)
{
	const char *date = req_query(r, "date"), *format = req_query(r, "format");
	char today[11], *out;
	size_t n;
	struct export_mark m;
	struct daily_report dr;
	struct svc s;
	json_t *rep;
	int rc, y, mo, d;

	clock_local_date(clock_now(), today);
	if (date && *date && (clock_parse_date(date, &y, &mo, &d) || strcmp(date, today) > 0))
		return fault_set(&r->fault, ERR_INVALID, "date", "date 应为不晚于今天的 YYYY-MM-DD",
				 "date must be a YYYY-MM-DD no later than today");
	if (format && *format && strcmp(format, "json") && strcmp(format, "html") && strcmp(format, "xlsx"))
		return fault_set(&r->fault, ERR_INVALID, "format", "format 应为 json、html 或 xlsx",
				 "format must be json, html or xlsx");
	/* who may not read the registry (the district's viewer, a checkpoint) gets the figures
	 * without the lists: an overdue task's title or an alert names a resident */
	if ((rc = svc_report_daily(api_svc(r, &s), date, &dr)))
		return rc;
	if ((rep = report_json(&dr)) == NULL)
		return ERR_INTERNAL;
	if (format == NULL || *format == '\0' || strcmp(format, "json") == 0)
		return resp_json(rs, 200, rep);
	/* a printed or downloaded report carries who took it out, and is audited */
	export_mark_init(r, &m);
	report_mark(rep, &m);
	if (strcmp(format, "html") == 0)
		rc = report_html(r->arena, rep, &out, &n);
	else
		rc = report_xlsx(r->arena, rep, &out, &n, &r->fault);
	json_decref(rep);
	if (rc || (rc = export_mark_audit(r, &m, "report", 0, r->scope,
					  arena_printf(r->arena, "daily report %s %s", format,
						       date && *date ? date : today))))
		return rc;
	rs->status = 200;
	rs->body = out;
	rs->bodylen = n;
	/* named for the report and its day, 调度日报-2020-02-03.xlsx; the printable page opens in the
	 * browser and is saved under the same name */
	if (!date || !*date)
		date = today;
	if (strcmp(format, "html") == 0) {
		rs->ctype = "text/html; charset=utf-8";
		rs->disposition = api_disposition(r->arena, "inline",
						  arena_printf(r->arena, "daily-report-%s.html", date),
						  arena_printf(r->arena, "调度日报-%s.html", date));
		return 0;
	}
	rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	rs->disposition = api_disposition(r->arena, "attachment",
					  arena_printf(r->arena, "daily-report-%s.xlsx", date),
					  arena_printf(r->arena, "调度日报-%s.xlsx", date));
	return 0;
}
