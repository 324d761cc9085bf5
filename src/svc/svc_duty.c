/* svc_duty.c: duty posts (岗点), their teams and members, and shift handovers (交接班), each read
 * as the actor may see it.  Patterns, rosters and shift changes are in svc_roster.c, leave in
 * svc_leave.c. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_memo.h"
#include "phone.h"
#include "plate.h"
#include "role.h"
#include "svc_duty.h"
#include "text.h"

static const char *const post_kinds[] = {"checkpoint", "village_entrance", "clinic_desk",
					 "command_duty", "other", NULL};


/* ---------- reading as the actor may see ---------- */

/* rc: how reading the post into ret went */
static int
post_in_scope(struct svc *s, int rc, const char *field, const struct duty_post *ret)
{
	if (rc == ERR_NOTFOUND || (rc == 0 && !svc_in_scope(s, ret->area_code)))
		return fault_set(s->fault, ERR_NOTFOUND, field, "岗点不存在或不在您的辖区内",
				 "no such duty post in your area");
	return rc;
}

int
svc_duty_post(struct svc *s, int64_t id, const char *field, struct duty_post *ret)
{
	return post_in_scope(s, id > 0 ? db_post_get(s->db, s->arena, id, ret) : ERR_NOTFOUND,
			     field, ret);
}

int
svc_duty_post_memo(struct svc *s, int64_t id, const char *field, struct duty_post *ret)
{
	return post_in_scope(s, id > 0 ? db_post_get_memo(s->db, s->arena, id, ret) : ERR_NOTFOUND,
			     field, ret);
}

int
svc_duty_shift(struct svc *s, int64_t id, struct duty_shift *ret, struct duty_post *ret_post)
{
	if (id <= 0 || db_shift_get(s->db, s->arena, id, ret) != 0 ||
	    svc_duty_post(s, ret->post_id, "id", ret_post) != 0)
		return fault_set(s->fault, ERR_NOTFOUND, "id", "班次不存在或不在您的辖区内",
				 "no such shift in your area");
	return 0;
}

int
svc_duty_handover(struct svc *s, int64_t id, struct handover *ret, struct duty_post *ret_post)
{
	if (id <= 0 || db_handover_get(s->db, s->arena, id, ret) != 0 ||
	    svc_duty_post(s, ret->post_id, "id", ret_post) != 0)
		return fault_set(s->fault, ERR_NOTFOUND, "id", "交接记录不存在或不在您的辖区内",
				 "no such handover in your area");
	return 0;
}

/* The team id, at a post in the actor's area. */
static int
team_scoped(struct svc *s, int64_t id, struct duty_team *t, struct duty_post *p)
{
	if (id <= 0 || db_team_get(s->db, s->arena, id, t) != 0 ||
	    svc_duty_post(s, t->post_id, "id", p) != 0)
		return fault_set(s->fault, ERR_NOTFOUND, "id", "班组不存在或不在您的辖区内",
				 "no such team in your area");
	return 0;
}

/* ---------- posts ---------- */

static int
post_hours(struct svc *s, const struct svc_post_in *in, struct duty_post *p, bool create)
{
	const char *from = in->hours_from, *to = in->hours_to;
	int a, b;

	if ((from == NULL) != (to == NULL))
		return fault_set(s->fault, ERR_INVALID, from ? "hours_to" : "hours_from",
				 "值守时段须同时填写开始和结束",
				 "give both hours_from and hours_to, or neither for round the clock");
	if (from == NULL) {
		if (create) {
			p->hours_start = 0;
			p->hours_end = 1440;
		}
		return 0;
	}
	a = roster_hhmm(from, false);
	b = roster_hhmm(to, true);
	if (a < 0)
		return fault_set(s->fault, ERR_INVALID, "hours_from", "开始时间应为 HH:MM",
				 "hours_from must be HH:MM");
	if (b < 0)
		return fault_set(s->fault, ERR_INVALID, "hours_to", "结束时间应为 HH:MM",
				 "hours_to must be HH:MM");
	if (a == b && a != 0)
		return fault_set(s->fault, ERR_INVALID, "hours_to", "结束时间不能等于开始时间",
				 "hours_to cannot equal hours_from");
	if (a == 0 && (b == 0 || b == 1440))
		b = 1440;
	p->hours_start = a;
	p->hours_end = b;
	return 0;
}

