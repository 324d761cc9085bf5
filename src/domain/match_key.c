/* match_key.c: list matching's cells into keys: ID numbers, phones, names folded, birth dates. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "idnum.h"
#include "match_internal.h"
#include "phone.h"

/*
 * Variant characters of names, each written as the form the index compares (the simplified
 * one, or the more common of two confused surnames).  The traditional forms come with lists
 * typed in Hong Kong, Taiwan or from old registers; 付/傅, 肖/萧, 闫/阎 are surnames clerks
 * write for one another.  A name that differs from a registered one only by these is a
 * possible match, never a found one: 付 and 傅 are different families too.
 */
static const char *const variants[][2] = {
	{"華", "华"}, {"國", "国"}, {"蘭", "兰"}, {"麗", "丽"}, {"雲", "云"}, {"鳳", "凤"},
	{"龍", "龙"}, {"劉", "刘"}, {"陳", "陈"}, {"張", "张"}, {"趙", "赵"}, {"黃", "黄"},
	{"吳", "吴"}, {"鄭", "郑"}, {"馮", "冯"}, {"楊", "杨"}, {"孫", "孙"}, {"韓", "韩"},
	{"許", "许"}, {"葉", "叶"}, {"鄧", "邓"}, {"羅", "罗"}, {"蘇", "苏"}, {"錢", "钱"},
	{"譚", "谭"}, {"盧", "卢"}, {"鍾", "钟"}, {"鐘", "钟"}, {"湯", "汤"}, {"閻", "阎"},
	{"閆", "阎"}, {"闫", "阎"}, {"範", "范"}, {"於", "于"}, {"傅", "付"}, {"萧", "肖"},
	{"蕭", "肖"}, {"偉", "伟"}, {"軍", "军"}, {"紅", "红"}, {"強", "强"}, {"濤", "涛"},
	{"輝", "辉"}, {"鵬", "鹏"}, {"飛", "飞"}, {"東", "东"}, {"義", "义"}, {"寶", "宝"},
	{"貴", "贵"}, {"榮", "荣"}, {"愛", "爱"}, {"慶", "庆"}, {"興", "兴"}, {"萬", "万"},
	{"嬌", "娇"}, {"鳴", "鸣"}, {"傑", "杰"}, {"艷", "艳"}, {"豔", "艳"}, {"峯", "峰"},
	{"勳", "勋"}, {"亞", "亚"}, {"雙", "双"}, {"蓮", "莲"}, {"鋒", "锋"}, {"風", "风"},
	{"書", "书"}, {"長", "长"}, {"進", "进"}, {"寧", "宁"}, {"廣", "广"}, {"發", "发"},
	{"燁", "烨"}, {"嶽", "岳"}, {"瀋", "沈"},
};
#define NVARIANTS (sizeof(variants) / sizeof(variants[0]))

/* The table above as code points sorted by the variant, built once. */
static struct fold {
	uint32_t from, to;
} folds[NVARIANTS];
static pthread_once_t folds_once = PTHREAD_ONCE_INIT;
/* one bit per code point of the Basic Multilingual Plane: is it a variant at all?  Most
 * characters of most names are not, and need no search of the table */
static uint64_t folds_any[65536 / 64];

static uint32_t
utf8_cp(const char *s, int *ret_len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] >= 0xe0 && u[0] <= 0xef && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
		*ret_len = 3;
		return (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
	}
	if (u[0] >= 0xc0 && u[0] <= 0xdf && (u[1] & 0xc0) == 0x80) {
		*ret_len = 2;
		return (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
	}
	*ret_len = 1;
	return u[0];
}

