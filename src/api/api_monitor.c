/* api_monitor.c: key persons: register, assign, extend, check in, release, self-report, notice. */
#include <math.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "db_memo.h"
#include "mask.h"
#include "monitor.h"
#include "observation.h"
#include "person.h"
#include "role.h"
#include "text.h"

static const char *const reasons[] = {"high_risk_area", "close_contact", "other", NULL};
static const char *const found_bys[] = {"self_report", "checkpoint", "sweep", "big_data", "tip",
					"other", NULL};
static const char *const kinds[] = {"home", "centralised", NULL};
static const char *const transports[] = {"train", "flight", "car", "bus", "other", NULL};
static const char *const methods[] = {"visit", "phone", "self", NULL};

void
monitor_today(char ret[11])
{
	clock_local_date(clock_now(), ret);
}

void
monitor_settings(struct dbc *c, struct arena *a, struct monitor_settings *s)
{
	char *v;

	s->fever_tenths = FEVER_TENTHS;
	s->days_home = s->days_centralised = OBS_DAYS;
	s->auto_release = true;
	if (db_setting_get_memo(c, a, "monitor.fever_tenths", &v) == 0)
		s->fever_tenths = atoi(v);
	if (db_setting_get_memo(c, a, "monitor.days_home", &v) == 0)
		s->days_home = atoi(v);
	if (db_setting_get_memo(c, a, "monitor.days_centralised", &v) == 0)
		s->days_centralised = atoi(v);
	if (db_setting_get_memo(c, a, "monitor.release", &v) == 0)
		s->auto_release = strcmp(v, "doctor") != 0;
}

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
monitor_event(struct dbc *c, int64_t kp, int64_t user_id, const char *username, const char *kind,
	      json_t *data)
{
	/* the fields, never words: a timeline read in English must not show Chinese, nor codes */
	char *text = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc = db_event_add(c, kp, user_id, username, kind, text ? text : "{}");

	free(text);
	json_decref(data);
	return rc;
}

/* An event by the user of the request, or by the resident on the self-report page. */
static int
event(struct req *r, int64_t kp, const char *kind, json_t *data)
{
	return monitor_event(r->db, kp, r->user ? r->user->id : 0,
			     r->user ? r->user->username : "", kind, data);
}

int
monitor_sweep(struct req *r)
{
	struct monitor_settings s;
	struct key_person *v;
	char today[11];
	int n, i, rc;

	monitor_settings(r->db, r->arena, &s);
	if (!s.auto_release)
		return 0;
	monitor_today(today);
	if ((rc = db_kp_due_release(r->db, r->arena, today, &v, &n)) || n == 0)
		return rc;
	if ((rc = dbc_begin(r->db)))
		return rc;
	for (i = 0; i < n; i++) {
		struct key_person k = v[i];

		/* no reading at all, an alert still open, or an abnormal last
		 * reading: the doctor decides */
		if (k.open_alerts > 0 || k.last.id == 0 || k.last.abnormal)
			continue;
		k.status = "released";
		k.released_at = clock_now();
		k.release_kind = "auto";
		if ((rc = db_kp_update(r->db, &k)) ||
		    (rc = monitor_event(r->db, k.id, 0, "system", "released",
					json_pack("{s:s}", "by", "auto"))))
			return rc;
	}
	return dbc_commit(r->db);
}

static int
date_field(struct req *r, const char *key, bool required, const char **ret)
{
	const char *s;
	int rc;
	char today[11];

	if ((rc = api_date(r, key, required, &s)))
		return rc;
	monitor_today(today);
	if (s && strcmp(s, today) > 0 && strcmp(key, "start_date") != 0)
		return fault_setf(&r->fault, ERR_INVALID, key, "%s 不能晚于今天",
				  "%s cannot be later than today", key);
	*ret = s;
	return 0;
}

static int
enum_field(struct req *r, const char *key, const char *const *set, bool required, const char **ret)
{
	int rc;

	if ((rc = api_str(r, key, 40, required, ret)))
		return rc;
	if (*ret && !api_one_of(*ret, set)) {
		char list[200] = "";
		int i;

		for (i = 0; set[i]; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
				 set[i]);
		return fault_setf(&r->fault, ERR_INVALID, key, "%s 应为以下之一：%s",
				  "%s must be one of: %s", key, list);
	}
	return 0;
}