/* A post's phone may be a landline: digits and dashes only. */
static int
post_phone(struct svc *s, const char *phone, struct duty_post *p)
{
	char *sq;
	size_t i;

	if (phone == NULL)
		return 0;
	if (*phone == '\0') {
		p->phone = "";
		return 0;
	}
	sq = text_squeeze(s->arena, phone);
	for (i = 0; sq[i]; i++)
		if (sq[i] < '0' || sq[i] > '9')
			return fault_set(s->fault, ERR_INVALID, "phone", "电话只能包含数字",
					 "phone may contain digits only");
	if (i < 5 || i > 16)
		return fault_set(s->fault, ERR_INVALID, "phone", "电话号码位数不对",
				 "phone has the wrong number of digits");
	p->phone = sq;
	return 0;
}

/* Fill p from in: absent fields keep what the post has (an update), in the form's order of
 * checks, so each refusal names the field it did before. */
static int
post_fields(struct svc *s, const struct svc_post_in *in, struct duty_post *p, bool create)
{
	int rc;

	if (in->name && *in->name == '\0')
		return fault_set(s->fault, ERR_INVALID, "name", "名称不能为空", "the name must not be empty");
	if (in->name)
		p->name = (char *)in->name;
	if (in->place || create)
		p->place = (char *)(in->place ? in->place : "");
	if (in->kind)
		p->kind = (char *)in->kind;
	if (in->province)
		p->province = (char *)in->province;
	if (create && in->area_code == NULL)
		return fault_set(s->fault, ERR_INVALID, "area_code", "缺少必填字段 area_code",
				 "the field area_code is required");
	if (!create && in->area_code_given)
		return fault_set(s->fault, ERR_INVALID, "area_code", "岗点所在区域不能修改",
				 "a post's area cannot be changed");
	if (p->kind && !svc_one_of(p->kind, post_kinds))
		return fault_set(s->fault, ERR_INVALID, "kind",
				 "类型应为 checkpoint、village_entrance、clinic_desk、command_duty 或 other",
				 "kind must be checkpoint, village_entrance, clinic_desk, command_duty or other");
	if ((rc = post_hours(s, in, p, create)))
		return rc;
	if (p->province && *p->province && !plate_province_ok(p->province))
		return fault_set(s->fault, ERR_INVALID, "province", "省份简称不对（如“湘”）",
				 "province must be one plate province abbreviation, such as 湘");
	if ((rc = post_phone(s, in->phone, p)))
		return rc;
	if (in->handoff_user_id >= 0) {
		struct user u;
		int role;

		if (in->handoff_user_id == 0)
			p->handoff_user_id = 0;
		else if (db_user_get(s->db, s->arena, in->handoff_user_id, &u) != 0 || u.disabled ||
			 (role = role_parse(u.role)) < 0 ||
			 !(role_perms((enum role)role) & PERM_TASK_READ))
			return fault_set(s->fault, ERR_INVALID, "handoff_user_id", "移交对象须是在岗用户",
					 "handoff_user_id must be an active staff user");
		else
			p->handoff_user_id = in->handoff_user_id;
	}
	if (in->active >= 0)
		p->active = in->active;
	if (create) {
		struct area ar;
		const char *pv;

		if (db_area_get_by_code(s->db, s->arena, in->area_code, &ar) != 0 ||
		    !svc_in_scope(s, ar.code))
			return fault_set(s->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
					 "no such area in your area");
		if (ar.level < 2)
			return fault_set(s->fault, ERR_INVALID, "area_code",
					 "岗点应设在镇、村（社区）或网格",
					 "a post belongs to the town, a village or a grid");
		p->area_code = ar.code;
		/* the plate province a post expects is its area's unless it says otherwise */
		if (p->province == NULL || *p->province == '\0') {
			pv = plate_province_of_area(ar.code);
			p->province = (char *)(pv ? pv : "");
		}
		p->active = 1;
	}
	return 0;
}

