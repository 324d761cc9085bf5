/* test_match.c: a district list's rows against a small registry: every class, every way of typing a key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "idnum.h"
#include "match.h"
#include "t.h"

/* with_check returns the 18-character ID number of 17 digits, its check character computed */
static const char *
with_check(struct arena *a, const char *first17)
{
	return arena_printf(a, "%s%c", first17, idnum_check_char(first17));
}

/* wrong_check is the same ID number with another check character */
static const char *
wrong_check(struct arena *a, const char *first17)
{
	char c = idnum_check_char(first17);

	return arena_printf(a, "%s%c", first17, c == '0' ? '1' : '0');
}

/* fullwidth writes an ASCII string with every character full-width, as Excel on a Chinese
 * input method leaves digits */
static const char *
fullwidth(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
	unsigned cp;

	for (; *s; s++) {
		cp = (unsigned char)*s + 0xfee0u;
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	*o = '\0';
	return out;
}

static struct arena *A;
static struct match_index *IDX;
static const char *X_PREFIX; /* 17 digits whose check character is X */

enum {
	ZHANG_WEI, LI_NA, WANG_HUA, LIU_GUOQIANG, CHEN_MING, CHEN_LIANG, FU_JUN, ZHAO_MIN_1,
	ZHAO_MIN_3, HUANG_MING, ZHOU_JIE, NPERSONS
};

static void
setup(void)
{
	static struct match_person p[NPERSONS];
	char pre[18];
	int i;

	A = arena_new();
	for (i = 0; i < 100; i++) {
		snprintf(pre, sizeof(pre), "430302196606060%02d", i);
		if (idnum_check_char(pre) == 'X')
			break;
	}
	X_PREFIX = arena_strdup(A, pre);
	p[ZHANG_WEI] = (struct match_person){1, with_check(A, "43030219800101001"), "13812345678",
					     "张伟", NULL, "430302100201001", false};
	p[LI_NA] = (struct match_person){2, with_check(A, "43030219850202002"), "13900001111", "李娜",
					 NULL, "430302100201", true};
	p[WANG_HUA] = (struct match_person){3, NULL, "13700002468", "王华", "1975-05-05",
					    "430302100202", false};
	p[LIU_GUOQIANG] = (struct match_person){4, with_check(A, "43030219900303003"), "13600003333",
						"刘国强", NULL, "430302100202", false};
	p[CHEN_MING] = (struct match_person){5, NULL, "13500004444", "陈明", "1960-06-06",
					     "430302100203", false};
	p[CHEN_LIANG] = (struct match_person){6, NULL, "13500004444", "陈亮", "1988-08-08",
					      "430302100203", false};
	p[FU_JUN] = (struct match_person){7, NULL, "15000005555", "付军", "1985-07-07",
					  "430302100201002", false};
	p[ZHAO_MIN_1] = (struct match_person){8, NULL, NULL, "赵敏", "1970-01-01", "430302100201",
					      false};
	p[ZHAO_MIN_3] = (struct match_person){9, NULL, NULL, "赵敏", "1970-01-01", "430302100203",
					      true};
	p[HUANG_MING] = (struct match_person){10, with_check(A, "43030219720405041"), NULL, "黄明",
					      NULL, NULL, false};
	p[ZHOU_JIE] = (struct match_person){11, with_check(A, X_PREFIX), "18800007777", "周杰", NULL,
					    NULL, false};
	IDX = match_index_build(p, NPERSONS);
}

/* one row, no list around it: its class */
static struct match_verdict V;

static enum match_class
row(const char *id, const char *phone, const char *name, const char *birth, const char *village)
{
	struct match_row r = {1, id, phone, name, birth, village};

	memset(&V, 0xa5, sizeof(V));
	if (match_row(IDX, NULL, &r, &V) != 0)
		return MATCH__MAX;
	return V.cls;
}

static bool
cand_has(uint32_t person, enum match_reason why)
{
	size_t i;

	for (i = 0; i < V.ncand; i++)
		if (V.cand[i].person == person && V.cand[i].reason == why)
			return true;
	return false;
}

static void
test_by_id(void)
{
	T_EQ_INT(row(with_check(A, "43030219800101001"), NULL, NULL, NULL, NULL), MATCH_FOUND);
	T_EQ_INT(V.reason, MATCH_BY_ID);
	T_EQ_INT(V.person, ZHANG_WEI);
	T_EQ_INT(V.person_id, 1);
	/* full-width digits, spaces inside */
	T_EQ_INT(row(fullwidth(A, with_check(A, "43030219800101001")), NULL, "张伟", NULL, NULL),
		 MATCH_FOUND);
	T_EQ_INT(V.person, ZHANG_WEI);
	T_EQ_STR(V.id_number, with_check(A, "43030219800101001"));
	/* a lowercase x */
	T_EQ_INT(row(arena_printf(A, "%sx", X_PREFIX), NULL, NULL, NULL, NULL), MATCH_FOUND);
	T_EQ_INT(V.person, ZHOU_JIE);
	T_EQ_STR(V.id_number, arena_printf(A, "%sX", X_PREFIX));
	/* the old 15 digits, upgraded */
	T_EQ_INT(row("430302720405041", NULL, NULL, NULL, NULL), MATCH_FOUND);
	T_EQ_INT(V.person, HUANG_MING);
	T_EQ_STR(V.birth, "1972-04-05");
	/* the ID number decides even when the phone is someone else's */
	T_EQ_INT(row(with_check(A, "43030219900303003"), "13812345678", "刘国强", NULL, NULL),
		 MATCH_FOUND);
	T_EQ_INT(V.person, LIU_GUOQIANG);
}

static void
test_watched(void)
{
	T_EQ_INT(row(with_check(A, "43030219850202002"), NULL, NULL, NULL, NULL), MATCH_WATCHED);
	T_EQ_INT(V.person, LI_NA);
	T_EQ_INT(V.person_id, 2);
	T_EQ_INT(row(NULL, "+86 139-0000-1111", "李娜", NULL, NULL), MATCH_WATCHED);
	T_EQ_INT(V.reason, MATCH_BY_PHONE);
	T_EQ_STR(V.phone, "13900001111");
	T_EQ_INT(row("", "0086 13900001111", "", "", ""), MATCH_WATCHED);
	T_EQ_INT(row(NULL, NULL, "赵敏", "1970-01-01", "430302100203"), MATCH_WATCHED);
	T_EQ_INT(V.person, ZHAO_MIN_3);
}

static void
test_by_phone(void)
{
	T_EQ_INT(row(NULL, "138 1234 5678", NULL, NULL, NULL), MATCH_FOUND);
	T_EQ_INT(V.person, ZHANG_WEI);
	T_EQ_INT(V.reason, MATCH_BY_PHONE);
	T_EQ_INT(row(NULL, fullwidth(A, "+86-138-1234-5678"), "张 伟", NULL, NULL), MATCH_FOUND);
	T_EQ_INT(V.person, ZHANG_WEI);
	T_EQ_INT(row(NULL, "(138)1234.5678", "张伟", NULL, NULL), MATCH_FOUND);
	/* a family on one phone: the name says which of them */
	T_EQ_INT(row(NULL, "13500004444", "陈亮", NULL, NULL), MATCH_FOUND);
	T_EQ_INT(V.person, CHEN_LIANG);
	T_EQ_INT(row(NULL, "13500004444", NULL, NULL, NULL), MATCH_POSSIBLE);
	T_EQ_INT(V.reason, MATCH_SEVERAL);
	T_EQ_INT(V.ncand, 2);
	T_ASSERT(cand_has(CHEN_MING, MATCH_SEVERAL) && cand_has(CHEN_LIANG, MATCH_SEVERAL));
	/* the phone of someone else, nothing else to go on */
	T_EQ_INT(row(NULL, "13812345678", "马云", NULL, NULL), MATCH_NOT_FOUND);
}

static void
test_near_phone(void)
{
	/* one digit off */
	T_EQ_INT(row(NULL, "13700002469", "王华", NULL, NULL), MATCH_POSSIBLE);
	T_EQ_INT(V.reason, MATCH_NEAR_PHONE);
	T_EQ_INT(V.ncand, 1);
	T_ASSERT(cand_has(WANG_HUA, MATCH_NEAR_PHONE));
	T_EQ_INT(V.cand[0].id, 3);
	/* two neighbouring digits swapped */
	T_EQ_INT(row(NULL, "13700002486", "王华", NULL, NULL), MATCH_POSSIBLE);
	T_ASSERT(cand_has(WANG_HUA, MATCH_NEAR_PHONE));
	T_EQ_INT(row(NULL, "13700006428", "王华", NULL, NULL), MATCH_NOT_FOUND); /* not neighbours */
	T_EQ_INT(row(NULL, "13700002400", "王华", NULL, NULL), MATCH_NOT_FOUND); /* two digits */
	/* another name: a stranger's near number is no one */
	T_EQ_INT(row(NULL, "13700002469", "王芳", NULL, NULL), MATCH_NOT_FOUND);
	/* a variant of the name still finds it */
	T_EQ_INT(row(NULL, "13700002469", "王華", NULL, NULL), MATCH_POSSIBLE);
	/* a birth date that disagrees says it is someone else */
	T_EQ_INT(row(NULL, "13700002469", "王华", "2001-01-01", NULL), MATCH_NOT_FOUND);
}

static void
test_near_id(void)
{
	T_EQ_INT(row(wrong_check(A, "43030219900303003"), NULL, NULL, NULL, NULL), MATCH_POSSIBLE);
	T_EQ_INT(V.reason, MATCH_NEAR_ID_CHECK);
	T_ASSERT(cand_has(LIU_GUOQIANG, MATCH_NEAR_ID_CHECK));
	T_EQ_STR(V.id_number, ""); /* not a valid ID number: nothing stored as one */
	T_EQ_STR(V.birth, "");     /* nor a birth date taken from it */
	/* with the name too: still only possible, the birth date in a wrong number vouches for
	 * nothing */
	T_EQ_INT(row(wrong_check(A, "43030219900303003"), NULL, "刘国强", NULL, NULL), MATCH_POSSIBLE);
	T_ASSERT(cand_has(LIU_GUOQIANG, MATCH_NEAR_ID_CHECK));
	/* a wrong check character of nobody's 17 digits is still a key, just not a hit */
	T_EQ_INT(row(wrong_check(A, "43030219900303099"), NULL, NULL, NULL, NULL), MATCH_NOT_FOUND);
}

static void
test_near_name(void)
{
	char out[64];

	T_EQ_INT(match_name_fold("華 國", out, sizeof(out)), strlen("华国"));
	T_EQ_STR(out, "华国");
	match_name_fold("傅軍", out, sizeof(out));
	T_EQ_STR(out, "付军");
	match_name_fold("蕭　紅", out, sizeof(out));
	T_EQ_STR(out, "肖红");
	match_name_fold("ＭＡＲＹ.ｊａｎｅ", out, sizeof(out));
	T_EQ_STR(out, "mary·jane");

	T_EQ_INT(row(NULL, NULL, "劉國強", "1990-03-03", NULL), MATCH_POSSIBLE);
	T_EQ_INT(V.reason, MATCH_NEAR_NAME);
	T_ASSERT(cand_has(LIU_GUOQIANG, MATCH_NEAR_NAME));
	T_EQ_INT(row(NULL, NULL, "傅军", "19850707", NULL), MATCH_POSSIBLE);
	T_ASSERT(cand_has(FU_JUN, MATCH_NEAR_NAME));
	T_EQ_INT(row(NULL, "15000005555", "傅军", NULL, NULL), MATCH_POSSIBLE);
	T_ASSERT(cand_has(FU_JUN, MATCH_NEAR_NAME));
	T_EQ_INT(row(NULL, NULL, "傅军", "1985-07-08", NULL), MATCH_NOT_FOUND);
}

static void
test_name_birth(void)
{
	T_EQ_INT(row(NULL, NULL, "刘国强", "1990/3/3", NULL), MATCH_FOUND);
	T_EQ_INT(V.reason, MATCH_BY_NAME_BIRTH);
	T_EQ_INT(V.person, LIU_GUOQIANG);
	T_EQ_INT(row(NULL, NULL, "刘国强", "1990年3月3日", NULL), MATCH_FOUND);
	T_EQ_INT(row(NULL, NULL, "刘国强", fullwidth(A, "19900303"), NULL), MATCH_FOUND);
	T_EQ_INT(row(NULL, NULL, "刘国强", "1990-03-03 00:00:00", NULL), MATCH_FOUND);
	T_EQ_STR(V.birth, "1990-03-03");
	/* with a village: the grid's code begins with the village's */
	T_EQ_INT(row(NULL, NULL, "付军", "1985-07-07", "430302100201"), MATCH_FOUND);
	T_EQ_INT(V.person, FU_JUN);
	T_EQ_INT(row(NULL, NULL, "赵敏", "1970-01-01", "430302100201"), MATCH_FOUND);
	T_EQ_INT(V.person, ZHAO_MIN_1);
	/* without one, two people share name and birth: a clerk's case */
	T_EQ_INT(row(NULL, NULL, "赵敏", "1970-01-01", NULL), MATCH_POSSIBLE);
	T_EQ_INT(V.reason, MATCH_SEVERAL);
	T_ASSERT(cand_has(ZHAO_MIN_1, MATCH_SEVERAL) && cand_has(ZHAO_MIN_3, MATCH_SEVERAL));
	T_ASSERT(V.cand[0].watched != V.cand[1].watched);
	/* in a village where neither lives */
	T_EQ_INT(row(NULL, NULL, "赵敏", "1970-01-01", "430302100209"), MATCH_POSSIBLE);
	T_EQ_INT(V.reason, MATCH_NEAR_VILLAGE);
	T_EQ_INT(V.ncand, 2);
	/* the birth date in a row's ID number, when the ID number itself is nobody's */
	T_EQ_INT(row(with_check(A, "43030219900303777"), NULL, "刘国强", NULL, NULL), MATCH_FOUND);
	T_EQ_INT(V.reason, MATCH_BY_NAME_BIRTH);
}

static void
test_not_found(void)
{
	T_EQ_INT(row(with_check(A, "11010519491231002"), NULL, NULL, NULL, NULL), MATCH_NOT_FOUND);
	T_EQ_INT(row(NULL, "18612345678", NULL, NULL, NULL), MATCH_NOT_FOUND);
	T_EQ_INT(row(NULL, NULL, "刘国强", "1990-03-04", NULL), MATCH_NOT_FOUND);
}

static void
test_refused(void)
{
	T_EQ_INT(row(NULL, NULL, NULL, NULL, NULL), MATCH_REFUSED);
	T_EQ_STR(V.fault.field, "row");
	T_ASSERT(strstr(V.fault.zh, "身份证号") != NULL && strstr(V.fault.en, "ID number") != NULL);
	T_EQ_INT(row("  ", "", "", "", ""), MATCH_REFUSED);
	T_EQ_INT(row("12345", NULL, "张伟", NULL, NULL), MATCH_REFUSED);
	T_EQ_STR(V.fault.field, "id_number");
	T_ASSERT(strstr(V.fault.zh, "18位") != NULL);
	T_ASSERT(strstr(V.fault.en, "18 characters") != NULL);
	T_EQ_INT(row(NULL, "12345", NULL, NULL, NULL), MATCH_REFUSED);
	T_EQ_STR(V.fault.field, "phone");
	T_ASSERT(strstr(V.fault.en, "phone") != NULL && strstr(V.fault.zh, "手机号") != NULL);
	T_EQ_INT(row(NULL, NULL, "张伟", NULL, NULL), MATCH_REFUSED);
	T_EQ_STR(V.fault.field, "birth");
	T_EQ_INT(row(NULL, NULL, "张伟", "1980-02-30", NULL), MATCH_REFUSED);
	T_EQ_STR(V.fault.field, "birth");
	T_ASSERT(strstr(V.fault.en, "not a date") != NULL);
	T_EQ_INT(row(NULL, NULL, NULL, "1980-02-03", NULL), MATCH_REFUSED);
	T_EQ_STR(V.fault.field, "name");
	/* a bad ID number with a good phone is not refused: the phone is a key */
	T_EQ_INT(row("12345", "13812345678", NULL, NULL, NULL), MATCH_FOUND);
}

/* a whole list: duplicates by each key, and the counts adding up to the rows */
static void
test_list(void)
{
	const char *id_zw = with_check(A, "43030219800101001");
	struct match_row rows[] = {
		{2, id_zw, NULL, "张伟", NULL, NULL},
		{3, fullwidth(A, id_zw), NULL, NULL, NULL, NULL},     /* same ID, typed otherwise */
		{4, NULL, "+86 13812345678", "张伟", NULL, NULL},       /* same person found */
		{5, NULL, NULL, "张伟", "1980-01-01", NULL},            /* same name and birth */
		{6, NULL, "13500004444", "陈明", NULL, NULL},
		{7, NULL, "135 0000 4444", "陈亮", NULL, NULL},        /* family phone: not a repeat */
		{8, NULL, NULL, "无名", NULL, NULL},                   /* refused */
		{9, NULL, "13700002469", "王华", NULL, NULL},           /* possible */
		{10, with_check(A, "11010519491231002"), "18612345678", "钱多", NULL, NULL},
		{11, with_check(A, "11010519491231011"), "18612345678", "钱多", NULL, NULL},
		{12, NULL, "18612345678", "钱多", NULL, NULL},          /* repeat of line 10 */
		{13, NULL, "18612345678", "孙少", NULL, NULL},          /* same phone, other name */
		{14, with_check(A, "43030219850202002"), NULL, NULL, NULL, NULL},
		{15, NULL, NULL, "赵敏", "1970-01-01", "430302100203"},
		{16, NULL, NULL, "赵敏", "1970-01-01", "430302100201"}, /* another village */
		{17, NULL, NULL, "赵敏", "1970-1-1", NULL},             /* the same name and birth */
		{18, NULL, "13900001111", NULL, NULL, NULL},            /* the phone of line 14's */
	};
	enum match_class want[] = {
		MATCH_FOUND,     MATCH_DUPLICATE, MATCH_DUPLICATE, MATCH_DUPLICATE, MATCH_FOUND,
		MATCH_FOUND,     MATCH_REFUSED,   MATCH_POSSIBLE,  MATCH_NOT_FOUND, MATCH_NOT_FOUND,
		MATCH_DUPLICATE, MATCH_NOT_FOUND, MATCH_WATCHED,   MATCH_WATCHED,   MATCH_FOUND,
		MATCH_DUPLICATE, MATCH_DUPLICATE,
	};
	size_t n = sizeof(rows) / sizeof(rows[0]), i, counts[MATCH__MAX] = {0}, sum = 0;
	struct match_seen *seen = match_seen_new(n);
	struct match_verdict v;

	for (i = 0; i < n; i++) {
		T_EQ_INT(match_row(IDX, seen, &rows[i], &v), 0);
		if (v.cls != want[i])
			fprintf(stderr, "line %ld: %s, want %s\n", rows[i].line,
				match_class_word(v.cls), match_class_word(want[i]));
		T_EQ_INT(v.cls, want[i]);
		counts[v.cls]++;
		if (rows[i].line == 3 || rows[i].line == 4 || rows[i].line == 5)
			T_EQ_INT(v.first_line, 2);
		if (rows[i].line == 12)
			T_EQ_INT(v.first_line, 10);
		if (rows[i].line == 17)
			T_EQ_INT(v.first_line, 15);
		if (rows[i].line == 18)
			T_EQ_INT(v.first_line, 14);
	}
	for (i = 0; i < MATCH__MAX; i++)
		sum += counts[i];
	T_EQ_INT(sum, n);
	T_EQ_INT(counts[MATCH_DUPLICATE], 6);
	T_EQ_INT(counts[MATCH_REFUSED], 1);
	/* 17 rows, 6 repeats, one refused: 10 people */
	T_EQ_INT(match_seen_records(seen), 10);
	match_seen_free(seen);
	/* a full list says so rather than forgetting */
	seen = match_seen_new(1);
	T_EQ_INT(match_row(IDX, seen, &rows[0], &v), 0);
	T_EQ_INT(match_row(IDX, seen, &rows[4], &v), ERR_TOOBIG);
	T_EQ_INT(match_row(IDX, seen, &rows[1], &v), 0);
	T_EQ_INT(v.cls, MATCH_DUPLICATE);
	match_seen_free(seen);
}

/* the ID numbers match reads itself are the ones idnum_parse accepts, no more, no fewer */
static void
test_id_agrees(void)
{
	static const char *const births[] = {
		"19000101", "18991231", "19000229", "20000229", "19960229", "19970229", "19801231",
		"19801301", "19800100", "19800132", "19800431", "20991231", "00000000", "21000101",
	};
	struct idnum id;
	const char *s;
	size_t i;
	int c;

	for (i = 0; i < sizeof(births) / sizeof(births[0]); i++) {
		for (c = 0; c < 2; c++) {
			s = arena_printf(A, "430302%s123", births[i]);
			s = c ? wrong_check(A, s) : with_check(A, s);
			row(s, NULL, NULL, NULL, NULL);
			if (idnum_parse(s, &id, NULL) == 0) {
				T_EQ_STR(V.id_number, id.number);
				T_EQ_INT(V.cls, MATCH_NOT_FOUND);
			} else {
				T_EQ_STR(V.id_number, "");
				/* a real date with a wrong check character is a near key, not nothing */
				T_EQ_INT(V.cls, c && idnum_parse(with_check(A, arena_printf(A, "430302%s123", births[i])),
								  &id, NULL) == 0
							? MATCH_NOT_FOUND
							: MATCH_REFUSED);
			}
		}
	}
}

/* a registry large enough to be read in two halves at once: every person is still theirs */
static void
test_big_registry(void)
{
	size_t n = 70000, i, bad = 0;
	struct match_person *p = arena_alloc(A, n * sizeof(*p));
	struct match_index *idx;
	struct match_verdict v;
	char pre[18];

	for (i = 0; i < n; i++) {
		snprintf(pre, sizeof(pre), "4303021960%02zu%02zu%03zu", 1 + i % 12, 1 + i / 12 % 28,
			 i / 336);
		p[i].id = (int64_t)i + 100;
		p[i].id_number = with_check(A, pre);
		p[i].phone = arena_printf(A, "139%08zu", i);
		p[i].name = arena_printf(A, "%s%zu", i % 2 ? "王" : "Ma.", i);
		p[i].watched = i % 7 == 0;
	}
	idx = match_index_build(p, n);
	T_ASSERT(idx != NULL);
	for (i = 0; i < n; i += 7) {
		struct match_row r = {1, p[i].id_number, NULL, NULL, NULL, NULL};
		struct match_row byname = {1, NULL, NULL, p[i].name,
					   arena_printf(A, "1960-%.2s-%.2s", p[i].id_number + 10,
							p[i].id_number + 12),
					   NULL};

		match_row(idx, NULL, &r, &v);
		bad += v.person_id != (int64_t)i + 100 || v.cls != MATCH_WATCHED;
		match_row(idx, NULL, &byname, &v);
		bad += v.person_id != (int64_t)i + 100 || v.reason != MATCH_BY_NAME_BIRTH;
	}
	T_EQ_INT(bad, 0);
	match_index_free(idx);
}

/* a small deterministic generator for the messy lists below */
static unsigned long SEED = 20200125;

static size_t
rnd(size_t n)
{
	SEED = SEED * 6364136223846793005ul + 1442695040888963407ul;
	return (size_t)(SEED >> 33) % n;
}

/* same_verdict: everything a caller reads of two verdicts agrees */
static bool
same_verdict(const struct match_verdict *a, const struct match_verdict *b)
{
	size_t i;

	if (a->cls != b->cls || a->reason != b->reason || a->ncand != b->ncand ||
	    a->more != b->more || a->fault.code != b->fault.code ||
	    strcmp(a->fault.field, b->fault.field) != 0 || strcmp(a->fault.zh, b->fault.zh) != 0 ||
	    strcmp(a->fault.en, b->fault.en) != 0 || strcmp(a->id_number, b->id_number) != 0 ||
	    strcmp(a->phone, b->phone) != 0 || strcmp(a->birth, b->birth) != 0)
		return false;
	if ((a->cls == MATCH_FOUND || a->cls == MATCH_WATCHED) &&
	    (a->person != b->person || a->person_id != b->person_id))
		return false;
	if (a->cls == MATCH_DUPLICATE && a->first_line != b->first_line)
		return false;
	if (a->cls != MATCH_REFUSED && a->record != b->record)
		return false;
	for (i = 0; i < a->ncand; i++)
		if (a->cand[i].person != b->cand[i].person || a->cand[i].id != b->cand[i].id ||
		    a->cand[i].watched != b->cand[i].watched || a->cand[i].reason != b->cand[i].reason)
			return false;
	return true;
}

#define MESSY_PEOPLE 3000
#define MESSY_ROWS 6000

/* messy_registry: people crowding few names (so a name's people are many), phones shared in
 * families, some without an ID number, some watched */
static struct match_person *
messy_registry(size_t n)
{
	static const char *const names[] = {"张伟", "王华", "李国强", "陈丽", "刘红", "赵云",
					    "付军", "肖东", "Ma.Li", "王芳"};
	struct match_person *p = arena_alloc(A, n * sizeof(*p));
	char pre[18];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(pre, sizeof(pre), "430302%04zu%02zu%02zu%03zu", 1950 + rnd(60), 1 + rnd(12),
			 1 + rnd(28), i % 1000);
		p[i].id = (int64_t)i + 1;
		p[i].id_number = rnd(10) ? with_check(A, pre) : NULL;
		p[i].phone = i > 0 && rnd(5) == 0 ? p[i - 1].phone : arena_printf(A, "13%09zu", rnd(1000000000));
		p[i].name = names[rnd(sizeof(names) / sizeof(names[0]))];
		p[i].birth = p[i].id_number ? NULL
					    : arena_printf(A, "19%02zu-0%zu-1%zu", 50 + rnd(50), 1 + rnd(9), rnd(9));
		p[i].village = arena_printf(A, "4303021002%02zu", rnd(4));
		p[i].watched = rnd(50) == 0;
	}
	return p;
}