static int
fold_cmp(const void *a, const void *b)
{
	const struct fold *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

static void
folds_init(void)
{
	int k;
	size_t i;

	for (i = 0; i < NVARIANTS; i++) {
		folds[i].from = utf8_cp(variants[i][0], &k);
		folds[i].to = utf8_cp(variants[i][1], &k);
		folds_any[folds[i].from / 64] |= (uint64_t)1 << (folds[i].from % 64);
	}
	qsort(folds, NVARIANTS, sizeof(folds[0]), fold_cmp);
}

static uint32_t
fold_cp(uint32_t cp)
{
	struct fold key = {cp, 0}, *hit;

	if (cp >= 65536 || !(folds_any[cp / 64] >> (cp % 64) & 1))
		return cp;
	hit = bsearch(&key, folds, NVARIANTS, sizeof(folds[0]), fold_cmp);
	return hit ? hit->to : cp;
}

/* ---- cells into keys ---------------------------------------------------------------- */

/*
 * halfwidth copies s into ret (cap bytes with the NUL) with the full-width forms
 * U+FF01..U+FF5E made ASCII; with squeeze, the separators people type inside numbers (spaces,
 * U+3000, NBSP, '-', '.', '(', ')') are dropped too: what text_squeeze does, without an
 * allocation per cell.  Returns the length, or -1 when it does not fit.
 */
static int
halfwidth(const char *s, char *ret, size_t cap, bool squeeze)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;
	unsigned c;

	for (; *u; u++) {
		c = *u;
		if (c >= '0' && c <= '9') { /* most bytes of most codes: none of the cases below */
			if (n + 1 >= cap)
				return -1;
			ret[n++] = (char)c;
			continue;
		}
		if (u[0] == 0xef && (u[1] == 0xbc || u[1] == 0xbd) && u[2] >= 0x80 && u[2] <= 0xbf) {
			c = (0xf000u | (unsigned)(u[1] & 0x3f) << 6 | (u[2] & 0x3f)) - 0xfee0u;
			if (c < 0x21 || c > 0x7e) {
				c = *u;
			} else {
				u += 2;
			}
		} else if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) {
			c = ' ';
			u += 2;
		} else if (u[0] == 0xc2 && u[1] == 0xa0) {
			c = ' ';
			u++;
		}
		if (squeeze && (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')'))
			continue;
		if (n + 1 >= cap)
			return -1;
		ret[n++] = (char)c;
	}
	ret[n] = '\0';
	return (int)n;
}

/*
 * name_norm writes the name as compared exactly: spaces of every width dropped, full-width
 * Latin letters half-width, and the dots between the parts of a Uyghur or foreign name
 * (·, •, ・, ．, .) all U+00B7.  Returns the length, -1 when too long.
 */
static int
name_norm(const char *s, char *ret, size_t cap)
{
	char tmp[NAME_MAX * 2];
	size_t n = 0;
	const char *p;
	int k;
	uint32_t cp;

	if (halfwidth(s, tmp, sizeof(tmp), false) < 0)
		return -1;
	for (p = tmp; *p; p += k) {
		cp = utf8_cp(p, &k);
		if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n')
			continue;
		if (cp == '.' || cp == 0x2022 || cp == 0x30fb || cp == 0xb7) {
			if (n + 3 > cap)
				return -1;
			ret[n++] = (char)0xc2;
			ret[n++] = (char)0xb7;
			continue;
		}
		if (n + (size_t)k + 1 > cap)
			return -1;
		memcpy(ret + n, p, (size_t)k);
		n += (size_t)k;
	}
	ret[n] = '\0';
	return (int)n;
}

/* fold_normed is match_name_fold of a name name_norm already wrote. */
static size_t
fold_normed(const char *exact, char *ret, size_t cap)
{
	const char *p;
	size_t n = 0;
	uint32_t cp;
	int k;

	for (p = exact; *p; p += k) {
		cp = utf8_cp(p, &k);
		if (k == 3) {
			cp = fold_cp(cp);
			if (n + 4 > cap)
				break;
			ret[n++] = (char)(0xe0 | cp >> 12);
			ret[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
			ret[n++] = (char)(0x80 | (cp & 0x3f));
			continue;
		}
		if (n + (size_t)k + 1 > cap)
			break;
		memcpy(ret + n, p, (size_t)k);
		if (k == 1 && ret[n] >= 'A' && ret[n] <= 'Z')
			ret[n] += 'a' - 'A';
		n += (size_t)k;
	}
	ret[n] = '\0';
	return n;
}

size_t
match_name_fold(const char *name, char *ret, size_t cap)
{
	char exact[NAME_MAX];

	pthread_once(&folds_once, folds_init);
	if (cap == 0)
		return 0;
	if (name == NULL || name_norm(name, exact, sizeof(exact)) < 0)
		exact[0] = '\0';
	return fold_normed(exact, ret, cap);
}

/* FNV-1a: names are a few bytes, and the tables mix the result again. */
static uint64_t
hash_bytes(const char *s, size_t n, uint64_t h)
{
	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ull;
	}
	return h;
}

