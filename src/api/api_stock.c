/* api_stock.c: stock per store with low-stock marks and days left, thresholds, cash, and the supplies figures (for the dashboard and the daily report). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "observation.h"
#include "supply.h"
#include "supply_api.h"
#include "svc_supply.h"
#include "text.h"

static json_t *
line_json(const struct stock_line *l)
{
	int64_t days = supply_days_left(l->quantity, l->used7);

	return json_pack("{s:s, s:I, s:I, s:b, s:b, s:I, s:o}", "item", l->item, "quantity",
			 (json_int_t)l->quantity, "low_stock", (json_int_t)l->threshold, "own_threshold",
			 l->own_threshold, "low", l->threshold > 0 && l->quantity < l->threshold,
			 "used_7d", (json_int_t)l->used7, "days_left",
			 days < 0 ? json_null() : json_integer(days));
}

json_t *
supply_store_json(const struct store *s, const struct stock_line *l, int n)
{
	json_t *stock = json_array();
	int i, low = 0;

	for (i = 0; i < n; i++)
		if (l[i].store_id == s->id) {
			json_array_append_new(stock, line_json(&l[i]));
			low += l[i].threshold > 0 && l[i].quantity < l[i].threshold;
		}
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:i}", "id", (json_int_t)s->id, "name",
			 s->name, "area_code", s->area_code, "area_name", s->area_name, "kind", s->kind,
			 "stock", stock, "low_count", low);
}

static json_t *
supply_item_json(const struct supply_item_figures *f)
{
	const struct item *it = f->item;

	return json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:s, s:I, s:I, s:I, s:I, s:I}", "item", it->key,
			 "name", it->name, "name_en", it->name_en, "unit", it->unit, "unit_en",
			 it->unit_en, "pack_name", it->pack_name, "pack_size", (json_int_t)it->pack_size,
			 "received", (json_int_t)f->received, "issued", (json_int_t)f->issued,
			 "written_off", (json_int_t)f->written_off, "in_stock", (json_int_t)f->in_stock);
}

static json_t *
supply_low_json(const struct supply_low *w)
{
	const struct stock_line *l = w->line;

	return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s, s:s?, s:I, s:I, s:I, s:o}", "store_id",
			 (json_int_t)l->store_id, "store", w->store, "item", l->item, "name",
			 w->item->name, "name_en", w->item->name_en, "unit", w->item->unit, "unit_en",
			 w->item->unit_en, "quantity", (json_int_t)l->quantity, "low_stock",
			 (json_int_t)l->threshold, "used_7d", (json_int_t)l->used7, "days_left",
			 w->days_left < 0 ? json_null() : json_integer(w->days_left));
}

json_t *
supply_figures_json(const struct supply_figures *f, bool with_stores)
{
	json_t *jitems = json_array(), *jlow = json_array(), *jstores, *fig;
	int i;

	for (i = 0; i < f->nitems; i++)
		json_array_append_new(jitems, supply_item_json(&f->items[i]));
	for (i = 0; i < f->nlow; i++)
		json_array_append_new(jlow, supply_low_json(&f->low[i]));
	fig = json_pack("{s:s, s:o, s:{s:I, s:I, s:I}, s:o, s:i, s:{s:s, s:s}}", "date", f->date,
			"items", jitems, "cash", "received", (json_int_t)f->cash_received, "spent",
			(json_int_t)f->cash_spent, "balance", (json_int_t)f->cash_balance, "low_stock",
			jlow, "low_stock_count", f->nlow, "sentence", "zh", f->sentence_zh, "en",
			f->sentence_en);
	if (fig == NULL)
		return NULL;
	if (with_stores) {
		jstores = json_array();
		for (i = 0; i < f->nstores; i++)
			json_array_append_new(jstores,
					      supply_store_json(&f->stores[i], f->lines, f->nlines));
		json_object_set_new(fig, "stores", jstores);
	}
	return fig;
}

int
supply_figures(struct req *r, const char *scope, const char *date, bool with_stores, json_t **ret)
{
	struct svc s;
	struct supply_figures f;
	int rc;

	if ((rc = svc_figures_supplies(api_svc(r, &s), scope, date, &f)))
		return rc;
	if ((*ret = supply_figures_json(&f, with_stores)) == NULL)
		return ERR_INTERNAL;
	return 0;
}

/* the date query parameter: a YYYY-MM-DD no later than today, or absent */
static int
date_query(struct req *r, const char **ret)
{
	const char *date = req_query(r, "date");
	char today[11];
	int y, m, d;

	clock_local_date(clock_now(), today);
	if (date && *date && (clock_parse_date(date, &y, &m, &d) || strcmp(date, today) > 0))
		return fault_set(&r->fault, ERR_INVALID, "date", "date 应为不晚于今天的 YYYY-MM-DD",
				 "date must be a YYYY-MM-DD no later than today");
	*ret = date && *date ? date : NULL;
	return 0;
}

