/* test_mask.c: what an ID number or phone looks like before it is revealed. */
#include "mask.h"
#include "t.h"

static void
test_idnum(void)
{
	char m[32];

	mask_idnum("43030219800101123X", m);
	T_EQ_STR(m, "4303**********123X");
	mask_idnum("110105491231002", m); /* legacy 15 */
	T_EQ_STR(m, "1101*******1002");
	mask_idnum("123456789", m);
	T_EQ_STR(m, "1234*6789");
	mask_idnum("12345678", m);
	T_EQ_STR(m, "********");
	mask_idnum("", m);
	T_EQ_STR(m, "");
	mask_idnum(NULL, m);
	T_EQ_STR(m, "");
	mask_idnum("123456789012345678901234567890", m); /* never longer than 18 */
	T_EQ_STR(m, "1234**********7890");
	mask_idnum("护照E12345678", m); /* not ASCII: stars only, one per character */
	T_EQ_STR(m, "***********");
}

static void
test_phone(void)
{
	char m[32];

	mask_phone("13812345678", m);
	T_EQ_STR(m, "138****5678");
	mask_phone("1234567", m);
	T_EQ_STR(m, "*******");
	mask_phone("12345678", m);
	T_EQ_STR(m, "123*5678");
	mask_phone(NULL, m);
	T_EQ_STR(m, "");
}

int
main(void)
{
	T_RUN(test_idnum);
	T_RUN(test_phone);
	return T_DONE();
}
