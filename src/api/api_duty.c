/* api_duty.c: duty posts (岗点), teams and members, and shift handovers (交接班).  Patterns,
 * rosters, swaps and leave and who is on duty now are in api_roster.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "checkpoint.h"
#include "db_memo.h"
#include "mask.h"
#include "observation.h"
#include "phone.h"
#include "plate.h"
#include "role.h"
#include "roster.h"
#include "text.h"

static const char *const post_kinds[] = {"checkpoint", "village_entrance", "clinic_desk",
					 "command_duty", "other", NULL};


int64_t
duty_day_start(const char *date)
{
	char today[11];
	int64_t s;

	clock_local_date(clock_now(), today);
	s = clock_day_start(clock_now()) - (int64_t)date_diff_days(date, today) * 86400;
	return clock_day_start(s + 43200);
}

void
duty_hhmm(int64_t t, char ret[6])
{
	char iso[32];

	clock_local_iso(t, iso);
	memcpy(ret, iso + 11, 5);
	ret[5] = '\0';
}

static const char *
hhmm_of(struct arena *a, int minutes)
{
	return arena_printf(a, "%02d:%02d", minutes / 60, minutes % 60);
}

json_t *
duty_post_json(const struct duty_post *p)
{
	char from[24], to[24];

	snprintf(from, sizeof(from), "%02d:%02d", p->hours_start / 60, p->hours_start % 60);
	snprintf(to, sizeof(to), "%02d:%02d", p->hours_end / 60, p->hours_end % 60);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:o, s:b, s:I}",
			 "id", (json_int_t)p->id, "name", p->name, "place", p->place, "area_code",
			 p->area_code, "area_name", p->area_name ? p->area_name : "", "kind", p->kind,
			 "round_the_clock", p->hours_start == 0 && p->hours_end == 1440, "hours_from",
			 from, "hours_to", to, "province", p->province, "phone", p->phone,
			 "handoff_user_id",
			 p->handoff_user_id ? json_integer(p->handoff_user_id) : json_null(), "active",
			 p->active != 0, "created_at", (json_int_t)p->created_at);
}

json_t *
duty_counts_json(const struct screen_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "vehicles", (json_int_t)c->vehicles,
			 "pedestrians", (json_int_t)c->pedestrians, "people", (json_int_t)c->people,
			 "abnormal", (json_int_t)c->abnormal, "high_risk", (json_int_t)c->high_risk,
			 "handoffs", (json_int_t)c->handoffs);
}

/* rc: how reading the post into ret went */
static int
post_in_scope(struct req *r, int rc, const char *field, const struct duty_post *ret)
{
	if (rc == ERR_NOTFOUND || (rc == 0 && !api_in_scope(r, ret->area_code)))
		return fault_set(&r->fault, ERR_NOTFOUND, field, "岗点不存在或不在您的辖区内",
				 "no such duty post in your area");
	return rc;
}

int
duty_post_scoped(struct req *r, int64_t id, const char *field, struct duty_post *ret)
{
	return post_in_scope(r, id > 0 ? db_post_get(r->db, r->arena, id, ret) : ERR_NOTFOUND,
			     field, ret);
}

int
duty_post_scoped_memo(struct req *r, int64_t id, const char *field, struct duty_post *ret)
{
	return post_in_scope(r, id > 0 ? db_post_get_memo(r->db, r->arena, id, ret) : ERR_NOTFOUND,
			     field, ret);
}

/* A member's phone: full for the command post when it asked to see them, masked otherwise. */
json_t *
duty_member_json(const struct duty_member *m, bool reveal)
{
	char masked[32];

	mask_phone(m->phone, masked);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:b, s:o, s:o}", "id", (json_int_t)m->id,
			 "team_id", (json_int_t)m->team_id, "name", m->name, "phone",
			 reveal || *m->phone == '\0' ? m->phone : masked, "kind", m->kind,
			 "party_member", m->party_member != 0, "leader", m->leader != 0, "person_id",
			 m->person_id ? json_integer(m->person_id) : json_null(), "user_id",
			 m->user_id ? json_integer(m->user_id) : json_null());
}

