/* screening_handoff.c: what becomes of a screened person with a fever or from a high-risk
 * area: a key person when they live in the town, else a task for the command post. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "checkpoint.h"
#include "clock.h"
#include "command.h"
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

int
screening_hand_off(struct req *r, const struct duty_post *post, const struct screening *s,
		   struct screened_person *sp, struct handoff *h)
{
	struct person pe;
	char town[10];
	const char *temp = arena_printf(r->arena, "%.1f°C", sp->temp_tenths / 10.0);
	int rc;

	h->screening_id = s->id;
	h->screened_person_id = sp->id;
	h->reason = (char *)(sp->fever && sp->high_risk ? "fever+high_risk"
			     : sp->fever		  ? "fever"
							  : "high_risk");
	snprintf(town, sizeof(town), "%.9s", post->area_code);
	if (sp->id_number && db_person_get_by_idnum(r->db, r->arena, sp->id_number, &pe) == 0 &&
	    pe.merged_into == 0 && strncmp(pe.area_code, town, strlen(town)) == 0) {
		/* a resident of the town: a key person, linked to this screening */
		struct key_person k;
		struct monitor_settings set;
		int64_t existing;
		char end[11], code[12];

		h->kind = "key_person";
		if (db_kp_active_of_person(r->db, pe.id, &existing) == 0) {
			h->key_person_id = existing;
			h->existing = 1;
			return db_handoff_insert(r->db, h);
		}
		memset(&k, 0, sizeof(k));
		monitor_settings(r->db, r->arena, &set);
		k.reason = (char *)(sp->high_risk ? "high_risk_area" : "other");
		k.reason_detail = arena_printf(r->arena, "卡口筛查 #%lld（%s）体温 %s%s",
					       (long long)s->id, post->name, temp,
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
		if ((rc = monitor_register(r->db, r->arena, &k, &pe, r->user->id, r->user->username,
					   code, &r->fault)) ||
		    (rc = api_audit(r, "create", "key_person", k.id, k.area_code, pe.name)))
			return rc;
		h->key_person_id = k.id;
		return db_handoff_insert(r->db, h);
	}
	/* passing through, or not in the registry: the command post follows it up */
	h->kind = "task";
	{
		int64_t owner = handoff_owner(r, post);
		char mid[32] = "", mph[32] = "";
		struct task t;
		json_t *j;

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
	}
	return db_handoff_insert(r->db, h);
}
