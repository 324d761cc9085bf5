/* screening_handoff.c: what becomes of a screened person with a fever or from a high-risk
 * area: a key person when they live in the town (added to the registry first when they are not
 * in it), a reading on their record when they are under observation already, else a task for
 * the command post. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "checkpoint.h"
#include "clock.h"
#include "command.h"
#include "idnum.h"
#include "mask.h"
#include "monitor.h"
#include "observation.h"

/* Who gets the task of a passer-through: the post's own choice, the village secretary, the
 * town's admin; 0 when there is nobody. */
static int64_t
handoff_owner(struct req *r, const struct duty_post *p)
{
	char village[13], town[10];
	int64_t id = 0;

	if (p->handoff_user_id)
		return p->handoff_user_id;
	snprintf(village, sizeof(village), "%.12s", p->area_code);
	snprintf(town, sizeof(town), "%.9s", p->area_code);
	if (db_user_find_staff(r->db, "secretary", village, &id) == 0 && id)
		return id;
	if (db_user_find_staff(r->db, "admin", town, &id) == 0 && id)
		return id;
	return 0;
}

/* The screening's temperature as a reading on the record of key person kp, so the timeline
 * shows it and a fever raises the alert a reading at home would.  A late entry of a screening
 * from before the observation began is not a reading of it (check_id stays 0). */
static int
record_reading(struct req *r, const struct screening *s, const struct screened_person *sp,
	       int64_t kp, struct handoff *h)
{
	struct key_person k;
	struct check ch;
	struct alert al;
	int rc;

	if ((rc = db_kp_get(r->db, r->arena, kp, &k)))
		return rc;
	if (strcmp(s->day, k.start_date) < 0)
		return 0;
	memset(&ch, 0, sizeof(ch));
	ch.temp_tenths = sp->temp_tenths;
	ch.taken_at = s->at;
	ch.symptoms = ch.symptom_other = "";
	ch.method = "checkpoint";
	ch.recorded_by = r->user->id;
	ch.recorded_by_name = *r->user->display_name ? r->user->display_name : r->user->username;
	if ((rc = monitor_record_check(r, &k, &ch, 0, &al)) ||
	    (rc = api_audit(r, "create", "health_check", ch.id, k.area_code, k.name)))
		return rc;
	h->check_id = ch.id;
	return 0;
}

/* A resident pe: put under home observation, linked to this screening; or, when under
 * observation already, the reading goes on their record. */
static int
to_key_person(struct req *r, const struct duty_post *post, const struct screening *s,
	      const struct screened_person *sp, const struct person *pe, struct handoff *h)
{
	struct key_person k;
	struct monitor_settings set;
	int64_t existing;
	char end[11], code[SELF_CODE_SIZE];
	int rc;

	h->kind = "key_person";
	h->person_id = pe->id;
	if (db_kp_active_of_person(r->db, pe->id, &existing) == 0) {
		h->key_person_id = existing;
		h->existing = 1;
		if ((rc = record_reading(r, s, sp, existing, h)))
			return rc;
		return db_handoff_insert(r->db, h);
	}
	memset(&k, 0, sizeof(k));
	monitor_settings(r->db, r->arena, &set);
	k.reason = (char *)(sp->high_risk ? "high_risk_area" : "other");
	k.reason_detail = arena_printf(r->arena, "卡口筛查 #%lld（%s）体温 %.1f°C%s", (long long)s->id,
				       post->name, sp->temp_tenths / 10.0,
				       sp->high_risk ? "，来自或途经高风险地区" : "");
	k.from_place = sp->from_place && *sp->from_place ? sp->from_place : sp->via;
	k.arrived_on = sp->high_risk ? s->day : NULL;
	k.transport = (char *)(strcmp(s->kind, "pedestrian") == 0 ? "other"
			       : strcmp(s->vehicle_kind, "bus") == 0 ? "bus"
								     : "car");
	k.transport_no = s->plate && *s->plate ? s->plate : NULL;
	k.found_by = "checkpoint";
	k.kind = "home";
	k.start_date = s->day;
	k.days = set.days_home;
	obs_end_date(k.start_date, k.days, end);
	k.end_date = end;
	if ((rc = monitor_register(r->db, r->arena, &k, pe, r->user->id, r->user->username, code,
				   &r->fault)) ||
	    (rc = api_audit(r, "create", "key_person", k.id, k.area_code, pe->name)))
		return rc;
	h->key_person_id = k.id;
	return db_handoff_insert(r->db, h);
}

/* Someone not in the registry who says they live in the town (lives_in, checked against the
 * town when the screening was read) and gave a name and an ID number: added to the registry
 * where they live, as 常住 (the grid worker checks the household registration later), so the
 * observation has a record to hang on.  Anything less identifies nobody: the command post
 * follows it up as before. */
static bool
can_register(const struct screened_person *sp)
{
	return sp->id_number && sp->name && *sp->name && sp->lives_in;
}

