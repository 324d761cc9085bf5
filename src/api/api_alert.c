/* api_alert.c: alerts and their closed loop (referral, result, close), worklists, figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "clock.h"
#include "mask.h"
#include "monitor.h"
#include "observation.h"
#include "role.h"

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

static int
kp_event(struct req *r, int64_t kp, const char *kind, json_t *data)
{
	return monitor_event(r->db, kp, r->user->id, r->user->username, kind, data);
}

/* Load the alert of the path inside a transaction, refusing a closed one. */
static int
open_alert(struct req *r, struct alert *al)
{
	int rc;

	if ((rc = dbc_begin(r->db)) || (rc = db_alert_get(r->db, r->arena, req_param_id(r, 0), al)))
		return rc;
	if (strcmp(al->status, "closed") == 0)
		return fault_set(&r->fault, ERR_CONFLICT, "status", "该预警已闭环",
				 "this alert is closed already");
	return 0;
}

static int
finish(struct req *r, struct resp *rs, struct alert *al, const char *what)
{
	int rc;

	if ((rc = db_alert_update(r->db, al)) ||
	    (rc = api_audit(r, "update", "alert", al->id, al->area_code, what)) ||
	    (rc = db_alert_get(r->db, r->arena, al->id, al)))
		return rc;
	return api_commit_json(r, rs, 200, alert_json(al, clock_now()));
}

int
api_alert_refer(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"hospital", "referred_at", "transport", NULL};
	const char *hospital, *transport;
	int64_t at = 0;
	struct alert al;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "hospital", 100, true, &hospital)) ||
	    (rc = api_str(r, "transport", 60, true, &transport)) ||
	    (rc = api_int(r, "referred_at", false, 0, INT64_MAX, &at)) || (rc = open_alert(r, &al)))
		return rc;
	if (at > clock_now() + 300)
		return fault_set(&r->fault, ERR_INVALID, "referred_at", "转诊时间不能在将来",
				 "referred_at cannot be in the future");
	al.status = "referred";
	al.hospital = (char *)hospital;
	al.transport = (char *)transport;
	al.referred_at = at ? at : clock_now();
	if ((rc = kp_event(r, al.key_person_id, "referred",
			   json_pack("{s:I, s:s, s:s}", "alert_id", (json_int_t)al.id, "hospital",
				     hospital, "transport", transport))))
		return rc;
	return finish(r, rs, &al, "referred");
}

int
api_alert_result(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"result", "note", NULL};
	const char *result, *note;
	struct alert al;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "result", 20, true, &result)) ||
	    (rc = api_str(r, "note", 200, false, &note)))
		return rc;
	if (strcmp(result, "excluded") && strcmp(result, "suspected") && strcmp(result, "confirmed"))
		return fault_set(&r->fault, ERR_INVALID, "result",
				 "结果应为 excluded（排除）、suspected（疑似）或 confirmed（确诊）",
				 "result must be excluded, suspected or confirmed");
	if ((rc = open_alert(r, &al)))
		return rc;
	al.result = (char *)result;
	if (note)
		al.note = (char *)note;
	if ((rc = kp_event(r, al.key_person_id, "result",
			   json_pack("{s:I, s:s, s:s?}", "alert_id", (json_int_t)al.id, "result",
				     result, "note", note))))
		return rc;
	if (strcmp(result, "excluded") != 0) {
		/* a suspected or confirmed case leaves home observation for the hospital */
		struct key_person k;

		if ((rc = db_kp_get(r->db, r->arena, al.key_person_id, &k)))
			return rc;
		if (strcmp(k.status, "active") == 0) {
			k.status = "transferred";
			if ((rc = db_kp_update(r->db, &k)) ||
			    (rc = kp_event(r, k.id, "converted",
					   json_pack("{s:s, s:s}", "to", "care", "result", result))))
				return rc;
		}
	}
	return finish(r, rs, &al, result);
}

int
api_alert_close(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	const char *note;
	struct alert al;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "note", 200, true, &note)) ||
	    (rc = open_alert(r, &al)))
		return rc;
	if (al.result == NULL)
		return fault_set(&r->fault, ERR_CONFLICT, "result",
				 "请先登记结果（排除、疑似或确诊）再闭环",
				 "record the result (excluded, suspected or confirmed) before closing");
	al.status = "closed";
	al.closed_at = clock_now();
	al.closed_by = r->user->id;
	al.note = (char *)note;
	if ((rc = db_kp_after_check(r->db, al.key_person_id, 0, -1)))
		return rc;
	if ((rc = kp_event(r, al.key_person_id, "closed",
			   json_pack("{s:I, s:s}", "alert_id", (json_int_t)al.id, "note", note))))
		return rc;
	return finish(r, rs, &al, "closed");
}
