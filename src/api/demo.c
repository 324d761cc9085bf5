/* demo.c: a synthetic town modelled on 鹤岭镇 (雨湖区, 湘潭): areas, households, people, users.
 * Every person is fictional and marked is_demo. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "demo.h"
#include "supply_api.h"
#include "checkpoint.h"
#include "arena.h"
#include "db_monitor.h"
#include "clock.h"
#include "idnum.h"
#include "observation.h"
#include "person.h"
#include "sweep.h"
#include "svc_task.h"

struct village {
	const char *code, *name, *kind, *street, *pinyin; /* pinyin: for the staff's user names */
	int grids;
};

/* The villages and communities the article names.  Codes are local to the demo. */
static const struct village villages[] = {
	{"430302100001", "红旗社区", "community", "红旗路", "hongqi", 8},
	{"430302100002", "跃进社区", "community", "跃进街", "yuejin", 6},
	{"430302100003", "果沙社区", "community", "果沙路", "guosha", 6},
	{"430302100201", "云龙村", "village", NULL, "yunlong", 10},
	{"430302100202", "立新村", "village", NULL, "lixin", 8},
	{"430302100203", "龙头岭村", "village", NULL, "longtouling", 8},
	{"430302100204", "南谷村", "village", NULL, "nangu", 9},
	{"430302100205", "长安村", "village", NULL, "changan", 7},
	{"430302100206", "群力村", "village", NULL, "qunli", 6},
};
#define YUNLONG_GRID1 "430302100201001" /* the grid of the demo's grid worker login */

/* The instant the demo began: every moment of its history is dated from it. */
static int64_t t0;

int64_t
demo_now(void)
{
	return t0;
}

int64_t
demo_at(int days, int min)
{
	/* noon of the day, then its midnight: whole days even across a change of clock */
	return clock_day_start(clock_day_start(t0) - (int64_t)days * 86400 + 43200) + (int64_t)min * 60;
}

void
demo_date(int days, char ret[11])
{
	clock_local_date(demo_at(days, 720), ret);
}
#define NVILLAGES (int)(sizeof(villages) / sizeof(villages[0]))

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱",
	"高", "林", "何", "郭", "罗", "梁", "宋", "谢", "唐", "冯", "邓", "曹", "彭", "曾",
	"肖", "蒋", "蔡", "余", "袁", "谭", "廖", "邹", "熊", "龙", "易", "贺", "文", "颜",
	"欧阳", "尹", "黎", "汤", "段", "雷", "向", "毛", "刘", "李", "王", "陈", "张",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "红", "梅",
	"湘", "潭", "志", "文", "斌", "辉", "鹏", "宇", "浩", "凯", "婷", "雪", "琳", "晨",
	"欣", "怡", "子", "涵", "梓", "轩", "宏", "亮", "成", "效", "花", "田", "娥", "春",
};
static const char *const issuing[] = {"430302", "430302", "430302", "430302", "430302",
				      "430321", "430381", "430304", "420106"};

struct rng {
	uint64_t s;
};

static uint32_t
rnd(struct rng *r, uint32_t n)
{
	/* xorshift64*: fast and repeatable from the seed */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 2685821657736338717ULL) >> 33) % (n ? n : 1);
}

static void
make_name(struct rng *r, const char *surname, char *out, size_t n)
{
	if (rnd(r, 3) == 0)
		snprintf(out, n, "%s%s", surname, given[rnd(r, sizeof(given) / sizeof(given[0]))]);
	else
		snprintf(out, n, "%s%s%s", surname, given[rnd(r, sizeof(given) / sizeof(given[0]))],
			 given[rnd(r, sizeof(given) / sizeof(given[0]))]);
}

/* A set of ID numbers already handed out, so none repeats. */
struct idset {
	char (*slot)[19];
	size_t cap;
};