static int
post_fields(struct req *r, struct duty_post *p, bool create)
{
	static const char *const fields[] = {"name", "place", "area_code", "kind", "hours_from",
					     "hours_to", "province", "phone", "handoff_user_id",
					     "active", NULL};
	const char *from = NULL, *to = NULL, *area = NULL, *phone = NULL, *name, *place, *kind, *prov;
	int64_t handoff = -1;
	int active = -1, rc;

	/* absent fields keep what the post has (PATCH) */
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, create, &name)) ||
	    (rc = api_str(r, "place", 100, false, &place)) ||
	    (rc = api_str(r, "kind", 20, create, &kind)) ||
	    (rc = api_code(r, "hours_from", 5, false, &from)) ||
	    (rc = api_code(r, "hours_to", 5, false, &to)) ||
	    (rc = api_str(r, "province", 1, false, &prov)) ||
	    (rc = api_code(r, "phone", 32, false, &phone)) ||
	    (rc = api_int(r, "handoff_user_id", false, 0, INT64_MAX, &handoff)) ||
	    (rc = api_bool(r, "active", &active)))
		return rc;
	if (name && *name == '\0')
		return fault_set(&r->fault, ERR_INVALID, "name", "名称不能为空", "the name must not be empty");
	if (name)
		p->name = (char *)name;
	if (place || create)
		p->place = (char *)(place ? place : "");
	if (kind)
		p->kind = (char *)kind;
	if (prov)
		p->province = (char *)prov;
	if (create && (rc = api_str(r, "area_code", 20, true, &area)))
		return rc;
	if (!create && json_object_get(r->json, "area_code"))
		return fault_set(&r->fault, ERR_INVALID, "area_code", "岗点所在区域不能修改",
				 "a post's area cannot be changed");
	if (p->kind && !api_one_of(p->kind, post_kinds))
		return fault_set(&r->fault, ERR_INVALID, "kind",
				 "类型应为 checkpoint、village_entrance、clinic_desk、command_duty 或 other",
				 "kind must be checkpoint, village_entrance, clinic_desk, command_duty or other");
	if ((from == NULL) != (to == NULL))
		return fault_set(&r->fault, ERR_INVALID, from ? "hours_to" : "hours_from", "值守时段须同时填写开始和结束",
				 "give both hours_from and hours_to, or neither for round the clock");
	if (from) {
		int a = roster_hhmm(from, false), b = roster_hhmm(to, true);

		if (a < 0)
			return fault_set(&r->fault, ERR_INVALID, "hours_from", "开始时间应为 HH:MM",
					 "hours_from must be HH:MM");
		if (b < 0)
			return fault_set(&r->fault, ERR_INVALID, "hours_to", "结束时间应为 HH:MM",
					 "hours_to must be HH:MM");
		if (a == b && a != 0)
			return fault_set(&r->fault, ERR_INVALID, "hours_to", "结束时间不能等于开始时间",
					 "hours_to cannot equal hours_from");
		if (a == 0 && (b == 0 || b == 1440))
			b = 1440;
		p->hours_start = a;
		p->hours_end = b;
	} else if (create) {
		p->hours_start = 0;
		p->hours_end = 1440;
	}
	if (p->province && *p->province && !plate_province_ok(p->province))
		return fault_set(&r->fault, ERR_INVALID, "province", "省份简称不对（如“湘”）",
				 "province must be one plate province abbreviation, such as 湘");
	if (phone) {
		if (*phone == '\0')
			p->phone = "";
		else {
			/* a post's phone may be a landline: digits and dashes only */
			char *sq = text_squeeze(r->arena, phone);
			size_t i;

			for (i = 0; sq[i]; i++)
				if (sq[i] < '0' || sq[i] > '9')
					return fault_set(&r->fault, ERR_INVALID, "phone",
							 "电话只能包含数字", "phone may contain digits only");
			if (i < 5 || i > 16)
				return fault_set(&r->fault, ERR_INVALID, "phone", "电话号码位数不对",
						 "phone has the wrong number of digits");
			p->phone = sq;
		}
	}
	if (handoff >= 0) {
		struct user u;

		if (handoff == 0)
			p->handoff_user_id = 0;
		else if (db_user_get(r->db, r->arena, handoff, &u) != 0 || u.disabled ||
			 !(auth_perms(&u) & PERM_TASK_READ))
			return fault_set(&r->fault, ERR_INVALID, "handoff_user_id",
					 "移交对象须是在岗用户", "handoff_user_id must be an active staff user");
		else
			p->handoff_user_id = handoff;
	}
	if (active >= 0)
		p->active = active;
	if (create) {
		struct area ar;

		if (db_area_get_by_code(r->db, r->arena, area, &ar) != 0 || !api_in_scope(r, ar.code))
			return fault_set(&r->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
					 "no such area in your area");
		if (ar.level < 2)
			return fault_set(&r->fault, ERR_INVALID, "area_code",
					 "岗点应设在镇、村（社区）或网格", "a post belongs to the town, a village or a grid");
		p->area_code = ar.code;
		if (p->province == NULL || *p->province == '\0') {
			const char *pv = plate_province_of_area(ar.code);

			p->province = (char *)(pv ? pv : "");
		}
		p->active = 1;
	}
	return 0;
}

