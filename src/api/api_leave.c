/* api_leave.c: leave over a date range (请假): taken, listed and cancelled.  Writing it onto the
 * shifts is svc_leave.c's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "checkpoint.h"

static json_t *
leave_json(const struct duty_leave *l)
{
	return json_pack("{s:I, s:I, s:{s:I, s:s, s:I}, s:s, s:s, s:s, s:I, s:{s:o, s:s}, s:I, "
			 "s:o, s:b}",
			 "id", (json_int_t)l->id, "post_id", (json_int_t)l->post_id, "member", "id",
			 (json_int_t)l->member_id, "name", l->member_name, "team_id",
			 (json_int_t)l->team_id, "from", l->from_day, "to", l->to_day, "reason",
			 l->reason, "shifts", (json_int_t)l->shifts, "created_by", "id",
			 l->created_by ? json_integer(l->created_by) : json_null(), "name",
			 l->created_by_name ? l->created_by_name : "", "created_at",
			 (json_int_t)l->created_at, "cancelled_at",
			 l->cancelled_at ? json_integer(l->cancelled_at) : json_null(), "active",
			 l->cancelled_at == 0);
}

int
api_leave_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"member_id", "from", "to", "reason", NULL};
	struct svc s;
	struct svc_leave_in in;
	struct duty_post p;
	struct duty_leave l;
	int rc;

	memset(&in, 0, sizeof(in));
	in.post_id = req_param_id(r, 0);
	if ((rc = duty_post_scoped(r, in.post_id, "id", &p)) || (rc = api_only(r, fields)) ||
	    (rc = api_int(r, "member_id", true, 1, INT64_MAX, &in.member_id)) ||
	    (rc = api_str(r, "from", 10, true, &in.from)) || (rc = api_str(r, "to", 10, true, &in.to)) ||
	    (rc = api_str(r, "reason", 200, false, &in.reason)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_leave_create(api_svc(r, &s), &in, &l)))
		return rc;
	return api_commit_json(r, rs, 201, leave_json(&l));
}

int
api_leave_list(struct req *r, struct resp *rs)
{
	struct duty_post p;
	struct duty_leave *v;
	const char *from = req_query(r, "from"), *to = req_query(r, "to"), *all = req_query(r, "all");
	char today[11];
	int y, m, d, n, i, rc;
	json_t *items;

	clock_local_date(clock_now(), today);
	if ((rc = duty_post_scoped(r, req_param_id(r, 0), "id", &p)))
		return rc;
	if (from && clock_parse_date(from, &y, &m, &d))
		return fault_set(&r->fault, ERR_INVALID, "from", "开始日期应为 YYYY-MM-DD",
				 "from must be a date YYYY-MM-DD");
	if (to && clock_parse_date(to, &y, &m, &d))
		return fault_set(&r->fault, ERR_INVALID, "to", "结束日期应为 YYYY-MM-DD",
				 "to must be a date YYYY-MM-DD");
	if ((rc = db_leave_of_post(r->db, r->arena, p.id, from ? from : today, to ? to : "9999-12-31",
				   all && strcmp(all, "1") == 0, &v, &n)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, leave_json(&v[i]));
	return resp_json(rs, 200, api_list(items, n));
}

int
api_leave_cancel(struct req *r, struct resp *rs)
{
	struct svc s;
	struct duty_leave l;
	int rc;

	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_duty_leave_cancel(api_svc(r, &s), req_param_id(r, 0), &l)))
		return rc;
	return api_commit_json(r, rs, 200, leave_json(&l));
}