int
svc_duty_post_create(struct svc *s, const struct svc_post_in *in, struct duty_post *ret)
{
	struct duty_post p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = post_fields(s, in, &p, true)) || (rc = db_post_insert(s->db, &p)) ||
	    (rc = svc_audit(s, "create", "duty_post", p.id, p.area_code, p.name)))
		return rc;
	return db_post_get(s->db, s->arena, p.id, ret);
}

int
svc_duty_post_update(struct svc *s, int64_t id, const struct svc_post_in *in,
		     struct duty_post *ret)
{
	struct duty_post p;
	int rc;

	if ((rc = svc_duty_post(s, id, "id", &p)) || (rc = post_fields(s, in, &p, false)) ||
	    (rc = db_post_update(s->db, &p)) ||
	    (rc = svc_audit(s, "update", "duty_post", p.id, p.area_code, p.name)))
		return rc;
	return db_post_get(s->db, s->arena, p.id, ret);
}

/* ---------- teams and members ---------- */

int
svc_duty_team_add(struct svc *s, int64_t post_id, const char *name, struct duty_team *ret)
{
	struct duty_post p;
	struct duty_team t = {0};
	int rc;

	if ((rc = svc_duty_post(s, post_id, "id", &p)))
		return rc;
	t.post_id = p.id;
	t.name = (char *)name;
	rc = db_team_insert(s->db, &t);
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "name", "该岗点已有同名班组",
				 "this post has a team of that name");
	if (rc || (rc = svc_audit(s, "create", "duty_team", t.id, p.area_code, t.name)))
		return rc;
	*ret = t;
	return 0;
}

static bool
has_tag(const char *tags, const char *tag)
{
	size_t n = strlen(tag);
	const char *s = tags;

	while (s && (s = strstr(s, tag)) != NULL) {
		if ((s == tags || s[-1] == ',') && (s[n] == ',' || s[n] == '\0'))
			return true;
		s += n;
	}
	return false;
}

/* Who the new member m is: a resident, a staff user or a name, with their name and phone. */
static int
member_who(struct svc *s, const struct svc_member_in *in, struct duty_member *m)
{
	if (in->person_id) {
		struct person pe;

		if (db_person_get(s->db, s->arena, in->person_id, &pe) != 0 || pe.merged_into ||
		    !svc_in_scope(s, pe.area_code))
			return fault_set(s->fault, ERR_INVALID, "person_id", "人员不存在或不在您的辖区内",
					 "no such person in your area");
		m->person_id = pe.id;
		m->name = pe.name;
		m->phone = pe.phone ? pe.phone : "";
		m->party_member = has_tag(pe.tags, "party_member");
		m->kind = (char *)(in->kind ? in->kind : "volunteer");
	} else if (in->user_id) {
		struct user u;

		if (db_user_get(s->db, s->arena, in->user_id, &u) != 0 || u.disabled)
			return fault_set(s->fault, ERR_INVALID, "user_id", "没有该在岗用户",
					 "no such active user");
		m->user_id = u.id;
		m->name = *u.display_name ? u.display_name : u.username;
		m->phone = u.phone ? u.phone : "";
		m->kind = (char *)(in->kind ? in->kind : "staff");
	} else {
		m->name = (char *)in->name;
		m->phone = ""; /* a volunteer known by name may have given no phone */
		m->kind = (char *)(in->kind ? in->kind : "volunteer");
	}
	return 0;
}

