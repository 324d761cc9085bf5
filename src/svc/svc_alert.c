/* svc_alert.c: readings and the alerts they raise: checks, the resident's own report, and each
 * alert's closed loop (referral, result, close). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "observation.h"
#include "svc_monitor.h"
#include "text.h"

/* Symptoms, as keys or Chinese words, to their bits and their comma list of keys. */
static int
symptoms(struct svc *s, const char *const *list, char **ret, unsigned *ret_mask)
{
	struct buf b = {0};
	unsigned mask = 0;
	int sym, i;

	for (i = 0; list && list[i]; i++) {
		if ((sym = symptom_parse(list[i])) < 0)
			return fault_setf(s->fault, ERR_INVALID, "symptoms",
					  "不认识的症状 %s（发热、咳嗽、咽痛、乏力、气促、腹泻、味觉嗅觉减退、其他）",
					  "unknown symptom %s (fever, cough, sore_throat, fatigue, shortness_of_breath, diarrhoea, loss_of_taste_smell, other)",
					  list[i]);
		mask |= 1u << sym;
	}
	for (sym = 0; sym < SYM__MAX; sym++)
		if (mask & (1u << sym)) {
			if (b.len)
				buf_addc(&b, ',');
			buf_adds(&b, symptom_keys[sym]);
		}
	if (ret)
		*ret = arena_strdup(s->arena, b.p ? b.p : "");
	if (ret_mask)
		*ret_mask = mask;
	buf_free(&b);
	return 0;
}

int
svc_monitor_check_check(struct svc *s, const struct check_in *in)
{
	int tenths, rc;

	if ((rc = temp_from_celsius(in->temperature, &tenths, s->fault)) ||
	    (rc = symptoms(s, in->symptoms, NULL, NULL)))
		return rc;
	if (in->symptom_other && text_utf8_len(in->symptom_other) > 100)
		return fault_set(s->fault, ERR_INVALID, "symptom_other",
				 "字段 symptom_other 过长（最多 100 个字）",
				 "the field symptom_other is too long (at most 100 characters)");
	if (in->method == NULL)
		return fault_set(s->fault, ERR_INVALID, "method", "缺少必填字段 method",
				 "the field method is required");
	if ((rc = svc_monitor_word(s, "method", monitor_methods, in->method)))
		return rc;
	if (in->taken_at < 0)
		return fault_setf(s->fault, ERR_INVALID, "taken_at", "字段 %s 应在 %lld 到 %lld 之间",
				  "the field %s must be between %lld and %lld", "taken_at", 0LL,
				  (long long)INT64_MAX);
	if (in->taken_at > clock_now() + 300)
		return fault_set(s->fault, ERR_INVALID, "taken_at", "测量时间不能在将来",
				 "taken_at cannot be in the future");
	return 0;
}

/* The symptoms that raise an alert on their own, as bits. */
static unsigned
key_symptom_mask(void)
{
	unsigned m = 0;
	int sym;

	for (sym = 0; sym < SYM__MAX; sym++)
		if (symptom_is_key((enum symptom)sym))
			m |= 1u << sym;
	return m;
}

int
svc_monitor_record(struct svc *s, struct key_person *k, struct check *ch, unsigned mask,
		   struct alert *ret_alert)
{
	struct monitor_settings set;
	struct buf b = {0};
	struct tm tm;
	time_t t;
	char day[11];
	int rc;

	svc_monitor_settings(s, &set);
	t = (time_t)ch->taken_at;
	localtime_r(&t, &tm);
	clock_local_date(ch->taken_at, day);
	ch->day = arena_strdup(s->arena, day);
	ch->slot = obs_slot_of_hour(tm.tm_hour) == SLOT_AM ? "am" : "pm";
	ch->key_person_id = k->id;
	ch->area_code = k->area_code;
	ch->abnormal = obs_abnormal(ch->temp_tenths, mask, set.fever_tenths);
	if ((rc = db_check_insert(s->db, ch)))
		return rc;
	memset(ret_alert, 0, sizeof(*ret_alert));
	if (ch->abnormal) {
		int sym;

		buf_addf(&b, "%.1f°C", ch->temp_tenths / 10.0);
		for (sym = 0; sym < SYM__MAX; sym++)
			if ((mask & (1u << sym)) && symptom_is_key((enum symptom)sym))
				buf_addf(&b, "，%s", symptom_zh[sym]);
		ret_alert->key_person_id = k->id;
		ret_alert->check_id = ch->id;
		ret_alert->area_code = k->area_code;
		ret_alert->raised_at = clock_now();
		ret_alert->reason = arena_strdup(s->arena, b.p);
		buf_free(&b);
		if ((rc = db_alert_insert(s->db, ret_alert)))
			return rc;
	}
	/* a late record of an earlier reading does not replace the newest one */
	if ((rc = db_kp_after_check(s->db, k->id,
				    k->last.id == 0 || ch->taken_at >= k->last.taken_at ? ch->id : 0,
				    ch->abnormal ? 1 : 0)))
		return rc;
	svc_monitor_field_bool(&b, "abnormal", ch->abnormal != 0);
	svc_monitor_field_str(&b, "day", ch->day);
	svc_monitor_field_str(&b, "method", ch->method);
	svc_monitor_field_str(&b, "slot", ch->slot);
	svc_monitor_field_symptoms(&b, "symptoms", mask);
	svc_monitor_field_num(&b, "temperature", ch->temp_tenths / 10.0);
	if ((rc = svc_monitor_event(s, k->id, "check", svc_monitor_fields_end(s, &b))))
		return rc;
	if (ch->abnormal) {
		svc_monitor_field_int(&b, "alert_id", ret_alert->id);
		svc_monitor_field_symptoms(&b, "symptoms", mask & key_symptom_mask());
		svc_monitor_field_num(&b, "temperature", ch->temp_tenths / 10.0);
		if ((rc = svc_monitor_event(s, k->id, "alert", svc_monitor_fields_end(s, &b))))
			return rc;
	}
	return 0;
}