void
monitor_new_code(char code[SELF_CODE_SIZE], char hash[65])
{
	unsigned char raw[SELF_CODE_BYTES];
	char canon[SELF_CODE_LEN + 1];

	randombytes_buf(raw, sizeof(raw));
	selfcode_format(raw, code);
	(void)selfcode_normalise(code, canon);
	if (auth_hash_token(canon, hash))
		hash[0] = '\0'; /* never: BLAKE2b of 16 bytes does not fail */
	sodium_memzero(raw, sizeof(raw));
}

int
monitor_register(struct dbc *c, struct arena *a, struct key_person *k, const struct person *p,
		 int64_t user_id, const char *username, char code[SELF_CODE_SIZE], struct fault *f)
{
	int64_t existing;
	char village[13], *hash = arena_alloc(a, 65);
	int rc;

	if (db_kp_active_of_person(c, p->id, &existing) == 0)
		return fault_setf(f, ERR_CONFLICT, "person_id", "该人员已在观察中（重点人员 #%lld）",
				  "this person is under observation already (key person #%lld)",
				  (long long)existing);
	k->person_id = p->id;
	k->area_code = p->area_code;
	k->status = "active";
	k->created_by = user_id;
	/* the grid worker of the person's grid and the doctor of the village */
	if (strlen(p->area_code) >= 15)
		(void)db_user_find_staff(c, "grid", p->area_code, &k->grid_worker_id);
	snprintf(village, sizeof(village), "%.12s", p->area_code);
	(void)db_user_find_staff(c, "doctor", village, &k->doctor_id);
	monitor_new_code(code, hash);
	k->self_code_hash = hash;
	if ((rc = db_kp_insert(c, k)) ||
	    (rc = monitor_event(c, k->id, user_id, username, "registered",
				json_pack("{s:s, s:s, s:s?, s:s, s:s, s:i}", "kind", k->kind, "reason",
					  k->reason, "from_place", k->from_place, "start_date",
					  k->start_date, "end_date", k->end_date, "days", k->days))))
		return rc;
	if (k->grid_worker_id &&
	    (rc = monitor_event(c, k->id, user_id, username, "assigned",
				json_pack("{s:s, s:I}", "role", "grid_worker", "user_id",
					  (json_int_t)k->grid_worker_id))))
		return rc;
	if (k->doctor_id &&
	    (rc = monitor_event(c, k->id, user_id, username, "assigned",
				json_pack("{s:s, s:I}", "role", "doctor", "user_id",
					  (json_int_t)k->doctor_id))))
		return rc;
	return 0;
}

