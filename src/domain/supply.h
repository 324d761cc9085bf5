/* supply.h: the arithmetic and words of supplies: yuan and their capitals, "2万余", days of stock left. */
#ifndef FANGYI_SUPPLY_H
#define FANGYI_SUPPLY_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

/*
 * supply_capital appends an amount in fen as a receipt writes it in Chinese
 * capitals (大写): 3000000 → "叁万元整", 100530 → "壹仟零伍元叁角整",
 * 5 → "伍分".  Negative amounts are written with a leading "负".
 */
void supply_capital(struct buf *b, int64_t fen);

/* supply_yuan appends fen as yuan with two decimals and thousands separators: "30,000.00". */
void supply_yuan(struct buf *b, int64_t fen);

/*
 * supply_approx appends n the way a report rounds it: below 10 exactly;
 * from 10,000 in 万 ("2万"); otherwise down to its leading digit ("3000",
 * "100").  *ret_more says something was rounded off (the caller writes
 * 余 / "over").  zh false writes English digits with separators
 * ("20,000").
 */
void supply_approx(struct buf *b, int64_t n, bool zh, bool *ret_more);

/*
 * supply_days_left is how many whole days stock lasts at the usage of the
 * last 7 days (used7, base units): floor(stock * 7 / used7); -1 when
 * nothing was used (it lasts indefinitely), 0 when the stock is empty.
 */
int64_t supply_days_left(int64_t stock, int64_t used7);

/* One item's total for supply_sentence. */
struct tally {
	const char *key, *name, *name_en, *unit, *unit_en, *pack_name, *pack_name_en;
	int64_t pack_size, quantity;
};

/*
 * supply_sentence appends the figures sentence in the style of the town's
 * reports, Chinese to zh and English to en: masks of every kind together in
 * pieces, disinfectant and medical alcohol together in boxes (from their
 * packagings), cash in yuan, other items in their units, each rounded with
 * supply_approx: "累计收到爱心口罩2万余只，消毒液、医用酒精100余箱，现金3万元".
 */
void supply_sentence(const struct tally *t, int n, struct buf *zh, struct buf *en);

#endif
