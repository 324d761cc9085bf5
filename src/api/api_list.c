/* api_list.c: lists from higher authorities: received, matched in the background, decided by a
 * clerk, and returned to the district. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "api.h"
#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "idnum.h"
#include "mask.h"
#include "phone.h"
#include "role.h"
#include "sheet.h"
#include "svc_list.h"
#include "text.h"

#define EXPORT_CHUNK 2000

static json_t *
counts_json(const struct list_batch *b)
{
	json_t *o = json_object();
	int c;

	for (c = 0; c < MATCH__MAX; c++)
		json_object_set_new(o, match_class_word(c), json_integer(b->n[c]));
	return o;
}

static json_t *
batch_json(const struct list_batch *b)
{
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:I, s:I, s:I, s:s, s:I}",
	    "id", (json_int_t)b->id, "name", b->name, "source", b->source, "received_on", b->received_on,
	    "high_risk", b->high_risk, "area_code", b->area_code, "area_name", b->area_name, "kind",
	    b->kind, "status", b->status, "error", b->error, "rows_total", (json_int_t)b->rows_total,
	    "rows_done", (json_int_t)b->rows_done, "counts", counts_json(b), "seen_before",
	    (json_int_t)b->seen_before, "tasks", (json_int_t)b->tasks, "registered",
	    (json_int_t)b->registered, "received_by", b->username, "created_at",
	    (json_int_t)b->created_at);

	json_object_set_new(o, "finished_at", b->finished_at ? json_integer(b->finished_at) : json_null());
	return o;
}

/* A cell that holds an ID number or a phone is shown masked, like every number of a resident,
 * and the birth date not at all: beside the masked ID it would give the number back. */
static json_t *
cells_json(struct arena *a, const char *cells, const char *birth)
{
	json_t *arr = json_array();
	const char *p = cells ? cells : "";

	for (;;) {
		const char *tab = strchr(p, '\t');
		size_t n = tab ? (size_t)(tab - p) : strlen(p);
		char *cell = arena_strndup(a, p, n), *sq = text_squeeze(a, cell), m[32], ph[12];
		size_t digits = strspn(sq, "0123456789");
		struct idnum id;

		if (birth && *birth && *sq && strcmp(sheet_date_text(a, cell), birth) == 0) {
			cell = "****-**-**";
		} else if (idnum_parse(sq, &id, NULL) == 0 || (digits >= 15 && digits + 1 >= strlen(sq))) {
			/* a valid number, or one that only looks like one (a wrong check character) */
			mask_idnum(sq, m);
			cell = arena_strdup(a, m);
		} else if (phone_parse(sq, ph, NULL) == 0 || (digits >= 7 && digits == strlen(sq))) {
			mask_phone(digits == strlen(sq) ? sq : ph, m);
			cell = arena_strdup(a, m);
		}
		json_array_append_new(arr, json_string(cell));
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return arr;
}

static json_t *
candidates_json(struct req *r, const char *cands)
{
	json_t *arr = json_array();
	const char *p = cands;

	while (p && *p) {
		char *end, m[32];
		long long id = strtoll(p, &end, 10);
		const char *comma = strchr(p, ',');
		struct person ps;

		if (*end != ':')
			break;
		if (db_person_get(r->db, r->arena, id, &ps) == 0 && api_in_scope(r, ps.area_code)) {
			json_t *o = json_pack("{s:I, s:s, s:s%}", "person_id", (json_int_t)id, "name",
					      ps.name, "reason", end + 1,
					      comma ? (size_t)(comma - end - 1) : strlen(end + 1));

			mask_idnum(ps.id_number ? ps.id_number : "", m);
			json_object_set_new(o, "id_number", ps.id_number ? json_string(m) : json_null());
			mask_phone(ps.phone ? ps.phone : "", m);
			json_object_set_new(o, "phone", ps.phone ? json_string(m) : json_null());
			json_object_set_new(o, "area_code", json_string(ps.area_code));
			json_object_set_new(o, "area_name", json_string(ps.area_name ? ps.area_name : ""));
			api_area_labelled(o, ps.village_name, ps.area_name);
			json_array_append_new(arr, o);
		}
		p = comma ? comma + 1 : NULL;
	}
	return arr;
}

static json_t *
row_json(struct req *r, const struct list_row *x)
{
	char idm[32], phm[32];
	json_t *o;

	mask_idnum(x->id_number ? x->id_number : "", idm);
	mask_phone(x->phone ? x->phone : "", phm);
	o = json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)x->id,
		      "line", x->line, "name", x->name, "class", x->cls, "reason", x->reason,
		      "area_code", x->area_code, "area_name", x->area_name, "decision", x->decision,
		      "cells", cells_json(r->arena, x->cells, x->birth_date));
	api_area_labelled(o, x->village_name, x->area_name);
	json_object_set_new(o, "id_number", x->id_number ? json_string(idm) : json_null());
	json_object_set_new(o, "phone", x->phone ? json_string(phm) : json_null());
	json_object_set_new(o, "arrived_on", x->arrived_on ? json_string(x->arrived_on) : json_null());
	json_object_set_new(o, "left_on", x->left_on ? json_string(x->left_on) : json_null());
	json_object_set_new(o, "origin", json_string(x->origin));
	json_object_set_new(o, "note", json_string(x->note));
	json_object_set_new(o, "person",
			    x->person_id ? json_pack("{s:I, s:s}", "id", (json_int_t)x->person_id, "name",
						     x->person_name ? x->person_name : "")
					 : json_null());
	json_object_set_new(o, "key_person_id", x->key_person_id ? json_integer(x->key_person_id) : json_null());
	json_object_set_new(o, "task_id", x->task_id ? json_integer(x->task_id) : json_null());
	json_object_set_new(o, "first_line", x->first_line ? json_integer(x->first_line) : json_null());
	json_object_set_new(o, "candidates", candidates_json(r, x->candidates));
	json_object_set_new(o, "more_candidates", json_boolean(x->more_candidates));
	json_object_set_new(o, "fault",
			    x->fault_field && *x->fault_field
				    ? json_pack("{s:s, s:s, s:s}", "field", x->fault_field, "message",
						x->fault_zh, "message_en", x->fault_en)
				    : json_null());
	return o;
}

