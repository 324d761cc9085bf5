/* api_sweep.c: door-to-door sweeps (地毯式排查): campaigns and their questionnaires, rounds,
 * visits with hand-offs to monitoring or to a task, coverage, the "not yet reached" list. */
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
#define SWEEP_MAX_PERSONS 30

static const char *const qkinds[] = {"yesno", "number", "choice", "text", NULL};
static const char *const outcomes[] = {"reached", "not_home", "refused", "moved", NULL};
static const char *const kp_reasons[] = {"high_risk_area", "close_contact", "other", NULL};

/* field_in names a field inside a list item: "questions[2].key" (cut to fit the fault). */
static void
field_in(struct fault *f, const char *prefix)
{
	char tmp[160];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%s.%s", prefix, f->field);
	n = strlen(tmp) < sizeof(f->field) - 1 ? strlen(tmp) : sizeof(f->field) - 1;
	memcpy(f->field, tmp, n);
	f->field[n] = '\0';
}

bool
sweep_scope_has(const char *scope_csv, const char *code)
{
	const char *p = scope_csv;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n && strncmp(code, p, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

bool
sweep_overlaps(const char *scope_csv, const char *prefix)
{
	const char *p = scope_csv;
	size_t sl = strlen(prefix);

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (strncmp(p, prefix, n < sl ? n : sl) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

/* A campaign is the user's business when its scope and the user's area overlap. */
static bool
visible(const struct req *r, const struct sweep_campaign *s)
{
	return sweep_overlaps(s->scope, r->scope);
}

static int
load(struct req *r, struct sweep_campaign *s)
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

struct cov {
	const char *code, *name;
	int level;
	int64_t households, persons;
	int64_t *hr, *pr, *nr, *vs; /* per round, 1-based */
};

static void
cov_add(struct cov *to, const struct cov *from, int rounds)
{
	int k;

	to->households += from->households;
	to->persons += from->persons;
	for (k = 1; k <= rounds; k++) {
		to->hr[k] += from->hr[k];
		to->pr[k] += from->pr[k];
		to->nr[k] += from->nr[k];
		to->vs[k] += from->vs[k];
	}
}

static void
cov_init(struct arena *a, struct cov *c, int rounds)
{
	c->hr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->pr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->nr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->vs = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
}

static json_t *
cov_row(const struct cov *c, int round, int rounds)
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
sweep_coverage_json(struct req *r, const struct sweep_campaign *s, const char *scope, int round)
{
	struct area_own *own;
	struct sweep_count *cv;
	struct cov *units, *vil, total;
	int nown, ncv, nu = 0, nv = 0, i, j, rounds = s->round;
	json_t *grids, *villages, *rnds;
	const char *top_name = NULL;
	int top_level = 99;

	if (db_area_own(r->db, r->arena, scope, &own, &nown) ||
	    db_sweep_counts(r->db, r->arena, s->id, scope, &cv, &ncv))
		return NULL;
	units = arena_alloc(r->arena, sizeof(*units) * (size_t)(nown + 1));
	vil = arena_alloc(r->arena, sizeof(*vil) * (size_t)(nown + 1));
	for (i = 0; i < nown; i++) {
		if (own[i].level < top_level && strncmp(own[i].code, scope, strlen(scope)) == 0) {
			top_level = own[i].level;
			top_name = own[i].name;
		}
		if (!sweep_scope_has(s->scope, own[i].code))
			continue;
		units[nu].code = own[i].code;
		units[nu].name = own[i].name;
		units[nu].level = own[i].level;
		units[nu].households = own[i].households;
		units[nu].persons = own[i].persons;
		cov_init(r->arena, &units[nu], rounds);
		nu++;
	}
	/* counters are kept per household area: both lists are in code order */
	for (i = 0, j = 0; i < ncv; i++) {
		int k = cv[i].round;

		if (k < 1 || k > rounds)
			continue;
		for (j = 0; j < nu && strcmp(units[j].code, cv[i].area_code) != 0; j++)
			;
		if (j == nu)
			continue;
		units[j].hr[k] += cv[i].households_reached;
		units[j].pr[k] += cv[i].persons_reached;
		units[j].nr[k] += cv[i].not_reached;
		units[j].vs[k] += cv[i].visits;
	}
	memset(&total, 0, sizeof(total));
	cov_init(r->arena, &total, rounds);
	total.code = scope;
	total.name = top_name;
	grids = json_array();
	for (i = 0; i < nu; i++) {
		const struct cov *u = &units[i];

		cov_add(&total, u, rounds);
		if (u->level == AREA_GRID)
			json_array_append_new(grids, cov_row(u, round, rounds));
		if (u->level >= AREA_VILLAGE && strlen(u->code) >= 12) {
			char *vc = arena_strndup(r->arena, u->code, 12);

			for (j = 0; j < nv && strcmp(vil[j].code, vc) != 0; j++)
				;
			if (j == nv) {
				struct area ar;

				memset(&vil[nv], 0, sizeof(vil[nv]));
				vil[nv].code = vc;
				vil[nv].level = AREA_VILLAGE;
				vil[nv].name = db_area_get_by_code(r->db, r->arena, vc, &ar) == 0 ? ar.name : "";
				cov_init(r->arena, &vil[nv], rounds);
				nv++;
			}
			cov_add(&vil[j], u, rounds);
		}
	}
	villages = json_array();
	for (j = 0; j < nv; j++)
		json_array_append_new(villages, cov_row(&vil[j], round, rounds));
	rnds = json_array();
	for (i = 1; i <= rounds; i++)
		json_array_append_new(rnds, json_integer(i));
	return json_pack("{s:I, s:s, s:i, s:o, s:o, s:o, s:o}", "campaign_id", (json_int_t)s->id,
			 "name", s->name, "round", round, "rounds", rnds, "town",
			 cov_row(&total, round, rounds), "villages", villages, "grids", grids);
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
	cov = sweep_coverage_json(r, s, r->scope, s->round);
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
		field_in(&r->fault, field);
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

	if ((rc = load(r, &s)))
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
	if ((rc = dbc_begin(r->db)) || (rc = load(r, &s)))
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
	    (rc = api_date(r, "ends_on", false, &ends)) || (rc = dbc_begin(r->db)) || (rc = load(r, &s)))
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

	if ((rc = load(r, &s)) || (rc = round_param(r, &s, &round)))
		return rc;
	scope = api_narrow(r, req_query(r, "area"));
	if (scope == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((j = sweep_coverage_json(r, &s, scope, round)) == NULL)
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

	if ((rc = load(r, &s)) || (rc = round_param(r, &s, &round)))
		return rc;
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((j = sweep_coverage_json(r, &s, scope, round)) == NULL)
		return ERR_DB;
	buf_adds(&b, "\xef\xbb\xbf");
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
	if ((rc = api_audit(r, "export", "sweep", s.id, scope,
			    arena_printf(r->arena, "sweep coverage csv: round %d", round)))) {
		buf_free(&b);
		return rc;
	}
	rs->status = 200;
	rs->body = arena_strndup(r->arena, b.p, b.len);
	rs->bodylen = b.len;
	rs->ctype = "text/csv; charset=utf-8";
	rs->disposition = "attachment; filename=\"sweep-coverage.csv\"";
	buf_free(&b);
	return 0;
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

	if ((rc = api_page(r, &limit, &offset)) || (rc = load(r, &s)) ||
	    (rc = round_param(r, &s, &round)) || (rc = list_scope(r, &s, &scope)) ||
	    (rc = db_sweep_pending(r->db, r->arena, s.id, round, scope, limit, offset, &v, &n, &total)))
		return rc;
	clock_local_date(clock_now(), today);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:s?, s:i, s:o, s:s?, s:b}", "household_id",
				  (json_int_t)v[i].household_id, "address", v[i].address, "area_code",
				  v[i].area_code, "area_name", v[i].area_name, "head_name", v[i].head_name,
				  "members", (json_int_t)v[i].members, "status", v[i].status, "attempts",
				  v[i].attempts, "last_at",
				  v[i].last_at ? json_integer(v[i].last_at) : json_null(), "revisit_on",
				  v[i].revisit_on, "revisit_due",
				  v[i].status != NULL && (v[i].revisit_on == NULL ||
							  strcmp(v[i].revisit_on, today) <= 0)));
	return resp_json(rs, 200, api_list(items, total));
}

/* ---------- visits ---------- */

static json_t *
visit_json(struct req *r, const struct sweep_visit *v)
{
	struct sweep_handoff *h;
	int n = 0, i;
	json_t *answers = json_loads(v->answers, 0, NULL), *handoffs = json_array(), *j;
	json_t *empty_o = json_object(), *empty_a = json_array();

	if (db_sweep_handoffs(r->db, r->arena, v->id, &h, &n) == 0)
		for (i = 0; i < n; i++)
			json_array_append_new(
				handoffs,
				json_pack("{s:o, s:s?, s:s, s:s, s:o, s:o, s:s}", "person_id",
					  h[i].person_id ? json_integer(h[i].person_id) : json_null(),
					  "name", h[i].person_name, "question", h[i].question, "to", h[i].kind,
					  "key_person_id",
					  h[i].key_person_id ? json_integer(h[i].key_person_id) : json_null(),
					  "task_id", h[i].task_id ? json_integer(h[i].task_id) : json_null(),
					  "status", h[i].status));
	if (answers == NULL)
		answers = json_object();
	j = json_pack("{s:I, s:I, s:i, s:I, s:s, s:s, s:s, s:s, s:I, s:i, s:O, s:O, s:s, s:s?, "
		      "s:o, s:o, s:I}",
		      "id", (json_int_t)v->id, "campaign_id", (json_int_t)v->campaign_id, "round",
		      v->round, "household_id", (json_int_t)v->household_id, "address", v->address,
		      "area_code", v->area_code, "area_name", v->area_name, "outcome", v->outcome,
		      "visited_at", (json_int_t)v->visited_at, "persons_seen", v->persons, "answers",
		      json_object_get(answers, "household") ? json_object_get(answers, "household")
							     : empty_o,
		      "persons", json_object_get(answers, "persons") ? json_object_get(answers, "persons")
								 : empty_a,
		      "note", v->note ? v->note : "", "revisit_on", v->revisit_on, "handoffs", handoffs,
		      "recorded_by",
		      v->user_id ? json_pack("{s:I, s:s}", "id", (json_int_t)v->user_id, "name",
					     v->username ? v->username : "")
				 : json_null(),
		      "created_at", (json_int_t)v->created_at);
	json_decref(answers);
	json_decref(empty_o);
	json_decref(empty_a);
	return j;
}

/* One answer against its question: canonical value into *ret, or a fault naming field. */
static int
read_answer(struct req *r, json_t *q, json_t *v, const char *field, json_t **ret)
{
	const char *kind = json_string_value(json_object_get(q, "kind"));

	if (strcmp(kind, "yesno") == 0) {
		if (!json_is_boolean(v))
			return fault_setf(&r->fault, ERR_INVALID, field, "%s 应回答是或否（true/false）",
					  "%s is answered yes or no (true/false)", field);
		*ret = json_boolean(json_is_true(v));
	} else if (strcmp(kind, "number") == 0) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000)
			return fault_setf(&r->fault, ERR_INVALID, field, "%s 应为 0 到 1000000 的整数",
					  "%s must be a whole number from 0 to 1000000", field);
		*ret = json_integer(json_integer_value(v));
	} else if (strcmp(kind, "choice") == 0) {
		size_t i;
		json_t *c;
		const char *t = json_is_string(v) ? text_normalize(r->arena, json_string_value(v)) : "";

		json_array_foreach(json_object_get(q, "choices"), i, c)
			if (strcmp(json_string_value(c), t) == 0) {
				*ret = json_string(t);
				return 0;
			}
		return fault_setf(&r->fault, ERR_INVALID, field, "%s 应为问卷给出的选项之一",
				  "%s must be one of the question's choices", field);
	} else {
		const char *t = json_is_string(v) ? text_normalize(r->arena, json_string_value(v)) : NULL;

		if (t == NULL || text_utf8_len(t) > 200)
			return fault_setf(&r->fault, ERR_INVALID, field, "%s 应为 200 字以内的文本",
					  "%s must be text of at most 200 characters", field);
		*ret = json_string(t);
	}
	return 0;
}