int
api_kp_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {
		"person_id", "person", "reason", "reason_detail", "from_place", "left_on",
		"arrived_on", "transport", "transport_no", "found_by", "kind", "site",
		"start_date", "days", NULL};
	struct key_person k;
	struct person p;
	struct monitor_settings set;
	int64_t person_id = 0, days = 0;
	json_t *pj = json_object_get(r->json, "person");
	char today[11], end[11], code[SELF_CODE_SIZE];
	const char *start;
	int rc;

	memset(&k, 0, sizeof(k));
	monitor_today(today);
	monitor_settings(r->db, r->arena, &set);
	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "person_id", false, 1, INT64_MAX, &person_id)) ||
	    (rc = enum_field(r, "reason", reasons, true, (const char **)&k.reason)) ||
	    (rc = api_str(r, "reason_detail", 200, false, (const char **)&k.reason_detail)) ||
	    (rc = api_str(r, "from_place", 60, false, (const char **)&k.from_place)) ||
	    (rc = date_field(r, "left_on", false, (const char **)&k.left_on)) ||
	    (rc = date_field(r, "arrived_on", false, (const char **)&k.arrived_on)) ||
	    (rc = enum_field(r, "transport", transports, false, (const char **)&k.transport)) ||
	    (rc = api_code(r, "transport_no", 30, false, (const char **)&k.transport_no)) ||
	    (rc = enum_field(r, "found_by", found_bys, true, (const char **)&k.found_by)) ||
	    (rc = enum_field(r, "kind", kinds, true, (const char **)&k.kind)) ||
	    (rc = api_str(r, "site", 100, false, (const char **)&k.site)) ||
	    (rc = date_field(r, "start_date", false, &start)) ||
	    (rc = api_int(r, "days", false, 1, OBS_DAYS_MAX, &days)))
		return rc;
	if (strcmp(k.reason, "high_risk_area") == 0 && k.arrived_on == NULL)
		return fault_set(&r->fault, ERR_INVALID, "arrived_on",
				 "来自高风险地区的人员须填写抵达日期（观察期从抵达日算起）",
				 "someone from a high-risk area needs arrived_on: the period counts from arrival");
	if (k.left_on && k.arrived_on && strcmp(k.left_on, k.arrived_on) > 0)
		return fault_set(&r->fault, ERR_INVALID, "left_on", "离开日期不能晚于抵达日期",
				 "left_on cannot be after arrived_on");
	if (strcmp(k.kind, "centralised") == 0 && (k.site == NULL || *k.site == '\0'))
		return fault_set(&r->fault, ERR_INVALID, "site", "集中隔离须填写隔离点",
				 "centralised isolation needs the site");
	if ((person_id == 0) == (pj == NULL || json_is_null(pj)))
		return fault_set(&r->fault, ERR_INVALID, "person_id",
				 "请指定已登记人员（person_id）或新登记人员（person），二者选一",
				 "give either person_id (a resident) or person (a newcomer)");
	k.start_date = (char *)(start ? start : k.arrived_on ? k.arrived_on : today);
	k.days = days ? (int)days : strcmp(k.kind, "home") == 0 ? set.days_home : set.days_centralised;
	obs_end_date(k.start_date, k.days, end);
	k.end_date = end;

	if ((rc = dbc_begin(r->db)))
		return rc;
	if (person_id) {
		if ((rc = db_person_get(r->db, r->arena, person_id, &p)) == ERR_NOTFOUND ||
		    (rc == 0 && (!api_in_scope(r, p.area_code) || p.merged_into)))
			return fault_set(&r->fault, ERR_INVALID, "person_id",
					 "人员不存在或不在您的辖区内", "no such person in your area");
		if (rc)
			return rc;
	} else {
		if (!json_is_object(pj))
			return fault_set(&r->fault, ERR_INVALID, "person", "person 应为人员对象",
					 "person must be an object of person fields");
		if ((rc = person_create_json(r, pj, &p)))
			return rc;
	}
	if ((rc = monitor_register(r->db, r->arena, &k, &p, r->user->id, r->user->username, code,
				   &r->fault)) ||
	    (rc = api_audit(r, "create", "key_person", k.id, k.area_code, p.name)) ||
	    (rc = db_kp_get(r->db, r->arena, k.id, &k)))
		return rc;
	{
		json_t *j = kp_json(&k, today);

		json_object_set_new(j, "self_report_code", json_string(code));
		return api_commit_json(r, rs, 201, j);
	}
}

