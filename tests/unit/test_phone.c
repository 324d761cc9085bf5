/* test_phone.c: mainland mobiles however they were typed, and what is said when they are wrong. */
#include <string.h>

#include "err.h"
#include "phone.h"
#include "t.h"

static const char *
parsed(const char *s)
{
	static char out[12];
	struct fault f = {0};

	strcpy(out, "unset");
	if (phone_parse(s, out, &f) != 0)
		return "invalid";
	return out;
}

static void
test_accepted(void)
{
	T_EQ_STR(parsed("13812345678"), "13812345678");
	T_EQ_STR(parsed("19912345678"), "19912345678");
	T_EQ_STR(parsed("138 1234 5678"), "13812345678");
	T_EQ_STR(parsed("138-1234-5678"), "13812345678");
	T_EQ_STR(parsed("(138)1234.5678"), "13812345678");
	T_EQ_STR(parsed("+86 138 1234 5678"), "13812345678");
	T_EQ_STR(parsed("+86-13812345678"), "13812345678");
	T_EQ_STR(parsed("008613812345678"), "13812345678");
	T_EQ_STR(parsed("86 13812345678"), "13812345678");
	T_EQ_STR(parsed("8613812345678"), "13812345678");
}

static void
test_refused(void)
{
	struct fault f = {0};
	char out[12] = "unset";

	T_EQ_STR(parsed("12812345678"), "invalid");
	T_EQ_STR(parsed("23812345678"), "invalid");
	T_EQ_STR(parsed("1381234567"), "invalid");
	T_EQ_STR(parsed("138123456789"), "invalid");
	T_EQ_STR(parsed("861381234567"), "invalid"); /* 12 digits, not 86 + 11 */
	T_EQ_STR(parsed("+1 4155552671"), "invalid");
	T_EQ_STR(parsed("138一二三四5678"), "invalid");
	T_EQ_STR(parsed(""), "invalid");
	T_EQ_STR(parsed(NULL), "invalid");
	T_EQ_STR(parsed("1111111111111111111111111111111111111111"), "invalid");

	T_EQ_INT(phone_parse("1381234567", out, &f), ERR_INVALID);
	T_EQ_STR(out, "unset");
	T_EQ_STR(f.field, "phone");
	T_EQ_STR(f.zh, "手机号应为11位，当前为10位");
	T_EQ_STR(f.en, "phone number must have 11 digits, got 10");
	T_EQ_INT(phone_parse("0731-8888 8888", out, &f), ERR_INVALID);
	T_EQ_STR(f.en, "give a mobile number: landlines are not accepted");
	T_EQ_INT(phone_parse("12812345678", out, &f), ERR_INVALID);
	T_EQ_STR(f.zh, "手机号应以13至19开头");
	T_EQ_INT(phone_parse("138a2345678", out, &f), ERR_INVALID);
	T_EQ_STR(f.en, "phone number may contain digits only");
	T_EQ_INT(phone_parse("+44 7911 123456", out, &f), ERR_INVALID);
	T_EQ_STR(f.en, "only mainland China mobile numbers (+86) are accepted");
	/* no fault to fill is fine */
	T_EQ_INT(phone_parse("1", out, NULL), ERR_INVALID);
}

int
main(void)
{
	T_RUN(test_accepted);
	T_RUN(test_refused);
	return T_DONE();
}
