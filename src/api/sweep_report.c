/* sweep_report.c: the sweeps and gatherings of the daily dispatch report (调度日报). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "sweep.h"
#include "text.h"

static json_t *
without_rounds(json_t *row)
{
	json_t *c = json_deep_copy(row);

	json_object_del(c, "by_round");
	return c;
}

/* Campaign s as it stood at the end of a past day ending at de: in the round then under way (the
 * last one begun before de), with that round's period, and still active if it was closed after
 * the day.  ERR_NOTFOUND when it had not been set up by then. */
static int
as_of(struct req *r, struct sweep_campaign *s, int64_t de)
{
	struct sweep_round *rv;
	int n, i, k = -1, rc;

	if ((rc = db_sweep_rounds(r->db, r->arena, s->id, &rv, &n)))
		return rc;
	for (i = 0; i < n; i++)
		if (rv[i].created_at < de && (k < 0 || rv[i].round > rv[k].round))
			k = i;
	if (k < 0)
		return ERR_NOTFOUND;
	if (rv[k].round < s->round) {
		/* the campaign row holds the current round's period */
		s->round = rv[k].round;
		s->starts_on = rv[k].starts_on;
		s->ends_on = rv[k].ends_on;
	}
	if (s->closed_at >= de)
		s->status = "active";
	return 0;
}

int
sweep_report(struct req *r, const char *date, int64_t ds, int64_t de, json_t *rep)
{
	struct sweep_campaign *v;
	json_t *sweeps = json_array(), *g, *before, *today, *t1, *t0;
	const char *keys[] = {"registered", "cancelled", "postponed", "simplified", "held",
			      "cancelled_or_postponed"};
	int n, i, rc;
	size_t k;
	bool past = de <= clock_now();

	if ((rc = db_sweep_list(r->db, r->arena, &v, &n))) {
		json_decref(sweeps);
		return rc;
	}
	/* campaigns under way on that date, per village: today their coverage as it stands; a past
	 * day's as it stood at its end, in the round then under way (what was recorded by then) */
	for (i = n - 1; i >= 0; i--) {
		json_t *cov, *vil, *row;

		if (!sweep_overlaps(v[i].scope, r->scope))
			continue;
		if (past && (rc = as_of(r, &v[i], de))) {
			if (rc == ERR_NOTFOUND)
				continue;
			json_decref(sweeps);
			return rc;
		}
		if (strcmp(v[i].starts_on, date) > 0 || (strcmp(v[i].status, "active") != 0 &&
							 strcmp(v[i].ends_on, date) < 0))
			continue;
		cov = sweep_coverage_json(r, &v[i], r->scope, v[i].round, past ? de : 0);
		if (cov == NULL) {
			json_decref(sweeps);
			return ERR_DB;
		}
		vil = json_array();
		json_array_foreach(json_object_get(cov, "villages"), k, row)
			json_array_append_new(vil, without_rounds(row));
		json_array_append_new(sweeps, json_pack("{s:I, s:s, s:i, s:s, s:s, s:o, s:o}", "id",
							(json_int_t)v[i].id, "name", v[i].name, "round",
							v[i].round, "starts_on", v[i].starts_on, "ends_on",
							v[i].ends_on, "town",
							without_rounds(json_object_get(cov, "town")),
							"villages", vil));
		json_decref(cov);
	}
	/* gatherings registered by the end of the day, outcomes as recorded by then */
	if ((g = gathering_figures_json(r, r->scope, NULL, NULL, de)) == NULL ||
	    (before = gathering_figures_json(r, r->scope, NULL, NULL, ds)) == NULL) {
		json_decref(g);
		json_decref(sweeps);
		return ERR_DB;
	}
	/* registrations of the day count by their registration time, outcomes by theirs */
	today = json_object();
	t1 = json_object_get(g, "town");
	t0 = json_object_get(before, "town");
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		json_object_set_new(today, keys[k],
				    json_integer(json_integer_value(json_object_get(t1, keys[k])) -
						 json_integer_value(json_object_get(t0, keys[k]))));
	json_object_set_new(g, "today", today);
	json_object_del(g, "from");
	json_object_del(g, "to");
	json_decref(before);
	json_object_set_new(rep, "sweeps", sweeps);
	json_object_set_new(rep, "gatherings", g);
	return 0;
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
	worksheet_write_string(ws, row, 0, "全镇", head);
	for (c = 0; c < 7; c++)
		worksheet_write_number(ws, row, (lxw_col_t)(1 + c), (double)num(json_object_get(g, "town"), gcols[c]),
				       NULL);
	worksheet_set_column(ws, 0, 0, 24, NULL);
}
