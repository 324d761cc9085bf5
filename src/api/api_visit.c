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

/* The answers of a household or a person as typed ({question key: answer}); *ret_not_object
 * when they are given but are not an object. */
static void
answers_read(struct req *r, json_t *in, struct answer **ret, int *ret_n, bool *ret_not_object)
{
	struct answer *v;
	const char *key;
	json_t *x;
	int n = 0;

	*ret = NULL;
	*ret_n = 0;
	*ret_not_object = in && !json_is_null(in) && !json_is_object(in);
	if (!json_is_object(in))
		return;
	v = arena_alloc(r->arena, sizeof(*v) * (json_object_size(in) + 1));
	json_object_foreach(in, key, x) {
		v[n].key = key;
		if (json_is_null(x))
			v[n].type = ANSWER_NULL;
		else if (json_is_boolean(x)) {
			v[n].type = ANSWER_BOOL;
			v[n].i = json_is_true(x);
		} else if (json_is_integer(x)) {
			v[n].type = ANSWER_INT;
			v[n].i = json_integer_value(x);
		} else if (json_is_string(x)) {
			v[n].type = ANSWER_TEXT;
			v[n].text = json_string_value(x);
		} else
			v[n].type = ANSWER_OTHER;
		n++;
	}
	*ret = v;
	*ret_n = n;
}

/* What the visit lends from the request to the operation (svc_visit_hooks): the request and
 * the persons at the door as given. */
struct visit_ctx {
	struct req *r;
	json_t *persons;
	const struct svc_visit_person *in;
};

/* A task for the village's secretary (else the command post, else the visitor). */
static int
handoff_task(void *ctx, struct svc *s, const struct sweep_visit *v, const struct household *h,
	     const struct person *p, const struct question *q, int64_t *ret_task)
{
	struct req *r = ((struct visit_ctx *)ctx)->r;
	struct svc_task_in in = {0};
	struct task t;
	char village[13], town[13];
	int64_t owner = 0;
	int rc;

	snprintf(village, sizeof(village), "%.12s", h->area_code);
	snprintf(town, sizeof(town), "%.9s000", h->area_code);
	if (db_user_find_staff(r->db, "secretary", village, &owner) != 0 &&
	    db_user_find_staff(r->db, "admin", town, &owner) != 0)
		owner = r->user->id;
	in.title = arena_printf(r->arena, "排查发现：%s — %s",
				q->text, p ? p->name : h->address);
	in.description = arena_printf(r->arena, "%s %s，走访记录 #%lld（%s）", h->area_name,
				      h->address, (long long)v->id, r->user->username);
	in.area_code = h->area_code;
	in.person_id = p ? p->id : 0;
	in.owner_id = owner;
	in.deadline = clock_now() + 86400;
	in.priority = "high";
	in.source = "sweep";
	in.source_id = v->id;
	if ((rc = svc_task_create(s, &in, &t)))
		return rc;
	*ret_task = t.id;
	return 0;
}

