/* api_duty.c: duty posts (岗点), teams and members, and shift handovers (交接班).  Patterns,
 * rosters, swaps and leave and who is on duty now are in api_roster.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "checkpoint.h"
#include "mask.h"
#include "roster.h"

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

int
duty_post_scoped(struct req *r, int64_t id, const char *field, struct duty_post *ret)
{
	struct svc s;

	return svc_duty_post(api_svc(r, &s), id, field, ret);
}

int
duty_post_scoped_memo(struct req *r, int64_t id, const char *field, struct duty_post *ret)
{
	struct svc s;

	return svc_duty_post_memo(api_svc(r, &s), id, field, ret);
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

/* The post form's fields read into in; the operation checks what they say.  Absent fields stay
 * NULL (or -1): an update keeps what the post has. */
static int
post_read(struct req *r, struct svc_post_in *in, bool create)
{
	static const char *const fields[] = {"name", "place", "area_code", "kind", "hours_from",
					     "hours_to", "province", "phone", "handoff_user_id",
					     "active", NULL};
	int rc;

	memset(in, 0, sizeof(*in));
	in->handoff_user_id = -1;
	in->active = -1;
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, create, &in->name)) ||
	    (rc = api_str(r, "place", 100, false, &in->place)) ||
	    (rc = api_str(r, "kind", 20, create, &in->kind)) ||
	    (rc = api_code(r, "hours_from", 5, false, &in->hours_from)) ||
	    (rc = api_code(r, "hours_to", 5, false, &in->hours_to)) ||
	    (rc = api_str(r, "province", 1, false, &in->province)) ||
	    (rc = api_code(r, "phone", 32, false, &in->phone)) ||
	    (rc = api_int(r, "handoff_user_id", false, 0, INT64_MAX, &in->handoff_user_id)) ||
	    (rc = api_bool(r, "active", &in->active)))
		return rc;
	/* the name's emptiness is the operation's first check, before a missing area */
	if (create && !(in->name && *in->name == '\0'))
		return api_str(r, "area_code", 20, true, &in->area_code);
	if (create)
		return api_str(r, "area_code", 20, false, &in->area_code);
	in->area_code_given = json_object_get(r->json, "area_code") != NULL;
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
	struct svc s;
	struct svc_post_in in;
	struct duty_post p;
	int rc;

	if ((rc = post_read(r, &in, true)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_post_create(api_svc(r, &s), &in, &p)))
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
	struct svc s;
	struct svc_post_in in;
	struct duty_post p;
	int64_t id = req_param_id(r, 0);
	json_t *j;
	int rc;

	if ((rc = duty_post_scoped(r, id, "id", &p)) || (rc = post_read(r, &in, false)) ||
	    (rc = dbc_begin(r->db)) || (rc = svc_duty_post_update(api_svc(r, &s), id, &in, &p)) ||
	    (rc = post_full_json(r, &p, &j)))
		return rc;
	return api_commit_json(r, rs, 200, j);
}

int
api_team_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", NULL};
	struct svc s;
	struct duty_post p;
	struct duty_team t;
	const char *name;
	int64_t id = req_param_id(r, 0);
	int rc;

	if ((rc = duty_post_scoped(r, id, "id", &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_str(r, "name", 30, true, &name)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_team_add(api_svc(r, &s), id, name, &t)))
		return rc;
	return api_commit_json(r, rs, 201,
			       json_pack("{s:I, s:I, s:s, s:[], s:i}", "id", (json_int_t)t.id,
					 "post_id", (json_int_t)t.post_id, "name", t.name, "members",
					 "party_members", 0));
}

/* The team of params[0], at a post in the user's area. */
static int
team_scoped(struct req *r, int64_t id)
{
	struct duty_team t;
	struct duty_post p;

	if (id <= 0 || db_team_get(r->db, r->arena, id, &t) != 0 ||
	    duty_post_scoped(r, t.post_id, "id", &p) != 0)
		return fault_set(&r->fault, ERR_NOTFOUND, "id", "班组不存在或不在您的辖区内",
				 "no such team in your area");
	return 0;
}

int
api_member_add(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"person_id", "user_id", "name", "phone", "kind",
					     "party_member", "leader", NULL};
	struct svc s;
	struct svc_member_in in;
	struct duty_member m;
	int rc;

	memset(&in, 0, sizeof(in));
	in.team_id = req_param_id(r, 0);
	in.party_member = in.leader = -1;
	if ((rc = team_scoped(r, in.team_id)) || (rc = api_only(r, fields)) ||
	    (rc = api_int(r, "person_id", false, 1, INT64_MAX, &in.person_id)) ||
	    (rc = api_int(r, "user_id", false, 1, INT64_MAX, &in.user_id)) ||
	    (rc = api_str(r, "name", 40, false, &in.name)) ||
	    (rc = api_code(r, "phone", 32, false, &in.phone)) ||
	    (rc = api_str(r, "kind", 10, false, &in.kind)) ||
	    (rc = api_bool(r, "party_member", &in.party_member)) ||
	    (rc = api_bool(r, "leader", &in.leader)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_member_add(api_svc(r, &s), &in, &m)))
		return rc;
	return api_commit_json(r, rs, 201, duty_member_json(&m, false));
}

int
api_member_remove(struct req *r, struct resp *rs)
{
	struct svc s;
	int rc;

	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_member_remove(api_svc(r, &s), req_param_id(r, 0))) ||
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
	struct svc s;
	struct svc_handover_in in;
	struct duty_shift sh;
	struct duty_post p;
	struct handover h;
	int rc;

	memset(&in, 0, sizeof(in));
	in.shift_id = req_param_id(r, 0);
	if ((rc = duty_shift_scoped(r, &sh, &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_text(r, "incidents", 2000, false, &in.incidents)) ||
	    (rc = api_text(r, "note", 2000, false, &in.note)) ||
	    (rc = api_int(r, "masks", true, 0, 1000000, &in.masks)) ||
	    (rc = api_int(r, "batteries", true, 0, 100000, &in.batteries)) ||
	    (rc = dbc_begin(r->db)) || (rc = svc_duty_handover_create(api_svc(r, &s), &in, &h)))
		return rc;
	return api_commit_json(r, rs, 201, handover_json(&h));
}

int
api_handover_confirm(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	struct svc s;
	struct handover h;
	struct duty_post p;
	const char *note = NULL;
	int64_t id = req_param_id(r, 0);
	int rc;

	if ((rc = svc_duty_handover(api_svc(r, &s), id, &h, &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_text(r, "note", 1000, false, &note)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_handover_confirm(&s, id, note, &h)))
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