/* Answers of one household or one person: every key a question of that kind, the required
 * ones present when the door was answered. */
static int
read_answers(struct req *r, json_t *questions, json_t *in, bool per_person, bool reached,
	     const char *prefix, json_t **ret)
{
	json_t *out = json_object(), *q, *v;
	const char *key;
	size_t i;
	int rc;

	if (in && !json_is_null(in) && !json_is_object(in)) {
		json_decref(out);
		return fault_setf(&r->fault, ERR_INVALID, prefix, "%s 应为对象 {问题key: 回答}",
				  "%s must be an object {question key: answer}", prefix);
	}
	json_object_foreach(in, key, v) {
		json_t *found = NULL, *val = NULL;
		const char *field = arena_printf(r->arena, "%s.%s", prefix, key);

		json_array_foreach(questions, i, q)
			if (strcmp(json_string_value(json_object_get(q, "key")), key) == 0 &&
			    json_is_true(json_object_get(q, "per_person")) == per_person)
				found = q;
		if (found == NULL) {
			json_decref(out);
			return fault_setf(&r->fault, ERR_INVALID, field, "问卷里没有这个%s问题：%s",
					  "the questionnaire has no %s question %s",
					  per_person ? "逐人" : "按户", key);
		}
		if (json_is_null(v))
			continue;
		if ((rc = read_answer(r, found, v, field, &val))) {
			json_decref(out);
			return rc;
		}
		json_object_set_new(out, key, val);
	}
	json_array_foreach(questions, i, q) {
		const char *k = json_string_value(json_object_get(q, "key"));

		if (reached && json_is_true(json_object_get(q, "required")) &&
		    json_is_true(json_object_get(q, "per_person")) == per_person &&
		    json_object_get(out, k) == NULL) {
			json_decref(out);
			return fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "%s.%s", prefix, k),
					  "请回答“%s”", "please answer \"%s\"",
					  json_string_value(json_object_get(q, "text")));
		}
	}
	*ret = out;
	return 0;
}

