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

#define SWEEP_MAX_QUESTIONS 30
#define SWEEP_MAX_SCOPE 50

static const char *const qkinds[] = {"yesno", "number", "choice", "text", NULL};
static const char *const kp_reasons[] = {"high_risk_area", "close_contact", "other", NULL};

/* sweep_field_in names a field inside a list item: "questions[2].key" (cut to fit the fault). */
void
sweep_field_in(struct fault *f, const char *prefix)
{
	char tmp[160];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%s.%s", prefix, f->field);
	n = strlen(tmp) < sizeof(f->field) - 1 ? strlen(tmp) : sizeof(f->field) - 1;
	memcpy(f->field, tmp, n);
	f->field[n] = '\0';
}

/* A campaign is the user's business when its scope and the user's area overlap. */
static bool
visible(const struct req *r, const struct sweep_campaign *s)
{
	return sweep_overlaps(s->scope, r->scope);
}

int
sweep_load(struct req *r, struct sweep_campaign *s)
{
	int64_t id = req_param_id(r, 0);
	int rc;

	if (id <= 0 || (rc = db_sweep_get(r->db, r->arena, id, s)) == ERR_NOTFOUND ||
	    (rc == 0 && !visible(r, s)))
		return fault_set(&r->fault, ERR_NOTFOUND, "id", "没有这个排查活动", "no such sweep campaign");
	return rc;
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

static bool
key_ok(const char *k)
{
	size_t n = strlen(k);

	return n >= 1 && n <= 30 && strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* One question of a questionnaire, checked and rewritten in canonical form into *ret. */
static int
read_question(struct req *r, json_t *q, size_t i, json_t *seen, json_t **ret)
{
	static const char *const fields[] = {"key", "text", "kind", "per_person", "required",
					     "choices", "handoff", NULL};
	json_t *saved = r->json, *choices, *handoff, *out;
	const char *key, *text, *kind;
	int per_person, required, rc;
	char field[48];

	if (!json_is_object(q))
		return fault_setf(&r->fault, ERR_INVALID, "questions", "第 %zu 个问题应为对象",
				  "question %zu must be an object", i + 1);
	r->json = q;
	rc = api_only(r, fields);
	if (rc == 0)
		rc = api_str(r, "key", 30, true, &key);
	if (rc == 0)
		rc = api_str(r, "text", 100, true, &text);
	if (rc == 0)
		rc = api_str(r, "kind", 10, true, &kind);
	if (rc == 0)
		rc = api_bool(r, "per_person", &per_person);
	if (rc == 0)
		rc = api_bool(r, "required", &required);
	r->json = saved;
	if (rc) {
		snprintf(field, sizeof(field), "questions[%zu]", i);
		sweep_field_in(&r->fault, field);
		return rc;
	}
	if (!key_ok(key))
		return fault_setf(&r->fault, ERR_INVALID, "questions", "问题 %zu 的 key 应为 1-30 个小写字母、数字或 _",
				  "question %zu: key is 1-30 lowercase letters, digits or _", i + 1);
	if (json_object_get(seen, key))
		return fault_setf(&r->fault, ERR_INVALID, "questions", "问题的 key “%s”重复了",
				  "the question key \"%s\" is used twice", key);
	json_object_set_new(seen, key, json_true());
	if (!api_one_of(kind, qkinds))
		return fault_setf(&r->fault, ERR_INVALID, "questions", "问题 %zu 的类型应为 yesno、number、choice 或 text",
				  "question %zu: kind must be yesno, number, choice or text", i + 1);
	out = json_pack("{s:s, s:s, s:s, s:b, s:b}", "key", key, "text", text, "kind", kind,
			"per_person", per_person == 1, "required", required == 1);
	choices = json_object_get(q, "choices");
	if (strcmp(kind, "choice") == 0) {
		size_t k;
		json_t *c, *list = json_array();

		if (!json_is_array(choices) || json_array_size(choices) < 2 || json_array_size(choices) > 10) {
			json_decref(out);
			json_decref(list);
			return fault_setf(&r->fault, ERR_INVALID, "questions", "选择题 %zu 须有 2-10 个选项",
					  "choice question %zu needs 2 to 10 choices", i + 1);
		}
		json_array_foreach(choices, k, c) {
			const char *t = json_is_string(c) ? text_normalize(r->arena, json_string_value(c)) : NULL;

			if (t == NULL || *t == '\0' || text_utf8_len(t) > 30) {
				json_decref(out);
				json_decref(list);
				return fault_setf(&r->fault, ERR_INVALID, "questions", "问题 %zu 的选项应为 1-30 字的文本",
						  "question %zu: each choice is 1-30 characters of text", i + 1);
			}
			json_array_append_new(list, json_string(t));
		}
		json_object_set_new(out, "choices", list);
	} else if (choices && !json_is_null(choices)) {
		json_decref(out);
		return fault_setf(&r->fault, ERR_INVALID, "questions", "只有选择题有选项（问题 %zu）",
				  "only a choice question has choices (question %zu)", i + 1);
	}
	handoff = json_object_get(q, "handoff");
	if (handoff && !json_is_null(handoff)) {
		const char *to, *reason = NULL;
		json_t *on = json_object_get(handoff, "on"), *h;

		to = json_string_value(json_object_get(handoff, "to"));
		if (json_object_get(handoff, "reason"))
			reason = json_string_value(json_object_get(handoff, "reason"));
		if (!json_is_object(handoff) || !api_one_of(to, (const char *const[]){"monitor", "task", NULL}) ||
		    (reason && !api_one_of(reason, kp_reasons))) {
			json_decref(out);
			return fault_setf(&r->fault, ERR_INVALID, "questions",
					  "问题 %zu 的 handoff 应为 {\"to\":\"monitor\"|\"task\",\"reason\"?,\"on\"?}",
					  "question %zu: handoff is {\"to\":\"monitor\"|\"task\",\"reason\"?,\"on\"?}",
					  i + 1);
		}
		if (strcmp(kind, "yesno") && strcmp(kind, "choice")) {
			json_decref(out);
			return fault_setf(&r->fault, ERR_INVALID, "questions", "只有是非题和选择题能转交（问题 %zu）",
					  "only yes/no and choice questions hand off (question %zu)", i + 1);
		}
		if (strcmp(to, "monitor") == 0 && per_person != 1) {
			json_decref(out);
			return fault_setf(&r->fault, ERR_INVALID, "questions", "转入重点人员监测的问题须逐人回答（问题 %zu）",
					  "a question that hands off to monitoring is asked per person (question %zu)",
					  i + 1);
		}
		h = json_pack("{s:s, s:s}", "to", to, "reason", reason ? reason : "high_risk_area");
		if (strcmp(kind, "choice") == 0) {
			size_t k;
			json_t *c;

			if (!json_is_array(on) || json_array_size(on) == 0) {
				json_decref(out);
				json_decref(h);
				return fault_setf(&r->fault, ERR_INVALID, "questions",
						  "选择题 %zu 须在 handoff.on 中列出需转交的选项",
						  "choice question %zu lists the choices that hand off in handoff.on",
						  i + 1);
			}
			json_array_foreach(on, k, c) {
				size_t m;
				json_t *d;
				bool found = false;

				json_array_foreach(json_object_get(out, "choices"), m, d)
					if (json_is_string(c) && strcmp(json_string_value(c), json_string_value(d)) == 0)
						found = true;
				if (!found) {
					json_decref(out);
					json_decref(h);
					return fault_setf(&r->fault, ERR_INVALID, "questions",
							  "问题 %zu 的 handoff.on 只能列出它的选项",
							  "question %zu: handoff.on lists only its own choices", i + 1);
				}
			}
			json_object_set(h, "on", on);
		}
		json_object_set_new(out, "handoff", h);
	}
	*ret = out;
	return 0;
}

static int
read_questions(struct req *r, json_t *in, char **ret)
{
	json_t *seen, *all, *q, *one = NULL;
	size_t i;
	char *text;
	int rc;

	if (!json_is_array(in) || json_array_size(in) == 0 || json_array_size(in) > SWEEP_MAX_QUESTIONS)
		return fault_set(&r->fault, ERR_INVALID, "questions", "问卷须有 1-30 个问题",
				 "the questionnaire has 1 to 30 questions");
	seen = json_object();
	all = json_array();
	json_array_foreach(in, i, q) {
		if ((rc = read_question(r, q, i, seen, &one))) {
			json_decref(seen);
			json_decref(all);
			return rc;
		}
		json_array_append_new(all, one);
	}
	text = json_dumps(all, JSON_COMPACT);
	*ret = arena_strdup(r->arena, text);
	free(text);
	json_decref(seen);
	json_decref(all);
	return 0;
}

/* The campaign's area codes, each in the user's area, none inside another. */
static int
read_scope(struct req *r, json_t *in, char **ret)
{
	struct buf b = {0};
	const char *codes[SWEEP_MAX_SCOPE];
	json_t *c;
	size_t i, j;

	if (!json_is_array(in) || json_array_size(in) == 0 || json_array_size(in) > SWEEP_MAX_SCOPE)
		return fault_set(&r->fault, ERR_INVALID, "scope", "范围须列出 1-50 个区域（镇、村或网格）",
				 "scope lists 1 to 50 areas (the town, villages or grids)");
	json_array_foreach(in, i, c) {
		struct area ar;
		const char *code = json_is_string(c) ? text_squeeze(r->arena, json_string_value(c)) : NULL;

		if (code == NULL || db_area_get_by_code(r->db, r->arena, code, &ar) != 0 ||
		    !api_in_scope(r, ar.code) || ar.level < AREA_TOWN) {
			buf_free(&b);
			return fault_setf(&r->fault, ERR_INVALID, "scope", "第 %zu 个区域不存在或不在您的辖区内",
					  "area %zu of the scope does not exist or is outside your area", i + 1);
		}
		/* a town or village code stands for its subtree: its prefix */
		codes[i] = arena_strndup(r->arena, ar.code, (size_t)area_scope_len(ar.level));
		for (j = 0; j < i; j++)
			if (strncmp(codes[i], codes[j], strlen(codes[j])) == 0 ||
			    strncmp(codes[j], codes[i], strlen(codes[i])) == 0) {
				buf_free(&b);
				return fault_setf(&r->fault, ERR_INVALID, "scope", "范围中的区域 %zu 与区域 %zu 重叠",
						  "areas %zu and %zu of the scope overlap", j + 1, i + 1);
			}
		if (i)
			buf_addc(&b, ',');
		buf_adds(&b, codes[i]);
	}
	*ret = arena_strndup(r->arena, b.p, b.len);
	buf_free(&b);
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
	struct sweep_campaign s;
	const char *name, *starts, *ends;
	char *scope, *questions;
	int rc;

	memset(&s, 0, sizeof(s));
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, true, &name)) ||
	    (rc = api_date(r, "starts_on", true, &starts)) || (rc = api_date(r, "ends_on", true, &ends)) ||
	    (rc = read_scope(r, json_object_get(r->json, "scope"), &scope)) ||
	    (rc = read_questions(r, json_object_get(r->json, "questions"), &questions)))
		return rc;
	if (strcmp(starts, ends) > 0)
		return fault_set(&r->fault, ERR_INVALID, "ends_on", "结束日期不能早于开始日期",
				 "ends_on cannot be before starts_on");
	s.name = (char *)name;
	s.scope = scope;
	s.starts_on = (char *)starts;
	s.ends_on = (char *)ends;
	s.questions = questions;
	s.created_by = r->user->id;
	if ((rc = dbc_begin(r->db)) || (rc = db_sweep_insert(r->db, &s)) ||
	    (rc = db_sweep_round_insert(r->db, s.id, 1, starts, ends)) ||
	    (rc = api_audit(r, "create", "sweep", s.id, r->scope, name)) ||
	    (rc = db_sweep_get(r->db, r->arena, s.id, &s)))
		return rc;
	return api_commit_json(r, rs, 201, campaign_json(r, &s));
}

