/* api_monitor.c: key persons: register, assign, extend, release, self-report code, staff, notice,
 * settings: each handler parses its body, calls its operation (svc_monitor.h) and renders. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mask.h"
#include "monitor.h"
#include "observation.h"
#include "person.h"
#include "text.h"

/* A staff member on the record: the phone masked like a resident's, since a list of key
 * persons would otherwise be a directory of every grid worker's and doctor's number; the
 * audited staff reveal (api_kp_staff_reveal) gives it in full. */
static json_t *
staff_json(int64_t id, const char *name, const char *phone)
{
	char phm[32] = "";

	if (id == 0)
		return json_null();
	if (phone && *phone)
		mask_phone(phone, phm);
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name ? name : "", "phone",
			 phm);
}

json_t *
check_json(const struct check *c)
{
	json_t *syms = json_array();
	const char *s = c->symptoms ? c->symptoms : "";

	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n)
			json_array_append_new(syms, json_stringn(s, n));
		s += n + (e ? 1 : 0);
	}
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:f, s:o, s:s, s:s, s:b, s:o, s:I}", "id",
			 (json_int_t)c->id, "key_person_id", (json_int_t)c->key_person_id,
			 "taken_at", (json_int_t)c->taken_at, "day", c->day, "slot", c->slot,
			 "temperature", c->temp_tenths / 10.0, "symptoms", syms, "symptom_other",
			 c->symptom_other ? c->symptom_other : "", "method", c->method, "abnormal",
			 c->abnormal != 0, "recorded_by",
			 c->recorded_by ? json_pack("{s:I, s:s}", "id", (json_int_t)c->recorded_by,
						    "name", c->recorded_by_name ? c->recorded_by_name : "")
					: json_null(),
			 "recorded_at", (json_int_t)c->recorded_at);
}

json_t *
kp_json(const struct key_person *k, const char *today)
{
	char idm[32] = "", phm[32] = "";
	/* the age stands for the birth date beside the masked ID number */
	int age = person_age(k->birth_date, today);

	if (k->id_number)
		mask_idnum(k->id_number, idm);
	if (k->phone)
		mask_phone(k->phone, phm);
	return api_area_labelled(json_pack(
		"{s:I, s:I, s:s, s:s?, s:s?, s:s?, s:o, s:s?, s:s, s:s, s:s%, s:s, s:s, s:s, s:s?, s:s?, "
		"s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:o, s:o, s:o, s:i, s:o, s:s?, s:I}",
		"id", (json_int_t)k->id, "person_id", (json_int_t)k->person_id, "name", k->name,
		"id_number", k->id_number ? idm : NULL, "phone", k->phone ? phm : NULL, "gender",
		k->gender, "age", age < 0 ? json_null() : json_integer(age), "address",
		k->address, "area_code", k->area_code, "area_name", k->area_name, "village_code",
		k->area_code, strlen(k->area_code) >= 12 ? (size_t)12 : strlen(k->area_code), "reason",
		k->reason, "reason_detail", k->reason_detail, "from_place", k->from_place, "left_on",
		k->left_on, "arrived_on", k->arrived_on, "transport", k->transport, "transport_no",
		k->transport_no, "found_by", k->found_by, "kind", k->kind, "site", k->site,
		"start_date", k->start_date, "days", k->days, "end_date", k->end_date, "day",
		obs_day(k->start_date, today), "status", k->status, "grid_worker",
		staff_json(k->grid_worker_id, k->grid_worker_name, k->grid_worker_phone), "doctor",
		staff_json(k->doctor_id, k->doctor_name, k->doctor_phone), "last_check",
		k->last.id ? check_json(&k->last) : json_null(), "open_alerts", k->open_alerts,
		"released_at", k->released_at ? json_integer(k->released_at) : json_null(),
		"release_kind", k->release_kind, "created_at", (json_int_t)k->created_at),
				 k->village_name, k->area_name);
}


