/* api_area.c: the area tree (town, villages and communities, grids). */
#include <string.h>

#include "api.h"
#include "arena.h"
#include "role.h"

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

static bool
digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int
api_area_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "kind", "parent_code", "code", NULL};
	const char *name, *kind, *parent_code, *code;
	struct area parent, ar;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 40, true, &name)) ||
	    (rc = api_str(r, "kind", 20, true, &kind)) ||
	    (rc = api_str(r, "parent_code", 20, true, &parent_code)) ||
	    (rc = api_str(r, "code", 20, false, &code)))
		return rc;
	if ((rc = db_area_get_by_code(r->db, r->arena, parent_code, &parent)) == ERR_NOTFOUND ||
	    (rc == 0 && !api_in_scope(r, parent.code)))
		return fault_set(&r->fault, ERR_INVALID, "parent_code", "上级区域不存在或不在您的辖区内",
				 "no such parent area in your area");
	if (rc)
		return rc;
	memset(&ar, 0, sizeof(ar));
	ar.name = (char *)name;
	ar.kind = (char *)kind;
	ar.parent_id = parent.id;
	if (strcmp(kind, "grid") == 0) {
		if (parent.level != 3)
			return fault_set(&r->fault, ERR_INVALID, "parent_code", "网格须建在村（社区）之下",
					 "a grid belongs under a village or community");
		ar.level = 4;
		if (code == NULL) {
			if ((rc = db_area_next_child_code(r->db, r->arena, &parent, &ar.code)))
				return rc;
		} else if (!digits(code, 15) || strncmp(code, parent.code, 12) != 0)
			return fault_set(&r->fault, ERR_INVALID, "code",
					 "网格代码应为上级村（社区）的12位代码加3位数字",
					 "a grid code is its village's 12 digits followed by 3 digits");
		else
			ar.code = (char *)code;
	} else if (strcmp(kind, "village") == 0 || strcmp(kind, "community") == 0) {
		if (parent.level != 2)
			return fault_set(&r->fault, ERR_INVALID, "parent_code", "村（社区）须建在镇（街道）之下",
					 "a village or community belongs under a town");
		ar.level = 3;
		if (code == NULL || !digits(code, 12) || strncmp(code, parent.code, 9) != 0)
			return fault_set(&r->fault, ERR_INVALID, "code",
					 "村（社区）须填写12位统计用区划代码，前9位为所属镇的代码",
					 "a village needs its 12-digit statistical division code, starting with its town's 9");
		ar.code = (char *)code;
	} else
		return fault_set(&r->fault, ERR_INVALID, "kind", "类型应为 village、community 或 grid",
				 "kind must be village, community or grid");
	if ((rc = dbc_begin(r->db)))
		return rc;
	rc = db_area_insert(r->db, &ar);
	if (rc == ERR_CONFLICT)
		return fault_set(&r->fault, ERR_CONFLICT, "code", "该区域代码已存在",
				 "that area code exists already");
	if (rc || (rc = api_audit(r, "create", "area", ar.id, ar.code, ar.name)) ||
	    (rc = dbc_commit(r->db)) || (rc = db_area_get(r->db, r->arena, ar.id, &ar)))
		return rc;
	return resp_json(rs, 201, area_json(&ar));
}
