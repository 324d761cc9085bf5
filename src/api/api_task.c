/* api_task.c: tasks with an owner and a deadline, followed to a verified end (闭环). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "command.h"
#include "role.h"

static const char *const priorities[] = {"low", "normal", "high", "urgent", NULL};
static const char *const sources[] = {"tip", "meeting", "alert", "big_data", "sweep", "manual",
				      "checkpoint", NULL};

json_t *
task_json(const struct task *t, int64_t now)
{
	bool overdue = t->deadline < now && strcmp(t->status, "done") != 0 &&
		       strcmp(t->status, "verified") != 0;

	return api_area_labelled(json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s?, s:{s:I, s:s}, s:{s:I, s:s}, s:I, s:s, "
			 "s:s, s:o, s:s, s:s, s:s, s:b, s:I, s:o, s:o}",
			 "id", (json_int_t)t->id, "title", t->title, "description",
			 t->description ? t->description : "", "area_code", t->area_code, "area_name",
			 t->area_name, "person_id", t->person_id ? json_integer(t->person_id) : json_null(),
			 "person_name", t->person_name, "owner", "id", (json_int_t)t->owner_id, "name",
			 t->owner_name ? t->owner_name : "", "assigned_by", "id",
			 (json_int_t)t->assigned_by, "name", t->assigned_by_name ? t->assigned_by_name : "",
			 "deadline", (json_int_t)t->deadline, "priority", t->priority, "source", t->source,
			 "source_id", t->source_id ? json_integer(t->source_id) : json_null(), "status",
			 t->status, "result", t->result ? t->result : "", "evidence",
			 t->evidence ? t->evidence : "", "overdue", overdue, "created_at",
			 (json_int_t)t->created_at, "done_at",
			 t->done_at ? json_integer(t->done_at) : json_null(), "verified_at",
			 t->verified_at ? json_integer(t->verified_at) : json_null()),
				 t->village_name, t->area_name);
}

bool
task_post_only(const struct req *r)
{
	return !(r->perms & PERM_PERSON_READ);
}

bool
task_hidden(struct req *r, const struct task *t)
{
	return task_post_only(r) && t->owner_id != r->user->id &&
	       !db_task_of_post(r->db, r->arena, t->id, r->scope);
}

/* The answer for a task the user may not see: the same as for none at all. */
static int
no_task(struct req *r)
{
	return fault_set(&r->fault, ERR_NOTFOUND, "id", "任务不存在或不在您的辖区内",
			 "no such task in your area");
}

static int
event(struct req *r, int64_t id, const char *kind, const char *detail)
{
	return db_task_event_add(r->db, id, r->user->id, r->user->username, kind, detail);
}

static int
read_taskin(struct req *r, struct task *t)
{
	static const char *const fields[] = {"title", "description", "area_code", "person_id",
					     "owner_id", "deadline", "priority", "source",
					     "source_id", NULL};
	const char *area_code;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "title", 100, true, (const char **)&t->title)) ||
	    (rc = api_text(r, "description", 2000, false, (const char **)&t->description)) ||
	    (rc = api_str(r, "area_code", 20, true, &area_code)) ||
	    (rc = api_int(r, "person_id", false, 1, INT64_MAX, &t->person_id)) ||
	    (rc = api_int(r, "owner_id", true, 1, INT64_MAX, &t->owner_id)) ||
	    (rc = api_int(r, "deadline", true, 1, INT64_MAX, &t->deadline)) ||
	    (rc = api_str(r, "priority", 10, true, (const char **)&t->priority)) ||
	    (rc = api_str(r, "source", 10, true, (const char **)&t->source)) ||
	    (rc = api_int(r, "source_id", false, 1, INT64_MAX, &t->source_id)))
		return rc;
	t->area_code = (char *)area_code;
	return 0;
}

/* The "created" event's fields as JSON text, never words: the page says them in the reader's
 * language, and names the owner (by id here) as they are called now. */
static const char *
created_detail(struct req *r, const struct task *t)
{
	json_t *j = json_pack("{s:I, s:I}", "owner_id", (json_int_t)t->owner_id, "deadline",
			      (json_int_t)t->deadline);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	const char *ret = arena_strdup(r->arena, s ? s : "{}");

	free(s);
	json_decref(j);
	return ret;
}

/* One event of a task's history: who by name, and the fields of a "created" event (data, null
 * for the text of the other kinds and of the rows stored before fields were kept). */