int
api_kp_get(struct req *r, struct resp *rs)
{
	struct key_person k;
	char today[11];
	int rc;

	if ((rc = monitor_sweep(r)) || (rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	monitor_today(today);
	return resp_json(rs, 200, kp_json(&k, today));
}

int
api_kp_list(struct req *r, struct resp *rs)
{
	struct key_person *v;
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
	if ((rc = monitor_sweep(r)) ||
	    (rc = db_kp_list(r->db, r->arena, scope, status, q ? text_normalize(r->arena, q) : NULL, 0,
			     limit, offset, &v, &n, &total)))
		return rc;
	monitor_today(today);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, kp_json(&v[i], today));
	return resp_json(rs, 200, api_list(items, total));
}

/* The user must be enabled, of role, and sit inside the key person's village. */
static int
staff_ok(struct req *r, int64_t id, const char *role, const char *kp_area, const char *field)
{
	struct user u;

	if (db_user_get(r->db, r->arena, id, &u) != 0 || u.disabled || strcmp(u.role, role) != 0 ||
	    strncmp(u.area_code, kp_area, 12) != 0)
		return fault_setf(&r->fault, ERR_INVALID, field,
				  "用户 #%lld 不是本村（社区）在岗的%s",
				  "user #%lld is not an active %s of this village", (long long)id,
				  strcmp(role, "grid") == 0 ? "grid worker" : "doctor");
	return 0;
}

int
api_kp_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"grid_worker_id", "doctor_id", "days", "kind", "site",
					     NULL};
	struct key_person k;
	int64_t gw = 0, doc = 0, days = 0;
	const char *kind, *site;
	char today[11], end[11];
	int rc;

	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "grid_worker_id", false, 1, INT64_MAX, &gw)) ||
	    (rc = api_int(r, "doctor_id", false, 1, INT64_MAX, &doc)) ||
	    (rc = api_int(r, "days", false, 1, OBS_DAYS_MAX, &days)) ||
	    (rc = enum_field(r, "kind", kinds, false, &kind)) ||
	    (rc = api_str(r, "site", 100, false, &site)))
		return rc;
	if ((gw || doc) && !(r->perms & PERM_MONITOR_ASSIGN))
		return fault_set(&r->fault, ERR_DENIED, "grid_worker_id", "只有书记或指挥部可以调整责任人",
				 "only a secretary or the command post may change who is responsible");
	if ((days || kind || site) && !(r->perms & PERM_MONITOR_CLINICAL))
		return fault_set(&r->fault, ERR_DENIED, "days", "只有村医、书记或指挥部可以延长或转换观察",
				 "only a doctor, a secretary or the command post may extend or convert");
	if ((rc = dbc_begin(r->db)) || (rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	if (gw && (rc = staff_ok(r, gw, "grid", k.area_code, "grid_worker_id")))
		return rc;
	if (doc && (rc = staff_ok(r, doc, "doctor", k.area_code, "doctor_id")))
		return rc;
	if ((days || kind || site) && strcmp(k.status, "active") != 0)
		return fault_set(&r->fault, ERR_CONFLICT, "status", "观察已结束，不能再延长或转换",
				 "the observation has ended: it cannot be extended or converted");
	if (gw && gw != k.grid_worker_id) {
		k.grid_worker_id = gw;
		if ((rc = event(r, k.id, "assigned",
				json_pack("{s:s, s:I}", "role", "grid_worker", "user_id", (json_int_t)gw))))
			return rc;
	}
	if (doc && doc != k.doctor_id) {
		k.doctor_id = doc;
		if ((rc = event(r, k.id, "assigned",
				json_pack("{s:s, s:I}", "role", "doctor", "user_id", (json_int_t)doc))))
			return rc;
	}
	if (days && days != k.days) {
		k.days = (int)days;
		obs_end_date(k.start_date, k.days, end);
		k.end_date = end;
		if ((rc = event(r, k.id, "extended",
				json_pack("{s:i, s:s}", "days", k.days, "end_date", k.end_date))))
			return rc;
	}
	if (kind || site) {
		if (kind)
			k.kind = (char *)kind;
		if (site)
			k.site = (char *)site;
		if (strcmp(k.kind, "centralised") == 0 && (k.site == NULL || *k.site == '\0'))
			return fault_set(&r->fault, ERR_INVALID, "site", "集中隔离须填写隔离点",
					 "centralised isolation needs the site");
		if ((rc = event(r, k.id, "converted",
				json_pack("{s:s, s:s?}", "kind", k.kind, "site", k.site))))
			return rc;
	}
	if ((rc = db_kp_update(r->db, &k)) ||
	    (rc = api_audit(r, "update", "key_person", k.id, k.area_code, "")) ||
	    (rc = db_kp_get(r->db, r->arena, k.id, &k)))
		return rc;
	monitor_today(today);
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
	static const char *const staffs[] = {"grid_worker", "doctor", NULL};
	struct key_person k;
	const char *staff, *reason, *name, *phone;
	int64_t uid;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = enum_field(r, "staff", staffs, true, &staff)) ||
	    (rc = api_str(r, "reason", 200, true, &reason)))
		return rc;
	if (text_utf8_len(reason) < 2)
		return fault_set(&r->fault, ERR_INVALID, "reason", "请写明查看原因",
				 "give the reason for revealing");
	if ((rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	if (strcmp(staff, "grid_worker") == 0) {
		uid = k.grid_worker_id;
		name = k.grid_worker_name;
		phone = k.grid_worker_phone;
	} else {
		uid = k.doctor_id;
		name = k.doctor_name;
		phone = k.doctor_phone;
	}
	if (uid == 0)
		return fault_set(&r->fault, ERR_INVALID, "staff", "该重点人员尚未指定这名责任人",
				 "nobody is assigned to this key person in that role");
	/* the audit row is written before the number leaves the server */
	if ((rc = api_audit(r, "reveal", "key_person_staff", k.id, k.area_code,
			    arena_printf(r->arena, "%s #%lld: %s", staff, (long long)uid, reason))))
		return rc;
	return resp_json(rs, 200,
			 json_pack("{s:I, s:s, s:I, s:s, s:s}", "key_person_id", (json_int_t)k.id,
				   "staff", staff, "user_id", (json_int_t)uid, "name", name ? name : "",
				   "phone", phone ? phone : ""));
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

/* Symptoms from a JSON array into a comma list and a bit mask. */
static int
read_symptoms(struct req *r, json_t *arr, char **ret, unsigned *ret_mask)
{
	struct buf b = {0};
	unsigned mask = 0;
	size_t i;
	json_t *v;
	int s;

	if (arr != NULL && !json_is_null(arr) && !json_is_array(arr))
		return fault_set(&r->fault, ERR_INVALID, "symptoms", "symptoms 应为症状列表",
				 "symptoms must be a list");
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || (s = symptom_parse(json_string_value(v))) < 0) {
			buf_free(&b);
			return fault_setf(&r->fault, ERR_INVALID, "symptoms",
					  "不认识的症状 %s（发热、咳嗽、咽痛、乏力、气促、腹泻、味觉嗅觉减退、其他）",
					  "unknown symptom %s (fever, cough, sore_throat, fatigue, shortness_of_breath, diarrhoea, loss_of_taste_smell, other)",
					  json_is_string(v) ? json_string_value(v) : "(not text)");
		}
		mask |= 1u << s;
	}
	for (s = 0; s < SYM__MAX; s++)
		if (mask & (1u << s)) {
			if (b.len)
				buf_addc(&b, ',');
			buf_adds(&b, symptom_keys[s]);
		}
	*ret = arena_strdup(r->arena, b.p ? b.p : "");
	*ret_mask = mask;
	buf_free(&b);
	return 0;
}

