/* svc_leave.c: leave over a date range (请假): written onto every shift of the member's teams at
 * the post in the range, and of a team they join later, and cancelled; the pattern is never
 * touched. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "observation.h"
#include "svc_duty.h"

#define LEAVE_MAX_DAYS 60    /* longer absences are a change of team, not leave */
#define LEAVE_AHEAD_DAYS 180 /* rosters are not planned further ahead */

/* One person may be in several teams of a post: by one member row, resident or user account.
 * A volunteer added by name only is that row alone: two 李娟 are not one person. */
static bool
same_person(const struct duty_member *a, const struct duty_member *b)
{
	return a->id == b->id || (a->person_id && a->person_id == b->person_id) ||
	       (a->user_id && a->user_id == b->user_id);
}

/* The first instant after the local date day. */
static int64_t
day_after(const char *day)
{
	char next[11];

	date_add_days(day, 1, next);
	return duty_day_start(next);
}

/* A shift the person works as a substitute: the swap must be undone before the leave, or the
 * post would count on them. */
static int
substitutes(struct svc *s, const struct duty_shift *sh, const struct duty_change *ch, int nc,
	    const struct duty_member *who, const struct duty_member *mem, int nm)
{
	int j, k;

	for (j = 0; j < nc; j++)
		for (k = 0; k < nm; k++)
			if (strcmp(ch[j].kind, "swap") == 0 && ch[j].substitute_id == mem[k].id &&
			    same_person(&mem[k], who))
				return fault_setf(s->fault, ERR_CONFLICT, "member_id",
						  "该队员 %s 在班次 #%lld 替班，请先取消替班再请假",
						  "this member substitutes on %s in shift #%lld: undo the "
						  "swap before the leave",
						  sh->day, (long long)sh->id);
	return 0;
}

/*
 * Write leave l of the person who onto the shifts of the post starting on the days
 * [from_s, to_s] that have not ended, for each team of theirs there; *ret_n counts the shifts
 * marked.  A shift they are already out of keeps its own change.
 */
static int
leave_apply(struct svc *s, const struct duty_leave *l, const struct duty_member *who,
	    const struct duty_member *mem, int nm, const char *from_s, const char *to_s, int *ret_n)
{
	struct duty_shift *sv;
	struct duty_change *ch;
	int64_t from = duty_day_start(from_s), to = day_after(to_s), now = clock_now();
	int ns, nc, i, j, k, n = 0, rc;

	if ((rc = db_shift_range(s->db, s->arena, l->post_id, from, to, &sv, &ns)))
		return rc;
	for (i = 0; i < ns; i++) {
		if (sv[i].starts_at < from || sv[i].starts_at >= to || sv[i].ends_at <= now)
			continue;
		if ((rc = db_shift_swap_of_shift(s->db, s->arena, sv[i].id, &ch, &nc)) ||
		    (rc = substitutes(s, &sv[i], ch, nc, who, mem, nm)))
			return rc;
		for (k = 0; k < nm; k++) {
			struct duty_change c = {0};
			bool out = false;

			if (sv[i].team_id == 0 || mem[k].team_id != sv[i].team_id ||
			    !same_person(&mem[k], who))
				continue;
			for (j = 0; j < nc; j++)
				out |= ch[j].member_id == mem[k].id;
			if (out)
				continue;
			c.shift_id = sv[i].id;
			c.kind = "leave";
			c.member_id = mem[k].id;
			c.reason = l->reason;
			c.created_by = svc_user_id(s);
			c.leave_id = l->id;
			if ((rc = db_shift_swap_insert(s->db, &c)))
				return rc;
			n++;
		}
	}
	*ret_n = n;
	return 0;
}

static int
leave_dates(struct svc *s, const char *from, const char *to)
{
	char today[11];
	int y, m, d, days;

	if (from == NULL || clock_parse_date(from, &y, &m, &d))
		return fault_set(s->fault, ERR_INVALID, "from", "开始日期应为 YYYY-MM-DD",
				 "from must be a date YYYY-MM-DD");
	if (to == NULL || clock_parse_date(to, &y, &m, &d))
		return fault_set(s->fault, ERR_INVALID, "to", "结束日期应为 YYYY-MM-DD",
				 "to must be a date YYYY-MM-DD");
	days = date_diff_days(from, to) + 1;
	if (days < 1)
		return fault_set(s->fault, ERR_INVALID, "to", "结束日期不能早于开始日期",
				 "to must not be before from");
	if (days > LEAVE_MAX_DAYS)
		return fault_setf(s->fault, ERR_INVALID, "to", "一次请假最多 %d 天",
				  "leave lasts at most %d days at a time", LEAVE_MAX_DAYS);
	clock_local_date(clock_now(), today);
	/* past shifts are what happened: leave is planned from today on */
	if (date_diff_days(today, from) < 0)
		return fault_set(s->fault, ERR_INVALID, "from", "请假不能从今天以前开始",
				 "leave cannot start before today");
	if (date_diff_days(today, from) > LEAVE_AHEAD_DAYS)
		return fault_setf(s->fault, ERR_INVALID, "from", "请假最多提前 %d 天登记",
				  "leave is entered at most %d days ahead", LEAVE_AHEAD_DAYS);
	return 0;
}

