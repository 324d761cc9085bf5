/* person.c: the registry's words for residence status and tags, as keys and as clerks write them.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "person.h"

const char *const residence_keys[RES__MAX] = {
    "registered",
    "registered_away",
    "resident",
    "floating",
};

const char *const residence_zh[RES__MAX] = {
    "户籍",
    "户籍外出",
    "常住",
    "流动",
};

const char *const tag_keys[TAG__MAX] = {
    "party_member", "grid_worker", "village_doctor", "volunteer", "model_household",
};

const char *const tag_zh[TAG__MAX] = {
    "党员", "网格员", "村医", "志愿者", "党员示范户",
};

struct word {
	const char *zh;
	int value;
};

/* What clerks write in the 人员类别 column, beyond the canonical words. */
static const struct word residence_words[] = {
    {"户籍", RES_REGISTERED},
    {"户籍在家", RES_REGISTERED},
    {"本地户籍", RES_REGISTERED},
    {"户籍人口", RES_REGISTERED},
    {"在家", RES_REGISTERED},
    {"外出", RES_REGISTERED_AWAY},
    {"户籍外出", RES_REGISTERED_AWAY},
    {"在外", RES_REGISTERED_AWAY},
    {"外出务工", RES_REGISTERED_AWAY},
    {"户籍在外", RES_REGISTERED_AWAY},
    {"常住", RES_RESIDENT},
    {"常住人口", RES_RESIDENT},
    {"非户籍常住", RES_RESIDENT},
    {"流动", RES_FLOATING},
    {"流动人口", RES_FLOATING},
    {"暂住", RES_FLOATING},
    {"暂住人口", RES_FLOATING},
    {"临时", RES_FLOATING},
};

static const struct word tag_words[] = {
    {"党员", TAG_PARTY_MEMBER},          {"中共党员", TAG_PARTY_MEMBER},
    {"共产党员", TAG_PARTY_MEMBER},      {"网格员", TAG_GRID_WORKER},
    {"村医", TAG_VILLAGE_DOCTOR},        {"村医生", TAG_VILLAGE_DOCTOR},
    {"乡村医生", TAG_VILLAGE_DOCTOR},    {"志愿者", TAG_VOLUNTEER},
    {"党员示范户", TAG_MODEL_HOUSEHOLD}, {"示范户", TAG_MODEL_HOUSEHOLD},
};

/* lookup tries the English keys (any letter case), then the Chinese words. */
static int
lookup(const char *s, const char *const *keys, int nkeys, const struct word *words, size_t nwords)
{
	size_t i;
	int k;

	if (s == NULL || *s == '\0')
		return -1;
	for (k = 0; k < nkeys; k++)
		if (strcasecmp(s, keys[k]) == 0)
			return k;
	for (i = 0; i < nwords; i++)
		if (strcmp(s, words[i].zh) == 0)
			return words[i].value;
	return -1;
}

int
residence_parse(const char *s)
{
	return lookup(s, residence_keys, RES__MAX, residence_words,
	              sizeof(residence_words) / sizeof(residence_words[0]));
}

int
tag_parse(const char *s)
{
	return lookup(s, tag_keys, TAG__MAX, tag_words, sizeof(tag_words) / sizeof(tag_words[0]));
}

bool
relation_is_head(const char *s)
{
	static const char *const heads[] = {"户主", "本人", "户主本人", "是", "head",
	                                    "self", "y",    "yes",      "1"};
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (strcasecmp(s, heads[i]) == 0)
			return true;
	return false;
}

static bool
iso_date(const char *s)
{
	int i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

int
person_age(const char *birth, const char *today)
{
	int age;

	if (!iso_date(birth) || !iso_date(today) || strcmp(birth, today) > 0)
		return -1;
	age = atoi(today) - atoi(birth);
	/* "MM-DD" compares as text: the birthday has not come yet this year */
	if (strcmp(today + 5, birth + 5) < 0)
		age--;
	return age;
}
