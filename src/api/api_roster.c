/* api_roster.c: roster patterns (四班倒 and others) and the rosters generated from them with
 * their gaps and overlaps, swaps, leave and team changes on one shift, and who is on duty now. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "checkpoint.h"
#include "mask.h"
#include "observation.h"
#include "phone.h"
#include "plate.h"
#include "role.h"
#include "roster.h"
#include "text.h"

static const char *const pattern_kinds[] = {"four_team", "three_shift", "custom", NULL};

#define GAP_CAP 200

/* ---------- patterns and rosters ---------- */

static int
read_shift_defs(struct req *r, json_t *arr, struct shift_def *defs, int *ret_n)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > ROSTER_MAX_SHIFTS)
		return fault_setf(&r->fault, ERR_INVALID, "shifts", "班次应为 1 到 %d 个",
				  "shifts must list 1 to %d shifts", ROSTER_MAX_SHIFTS);
	json_array_foreach(arr, i, v) {
		json_t *st = json_object_get(v, "start"), *h = json_object_get(v, "hours");
		int start = json_is_string(st) ? roster_hhmm(json_string_value(st), false) : -1;
		double hours = json_is_number(h) ? json_number_value(h) : -1;

		if (start < 0)
			return fault_setf(&r->fault, ERR_INVALID, "shifts",
					  "第 %zu 个班次的开始时间应为 HH:MM",
					  "shift %zu: start must be HH:MM", i + 1);
		if (hours < 0.5 || hours > 24)
			return fault_setf(&r->fault, ERR_INVALID, "shifts",
					  "第 %zu 个班次的时长应在 0.5 到 24 小时之间",
					  "shift %zu: hours must be from 0.5 to 24", i + 1);
		defs[i].start = start;
		defs[i].minutes = (int)(hours * 60 + 0.5);
	}
	*ret_n = (int)json_array_size(arr);
	return 0;
}

