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

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int
report_daily(struct req *r, const char *date, bool aggregate_only, json_t **ret)
{
	char today[11], prev[11], *town_code = NULL, *town_name = NULL;
	int64_t ds, de, now = clock_now(), persons = 0, households = 0;
	json_t *fig = NULL, *figp = NULL, *rep, *vil_tasks, *alerts, *overdue_list, *kinds;
	struct task *tv;
	struct task_state *sv;
	int64_t *open_ids;
	int nopen = 0, ns;
	struct tip *pv;
	struct alert *av;
	struct area *areas;
	int ntask, ntip, nal, na, i, j, rc;
	int64_t opened = 0, closed = 0, overdue = 0, received = 0, handled = 0, quick = 0;
	double *hours;
	int nhours = 0;

	clock_local_date(now, today);
	if (date == NULL || *date == '\0')
		date = today;
	date_add_days(date, -1, prev);
	day_bounds(date, &ds, &de);
	db_setting_get(r->db, r->arena, "town_code", &town_code);
	db_setting_get(r->db, r->arena, "town_name", &town_name);
	if ((rc = db_area_counts(r->db, r->scope, &persons, &households)) ||
	    (rc = monitor_figures(r, date, &fig)) || (rc = monitor_figures(r, prev, &figp)) ||
	    (rc = db_task_all(r->db, r->arena, r->scope, ds, de, 100000, &tv, &ntask)) ||
	    (rc = db_task_states_at(r->db, r->arena, r->scope, "", de, &sv, &ns)) ||
	    (rc = db_tip_range(r->db, r->arena, r->scope, ds, de, &pv, &ntip)) ||
	    (rc = db_alert_open_at(r->db, r->arena, r->scope, de, 500, &av, &nal)) ||
	    (rc = db_area_list(r->db, r->arena, r->scope, &areas, &na))) {
		json_decref(fig);
		json_decref(figp);
		return rc;
	}

	/* tasks: opened and closed (verified) that day, open and overdue at its end: open when
	 * the last event before the end was neither done nor verified (a task done that day and
	 * reopened since was closed that evening) */
	open_ids = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(ns + 1));
	for (i = 0; i < ns; i++)
		if (sv[i].last_kind && strcmp(sv[i].last_kind, "done") != 0 &&
		    strcmp(sv[i].last_kind, "verified") != 0)
			open_ids[nopen++] = sv[i].task_id;
	qsort(open_ids, (size_t)nopen, sizeof(int64_t), cmp_id);
	vil_tasks = json_array();
	overdue_list = json_array();
	hours = arena_alloc(r->arena, sizeof(double) * (size_t)(ntask + 1));
	{
		int64_t *v_open = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(na + 1));
		int64_t *v_over = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(na + 1));
		int64_t cutoff = de < now ? de : now;

		for (i = 0; i < ntask; i++) {
			const struct task *t = &tv[i];
			bool open_then = bsearch(&t->id, open_ids, (size_t)nopen, sizeof(int64_t),
						 cmp_id) != NULL;
			bool late = open_then && t->deadline < cutoff;

			if (t->created_at >= ds && t->created_at < de)
				opened++;
			if (t->verified_at >= ds && t->verified_at < de) {
				closed++;
				hours[nhours++] = (double)(t->verified_at - t->created_at) / 3600.0;
			}
			if (late) {
				overdue++;
				if (!aggregate_only)
					json_array_append_new(
						overdue_list,
						json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)t->id,
							  "title", t->title, "area_name", t->area_name, "owner",
							  t->owner_name ? t->owner_name : "", "deadline",
							  (json_int_t)t->deadline, "priority", t->priority));
			}
			for (j = 0; j < na; j++)
				if (areas[j].level == 3 && strncmp(t->area_code, areas[j].code, 12) == 0) {
					v_open[j] += open_then;
					v_over[j] += late;
				}
		}
		for (j = 0; j < na; j++)
			if (areas[j].level == 3)
				json_array_append_new(vil_tasks,
						      json_pack("{s:s, s:s, s:I, s:I}", "code", areas[j].code,
								"name", areas[j].name, "open",
								(json_int_t)v_open[j], "overdue",
								(json_int_t)v_over[j]));
	}
	qsort(hours, (size_t)nhours, sizeof(double), cmp_double);

	/* tips: received that day, handled that day, and how fast */
	kinds = json_object();
	for (i = 0; i < ntip; i++) {
		const struct tip *t = &pv[i];

		if (t->created_at >= ds && t->created_at < de) {
			json_t *k = json_object_get(kinds, t->kind);

			received++;
			json_object_set_new(kinds, t->kind, json_integer(k ? json_integer_value(k) + 1 : 1));
			if (t->handled_at && t->handled_at - t->created_at <= 86400)
				quick++;
		}
		if (t->handled_at >= ds && t->handled_at < de)
			handled++;
	}

	/* the alerts open at the day's end, as they stood then: their age and whether referred */
	alerts = json_array();
	for (i = 0; i < nal && !aggregate_only; i++) {
		int64_t then = de < now ? de : now;
		bool referred = av[i].referred_at && av[i].referred_at < then;

		json_array_append_new(alerts, json_pack("{s:I, s:s, s:s, s:f, s:s}", "id",
							(json_int_t)av[i].id, "area_name", av[i].area_name,
							"reason", av[i].reason, "age_hours",
							(double)(then - av[i].raised_at) / 3600.0, "status",
							referred ? "referred" : "open"));
	}

	rep = json_pack(
		"{s:s, s:s, s:{s:s?, s:s?}, s:I, s:{s:I, s:I}, s:{s:O, s:O, s:o}, "
		"s:{s:I, s:I, s:I, s:o, s:o}, s:{s:I, s:I, s:f, s:o}, s:o, s:o}",
		"date", date, "previous_date", prev, "town", "code", town_code, "name", town_name,
		"generated_at", (json_int_t)now, "registry", "persons", (json_int_t)persons,
		"households", (json_int_t)households, "monitoring", "town",
		json_object_get(fig, "town"), "villages", json_object_get(fig, "villages"), "change",
		change(json_object_get(fig, "town"), json_object_get(figp, "town")), "tasks", "opened",
		(json_int_t)opened, "closed", (json_int_t)closed, "overdue", (json_int_t)overdue,
		"median_hours_to_close",
		nhours ? json_real(nhours % 2 ? hours[nhours / 2]
					      : (hours[nhours / 2 - 1] + hours[nhours / 2]) / 2)
		       : json_null(),
		"by_village", vil_tasks, "tips", "received", (json_int_t)received, "handled",
		(json_int_t)handled, "handled_within_24h_share",
		received ? (double)quick / (double)received : 1.0, "by_kind", kinds, "open_alerts", alerts,
		"overdue_tasks", overdue_list);
	json_decref(fig);
	json_decref(figp);
	if (rep == NULL)
		return ERR_INTERNAL;
	/* tasks by owner: staff names, so the viewer's list is empty like the two lists above */
	{
		json_t *owners;

		if (aggregate_only)
			owners = json_array();
		else if ((rc = report_tasks_by_owner(r, ds, de, &owners))) {
			json_decref(rep);
			return rc;
		}
		json_object_set_new(json_object_get(rep, "tasks"), "by_owner", owners);
	}
	if ((rc = supply_report(r, date, rep))) {
		json_decref(rep);
		return rc;
	}
	/* checkpoints and duty rosters */
	{
		json_t *cp;
		int rc2 = checkpoint_report(r, date, &cp);

		if (rc2) {
			json_decref(rep);
			return rc2;
		}
		json_object_set_new(rep, "checkpoints", cp);
	}
	/* sweeps and gatherings (sweep_report.c) */
	if ((rc = sweep_report(r, date, ds, de, rep))) {
		json_decref(rep);
		return rc;
	}
	*ret = rep;
	return 0;
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
	FILE *fp;
	long n;

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
	if (workbook_close(wb) != LXW_NO_ERROR) {
		unlink(path);
		return fault_set(f, ERR_IO, "", "无法生成 Excel 文件", "cannot write the workbook");
	}
	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0) {
		if (fp)
			fclose(fp);
		unlink(path);
		return fault_set(f, ERR_IO, "", "无法读取 Excel 文件", "cannot read the workbook back");
	}
	rewind(fp);
	*ret = arena_alloc(a, (size_t)n + 1);
	*ret_len = fread(*ret, 1, (size_t)n, fp);
	fclose(fp);
	unlink(path);
	return 0;
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
	json_t *rep;
	int rc, y, mo, d;

	clock_local_date(clock_now(), today);
	if (date && *date && (clock_parse_date(date, &y, &mo, &d) || strcmp(date, today) > 0))
		return fault_set(&r->fault, ERR_INVALID, "date", "date 应为不晚于今天的 YYYY-MM-DD",
				 "date must be a YYYY-MM-DD no later than today");
	if (format && *format && strcmp(format, "json") && strcmp(format, "html") && strcmp(format, "xlsx"))
		return fault_set(&r->fault, ERR_INVALID, "format", "format 应为 json、html 或 xlsx",
				 "format must be json, html or xlsx");
	/* the district's viewer reads figures, never a name */
	/* who may not read the registry (the viewer, a checkpoint) gets the figures without the
	 * lists: an overdue task's title or an alert names a resident */
	if ((rc = report_daily(r, date, task_post_only(r), &rep)))
		return rc;
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