int
api_kp_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {
		"person_id", "person", "reason", "reason_detail", "from_place", "left_on",
		"arrived_on", "transport", "transport_no", "found_by", "kind", "site",
		"start_date", "days", NULL};
	struct kp_register_in in = {0};
	struct kp_register_out *out = arena_alloc(r->arena, sizeof(*out));
	struct person_input pin;
	struct person p;
	struct svc s;
	int64_t days = 0;
	json_t *pj = json_object_get(r->json, "person"), *j;
	char today[11];
	int rc;

	api_svc(r, &s);
	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "person_id", false, 1, INT64_MAX, &in.person_id)) ||
	    (rc = api_str(r, "reason", 40, true, &in.reason)) ||
	    (rc = api_str(r, "reason_detail", 200, false, &in.reason_detail)) ||
	    (rc = api_str(r, "from_place", 60, false, &in.from_place)) ||
	    (rc = api_date(r, "left_on", false, &in.left_on)) ||
	    (rc = api_date(r, "arrived_on", false, &in.arrived_on)) ||
	    (rc = api_str(r, "transport", 40, false, &in.transport)) ||
	    (rc = api_code(r, "transport_no", 30, false, &in.transport_no)) ||
	    (rc = api_str(r, "found_by", 40, true, &in.found_by)) ||
	    (rc = api_str(r, "kind", 40, true, &in.kind)) ||
	    (rc = api_str(r, "site", 100, false, &in.site)) ||
	    (rc = api_date(r, "start_date", false, &in.start_date)) ||
	    (rc = api_int(r, "days", false, 1, OBS_DAYS_MAX, &days)))
		return rc;
	in.days = (int)days;
	/* the fields before the person: a newcomer is added only for a registration that holds */
	if ((rc = svc_monitor_register_check(&s, &in)))
		return rc;
	if ((in.person_id == 0) == (pj == NULL || json_is_null(pj)))
		return fault_set(&r->fault, ERR_INVALID, "person_id",
				 "请指定已登记人员（person_id）或新登记人员（person），二者选一",
				 "give either person_id (a resident) or person (a newcomer)");
	if ((rc = dbc_begin(r->db)))
		return rc;
	if (in.person_id == 0) {
		if (!json_is_object(pj))
			return fault_set(&r->fault, ERR_INVALID, "person", "person 应为人员对象",
					 "person must be an object of person fields");
		if ((rc = person_input_read(r, pj, &pin)))
			return rc;
		if (pin.name == NULL)
			return fault_set(&r->fault, ERR_INVALID, "person.name", "姓名不能为空",
					 "the name is required");
		if ((rc = svc_person_create(&s, &pin, &p)))
			return rc;
		in.person = &p;
	}
	if ((rc = svc_monitor_register(&s, &in, out)))
		return rc;
	svc_monitor_today(today);
	j = kp_json(&out->kp, today);
	json_object_set_new(j, "self_report_code", json_string(out->code));
	return api_commit_json(r, rs, 201, j);
}

int
api_kp_get(struct req *r, struct resp *rs)
{
	struct key_person k;
	struct svc s;
	char today[11];
	int rc;

	if ((rc = svc_monitor_sweep(api_svc(r, &s))) || (rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	svc_monitor_today(today);
	return resp_json(rs, 200, kp_json(&k, today));
}

int
api_kp_list(struct req *r, struct resp *rs)
{
	struct key_person *v;
	struct svc s;
	const char *status = req_query(r, "status"), *q = req_query(r, "q");
	const char *scope = api_narrow(r, req_query(r, "area"));
	int n, i, rc, limit, offset;
	int64_t total;
	char today[11];
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (status && *status == '\0')
		status = NULL;
	if (status && strcmp(status, "active") && strcmp(status, "released") &&
	    strcmp(status, "transferred"))
		return fault_set(&r->fault, ERR_INVALID, "status",
				 "status 应为 active、released 或 transferred",
				 "status must be active, released or transferred");
	if (q && (*q == '\0' || strlen(q) > 64))
		q = NULL;
	if (scope == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = svc_monitor_sweep(api_svc(r, &s))) ||
	    (rc = db_kp_list(r->db, r->arena, scope, status, q ? text_normalize(r->arena, q) : NULL, 0,
			     limit, offset, &v, &n, &total)))
		return rc;
	svc_monitor_today(today);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, kp_json(&v[i], today));
	return resp_json(rs, 200, api_list(items, total));
}

