/* test_svc_monitor.c: the monitoring operations called as the command line and the hand-offs
 * call them, without HTTP: a registration, readings (one raising an alert), the alert's loop, a
 * release, and a user of another village refused; each checked against the rows stored. */
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
#include "observation.h"
#include "role.h"
#include "svc_monitor.h"
#include "t.h"

static char path[] = "/tmp/fangyi-test-svcmon-XXXXXX";
static struct db *db;
static struct dbc *c;
static struct arena *a;

/* The town: a village with a grid, its grid worker, doctor and secretary, and a second village
 * with its own secretary; two residents of the grid. */
static struct area town, village, grid, other;
static struct user gridworker, doctor, secretary, stranger;
static struct person zhang, li;

static void
area(struct area *ar, const char *code, const char *name, int level, const char *kind,
     const struct area *parent)
{
	ar->code = (char *)code;
	ar->name = (char *)name;
	ar->level = level;
	ar->kind = (char *)kind;
	ar->parent_id = parent ? parent->id : 0;
	T_EQ_INT(db_area_insert(c, ar), 0);
}

static void
user(struct user *u, const char *name, const char *role, const struct area *ar)
{
	u->username = (char *)name;
	u->display_name = (char *)name;
	u->role = (char *)role;
	u->area_id = ar->id;
	u->area_code = ar->code;
	u->pwhash = "-";
	T_EQ_INT(db_user_insert(c, u), 0);
}

static void
person(struct person *p, const char *name, const char *idnum)
{
	p->name = (char *)name;
	p->id_number = (char *)idnum;
	p->gender = "M";
	p->birth_date = "1990-01-01";
	p->area_id = grid.id;
	p->area_code = grid.code;
	T_EQ_INT(db_person_insert(c, p), 0);
}

static void
seed(void)
{
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(db_setting_put(c, "town_code", "430302100000"), 0);
	area(&town, "430302100000", "鹤岭镇", 2, "town", NULL);
	area(&village, "430302100201", "云龙村", 3, "village", &town);
	area(&grid, "430302100201001", "1组", 4, "grid", &village);
	area(&other, "430302100202", "金桥村", 3, "village", &town);
	user(&gridworker, "wangwg", "grid", &grid);
	user(&doctor, "zhaodoc", "doctor", &village);
	user(&secretary, "liusec", "secretary", &village);
	user(&stranger, "chensec", "secretary", &other);
	person(&zhang, "张三", "430302199001011239");
	person(&li, "李四", "430302198506154564");
	T_EQ_INT(dbc_commit(c), 0);
}

/* The context of a user of role r at area ar, as api_svc makes it from a request. */
static struct svc *
as(struct svc *s, struct fault *f, const struct user *u, enum role r, const char *scope)
{
	memset(f, 0, sizeof(*f));
	memset(s, 0, sizeof(*s));
	s->db = c;
	s->arena = a;
	s->user = u;
	s->perms = role_perms(r);
	s->scope = scope;
	s->ip = "127.0.0.1";
	s->fault = f;
	return s;
}

/* The date n days before today, in the town's day. */
static const char *
days_ago(int n)
{
	char d[11];

	clock_local_date(clock_now() - (int64_t)n * 86400, d);
	return arena_strdup(a, d);
}

/* How many audit rows of action on kind are stored. */
static int
audits(const char *action, const char *kind)
{
	struct audit *v;
	int n, i, hits = 0;
	int64_t total;

	T_EQ_INT(db_audit_list(c, a, action, NULL, NULL, 500, 0, &v, &n, &total), 0);
	for (i = 0; i < n; i++)
		hits += strcmp(v[i].object_kind, kind) == 0;
	return hits;
}

/* The kinds of key person kp's timeline, joined by spaces. */
static const char *
timeline(int64_t kp)
{
	struct kp_event *v;
	char buf[512] = "";
	int n, i;

	T_EQ_INT(db_event_list(c, a, kp, &v, &n), 0);
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? " " : "", v[i].kind);
	return arena_strdup(a, buf);
}

