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

static int
load(struct req *r, struct gathering *g)
{
	int64_t id = req_param_id(r, 0);
	int rc;

	if (id <= 0 || (rc = db_gathering_get(r->db, r->arena, id, g)) == ERR_NOTFOUND ||
	    (rc == 0 && !api_in_scope(r, g->area_code)))
		return fault_set(&r->fault, ERR_NOTFOUND, "id", "没有这项聚集性活动", "no such gathering");
	return rc;
}

int
api_gathering_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "host_person_id", "planned_on", "place",
					     "expected_guests", "note", NULL};
	struct gathering g;
	struct person p;
	const char *date;
	int rc;

	memset(&g, 0, sizeof(g));
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "kind", 20, true, (const char **)&g.kind)) ||
	    (rc = api_int(r, "host_person_id", true, 1, INT64_MAX, &g.host_person_id)) ||
	    (rc = api_date(r, "planned_on", true, &date)) ||
	    (rc = api_str(r, "place", 100, true, (const char **)&g.place)) ||
	    (rc = api_int(r, "expected_guests", false, 0, 100000, &g.expected_guests)) ||
	    (rc = api_text(r, "note", 500, false, (const char **)&g.note)))
		return rc;
	if (index_of(g.kind, kinds) < 0)
		return fault_set(&r->fault, ERR_INVALID, "kind",
				 "kind 应为 wedding（婚礼）、funeral（丧事）、birthday（寿宴）、temple_fair（庙会）或 other",
				 "kind must be wedding, funeral, birthday, temple_fair or other");
	g.planned_on = (char *)date;
	if ((rc = dbc_begin(r->db)))
		return rc;
	if (db_person_get(r->db, r->arena, g.host_person_id, &p) != 0 || p.merged_into ||
	    !api_in_scope(r, p.area_code))
		return fault_set(&r->fault, ERR_INVALID, "host_person_id", "主家不存在或不在您的辖区内",
				 "no such host in your area");
	g.area_code = p.area_code;
	g.created_by = r->user->id;
	if ((rc = db_gathering_insert(r->db, &g)) ||
	    (rc = api_audit(r, "create", "gathering", g.id, g.area_code,
			    arena_printf(r->arena, "%s %s %s", g.kind, p.name, g.planned_on))) ||
	    (rc = db_gathering_get(r->db, r->arena, g.id, &g)))
		return rc;
	return api_commit_json(r, rs, 201, gathering_json(&g));
}

int
api_gathering_get(struct req *r, struct resp *rs)
{
	struct gathering g;
	int rc;

	if ((rc = load(r, &g)))
		return rc;
	return resp_json(rs, 200, gathering_json(&g));
}

int
api_gathering_outcome(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"outcome", "postponed_to", "guests", "held_reason",
					     "approved_by", "persuaded_by", "persuaded_at", "note", NULL};
	struct gathering g;
	const char *outcome, *postponed, *reason, *approved, *persuaded, *note;
	int64_t guests = -1, at = 0, now = clock_now();
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "outcome", 20, true, &outcome)) ||
	    (rc = api_date(r, "postponed_to", false, &postponed)) ||
	    (rc = api_int(r, "guests", false, 0, 100000, &guests)) ||
	    (rc = api_str(r, "held_reason", 200, false, &reason)) ||
	    (rc = api_str(r, "approved_by", 60, false, &approved)) ||
	    (rc = api_str(r, "persuaded_by", 100, true, &persuaded)) ||
	    (rc = api_int(r, "persuaded_at", false, 1, now + 300, &at)) ||
	    (rc = api_text(r, "note", 500, false, &note)))
		return rc;
	if (index_of(outcome, outcomes) < 0)
		return fault_set(&r->fault, ERR_INVALID, "outcome",
				 "outcome 应为 cancelled（取消）、postponed（延期）、simplified（从简）或 held（照常举办）",
				 "outcome must be cancelled, postponed, simplified or held");
	if ((rc = dbc_begin(r->db)) || (rc = load(r, &g)))
		return rc;
	if (strcmp(outcome, "postponed") == 0) {
		if (postponed == NULL)
			return fault_set(&r->fault, ERR_INVALID, "postponed_to", "延期须填写延至哪一天",
					 "a postponement names the new date (postponed_to)");
		if (strcmp(postponed, g.planned_on) <= 0)
			return fault_set(&r->fault, ERR_INVALID, "postponed_to", "延期后的日期应晚于原定日期",
					 "postponed_to must be after the planned date");
	} else if (postponed)
		return fault_set(&r->fault, ERR_INVALID, "postponed_to", "只有延期才填写延期日期",
				 "only a postponement has postponed_to");
	if (strcmp(outcome, "simplified") == 0 && guests < 0)
		return fault_set(&r->fault, ERR_INVALID, "guests", "从简办理须填写实际到场人数（仅限家属）",
				 "a simplified gathering records how many came (family only)");
	if (strcmp(outcome, "held") == 0 && (reason == NULL || *reason == '\0'))
		return fault_set(&r->fault, ERR_INVALID, "held_reason", "照常举办须说明原因",
				 "a gathering held as planned says why");
	if (strcmp(outcome, "held") == 0 && (approved == NULL || *approved == '\0'))
		return fault_set(&r->fault, ERR_INVALID, "approved_by", "照常举办须写明批准人",
				 "a gathering held as planned names who approved it");
	g.outcome = (char *)outcome;
	g.postponed_to = (char *)postponed;
	g.guests = guests;
	g.held_reason = (char *)(strcmp(outcome, "held") == 0 ? reason : "");
	g.approved_by = (char *)(strcmp(outcome, "held") == 0 ? approved : "");
	g.persuaded_by = (char *)persuaded;
	g.persuaded_at = at ? at : now;
	g.outcome_note = (char *)note;
	g.outcome_at = now;
	g.outcome_user_id = r->user->id;
	if ((rc = db_gathering_set_outcome(r->db, &g)) ||
	    (rc = api_audit(r, "update", "gathering", g.id, g.area_code,
			    arena_printf(r->arena, "outcome %s, persuaded by %s", outcome, persuaded))) ||
	    (rc = db_gathering_get(r->db, r->arena, g.id, &g)))
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
