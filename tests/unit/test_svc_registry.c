/* test_svc_registry.c: the registry's operations called as the command line and the field app
 * call them, without HTTP: on a new SQLite file with every migration, two villages of a town. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "db_registry.h"
#include "err.h"
#include "svc_registry.h"
#include "t.h"

static char dir[] = "/tmp/fangyi-test-svc-XXXXXX";
static struct db *db;
static struct dbc *c;
static struct arena *a;

#define TOWN "430302100"
#define LIXIN "430302100202"   /* 立新村 */
#define YUNLONG "430302100201" /* 云龙村 */

/* A context acting inside the area whose code starts with scope (a village's 12 digits). */
static struct svc *
actor(struct svc *s, struct fault *f, const char *scope)
{
	memset(s, 0, sizeof(*s));
	memset(f, 0, sizeof(*f));
	s->db = c;
	s->arena = a;
	s->perms = ~0u;
	s->scope = scope;
	s->ip = "test";
	s->fault = f;
	return s;
}

/* The district and the town as `fangyi init` makes them; the villages and a grid through the
 * operation that adds areas. */
static void
seed(void)
{
	struct area d = {.code = (char *)"430302000000", .name = (char *)"雨湖区", .level = 1,
			 .kind = (char *)"district"};
	struct area t = {.code = (char *)TOWN "000", .name = (char *)"鹤岭镇", .level = 2,
			 .kind = (char *)"town"};
	struct area_input v1 = {.name = "立新村", .kind = "village", .parent_code = TOWN "000",
				.code = LIXIN};
	struct area_input v2 = {.name = "云龙村", .kind = "village", .parent_code = TOWN "000",
				.code = YUNLONG};
	struct area_input g = {.name = "1组", .kind = "grid", .parent_code = LIXIN};
	struct area ar;
	struct fault f;
	struct svc s;

	T_EQ_INT(db_area_insert(c, &d), 0);
	t.parent_id = d.id;
	T_EQ_INT(db_area_insert(c, &t), 0);
	actor(&s, &f, TOWN);
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_area_create(&s, &v1, &ar), 0);
	T_EQ_INT(svc_area_create(&s, &v2, &ar), 0);
	T_EQ_INT(svc_area_create(&s, &g, &ar), 0);
	T_EQ_STR(ar.code, LIXIN "001"); /* the next free grid code of its village */
	T_EQ_INT(ar.level, 4);
	T_EQ_INT(dbc_commit(c), 0);
}

/* What a clerk types with a Chinese input method comes back as the registry keeps it. */
static void
test_person_messy(void)
{
	struct person_input in = {
		.name = "  张　三 ",
		/* GB 11643's own example, full-width digits and a lower-case x */
		.id_number = "１１０１０５１９４９１２３１００２x",
		.phone = "＋８６ １３８－００１３－８０００",
		.relation = "本人",
		.tags = "党员、志愿者",
		.area_code = LIXIN "001",
	};
	struct person p, back;
	struct fault f;
	struct svc s;

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_person_create(actor(&s, &f, LIXIN), &in, &p), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_person_get(c, a, p.id, &back), 0);
	T_EQ_STR(back.name, "张 三"); /* the full-width space is a space, trimmed outside */
	T_EQ_STR(back.id_number, "11010519491231002X");
	T_EQ_STR(back.birth_date, "1949-12-31");
	T_EQ_STR(back.gender, "F");
	T_EQ_STR(back.phone, "13800138000");
	T_EQ_STR(back.relation, "户主");
	T_EQ_STR(back.tags, "party_member,volunteer");
	T_EQ_STR(back.residence, "registered");
	T_EQ_STR(back.area_code, LIXIN "001");

	/* a wrong check digit is refused on its field */
	in.id_number = "110105194912310021";
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_person_create(actor(&s, &f, LIXIN), &in, &p), ERR_INVALID);
	T_EQ_STR(f.field, "id_number");
	dbc_rollback(c);
}