int
api_sweep_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "scope", "starts_on", "ends_on", "questions",
					     "status", NULL};
	struct sweep_campaign s;
	const char *name, *starts, *ends, *status;
	json_t *jscope = json_object_get(r->json, "scope"), *jq = json_object_get(r->json, "questions");
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, false, &name)) ||
	    (rc = api_date(r, "starts_on", false, &starts)) || (rc = api_date(r, "ends_on", false, &ends)) ||
	    (rc = api_str(r, "status", 10, false, &status)))
		return rc;
	if (status && strcmp(status, "active") && strcmp(status, "closed"))
		return fault_set(&r->fault, ERR_INVALID, "status", "status 应为 active 或 closed",
				 "status must be active or closed");
	if ((rc = dbc_begin(r->db)) || (rc = sweep_load(r, &s)))
		return rc;
	if (name)
		s.name = (char *)name;
	if (starts)
		s.starts_on = (char *)starts;
	if (ends)
		s.ends_on = (char *)ends;
	if (status)
		s.status = (char *)status;
	if (jscope && (rc = read_scope(r, jscope, &s.scope)))
		return rc;
	if (jq && (rc = read_questions(r, jq, &s.questions)))
		return rc;
	if (strcmp(s.starts_on, s.ends_on) > 0)
		return fault_set(&r->fault, ERR_INVALID, "ends_on", "结束日期不能早于开始日期",
				 "ends_on cannot be before starts_on");
	if ((rc = db_sweep_update(r->db, &s)) ||
	    (rc = api_audit(r, "update", "sweep", s.id, r->scope, s.status)))
		return rc;
	return api_commit_json(r, rs, 200, campaign_json(r, &s));
}