static int
register_newcomer(struct req *r, const struct duty_post *post, const struct screening *s,
		  const struct screened_person *sp, struct person *ret)
{
	struct area a;
	struct idnum id;
	struct person p;
	int rc;

	if ((rc = db_area_get_by_code(r->db, r->arena, sp->lives_in, &a)) ||
	    (rc = idnum_parse(sp->id_number, &id, &r->fault)))
		return rc;
	memset(&p, 0, sizeof(p));
	p.name = sp->name;
	p.id_number = sp->id_number;
	p.phone = sp->phone;
	p.birth_date = arena_strdup(r->arena, id.birth);
	p.gender = (char *)(id.gender == 'M' ? "M" : "F");
	p.area_id = a.id;
	p.area_code = a.code;
	p.area_name = a.name;
	p.residence = "resident";
	p.notes = arena_printf(r->arena, "卡口筛查 #%lld（%s）时登记：自述住在本镇，原不在册",
			       (long long)s->id, post->name);
	if ((rc = db_person_insert(r->db, &p)) ||
	    (rc = api_audit(r, "create", "person", p.id, p.area_code, p.name)))
		return rc;
	return db_person_get(r->db, r->arena, p.id, ret);
}

/* Passing through, or not identified well enough: a task for the command post. */
static int
to_task(struct req *r, const struct duty_post *post, const struct screening *s,
	const struct screened_person *sp, struct handoff *h)
{
	int64_t owner = handoff_owner(r, post);
	const char *temp = arena_printf(r->arena, "%.1f°C", sp->temp_tenths / 10.0);
	char mid[32] = "", mph[32] = "";
	struct task t;
	json_t *j;
	int rc;

	h->kind = "task";
	if (owner == 0)
		return db_handoff_insert(r->db, h); /* nobody to give it to: shown as such */
	if (sp->id_number)
		mask_idnum(sp->id_number, mid);
	if (sp->phone)
		mask_phone(sp->phone, mph);
	j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "title",
		      arena_printf(r->arena, "卡口移交：%s %s %s", post->name,
				   s->plate && *s->plate ? s->plate : "行人",
				   sp->fever ? temp : "来自高风险地区"),
		      "description",
		      arena_printf(r->arena,
				   "筛查记录 #%lld 第 %d 人：%s，身份证 %s，电话 %s，体温 %s，来自 %s，途经 %s，去往 %s。%s",
				   (long long)s->id, sp->seq, sp->name && *sp->name ? sp->name : "未登记姓名",
				   *mid ? mid : "无", *mph ? mph : "无", temp,
				   sp->from_place ? sp->from_place : "", sp->via ? sp->via : "",
				   sp->to_place ? sp->to_place : "",
				   sp->fever ? "体温异常，请联系目的地落实健康监测或送发热门诊。"
					     : "来自或途经高风险地区，途经本镇，请通报目的地。"),
		      "area_code", post->area_code, "owner_id", (json_int_t)owner, "deadline",
		      (json_int_t)(clock_now() + (sp->fever ? 2 : 12) * 3600), "priority",
		      sp->fever ? "urgent" : "high", "source", "checkpoint");
	rc = task_create_json(r, j, "checkpoint", s->id, &t);
	json_decref(j);
	if (rc)
		return rc;
	h->task_id = t.id;
	return db_handoff_insert(r->db, h);
}

/* Where the key person of hand-off h lives, for the answer (sperson_json): a screener
 * outside that area is told only the village. */
static int
home_of(struct req *r, struct handoff *h)
{
	struct area v;
	char *code, village[13];
	int rc;

	if ((rc = db_kp_area_code(r->db, r->arena, h->key_person_id, &code)))
		return rc;
	snprintf(village, sizeof(village), "%.12s", code);
	h->area_code = code;
	if ((rc = db_area_get_by_code(r->db, r->arena, village, &v)) == 0)
		h->village_name = v.name;
	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
screening_hand_off(struct req *r, const struct duty_post *post, const struct screening *s,
		   struct screened_person *sp, struct handoff *h)
{
	struct person pe;
	char town[10];
	int rc;

	h->screening_id = s->id;
	h->screened_person_id = sp->id;
	h->reason = (char *)(sp->fever && sp->high_risk ? "fever+high_risk"
			     : sp->fever		  ? "fever"
							  : "high_risk");
	if (sp->id_number == NULL)
		return to_task(r, post, s, sp, h);
	snprintf(town, sizeof(town), "%.9s", post->area_code);
	rc = db_person_get_by_idnum(r->db, r->arena, sp->id_number, &pe);
	if (rc == 0 && pe.merged_into == 0 && strncmp(pe.area_code, town, strlen(town)) == 0) {
		if ((rc = to_key_person(r, post, s, sp, &pe, h)))
			return rc;
		return home_of(r, h);
	}
	if (rc == ERR_NOTFOUND && can_register(sp)) {
		if ((rc = register_newcomer(r, post, s, sp, &pe)))
			return rc;
		h->registered = 1;
		if ((rc = to_key_person(r, post, s, sp, &pe, h)))
			return rc;
		return home_of(r, h);
	}
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	return to_task(r, post, s, sp, h);
}