/* The alert just raised, as a list would give it. */
static void
fresh_alert(struct alert *al, const struct key_person *k)
{
	if (al->id == 0)
		return;
	al->name = k->name;
	al->area_name = k->area_name;
	al->village_name = k->village_name;
	al->status = "open";
	al->hospital = al->transport = al->note = "";
}

int
svc_monitor_check(struct svc *s, const struct check_in *in, struct check_out *out)
{
	struct check *ch = &out->check;
	struct key_person k;
	unsigned mask;
	char day[11];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = svc_monitor_check_check(s, in)))
		return rc;
	if ((rc = db_kp_get(s->db, s->arena, in->key_person_id, &k)))
		return rc;
	if (!svc_in_scope(s, k.area_code))
		return ERR_NOTFOUND;
	if (strcmp(k.status, "active") != 0)
		return fault_set(s->fault, ERR_CONFLICT, "status",
				 "此人已不在观察中（已解除或已转诊），不能再登记体温",
				 "this person is no longer under observation (released or transferred)");
	ch->taken_at = in->taken_at ? in->taken_at : clock_now();
	clock_local_date(ch->taken_at, day);
	if (strcmp(day, k.start_date) < 0)
		return fault_setf(s->fault, ERR_INVALID, "taken_at", "测量日期 %s 早于观察开始日 %s",
				  "the reading's day %s is before the observation began on %s", day,
				  k.start_date);
	(void)temp_from_celsius(in->temperature, &ch->temp_tenths, s->fault);
	(void)symptoms(s, in->symptoms, &ch->symptoms, &mask);
	ch->symptom_other = (char *)(in->symptom_other ? in->symptom_other : "");
	ch->method = (char *)in->method;
	if (s->user) {
		ch->recorded_by = s->user->id;
		ch->recorded_by_name = s->user->display_name && *s->user->display_name
					       ? s->user->display_name
					       : s->user->username;
	}
	if ((rc = svc_monitor_record(s, &k, ch, mask, &out->alert)) ||
	    (rc = svc_audit(s, "create", "health_check", ch->id, k.area_code, k.name)))
		return rc;
	fresh_alert(&out->alert, &k);
	return 0;
}

int
svc_monitor_self_report(struct svc *s, const struct check_in *in, struct check_out *out)
{
	struct svc resident = *s;
	struct check *ch = &out->check;
	struct key_person k;
	unsigned mask;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = temp_from_celsius(in->temperature, &ch->temp_tenths, s->fault)) ||
	    (rc = symptoms(s, in->symptoms, &ch->symptoms, &mask)) ||
	    (rc = db_kp_get(s->db, s->arena, in->key_person_id, &k)))
		return rc;
	if (strcmp(k.status, "active") != 0) /* released in between: as any wrong code */
		return fault_set(s->fault, ERR_NOTFOUND, "code",
				 "自报码不正确或已失效，请核对告知书上的自报码",
				 "the self-report code is wrong or no longer valid: check the code on the notice");
	ch->taken_at = clock_now();
	ch->method = "self";
	ch->symptom_other = "";
	resident.user = NULL; /* the resident, whoever else is logged in on the phone */
	if ((rc = svc_monitor_record(&resident, &k, ch, mask, &out->alert)))
		return rc;
	fresh_alert(&out->alert, &k);
	return 0;
}

/* The alert id inside the actor's area and still open, for a step of its loop. */
static int
open_alert(struct svc *s, int64_t id, struct alert *al)
{
	int rc;

	if ((rc = db_alert_get(s->db, s->arena, id, al)))
		return rc;
	if (!svc_in_scope(s, al->area_code))
		return ERR_NOTFOUND;
	if (strcmp(al->status, "closed") == 0)
		return fault_set(s->fault, ERR_CONFLICT, "status", "该预警已闭环",
				 "this alert is closed already");
	return 0;
}

/* The step's change stored and audited, and the alert read back as lists give it. */
static int
finish(struct svc *s, struct alert *al, const char *what, struct alert *ret)
{
	int rc;

	if ((rc = db_alert_update(s->db, al)) ||
	    (rc = svc_audit(s, "update", "alert", al->id, al->area_code, what)))
		return rc;
	return db_alert_get(s->db, s->arena, al->id, ret);
}

