/* test_svc_duty.c: a checkpoint's duty roster through its operations, without HTTP, on a SQLite
 * file migrated to the newest schema: a post, four teams, a 四班倒 pattern, a week generated
 * with no gap, a swap, leave on one day, a handover confirmed by the arriving shift; and a
 * secretary of another village to whom the post and all that hangs from it do not exist. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "db_registry.h"
#include "err.h"
#include "observation.h"
#include "role.h"
#include "svc_duty.h"
#include "t.h"

#define TOWN "430302100000"
#define YUNLONG "430302100201" /* the village of the checkpoint */
#define BAISHI "430302100202"  /* another village of the town */

static char dir[] = "/tmp/fangyi-test-svc-duty-XXXXXX";
static struct db *db;
static struct dbc *c;
static struct arena *a;
static struct fault f;
static struct user sec_yl, sec_bs, cp_yl;
static int64_t post_id, team[4], member[4], pattern_id;
static char today[11], tomorrow[11], week_end[11];

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
	s->scope =
	    arena_strndup(a, u->area_code, n < strlen(u->area_code) ? n : strlen(u->area_code));
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
user(struct user *ret, const char *name, const char *role, int64_t area_id)
{
	struct user u = {0};

	u.username = (char *)name;
	u.display_name = (char *)"";
	u.role = (char *)role;
	u.area_id = area_id;
	u.pwhash = (char *)"x";
	u.phone = (char *)"";
	T_EQ_INT(db_user_insert(c, &u), 0);
	T_EQ_INT(db_user_get(c, a, u.id, ret), 0);
}

static void
seed(void)
{
	int64_t town, yl, bs;

	T_EQ_INT(dbc_begin(c), 0);
	town = area(TOWN, "鹤岭镇", 2, "town", area("430302000000", "雨湖区", 1, "district", 0));
	T_EQ_INT(db_setting_put(c, "town_code", TOWN), 0);
	yl = area(YUNLONG, "云龙村", 3, "village", town);
	bs = area(BAISHI, "白石村", 3, "village", town);
	user(&sec_yl, "sec_yl", "secretary", yl);
	user(&sec_bs, "sec_bs", "secretary", bs);
	user(&cp_yl, "cp_yl", "checkpoint", yl);
	T_EQ_INT(dbc_commit(c), 0);
}

/* A post at 云龙村, round the clock; a secretary of 白石村 may not put one there. */
static void
test_post(void)
{
	struct svc s;
	struct svc_post_in in;
	struct duty_post p;

	memset(&in, 0, sizeof(in));
	in.name = "云龙村村口卡点";
	in.place = "云龙村村部路口";
	in.area_code = YUNLONG;
	in.kind = "checkpoint";
	in.handoff_user_id = -1;
	in.active = -1;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_duty_post_create(as(&s, &sec_bs), &in, &p), ERR_INVALID);
	T_EQ_STR(f.field, "area_code");
	in.kind = "toll";
	T_EQ_INT(svc_duty_post_create(as(&s, &sec_yl), &in, &p), ERR_INVALID);
	T_EQ_STR(f.field, "kind");
	in.kind = "checkpoint";
	in.hours_from = "08:00";
	T_EQ_INT(svc_duty_post_create(as(&s, &sec_yl), &in, &p), ERR_INVALID);
	T_EQ_STR(f.field, "hours_to");
	in.hours_from = NULL;
	T_EQ_INT(svc_duty_post_create(as(&s, &sec_yl), &in, &p), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(p.area_code, YUNLONG);
	T_EQ_INT(p.hours_start, 0);
	T_EQ_INT(p.hours_end, 1440);
	T_EQ_STR(p.province, "湘"); /* the area's plate province */
	T_EQ_INT(p.active, 1);
	post_id = p.id;
}

/* Four teams, each with one volunteer known by name; a second team of one name is refused. */
static void
test_teams(void)
{
	static const char *const names[] = {"一班", "二班", "三班", "四班"};
	static const char *const people[] = {"甲", "乙", "丙", "丁"};
	struct svc s;
	struct duty_team t;
	struct duty_member m;
	int i;

	T_EQ_INT(dbc_begin(c), 0);
	for (i = 0; i < 4; i++) {
		struct svc_member_in in = {0};

		T_EQ_INT(svc_duty_team_add(as(&s, &sec_yl), post_id, names[i], &t), 0);
		team[i] = t.id;
		in.team_id = t.id;
		in.name = people[i];
		in.party_member = in.leader = -1;
		T_EQ_INT(svc_duty_member_add(&s, &in, &m), 0);
		T_EQ_STR(m.kind, "volunteer");
		T_EQ_INT(m.team_id, t.id);
		member[i] = m.id;
	}
	T_EQ_INT(svc_duty_team_add(as(&s, &sec_yl), post_id, "一班", &t), ERR_CONFLICT);
	T_EQ_STR(f.field, "name");
	T_EQ_INT(dbc_commit(c), 0);
}