int
api_kp_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"grid_worker_id", "doctor_id", "days", "kind", "site",
					     NULL};
	struct kp_update_in in = {.id = req_param_id(r, 0)};
	struct key_person k;
	struct svc s;
	int64_t days = 0;
	char today[11];
	int rc;

	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "grid_worker_id", false, 1, INT64_MAX, &in.grid_worker_id)) ||
	    (rc = api_int(r, "doctor_id", false, 1, INT64_MAX, &in.doctor_id)) ||
	    (rc = api_int(r, "days", false, 1, OBS_DAYS_MAX, &days)) ||
	    (rc = api_str(r, "kind", 40, false, &in.kind)) ||
	    (rc = api_str(r, "site", 100, false, &in.site)))
		return rc;
	in.days = (int)days;
	if ((rc = dbc_begin(r->db)) || (rc = svc_monitor_update(api_svc(r, &s), &in, &k)))
		return rc;
	svc_monitor_today(today);
	return api_commit_json(r, rs, 200, kp_json(&k, today));
}

/*
 * The full phone of one staff member on a key person's record (the grid worker or the doctor),
 * with a reason written to the audit before the number leaves the server, as a resident's is
 * revealed.  Reading the record gives every assigned staff member's phone masked.
 */
int
api_kp_staff_reveal(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"staff", "reason", NULL};
	struct kp_reveal_in in = {.id = req_param_id(r, 0)};
	struct kp_reveal_out out;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "staff", 40, true, &in.staff)) ||
	    (rc = api_str(r, "reason", 200, true, &in.reason)) ||
	    (rc = svc_monitor_staff_reveal(api_svc(r, &s), &in, &out)))
		return rc;
	return resp_json(rs, 200,
			 json_pack("{s:I, s:s, s:I, s:s, s:s}", "key_person_id",
				   (json_int_t)out.key_person_id, "staff", out.staff, "user_id",
				   (json_int_t)out.user_id, "name", out.name, "phone", out.phone));
}

/* The name of staff member id for a timeline, "" when the account is gone. */
static const char *
staff_name(struct req *r, int64_t id)
{
	struct user u;

	if (db_user_get(r->db, r->arena, id, &u) != 0)
		return "";
	return u.display_name && *u.display_name ? u.display_name : u.username;
}

/*
 * One event as the timeline gives it: the fields of data (NULL for a row stored before events
 * kept fields: its text stays in detail), and for a staff member named by id, their name, so
 * the page never shows an id.  The assignments stored as text ("网格员 #3 / grid worker") are
 * read back into fields, since their text is nothing but an id.
 */
static json_t *
event_json(struct req *r, const struct kp_event *e)
{
	json_t *data = NULL, *uid;
	const char *detail = e->detail ? e->detail : "";
	const char *actor = e->user_id ? "user" : strcmp(e->username, "system") == 0 ? "system"
										   : "resident";
	long long id;
	char role[16];

	if (detail[0] == '{') {
		data = json_loads(detail, 0, NULL);
		if (data && !json_is_object(data)) {
			json_decref(data);
			data = NULL;
		}
	} else if (strcmp(e->kind, "assigned") == 0 &&
		   (sscanf(detail, "网格员 #%lld / grid worker", &id) == 1 ||
		    sscanf(detail, "村医 #%lld / doctor", &id) == 1)) {
		snprintf(role, sizeof(role), "%s", strncmp(detail, "村医", 6) == 0 ? "doctor" : "grid_worker");
		data = json_pack("{s:s, s:I}", "role", role, "user_id", (json_int_t)id);
	}
	if (data && json_is_integer(uid = json_object_get(data, "user_id")))
		json_object_set_new(data, "name",
				    json_string(staff_name(r, (int64_t)json_integer_value(uid))));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "at", (json_int_t)e->at, "kind",
			 e->kind, "actor", actor, "username", e->user_id ? e->username : "", "by",
			 e->user_id ? (*e->display_name ? e->display_name : e->username) : "",
			 "detail", data ? "" : detail, "data", data ? data : json_null());
}