static bool
idset_add(struct idset *s, const char *id)
{
	size_t h = 1469598103934665603ULL;
	const char *p;

	for (p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (h &= s->cap - 1; s->slot[h][0]; h = (h + 1) & (s->cap - 1))
		if (strcmp(s->slot[h], id) == 0)
			return false;
	memcpy(s->slot[h], id, 19);
	return true;
}

static void
make_id(struct rng *r, struct idset *set, int age, bool male, char out[19], char birth[11])
{
	char today[11], tmp[40];
	int y, m, d, seq;

	clock_local_date(clock_now(), today);
	do {
		static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

		y = atoi(today) - age;
		m = (int)rnd(r, 12) + 1;
		d = (int)rnd(r, (uint32_t)mdays[m - 1]) + 1;
		seq = (int)rnd(r, 500) * 2 + (male ? 1 : 0);
		snprintf(tmp, sizeof(tmp), "%s%04d%02d%02d%03d",
			 issuing[rnd(r, sizeof(issuing) / sizeof(issuing[0]))], y % 10000, m, d, seq);
		memcpy(out, tmp, 17);
		out[17] = idnum_check_char(out);
		out[18] = '\0';
		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y % 10000, m, d);
		memcpy(birth, tmp, 11);
	} while (strcmp(birth, today) > 0 || !idset_add(set, out));
}

static void
make_phone(struct rng *r, char out[12])
{
	static const char *const pre[] = {"138", "139", "135", "136", "137", "150", "151", "152",
					  "158", "159", "182", "187", "188", "173", "177", "180",
					  "189", "199", "130", "131", "132", "155", "156", "186"};

	snprintf(out, 12, "%s%08u", pre[rnd(r, sizeof(pre) / sizeof(pre[0]))], rnd(r, 100000000));
}

/* The code of a town or street: 12 digits, its own three after the district's six, 000 last. */
static int
town_code_check(const char *code, struct fault *f)
{
	int i;

	for (i = 0; code[i]; i++)
		if (code[i] < '0' || code[i] > '9')
			break;
	if (i != 12 || code[i] != '\0')
		return fault_setf(f, ERR_INVALID, "town_code", "乡镇代码 %s 应为 12 位统计用区划代码",
				  "the town code %s must be the 12-digit statistical division code", code);
	if (strcmp(code + 9, "000") != 0)
		return fault_setf(f, ERR_INVALID, "town_code",
				  "%s 不是乡镇（街道）的代码：乡镇代码以 000 结尾，村（社区）的才不是",
				  "%s is not a town's code: a town's code ends in 000, a village's does not",
				  code);
	if (strncmp(code + 6, "000", 3) == 0)
		return fault_setf(f, ERR_INVALID, "town_code",
				  "%s 是区县的代码，不是乡镇的：乡镇代码第 7 到 9 位不全为 0",
				  "%s is a district's code, not a town's: digits 7 to 9 of a town's are not all 0",
				  code);
	return 0;
}

int
demo_town_init(struct dbc *c, const char *district_code, const char *district_name,
	       const char *town_code, const char *town_name, struct fault *f)
{
	struct area d = {0}, t = {0}, *towns;
	struct arena *a = arena_new();
	int rc, ntowns;

	if (a == NULL)
		return ERR_NOMEM;
	if ((rc = town_code_check(town_code, f)))
		goto out;
	if (strlen(district_code) != 12 || strcmp(district_code + 6, "000000") != 0 ||
	    strncmp(district_code, town_code, 6) != 0) {
		rc = fault_setf(f, ERR_INVALID, "district_code",
				"区县代码 %s 与乡镇代码 %s 不符：区县代码是乡镇代码的前 6 位加 000000",
				"the district code %s does not fit the town code %s: it is the town's first "
				"6 digits and 000000",
				district_code, town_code);
		goto out;
	}
	/* one database is one district: a town is added to the district it already holds */
	if ((rc = db_area_towns(c, a, &towns, &ntowns)))
		goto out;
	if (ntowns > 0 && strncmp(towns[0].code, town_code, 6) != 0) {
		struct area other = {0};
		char dc[13];

		snprintf(dc, sizeof(dc), "%.6s000000", towns[0].code);
		db_area_get_by_code(c, a, dc, &other);
		rc = fault_setf(f, ERR_CONFLICT, "town_code",
				"%s 属于另一个区县（%.6s）：本数据库是%s（%.6s）的，一个数据库只管一个区县",
				"%s lies in another district (%.6s): this database is %s's (%.6s), and one "
				"database holds one district",
				town_code, town_code, other.name ? other.name : "", towns[0].code);
		goto out;
	}
	if (db_area_get_by_code(c, a, town_code, &t) == 0) {
		rc = fault_setf(f, ERR_CONFLICT, "town_code", "数据库中已有乡镇 %s（%s），不能再建",
				"the database has town %s (%s) already", town_code, t.name);
		goto out;
	}
	if (db_area_get_by_code(c, a, district_code, &d) == ERR_NOTFOUND) {
		d.code = (char *)district_code;
		d.name = (char *)district_name;
		d.level = 1;
		d.kind = "district";
		if ((rc = db_area_insert(c, &d)))
			goto out;
	}
	memset(&t, 0, sizeof(t));
	t.code = (char *)town_code;
	t.name = (char *)town_name;
	t.level = 2;
	t.kind = strstr(town_name, "街道") ? "street" : "town";
	t.parent_id = d.id;
	if ((rc = db_area_insert(c, &t)))
		goto out;
	/* the settings name the database's first town: the command line and the public pages of a
	 * one-town database read them */
	if (ntowns == 0 && (rc = db_setting_put(c, "town_code", town_code)) == 0)
		rc = db_setting_put(c, "town_name", town_name);
out:
	arena_free(a);
	return rc;
}