int
api_pattern_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "kind", "teams", "shifts", "first_start",
					     "day_step", "anchor_date", NULL};
	struct duty_post p;
	struct duty_pattern pat;
	struct duty_team *teams;
	struct shift_def defs[ROSTER_MAX_SHIFTS];
	json_t *jt = json_object_get(r->json, "teams"), *v, *out;
	const char *first = NULL, *anchor = NULL;
	int64_t step = 0;
	int nt, ndefs = 0, i, first_min = 0, rc;
	size_t k;
	char today[11], shifts_text[256], *cycle;
	memset(&pat, 0, sizeof(pat));
	if ((rc = duty_post_scoped(r, req_param_id(r, 0), "id", &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_str(r, "name", 40, true, (const char **)&pat.name)) ||
	    (rc = api_str(r, "kind", 20, true, (const char **)&pat.kind)) ||
	    (rc = api_str(r, "first_start", 5, false, &first)) ||
	    (rc = api_int(r, "day_step", false, 0, ROSTER_MAX_CYCLE, &step)) ||
	    (rc = api_str(r, "anchor_date", 10, false, &anchor)))
		return rc;
	if (!api_one_of(pat.kind, pattern_kinds))
		return fault_set(&r->fault, ERR_INVALID, "kind", "类型应为 four_team、three_shift 或 custom",
				 "kind must be four_team, three_shift or custom");
	if (first && (first_min = roster_hhmm(first, false)) < 0)
		return fault_set(&r->fault, ERR_INVALID, "first_start", "第一个班次开始时间应为 HH:MM",
				 "first_start must be HH:MM");
	if (anchor && clock_parse_date(anchor, &i, &i, &i))
		return fault_set(&r->fault, ERR_INVALID, "anchor_date", "日期应为 YYYY-MM-DD",
				 "anchor_date must be YYYY-MM-DD");
	if (!json_is_array(jt) || json_array_size(jt) == 0 || json_array_size(jt) > ROSTER_MAX_CYCLE)
		return fault_setf(&r->fault, ERR_INVALID, "teams",
				  "请按轮换顺序列出 1 到 %d 个班组", "teams must list 1 to %d teams in cycle order",
				  ROSTER_MAX_CYCLE);
	if ((rc = db_team_of_post(r->db, r->arena, p.id, &teams, &nt)))
		return rc;
	cycle = arena_alloc(r->arena, json_array_size(jt) * 24 + 1);
	json_array_foreach(jt, k, v) {
		int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		bool ok = json_is_null(v) && strcmp(pat.kind, "custom") == 0;

		for (i = 0; i < nt && !ok; i++)
			ok = teams[i].id == id;
		if (!ok)
			return fault_setf(&r->fault, ERR_INVALID, "teams",
					  "第 %zu 个班组不是本岗点的班组", "teams[%zu] is not a team of this post",
					  k);
		sprintf(cycle + strlen(cycle), "%s%lld", k ? "," : "", (long long)id);
	}
	if (strcmp(pat.kind, "four_team") == 0) {
		if (json_array_size(jt) != 4)
			return fault_set(&r->fault, ERR_INVALID, "teams", "四班倒须列出 4 个班组",
					 "four-team rotation needs 4 teams");
		for (i = 0; i < 4; i++)
			defs[i].start = (first_min + i * 360) % 1440, defs[i].minutes = 360;
		ndefs = 4;
		if (step == 0)
			step = 1;
	} else if (strcmp(pat.kind, "three_shift") == 0) {
		if (json_array_size(jt) < 3)
			return fault_set(&r->fault, ERR_INVALID, "teams", "三班倒至少需要 3 个班组",
					 "three shifts need at least 3 teams");
		for (i = 0; i < 3; i++)
			defs[i].start = (first_min + i * 480) % 1440, defs[i].minutes = 480;
		ndefs = 3;
		if (step == 0)
			step = 3;
	} else {
		if ((rc = read_shift_defs(r, json_object_get(r->json, "shifts"), defs, &ndefs)))
			return rc;
		if (step == 0)
			step = ndefs;
	}
	if (strcmp(pat.kind, "custom") != 0 && json_object_get(r->json, "shifts"))
		return fault_set(&r->fault, ERR_INVALID, "shifts", "只有自定义模式可以指定班次",
				 "only a custom pattern lists its shifts");
	roster_shifts_text(defs, ndefs, shifts_text, sizeof(shifts_text));
	clock_local_date(clock_now(), today);
	pat.post_id = p.id;
	pat.shifts = shifts_text;
	pat.teams = cycle;
	pat.day_step = (int)step;
	pat.anchor_date = (char *)(anchor ? anchor : today);
	if ((rc = dbc_begin(r->db)) || (rc = db_pattern_insert(r->db, &pat)) ||
	    (rc = api_audit(r, "create", "duty_pattern", pat.id, p.area_code, pat.name)))
		return rc;
	out = duty_pattern_json(r, &pat, teams, nt);
	return api_commit_json(r, rs, 201, out);
}

/* The hours the post must be staffed over [from, to): one span per day, or one for 24 h. */
static int
need_spans(struct arena *a, const struct duty_post *p, int64_t from, int days, struct span **ret)
{
	struct span *v = arena_alloc(a, sizeof(struct span) * (size_t)(days ? days : 1));
	int i;

	if (p->hours_start == 0 && p->hours_end == 1440) {
		v[0].from = from;
		v[0].to = from + (int64_t)days * 86400;
		*ret = v;
		return 1;
	}
	for (i = 0; i < days; i++) {
		int64_t d = from + (int64_t)i * 86400;

		v[i].from = d + p->hours_start * 60;
		v[i].to = d + (p->hours_end > p->hours_start ? p->hours_end : p->hours_end + 1440) * 60;
	}
	*ret = v;
	return days;
}

static json_t *
spans_json(const struct span *v, int n)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:I, s:I}", "from", (json_int_t)v[i].from,
						     "to", (json_int_t)v[i].to, "minutes",
						     (json_int_t)((v[i].to - v[i].from) / 60)));
	return arr;
}