/* messy_list: rows of those people typed every way, near misses, repeats, strangers and rows
 * with nothing usable */
static struct match_row *
messy_list(const struct match_person *p, size_t np, size_t n)
{
	struct match_row *r = arena_alloc(A, n * sizeof(*r));
	const struct match_person *q;
	size_t i, k;
	char *s;

	for (i = 0; i < n; i++) {
		q = &p[rnd(np)];
		r[i] = (struct match_row){(long)i + 1, NULL, NULL, NULL, NULL, NULL};
		switch (rnd(9)) {
		case 0: /* the ID number, full-width */
			r[i].id_number = q->id_number ? fullwidth(A, q->id_number) : NULL;
			r[i].name = q->name;
			break;
		case 1: /* the phone with the country code, and the name */
			r[i].phone = arena_printf(A, "+86 %s", q->phone);
			r[i].name = q->name;
			break;
		case 2: /* a phone one digit off */
			s = arena_strdup(A, q->phone);
			k = 3 + rnd(8);
			s[k] = (char)('0' + (s[k] - '0' + 1) % 10);
			r[i].phone = s;
			r[i].name = q->name;
			break;
		case 3: /* the name and the birth date, perhaps the village */
			r[i].name = strcmp(q->name, "王华") == 0 ? "王華" : q->name;
			r[i].birth = q->birth ? q->birth
					      : q->id_number ? arena_printf(A, "%.4s/%.2s/%.2s",
									    q->id_number + 6,
									    q->id_number + 10,
									    q->id_number + 12)
							     : NULL;
			r[i].village = rnd(2) ? q->village : NULL;
			break;
		case 4: /* the ID number wrong in its check character */
			r[i].id_number = q->id_number ? arena_printf(A, "%.17s%c", q->id_number,
								     q->id_number[17] == '0' ? '1' : '0')
						      : NULL;
			break;
		case 5: /* a repeat of an earlier row */
			if (i > 0)
				r[i] = r[rnd(i)];
			r[i].line = (long)i + 1;
			break;
		case 6: /* a stranger */
			r[i].phone = arena_printf(A, "15%09zu", rnd(1000000000));
			r[i].name = "路人";
			break;
		case 7: /* nothing usable */
			r[i].name = rnd(2) ? q->name : NULL;
			r[i].birth = rnd(2) ? "not a date" : NULL;
			break;
		default: /* everything */
			r[i].id_number = q->id_number;
			r[i].phone = q->phone;
			r[i].name = q->name;
			break;
		}
	}
	return r;
}

