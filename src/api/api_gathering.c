/* api_gathering.c: gatherings (聚集性活动): weddings, funerals, banquets and fairs registered,
 * the outcome after the grid worker's visit (cancelled, postponed, simplified, held) and who
 * persuaded; the figures per village and period; the CSV for the district. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "mask.h"
#include "role.h"
#include "svc_gathering.h"
#include "sweep.h"
#include "text.h"

static const char *const kinds[] = {"wedding", "funeral", "birthday", "temple_fair", "other", NULL};
static const char *const kinds_zh[] = {"婚礼", "丧事", "寿宴", "庙会", "其他", NULL};
static const char *const outcomes[] = {"cancelled", "postponed", "simplified", "held", NULL};
static const char *const outcomes_zh[] = {"取消", "延期", "从简", "照常举办", NULL};

static int
index_of(const char *s, const char *const *set)
{
	int i;

	for (i = 0; s && set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return i;
	return -1;
}

static json_t *
gathering_json(const struct gathering *g)
{
	char phm[32] = "";

	if (g->host_phone)
		mask_phone(g->host_phone, phm);
	return json_pack("{s:I, s:s, s:{s:I, s:s, s:s?}, s:s, s:s, s:s%, s:s, s:s, s:I, s:s, s:s, s:s?, "
			 "s:o, s:s, s:s, s:s, s:o, s:s, s:o, s:I}",
			 "id", (json_int_t)g->id, "kind", g->kind, "host", "person_id",
			 (json_int_t)g->host_person_id, "name", g->host_name, "phone",
			 g->host_phone ? phm : NULL, "area_code", g->area_code, "area_name", g->area_name,
			 "village_code", g->area_code, strlen(g->area_code) >= 12 ? (size_t)12 : strlen(g->area_code),
			 "planned_on", g->planned_on, "place", g->place, "expected_guests",
			 (json_int_t)g->expected_guests, "note", g->note ? g->note : "", "outcome",
			 g->outcome, "postponed_to", g->postponed_to, "guests",
			 g->guests >= 0 ? json_integer(g->guests) : json_null(), "held_reason",
			 g->held_reason ? g->held_reason : "", "approved_by",
			 g->approved_by ? g->approved_by : "", "persuaded_by",
			 g->persuaded_by ? g->persuaded_by : "", "persuaded_at",
			 g->persuaded_at ? json_integer(g->persuaded_at) : json_null(), "outcome_note",
			 g->outcome_note ? g->outcome_note : "", "outcome_at",
			 g->outcome_at ? json_integer(g->outcome_at) : json_null(), "created_at",
			 (json_int_t)g->created_at);
}

int
api_gathering_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "host_person_id", "planned_on", "place",
					     "expected_guests", "note", NULL};
	struct svc_gathering_in in = {0};
	struct gathering g;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "kind", 20, true, &in.kind)) ||
	    (rc = api_int(r, "host_person_id", true, 1, INT64_MAX, &in.host_person_id)) ||
	    (rc = api_date(r, "planned_on", true, &in.planned_on)) ||
	    (rc = api_str(r, "place", 100, true, &in.place)) ||
	    (rc = api_int(r, "expected_guests", false, 0, 100000, &in.expected_guests)) ||
	    (rc = api_text(r, "note", 500, false, &in.note)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_gathering_register(api_svc(r, &s), &in, &g)))
		return rc;
	return api_commit_json(r, rs, 201, gathering_json(&g));
}

int
api_gathering_get(struct req *r, struct resp *rs)
{
	struct gathering g;
	struct svc s;
	int rc;

	if ((rc = svc_gathering_get(api_svc(r, &s), req_param_id(r, 0), &g)))
		return rc;
	return resp_json(rs, 200, gathering_json(&g));
}

int
api_gathering_outcome(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"outcome", "postponed_to", "guests", "held_reason",
					     "approved_by", "persuaded_by", "persuaded_at", "note", NULL};
	struct svc_outcome_in in = {0};
	struct gathering g;
	struct svc s;
	int rc;

	in.guests = -1;
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "outcome", 20, true, &in.outcome)) ||
	    (rc = api_date(r, "postponed_to", false, &in.postponed_to)) ||
	    (rc = api_int(r, "guests", false, 0, 100000, &in.guests)) ||
	    (rc = api_str(r, "held_reason", 200, false, &in.held_reason)) ||
	    (rc = api_str(r, "approved_by", 60, false, &in.approved_by)) ||
	    (rc = api_str(r, "persuaded_by", 100, true, &in.persuaded_by)) ||
	    (rc = api_int(r, "persuaded_at", false, 1, clock_now() + 300, &in.persuaded_at)) ||
	    (rc = api_text(r, "note", 500, false, &in.note)))
		return rc;
	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_gathering_outcome(api_svc(r, &s), req_param_id(r, 0), &in, &g)))
		return rc;
	return api_commit_json(r, rs, 200, gathering_json(&g));
}

int
api_gathering_list(struct req *r, struct resp *rs)
{
	struct gathering *v;
	const char *scope, *from, *to, *outcome = req_query(r, "outcome");
	int limit, offset, n, i, rc;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) || (rc = api_query_date(r, "from", &from)) ||
	    (rc = api_query_date(r, "to", &to)))
		return rc;
	if (outcome && *outcome && strcmp(outcome, "pending") && index_of(outcome, outcomes) < 0)
		return fault_set(&r->fault, ERR_INVALID, "outcome",
				 "outcome 应为 pending、cancelled、postponed、simplified 或 held",
				 "outcome must be pending, cancelled, postponed, simplified or held");
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = db_gathering_list(r->db, r->arena, scope, from, to, outcome && *outcome ? outcome : NULL,
				    limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, gathering_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

/* ---------- figures ---------- */

