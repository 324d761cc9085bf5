/* test_err.c: error names, generic messages, and faults that stay whole UTF-8. */
#include <string.h>

#include "err.h"
#include "t.h"
#include "text.h"

/* Every code has its own name and both messages; anything outside the enum is "internal". */
static void
test_names(void)
{
	int c, d, dup = 0;

	T_EQ_STR(err_name(ERR_OK), "ok");
	T_EQ_STR(err_name(ERR_INVALID), "invalid");
	T_EQ_STR(err_name(ERR_NOTFOUND), "not_found");
	T_EQ_STR(err_name(ERR_THROTTLED), "throttled");
	T_EQ_STR(err_name(ERR_INTERNAL), "internal");
	for (c = ERR_OK; c > ERR__MIN; c--) {
		T_ASSERT(err_zh(c)[0] != '\0' && err_en(c)[0] != '\0');
		for (d = c - 1; d > ERR__MIN; d--)
			if (strcmp(err_name(c), err_name(d)) == 0)
				dup++;
	}
	T_EQ_INT(dup, 0);
	T_EQ_STR(err_name(ERR__MIN), "internal");
	T_EQ_STR(err_name(-1000), "internal");
	T_EQ_STR(err_name(5), "internal");
	T_EQ_STR(err_en(ERR_DB), "database error, try again later");
}

static void
test_fault_set(void)
{
	struct fault f;

	memset(&f, 0, sizeof(f));
	T_EQ_INT(fault_set(NULL, ERR_INVALID, "phone", "x", "y"), ERR_INVALID);
	T_EQ_INT(fault_set(&f, ERR_INVALID, "phone", "手机号应为11位", "phone must be 11 digits"),
		 ERR_INVALID);
	T_EQ_INT(f.code, ERR_INVALID);
	T_EQ_STR(f.field, "phone");
	T_EQ_STR(f.zh, "手机号应为11位");
	T_EQ_STR(f.en, "phone must be 11 digits");
	/* no messages: the code's own */
	fault_set(&f, ERR_CONFLICT, NULL, NULL, NULL);
	T_EQ_STR(f.field, "");
	T_EQ_STR(f.zh, err_zh(ERR_CONFLICT));
	T_EQ_STR(f.en, err_en(ERR_CONFLICT));
	T_EQ_INT(fault_setf(&f, ERR_INVALID, "id_number", "第%d行：%s", "row %d: %s", 12, "重复"),
		 ERR_INVALID);
	T_EQ_STR(f.zh, "第12行：重复");
	T_EQ_STR(f.en, "row 12: 重复");
}

/* A message longer than the fault holds is cut at a whole character, never inside one: the
 * fault goes out as JSON, and half a character makes the whole answer unencodable. */
static void
test_fault_cut_whole(void)
{
	struct fault f;
	char zh[600], en[600];
	int i, off;

	zh[0] = en[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(zh, "村"); /* 3 bytes each: 256 is not a multiple of 3 */
	for (off = 0; off < 3; off++) {
		memset(en, 'a', (size_t)off);
		en[off] = '\0';
		strcat(en, zh); /* shift the cut through each byte of a character */
		fault_set(&f, ERR_INVALID, "notes", en, en);
		T_ASSERT(text_is_utf8(f.zh, strlen(f.zh)));
		T_ASSERT(text_is_utf8(f.en, strlen(f.en)));
		T_ASSERT(strlen(f.zh) >= sizeof(f.zh) - 4);
		fault_setf(&f, ERR_INVALID, "notes", "%s", "%s", en);
		T_ASSERT(text_is_utf8(f.zh, strlen(f.zh)));
	}
	/* a field name longer than its room is cut, not overrun */
	fault_set(&f, ERR_INVALID,
		  "a_field_name_much_longer_than_forty_eight_characters_for_sure", "x", "x");
	T_EQ_INT(strlen(f.field), sizeof(f.field) - 1);
}

static void
test_utf8_trim(void)
{
	char s[16];

	strcpy(s, "abc");
	text_utf8_trim(s);
	T_EQ_STR(s, "abc");
	strcpy(s, "村镇");
	text_utf8_trim(s);
	T_EQ_STR(s, "村镇");
	strcpy(s, "村镇");
	s[4] = '\0'; /* 镇 cut after its first continuation byte */
	text_utf8_trim(s);
	T_EQ_STR(s, "村");
	strcpy(s, "村镇");
	s[3] = '\0'; /* exactly one character */
	text_utf8_trim(s);
	T_EQ_STR(s, "村");
	strcpy(s, "x\xF0\x9F\x98");
	text_utf8_trim(s);
	T_EQ_STR(s, "x");
	s[0] = '\0';
	text_utf8_trim(s);
	T_EQ_STR(s, "");
}

int
main(void)
{
	T_RUN(test_names);
	T_RUN(test_fault_set);
	T_RUN(test_fault_cut_whole);
	T_RUN(test_utf8_trim);
	return T_DONE();
}
