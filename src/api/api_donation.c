/* api_donation.c: donations as recorded (list, one with its lines) and the printable donation receipt (捐赠收据). */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "mask.h"
#include "supply.h"
#include "supply_api.h"
#include "svc_supply.h"
#include "text.h"

static const char *
kind_zh(const char *kind)
{
	return strcmp(kind, "person") == 0	  ? "个人"
	       : strcmp(kind, "company") == 0	  ? "企业"
	       : strcmp(kind, "organisation") == 0 ? "组织"
						  : kind;
}

static json_t *
donation_json(struct req *r, const struct donation *d)
{
	struct donation_line *l;
	int n = 0, i;
	int64_t cash = 0;
	char contact[32];
	json_t *lines = json_array();

	if (db_donation_lines(r->db, r->arena, d->id, &l, &n))
		n = 0;
	for (i = 0; i < n; i++) {
		json_array_append_new(lines, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:o}",
						       "entry_id", (json_int_t)l[i].entry_id, "item",
						       l[i].item, "name", l[i].name, "unit", l[i].unit,
						       "pack_name", l[i].pack_name, "pack_size",
						       (json_int_t)l[i].pack_size, "quantity",
						       (json_int_t)l[i].quantity, "reversed_by",
						       l[i].reversed_by ? json_integer(l[i].reversed_by)
									: json_null()));
		if (strcmp(l[i].item, "cash") == 0 && l[i].reversed_by == 0)
			cash += l[i].quantity;
	}
	/* a donor's contact is often a mobile number: masked like any other phone */
	mask_phone(d->donor_contact, contact);
	return json_pack("{s:I, s:s, s:{s:s, s:s, s:s}, s:b, s:s, s:I, s:s, s:o, s:s, s:s, s:I, "
			 "s:o, s:I}",
			 "id", (json_int_t)d->id, "receipt_no", d->receipt_no, "donor", "name",
			 d->donor_name, "kind", d->donor_kind, "contact", contact, "anonymous",
			 d->anonymous, "date", d->date, "store_id", (json_int_t)d->store_id,
			 "store_name", d->store_name, "designated_area_code",
			 *d->designated ? json_string(d->designated) : json_null(), "designated_name",
			 d->designated_name, "received_by",
			 *d->received_by ? d->received_by : d->received_by_username, "created_at",
			 (json_int_t)d->created_at, "lines", lines, "cash", (json_int_t)cash);
}

