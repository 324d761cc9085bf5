/* plate.c: Chinese number plates: normalised as typed in a hurry, then checked for form. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "plate.h"

#define FIELD "plate"

const char *const plate_kind_keys[] = {"ordinary", "new_energy"};

/* The 31 provincial abbreviations of mainland plates, each 3 bytes of UTF-8. */
static const char provinces[] = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/* The Chinese last characters of special-use ordinary plates. */
static const char specials[] = "学警港澳挂领试超";

static bool
in_set3(const char *set, const char *s)
{
	size_t i, n = strlen(set);

	for (i = 0; i + 3 <= n; i += 3)
		if (memcmp(set + i, s, 3) == 0)
			return true;
	return false;
}

bool
plate_province_ok(const char *s)
{
	return s != NULL && strlen(s) == 3 && in_set3(provinces, s);
}

/* Letters and digits of a plate's serial: I and O are never used (they read as 1 and 0). */
static bool
serial_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O');
}

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Copy typed into out without separators, full-width ASCII folded and letters upper case. */
static int
fold(const char *typed, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)typed;
	size_t n = 0;

	while (*p) {
		unsigned cp = 0;
		size_t len = 1;

		if (*p < 0x80)
			cp = *p;
		else if ((*p & 0xE0) == 0xC0 && p[1])
			cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu), len = 2;
		else if ((*p & 0xF0) == 0xE0 && p[1] && p[2])
			cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu), len = 3;
		else
			return -1;
		if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width forms */
			cp -= 0xFEE0, len = 3;
		if (cp == ' ' || cp == '\t' || cp == '.' || cp == '-' || cp == 0xB7 || cp == 0x2022 ||
		    cp == 0x30FB || cp == 0x3000 || cp == 0xA0 || cp == 0x2027 || cp == 0x2219 ||
		    cp == 0x00B7 || cp == 0xFF65 || cp == 0x3002) {
			p += len;
			continue;
		}
		if (cp < 0x80) {
			if (n + 1 >= cap)
				return -1;
			out[n++] = (char)(cp >= 'a' && cp <= 'z' ? cp - 32 : cp);
		} else {
			if (n + len >= cap)
				return -1;
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	out[n] = '\0';
	return (int)n;
}

int
plate_parse(const char *typed, const char *province, char ret[PLATE_MAX],
	    enum plate_kind *ret_kind, struct fault *f)
{
	char buf[64], out[PLATE_MAX];
	const char *s;
	size_t n, i;
	enum plate_kind kind;

	if (typed == NULL)
		return fault_set(f, ERR_INVALID, FIELD, "请填写车牌号", "the plate is required");
	if (fold(typed, buf, sizeof(buf)) < 0)
		return fault_set(f, ERR_INVALID, FIELD, "车牌号过长或含无法识别的字符",
				 "the plate is too long or has characters that cannot be read");
	if (buf[0] == '\0')
		return fault_set(f, ERR_INVALID, FIELD, "请填写车牌号", "the plate is required");
	s = buf;
	if ((unsigned char)s[0] < 0x80) {
		/* typed without the province: the post's own */
		if (province == NULL || !plate_province_ok(province))
			return fault_set(f, ERR_INVALID, FIELD, "车牌号缺少省份简称（如“湘”）",
					 "the plate needs its province abbreviation (such as 湘)");
		snprintf(out, sizeof(out), "%s", province);
	} else {
		if (strlen(s) < 3 || !in_set3(provinces, s))
			return fault_set(f, ERR_INVALID, FIELD, "车牌号的第一个字应为省份简称（如“湘”）",
					 "a plate starts with a province abbreviation (such as 湘)");
		memcpy(out, s, 3);
		out[3] = '\0';
		s += 3;
	}
	n = strlen(s);
	if (n < 1 || s[0] < 'A' || s[0] > 'Z')
		return fault_set(f, ERR_INVALID, FIELD, "省份简称后应为发牌机关字母（如“C”）",
				 "the province is followed by the letter of the issuing office (such as C)");
	s++, n--;
	if (n == 6 && (s[0] == 'D' || s[0] == 'F') && serial_ok(s[1]) && digit(s[2]) &&
	    digit(s[3]) && digit(s[4]) && digit(s[5])) {
		kind = PLATE_NEW_ENERGY; /* small new-energy car: 湘CD12345 */
	} else if (n == 6 && (s[5] == 'D' || s[5] == 'F') && digit(s[0]) && digit(s[1]) &&
		   digit(s[2]) && digit(s[3]) && digit(s[4])) {
		kind = PLATE_NEW_ENERGY; /* large new-energy vehicle: 湘C12345D */
	} else if (n == 5 || (n == 7 && in_set3(specials, s + 4))) {
		size_t last = n == 5 ? 5 : 4;

		for (i = 0; i < last; i++)
			if (!serial_ok(s[i]))
				return fault_setf(f, ERR_INVALID, FIELD,
						  "车牌号第 %zu 位“%c”不对：只能是数字或字母（不含 I、O）",
						  "character %zu of the plate (%c) must be a digit or a letter other than I and O",
						  i + 3, s[i]);
		kind = PLATE_ORDINARY;
	} else {
		return fault_set(f, ERR_INVALID, FIELD,
				 "车牌号位数不对：普通车牌如 湘C·12345，新能源车牌如 湘C·D12345 或 湘C·12345D",
				 "the plate has the wrong length: an ordinary plate is like 湘C·12345, a "
				 "new-energy plate like 湘C·D12345 or 湘C·12345D");
	}
	/* province (3 bytes), office letter, serial of at most 7 bytes: always fits */
	memcpy(ret, out, 3);
	ret[3] = s[-1];
	memcpy(ret + 4, s, n + 1);
	*ret_kind = kind;
	return 0;
}

static const struct {
	char code[3];
	const char *abbr;
} province_codes[] = {
	{"11", "京"}, {"12", "津"}, {"13", "冀"}, {"14", "晋"}, {"15", "蒙"}, {"21", "辽"},
	{"22", "吉"}, {"23", "黑"}, {"31", "沪"}, {"32", "苏"}, {"33", "浙"}, {"34", "皖"},
	{"35", "闽"}, {"36", "赣"}, {"37", "鲁"}, {"41", "豫"}, {"42", "鄂"}, {"43", "湘"},
	{"44", "粤"}, {"45", "桂"}, {"46", "琼"}, {"50", "渝"}, {"51", "川"}, {"52", "贵"},
	{"53", "云"}, {"54", "藏"}, {"61", "陕"}, {"62", "甘"}, {"63", "青"}, {"64", "宁"},
	{"65", "新"},
};

const char *
plate_province_of_area(const char *area_code)
{
	size_t i;

	if (area_code == NULL || strlen(area_code) < 2)
		return NULL;
	for (i = 0; i < sizeof(province_codes) / sizeof(province_codes[0]); i++)
		if (memcmp(province_codes[i].code, area_code, 2) == 0)
			return province_codes[i].abbr;
	return NULL;
}

void
plate_display(const char *plate, char ret[PLATE_MAX + 4])
{
	size_t n = strlen(plate);

	if (n < 4 || (unsigned char)plate[0] < 0x80) {
		snprintf(ret, PLATE_MAX + 4, "%s", plate);
		return;
	}
	snprintf(ret, PLATE_MAX + 4, "%.4s·%s", plate, plate + 4);
}
