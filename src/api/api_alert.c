/* api_alert.c: alerts and their closed loop (referral, result, close): parse, call the operation
 * (svc_monitor.h), render. */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "monitor.h"

json_t *
alert_json(const struct alert *al, int64_t now)
{
	int64_t end = al->closed_at ? al->closed_at : now;

	return api_area_labelled(json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:I, s:I, s:f, s:s, s:s, s:s?, s:o, s:s?, "
			 "s:s?, s:o, s:s?, s:s?}",
			 "id", (json_int_t)al->id, "key_person_id", (json_int_t)al->key_person_id,
			 "name", al->name, "area_code", al->area_code, "area_name", al->area_name,
			 "check_id", (json_int_t)al->check_id, "raised_at", (json_int_t)al->raised_at,
			 "age_hours", (double)(end - al->raised_at) / 3600.0, "reason", al->reason,
			 "status", al->status, "hospital", al->hospital, "referred_at",
			 al->referred_at ? json_integer(al->referred_at) : json_null(), "transport",
			 al->transport, "result", al->result, "closed_at",
			 al->closed_at ? json_integer(al->closed_at) : json_null(), "closed_by",
			 al->closed_by_name, "note", al->note),
				 al->village_name, al->area_name);
}

int
api_alert_list(struct req *r, struct resp *rs)
{
	struct alert *v;
	const char *status = req_query(r, "status");
	int n, i, rc, limit, offset, open = 1;
	int64_t total, now = clock_now();
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (status && strcmp(status, "closed") == 0)
		open = 0;
	else if (status && strcmp(status, "all") == 0)
		open = -1;
	else if (status && *status && strcmp(status, "open") && strcmp(status, "referred"))
		return fault_set(&r->fault, ERR_INVALID, "status", "status 应为 open、referred、closed 或 all",
				 "status must be open, referred, closed or all");
	if ((rc = db_alert_list(r->db, r->arena, r->scope, open, 0, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		if (!status || strcmp(status, "referred") != 0 || strcmp(v[i].status, "referred") == 0)
			json_array_append_new(items, alert_json(&v[i], now));
	return resp_json(rs, 200, api_list(items, total));
}

int
api_alert_refer(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"hospital", "referred_at", "transport", NULL};
	struct alert_refer_in in = {.id = req_param_id(r, 0)};
	struct alert al;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "hospital", 100, true, &in.hospital)) ||
	    (rc = api_str(r, "transport", 60, true, &in.transport)) ||
	    (rc = api_int(r, "referred_at", false, 0, INT64_MAX, &in.referred_at)) ||
	    (rc = dbc_begin(r->db)) || (rc = svc_alert_refer(api_svc(r, &s), &in, &al)))
		return rc;
	return api_commit_json(r, rs, 200, alert_json(&al, clock_now()));
}

int
api_alert_result(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"result", "note", NULL};
	struct alert_result_in in = {.id = req_param_id(r, 0)};
	struct alert al;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "result", 20, true, &in.result)) ||
	    (rc = api_str(r, "note", 200, false, &in.note)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_alert_result(api_svc(r, &s), &in, &al)))
		return rc;
	return api_commit_json(r, rs, 200, alert_json(&al, clock_now()));
}

int
api_alert_close(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	const char *note;
	struct alert al;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "note", 200, true, &note)) ||
	    (rc = dbc_begin(r->db)) ||
	    (rc = svc_alert_close(api_svc(r, &s), req_param_id(r, 0), note, &al)))
		return rc;
	return api_commit_json(r, rs, 200, alert_json(&al, clock_now()));
}
