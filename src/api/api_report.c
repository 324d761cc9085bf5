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

/* A district's row per town: each town's own report in figures. */
static json_t *
towns_json(const struct daily_report *d)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < d->ntowns; i++) {
		const struct report_town *w = &d->towns[i];

		json_array_append_new(
			a, json_pack("{s:s, s:s, s:{s:I, s:I}, s:o, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I}, "
				     "s:o, s:o, s:o}",
				     "code", w->code, "name", w->name, "registry", "persons",
				     (json_int_t)w->persons, "households", (json_int_t)w->households,
				     "monitoring", figures_row_json(&w->monitoring), "tasks", "opened",
				     (json_int_t)w->tasks_opened, "closed", (json_int_t)w->tasks_closed,
				     "open", (json_int_t)w->tasks_open, "overdue",
				     (json_int_t)w->tasks_overdue, "tips", "received",
				     (json_int_t)w->tips_received, "handled", (json_int_t)w->tips_handled,
				     "checkpoints", duty_counts_json(&w->checkpoints), "gatherings_today",
				     gathering_row_json(&w->gatherings_today), "gatherings",
				     gathering_row_json(&w->gatherings)));
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
	/* a district's report: its rows are towns */
	json_object_set_new(rep, "district", json_boolean(d->district));
	json_object_set_new(rep, "towns", towns_json(d));
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

/* The columns of a district's table by town, beyond the monitoring's. */
static const struct {
	const char *obj, *key, *zh;
} town_cols[] = {
	{"registry", "persons", "登记人口"},   {"monitoring", "under_observation", "在观察"},
	{"monitoring", "registered_today", "新增"}, {"monitoring", "alerts_open", "未闭环预警"},
	{"tasks", "opened", "新派任务"},       {"tasks", "closed", "闭环"},
	{"tasks", "overdue", "逾期"},          {"tips", "received", "举报"},
	{"checkpoints", "vehicles", "检查车辆"}, {"checkpoints", "pedestrians", "检查人员"},
};
#define NTOWN_COLS (int)(sizeof(town_cols) / sizeof(town_cols[0]))

static long long
town_num(json_t *t, int c)
{
	return (long long)json_integer_value(
		json_object_get(json_object_get(t, town_cols[c].obj), town_cols[c].key));
}

/* 各乡镇（街道）: the district's row per town, as the town's report has a row per village. */
static void
towns_html(struct buf *b, json_t *rep)
{
	json_t *t;
	size_t i;
	int c;

	buf_adds(b, "<h2>各乡镇（街道）</h2><table><tr><th>乡镇（街道）</th>");
	for (c = 0; c < NTOWN_COLS; c++)
		buf_addf(b, "<th>%s</th>", town_cols[c].zh);
	buf_adds(b, "</tr>");
	json_array_foreach(json_object_get(rep, "towns"), i, t) {
		buf_adds(b, "<tr><td>");
		text_html_escape(b, json_string_value(json_object_get(t, "name")));
		buf_adds(b, "</td>");
		for (c = 0; c < NTOWN_COLS; c++)
			buf_addf(b, "<td>%lld</td>", town_num(t, c));
		buf_adds(b, "</tr>");
	}
	buf_adds(b, "</table>");
}

/* 分乡镇汇总: the same table as a sheet of the workbook. */
static void
towns_xlsx(lxw_workbook *wb, lxw_format *head, json_t *rep)
{
	unsigned top;
	lxw_worksheet *ws = export_sheet(wb, "分乡镇汇总", rep, &top);
	json_t *t;
	size_t i;
	int c;

	worksheet_write_string(ws, top, 0, "乡镇（街道）", head);
	for (c = 0; c < NTOWN_COLS; c++)
		worksheet_write_string(ws, top, (lxw_col_t)(1 + c), town_cols[c].zh, head);
	json_array_foreach(json_object_get(rep, "towns"), i, t) {
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 0,
				       json_string_value(json_object_get(t, "name")), NULL);
		for (c = 0; c < NTOWN_COLS; c++)
			worksheet_write_number(ws, (lxw_row_t)(top + 1 + i), (lxw_col_t)(1 + c),
					       (double)town_num(t, c), NULL);
	}
}

int
report_html(struct arena *a, json_t *rep, char **ret, size_t *ret_len)
{
	struct buf b = {0};
	json_t *mon = json_object_get(rep, "monitoring"), *v, *tasks = json_object_get(rep, "tasks"),
	       *tips = json_object_get(rep, "tips");
	size_t i;
	int c;
	bool district = json_is_true(json_object_get(rep, "district"));

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
	buf_addf(&b, "<h2>一、重点人员健康监测</h2><table><tr><th>%s</th>", district ? "乡镇（街道）" : "村（社区）");
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
	buf_addf(&b, "<tr><th>%s</th>", district ? "全区" : "全镇");
	for (c = 0; c < NROW_COLS; c++)
		buf_addf(&b, "<th>%lld</th>", num(json_object_get(mon, "town"), row_cols[c].key));
	buf_adds(&b, "</tr><tr><td>较前日</td>");
	for (c = 0; c < NROW_COLS; c++)
		buf_addf(&b, "<td>%+lld</td>", num(json_object_get(mon, "change"), row_cols[c].key));
	buf_addf(&b, "</tr></table><h2>二、任务闭环</h2><p>今日新派 %lld 件，闭环 %lld 件，逾期 %lld 件。</p>",
		 num(tasks, "opened"), num(tasks, "closed"), num(tasks, "overdue"));
	if (district)
		towns_html(&b, rep);
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
	bool district = json_is_true(json_object_get(rep, "district"));

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
	/* 分村: one row per village; a district's 分乡镇, one row per town */
	ws = export_sheet(wb, district ? "分乡镇" : "分村", rep, &top);
	worksheet_write_string(ws, top, 0, district ? "乡镇（街道）" : "村（社区）", head);
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
	if (district)
		towns_xlsx(wb, head, rep);
	report_owner_xlsx(wb, head, rep);
	supply_report_sheet(wb, head, rep);
	checkpoint_report_xlsx(wb, head, rep); /* checkpoints and duty rosters */
	sweep_report_xlsx(wb, head, rep);
	xlsx_fit_columns(wb, json_string_value(json_object_get(mark, "line")));
	return xlsx_close(wb, path, a, ret, ret_len, f);
}