static bool
triggers(json_t *q, json_t *answer)
{
	json_t *h = json_object_get(q, "handoff"), *c;
	size_t i;

	if (h == NULL || answer == NULL)
		return false;
	if (json_is_boolean(answer))
		return json_is_true(answer);
	json_array_foreach(json_object_get(h, "on"), i, c)
		if (json_is_string(answer) && strcmp(json_string_value(c), json_string_value(answer)) == 0)
			return true;
	return false;
}

/* A task for the village's secretary (else the command post, else the visitor). */
static int
handoff_task(struct req *r, const struct sweep_visit *v, const struct household *h,
	     const struct person *p, json_t *q, struct sweep_handoff *ret)
{
	struct task t;
	char village[13], town[13];
	int64_t owner = 0;
	json_t *j;
	int rc;

	snprintf(village, sizeof(village), "%.12s", h->area_code);
	snprintf(town, sizeof(town), "%.9s000", h->area_code);
	if (db_user_find_staff(r->db, "secretary", village, &owner) != 0 &&
	    db_user_find_staff(r->db, "admin", town, &owner) != 0)
		owner = r->user->id;
	j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "title",
		      arena_printf(r->arena, "排查发现：%s — %s", json_string_value(json_object_get(q, "text")),
				   p ? p->name : h->address),
		      "description",
		      arena_printf(r->arena, "%s %s，走访记录 #%lld（%s）", h->area_name, h->address,
				   (long long)v->id, r->user->username),
		      "area_code", h->area_code, "owner_id", (json_int_t)owner, "deadline",
		      (json_int_t)(clock_now() + 86400), "priority", "high", "source", "sweep");
	if (p)
		json_object_set_new(j, "person_id", json_integer(p->id));
	rc = task_create_json(r, j, "sweep", v->id, &t);
	json_decref(j);
	if (rc)
		return rc;
	ret->kind = "task";
	ret->task_id = t.id;
	ret->status = "created";
	return 0;
}

