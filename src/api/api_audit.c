/* api_audit.c: reading the audit log and checking its chain (auditors only; nothing writes it
 * through the API). */
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
	    (rc = db_audit_list(r->db, r->arena, action, username, serial, limit, offset, &v, &n,
				&total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++) {
		json_t *e = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:b}", "id",
				      (json_int_t)v[i].id, "at", (json_int_t)v[i].at, "username",
				      v[i].username, "ip", v[i].ip, "action", v[i].action,
				      "object_kind", v[i].object_kind, "object_id",
				      v[i].object_id ? json_integer(v[i].object_id) : json_null(),
				      "area_code", v[i].area_code, "detail", v[i].detail, "ok",
				      v[i].ok != 0);

		json_object_set_new(e, "seq", v[i].seq ? json_integer(v[i].seq) : json_null());
		json_object_set_new(e, "serial", v[i].serial ? json_string(v[i].serial) : json_null());
		json_object_set_new(e, "subject_purged", json_boolean(v[i].subject_purged));
		json_array_append_new(items, e);
	}
	return resp_json(rs, 200, api_list(items, total));
}

/* The chain walked whole (a million rows: about 3 s on SQLite, 4 s on PostgreSQL), in one read
 * snapshot. */
int
api_audit_verify(struct req *r, struct resp *rs)
{
	struct audit_verdict v;
	int rc;

	dbc_snapshot(r->db);
	if ((rc = db_audit_verify(r->db, &v, &r->fault)))
		return rc;
	if (v.problem == NULL)
		return resp_json(rs, 200,
				 json_pack("{s:b, s:I, s:I, s:s}", "ok", 1, "rows", (json_int_t)v.rows,
					   "head_seq", (json_int_t)v.head_seq, "head_hash", v.head_hash));
	return resp_json(rs, 200,
			 json_pack("{s:b, s:I, s:s, s:o, s:I, s:s, s:s}", "ok", 0, "rows",
				   (json_int_t)v.rows, "problem", v.problem, "id",
				   v.id ? json_integer(v.id) : json_null(), "seq", (json_int_t)v.seq,
				   "message", v.zh, "message_en", v.en));
}
