/* api_user.c: user accounts, for the command post's administrator. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"

int
api_user_list(struct req *r, struct resp *rs)
{
	struct user *v;
	int n, i, rc, limit, offset;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_user_list(r->db, r->arena, r->scope ? r->scope : "", limit, offset, &v, &n,
				 &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, user_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

/* Hash the body's password, if it has one (anything but a string is no password), before the
 * transaction: *ret NULL when absent and not required; else malloc'd. */
static int
password_hash(struct req *r, bool required, char **ret)
{
	json_t *pv = json_object_get(r->json, "password");

	*ret = NULL;
	if (pv == NULL && !required)
		return 0;
	return auth_password_hash(json_is_string(pv) ? json_string_value(pv) : NULL, ret,
				  &r->fault);
}

int
api_user_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"username", "password", "role", "area_code",
					     "display_name", "phone", NULL};
	struct user_input in = {.disabled = -1};
	struct user u;
	struct svc s;
	char *hash = NULL;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "username", 32, true, &in.username)) ||
	    (rc = api_str(r, "role", 20, true, &in.role)) ||
	    (rc = api_str(r, "area_code", 20, true, &in.area_code)) ||
	    (rc = api_str(r, "display_name", 40, false, &in.display_name)) ||
	    (rc = api_code(r, "phone", 40, false, &in.phone)) ||
	    (rc = svc_user_check(api_svc(r, &s), &in)) || (rc = password_hash(r, true, &hash)))
		return rc;
	in.pwhash = arena_strdup(r->arena, hash);
	free(hash);
	if ((rc = dbc_begin(r->db)) || (rc = svc_user_create(api_svc(r, &s), &in, &u)))
		return rc;
	return api_commit_json(r, rs, 201, user_json(&u));
}

int
api_user_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"disabled", "password", "display_name", "phone", NULL};
	struct user_input in = {.id = req_param_id(r, 0)};
	struct user u;
	struct svc s;
	char *hash = NULL;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_bool(r, "disabled", &in.disabled)) ||
	    (rc = api_str(r, "display_name", 40, false, &in.display_name)) ||
	    (rc = api_code(r, "phone", 40, false, &in.phone)) ||
	    (rc = password_hash(r, false, &hash)))
		return rc;
	in.pwhash = hash ? arena_strdup(r->arena, hash) : NULL;
	free(hash);
	if ((rc = dbc_begin(r->db)) || (rc = svc_user_update(api_svc(r, &s), &in, &u)))
		return rc;
	return api_commit_json(r, rs, 200, user_json(&u));
}