int
svc_duty_member_add(struct svc *s, const struct svc_member_in *in, struct duty_member *ret)
{
	struct duty_team t;
	struct duty_post p;
	struct duty_member m;
	int on_leave = 0, rc;
	char ph[12];

	memset(&m, 0, sizeof(m));
	if ((rc = team_scoped(s, in->team_id, &t, &p)))
		return rc;
	if (!!in->person_id + !!in->user_id + !!(in->name && *in->name) != 1)
		return fault_set(s->fault, ERR_INVALID, "person_id",
				 "请指定一名登记人员（person_id）、一名工作人员（user_id）或填写姓名，三者选一",
				 "give one of person_id (a resident), user_id (a staff member) or name");
	if (in->kind && strcmp(in->kind, "staff") && strcmp(in->kind, "volunteer"))
		return fault_set(s->fault, ERR_INVALID, "kind", "类型应为 staff 或 volunteer",
				 "kind must be staff or volunteer");
	if ((rc = member_who(s, in, &m)))
		return rc;
	if (in->phone && *in->phone) {
		if ((rc = phone_parse(in->phone, ph, s->fault)))
			return rc;
		m.phone = arena_strdup(s->arena, ph);
	}
	if (in->party_member >= 0)
		m.party_member = in->party_member;
	m.leader = in->leader > 0;
	m.team_id = t.id;
	m.post_id = p.id;
	/* someone on leave who joins a team stays on leave there too, in the same transaction */
	if ((rc = db_member_insert(s->db, &m)) || (rc = svc_duty_leave_join(s, &p, &m, &on_leave)) ||
	    (rc = svc_audit(s, "create", "duty_member", m.id, p.area_code,
			    on_leave ? arena_printf(s->arena, "%s: on leave for %d shifts", m.name,
						    on_leave)
				     : m.name)))
		return rc;
	m.active = 1;
	*ret = m;
	return 0;
}

int
svc_duty_member_remove(struct svc *s, int64_t id)
{
	struct duty_member m;
	struct duty_post p;
	int rc;

	if (id <= 0 || db_member_get(s->db, s->arena, id, &m) != 0 ||
	    svc_duty_post(s, m.post_id, "id", &p) != 0)
		return fault_set(s->fault, ERR_NOTFOUND, "id", "队员不存在或不在您的辖区内",
				 "no such member in your area");
	if ((rc = db_member_deactivate(s->db, m.id)))
		return rc;
	return svc_audit(s, "update", "duty_member", m.id, p.area_code, "removed");
}

/* ---------- handovers ---------- */

int
svc_duty_handover_create(struct svc *s, const struct svc_handover_in *in, struct handover *ret)
{
	struct duty_shift sh;
	struct duty_post p;
	struct handover h;
	int64_t now = clock_now(), other;
	int rc;

	memset(&h, 0, sizeof(h));
	if ((rc = svc_duty_shift(s, in->shift_id, &sh, &p)))
		return rc;
	/* written by the leaving team: from an hour before the shift ends until a day after */
	if (now < sh.ends_at - 3600)
		return fault_set(s->fault, ERR_CONFLICT, "id", "班次结束前一小时内才能写交接记录",
				 "a handover is written in the last hour of the shift or after it");
	if (now > sh.ends_at + 86400)
		return fault_set(s->fault, ERR_CONFLICT, "id", "该班次已结束超过一天，不能再写交接",
				 "the shift ended more than a day ago");
	if (db_handover_of_shift(s->db, sh.id, &other) == 0)
		return fault_setf(s->fault, ERR_CONFLICT, "id", "该班次已有交接记录 #%lld",
				  "this shift has handover #%lld already", (long long)other);
	if ((rc = db_count_shift_get(s->db, sh.id, &h.counts)))
		return rc;
	h.post_id = p.id;
	h.shift_id = sh.id;
	h.incidents = (char *)in->incidents;
	h.note = (char *)in->note;
	h.masks = (int)in->masks;
	h.batteries = (int)in->batteries;
	h.written_by = svc_user_id(s);
	rc = db_handover_insert(s->db, &h);
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "id", "该班次已有交接记录",
				 "this shift has a handover already");
	if (rc || (rc = svc_audit(s, "create", "handover", h.id, p.area_code, p.name)))
		return rc;
	return db_handover_get(s->db, s->arena, h.id, ret);
}

