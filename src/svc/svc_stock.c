/* svc_stock.c: the supplies' figures: totals per item, cash, low stock and days left, the
 * sentence of the town's reports, as they stood at the end of a day. */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "observation.h"
#include "supply.h"
#include "svc_supply.h"

int64_t
svc_supply_day_start(const char *date)
{
	char today[11];
	int64_t now = clock_now(), s;

	clock_local_date(now, today);
	if (date == NULL || *date == '\0')
		return clock_day_start(now);
	s = clock_day_start(now) - (int64_t)date_diff_days(date, today) * 86400;
	return clock_day_start(s + 43200);
}

static const struct item *
item_by_key(const struct item *v, int n, const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

/* The rows under their threshold, each with its store's name and its item. */
static void
low_lines(struct svc *s, const struct item *items, int ni, struct svc_supply_figures *out)
{
	int i, j;

	out->low = arena_alloc(s->arena, sizeof(*out->low) * (size_t)(out->nlines + 1));
	for (j = 0; j < out->nlines; j++) {
		const struct stock_line *l = &out->lines[j];
		const struct item *it = item_by_key(items, ni, l->item);
		struct svc_low_line *x = &out->low[out->nlow];

		if (!(l->threshold > 0 && l->quantity < l->threshold) || it == NULL)
			continue;
		x->line = l;
		x->item = it;
		x->store = "";
		for (i = 0; i < out->nstores; i++)
			if (out->stores[i].id == l->store_id)
				x->store = out->stores[i].name;
		x->days_left = supply_days_left(l->quantity, l->used7);
		out->nlow++;
	}
}

int
svc_supply_figures(struct svc *s, const char *scope, const char *date,
		   struct svc_supply_figures *out)
{
	struct item *items;
	struct supply_total *tot;
	struct tally *tal;
	struct buf zh = {0}, en = {0};
	int ni, nt, i, j, rc;
	int64_t day = svc_supply_day_start(date), *in_stock;

	memset(out, 0, sizeof(*out));
	clock_local_date(day + 43200, out->date);
	if ((rc = db_item_list(s->db, s->arena, &items, &ni)) ||
	    (rc = db_supply_totals(s->db, s->arena, scope, day, &tot, &nt)) ||
	    (rc = db_stock_lines(s->db, s->arena, scope, 0, day, false, &out->lines, &out->nlines)) ||
	    (rc = db_store_list(s->db, s->arena, scope, &out->stores, &out->nstores)))
		return rc;
	in_stock = arena_alloc(s->arena, sizeof(int64_t) * (size_t)(ni + 1));
	tal = arena_alloc(s->arena, sizeof(struct tally) * (size_t)(ni + 1));
	out->items = arena_alloc(s->arena, sizeof(*out->items) * (size_t)(ni + 1));
	for (j = 0; j < out->nlines; j++)
		for (i = 0; i < ni; i++)
			if (strcmp(items[i].key, out->lines[j].item) == 0)
				in_stock[i] += out->lines[j].quantity;
	for (i = 0; i < ni; i++) {
		const struct item *it = &items[i];
		struct svc_item_figure *f = &out->items[out->nitems];

		memset(f, 0, sizeof(*f));
		for (j = 0; j < nt; j++)
			if (tot[j].item_id == it->id) {
				f->received = tot[j].received;
				f->issued = tot[j].issued;
				f->written_off = tot[j].written_off;
			}
		f->in_stock = in_stock[i];
		tal[i] = (struct tally){it->key, it->name, it->name_en, it->unit, it->unit_en,
					it->pack_name, it->pack_name_en, it->pack_size, f->received};
		if (strcmp(it->key, "cash") == 0) {
			out->cash_received = f->received;
			out->cash_spent = f->issued;
			out->cash_balance = f->in_stock;
			continue;
		}
		if (f->received == 0 && f->issued == 0 && f->written_off == 0 && f->in_stock == 0)
			continue;
		f->item = it;
		out->nitems++;
	}
	low_lines(s, items, ni, out);
	supply_sentence(tal, ni, &zh, &en);
	out->sentence_zh = arena_strndup(s->arena, zh.p ? zh.p : "", zh.len);
	out->sentence_en = arena_strndup(s->arena, en.p ? en.p : "", en.len);
	buf_free(&zh);
	buf_free(&en);
	return 0;
}