/* Registration for home observation as found by the sweep (monitor_register). */
static int
handoff_monitor(struct req *r, const struct sweep_visit *v, const struct person *p, json_t *q,
		json_t *pin, struct sweep_handoff *ret)
{
	struct key_person k;
	struct monitor_settings set;
	int64_t existing;
	char today[11], end[11], code[12];
	const char *arrived = json_string_value(json_object_get(pin, "arrived_on")),
		   *from = json_string_value(json_object_get(pin, "from_place"));
	int rc;

	ret->kind = "monitor";
	if (db_kp_active_of_person(r->db, p->id, &existing) == 0) {
		ret->key_person_id = existing;
		ret->status = "already";
		return 0;
	}
	memset(&k, 0, sizeof(k));
	clock_local_date(v->visited_at, today);
	monitor_settings(r->db, r->arena, &set);
	k.reason = (char *)json_string_value(json_object_get(json_object_get(q, "handoff"), "reason"));
	k.reason_detail = (char *)json_string_value(json_object_get(q, "text"));
	k.from_place = (char *)(from ? from : "");
	k.arrived_on = (char *)(arrived ? arrived : today);
	k.found_by = "sweep";
	k.kind = "home";
	k.start_date = k.arrived_on;
	k.days = set.days_home;
	obs_end_date(k.start_date, k.days, end);
	k.end_date = end;
	if ((rc = monitor_register(r->db, r->arena, &k, p, r->user->id, r->user->username, code,
				   &r->fault)) ||
	    (rc = api_audit(r, "create", "key_person", k.id, k.area_code, p->name)))
		return rc;
	ret->key_person_id = k.id;
	ret->status = "created";
	return 0;
}

