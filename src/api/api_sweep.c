/* api_sweep.c: door-to-door sweeps (地毯式排查): campaigns and their questionnaires, rounds,
 * coverage, the "not yet reached" list.  The visits are in api_visit.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "command.h"
#include "monitor.h"
#include "observation.h"
#include "role.h"
#include "sweep.h"
#include "text.h"

/* A campaign is the user's business when its scope and the user's area overlap. */
static bool
visible(struct req *r, const struct sweep_campaign *s)
{
	struct svc sv;

	return svc_sweep_visible(api_svc(r, &sv), s);
}

int
sweep_load(struct req *r, struct sweep_campaign *s)
{
	struct svc sv;

	return svc_sweep_get(api_svc(r, &sv), req_param_id(r, 0), s);
}

static json_t *
scope_json(struct req *r, const char *csv)
{
	json_t *a = json_array();
	const char *p = csv;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		/* a town is kept as its 9-digit prefix: show its 12-digit code */
		char *code = n < 12 ? arena_printf(r->arena, "%.*s%.*s", (int)n, p, (int)(12 - n), "000000000000")
				    : arena_strndup(r->arena, p, n);
		struct area ar;

		json_array_append_new(a, json_pack("{s:s, s:s}", "code", code, "name",
						   db_area_get_by_code(r->db, r->arena, code, &ar) == 0
							   ? ar.name
							   : ""));
		p = e ? e + 1 : NULL;
	}
	return a;
}

/* ---------- coverage ---------- */

json_t *
sweep_coverage_row_json(const struct coverage_row *c, int round, int rounds)
{
	json_t *by = json_array();
	int k;

	for (k = 1; k <= rounds; k++)
		json_array_append_new(by, json_pack("{s:i, s:I, s:I, s:I}", "round", k,
						    "households_reached", (json_int_t)c->hr[k],
						    "persons_reached", (json_int_t)c->pr[k], "not_reached",
						    (json_int_t)c->nr[k]));
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:o}", "code", c->code,
			 "name", c->name ? c->name : "", "households", (json_int_t)c->households,
			 "persons", (json_int_t)c->persons, "households_reached",
			 (json_int_t)c->hr[round], "persons_reached", (json_int_t)c->pr[round],
			 "not_reached", (json_int_t)c->nr[round], "visits", (json_int_t)c->vs[round],
			 "household_rate",
			 c->households ? (double)c->hr[round] / (double)c->households : 0.0,
			 "person_rate", c->persons ? (double)c->pr[round] / (double)c->persons : 0.0,
			 "by_round", by);
}

json_t *
sweep_coverage_json(struct req *r, const struct sweep_campaign *s, const char *scope, int round,
		    int64_t until)
{
	struct svc sv;
	struct sweep_coverage c;
	json_t *grids, *villages, *rnds;
	int i;

	if (svc_figures_coverage(api_svc(r, &sv), s, scope, round, until, &c))
		return NULL;
	grids = json_array();
	for (i = 0; i < c.ngrids; i++)
		json_array_append_new(grids, sweep_coverage_row_json(&c.grids[i], round, c.rounds));
	villages = json_array();
	for (i = 0; i < c.nvillages; i++)
		json_array_append_new(villages, sweep_coverage_row_json(&c.villages[i], round, c.rounds));
	rnds = json_array();
	for (i = 1; i <= c.rounds; i++)
		json_array_append_new(rnds, json_integer(i));
	return json_pack("{s:I, s:s, s:i, s:o, s:o, s:o, s:o}", "campaign_id", (json_int_t)s->id,
			 "name", s->name, "round", round, "rounds", rnds, "town",
			 sweep_coverage_row_json(&c.town, round, c.rounds), "villages", villages, "grids", grids);
}

