/* test_search.c: a search box's text is a name, a whole number or 4 last digits; never part of a number. */
#include <string.h>

#include "err.h"
#include "search.h"
#include "t.h"

/* "kind:number", or "refused" */
static const char *
parsed(const char *s)
{
	static char out[40];
	char num[19] = "unset";
	enum search_kind k;
	struct fault f = {0};

	if (search_parse(s, &k, num, &f) != 0)
		return "refused";
	snprintf(out, sizeof(out), "%s:%s", search_kind_word(k), num);
	return out;
}

static void
test_names(void)
{
	T_EQ_STR(parsed("王"), "name:");
	T_EQ_STR(parsed("王小明"), "name:");
	T_EQ_STR(parsed("Li"), "name:");
	T_EQ_STR(parsed("王 138"), "name:"); /* a name, even with digits after it */
	T_EQ_STR(parsed("x"), "name:");
	T_EQ_STR(parsed("-"), "name:");
}

static void
test_numbers(void)
{
	T_EQ_STR(parsed("11010519491231002X"), "id:11010519491231002X");
	T_EQ_STR(parsed("11010519491231002x"), "id:11010519491231002X");
	T_EQ_STR(parsed("110105 19491231 002X"), "id:11010519491231002X");
	T_EQ_STR(parsed("110105491231002"), "id:11010519491231002X"); /* 15 upgraded to 18 */
	T_EQ_STR(parsed("13812345678"), "phone:13812345678");
	T_EQ_STR(parsed("138-1234-5678"), "phone:13812345678");
	T_EQ_STR(parsed("+86 138 1234 5678"), "phone:13812345678");
	T_EQ_STR(parsed("008613812345678"), "phone:13812345678");
	T_EQ_STR(parsed("5678"), "last4:5678");
	T_EQ_STR(parsed("002X"), "last4:002X");
	T_EQ_STR(parsed("002x"), "last4:002X");
	T_EQ_STR(parsed("56 78"), "last4:5678");
}

static void
test_partial_refused(void)
{
	struct fault f = {0};
	enum search_kind k;
	char num[19] = "unset";

	T_EQ_STR(parsed("1"), "refused");
	T_EQ_STR(parsed("138"), "refused");
	T_EQ_STR(parsed("13812"), "refused");
	T_EQ_STR(parsed("1381234567"), "refused");   /* 10 digits: one short of a phone */
	T_EQ_STR(parsed("138123456789"), "refused"); /* 12 */
	T_EQ_STR(parsed("678"), "refused");
	T_EQ_STR(parsed("45678"), "refused");
	T_EQ_STR(parsed("1101051949"), "refused");
	T_EQ_STR(parsed("11010519491231002"), "refused"); /* 17: the check character left off */
	T_EQ_STR(parsed("+86 138"), "refused");
	T_EQ_STR(parsed("12345678901234567890123456789012345678901234567890"), "refused");
	T_EQ_INT(search_parse("13812", &k, num, &f), ERR_INVALID);
	T_EQ_STR(num, "unset");
	T_EQ_STR(f.field, "q");
	T_EQ_STR(f.zh, "号码请输入完整身份证号、完整手机号或后4位");
	/* a whole-looking ID number that is wrong says what is wrong, of q */
	T_EQ_INT(search_parse("110105194912310021", &k, num, &f), ERR_INVALID);
	T_EQ_STR(f.field, "q");
	T_ASSERT(strlen(f.en) > 0);
}

int
main(void)
{
	T_RUN(test_names);
	T_RUN(test_numbers);
	T_RUN(test_partial_refused);
	return T_DONE();
}