/*
 * Who may confirm handover h: a member of the arriving shift (the next shift of the post), by
 * the user account of a member of its team not on leave nor swapped out, or as a substitute;
 * else the command post or the village (duty.write) on the shift's behalf, saying why in the
 * note.  *ret_as and *ret_arriving say which, and which shift arrived (0: none is rostered).
 */
static int
confirm_check(struct svc *s, const struct handover *h, const char *note, const char **ret_as,
	      int64_t *ret_arriving)
{
	struct duty_shift next;
	struct duty_member *mem;
	struct duty_change *ch;
	int nm, nc, rc;
	char at[6];

	rc = db_shift_next(s->db, s->arena, h->post_id, h->shift_starts_at, &next);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	*ret_arriving = rc == 0 ? next.id : 0;
	if (rc == 0) {
		if ((rc = db_member_of_post(s->db, s->arena, h->post_id, &mem, &nm)) ||
		    (rc = db_shift_swap_of_shift(s->db, s->arena, next.id, &ch, &nc)))
			return rc;
		if (duty_user_on_shift(&next, mem, nm, ch, nc, svc_user_id(s))) {
			*ret_as = "arriving_team";
			return 0;
		}
	}
	if (!(s->perms & PERM_DUTY_WRITE)) {
		if (*ret_arriving == 0)
			return fault_set(s->fault, ERR_DENIED, "confirmed_by",
					 "该班次之后还没有排班，没有接班班组；只能由指挥部或村里代为确认",
					 "no shift follows this one: only the command post or the village may "
					 "confirm on its behalf");
		duty_hhmm(next.starts_at, at);
		return fault_setf(s->fault, ERR_DENIED, "confirmed_by",
				  "只有接班班组（%s，%s 起）的在岗队员可以确认此交接",
				  "only a member on the arriving shift (%s, from %s) may confirm this handover",
				  next.team_id ? next.team_name : "无人值班", at);
	}
	if (note == NULL || *note == '\0')
		return fault_set(s->fault, ERR_INVALID, "note",
				 "您不在接班班组中，代为确认须在备注中写明原因",
				 "you are not on the arriving shift: say in the note why you confirm on its behalf");
	*ret_as = "on_behalf";
	return 0;
}

int
svc_duty_handover_confirm(struct svc *s, int64_t id, const char *note, struct handover *ret)
{
	struct handover h;
	struct duty_post p;
	const char *as = NULL;
	int64_t arriving = 0;
	int rc;

	if ((rc = svc_duty_handover(s, id, &h, &p)))
		return rc;
	if (h.written_by == svc_user_id(s))
		return fault_set(s->fault, ERR_CONFLICT, "id", "交接记录须由接班人员确认，不能自己确认",
				 "the arriving team confirms a handover, not the one who wrote it");
	if (h.confirmed_at)
		return fault_set(s->fault, ERR_CONFLICT, "id", "该交接记录已确认",
				 "this handover is confirmed already");
	/* the roster is read in the caller's transaction, so a swap at the same moment cannot
	 * slip past */
	if ((rc = confirm_check(s, &h, note, &as, &arriving)))
		return rc;
	rc = db_handover_confirm(s->db, h.id, svc_user_id(s), clock_now(), note, as, arriving);
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "id", "该交接记录已确认",
				 "this handover is confirmed already");
	if (rc || (rc = svc_audit(s, "update", "handover", h.id, p.area_code,
				  strcmp(as, "on_behalf") == 0 ? "confirmed on behalf of the arriving shift"
							       : "confirmed by the arriving shift")))
		return rc;
	return db_handover_get(s->db, s->arena, h.id, ret);
}