static int
add_user(struct dbc *c, const char *name, const char *role, int64_t area_id, const char *display,
	 struct demo_login *l)
{
	struct user u = {0};
	char *hash = NULL;
	int rc;

	/* 16 characters from a 32-letter alphabet without look-alikes: 80 bits */
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789A";
	unsigned char raw[16];
	int i;

	do { /* the rare draw the dictionary check refuses is drawn again */
		randombytes_buf(raw, sizeof(raw));
		for (i = 0; i < 16; i++)
			l->password[i] = alphabet[raw[i] % 32];
		l->password[16] = '\0';
	} while (auth_password_check(l->password, NULL) == ERR_INVALID);
	snprintf(l->username, sizeof(l->username), "%s", name);
	l->role = role;
	if ((rc = auth_password_hash(l->password, &hash, NULL)))
		return rc;
	u.username = (char *)name;
	u.display_name = (char *)display;
	u.role = (char *)role;
	u.area_id = area_id;
	u.pwhash = hash;
	rc = db_user_insert(c, &u);
	free(hash);
	if (rc == 0) {
		/* demo staff get fictional work phones, for the notices they are named on */
		char ph[12];

		snprintf(ph, sizeof(ph), "1390732%04u", (unsigned)(u.id % 10000));
		rc = db_user_set_phone(c, u.id, ph);
	}
	return rc;
}

/* A staff account of the registry's grid worker or village doctor: its password is one nobody
 * knows (pwhash is the hash of a random one, shared), so it is there to be named on key persons
 * and tasks until the command post gives it a password. */
static int
add_staff_user(struct dbc *c, const char *name, const char *role, int64_t area_id,
	       const char *display, const char *phone, const char *pwhash)
{
	struct user u = {0};
	int rc;

	u.username = (char *)name;
	u.display_name = (char *)display;
	u.role = (char *)role;
	u.area_id = area_id;
	u.pwhash = (char *)pwhash;
	if ((rc = db_user_insert(c, &u)) == 0 && phone)
		rc = db_user_set_phone(c, u.id, phone);
	return rc;
}

/* The registry's grid workers (one per grid) and doctors (one per village) get their accounts,
 * but for the grid and the village of the demo's own logins. */