int
api_sweep_round(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"starts_on", "ends_on", NULL};
	struct sweep_campaign s;
	const char *starts, *ends;
	char today[11];
	int rc;

	clock_local_date(clock_now(), today);
	if ((rc = api_only(r, fields)) || (rc = api_date(r, "starts_on", false, &starts)) ||
	    (rc = api_date(r, "ends_on", false, &ends)) || (rc = dbc_begin(r->db)) || (rc = sweep_load(r, &s)))
		return rc;
	s.starts_on = (char *)(starts ? starts : today);
	if (ends)
		s.ends_on = (char *)ends;
	if (strcmp(s.starts_on, s.ends_on) > 0)
		s.ends_on = s.starts_on;
	s.round++;
	s.status = "active";
	if ((rc = db_sweep_round_insert(r->db, s.id, s.round, s.starts_on, s.ends_on)) ||
	    (rc = db_sweep_update(r->db, &s)) ||
	    (rc = api_audit(r, "update", "sweep", s.id, r->scope,
			    arena_printf(r->arena, "round %d", s.round))))
		return rc;
	return api_commit_json(r, rs, 201, campaign_json(r, &s));
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

/* The part of the campaign's scope a list runs over: the user's (narrowed) area when it
 * lies inside the campaign, or the one campaign area inside it. */
