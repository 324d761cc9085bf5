/* svc_task.c: tasks followed to a verified end: open, start, done, verify, reopen; who sees one. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "role.h"
#include "svc_task.h"
#include "text.h"

static const char *const priorities[] = {"low", "normal", "high", "urgent", NULL};
static const char *const sources[] = {"tip", "meeting", "alert", "big_data", "sweep", "manual",
				      "checkpoint", NULL};


/* A text field's limits, in the words the field helpers use, so a task opened by a hand-off is
 * refused as the form would be. */
static int
check_text(struct svc *s, const char *key, const char *v, size_t maxchars, bool required)
{
	if (v == NULL) {
		if (required)
			return fault_setf(s->fault, ERR_INVALID, key, "缺少必填字段 %s",
					  "the field %s is required", key);
		return 0;
	}
	if (required && *text_normalize(s->arena, v) == '\0')
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 不能为空",
				  "the field %s must not be empty", key);
	if (text_utf8_len(v) > maxchars)
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 过长（最多 %zu 个字）",
				  "the field %s is too long (at most %zu characters)", key, maxchars);
	return 0;
}

static int
check_id(struct svc *s, const char *key, int64_t v, bool required)
{
	if (v == 0 && required)
		return fault_setf(s->fault, ERR_INVALID, key, "缺少必填字段 %s",
				  "the field %s is required", key);
	if (v < 0)
		return fault_setf(s->fault, ERR_INVALID, key, "字段 %s 应在 %lld 到 %lld 之间",
				  "the field %s must be between %lld and %lld", key, 1LL,
				  (long long)INT64_MAX);
	return 0;
}

/* An owner must be able to work on the task: active, allowed to read tasks, and over its area. */
static bool
can_own(const struct user *u, const char *area_code)
{
	int role = role_parse(u->role);
	size_t n = (size_t)area_scope_len(u->area_level);

	if (u->disabled || role < 0 || !(role_perms((enum role)role) & PERM_TASK_READ))
		return false;
	if (n > strlen(u->area_code))
		n = strlen(u->area_code);
	return strncmp(area_code, u->area_code, n) == 0;
}

static int
event(struct svc *s, int64_t id, const char *kind, const char *detail)
{
	return db_task_event_add(s->db, id, svc_user_id(s), svc_username(s), kind, detail);
}