static int64_t kp_id, alert_id, li_kp;
static char code[SELF_CODE_SIZE], li_code[SELF_CODE_SIZE];

static void
test_register(void)
{
	struct svc s;
	struct fault f;
	struct kp_register_in in = {0};
	struct kp_register_out out;
	struct key_person k;
	char end[11];
	int64_t found;

	as(&s, &f, &secretary, ROLE_SECRETARY, "430302100201");
	in.person_id = zhang.id;
	in.reason = "close_contact";
	in.found_by = "sweep";
	in.kind = "home";
	in.from_place = "武汉";
	in.arrived_on = days_ago(20);

	/* the rules between fields first: centralised isolation names its site */
	in.kind = "centralised";
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_register(&s, &in, &out), ERR_INVALID);
	T_EQ_STR(f.field, "site");
	T_EQ_STR(f.zh, "集中隔离须填写隔离点");
	dbc_rollback(c);
	in.kind = "hotel";
	T_EQ_INT(svc_monitor_register_check(&s, &in), ERR_INVALID);
	T_EQ_STR(f.field, "kind");
	in.kind = "home";
	in.arrived_on = days_ago(-2);
	T_EQ_INT(svc_monitor_register_check(&s, &in), ERR_INVALID);
	T_EQ_STR(f.field, "arrived_on");
	T_EQ_STR(f.en, "arrived_on cannot be later than today");
	in.arrived_on = days_ago(20);

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_register(as(&s, &f, &secretary, ROLE_SECRETARY, "430302100201"), &in,
				      &out),
		 0);
	T_EQ_INT(dbc_commit(c), 0);
	kp_id = out.kp.id;
	memcpy(code, out.code, sizeof(code));
	T_ASSERT(kp_id > 0);

	/* as stored: the period from arrival, the grid's worker and the village's doctor */
	T_EQ_INT(db_kp_get(c, a, kp_id, &k), 0);
	T_EQ_INT(k.person_id, zhang.id);
	T_EQ_STR(k.status, "active");
	T_EQ_STR(k.start_date, days_ago(20));
	T_EQ_INT(k.days, 14);
	obs_end_date(k.start_date, 14, end);
	T_EQ_STR(k.end_date, end);
	T_EQ_INT(k.grid_worker_id, gridworker.id);
	T_EQ_INT(k.doctor_id, doctor.id);
	T_EQ_INT(k.created_by, secretary.id);
	T_EQ_STR(timeline(kp_id), "registered assigned assigned");
	T_EQ_INT(audits("create", "key_person"), 1);
	T_EQ_INT(db_kp_active_of_person(c, zhang.id, &found), 0);
	T_EQ_INT(found, kp_id);

	/* the code given once opens the resident's own report; only its hash is kept */
	T_ASSERT(strstr(k.self_code_hash, code) == NULL);
	T_EQ_INT(svc_monitor_code_find(&s, code, &found), 0);
	T_EQ_INT(found, kp_id);
	T_EQ_INT(svc_monitor_code_find(&s, "0000-0000-0000-0000", &found), ERR_NOTFOUND);
	T_EQ_STR(f.field, "code");

	/* a second active record of the same person is a conflict */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_register(&s, &in, &out), ERR_CONFLICT);
	T_EQ_STR(f.field, "person_id");
	dbc_rollback(c);
}