/* Gaps and overlaps of the stored roster of p over [from, from + days). */
static int
coverage_json(struct req *r, const struct duty_post *p, int64_t from, int days, json_t **ret_gaps,
	      json_t **ret_overlaps)
{
	struct duty_shift *sv;
	struct span *need, *have, gaps[GAP_CAP], ov[GAP_CAP];
	int ns, nneed, nhave = 0, ng, no, i, rc;
	int64_t to = from + (int64_t)days * 86400;

	if ((rc = db_shift_range(r->db, r->arena, p->id, from, to, &sv, &ns)))
		return rc;
	nneed = need_spans(r->arena, p, from, days, &need);
	have = arena_alloc(r->arena, sizeof(struct span) * (size_t)(ns ? ns : 1));
	for (i = 0; i < ns; i++)
		if (sv[i].team_id) {
			have[nhave].from = sv[i].starts_at;
			have[nhave].to = sv[i].ends_at;
			nhave++;
		}
	roster_coverage(need, nneed, have, nhave, gaps, &ng, ov, &no, GAP_CAP);
	/* the hours after the range belong to the next range's report */
	for (i = 0; i < ng; i++)
		if (gaps[i].to > to)
			gaps[i].to = to;
	*ret_gaps = spans_json(gaps, ng);
	*ret_overlaps = spans_json(ov, no);
	return 0;
}

static int
range_field(struct req *r, const char *from_s, const char *to_s, int64_t *ret_from, int *ret_days)
{
	int y, m, d, days;

	if (from_s == NULL || clock_parse_date(from_s, &y, &m, &d))
		return fault_set(&r->fault, ERR_INVALID, "from", "开始日期应为 YYYY-MM-DD",
				 "from must be a date YYYY-MM-DD");
	if (to_s == NULL || clock_parse_date(to_s, &y, &m, &d))
		return fault_set(&r->fault, ERR_INVALID, "to", "结束日期应为 YYYY-MM-DD",
				 "to must be a date YYYY-MM-DD");
	days = date_diff_days(from_s, to_s) + 1;
	if (days < 1 || days > ROSTER_MAX_DAYS)
		return fault_setf(&r->fault, ERR_INVALID, "to", "日期范围应为 1 到 %d 天",
				  "the range must be 1 to %d days", ROSTER_MAX_DAYS);
	*ret_from = duty_day_start(from_s);
	*ret_days = days;
	return 0;
}

int
roster_fill(struct dbc *c, const struct duty_post *p, const struct duty_pattern *pat,
	    const char *from_s, int days, int *ret_made)
{
	struct shift_def defs[ROSTER_MAX_SHIFTS];
	int64_t cycle[ROSTER_MAX_CYCLE], from = duty_day_start(from_s);
	const char *s;
	int ndefs, ncycle = 0, d, k, made = 0, rc;

	ndefs = roster_shifts_parse(pat->shifts, defs, ROSTER_MAX_SHIFTS);
	for (s = pat->teams; s && *s && ncycle < ROSTER_MAX_CYCLE;) {
		char *end;

		cycle[ncycle++] = strtoll(s, &end, 10);
		s = *end ? end + 1 : end;
	}
	if (ndefs <= 0 || ncycle == 0)
		return ERR_INTERNAL;
	if ((rc = db_shift_delete_range(c, p->id, from, from + (int64_t)days * 86400)))
		return rc;
	for (d = 0; d < days; d++) {
		char day[11];
		int64_t ds = from + (int64_t)d * 86400, di;

		date_add_days(from_s, d, day);
		di = date_diff_days(pat->anchor_date, day);
		for (k = 0; k < ndefs; k++) {
			struct duty_shift sh = {0};

			sh.post_id = p->id;
			sh.pattern_id = pat->id;
			sh.team_id = cycle[roster_team_index(di, k, pat->day_step, ncycle)];
			sh.starts_at = ds + defs[k].start * 60;
			sh.ends_at = sh.starts_at + defs[k].minutes * 60;
			sh.day = day;
			if ((rc = db_shift_insert(c, &sh)))
				return rc;
			made++;
		}
	}
	*ret_made = made;
	return 0;
}

