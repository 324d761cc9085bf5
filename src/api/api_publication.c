/* api_publication.c: the public disclosure (公示) of donations and their use, as CSV and as an xlsx workbook; login-free like the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "supply.h"
#include "supply_api.h"

/*
 * The rows of the disclosure, each with the item's words.  These are the
 * same rows as GET /public/donations: anonymous donors are 爱心人士 before
 * they leave the database, and issues are summed per village or post.
 */
struct pub {
	struct public_row *don, *rcv, *iss;
	int ndon, nrcv, niss;
	struct item *items;
	int nitems;
	json_t *fig; /* the figures of every store: the sentence */
};

static int
pub_load(struct req *r, struct pub *p)
{
	int rc;

	if ((rc = db_public(r->db, r->arena, PUBLIC_DONATIONS, &p->don, &p->ndon)) ||
	    (rc = db_public(r->db, r->arena, PUBLIC_RECEIVED, &p->rcv, &p->nrcv)) ||
	    (rc = db_public(r->db, r->arena, PUBLIC_ISSUED, &p->iss, &p->niss)) ||
	    (rc = db_item_list(r->db, r->arena, &p->items, &p->nitems)))
		return rc;
	return supply_figures(r, "", NULL, false, &p->fig);
}

static const struct item *
pub_item(const struct pub *p, const char *key)
{
	static const struct item none = {0, "", "", "", "", 1, 0, "", "", ""};
	int i;

	for (i = 0; i < p->nitems; i++)
		if (strcmp(p->items[i].key, key) == 0)
			return &p->items[i];
	return &none;
}

/* Cash travels in fen; the public reads yuan. */
static double
amount(const char *key, int64_t q)
{
	return strcmp(key, "cash") == 0 ? (double)q / 100.0 : (double)q;
}

static const char *
unit_of(const struct item *it)
{
	return strcmp(it->key, "cash") == 0 ? "元" : it->unit;
}

static void
csv_row(struct buf *b, const char *what, const char *date, const char *who, const struct item *it,
	int64_t q)
{
	char n[40];

	if (strcmp(it->key, "cash") == 0)
		snprintf(n, sizeof(n), "%lld.%02lld", (long long)(q / 100), (long long)llabs(q % 100));
	else
		snprintf(n, sizeof(n), "%lld", (long long)q);
	csv_cell(b, what, false);
	csv_cell(b, date, false);
	csv_cell(b, who, false);
	csv_cell(b, it->name, false);
	csv_cell(b, n, false);
	csv_cell(b, unit_of(it), true);
}

static int
export_csv(struct req *r, struct resp *rs, const struct pub *p)
{
	struct buf b = {0};
	int i;

	buf_adds(&b, "\xEF\xBB\xBF"); /* Excel in China reads UTF-8 only after a BOM */
	buf_adds(&b, "类别,日期,捐赠人/去向,物资,数量,单位\r\n");
	for (i = 0; i < p->ndon; i++)
		csv_row(&b, "捐赠", p->don[i].a, p->don[i].b, pub_item(p, p->don[i].c), p->don[i].quantity);
	for (i = 0; i < p->nrcv; i++)
		csv_row(&b, "累计收到", "", "", pub_item(p, p->rcv[i].a), p->rcv[i].quantity);
	for (i = 0; i < p->niss; i++)
		csv_row(&b, "发放", "", p->iss[i].a, pub_item(p, p->iss[i].b), p->iss[i].quantity);
	return api_csv_answer(r, rs, &b, "donations.csv");
}

