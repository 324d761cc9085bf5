/* test_person.c: residence status, tags and "relation to head" as clerks write them. */
#include "person.h"
#include "t.h"

static void
test_residence(void)
{
	int i;

	for (i = 0; i < RES__MAX; i++) {
		T_EQ_INT(residence_parse(residence_keys[i]), i);
		T_EQ_INT(residence_parse(residence_zh[i]), i);
	}
	T_EQ_STR(residence_keys[RES_REGISTERED_AWAY], "registered_away");
	T_EQ_INT(residence_parse("户籍"), RES_REGISTERED);
	T_EQ_INT(residence_parse("户籍在家"), RES_REGISTERED);
	T_EQ_INT(residence_parse("本地户籍"), RES_REGISTERED);
	T_EQ_INT(residence_parse("在家"), RES_REGISTERED);
	T_EQ_INT(residence_parse("外出"), RES_REGISTERED_AWAY);
	T_EQ_INT(residence_parse("户籍外出"), RES_REGISTERED_AWAY);
	T_EQ_INT(residence_parse("在外"), RES_REGISTERED_AWAY);
	T_EQ_INT(residence_parse("外出务工"), RES_REGISTERED_AWAY);
	T_EQ_INT(residence_parse("户籍在外"), RES_REGISTERED_AWAY);
	T_EQ_INT(residence_parse("常住"), RES_RESIDENT);
	T_EQ_INT(residence_parse("常住人口"), RES_RESIDENT);
	T_EQ_INT(residence_parse("非户籍常住"), RES_RESIDENT);
	T_EQ_INT(residence_parse("流动"), RES_FLOATING);
	T_EQ_INT(residence_parse("流动人口"), RES_FLOATING);
	T_EQ_INT(residence_parse("暂住"), RES_FLOATING);
	T_EQ_INT(residence_parse("临时"), RES_FLOATING);
	T_EQ_INT(residence_parse("Floating"), RES_FLOATING);
	T_EQ_INT(residence_parse(""), -1);
	T_EQ_INT(residence_parse(NULL), -1);
	T_EQ_INT(residence_parse("外星"), -1);
	T_EQ_INT(residence_parse("registered away"), -1);
}

static void
test_tags(void)
{
	int i;

	for (i = 0; i < TAG__MAX; i++) {
		T_EQ_INT(tag_parse(tag_keys[i]), i);
		T_EQ_INT(tag_parse(tag_zh[i]), i);
	}
	T_EQ_INT(tag_parse("党员"), TAG_PARTY_MEMBER);
	T_EQ_INT(tag_parse("网格员"), TAG_GRID_WORKER);
	T_EQ_INT(tag_parse("村医"), TAG_VILLAGE_DOCTOR);
	T_EQ_INT(tag_parse("村医生"), TAG_VILLAGE_DOCTOR);
	T_EQ_INT(tag_parse("乡村医生"), TAG_VILLAGE_DOCTOR);
	T_EQ_INT(tag_parse("志愿者"), TAG_VOLUNTEER);
	T_EQ_INT(tag_parse("党员示范户"), TAG_MODEL_HOUSEHOLD);
	T_EQ_INT(tag_parse("示范户"), TAG_MODEL_HOUSEHOLD);
	T_EQ_INT(tag_parse("party_member"), TAG_PARTY_MEMBER);
	T_EQ_INT(tag_parse("VOLUNTEER"), TAG_VOLUNTEER);
	T_EQ_INT(tag_parse("医生"), -1);
	T_EQ_INT(tag_parse(""), -1);
	T_EQ_INT(tag_parse(NULL), -1);
}

static void
test_head(void)
{
	T_ASSERT(relation_is_head("户主"));
	T_ASSERT(relation_is_head("本人"));
	T_ASSERT(relation_is_head("是"));
	T_ASSERT(relation_is_head("head"));
	T_ASSERT(relation_is_head("Self"));
	T_ASSERT(relation_is_head("Y"));
	T_ASSERT(relation_is_head("yes"));
	T_ASSERT(relation_is_head("1"));
	T_ASSERT(!relation_is_head("妻"));
	T_ASSERT(!relation_is_head("子"));
	T_ASSERT(!relation_is_head("否"));
	T_ASSERT(!relation_is_head("0"));
	T_ASSERT(!relation_is_head(""));
	T_ASSERT(!relation_is_head(NULL));
}

static void
test_age(void)
{
	T_EQ_INT(person_age("1990-05-17", "2020-05-16"), 29);
	T_EQ_INT(person_age("1990-05-17", "2020-05-17"), 30);
	T_EQ_INT(person_age("1990-05-17", "2020-12-31"), 30);
	T_EQ_INT(person_age("2020-01-25", "2020-01-25"), 0);
	T_EQ_INT(person_age("1949-12-31", "2020-01-01"), 70);
	/* born on 29 February: a year older on 1 March of a common year */
	T_EQ_INT(person_age("2000-02-29", "2021-02-28"), 20);
	T_EQ_INT(person_age("2000-02-29", "2021-03-01"), 21);
	T_EQ_INT(person_age("2000-02-29", "2024-02-29"), 24);
	T_EQ_INT(person_age("2021-01-01", "2020-12-31"), -1);
	T_EQ_INT(person_age("19900517", "2020-05-17"), -1);
	T_EQ_INT(person_age("", "2020-05-17"), -1);
	T_EQ_INT(person_age(NULL, "2020-05-17"), -1);
	T_EQ_INT(person_age("1990-05-17", NULL), -1);
}

int
main(void)
{
	T_RUN(test_age);
	T_RUN(test_residence);
	T_RUN(test_tags);
	T_RUN(test_head);
	return T_DONE();
}