/* A required text field of a step, in the words of the handlers' field helpers. */
static int
text_field(struct svc *s, const char *key, const char *v, size_t max, bool need)
{
	if (v == NULL && need)
		return fault_setf(s->fault, ERR_INVALID, key, "缺少必填字段 %s",
				  "the field %s is required", key);
	if (v && need && *text_normalize(s->arena, v) == '\0')
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 不能为空",
				  "the field %s must not be empty", key);
	if (v && text_utf8_len(v) > max)
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 过长（最多 %zu 个字）",
				  "the field %s is too long (at most %zu characters)", key, max);
	return 0;
}

int
svc_alert_refer(struct svc *s, const struct alert_refer_in *in, struct alert *ret)
{
	struct alert al;
	struct buf b = {0};
	int rc;

	if ((rc = text_field(s, "hospital", in->hospital, 100, true)) ||
	    (rc = text_field(s, "transport", in->transport, 60, true)) ||
	    (rc = open_alert(s, in->id, &al)))
		return rc;
	if (in->referred_at < 0)
		return fault_setf(s->fault, ERR_INVALID, "referred_at", "字段 %s 应在 %lld 到 %lld 之间",
				  "the field %s must be between %lld and %lld", "referred_at", 0LL,
				  (long long)INT64_MAX);
	if (in->referred_at > clock_now() + 300)
		return fault_set(s->fault, ERR_INVALID, "referred_at", "转诊时间不能在将来",
				 "referred_at cannot be in the future");
	al.status = "referred";
	al.hospital = (char *)in->hospital;
	al.transport = (char *)in->transport;
	al.referred_at = in->referred_at ? in->referred_at : clock_now();
	svc_monitor_field_int(&b, "alert_id", al.id);
	svc_monitor_field_str(&b, "hospital", in->hospital);
	svc_monitor_field_str(&b, "transport", in->transport);
	if ((rc = svc_monitor_event(s, al.key_person_id, "referred", svc_monitor_fields_end(s, &b))))
		return rc;
	return finish(s, &al, "referred", ret);
}

int
svc_alert_result(struct svc *s, const struct alert_result_in *in, struct alert *ret)
{
	struct alert al;
	struct buf b = {0};
	int rc;

	if ((rc = text_field(s, "result", in->result, 20, true)) ||
	    (rc = text_field(s, "note", in->note, 200, false)))
		return rc;
	if (strcmp(in->result, "excluded") && strcmp(in->result, "suspected") &&
	    strcmp(in->result, "confirmed"))
		return fault_set(s->fault, ERR_INVALID, "result",
				 "结果应为 excluded（排除）、suspected（疑似）或 confirmed（确诊）",
				 "result must be excluded, suspected or confirmed");
	if ((rc = open_alert(s, in->id, &al)))
		return rc;
	al.result = (char *)in->result;
	if (in->note)
		al.note = (char *)in->note;
	svc_monitor_field_int(&b, "alert_id", al.id);
	svc_monitor_field_str(&b, "note", in->note);
	svc_monitor_field_str(&b, "result", in->result);
	if ((rc = svc_monitor_event(s, al.key_person_id, "result", svc_monitor_fields_end(s, &b))))
		return rc;
	if (strcmp(in->result, "excluded") != 0) {
		/* a suspected or confirmed case leaves home observation for the hospital */
		struct key_person k;

		if ((rc = db_kp_get(s->db, s->arena, al.key_person_id, &k)))
			return rc;
		if (strcmp(k.status, "active") == 0) {
			k.status = "transferred";
			svc_monitor_field_str(&b, "result", in->result);
			svc_monitor_field_str(&b, "to", "care");
			if ((rc = db_kp_update(s->db, &k)) ||
			    (rc = svc_monitor_event(s, k.id, "converted", svc_monitor_fields_end(s, &b))))
				return rc;
		}
	}
	return finish(s, &al, in->result, ret);
}

int
svc_alert_close(struct svc *s, int64_t id, const char *note, struct alert *ret)
{
	struct alert al;
	struct buf b = {0};
	int rc;

	if ((rc = text_field(s, "note", note, 200, true)) || (rc = open_alert(s, id, &al)))
		return rc;
	if (al.result == NULL)
		return fault_set(s->fault, ERR_CONFLICT, "result",
				 "请先登记结果（排除、疑似或确诊）再闭环",
				 "record the result (excluded, suspected or confirmed) before closing");
	al.status = "closed";
	al.closed_at = clock_now();
	al.closed_by = svc_user_id(s);
	al.note = (char *)note;
	if ((rc = db_kp_after_check(s->db, al.key_person_id, 0, -1)))
		return rc;
	svc_monitor_field_int(&b, "alert_id", al.id);
	svc_monitor_field_str(&b, "note", note);
	if ((rc = svc_monitor_event(s, al.key_person_id, "closed", svc_monitor_fields_end(s, &b))))
		return rc;
	return finish(s, &al, "closed", ret);
}