static int
export_xlsx(struct req *r, struct resp *rs, const struct pub *p)
{
	char path[] = "/tmp/fangyi-public-XXXXXX", *town = NULL, *x;
	int fd = mkstemp(path), i, j, rc;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	size_t n;

	if (fd < 0)
		return fault_set(&r->fault, ERR_IO, "", "无法建立临时文件", "cannot create a temporary file");
	close(fd);
	town = (char *)api_town_name(r, NULL); /* every store of the database is disclosed */
	wb = workbook_new(path);
	head = workbook_add_format(wb);
	format_set_bold(head);

	/* 捐赠明细: every donation line, by donor and date */
	ws = workbook_add_worksheet(wb, "捐赠明细");
	worksheet_write_string(ws, 0, 0, "日期", head);
	worksheet_write_string(ws, 0, 1, "捐赠人", head);
	worksheet_write_string(ws, 0, 2, "物资", head);
	worksheet_write_string(ws, 0, 3, "数量", head);
	worksheet_write_string(ws, 0, 4, "单位", head);
	for (i = 0; i < p->ndon; i++) {
		const struct item *it = pub_item(p, p->don[i].c);

		worksheet_write_string(ws, (lxw_row_t)(1 + i), 0, p->don[i].a, NULL);
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 1, p->don[i].b, NULL);
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 2, it->name, NULL);
		worksheet_write_number(ws, (lxw_row_t)(1 + i), 3, amount(it->key, p->don[i].quantity), NULL);
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 4, unit_of(it), NULL);
	}
	worksheet_set_column(ws, 0, 2, 16, NULL);

	/* 物资合计: received and issued per item, and the sentence */
	ws = workbook_add_worksheet(wb, "物资合计");
	worksheet_write_string(ws, 0, 0, "物资", head);
	worksheet_write_string(ws, 0, 1, "单位", head);
	worksheet_write_string(ws, 0, 2, "累计收到", head);
	worksheet_write_string(ws, 0, 3, "累计发放", head);
	for (i = 0; i < p->nrcv; i++) {
		const struct item *it = pub_item(p, p->rcv[i].a);
		int64_t out = 0;

		for (j = 0; j < p->niss; j++)
			if (strcmp(p->iss[j].b, it->key) == 0)
				out += p->iss[j].quantity;
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 0, it->name, NULL);
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 1, unit_of(it), NULL);
		worksheet_write_number(ws, (lxw_row_t)(1 + i), 2, amount(it->key, p->rcv[i].quantity), NULL);
		worksheet_write_number(ws, (lxw_row_t)(1 + i), 3, amount(it->key, out), NULL);
	}
	/* the page's sentence, word for word */
	worksheet_write_string(ws, (lxw_row_t)(p->nrcv + 2), 0,
			       json_string_value(json_object_get(json_object_get(p->fig, "sentence"), "zh")), NULL);
	worksheet_write_string(ws, (lxw_row_t)(p->nrcv + 3), 0,
			       json_string_value(json_object_get(json_object_get(p->fig, "sentence"), "en")), NULL);
	worksheet_set_column(ws, 0, 0, 16, NULL);

	/* 发放去向: per village or post, never per person */
	ws = workbook_add_worksheet(wb, "发放去向");
	worksheet_write_string(ws, 0, 0, "去向", head);
	worksheet_write_string(ws, 0, 1, "物资", head);
	worksheet_write_string(ws, 0, 2, "数量", head);
	worksheet_write_string(ws, 0, 3, "单位", head);
	for (i = 0; i < p->niss; i++) {
		const struct item *it = pub_item(p, p->iss[i].b);

		worksheet_write_string(ws, (lxw_row_t)(1 + i), 0, p->iss[i].a, NULL);
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 1, it->name, NULL);
		worksheet_write_number(ws, (lxw_row_t)(1 + i), 2, amount(it->key, p->iss[i].quantity), NULL);
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 3, unit_of(it), NULL);
	}
	worksheet_set_column(ws, 0, 1, 16, NULL);
	xlsx_fit_columns(wb, NULL);
	if (town)
		workbook_set_properties(wb, &(lxw_doc_properties){.title = town, .subject = "爱心捐赠公示"});
	if ((rc = xlsx_close(wb, path, r->arena, &x, &n, &r->fault)))
		return rc;
	rs->body = x;
	rs->bodylen = n;
	rs->status = 200;
	rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	rs->disposition = "attachment; filename=\"donations.xlsx\"";
	return 0;
}

/*
 * The disclosure holds no personal data (that is what makes it public), so
 * its exports are not written to the audit log: anyone may fetch them, and
 * an audit row per anonymous download would only let strangers fill the log.
 */
int
api_public_export(struct req *r, struct resp *rs)
{
	const char *format = req_query(r, "format");
	struct pub p;
	int rc;

	if (format && *format && strcmp(format, "csv") && strcmp(format, "xlsx"))
		return fault_set(&r->fault, ERR_INVALID, "format", "format 应为 csv 或 xlsx",
				 "format must be csv or xlsx");
	if ((rc = pub_load(r, &p)))
		return rc;
	rc = format && strcmp(format, "xlsx") == 0 ? export_xlsx(r, rs, &p) : export_csv(r, rs, &p);
	json_decref(p.fig);
	return rc;
}