static int
add_staff_users(struct dbc *c, struct arena *a, const struct area *grids, int ngrids,
		const struct area *vil, char **gw_name, char **gw_phone, char **doc_name,
		char **doc_phone)
{
	char pw[40], *hash = NULL;
	int gi, vi, n = 0, rc = 0;

	do /* cracklib refuses a random draw now and then (five steps like "cd", "ba"): draw again */
		auth_random_token(pw, sizeof(pw));
	while (auth_password_check(pw, NULL) == ERR_INVALID);
	if ((rc = auth_password_hash(pw, &hash, NULL)))
		return rc;
	for (vi = 0; vi < NVILLAGES && rc == 0; vi++) {
		n = 0;
		if (strcmp(villages[vi].code, "430302100201") != 0)
			rc = add_staff_user(c, arena_printf(a, "%s.doctor", villages[vi].pinyin), "doctor",
					    vil[vi].id, doc_name[vi], doc_phone[vi], hash);
		for (gi = 0; gi < ngrids && rc == 0; gi++) {
			if (strncmp(grids[gi].code, villages[vi].code, 12) != 0)
				continue;
			n++;
			if (strcmp(grids[gi].code, YUNLONG_GRID1) == 0)
				continue;
			rc = add_staff_user(c, arena_printf(a, "%s.grid%d", villages[vi].pinyin, n), "grid",
					    grids[gi].id, gw_name[gi], gw_phone[gi], hash);
		}
	}
	free(hash);
	return rc;
}

/* The villages of a town and their grids, into vil[] and grids[] (*ngrids of them). */
static int
add_villages(struct dbc *c, struct arena *a, const struct area *town, const struct village *vs,
	     int nv, struct area *vil, struct area *grids, int *ngrids)
{
	int vi, gi, rc;

	for (vi = 0; vi < nv; vi++) {
		const struct village *v = &vs[vi];

		memset(&vil[vi], 0, sizeof(vil[vi]));
		vil[vi].code = (char *)v->code;
		vil[vi].name = (char *)v->name;
		vil[vi].level = 3;
		vil[vi].kind = (char *)v->kind;
		vil[vi].parent_id = town->id;
		if ((rc = db_area_insert(c, &vil[vi])))
			return rc;
		for (gi = 1; gi <= v->grids; gi++) {
			struct area *g = &grids[(*ngrids)++];

			memset(g, 0, sizeof(*g));
			g->code = arena_printf(a, "%s%03d", v->code, gi);
			g->name = strcmp(v->kind, "village") == 0 ? arena_printf(a, "%d组", gi)
								   : arena_printf(a, "第%d网格", gi);
			g->level = 4;
			g->kind = "grid";
			g->parent_id = vil[vi].id;
			if ((rc = db_area_insert(c, g)))
				return rc;
		}
	}
	return 0;
}

/* Households of 1-6 people, one grid at a time, numbered along the lanes; the first three live
 * in grids[home_grid] (home_grid < 0: none), so even a small demo town gives the grid worker's
 * login people to look after. */