static int
read_temperature(struct req *r, int *ret)
{
	json_t *t = json_object_get(r->json, "temperature");

	if (t == NULL || json_is_null(t))
		return fault_set(&r->fault, ERR_INVALID, "temperature", "请填写体温",
				 "the temperature is required");
	if (!json_is_number(t))
		return fault_set(&r->fault, ERR_INVALID, "temperature", "体温应为数字，如 36.5",
				 "the temperature must be a number such as 36.5");
	return temp_from_celsius(json_number_value(t), ret, &r->fault);
}

/* The symptoms of a mask as a list of their keys, for a timeline event. */
static json_t *
symptom_list(unsigned mask)
{
	json_t *v = json_array();
	int s;

	for (s = 0; s < SYM__MAX; s++)
		if (mask & (1u << s))
			json_array_append_new(v, json_string(symptom_keys[s]));
	return v;
}

static unsigned
key_symptom_mask(void)
{
	unsigned m = 0;
	int s;

	for (s = 0; s < SYM__MAX; s++)
		if (symptom_is_key((enum symptom)s))
			m |= 1u << s;
	return m;
}

int
monitor_record_check(struct req *r, struct key_person *k, struct check *ch, unsigned mask,
			 struct alert *ret_alert)
{
	struct monitor_settings set;
	struct tm tm;
	time_t t;
	char day[11];
	int rc;