/*
 * date_ok: yyyymmdd is a real day from 1900 to today, the rule idnum_parse applies to the
 * birth date in an ID number.  Done with integers here because a list is a million of them:
 * idnum_parse formats the date, scans it back and asks the clock for today on every call.
 */
static bool
date_ok(uint32_t ymd, uint32_t today)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = (int)(ymd / 10000), m = (int)(ymd / 100 % 100), d = (int)(ymd % 100);

	if (y < 1900 || m < 1 || m > 12 || d < 1 || ymd > today)
		return false;
	if (m == 2 && d == 29)
		return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	return d <= dim[m - 1];
}

/* birth_parse reads a date as lists write it into yyyymmdd, 0 when it is not one. */
static uint32_t
birth_parse(const char *s, uint32_t today)
{
	char tmp[CODE_MAX];
	int part[3] = {0, 0, 0}, len[3] = {0, 0, 0}, np = 0, y, m, d;
	const char *p;

	if (s == NULL || halfwidth(s, tmp, sizeof(tmp), false) < 0)
		return 0;
	for (p = tmp; *p && np < 3;) {
		if (*p >= '0' && *p <= '9') {
			while (*p >= '0' && *p <= '9' && len[np] < 8) {
				part[np] = part[np] * 10 + (*p - '0');
				len[np]++;
				p++;
			}
			if (*p >= '0' && *p <= '9')
				return 0;
			np++;
		} else if (np > 0 && (*p == ' ' || *p == 'T')) {
			break; /* a time after the date, as Excel exports one */
		} else {
			p++;
		}
	}
	if (np == 1 && len[0] == 8) {
		y = part[0] / 10000;
		m = part[0] / 100 % 100;
		d = part[0] % 100;
	} else if (np == 3 && len[0] == 4 && len[1] <= 2 && len[2] <= 2) {
		y = part[0];
		m = part[1];
		d = part[2];
	} else {
		return 0;
	}
	if (y > 9999 || m > 99 || d > 99 || !date_ok((uint32_t)(y * 10000 + m * 100 + d), today))
		return 0;
	return (uint32_t)(y * 10000 + m * 100 + d);
}

/* id_keys reads an ID number cell: valid, or valid but for the check character (which the
 * prefix index still finds), or nothing.  fid gets the reason when it is neither. */