/* 四班倒: four six-hour shifts a day from 00:00, one team each, a week of them with no gap. */
static void
test_roster(void)
{
	struct svc s;
	struct svc_pattern_in in;
	struct svc_pattern_out out;
	struct svc_roster_in rin = {0};
	struct svc_roster_out rout;
	struct duty_shift *sv;
	int64_t cycle[4] = {team[0], team[1], team[2], team[3]},
	        three[3] = {team[0], team[1], team[2]};
	int ns, i, j;

	memset(&in, 0, sizeof(in));
	in.post_id = post_id;
	in.name = "四班倒";
	in.kind = "four_team";
	in.teams = three;
	in.nteams = 3;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_duty_pattern_create(as(&s, &sec_yl), &in, &out), ERR_INVALID);
	T_EQ_STR(f.field, "teams");
	in.teams = cycle;
	in.nteams = 4;
	T_EQ_INT(svc_duty_pattern_create(as(&s, &sec_yl), &in, &out), 0);
	T_EQ_STR(out.pattern.shifts, "0:360,360:360,720:360,1080:360");
	T_EQ_INT(out.pattern.day_step, 1);
	T_EQ_INT(out.nteams, 4);
	pattern_id = out.pattern.id;
	rin.post_id = post_id;
	rin.pattern_id = pattern_id;
	rin.from = today;
	rin.to = week_end;
	T_EQ_INT(svc_duty_roster_generate(as(&s, &sec_yl), &rin, &rout), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(rout.shifts, 28);
	T_EQ_INT(rout.cov.ngaps, 0);
	T_EQ_INT(rout.cov.noverlaps, 0);
	/* each day every team works once, and the shifts meet end to start */
	T_EQ_INT(db_shift_range(c, a, post_id, duty_day_start(today), duty_day_start(today) + 86400,
	                        &sv, &ns),
	         0);
	T_EQ_INT(ns, 4);
	for (i = 0; i < ns && ns == 4; i++) {
		T_EQ_INT(sv[i].ends_at - sv[i].starts_at, 6 * 3600);
		if (i > 0)
			T_EQ_INT(sv[i].starts_at, sv[i - 1].ends_at);
		for (j = 0; j < i; j++)
			T_ASSERT(sv[i].team_id != sv[j].team_id);
	}
}

static int
team_index(int64_t id)
{
	int i;

	for (i = 0; i < 4; i++)
		if (team[i] == id)
			return i;
	return -1;
}

/* Tomorrow's first shift: its member swaps with one of another team. */
static void
test_swap(void)
{
	struct svc s;
	struct svc_change_in in = {0};
	struct duty_shift *sv, sh;
	struct duty_post p;
	struct duty_change *ch;
	int ns, nc, k, other;

	T_EQ_INT(db_shift_range(c, a, post_id, duty_day_start(tomorrow),
	                        duty_day_start(tomorrow) + 86400, &sv, &ns),
	         0);
	T_ASSERT(ns == 4);
	if (ns != 4)
		return;
	k = team_index(sv[0].team_id);
	other = (k + 1) % 4;
	in.shift_id = sv[0].id;
	in.kind = "swap";
	in.member_id = member[other]; /* not on that shift */
	in.substitute_id = member[k];
	in.reason = "家中有事";
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_duty_shift_change(as(&s, &sec_yl), &in, &sh, &p), ERR_INVALID);
	T_EQ_STR(f.field, "member_id");
	in.member_id = member[k];
	in.substitute_id = member[other];
	T_EQ_INT(svc_duty_shift_change(as(&s, &sec_yl), &in, &sh, &p), 0);
	T_EQ_INT(svc_duty_shift_change(as(&s, &sec_yl), &in, &sh, &p), ERR_CONFLICT);
	T_EQ_STR(f.field, "member_id");
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(sh.id, sv[0].id);
	T_EQ_INT(db_shift_swap_of_shift(c, a, sh.id, &ch, &nc), 0);
	T_EQ_INT(nc, 1);
	if (nc == 1) {
		T_EQ_STR(ch[0].kind, "swap");
		T_EQ_INT(ch[0].member_id, member[k]);
		T_EQ_INT(ch[0].substitute_id, member[other]);
	}
}

/* Leave on the day after tomorrow: its one shift of the member's team carries it. */
static void
test_leave(void)
{
	struct svc s;
	struct svc_leave_in in = {0};
	struct duty_leave l;
	char day[11];

	date_add_days(today, 2, day);
	in.post_id = post_id;
	in.member_id = member[2];
	in.from = day;
	in.to = day;
	in.reason = "病假";
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_duty_leave_create(as(&s, &sec_yl), &in, &l), 0);
	T_EQ_INT(l.shifts, 1);
	T_EQ_STR(l.from_day, day);
	T_EQ_INT(l.cancelled_at, 0);
	T_EQ_INT(svc_duty_leave_create(as(&s, &sec_yl), &in, &l), ERR_CONFLICT);
	T_EQ_STR(f.field, "from");
	in.from = in.to = "2020-01-01"; /* past shifts are what happened */
	T_EQ_INT(svc_duty_leave_create(as(&s, &sec_yl), &in, &l), ERR_INVALID);
	T_EQ_STR(f.field, "from");
	T_EQ_INT(dbc_commit(c), 0);
}

