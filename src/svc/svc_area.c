/* svc_area.c: the area tree: villages and communities under a town, grids under a village. */
#include <stdbool.h>
#include <string.h>

#include "db.h"
#include "svc_registry.h"

static bool
digits(const char *s, size_t n)
{
	size_t i;

	if (s == NULL || strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Level and code of a new area of kind under parent, on ar. */
static int
place(struct svc *s, const struct area_input *in, const struct area *parent, struct area *ar)
{
	if (strcmp(in->kind, "grid") == 0) {
		if (parent->level != 3)
			return fault_set(s->fault, ERR_INVALID, "parent_code", "网格须建在村（社区）之下",
					 "a grid belongs under a village or community");
		ar->level = 4;
		if (in->code == NULL)
			return db_area_next_child_code(s->db, s->arena, parent, &ar->code);
		if (!digits(in->code, 15) || strncmp(in->code, parent->code, 12) != 0)
			return fault_set(s->fault, ERR_INVALID, "code",
					 "网格代码应为上级村（社区）的12位代码加3位数字",
					 "a grid code is its village's 12 digits followed by 3 digits");
	} else if (strcmp(in->kind, "village") == 0 || strcmp(in->kind, "community") == 0) {
		if (parent->level != 2)
			return fault_set(s->fault, ERR_INVALID, "parent_code", "村（社区）须建在镇（街道）之下",
					 "a village or community belongs under a town");
		ar->level = 3;
		if (!digits(in->code, 12) || strncmp(in->code, parent->code, 9) != 0)
			return fault_set(s->fault, ERR_INVALID, "code",
					 "村（社区）须填写12位统计用区划代码，前9位为所属镇的代码",
					 "a village needs its 12-digit statistical division code, starting with its town's 9");
	} else
		return fault_set(s->fault, ERR_INVALID, "kind", "类型应为 village、community 或 grid",
				 "kind must be village, community or grid");
	ar->code = (char *)in->code;
	return 0;
}

int
svc_area_create(struct svc *s, const struct area_input *in, struct area *ret)
{
	struct area parent, ar;
	int rc;

	if (in->name == NULL || *in->name == '\0')
		return fault_set(s->fault, ERR_INVALID, "name", "缺少必填字段 name",
				 "the field name is required");
	if (in->kind == NULL)
		return fault_set(s->fault, ERR_INVALID, "kind", "缺少必填字段 kind",
				 "the field kind is required");
	if (in->parent_code == NULL ||
	    (rc = db_area_get_by_code(s->db, s->arena, in->parent_code, &parent)) == ERR_NOTFOUND ||
	    (rc == 0 && !svc_in_scope(s, parent.code)))
		return fault_set(s->fault, ERR_INVALID, "parent_code", "上级区域不存在或不在您的辖区内",
				 "no such parent area in your area");
	if (rc)
		return rc;
	memset(&ar, 0, sizeof(ar));
	ar.name = (char *)in->name;
	ar.kind = (char *)in->kind;
	ar.parent_id = parent.id;
	if ((rc = place(s, in, &parent, &ar)))
		return rc;
	rc = db_area_insert(s->db, &ar);
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "code", "该区域代码已存在",
				 "that area code exists already");
	if (rc || (rc = svc_audit(s, "create", "area", ar.id, ar.code, ar.name)))
		return rc;
	return db_area_get(s->db, s->arena, ar.id, ret);
}