static int
list_scope(struct req *r, const struct sweep_campaign *s, const char **ret)
{
	const char *scope = api_narrow(r, req_query(r, "area")), *p = s->scope, *found = NULL;
	int n = 0;

	if (scope == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if (sweep_scope_has(s->scope, scope)) {
		*ret = scope;
		return 0;
	}
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (strncmp(p, scope, strlen(scope)) == 0 && len >= strlen(scope)) {
			found = arena_strndup(r->arena, p, len);
			n++;
		}
		p = e ? e + 1 : NULL;
	}
	if (n != 1)
		return fault_set(&r->fault, ERR_INVALID, "area", "请选择排查范围内的一个村或网格",
				 "choose one village or grid inside the campaign's scope");
	*ret = found;
	return 0;
}

int
api_sweep_pending(struct req *r, struct resp *rs)
{
	struct sweep_campaign s;
	struct sweep_pending *v;
	const char *scope = NULL;
	int limit, offset, n, i, rc, round;
	int64_t total;
	char today[11];
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) || (rc = sweep_load(r, &s)) ||
	    (rc = round_param(r, &s, &round)) || (rc = list_scope(r, &s, &scope)) ||
	    (rc = db_sweep_pending(r->db, r->arena, s.id, round, scope, limit, offset, &v, &n, &total)))
		return rc;
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
	return resp_json(rs, 200, api_list(items, total));
}
