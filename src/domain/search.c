/* search.c: a search box's text read as a name or as a whole number, never as part of one. */
#include <stdbool.h>
#include <string.h>

#include "err.h"
#include "idnum.h"
#include "phone.h"
#include "search.h"

#define FIELD "q"
#define TYPED_MAX 40 /* longer than "+86 (138) 1234-5678" or an ID number in groups */

static const char *const words[] = {"name", "id", "phone", "last4"};

const char *
search_kind_word(enum search_kind kind)
{
	return (unsigned)kind < sizeof(words) / sizeof(words[0]) ? words[kind] : "name";
}

static bool
separator(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')';
}

/* Whether s is written like a number: digits, separators, a leading '+', a final x. */
static bool
looks_like_number(const char *s)
{
	bool digit = false;
	const char *p;

	for (p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (*p == '+' && p == s)
			continue;
		else if ((*p == 'x' || *p == 'X') && p[1] == '\0')
			continue;
		else if (!separator(*p))
			return false;
	}
	return digit;
}

static int
refuse(struct fault *f)
{
	return fault_set(f, ERR_INVALID, FIELD, "号码请输入完整身份证号、完整手机号或后4位",
			 "a number search takes a whole ID number, a whole mobile number or its "
			 "last 4 digits");
}

int
search_parse(const char *s, enum search_kind *ret_kind, char ret_number[19], struct fault *f)
{
	char d[TYPED_MAX + 1], ph[12];
	struct idnum id;
	struct fault pf = {0};
	size_t n = 0;
	const char *p;

	if (s == NULL || !looks_like_number(s)) {
		*ret_kind = SEARCH_NAME;
		*ret_number = '\0';
		return 0;
	}
	for (p = s; *p; p++) {
		if (separator(*p))
			continue;
		if (n == TYPED_MAX)
			return refuse(f);
		d[n++] = *p == 'x' ? 'X' : *p;
	}
	d[n] = '\0';
	if (phone_parse(d, ph, &pf) == 0) {
		*ret_kind = SEARCH_PHONE;
		memcpy(ret_number, ph, 12);
		return 0;
	}
	if (*d == '+')
		return refuse(f);
	if (n == 18 || n == 15) {
		if (idnum_parse(d, &id, &pf) != 0)
			/* what is wrong with it, said of the search box */
			return fault_set(f, ERR_INVALID, FIELD, pf.zh, pf.en);
		*ret_kind = SEARCH_ID;
		memcpy(ret_number, id.number, 19);
		return 0;
	}
	if (n == 4) { /* an X can only be last: the check character of an ID number */
		*ret_kind = SEARCH_LAST4;
		memcpy(ret_number, d, 5);
		return 0;
	}
	return refuse(f);
}
