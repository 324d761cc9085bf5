/* api_session.c: log in, who am I, log out. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "auth_limits.h"
#include "clock.h"
#include "role.h"

json_t *
user_json(const struct user *u)
{
	json_t *perms = json_array();
	unsigned p = auth_perms(u), bit;

	for (bit = 1; bit != 0 && bit < (1u << PERM__COUNT); bit <<= 1)
		if ((p & bit & PERM_GRANTS) && perm_key(bit) != NULL)
			json_array_append_new(perms, json_string(perm_key(bit)));
	return json_pack("{s:I, s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:b, s:I, s:o, s:s}", "id",
			 (json_int_t)u->id, "username", u->username, "display_name",
			 u->display_name ? u->display_name : "", "role", u->role, "area", "code",
			 u->area_code, "name", u->area_name, "level",
			 u->area_level == 1   ? "district"
			 : u->area_level == 2 ? "town"
			 : u->area_level == 3 ? "village"
					      : "grid",
			 "permissions", perms, "disabled", u->disabled != 0, "created_at",
			 (json_int_t)u->created_at, "last_login_at",
			 u->last_login_at ? json_integer(u->last_login_at) : json_null(), "phone",
			 u->phone ? u->phone : "");
}

/* The answer to every wrong password, whoever the user and whether they exist. */
static int
wrong_password(struct req *r)
{
	return fault_set(&r->fault, ERR_UNAUTH, "password", "用户名或密码错误",
			 "wrong user name or password");
}

/*
 * Logging in.  Failures are counted per account and address together and
 * per address alone (auth_limits.h), in the database so every server of a
 * district sees them; only the address that guesses waits, so the right
 * password from anywhere else still logs in.  Until the password is right
 * an unknown, disabled or throttled account answers as any other: a
 * throttled try is refused before any account is read, and an unknown
 * name costs an Argon2id check like a real one.
 */
int
api_session_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"username", "password", NULL};
	const char *username, *password;
	struct user u;
	char token[44], csrf[24], h[65];
	int64_t now = clock_now(), expires = now + SESSION_SECONDS, wait, w2;
	struct audit e = {0};
	bool known, ok;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "username", 64, true, &username)))
		return rc;
	{
		json_t *pv = json_object_get(r->json, "password");

		if (!json_is_string(pv) || json_string_length(pv) == 0)
			return fault_set(&r->fault, ERR_INVALID, "password", "请输入密码",
					 "a password is required");
		password = json_string_value(pv);
	}
	e.ip = r->ip;
	e.username = username;
	e.object_kind = "user";
	e.action = "login_failed";
	wait = auth_throttle_wait(r->db, "login", username, r->ip);
	w2 = auth_throttle_wait(r->db, "login_addr", "", r->ip);
	if (wait > 0 || w2 > 0) {
		e.detail = w2 > wait ? "address throttled" : "throttled";
		db_audit_add(r->db, &e);
		return auth_throttled(r, rs, w2 > wait ? w2 : wait, "登录", "logins");
	}
	rc = db_user_get_by_name(r->db, r->arena, username, &u);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	known = rc == 0;
	ok = known ? auth_password_ok(u.pwhash, password) : auth_password_decoy(password);
	if (known) {
		e.user_id = u.id;
		e.object_id = u.id;
	}
	if (!ok) {
		wait = auth_throttle_fail(r->db, "login", username, r->ip);
		w2 = auth_throttle_fail(r->db, "login_addr", "", r->ip);
		e.detail = !known        ? "unknown user"
			   : u.disabled  ? "wrong password, disabled"
					 : "wrong password";
		if (wait > 0 || w2 > 0)
			e.detail = arena_printf(r->arena, "%s; address waits %lld s", e.detail,
						(long long)(w2 > wait ? w2 : wait));
		db_audit_add(r->db, &e);
		return wrong_password(r);
	}
	if (u.disabled) {
		/* the password was right: telling them is no help to a guesser */
		e.detail = "disabled";
		db_audit_add(r->db, &e);
		return fault_set(&r->fault, ERR_UNAUTH, "username", "该账号已停用",
				 "this account is disabled");
	}
	auth_random_token(token, sizeof(token));
	auth_random_token(csrf, sizeof(csrf));
	if ((rc = auth_hash_token(token, h)))
		return rc;
	auth_throttle_clear(r->db, "login", username, r->ip);
	if ((rc = dbc_begin(r->db)) || (rc = db_session_insert(r->db, h, csrf, u.id, r->ip, expires)) ||
	    (rc = db_user_login_ok(r->db, u.id)))
		return rc;
	e.action = "login";
	e.ok = 1;
	if ((rc = db_audit_add(r->db, &e)) || (rc = dbc_commit(r->db)))
		return rc;
	u.last_login_at = now;
	rs->set_cookie = arena_printf(r->arena,
				      "fangyi_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
				      token, SESSION_SECONDS, r->https ? "; Secure" : "");
	return resp_json(rs, 200,
			 json_pack("{s:s, s:s, s:I, s:o}", "token", token, "csrf_token", csrf,
				   "expires_at", (json_int_t)expires, "user", user_json(&u)));
}

int
api_session_get(struct req *r, struct resp *rs)
{
	return resp_json(rs, 200,
			 json_pack("{s:s, s:I, s:o}", "csrf_token", r->session->csrf, "expires_at",
				   (json_int_t)r->session->expires_at, "user", user_json(r->user)));
}

int
api_session_delete(struct req *r, struct resp *rs)
{
	const char *token = r->authorization && strncasecmp(r->authorization, "Bearer ", 7) == 0
				    ? r->authorization + 7
				    : NULL;
	char h[65];
	int rc;

	if (token == NULL) {
		const char *c = strstr(r->cookie ? r->cookie : "", "fangyi_session=");
		const char *end;

		if (c == NULL)
			return ERR_UNAUTH;
		c += strlen("fangyi_session=");
		end = strchr(c, ';');
		token = arena_strndup(r->arena, c, end ? (size_t)(end - c) : strlen(c));
	}
	if ((rc = auth_hash_token(token, h)) || (rc = dbc_begin(r->db)) ||
	    (rc = db_session_revoke(r->db, h)) ||
	    (rc = api_audit(r, "logout", "user", r->user->id, r->user->area_code, "")) ||
	    (rc = dbc_commit(r->db)))
		return rc;
	rs->status = 204;
	rs->set_cookie = r->https ? "fangyi_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
				  : "fangyi_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	return 0;
}