static int
handoff(struct req *r, const struct sweep_visit *v, const struct household *h, const struct person *p,
	json_t *q, json_t *pin)
{
	struct sweep_handoff x;
	const char *to = json_string_value(json_object_get(json_object_get(q, "handoff"), "to"));
	int rc;

	memset(&x, 0, sizeof(x));
	x.visit_id = v->id;
	x.person_id = p ? p->id : 0;
	x.question = (char *)json_string_value(json_object_get(q, "key"));
	/* registering needs monitor.write; without it the risk goes to the secretary as a task */
	if (p && strcmp(to, "monitor") == 0 && (r->perms & PERM_MONITOR_WRITE))
		rc = handoff_monitor(r, v, p, q, pin, &x);
	else
		rc = handoff_task(r, v, h, p, q, &x);
	if (rc)
		return rc;
	return db_sweep_handoff_insert(r->db, &x);
}

/* person_create_json (api_person.c) adds a person to the registry inside the open transaction. */
int person_create_json(struct req *r, json_t *j, struct person *ret);

/* Someone at the door who is not in the registry (a relative back for the holiday, a lodger):
 * added to the household in the visit's transaction, so nobody seen is left out (不漏一人). */
static int
newcomer_at_door(struct req *r, const struct household *h, json_t *pj, int64_t pid,
		 const char *prefix, struct person *ret)
{
	json_t *copy;
	int rc;

	if (pid)
		return fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "%s.person_id", prefix),
				  "请填写 person_id（在册人员）或 person（不在册的新人员），二者选一",
				  "give person_id (in the registry) or person (someone new), not both");
	if (!json_is_object(pj))
		return fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "%s.person", prefix),
				  "person 应为人员对象（姓名、身份证号、电话……）",
				  "person must be an object of person fields (name, id_number, phone…)");
	if (!(r->perms & PERM_PERSON_WRITE))
		return fault_set(&r->fault, ERR_DENIED, arena_printf(r->arena, "%s.person", prefix),
				 "您不能登记新人员", "you may not add people to the registry");
	copy = json_deep_copy(pj);
	json_object_del(copy, "area_code");
	json_object_set_new(copy, "household_id", json_integer(h->id));
	rc = person_create_json(r, copy, ret);
	json_decref(copy);
	if (rc)
		field_in(&r->fault, strncmp(r->fault.field, "person.", 7) == 0
					    ? prefix
					    : arena_printf(r->arena, "%s.person", prefix));
	return rc;
}