int
api_supply_figures(struct req *r, struct resp *rs)
{
	const char *date = NULL;
	json_t *fig;
	int rc;

	if ((rc = date_query(r, &date)) || (rc = supply_figures(r, r->scope, date, true, &fig)))
		return rc;
	return resp_json(rs, 200, fig);
}

int
api_threshold_set(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"store_id", "item", "low_stock", NULL};
	json_t *jl = json_object_get(r->json, "low_stock");
	struct svc_threshold_in in = {0};
	struct svc_threshold_out out;
	struct svc s;
	int rc;

	in.low = -1;
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "item", 40, true, &in.item)) ||
	    (rc = api_int(r, "store_id", false, 1, INT64_MAX, &in.store_id)) ||
	    (rc = api_int(r, "low_stock", false, 0, INT64_MAX / 4, &in.low)))
		return rc;
	in.low_given = jl != NULL; /* null: back to the item's default */
	if ((rc = dbc_begin(r->db)) || (rc = svc_supply_threshold_set(api_svc(r, &s), &in, &out)))
		return rc;
	if (out.of_store)
		return api_commit_json(r, rs, 200,
				       supply_store_json(&out.store.store, out.store.lines, out.store.nlines));
	return api_commit_json(r, rs, 200, json_pack("{s:s, s:I}", "item", out.item.key, "low_stock",
						     (json_int_t)out.item.low_stock));
}

int
api_cash(struct req *r, struct resp *rs)
{
	struct stock_line *l;
	struct store *s;
	struct supply_total *tot;
	struct item cash;
	int n, ns, nt, i, j, rc;
	int64_t rcv = 0, spent = 0, bal = 0, day = clock_day_start(clock_now());
	json_t *stores = json_array();

	if ((rc = db_item_by_key(r->db, r->arena, "cash", &cash)) ||
	    (rc = db_store_list(r->db, r->arena, r->scope, &s, &ns)) ||
	    (rc = db_stock_lines(r->db, r->arena, r->scope, 0, day, true, &l, &n)) ||
	    (rc = db_supply_totals(r->db, r->arena, r->scope, day, &tot, &nt))) {
		json_decref(stores);
		return rc;
	}
	for (j = 0; j < nt; j++)
		if (tot[j].item_id == cash.id) {
			rcv = tot[j].received;
			spent = tot[j].issued;
		}
	for (i = 0; i < ns; i++)
		for (j = 0; j < n; j++)
			if (l[j].store_id == s[i].id && strcmp(l[j].item, "cash") == 0) {
				bal += l[j].quantity;
				json_array_append_new(stores, json_pack("{s:I, s:s, s:I}", "store_id",
									(json_int_t)s[i].id, "store",
									s[i].name, "balance",
									(json_int_t)l[j].quantity));
			}
	return resp_json(rs, 200,
			 json_pack("{s:I, s:I, s:I, s:o}", "received", (json_int_t)rcv, "spent",
				   (json_int_t)spent, "balance", (json_int_t)bal, "stores", stores));
}

/* ---- the daily report's section ---- */