int
api_donation_list(struct req *r, struct resp *rs)
{
	struct donation *v;
	int n, i, rc, limit, offset;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_donation_page(r->db, r->arena, r->scope, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, donation_json(r, &v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

/* The donation of the path, inside the user's area (404 otherwise). */
static int
donation_of(struct req *r, struct donation *ret)
{
	struct svc s;

	return svc_supply_donation_get(api_svc(r, &s), req_param_id(r, 0), ret);
}

int
api_donation_get(struct req *r, struct resp *rs)
{
	struct donation d;
	int rc;

	if ((rc = donation_of(r, &d)))
		return rc;
	return resp_json(rs, 200, donation_json(r, &d));
}

/* "3000只（60盒）": the packagings when the quantity fills whole ones */
static void
quantity_words(struct buf *b, const struct donation_line *l)
{
	buf_addf(b, "%lld", (long long)l->quantity);
	text_html_escape(b, l->unit);
	if (l->pack_size > 1 && *l->pack_name && l->quantity >= l->pack_size) {
		buf_addf(b, "（%lld", (long long)(l->quantity / l->pack_size));
		text_html_escape(b, l->pack_name);
		if (l->quantity % l->pack_size)
			buf_addf(b, "余");
		buf_adds(b, "）");
	}
}

int
api_donation_receipt(struct req *r, struct resp *rs)
{
	struct donation d;
	struct donation_line *l;
	struct buf b = {0};
	char *town = NULL;
	int n = 0, i, rc, row = 0;
	int64_t cash = 0;

	if ((rc = donation_of(r, &d)) || (rc = db_donation_lines(r->db, r->arena, d.id, &l, &n)))
		return rc;
	/* the receipt is given by the town of the store that received the gift */
	town = (char *)api_town_name(r, d.store_area);
	buf_adds(&b, "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		     "<title>捐赠收据</title><style>"
		     "@page{size:A4;margin:20mm}body{font-family:'Noto Serif CJK SC',serif;font-size:13pt;"
		     "line-height:1.8}h1{text-align:center;font-size:22pt;letter-spacing:.5em;margin-bottom:0}"
		     ".no{text-align:right;font-family:monospace}table{border-collapse:collapse;width:100%}"
		     "th,td{border:1px solid #000;padding:4px 8px}th{background:#f2f2f2}"
		     "td.n{text-align:right}.void{text-decoration:line-through;color:#777}"
		     ".sign{margin-top:2.5em;display:flex;justify-content:space-between}"
		     ".stamp{text-align:right;margin-top:2em}</style></head><body><h1>");
	text_html_escape(&b, town ? town : "");
	buf_adds(&b, "捐赠收据</h1><p class=\"no\">No. <span id=\"receipt-no\">");
	text_html_escape(&b, d.receipt_no);
	buf_adds(&b, "</span></p><p>今收到 <b id=\"donor\">");
	text_html_escape(&b, d.donor_name);
	buf_adds(&b, "</b>（");
	text_html_escape(&b, kind_zh(d.donor_kind));
	buf_adds(&b, "）捐赠的以下防疫物资");
	if (*d.designated_name) {
		buf_adds(&b, "，定向捐赠给 <b>");
		text_html_escape(&b, d.designated_name);
		buf_adds(&b, "</b>");
	}
	if (d.anonymous)
		buf_adds(&b, "（捐赠人要求公示时不具名，公示为“爱心人士”）");
	buf_adds(&b, "：</p><table><tr><th>序号</th><th>物资</th><th>数量</th><th>备注</th></tr>");
	for (i = 0; i < n; i++) {
		bool is_cash = strcmp(l[i].item, "cash") == 0;

		buf_addf(&b, "<tr%s><td>%d</td><td>", l[i].reversed_by ? " class=\"void\"" : "", ++row);
		text_html_escape(&b, l[i].name);
		buf_adds(&b, "</td><td class=\"n\">");
		if (is_cash) {
			buf_adds(&b, "¥");
			supply_yuan(&b, l[i].quantity);
			buf_adds(&b, " 元");
		} else
			quantity_words(&b, &l[i]);
		buf_adds(&b, "</td><td>");
		if (l[i].reversed_by)
			buf_addf(&b, "已冲销（台账 #%lld）", (long long)l[i].reversed_by);
		else if (is_cash) {
			buf_adds(&b, "大写：");
			supply_capital(&b, l[i].quantity);
			cash += l[i].quantity;
		}
		buf_adds(&b, "</td></tr>");
	}
	buf_adds(&b, "</table>");
	if (cash > 0) {
		buf_adds(&b, "<p>现金合计：人民币（大写）<b id=\"capital\">");
		supply_capital(&b, cash);
		buf_adds(&b, "</b>　（小写）¥<span id=\"yuan\">");
		supply_yuan(&b, cash);
		buf_adds(&b, "</span></p>");
	}
	buf_adds(&b, "<p>接收仓库：");
	text_html_escape(&b, d.store_name);
	buf_adds(&b, "　捐赠日期：");
	text_html_escape(&b, d.date);
	buf_adds(&b, "</p><p>您的爱心将全部用于疫情防控一线，物资去向在“爱心捐赠公示”中公开，欢迎监督。"
		     "</p><div class=\"sign\"><span>经手人（收款人）：<b id=\"received-by\">");
	text_html_escape(&b, *d.received_by ? d.received_by : d.received_by_username);
	buf_adds(&b, "</b></span><span>捐赠人签字：__________</span></div><p class=\"stamp\">");
	text_html_escape(&b, town ? town : "");
	buf_adds(&b, "新型冠状病毒感染的肺炎疫情防控指挥部（盖章）<br>");
	text_html_escape(&b, d.date);
	buf_adds(&b, "</p></body></html>");
	rs->status = 200;
	rs->body = arena_strndup(r->arena, b.p, b.len);
	rs->bodylen = b.len;
	rs->ctype = "text/html; charset=utf-8";
	buf_free(&b);
	return 0;
}
