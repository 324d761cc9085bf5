/* test_svc_command.c: the command post's operations called as they are, without HTTP: a task
 * from typed input with its refusals, its life to a verified end, and a screening's hand-offs
 * (a resident of another village to monitoring there, a passer-through to a task), written in
 * the caller's one transaction, on a SQLite file migrated to the newest schema. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "db_monitor.h"
#include "db_registry.h"
#include "err.h"
#include "role.h"
#include "svc_screening.h"
#include "svc_task.h"
#include "svc_tip.h"
#include "t.h"

#define TOWN "430302100000"
#define YUNLONG "430302100201" /* the village of the checkpoint */
#define BAISHI "430302100202"  /* another village of the town */
#define BAISHI1 "430302100202001"

/* a passer-through's ID number: valid, in nobody's registry (a Wuhan code, 1990-03-07) */
#define STRANGER "420102199003071232"

static char dir[] = "/tmp/fangyi-test-svc-XXXXXX";
static struct db *db;
static struct dbc *c;
static struct arena *a;
static struct fault f;
static struct user admin, sec_yl, sec_bs, grid_bs, cp_yl, gone;
static struct person resident; /* lives in 白石村1组 */
static int64_t post_id;

/* The context of user u, as api_svc makes it from a request. */
static struct svc *
as(struct svc *s, const struct user *u)
{
	size_t n = (size_t)area_scope_len(u->area_level);

	memset(s, 0, sizeof(*s));
	memset(&f, 0, sizeof(f));
	s->db = c;
	s->arena = a;
	s->user = u;
	s->perms = role_perms((enum role)role_parse(u->role));
	s->scope = arena_strndup(a, u->area_code, n < strlen(u->area_code) ? n : strlen(u->area_code));
	s->ip = "127.0.0.1";
	s->fault = &f;
	return s;
}

static int64_t
area(const char *code, const char *name, int level, const char *kind, int64_t parent)
{
	struct area ar = {0};

	ar.code = (char *)code;
	ar.name = (char *)name;
	ar.level = level;
	ar.kind = (char *)kind;
	ar.parent_id = parent;
	T_EQ_INT(db_area_insert(c, &ar), 0);
	return ar.id;
}

static void
user(struct user *ret, const char *name, const char *role, int64_t area_id, bool disabled)
{
	struct user u = {0};

	u.username = (char *)name;
	u.display_name = (char *)"";
	u.role = (char *)role;
	u.area_id = area_id;
	u.pwhash = (char *)"x";
	u.phone = (char *)"";
	T_EQ_INT(db_user_insert(c, &u), 0);
	if (disabled)
		T_EQ_INT(db_user_set_disabled(c, u.id, true), 0);
	T_EQ_INT(db_user_get(c, a, u.id, ret), 0);
}

static void
seed(void)
{
	struct area t;
	struct duty_post p = {0};
	int64_t yl, bs, bs1;

	T_EQ_INT(dbc_begin(c), 0);
	t.id = area(TOWN, "鹤岭镇", 2, "town", area("430302000000", "雨湖区", 1, "district", 0));
	T_EQ_INT(db_setting_put(c, "town_code", TOWN), 0);
	yl = area(YUNLONG, "云龙村", 3, "village", t.id);
	bs = area(BAISHI, "白石村", 3, "village", t.id);
	bs1 = area(BAISHI1, "1组", 4, "grid", bs);
	user(&admin, "admin", "admin", t.id, false);
	user(&sec_yl, "sec_yl", "secretary", yl, false);
	user(&sec_bs, "sec_bs", "secretary", bs, false);
	user(&grid_bs, "grid_bs", "grid", bs1, false);
	user(&cp_yl, "cp_yl", "checkpoint", yl, false);
	user(&gone, "gone", "secretary", yl, true);
	resident.name = "甄白石";
	resident.id_number = "430302198805060023";
	resident.phone = "13800138000";
	resident.gender = "F";
	resident.birth_date = "1988-05-06";
	resident.area_id = bs1;
	resident.area_code = BAISHI1;
	resident.residence = "registered";
	resident.tags = "";
	T_EQ_INT(db_person_insert(c, &resident), 0);
	p.name = "云龙村村口卡点";
	p.place = "云龙村村部路口";
	p.area_code = YUNLONG;
	p.kind = "checkpoint";
	p.hours_end = 1440;
	p.province = "湘";
	p.phone = "";
	p.active = 1;
	T_EQ_INT(db_post_insert(c, &p), 0);
	post_id = p.id;
	T_EQ_INT(dbc_commit(c), 0);
}

