/* test_idnum.c: GB 11643-1999 ID numbers, every single-digit error included. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "idnum.h"
#include "t.h"
#include "text.h"

#define GOOD "11010519491231002X"

/* with_check returns the 18-character number for 17 digits. */
static const char *
with_check(const char *first17)
{
	static char s[19];

	memcpy(s, first17, 17);
	s[17] = idnum_check_char(first17);
	s[18] = '\0';
	return s;
}

static void
test_good(void)
{
	struct idnum id;
	struct fault f = {0};

	T_EQ_INT(idnum_parse(GOOD, &id, &f), 0);
	T_EQ_STR(id.number, GOOD);
	T_EQ_STR(id.area, "110105");
	T_EQ_STR(id.birth, "1949-12-31");
	T_EQ_INT(id.gender, 'F'); /* 17th digit 2 */
	T_EQ_INT(idnum_check_char(GOOD), 'X');
	T_EQ_INT(idnum_check_char("1101051949123100"), '\0'); /* 16 digits */
	T_EQ_INT(idnum_check_char("11010519491231002"), 'X');

	/* lower-case x is accepted and stored upper-case */
	T_EQ_INT(idnum_parse("11010519491231002x", &id, &f), 0);
	T_EQ_STR(id.number, GOOD);

	T_EQ_INT(idnum_parse(with_check("43030219800101122"), &id, &f), 0);
	T_EQ_INT(id.gender, 'F');
	T_EQ_INT(idnum_parse(with_check("43030219800101113"), &id, &f), 0);
	T_EQ_INT(id.gender, 'M');
}

/* Every change of one character to another digit (or X) must be caught:
 * that is what the MOD 11-2 check is for. */
static void
test_every_single_change(void)
{
	const char *alphabet = "0123456789X";
	char s[19];
	struct idnum id;
	struct fault f;
	int i, k, caught = 0, tried = 0;

	for (i = 0; i < 18; i++) {
		for (k = 0; alphabet[k]; k++) {
			if (alphabet[k] == GOOD[i])
				continue;
			memcpy(s, GOOD, sizeof(s));
			s[i] = alphabet[k];
			memset(&f, 0, sizeof(f));
			tried++;
			if (idnum_parse(s, &id, &f) == ERR_INVALID &&
			    strcmp(f.field, "id_number") == 0)
				caught++;
			else
				fprintf(stderr, "not caught: %s\n", s);
		}
	}
	T_EQ_INT(tried, 18 * 10);
	T_EQ_INT(caught, tried);
}

static void
test_check_fault(void)
{
	struct idnum id = {.gender = '?'};
	struct fault f = {0};

	T_EQ_INT(idnum_parse("110105194912310021", &id, &f), ERR_INVALID);
	T_EQ_STR(f.field, "id_number");
	T_EQ_STR(f.zh, "校验位错误，应为X");
	T_EQ_STR(f.en, "check character is wrong: expected X");
	T_EQ_INT(f.code, ERR_INVALID);
	T_EQ_INT(id.gender, '?'); /* not written on failure */
}

static void
test_length(void)
{
	struct idnum id;
	struct fault f = {0};

	T_EQ_INT(idnum_parse("1101051949123100", &id, &f), ERR_INVALID);
	T_EQ_STR(f.zh, "身份证号应为18位（或15位旧号），当前为16位");
	T_EQ_STR(f.en, "ID number must have 18 characters (or the old 15), got 16");
	T_EQ_INT(idnum_parse("", &id, &f), ERR_INVALID);
	T_EQ_STR(f.en, "ID number must have 18 characters (or the old 15), got 0");
	T_EQ_INT(idnum_parse(NULL, &id, &f), ERR_INVALID);
	T_EQ_INT(idnum_parse(GOOD "1", &id, &f), ERR_INVALID);
	T_EQ_STR(f.en, "ID number must have 18 characters (or the old 15), got 19");
	/* characters, not bytes: 17 digits and one Chinese character is 18 */
	T_EQ_INT(idnum_parse("11010519491231002号", &id, &f), ERR_INVALID);
	T_EQ_STR(f.zh, "身份证号第18位应为数字或X，当前为“号”");
	T_EQ_STR(f.en, "character 18 of the ID number must be a digit or X, got \"号\"");
}