static void
test_checks(void)
{
	struct svc s;
	struct fault f;
	static const char *const cough[] = {"cough", NULL};
	struct check_in in = {.key_person_id = kp_id, .temperature = 36.5, .method = "visit"};
	struct check_out out;
	struct check *v;
	struct key_person k;
	struct alert al;
	int n;
	int64_t total;

	as(&s, &f, &gridworker, ROLE_GRID, "430302100201001");
	/* a reading out of the range of a thermometer is refused before anything is read */
	in.temperature = 50;
	T_EQ_INT(svc_monitor_check_check(&s, &in), ERR_INVALID);
	T_EQ_STR(f.field, "temperature");
	in.temperature = 36.5;

	/* a normal reading */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_check(&s, &in, &out), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(out.check.abnormal, 0);
	T_EQ_INT(out.alert.id, 0);
	T_EQ_INT(out.check.recorded_by, gridworker.id);
	T_EQ_INT(db_kp_get(c, a, kp_id, &k), 0);
	T_EQ_INT(k.last_check_id, out.check.id);
	T_EQ_INT(k.last.temp_tenths, 365);
	T_EQ_INT(k.open_alerts, 0);

	/* a fever with a cough raises an alert */
	in.temperature = 38.2;
	in.symptoms = cough;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_check(&s, &in, &out), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(out.check.abnormal, 1);
	T_ASSERT(out.alert.id > 0);
	alert_id = out.alert.id;
	T_EQ_INT(db_alert_get(c, a, alert_id, &al), 0);
	T_EQ_STR(al.status, "open");
	T_EQ_INT(al.key_person_id, kp_id);
	T_EQ_INT(al.check_id, out.check.id);
	T_EQ_STR(al.reason, "38.2°C，咳嗽");
	T_EQ_INT(db_kp_get(c, a, kp_id, &k), 0);
	T_EQ_INT(k.open_alerts, 1);
	T_EQ_INT(k.last.abnormal, 1);
	T_EQ_STR(k.last.symptoms, "cough");
	T_EQ_INT(db_check_list(c, a, kp_id, 50, 0, &v, &n, &total), 0);
	T_EQ_INT(total, 2);
	T_EQ_INT(audits("create", "health_check"), 2);
	T_EQ_STR(timeline(kp_id), "registered assigned assigned check check alert");
	{
		struct kp_event *e;

		/* the alert's event holds fields, never words */
		T_EQ_INT(db_event_list(c, a, kp_id, &e, &n), 0);
		T_EQ_STR(e[n - 1].detail,
			 arena_printf(a, "{\"alert_id\":%lld,\"symptoms\":[\"cough\"],\"temperature\":38.2}",
				      (long long)alert_id));
	}

	/* with the alert open, no release */
	as(&s, &f, &doctor, ROLE_DOCTOR, "430302100201");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_release(&s, kp_id, NULL, &k), ERR_CONFLICT);
	T_EQ_STR(f.field, "open_alerts");
	dbc_rollback(c);
}

static void
test_alert_loop(void)
{
	struct svc s;
	struct fault f;
	struct alert_refer_in refer = {.id = alert_id, .hospital = "雨湖区人民医院发热门诊",
				       .transport = "120 救护车"};
	struct alert_result_in result = {.id = alert_id, .result = "excluded", .note = "核酸阴性"};
	struct alert al;
	struct key_person k;

	as(&s, &f, &doctor, ROLE_DOCTOR, "430302100201");
	refer.referred_at = clock_now() + 3600;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_alert_refer(&s, &refer, &al), ERR_INVALID);
	T_EQ_STR(f.field, "referred_at");
	dbc_rollback(c);

	refer.referred_at = 0;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_alert_refer(&s, &refer, &al), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_alert_get(c, a, alert_id, &al), 0);
	T_EQ_STR(al.status, "referred");
	T_EQ_STR(al.hospital, "雨湖区人民医院发热门诊");
	T_ASSERT(al.referred_at > 0);

	/* no close before the clinic's result */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_alert_close(&s, alert_id, "已排除", &al), ERR_CONFLICT);
	T_EQ_STR(f.field, "result");
	dbc_rollback(c);

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_alert_result(&s, &result, &al), 0);
	T_EQ_INT(svc_alert_close(&s, alert_id, "已排除，继续居家观察", &al), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_alert_get(c, a, alert_id, &al), 0);
	T_EQ_STR(al.status, "closed");
	T_EQ_STR(al.result, "excluded");
	T_EQ_INT(al.closed_by, doctor.id);
	T_EQ_INT(audits("update", "alert"), 3);
	T_EQ_INT(db_kp_get(c, a, kp_id, &k), 0);
	T_EQ_INT(k.open_alerts, 0);
	T_EQ_STR(k.status, "active"); /* excluded: the observation goes on */

	/* a closed alert is closed */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_alert_close(&s, alert_id, "再次", &al), ERR_CONFLICT);
	T_EQ_STR(f.field, "status");
	dbc_rollback(c);
}

