/* api_visit.c: a grid worker's visit to a household in a sweep (走访): who was home, the answers
 * per person, a newcomer added at the door, and the hand-offs of risky answers to monitoring or
 * to a task for the secretary. */
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

#define SWEEP_MAX_PERSONS 30

static const char *const outcomes[] = {"reached", "not_home", "refused", "moved", NULL};

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
	api_area_labelled(j, v->village_name, v->area_name);
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
	char today[11], end[11], code[SELF_CODE_SIZE];
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
		sweep_field_in(&r->fault, strncmp(r->fault.field, "person.", 7) == 0
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
	if ((rc = dbc_begin(r->db)) || (rc = sweep_load(r, &s)))
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
			sweep_field_in(&r->fault, prefix);
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

	if ((rc = api_page(r, &limit, &offset)) || (rc = sweep_load(r, &s)))
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