void
supply_report_html(struct buf *b, json_t *rep)
{
	json_t *s = json_object_get(rep, "supplies"), *v;
	size_t i;
	struct buf y = {0};

	if (s == NULL)
		return;
	buf_adds(b, "<h2>六、防疫物资</h2><p>");
	text_html_escape(b, json_string_value(json_object_get(json_object_get(s, "sentence"), "zh")));
	supply_yuan(&y, json_integer_value(json_object_get(json_object_get(s, "cash"), "balance")));
	buf_addf(b, "。现金余额 %s 元。</p><table><tr><th>物资</th><th>累计收到</th><th>累计发放</th>"
		    "<th>报损</th><th>库存</th><th>单位</th></tr>", y.p);
	buf_free(&y);
	json_array_foreach(json_object_get(s, "items"), i, v) {
		buf_adds(b, "<tr><td>");
		text_html_escape(b, json_string_value(json_object_get(v, "name")));
		buf_addf(b, "</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td><td>",
			 (long long)json_integer_value(json_object_get(v, "received")),
			 (long long)json_integer_value(json_object_get(v, "issued")),
			 (long long)json_integer_value(json_object_get(v, "written_off")),
			 (long long)json_integer_value(json_object_get(v, "in_stock")));
		text_html_escape(b, json_string_value(json_object_get(v, "unit")));
		buf_adds(b, "</td></tr>");
	}
	buf_addf(b, "</table><p>低于预警线 %lld 项：",
		 (long long)json_integer_value(json_object_get(s, "low_stock_count")));
	json_array_foreach(json_object_get(s, "low_stock"), i, v) {
		buf_adds(b, i ? "；" : "");
		text_html_escape(b, json_string_value(json_object_get(v, "store")));
		buf_adds(b, " ");
		text_html_escape(b, json_string_value(json_object_get(v, "name")));
		buf_addf(b, " %lld", (long long)json_integer_value(json_object_get(v, "quantity")));
		text_html_escape(b, json_string_value(json_object_get(v, "unit")));
	}
	buf_adds(b, "</p>");
}

void
supply_report_sheet(void *workbook, void *head_format, json_t *rep)
{
	lxw_workbook *wb = workbook;
	lxw_format *head = head_format;
	lxw_worksheet *ws;
	json_t *s = json_object_get(rep, "supplies"), *v, *cash;
	size_t i;
	lxw_row_t row;
	unsigned top;
	static const char *const cols[] = {"物资", "单位", "累计收到", "累计发放", "报损", "库存"};
	static const char *const keys[] = {"received", "issued", "written_off", "in_stock"};
	int c;

	if (s == NULL)
		return;
	ws = export_sheet(wb, "物资", rep, &top);
	worksheet_write_string(ws, top, 0,
			       json_string_value(json_object_get(json_object_get(s, "sentence"), "zh")),
			       NULL);
	for (c = 0; c < 6; c++)
		worksheet_write_string(ws, top + 2, (lxw_col_t)c, cols[c], head);
	row = top + 3;
	json_array_foreach(json_object_get(s, "items"), i, v) {
		worksheet_write_string(ws, row, 0, json_string_value(json_object_get(v, "name")), NULL);
		worksheet_write_string(ws, row, 1, json_string_value(json_object_get(v, "unit")), NULL);
		for (c = 0; c < 4; c++)
			worksheet_write_number(ws, row, (lxw_col_t)(2 + c),
					       (double)json_integer_value(json_object_get(v, keys[c])), NULL);
		row++;
	}
	cash = json_object_get(s, "cash");
	worksheet_write_string(ws, row, 0, "现金（元）", head);
	worksheet_write_number(ws, row, 2, (double)json_integer_value(json_object_get(cash, "received")) / 100, NULL);
	worksheet_write_number(ws, row, 3, (double)json_integer_value(json_object_get(cash, "spent")) / 100, NULL);
	worksheet_write_number(ws, row, 5, (double)json_integer_value(json_object_get(cash, "balance")) / 100, NULL);
	row += 2;
	worksheet_write_string(ws, row++, 0, "低于预警线", head);
	json_array_foreach(json_object_get(s, "low_stock"), i, v) {
		worksheet_write_string(ws, row, 0, json_string_value(json_object_get(v, "store")), NULL);
		worksheet_write_string(ws, row, 1, json_string_value(json_object_get(v, "name")), NULL);
		worksheet_write_number(ws, row, 2, (double)json_integer_value(json_object_get(v, "quantity")), NULL);
		worksheet_write_number(ws, row, 3, (double)json_integer_value(json_object_get(v, "low_stock")), NULL);
		row++;
	}
	worksheet_set_column(ws, 0, 0, 16, NULL);
}
