/* test_svc_supply.c: the supplies' and sweeps' operations called as the command line calls them,
 * without HTTP, on a new SQLite database: masks given, received into a store, handed out and
 * moved between stores, more than the stock refused; a household visited in a sweep, a fever
 * handed to the village's secretary as a task, a newcomer at the door added to the registry and
 * put under observation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "arena.h"
#include "clock.h"
#include "db.h"
#include "db_monitor.h"
#include "db_supply.h"
#include "db_sweep.h"
#include "db_task.h"
#include "role.h"
#include "svc_supply.h"
#include "svc_sweep.h"
#include "t.h"

static char dir[] = "/tmp/fangyi-test-svc-XXXXXX";
static char path[96];
static struct db *db;
static struct dbc *c;
static struct arena *a;
static struct fault f;
static struct svc s;

/* the town, one village with a grid, its secretary and its grid worker, and a household of two
 * in it */
static int64_t village_id, grid_id, household_id, person_ids[2], secretary_id;
static struct user worker = {.username = "yl-wangge1", .display_name = "网格员小周", .role = "grid",
			     .area_code = "430302100201001", .pwhash = "-"};
/* the command line's context with the grid worker as the actor: a visit's task is assigned by
 * someone (task.assigned_by) */
static struct svc gs;

static void
area(const char *code, const char *name, int level, const char *kind, int64_t parent, int64_t *ret)
{
	struct area ar = {0};

	ar.code = (char *)code;
	ar.name = (char *)name;
	ar.level = level;
	ar.kind = (char *)kind;
	ar.parent_id = parent;
	T_EQ_INT(db_area_insert(c, &ar), 0);
	*ret = ar.id;
}

static void
person(const char *name, const char *relation, int64_t *ret)
{
	struct person p = {0};

	p.name = (char *)name;
	p.household_id = household_id;
	p.relation = (char *)relation;
	p.area_id = grid_id;
	p.area_code = "430302100201001";
	p.residence = "resident";
	p.tags = "";
	T_EQ_INT(db_person_insert(c, &p), 0);
	*ret = p.id;
}