json_t *
gathering_row_json(const struct gathering_row *f)
{
	int64_t all = f->pending + f->cancelled + f->postponed + f->simplified + f->held;

	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "code", f->code,
			 "name", f->name ? f->name : "", "registered", (json_int_t)all, "pending",
			 (json_int_t)f->pending, "cancelled", (json_int_t)f->cancelled, "postponed",
			 (json_int_t)f->postponed, "simplified", (json_int_t)f->simplified, "held",
			 (json_int_t)f->held, "cancelled_or_postponed",
			 (json_int_t)(f->cancelled + f->postponed), "guests_expected",
			 (json_int_t)f->guests_expected, "guests_avoided", (json_int_t)f->guests_avoided);
}

json_t *
gathering_figures_json(const struct gathering_figures *g)
{
	json_t *villages = json_array();
	int j;

	for (j = 0; j < g->nvillages; j++)
		json_array_append_new(villages, gathering_row_json(&g->villages[j]));
	return json_pack("{s:s?, s:s?, s:o, s:o}", "from", g->from, "to", g->to, "town",
			 gathering_row_json(&g->town), "villages", villages);
}

int
api_gathering_figures(struct req *r, struct resp *rs)
{
	const char *scope, *from, *to;
	struct svc s;
	struct gathering_figures g;
	int rc;

	if ((rc = api_query_date(r, "from", &from)) || (rc = api_query_date(r, "to", &to)))
		return rc;
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((rc = svc_figures_gatherings(api_svc(r, &s), scope, from, to, INT64_MAX, &g)))
		return rc;
	return resp_json(rs, 200, gathering_figures_json(&g));
}

int
api_gathering_export(struct req *r, struct resp *rs)
{
	struct gathering *v;
	struct buf b = {0};
	const char *scope, *from, *to;
	int n, i, rc, offset = 0, rows = 0;
	int64_t total;
	char phm[32];
	struct export_mark m;

	if ((rc = api_query_date(r, "from", &from)) || (rc = api_query_date(r, "to", &to)))
		return rc;
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	buf_adds(&b, "\xef\xbb\xbf");
	export_mark_init(r, &m);
	export_mark_csv(&b, &m);
	buf_adds(&b, "编号,村/社区,组/网格,类型,主家,联系电话,原定日期,地点,预计人数,结果,延期至,实际人数,"
		     "举办原因,批准人,劝导人,劝导时间,备注\r\n");
	for (;;) {
		if ((rc = db_gathering_list(r->db, r->arena, scope, from, to, NULL, 500, offset, &v, &n,
					    &total))) {
			buf_free(&b);
			return rc;
		}
		for (i = 0; i < n; i++) {
			const struct gathering *g = &v[i];
			struct area vil;
			char when[32] = "";
			int k = index_of(g->kind, kinds), o = index_of(g->outcome, outcomes);

			mask_phone(g->host_phone ? g->host_phone : "", phm);
			if (g->persuaded_at) {
				clock_local_iso(g->persuaded_at, when);
				when[16] = '\0';
				when[10] = ' ';
			}
			csv_cell(&b, arena_printf(r->arena, "%lld", (long long)g->id), false);
			csv_cell(&b,
				 strlen(g->area_code) >= 12 &&
						 db_area_get_by_code(r->db, r->arena,
								     arena_strndup(r->arena, g->area_code, 12),
								     &vil) == 0
					 ? vil.name
					 : "",
				 false);
			csv_cell(&b, strlen(g->area_code) >= 15 ? g->area_name : "", false);
			csv_cell(&b, k >= 0 ? kinds_zh[k] : g->kind, false);
			csv_cell(&b, g->host_name, false);
			csv_cell(&b, g->host_phone ? phm : "", false);
			csv_cell(&b, g->planned_on, false);
			csv_cell(&b, g->place, false);
			csv_cell(&b, arena_printf(r->arena, "%lld", (long long)g->expected_guests), false);
			csv_cell(&b, o >= 0 ? outcomes_zh[o] : "待劝导", false);
			csv_cell(&b, g->postponed_to, false);
			csv_cell(&b, g->guests >= 0 ? arena_printf(r->arena, "%lld", (long long)g->guests) : "",
				 false);
			csv_cell(&b, g->held_reason, false);
			csv_cell(&b, g->approved_by, false);
			csv_cell(&b, g->persuaded_by, false);
			csv_cell(&b, when, false);
			csv_cell(&b, g->outcome_note && *g->outcome_note ? g->outcome_note : g->note, true);
		}
		rows += n;
		if (n < 500 || rows >= 200000)
			break;
		offset += n;
	}
	if ((rc = export_mark_audit(r, &m, "gathering", 0, scope,
			    arena_printf(r->arena, "gatherings csv: %d rows", rows)))) {
		buf_free(&b);
		return rc;
	}
	return api_csv_answer(r, rs, &b, "gatherings.csv");
}