static json_t *
sheets_json(char **names, int n)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

static bool
query_flag(struct req *r, const char *key)
{
	const char *v = req_query(r, key);

	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

int
api_list_create(struct req *r, struct resp *rs)
{
	struct svc_list_in in = {0};
	struct svc_list_file *f;
	struct list_batch b;
	struct arena *fa;
	struct svc s;
	bool existing;
	int rc;

	if (r->body == NULL || r->bodylen == 0)
		return fault_set(&r->fault, ERR_INVALID, "body", "请上传名单文件（.xlsx、.xls 或 CSV）",
				 "send the list (.xlsx, .xls or CSV) as the request body");
	in.name = req_query(r, "name");
	in.source = req_query(r, "source");
	in.received_on = req_query(r, "received_on");
	if (in.received_on && *in.received_on == '\0')
		in.received_on = NULL;
	in.high_risk = query_flag(r, "high_risk");
	/* the file's rows outlive the request: they go to the job with their own arena */
	if ((fa = arena_new()) == NULL)
		return ERR_NOMEM;
	api_svc(r, &s);
	s.arena = fa;
	f = arena_alloc(fa, sizeof(*f));
	if ((rc = svc_list_read(&s, r->body, r->bodylen, req_query(r, "sheet"), f)))
		goto fail;
	if (query_flag(r, "dry_run")) {
		struct svc_list_summary sum;
		json_t *o;
		int c;

		if ((rc = svc_list_dry(&s, f, &sum)))
			goto fail;
		o = json_pack("{s:b, s:s, s:I, s:I}", "dry_run", 1, "kind", f->kind, "rows",
			      (json_int_t)sum.rows, "records", (json_int_t)sum.records);
		/* the workbook's sheets, so the upload form can offer the others */
		json_object_set_new(o, "sheet", f->sheet ? json_string(f->sheet) : json_null());
		json_object_set_new(o, "sheets", sheets_json(f->sheets, f->nsheets));
		for (c = 0; c < MATCH__MAX; c++)
			json_object_set_new(o, match_class_word(c), json_integer((json_int_t)sum.n[c]));
		arena_free(fa);
		return resp_json(rs, 200, o);
	}
	if (svc_list_jobs() >= 2) {
		rc = fault_set(&r->fault, ERR_THROTTLED, "file", "已有名单正在比对，请几分钟后再上传",
			       "other lists are being matched: send this one again in a few minutes");
		goto fail;
	}
	if ((rc = dbc_begin(r->db)) || (rc = svc_list_create(&s, &in, f, &b, &existing)) ||
	    (rc = dbc_commit(r->db)))
		goto fail;
	if (existing) {
		json_t *o = batch_json(&b);

		json_object_set_new(o, "existing", json_true());
		arena_free(fa);
		return resp_json(rs, 200, o);
	}
	if ((rc = svc_list_start(r->app->db, &s, b.id, f, fa))) {
		(void)db_list_set_status(r->db, b.id, "failed", s.fault->en, b.rows_total);
		return rc;
	}
	if ((rc = db_list_get(r->db, r->arena, b.id, &b)))
		return rc;
	return resp_json(rs, 202, batch_json(&b));
fail:
	if (r->fault.en[0] == '\0' && s.fault && s.fault != &r->fault)
		r->fault = *s.fault;
	arena_free(fa);
	return rc;
}

int
api_list_list(struct req *r, struct resp *rs)
{
	struct list_batch *v;
	struct svc s;
	int n, i, rc, limit, offset;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = svc_list_list(api_svc(r, &s), limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, batch_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

int
api_list_get(struct req *r, struct resp *rs)
{
	struct list_batch b;
	struct list_area_n *ar;
	struct svc s;
	int n, i, rc;
	json_t *o, *areas;

	if ((rc = svc_list_get(api_svc(r, &s), req_param_id(r, 0), &b, &ar, &n)))
		return rc;
	o = batch_json(&b);
	areas = json_array();
	/* one entry per area, its classes' counts together */
	for (i = 0; i < n;) {
		json_t *a = json_pack("{s:s, s:s, s:o, s:i}", "area_code", ar[i].area_code, "area_name",
				      ar[i].area_name, "counts", json_object(), "rows", 0);
		json_int_t rows = 0;
		int j;

		for (j = i; j < n && strcmp(ar[j].area_code, ar[i].area_code) == 0; j++) {
			json_object_set_new(json_object_get(a, "counts"), ar[j].cls, json_integer(ar[j].n));
			rows += ar[j].n;
		}
		json_object_set_new(a, "rows", json_integer(rows));
		json_array_append_new(areas, a);
		i = j;
	}
	json_object_set_new(o, "areas", areas);
	return resp_json(rs, 200, o);
}

int
api_list_rows(struct req *r, struct resp *rs)
{
	const char *cls = req_query(r, "class"), *area = req_query(r, "area_code"),
		   *after = req_query(r, "after");
	struct list_row *v;
	struct svc s;
	int n, i, rc, limit, offset;
	json_t *items, *o;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (after && (strspn(after, "0123456789") != strlen(after) || strlen(after) > 9))
		return fault_set(&r->fault, ERR_INVALID, "after", "after 须是行号", "after must be a line number");
	if ((rc = svc_list_rows(api_svc(r, &s), req_param_id(r, 0), cls, area, after ? atoi(after) : 0,
				limit, &v, &n)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, row_json(r, &v[i]));
	o = json_pack("{s:o}", "items", items);
	/* the next page starts after the last line shown */
	json_object_set_new(o, "next_after", n == limit && n > 0 ? json_integer(v[n - 1].line) : json_null());
	return resp_json(rs, 200, o);
}

static int
decide(struct req *r, struct resp *rs, bool confirm)
{
	static const char *const fields[] = {"person_id", NULL};
	struct list_row x;
	struct svc s;
	int64_t person = 0;
	int rc;

	if ((rc = api_only(r, fields)) ||
	    (confirm && (rc = api_int(r, "person_id", true, 1, INT64_MAX, &person))))
		return rc;
	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_list_decide(api_svc(r, &s), req_param_id(r, 0), req_param_id(r, 1), person, &x)))
		return rc;
	return api_commit_json(r, rs, 200, row_json(r, &x));
}

int
api_list_confirm(struct req *r, struct resp *rs)
{
	return decide(r, rs, true);
}

int
api_list_reject(struct req *r, struct resp *rs)
{
	return decide(r, rs, false);
}

/* The body of a search task, one row's or every row's. */
static int
search_in(struct req *r, struct svc_list_search_in *in)
{
	static const char *const fields[] = {"area_code", "owner_id", "deadline", NULL};
	int rc;

	memset(in, 0, sizeof(*in));
	if ((rc = api_only(r, fields)) || (rc = api_code(r, "area_code", 20, false, &in->area_code)) ||
	    (rc = api_int(r, "owner_id", false, 1, INT64_MAX, &in->owner_id)) ||
	    (rc = api_int(r, "deadline", false, 1, INT64_MAX, &in->deadline)))
		return rc;
	return 0;
}

int
api_list_search_task(struct req *r, struct resp *rs)
{
	struct svc_list_search_in in;
	struct list_row x;
	struct svc s;
	bool existing;
	json_t *o;
	int rc;

	if ((rc = search_in(r, &in)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_list_search_task(api_svc(r, &s), req_param_id(r, 0), req_param_id(r, 1), &in,
				       &x, &existing)))
		return rc;
	o = row_json(r, &x);
	json_object_set_new(o, "existing", json_boolean(existing));
	return api_commit_json(r, rs, existing ? 200 : 201, o);
}

int
api_list_search_tasks(struct req *r, struct resp *rs)
{
	struct svc_list_search_in in;
	struct svc_list_search_all n;
	struct svc s;
	int rc;

	if ((rc = search_in(r, &in)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_list_search_tasks(api_svc(r, &s), req_param_id(r, 0), &in, &n)))
		return rc;
	return api_commit_json(r, rs, 200,
			       json_pack("{s:I, s:I, s:I, s:I, s:I}", "rows", (json_int_t)n.rows, "tasks",
					 (json_int_t)n.tasks, "existing", (json_int_t)n.existing,
					 "no_place", (json_int_t)n.no_place, "left", (json_int_t)n.left));
}

int
api_list_undo(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"reason", NULL};
	struct svc_list_undone was;
	struct list_row x;
	const char *reason = NULL;
	struct svc s;
	json_t *o, *u;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "reason", 500, true, &reason)) ||
	    (rc = dbc_begin(r->db)) ||
	    (rc = svc_list_undo(api_svc(r, &s), req_param_id(r, 0), req_param_id(r, 1), reason, &x,
				&was)))
		return rc;
	o = row_json(r, &x);
	u = json_pack("{s:s, s:s}", "class", was.cls, "decision", was.decision);
	json_object_set_new(u, "task_id", was.task_id ? json_integer(was.task_id) : json_null());
	json_object_set_new(u, "key_person_id",
			    was.key_person_id ? json_integer(was.key_person_id) : json_null());
	/* what stays, in the clerk's words: the task's owner closes it, it is not taken away */
	if (was.task_id && strcmp(was.cls, "not_found") == 0)
		json_object_set_new(u, "message", json_sprintf("已撤销。查找任务 #%lld 仍保留，由其负责人关闭。", (long long)was.task_id));
	else if (was.task_id)
		json_object_set_new(u, "message", json_sprintf("已撤销。核查任务 #%lld 仍保留，由其负责人核实后关闭。", (long long)was.task_id));
	else if (was.key_person_id)
		json_object_set_new(u, "message", json_sprintf("已撤销。重点人员记录 #%lld 仍保留，如需解除请在其页面办理。", (long long)was.key_person_id));
	else
		json_object_set_new(u, "message", json_string("已撤销，这一行重新等待核实。"));
	if (was.task_id)
		json_object_set_new(u, "message_en", json_sprintf("Undone. Task #%lld that it led to stays open: its owner closes it.", (long long)was.task_id));
	else if (was.key_person_id)
		json_object_set_new(u, "message_en", json_sprintf("Undone. Key person record #%lld stays: release it on its page if need be.", (long long)was.key_person_id));
	else
		json_object_set_new(u, "message_en", json_string("Undone: the row waits for a decision again."));
	json_object_set_new(o, "undone", u);
	return api_commit_json(r, rs, 200, o);
}