/* match_rows in batches of every size, on one thread or several, and an index built in
 * batches: the same verdicts, row for row, as match_row one by one on match_index_build's */
static void
test_batches(void)
{
	static const size_t sizes[] = {1, 63, 64, 65, 127, 1000, 2, 4000};
	struct match_person *p = messy_registry(MESSY_PEOPLE);
	struct match_row *r = messy_list(p, MESSY_PEOPLE, MESSY_ROWS);
	struct match_verdict *one = arena_alloc(A, MESSY_ROWS * sizeof(*one));
	struct match_verdict *many = arena_alloc(A, MESSY_ROWS * sizeof(*many));
	struct match_index *idx = match_index_build(p, MESSY_PEOPLE), *inc;
	struct match_seen *seen;
	size_t i, at, k, bad, counts[MATCH__MAX] = {0}, records;
	int threads;

	T_ASSERT(idx != NULL);
	seen = match_seen_new(MESSY_ROWS);
	for (bad = 0, i = 0; i < MESSY_ROWS; i++) {
		bad += match_row(idx, seen, &r[i], &one[i]) != 0;
		counts[one[i].cls]++;
	}
	T_EQ_INT(bad, 0);
	records = match_seen_records(seen);
	match_seen_free(seen);
	/* the list is messy enough to be worth comparing: every class and several candidates */
	for (i = 0; i < MATCH__MAX; i++)
		T_ASSERT(counts[i] > 0);
	for (bad = 0, i = 0; i < MESSY_ROWS; i++)
		bad += one[i].cls == MATCH_POSSIBLE && one[i].ncand > 1;
	T_ASSERT(bad > 10);

	for (threads = 1; threads <= 3; threads++) {
		memset(many, 0xa5, MESSY_ROWS * sizeof(*many));
		seen = match_seen_new(MESSY_ROWS);
		for (bad = 0, at = 0, k = 0; at < MESSY_ROWS; at += sizes[k % 8], k++) {
			size_t nb = MESSY_ROWS - at < sizes[k % 8] ? MESSY_ROWS - at : sizes[k % 8];

			bad += match_rows(idx, seen, r + at, nb, threads, many + at) != 0;
		}
		T_EQ_INT(bad, 0);
		for (bad = 0, i = 0; i < MESSY_ROWS; i++)
			if (!same_verdict(&one[i], &many[i]) && bad++ < 3)
				fprintf(stderr, "threads %d, line %ld: %s, one by one %s\n", threads,
					r[i].line, match_class_word(many[i].cls),
					match_class_word(one[i].cls));
		T_EQ_INT(bad, 0);
		T_EQ_INT(match_seen_records(seen), records);
		match_seen_free(seen);
	}
	/* without a list's records, rows are only looked up: no duplicates */
	T_EQ_INT(match_rows(idx, NULL, r, MESSY_ROWS, 2, many), 0);
	for (bad = 0, i = 0; i < MESSY_ROWS; i++)
		bad += many[i].cls == MATCH_DUPLICATE;
	T_EQ_INT(bad, 0);

	/* the index from batches of people, freed as they go in */
	inc = match_index_new(MESSY_PEOPLE);
	T_ASSERT(inc != NULL);
	for (at = 0; at < MESSY_PEOPLE; at += 777) {
		size_t nb = MESSY_PEOPLE - at < 777 ? MESSY_PEOPLE - at : 777;
		struct match_person *copy = malloc(nb * sizeof(*copy));

		T_ASSERT(copy != NULL);
		memcpy(copy, p + at, nb * sizeof(*copy));
		for (i = 0; i < nb; i++)
			copy[i].name = strdup(p[at + i].name);
		T_EQ_INT(match_index_add(inc, copy, nb), 0);
		for (i = 0; i < nb; i++) {
			memset((char *)copy[i].name, 'x', strlen(copy[i].name));
			free((char *)copy[i].name);
		}
		free(copy);
	}
	/* one past the room is refused */
	T_EQ_INT(match_index_add(inc, p, 1), ERR_TOOBIG);
	match_index_done(inc);
	seen = match_seen_new(MESSY_ROWS);
	T_EQ_INT(match_rows(inc, seen, r, MESSY_ROWS, 2, many), 0);
	for (bad = 0, i = 0; i < MESSY_ROWS; i++)
		bad += !same_verdict(&one[i], &many[i]);
	T_EQ_INT(bad, 0);
	match_seen_free(seen);
	match_index_free(inc);

	/* nothing is added once the tables are filled */
	inc = match_index_new(2);
	T_EQ_INT(match_index_add(inc, p, 1), 0);
	match_index_done(inc);
	T_EQ_INT(match_index_add(inc, p + 1, 1), ERR_TOOBIG);
	match_index_free(inc);

	/* a batch the list's records have no room for is refused whole, its verdicts unwritten */
	seen = match_seen_new(4);
	memset(many, 0xa5, 5 * sizeof(*many));
	T_EQ_INT(match_rows(idx, seen, r, 5, 2, many), ERR_TOOBIG);
	for (bad = 0, i = 0; i < 5 * sizeof(*many); i++)
		bad += ((unsigned char *)many)[i] != 0xa5;
	T_EQ_INT(bad, 0);
	T_EQ_INT(match_seen_records(seen), 0);
	T_EQ_INT(match_rows(idx, seen, r, 4, 2, many), 0);
	match_seen_free(seen);
	match_index_free(idx);
}