static void
setup(void)
{
	struct area town;
	struct household h = {0};

	T_ASSERT(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
	T_EQ_INT(db_open(path, 1, &db, &f), 0);
	c = db_acquire(db);
	a = arena_new();
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(demo_town_init(c, "430302000000", "雨湖区", "430302100000", "鹤岭镇", &f), 0);
	T_EQ_INT(db_area_get_by_code(c, a, "430302100000", &town), 0);
	area("430302100201", "云龙村", 3, "village", town.id, &village_id);
	area("430302100201001", "1组", 4, "grid", village_id, &grid_id);
	{
		struct user u = {.username = "yl-shuji", .display_name = "云龙村书记",
				 .role = "secretary", .area_id = village_id,
				 .area_code = "430302100201", .pwhash = "-"};

		T_EQ_INT(db_user_insert(c, &u), 0);
		secretary_id = u.id;
	}
	worker.area_id = grid_id;
	T_EQ_INT(db_user_insert(c, &worker), 0);
	h.area_id = grid_id;
	h.area_code = "430302100201001";
	h.address = "云龙村1组12号";
	h.notes = "";
	T_EQ_INT(db_household_insert(c, &h), 0);
	household_id = h.id;
	person("王建国", "户主", &person_ids[0]);
	person("李秀英", "配偶", &person_ids[1]);
	T_EQ_INT(dbc_commit(c), 0);
	/* the command line's context: no user, the town's scope */
	T_EQ_INT(svc_local(&s, c, a, &f), 0);
	T_EQ_STR(s.scope, "430302100");
	gs = s;
	gs.user = &worker;
}

static int64_t
stock(int64_t store, int64_t item)
{
	int64_t q = -1;

	T_EQ_INT(db_stock_get(c, store, item, &q), 0);
	return q;
}

static void
test_supply(void)
{
	struct svc_item_in iin = {.key = "mask", .name = "口罩", .unit = "只"};
	struct svc_store_in town_in = {"镇防疫物资仓库", "430302100000", "town"};
	struct svc_store_in vil_in = {"云龙村物资点", "430302100201", "village"};
	struct svc_donation_line lines[] = {{"mask", 1000}};
	struct svc_donation_in din = {0};
	struct svc_donation_out dout;
	struct svc_store_out town, vil;
	struct svc_move_in mv = {0};
	struct svc_move_out out;
	struct donation d;
	struct donation_line *dl;
	struct item it;
	char today[11], want[32];
	int n = 0;

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_supply_item_create(&s, &iin, &it), 0);
	T_EQ_INT(svc_supply_store_create(&s, &town_in, &town), 0);
	T_EQ_INT(svc_supply_store_create(&s, &vil_in, &vil), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(it.name, "口罩");

	/* a company gives 1000 masks into the town's store */
	clock_local_date(clock_now(), today);
	din.donor_given = true;
	din.donor_name = "湘潭华菱医疗器械有限公司";
	din.donor_kind = "company";
	din.date = today;
	din.store_id = town.store.id;
	din.lines = lines;
	din.nlines = 1;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_supply_donation_receive(&s, &din, &dout), 0);
	T_EQ_INT(dbc_commit(c), 0);
	snprintf(want, sizeof(want), "JZ%.4s%.2s%.2s001", today, today + 5, today + 8);
	T_EQ_STR(dout.receipt_no, want);
	T_EQ_INT(db_donation_get(c, a, dout.id, &d), 0);
	T_EQ_STR(d.donor_name, "湘潭华菱医疗器械有限公司");
	T_EQ_STR(d.store_name, "镇防疫物资仓库");
	T_EQ_INT(db_donation_lines(c, a, dout.id, &dl, &n), 0);
	T_EQ_INT(n, 1);
	T_EQ_INT(n ? dl[0].quantity : 0, 1000);
	T_EQ_INT(stock(town.store.id, it.id), 1000);

	/* 300 handed out to the village's door-to-door teams */
	mv.kind = "issue";
	mv.store_id = town.store.id;
	mv.item = "mask";
	mv.quantity = 300;
	mv.to_area_code = "430302100201";
	mv.purpose = "入户排查人员防护";
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_supply_move(&s, &mv, &out), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(out.entry.kind, "issue");
	T_EQ_INT(out.entry.quantity, -300);
	T_EQ_STR(out.entry.to_text, "云龙村");
	T_EQ_INT(stock(town.store.id, it.id), 700);

	/* 200 moved to the village's store: out of one, into the other */
	memset(&mv, 0, sizeof(mv));
	mv.kind = "transfer";
	mv.store_id = town.store.id;
	mv.item = "mask";
	mv.quantity = 200;
	mv.to_store_id = vil.store.id;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_supply_move(&s, &mv, &out), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(out.entry.kind, "transfer_out");
	T_EQ_STR(out.entry.to_text, "云龙村物资点");
	T_EQ_INT(stock(town.store.id, it.id), 500);
	T_EQ_INT(stock(vil.store.id, it.id), 200);

	/* handing out more than is there: refused on quantity, saying what there is */
	memset(&mv, 0, sizeof(mv));
	mv.kind = "issue";
	mv.store_id = town.store.id;
	mv.item = "mask";
	mv.quantity = 501;
	mv.to_text = "南谷互通卡点";
	mv.purpose = "卡点值守";
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_supply_move(&s, &mv, &out), ERR_CONFLICT);
	T_EQ_STR(f.field, "quantity");
	T_ASSERT(strstr(f.zh, "库存不足") != NULL);
	T_ASSERT(strstr(f.en, "500") != NULL);
	T_ASSERT(out.short_stock);
	T_EQ_INT(out.available, 500);
	T_EQ_INT(stock(town.store.id, it.id), 500);

	/* and a transfer to the store it leaves, before any stock moves */
	mv.kind = "transfer";
	mv.quantity = 10;
	mv.to_store_id = town.store.id;
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_supply_move(&s, &mv, &out), ERR_INVALID);
	T_EQ_STR(f.field, "to_store_id");
	dbc_rollback(c);
}