int
api_post_list(struct req *r, struct resp *rs)
{
	struct duty_post *v;
	int n, i, limit, offset, rc;
	json_t *items;

	/* a town has a handful of posts, a district some dozens: one read, paged here */
	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_post_list(r->db, r->arena, r->scope, &v, &n)))
		return rc;
	items = json_array();
	for (i = offset; i < n && i < offset + limit; i++)
		json_array_append_new(items, duty_post_json(&v[i]));
	return resp_json(rs, 200, api_list(items, n));
}

int
api_post_create(struct req *r, struct resp *rs)
{
	struct duty_post p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = post_fields(r, &p, true)) || (rc = dbc_begin(r->db)) ||
	    (rc = db_post_insert(r->db, &p)) ||
	    (rc = api_audit(r, "create", "duty_post", p.id, p.area_code, p.name)) ||
	    (rc = db_post_get(r->db, r->arena, p.id, &p)))
		return rc;
	return api_commit_json(r, rs, 201, duty_post_json(&p));
}

json_t *
duty_pattern_json(struct req *r, const struct duty_pattern *p, const struct duty_team *teams,
		  int nteams)
{
	struct shift_def defs[ROSTER_MAX_SHIFTS];
	int n = roster_shifts_parse(p->shifts, defs, ROSTER_MAX_SHIFTS), i, j;
	json_t *shifts = json_array(), *cycle = json_array();
	const char *s = p->teams;

	for (i = 0; i < n; i++)
		json_array_append_new(shifts, json_pack("{s:s, s:f}", "start",
							hhmm_of(r->arena, defs[i].start), "hours",
							defs[i].minutes / 60.0));
	while (s && *s) {
		char *end;
		int64_t id = strtoll(s, &end, 10);
		json_t *t = json_null();

		for (j = 0; j < nteams && id; j++)
			if (teams[j].id == id)
				t = json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", teams[j].name);
		json_array_append_new(cycle, t);
		s = *end ? end + 1 : end;
	}
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:i, s:s}", "id", (json_int_t)p->id,
			 "post_id", (json_int_t)p->post_id, "name", p->name, "kind", p->kind, "shifts",
			 shifts, "teams", cycle, "day_step", p->day_step, "anchor_date", p->anchor_date);
}