int
api_roster_generate(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"pattern_id", "from", "to", NULL};
	struct duty_post p;
	struct duty_pattern pat;
	int64_t pattern_id = 0, from, busy;
	const char *from_s, *to_s;
	int days, made = 0, rc;
	json_t *gaps, *overlaps;

	if ((rc = duty_post_scoped(r, req_param_id(r, 0), "id", &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_int(r, "pattern_id", true, 1, INT64_MAX, &pattern_id)) ||
	    (rc = api_str(r, "from", 10, true, &from_s)) || (rc = api_str(r, "to", 10, true, &to_s)) ||
	    (rc = range_field(r, from_s, to_s, &from, &days)))
		return rc;
	if (db_pattern_get(r->db, r->arena, pattern_id, &pat) != 0 || pat.post_id != p.id)
		return fault_set(&r->fault, ERR_INVALID, "pattern_id", "本岗点没有该排班模式",
				 "no such pattern at this post");
	if ((rc = dbc_begin(r->db)))
		return rc;
	rc = db_shift_busy(r->db, p.id, from, from + (int64_t)days * 86400, &busy);
	if (rc == 0)
		return fault_setf(&r->fault, ERR_CONFLICT, "from",
				  "班次 #%lld 已有调班、交接或筛查记录，不能重新生成；请从其后开始",
				  "shift #%lld already has a change, a handover or screenings and cannot be "
				  "generated again: start after it", (long long)busy);
	if (rc != ERR_NOTFOUND || (rc = roster_fill(r->db, &p, &pat, from_s, days, &made)))
		return rc == ERR_INTERNAL ? fault_set(&r->fault, ERR_INTERNAL, "pattern_id",
						      "排班模式已损坏", "the pattern is damaged")
					  : rc;
	/* leave over a date range holds for shifts generated after it was taken */
	if ((rc = duty_leave_reapply(r, &p, from_s, to_s)))
		return rc;
	if ((rc = coverage_json(r, &p, from, days, &gaps, &overlaps)))
		return rc;
	if ((rc = api_audit(r, "create", "roster", p.id, p.area_code,
			    arena_printf(r->arena, "%s %s..%s: %d shifts, %zu gaps, %zu overlaps",
					 pat.name, from_s, to_s, made, json_array_size(gaps),
					 json_array_size(overlaps))))) {
		json_decref(gaps);
		json_decref(overlaps);
		return rc;
	}
	return api_commit_json(r, rs, 201,
			       json_pack("{s:I, s:I, s:s, s:s, s:i, s:o, s:o}", "post_id",
					 (json_int_t)p.id, "pattern_id", (json_int_t)pat.id, "from",
					 from_s, "to", to_s, "shifts", made, "gaps", gaps, "overlaps",
					 overlaps));
}

/* A member of the shift's team is out of it when on leave or swapped out. */
static bool
member_out(int64_t member_id, const struct duty_change *ch, int nc)
{
	int j;

	for (j = 0; j < nc; j++)
		if ((strcmp(ch[j].kind, "leave") == 0 || strcmp(ch[j].kind, "swap") == 0) &&
		    ch[j].member_id == member_id)
			return true;
	return false;
}

/* The people of a shift: its team's members, less leave and swaps out, plus substitutes. */
static json_t *
shift_people(const struct duty_shift *s, const struct duty_member *mem, int nm,
	     const struct duty_change *ch, int nc, bool reveal)
{
	json_t *arr = json_array();
	int i, j;

	for (i = 0; i < nm; i++)
		if (s->team_id != 0 && mem[i].team_id == s->team_id && !member_out(mem[i].id, ch, nc))
			json_array_append_new(arr, duty_member_json(&mem[i], reveal));
	for (j = 0; j < nc; j++)
		if (strcmp(ch[j].kind, "swap") == 0)
			for (i = 0; i < nm; i++)
				if (mem[i].id == ch[j].substitute_id) {
					json_t *m = duty_member_json(&mem[i], reveal);

					json_object_set_new(m, "substitute", json_true());
					json_array_append_new(arr, m);
				}
	return arr;
}

