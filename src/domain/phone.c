/* phone.c: mainland mobile numbers, however they were typed. */
#include <stdbool.h>
#include <string.h>

#include "err.h"
#include "phone.h"

#define FIELD "phone"

/* Longer than any real way of writing "+86 (138) 1234-5678". */
#define MAX_TYPED 32

static bool
all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int
phone_parse(const char *s, char ret[12], struct fault *f)
{
	char buf[MAX_TYPED + 1];
	const char *p;
	size_t n = 0;

	if (s == NULL || *s == '\0')
		return fault_set(f, ERR_INVALID, FIELD, "手机号为空", "phone number is empty");
	for (p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '-' || *p == '.' || *p == '(' || *p == ')')
			continue;
		if (n == MAX_TYPED)
			return fault_set(f, ERR_INVALID, FIELD, "手机号太长，应为11位",
			                 "phone number is too long: a mobile has 11 digits");
		buf[n++] = *p;
	}
	buf[n] = '\0';

	p = buf;
	if (strncmp(p, "+86", 3) == 0)
		p += 3;
	else if (strncmp(p, "0086", 4) == 0 && strlen(p + 4) == 11)
		p += 4;
	else if (strncmp(p, "86", 2) == 0 && strlen(p + 2) == 11)
		p += 2;
	else if (*p == '+')
		return fault_set(f, ERR_INVALID, FIELD, "只支持中国大陆手机号（+86）",
		                 "only mainland China mobile numbers (+86) are accepted");

	if (!all_digits(p))
		return fault_set(f, ERR_INVALID, FIELD, "手机号只能包含数字",
		                 "phone number may contain digits only");
	if (*p == '0')
		return fault_set(f, ERR_INVALID, FIELD, "请填写手机号，不支持座机号",
		                 "give a mobile number: landlines are not accepted");
	if (strlen(p) != 11)
		return fault_setf(f, ERR_INVALID, FIELD, "手机号应为11位，当前为%zu位",
		                  "phone number must have 11 digits, got %zu", strlen(p));
	if (p[0] != '1' || p[1] < '3')
		return fault_set(f, ERR_INVALID, FIELD, "手机号应以13至19开头",
		                 "a mobile number starts with 13 to 19");
	memcpy(ret, p, 12);
	return 0;
}
