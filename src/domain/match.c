/* match.c: list matching: a district list's rows against the registry, by hash tables in memory. */
#include <pthread.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "idnum.h"
#include "match.h"
#include "phone.h"
#include "text.h"

/* Longer cells than these are not an ID number, a phone or a date however they were typed. */
#define CODE_MAX 64
/* Bytes of a name once spaces are gone: 42 Chinese characters, more than any registry holds. */
#define NAME_MAX 128

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

/* mix is splitmix64's finalizer: every bit of a key moves the slot and the tag. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* The keys of one person or row.  A zero key is an absent one: no phone, ID prefix or hash
 * of a real name is zero. */
struct keys {
	uint64_t idpre;   /* the first 17 digits of the ID number */
	int idchk;        /* its check character, 0-9 or 10 for X */
	bool id_ok;       /* the ID number is valid */
	bool id_near;     /* valid but for its check character */
	uint64_t phone;   /* the 11 digits as a number */
	uint32_t birth;   /* yyyymmdd */
	uint64_t village; /* the area code as a number, vlen digits */
	int vlen;
	char name[NAME_MAX]; /* exact form */
	int nlen;
	uint64_t fold;  /* hash of the folded name */
	uint64_t nb;    /* hash of the folded name and the birth date */
	char id_number[19];
	char phone_s[12];
};

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

/* The faults of a row's cells, kept to say why a row was refused. */
struct cell_faults {
	struct fault id, phone;
	bool birth_bad;
};