	monitor_settings(r->db, r->arena, &set);
	t = (time_t)ch->taken_at;
	localtime_r(&t, &tm);
	clock_local_date(ch->taken_at, day);
	ch->day = arena_strdup(r->arena, day);
	ch->slot = obs_slot_of_hour(tm.tm_hour) == SLOT_AM ? "am" : "pm";
	ch->key_person_id = k->id;
	ch->area_code = k->area_code;
	ch->abnormal = obs_abnormal(ch->temp_tenths, mask, set.fever_tenths);
	if ((rc = db_check_insert(r->db, ch)))
		return rc;
	memset(ret_alert, 0, sizeof(*ret_alert));
	if (ch->abnormal) {
		struct buf b = {0};
		int s;

		buf_addf(&b, "%.1f°C", ch->temp_tenths / 10.0);
		for (s = 0; s < SYM__MAX; s++)
			if ((mask & (1u << s)) && symptom_is_key((enum symptom)s))
				buf_addf(&b, "，%s", symptom_zh[s]);
		ret_alert->key_person_id = k->id;
		ret_alert->check_id = ch->id;
		ret_alert->area_code = k->area_code;
		ret_alert->raised_at = clock_now();
		ret_alert->reason = arena_strdup(r->arena, b.p);
		buf_free(&b);
		if ((rc = db_alert_insert(r->db, ret_alert)))
			return rc;
	}
	/* a late record of an earlier reading does not replace the newest one */
	if ((rc = db_kp_after_check(r->db, k->id,
				    k->last.id == 0 || ch->taken_at >= k->last.taken_at ? ch->id : 0,
				    ch->abnormal ? 1 : 0)) ||
	    (rc = event(r, k->id, "check",
			json_pack("{s:s, s:s, s:f, s:s, s:b, s:o}", "day", ch->day, "slot", ch->slot,
				  "temperature", ch->temp_tenths / 10.0, "method", ch->method, "abnormal",
				  ch->abnormal != 0, "symptoms", symptom_list(mask)))))
		return rc;
	if (ch->abnormal &&
	    (rc = event(r, k->id, "alert",
			json_pack("{s:I, s:f, s:o}", "alert_id", (json_int_t)ret_alert->id,
				  "temperature", ch->temp_tenths / 10.0, "symptoms",
				  symptom_list(mask & key_symptom_mask())))))
		return rc;
	return 0;
}

/* A reading checked on the request's thread, written by check_apply. */
struct check_job {
	struct check ch;
	unsigned mask;
	int64_t kp_id;
};

/* The writer's part: the key person as it is now, the reading, its alert. */
static int
check_apply(struct req *r, struct resp *rs, void *ctx)
{
	struct check_job *job = ctx;
	struct check ch = job->ch;
	struct key_person k;
	struct alert al;
	int rc;
	json_t *j;

	if ((rc = dbc_begin(r->db)) || (rc = db_kp_get(r->db, r->arena, job->kp_id, &k)))
		return rc;
	if (strcmp(k.status, "active") != 0)
		return fault_set(&r->fault, ERR_CONFLICT, "status",
				 "此人已不在观察中（已解除或已转诊），不能再登记体温",
				 "this person is no longer under observation (released or transferred)");
	{
		char day[11];

		clock_local_date(ch.taken_at, day);
		if (strcmp(day, k.start_date) < 0)
			return fault_setf(&r->fault, ERR_INVALID, "taken_at",
					  "测量日期 %s 早于观察开始日 %s",
					  "the reading's day %s is before the observation began on %s",
					  day, k.start_date);
	}
	if ((rc = monitor_record_check(r, &k, &ch, job->mask, &al)) ||
	    (rc = api_audit(r, "create", "health_check", ch.id, k.area_code, k.name)))
		return rc;
	j = check_json(&ch);
	if (al.id) {
		al.name = k.name;
		al.area_name = k.area_name;
		al.status = "open";
		al.hospital = al.transport = al.note = "";
		json_object_set_new(j, "alert", alert_json(&al, clock_now()));
	} else
		json_object_set_new(j, "alert", json_null());
	return api_commit_json(r, rs, 201, j);
}