bool
duty_user_on_shift(const struct duty_shift *s, const struct duty_member *mem, int nm,
		   const struct duty_change *ch, int nc, int64_t user_id)
{
	int i, j;

	for (i = 0; i < nm && user_id; i++) {
		if (mem[i].user_id != user_id)
			continue;
		if (s->team_id != 0 && mem[i].team_id == s->team_id && !member_out(mem[i].id, ch, nc))
			return true;
		for (j = 0; j < nc; j++)
			if (strcmp(ch[j].kind, "swap") == 0 && ch[j].substitute_id == mem[i].id)
				return true;
	}
	return false;
}

static json_t *
change_json(const struct duty_change *c)
{
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:I, s:o}", "id", (json_int_t)c->id,
			 "kind", c->kind, "member_id",
			 c->member_id ? json_integer(c->member_id) : json_null(), "substitute_id",
			 c->substitute_id ? json_integer(c->substitute_id) : json_null(), "old_team_id",
			 c->old_team_id ? json_integer(c->old_team_id) : json_null(), "new_team_id",
			 c->new_team_id ? json_integer(c->new_team_id) : json_null(), "reason",
			 c->reason, "username", c->username ? c->username : "", "created_at",
			 (json_int_t)c->created_at, "leave_id",
			 c->leave_id ? json_integer(c->leave_id) : json_null());
}

static int
shift_json(struct req *r, const struct duty_shift *s, const struct duty_member *mem, int nm,
	   bool reveal, json_t **ret)
{
	struct duty_change *ch;
	int nc, i, rc;
	char a[6], b[6];
	json_t *changes = json_array();

	if ((rc = db_shift_swap_of_shift(r->db, r->arena, s->id, &ch, &nc))) {
		json_decref(changes);
		return rc;
	}
	for (i = 0; i < nc; i++)
		json_array_append_new(changes, change_json(&ch[i]));
	duty_hhmm(s->starts_at, a);
	duty_hhmm(s->ends_at, b);
	*ret = json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s, s:o, s:o, s:o}", "id",
			 (json_int_t)s->id, "post_id", (json_int_t)s->post_id, "day", s->day,
			 "starts_at", (json_int_t)s->starts_at, "ends_at", (json_int_t)s->ends_at,
			 "start", a, "end", b, "team",
			 s->team_id ? json_pack("{s:I, s:s}", "id", (json_int_t)s->team_id, "name",
						s->team_name ? s->team_name : "")
				    : json_null(),
			 "members", shift_people(s, mem, nm, ch, nc, reveal), "changes", changes);
	return 0;
}

int
api_roster_get(struct req *r, struct resp *rs)
{
	struct duty_post p;
	struct duty_shift *sv;
	struct duty_member *mem;
	const char *from_s = req_query(r, "from"), *to_s = req_query(r, "to");
	char today[11], week[11];
	int64_t from;
	int days, ns, nm, i, rc;
	json_t *shifts, *gaps, *overlaps;

	clock_local_date(clock_now(), today);
	date_add_days(today, 6, week);
	if ((rc = duty_post_scoped(r, req_param_id(r, 0), "id", &p)) ||
	    (rc = range_field(r, from_s ? from_s : today, to_s ? to_s : week, &from, &days)) ||
	    (rc = db_member_of_post(r->db, r->arena, p.id, &mem, &nm)) ||
	    (rc = db_shift_range(r->db, r->arena, p.id, from, from + (int64_t)days * 86400, &sv, &ns)))
		return rc;
	shifts = json_array();
	for (i = 0; i < ns; i++) {
		json_t *j;

		if (sv[i].starts_at < from)
			continue; /* the day before's last shift: shown with its own day */
		if ((rc = shift_json(r, &sv[i], mem, nm, false, &j))) {
			json_decref(shifts);
			return rc;
		}
		json_array_append_new(shifts, j);
	}
	if ((rc = coverage_json(r, &p, from, days, &gaps, &overlaps))) {
		json_decref(shifts);
		return rc;
	}
	return resp_json(rs, 200,
			 json_pack("{s:o, s:s, s:s, s:o, s:o, s:o}", "post", duty_post_json(&p),
				   "from", from_s ? from_s : today, "to", to_s ? to_s : week, "shifts",
				   shifts, "gaps", gaps, "overlaps", overlaps));
}