static void
test_release(void)
{
	struct svc s;
	struct fault f;
	struct check_in in = {.key_person_id = kp_id, .temperature = 36.4, .method = "phone"};
	struct check_out out;
	struct key_person k;
	int64_t found;

	/* the last reading was the fever: measure again first */
	as(&s, &f, &doctor, ROLE_DOCTOR, "430302100201");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_release(&s, kp_id, NULL, &k), ERR_CONFLICT);
	T_EQ_STR(f.field, "last_check");
	dbc_rollback(c);

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_check(&s, &in, &out), 0);
	T_EQ_INT(svc_monitor_release(&s, kp_id, "期满，体温正常", &k), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_kp_get(c, a, kp_id, &k), 0);
	T_EQ_STR(k.status, "released");
	T_EQ_STR(k.release_kind, "doctor");
	T_ASSERT(k.released_at > 0);
	T_EQ_INT(db_kp_active_of_person(c, zhang.id, &found), ERR_NOTFOUND);
	T_EQ_INT(audits("update", "key_person"), 1);
	T_EQ_STR(timeline(kp_id), "registered assigned assigned check check alert referred result "
				  "closed check released");

	/* released: no more readings, and the code no longer opens anything */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_check(&s, &in, &out), ERR_CONFLICT);
	T_EQ_STR(f.field, "status");
	dbc_rollback(c);
	T_EQ_INT(svc_monitor_code_find(&s, code, &found), ERR_NOTFOUND);
}

/* A secretary of the other village sees neither the resident nor the record. */
static void
test_scope(void)
{
	struct svc s;
	struct fault f;
	struct kp_register_in in = {.person_id = li.id, .reason = "other", .found_by = "tip",
				    .kind = "home"};
	struct kp_register_out out;
	struct check_in ck = {.temperature = 36.6, .method = "visit"};
	struct check_out co;
	struct key_person k;
	struct check *v;
	int n, before;
	int64_t found, total;

	before = audits("create", "key_person");
	as(&s, &f, &stranger, ROLE_SECRETARY, "430302100202");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_register(&s, &in, &out), ERR_INVALID);
	T_EQ_STR(f.field, "person_id");
	T_EQ_STR(f.zh, "人员不存在或不在您的辖区内");
	dbc_rollback(c);
	T_EQ_INT(db_kp_active_of_person(c, li.id, &found), ERR_NOTFOUND);
	T_EQ_INT(audits("create", "key_person"), before);

	/* registered by their own village, then out of reach of the other one */
	as(&s, &f, &secretary, ROLE_SECRETARY, "430302100201");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_register(&s, &in, &out), 0);
	T_EQ_INT(dbc_commit(c), 0);
	ck.key_person_id = li_kp = out.kp.id;
	memcpy(li_code, out.code, sizeof(li_code));
	as(&s, &f, &stranger, ROLE_SECRETARY, "430302100202");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_check(&s, &ck, &co), ERR_NOTFOUND);
	dbc_rollback(c);
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_self_code(&s, out.kp.id, code), ERR_NOTFOUND);
	dbc_rollback(c);
	T_EQ_INT(db_check_list(c, a, out.kp.id, 50, 0, &v, &n, &total), 0);
	T_EQ_INT(total, 0);
	T_EQ_INT(db_kp_get(c, a, out.kp.id, &k), 0);
	T_EQ_INT(k.last_check_id, 0);
}