int
api_check_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"temperature", "symptoms", "symptom_other", "method",
					     "taken_at", NULL};
	struct check_job *job = arena_alloc(r->arena, sizeof(*job));
	struct check *ch = &job->ch;
	int64_t now = clock_now(), taken = 0;
	const char *method, *other;
	int rc;

	(void)rs;
	memset(job, 0, sizeof(*job));
	if ((rc = api_only(r, fields)) || (rc = read_temperature(r, &ch->temp_tenths)) ||
	    (rc = read_symptoms(r, json_object_get(r->json, "symptoms"), &ch->symptoms, &job->mask)) ||
	    (rc = api_str(r, "symptom_other", 100, false, &other)) ||
	    (rc = enum_field(r, "method", methods, true, &method)) ||
	    (rc = api_int(r, "taken_at", false, 0, INT64_MAX, &taken)))
		return rc;
	ch->taken_at = taken ? taken : now;
	if (ch->taken_at > now + 300)
		return fault_set(&r->fault, ERR_INVALID, "taken_at", "测量时间不能在将来",
				 "taken_at cannot be in the future");
	ch->symptom_other = (char *)(other ? other : "");
	ch->method = (char *)method;
	ch->recorded_by = r->user->id;
	ch->recorded_by_name = r->user->display_name && *r->user->display_name
				       ? r->user->display_name
				       : r->user->username;
	job->kp_id = req_param_id(r, 0);
	req_defer(r, check_apply, NULL, job);
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
	const char *code;
	char canon[SELF_CODE_LEN + 1], hash[65];
	struct key_person k;
	struct check ch;
	struct alert al;
	unsigned mask;
	int64_t id, wait;
	bool found;
	int rc;

	memset(&ch, 0, sizeof(ch));
	if ((rc = api_only(r, fields)) || (rc = api_code(r, "code", 40, true, &code)) ||
	    (rc = read_temperature(r, &ch.temp_tenths)) ||
	    (rc = read_symptoms(r, json_object_get(r->json, "symptoms"), &ch.symptoms, &mask)))
		return rc;
	if ((wait = auth_throttle_wait(r->db, "self_report", "", r->ip)) > 0)
		return auth_throttled(r, rs, wait, "自报码错误", "self-report codes");
	found = selfcode_normalise(code, canon) && auth_hash_token(canon, hash) == 0 &&
		db_kp_by_code(r->db, hash, &id) == 0 && db_kp_get(r->db, r->arena, id, &k) == 0 &&
		strcmp(k.status, "active") == 0;
	if (!found) {
		(void)auth_throttle_fail(r->db, "self_report", "", r->ip);
		return fault_set(&r->fault, ERR_NOTFOUND, "code",
				 "自报码不正确或已失效，请核对告知书上的自报码",
				 "the self-report code is wrong or no longer valid: check the code on the notice");
	}
	if ((rc = dbc_begin(r->db)) || (rc = db_kp_get(r->db, r->arena, id, &k)))
		return rc;
	if (strcmp(k.status, "active") != 0) /* released in between: as any wrong code */
		return fault_set(&r->fault, ERR_NOTFOUND, "code",
				 "自报码不正确或已失效，请核对告知书上的自报码",
				 "the self-report code is wrong or no longer valid: check the code on the notice");
	ch.taken_at = clock_now();
	ch.method = "self";
	ch.symptom_other = "";
	r->user = NULL;
	if ((rc = monitor_record_check(r, &k, &ch, mask, &al)) || (rc = dbc_commit(r->db)))
		return rc;
	return resp_json(rs, 201, json_pack("{s:b, s:b}", "ok", 1, "abnormal", ch.abnormal != 0));
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
	struct key_person k;
	char code[SELF_CODE_SIZE], hash[65];
	int rc;

	if ((rc = api_only(r, fields)) || (rc = dbc_begin(r->db)) ||
	    (rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	if (strcmp(k.status, "active") != 0)
		return fault_set(&r->fault, ERR_CONFLICT, "status",
				 "此人已不在观察中，不需要自报码",
				 "this person is no longer under observation: no code is needed");
	monitor_new_code(code, hash);
	if ((rc = db_kp_set_code(r->db, k.id, hash)) ||
	    (rc = event(r, k.id, "self_code", NULL)) ||
	    (rc = api_audit(r, "update", "key_person", k.id, k.area_code, "self_code")))
		return rc;
	/* not idempotent on purpose: a stored answer would keep the code in the database */
	if ((rc = dbc_commit(r->db)))
		return rc;
	return resp_json(rs, 200, json_pack("{s:I, s:s}", "id", (json_int_t)k.id, "self_report_code",
					    code));
}

int
api_kp_release(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	struct key_person k;
	const char *note;
	char today[11];
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "note", 200, false, &note)))
		return rc;
	monitor_today(today);
	if ((rc = dbc_begin(r->db)) || (rc = db_kp_get(r->db, r->arena, req_param_id(r, 0), &k)))
		return rc;
	if (strcmp(k.status, "active") != 0)
		return fault_set(&r->fault, ERR_CONFLICT, "status", "此人已不在观察中",
				 "this person is no longer under observation");
	if (strcmp(today, k.end_date) <= 0)
		return fault_setf(&r->fault, ERR_CONFLICT, "end_date",
				  "观察期至 %s 当天结束，期满后才能解除",
				  "the observation runs to the end of %s: it can be released after that",
				  k.end_date);
	if (k.open_alerts > 0)
		return fault_set(&r->fault, ERR_CONFLICT, "open_alerts", "还有未处理完的预警，不能解除",
				 "an alert is still open: close it before releasing");
	if (k.last.id && k.last.abnormal)
		return fault_set(&r->fault, ERR_CONFLICT, "last_check",
				 "末次体温异常，不能解除：请复测或延长观察",
				 "the last reading was abnormal: measure again or extend the observation");
	k.status = "released";
	k.released_at = clock_now();
	k.release_kind = "doctor";
	if ((rc = db_kp_update(r->db, &k)) ||
	    (rc = event(r, k.id, "released", json_pack("{s:s, s:s?}", "by", "doctor", "note", note))) ||
	    (rc = api_audit(r, "update", "key_person", k.id, k.area_code, "released")) ||
	    (rc = db_kp_get(r->db, r->arena, k.id, &k)))
		return rc;
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
	db_setting_get(r->db, r->arena, "town_name", &town);
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

