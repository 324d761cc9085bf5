/* demo_supply.c: the demo town's donations and supplies, after the article: who gave what, where
 * it went, one correction; each entry at its moment of the last week, so the ledger, the daily
 * stock table and the report of any of those days agree. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "demo.h"
#include "supply_api.h"

#define TOWN "430302100000"
#define YUNLONG "430302100201"
#define LIXIN "430302100202"
#define LONGTOULING "430302100203"
#define CHANGAN "430302100205"

struct demo_ctx {
	struct dbc *c;
	struct arena *a;
	int64_t store[4]; /* town, 长安村, 云龙村, the 南谷互通 checkpoint */
	int64_t at;	  /* the moment of the next entry (the clock is pinned there) */
};

/* The next entries from minute min of the day `days` ago, twenty minutes apart. */
static void
when(struct demo_ctx *d, int days, int min)
{
	d->at = demo_at(days, min);
}

static void
tick(struct demo_ctx *d)
{
	clock_pin(d->at);
	d->at += 20 * 60;
}

static int64_t
item_id(struct demo_ctx *d, const char *key)
{
	struct item it;

	return db_item_by_key(d->c, d->a, key, &it) == 0 ? it.id : 0;
}

/* One donation of days_ago days back, its lines as key/quantity pairs ending with NULL. */
static int
give(struct demo_ctx *d, int days_ago, const char *name, const char *kind, int anonymous, int store,
     const char *designated, ...)
{
	char date[11], receipt[32];
	int64_t seq = 0, id, eid;
	int rc, y, m, dd;
	va_list ap;
	const char *key;

	/* the day's donations from nine in the morning, one after another */
	if (d->at < demo_at(days_ago, 9 * 60) || d->at >= demo_at(days_ago - 1, 0))
		when(d, days_ago, 9 * 60);
	tick(d);
	clock_local_date(clock_now(), date);
	clock_parse_date(date, &y, &m, &dd);
	if ((rc = db_donation_count_day(d->c, date, &seq)))
		return rc;
	snprintf(receipt, sizeof(receipt), "JZ%04d%02d%02d%03lld", y, m, dd, (long long)seq + 1);
	if ((rc = db_donation_insert(d->c, receipt, name, kind, "", anonymous, date, d->store[store],
				     designated, 0, &id)))
		return rc;
	va_start(ap, designated);
	while (rc == 0 && (key = va_arg(ap, const char *)) != NULL) {
		struct move mv = {0};

		mv.kind = "received";
		mv.store_id = d->store[store];
		mv.item_id = item_id(d, key);
		mv.quantity = va_arg(ap, long long);
		mv.donation_id = id;
		mv.to_area_code = designated;
		mv.purpose = receipt;
		mv.username = "demo";
		rc = db_ledger_write(d->c, &mv, &eid);
	}
	va_end(ap);
	return rc;
}

/* One movement out of a store; returns the entry id in *ret (may be NULL). */
static int
move(struct demo_ctx *d, const char *kind, int store, const char *key, long long q, const char *to,
     const char *area, const char *purpose, int64_t *ret)
{
	struct move mv = {0};
	int64_t id;

	mv.kind = kind;
	mv.store_id = d->store[store];
	mv.item_id = item_id(d, key);
	mv.quantity = -q;
	mv.to_text = to;
	mv.to_area_code = area;
	mv.purpose = purpose;
	mv.username = "demo";
	tick(d);
	if (strcmp(key, "cash") == 0) {
		mv.approved_by = "镇党委书记";
		mv.handled_by = "镇财政所";
	}
	return db_ledger_write(d->c, &mv, ret ? ret : &id);
}

static int
transfer(struct demo_ctx *d, int from, int to, const char *key, long long q, const char *to_name,
	 const char *to_area, const char *from_name, const char *from_area)
{
	struct move in = {0};
	int64_t id;
	int rc;

	if ((rc = move(d, "transfer_out", from, key, q, to_name, to_area, "调拨", NULL)))
		return rc;
	in.kind = "transfer_in";
	in.store_id = d->store[to];
	in.item_id = item_id(d, key);
	in.quantity = q;
	in.to_text = from_name;
	in.to_area_code = from_area;
	in.purpose = "调拨";
	in.username = "demo";
	return db_ledger_write(d->c, &in, &id);
}