int
api_sweep_visit_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"household_id", "outcome", "visited_at", "note",
					     "revisit_on", "answers", "persons", NULL};
	static const char *const pfields[] = {"person_id", "person", "answers", "from_place", "arrived_on",
					      NULL};
	struct sweep_campaign s;
	struct sweep_visit v;
	struct household h;
	struct person *people = NULL;
	json_t *questions = NULL, *hh_answers = NULL, *persons_in = json_object_get(r->json, "persons"),
	       *persons_out = NULL, *stored, *pin, *q;
	int64_t hid = 0, at = 0, now = clock_now();
	const char *outcome, *note, *revisit;
	char *old = NULL, today[11], *text;
	const char *status;
	int rc, np = 0, fresh = 0, first, k;
	size_t i, j;
	bool reached;

	memset(&v, 0, sizeof(v));
	clock_local_date(now, today);
	if ((rc = api_only(r, fields)) || (rc = api_int(r, "household_id", true, 1, INT64_MAX, &hid)) ||
	    (rc = api_str(r, "outcome", 10, true, &outcome)) ||
	    (rc = api_int(r, "visited_at", false, 1, now + 300, &at)) ||
	    (rc = api_text(r, "note", 500, false, &note)) || (rc = api_date(r, "revisit_on", false, &revisit)))
		return rc;
	if (!api_one_of(outcome, outcomes))
		return fault_set(&r->fault, ERR_INVALID, "outcome",
				 "outcome 应为 reached（见到人）、not_home（无人在家）、refused（拒绝）或 moved（已搬走）",
				 "outcome must be reached, not_home, refused or moved");
	reached = strcmp(outcome, "reached") == 0;
	if (persons_in && !json_is_null(persons_in) &&
	    (!json_is_array(persons_in) || json_array_size(persons_in) > SWEEP_MAX_PERSONS))
		return fault_set(&r->fault, ERR_INVALID, "persons", "persons 应为在家人员的列表（最多 30 人）",
				 "persons is the list of people seen (at most 30)");
	np = json_is_array(persons_in) ? (int)json_array_size(persons_in) : 0;
	if (reached && np == 0)
		return fault_set(&r->fault, ERR_INVALID, "persons", "见到人时请至少勾选一名在家人员",
				 "a reached household lists at least one person seen");
	if (!reached && np > 0)
		return fault_set(&r->fault, ERR_INVALID, "persons", "没见到人时不能登记在家人员",
				 "a household not reached lists nobody");
	if (reached && revisit)
		return fault_set(&r->fault, ERR_INVALID, "revisit_on", "已见到人，无需回访日期",
				 "a reached household needs no revisit date");
	if (revisit && strcmp(revisit, today) < 0)
		return fault_set(&r->fault, ERR_INVALID, "revisit_on", "回访日期不能早于今天",
				 "revisit_on cannot be before today");
	if ((rc = dbc_begin(r->db)) || (rc = load(r, &s)))
		return rc;
	if (strcmp(s.status, "active") != 0)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "该排查活动已结束，不能再登记走访",
				 "the campaign is closed: no more visits");
	/* outside the worker's grid (or no such household): the same refusal, nothing learned */
	if (db_household_get(r->db, r->arena, hid, &h) != 0 || !api_in_scope(r, h.area_code))
		return fault_set(&r->fault, ERR_DENIED, "household_id", "该户不在您的网格（辖区）内，不能登记走访",
				 "that household is not in your grid (area): you cannot record a visit there");
	if (!sweep_scope_has(s.scope, h.area_code))
		return fault_set(&r->fault, ERR_INVALID, "household_id", "该户不在本次排查的范围内",
				 "that household is outside the campaign's scope");
	v.visited_at = at ? at : now;
	{
		char d[11];

		clock_local_date(v.visited_at, d);
		if (strcmp(d, s.starts_on) < 0)
			return fault_set(&r->fault, ERR_INVALID, "visited_at", "走访时间早于排查开始日期",
					 "visited_at is before the campaign starts");
	}
	questions = json_loads(s.questions, 0, NULL);
	if (questions == NULL)
		return ERR_INTERNAL;
	if ((rc = read_answers(r, questions, json_object_get(r->json, "answers"), false, reached,
			       "answers", &hh_answers)))
		goto out;
	people = arena_alloc(r->arena, sizeof(*people) * (size_t)(np + 1));
	persons_out = json_array();
	json_array_foreach(persons_in, i, pin) {
		json_t *saved = r->json, *pa, *o, *newcomer;
		int64_t pid = 0;
		const char *prefix = arena_printf(r->arena, "persons[%zu]", i), *from, *arrived;

		if (!json_is_object(pin)) {
			rc = fault_setf(&r->fault, ERR_INVALID, prefix, "%s 应为 {person_id, answers}",
					"%s must be {person_id, answers}", prefix);
			goto out;
		}
		newcomer = json_object_get(pin, "person");
		if (newcomer && json_is_null(newcomer))
			newcomer = NULL;
		r->json = pin;
		rc = api_only(r, pfields);
		if (rc == 0)
			rc = api_int(r, "person_id", newcomer == NULL, 1, INT64_MAX, &pid);
		if (rc == 0)
			rc = api_str(r, "from_place", 60, false, &from);
		if (rc == 0)
			rc = api_date(r, "arrived_on", false, &arrived);
		r->json = saved;
		if (rc) {
			field_in(&r->fault, prefix);
			goto out;
		}
		if (arrived && strcmp(arrived, today) > 0) {
			rc = fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "%s.arrived_on", prefix),
					"抵达日期不能晚于今天", "arrived_on cannot be later than today");
			goto out;
		}
		if (newcomer && (rc = newcomer_at_door(r, &h, newcomer, pid, prefix, &people[i])))
			goto out;
		if (newcomer)
			pid = people[i].id;
		else if (db_person_get(r->db, r->arena, pid, &people[i]) != 0 ||
			 people[i].household_id != h.id || people[i].merged_into) {
			rc = fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "%s.person_id", prefix),
					"第 %zu 人不是这一户的成员", "person %zu is not a member of this household",
					i + 1);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (people[j].id == pid) {
				rc = fault_setf(&r->fault, ERR_INVALID,
						arena_printf(r->arena, "%s.person_id", prefix),
						"%s 重复登记了", "%s is listed twice", people[i].name);
				goto out;
			}
		if ((rc = read_answers(r, questions, json_object_get(pin, "answers"), true, true,
				       arena_printf(r->arena, "%s.answers", prefix), &pa)))
			goto out;
		o = json_pack("{s:I, s:s, s:o}", "person_id", (json_int_t)pid, "name", people[i].name,
			      "answers", pa);
		if (from)
			json_object_set_new(o, "from_place", json_string(from));
		if (arrived)
			json_object_set_new(o, "arrived_on", json_string(arrived));
		json_array_append_new(persons_out, o);
	}
	stored = json_pack("{s:O, s:O}", "household", hh_answers, "persons", persons_out);
	text = json_dumps(stored, JSON_COMPACT);
	json_decref(stored);
	v.answers = arena_strdup(r->arena, text);
	free(text);
	v.campaign_id = s.id;
	v.round = s.round;
	v.household_id = h.id;
	v.area_code = h.area_code;
	v.outcome = (char *)outcome;
	v.persons = np;
	v.note = (char *)note;
	v.revisit_on = reached ? NULL : (char *)(revisit ? revisit : NULL);
	v.user_id = r->user->id;
	v.username = r->user->username;
	if ((rc = db_sweep_visit_insert(r->db, &v)))
		goto out;

	/* the household's standing in this round, and the counters that follow from it */
	rc = db_sweep_household_status(r->db, r->arena, s.id, s.round, h.id, &old);
	if (rc == ERR_NOTFOUND) {
		old = NULL;
		rc = 0;
	}
	if (rc)
		goto out;
	status = reached || (old && strcmp(old, "reached") == 0) ? "reached" : outcome;
	for (k = 0; k < np; k++) {
		if ((rc = db_sweep_person_seen(r->db, s.id, s.round, people[k].id, v.id, &first)))
			goto out;
		fresh += first;
	}
	{
		bool was = old && strcmp(old, "reached") == 0, now_reached = strcmp(status, "reached") == 0;
		int64_t dn = (old && !was ? -1 : 0) + (now_reached ? 0 : 1);

		if ((rc = db_sweep_count_add(r->db, s.id, s.round, h.area_code, now_reached && !was, fresh,
					     dn, 1)) ||
		    (rc = db_sweep_household_put(r->db, s.id, s.round, h.id, h.area_code, status, v.id,
						 v.visited_at, now_reached ? NULL : v.revisit_on)))
			goto out;
	}

	/* hand-offs: a risky answer goes to monitoring or to the secretary, linked to this visit */
	json_array_foreach(questions, i, q) {
		if (!json_is_true(json_object_get(q, "per_person"))) {
			if (triggers(q, json_object_get(hh_answers, json_string_value(json_object_get(q, "key")))) &&
			    (rc = handoff(r, &v, &h, NULL, q, NULL)))
				goto out;
			continue;
		}
		json_array_foreach(persons_out, j, pin)
			if (triggers(q, json_object_get(json_object_get(pin, "answers"),
							json_string_value(json_object_get(q, "key")))) &&
			    (rc = handoff(r, &v, &h, &people[j], q, pin)))
				goto out;
	}
	if ((rc = api_audit(r, "create", "sweep_visit", v.id, h.area_code,
			    arena_printf(r->arena, "campaign %lld round %d: %s, %d seen", (long long)s.id,
					 s.round, outcome, np))) ||
	    (rc = db_sweep_visit_get(r->db, r->arena, v.id, &v)))
		goto out;
	json_decref(questions);
	json_decref(hh_answers);
	json_decref(persons_out);
	return api_commit_json(r, rs, 201, visit_json(r, &v));
out:
	json_decref(questions);
	json_decref(hh_answers);
	json_decref(persons_out);
	return rc;
}

int
api_sweep_visit_list(struct req *r, struct resp *rs)
{
	struct sweep_campaign s;
	struct sweep_visit *v;
	const char *scope, *hq = req_query(r, "household_id");
	int64_t hid = hq && *hq ? strtoll(hq, NULL, 10) : 0, total;
	int limit, offset, n, i, rc;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) || (rc = load(r, &s)))
		return rc;
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = db_sweep_visits(r->db, r->arena, s.id, scope, hid, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, visit_json(r, &v[i]));
	return resp_json(rs, 200, api_list(items, total));
}