/* The shift of params[0], at a post in the user's area. */
int
duty_shift_scoped(struct req *r, struct duty_shift *s, struct duty_post *p)
{
	if (db_shift_get(r->db, r->arena, req_param_id(r, 0), s) != 0 ||
	    duty_post_scoped(r, s->post_id, "id", p) != 0)
		return fault_set(&r->fault, ERR_NOTFOUND, "id", "班次不存在或不在您的辖区内",
				 "no such shift in your area");
	return 0;
}

static const struct duty_member *
find_member(const struct duty_member *mem, int nm, int64_t id)
{
	int i;

	for (i = 0; i < nm; i++)
		if (mem[i].id == id)
			return &mem[i];
	return NULL;
}

int
api_shift_change(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "member_id", "substitute_id", "team_id",
					     "reason", NULL};
	struct duty_shift s;
	struct duty_post p;
	struct duty_member *mem;
	struct duty_change ch, *old;
	const struct duty_member *m = NULL, *sub = NULL;
	int64_t member_id = 0, substitute_id = 0, team_id = 0;
	int nm, nold, i, rc;
	json_t *j;

	memset(&ch, 0, sizeof(ch));
	if ((rc = duty_shift_scoped(r, &s, &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_str(r, "kind", 10, true, (const char **)&ch.kind)) ||
	    (rc = api_int(r, "member_id", false, 1, INT64_MAX, &member_id)) ||
	    (rc = api_int(r, "substitute_id", false, 1, INT64_MAX, &substitute_id)) ||
	    (rc = api_int(r, "team_id", false, 1, INT64_MAX, &team_id)) ||
	    (rc = api_str(r, "reason", 200, false, (const char **)&ch.reason)))
		return rc;
	if (s.ends_at <= clock_now())
		return fault_set(&r->fault, ERR_CONFLICT, "id", "该班次已结束，不能再调班",
				 "the shift is over and cannot be changed");
	if ((rc = db_member_of_post(r->db, r->arena, p.id, &mem, &nm)) ||
	    (rc = db_shift_swap_of_shift(r->db, r->arena, s.id, &old, &nold)))
		return rc;
	if (strcmp(ch.kind, "leave") == 0 || strcmp(ch.kind, "swap") == 0) {
		if (member_id == 0 || (m = find_member(mem, nm, member_id)) == NULL ||
		    m->team_id != s.team_id)
			return fault_set(&r->fault, ERR_INVALID, "member_id", "该队员不在这个班次上",
					 "member_id is not on this shift");
		for (i = 0; i < nold; i++)
			if (old[i].member_id == member_id)
				return fault_set(&r->fault, ERR_CONFLICT, "member_id",
						 "该队员在这个班次已请假或已调换",
						 "this member is already on leave or swapped out of this shift");
		ch.member_id = member_id;
	}
	if (strcmp(ch.kind, "swap") == 0) {
		if (substitute_id == 0 || (sub = find_member(mem, nm, substitute_id)) == NULL ||
		    sub->team_id == s.team_id)
			return fault_set(&r->fault, ERR_INVALID, "substitute_id",
					 "替班人员须是本岗点其他班组的队员",
					 "substitute_id must be a member of another team of this post");
		for (i = 0; i < nold; i++)
			if (old[i].substitute_id == substitute_id)
				return fault_set(&r->fault, ERR_CONFLICT, "substitute_id",
						 "该替班人员已在这个班次上", "the substitute is on this shift already");
		ch.substitute_id = substitute_id;
	} else if (strcmp(ch.kind, "team") == 0) {
		struct duty_team t;

		if (team_id == 0 || db_team_get(r->db, r->arena, team_id, &t) != 0 || t.post_id != p.id)
			return fault_set(&r->fault, ERR_INVALID, "team_id", "本岗点没有该班组",
					 "no such team at this post");
		if (team_id == s.team_id)
			return fault_set(&r->fault, ERR_INVALID, "team_id", "这就是当前值班的班组",
					 "that team is on this shift already");
		if (nold > 0)
			return fault_set(&r->fault, ERR_CONFLICT, "team_id",
					 "该班次已有个人调班或请假，不能整班替换",
					 "this shift has personal changes: the whole team cannot be replaced");
		ch.old_team_id = s.team_id;
		ch.new_team_id = team_id;
	} else if (strcmp(ch.kind, "leave") != 0) {
		return fault_set(&r->fault, ERR_INVALID, "kind", "类型应为 leave、swap 或 team",
				 "kind must be leave, swap or team");
	}
	ch.shift_id = s.id;
	ch.created_by = r->user->id;
	if ((rc = dbc_begin(r->db)) || (rc = db_shift_swap_insert(r->db, &ch)) ||
	    (ch.new_team_id && (rc = db_shift_set_team(r->db, s.id, ch.new_team_id))) ||
	    (rc = api_audit(r, "update", "duty_shift", s.id, p.area_code,
			    arena_printf(r->arena, "%s %s", ch.kind, ch.reason ? ch.reason : ""))) ||
	    (rc = db_shift_get(r->db, r->arena, s.id, &s)) ||
	    (rc = shift_json(r, &s, mem, nm, false, &j)))
		return rc;
	return api_commit_json(r, rs, 201, j);
}

