/* svc_roster.c: roster patterns (四班倒 and others), the rosters generated from them with their
 * gaps and overlaps, and changes on one shift (leave, a swap, another team). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "observation.h"
#include "role.h"
#include "svc_duty.h"

static const char *const pattern_kinds[] = {"four_team", "three_shift", "custom", NULL};

#define GAP_CAP 200

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

/* ---------- patterns ---------- */

static int
shift_defs(struct svc *s, const struct svc_pattern_in *in, struct shift_def *defs, int *ret_n)
{
	int i;

	if (in->nshifts <= 0 || in->nshifts > ROSTER_MAX_SHIFTS)
		return fault_setf(s->fault, ERR_INVALID, "shifts", "班次应为 1 到 %d 个",
				  "shifts must list 1 to %d shifts", ROSTER_MAX_SHIFTS);
	for (i = 0; i < in->nshifts; i++) {
		const struct svc_shift_in *v = &in->shifts[i];
		int start = v->start ? roster_hhmm(v->start, false) : -1;

		if (start < 0)
			return fault_setf(s->fault, ERR_INVALID, "shifts",
					  "第 %d 个班次的开始时间应为 HH:MM", "shift %d: start must be HH:MM",
					  i + 1);
		if (v->hours < 0.5 || v->hours > 24)
			return fault_setf(s->fault, ERR_INVALID, "shifts",
					  "第 %d 个班次的时长应在 0.5 到 24 小时之间",
					  "shift %d: hours must be from 0.5 to 24", i + 1);
		defs[i].start = start;
		defs[i].minutes = (int)(v->hours * 60 + 0.5);
	}
	*ret_n = in->nshifts;
	return 0;
}

/* The cycle of teams as stored ("12,13,,14"), each a team of the post or, in a custom pattern,
 * a shift nobody works. */
static int
pattern_cycle(struct svc *s, const struct svc_pattern_in *in, const struct duty_team *teams,
	      int nt, char **ret)
{
	char *cycle;
	int k, i;

	/* the list is checked before its teams are */
	if (in->nteams <= 0 || in->nteams > ROSTER_MAX_CYCLE)
		return fault_setf(s->fault, ERR_INVALID, "teams", "请按轮换顺序列出 1 到 %d 个班组",
				  "teams must list 1 to %d teams in cycle order", ROSTER_MAX_CYCLE);
	cycle = arena_alloc(s->arena, (size_t)in->nteams * 24 + 1);
	*cycle = '\0';
	for (k = 0; k < in->nteams; k++) {
		int64_t id = in->teams[k];
		bool ok = id == 0 && strcmp(in->kind, "custom") == 0;

		for (i = 0; i < nt && !ok && id > 0; i++)
			ok = teams[i].id == id;
		if (!ok)
			return fault_setf(s->fault, ERR_INVALID, "teams", "第 %d 个班组不是本岗点的班组",
					  "teams[%d] is not a team of this post", k);
		sprintf(cycle + strlen(cycle), "%s%lld", k ? "," : "", (long long)(id > 0 ? id : 0));
	}
	*ret = cycle;
	return 0;
}

int
svc_duty_pattern_create(struct svc *s, const struct svc_pattern_in *in,
			struct svc_pattern_out *out)
{
	struct duty_post p;
	struct duty_pattern *pat = &out->pattern;
	struct shift_def defs[ROSTER_MAX_SHIFTS];
	int64_t step = in->day_step;
	int ndefs = 0, i, first_min = 0, rc;
	char today[11], shifts_text[256];