/*
 * Who may be made responsible for a key person: the enabled grid workers and doctors of the
 * person's village, by name.  A secretary assigns without the user list (an administrator's),
 * so this is what the assign form offers; no phones, which only the audited reveal gives.
 */
int
api_kp_staff_options(struct req *r, struct resp *rs)
{
	struct key_person k;
	struct staff_option *v;
	char village[13];
	json_t *grid, *doc;
	int n, i, rc;

	if ((rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	snprintf(village, sizeof(village), "%.12s", k.area_code);
	if ((rc = db_staff_of(r->db, r->arena, village, 500, &v, &n)))
		return rc;
	grid = json_array();
	doc = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(strcmp(v[i].role, "grid") == 0 ? grid : doc,
				      json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)v[i].id,
						"name", v[i].name, "area_code", v[i].area_code,
						"area_name", v[i].area_name));
	return resp_json(rs, 200, json_pack("{s:o, s:o}", "grid_workers", grid, "doctors", doc));
}

int
api_kp_timeline(struct req *r, struct resp *rs)
{
	struct kp_event *v;
	int n, i, rc;
	json_t *items;

	if ((rc = db_event_list(r->db, r->arena, req_param_id(r, 0), &v, &n)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, event_json(r, &v[i]));
	return resp_json(rs, 200, api_list(items, n));
}

/*
 * A new self-report code for a key person under observation (the old one
 * stops working): for a lost notice, and for everyone registered before
 * codes were kept only as hashes.  Shown once, in this answer.
 */
int
api_kp_self_code(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {NULL};
	char code[SELF_CODE_SIZE];
	int64_t id = req_param_id(r, 0);
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_monitor_self_code(api_svc(r, &s), id, code)))
		return rc;
	/* not idempotent on purpose: a stored answer would keep the code in the database */
	if ((rc = dbc_commit(r->db)))
		return rc;
	return resp_json(rs, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "self_report_code",
					    code));
}

int
api_kp_release(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	struct key_person k;
	const char *note;
	struct svc s;
	char today[11];
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "note", 200, false, &note)) ||
	    (rc = dbc_begin(r->db)) ||
	    (rc = svc_monitor_release(api_svc(r, &s), req_param_id(r, 0), note, &k)))
		return rc;
	svc_monitor_today(today);
	return api_commit_json(r, rs, 200, kp_json(&k, today));
}

