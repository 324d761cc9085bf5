/* api_roster.c: roster patterns (四班倒 and others) and the rosters generated from them with
 * their gaps and overlaps, swaps, leave and team changes on one shift, and who is on duty now. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "checkpoint.h"
#include "observation.h"
#include "role.h"
#include "roster.h"

/* ---------- patterns and rosters ---------- */

/* The custom shifts as the form gave them: a start and hours each, NULL or -1 for a value that
 * is missing or of another type, for the operation to refuse. */
static void
shifts_read(struct req *r, json_t *arr, struct svc_pattern_in *in)
{
	struct svc_shift_in *v;
	json_t *e;
	size_t i;

	in->shifts_given = arr != NULL;
	if (!json_is_array(arr) || json_array_size(arr) > ROSTER_MAX_SHIFTS) {
		in->nshifts = json_is_array(arr) ? ROSTER_MAX_SHIFTS + 1 : 0;
		return;
	}
	v = arena_alloc(r->arena, sizeof(*v) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, e) {
		json_t *st = json_object_get(e, "start"), *h = json_object_get(e, "hours");

		v[i].start = json_is_string(st) ? json_string_value(st) : NULL;
		v[i].hours = json_is_number(h) ? json_number_value(h) : -1;
	}
	in->shifts = v;
	in->nshifts = (int)json_array_size(arr);
}

/* The cycle of teams: ids, 0 for null (a shift nobody works), -1 for anything else. */
static void
teams_read(struct req *r, json_t *arr, struct svc_pattern_in *in)
{
	int64_t *v;
	json_t *e;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) > ROSTER_MAX_CYCLE) {
		in->nteams = json_is_array(arr) ? ROSTER_MAX_CYCLE + 1 : 0;
		return;
	}
	v = arena_alloc(r->arena, sizeof(*v) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, e) {
		if (json_is_null(e))
			v[i] = 0;
		else
			v[i] = json_is_integer(e) && json_integer_value(e) > 0 ? json_integer_value(e) : -1;
	}
	in->teams = v;
	in->nteams = (int)json_array_size(arr);
}

int
api_pattern_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "kind", "teams", "shifts", "first_start",
					     "day_step", "anchor_date", NULL};
	struct svc s;
	struct svc_pattern_in in;
	struct svc_pattern_out out;
	struct duty_post p;
	int rc;

	memset(&in, 0, sizeof(in));
	in.post_id = req_param_id(r, 0);
	if ((rc = duty_post_scoped(r, in.post_id, "id", &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_str(r, "name", 40, true, &in.name)) ||
	    (rc = api_str(r, "kind", 20, true, &in.kind)) ||
	    (rc = api_str(r, "first_start", 5, false, &in.first_start)) ||
	    (rc = api_int(r, "day_step", false, 0, ROSTER_MAX_CYCLE, &in.day_step)) ||
	    (rc = api_str(r, "anchor_date", 10, false, &in.anchor_date)))
		return rc;
	teams_read(r, json_object_get(r->json, "teams"), &in);
	shifts_read(r, json_object_get(r->json, "shifts"), &in);
	if ((rc = dbc_begin(r->db)) || (rc = svc_duty_pattern_create(api_svc(r, &s), &in, &out)))
		return rc;
	return api_commit_json(r, rs, 201,
			       duty_pattern_json(r, &out.pattern, out.teams, out.nteams));
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
	struct svc s;
	struct svc_coverage cov;
	int rc;

	if ((rc = svc_duty_coverage(api_svc(r, &s), p, from, days, &cov)))
		return rc;
	*ret_gaps = spans_json(cov.gaps, cov.ngaps);
	*ret_overlaps = spans_json(cov.overlaps, cov.noverlaps);
	return 0;
}