int
api_duty_now(struct req *r, struct resp *rs)
{
	const char *rv = req_query(r, "reveal");
	bool reveal = rv && strcmp(rv, "1") == 0;
	struct duty_post *posts;
	int64_t now = clock_now();
	int np, i, j, rc;
	json_t *items;

	if (reveal && !(r->perms & PERM_DUTY_WRITE))
		return fault_set(&r->fault, ERR_DENIED, "reveal", "只有指挥部可以查看值班人员完整电话",
				 "only the command post may see the full phone numbers of those on duty");
	if ((rc = db_post_list(r->db, r->arena, r->scope, &posts, &np)))
		return rc;
	if (reveal) {
		/* the full numbers are personal data: the look is on the record */
		if ((rc = dbc_begin(r->db)) ||
		    (rc = api_audit(r, "reveal", "duty_now", 0, r->scope, "on-duty phones")) ||
		    (rc = dbc_commit(r->db)))
			return rc;
	}
	items = json_array();
	for (i = 0; i < np; i++) {
		struct duty_shift *sv;
		struct duty_member *mem;
		int ns, nm, staffed = 0, open;
		int64_t ds = clock_day_start(now), mins = (now - ds) / 60;
		json_t *shifts = json_array(), *item;

		if (!posts[i].active) {
			json_decref(shifts);
			continue;
		}
		if (posts[i].hours_end > posts[i].hours_start)
			open = mins >= posts[i].hours_start && mins < posts[i].hours_end;
		else
			open = mins >= posts[i].hours_start || mins < posts[i].hours_end;
		if ((rc = db_shift_range(r->db, r->arena, posts[i].id, now, now + 1, &sv, &ns)) ||
		    (rc = db_member_of_post(r->db, r->arena, posts[i].id, &mem, &nm))) {
			json_decref(shifts);
			json_decref(items);
			return rc;
		}
		for (j = 0; j < ns; j++) {
			json_t *sj;

			if (sv[j].starts_at > now)
				continue;
			if ((rc = shift_json(r, &sv[j], mem, nm, reveal, &sj))) {
				json_decref(shifts);
				json_decref(items);
				return rc;
			}
			staffed += json_array_size(json_object_get(sj, "members")) > 0;
			json_array_append_new(shifts, sj);
		}
		item = json_pack("{s:o, s:b, s:o, s:b}", "post", duty_post_json(&posts[i]), "open",
				 open, "shifts", shifts, "uncovered", open && staffed == 0);
		json_array_append_new(items, item);
	}
	return resp_json(rs, 200,
			 json_pack("{s:I, s:b, s:o}", "now", (json_int_t)now, "phones_revealed", reveal,
				   "items", items));
}
