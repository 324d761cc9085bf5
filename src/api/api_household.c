/* api_household.c: households (户): list, view with members, add, edit. */
#include <stdint.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "text.h"

static json_t *
household_json(const struct household *h)
{
	return api_area_labelled(json_pack("{s:I, s:s, s:s, s:s, s:o, s:s?, s:I, s:s, s:I}", "id", (json_int_t)h->id,
			 "address", h->address, "area_code", h->area_code, "area_name", h->area_name,
			 "head_id", h->head_id ? json_integer(h->head_id) : json_null(), "head_name",
			 h->head_name, "members", (json_int_t)h->members, "notes",
			 h->notes ? h->notes : "", "created_at", (json_int_t)h->created_at),
				 h->village_name, h->area_name);
}

int
api_household_list(struct req *r, struct resp *rs)
{
	struct household *v;
	int n, i, rc, limit, offset;
	int64_t total;
	const char *q = req_query(r, "q"), *scope = api_narrow(r, req_query(r, "area"));
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (q != NULL && strlen(q) > 200)
		return fault_set(&r->fault, ERR_INVALID, "q", "搜索词过长", "the search text is too long");
	if (scope == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = db_household_list(r->db, r->arena, scope, q ? text_normalize(r->arena, q) : NULL,
				    limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, household_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

int
household_get_json(struct req *r, int64_t id, json_t **ret)
{
	struct household h;
	struct person_query pq = {0};
	struct person *v;
	int n, i, rc;
	int64_t total;
	json_t *j, *members;

	if ((rc = db_household_get(r->db, r->arena, id, &h)))
		return rc;
	pq.scope = r->scope;
	pq.household_id = h.id;
	pq.limit = 200;
	if ((rc = db_person_list(r->db, r->arena, &pq, &v, &n, &total)))
		return rc;
	j = household_json(&h);
	members = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(members, person_json(&v[i]));
	json_object_set_new(j, "members", members);
	*ret = j;
	return 0;
}

int
api_household_get(struct req *r, struct resp *rs)
{
	json_t *j;
	int rc;

	if ((rc = household_get_json(r, req_param_id(r, 0), &j)))
		return rc;
	api_etag(r, rs, "household", req_param_id(r, 0));
	return resp_json(rs, 200, j);
}

int
api_household_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"address", "area_code", "notes", NULL};
	struct household_input in = {0};
	struct household h;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "address", 200, true, &in.address)) ||
	    (rc = api_str(r, "area_code", 20, true, &in.area_code)) ||
	    (rc = api_str(r, "notes", 500, false, &in.notes)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_household_create(api_svc(r, &s), &in, &h)))
		return rc;
	return api_commit_json(r, rs, 201, household_json(&h));
}

int
api_household_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"address", "head_id", "notes", NULL};
	struct household_input in = {.id = req_param_id(r, 0), .head_id = -1};
	struct household h;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "address", 200, false, &in.address)) ||
	    (rc = api_str(r, "notes", 500, false, &in.notes)) ||
	    (rc = api_int(r, "head_id", false, 1, INT64_MAX, &in.head_id)) ||
	    (rc = api_if_match(r, &in.base_version)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_household_update(api_svc(r, &s), &in, &h)))
		return api_stale(r, rs, rc, "household", in.id);
	return api_commit_json(r, rs, 200, household_json(&h));
}