/* POST plus teams (with their members) and patterns. */
static int
post_full_json(struct req *r, const struct duty_post *p, json_t **ret)
{
	struct duty_team *teams;
	struct duty_member *mem;
	struct duty_pattern *pats;
	int nt, nm, np, i, j, rc;
	json_t *j_post = duty_post_json(p), *jt = json_array(), *jp = json_array();

	if ((rc = db_team_of_post(r->db, r->arena, p->id, &teams, &nt)) ||
	    (rc = db_member_of_post(r->db, r->arena, p->id, &mem, &nm)) ||
	    (rc = db_pattern_of_post(r->db, r->arena, p->id, &pats, &np))) {
		json_decref(j_post);
		json_decref(jt);
		json_decref(jp);
		return rc;
	}
	for (i = 0; i < nt; i++) {
		json_t *members = json_array();
		int party = 0;

		for (j = 0; j < nm; j++)
			if (mem[j].team_id == teams[i].id) {
				json_array_append_new(members, duty_member_json(&mem[j], false));
				party += mem[j].party_member != 0;
			}
		json_array_append_new(jt, json_pack("{s:I, s:s, s:o, s:i}", "id",
						    (json_int_t)teams[i].id, "name", teams[i].name,
						    "members", members, "party_members", party));
	}
	for (i = 0; i < np; i++)
		json_array_append_new(jp, duty_pattern_json(r, &pats[i], teams, nt));
	json_object_set_new(j_post, "teams", jt);
	json_object_set_new(j_post, "patterns", jp);
	*ret = j_post;
	return 0;
}

int
api_post_get(struct req *r, struct resp *rs)
{
	struct duty_post p;
	json_t *j;
	int rc;

	if ((rc = duty_post_scoped(r, req_param_id(r, 0), "id", &p)) ||
	    (rc = post_full_json(r, &p, &j)))
		return rc;
	return resp_json(rs, 200, j);
}

int
api_post_update(struct req *r, struct resp *rs)
{
	struct duty_post p;
	json_t *j;
	int rc;

	if ((rc = duty_post_scoped(r, req_param_id(r, 0), "id", &p)) ||
	    (rc = post_fields(r, &p, false)) || (rc = dbc_begin(r->db)) ||
	    (rc = db_post_update(r->db, &p)) ||
	    (rc = api_audit(r, "update", "duty_post", p.id, p.area_code, p.name)) ||
	    (rc = db_post_get(r->db, r->arena, p.id, &p)) || (rc = post_full_json(r, &p, &j)))
		return rc;
	return api_commit_json(r, rs, 200, j);
}

int
api_team_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", NULL};
	struct duty_post p;
	struct duty_team t = {0};
	int rc;

	if ((rc = duty_post_scoped(r, req_param_id(r, 0), "id", &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_str(r, "name", 30, true, (const char **)&t.name)) || (rc = dbc_begin(r->db)))
		return rc;
	t.post_id = p.id;
	rc = db_team_insert(r->db, &t);
	if (rc == ERR_CONFLICT)
		return fault_set(&r->fault, ERR_CONFLICT, "name", "该岗点已有同名班组",
				 "this post has a team of that name");
	if (rc || (rc = api_audit(r, "create", "duty_team", t.id, p.area_code, t.name)))
		return rc;
	return api_commit_json(r, rs, 201,
			       json_pack("{s:I, s:I, s:s, s:[], s:i}", "id", (json_int_t)t.id,
					 "post_id", (json_int_t)p.id, "name", t.name, "members",
					 "party_members", 0));
}