static struct svc_task_in
task_in(const char *area_code, int64_t owner)
{
	struct svc_task_in in = {0};

	in.title = "核实白石村返乡人员";
	in.description = "请上门核实，登记后回报。";
	in.area_code = area_code;
	in.owner_id = owner;
	in.deadline = clock_now() + 86400;
	in.priority = "high";
	in.source = "manual";
	return in;
}

/* A refusal: the error, the field, a message in each language, and nothing written. */
static void
refused(int rc, int want, const char *field)
{
	T_EQ_INT(rc, want);
	T_EQ_STR(f.field, field);
	T_ASSERT(f.zh[0] != '\0' && f.en[0] != '\0');
	dbc_rollback(c);
}

static void
test_task_create(void)
{
	struct svc s;
	struct svc_task_in in;
	struct task t;
	struct task_event *ev;
	int n;

	/* the command post hands 白石村 a task, owned by its secretary */
	in = task_in(BAISHI, sec_bs.id);
	in.person_id = resident.id;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_task_create(as(&s, &admin), &in, &t), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_ASSERT(t.id > 0);
	T_EQ_STR(t.title, "核实白石村返乡人员");
	T_EQ_STR(t.area_code, BAISHI);
	T_EQ_STR(t.status, "open");
	T_EQ_INT(t.owner_id, sec_bs.id);
	T_EQ_INT(t.assigned_by, admin.id);
	T_EQ_INT(t.person_id, resident.id);
	T_EQ_STR(t.source, "manual");
	T_EQ_INT(db_task_events(c, a, t.id, &ev, &n), 0);
	T_EQ_INT(n, 1);
	if (n == 1) {
		T_EQ_STR(ev[0].kind, "created");
		T_EQ_STR(ev[0].detail, arena_printf(a, "{\"deadline\":%lld,\"owner_id\":%lld}",
						    (long long)in.deadline, (long long)sec_bs.id));
	}

	/* the owner must hold the task's area: 云龙村's secretary does not hold 白石村 */
	in = task_in(BAISHI, sec_yl.id);
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_create(as(&s, &admin), &in, &t), ERR_INVALID, "owner_id");
	/* nor may a disabled user own one, nor a checkpoint (no task.read beyond its own) */
	in = task_in(YUNLONG, gone.id);
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_create(as(&s, &admin), &in, &t), ERR_INVALID, "owner_id");
	/* a secretary opens tasks in their own village only */
	in = task_in(BAISHI, sec_bs.id);
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_create(as(&s, &sec_yl), &in, &t), ERR_INVALID, "area_code");
	/* and names no resident of another village */
	in = task_in(YUNLONG, sec_yl.id);
	in.person_id = resident.id;
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_create(as(&s, &sec_yl), &in, &t), ERR_INVALID, "person_id");
	/* the words of each field */
	in = task_in(YUNLONG, sec_yl.id);
	in.priority = "asap";
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_create(as(&s, &admin), &in, &t), ERR_INVALID, "priority");
	in = task_in(YUNLONG, sec_yl.id);
	in.title = "　 ";
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_create(as(&s, &admin), &in, &t), ERR_INVALID, "title");
	in = task_in(YUNLONG, sec_yl.id);
	in.deadline = 0;
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_create(as(&s, &admin), &in, &t), ERR_INVALID, "deadline");
}