static void
keys_read(const char *idn, const char *ph, const char *name, const char *birth,
	  const char *village, uint32_t today, struct keys *k, struct cell_faults *cf)
{
	char tmp[CODE_MAX], fold[NAME_MAX * 2];
	size_t fl;

	memset(k, 0, sizeof(*k));
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

/* ---- memory ---------------------------------------------------------------------- */

/*
 * An index or a list's memory is one anonymous mapping, carved into its arrays: the kernel
 * hands it over zeroed (an empty table is zeros), and with transparent huge pages a million
 * people are a few hundred 2 MiB pages rather than a hundred thousand 4 KiB ones, which is
 * what the random probes of the tables spend their time on otherwise.  Each structure is laid
 * out twice, once to count its bytes (base NULL) and once to place them.
 */
#define HUGE_PAGE ((size_t)2 << 20)

struct region {
	char *base;
	size_t used, mapped;
};

static void *
take(struct region *r, size_t n)
{
	size_t at = (r->used + 63) & ~(size_t)63;

	r->used = at + (n ? n : 1);
	return r->base ? r->base + at : NULL;
}

/* region_map maps what the counting pass added up; false when the memory is not there. */
static bool
region_map(struct region *r)
{
	size_t n = (r->used + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return false;
	(void)madvise(p, n, MADV_HUGEPAGE); /* a hint: without it the pages are small, not wrong */
	r->base = p;
	r->used = 0;
	r->mapped = n;
	return true;
}

/* ---- open addressing --------------------------------------------------------------- */

/*
 * One table maps a 64-bit key to the first of the entries holding it, the rest chained
 * through next[] (people sharing a phone or a name).  A slot is 8 bytes: the entry + 1
 * (0: empty) and 32 bits of the mixed key, so a probe rarely reads an entry that is not the
 * one.  The keys are not copied: keys[i * stride] is entry i's, read from the entries.
 */
struct slot {
	uint32_t tag, head;
};

struct htab {
	struct slot *slots;
	uint32_t *next; /* NULL: one entry per key (the list's records) */
	const uint64_t *keys;
	size_t stride;
	uint64_t mask;
};

static void
htab_init(struct region *r, struct htab *t, size_t n, const uint64_t *keys, size_t stride,
	  bool chains)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	t->slots = take(r, cap * sizeof(*t->slots));
	t->next = chains ? take(r, n * sizeof(*t->next)) : NULL;
	t->keys = keys;
	t->stride = stride;
	t->mask = cap - 1;
}

/* htab_find returns the slot of key: the one holding it, or the empty one it would take. */
static struct slot *
htab_find(const struct htab *t, uint64_t key)
{
	uint64_t h = mix(key), i = h & t->mask;
	uint32_t tag = (uint32_t)(h >> 32);
	struct slot *s;

	for (;; i = (i + 1) & t->mask) {
		s = &t->slots[i];
		if (s->head == 0 || (s->tag == tag && t->keys[(s->head - 1) * t->stride] == key))
			return s;
	}
}

/* htab_add files entry i under its key: first of its chain, or alone when the table keeps
 * one entry per key and one is there already (then it changes nothing). */
static void
htab_add(struct htab *t, uint32_t i)
{
	uint64_t key = t->keys[(size_t)i * t->stride];
	struct slot *s;

	if (key == 0)
		return;
	s = htab_find(t, key);
	if (s->head != 0 && t->next == NULL)
		return;
	if (t->next != NULL)
		t->next[i] = s->head;
	s->tag = (uint32_t)(mix(key) >> 32);
	s->head = i + 1;
}

/* htab_prefetch asks for key's first slot ahead of the lookup: a row's half-dozen lookups in
 * tables far larger than the cache then wait for memory together rather than one by one. */
static void
htab_prefetch(const struct htab *t, uint64_t key)
{
	if (key != 0)
		__builtin_prefetch(&t->slots[mix(key) & t->mask]);
}

/* htab_first returns the first entry + 1 under key, 0 when none; chains go on by next[]. */
static uint32_t
htab_first(const struct htab *t, uint64_t key)
{
	return key == 0 ? 0 : htab_find(t, key)->head;
}

/* ---- the registry index -------------------------------------------------------------- */

/* A person as the index holds it: 56 bytes, the keys first for the tables to read. */
struct mperson {
	uint64_t idpre, phone, fold, village;
	int64_t id;
	uint32_t birth, name_off;
	uint16_t name_len;
	uint8_t idchk, vlen;
	bool watched;
};

#define STRIDE (sizeof(struct mperson) / sizeof(uint64_t))

/* how many people ahead the build asks memory for the slots it will fill */
#define PREFETCH 8

/* The people of one name (folded), side by side: a row with a phone that is nobody's reads
 * its name's people in one sweep of memory rather than one cache miss per person. */
struct nentry {
	uint64_t phone;
	uint32_t birth, person;
};

struct match_index {
	size_t n, size;
	uint32_t today; /* yyyymmdd: no birth date after it */
	struct mperson *p;
	char *names;
	struct htab by_id, by_phone, by_name;
	struct nentry *named;         /* grouped by name */
	uint32_t *named_at, *named_n; /* by the first person of a name: where its group is */
};

/* index_layout places the arrays of an index of n people with names of `bytes` bytes in r,
 * the index itself first (at r's base). */
static void
index_layout(struct region *r, struct match_index *idx, size_t n, size_t bytes)
{
	take(r, sizeof(*idx));
	idx->p = take(r, n * sizeof(*idx->p));
	idx->names = take(r, bytes);
	htab_init(r, &idx->by_id, n, r->base ? &idx->p[0].idpre : NULL, STRIDE, true);
	htab_init(r, &idx->by_phone, n, r->base ? &idx->p[0].phone : NULL, STRIDE, true);
	htab_init(r, &idx->by_name, n, r->base ? &idx->p[0].fold : NULL, STRIDE, true);
	idx->named = take(r, n * sizeof(*idx->named));
	idx->named_at = take(r, n * sizeof(*idx->named_at));
	idx->named_n = take(r, n * sizeof(*idx->named_n));
}

/* index_group lays each name's people side by side, in the order of its chain. */
static void
index_group(struct match_index *idx)
{
	const struct htab *t = &idx->by_name;
	uint64_t i;
	uint32_t at = 0, h, head;

	for (i = 0; i <= t->mask; i++) {
		if ((head = t->slots[i].head) == 0)
			continue;
		idx->named_at[head - 1] = at;
		for (h = head; h; h = t->next[h - 1]) {
			idx->named[at].phone = idx->p[h - 1].phone;
			idx->named[at].birth = idx->p[h - 1].birth;
			idx->named[at].person = h - 1;
			at++;
		}
		idx->named_n[head - 1] = at - idx->named_at[head - 1];
	}
}

/* The registry is read in two halves at once above this many people: reading a person's
 * cells is most of a build and each person's are their own; the tables are filled after. */
#define READ_SPLIT 65536

struct reader {
	struct match_index *idx;
	const struct match_person *persons;
	size_t from, to, off; /* off: where person from's name goes in idx->names */
};

static void *
index_read(void *arg)
{
	struct reader *rd = arg;
	struct match_index *idx = rd->idx;
	struct cell_faults cf;
	struct keys k;
	size_t i, off = rd->off;

	for (i = rd->from; i < rd->to; i++) {
		const struct match_person *in = &rd->persons[i];
		struct mperson *p = &idx->p[i];

		keys_read(in->id_number, in->phone, in->name, in->birth, in->village, idx->today, &k,
			  &cf);
		p->idpre = k.idpre;
		p->idchk = (uint8_t)k.idchk;
		p->phone = k.phone;
		p->fold = k.fold;
		p->village = k.village;
		p->vlen = (uint8_t)k.vlen;
		p->birth = k.birth;
		p->id = in->id;
		p->watched = in->watched;
		/* name_norm at most doubles a name: the room counted on the raw names holds it */
		p->name_off = (uint32_t)off;
		p->name_len = (uint16_t)k.nlen;
		memcpy(idx->names + off, k.name, (size_t)k.nlen + 1);
		off += in->name ? 2 * strlen(in->name) + 1 : 1;
	}
	return NULL;
}

/* name_room is the room a person's name may take once normalised: '.' becomes '·'. */
static size_t
name_room(const struct match_person *p)
{
	return p->name ? 2 * strlen(p->name) + 1 : 1;
}

struct match_index *
match_index_build(const struct match_person *persons, size_t n)
{
	struct region r = {NULL, 0, 0};
	struct match_index *idx, count;
	struct reader lo, hi;
	size_t i, bytes = 1, half = 0;
	char today[11];
	pthread_t t;
	bool threaded = false;

	if (n >= (size_t)1 << 31)
		return NULL;
	clock_local_date(clock_now(), today);
	pthread_once(&folds_once, folds_init);
	for (i = 0; i < n; i++) {
		if (i == n / 2)
			half = bytes - 1;
		bytes += name_room(&persons[i]);
	}
	index_layout(&r, &count, n, bytes);
	if (!region_map(&r))
		return NULL;
	idx = (struct match_index *)r.base;
	index_layout(&r, idx, n, bytes);
	idx->size = r.mapped;
	idx->n = n;
	idx->today = (uint32_t)strtoul(today, NULL, 10) * 10000 +
		     (uint32_t)strtoul(today + 5, NULL, 10) * 100 + (uint32_t)strtoul(today + 8, NULL, 10);
	lo = (struct reader){idx, persons, 0, n, 0};
	if (n >= READ_SPLIT) {
		lo.to = n / 2;
		hi = (struct reader){idx, persons, n / 2, n, half};
		threaded = pthread_create(&t, NULL, index_read, &hi) == 0;
		if (!threaded)
			lo.to = n;
	}
	index_read(&lo);
	if (threaded)
		pthread_join(t, NULL);
	/* backwards, so each chain lists people in the order given; the slots of the person
	 * PREFETCH places ahead are asked for now, so the misses overlap */
	for (i = n; i-- > 0;) {
		if (i >= PREFETCH) {
			const struct mperson *q = &idx->p[i - PREFETCH];

			htab_prefetch(&idx->by_id, q->idpre);
			htab_prefetch(&idx->by_phone, q->phone);
			htab_prefetch(&idx->by_name, q->fold);
		}
		htab_add(&idx->by_id, (uint32_t)i);
		htab_add(&idx->by_phone, (uint32_t)i);
		htab_add(&idx->by_name, (uint32_t)i);
	}
	index_group(idx);
	return idx;
}

void
match_index_free(struct match_index *idx)
{
	if (idx != NULL)
		munmap(idx, idx->size);
}

/* ---- the list's own rows ------------------------------------------------------------- */

/* A record is one person of the list: the first row of them, and the keys its rows gave. */
struct srec {
	uint64_t id, phone, nb, fold;
	uint64_t person; /* the registry person + 1 its first row matched, 0 when none */
	uint64_t village;
	int vlen;
	long line;
};

#define SSTRIDE (sizeof(struct srec) / sizeof(uint64_t))

struct match_seen {
	size_t cap, n, size;
	struct srec *r;
	struct htab by_id, by_phone, by_nb, by_person;
};

/* seen_layout places the arrays of a list's memory of cap rows in r, itself first. */
static void
seen_layout(struct region *r, struct match_seen *s, size_t cap)
{
	take(r, sizeof(*s));
	s->r = take(r, cap * sizeof(*s->r));
	htab_init(r, &s->by_id, cap, r->base ? &s->r[0].id : NULL, SSTRIDE, false);
	htab_init(r, &s->by_phone, cap, r->base ? &s->r[0].phone : NULL, SSTRIDE, false);
	htab_init(r, &s->by_nb, cap, r->base ? &s->r[0].nb : NULL, SSTRIDE, false);
	htab_init(r, &s->by_person, cap, r->base ? &s->r[0].person : NULL, SSTRIDE, false);
}

struct match_seen *
match_seen_new(size_t capacity)
{
	struct region r = {NULL, 0, 0};
	struct match_seen *s, count;

	if (capacity >= (size_t)1 << 31)
		return NULL;
	seen_layout(&r, &count, capacity);
	if (!region_map(&r))
		return NULL;
	s = (struct match_seen *)r.base;
	seen_layout(&r, s, capacity);
	s->size = r.mapped;
	s->cap = capacity;
	return s;
}

void
match_seen_free(struct match_seen *seen)
{
	if (seen != NULL)
		munmap(seen, seen->size);
}

size_t
match_seen_records(const struct match_seen *seen)
{
	return seen->n;
}

/* villages_differ: two rows name villages neither of which holds the other. */
static bool
villages_differ(const struct srec *r, const struct keys *k)
{
	uint64_t a = r->village, b = k->village;
	int la = r->vlen, lb = k->vlen;

	if (la == 0 || lb == 0)
		return false;
	for (; la > lb; la--)
		a /= 10;
	for (; lb > la; lb--)
		b /= 10;
	return a != b;
}

/* seen_find returns the record + 1 this row's person already has in the list, 0 when none.
 * Only an ID number is trusted alone: a shared phone or a shared name and birth date is the
 * same person unless their ID numbers or names say otherwise. */
static uint32_t
seen_find(const struct match_seen *s, const struct keys *k, uint64_t idkey)
{
	const struct srec *r;
	uint32_t h;

	if ((h = htab_first(&s->by_id, idkey)) != 0)
		return h;
	if ((h = htab_first(&s->by_phone, k->phone)) != 0) {
		r = &s->r[h - 1];
		if (!(idkey && r->id && idkey != r->id) && !(k->fold && r->fold && k->fold != r->fold))
			return h;
	}
	if ((h = htab_first(&s->by_nb, k->nb)) != 0) {
		r = &s->r[h - 1];
		if (!(idkey && r->id && idkey != r->id) && !villages_differ(r, k))
			return h;
	}
	return 0;
}

/* seen_note files the row's keys under record h - 1, filling what the record lacked;
 * a key another record already holds stays that record's. */
static void
seen_note(struct match_seen *s, uint32_t h, const struct keys *k, uint64_t idkey)
{
	struct srec *r = &s->r[h - 1];

	if (r->id == 0 && idkey) {
		r->id = idkey;
		htab_add(&s->by_id, h - 1);
	}
	if (r->phone == 0 && k->phone) {
		r->phone = k->phone;
		htab_add(&s->by_phone, h - 1);
	}
	if (r->nb == 0 && k->nb) {
		r->nb = k->nb;
		htab_add(&s->by_nb, h - 1);
	}
	if (r->fold == 0)
		r->fold = k->fold;
	if (r->vlen == 0) {
		r->village = k->village;
		r->vlen = k->vlen;
	}
}

/* ---- a row's verdict ------------------------------------------------------------------ */

static void
cand_add(const struct match_index *idx, struct match_verdict *v, uint32_t i,
	 enum match_reason why)
{
	size_t j;

	for (j = 0; j < v->ncand; j++)
		if (v->cand[j].person == i)
			return;
	if (v->ncand == MATCH_CANDIDATES) {
		v->more = true;
		return;
	}
	v->cand[v->ncand].person = i;
	v->cand[v->ncand].id = idx->p[i].id;
	v->cand[v->ncand].watched = idx->p[i].watched;
	v->cand[v->ncand].reason = why;
	v->ncand++;
}

static void
found(const struct match_index *idx, struct match_verdict *v, uint32_t i, enum match_reason why)
{
	v->cls = idx->p[i].watched ? MATCH_WATCHED : MATCH_FOUND;
	v->reason = why;
	v->person = i;
	v->person_id = idx->p[i].id;
	v->ncand = 0;
	v->more = false;
}

static bool
same_name(const struct match_index *idx, const struct mperson *p, const struct keys *k)
{
	return p->name_len == k->nlen && memcmp(idx->names + p->name_off, k->name, p->name_len) == 0;
}

/* village_ok: the person lives in the area the row names (a village, or the grid in it). */
static bool
village_ok(const struct mperson *p, const struct keys *k)
{
	uint64_t v = p->village;
	int l = p->vlen;

	if (k->vlen == 0)
		return true;
	if (l < k->vlen)
		return false;
	for (; l > k->vlen; l--)
		v /= 10;
	return v == k->village;
}

/* phone_near: one digit different, or two neighbouring digits swapped. */
static bool
phone_near(uint64_t a, uint64_t b)
{
	int da[11], db[11], i, diff = 0, at = -1;

	for (i = 0; i < 11; i++, a /= 10, b /= 10) {
		da[i] = (int)(a % 10);
		db[i] = (int)(b % 10);
		if (da[i] != db[i]) {
			if (diff++ == 0)
				at = i;
		}
	}
	if (diff == 1)
		return true;
	return diff == 2 && at < 10 && da[at] == db[at + 1] && da[at + 1] == db[at];
}

/*
 * Each key in order; the first that names exactly one person decides, unless an earlier key
 * named several people and this one is not among them (a row matching two people is a
 * clerk's case).  `several` is how many candidates came from keys that named several.
 */
struct step {
	uint32_t hits[MATCH_CANDIDATES];
	size_t nhits;
	bool many;
};

static bool
step_decides(const struct match_index *idx, struct match_verdict *v, struct step *st,
	     size_t *several, enum match_reason why)
{
	size_t j;

	if (st->nhits == 1 && !st->many) {
		for (j = 0; j < *several; j++)
			if (v->cand[j].person == st->hits[0])
				break;
		if (*several == 0 || j < *several) {
			found(idx, v, st->hits[0], why);
			return true;
		}
	}
	if (st->nhits > 1 || st->many) {
		/* the ambiguous ones go first, before any near candidate */
		for (j = 0; j < st->nhits; j++)
			cand_add(idx, v, st->hits[j], MATCH_SEVERAL);
		if (st->many)
			v->more = true;
		*several = v->ncand;
	}
	return false;
}

static void
step_hit(struct step *st, uint32_t i)
{
	if (st->nhits == MATCH_CANDIDATES)
		st->many = true;
	else
		st->hits[st->nhits++] = i;
}

/* near candidates wait here until the exact keys are done, so they never crowd out the
 * people an exact key named */
struct nears {
	uint32_t who[MATCH_CANDIDATES];
	enum match_reason why[MATCH_CANDIDATES];
	size_t n;
	bool more;
};

static void
near_add(struct nears *nr, uint32_t i, enum match_reason why)
{
	if (nr->n == MATCH_CANDIDATES) {
		nr->more = true;
		return;
	}
	nr->who[nr->n] = i;
	nr->why[nr->n++] = why;
}

static void
lookup(const struct match_index *idx, const struct keys *k, struct match_verdict *v)
{
	const struct nentry *name = NULL, *name_end = NULL, *e;
	struct nears nr = {.n = 0};
	size_t several = 0, j;
	struct step st;
	uint32_t h;

	/* the ID number: exact, or the same 17 digits with another check character */
	if (k->idpre) {
		memset(&st, 0, sizeof(st));
		for (h = htab_first(&idx->by_id, k->idpre); h; h = idx->by_id.next[h - 1]) {
			if (k->id_ok && idx->p[h - 1].idchk == k->idchk)
				step_hit(&st, h - 1);
			else
				near_add(&nr, h - 1, MATCH_NEAR_ID_CHECK);
		}
		if (step_decides(idx, v, &st, &several, MATCH_BY_ID))
			return;
	}
	/* the phone, with the name when the row has one: a family shares a phone */
	if (k->phone) {
		memset(&st, 0, sizeof(st));
		for (h = htab_first(&idx->by_phone, k->phone); h; h = idx->by_phone.next[h - 1]) {
			const struct mperson *p = &idx->p[h - 1];

			if (k->nlen == 0 || same_name(idx, p, k))
				step_hit(&st, h - 1);
			else if (p->fold == k->fold)
				near_add(&nr, h - 1, MATCH_NEAR_NAME);
		}
		if (step_decides(idx, v, &st, &several, MATCH_BY_PHONE))
			return;
	}
	/* the people of the row's name (variants folded), side by side */
	if ((k->nb || k->phone) && (h = htab_first(&idx->by_name, k->fold)) != 0) {
		name = &idx->named[idx->named_at[h - 1]];
		name_end = name + idx->named_n[h - 1];
	}
	/* the name and birth date, in the row's village when it names one */
	if (k->nb) {
		memset(&st, 0, sizeof(st));
		for (e = name; e < name_end; e++) {
			const struct mperson *p = &idx->p[e->person];

			if (e->birth != k->birth)
				continue;
			if (!village_ok(p, k))
				near_add(&nr, e->person, MATCH_NEAR_VILLAGE);
			else if (same_name(idx, p, k))
				step_hit(&st, e->person);
			else
				near_add(&nr, e->person, MATCH_NEAR_NAME);
		}
		if (step_decides(idx, v, &st, &several, MATCH_BY_NAME_BIRTH))
			return;
	}
	/* the same name (or a variant of it) with a phone one slip of the finger away */
	if (k->phone) {
		for (e = name; e < name_end; e++) {
			/* two birth dates that disagree are two people, however close the phones */
			if (e->phone && e->phone != k->phone &&
			    !(k->birth && e->birth && e->birth != k->birth) &&
			    phone_near(e->phone, k->phone))
				near_add(&nr, e->person, MATCH_NEAR_PHONE);
		}
	}
	for (j = 0; j < nr.n; j++)
		cand_add(idx, v, nr.who[j], nr.why[j]);
	if (nr.more)
		v->more = true;
	if (v->ncand > 0) {
		v->cls = MATCH_POSSIBLE;
		v->reason = v->cand[0].reason;
	} else {
		v->cls = MATCH_NOT_FOUND;
	}
}

/* refuse says which cell stopped the row, in the words of that cell's own check. */
static void
refuse(const struct match_row *row, const struct keys *k, const struct cell_faults *cf,
       struct match_verdict *v)
{
	const struct fault *f = NULL;

	v->cls = MATCH_REFUSED;
	if (row->id_number && *row->id_number && cf->id.code != 0)
		f = &cf->id;
	else if (row->phone && *row->phone && cf->phone.code != 0)
		f = &cf->phone;
	if (f != NULL) {
		fault_set(&v->fault, ERR_INVALID, f->field, "", "");
		snprintf(v->fault.zh, sizeof(v->fault.zh),
			 "无法比对：%.160s；也没有有效的手机号或姓名加出生日期", f->zh);
		snprintf(v->fault.en, sizeof(v->fault.en),
			 "nothing to match on: %.160s; and no valid phone nor name with a birth date",
			 f->en);
		text_utf8_trim(v->fault.zh);
		return;
	}
	if (cf->birth_bad) {
		fault_set(&v->fault, ERR_INVALID, "birth",
			  "出生日期无法识别，也没有有效的身份证号或手机号，无法比对",
			  "the birth date is not a date, and there is no valid ID number or phone: "
			  "nothing to match on");
		return;
	}
	if (k->nlen > 0) {
		fault_set(&v->fault, ERR_INVALID, "birth",
			  "只有姓名，没有出生日期、身份证号或手机号，无法比对",
			  "a name alone, without a birth date, ID number or phone, cannot be matched");
		return;
	}
	if (k->birth != 0) {
		fault_set(&v->fault, ERR_INVALID, "name",
			  "只有出生日期，没有姓名、身份证号或手机号，无法比对",
			  "a birth date alone, without a name, ID number or phone, cannot be matched");
		return;
	}
	fault_set(&v->fault, ERR_INVALID, "row", "该行没有身份证号、手机号或姓名加出生日期，无法比对",
		  "the row has no ID number, no phone and no name with a birth date: nothing to match on");
}

/* verdict_start gives v the row's normalised keys and nothing else yet. */
static void
verdict_start(struct match_verdict *v, const struct keys *k)
{
	uint32_t b = k->birth;

	v->cls = MATCH_NOT_FOUND;
	v->reason = MATCH_BY_ID;
	v->person = 0;
	v->person_id = 0;
	v->ncand = 0;
	v->more = false;
	v->first_line = 0;
	v->record = 0;
	v->fault.code = 0;
	v->fault.row = 0;
	v->fault.field[0] = v->fault.zh[0] = v->fault.en[0] = '\0';
	memcpy(v->id_number, k->id_number, sizeof(v->id_number));
	memcpy(v->phone, k->phone_s, sizeof(v->phone));
	v->birth[0] = '\0';
	if (b != 0) {
		/* yyyy-mm-dd by hand: a million snprintf calls are a tenth of the match */
		char *o = v->birth;

		o[0] = (char)('0' + b / 10000000 % 10);
		o[1] = (char)('0' + b / 1000000 % 10);
		o[2] = (char)('0' + b / 100000 % 10);
		o[3] = (char)('0' + b / 10000 % 10);
		o[4] = '-';
		o[5] = (char)('0' + b / 1000 % 10);
		o[6] = (char)('0' + b / 100 % 10);
		o[7] = '-';
		o[8] = (char)('0' + b / 10 % 10);
		o[9] = (char)('0' + b % 10);
		o[10] = '\0';
	}
}

/* duplicate makes v the verdict of a row that repeats record h - 1, whose keys it adds to:
 * the row counts only as a repeat, whatever it would have matched. */
static void
duplicate(struct match_seen *seen, uint32_t h, const struct keys *k, uint64_t idkey,
	  struct match_verdict *v)
{
	seen_note(seen, h, k, idkey);
	v->cls = MATCH_DUPLICATE;
	v->reason = MATCH_BY_ID;
	v->person = 0;
	v->person_id = 0;
	v->ncand = 0;
	v->more = false;
	v->first_line = seen->r[h - 1].line;
	v->record = h - 1;
}

int
match_row(const struct match_index *idx, struct match_seen *seen, const struct match_row *row,
	  struct match_verdict *ret)
{
	struct cell_faults cf;
	struct keys k;
	uint64_t idkey;
	uint32_t h = 0;

	cf.id.code = cf.phone.code = 0;
	cf.birth_bad = false;
	keys_read(row->id_number, row->phone, row->name, row->birth, row->village, idx->today, &k,
		  &cf);
	if (!k.id_ok && !k.id_near && !k.phone && !k.nb) {
		verdict_start(ret, &k);
		refuse(row, &k, &cf, ret);
		return 0;
	}
	/* the check character is the 18th decimal place: an ID key for the list's own rows */
	idkey = k.idpre ? k.idpre * 11 + (uint64_t)k.idchk : 0;
	htab_prefetch(&idx->by_id, k.idpre);
	htab_prefetch(&idx->by_phone, k.phone);
	htab_prefetch(&idx->by_name, k.phone || k.nb ? k.fold : 0);
	if (seen != NULL) {
		htab_prefetch(&seen->by_id, idkey);
		htab_prefetch(&seen->by_phone, k.phone);
		htab_prefetch(&seen->by_nb, k.nb);
	}
	if (seen != NULL && (h = seen_find(seen, &k, idkey)) != 0) {
		verdict_start(ret, &k);
		duplicate(seen, h, &k, idkey, ret);
		return 0;
	}
	if (seen != NULL && seen->n == seen->cap)
		return ERR_TOOBIG;
	verdict_start(ret, &k);
	lookup(idx, &k, ret);
	if (seen == NULL)
		return 0;
	/* rows with different keys that found one registry person are that person twice */
	if (ret->cls == MATCH_FOUND || ret->cls == MATCH_WATCHED) {
		h = htab_first(&seen->by_person, (uint64_t)ret->person + 1);
		if (h != 0) {
			duplicate(seen, h, &k, idkey, ret);
			return 0;
		}
	}
	h = (uint32_t)++seen->n;
	memset(&seen->r[h - 1], 0, sizeof(seen->r[h - 1]));
	seen->r[h - 1].line = row->line;
	if (ret->cls == MATCH_FOUND || ret->cls == MATCH_WATCHED) {
		seen->r[h - 1].person = (uint64_t)ret->person + 1;
		htab_add(&seen->by_person, h - 1);
	}
	seen_note(seen, h, &k, idkey);
	ret->record = h - 1;
	return 0;
}

const char *
match_class_word(enum match_class c)
{
	static const char *const words[MATCH__MAX] = {
		[MATCH_WATCHED] = "already_watched", [MATCH_FOUND] = "found",
		[MATCH_POSSIBLE] = "possible",       [MATCH_NOT_FOUND] = "not_found",
		[MATCH_REFUSED] = "refused",         [MATCH_DUPLICATE] = "duplicates_in_list",
	};

	return (unsigned)c < MATCH__MAX ? words[c] : "unknown";
}

const char *
match_reason_word(enum match_reason r)
{
	static const char *const words[MATCH_REASON__MAX] = {
		[MATCH_BY_ID] = "id_number",        [MATCH_BY_PHONE] = "phone",
		[MATCH_BY_NAME_BIRTH] = "name_birth", [MATCH_NEAR_ID_CHECK] = "near_id_check",
		[MATCH_NEAR_PHONE] = "near_phone",  [MATCH_NEAR_NAME] = "near_name",
		[MATCH_NEAR_VILLAGE] = "near_village", [MATCH_SEVERAL] = "several",
	};

	return (unsigned)r < MATCH_REASON__MAX ? words[r] : "unknown";
}
