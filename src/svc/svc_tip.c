/* svc_tip.c: tip-offs from the public: recorded with a tracking code, then triaged. */
#include <sodium.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "phone.h"
#include "svc_tip.h"
#include "text.h"

static const char *const kinds[] = {"returnee", "gathering", "fever", "price_gouging", "other", NULL};
static const char *const actions[] = {"checking", "duplicate", "not_credible", "task", "handled",
				      NULL};


/* The tip of in as it will be stored, without its code: the reporter's details dropped when
 * anonymous, the area the village or else the town. */
static int
fill(struct svc *s, const struct svc_tip_in *in, struct tip *t)
{
	memset(t, 0, sizeof(*t));
	if (!svc_one_of(in->kind, kinds))
		return fault_set(s->fault, ERR_INVALID, "kind",
				 "举报类型应为 returnee、gathering、fever、price_gouging 或 other",
				 "kind must be returnee, gathering, fever, price_gouging or other");
	if (in->description == NULL || text_utf8_len(text_normalize(s->arena, in->description)) < 5)
		return fault_set(s->fault, ERR_INVALID, "description", "请把情况说清楚（至少 5 个字）",
				 "describe what you saw (at least 5 characters)");
	if (in->anonymous != 1) {
		char ph[12];
		int rc;

		if (in->phone && *in->phone) {
			if ((rc = phone_parse(in->phone, ph, s->fault)))
				return rc;
			t->reporter_phone = arena_strdup(s->arena, ph);
		}
		t->reporter_name = (char *)(in->name && *in->name ? in->name : NULL);
	}
	t->anonymous = in->anonymous == 1;
	if (in->village_code && *in->village_code) {
		struct area ar;

		if (db_area_get_by_code(s->db, s->arena, in->village_code, &ar) != 0 || ar.level != 3)
			return fault_set(s->fault, ERR_INVALID, "village_code", "没有这个村（社区）",
					 "no such village or community");
		t->area_code = ar.code;
	} else if (db_setting_get(s->db, s->arena, "town_code", &t->area_code) != 0) {
		return fault_set(s->fault, ERR_INVALID, "village_code", "请选择村（社区）",
				 "choose the village or community");
	} else {
		/* a tip naming no village goes to the town's command post, or to the district's
		 * when the database holds several towns: no town would see another's */
		struct svc all = *s;
		struct area *tv;
		int n;

		all.scope = "";
		if (svc_towns(&all, &tv, &n, NULL) == 0 && n > 1)
			t->area_code = arena_printf(s->arena, "%.6s000000", t->area_code);
	}
	t->kind = (char *)in->kind;
	t->address = (char *)in->address;
	t->happened = (char *)in->happened;
	t->description = (char *)in->description;
	return 0;
}

int
svc_tip_check(struct svc *s, const struct svc_tip_in *in)
{
	struct tip t;

	return fill(s, in, &t);
}

int
svc_tip_create(struct svc *s, const struct svc_tip_in *in, struct tip *ret)
{
	/* no 0, 1, I or O: read back from paper and typed by a reporter, they are mistaken */
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char raw[TIP_CODE_LEN];
	char *code = arena_alloc(s->arena, TIP_CODE_LEN + 1);
	struct tip t;
	int i, rc;

	if ((rc = fill(s, in, &t)))
		return rc;
	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < TIP_CODE_LEN; i++)
		code[i] = alphabet[raw[i] % 32];
	code[TIP_CODE_LEN] = '\0';
	t.code = code;
	if ((rc = db_tip_insert(s->db, &t)))
		return rc;
	return db_tip_get(s->db, s->arena, t.id, ret);
}

int
svc_tip_triage(struct svc *s, const struct svc_tip_triage_in *in, struct tip *ret)
{
	const char *action = in->action;
	struct tip t;
	int rc;

	if (!svc_one_of(action, actions))
		return fault_set(s->fault, ERR_INVALID, "action",
				 "action 应为 checking、duplicate、not_credible、task 或 handled",
				 "action must be checking, duplicate, not_credible, task or handled");
	if ((rc = db_tip_get(s->db, s->arena, in->id, &t)))
		return rc;
	if (!svc_in_scope(s, t.area_code))
		return ERR_NOTFOUND; /* the router's answer for a tip elsewhere */
	if (strcmp(t.status, "handled") == 0 && strcmp(action, "handled") != 0)
		return fault_set(s->fault, ERR_CONFLICT, "status", "该举报已处理完毕",
				 "this tip is handled already");
	if (in->public_result)
		t.public_result = (char *)in->public_result;
	if (strcmp(action, "checking") == 0) {
		t.status = "checking";
	} else if (strcmp(action, "duplicate") == 0) {
		struct tip other;
		int64_t dup = in->duplicate_of;
		char *code;

		if (dup == 0 || dup == t.id || db_tip_area_code(s->db, s->arena, dup, &code) != 0 ||
		    !svc_in_scope(s, code) || db_tip_get(s->db, s->arena, dup, &other) != 0)
			return fault_set(s->fault, ERR_INVALID, "duplicate_of",
					 "请指定本辖区内另一条举报", "name another tip of your area");
		t.duplicate_of = dup;
		t.triage = "duplicate";
		t.status = "handled";
		t.handled_at = clock_now();
	} else if (strcmp(action, "not_credible") == 0) {
		t.triage = "not_credible";
		t.status = "handled";
		t.handled_at = clock_now();
	} else if (strcmp(action, "task") == 0) {
		struct svc_task_in ti;
		struct task task;

		if (in->task == NULL)
			return fault_set(s->fault, ERR_INVALID, "task", "请填写要派发的任务",
					 "give the task to hand out");
		ti = *in->task;
		ti.source = "tip";
		ti.source_id = t.id;
		if ((rc = svc_task_create(s, &ti, &task)))
			return rc;
		t.task_id = task.id;
		t.triage = "task";
		t.status = "checking";
	} else {
		t.triage = t.triage && strcmp(t.triage, "task") == 0 ? t.triage : "handled";
		t.status = "handled";
		t.handled_at = clock_now();
	}
	if ((rc = db_tip_update(s->db, &t)) ||
	    (rc = svc_audit(s, "update", "tip", t.id, t.area_code, action)))
		return rc;
	return db_tip_get(s->db, s->arena, t.id, ret);
}