/* ----- the return file ----- */

static const char *const export_head[] = {"行号", "姓名", "身份证号", "手机号", "比对结果", "依据",
					  "村/社区", "处理", "说明", NULL};

/* One row of the return file as cells, numbers masked unless full. */
static void
export_cells(struct arena *a, const struct list_row *x, bool full, const char *cells[9])
{
	char m[32];

	cells[0] = arena_printf(a, "%d", x->line);
	cells[1] = x->name;
	if (x->id_number && !full) {
		mask_idnum(x->id_number, m);
		cells[2] = arena_strdup(a, m);
	} else {
		cells[2] = x->id_number ? x->id_number : "";
	}
	if (x->phone && !full) {
		mask_phone(x->phone, m);
		cells[3] = arena_strdup(a, m);
	} else {
		cells[3] = x->phone ? x->phone : "";
	}
	cells[4] = svc_list_class_zh(x->cls);
	cells[5] = svc_list_reason_zh(x->reason);
	cells[6] = x->person_id ? arena_printf(a, "%s%s", x->village_name, x->area_name) : "";
	cells[7] = x->key_person_id   ? (strcmp(x->cls, "already_watched") == 0 ? "已在健康监测中" : "已登记为重点人员")
		   : x->task_id && strcmp(x->cls, "not_found") == 0
		       ? arena_printf(a, "已派查找任务 #%lld", (long long)x->task_id)
		   : x->task_id       ? arena_printf(a, "已派发核查任务 #%lld", (long long)x->task_id)
		   : x->first_line    ? arena_printf(a, "与第 %d 行为同一人", x->first_line)
		   : strcmp(x->cls, "not_found") == 0 ? "请上级核实去向"
		   : "";
	cells[8] = x->fault_zh && *x->fault_zh ? x->fault_zh : "";
}