static json_t *
campaign_json(struct req *r, const struct sweep_campaign *s)
{
	struct sweep_round *rv;
	int n = 0, i;
	json_t *rounds = json_array(), *q = json_loads(s->questions, 0, NULL), *cov, *summary;

	if (db_sweep_rounds(r->db, r->arena, s->id, &rv, &n) == 0)
		for (i = 0; i < n; i++)
			json_array_append_new(rounds, json_pack("{s:i, s:s, s:s, s:I}", "round", rv[i].round,
								"starts_on", rv[i].starts_on, "ends_on",
								rv[i].ends_on, "created_at",
								(json_int_t)rv[i].created_at));
	cov = sweep_coverage_json(r, s, r->scope, s->round, 0);
	summary = json_null();
	if (cov && json_object_get(cov, "town")) {
		json_decref(summary);
		summary = json_deep_copy(json_object_get(cov, "town"));
		json_object_del(summary, "by_round");
	}
	json_decref(cov);
	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:i, s:o, s:s, s:I, s:o}", "id",
			 (json_int_t)s->id, "name", s->name, "scope", scope_json(r, s->scope),
			 "starts_on", s->starts_on, "ends_on", s->ends_on, "questions",
			 q ? q : json_array(), "round", s->round, "rounds", rounds, "status", s->status,
			 "created_at", (json_int_t)s->created_at, "coverage", summary);
}

/* ---------- campaign fields ---------- */

/* The strings of a JSON list (NULL for an entry that is not text), or -1 when v is not a list;
 * lists longer than max are counted but not read, for the operation to refuse. */
static int
strings_read(struct req *r, json_t *v, size_t max, bool squeeze, const char ***ret)
{
	const char **out;
	json_t *c;
	size_t i;

	*ret = NULL;
	if (!json_is_array(v))
		return -1;
	if (json_array_size(v) > max)
		return (int)json_array_size(v);
	out = arena_alloc(r->arena, sizeof(*out) * (json_array_size(v) + 1));
	json_array_foreach(v, i, c)
		out[i] = !json_is_string(c) ? NULL
			 : squeeze	    ? text_squeeze(r->arena, json_string_value(c))
					    : json_string_value(c);
	*ret = out;
	return (int)json_array_size(v);
}

/* One question of a questionnaire as typed; its fields named "questions[2].key". */
static int
question_read(struct req *r, json_t *q, size_t i, struct svc_question_in *ret)
{
	static const char *const fields[] = {"key", "text", "kind", "per_person", "required",
					     "choices", "handoff", NULL};
	json_t *choices = json_object_get(q, "choices"), *h = json_object_get(q, "handoff");
	char field[48];
	int rc;

	if (!json_is_object(q))
		return fault_setf(&r->fault, ERR_INVALID, "questions", "第 %zu 个问题应为对象",
				  "question %zu must be an object", i + 1);
	if ((rc = api_obj_only(r, q, fields)) || (rc = api_obj_str(r, q, "key", 30, true, &ret->key)) ||
	    (rc = api_obj_str(r, q, "text", 100, true, &ret->text)) ||
	    (rc = api_obj_str(r, q, "kind", 10, true, &ret->kind)) ||
	    (rc = api_obj_bool(r, q, "per_person", &ret->per_person)) ||
	    (rc = api_obj_bool(r, q, "required", &ret->required))) {
		snprintf(field, sizeof(field), "questions[%zu]", i);
		svc_field_in(&r->fault, field);
		return rc;
	}
	ret->choices_given = choices && !json_is_null(choices);
	ret->nchoices = strings_read(r, choices, 10, false, &ret->choices);
	ret->handoff_given = h && !json_is_null(h);
	if (json_is_object(h)) {
		/* a reason that is not text counts as none, as it always has */
		ret->handoff_to = json_string_value(json_object_get(h, "to"));
		ret->handoff_reason = json_string_value(json_object_get(h, "reason"));
		ret->non = strings_read(r, json_object_get(h, "on"), 100, false, &ret->on);
	}
	return 0;
}

/* The scope and the questionnaire of a campaign's body, as typed. */
static int
fields_read(struct req *r, struct svc_sweep_fields *in)
{
	json_t *scope = json_object_get(r->json, "scope"), *qs = json_object_get(r->json, "questions"), *q;
	struct svc_question_in *v;
	size_t i;
	int rc;

	in->scope_given = scope != NULL;
	in->nscope = strings_read(r, scope, SWEEP_MAX_SCOPE, true, &in->scope);
	in->questions_given = qs != NULL;
	in->nquestions = json_is_array(qs) ? (int)json_array_size(qs) : -1;
	if (in->nquestions < 1 || in->nquestions > SWEEP_MAX_QUESTIONS)
		return 0;
	v = arena_alloc(r->arena, sizeof(*v) * json_array_size(qs));
	json_array_foreach(qs, i, q)
		if ((rc = question_read(r, q, i, &v[i])))
			return rc;
	in->questions = v;
	return 0;
}