/* An ID number registered in another village is taken, and nothing says whose or where. */
static void
test_person_elsewhere(void)
{
	struct person_input in = {.name = "李四"};
	struct person p, q;
	struct fault f;
	struct svc s;
	char idn[19];

	/* a valid number: the check digit of these 17 */
	{
		static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
		int i, sum = 0;

		memcpy(idn, "43030219900101123", 17);
		for (i = 0; i < 17; i++)
			sum += (idn[i] - '0') * w[i];
		idn[17] = "10X98765432"[sum % 11];
		idn[18] = '\0';
	}
	in.id_number = idn;
	in.area_code = YUNLONG;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_person_create(actor(&s, &f, YUNLONG), &in, &p), 0);
	T_EQ_INT(dbc_commit(c), 0);

	in.name = "李肆";
	in.area_code = LIXIN;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_person_create(actor(&s, &f, LIXIN), &in, &q), ERR_CONFLICT);
	T_EQ_STR(f.field, "id_number");
	T_EQ_STR(f.zh, ID_ELSEWHERE_ZH);
	T_EQ_STR(f.en, ID_ELSEWHERE_EN);
	T_ASSERT(strstr(f.zh, "#") == NULL && strstr(f.zh, "云龙") == NULL);
	dbc_rollback(c);

	/* the town sees both villages: the same number names the record */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_person_create(actor(&s, &f, TOWN), &in, &q), ERR_CONFLICT);
	T_ASSERT(strstr(f.zh, "李四") != NULL);
	dbc_rollback(c);

	/* and the person outside the village is not there for it */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_person_update(actor(&s, &f, LIXIN), p.id, &in, &q), ERR_NOTFOUND);
	dbc_rollback(c);
}

static void
test_household(void)
{
	struct household_input in = {.address = "立新村1组8号", .area_code = LIXIN "001",
				     .notes = "独居老人"};
	struct household h, back;
	struct fault f;
	struct svc s;
	int64_t persons, households;

	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_household_create(actor(&s, &f, LIXIN), &in, &h), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_INT(db_household_get(c, a, h.id, &back), 0);
	T_EQ_STR(back.address, "立新村1组8号");
	T_EQ_STR(back.area_code, LIXIN "001");
	T_EQ_STR(back.notes, "独居老人");
	T_EQ_INT(back.members, 0);
	T_EQ_INT(db_area_counts(c, LIXIN, &persons, &households), 0);
	T_EQ_INT(households, 1);

	/* the same address in the same grid is the same household */
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_household_create(actor(&s, &f, LIXIN), &in, &h), ERR_CONFLICT);
	T_EQ_STR(f.field, "address");
	dbc_rollback(c);

	/* another village's area is not the clerk's to use, nor the town itself */
	in.area_code = YUNLONG;
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_household_create(actor(&s, &f, LIXIN), &in, &h), ERR_INVALID);
	T_EQ_STR(f.field, "area_code");
	in.area_code = TOWN "000";
	T_EQ_INT(svc_household_create(actor(&s, &f, TOWN), &in, &h), ERR_INVALID);
	T_EQ_STR(f.field, "area_code");
	dbc_rollback(c);
}

/* An account: its name and role checked before any password is hashed, once per name. */
static void
test_user(void)
{
	struct user_input in = {.username = "Wang", .role = "grid", .area_code = LIXIN "001",
				.phone = "１３８００１３８０００", .disabled = -1};
	struct user u;
	struct fault f;
	struct svc s;

	T_EQ_INT(svc_user_check(actor(&s, &f, TOWN), &in), ERR_INVALID);
	T_EQ_STR(f.field, "username");
	in.username = "wang";
	in.area_code = LIXIN; /* a grid worker sits at a grid */
	T_EQ_INT(svc_user_check(actor(&s, &f, TOWN), &in), ERR_INVALID);
	T_EQ_STR(f.field, "area_code");
	in.area_code = LIXIN "001";
	T_EQ_INT(svc_user_check(actor(&s, &f, YUNLONG), &in), ERR_INVALID); /* not the clerk's */
	T_EQ_INT(svc_user_check(actor(&s, &f, TOWN), &in), 0);
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_user_create(actor(&s, &f, TOWN), &in, &u), ERR_INVALID); /* no hash */
	T_EQ_STR(f.field, "password");
	in.pwhash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$stand-in";
	T_EQ_INT(svc_user_create(actor(&s, &f, TOWN), &in, &u), 0);
	T_EQ_INT(dbc_commit(c), 0);
	T_EQ_STR(u.username, "wang");
	T_EQ_STR(u.role, "grid");
	T_EQ_STR(u.phone, "13800138000");
	T_EQ_INT(dbc_begin(c), 0);
	T_EQ_INT(svc_user_create(actor(&s, &f, TOWN), &in, &u), ERR_CONFLICT);
	T_EQ_STR(f.field, "username");
	dbc_rollback(c);
}

int
main(void)
{
	struct fault f = {0};
	char path[64];

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/t.db", dir);
	if (db_open(path, 1, &db, &f)) {
		fprintf(stderr, "test_svc_registry: %s\n", f.en);
		return 1;
	}
	c = db_acquire(db);
	a = arena_new();
	T_RUN(seed);
	T_RUN(test_person_messy);
	T_RUN(test_person_elsewhere);
	T_RUN(test_household);
	T_RUN(test_user);
	arena_free(a);
	db_release(c);
	db_close(db);
	{
		const char *const side[] = {"t.db", "t.db-wal", "t.db-shm"};
		size_t i;

		for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, side[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	return T_DONE();
}