static int
add_residents(struct dbc *c, struct rng *rp, struct idset *ids, const struct village *vs, int nv,
	      const struct area *grids, int ngrids, int home_grid, int people)
{
	struct rng r = *rp;
	struct household h;
	struct person p;
	char name[64], idn[19], birth[11], phone[12], addr[128], tags[96];
	int made = 0, hh = 0, vi, rc = 0;
	/* households of 1-6 people, one grid at a time, numbered along the lanes */
	while (made < people) {
		int size = 1 + (int)rnd(&r, 5) + (rnd(&r, 4) == 0), m;
		const struct area *g = &grids[rnd(&r, (uint32_t)ngrids)];

		/* the first households live in the grid of the demo's grid worker, so even a small
		 * demo town gives that login people to look after */
		if (hh < 3 && home_grid >= 0)
			g = &grids[home_grid];
		const struct village *v = &vs[0];
		const char *surname = surnames[rnd(&r, sizeof(surnames) / sizeof(surnames[0]))];
		int head_age = 25 + (int)rnd(&r, 55);

		for (vi = 0; vi < nv; vi++)
			if (strncmp(g->code, vs[vi].code, 12) == 0)
				v = &vs[vi];
		if (v->street)
			snprintf(addr, sizeof(addr), "%s%s%d号%d栋", v->name, v->street, 1 + hh / 40,
				 1 + hh % 40);
		else
			snprintf(addr, sizeof(addr), "%s%s%d号", v->name, g->name, 1 + hh % 997 + hh / 997 * 1000);
		memset(&h, 0, sizeof(h));
		h.area_id = g->id;
		h.area_code = g->code;
		h.address = addr;
		h.is_demo = 1;
		if ((rc = db_household_insert(c, &h)))
			goto out;
		hh++;
		for (m = 0; m < size && made < people; m++, made++) {
			bool male = m == 0 ? rnd(&r, 4) != 0 : rnd(&r, 2) == 0;
			int age = m == 0 ? head_age
				  : m == 1 ? head_age - 3 + (int)rnd(&r, 7)
					   : (int)rnd(&r, (uint32_t)(head_age > 20 ? head_age - 18 : 2)) + (m > 3 ? 60 : 0);
			uint32_t roll = rnd(&r, 100);

			if (age > 99)
				age = 99;
			if (age < 0)
				age = 1;
			memset(&p, 0, sizeof(p));
			make_name(&r, m == 1 ? surnames[rnd(&r, sizeof(surnames) / sizeof(surnames[0]))]
					     : surname,
				  name, sizeof(name));
			make_id(&r, ids, age, male, idn, birth);
			p.name = name;
			p.birth_date = birth;
			p.gender = male ? "M" : "F";
			/* about one child in twenty and some newcomers have no ID number on file */
			if (!(age < 16 && rnd(&r, 20) == 0))
				p.id_number = idn;
			if (age >= 16 && rnd(&r, 10) != 0) {
				make_phone(&r, phone);
				p.phone = phone;
			}
			p.household_id = h.id;
			p.relation = m == 0 ? "户主" : m == 1 ? "配偶" : age < 30 ? "子女" : "父母";
			p.area_id = g->id;
			p.area_code = g->code;
			p.residence = (char *)residence_keys[roll < 84 ? RES_REGISTERED
							     : roll < 93 ? RES_REGISTERED_AWAY
							     : roll < 98 ? RES_RESIDENT
									 : RES_FLOATING];
			tags[0] = '\0';
			if (age >= 22 && rnd(&r, 100) < 7)
				strcat(tags, "party_member");
			if (age >= 18 && age < 60 && rnd(&r, 100) < 2)
				strcat(tags, *tags ? ",volunteer" : "volunteer");
			p.tags = tags;
			p.notes = "演示数据 demo";
			p.is_demo = 1;
			if ((rc = db_person_insert(c, &p)))
				goto out;
			if (m == 0) {
				h.head_id = p.id;
				if ((rc = db_household_update(c, &h)))
					goto out;
			}
		}
	}

out:
	*rp = r;
	return rc;
}

/* The district's other towns and streets (雨湖区), in the order `fangyi demo --towns N` adds
 * them after 鹤岭镇.  Codes are local to the demo, as the villages' are. */
static const struct {
	const char *code, *name, *pinyin;
} district_towns[] = {
	{"430302101000", "姜畲镇", "jiangshe"},	  {"430302102000", "长城乡", "changcheng"},
	{"430302103000", "楠竹山镇", "nanzhushan"}, {"430302001000", "雨湖路街道", "yuhulu"},
	{"430302002000", "城正街街道", "chengzheng"}, {"430302003000", "广场街道", "guangchang"},
	{"430302004000", "云塘街道", "yuntang"},	  {"430302005000", "窑湾街道", "yaowan"},
	{"430302006000", "先锋街道", "xianfeng"},	  {"430302007000", "万楼街道", "wanlou"},
	{"430302008000", "昭潭街道", "zhaotan"},
};
#define DEMO_TOWNS_MAX (1 + (int)(sizeof(district_towns) / sizeof(district_towns[0])))

static const char *const village_names[] = {
	"金桥村", "民主村", "新塘村", "团结村", "青山村", "湖塘村", "杉木村", "胜利村", "丰收村",
};
static const char *const community_names[] = {
	"建设社区", "和平社区", "光明社区", "湖滨社区", "育才社区", "新城社区", "友谊社区",
	"文化社区", "平安社区", "滨江社区", "春晖社区", "工人社区", "中山社区", "东方社区",
	"北岸社区", "桥头社区", "花园社区", "站前社区", "南湖社区", "雨湖社区", "西城社区",
	"学坪社区", "金霞社区", "宝塔社区",
};