/* The team of params[0], at a post in the user's area. */
static int
team_scoped(struct req *r, int64_t id, const char *field, struct duty_team *t, struct duty_post *p)
{
	if (id <= 0 || db_team_get(r->db, r->arena, id, t) != 0 ||
	    duty_post_scoped(r, t->post_id, field, p) != 0)
		return fault_set(&r->fault, ERR_NOTFOUND, field, "班组不存在或不在您的辖区内",
				 "no such team in your area");
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

int
api_member_add(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"person_id", "user_id", "name", "phone", "kind",
					     "party_member", "leader", NULL};
	struct duty_team t;
	struct duty_post p;
	struct duty_member m;
	int64_t person_id = 0, user_id = 0;
	const char *name = NULL, *phone = NULL, *kind = NULL;
	int party = -1, leader = -1, on_leave = 0, rc;
	char ph[12];

	memset(&m, 0, sizeof(m));
	if ((rc = team_scoped(r, req_param_id(r, 0), "id", &t, &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_int(r, "person_id", false, 1, INT64_MAX, &person_id)) ||
	    (rc = api_int(r, "user_id", false, 1, INT64_MAX, &user_id)) ||
	    (rc = api_str(r, "name", 40, false, &name)) ||
	    (rc = api_code(r, "phone", 32, false, &phone)) ||
	    (rc = api_str(r, "kind", 10, false, &kind)) ||
	    (rc = api_bool(r, "party_member", &party)) || (rc = api_bool(r, "leader", &leader)))
		return rc;
	if (!!person_id + !!user_id + !!(name && *name) != 1)
		return fault_set(&r->fault, ERR_INVALID, "person_id",
				 "请指定一名登记人员（person_id）、一名工作人员（user_id）或填写姓名，三者选一",
				 "give one of person_id (a resident), user_id (a staff member) or name");
	if (kind && strcmp(kind, "staff") && strcmp(kind, "volunteer"))
		return fault_set(&r->fault, ERR_INVALID, "kind", "类型应为 staff 或 volunteer",
				 "kind must be staff or volunteer");
	if (person_id) {
		struct person pe;

		if (db_person_get(r->db, r->arena, person_id, &pe) != 0 || pe.merged_into ||
		    !api_in_scope(r, pe.area_code))
			return fault_set(&r->fault, ERR_INVALID, "person_id", "人员不存在或不在您的辖区内",
					 "no such person in your area");
		m.person_id = pe.id;
		m.name = pe.name;
		m.phone = pe.phone ? pe.phone : "";
		m.party_member = has_tag(pe.tags, "party_member");
		m.kind = (char *)(kind ? kind : "volunteer");
	} else if (user_id) {
		struct user u;

		if (db_user_get(r->db, r->arena, user_id, &u) != 0 || u.disabled)
			return fault_set(&r->fault, ERR_INVALID, "user_id", "没有该在岗用户",
					 "no such active user");
		m.user_id = u.id;
		m.name = *u.display_name ? u.display_name : u.username;
		m.phone = u.phone ? u.phone : "";
		m.kind = (char *)(kind ? kind : "staff");
	} else {
		m.name = (char *)name;
		m.phone = ""; /* a volunteer known by name may have given no phone */
		m.kind = (char *)(kind ? kind : "volunteer");
	}
	if (phone && *phone) {
		if ((rc = phone_parse(phone, ph, &r->fault)))
			return rc;
		m.phone = ph;
	}
	if (party >= 0)
		m.party_member = party;
	m.leader = leader > 0;
	m.team_id = t.id;
	m.post_id = p.id;
	/* someone on leave who joins a team stays on leave there too, in the same transaction */
	if ((rc = dbc_begin(r->db)) || (rc = db_member_insert(r->db, &m)) ||
	    (rc = duty_leave_join(r, &p, &m, &on_leave)) ||
	    (rc = api_audit(r, "create", "duty_member", m.id, p.area_code,
			    on_leave ? arena_printf(r->arena, "%s: on leave for %d shifts", m.name,
						    on_leave)
				     : m.name)))
		return rc;
	m.active = 1;
	return api_commit_json(r, rs, 201, duty_member_json(&m, false));
}

int
api_member_remove(struct req *r, struct resp *rs)
{
	struct duty_member m;
	struct duty_post p;
	int rc;

	if (db_member_get(r->db, r->arena, req_param_id(r, 0), &m) != 0 ||
	    duty_post_scoped(r, m.post_id, "id", &p) != 0)
		return fault_set(&r->fault, ERR_NOTFOUND, "id", "队员不存在或不在您的辖区内",
				 "no such member in your area");
	if ((rc = dbc_begin(r->db)) || (rc = db_member_deactivate(r->db, m.id)) ||
	    (rc = api_audit(r, "update", "duty_member", m.id, p.area_code, "removed")) ||
	    (rc = dbc_commit(r->db)))
		return rc;
	rs->status = 204;
	return 0;
}

/* ---------- handovers ---------- */

static json_t *
handover_json(const struct handover *h)
{
	char a[6], b[6];

	duty_hhmm(h->shift_starts_at, a);
	duty_hhmm(h->shift_ends_at, b);
	return json_pack("{s:I, s:I, s:I, s:{s:I, s:I, s:s, s:s, s:s?}, s:{s:I, s:I, s:I, s:I}, "
			 "s:s, s:s, s:i, s:i, s:{s:I, s:s}, s:I, s:o, s:o, s:s, s:o, s:o}",
			 "id", (json_int_t)h->id, "post_id", (json_int_t)h->post_id, "shift_id",
			 (json_int_t)h->shift_id, "shift", "starts_at", (json_int_t)h->shift_starts_at,
			 "ends_at", (json_int_t)h->shift_ends_at, "start", a, "end", b, "team",
			 h->team_name, "counts", "vehicles", (json_int_t)h->counts.vehicles, "people",
			 (json_int_t)h->counts.people, "abnormal", (json_int_t)h->counts.abnormal,
			 "handoffs", (json_int_t)h->counts.handoffs, "incidents", h->incidents, "note",
			 h->note, "masks", h->masks, "batteries", h->batteries, "written_by", "id",
			 (json_int_t)h->written_by, "name", h->written_by_name, "written_at",
			 (json_int_t)h->written_at, "confirmed_by",
			 h->confirmed_by ? json_pack("{s:I, s:s}", "id", (json_int_t)h->confirmed_by,
						     "name", h->confirmed_by_name ? h->confirmed_by_name : "")
					 : json_null(),
			 "confirmed_at", h->confirmed_at ? json_integer(h->confirmed_at) : json_null(),
			 "confirm_note", h->confirm_note, "confirmed_as",
			 h->confirm_as && *h->confirm_as ? json_string(h->confirm_as) : json_null(),
			 "arriving_shift_id",
			 h->arriving_shift_id ? json_integer(h->arriving_shift_id) : json_null());
}

int
api_handover_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"incidents", "note", "masks", "batteries", NULL};
	struct duty_shift s;
	struct duty_post p;
	struct handover h;
	struct screen_counts c;
	int64_t masks = -1, batteries = -1, other;
	int64_t now = clock_now();
	int rc;

	memset(&h, 0, sizeof(h));
	if ((rc = duty_shift_scoped(r, &s, &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_text(r, "incidents", 2000, false, (const char **)&h.incidents)) ||
	    (rc = api_text(r, "note", 2000, false, (const char **)&h.note)) ||
	    (rc = api_int(r, "masks", true, 0, 1000000, &masks)) ||
	    (rc = api_int(r, "batteries", true, 0, 100000, &batteries)))
		return rc;
	/* written by the leaving team: from an hour before the shift ends until a day after */
	if (now < s.ends_at - 3600)
		return fault_set(&r->fault, ERR_CONFLICT, "id",
				 "班次结束前一小时内才能写交接记录", "a handover is written in the last hour of the shift or after it");
	if (now > s.ends_at + 86400)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "该班次已结束超过一天，不能再写交接",
				 "the shift ended more than a day ago");
	if ((rc = dbc_begin(r->db)))
		return rc;
	if (db_handover_of_shift(r->db, s.id, &other) == 0)
		return fault_setf(&r->fault, ERR_CONFLICT, "id", "该班次已有交接记录 #%lld",
				  "this shift has handover #%lld already", (long long)other);
	if ((rc = db_count_shift_get(r->db, s.id, &c)))
		return rc;
	h.counts = c;
	h.post_id = p.id;
	h.shift_id = s.id;
	h.masks = (int)masks;
	h.batteries = (int)batteries;
	h.written_by = r->user->id;
	rc = db_handover_insert(r->db, &h);
	if (rc == ERR_CONFLICT)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "该班次已有交接记录",
				 "this shift has a handover already");
	if (rc || (rc = api_audit(r, "create", "handover", h.id, p.area_code, p.name)) ||
	    (rc = db_handover_get(r->db, r->arena, h.id, &h)))
		return rc;
	return api_commit_json(r, rs, 201, handover_json(&h));
}