static void
test_non_digit(void)
{
	struct idnum id;
	struct fault f = {0};

	T_EQ_INT(idnum_parse("1101O519491231002X", &id, &f), ERR_INVALID);
	T_EQ_STR(f.zh, "身份证号第5位应为数字，当前为“O”");
	T_EQ_STR(f.en, "character 5 of the ID number must be a digit, got \"O\"");
	T_EQ_INT(idnum_parse("11010519491231X02X", &id, &f), ERR_INVALID);
	T_EQ_STR(f.en, "character 15 of the ID number must be a digit, got \"X\"");
	T_EQ_INT(idnum_parse("11010549123100X", &id, &f), ERR_INVALID); /* 15 digits: no X */
	T_EQ_STR(f.en, "character 15 of the ID number must be a digit, got \"X\"");
	/* a stray byte that is no UTF-8 still counts as a character */
	T_EQ_INT(idnum_parse("11010519491231002\xff", &id, &f), ERR_INVALID);
}

static void
test_dates(void)
{
	struct idnum id;
	struct fault f = {0};

	T_EQ_INT(idnum_parse(with_check("11010519490230002"), &id, &f), ERR_INVALID);
	T_EQ_STR(f.zh, "身份证号中的出生日期1949-02-30不是有效日期");
	T_EQ_STR(f.en, "the birth date in the ID number, 1949-02-30, is not a real date");
	T_EQ_INT(idnum_parse(with_check("11010519491301002"), &id, &f), ERR_INVALID);
	T_EQ_INT(idnum_parse(with_check("11010519490000002"), &id, &f), ERR_INVALID);
	T_EQ_INT(idnum_parse(with_check("11010519490229002"), &id, &f), ERR_INVALID);
	T_EQ_INT(idnum_parse(with_check("11010519000229002"), &id, &f), ERR_INVALID);
	T_EQ_INT(idnum_parse(with_check("11010520000229002"), &id, &f), 0);
	T_EQ_INT(idnum_parse(with_check("11010519480229002"), &id, &f), 0);
	T_EQ_INT(idnum_parse(with_check("11010518991231002"), &id, &f), ERR_INVALID);
	T_EQ_STR(f.en, "the birth date in the ID number, 1899-12-31, is before 1900");
	T_EQ_INT(idnum_parse(with_check("11010519000101002"), &id, &f), 0);

	/* the clock says 2020-01-25 23:59 in Shanghai */
	T_EQ_INT(idnum_parse(with_check("11010520200125002"), &id, &f), 0);
	T_EQ_INT(idnum_parse(with_check("11010520200126002"), &id, &f), ERR_INVALID);
	T_EQ_STR(f.zh, "身份证号中的出生日期2020-01-26晚于今天");
	T_EQ_STR(f.en, "the birth date in the ID number, 2020-01-26, is after today");
}

static void
test_legacy(void)
{
	struct idnum id;
	struct fault f = {0};

	/* 15 digits: 110105 491231 002 becomes 110105 19491231 002 X */
	T_EQ_INT(idnum_parse("110105491231002", &id, &f), 0);
	T_EQ_STR(id.number, GOOD);
	T_EQ_STR(id.birth, "1949-12-31");
	T_EQ_INT(id.gender, 'F');
	T_EQ_INT(idnum_parse("110105490230002", &id, &f), ERR_INVALID);
	T_EQ_STR(f.en, "the birth date in the ID number, 1949-02-30, is not a real date");
}

static void
test_typed(void)
{
	struct arena *a = arena_new();
	struct idnum id;
	struct fault f = {0};

	/* full-width digits and X, spaces, as pasted from a form */
	T_EQ_INT(idnum_parse(text_squeeze(a, "１１０１０５ １９４９１２３１ ００２ｘ"), &id, &f),
	         0);
	T_EQ_STR(id.number, GOOD);
	T_EQ_INT(idnum_parse(text_squeeze(a, " 110105-19491231-002X "), &id, &f), 0);
	arena_free(a);
}

int
main(void)
{
	setenv("FANGYI_CLOCK", "2020-01-25T23:59:00+08:00", 1);
	T_RUN(test_good);
	T_RUN(test_every_single_change);
	T_RUN(test_check_fault);
	T_RUN(test_length);
	T_RUN(test_non_digit);
	T_RUN(test_dates);
	T_RUN(test_legacy);
	T_RUN(test_typed);
	return T_DONE();
}
