/* svc_monitor.c: key persons as operations: register, assign, extend, release, codes, settings. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "db_memo.h"
#include "observation.h"
#include "role.h"
#include "svc_monitor.h"
#include "text.h"

const char *const monitor_reasons[] = {"high_risk_area", "close_contact", "other", NULL};
const char *const monitor_found_bys[] = {"self_report", "checkpoint", "sweep", "big_data", "tip",
					 "other", NULL};
const char *const monitor_kinds[] = {"home", "centralised", NULL};
const char *const monitor_transports[] = {"train", "flight", "car", "bus", "other", NULL};
const char *const monitor_methods[] = {"visit", "phone", "self", NULL};
const char *const monitor_staffs[] = {"grid_worker", "doctor", NULL};
const char *const monitor_releases[] = {"auto", "doctor", NULL};

int
svc_monitor_word(struct svc *s, const char *key, const char *const *set, const char *v)
{
	char list[200] = "";
	int i;

	if (v == NULL)
		return 0;
	for (i = 0; set[i]; i++)
		if (strcmp(v, set[i]) == 0)
			return 0;
	for (i = 0; set[i]; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "",
			 set[i]);
	return fault_setf(s->fault, ERR_INVALID, key, "%s 应为以下之一：%s", "%s must be one of: %s",
			  key, list);
}

/* A required field present and not blank, in the words of the handlers' field helpers. */
static int
required(struct svc *s, const char *key, const char *v)
{
	if (v == NULL)
		return fault_setf(s->fault, ERR_INVALID, key, "缺少必填字段 %s",
				  "the field %s is required", key);
	if (*text_normalize(s->arena, v) == '\0')
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 不能为空",
				  "the field %s must not be empty", key);
	return 0;
}

/* At most max characters. */
static int
length(struct svc *s, const char *key, const char *v, size_t max)
{
	if (v && text_utf8_len(v) > max)
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 过长（最多 %zu 个字）",
				  "the field %s is too long (at most %zu characters)", key, max);
	return 0;
}

/* A date (NULL for none) as YYYY-MM-DD, and, unless it may lie ahead, not after today. */
static int
date(struct svc *s, const char *key, const char *v, bool ahead)
{
	char today[11];
	int y, m, d;

	if (v == NULL)
		return 0;
	if (clock_parse_date(v, &y, &m, &d))
		return fault_setf(s->fault, ERR_INVALID, key, "%s 应为 YYYY-MM-DD 格式的日期",
				  "%s must be a YYYY-MM-DD date", key);
	svc_monitor_today(today);
	if (!ahead && strcmp(v, today) > 0)
		return fault_setf(s->fault, ERR_INVALID, key, "%s 不能晚于今天",
				  "%s cannot be later than today", key);
	return 0;
}

/* An integer of a setting or a period within [lo, hi]; 0 is "not given" to the caller. */
static int
range(struct svc *s, const char *key, int64_t v, int64_t lo, int64_t hi)
{
	if (v != 0 && (v < lo || v > hi))
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 应在 %lld 到 %lld 之间",
				  "the field %s must be between %lld and %lld", key, (long long)lo,
				  (long long)hi);
	return 0;
}

void
svc_monitor_today(char ret[11])
{
	clock_local_date(clock_now(), ret);
}

void
svc_monitor_settings(struct svc *s, struct monitor_settings *set)
{
	char *v;

	set->fever_tenths = FEVER_TENTHS;
	set->days_home = set->days_centralised = OBS_DAYS;
	set->auto_release = true;
	if (db_setting_get_memo(s->db, s->arena, "monitor.fever_tenths", &v) == 0)
		set->fever_tenths = atoi(v);
	if (db_setting_get_memo(s->db, s->arena, "monitor.days_home", &v) == 0)
		set->days_home = atoi(v);
	if (db_setting_get_memo(s->db, s->arena, "monitor.days_centralised", &v) == 0)
		set->days_centralised = atoi(v);
	if (db_setting_get_memo(s->db, s->arena, "monitor.release", &v) == 0)
		set->auto_release = strcmp(v, "doctor") != 0;
}

int
svc_monitor_settings_put(struct svc *s, const struct monitor_settings_in *in,
			 struct monitor_settings *ret)
{
	int rc;

