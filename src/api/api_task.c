/* api_task.c: tasks with an owner and a deadline, followed to a verified end (闭环). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "command.h"

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
	struct svc s;

	return svc_task_post_only(api_svc((struct req *)r, &s));
}

bool
task_hidden(struct req *r, const struct task *t)
{
	struct svc s;

	return svc_task_hidden(api_svc(r, &s), t);
}

/* The task form's fields (TASKIN) read from object o into in; the operation checks what they
 * say. */
int
task_read_in(struct req *r, json_t *o, struct svc_task_in *in)
{
	static const char *const fields[] = {"title", "description", "area_code", "person_id",
					     "owner_id", "deadline", "priority", "source",
					     "source_id", NULL};
	int rc;

	memset(in, 0, sizeof(*in));
	if ((rc = api_obj_only(r, o, fields)) || (rc = api_obj_str(r, o, "title", 100, true, &in->title)) ||
	    (rc = api_obj_text(r, o, "description", 2000, false, &in->description)) ||
	    (rc = api_obj_str(r, o, "area_code", 20, true, &in->area_code)) ||
	    (rc = api_obj_int(r, o, "person_id", false, 1, INT64_MAX, &in->person_id)) ||
	    (rc = api_obj_int(r, o, "owner_id", true, 1, INT64_MAX, &in->owner_id)) ||
	    (rc = api_obj_int(r, o, "deadline", true, 1, INT64_MAX, &in->deadline)) ||
	    (rc = api_obj_str(r, o, "priority", 10, true, &in->priority)) ||
	    (rc = api_obj_str(r, o, "source", 10, true, &in->source)) ||
	    (rc = api_obj_int(r, o, "source_id", false, 1, INT64_MAX, &in->source_id)))
		return rc;
	return 0;
}

/* One event of a task's history: who by name, and the fields of a "created" or "listed" event
 * (data, null for the text of the other kinds and of the rows stored before fields were kept). */
static json_t *
task_event_json(struct req *r, const struct task_event *e)
{
	json_t *data = NULL, *owner;
	struct user u;

	if ((strcmp(e->kind, "created") == 0 || strcmp(e->kind, "listed") == 0) && e->detail[0] == '{' &&
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
api_task_create(struct req *r, struct resp *rs)
{
	struct svc_task_in in;
	struct svc s;
	struct task t;
	int rc;

	if ((rc = task_read_in(r, r->json, &in)) || (rc = dbc_begin(r->db)) ||
	    (rc = svc_task_create(api_svc(r, &s), &in, &t)))
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
task_get_json(struct req *r, int64_t id, json_t **ret)
{
	struct svc s;
	struct task t;
	struct task_event *ev;
	int n, i, rc;
	json_t *j, *events;

	if ((rc = svc_task_get(api_svc(r, &s), id, &t)) ||
	    (rc = db_task_events(r->db, r->arena, t.id, &ev, &n)))
		return rc;
	j = task_json(&t, clock_now());
	events = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(events, task_event_json(r, &ev[i]));
	json_object_set_new(j, "events", events);
	*ret = j;
	return 0;
}

int
api_task_get(struct req *r, struct resp *rs)
{
	json_t *j;
	int rc;

	if ((rc = task_get_json(r, req_param_id(r, 0), &j)))
		return rc;
	return resp_json(rs, 200, j);
}

/* One step of the task of the path, in its own transaction, answered with the task. */
static int
step(struct req *r, struct resp *rs, struct svc_task_step *in,
     int (*op)(struct svc *, const struct svc_task_step *, struct task *))
{
	struct svc s;
	struct task t;
	int rc;

	in->id = req_param_id(r, 0);
	if ((rc = dbc_begin(r->db)) || (rc = op(api_svc(r, &s), in, &t)))
		return rc;
	return api_commit_json(r, rs, 200, task_json(&t, clock_now()));
}

int
api_task_start(struct req *r, struct resp *rs)
{
	struct svc_task_step in = {0};

	return step(r, rs, &in, svc_task_start);
}

int
api_task_done(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"result", "evidence", NULL};
	struct svc_task_step in = {0};
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_text(r, "result", 2000, true, &in.result)) ||
	    (rc = api_text(r, "evidence", 2000, false, &in.evidence)))
		return rc;
	return step(r, rs, &in, svc_task_done);
}

int
api_task_verify(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"note", NULL};
	struct svc_task_step in = {0};
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "note", 500, false, &in.note)))
		return rc;
	return step(r, rs, &in, svc_task_verify);
}

int
api_task_reopen(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"reason", NULL};
	struct svc_task_step in = {0};
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "reason", 500, true, &in.reason)))
		return rc;
	return step(r, rs, &in, svc_task_reopen);
}