static void
test_visit(void)
{
	const char *scope[] = {"430302100201"};
	struct svc_question_in q[] = {
		{.key = "fever", .text = "近14天是否发热", .kind = "yesno", .per_person = 1,
		 .required = 1, .handoff_given = true, .handoff_to = "task"},
		{.key = "returned", .text = "家中是否有返乡人员", .kind = "yesno", .per_person = 0,
		 .required = 1},
	};
	struct svc_sweep_fields sf = {.name = "春节返乡人员排查", .scope_given = true, .scope = scope,
				      .nscope = 1, .questions_given = true, .questions = q,
				      .nquestions = 2};
	struct answer hh[] = {{.key = "returned", .type = ANSWER_BOOL, .i = 1}};
	struct answer p0[] = {{.key = "fever", .type = ANSWER_BOOL, .i = 0}};
	struct answer p1[] = {{.key = "fever", .type = ANSWER_BOOL, .i = 1}};
	struct answer bad[] = {{.key = "cough", .type = ANSWER_BOOL, .i = 1}};
	struct svc_visit_person seen[2] = {{0}};
	struct svc_visit_in in = {0};
	struct sweep_campaign sc;
	struct sweep_visit v;
	struct sweep_count *cv;
	struct sweep_handoff *ho;
	struct task t;
	char today[11];
	int n = 0;

	clock_local_date(clock_now(), today);
	sf.starts_on = today;
	sf.ends_on = today;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_create(&s, &sf, &sc), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(sc.round, 1);
	T_EQ_STR(sc.scope, "430302100201");

	/* an answer to a question the questionnaire does not have: refused, naming it */
	in.campaign_id = sc.id;
	in.household_id = household_id;
	in.outcome = "reached";
	in.answers = hh;
	in.nanswers = 1;
	seen[0].person_id = person_ids[0];
	seen[0].answers = bad;
	seen[0].nanswers = 1;
	in.persons = seen;
	in.npersons = 1;
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), ERR_INVALID);
	T_EQ_STR(f.field, "persons[0].answers.cough");
	dbc_rollback(c);

	/* both at home; she has had a fever, which goes to the secretary */
	seen[0].answers = p0;
	seen[1].person_id = person_ids[1];
	seen[1].answers = p1;
	seen[1].nanswers = 1;
	in.npersons = 2;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(v.outcome, "reached");
	T_EQ_INT(v.household_id, household_id);
	T_EQ_INT(v.persons, 2);
	T_ASSERT(strstr(v.answers, "\"returned\":true") != NULL);
	T_EQ_INT(db_sweep_handoffs(c, a, v.id, &ho, &n), 0);
	T_EQ_INT(n, 1);
	T_EQ_INT(n ? ho[0].person_id : 0, person_ids[1]);
	T_EQ_STR(n ? ho[0].kind : "", "task");
	/* the task is the village secretary's, about her, linked to the visit */
	T_EQ_INT(db_task_get(c, a, n ? ho[0].task_id : 0, &t), 0);
	T_EQ_INT(t.owner_id, secretary_id);
	T_EQ_INT(t.person_id, person_ids[1]);
	T_EQ_STR(t.source, "sweep");
	T_EQ_INT(t.source_id, v.id);
	T_EQ_STR(t.priority, "high");
	T_ASSERT(strstr(t.title, "李秀英") != NULL);
	T_EQ_INT(db_sweep_counts(c, a, sc.id, "430302100201", &cv, &n), 0);
	T_EQ_INT(n, 1);
	T_EQ_INT(n ? cv[0].households_reached : 0, 1);
	T_EQ_INT(n ? cv[0].persons_reached : 0, 2);
	T_EQ_INT(n ? cv[0].visits : 0, 1);

	/* the same person listed twice: refused */
	seen[1].person_id = person_ids[0];
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), ERR_INVALID);
	T_EQ_STR(f.field, "persons[1].person_id");
	dbc_rollback(c);
}

/* Someone at the door who is not in the registry: refused as the clerk would be told, then
 * added to the household and, back from Hubei, put under home observation found by the sweep. */
