/* api_person.c: people in the registry: search, view, add, edit, reveal, duplicates, merge. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "mask.h"
#include "person.h"

#define NAME_MAX_CHARS 50
#define NOTES_MAX_CHARS 500

/* The age in whole years on the town's today, or -1: what stands for the birth date beside a
 * masked ID number (the full date, with the check digit, would give the number back). */
static int
age_today(const char *birth)
{
	char today[11];

	clock_local_date(clock_now(), today);
	return person_age(birth, today);
}

static json_t *
age_json(const char *birth)
{
	int age = age_today(birth);

	return age < 0 ? json_null() : json_integer(age);
}

json_t *
person_json(const struct person *p)
{
	char idm[32] = "", phm[32] = "";
	json_t *tags = json_array();
	const char *s = p->tags ? p->tags : "";

	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n)
			json_array_append_new(tags, json_stringn(s, n));
		s += n;
		if (*s == ',')
			s++;
	}
	if (p->id_number)
		mask_idnum(p->id_number, idm);
	if (p->phone)
		mask_phone(p->phone, phm);
	return api_area_labelled(json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:o, s:o, s:s?, s:s, s:s, s:s?, s:s, "
			 "s:o, s:s, s:b, s:o, s:I, s:I}",
			 "id", (json_int_t)p->id, "name", p->name, "id_number",
			 p->id_number ? idm : NULL, "phone", p->phone ? phm : NULL, "gender",
			 p->gender, "age", age_json(p->birth_date), "household_id",
			 p->household_id ? json_integer(p->household_id) : json_null(),
			 "household_address", p->household_address, "relation",
			 p->relation ? p->relation : "", "area_code", p->area_code, "area_name",
			 p->area_name, "residence", p->residence ? p->residence : "registered",
			 "tags", tags, "notes", p->notes ? p->notes : "", "is_demo", p->is_demo != 0,
			 "merged_into", p->merged_into ? json_integer(p->merged_into) : json_null(),
			 "created_at", (json_int_t)p->created_at, "updated_at",
			 (json_int_t)p->updated_at),
				 p->village_name, p->area_name);
}

static const char *const person_fields[] = {
	"name",         "id_number", "phone", "gender", "birth_date", "household_id", "relation",
	"area_code",    "residence", "tags",  "notes",  NULL,
};

int
person_input_read(struct req *r, json_t *o, struct person_input *in)
{
	json_t *tags = json_object_get(o, "tags"), *hv = json_object_get(o, "household_id");
	int rc;

	memset(in, 0, sizeof(*in));
	if ((rc = api_obj_only(r, o, person_fields)) ||
	    (rc = api_obj_str(r, o, "name", NAME_MAX_CHARS, false, &in->name)) ||
	    (rc = api_obj_str(r, o, "id_number", 40, false, &in->id_number)) ||
	    (rc = api_obj_str(r, o, "phone", 40, false, &in->phone)) ||
	    (rc = api_obj_str(r, o, "gender", 4, false, &in->gender)) ||
	    (rc = api_obj_str(r, o, "birth_date", 10, false, &in->birth_date)) ||
	    (rc = api_obj_str(r, o, "relation", 20, false, &in->relation)) ||
	    (rc = api_obj_str(r, o, "residence", 30, false, &in->residence)) ||
	    (rc = api_obj_str(r, o, "notes", NOTES_MAX_CHARS, false, &in->notes)))
		return rc;
	if (json_is_array(tags)) {
		struct buf b = {0};
		size_t i;
		json_t *t;

		json_array_foreach(tags, i, t) {
			if (!json_is_string(t) || json_string_length(t) > 40) {
				buf_free(&b);
				return fault_set(&r->fault, ERR_INVALID, "tags", "标签应为文本列表",
						 "tags must be a list of strings");
			}
			if (b.len)
				buf_addc(&b, ',');
			buf_adds(&b, json_string_value(t));
		}
		in->tags = arena_strdup(r->arena, b.p ? b.p : "");
		buf_free(&b);
	} else if (tags != NULL && !json_is_null(tags)) {
		return fault_set(&r->fault, ERR_INVALID, "tags", "标签应为文本列表",
				 "tags must be a list of strings");
	}
	/* where: checked by the operation, after the fields */
	if ((rc = api_obj_int(r, o, "household_id", false, 1, INT64_MAX, &in->household_id)) ||
	    (rc = api_obj_str(r, o, "area_code", 20, false, &in->area_code)))
		return rc;
	in->leave_household = hv != NULL && json_is_null(hv);
	return 0;
}