/*
 * Who may confirm handover h: a member of the arriving shift (the next shift of the post), by
 * the user account of a member of its team not on leave nor swapped out, or as a substitute;
 * else the command post or the village (duty.write) on the shift's behalf, saying why in the
 * note.  *ret_as and *ret_arriving say which, and which shift arrived (0: none is rostered).
 */
static int
confirm_check(struct req *r, const struct handover *h, const char *note, const char **ret_as,
	      int64_t *ret_arriving)
{
	struct duty_shift next;
	struct duty_member *mem;
	struct duty_change *ch;
	int nm, nc, rc;
	char at[6];

	rc = db_shift_next(r->db, r->arena, h->post_id, h->shift_starts_at, &next);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	*ret_arriving = rc == 0 ? next.id : 0;
	if (rc == 0) {
		if ((rc = db_member_of_post(r->db, r->arena, h->post_id, &mem, &nm)) ||
		    (rc = db_shift_swap_of_shift(r->db, r->arena, next.id, &ch, &nc)))
			return rc;
		if (duty_user_on_shift(&next, mem, nm, ch, nc, r->user->id)) {
			*ret_as = "arriving_team";
			return 0;
		}
	}
	if (!(r->perms & PERM_DUTY_WRITE)) {
		if (*ret_arriving == 0)
			return fault_set(&r->fault, ERR_DENIED, "confirmed_by",
					 "该班次之后还没有排班，没有接班班组；只能由指挥部或村里代为确认",
					 "no shift follows this one: only the command post or the village may "
					 "confirm on its behalf");
		duty_hhmm(next.starts_at, at);
		return fault_setf(&r->fault, ERR_DENIED, "confirmed_by",
				  "只有接班班组（%s，%s 起）的在岗队员可以确认此交接",
				  "only a member on the arriving shift (%s, from %s) may confirm this handover",
				  next.team_id ? next.team_name : "无人值班", at);
	}
	if (note == NULL || *note == '\0')
		return fault_set(&r->fault, ERR_INVALID, "note",
				 "您不在接班班组中，代为确认须在备注中写明原因",
				 "you are not on the arriving shift: say in the note why you confirm on its behalf");
	*ret_as = "on_behalf";
	return 0;
}