	if ((rc = range(s, "fever_tenths", in->fever_tenths, 360, 390)) ||
	    (rc = range(s, "days_home", in->days_home, 1, OBS_DAYS_MAX)) ||
	    (rc = range(s, "days_centralised", in->days_centralised, 1, OBS_DAYS_MAX)) ||
	    (rc = svc_monitor_word(s, "release", monitor_releases, in->release)) ||
	    (rc = svc_whole_database(s, "settings")))
		return rc;
	if ((in->fever_tenths && (rc = db_setting_put(s->db, "monitor.fever_tenths",
						      arena_printf(s->arena, "%d", in->fever_tenths)))) ||
	    (in->days_home && (rc = db_setting_put(s->db, "monitor.days_home",
						   arena_printf(s->arena, "%d", in->days_home)))) ||
	    (in->days_centralised &&
	     (rc = db_setting_put(s->db, "monitor.days_centralised",
				  arena_printf(s->arena, "%d", in->days_centralised)))) ||
	    (in->release && (rc = db_setting_put(s->db, "monitor.release", in->release))) ||
	    (rc = svc_audit(s, "update", "setting", 0, "", "monitoring")))
		return rc;
	svc_monitor_settings(s, ret);
	return 0;
}

/* The fields of an event: a flat JSON object written by hand, since operations do not hold a
 * JSON library's trees; what the timeline reads back is the same object jansson wrote before. */
static void
field_key(struct buf *b, const char *key)
{
	buf_adds(b, b->len ? "," : "{");
	buf_addf(b, "\"%s\":", key);
}