	memset(out, 0, sizeof(*out));
	if ((rc = svc_duty_post(s, in->post_id, "id", &p)))
		return rc;
	if (in->kind == NULL || !svc_one_of(in->kind, pattern_kinds))
		return fault_set(s->fault, ERR_INVALID, "kind", "类型应为 four_team、three_shift 或 custom",
				 "kind must be four_team, three_shift or custom");
	if (in->first_start && (first_min = roster_hhmm(in->first_start, false)) < 0)
		return fault_set(s->fault, ERR_INVALID, "first_start", "第一个班次开始时间应为 HH:MM",
				 "first_start must be HH:MM");
	if (in->anchor_date && clock_parse_date(in->anchor_date, &i, &i, &i))
		return fault_set(s->fault, ERR_INVALID, "anchor_date", "日期应为 YYYY-MM-DD",
				 "anchor_date must be YYYY-MM-DD");
	if (step < 0 || step > ROSTER_MAX_CYCLE)
		return fault_setf(s->fault, ERR_INVALID, "day_step", "字段 day_step 应在 %d 到 %d 之间",
				  "the field day_step must be between %d and %d", 0, ROSTER_MAX_CYCLE);
	if ((rc = db_team_of_post(s->db, s->arena, p.id, &out->teams, &out->nteams)) ||
	    (rc = pattern_cycle(s, in, out->teams, out->nteams, &pat->teams)))
		return rc;
	if (strcmp(in->kind, "four_team") == 0) {
		if (in->nteams != 4)
			return fault_set(s->fault, ERR_INVALID, "teams", "四班倒须列出 4 个班组",
					 "four-team rotation needs 4 teams");
		for (i = 0; i < 4; i++)
			defs[i].start = (first_min + i * 360) % 1440, defs[i].minutes = 360;
		ndefs = 4;
		if (step == 0)
			step = 1;
	} else if (strcmp(in->kind, "three_shift") == 0) {
		if (in->nteams < 3)
			return fault_set(s->fault, ERR_INVALID, "teams", "三班倒至少需要 3 个班组",
					 "three shifts need at least 3 teams");
		for (i = 0; i < 3; i++)
			defs[i].start = (first_min + i * 480) % 1440, defs[i].minutes = 480;
		ndefs = 3;
		if (step == 0)
			step = 3;
	} else {
		if ((rc = shift_defs(s, in, defs, &ndefs)))
			return rc;
		if (step == 0)
			step = ndefs;
	}
	if (strcmp(in->kind, "custom") != 0 && in->shifts_given)
		return fault_set(s->fault, ERR_INVALID, "shifts", "只有自定义模式可以指定班次",
				 "only a custom pattern lists its shifts");
	roster_shifts_text(defs, ndefs, shifts_text, sizeof(shifts_text));
	clock_local_date(clock_now(), today);
	pat->post_id = p.id;
	pat->name = (char *)in->name;
	pat->kind = (char *)in->kind;
	pat->shifts = arena_strdup(s->arena, shifts_text);
	pat->day_step = (int)step;
	pat->anchor_date = arena_strdup(s->arena, in->anchor_date ? in->anchor_date : today);
	if ((rc = db_pattern_insert(s->db, pat)))
		return rc;
	return svc_audit(s, "create", "duty_pattern", pat->id, p.area_code, pat->name);
}

/* ---------- rosters ---------- */

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

int
svc_duty_coverage(struct svc *s, const struct duty_post *p, int64_t from, int days,
		  struct svc_coverage *ret)
{
	struct duty_shift *sv;
	struct span *need, *have;
	int ns, nneed, nhave = 0, i, rc;
	int64_t to = from + (int64_t)days * 86400;

	if ((rc = db_shift_range(s->db, s->arena, p->id, from, to, &sv, &ns)))
		return rc;
	nneed = need_spans(s->arena, p, from, days, &need);
	have = arena_alloc(s->arena, sizeof(struct span) * (size_t)(ns ? ns : 1));
	for (i = 0; i < ns; i++)
		if (sv[i].team_id) {
			have[nhave].from = sv[i].starts_at;
			have[nhave].to = sv[i].ends_at;
			nhave++;
		}
	ret->gaps = arena_alloc(s->arena, sizeof(struct span) * GAP_CAP);
	ret->overlaps = arena_alloc(s->arena, sizeof(struct span) * GAP_CAP);
	roster_coverage(need, nneed, have, nhave, ret->gaps, &ret->ngaps, ret->overlaps,
			&ret->noverlaps, GAP_CAP);
	/* the hours after the range belong to the next range's report */
	for (i = 0; i < ret->ngaps; i++)
		if (ret->gaps[i].to > to)
			ret->gaps[i].to = to;
	return 0;
}