int
api_handover_confirm(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	struct handover h;
	struct duty_post p;
	const char *note = NULL, *as = NULL;
	int64_t arriving = 0;
	int rc;

	if (db_handover_get(r->db, r->arena, req_param_id(r, 0), &h) != 0 ||
	    duty_post_scoped(r, h.post_id, "id", &p) != 0)
		return fault_set(&r->fault, ERR_NOTFOUND, "id", "交接记录不存在或不在您的辖区内",
				 "no such handover in your area");
	if ((rc = api_only(r, fields)) || (rc = api_text(r, "note", 1000, false, &note)))
		return rc;
	if (h.written_by == r->user->id)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "交接记录须由接班人员确认，不能自己确认",
				 "the arriving team confirms a handover, not the one who wrote it");
	if (h.confirmed_at)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "该交接记录已确认", "this handover is confirmed already");
	/* read the roster in the transaction, so a swap at the same moment cannot slip past */
	if ((rc = dbc_begin(r->db)) || (rc = confirm_check(r, &h, note, &as, &arriving)))
		return rc;
	rc = db_handover_confirm(r->db, h.id, r->user->id, clock_now(), note, as, arriving);
	if (rc == ERR_CONFLICT)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "该交接记录已确认", "this handover is confirmed already");
	if (rc || (rc = api_audit(r, "update", "handover", h.id, p.area_code,
				  strcmp(as, "on_behalf") == 0 ? "confirmed on behalf of the arriving shift"
							       : "confirmed by the arriving shift")) ||
	    (rc = db_handover_get(r->db, r->arena, h.id, &h)))
		return rc;
	return api_commit_json(r, rs, 200, handover_json(&h));
}

int
api_handover_list(struct req *r, struct resp *rs)
{
	struct duty_post p;
	struct handover *v;
	const char *pid = req_query(r, "post_id");
	int limit, offset, n, i, rc;
	int64_t total;
	json_t *items;

	if (pid == NULL)
		return fault_set(&r->fault, ERR_INVALID, "post_id", "请指定岗点", "post_id is required");
	if ((rc = duty_post_scoped(r, strtoll(pid, NULL, 10), "post_id", &p)) ||
	    (rc = api_page(r, &limit, &offset)) ||
	    (rc = db_handover_list(r->db, r->arena, p.id, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, handover_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}