int
api_list_export(struct req *r, struct resp *rs)
{
	const char *format = req_query(r, "format");
	bool xlsx = format == NULL || strcmp(format, "xlsx") == 0, full = query_flag(r, "full");
	char path[] = "/tmp/fangyi-list-XXXXXX";
	struct export_mark m;
	struct list_batch b;
	struct list_area_n *ar;
	struct buf csv = {0};
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws = NULL;
	lxw_format *head = NULL;
	unsigned top = 0;
	struct svc s;
	int nar, n, i, j, rc, after = 0;
	int64_t rows = 0;

	if (format && !xlsx && strcmp(format, "csv") != 0)
		return fault_set(&r->fault, ERR_INVALID, "format", "format 须是 xlsx 或 csv",
				 "format must be xlsx or csv");
	if (full && !(r->perms & PERM_PERSON_REVEAL))
		return fault_set(&r->fault, ERR_DENIED, "full", "您的角色不能导出完整号码",
				 "your role cannot export the numbers in full");
	if ((rc = svc_list_get(api_svc(r, &s), req_param_id(r, 0), &b, &ar, &nar)))
		return rc;
	export_mark_init(r, &m);
	if (xlsx) {
		int fd = mkstemp(path);

		if (fd < 0)
			return fault_set(&r->fault, ERR_IO, "", "无法建立临时文件", "cannot create a temporary file");
		close(fd);
		wb = workbook_new(path);
		head = workbook_add_format(wb);
		format_set_bold(head);
		ws = workbook_add_worksheet(wb, "比对结果");
		top = export_mark_sheet(ws, m.line);
		for (j = 0; export_head[j]; j++)
			worksheet_write_string(ws, (lxw_row_t)top, (lxw_col_t)j, export_head[j], head);
	} else {
		buf_adds(&csv, "\xef\xbb\xbf");
		export_mark_csv(&csv, &m);
		for (j = 0; export_head[j]; j++)
			csv_cell(&csv, export_head[j], export_head[j + 1] == NULL);
	}
	for (;;) {
		struct list_row *v;

		if ((rc = svc_list_rows(&s, b.id, "", "", after, EXPORT_CHUNK, &v, &n)))
			break;
		for (i = 0; i < n; i++) {
			const char *cells[9];

			export_cells(r->arena, &v[i], full, cells);
			for (j = 0; j < 9; j++)
				if (xlsx)
					worksheet_write_string(ws, (lxw_row_t)(top + 1 + rows), (lxw_col_t)j,
							       cells[j], NULL);
				else
					csv_cell(&csv, cells[j], j == 8);
			rows++;
		}
		if (n < EXPORT_CHUNK)
			break;
		after = v[n - 1].line;
	}
	if (rc == 0)
		rc = export_mark_audit(r, &m, "list", b.id, b.area_code,
				       arena_printf(r->arena, "list %s: %lld rows%s", xlsx ? "xlsx" : "csv",
						    (long long)rows, full ? ", numbers in full" : ""));
	if (!xlsx) {
		if (rc) {
			buf_free(&csv);
			return rc;
		}
		return api_csv_answer(r, rs, &csv, "list-result.csv");
	}
	{
		char *x;
		size_t len;

		xlsx_fit_columns(wb, m.line);
		export_mark_workbook(wb, b.name, m.who, m.line, m.serial);
		if (rc) {
			(void)xlsx_close(wb, path, r->arena, &x, &len, &r->fault);
			return rc;
		}
		if ((rc = xlsx_close(wb, path, r->arena, &x, &len, &r->fault)))
			return rc;
		rs->body = x;
		rs->bodylen = len;
		rs->status = 200;
		rs->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		rs->disposition = "attachment; filename=\"list-result.xlsx\"";
	}
	return 0;
}