int
svc_duty_range(struct svc *s, const char *from_s, const char *to_s, int64_t *ret_from,
	       int *ret_days)
{
	int y, m, d, days;

	if (from_s == NULL || clock_parse_date(from_s, &y, &m, &d))
		return fault_set(s->fault, ERR_INVALID, "from", "开始日期应为 YYYY-MM-DD",
				 "from must be a date YYYY-MM-DD");
	if (to_s == NULL || clock_parse_date(to_s, &y, &m, &d))
		return fault_set(s->fault, ERR_INVALID, "to", "结束日期应为 YYYY-MM-DD",
				 "to must be a date YYYY-MM-DD");
	days = date_diff_days(from_s, to_s) + 1;
	if (days < 1 || days > ROSTER_MAX_DAYS)
		return fault_setf(s->fault, ERR_INVALID, "to", "日期范围应为 1 到 %d 天",
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
svc_duty_roster_generate(struct svc *s, const struct svc_roster_in *in,
			 struct svc_roster_out *out)
{
	struct duty_post *p = &out->post;
	struct duty_pattern *pat = &out->pattern;
	int64_t from, busy;
	int days, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = svc_duty_post(s, in->post_id, "id", p)) ||
	    (rc = svc_duty_range(s, in->from, in->to, &from, &days)))
		return rc;
	if (in->pattern_id <= 0 || db_pattern_get(s->db, s->arena, in->pattern_id, pat) != 0 ||
	    pat->post_id != p->id)
		return fault_set(s->fault, ERR_INVALID, "pattern_id", "本岗点没有该排班模式",
				 "no such pattern at this post");
	rc = db_shift_busy(s->db, p->id, from, from + (int64_t)days * 86400, &busy);
	if (rc == 0)
		return fault_setf(s->fault, ERR_CONFLICT, "from",
				  "班次 #%lld 已有调班、交接或筛查记录，不能重新生成；请从其后开始",
				  "shift #%lld already has a change, a handover or screenings and cannot be "
				  "generated again: start after it", (long long)busy);
	if (rc != ERR_NOTFOUND || (rc = roster_fill(s->db, p, pat, in->from, days, &out->shifts)))
		return rc == ERR_INTERNAL ? fault_set(s->fault, ERR_INTERNAL, "pattern_id",
						      "排班模式已损坏", "the pattern is damaged")
					  : rc;
	/* leave over a date range holds for shifts generated after it was taken */
	if ((rc = svc_duty_leave_reapply(s, p, in->from, in->to)) ||
	    (rc = svc_duty_coverage(s, p, from, days, &out->cov)))
		return rc;
	return svc_audit(s, "create", "roster", p->id, p->area_code,
			 arena_printf(s->arena, "%s %s..%s: %d shifts, %d gaps, %d overlaps",
				      pat->name, in->from, in->to, out->shifts, out->cov.ngaps,
				      out->cov.noverlaps));
}

/* ---------- who is on a shift, and changes on one ---------- */

bool
duty_member_out(int64_t member_id, const struct duty_change *ch, int nc)
{
	int j;

	for (j = 0; j < nc; j++)
		if ((strcmp(ch[j].kind, "leave") == 0 || strcmp(ch[j].kind, "swap") == 0) &&
		    ch[j].member_id == member_id)
			return true;
	return false;
}