/* Who may change what on a record, the town's threshold, and the resident's own reading. */
static void
test_update_and_self_report(void)
{
	struct svc s;
	struct fault f;
	struct kp_update_in up = {.id = li_kp, .doctor_id = 0};
	struct monitor_settings_in put = {.fever_tenths = 380};
	struct monitor_settings set;
	struct check_in in = {.temperature = 37.9, .method = "self"};
	struct check_out out;
	struct key_person k, before;
	struct kp_event *e;
	char end[11];
	int64_t id;
	int n;

	T_EQ_INT(db_kp_get(c, a, li_kp, &before), 0);
	/* a grid worker may not choose the doctor */
	up.doctor_id = doctor.id;
	as(&s, &f, &gridworker, ROLE_GRID, "430302100201001");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_update(&s, &up, &k), ERR_DENIED);
	T_EQ_STR(f.field, "grid_worker_id");
	dbc_rollback(c);
	/* nor a secretary someone of another village */
	up.doctor_id = stranger.id;
	as(&s, &f, &secretary, ROLE_SECRETARY, "430302100201");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_update(&s, &up, &k), ERR_INVALID);
	T_EQ_STR(f.field, "doctor_id");
	dbc_rollback(c);
	/* the doctor extends the period */
	up.doctor_id = 0;
	up.days = 21;
	as(&s, &f, &doctor, ROLE_DOCTOR, "430302100201");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_update(&s, &up, &k), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_kp_get(c, a, li_kp, &k), 0);
	T_EQ_INT(k.days, 21);
	obs_end_date(k.start_date, 21, end);
	T_EQ_STR(k.end_date, end);
	T_EQ_INT(k.doctor_id, before.doctor_id);
	T_EQ_STR(timeline(li_kp), "registered assigned assigned extended");

	/* the town raises its threshold to 38.0 */
	T_EQ_INT(dbc_begin(c), 0);
	put.release = "always";
	T_EQ_INT(svc_monitor_settings_put(as(&s, &f, NULL, ROLE_ADMIN, ""), &put, &set), ERR_INVALID);
	T_EQ_STR(f.field, "release");
	put.release = "doctor";
	T_EQ_INT(svc_monitor_settings_put(&s, &put, &set), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(set.fever_tenths, 380);
	T_EQ_INT(set.auto_release, 0);
	T_EQ_INT(audits("update", "setting"), 1);

	/* 37.9 by the resident's own code: normal now, recorded by nobody */
	T_EQ_INT(svc_monitor_code_find(&s, li_code, &id), 0);
	T_EQ_INT(id, li_kp);
	in.key_person_id = id;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_monitor_self_report(as(&s, &f, &doctor, ROLE_DOCTOR, ""), &in, &out), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(out.check.abnormal, 0);
	T_EQ_INT(out.alert.id, 0);
	T_EQ_INT(db_kp_get(c, a, li_kp, &k), 0);
	T_EQ_INT(k.last_check_id, out.check.id);
	T_EQ_STR(k.last.method, "self");
	T_EQ_INT(k.last.recorded_by, 0);
	T_EQ_INT(db_event_list(c, a, li_kp, &e, &n), 0);
	T_EQ_STR(e[n - 1].kind, "check");
	T_EQ_INT(e[n - 1].user_id, 0);
}

int
main(void)
{
	struct fault f = {0};
	int fd;
	char url[64];

	if (sodium_init() < 0 || (fd = mkstemp(path)) < 0)
		return 1;
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (db_open(url, 1, &db, &f)) {
		fprintf(stderr, "test_svc_monitor: %s\n", f.en);
		return 1;
	}
	c = db_acquire(db);
	a = arena_new();
	seed();
	T_RUN(test_register);
	T_RUN(test_checks);
	T_RUN(test_alert_loop);
	T_RUN(test_release);
	T_RUN(test_scope);
	T_RUN(test_update_and_self_report);
	arena_free(a);
	db_release(c);
	db_close(db);
	unlink(path);
	{
		char side[80];

		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
	return T_DONE();
}