int
api_roster_generate(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"pattern_id", "from", "to", NULL};
	struct svc s;
	struct svc_roster_in in;
	struct svc_roster_out out;
	struct duty_post p;
	int rc;

	memset(&in, 0, sizeof(in));
	in.post_id = req_param_id(r, 0);
	if ((rc = duty_post_scoped(r, in.post_id, "id", &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_int(r, "pattern_id", true, 1, INT64_MAX, &in.pattern_id)) ||
	    (rc = api_str(r, "from", 10, true, &in.from)) || (rc = api_str(r, "to", 10, true, &in.to)) ||
	    (rc = dbc_begin(r->db)) || (rc = svc_duty_roster_generate(api_svc(r, &s), &in, &out)))
		return rc;
	return api_commit_json(r, rs, 201,
			       json_pack("{s:I, s:I, s:s, s:s, s:i, s:o, s:o}", "post_id",
					 (json_int_t)out.post.id, "pattern_id",
					 (json_int_t)out.pattern.id, "from", in.from, "to", in.to,
					 "shifts", out.shifts, "gaps",
					 spans_json(out.cov.gaps, out.cov.ngaps), "overlaps",
					 spans_json(out.cov.overlaps, out.cov.noverlaps)));
}

/* The people of a shift: its team's members, less leave and swaps out, plus substitutes. */
static json_t *
shift_people(const struct duty_shift *s, const struct duty_member *mem, int nm,
	     const struct duty_change *ch, int nc, bool reveal)
{
	json_t *arr = json_array();
	int i, j;

	for (i = 0; i < nm; i++)
		if (s->team_id != 0 && mem[i].team_id == s->team_id && !duty_member_out(mem[i].id, ch, nc))
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
	struct svc s;
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
	    (rc = svc_duty_range(api_svc(r, &s), from_s ? from_s : today, to_s ? to_s : week, &from,
				 &days)) ||
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
	struct svc sv;

	return svc_duty_shift(api_svc(r, &sv), req_param_id(r, 0), s, p);
}

int
api_shift_change(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "member_id", "substitute_id", "team_id",
					     "reason", NULL};
	struct svc sv;
	struct svc_change_in in;
	struct duty_shift s;
	struct duty_post p;
	struct duty_member *mem;
	int nm, rc;
	json_t *j;

	memset(&in, 0, sizeof(in));
	in.shift_id = req_param_id(r, 0);
	if ((rc = duty_shift_scoped(r, &s, &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_str(r, "kind", 10, true, &in.kind)) ||
	    (rc = api_int(r, "member_id", false, 1, INT64_MAX, &in.member_id)) ||
	    (rc = api_int(r, "substitute_id", false, 1, INT64_MAX, &in.substitute_id)) ||
	    (rc = api_int(r, "team_id", false, 1, INT64_MAX, &in.team_id)) ||
	    (rc = api_str(r, "reason", 200, false, &in.reason)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_shift_change(api_svc(r, &sv), &in, &s, &p)) ||
	    (rc = db_member_of_post(r->db, r->arena, p.id, &mem, &nm)) ||
	    (rc = shift_json(r, &s, mem, nm, false, &j)))
		return rc;
	return api_commit_json(r, rs, 201, j);
}

int
api_duty_now(struct req *r, struct resp *rs)
{
	const char *rv = req_query(r, "reveal");
	bool reveal = rv && strcmp(rv, "1") == 0;
	struct svc s;
	struct duty_post *posts;
	int64_t now = clock_now();
	int np, i, j, rc;
	json_t *items;

	if (reveal && !(r->perms & PERM_DUTY_WRITE))
		return fault_set(&r->fault, ERR_DENIED, "reveal", "只有指挥部可以查看值班人员完整电话",
				 "only the command post may see the full phone numbers of those on duty");
	if ((rc = db_post_list(r->db, r->arena, r->scope, &posts, &np)))
		return rc;
	/* the full numbers are personal data: the look is on the record */
	if (reveal && ((rc = dbc_begin(r->db)) || (rc = svc_duty_reveal_phones(api_svc(r, &s))) ||
		       (rc = dbc_commit(r->db))))
		return rc;
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