/* Another leave of the same person over days meeting [from, to]: ERR_CONFLICT naming it. */
static int
leave_overlap(struct svc *s, int64_t post_id, const struct duty_member *who, const char *from,
	      const char *to)
{
	struct duty_leave *v;
	int n, i, rc;

	if ((rc = db_leave_of_post(s->db, s->arena, post_id, from, to, false, &v, &n)))
		return rc;
	for (i = 0; i < n; i++) {
		struct duty_member lm;

		if (db_member_get(s->db, s->arena, v[i].member_id, &lm) == 0 && same_person(&lm, who))
			return fault_setf(s->fault, ERR_CONFLICT, "from",
					  "该队员 %s 至 %s 已请假（#%lld），时间重叠",
					  "this member is on leave from %s to %s already (#%lld)",
					  v[i].from_day, v[i].to_day, (long long)v[i].id);
	}
	return 0;
}

int
svc_duty_leave_create(struct svc *s, const struct svc_leave_in *in, struct duty_leave *ret)
{
	struct duty_post p;
	struct duty_member *mem;
	const struct duty_member *who = NULL;
	struct duty_leave l;
	int nm, i, made = 0, rc;

	memset(&l, 0, sizeof(l));
	if ((rc = svc_duty_post(s, in->post_id, "id", &p)) ||
	    (rc = leave_dates(s, in->from, in->to)) ||
	    (rc = db_member_of_post(s->db, s->arena, p.id, &mem, &nm)))
		return rc;
	for (i = 0; i < nm && who == NULL; i++)
		if (mem[i].id == in->member_id)
			who = &mem[i];
	if (who == NULL)
		return fault_set(s->fault, ERR_INVALID, "member_id", "该队员不在本岗点的班组中",
				 "member_id is not a member of a team of this post");
	l.post_id = p.id;
	l.member_id = who->id;
	l.from_day = (char *)in->from;
	l.to_day = (char *)in->to;
	l.reason = (char *)in->reason;
	l.created_by = svc_user_id(s);
	if ((rc = leave_overlap(s, p.id, who, l.from_day, l.to_day)) ||
	    (rc = db_leave_insert(s->db, &l)) ||
	    (rc = leave_apply(s, &l, who, mem, nm, l.from_day, l.to_day, &made)) ||
	    (rc = svc_audit(s, "create", "duty_leave", l.id, p.area_code,
			    arena_printf(s->arena, "%s %s..%s: %d shifts", who->name, l.from_day,
					 l.to_day, made))))
		return rc;
	return db_leave_get(s->db, s->arena, l.id, ret);
}

int
svc_duty_leave_cancel(struct svc *s, int64_t id, struct duty_leave *ret)
{
	struct duty_leave l;
	struct duty_post p;
	int rc;

	if (id <= 0 || db_leave_get(s->db, s->arena, id, &l) != 0 ||
	    svc_duty_post(s, l.post_id, "id", &p) != 0)
		return fault_set(s->fault, ERR_NOTFOUND, "id", "请假记录不存在或不在您的辖区内",
				 "no such leave in your area");
	/* shifts begun keep it: they are what happened */
	rc = db_leave_cancel(s->db, l.id, svc_user_id(s), clock_now());
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "id", "该请假已取消",
				 "this leave is cancelled already");
	if (rc || (rc = svc_audit(s, "update", "duty_leave", l.id, p.area_code, "cancelled")))
		return rc;
	return db_leave_get(s->db, s->arena, l.id, ret);
}

int
svc_duty_leave_reapply(struct svc *s, const struct duty_post *p, const char *from_s,
		       const char *to_s)
{
	struct duty_leave *v;
	struct duty_member *mem;
	int n, nm, i, made, rc;

	if ((rc = db_leave_of_post(s->db, s->arena, p->id, from_s, to_s, false, &v, &n)) || n == 0 ||
	    (rc = db_member_of_post(s->db, s->arena, p->id, &mem, &nm)))
		return rc;
	for (i = 0; i < n; i++) {
		struct duty_member who;
		const char *a = strcmp(v[i].from_day, from_s) > 0 ? v[i].from_day : from_s;
		const char *b = strcmp(v[i].to_day, to_s) < 0 ? v[i].to_day : to_s;

		if ((rc = db_member_get(s->db, s->arena, v[i].member_id, &who)) ||
		    (rc = leave_apply(s, &v[i], &who, mem, nm, a, b, &made)))
			return rc;
	}
	return 0;
}

int
svc_duty_leave_join(struct svc *s, const struct duty_post *p, const struct duty_member *m,
		    int *ret_n)
{
	struct duty_leave *v;
	char today[11];
	int n, i, made, total = 0, rc;

	*ret_n = 0;
	/* a row known by name only was nobody before it was added */
	if (m->person_id == 0 && m->user_id == 0)
		return 0;
	clock_local_date(clock_now(), today);
	if ((rc = db_leave_of_post(s->db, s->arena, p->id, today, "9999-12-31", false, &v, &n)))
		return rc;
	for (i = 0; i < n; i++) {
		struct duty_member who;

		/* the leave's own row, even if it has left its team since */
		if ((rc = db_member_get(s->db, s->arena, v[i].member_id, &who)))
			return rc;
		if (!same_person(&who, m))
			continue;
		if ((rc = leave_apply(s, &v[i], &who, m, 1, v[i].from_day, v[i].to_day, &made)))
			return rc;
		total += made;
	}
	*ret_n = total;
	return 0;
}