int
svc_task_open(struct svc *s, const struct svc_task_in *in, int64_t *ret_id)
{
	struct task t;
	struct area ar;
	struct user owner;
	/* the title is prose as typed anywhere: digits and letters folded, punctuation kept */
	const char *title = in->title ? text_normalize(s->arena, in->title) : NULL;
	int rc;

	if ((rc = check_text(s, "title", title, 100, true)) ||
	    (rc = check_text(s, "description", in->description, 2000, false)) ||
	    (rc = check_text(s, "area_code", in->area_code, 20, true)) ||
	    (rc = check_id(s, "person_id", in->person_id, false)) ||
	    (rc = check_id(s, "owner_id", in->owner_id, true)) ||
	    (rc = check_id(s, "deadline", in->deadline, true)) ||
	    (rc = check_text(s, "priority", in->priority, 10, true)) ||
	    (rc = check_text(s, "source", in->source, 10, true)))
		return rc;
	if (!svc_one_of(in->priority, priorities))
		return fault_set(s->fault, ERR_INVALID, "priority", "优先级应为 low、normal、high 或 urgent",
				 "priority must be low, normal, high or urgent");
	if (!svc_one_of(in->source, sources))
		return fault_set(s->fault, ERR_INVALID, "source",
				 "来源应为 tip、meeting、alert、big_data、sweep、manual 或 checkpoint",
				 "source must be tip, meeting, alert, big_data, sweep, manual or checkpoint");
	if (db_area_get_by_code(s->db, s->arena, in->area_code, &ar) != 0 || !svc_in_scope(s, ar.code))
		return fault_set(s->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if (in->person_id) {
		char *code;

		if (db_person_area_code(s->db, s->arena, in->person_id, &code) != 0 ||
		    !svc_in_scope(s, code))
			return fault_set(s->fault, ERR_INVALID, "person_id", "人员不存在或不在您的辖区内",
					 "no such person in your area");
	}
	if (db_user_get(s->db, s->arena, in->owner_id, &owner) != 0 || !can_own(&owner, ar.code))
		return fault_set(s->fault, ERR_INVALID, "owner_id",
				 "责任人须是在岗用户，且其辖区包含任务所在区域",
				 "the owner must be an active user whose area holds the task's area");
	memset(&t, 0, sizeof(t));
	t.title = (char *)title;
	t.description = (char *)in->description;
	t.area_code = ar.code;
	t.person_id = in->person_id;
	t.owner_id = in->owner_id;
	t.deadline = in->deadline;
	t.priority = (char *)in->priority;
	t.source = (char *)in->source;
	t.source_id = in->source_id;
	/* the command line acts as nobody: a task it opens (a list matched there) is its owner's own */
	t.assigned_by = svc_user_id(s) ? svc_user_id(s) : in->owner_id;
	/* the "created" event keeps fields, never words: the page names the owner as called now */
	if ((rc = db_task_insert(s->db, &t)) ||
	    (rc = event(s, t.id, "created",
			arena_printf(s->arena, "{\"deadline\":%lld,\"owner_id\":%lld}",
				     (long long)t.deadline, (long long)t.owner_id))) ||
	    (rc = svc_audit(s, "create", "task", t.id, t.area_code, t.title)))
		return rc;
	*ret_id = t.id;
	return 0;
}

int
svc_task_create(struct svc *s, const struct svc_task_in *in, struct task *ret)
{
	int64_t id;
	int rc;

	if ((rc = svc_task_open(s, in, &id)))
		return rc;
	return db_task_get(s->db, s->arena, id, ret);
}

bool
svc_task_post_only(const struct svc *s)
{
	return !(s->perms & PERM_PERSON_READ);
}

bool
svc_task_hidden(struct svc *s, const struct task *t)
{
	return svc_task_post_only(s) && t->owner_id != svc_user_id(s) &&
	       !db_task_of_post(s->db, s->arena, t->id, s->scope);
}

int
svc_task_get(struct svc *s, int64_t id, struct task *ret)
{
	struct task t;
	int rc;

	if ((rc = db_task_get(s->db, s->arena, id, &t)))
		return rc;
	/* a task the actor may not see answers as none at all */
	if (svc_task_hidden(s, &t))
		return fault_set(s->fault, ERR_NOTFOUND, "id", "任务不存在或不在您的辖区内",
				 "no such task in your area");
	*ret = t;
	return 0;
}

static int
save(struct svc *s, struct task *t, const char *kind, const char *detail, struct task *ret)
{
	int rc;

	if ((rc = db_task_update(s->db, t)) || (rc = event(s, t->id, kind, detail)) ||
	    (rc = svc_audit(s, "update", "task", t->id, t->area_code, kind)))
		return rc;
	return db_task_get(s->db, s->arena, t->id, ret);
}

static int
owner_only(struct svc *s, const struct task *t)
{
	if (t->owner_id != svc_user_id(s))
		return fault_set(s->fault, ERR_DENIED, "owner", "只有任务责任人可以办理",
				 "only the task's owner can work on it");
	return 0;
}

static int
wrong_state(struct svc *s, const struct task *t)
{
	return fault_setf(s->fault, ERR_CONFLICT, "status", "任务当前状态为 %s，不能这样操作",
			  "the task is %s: that step does not apply", t->status);
}

int
svc_task_start(struct svc *s, const struct svc_task_step *in, struct task *ret)
{
	struct task t;
	int rc;

	if ((rc = svc_task_get(s, in->id, &t)) || (rc = owner_only(s, &t)))
		return rc;
	if (strcmp(t.status, "open") && strcmp(t.status, "reopened"))
		return wrong_state(s, &t);
	t.status = "in_progress";
	return save(s, &t, "started", "", ret);
}

int
svc_task_done(struct svc *s, const struct svc_task_step *in, struct task *ret)
{
	struct task t;
	int rc;

	if ((rc = check_text(s, "result", in->result, 2000, true)) ||
	    (rc = check_text(s, "evidence", in->evidence, 2000, false)) ||
	    (rc = svc_task_get(s, in->id, &t)) || (rc = owner_only(s, &t)))
		return rc;
	if (strcmp(t.status, "open") && strcmp(t.status, "in_progress") && strcmp(t.status, "reopened"))
		return wrong_state(s, &t);
	t.status = "done";
	t.result = (char *)in->result;
	t.evidence = (char *)(in->evidence ? in->evidence : "");
	t.done_at = clock_now();
	return save(s, &t, "done", in->result, ret);
}

int
svc_task_verify(struct svc *s, const struct svc_task_step *in, struct task *ret)
{
	struct task t;
	struct tip tip;
	int rc;

	if ((rc = check_text(s, "note", in->note, 500, false)) ||
	    (rc = svc_task_get(s, in->id, &t)))
		return rc;
	if (strcmp(t.status, "done"))
		return wrong_state(s, &t);
	t.status = "verified";
	t.verified_at = clock_now();
	/* the tip behind the task is handled once the task's end is verified */
	if (db_tip_by_task(s->db, s->arena, t.id, &tip) == 0 && strcmp(tip.status, "handled") != 0) {
		tip.status = "handled";
		tip.handled_at = t.verified_at;
		if (tip.public_result == NULL || *tip.public_result == '\0')
			tip.public_result = "已核实处理 / checked and handled";
		if ((rc = db_tip_update(s->db, &tip)))
			return rc;
	}
	return save(s, &t, "verified", in->note ? in->note : "", ret);
}

int
svc_task_reopen(struct svc *s, const struct svc_task_step *in, struct task *ret)
{
	struct task t;
	int rc;

	if ((rc = check_text(s, "reason", in->reason, 500, true)) ||
	    (rc = svc_task_get(s, in->id, &t)))
		return rc;
	if (strcmp(t.status, "done") && strcmp(t.status, "verified"))
		return wrong_state(s, &t);
	t.status = "reopened";
	t.verified_at = 0;
	return save(s, &t, "reopened", in->reason, ret);
}
