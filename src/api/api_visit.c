/* api_visit.c: a grid worker's visit to a household in a sweep (走访): the form read into the
 * operation's input (svc_sweep_visit_record: who was home, the answers per person, a newcomer
 * added at the door, the hand-offs of risky answers), and the visits as JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "sweep.h"

/* ---------- visits ---------- */

json_t *
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

/* The newcomer at the door as typed (person: the fields of POST /persons), into in.  Where
 * they live is the visited household's: area_code and household_id given are not read.  A
 * field that cannot be read is the operation's to say, in its turn (person_unread). */
static void
newcomer_read(struct req *r, json_t *pj, const char *prefix, struct svc_visit_person *in)
{
	json_t *copy;
	struct fault *f;

	if (!json_is_object(pj)) {
		in->person_not_object = true;
		return;
	}
	copy = json_copy(pj);
	json_object_del(copy, "area_code");
	json_object_del(copy, "household_id");
	if (person_input_read(r, copy, &in->person)) {
		svc_field_in(&r->fault, arena_printf(r->arena, "%s.person", prefix));
		f = arena_alloc(r->arena, sizeof(*f));
		*f = r->fault;
		in->person_unread = f;
		memset(&r->fault, 0, sizeof(r->fault));
	}
	json_decref(copy);
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
			svc_field_in(&r->fault, prefix);
			return rc;
		}
		if (v[i].newcomer)
			newcomer_read(r, newcomer, prefix, &v[i]);
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
	if ((rc = dbc_begin(r->db)) || (rc = svc_sweep_visit_record(api_svc(r, &s), &in, &v)))
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