int
api_sweep_list(struct req *r, struct resp *rs)
{
	struct sweep_campaign *v;
	int n, i, rc;
	json_t *items;

	if ((rc = db_sweep_list(r->db, r->arena, &v, &n)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		if (visible(r, &v[i]))
			json_array_append_new(items, campaign_json(r, &v[i]));
	return resp_json(rs, 200, api_list(items, (int64_t)json_array_size(items)));
}

int
api_sweep_get(struct req *r, struct resp *rs)
{
	struct sweep_campaign s;
	int rc;

	if ((rc = sweep_load(r, &s)))
		return rc;
	return resp_json(rs, 200, campaign_json(r, &s));
}

int
api_sweep_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "scope", "starts_on", "ends_on", "questions", NULL};
	struct svc_sweep_fields in;
	struct sweep_campaign c;
	struct svc s;
	int rc;

	memset(&in, 0, sizeof(in));
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, true, &in.name)) ||
	    (rc = api_date(r, "starts_on", true, &in.starts_on)) ||
	    (rc = api_date(r, "ends_on", true, &in.ends_on)) || (rc = fields_read(r, &in)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_sweep_create(api_svc(r, &s), &in, &c)))
		return rc;
	return api_commit_json(r, rs, 201, campaign_json(r, &c));
}

int
api_sweep_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "scope", "starts_on", "ends_on", "questions",
					     "status", NULL};
	struct svc_sweep_fields in;
	struct sweep_campaign c;
	struct svc s;
	int rc;

	memset(&in, 0, sizeof(in));
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, false, &in.name)) ||
	    (rc = api_date(r, "starts_on", false, &in.starts_on)) ||
	    (rc = api_date(r, "ends_on", false, &in.ends_on)) ||
	    (rc = api_str(r, "status", 10, false, &in.status)) || (rc = fields_read(r, &in)))
		return rc;
	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_sweep_update(api_svc(r, &s), req_param_id(r, 0), &in, &c)))
		return rc;
	return api_commit_json(r, rs, 200, campaign_json(r, &c));
}

int
api_sweep_round(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"starts_on", "ends_on", NULL};
	struct sweep_campaign c;
	const char *starts, *ends;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_date(r, "starts_on", false, &starts)) ||
	    (rc = api_date(r, "ends_on", false, &ends)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_sweep_round(api_svc(r, &s), req_param_id(r, 0), starts, ends, &c)))
		return rc;
	return api_commit_json(r, rs, 201, campaign_json(r, &c));
}

static int
round_param(struct req *r, const struct sweep_campaign *s, int *ret)
{
	const char *q = req_query(r, "round");
	char *end;
	long v;

	*ret = s->round;
	if (q == NULL || *q == '\0')
		return 0;
	v = strtol(q, &end, 10);
	if (*end || v < 1 || v > s->round)
		return fault_setf(&r->fault, ERR_INVALID, "round", "round 应为 1 到 %d", "round must be 1 to %d",
				  s->round);
	*ret = (int)v;
	return 0;
}