int
api_person_create(struct req *r, struct resp *rs)
{
	struct person_input in;
	struct person p;
	struct svc s;
	int rc;

	if ((rc = person_input_read(r, r->json, &in)))
		return rc;
	if (in.name == NULL)
		return fault_set(&r->fault, ERR_INVALID, "name", "姓名不能为空", "the name is required");
	if ((rc = dbc_begin(r->db)) || (rc = svc_person_create(api_svc(r, &s), &in, &p)))
		return rc;
	return api_commit_json(r, rs, 201, person_json(&p));
}

int
api_person_get(struct req *r, struct resp *rs)
{
	struct person p;
	int rc;

	if ((rc = db_person_get(r->db, r->arena, req_param_id(r, 0), &p)))
		return rc;
	api_etag(r, rs, "person", p.id);
	return resp_json(rs, 200, person_json(&p));
}

int
api_person_update(struct req *r, struct resp *rs)
{
	struct person_input in;
	struct person p;
	struct svc s;
	int rc;

	if ((rc = person_input_read(r, r->json, &in)) || (rc = api_if_match(r, &in.base_version)))
		return rc;
	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_person_update(api_svc(r, &s), req_param_id(r, 0), &in, &p)))
		return api_stale(r, rs, rc, "person", req_param_id(r, 0));
	return api_commit_json(r, rs, 200, person_json(&p));
}

int
api_person_list(struct req *r, struct resp *rs)
{
	struct person_query pq = {0};
	struct person *v;
	int n, i, rc, limit, offset;
	int64_t total;
	const char *q = req_query(r, "q"), *hid = req_query(r, "household_id");
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	pq.scope = api_narrow(r, req_query(r, "area"));
	pq.tag = req_query(r, "tag");
	pq.household_id = hid ? strtoll(hid, NULL, 10) : 0;
	pq.limit = limit;
	pq.offset = offset;
	if (pq.tag && *pq.tag == '\0')
		pq.tag = NULL;
	/* the search text is read first: a partial number is refused whatever the area (a
	 * household's or a tag's list takes no search text) */
	if ((rc = person_search_read(r, pq.household_id || pq.tag ? NULL : q, &pq)))
		return rc;
	if (pq.scope == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = db_person_list(r->db, r->arena, &pq, &v, &n, &total)) ||
	    (rc = person_search_audit(r, &pq, "search", total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, person_json(&v[i]));
	if (pq.q != NULL && *pq.q != '\0' && total > DB_SEARCH_CAP) {
		/* a search this broad is narrowed, not paged through */
		json_t *j = api_list(items, DB_SEARCH_CAP);

		json_object_set_new(j, "total_capped", json_true());
		return resp_json(rs, 200, j);
	}
	return resp_json(rs, 200, api_list(items, total));
}

int
api_person_reveal(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"reason", NULL};
	struct person_reveal in = {.id = req_param_id(r, 0)};
	struct person_revealed out;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "reason", 200, true, &in.reason)) ||
	    (rc = svc_person_reveal(api_svc(r, &s), &in, &out)))
		return rc;
	return resp_json(rs, 200,
			 json_pack("{s:I, s:s?, s:s?, s:s?}", "id", (json_int_t)out.id, "id_number",
				   out.id_number, "phone", out.phone, "birth_date", out.birth_date));
}

int
api_person_duplicates(struct req *r, struct resp *rs)
{
	struct person *v;
	int n, i, rc, groups = 0;
	json_t *items = json_array(), *cur = NULL;
	char key[256] = "", k[256];

	int limit, offset;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_person_duplicates(r->db, r->arena, r->scope, offset + limit, &v, &n))) {
		json_decref(items);
		return rc;
	}
	for (i = offset; i < n; i++) {
		snprintf(k, sizeof(k), "%s|%s|%lld", v[i].name, v[i].birth_date ? v[i].birth_date : "",
			 (long long)v[i].household_id);
		if (cur == NULL || strcmp(k, key) != 0) {
			/* grouped on the birth date, labelled with the age: the date is never shown */
			int age = age_today(v[i].birth_date);

			cur = json_array();
			json_array_append_new(
				items, json_pack("{s:s, s:o}", "key",
						 arena_printf(r->arena, "%s|%s|%lld", v[i].name,
							      age < 0 ? "" : arena_printf(r->arena, "%d", age),
							      (long long)v[i].household_id),
						 "persons", cur));
			snprintf(key, sizeof(key), "%s", k);
			groups++;
		}
		json_array_append_new(cur, person_json(&v[i]));
	}
	return resp_json(rs, 200, api_list(items, groups));
}

int
api_person_merge(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"into_id", "reason", NULL};
	struct person_merge m = {.from = req_param_id(r, 0)};
	struct person p;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_int(r, "into_id", true, 1, INT64_MAX, &m.into)) ||
	    (rc = api_str(r, "reason", 200, true, &m.reason)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_person_merge(api_svc(r, &s), &m, &p)))
		return rc;
	return api_commit_json(r, rs, 200, person_json(&p));
}