bool
duty_user_on_shift(const struct duty_shift *s, const struct duty_member *mem, int nm,
		   const struct duty_change *ch, int nc, int64_t user_id)
{
	int i, j;

	for (i = 0; i < nm && user_id; i++) {
		if (mem[i].user_id != user_id)
			continue;
		if (s->team_id != 0 && mem[i].team_id == s->team_id &&
		    !duty_member_out(mem[i].id, ch, nc))
			return true;
		for (j = 0; j < nc; j++)
			if (strcmp(ch[j].kind, "swap") == 0 && ch[j].substitute_id == mem[i].id)
				return true;
	}
	return false;
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

/* leave or swap: the member out must be on the shift and not out of it already */
static int
change_member(struct svc *s, const struct svc_change_in *in, const struct duty_shift *sh,
	      const struct duty_member *mem, int nm, const struct duty_change *old, int nold)
{
	const struct duty_member *m;
	int i;

	if (in->member_id <= 0 || (m = find_member(mem, nm, in->member_id)) == NULL ||
	    m->team_id != sh->team_id)
		return fault_set(s->fault, ERR_INVALID, "member_id", "该队员不在这个班次上",
				 "member_id is not on this shift");
	for (i = 0; i < nold; i++)
		if (old[i].member_id == in->member_id)
			return fault_set(s->fault, ERR_CONFLICT, "member_id",
					 "该队员在这个班次已请假或已调换",
					 "this member is already on leave or swapped out of this shift");
	return 0;
}

static int
change_substitute(struct svc *s, const struct svc_change_in *in, const struct duty_shift *sh,
		  const struct duty_member *mem, int nm, const struct duty_change *old, int nold)
{
	const struct duty_member *sub;
	int i;

	if (in->substitute_id <= 0 || (sub = find_member(mem, nm, in->substitute_id)) == NULL ||
	    sub->team_id == sh->team_id)
		return fault_set(s->fault, ERR_INVALID, "substitute_id", "替班人员须是本岗点其他班组的队员",
				 "substitute_id must be a member of another team of this post");
	for (i = 0; i < nold; i++)
		if (old[i].substitute_id == in->substitute_id)
			return fault_set(s->fault, ERR_CONFLICT, "substitute_id", "该替班人员已在这个班次上",
					 "the substitute is on this shift already");
	return 0;
}

static int
change_team(struct svc *s, const struct svc_change_in *in, const struct duty_shift *sh,
	    const struct duty_post *p, int nold)
{
	struct duty_team t;

	if (in->team_id <= 0 || db_team_get(s->db, s->arena, in->team_id, &t) != 0 ||
	    t.post_id != p->id)
		return fault_set(s->fault, ERR_INVALID, "team_id", "本岗点没有该班组",
				 "no such team at this post");
	if (in->team_id == sh->team_id)
		return fault_set(s->fault, ERR_INVALID, "team_id", "这就是当前值班的班组",
				 "that team is on this shift already");
	if (nold > 0)
		return fault_set(s->fault, ERR_CONFLICT, "team_id", "该班次已有个人调班或请假，不能整班替换",
				 "this shift has personal changes: the whole team cannot be replaced");
	return 0;
}

int
svc_duty_shift_change(struct svc *s, const struct svc_change_in *in, struct duty_shift *ret,
		      struct duty_post *ret_post)
{
	struct duty_shift sh;
	struct duty_member *mem;
	struct duty_change ch, *old;
	const char *kind = in->kind ? in->kind : "";
	bool leave = strcmp(kind, "leave") == 0, swap = strcmp(kind, "swap") == 0;
	int nm, nold, rc;

	memset(&ch, 0, sizeof(ch));
	if ((rc = svc_duty_shift(s, in->shift_id, &sh, ret_post)))
		return rc;
	if (sh.ends_at <= clock_now())
		return fault_set(s->fault, ERR_CONFLICT, "id", "该班次已结束，不能再调班",
				 "the shift is over and cannot be changed");
	if ((rc = db_member_of_post(s->db, s->arena, ret_post->id, &mem, &nm)) ||
	    (rc = db_shift_swap_of_shift(s->db, s->arena, sh.id, &old, &nold)))
		return rc;
	if ((leave || swap) && (rc = change_member(s, in, &sh, mem, nm, old, nold)))
		return rc;
	if (swap) {
		if ((rc = change_substitute(s, in, &sh, mem, nm, old, nold)))
			return rc;
		ch.substitute_id = in->substitute_id;
	} else if (strcmp(kind, "team") == 0) {
		if ((rc = change_team(s, in, &sh, ret_post, nold)))
			return rc;
		ch.old_team_id = sh.team_id;
		ch.new_team_id = in->team_id;
	} else if (!leave) {
		return fault_set(s->fault, ERR_INVALID, "kind", "类型应为 leave、swap 或 team",
				 "kind must be leave, swap or team");
	}
	if (leave || swap)
		ch.member_id = in->member_id;
	ch.kind = (char *)kind;
	ch.reason = (char *)in->reason;
	ch.shift_id = sh.id;
	ch.created_by = svc_user_id(s);
	if ((rc = db_shift_swap_insert(s->db, &ch)) ||
	    (ch.new_team_id && (rc = db_shift_set_team(s->db, sh.id, ch.new_team_id))) ||
	    (rc = svc_audit(s, "update", "duty_shift", sh.id, ret_post->area_code,
			    arena_printf(s->arena, "%s %s", ch.kind, ch.reason ? ch.reason : ""))))
		return rc;
	return db_shift_get(s->db, s->arena, sh.id, ret);
}

int
svc_duty_reveal_phones(struct svc *s)
{
	if (!(s->perms & PERM_DUTY_WRITE))
		return fault_set(s->fault, ERR_DENIED, "reveal", "只有指挥部可以查看值班人员完整电话",
				 "only the command post may see the full phone numbers of those on duty");
	/* the full numbers are personal data: the look is on the record */
	return svc_audit(s, "reveal", "duty_now", 0, s->scope, "on-duty phones");
}