/* A task through its life: started and done by its owner, verified by the command post. */
static void
test_task_life(void)
{
	struct svc s;
	struct svc_task_in in = task_in(BAISHI1, grid_bs.id);
	struct svc_task_step step = {0};
	struct task t, got;

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_task_create(as(&s, &admin), &in, &t), 0);
	T_EQ_INT(dbc_commit(c), 0);
	step.id = t.id;

	/* only the owner works on it */
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_start(as(&s, &sec_bs), &step, &got), ERR_DENIED, "owner");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_task_start(as(&s, &grid_bs), &step, &got), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(got.status, "in_progress");
	/* not verified before it is done */
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_verify(as(&s, &admin), &step, &got), ERR_CONFLICT, "status");
	/* done needs its result */
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_task_done(as(&s, &grid_bs), &step, &got), ERR_INVALID, "result");
	step.result = "已上门核实，已登记。";
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_task_done(as(&s, &grid_bs), &step, &got), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(got.status, "done");
	T_EQ_STR(got.result, "已上门核实，已登记。");
	T_ASSERT(got.done_at > 0);
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_task_verify(as(&s, &admin), &step, &got), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(got.status, "verified");
	T_ASSERT(got.verified_at > 0);
	/* a checkpoint sees no task but its own and its post's hand-offs */
	T_EQ_INT(svc_task_get(as(&s, &cp_yl), t.id, &got), ERR_NOTFOUND);
	T_EQ_STR(f.field, "id");
	T_ASSERT(svc_task_hidden(as(&s, &cp_yl), &t));
	T_ASSERT(!svc_task_hidden(as(&s, &admin), &t));
}

/* A triaged tip opens its task through the same operation, and the task's end closes it. */
static void
test_tip_task(void)
{
	struct svc s, pub;
	struct svc_tip_in in = {0};
	struct svc_task_in ti = task_in(BAISHI, sec_bs.id);
	struct svc_tip_triage_in tr = {0};
	struct svc_task_step step = {0};
	struct tip tip, got;
	struct task t;

	in.kind = "gathering";
	in.village_code = BAISHI;
	in.description = "白石村祠堂有人摆酒席，二十多人";
	in.anonymous = 1;
	in.name = "不该留下的名字";
	/* the public: no user, no scope */
	memset(&pub, 0, sizeof(pub));
	pub.db = c;
	pub.arena = a;
	pub.scope = "";
	pub.ip = "127.0.0.9";
	pub.fault = &f;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_tip_create(&pub, &in, &tip), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT((int)strlen(tip.code), TIP_CODE_LEN);
	T_EQ_STR(tip.status, "received");
	T_EQ_STR(tip.area_code, BAISHI);
	T_ASSERT(tip.reporter_name == NULL || *tip.reporter_name == '\0');
	in.description = "短";
	T_EQ_INT(svc_tip_check(&pub, &in), ERR_INVALID);
	T_EQ_STR(f.field, "description");

	tr.id = tip.id;
	tr.action = "task";
	T_EQ_INT(dbc_begin(c), 0);
	refused(svc_tip_triage(as(&s, &admin), &tr, &got), ERR_INVALID, "task");
	tr.task = &ti;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_tip_triage(as(&s, &admin), &tr, &got), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(got.status, "checking");
	T_ASSERT(got.task_id > 0);
	T_EQ_INT(db_task_get(c, a, got.task_id, &t), 0);
	T_EQ_STR(t.source, "tip");
	T_EQ_INT(t.source_id, tip.id);

	step.id = t.id;
	step.result = "已劝散，改为简办。";
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_task_done(as(&s, &sec_bs), &step, &t), 0);
	T_EQ_INT(svc_task_verify(as(&s, &admin), &step, &t), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_tip_get(c, a, tip.id, &got), 0);
	T_EQ_STR(got.status, "handled");
}

static struct svc_screening_job *
screen(struct svc *s, const struct svc_screened_in *p)
{
	struct svc_screening_in in = {0};
	struct svc_screening_job *job = NULL;

	in.post_id = post_id;
	in.kind = "pedestrian";
	in.persons = p;
	in.n = 1;
	T_EQ_INT(svc_screening_check(s, &in, &job), 0);
	if (job == NULL)
		fprintf(stderr, "  the screening was refused: %s %s\n", f.field, f.en);
	return job;
}

/* At 云龙村's checkpoint: a feverish resident of 白石村 becomes a key person of 白石村, and the
 * screener is told only the village; a feverish passer-through is a task at the post's village
 * for its secretary.  Each with its screening in one transaction: rolled back, neither is left. */
