/* api_user.c: user accounts, for the command post's administrator. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "db_monitor.h"
#include "phone.h"
#include "role.h"

int
api_user_list(struct req *r, struct resp *rs)
{
	struct user *v;
	int n, i, rc, limit, offset;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_user_list(r->db, r->arena, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, user_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

/* user_username_ok: 2-32 of [a-z0-9_.-], starting with a letter or digit. */
static bool
username_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 32)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (i > 0 && (c == '_' || c == '.' || c == '-'))))
			return false;
	}
	return true;
}

int
api_user_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"username", "password", "role", "area_code",
					     "display_name", "phone", NULL};
	const char *username, *role, *area_code, *display, *phone;
	char ph[12] = "";
	json_t *pv;
	struct user u;
	struct area ar;
	char *hash = NULL;
	int rc, ri;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "username", 32, true, &username)) ||
	    (rc = api_str(r, "role", 20, true, &role)) ||
	    (rc = api_str(r, "area_code", 20, true, &area_code)) ||
	    (rc = api_str(r, "display_name", 40, false, &display)) ||
	    (rc = api_code(r, "phone", 40, false, &phone)))
		return rc;
	if (phone && *phone && (rc = phone_parse(phone, ph, &r->fault)))
		return rc;
	if (!username_ok(username))
		return fault_set(&r->fault, ERR_INVALID, "username",
				 "用户名须为2-32位小写字母、数字或 _ . -",
				 "the user name must be 2-32 of a-z, 0-9, _ . -");
	if ((ri = role_parse(role)) < 0)
		return fault_set(&r->fault, ERR_INVALID, "role",
				 "角色应为 admin、secretary、grid、doctor、checkpoint、viewer、auditor 之一",
				 "role must be one of admin, secretary, grid, doctor, checkpoint, viewer, auditor");
	if ((rc = db_area_get_by_code(r->db, r->arena, area_code, &ar)) == ERR_NOTFOUND ||
	    (rc == 0 && !api_in_scope(r, ar.code) && ar.level >= 2))
		return fault_set(&r->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if (rc)
		return rc;
	if (!role_area_ok((enum role)ri, ar.level))
		return fault_setf(&r->fault, ERR_INVALID, "area_code", "%s（%s）不能设在这一级区域",
				  "%s (%s): this role does not sit at this level of area", role_zh[ri],
				  role_keys[ri]);
	pv = json_object_get(r->json, "password");
	if ((rc = auth_password_hash(json_is_string(pv) ? json_string_value(pv) : NULL, &hash,
				     &r->fault)))
		return rc;
	memset(&u, 0, sizeof(u));
	u.username = (char *)username;
	u.display_name = (char *)(display ? display : "");
	u.role = (char *)role_keys[ri];
	u.area_id = ar.id;
	u.pwhash = arena_strdup(r->arena, hash);
	free(hash);
	if ((rc = dbc_begin(r->db)))
		return rc;
	rc = db_user_insert(r->db, &u);
	if (rc == ERR_CONFLICT)
		return fault_set(&r->fault, ERR_CONFLICT, "username", "用户名已被占用",
				 "that user name is taken");
	if (rc == 0 && ph[0])
		rc = db_user_set_phone(r->db, u.id, ph);
	if (rc ||
	    (rc = api_audit(r, "user_create", "user", u.id, ar.code,
			    arena_printf(r->arena, "%s as %s", u.username, u.role))) ||
	    (rc = dbc_commit(r->db)) || (rc = db_user_get(r->db, r->arena, u.id, &u)))
		return rc;
	return resp_json(rs, 201, user_json(&u));
}

int
api_user_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"disabled", "password", "display_name", "phone", NULL};
	int64_t id = req_param_id(r, 0);
	const char *display, *phone;
	char ph[12] = "";
	json_t *pv;
	struct user u;
	int disabled, rc;
	char *hash = NULL;

	if ((rc = api_only(r, fields)) || (rc = api_bool(r, "disabled", &disabled)) ||
	    (rc = api_str(r, "display_name", 40, false, &display)) ||
	    (rc = api_code(r, "phone", 40, false, &phone)))
		return rc;
	if (phone && *phone && (rc = phone_parse(phone, ph, &r->fault)))
		return rc;
	if ((rc = db_user_get(r->db, r->arena, id, &u)))
		return rc;
	if (disabled == 1 && u.id == r->user->id)
		return fault_set(&r->fault, ERR_INVALID, "disabled", "不能停用自己的账号",
				 "you cannot disable your own account");
	pv = json_object_get(r->json, "password");
	if (pv != NULL && (rc = auth_password_hash(json_is_string(pv) ? json_string_value(pv) : NULL,
						   &hash, &r->fault)))
		return rc;
	if ((rc = dbc_begin(r->db)))
		goto out;
	if (disabled >= 0 && ((rc = db_user_set_disabled(r->db, id, disabled)) ||
			      (disabled && (rc = db_session_revoke_user(r->db, id)))))
		goto out;
	if (hash && ((rc = db_user_set_password(r->db, id, hash)) ||
		     (rc = db_session_revoke_user(r->db, id))))
		goto out;
	if (display && (rc = db_user_set_display_name(r->db, id, display)))
		goto out;
	if (phone && (rc = db_user_set_phone(r->db, id, ph)))
		goto out;
	if ((rc = api_audit(r, "user_update", "user", id, u.area_code,
			    arena_printf(r->arena, "%s%s%s", disabled == 1   ? "disabled "
							     : disabled == 0 ? "enabled "
									     : "",
					 hash ? "password " : "", display ? "display_name" : ""))) ||
	    (rc = dbc_commit(r->db)) || (rc = db_user_get(r->db, r->arena, id, &u)))
		goto out;
	rc = resp_json(rs, 200, user_json(&u));
out:
	free(hash);
	return rc;
}