static json_t *
task_event_json(struct req *r, const struct task_event *e)
{
	json_t *data = NULL, *owner;
	struct user u;

	if (strcmp(e->kind, "created") == 0 && e->detail[0] == '{' &&
	    (data = json_loads(e->detail, 0, NULL)) != NULL && !json_is_object(data)) {
		json_decref(data);
		data = NULL;
	}
	if (data && json_is_integer(owner = json_object_get(data, "owner_id")))
		json_object_set_new(data, "owner",
				    json_string(db_user_get(r->db, r->arena,
							    (int64_t)json_integer_value(owner), &u) == 0
							? (*u.display_name ? u.display_name : u.username)
							: ""));
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "at", (json_int_t)e->at, "kind", e->kind,
			 "username", e->username, "by",
			 *e->display_name ? e->display_name : e->username, "detail",
			 data ? "" : e->detail, "data", data ? data : json_null());
}

int
task_create_json(struct req *r, json_t *j, const char *source, int64_t source_id, struct task *ret)
{
	struct task t;
	struct area ar;
	struct user owner;
	int rc;

	memset(&t, 0, sizeof(t));
	{
		/* the field helpers read r->json: point it at the task object for a moment */
		json_t *saved = r->json;

		r->json = j;
		rc = read_taskin(r, &t);
		r->json = saved;
		if (rc)
			return rc;
	}
	if (source) {
		t.source = (char *)source;
		t.source_id = source_id;
	}
	if (!api_one_of(t.priority, priorities))
		return fault_set(&r->fault, ERR_INVALID, "priority", "优先级应为 low、normal、high 或 urgent",
				 "priority must be low, normal, high or urgent");
	if (!api_one_of(t.source, sources))
		return fault_set(&r->fault, ERR_INVALID, "source",
				 "来源应为 tip、meeting、alert、big_data、sweep、manual 或 checkpoint",
				 "source must be tip, meeting, alert, big_data, sweep, manual or checkpoint");
	if (db_area_get_by_code(r->db, r->arena, t.area_code, &ar) != 0 || !api_in_scope(r, ar.code))
		return fault_set(&r->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if (t.person_id) {
		char *code;

		if (db_person_area_code(r->db, r->arena, t.person_id, &code) != 0 || !api_in_scope(r, code))
			return fault_set(&r->fault, ERR_INVALID, "person_id", "人员不存在或不在您的辖区内",
					 "no such person in your area");
	}
	if (db_user_get(r->db, r->arena, t.owner_id, &owner) != 0 || owner.disabled ||
	    strncmp(ar.code, auth_scope(r->arena, &owner), strlen(auth_scope(r->arena, &owner))) != 0 ||
	    !(auth_perms(&owner) & PERM_TASK_READ))
		return fault_set(&r->fault, ERR_INVALID, "owner_id",
				 "责任人须是在岗用户，且其辖区包含任务所在区域",
				 "the owner must be an active user whose area holds the task's area");
	t.assigned_by = r->user->id;
	if ((rc = db_task_insert(r->db, &t)) ||
	    (rc = event(r, t.id, "created", created_detail(r, &t))) ||
	    (rc = api_audit(r, "create", "task", t.id, t.area_code, t.title)))
		return rc;
	return db_task_get(r->db, r->arena, t.id, ret);
}

int
api_task_create(struct req *r, struct resp *rs)
{
	struct task t;
	int rc;

	if ((rc = dbc_begin(r->db)) || (rc = task_create_json(r, r->json, NULL, 0, &t)))
		return rc;
	return api_commit_json(r, rs, 201, task_json(&t, clock_now()));
}

int
api_task_list(struct req *r, struct resp *rs)
{
	struct task *v;
	const char *status = req_query(r, "status"), *mine = req_query(r, "mine"),
		   *overdue = req_query(r, "overdue"), *owner = req_query(r, "owner");
	int64_t owner_id = 0;
	int n, i, rc, limit, offset;
	int64_t total, now = clock_now();
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (status && *status == '\0')
		status = NULL;
	if (status && strcmp(status, "open") && strcmp(status, "in_progress") && strcmp(status, "done") &&
	    strcmp(status, "verified") && strcmp(status, "reopened"))
		return fault_set(&r->fault, ERR_INVALID, "status",
				 "status 应为 open、in_progress、done、verified 或 reopened",
				 "status must be open, in_progress, done, verified or reopened");
	if (owner && *owner) {
		char *end;

		owner_id = strtoll(owner, &end, 10);
		if (*end != '\0' || owner_id < 1)
			return fault_set(&r->fault, ERR_INVALID, "owner", "owner 应为用户编号",
					 "owner must be a user id");
	}
	if (mine && strcmp(mine, "1") == 0)
		owner_id = r->user->id;
	if ((rc = db_task_list(r->db, r->arena, r->scope, r->user->id, task_post_only(r), owner_id,
			       status,
			       overdue && strcmp(overdue, "1") == 0 ? now : 0, limit, offset, &v, &n,
			       &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, task_json(&v[i], now));
	return resp_json(rs, 200, api_list(items, total));
}

int
api_task_get(struct req *r, struct resp *rs)
{
	struct task t;
	struct task_event *ev;
	int n, i, rc;
	json_t *j, *events;

	if ((rc = db_task_get(r->db, r->arena, req_param_id(r, 0), &t)))
		return rc;
	if (task_hidden(r, &t))
		return no_task(r);
	if ((rc = db_task_events(r->db, r->arena, t.id, &ev, &n)))
		return rc;
	j = task_json(&t, clock_now());
	events = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(events, task_event_json(r, &ev[i]));
	json_object_set_new(j, "events", events);
	return resp_json(rs, 200, j);
}

/* Load the task of the path inside a transaction. */
static int
load(struct req *r, struct task *t)
{
	int rc;

	if ((rc = dbc_begin(r->db)) || (rc = db_task_get(r->db, r->arena, req_param_id(r, 0), t)))
		return rc;
	return task_hidden(r, t) ? no_task(r) : 0;
}

static int
save(struct req *r, struct resp *rs, struct task *t, const char *kind, const char *detail)
{
	int rc;

	if ((rc = db_task_update(r->db, t)) || (rc = event(r, t->id, kind, detail)) ||
	    (rc = api_audit(r, "update", "task", t->id, t->area_code, kind)) ||
	    (rc = db_task_get(r->db, r->arena, t->id, t)))
		return rc;
	return api_commit_json(r, rs, 200, task_json(t, clock_now()));
}

static int
owner_only(struct req *r, const struct task *t)
{
	if (t->owner_id != r->user->id)
		return fault_set(&r->fault, ERR_DENIED, "owner", "只有任务责任人可以办理",
				 "only the task's owner can work on it");
	return 0;
}

static int
wrong_state(struct req *r, const struct task *t)
{
	return fault_setf(&r->fault, ERR_CONFLICT, "status", "任务当前状态为 %s，不能这样操作",
			  "the task is %s: that step does not apply", t->status);
}

int
api_task_start(struct req *r, struct resp *rs)
{
	struct task t;
	int rc;

	if ((rc = load(r, &t)) || (rc = owner_only(r, &t)))
		return rc;
	if (strcmp(t.status, "open") && strcmp(t.status, "reopened"))
		return wrong_state(r, &t);
	t.status = "in_progress";
	return save(r, rs, &t, "started", "");
}

int
api_task_done(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"result", "evidence", NULL};
	const char *result, *evidence;
	struct task t;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_text(r, "result", 2000, true, &result)) ||
	    (rc = api_text(r, "evidence", 2000, false, &evidence)) || (rc = load(r, &t)) ||
	    (rc = owner_only(r, &t)))
		return rc;
	if (strcmp(t.status, "open") && strcmp(t.status, "in_progress") && strcmp(t.status, "reopened"))
		return wrong_state(r, &t);
	t.status = "done";
	t.result = (char *)result;
	t.evidence = (char *)(evidence ? evidence : "");
	t.done_at = clock_now();
	return save(r, rs, &t, "done", result);
}

int
api_task_verify(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	const char *note;
	struct task t;
	struct tip tip;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "note", 500, false, &note)) ||
	    (rc = load(r, &t)))
		return rc;
	if (strcmp(t.status, "done"))
		return wrong_state(r, &t);
	t.status = "verified";
	t.verified_at = clock_now();
	/* the tip behind the task is handled once the task's end is verified */
	if (db_tip_by_task(r->db, r->arena, t.id, &tip) == 0 && strcmp(tip.status, "handled") != 0) {
		tip.status = "handled";
		tip.handled_at = t.verified_at;
		if (tip.public_result == NULL || *tip.public_result == '\0')
			tip.public_result = "已核实处理 / checked and handled";
		if ((rc = db_tip_update(r->db, &tip)))
			return rc;
	}
	return save(r, rs, &t, "verified", note ? note : "");
}

int
api_task_reopen(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"reason", NULL};
	const char *reason;
	struct task t;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "reason", 500, true, &reason)) ||
	    (rc = load(r, &t)))
		return rc;
	if (strcmp(t.status, "done") && strcmp(t.status, "verified"))
		return wrong_state(r, &t);
	t.status = "reopened";
	t.verified_at = 0;
	return save(r, rs, &t, "reopened", reason);
}