static void
id_keys(const char *s, struct keys *k, struct fault *fid, uint32_t today)
{
	char tmp[CODE_MAX];
	struct idnum id;
	uint32_t birth = 0;
	int n, i;

	if (s == NULL || *s == '\0')
		return;
	n = halfwidth(s, tmp, sizeof(tmp), true);
	if (n <= 0) {
		if (n < 0)
			fault_set(fid, ERR_INVALID, "id_number", "身份证号太长",
				  "the ID number is too long");
		return;
	}
	/* the common case, 18 characters, decided without idnum_parse (see date_ok); anything
	 * else (15 digits, a bad date, a wrong length) goes through it for its words */
	for (i = 0; n == 18 && i < 17 && tmp[i] >= '0' && tmp[i] <= '9'; i++)
		if (i >= 6 && i < 14)
			birth = birth * 10 + (uint32_t)(tmp[i] - '0');
	if (i == 17 && date_ok(birth, today) &&
	    ((tmp[17] >= '0' && tmp[17] <= '9') || tmp[17] == 'X' || tmp[17] == 'x')) {
		char want = idnum_check_char(tmp), given = tmp[17] == 'x' ? 'X' : tmp[17];

		memcpy(id.number, tmp, 17);
		id.number[17] = given;
		id.number[18] = '\0';
		k->idchk = given == 'X' ? 10 : given - '0';
		if (given == want) {
			k->id_ok = true;
			memcpy(k->id_number, id.number, sizeof(k->id_number));
		} else {
			k->id_near = true;
		}
	} else if (idnum_parse(tmp, &id, fid) != 0) {
		return;
	} else {
		k->id_ok = true;
		k->idchk = id.number[17] == 'X' ? 10 : id.number[17] - '0';
		memcpy(k->id_number, id.number, sizeof(k->id_number));
	}
	if (!k->id_ok && !k->id_near)
		return;
	k->idpre = 0;
	for (i = 0; i < 17; i++)
		k->idpre = k->idpre * 10 + (uint64_t)(id.number[i] - '0');
	/* only a valid ID number vouches for the birth date in it */
	if (k->birth == 0 && k->id_ok)
		k->birth = (uint32_t)((id.number[6] - '0') * 10000000 + (id.number[7] - '0') * 1000000 +
				      (id.number[8] - '0') * 100000 + (id.number[9] - '0') * 10000 +
				      (id.number[10] - '0') * 1000 + (id.number[11] - '0') * 100 +
				      (id.number[12] - '0') * 10 + (id.number[13] - '0'));
}

/* village_keys reads an area code; anything but 6 to 15 digits is no village. */
static void
village_keys(const char *s, struct keys *k)
{
	char tmp[CODE_MAX];
	int n, i;

	if (s == NULL || (n = halfwidth(s, tmp, sizeof(tmp), true)) < 6 || n > 15)
		return;
	for (i = 0; i < n; i++) {
		if (tmp[i] < '0' || tmp[i] > '9')
			return;
		k->village = k->village * 10 + (uint64_t)(tmp[i] - '0');
	}
	k->vlen = n;
}

void
match_keys_read(const char *idn, const char *ph, const char *name, const char *birth,
		const char *village, uint32_t today, struct keys *k, struct cell_faults *cf)
{
	char tmp[CODE_MAX], fold[NAME_MAX * 2];
	size_t fl;

	/* field by field: a memset of the whole (name and all) was a sixth of reading a row */
	k->idpre = k->phone = k->village = k->fold = k->nb = 0;
	k->idchk = k->vlen = k->nlen = 0;
	k->id_ok = k->id_near = false;
	k->birth = 0;
	memset(k->id_number, 0, sizeof(k->id_number));
	memset(k->phone_s, 0, sizeof(k->phone_s));
	k->name[0] = '\0';
	if (birth != NULL && *birth != '\0') {
		k->birth = birth_parse(birth, today);
		cf->birth_bad = k->birth == 0;
	}
	id_keys(idn, k, &cf->id, today);
	if (ph != NULL && *ph != '\0') {
		if (halfwidth(ph, tmp, sizeof(tmp), false) < 0)
			fault_set(&cf->phone, ERR_INVALID, "phone", "手机号太长，应为11位",
				  "phone number is too long: a mobile has 11 digits");
		else if (phone_parse(tmp, k->phone_s, &cf->phone) == 0)
			for (int i = 0; i < 11; i++)
				k->phone = k->phone * 10 + (uint64_t)(k->phone_s[i] - '0');
	}
	village_keys(village, k);
	if (name != NULL && (k->nlen = name_norm(name, k->name, sizeof(k->name))) > 0) {
		fl = fold_normed(k->name, fold, sizeof(fold));
		k->fold = hash_bytes(fold, fl, 0xcbf29ce484222325ull) | 1;
		if (k->birth != 0)
			k->nb = mix(k->fold ^ k->birth) | 1;
	} else {
		k->nlen = 0;
		k->name[0] = '\0';
	}
}

void
match_keys_init(void)
{
	pthread_once(&folds_once, folds_init);
}