static void
test_newcomer(void)
{
	const char *scope[] = {"430302100201"};
	struct svc_question_in q[] = {
		{.key = "hubei", .text = "是否从湖北返回", .kind = "yesno", .per_person = 1,
		 .required = 1, .handoff_given = true, .handoff_to = "monitor",
		 .handoff_reason = "high_risk_area"},
	};
	struct svc_sweep_fields sf = {.name = "返乡人员排查", .scope_given = true, .scope = scope,
				      .nscope = 1, .questions_given = true, .questions = q,
				      .nquestions = 1};
	struct answer yes[] = {{.key = "hubei", .type = ANSWER_BOOL, .i = 1}};
	struct fault unread = {.code = ERR_INVALID, .field = "persons[0].person.phone"};
	struct svc_visit_person seen = {0};
	struct svc_visit_in in = {0};
	struct svc s2;
	struct sweep_campaign sc;
	struct sweep_visit v;
	struct sweep_handoff *ho;
	struct key_person k;
	struct person p;
	char today[11];
	int n = 0;

	clock_local_date(clock_now(), today);
	sf.starts_on = today;
	sf.ends_on = today;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_create(&s, &sf, &sc), 0);
	T_EQ_INT(dbc_commit(c), 0);
	in.campaign_id = sc.id;
	in.household_id = household_id;
	in.outcome = "reached";
	seen.newcomer = true;
	seen.answers = yes;
	seen.nanswers = 1;
	in.persons = &seen;
	in.npersons = 1;

	/* no name */
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), ERR_INVALID);
	T_EQ_STR(f.field, "persons[0].person.name");
	dbc_rollback(c);
	/* a field the handler could not read: said in its turn, after the top of the form */
	seen.person_unread = &unread;
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), ERR_INVALID);
	T_EQ_STR(f.field, "persons[0].person.phone");
	dbc_rollback(c);
	in.outcome = "away";
	memset(&f, 0, sizeof(f));
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), ERR_INVALID);
	T_EQ_STR(f.field, "outcome");
	in.outcome = "reached";
	seen.person_unread = NULL;
	seen.person.name = "赵小明";
	seen.person.relation = "亲戚";
	/* a person of the registry and a newcomer at once */
	seen.person_id = person_ids[0];
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), ERR_INVALID);
	T_EQ_STR(f.field, "persons[0].person_id");
	dbc_rollback(c);
	seen.person_id = 0;
	/* someone who may not add people to the registry */
	s2 = gs;
	s2.perms &= ~(unsigned)PERM_PERSON_WRITE;
	memset(&f, 0, sizeof(f));
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&s2, &in, &v), ERR_DENIED);
	T_EQ_STR(f.field, "persons[0].person");
	dbc_rollback(c);

	/* added where they were found, whatever area the input named */
	seen.person.area_code = "430302100202";
	seen.from_place = "武汉";
	seen.arrived_on = today;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_sweep_visit_record(&gs, &in, &v), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_sweep_handoffs(c, a, v.id, &ho, &n), 0);
	T_EQ_INT(n, 1);
	T_EQ_STR(n ? ho[0].kind : "", "monitor");
	T_EQ_STR(n ? ho[0].status : "", "created");
	T_EQ_INT(db_person_get(c, a, n ? ho[0].person_id : 0, &p), 0);
	T_EQ_STR(p.name, "赵小明");
	T_EQ_INT(p.household_id, household_id);
	T_EQ_STR(p.area_code, "430302100201001");
	T_EQ_INT(db_kp_get(c, a, n ? ho[0].key_person_id : 0, &k), 0);
	T_EQ_INT(k.person_id, p.id);
	T_EQ_STR(k.found_by, "sweep");
	T_EQ_STR(k.kind, "home");
	T_EQ_STR(k.reason, "high_risk_area");
	T_EQ_STR(k.from_place, "武汉");
	T_EQ_STR(k.start_date, today);
	T_EQ_INT(k.days, 14);
}

static void
teardown(void)
{
	static const char *const ext[] = {"", "-wal", "-shm"};
	size_t i;

	db_release(c);
	db_close(db);
	arena_free(a);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/t.db%s", dir, ext[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
main(void)
{
	T_RUN(setup);
	if (db == NULL)
		return T_DONE();
	T_RUN(test_supply);
	T_RUN(test_visit);
	T_RUN(test_newcomer);
	teardown();
	return T_DONE();
}