/* The district's command post over every town, and the work it sends them. */
static int
district_tasks(struct dbc *c, struct arena *a, const char *district_user, const char *town_code,
	       const char *admin_name, struct fault *f)
{
	static const struct {
		const char *title, *priority, *source;
		int days_ago, hour, hours;
	} work[] = {
		{"核查区指挥部转来的返乡人员名单，逐一落实居家观察", "urgent", "big_data", 1, 17, 24},
		{"上报本乡镇卡口值守和物资储备情况", "normal", "meeting", 0, 8, 30},
	};
	struct svc s;
	struct user du, owner;
	struct svc_task_in in;
	int64_t id;
	int i, rc;

	if ((rc = db_user_get_by_name(c, a, district_user, &du)) ||
	    (rc = db_user_get_by_name(c, a, admin_name, &owner)))
		return rc;
	svc_local(&s, c, a, f);
	s.user = &du;
	s.scope = arena_strndup(a, du.area_code, 6);
	for (i = 0; i < (int)(sizeof(work) / sizeof(work[0])); i++) {
		int64_t at = demo_at(work[i].days_ago, work[i].hour * 60 + 10 * i);

		if (at > demo_now())
			continue;
		clock_pin(at);
		memset(&in, 0, sizeof(in));
		in.title = work[i].title;
		in.area_code = town_code;
		in.owner_id = owner.id;
		in.deadline = at + (int64_t)work[i].hours * 3600;
		in.priority = work[i].priority;
		in.source = work[i].source;
		if ((rc = svc_task_open(&s, &in, &id)))
			return rc;
	}
	return 0;
}

/* Town k (1-based after 鹤岭镇) of the district: its villages or communities with their grids,
 * residents, its administrator's login, key persons in their observation days and the
 * district's tasks to it. */
static int
demo_other_town(struct dbc *c, struct arena *a, struct rng *r, struct idset *ids, int k, int people,
		unsigned seed, struct demo_login *l, struct fault *f)
{
	struct village vs[3];
	struct area town, vil[3], grids[12];
	const char *codes[3];
	const char *tc = district_towns[k - 1].code, *tn = district_towns[k - 1].name;
	bool street = strstr(tn, "街道") != NULL;
	int vi, ngrids = 0, rc;
	char *admin_name = arena_printf(a, "admin.%.3s", tc + 6);

	clock_pin(demo_at(21, 9 * 60));
	if ((rc = demo_town_init(c, "430302000000", "雨湖区", tc, tn, f)) ||
	    (rc = db_area_get_by_code(c, a, tc, &town)))
		return rc;
	for (vi = 0; vi < 3; vi++) {
		int j = ((k - 1) * 3 + vi);

		vs[vi].code = arena_printf(a, "%.9s%03d", tc, street ? vi + 1 : 201 + vi);
		vs[vi].name = street ? community_names[j % 24] : village_names[j % 9];
		vs[vi].kind = street ? "community" : "village";
		vs[vi].street = street ? "" : NULL;
		vs[vi].pinyin = district_towns[k - 1].pinyin;
		vs[vi].grids = 3 + vi % 2;
		codes[vi] = vs[vi].code;
	}
	if ((rc = add_villages(c, a, &town, vs, 3, vil, grids, &ngrids)) ||
	    (rc = add_residents(c, r, ids, vs, 3, grids, ngrids, -1, people)) ||
	    (rc = add_user(c, admin_name, "admin", town.id, arena_printf(a, "%s指挥部", tn), l)))
		return rc;
	l->area = tn;
	return demo_monitor_town(c, a, seed + (unsigned)k, admin_name, codes, 3, 6, f);
}

