/* api_check.c: health checks: a reading recorded by staff (a hot write, deferred to the writer),
 * the list of a key person's readings, and the resident's own report with the notice's code. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "monitor.h"

/* The symptoms of a body: a list of texts, each checked by the operation (NULL-terminated, in
 * the request's arena; NULL when absent). */
static int
read_symptoms(struct req *r, const char *const **ret)
{
	json_t *arr = json_object_get(r->json, "symptoms"), *v;
	const char **list;
	size_t i;

	*ret = NULL;
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return fault_set(&r->fault, ERR_INVALID, "symptoms", "symptoms 应为症状列表",
				 "symptoms must be a list");
	list = arena_alloc(r->arena, (json_array_size(arr) + 1) * sizeof(*list));
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return fault_setf(&r->fault, ERR_INVALID, "symptoms",
					  "不认识的症状 %s（发热、咳嗽、咽痛、乏力、气促、腹泻、味觉嗅觉减退、其他）",
					  "unknown symptom %s (fever, cough, sore_throat, fatigue, shortness_of_breath, diarrhoea, loss_of_taste_smell, other)",
					  "(not text)");
		list[i] = arena_strdup(r->arena, json_string_value(v));
	}
	list[json_array_size(arr)] = NULL;
	*ret = list;
	return 0;
}

static int
read_temperature(struct req *r, double *ret)
{
	json_t *t = json_object_get(r->json, "temperature");

	if (t == NULL || json_is_null(t))
		return fault_set(&r->fault, ERR_INVALID, "temperature", "请填写体温",
				 "the temperature is required");
	if (!json_is_number(t))
		return fault_set(&r->fault, ERR_INVALID, "temperature", "体温应为数字，如 36.5",
				 "the temperature must be a number such as 36.5");
	*ret = json_number_value(t);
	return 0;
}

/* The writer's part: the key person as it is now, the reading, its alert. */
static int
check_apply(struct req *r, struct resp *rs, void *ctx)
{
	const struct check_in *in = ctx;
	struct check_out out;
	struct svc s;
	json_t *j;
	int rc;

	if ((rc = dbc_begin(r->db)) || (rc = svc_monitor_check(api_svc(r, &s), in, &out)))
		return rc;
	j = check_json(&out.check);
	json_object_set_new(j, "alert", out.alert.id ? alert_json(&out.alert, clock_now())
						      : json_null());
	return api_commit_json(r, rs, 201, j);
}

/* The request's part: the body read and checked here, nothing read from the database. */
int
api_check_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"temperature", "symptoms", "symptom_other", "method",
					     "taken_at", NULL};
	struct check_in *in = arena_alloc(r->arena, sizeof(*in));
	struct svc s;
	int64_t taken = 0;
	int rc;

	(void)rs;
	memset(in, 0, sizeof(*in));
	if ((rc = api_only(r, fields)) || (rc = read_temperature(r, &in->temperature)) ||
	    (rc = read_symptoms(r, &in->symptoms)) ||
	    (rc = api_str(r, "symptom_other", 100, false, &in->symptom_other)) ||
	    (rc = api_str(r, "method", 40, true, &in->method)) ||
	    (rc = api_int(r, "taken_at", false, 0, INT64_MAX, &taken)))
		return rc;
	in->taken_at = taken ? taken : clock_now();
	in->key_person_id = req_param_id(r, 0);
	if ((rc = svc_monitor_check_check(api_svc(r, &s), in)))
		return rc;
	req_defer(r, check_apply, NULL, in);
	return 0;
}

int
api_check_list(struct req *r, struct resp *rs)
{
	struct check *v;
	int n, i, rc, limit, offset;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_check_list(r->db, r->arena, req_param_id(r, 0), limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, check_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

/*
 * The resident's own reading, without a login: the code of the notice says
 * who.  A wrong code, a code typed wrong and the code of someone no longer
 * under observation answer alike (404, one body), and each counts against
 * the address: after SELF_REPORT_FREE of them it waits (429, Retry-After).
 */
int
api_self_report(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"code", "temperature", "symptoms", NULL};
	struct check_in in = {.method = "self"};
	struct check_out out;
	const char *code;
	struct svc s;
	int64_t wait;
	int rc;

	api_svc(r, &s);
	if ((rc = api_only(r, fields)) || (rc = api_code(r, "code", 40, true, &code)) ||
	    (rc = read_temperature(r, &in.temperature)) || (rc = read_symptoms(r, &in.symptoms)) ||
	    (rc = svc_monitor_check_check(&s, &in)))
		return rc;
	if ((wait = auth_throttle_wait(r->db, "self_report", "", r->ip)) > 0)
		return auth_throttled(r, rs, wait, "自报码错误", "self-report codes");
	if ((rc = svc_monitor_code_find(&s, code, &in.key_person_id))) {
		(void)auth_throttle_fail(r->db, "self_report", "", r->ip);
		return rc;
	}
	if ((rc = dbc_begin(r->db)) || (rc = svc_monitor_self_report(&s, &in, &out)) ||
	    (rc = dbc_commit(r->db)))
		return rc;
	return resp_json(rs, 201, json_pack("{s:b, s:b}", "ok", 1, "abnormal",
					    out.check.abnormal != 0));
}