int
api_kp_notice(struct req *r, struct resp *rs)
{
	struct key_person k;
	struct buf b = {0};
	char *town = NULL;
	int rc;

	if ((rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	/* the notice is the town's where the person is observed */
	town = (char *)api_town_name(r, k.area_code);
	buf_adds(&b, "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		     "<title>居家观察告知书</title><style>"
		     "@page{size:A4;margin:20mm}body{font-family:'Noto Serif CJK SC',serif;font-size:14pt;"
		     "line-height:1.8}h1{text-align:center;font-size:20pt}table{border-collapse:collapse;"
		     "width:100%}td{border:1px solid #000;padding:4px 8px}.sign{margin-top:2em}"
		     ".blank{display:inline-block;width:4.5em;height:1.4em;border-bottom:1px solid #000;margin:0 .2em}"
		     ".door{page-break-before:always;text-align:center;font-size:28pt;padding-top:30mm}"
		     "</style></head><body>");
	buf_adds(&b, "<h1>");
	text_html_escape(&b, strcmp(k.kind, "home") == 0 ? "居家观察告知书" : "集中隔离观察告知书");
	buf_adds(&b, "</h1><p>");
	text_html_escape(&b, k.name);
	buf_adds(&b, "：</p><p>根据疫情防控要求，您自 ");
	text_html_escape(&b, k.start_date);
	buf_adds(&b, " 起至 ");
	text_html_escape(&b, k.end_date);
	buf_addf(&b, " 止（共 %d 天）进行", k.days);
	text_html_escape(&b, strcmp(k.kind, "home") == 0 ? "居家观察" : "集中隔离观察");
	if (k.site && *k.site) {
		buf_adds(&b, "（");
		text_html_escape(&b, k.site);
		buf_adds(&b, "）");
	}
	buf_adds(&b, "。观察期间请每天上午、下午各测量一次体温，不外出、不串门、不聚集；"
		     "如出现发热（37.3°C 及以上）、咳嗽、气促等症状，请立即联系下列责任人，"
		     "不要自行前往医院。</p><table>");
	buf_adds(&b, "<tr><td>住址</td><td>");
	text_html_escape(&b, k.address ? k.address : k.area_name);
	buf_adds(&b, "</td></tr><tr><td>网格员</td><td>");
	text_html_escape(&b, k.grid_worker_id ? k.grid_worker_name : "（待指定）");
	buf_adds(&b, " ");
	text_html_escape(&b, k.grid_worker_phone);
	buf_adds(&b, "</td></tr><tr><td>村医</td><td>");
	text_html_escape(&b, k.doctor_id ? k.doctor_name : "（待指定）");
	buf_adds(&b, " ");
	text_html_escape(&b, k.doctor_phone);
	/* only the code's hash is kept: staff copy the code given at registration here */
	buf_adds(&b, "</td></tr><tr><td>体温自报码</td><td class=\"code\">"
		     "<span class=\"blank\"></span>-<span class=\"blank\"></span>-<span "
		     "class=\"blank\"></span>-<span class=\"blank\"></span><br><small>（登记时发放的 16 位自报码，由工作人员抄写；"
		     "遗失可重新发放）</small></td></tr></table><p class=\"sign\">");
	text_html_escape(&b, town ? town : "");
	buf_adds(&b, "新型冠状病毒感染的肺炎疫情防控指挥部</p><p>被观察人签字：__________ "
		     "日期：__________</p>");
	/* the second page goes on the door */
	buf_adds(&b, "<div class=\"door\"><p>");
	text_html_escape(&b, strcmp(k.kind, "home") == 0 ? "居家观察户" : "集中隔离观察");
	buf_adds(&b, "</p><p>");
	text_html_escape(&b, k.start_date);
	buf_adds(&b, " 至 ");
	text_html_escape(&b, k.end_date);
	buf_adds(&b, "</p><p>请勿探访　如有需要请联系网格员 ");
	text_html_escape(&b, k.grid_worker_phone);
	buf_adds(&b, "</p></div></body></html>");
	rs->status = 200;
	rs->body = arena_strndup(r->arena, b.p, b.len);
	rs->bodylen = b.len;
	rs->ctype = "text/html; charset=utf-8";
	buf_free(&b);
	return 0;
}

static json_t *
settings_json(const struct monitor_settings *set)
{
	return json_pack("{s:i, s:i, s:i, s:s}", "fever_tenths", set->fever_tenths, "days_home",
			 set->days_home, "days_centralised", set->days_centralised, "release",
			 set->auto_release ? "auto" : "doctor");
}

int
api_monitor_settings_get(struct req *r, struct resp *rs)
{
	struct monitor_settings set;
	struct svc s;

	svc_monitor_settings(api_svc(r, &s), &set);
	return resp_json(rs, 200, settings_json(&set));
}

int
api_monitor_settings_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"fever_tenths", "days_home", "days_centralised",
					     "release", NULL};
	struct monitor_settings_in in = {0};
	struct monitor_settings set;
	int64_t fever = 0, dh = 0, dc = 0;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "fever_tenths", false, 360, 390, &fever)) ||
	    (rc = api_int(r, "days_home", false, 1, OBS_DAYS_MAX, &dh)) ||
	    (rc = api_int(r, "days_centralised", false, 1, OBS_DAYS_MAX, &dc)) ||
	    (rc = api_str(r, "release", 40, false, &in.release)))
		return rc;
	in.fever_tenths = (int)fever;
	in.days_home = (int)dh;
	in.days_centralised = (int)dc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_monitor_settings_put(api_svc(r, &s), &in, &set)) ||
	    (rc = dbc_commit(r->db)))
		return rc;
	return resp_json(rs, 200, settings_json(&set));
}
