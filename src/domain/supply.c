/* supply.c: amounts in capitals, rounded figures in the town's words, days of stock left. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "supply.h"

static const char *const digit_zh[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
static const char *const place_zh[4] = {"", "拾", "佰", "仟"};
static const char *const group_zh[4] = {"", "万", "亿", "万亿"};

void
supply_capital(struct buf *b, int64_t fen)
{
	uint64_t v, yuan;
	int jiao, f, nd = 0, i;
	int d[20];
	bool zero = false, any = false, group_any = false;

	if (fen < 0) {
		buf_adds(b, "负");
		v = (uint64_t)(-(fen + 1)) + 1;
	} else
		v = (uint64_t)fen;
	yuan = v / 100;
	jiao = (int)(v / 10 % 10);
	f = (int)(v % 10);
	for (; yuan > 0; yuan /= 10)
		d[nd++] = (int)(yuan % 10);
	/* from the highest digit down: a run of zeros inside the number is one 零 */
	for (i = nd - 1; i >= 0; i--) {
		if (d[i] == 0) {
			zero = any;
		} else {
			if (zero)
				buf_adds(b, "零");
			zero = false;
			buf_adds(b, digit_zh[d[i]]);
			buf_adds(b, place_zh[i % 4]);
			any = group_any = true;
		}
		if (i % 4 == 0 && i > 0) {
			if (group_any)
				buf_adds(b, group_zh[i / 4 < 4 ? i / 4 : 3]);
			group_any = false;
		}
	}
	if (any)
		buf_adds(b, "元");
	if (jiao == 0 && f == 0) {
		buf_adds(b, any ? "整" : "零元整");
		return;
	}
	if (jiao)
		buf_addf(b, "%s角", digit_zh[jiao]);
	else if (any)
		buf_adds(b, "零");
	if (f)
		buf_addf(b, "%s分", digit_zh[f]);
	else
		buf_adds(b, "整");
}

/* digits with a comma every three */
static void
grouped(struct buf *b, uint64_t v)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%llu", (unsigned long long)v), i;

	for (i = 0; i < n; i++) {
		buf_addc(b, s[i]);
		if ((n - i - 1) % 3 == 0 && i < n - 1)
			buf_addc(b, ',');
	}
}

void
supply_yuan(struct buf *b, int64_t fen)
{
	uint64_t v = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;

	if (fen < 0)
		buf_addc(b, '-');
	grouped(b, v / 100);
	buf_addf(b, ".%02u", (unsigned)(v % 100));
}

void
supply_approx(struct buf *b, int64_t n, bool zh, bool *ret_more)
{
	int64_t p = 1, kept;

	if (n < 0)
		n = 0;
	if (n < 10) {
		kept = n;
	} else if (n >= 10000) {
		kept = n / 10000 * 10000; /* 万 in both languages: 2万余, over 20,000 */
	} else {
		while (p <= n / 10)
			p *= 10;
		kept = n / p * p;
	}
	*ret_more = kept != n;
	if (zh && kept >= 10000)
		buf_addf(b, "%lld万", (long long)(kept / 10000));
	else if (zh)
		buf_addf(b, "%lld", (long long)kept);
	else
		grouped(b, (uint64_t)kept);
}

int64_t
supply_days_left(int64_t stock, int64_t used7)
{
	if (stock <= 0)
		return 0;
	if (used7 <= 0)
		return -1;
	return stock * 7 / used7;
}

/* One part of the sentence: "爱心口罩2万余只" and "over 20,000 masks". */
static void
part(struct buf *zh, struct buf *en, int *nparts, const char *name_zh, int64_t n, bool more,
     const char *unit_zh, const char *what_en)
{
	bool m;
	struct buf z = {0};

	if (n <= 0 && !more)
		return;
	buf_adds(zh, *nparts ? "，" : "累计收到");
	buf_adds(zh, name_zh);
	supply_approx(zh, n, true, &m);
	if (m || more)
		buf_adds(zh, "余");
	buf_adds(zh, unit_zh);
	/* English: collected now, joined at the end */
	supply_approx(&z, n, false, &m);
	buf_addf(en, "%s%s%s %s", *nparts ? "\x1f" : "", m || more ? "over " : "", z.p ? z.p : "0",
		 what_en);
	buf_free(&z);
	(*nparts)++;
}

void
supply_sentence(const struct tally *t, int n, struct buf *zh, struct buf *en)
{
	int64_t masks = 0, boxes = 0, cash = 0;
	bool boxes_more = false;
	const char *mask_unit = "只", *box_unit = "箱";
	struct buf dnames = {0}, dnames_en = {0}, parts = {0}, w = {0};
	int i, nparts = 0, nd = 0, k;
	char *s, *next;

	for (i = 0; i < n; i++) {
		const struct tally *x = &t[i];

		if (x->quantity <= 0)
			continue;
		if (strncmp(x->key, "mask", 4) == 0) {
			masks += x->quantity;
			mask_unit = x->unit;
		} else if (strcmp(x->key, "disinfectant") == 0 || strcmp(x->key, "alcohol") == 0) {
			int64_t ps = x->pack_size > 0 ? x->pack_size : 1;

			boxes += x->quantity / ps;
			boxes_more |= x->quantity % ps != 0;
			if (x->pack_name && *x->pack_name)
				box_unit = x->pack_name;
			buf_adds(&dnames, nd ? "、" : "");
			buf_adds(&dnames, x->name);
			buf_adds(&dnames_en, nd ? " and " : "");
			buf_adds(&dnames_en, x->name_en && *x->name_en ? x->name_en : x->key);
			nd++;
		} else if (strcmp(x->key, "cash") == 0)
			cash = x->quantity;
	}
	part(zh, &parts, &nparts, "爱心口罩", masks, false, mask_unit, "masks");
	if (nd) {
		buf_reset(&w);
		buf_addf(&w, "boxes of %s", dnames_en.p);
		part(zh, &parts, &nparts, dnames.p, boxes, boxes_more && boxes > 0, box_unit, w.p);
	}
	for (i = 0; i < n; i++) {
		const struct tally *x = &t[i];

		if (x->quantity <= 0 || strncmp(x->key, "mask", 4) == 0 || strcmp(x->key, "cash") == 0 ||
		    strcmp(x->key, "disinfectant") == 0 || strcmp(x->key, "alcohol") == 0)
			continue;
		buf_reset(&w);
		buf_addf(&w, "%s of %s", x->unit_en && *x->unit_en ? x->unit_en : x->unit,
			 x->name_en && *x->name_en ? x->name_en : x->key);
		part(zh, &parts, &nparts, x->name, x->quantity, false, x->unit, w.p);
	}
	if (cash > 0)
		part(zh, &parts, &nparts, "现金", cash / 100, cash % 100 != 0, "元", "yuan in cash");
	if (nparts == 0) {
		buf_adds(zh, "尚未收到捐赠物资");
		buf_adds(en, "No donations received yet.");
	} else {
		buf_adds(en, "Received to date: ");
		for (s = parts.p, k = 0; s; s = next, k++) {
			next = strchr(s, '\x1f');
			if (next)
				*next++ = '\0';
			if (k)
				buf_adds(en, next == NULL ? (k > 1 ? ", and " : " and ") : ", ");
			buf_adds(en, s);
		}
		buf_adds(en, ".");
	}
	buf_free(&dnames);
	buf_free(&dnames_en);
	buf_free(&parts);
	buf_free(&w);
}
