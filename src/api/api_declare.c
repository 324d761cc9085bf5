/* api_declare.c: travellers declaring themselves on their own phones at a checkpoint (扫码登记):
 * the poster's token, the public form (login-free, throttled per address) and the staff's
 * look-up by code.  The screening made from a declaration is api_screening.c's POST. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "checkpoint.h"
#include "clock.h"
#include "mask.h"
#include "rate.h"
#include "svc_declare.h"

#define DECLARE_BURST 20         /* declarations from one address in DECLARE_WINDOW */
#define DECLARE_WINDOW 600

/* Per-address memory of recent declarations, in this process, as for tips.  A queue of cars on
 * one mobile network may share an address: twenty in ten minutes is a queue, more is a script. */
static struct rate seen = RATE_INIT;

/* The poster of post {id}: its token, made the first time (a write: hence POST). */
int
api_declare_poster(struct req *r, struct resp *rs)
{
	struct duty_post p;
	struct svc s;
	char *token;
	int rc;

	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_declare_token(api_svc(r, &s), req_param_id(r, 0), &token)) ||
	    (rc = db_post_get(r->db, r->arena, req_param_id(r, 0), &p)))
		return rc;
	return api_commit_json(r, rs, 200,
			       json_pack("{s:I, s:s, s:s, s:s, s:s}", "post_id", (json_int_t)p.id,
					 "post_name", p.name, "place", p.place, "token", token, "path",
					 arena_printf(r->arena, "/declare/%s", token)));
}

/* The heading of the public form: which checkpoint the poster stands at, nothing more. */
int
api_declare_post_public(struct req *r, struct resp *rs)
{
	struct duty_post p;
	struct svc s;
	int rc;

	if ((rc = svc_declare_post_public(api_svc(r, &s), r->params[0], &p)))
		return rc;
	return resp_json(rs, 200, json_pack("{s:s, s:s, s:s, s:i}", "post_name", p.name, "place",
					    p.place, "province", p.province, "max_persons",
					    DECLARE_MAX_PERSONS));
}

/* Person i of the body as typed; the operation checks what it says. */
static int
read_person(struct req *r, json_t *o, size_t i, struct svc_declared_in *p)
{
	static const char *const fields[] = {"name", "id_number", "phone", NULL};
	int rc;

	if (!json_is_object(o))
		return fault_setf(&r->fault, ERR_INVALID, "persons", "第 %zu 位人员应为对象",
				  "persons[%zu] must be an object", i);
	if ((rc = api_obj_only(r, o, fields)) ||
	    (rc = api_obj_str(r, o, "name", 20, false, &p->name)) ||
	    (rc = api_obj_code(r, o, "id_number", 30, false, &p->id_number)) ||
	    (rc = api_obj_code(r, o, "phone", 32, false, &p->phone))) {
		char field[48];

		snprintf(field, sizeof(field), "persons[%zu]", i);
		svc_field_in(&r->fault, field);
	}
	return rc;
}

/* What the traveller's phone is told: the code, until when, and at which checkpoint.  Not the
 * people: the phone has what it typed, and a public route's Idempotency-Key replays this answer
 * to whoever sends the key again. */
static json_t *
declared_json(const struct svc_declaration *v)
{
	return json_pack("{s:s, s:I, s:I, s:s, s:i}", "code", v->code, "created_at",
			 (json_int_t)v->d.created_at, "expires_at", (json_int_t)v->d.expires_at,
			 "post_name", v->d.post_name, "people", v->n);
}

int
api_declare_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"token", "plate", "from_place", "to_place", "persons",
					     NULL};
	json_t *persons = json_object_get(r->json, "persons"), *pj;
	struct svc_declare_in in = {0};
	struct svc_declared_in *pv;
	struct svc_declaration v;
	int64_t now = clock_now();
	struct svc s;
	size_t i;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_code(r, "token", 40, true, &in.token)) ||
	    (rc = api_code(r, "plate", 20, false, &in.plate)) ||
	    (rc = api_str(r, "from_place", 60, false, &in.from_place)) ||
	    (rc = api_str(r, "to_place", 60, false, &in.to_place)))
		return rc;
	if (persons && !json_is_array(persons))
		return fault_set(&r->fault, ERR_INVALID, "persons", "人员应为列表",
				 "persons must be a list");
	/* no list, or too long a one, is the operation's to refuse */
	in.n = json_array_size(persons);
	if (in.n > 0 && in.n <= DECLARE_MAX_PERSONS) {
		pv = arena_alloc(r->arena, sizeof(*pv) * in.n);
		memset(pv, 0, sizeof(*pv) * in.n);
		json_array_foreach(persons, i, pj) {
			if ((rc = read_person(r, pj, i, &pv[i])))
				return rc;
		}
		in.persons = pv;
	}
	if (rate_recent(&seen, r->ip, now, DECLARE_WINDOW) >= DECLARE_BURST)
		return fault_set(&r->fault, ERR_THROTTLED, "", "提交太频繁，请稍后再试",
				 "too many declarations from this address: try again in a few minutes");
	if ((rc = dbc_begin(r->db)) || (rc = svc_declare_create(api_svc(r, &s), &in, &v)) ||
	    (rc = api_commit_json(r, rs, 201, declared_json(&v))))
		return rc;
	if (!rs->replay)
		rate_note(&seen, r->ip, now);
	return 0;
}

/* A declaration as the staff at the barrier see it: names to check against the ID cards, the
 * numbers masked.  The full numbers go into the screening on the server (declaration_code). */
int
api_declare_get(struct req *r, struct resp *rs)
{
	struct svc_declaration v;
	struct svc s;
	json_t *arr;
	int i, rc;

	if ((rc = svc_declare_lookup(api_svc(r, &s), r->params[0], 0, &v)))
		return rc;
	arr = json_array();
	for (i = 0; i < v.n; i++) {
		char mid[32] = "", mph[32] = "";

		mask_idnum(v.pv[i].id_number, mid);
		if (v.pv[i].phone)
			mask_phone(v.pv[i].phone, mph);
		json_array_append_new(arr, json_pack("{s:i, s:s, s:s, s:o}", "seq", v.pv[i].seq,
						     "name", v.pv[i].name, "id_number", mid, "phone",
						     v.pv[i].phone ? json_string(mph) : json_null()));
	}
	return resp_json(rs, 200,
			 json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "code",
				   v.code, "post_id", (json_int_t)v.d.post_id, "post_name",
				   v.d.post_name, "kind", *v.d.plate ? "vehicle" : "pedestrian",
				   "plate", v.d.plate, "from_place", v.d.from_place, "to_place",
				   v.d.to_place, "created_at", (json_int_t)v.d.created_at,
				   "expires_at", (json_int_t)v.d.expires_at, "persons", arr));
}