/* Registration for home observation as found by the sweep (monitor_register). */
static int
handoff_monitor(void *ctx, struct svc *s, const struct sweep_visit *v, const struct person *p,
		const struct question *q, const char *from, const char *arrived, int64_t *ret_kp,
		const char **ret_status)
{
	struct req *r = ((struct visit_ctx *)ctx)->r;
	struct key_person k;
	struct monitor_settings set;
	int64_t existing;
	char today[11], end[11], code[SELF_CODE_SIZE];
	int rc;

	if (db_kp_active_of_person(r->db, p->id, &existing) == 0) {
		*ret_kp = existing;
		*ret_status = "already";
		return 0;
	}
	memset(&k, 0, sizeof(k));
	clock_local_date(v->visited_at, today);
	monitor_settings(r->db, r->arena, &set);
	k.reason = (char *)q->handoff_reason;
	k.reason_detail = (char *)q->text;
	k.from_place = (char *)(from ? from : "");
	k.arrived_on = (char *)(arrived ? arrived : arena_strdup(r->arena, today));
	k.found_by = "sweep";
	k.kind = "home";
	k.start_date = k.arrived_on;
	k.days = set.days_home;
	obs_end_date(k.start_date, k.days, end);
	k.end_date = end;
	if ((rc = monitor_register(r->db, r->arena, &k, p, r->user->id, r->user->username, code,
				   &r->fault)) ||
	    (rc = svc_audit(s, "create", "key_person", k.id, k.area_code, p->name)))
		return rc;
	*ret_kp = k.id;
	*ret_status = "created";
	return 0;
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

/* The newcomer hook: person i of the visit is someone new. */
static int
newcomer_hook(void *ctx, struct svc *s, const struct household *h, int i, struct person *ret)
{
	struct visit_ctx *x = ctx;

	(void)s;
	return newcomer_at_door(x->r, h, json_object_get(json_array_get(x->persons, (size_t)i), "person"),
				x->in[i].person_id, arena_printf(x->r->arena, "persons[%d]", i), ret);
}

/* The persons seen at the door as typed, their fields named "persons[1].arrived_on". */
static int
persons_read(struct req *r, json_t *persons, struct svc_visit_in *in)
{
	static const char *const pfields[] = {"person_id", "person", "answers", "from_place",
					      "arrived_on", NULL};
	struct svc_visit_person *v;
	json_t *pin;
	size_t i;
	int rc;

	in->npersons = persons == NULL || json_is_null(persons) ? 0
		       : !json_is_array(persons)		 ? -1
							 : (int)json_array_size(persons);
	if (in->npersons < 1 || in->npersons > SWEEP_MAX_PERSONS)
		return 0;
	v = arena_alloc(r->arena, sizeof(*v) * (size_t)in->npersons);
	json_array_foreach(persons, i, pin) {
		const char *prefix = arena_printf(r->arena, "persons[%zu]", i);
		json_t *newcomer = json_object_get(pin, "person");

		if (!json_is_object(pin))
			return fault_setf(&r->fault, ERR_INVALID, prefix, "%s 应为 {person_id, answers}",
					  "%s must be {person_id, answers}", prefix);
		v[i].newcomer = newcomer && !json_is_null(newcomer);
		if ((rc = api_obj_only(r, pin, pfields)) ||
		    (rc = api_obj_int(r, pin, "person_id", !v[i].newcomer, 1, INT64_MAX, &v[i].person_id)) ||
		    (rc = api_obj_str(r, pin, "from_place", 60, false, &v[i].from_place)) ||
		    (rc = api_obj_date(r, pin, "arrived_on", false, &v[i].arrived_on))) {
			sweep_field_in(&r->fault, prefix);
			return rc;
		}
		answers_read(r, json_object_get(pin, "answers"), (struct answer **)&v[i].answers,
			     &v[i].nanswers, &v[i].answers_not_object);
	}
	in->persons = v;
	return 0;
}

int
api_sweep_visit_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"household_id", "outcome", "visited_at", "note",
					     "revisit_on", "answers", "persons", NULL};
	json_t *persons = json_object_get(r->json, "persons");
	struct svc_visit_in in;
	struct visit_ctx ctx = {r, persons, NULL};
	struct svc_visit_hooks hooks = {&ctx, newcomer_hook, handoff_monitor, handoff_task};
	struct sweep_visit v;
	struct svc s;
	int rc;

	memset(&in, 0, sizeof(in));
	in.campaign_id = req_param_id(r, 0);
	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "household_id", true, 1, INT64_MAX, &in.household_id)) ||
	    (rc = api_str(r, "outcome", 10, true, &in.outcome)) ||
	    (rc = api_int(r, "visited_at", false, 1, clock_now() + 300, &in.visited_at)) ||
	    (rc = api_text(r, "note", 500, false, &in.note)) ||
	    (rc = api_date(r, "revisit_on", false, &in.revisit_on)) ||
	    (rc = persons_read(r, persons, &in)))
		return rc;
	answers_read(r, json_object_get(r->json, "answers"), (struct answer **)&in.answers,
		     &in.nanswers, &in.answers_not_object);
	ctx.in = in.persons;
	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_sweep_visit_record(api_svc(r, &s), &in, &hooks, &v)))
		return rc;
	return api_commit_json(r, rs, 201, visit_json(r, &v));
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
