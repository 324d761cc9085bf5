/* api_audit.c: reading the audit log (auditors only; nothing writes it through the API). */
#include "api.h"

int
api_audit_list(struct req *r, struct resp *rs)
{
	struct audit *v;
	int n, i, rc, limit, offset;
	int64_t total;
	const char *action = req_query(r, "action"), *username = req_query(r, "username");
	const char *serial = req_query(r, "serial");
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_audit_list(r->db, r->arena, action, username, serial, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(
			items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:b}", "id",
					 (json_int_t)v[i].id, "at", (json_int_t)v[i].at, "username",
					 v[i].username, "ip", v[i].ip, "action", v[i].action,
					 "object_kind", v[i].object_kind, "object_id",
					 v[i].object_id ? json_integer(v[i].object_id) : json_null(),
					 "area_code", v[i].area_code, "detail", v[i].detail, "ok",
					 v[i].ok != 0));
	return resp_json(rs, 200, api_list(items, total));
}
