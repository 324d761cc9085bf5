/* svc_user.c: user accounts: add, disable or enable, rename, re-phone, set a password. */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "db_monitor.h"
#include "phone.h"
#include "role.h"
#include "svc_registry.h"
#include "text.h"

/* 2-32 of [a-z0-9_.-], starting with a letter or digit. */
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

/* A work phone as typed into ph (12 bytes): "" for none. */
static int
work_phone(struct svc *s, const char *typed, char *ph)
{
	ph[0] = '\0';
	if (typed == NULL)
		return 0;
	typed = text_code(s->arena, typed);
	return *typed ? phone_parse(typed, ph, s->fault) : 0;
}

/*
 * A town's administrator may put a viewer or an auditor at the district above the town while the
 * district's database holds only that town: there they see no more than the town.  The district's
 * command post, and anyone at the district of several towns, are made by the district's own
 * command (or on the command line), never from inside one town.
 */
static int
district_above(struct svc *s, int role)
{
	struct area *tv;
	bool others;
	int n, rc;

	if (s->user == NULL)
		return 0; /* the command line on the server: whoever runs it holds the database */
	if (role == ROLE_DISTRICT)
		return fault_set(s->fault, ERR_DENIED, "role",
				 "区指挥部账号只能由区指挥部或在服务器上用 fangyi user add 建立",
				 "a district command account is made by the district's command post or with "
				 "fangyi user add on the server, not by a town");
	if (role != ROLE_VIEWER && role != ROLE_AUDITOR)
		return 0; /* role_area_ok refuses the rest at the district */
	if ((rc = svc_towns(s, &tv, &n, &others)))
		return rc;
	if (others)
		return fault_set(s->fault, ERR_DENIED, "area_code",
				 "本区县有多个乡镇：区级账号由区指挥部建立，乡镇只能在本乡镇内建账号",
				 "the district holds several towns: its users are made by the district's "
				 "command post, a town makes users inside the town only");
	return 0;
}

/* The new account's fields checked; its phone into ph, its role into *ret_role, its area into
 * ar. */
static int
check_new(struct svc *s, const struct user_input *in, char *ph, int *ret_role, struct area *ar)
{
	int rc, ri;

	if ((rc = work_phone(s, in->phone, ph)))
		return rc;
	if (in->username == NULL || !username_ok(in->username))
		return fault_set(s->fault, ERR_INVALID, "username",
				 "用户名须为2-32位小写字母、数字或 _ . -",
				 "the user name must be 2-32 of a-z, 0-9, _ . -");
	if (in->role == NULL || (ri = role_parse(in->role)) < 0)
		return fault_set(s->fault, ERR_INVALID, "role",
				 "角色应为 admin、secretary、grid、doctor、checkpoint、viewer、auditor、district 之一",
				 "role must be one of admin, secretary, grid, doctor, checkpoint, viewer, auditor, district");
	if (in->area_code == NULL ||
	    (rc = db_area_get_by_code(s->db, s->arena, in->area_code, ar)) == ERR_NOTFOUND ||
	    (rc == 0 && !svc_in_scope(s, ar->code) && ar->level >= 2))
		return fault_set(s->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if (rc)
		return rc;
	if (!svc_in_scope(s, ar->code) && (rc = district_above(s, ri)))
		return rc;
	if (!role_area_ok((enum role)ri, ar->level))
		return fault_setf(s->fault, ERR_INVALID, "area_code", "%s（%s）不能设在这一级区域",
				  "%s (%s): this role does not sit at this level of area", role_zh[ri],
				  role_keys[ri]);
	*ret_role = ri;
	return 0;
}

int
svc_user_check(struct svc *s, const struct user_input *in)
{
	char ph[12];
	struct area ar;
	int ri;

	return check_new(s, in, ph, &ri, &ar);
}

int
svc_user_create(struct svc *s, const struct user_input *in, struct user *ret)
{
	char ph[12] = "";
	struct user u;
	struct area ar;
	int rc, ri;

	if ((rc = check_new(s, in, ph, &ri, &ar)))
		return rc;
	if (in->pwhash == NULL || *in->pwhash == '\0')
		return fault_set(s->fault, ERR_INVALID, "password", "请输入密码", "a password is required");
	memset(&u, 0, sizeof(u));
	u.username = (char *)in->username;
	u.display_name = (char *)(in->display_name ? in->display_name : "");
	u.role = (char *)role_keys[ri];
	u.area_id = ar.id;
	u.pwhash = (char *)in->pwhash;
	rc = db_user_insert(s->db, &u);
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "username", "用户名已被占用",
				 "that user name is taken");
	if (rc == 0 && ph[0])
		rc = db_user_set_phone(s->db, u.id, ph);
	if (rc || (rc = svc_audit(s, "user_create", "user", u.id, ar.code,
				  arena_printf(s->arena, "%s as %s", u.username, u.role))))
		return rc;
	return db_user_get(s->db, s->arena, u.id, ret);
}

int
svc_user_update(struct svc *s, const struct user_input *in, struct user *ret)
{
	char ph[12] = "";
	struct user u;
	int rc;

	if ((rc = work_phone(s, in->phone, ph)) || (rc = db_user_get(s->db, s->arena, in->id, &u)))
		return rc;
	/* an account of another town is no concern of this one's; one above the town (the district
	 * viewer it made) is while the district holds only that town */
	if (s->user && !svc_in_scope(s, u.area_code)) {
		struct area *tv;
		bool others;
		int n;

		if (strncmp(s->scope, u.area_code, (size_t)area_scope_len(u.area_level)) != 0)
			return ERR_NOTFOUND;
		if ((rc = svc_towns(s, &tv, &n, &others)))
			return rc;
		if (others)
			return fault_set(s->fault, ERR_DENIED, "id",
					 "区级账号由区指挥部管理", "the district's accounts are the district command's");
	}
	if (in->disabled == 1 && u.id == svc_user_id(s))
		return fault_set(s->fault, ERR_INVALID, "disabled", "不能停用自己的账号",
				 "you cannot disable your own account");
	/* a disabled account and an old password keep no session */
	if (in->disabled >= 0 && ((rc = db_user_set_disabled(s->db, u.id, in->disabled)) ||
				  (in->disabled && (rc = db_session_revoke_user(s->db, u.id)))))
		return rc;
	if (in->pwhash && ((rc = db_user_set_password(s->db, u.id, in->pwhash)) ||
			   (rc = db_session_revoke_user(s->db, u.id))))
		return rc;
	if (in->display_name && (rc = db_user_set_display_name(s->db, u.id, in->display_name)))
		return rc;
	if (in->phone && (rc = db_user_set_phone(s->db, u.id, ph)))
		return rc;
	if ((rc = svc_audit(s, "user_update", "user", u.id, u.area_code,
			    arena_printf(s->arena, "%s%s%s",
					 in->disabled == 1   ? "disabled "
					 : in->disabled == 0 ? "enabled "
							     : "",
					 in->pwhash ? "password " : "", in->display_name ? "display_name" : ""))))
		return rc;
	return db_user_get(s->db, s->arena, u.id, ret);
}