int
api_sweep_coverage(struct req *r, struct resp *rs)
{
	struct sweep_campaign s;
	const char *scope;
	json_t *j;
	int rc, round;

	if ((rc = sweep_load(r, &s)) || (rc = round_param(r, &s, &round)))
		return rc;
	scope = api_narrow(r, req_query(r, "area"));
	if (scope == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((j = sweep_coverage_json(r, &s, scope, round, 0)) == NULL)
		return ERR_DB;
	return resp_json(rs, 200, j);
}

static const char *
pct(struct req *r, int64_t a, int64_t b)
{
	return b ? arena_printf(r->arena, "%.1f%%", 100.0 * (double)a / (double)b) : "";
}

static void
csv_row(struct req *r, struct buf *b, const char *level, json_t *row, int rounds)
{
	int64_t hh = json_integer_value(json_object_get(row, "households")),
		hr = json_integer_value(json_object_get(row, "households_reached")),
		pp = json_integer_value(json_object_get(row, "persons")),
		pr = json_integer_value(json_object_get(row, "persons_reached"));
	size_t i;
	json_t *by;

	csv_cell(b, level, false);
	csv_cell(b, json_string_value(json_object_get(row, "code")), false);
	csv_cell(b, json_string_value(json_object_get(row, "name")), false);
	csv_cell(b, arena_printf(r->arena, "%lld", (long long)hh), false);
	csv_cell(b, arena_printf(r->arena, "%lld", (long long)hr), false);
	csv_cell(b, pct(r, hr, hh), false);
	csv_cell(b, arena_printf(r->arena, "%lld", (long long)pp), false);
	csv_cell(b, arena_printf(r->arena, "%lld", (long long)pr), false);
	csv_cell(b, pct(r, pr, pp), false);
	csv_cell(b, arena_printf(r->arena, "%lld",
				 (long long)json_integer_value(json_object_get(row, "not_reached"))),
		 rounds == 0);
	json_array_foreach(json_object_get(row, "by_round"), i, by)
		csv_cell(b, arena_printf(r->arena, "%lld",
					 (long long)json_integer_value(json_object_get(by, "households_reached"))),
			 (int)i + 1 == rounds);
}

int
api_sweep_coverage_export(struct req *r, struct resp *rs)
{
	struct sweep_campaign s;
	struct buf b = {0};
	const char *scope;
	json_t *j, *row;
	size_t i;
	int rc, round, k;
	struct export_mark m;

	if ((rc = sweep_load(r, &s)) || (rc = round_param(r, &s, &round)))
		return rc;
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((j = sweep_coverage_json(r, &s, scope, round, 0)) == NULL)
		return ERR_DB;
	buf_adds(&b, "\xef\xbb\xbf");
	export_mark_init(r, &m);
	export_mark_csv(&b, &m);
	buf_adds(&b, "级别,区划代码,名称,户数,已走访户,户覆盖率,人数,已排查人,人覆盖率,待回访户");
	for (k = 1; k <= s.round; k++)
		buf_addf(&b, ",第%d轮已走访户", k);
	buf_adds(&b, "\r\n");
	csv_row(r, &b, "合计", json_object_get(j, "town"), s.round);
	json_array_foreach(json_object_get(j, "villages"), i, row)
		csv_row(r, &b, "村（社区）", row, s.round);
	json_array_foreach(json_object_get(j, "grids"), i, row)
		csv_row(r, &b, "网格", row, s.round);
	json_decref(j);
	if ((rc = export_mark_audit(r, &m, "sweep", s.id, scope,
			    arena_printf(r->arena, "sweep coverage csv: round %d", round)))) {
		buf_free(&b);
		return rc;
	}
	return api_csv_answer(r, rs, &b, "sweep-coverage.csv");
}

int
api_sweep_pending(struct req *r, struct resp *rs)
{
	struct sweep_campaign s;
	struct svc_pending_out out;
	struct sweep_pending *v;
	const char *area;
	int limit, offset, n, i, rc, round;
	char today[11];
	json_t *items;
	struct svc sv;

	if ((rc = api_page(r, &limit, &offset)) || (rc = sweep_load(r, &s)) ||
	    (rc = round_param(r, &s, &round)))
		return rc;
	if ((area = api_narrow(r, req_query(r, "area"))) == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((rc = svc_sweep_pending(api_svc(r, &sv), &s, area, round, limit, offset, &out)))
		return rc;
	v = out.v;
	n = out.n;
	clock_local_date(clock_now(), today);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(
			items,
			api_area_labelled(json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:s?, s:i, s:o, s:s?, s:b}", "household_id",
				  (json_int_t)v[i].household_id, "address", v[i].address, "area_code",
				  v[i].area_code, "area_name", v[i].area_name, "head_name", v[i].head_name,
				  "members", (json_int_t)v[i].members, "status", v[i].status, "attempts",
				  v[i].attempts, "last_at",
				  v[i].last_at ? json_integer(v[i].last_at) : json_null(), "revisit_on",
				  v[i].revisit_on, "revisit_due",
				  v[i].status != NULL && (v[i].revisit_on == NULL ||
							  strcmp(v[i].revisit_on, today) <= 0)),
					  v[i].village_name, v[i].area_name));
	return resp_json(rs, 200, api_list(items, out.total));
}
