/* api_session.c: log in, who am I, log out. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "auth_limits.h"
#include "clock.h"
#include "rate.h"
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

/* A fixed hash to verify against when the user does not exist, so a
 * missing name costs as long as a wrong password. */
/* Failed logins per address (see ADDR_FAIL_MAX), in this process. */
static struct rate failures = RATE_INIT;

static const char *
decoy_hash(void)
{
	static char h[128];
	static int ready;

	if (!ready) {
		char *p = NULL;

		if (auth_password_hash("decoy-password-never-used", &p, NULL) == 0) {
			snprintf(h, sizeof(h), "%s", p);
			free(p);
		}
		ready = 1;
	}
	return h;
}

int
api_session_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"username", "password", NULL};
	const char *username, *password;
	struct user u;
	char token[44], csrf[24], h[65];
	int64_t now = clock_now(), expires = now + SESSION_SECONDS;
	struct audit e = {0};
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
	/* one address guessing at many accounts is stopped before any password is tried */
	if (rate_recent(&failures, r->ip, now, ADDR_FAIL_WINDOW) >= ADDR_FAIL_MAX) {
		e.action = "login_failed";
		e.detail = "address throttled";
		db_audit_add(r->db, &e);
		return fault_setf(&r->fault, ERR_THROTTLED, "", "此地址登录失败次数过多，请 %d 分钟后再试",
				  "too many failed logins from this address: try again in %d minutes",
				  ADDR_FAIL_WINDOW / 60);
	}
	rc = db_user_get_by_name(r->db, r->arena, username, &u);
	if (rc == ERR_NOTFOUND) {
		rate_note(&failures, r->ip, now);
		(void)auth_password_ok(decoy_hash(), password);
		e.action = "login_failed";
		e.ok = 0;
		e.detail = "unknown user";
		db_audit_add(r->db, &e);
		return fault_set(&r->fault, ERR_UNAUTH, "password", "用户名或密码错误",
				 "wrong user name or password");
	}
	if (rc)
		return rc;
	e.user_id = u.id;
	e.object_id = u.id;
	if (u.locked_until > now) {
		e.action = "login_failed";
		e.detail = "locked";
		db_audit_add(r->db, &e);
		return fault_setf(&r->fault, ERR_THROTTLED, "password",
				  "密码错误次数过多，账号已锁定，请 %lld 秒后再试",
				  "too many wrong passwords: the account is locked for %lld more seconds",
				  (long long)(u.locked_until - now));
	}
	if (!auth_password_ok(u.pwhash, password) || u.disabled) {
		/* lock for LOCK_SECONDS once the 5th failure in a row lands */
		db_user_login_failed(r->db, u.id, now + LOCK_SECONDS);
		rate_note(&failures, r->ip, now);
		e.action = "login_failed";
		e.detail = u.disabled ? "disabled" : "wrong password";
		db_audit_add(r->db, &e);
		if (u.disabled)
			return fault_set(&r->fault, ERR_UNAUTH, "username", "该账号已停用",
					 "this account is disabled");
		return fault_set(&r->fault, ERR_UNAUTH, "password", "用户名或密码错误",
				 "wrong user name or password");
	}
	auth_random_token(token, sizeof(token));
	auth_random_token(csrf, sizeof(csrf));
	if ((rc = auth_hash_token(token, h)))
		return rc;
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