static void
test_screening_handoff(void)
{
	struct svc s;
	struct svc_screened_in p = {0};
	struct svc_screening_job *job;
	struct screening sc;
	struct handoff *hv;
	struct key_person k;
	struct task t;
	int64_t kp = 0, sid, tid;
	int nh;

	/* the checks, before any write, name the person's field */
	p.temperature = 45.0;
	{
		struct svc_screening_in in = {0};
		struct svc_screening_job *bad;

		in.post_id = post_id;
		in.kind = "pedestrian";
		in.persons = &p;
		in.n = 1;
		T_EQ_INT(svc_screening_check(as(&s, &cp_yl), &in, &bad), ERR_INVALID);
		T_EQ_STR(f.field, "persons[0].temperature");
		in.post_id = post_id + 100;
		p.temperature = 36.5;
		T_EQ_INT(svc_screening_check(as(&s, &cp_yl), &in, &bad), ERR_NOTFOUND);
		T_EQ_STR(f.field, "post_id");
	}

	p.temperature = 38.6;
	p.name = resident.name;
	p.id_number = resident.id_number;
	job = screen(as(&s, &cp_yl), &p);
	T_ASSERT(job != NULL);
	if (job == NULL)
		return;
	T_EQ_INT(job->s.abnormal, 1);
	T_EQ_INT(job->s.handoffs, 1);
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_screening_record(&s, job), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(job->pv[0].h.kind, "key_person");
	T_EQ_STR(job->pv[0].h.village_name, "白石村");
	T_ASSERT(svc_screening_elsewhere(&s, &job->pv[0].h));
	T_ASSERT(!svc_screening_elsewhere(as(&s, &admin), &job->pv[0].h));
	T_EQ_INT(db_kp_active_of_person(c, resident.id, &kp), 0);
	T_EQ_INT(job->pv[0].h.key_person_id, kp);
	T_EQ_INT(db_kp_get(c, a, kp, &k), 0);
	T_EQ_STR(k.area_code, BAISHI1);
	T_EQ_STR(k.found_by, "checkpoint");
	T_EQ_INT(k.grid_worker_id, grid_bs.id);

	/* a stranger passing through: a task for 云龙村's secretary, urgent for a fever */
	memset(&p, 0, sizeof(p));
	p.temperature = 38.2;
	p.id_number = STRANGER;
	p.to_place = "长沙";
	job = screen(as(&s, &cp_yl), &p);
	if (job == NULL)
		return;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_screening_record(&s, job), 0);
	sid = job->s.id;
	tid = job->pv[0].h.task_id;
	T_EQ_STR(job->pv[0].h.kind, "task");
	T_ASSERT(tid > 0);
	T_EQ_INT(db_task_get(c, a, tid, &t), 0);
	T_EQ_STR(t.area_code, YUNLONG);
	T_EQ_INT(t.owner_id, sec_yl.id);
	T_EQ_STR(t.source, "checkpoint");
	T_EQ_INT(t.source_id, sid);
	T_EQ_STR(t.priority, "urgent");
	T_ASSERT(strstr(t.description, "4201**********1232") != NULL); /* masked, never whole */
	T_ASSERT(strstr(t.description, STRANGER) == NULL);
	/* the screening's own transaction: rolled back, neither the screening nor its task stays */
	dbc_rollback(c);
	T_EQ_INT(db_screening_get(c, a, sid, &sc), ERR_NOTFOUND);
	T_EQ_INT(db_task_get(c, a, tid, &t), ERR_NOTFOUND);
	T_EQ_INT(db_handoff_of(c, a, sid, &hv, &nh), 0);
	T_EQ_INT(nh, 0);

	/* run again (the writer's second try) it is written whole, and the post's checkpoint user
	 * sees the task it handed off */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_screening_record(as(&s, &cp_yl), job), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_screening_get(c, a, job->s.id, &sc), 0);
	T_EQ_INT(db_handoff_of(c, a, job->s.id, &hv, &nh), 0);
	T_EQ_INT(nh, 1);
	T_EQ_INT(svc_task_get(as(&s, &cp_yl), job->pv[0].h.task_id, &t), 0);
}

int
main(void)
{
	char path[80];

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "sqlite:%s/t.db", dir);
	if (db_open(path, 1, &db, &f)) {
		fprintf(stderr, "test_svc_command: %s\n", f.en);
		return 1;
	}
	c = db_acquire(db);
	a = arena_new();
	T_RUN(seed);
	T_RUN(test_task_create);
	T_RUN(test_task_life);
	T_RUN(test_tip_task);
	T_RUN(test_screening_handoff);
	db_release(c);
	db_close(db);
	arena_free(a);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return T_DONE();
}
