/* svc.c: the operations' context: who acts, where, and the audit row they leave. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "role.h"
#include "svc.h"

int
svc_local(struct svc *s, struct dbc *db, struct arena *a, struct fault *f)
{
	char *town = NULL;

	memset(s, 0, sizeof(*s));
	s->db = db;
	s->arena = a;
	s->perms = ~0u;
	s->scope = "";
	s->ip = "local";
	s->fault = f;
	/* the whole database's town, as the command post sees it; a district of several towns in
	 * one database is seen whole, from the district */
	if (db_setting_get(db, a, "town_code", &town) == 0 && town != NULL && strlen(town) >= 9) {
		struct area *tv;
		int n;

		s->scope = arena_strndup(a, town, 9);
		if (db_area_towns(db, a, &tv, &n) == 0 && n > 1)
			s->scope = arena_strndup(a, town, 6);
	}
	return 0;
}

int
svc_towns(struct svc *s, struct area **ret, int *ret_n, bool *ret_others)
{
	struct area *tv;
	int n, i, k = 0, rc;
	bool others = false;

	if ((rc = db_area_towns(s->db, s->arena, &tv, &n)))
		return rc;
	for (i = 0; i < n; i++) {
		if (svc_in_scope(s, tv[i].code))
			tv[k++] = tv[i];
		else
			others = true;
	}
	*ret = tv;
	*ret_n = k;
	if (ret_others)
		*ret_others = others;
	return 0;
}

int
svc_whole_database(struct svc *s, const char *field)
{
	struct area *tv;
	bool others;
	int n, rc;

	if ((rc = svc_towns(s, &tv, &n, &others)))
		return rc;
	if (others)
		return fault_set(s->fault, ERR_DENIED, field,
				 "这项设置全区各乡镇共用：由区指挥部修改",
				 "this setting is shared by every town of the district: the district's "
				 "command post changes it");
	return 0;
}

int
svc_area_top(struct svc *s, struct area *ret)
{
	char code[13];
	size_t sl = strlen(s->scope);

	/* 430302 → 430302000000, 430302100 → 430302100000; a village's or a grid's users belong
	 * to their town, and a district of one town is that town */
	if (sl < 6)
		return ERR_NOTFOUND;
	if (sl < 9) {
		struct area *tv;
		int n, rc;

		if ((rc = svc_towns(s, &tv, &n, NULL)))
			return rc;
		if (n == 1) {
			*ret = tv[0];
			return 0;
		}
	}
	snprintf(code, sizeof(code), "%.*s%.*s", sl >= 9 ? 9 : 6, s->scope, sl >= 9 ? 3 : 6,
		 "000000");
	return db_area_get_by_code(s->db, s->arena, code, ret);
}

bool
svc_in_scope(const struct svc *s, const char *code)
{
	return code != NULL && strncmp(code, s->scope, strlen(s->scope)) == 0;
}

bool
svc_one_of(const char *s, const char *const *set)
{
	int i;

	for (i = 0; s && set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

int64_t
svc_user_id(const struct svc *s)
{
	return s->user ? s->user->id : 0;
}

const char *
svc_username(const struct svc *s)
{
	return s->user ? s->user->username : "";
}

void
svc_field_in(struct fault *f, const char *prefix)
{
	char tmp[160];
	size_t n;

	snprintf(tmp, sizeof(tmp), "%s.%s", prefix, f->field);
	n = strlen(tmp) < sizeof(f->field) - 1 ? strlen(tmp) : sizeof(f->field) - 1;
	memcpy(f->field, tmp, n);
	f->field[n] = '\0';
}

int
svc_audit(struct svc *s, const char *action, const char *kind, int64_t id, const char *area,
	  const char *detail)
{
	struct audit e = {0};

	e.user_id = svc_user_id(s);
	e.username = svc_username(s);
	e.ip = s->ip;
	e.action = action;
	e.object_kind = kind;
	e.object_id = id;
	e.area_code = area;
	e.detail = detail;
	e.ok = 1;
	return db_audit_add(s->db, &e);
}