/* A town column the CSV adds after the monitoring's and the tasks open and overdue. */
static bool
csv_extra(int c)
{
	return strcmp(town_cols[c].obj, "monitoring") != 0 &&
	       !(strcmp(town_cols[c].obj, "tasks") == 0 && strcmp(town_cols[c].key, "overdue") == 0);
}

/* The report as one CSV table: a row per village (a district's: per town) with its monitoring
 * figures and its tasks open and overdue at the day's end, then the whole area's row. */
static void
report_csv(json_t *rep, const struct export_mark *m, struct buf *b)
{
	bool district = json_is_true(json_object_get(rep, "district"));
	json_t *mon = json_object_get(rep, "monitoring"), *v, *tv;
	json_t *by = json_object_get(json_object_get(rep, "tasks"), "by_village");
	size_t i, j;
	int c;

	export_mark_csv(b, m);
	csv_cell(b, district ? "乡镇（街道）" : "村（社区）", false);
	csv_cell(b, "代码", false);
	for (c = 0; c < NROW_COLS; c++)
		csv_cell(b, row_cols[c].zh, false);
	csv_cell(b, "未完成任务", false);
	csv_cell(b, "逾期任务", !district);
	for (c = 0; district && c < NTOWN_COLS; c++)
		if (csv_extra(c))
			csv_cell(b, town_cols[c].zh, c == NTOWN_COLS - 1);
	json_array_foreach(json_object_get(mon, "villages"), i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));
		json_t *tasks = NULL, *town = NULL;
		char n[32];

		json_array_foreach(by, j, tv)
			if (strcmp(json_string_value(json_object_get(tv, "code")), code) == 0)
				tasks = tv;
		json_array_foreach(json_object_get(rep, "towns"), j, tv)
			if (strcmp(json_string_value(json_object_get(tv, "code")), code) == 0)
				town = tv;
		csv_cell(b, json_string_value(json_object_get(v, "name")), false);
		csv_cell(b, code, false);
		for (c = 0; c < NROW_COLS; c++) {
			snprintf(n, sizeof(n), "%lld", num(v, row_cols[c].key));
			csv_cell(b, n, false);
		}
		snprintf(n, sizeof(n), "%lld", tasks ? num(tasks, "open") : 0);
		csv_cell(b, n, false);
		snprintf(n, sizeof(n), "%lld", tasks ? num(tasks, "overdue") : 0);
		csv_cell(b, n, !district);
		for (c = 0; district && c < NTOWN_COLS; c++) {
			if (!csv_extra(c))
				continue;
			snprintf(n, sizeof(n), "%lld", town ? town_num(town, c) : 0);
			csv_cell(b, n, c == NTOWN_COLS - 1);
		}
	}
	/* the whole town's (district's) row */
	{
		json_t *all = json_object_get(mon, "town"), *tasks = json_object_get(rep, "tasks");
		char n[32];

		csv_cell(b, district ? "全区" : "全镇", false);
		csv_cell(b, json_string_value(json_object_get(json_object_get(rep, "town"), "code")),
			 false);
		for (c = 0; c < NROW_COLS; c++) {
			snprintf(n, sizeof(n), "%lld", num(all, row_cols[c].key));
			csv_cell(b, n, false);
		}
		csv_cell(b, "", false);
		snprintf(n, sizeof(n), "%lld", num(tasks, "overdue"));
		csv_cell(b, n, !district);
		for (c = 0; district && c < NTOWN_COLS; c++) {
			long long sum = 0;

			if (!csv_extra(c))
				continue;
			json_array_foreach(json_object_get(rep, "towns"), j, tv)
				sum += town_num(tv, c);
			snprintf(n, sizeof(n), "%lld", sum);
			csv_cell(b, n, c == NTOWN_COLS - 1);
		}
	}
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
	if (format && *format && strcmp(format, "json") && strcmp(format, "html") &&
	    strcmp(format, "xlsx") && strcmp(format, "csv"))
		return fault_set(&r->fault, ERR_INVALID, "format", "format 应为 json、html、xlsx 或 csv",
				 "format must be json, html, xlsx or csv");
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
	if (strcmp(format, "html") == 0) {
		rc = report_html(r->arena, rep, &out, &n);
	} else if (strcmp(format, "csv") == 0) {
		struct buf b = {0};

		report_csv(rep, &m, &b);
		out = arena_strndup(r->arena, b.p ? b.p : "", b.len);
		n = b.len;
		buf_free(&b);
		rc = 0;
	} else {
		rc = report_xlsx(r->arena, rep, &out, &n, &r->fault);
	}
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
	if (strcmp(format, "csv") == 0) {
		rs->ctype = "text/csv; charset=utf-8";
		rs->disposition = api_disposition(r->arena, "attachment",
						  arena_printf(r->arena, "daily-report-%s.csv", date),
						  arena_printf(r->arena, "调度日报-%s.csv", date));
		return 0;
	}
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
