/* idnum.c: resident ID numbers checked the way GB 11643-1999 defines them. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "idnum.h"

#define FIELD "id_number"

/* ISO 7064 MOD 11-2 weights for the first 17 digits, and the check
 * character for each remainder of the weighted sum. */
static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char checks[] = "10X98765432";

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* char_len is the byte length of the UTF-8 sequence led by c (1 when c
 * is not a lead byte, so a stray byte still counts as one character). */
static int
char_len(unsigned char c)
{
	if (c >= 0xf0 && c <= 0xf7)
		return 4;
	if (c >= 0xe0)
		return c <= 0xef ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* count_chars counts characters the way a clerk does: code points. */
static int
count_chars(const char *s)
{
	int n = 0, k;

	while (*s) {
		k = char_len((unsigned char)*s);
		while (k-- > 0 && *s)
			s++;
		n++;
	}
	return n;
}

char
idnum_check_char(const char *first17)
{
	int i, sum = 0;

	for (i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return '\0';
		sum += (first17[i] - '0') * weights[i];
	}
	return checks[sum % 11];
}

/* bad_char explains the first character that may not stand where it
 * does: a digit everywhere, or X as the 18th of 18. */
static int
bad_char(const char *s, int total, struct fault *f)
{
	int pos = 1, k;

	for (; *s; s += k, pos++) {
		k = char_len((unsigned char)*s);
		if ((int)strnlen(s, (size_t)k) < k)
			k = (int)strnlen(s, (size_t)k);
		if (k == 1 && is_digit(*s))
			continue;
		if (k == 1 && pos == 18 && total == 18 && (*s == 'X' || *s == 'x'))
			continue;
		if (pos == 18)
			return fault_setf(
			    f, ERR_INVALID, FIELD, "身份证号第18位应为数字或X，当前为“%.*s”",
			    "character 18 of the ID number must be a digit or X, got \"%.*s\"", k,
			    s);
		return fault_setf(f, ERR_INVALID, FIELD, "身份证号第%d位应为数字，当前为“%.*s”",
		                  "character %d of the ID number must be a digit, got \"%.*s\"",
		                  pos, k, s);
	}
	return 0;
}

int
idnum_parse(const char *s, struct idnum *ret, struct fault *f)
{
	char num[19], birth[11], today[11], want;
	struct idnum id;
	int n, y, m, d;

	if (s == NULL)
		s = "";
	n = count_chars(s);
	if (n != 18 && n != 15)
		return fault_setf(f, ERR_INVALID, FIELD,
		                  "身份证号应为18位（或15位旧号），当前为%d位",
		                  "ID number must have 18 characters (or the old 15), got %d", n);
	if (bad_char(s, n, f) != 0)
		return ERR_INVALID;

	if (n == 15) {
		memcpy(num, s, 6);
		memcpy(num + 6, "19", 2);
		memcpy(num + 8, s + 6, 9);
		num[17] = idnum_check_char(num);
	} else {
		memcpy(num, s, 18);
		if (num[17] == 'x')
			num[17] = 'X';
	}
	num[18] = '\0';

	snprintf(birth, sizeof(birth), "%.4s-%.2s-%.2s", num + 6, num + 10, num + 12);
	if (clock_parse_date(birth, &y, &m, &d) != 0)
		return fault_setf(f, ERR_INVALID, FIELD, "身份证号中的出生日期%s不是有效日期",
		                  "the birth date in the ID number, %s, is not a real date", birth);
	if (y < 1900)
		return fault_setf(f, ERR_INVALID, FIELD, "身份证号中的出生日期%s早于1900年",
		                  "the birth date in the ID number, %s, is before 1900", birth);
	clock_local_date(clock_now(), today);
	if (strcmp(birth, today) > 0)
		return fault_setf(f, ERR_INVALID, FIELD, "身份证号中的出生日期%s晚于今天",
		                  "the birth date in the ID number, %s, is after today", birth);

	want = idnum_check_char(num);
	if (n == 18 && num[17] != want)
		return fault_setf(f, ERR_INVALID, FIELD, "校验位错误，应为%c",
		                  "check character is wrong: expected %c", want);

	memcpy(id.number, num, sizeof(id.number));
	memcpy(id.area, num, 6);
	id.area[6] = '\0';
	memcpy(id.birth, birth, sizeof(id.birth));
	id.gender = (num[16] - '0') % 2 ? 'M' : 'F';
	*ret = id;
	return 0;
}