int
api_monitor_settings_get(struct req *r, struct resp *rs)
{
	struct monitor_settings s;

	monitor_settings(r->db, r->arena, &s);
	return resp_json(rs, 200,
			 json_pack("{s:i, s:i, s:i, s:s}", "fever_tenths", s.fever_tenths, "days_home",
				   s.days_home, "days_centralised", s.days_centralised, "release",
				   s.auto_release ? "auto" : "doctor"));
}

int
api_monitor_settings_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"fever_tenths", "days_home", "days_centralised",
					     "release", NULL};
	static const char *const releases[] = {"auto", "doctor", NULL};
	int64_t fever = 0, dh = 0, dc = 0;
	const char *release;
	int rc;

	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "fever_tenths", false, 360, 390, &fever)) ||
	    (rc = api_int(r, "days_home", false, 1, OBS_DAYS_MAX, &dh)) ||
	    (rc = api_int(r, "days_centralised", false, 1, OBS_DAYS_MAX, &dc)) ||
	    (rc = enum_field(r, "release", releases, false, &release)) || (rc = dbc_begin(r->db)))
		return rc;
	if ((fever && (rc = db_setting_put(r->db, "monitor.fever_tenths",
					   arena_printf(r->arena, "%lld", (long long)fever)))) ||
	    (dh && (rc = db_setting_put(r->db, "monitor.days_home",
					arena_printf(r->arena, "%lld", (long long)dh)))) ||
	    (dc && (rc = db_setting_put(r->db, "monitor.days_centralised",
					arena_printf(r->arena, "%lld", (long long)dc)))) ||
	    (release && (rc = db_setting_put(r->db, "monitor.release", release))) ||
	    (rc = api_audit(r, "update", "setting", 0, "", "monitoring")) || (rc = dbc_commit(r->db)))
		return rc;
	return api_monitor_settings_get(r, rs);
}
