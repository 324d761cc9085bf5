/* svc_household.c: households (户): add, edit, and the import's find-or-add by address. */
#include <string.h>

#include "db.h"
#include "svc_change.h"
#include "svc_registry.h"

#define ADDRESS_TAKEN(f)                                                                           \
	fault_set(f, ERR_CONFLICT, "address", "该区域内已有相同地址的户",                          \
		  "a household with this address exists in this area")

int
svc_household_create(struct svc *s, const struct household_input *in, struct household *ret)
{
	struct household h;
	struct area ar;
	int rc;

	if (in->address == NULL || *in->address == '\0')
		return fault_set(s->fault, ERR_INVALID, "address", "地址不能为空",
				 "the address must not be empty");
	if (in->area_code == NULL ||
	    (rc = db_area_get_by_code(s->db, s->arena, in->area_code, &ar)) == ERR_NOTFOUND ||
	    (rc == 0 && !svc_in_scope(s, ar.code)))
		return fault_set(s->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if (rc)
		return rc;
	if (ar.level < 3)
		return fault_set(s->fault, ERR_INVALID, "area_code", "请选择到村（社区）或网格",
				 "choose a village, community or grid");
	memset(&h, 0, sizeof(h));
	h.area_id = ar.id;
	h.area_code = ar.code;
	h.address = (char *)in->address;
	h.notes = (char *)in->notes;
	rc = db_household_insert(s->db, &h);
	if (rc == ERR_CONFLICT)
		return ADDRESS_TAKEN(s->fault);
	if (rc || (rc = svc_audit(s, "create", "household", h.id, h.area_code, h.address)))
		return rc;
	return db_household_get(s->db, s->arena, h.id, ret);
}

int
svc_household_update(struct svc *s, const struct household_input *in, struct household *ret)
{
	struct household h;
	int rc;

	/* an offline edit's precondition first: on PostgreSQL it locks the row read next */
	if ((rc = svc_change_check(s, "household", in->id, in->base_version)) ||
	    (rc = db_household_get(s->db, s->arena, in->id, &h)))
		return rc;
	if (!svc_in_scope(s, h.area_code))
		return ERR_NOTFOUND;
	if (in->address) {
		if (*in->address == '\0')
			return fault_set(s->fault, ERR_INVALID, "address", "地址不能为空",
					 "the address must not be empty");
		h.address = (char *)in->address;
	}
	if (in->notes)
		h.notes = (char *)in->notes;
	if (in->head_id > 0) {
		struct person p;

		if (db_person_get(s->db, s->arena, in->head_id, &p) != 0 || p.household_id != h.id)
			return fault_set(s->fault, ERR_INVALID, "head_id", "户主须是本户成员",
					 "the head must be a member of this household");
		h.head_id = in->head_id;
	}
	rc = db_household_update(s->db, &h);
	if (rc == ERR_CONFLICT)
		return ADDRESS_TAKEN(s->fault);
	if (rc || (rc = svc_audit(s, "update", "household", h.id, h.area_code, h.address)))
		return rc;
	return db_household_get(s->db, s->arena, h.id, ret);
}