/* The first shift of today ends in ten minutes: the leaving side writes the handover, the
 * arriving shift's member confirms it. */
static void
test_handover(void)
{
	struct svc s;
	struct svc_handover_in in = {0};
	struct svc_member_in min = {0};
	struct duty_member m;
	struct duty_shift *sv;
	struct handover h;
	int ns;

	T_EQ_INT(db_shift_range(c, a, post_id, duty_day_start(today), duty_day_start(today) + 86400,
	                        &sv, &ns),
	         0);
	T_ASSERT(ns == 4);
	if (ns != 4)
		return;
	/* the checkpoint's account joins the arriving team */
	min.team_id = sv[1].team_id;
	min.user_id = cp_yl.id;
	min.party_member = min.leader = -1;
	in.shift_id = sv[0].id;
	in.incidents = "无异常";
	in.note = "交接口罩两盒";
	in.masks = 200;
	in.batteries = 4;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_duty_member_add(as(&s, &sec_yl), &min, &m), 0);
	T_EQ_STR(m.kind, "staff");
	T_EQ_INT(svc_duty_handover_create(as(&s, &sec_yl), &in, &h), 0);
	T_EQ_INT(svc_duty_handover_create(as(&s, &sec_yl), &in, &h), ERR_CONFLICT);
	T_EQ_STR(f.field, "id");
	T_EQ_INT(h.masks, 200);
	T_EQ_INT(h.confirmed_at, 0);
	/* not by the one who wrote it */
	T_EQ_INT(svc_duty_handover_confirm(as(&s, &sec_yl), h.id, NULL, &h), ERR_CONFLICT);
	T_EQ_INT(svc_duty_handover_confirm(as(&s, &cp_yl), h.id, NULL, &h), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(h.confirmed_by, cp_yl.id);
	T_ASSERT(h.confirmed_at > 0);
	T_EQ_STR(h.confirm_as, "arriving_team");
	T_EQ_INT(h.arriving_shift_id, sv[1].id);
}

/* A secretary of 白石村: the post of 云龙村 and all that hangs from it answer as none. */
static void
test_other_village(void)
{
	struct svc s;
	struct duty_post p;
	struct duty_team t;
	struct svc_roster_in rin = {0};
	struct svc_roster_out rout;
	struct svc_leave_in lin = {0};
	struct duty_leave l;
	struct duty_shift *sv, sh;
	int ns;

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_duty_post(as(&s, &sec_bs), post_id, "id", &p), ERR_NOTFOUND);
	T_EQ_STR(f.field, "id");
	T_EQ_INT(svc_duty_post(as(&s, &sec_yl), post_id, "id", &p), 0);
	T_EQ_INT(svc_duty_team_add(as(&s, &sec_bs), post_id, "五班", &t), ERR_NOTFOUND);
	T_EQ_INT(svc_duty_member_remove(as(&s, &sec_bs), member[0]), ERR_NOTFOUND);
	rin.post_id = post_id;
	rin.pattern_id = pattern_id;
	rin.from = today;
	rin.to = today;
	T_EQ_INT(svc_duty_roster_generate(as(&s, &sec_bs), &rin, &rout), ERR_NOTFOUND);
	lin.post_id = post_id;
	lin.member_id = member[1];
	lin.from = tomorrow;
	lin.to = tomorrow;
	T_EQ_INT(svc_duty_leave_create(as(&s, &sec_bs), &lin, &l), ERR_NOTFOUND);
	T_EQ_INT(db_shift_range(c, a, post_id, duty_day_start(today), duty_day_start(today) + 86400,
	                        &sv, &ns),
	         0);
	if (ns > 0)
		T_EQ_INT(svc_duty_shift(as(&s, &sec_bs), sv[0].id, &sh, &p), ERR_NOTFOUND);
	dbc_rollback(c);
}

int
main(void)
{
	char path[80];

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "sqlite:%s/t.db", dir);
	if (db_open(path, 1, &db, &f)) {
		fprintf(stderr, "test_svc_duty: %s\n", f.en);
		return 1;
	}
	c = db_acquire(db);
	a = arena_new();
	/* ten minutes before today's first shift ends, so its handover may be written */
	clock_pin(clock_day_start(clock_now()) + 6 * 3600 - 600);
	clock_local_date(clock_now(), today);
	date_add_days(today, 1, tomorrow);
	date_add_days(today, 6, week_end);
	T_RUN(seed);
	T_RUN(test_post);
	T_RUN(test_teams);
	T_RUN(test_roster);
	T_RUN(test_swap);
	T_RUN(test_leave);
	T_RUN(test_handover);
	T_RUN(test_other_village);
	clock_pin(0);
	db_release(c);
	db_close(db);
	arena_free(a);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		return 1;
	return T_DONE();
}
