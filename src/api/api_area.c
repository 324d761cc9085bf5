/* api_area.c: the area tree (town, villages and communities, grids). */
#include <string.h>

#include "api.h"
#include "arena.h"

static const char *
level_name(int level)
{
	static const char *const names[] = {"", "district", "town", "village", "grid"};

	return level >= 1 && level <= 4 ? names[level] : "grid";
}

static json_t *
area_json(const struct area *a)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:I, s:I}", "id", (json_int_t)a->id,
			 "code", a->code, "name", a->name, "level", level_name(a->level), "kind",
			 a->kind, "parent_code", a->parent_code, "persons", (json_int_t)a->persons,
			 "households", (json_int_t)a->households);
}

int
api_area_list(struct req *r, struct resp *rs)
{
	struct area *v;
	int n, i, rc, limit, offset;
	json_t *items;

	/* the whole tree is read to sum each subtree; the page is cut from it */
	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_area_list(r->db, r->arena, r->scope, &v, &n)))
		return rc;
	items = json_array();
	for (i = offset; i < n && i < offset + limit; i++)
		json_array_append_new(items, area_json(&v[i]));
	return resp_json(rs, 200, api_list(items, n));
}

int
api_area_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "kind", "parent_code", "code", NULL};
	struct area_input in;
	struct area ar;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 40, true, &in.name)) ||
	    (rc = api_str(r, "kind", 20, true, &in.kind)) ||
	    (rc = api_str(r, "parent_code", 20, true, &in.parent_code)) ||
	    (rc = api_str(r, "code", 20, false, &in.code)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_area_create(api_svc(r, &s), &in, &ar)))
		return rc;
	return api_commit_json(r, rs, 201, area_json(&ar));
}
