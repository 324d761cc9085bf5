/* test_supply.c: amounts in capitals for receipts, rounded figures in the town's words, days of stock left. */
#include <stdlib.h>

#include "buf.h"
#include "supply.h"
#include "t.h"

static char out[512];

static const char *
capital(int64_t fen)
{
	struct buf b = {0};

	supply_capital(&b, fen);
	snprintf(out, sizeof(out), "%s", b.p ? b.p : "");
	buf_free(&b);
	return out;
}

static const char *
approx(int64_t n, bool zh)
{
	struct buf b = {0};
	bool more;

	supply_approx(&b, n, zh, &more);
	snprintf(out, sizeof(out), "%s%s", b.p, more ? "+" : "");
	buf_free(&b);
	return out;
}

static const char *
yuan(int64_t fen)
{
	struct buf b = {0};

	supply_yuan(&b, fen);
	snprintf(out, sizeof(out), "%s", b.p);
	buf_free(&b);
	return out;
}

static void
test_capital(void)
{
	T_EQ_STR(capital(3000000), "叁万元整");
	T_EQ_STR(capital(100530), "壹仟零伍元叁角整");
	T_EQ_STR(capital(5), "伍分");
	T_EQ_STR(capital(50), "伍角整");
	T_EQ_STR(capital(0), "零元整");
	T_EQ_STR(capital(1000), "壹拾元整");
	T_EQ_STR(capital(10000100), "壹拾万零壹元整");
	T_EQ_STR(capital(1000000000000LL), "壹佰亿元整");
	T_EQ_STR(capital(10000000001LL), "壹亿元零壹分");
	T_EQ_STR(capital(12345678912LL), "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分");
	T_EQ_STR(capital(100000000), "壹佰万元整");
	T_EQ_STR(capital(1010100), "壹万零壹佰零壹元整");
	T_EQ_STR(capital(-250), "负贰元伍角整");
}

static void
test_yuan(void)
{
	T_EQ_STR(yuan(3000000), "30,000.00");
	T_EQ_STR(yuan(5), "0.05");
	T_EQ_STR(yuan(123456789), "1,234,567.89");
	T_EQ_STR(yuan(-150), "-1.50");
}

static void
test_approx(void)
{
	T_EQ_STR(approx(25300, true), "2万+");
	T_EQ_STR(approx(20000, true), "2万");
	T_EQ_STR(approx(25300, false), "20,000+");
	T_EQ_STR(approx(3000, true), "3000");
	T_EQ_STR(approx(3450, true), "3000+");
	T_EQ_STR(approx(104, true), "100+");
	T_EQ_STR(approx(12, true), "10+");
	T_EQ_STR(approx(7, true), "7");
	T_EQ_STR(approx(123456, true), "12万+");
	T_EQ_STR(approx(123456, false), "120,000+");
	T_EQ_STR(approx(0, false), "0");
}

static void
test_days_left(void)
{
	T_EQ_INT(supply_days_left(700, 700), 7);
	T_EQ_INT(supply_days_left(100, 700), 1);
	T_EQ_INT(supply_days_left(99, 700), 0);
	T_EQ_INT(supply_days_left(500, 0), -1);
	T_EQ_INT(supply_days_left(0, 10), 0);
	T_EQ_INT(supply_days_left(1000, 300), 23);
}

static void
test_sentence(void)
{
	struct tally t[] = {
		{"mask_surgical", "医用外科口罩", "surgical masks", "只", "pieces", "盒", "boxes", 50, 18500},
		{"mask_kn95", "KN95/N95口罩", "KN95/N95 masks", "只", "pieces", "盒", "boxes", 20, 3000},
		{"disinfectant", "消毒液", "disinfectant", "瓶", "bottles", "箱", "boxes", 20, 1300},
		{"alcohol", "医用酒精", "medical alcohol", "瓶", "bottles", "箱", "boxes", 20, 800},
		{"decoction", "预防汤药", "herbal prevention decoction", "袋", "bags", "箱", "boxes", 50, 0},
		{"cash", "现金", "cash", "分", "fen", "", "", 1, 3000000},
	};
	struct buf zh = {0}, en = {0};

	supply_sentence(t, 6, &zh, &en);
	T_EQ_STR(zh.p, "累计收到爱心口罩2万余只，消毒液、医用酒精100余箱，现金3万元");
	T_EQ_STR(en.p, "Received to date: over 20,000 masks, over 100 boxes of disinfectant and medical alcohol, and 30,000 yuan in cash.");
	buf_reset(&zh);
	buf_reset(&en);
	t[2].quantity = 1301; /* a bottle over: 余 */
	t[5].quantity = 0;
	t[4].quantity = 1200;
	supply_sentence(t, 6, &zh, &en);
	T_EQ_STR(zh.p, "累计收到爱心口罩2万余只，消毒液、医用酒精100余箱，预防汤药1000余袋");
	T_EQ_STR(en.p, "Received to date: over 20,000 masks, over 100 boxes of disinfectant and medical alcohol, and over 1,000 bags of herbal prevention decoction.");
	buf_reset(&zh);
	buf_reset(&en);
	supply_sentence(t, 0, &zh, &en);
	T_EQ_STR(zh.p, "尚未收到捐赠物资");
	T_EQ_STR(en.p, "No donations received yet.");
	buf_free(&zh);
	buf_free(&en);
}

int
main(void)
{
	T_RUN(test_capital);
	T_RUN(test_yuan);
	T_RUN(test_approx);
	T_RUN(test_days_left);
	T_RUN(test_sentence);
	return T_DONE();
}