int
demo_build(struct dbc *c, int people, int towns, unsigned seed, struct demo_login *logins,
	   int *ret_nlogins, struct fault *f)
{
	struct arena *a = arena_new();
	struct rng r = {seed ? seed * 0x9E3779B97F4A7C15ULL : 0x2020012500000001ULL};
	struct idset ids;
	struct area town, vil[NVILLAGES], *grids = NULL;
	int ngrids = 0, gi, vi, rc;
	char *existing;
	struct person p;
	char name[64], idn[19], birth[11], phone[12];
	char *gw_name[128], *gw_phone[128], *doc_name[NVILLAGES], *doc_phone[NVILLAGES];
	int home_grid = 0, k, others = people / 4 < 30 ? 30 : people / 4;

	if (a == NULL)
		return ERR_NOMEM;
	if (towns < 1 || towns > DEMO_TOWNS_MAX) {
		arena_free(a);
		return fault_setf(f, ERR_INVALID, "towns", "--towns 应为 1 到 %d（雨湖区的乡镇街道数）",
				  "--towns must be 1 to %d (the towns and streets of 雨湖区)",
				  DEMO_TOWNS_MAX);
	}
	if (db_setting_get(c, a, "town_code", &existing) == 0) {
		rc = fault_setf(f, ERR_CONFLICT, "db", "该数据库已有镇 %s 的数据：演示数据请用新的数据库文件",
				"this database holds town %s already: build the demo in a new database file",
				existing);
		arena_free(a);
		return rc;
	}
	ids.cap = 1;
	while (ids.cap < ((size_t)people + (size_t)(towns - 1) * (size_t)others) * 2 + 512)
		ids.cap <<= 1;
	if ((ids.slot = calloc(ids.cap, sizeof(*ids.slot))) == NULL) {
		arena_free(a);
		return ERR_NOMEM;
	}
	/* the registry was typed in three weeks before: the fortnight's records come after it */
	t0 = clock_now();
	clock_pin(demo_at(21, 9 * 60));
	if ((rc = dbc_begin(c)))
		goto out;
	if ((rc = demo_town_init(c, "430302000000", "雨湖区", "430302100000", "鹤岭镇", f)) ||
	    (rc = db_area_get_by_code(c, a, "430302100000", &town)))
		goto out;
	grids = arena_alloc(a, sizeof(*grids) * 128);
	if ((rc = add_villages(c, a, &town, villages, NVILLAGES, vil, grids, &ngrids)))
		goto out;
	for (gi = 0; gi < ngrids; gi++)
		if (strcmp(grids[gi].code, YUNLONG_GRID1) == 0)
			home_grid = gi;
	if ((rc = add_residents(c, &r, &ids, villages, NVILLAGES, grids, ngrids, home_grid, people)))
		goto out;

	/* staff: one grid worker per grid and one doctor per village, tagged in the registry */
	for (gi = 0; gi < ngrids; gi++) {
		memset(&p, 0, sizeof(p));
		make_name(&r, surnames[rnd(&r, sizeof(surnames) / sizeof(surnames[0]))], name,
			  sizeof(name));
		make_id(&r, &ids, 28 + (int)rnd(&r, 25), rnd(&r, 2), idn, birth);
		make_phone(&r, phone);
		p.name = name;
		p.id_number = idn;
		p.birth_date = birth;
		p.gender = (idn[16] - '0') % 2 ? "M" : "F";
		p.phone = phone;
		p.area_id = grids[gi].id;
		p.area_code = grids[gi].code;
		p.residence = "registered";
		p.tags = (gi % 3 == 0) ? "party_member,grid_worker" : "grid_worker";
		p.notes = "演示数据 demo";
		p.is_demo = 1;
		p.relation = "";
		if ((rc = db_person_insert(c, &p)))
			goto out;
		gw_name[gi] = arena_strdup(a, name);
		gw_phone[gi] = arena_strdup(a, phone);
	}
	for (vi = 0; vi < NVILLAGES; vi++) {
		memset(&p, 0, sizeof(p));
		make_name(&r, surnames[rnd(&r, sizeof(surnames) / sizeof(surnames[0]))], name,
			  sizeof(name));
		make_id(&r, &ids, 35 + (int)rnd(&r, 25), rnd(&r, 2), idn, birth);
		make_phone(&r, phone);
		p.name = name;
		p.id_number = idn;
		p.birth_date = birth;
		p.gender = (idn[16] - '0') % 2 ? "M" : "F";
		p.phone = phone;
		p.area_id = vil[vi].id;
		p.area_code = vil[vi].code;
		p.residence = "registered";
		p.tags = "village_doctor";
		p.notes = "演示数据 demo";
		p.is_demo = 1;
		p.relation = "";
		if ((rc = db_person_insert(c, &p)))
			goto out;
		doc_name[vi] = arena_strdup(a, name);
		doc_phone[vi] = arena_strdup(a, phone);
	}

	/* one login for each role */
	{
		struct area yl, yl1, district;
		int n = 0;

		if ((rc = db_area_get_by_code(c, a, "430302100201", &yl)) ||
		    (rc = db_area_get_by_code(c, a, "430302100201001", &yl1)) ||
		    (rc = db_area_get_by_code(c, a, "430302000000", &district)))
			goto out;
		if ((rc = add_user(c, "admin", "admin", town.id, "指挥部", &logins[n++])) ||
		    (rc = add_user(c, "secretary", "secretary", yl.id, "云龙村书记", &logins[n++])) ||
		    (rc = add_user(c, "grid", "grid", yl1.id, "云龙村1组网格员", &logins[n++])) ||
		    (rc = add_user(c, "doctor", "doctor", yl.id, "云龙村村医", &logins[n++])) ||
		    (rc = add_user(c, "checkpoint", "checkpoint", yl.id, "南谷互通卡口", &logins[n++])) ||
		    (rc = add_user(c, "viewer", "viewer", district.id, "雨湖区", &logins[n++])) ||
		    (rc = add_user(c, "auditor", "auditor", town.id, "审计", &logins[n++])))
			goto out;
		logins[0].area = "鹤岭镇";
		logins[1].area = "云龙村";
		logins[2].area = "云龙村1组";
		logins[3].area = "云龙村";
		logins[4].area = "云龙村";
		logins[5].area = "雨湖区";
		logins[6].area = "鹤岭镇";
		*ret_nlogins = n;
	}
	if ((rc = add_staff_users(c, a, grids, ngrids, vil, gw_name, gw_phone, doc_name, doc_phone)))
		goto out;
	/* donations and supplies (demo_supply.c) */
	if ((rc = demo_supply(c, f)))
		goto out;
	/* checkpoints and duty rosters */
	if ((rc = demo_checkpoint(c, a, f)))
		goto out;
	/* the sweep under way, publicity and gatherings */
	if ((rc = demo_sweep(c, a, seed, f)))
		goto out;
	/* key persons in their observation days, their checks and alerts (demo_monitor.c) */
	if ((rc = demo_monitor(c, a, seed, people, f)))
		goto out;
	/* tips from the public and the command post's tasks (demo_command.c) */
	if ((rc = demo_command(c, a, seed, f)))
		goto out;
	/* the district's other towns, and its command post over them all */
	if (towns > 1) {
		struct area district;
		int n = *ret_nlogins;

		if ((rc = db_area_get_by_code(c, a, "430302000000", &district)) ||
		    (rc = add_user(c, "district", "district", district.id, "雨湖区指挥部", &logins[n])))
			goto out;
		logins[n++].area = "雨湖区";
		for (k = 1; k < towns; k++) {
			if ((rc = demo_other_town(c, a, &r, &ids, k, others, seed, &logins[n], f)) ||
			    (rc = district_tasks(c, a, "district", district_towns[k - 1].code,
						 logins[n].username, f)))
				goto out;
			n++;
		}
		*ret_nlogins = n;
	}
	clock_pin(0);
	rc = dbc_commit(c);
out:
	clock_pin(0);
	if (rc)
		dbc_rollback(c);
	free(ids.slot);
	arena_free(a);
	return rc;
}


int
demo_admin_user(struct dbc *c, const char *town_code, const char *username, struct demo_login *l)
{
	struct arena *a = arena_new();
	struct area town;
	int rc;

	if (a == NULL)
		return ERR_NOMEM;
	if ((rc = db_area_get_by_code(c, a, town_code, &town)) == 0)
		rc = add_user(c, username, "admin", town.id, "指挥部", l);
	l->area = "";
	arena_free(a);
	return rc;
}
