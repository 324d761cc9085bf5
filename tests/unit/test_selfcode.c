/* test_selfcode.c: self-report codes as printed and as typed. */
#include <stdio.h>
#include <string.h>

#include "selfcode.h"
#include "t.h"

static void
test_format(void)
{
	unsigned char zero[SELF_CODE_BYTES] = {0}, ones[SELF_CODE_BYTES];
	unsigned char mixed[SELF_CODE_BYTES] = {0x00, 0x44, 0x32, 0x14, 0xc7,
	                                        0x42, 0x54, 0xb6, 0x35, 0xcf};
	char s[SELF_CODE_SIZE];

	selfcode_format(zero, s);
	T_EQ_STR(s, "0000-0000-0000-0000");
	memset(ones, 0xff, sizeof(ones));
	selfcode_format(ones, s);
	T_EQ_STR(s, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
	/* 5 bits each: 00000 00001 00010 00011 00100 00101 00110 00111 01000 ... */
	selfcode_format(mixed, s);
	T_EQ_STR(s, "0123-4567-89AB-CDEF");
	T_EQ_INT(strlen(s), SELF_CODE_SIZE - 1);
}

static void
test_normalise(void)
{
	char s[SELF_CODE_LEN + 1] = "";

	T_ASSERT(selfcode_normalise("7KQ2-M9XD-3HRT-W5PB", s));
	T_EQ_STR(s, "7KQ2M9XD3HRTW5PB");
	/* typed lowercase, with spaces, O for 0 and l/I for 1 */
	T_ASSERT(selfcode_normalise(" 7kq2 m9xd 3hrt w5pb ", s));
	T_EQ_STR(s, "7KQ2M9XD3HRTW5PB");
	T_ASSERT(selfcode_normalise("o1l1-IiLl-0000-zzzz", s));
	T_EQ_STR(s, "011111110000ZZZZ");
	/* not codes: too short, too long, U, punctuation, the old 8 digits, empty */
	strcpy(s, "unchanged");
	T_ASSERT(!selfcode_normalise("7KQ2-M9XD-3HRT-W5P", s));
	T_ASSERT(!selfcode_normalise("7KQ2-M9XD-3HRT-W5PBX", s));
	T_ASSERT(!selfcode_normalise("7KQ2-M9XD-3HRT-W5PU", s));
	T_ASSERT(!selfcode_normalise("7KQ2.M9XD.3HRT.W5PB", s));
	T_ASSERT(!selfcode_normalise("12345678", s));
	T_ASSERT(!selfcode_normalise("", s));
	T_ASSERT(!selfcode_normalise(NULL, s));
	T_EQ_STR(s, "unchanged");
}

int
main(void)
{
	T_RUN(test_format);
	T_RUN(test_normalise);
	return T_DONE();
}