void
svc_monitor_field_str(struct buf *b, const char *key, const char *v)
{
	const unsigned char *p;

	field_key(b, key);
	if (v == NULL) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	for (p = (const unsigned char *)v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			buf_adds(b, "\\n");
		else if (*p < 0x20)
			buf_addf(b, "\\u%04x", *p);
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

void
svc_monitor_field_int(struct buf *b, const char *key, int64_t v)
{
	field_key(b, key);
	buf_addf(b, "%lld", (long long)v);
}

void
svc_monitor_field_num(struct buf *b, const char *key, double v)
{
	field_key(b, key);
	buf_addf(b, "%.1f", v); /* temperatures, in tenths */
}

void
svc_monitor_field_bool(struct buf *b, const char *key, bool v)
{
	field_key(b, key);
	buf_adds(b, v ? "true" : "false");
}

void
svc_monitor_field_symptoms(struct buf *b, const char *key, unsigned mask)
{
	int sym, n = 0;

	field_key(b, key);
	buf_addc(b, '[');
	for (sym = 0; sym < SYM__MAX; sym++)
		if (mask & (1u << sym))
			buf_addf(b, "%s\"%s\"", n++ ? "," : "", symptom_keys[sym]);
	buf_addc(b, ']');
}

const char *
svc_monitor_fields_end(struct svc *s, struct buf *b)
{
	char *text;

	buf_adds(b, b->len ? "}" : "{}");
	text = arena_strndup(s->arena, b->p, b->len);
	buf_free(b);
	return text;
}

int
svc_monitor_event(struct svc *s, int64_t kp, const char *kind, const char *fields)
{
	/* the fields, never words: a timeline read in English must not show Chinese, nor codes */
	return db_event_add(s->db, kp, svc_user_id(s), svc_username(s), kind,
			    fields ? fields : "{}");
}

int
svc_monitor_sweep(struct svc *s)
{
	struct monitor_settings set;
	struct key_person *v;
	char today[11];
	int n, i, rc;

	svc_monitor_settings(s, &set);
	if (!set.auto_release)
		return 0;
	svc_monitor_today(today);
	if ((rc = db_kp_due_release(s->db, s->arena, today, &v, &n)) || n == 0)
		return rc;
	if ((rc = dbc_begin(s->db)))
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
		if ((rc = db_kp_update(s->db, &k)) ||
		    (rc = db_event_add(s->db, k.id, 0, "system", "released", "{\"by\":\"auto\"}")))
			return rc;
	}
	return dbc_commit(s->db);
}

/* A new code (as printed, into code) and its hash (hex, the only thing stored): BLAKE2b of its
 * 16 symbols, as a session token's. */
static void
new_code(char code[SELF_CODE_SIZE], char hash[65])
{
	unsigned char raw[SELF_CODE_BYTES], h[32];
	char canon[SELF_CODE_LEN + 1];

	randombytes_buf(raw, sizeof(raw));
	selfcode_format(raw, code);
	(void)selfcode_normalise(code, canon);
	crypto_generichash(h, sizeof(h), (const unsigned char *)canon, strlen(canon), NULL, 0);
	sodium_bin2hex(hash, 65, h, sizeof(h));
	sodium_memzero(raw, sizeof(raw));
}

int
svc_monitor_code_find(struct svc *s, const char *code, int64_t *ret_id)
{
	char canon[SELF_CODE_LEN + 1], hash[65];
	unsigned char h[32];
	struct key_person k;
	int64_t id;

	if (code && selfcode_normalise(code, canon)) {
		crypto_generichash(h, sizeof(h), (const unsigned char *)canon, strlen(canon), NULL, 0);
		sodium_bin2hex(hash, sizeof(hash), h, sizeof(h));
		if (db_kp_by_code(s->db, hash, &id) == 0 && db_kp_get(s->db, s->arena, id, &k) == 0 &&
		    strcmp(k.status, "active") == 0) {
			*ret_id = id;
			return 0;
		}
	}
	return fault_set(s->fault, ERR_NOTFOUND, "code", "自报码不正确或已失效，请核对告知书上的自报码",
			 "the self-report code is wrong or no longer valid: check the code on the notice");
}

/* An "assigned" event: role and user id (the timeline names them). */
static int
assigned(struct svc *s, int64_t kp, const char *role, int64_t uid)
{
	struct buf b = {0};

	svc_monitor_field_str(&b, "role", role);
	svc_monitor_field_int(&b, "user_id", uid);
	return svc_monitor_event(s, kp, "assigned", svc_monitor_fields_end(s, &b));
}

int
svc_monitor_enrol(struct svc *s, struct key_person *k, const struct person *p,
		  char code[SELF_CODE_SIZE])
{
	struct buf b = {0};
	int64_t existing;
	char village[13], *hash = arena_alloc(s->arena, 65);
	int rc;

	if (db_kp_active_of_person(s->db, p->id, &existing) == 0)
		return fault_setf(s->fault, ERR_CONFLICT, "person_id",
				  "该人员已在观察中（重点人员 #%lld）",
				  "this person is under observation already (key person #%lld)",
				  (long long)existing);
	k->person_id = p->id;
	k->area_code = p->area_code;
	k->status = "active";
	k->created_by = svc_user_id(s);
	/* the grid worker of the person's grid and the doctor of the village */
	if (strlen(p->area_code) >= 15)
		(void)db_user_find_staff(s->db, "grid", p->area_code, &k->grid_worker_id);
	snprintf(village, sizeof(village), "%.12s", p->area_code);
	(void)db_user_find_staff(s->db, "doctor", village, &k->doctor_id);
	new_code(code, hash);
	k->self_code_hash = hash;
	if ((rc = db_kp_insert(s->db, k)))
		return rc;
	svc_monitor_field_int(&b, "days", k->days);
	svc_monitor_field_str(&b, "end_date", k->end_date);
	svc_monitor_field_str(&b, "from_place", k->from_place);
	svc_monitor_field_str(&b, "kind", k->kind);
	svc_monitor_field_str(&b, "reason", k->reason);
	svc_monitor_field_str(&b, "start_date", k->start_date);
	if ((rc = svc_monitor_event(s, k->id, "registered", svc_monitor_fields_end(s, &b))))
		return rc;
	if (k->grid_worker_id && (rc = assigned(s, k->id, "grid_worker", k->grid_worker_id)))
		return rc;
	if (k->doctor_id && (rc = assigned(s, k->id, "doctor", k->doctor_id)))
		return rc;
	return 0;
}

int
svc_monitor_register_check(struct svc *s, const struct kp_register_in *in)
{
	int rc;

	if ((rc = required(s, "reason", in->reason)) ||
	    (rc = svc_monitor_word(s, "reason", monitor_reasons, in->reason)) ||
	    (rc = length(s, "reason_detail", in->reason_detail, 200)) ||
	    (rc = length(s, "from_place", in->from_place, 60)) ||
	    (rc = date(s, "left_on", in->left_on, false)) ||
	    (rc = date(s, "arrived_on", in->arrived_on, false)) ||
	    (rc = svc_monitor_word(s, "transport", monitor_transports, in->transport)) ||
	    (rc = length(s, "transport_no", in->transport_no, 30)) ||
	    (rc = required(s, "found_by", in->found_by)) ||
	    (rc = svc_monitor_word(s, "found_by", monitor_found_bys, in->found_by)) ||
	    (rc = required(s, "kind", in->kind)) ||
	    (rc = svc_monitor_word(s, "kind", monitor_kinds, in->kind)) ||
	    (rc = length(s, "site", in->site, 100)) ||
	    (rc = date(s, "start_date", in->start_date, true)) ||
	    (rc = range(s, "days", in->days, 1, OBS_DAYS_MAX)))
		return rc;
	if (strcmp(in->reason, "high_risk_area") == 0 && in->arrived_on == NULL)
		return fault_set(s->fault, ERR_INVALID, "arrived_on",
				 "来自高风险地区的人员须填写抵达日期（观察期从抵达日算起）",
				 "someone from a high-risk area needs arrived_on: the period counts from arrival");
	if (in->left_on && in->arrived_on && strcmp(in->left_on, in->arrived_on) > 0)
		return fault_set(s->fault, ERR_INVALID, "left_on", "离开日期不能晚于抵达日期",
				 "left_on cannot be after arrived_on");
	if (strcmp(in->kind, "centralised") == 0 && (in->site == NULL || *in->site == '\0'))
		return fault_set(s->fault, ERR_INVALID, "site", "集中隔离须填写隔离点",
				 "centralised isolation needs the site");
	return 0;
}

int
svc_monitor_register(struct svc *s, const struct kp_register_in *in, struct kp_register_out *out)
{
	struct monitor_settings set;
	struct key_person k;
	struct person p;
	char today[11], end[11];
	int rc;

	if ((rc = svc_monitor_register_check(s, in)))
		return rc;
	if ((in->person_id == 0) == (in->person == NULL))
		return fault_set(s->fault, ERR_INVALID, "person_id",
				 "请指定已登记人员（person_id）或新登记人员（person），二者选一",
				 "give either person_id (a resident) or person (a newcomer)");
	if (in->person)
		p = *in->person;
	else if ((rc = db_person_get(s->db, s->arena, in->person_id, &p)) == ERR_NOTFOUND ||
		 (rc == 0 && (!svc_in_scope(s, p.area_code) || p.merged_into)))
		return fault_set(s->fault, ERR_INVALID, "person_id", "人员不存在或不在您的辖区内",
				 "no such person in your area");
	else if (rc)
		return rc;
	svc_monitor_settings(s, &set);
	svc_monitor_today(today);
	memset(&k, 0, sizeof(k));
	k.reason = (char *)in->reason;
	k.reason_detail = (char *)in->reason_detail;
	k.from_place = (char *)in->from_place;
	k.left_on = (char *)in->left_on;
	k.arrived_on = (char *)in->arrived_on;
	k.transport = (char *)in->transport;
	k.transport_no = (char *)in->transport_no;
	k.found_by = (char *)in->found_by;
	k.kind = (char *)in->kind;
	k.site = (char *)in->site;
	k.start_date = (char *)(in->start_date ? in->start_date : in->arrived_on ? in->arrived_on : today);
	k.days = in->days ? in->days
		 : strcmp(k.kind, "home") == 0 ? set.days_home
					       : set.days_centralised;
	obs_end_date(k.start_date, k.days, end);
	k.end_date = end;
	if ((rc = svc_monitor_enrol(s, &k, &p, out->code)) ||
	    (rc = svc_audit(s, "create", "key_person", k.id, k.area_code, p.name)))
		return rc;
	return db_kp_get(s->db, s->arena, k.id, &out->kp);
}

/* The key person id inside the actor's area: a record elsewhere is not there. */
static int
kp_get(struct svc *s, int64_t id, struct key_person *k)
{
	int rc;

	if ((rc = db_kp_get(s->db, s->arena, id, k)))
		return rc;
	return svc_in_scope(s, k->area_code) ? 0 : ERR_NOTFOUND;
}

/* The user must be enabled, of role, and sit inside the key person's village. */
static int
staff_ok(struct svc *s, int64_t id, const char *role, const char *kp_area, const char *field)
{
	struct user u;

	if (db_user_get(s->db, s->arena, id, &u) != 0 || u.disabled || strcmp(u.role, role) != 0 ||
	    strncmp(u.area_code, kp_area, 12) != 0)
		return fault_setf(s->fault, ERR_INVALID, field,
				  "用户 #%lld 不是本村（社区）在岗的%s",
				  "user #%lld is not an active %s of this village", (long long)id,
				  strcmp(role, "grid") == 0 ? "grid worker" : "doctor");
	return 0;
}

int
svc_monitor_update(struct svc *s, const struct kp_update_in *in, struct key_person *ret)
{
	struct key_person k;
	struct buf b = {0};
	char end[11];
	int rc;

	if ((rc = range(s, "grid_worker_id", in->grid_worker_id, 1, INT64_MAX)) ||
	    (rc = range(s, "doctor_id", in->doctor_id, 1, INT64_MAX)) ||
	    (rc = range(s, "days", in->days, 1, OBS_DAYS_MAX)) ||
	    (rc = svc_monitor_word(s, "kind", monitor_kinds, in->kind)) ||
	    (rc = length(s, "site", in->site, 100)))
		return rc;
	if ((in->grid_worker_id || in->doctor_id) && !(s->perms & PERM_MONITOR_ASSIGN))
		return fault_set(s->fault, ERR_DENIED, "grid_worker_id",
				 "只有书记或指挥部可以调整责任人",
				 "only a secretary or the command post may change who is responsible");
	if ((in->days || in->kind || in->site) && !(s->perms & PERM_MONITOR_CLINICAL))
		return fault_set(s->fault, ERR_DENIED, "days", "只有村医、书记或指挥部可以延长或转换观察",
				 "only a doctor, a secretary or the command post may extend or convert");
	if ((rc = kp_get(s, in->id, &k)))
		return rc;
	if (in->grid_worker_id &&
	    (rc = staff_ok(s, in->grid_worker_id, "grid", k.area_code, "grid_worker_id")))
		return rc;
	if (in->doctor_id && (rc = staff_ok(s, in->doctor_id, "doctor", k.area_code, "doctor_id")))
		return rc;
	if ((in->days || in->kind || in->site) && strcmp(k.status, "active") != 0)
		return fault_set(s->fault, ERR_CONFLICT, "status", "观察已结束，不能再延长或转换",
				 "the observation has ended: it cannot be extended or converted");
	if (in->grid_worker_id && in->grid_worker_id != k.grid_worker_id) {
		k.grid_worker_id = in->grid_worker_id;
		if ((rc = assigned(s, k.id, "grid_worker", in->grid_worker_id)))
			return rc;
	}
	if (in->doctor_id && in->doctor_id != k.doctor_id) {
		k.doctor_id = in->doctor_id;
		if ((rc = assigned(s, k.id, "doctor", in->doctor_id)))
			return rc;
	}
	if (in->days && in->days != k.days) {
		k.days = in->days;
		obs_end_date(k.start_date, k.days, end);
		k.end_date = end;
		svc_monitor_field_int(&b, "days", k.days);
		svc_monitor_field_str(&b, "end_date", k.end_date);
		if ((rc = svc_monitor_event(s, k.id, "extended", svc_monitor_fields_end(s, &b))))
			return rc;
	}
	if (in->kind || in->site) {
		if (in->kind)
			k.kind = (char *)in->kind;
		if (in->site)
			k.site = (char *)in->site;
		if (strcmp(k.kind, "centralised") == 0 && (k.site == NULL || *k.site == '\0'))
			return fault_set(s->fault, ERR_INVALID, "site", "集中隔离须填写隔离点",
					 "centralised isolation needs the site");
		svc_monitor_field_str(&b, "kind", k.kind);
		svc_monitor_field_str(&b, "site", k.site);
		if ((rc = svc_monitor_event(s, k.id, "converted", svc_monitor_fields_end(s, &b))))
			return rc;
	}
	if ((rc = db_kp_update(s->db, &k)) ||
	    (rc = svc_audit(s, "update", "key_person", k.id, k.area_code, "")))
		return rc;
	return db_kp_get(s->db, s->arena, k.id, ret);
}

int
svc_monitor_release(struct svc *s, int64_t id, const char *note, struct key_person *ret)
{
	struct key_person k;
	struct buf b = {0};
	char today[11];
	int rc;

	if ((rc = length(s, "note", note, 200)))
		return rc;
	svc_monitor_today(today);
	if ((rc = kp_get(s, id, &k)))
		return rc;
	if (strcmp(k.status, "active") != 0)
		return fault_set(s->fault, ERR_CONFLICT, "status", "此人已不在观察中",
				 "this person is no longer under observation");
	if (strcmp(today, k.end_date) <= 0)
		return fault_setf(s->fault, ERR_CONFLICT, "end_date",
				  "观察期至 %s 当天结束，期满后才能解除",
				  "the observation runs to the end of %s: it can be released after that",
				  k.end_date);
	if (k.open_alerts > 0)
		return fault_set(s->fault, ERR_CONFLICT, "open_alerts", "还有未处理完的预警，不能解除",
				 "an alert is still open: close it before releasing");
	if (k.last.id && k.last.abnormal)
		return fault_set(s->fault, ERR_CONFLICT, "last_check",
				 "末次体温异常，不能解除：请复测或延长观察",
				 "the last reading was abnormal: measure again or extend the observation");
	k.status = "released";
	k.released_at = clock_now();
	k.release_kind = "doctor";
	svc_monitor_field_str(&b, "by", "doctor");
	svc_monitor_field_str(&b, "note", note);
	if ((rc = db_kp_update(s->db, &k)) ||
	    (rc = svc_monitor_event(s, k.id, "released", svc_monitor_fields_end(s, &b))) ||
	    (rc = svc_audit(s, "update", "key_person", k.id, k.area_code, "released")))
		return rc;
	return db_kp_get(s->db, s->arena, k.id, ret);
}

int
svc_monitor_self_code(struct svc *s, int64_t id, char code[SELF_CODE_SIZE])
{
	struct key_person k;
	char hash[65];
	int rc;

	if ((rc = kp_get(s, id, &k)))
		return rc;
	if (strcmp(k.status, "active") != 0)
		return fault_set(s->fault, ERR_CONFLICT, "status", "此人已不在观察中，不需要自报码",
				 "this person is no longer under observation: no code is needed");
	new_code(code, hash);
	if ((rc = db_kp_set_code(s->db, k.id, hash)) ||
	    (rc = svc_monitor_event(s, k.id, "self_code", NULL)) ||
	    (rc = svc_audit(s, "update", "key_person", k.id, k.area_code, "self_code")))
		return rc;
	return 0;
}

int
svc_monitor_staff_reveal(struct svc *s, const struct kp_reveal_in *in, struct kp_reveal_out *out)
{
	struct key_person k;
	const char *name, *phone;
	int64_t uid;
	int rc;

	if ((rc = required(s, "staff", in->staff)) ||
	    (rc = svc_monitor_word(s, "staff", monitor_staffs, in->staff)) ||
	    (rc = required(s, "reason", in->reason)) || (rc = length(s, "reason", in->reason, 200)))
		return rc;
	if (text_utf8_len(in->reason) < 2)
		return fault_set(s->fault, ERR_INVALID, "reason", "请写明查看原因",
				 "give the reason for revealing");
	if ((rc = kp_get(s, in->id, &k)))
		return rc;
	if (strcmp(in->staff, "grid_worker") == 0) {
		uid = k.grid_worker_id;
		name = k.grid_worker_name;
		phone = k.grid_worker_phone;
	} else {
		uid = k.doctor_id;
		name = k.doctor_name;
		phone = k.doctor_phone;
	}
	if (uid == 0)
		return fault_set(s->fault, ERR_INVALID, "staff", "该重点人员尚未指定这名责任人",
				 "nobody is assigned to this key person in that role");
	/* the audit row is written before the number leaves the server */
	if ((rc = svc_audit(s, "reveal", "key_person_staff", k.id, k.area_code,
			    arena_printf(s->arena, "%s #%lld: %s", in->staff, (long long)uid,
					 in->reason))))
		return rc;
	out->key_person_id = k.id;
	out->user_id = uid;
	out->staff = in->staff;
	out->name = name ? name : "";
	out->phone = phone ? phone : "";
	return 0;
}
