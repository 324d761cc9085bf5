/* sweep_report.c: the sweeps and gatherings of the daily dispatch report (调度日报). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "svc_report.h"
#include "sweep.h"
#include "text.h"

/* A coverage row of the report: the round's figures without the figures by round. */
static json_t *
row_json(const struct sweep_coverage *c, const struct coverage_row *w)
{
	json_t *o = sweep_coverage_row_json(w, c->round, c->rounds);

	json_object_del(o, "by_round");
	return o;
}

void
sweep_report_json(const struct daily_report *d, json_t *rep)
{
	json_t *sweeps = json_array(), *g;
	const struct gathering_row *t = &d->gatherings_today;
	int i, j;

	for (i = 0; i < d->nsweeps; i++) {
		const struct sweep_campaign *c = d->sweeps[i].campaign;
		const struct sweep_coverage *cov = &d->sweeps[i].coverage;
		json_t *vil = json_array();

		for (j = 0; j < cov->nvillages; j++)
			json_array_append_new(vil, row_json(cov, &cov->villages[j]));
		json_array_append_new(sweeps, json_pack("{s:I, s:s, s:i, s:s, s:s, s:o, s:o}", "id",
							(json_int_t)c->id, "name", c->name, "round",
							c->round, "starts_on", c->starts_on, "ends_on",
							c->ends_on, "town", row_json(cov, &cov->town),
							"villages", vil));
	}
	/* the gatherings registered by the end of the day, and what changed in it */
	g = gathering_figures_json(&d->gatherings);
	json_object_del(g, "from"); /* the report's gatherings have no period */
	json_object_del(g, "to");
	json_object_set_new(g, "today",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "registered",
				      (json_int_t)(t->pending + t->cancelled + t->postponed +
						   t->simplified + t->held),
				      "cancelled", (json_int_t)t->cancelled, "postponed",
				      (json_int_t)t->postponed, "simplified", (json_int_t)t->simplified,
				      "held", (json_int_t)t->held, "cancelled_or_postponed",
				      (json_int_t)(t->cancelled + t->postponed)));
	json_object_set_new(rep, "sweeps", sweeps);
	json_object_set_new(rep, "gatherings", g);
}

static long long
num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

void
sweep_report_html(struct buf *b, json_t *rep)
{
	json_t *s, *v, *g = json_object_get(rep, "gatherings"), *t = json_object_get(g, "town");
	size_t i, j;

	buf_adds(b, "<h2>八、地毯式排查</h2>");
	if (json_array_size(json_object_get(rep, "sweeps")) == 0)
		buf_adds(b, "<p>无进行中的排查。</p>");
	json_array_foreach(json_object_get(rep, "sweeps"), i, s) {
		json_t *town = json_object_get(s, "town");

		buf_adds(b, "<p>");
		text_html_escape(b, json_string_value(json_object_get(s, "name")));
		buf_addf(b, "（第 %lld 轮）：走访 %lld / %lld 户，排查 %lld / %lld 人，待回访 %lld 户。</p>",
			 num(s, "round"), num(town, "households_reached"), num(town, "households"),
			 num(town, "persons_reached"), num(town, "persons"), num(town, "not_reached"));
		buf_adds(b, "<table><tr><th>村（社区）</th><th>户数</th><th>已走访</th><th>户覆盖率</th>"
			    "<th>人数</th><th>已排查</th><th>待回访</th></tr>");
		json_array_foreach(json_object_get(s, "villages"), j, v) {
			buf_adds(b, "<tr><td>");
			text_html_escape(b, json_string_value(json_object_get(v, "name")));
			buf_addf(b, "</td><td>%lld</td><td>%lld</td><td>%.1f%%</td><td>%lld</td><td>%lld</td>"
				    "<td>%lld</td></tr>",
				 num(v, "households"), num(v, "households_reached"),
				 json_number_value(json_object_get(v, "household_rate")) * 100,
				 num(v, "persons"), num(v, "persons_reached"), num(v, "not_reached"));
		}
		buf_adds(b, "</table>");
	}
	buf_addf(b, "<h2>九、聚集性活动</h2><p>累计登记 %lld 起：取消 %lld 起，延期 %lld 起，从简 %lld 起，"
		    "照常举办 %lld 起，待劝导 %lld 起；取消或延期喜事丧宴 %lld 起。</p>",
		 num(t, "registered"), num(t, "cancelled"), num(t, "postponed"), num(t, "simplified"),
		 num(t, "held"), num(t, "pending"), num(t, "cancelled_or_postponed"));
}

void
sweep_report_xlsx(struct lxw_workbook *wb, struct lxw_format *head, json_t *rep)
{
	static const char *const cols[] = {"households", "households_reached", "persons",
					   "persons_reached", "not_reached"};
	static const char *const names[] = {"户数", "已走访户", "人数", "已排查人", "待回访户"};
	static const char *const gcols[] = {"registered", "cancelled", "postponed", "simplified", "held",
					    "pending", "cancelled_or_postponed"};
	static const char *const gnames[] = {"登记", "取消", "延期", "从简", "照常举办", "待劝导",
					     "取消或延期"};
	unsigned top;
	lxw_worksheet *ws = export_sheet(wb, "排查与聚集", rep, &top);
	json_t *s, *v, *g = json_object_get(rep, "gatherings");
	size_t i, j;
	lxw_row_t row = top;
	int c;

	json_array_foreach(json_object_get(rep, "sweeps"), i, s) {
		worksheet_write_string(ws, row, 0, json_string_value(json_object_get(s, "name")), head);
		worksheet_write_number(ws, row++, 1, (double)num(s, "round"), NULL);
		worksheet_write_string(ws, row, 0, "村（社区）", head);
		for (c = 0; c < 5; c++)
			worksheet_write_string(ws, row, (lxw_col_t)(1 + c), names[c], head);
		row++;
		json_array_foreach(json_object_get(s, "villages"), j, v) {
			worksheet_write_string(ws, row, 0, json_string_value(json_object_get(v, "name")), NULL);
			for (c = 0; c < 5; c++)
				worksheet_write_number(ws, row, (lxw_col_t)(1 + c), (double)num(v, cols[c]), NULL);
			row++;
		}
		row++;
	}
	worksheet_write_string(ws, row, 0, "聚集性活动", head);
	for (c = 0; c < 7; c++)
		worksheet_write_string(ws, row, (lxw_col_t)(1 + c), gnames[c], head);
	row++;
	json_array_foreach(json_object_get(g, "villages"), j, v) {
		worksheet_write_string(ws, row, 0, json_string_value(json_object_get(v, "name")), NULL);
		for (c = 0; c < 7; c++)
			worksheet_write_number(ws, row, (lxw_col_t)(1 + c), (double)num(v, gcols[c]), NULL);
		row++;
	}
	worksheet_write_string(ws, row, 0,
			       json_is_true(json_object_get(rep, "district")) ? "全区" : "全镇", head);
	for (c = 0; c < 7; c++)
		worksheet_write_number(ws, row, (lxw_col_t)(1 + c), (double)num(json_object_get(g, "town"), gcols[c]),
				       NULL);
	worksheet_set_column(ws, 0, 0, 24, NULL);
}