static void
test_words(void)
{
	T_EQ_STR(match_class_word(MATCH_WATCHED), "already_watched");
	T_EQ_STR(match_class_word(MATCH_DUPLICATE), "duplicates_in_list");
	T_EQ_STR(match_reason_word(MATCH_NEAR_PHONE), "near_phone");
	T_EQ_STR(match_class_word(MATCH__MAX), "unknown");
}

static void
test_empty_index(void)
{
	struct match_index *idx = match_index_build(NULL, 0);
	struct match_row r = {1, NULL, "13812345678", NULL, NULL, NULL};
	struct match_verdict v;

	T_ASSERT(idx != NULL);
	T_EQ_INT(match_row(idx, NULL, &r, &v), 0);
	T_EQ_INT(v.cls, MATCH_NOT_FOUND);
	match_index_free(idx);
}

int
main(void)
{
	setup();
	T_RUN(test_by_id);
	T_RUN(test_watched);
	T_RUN(test_by_phone);
	T_RUN(test_near_phone);
	T_RUN(test_near_id);
	T_RUN(test_near_name);
	T_RUN(test_name_birth);
	T_RUN(test_not_found);
	T_RUN(test_refused);
	T_RUN(test_list);
	T_RUN(test_id_agrees);
	T_RUN(test_big_registry);
	T_RUN(test_batches);
	T_RUN(test_words);
	T_RUN(test_empty_index);
	match_index_free(IDX);
	arena_free(A);
	return T_DONE();
}