int
demo_supply(struct dbc *c, struct fault *f)
{
	static const struct {
		const char *name, *area, *kind;
	} stores[4] = {
		{"鹤岭镇物资仓库", TOWN, "town"},
		{"长安村物资点", CHANGAN, "village"},
		{"云龙村物资点", YUNLONG, "village"},
		{"南谷互通卡口物资柜", YUNLONG, "checkpoint"},
	};
	struct demo_ctx d = {c, arena_new(), {0}, 0};
	struct move rev = {0};
	int64_t wrong, id;
	int rc = 0, i;

	if (d.a == NULL)
		return ERR_NOMEM;
	for (i = 0; i < 4 && rc == 0; i++) {
		struct store s = {0};

		s.name = (char *)stores[i].name;
		s.area_code = (char *)stores[i].area;
		s.kind = (char *)stores[i].kind;
		rc = db_store_insert(c, &s);
		d.store[i] = s.id;
	}
	if (rc)
		goto out;
	/* 湘潭市、鹤岭镇人大代表王建存向长安村定向捐赠口罩3000只，向政府捐赠消毒水若干 */
	if ((rc = give(&d, 6, "王建存", "person", 0, 1, CHANGAN, "mask_surgical", 3000LL, NULL)) ||
	    (rc = give(&d, 6, "王建存", "person", 0, 0, NULL, "disinfectant", 40LL, NULL)) ||
	    /* 鹤岭镇商会向政府捐赠口罩等防护物资10余箱 */
	    (rc = give(&d, 5, "鹤岭镇商会", "organisation", 0, 0, NULL, "mask_surgical", 6000LL,
		       "protective_suit", 40LL, "gloves", 1000LL, NULL)) ||
	    /* 景宏石料公司负责人直接向政府捐赠现金3万元 */
	    (rc = give(&d, 5, "景宏石料公司", "company", 0, 0, NULL, "cash", 3000000LL, NULL)) ||
	    /* 康星大药房负责人把店里仅有的口罩全部捐赠给政府和当地保洁员 */
	    (rc = give(&d, 4, "康星大药房", "company", 0, 0, NULL, "mask_surgical", 860LL, "mask_kn95",
		       140LL, NULL)) ||
	    /* 南谷村社会人士主动献出手中的口罩 */
	    (rc = give(&d, 4, "南谷村村民", "person", 1, 0, NULL, "mask_surgical", 500LL, NULL)) ||
	    (rc = give(&d, 3, "鹤岭镇两新党总支", "organisation", 0, 0, NULL, "mask_surgical", 10000LL,
		       "disinfectant", 1200LL, "alcohol", 900LL, NULL)) ||
	    /* 金侨医院熬制预防汤药 */
	    (rc = give(&d, 3, "金侨医院", "organisation", 0, 0, NULL, "decoction", 2000LL, NULL)))
		goto out;

	/* where it went: villages, the checkpoint, cleaners; one cash payment */
	when(&d, 3, 14 * 60);
	if ((rc = move(&d, "issue", 1, "mask_surgical", 1200, "长安村", CHANGAN, "网格员、村医入户排查", NULL)) ||
	    (rc = transfer(&d, 0, 2, "mask_surgical", 2000, stores[2].name, YUNLONG, stores[0].name, TOWN)) ||
	    (rc = transfer(&d, 0, 3, "mask_surgical", 800, stores[3].name, YUNLONG, stores[0].name, TOWN)) ||
	    (rc = transfer(&d, 0, 3, "disinfectant", 100, stores[3].name, YUNLONG, stores[0].name, TOWN)) ||
	    (rc = move(&d, "issue", 3, "mask_surgical", 600, "南谷互通卡口", YUNLONG, "四班倒值守人员", NULL)))
		goto out;
	when(&d, 2, 9 * 60 + 30);
	if ((rc = move(&d, "issue", 0, "mask_surgical", 3000, "龙头岭村", LONGTOULING, "保洁员、网格员", NULL)) ||
	    (rc = move(&d, "issue", 0, "decoction", 800, "云龙村", YUNLONG, "一线值守人员预防汤药", NULL)) ||
	    (rc = move(&d, "issue", 0, "disinfectant", 300, "立新村", LIXIN, "公共场所消杀", NULL)) ||
	    (rc = move(&d, "write_off", 0, "alcohol", 20, "", "", "运输中破损", NULL)) ||
	    (rc = move(&d, "issue", 0, "cash", 1200000, "康星大药房", "", "购买红外测温枪20支", NULL)))
		goto out;
	/* a mistake and its correction: 5000 typed for 500 */
	when(&d, 1, 10 * 60);
	if ((rc = move(&d, "issue", 0, "mask_surgical", 5000, "立新村", LIXIN, "宣传巡逻车队", &wrong)))
		goto out;
	rev.kind = "reverse";
	rev.store_id = d.store[0];
	rev.item_id = item_id(&d, "mask_surgical");
	rev.quantity = 5000;
	rev.reverses = wrong;
	rev.to_text = "立新村";
	rev.to_area_code = LIXIN;
	rev.purpose = "数量录错（应为500只），冲销后重新发放";
	rev.username = "demo";
	tick(&d);
	if ((rc = db_ledger_write(c, &rev, &id)) ||
	    (rc = move(&d, "issue", 0, "mask_surgical", 500, "立新村", LIXIN, "宣传巡逻车队", NULL)) ||
	    /* the checkpoint wants 500 masks at hand: it is below that now */
	    (rc = db_threshold_set(c, d.store[3], item_id(&d, "mask_surgical"), 500)))
		goto out;
out:
	if (rc && f && f->code == 0)
		fault_set(f, rc, "supplies", "演示物资数据写入失败", "cannot record the demo town's supplies");
	arena_free(d.a);
	return rc;
}
