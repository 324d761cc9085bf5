/* supply_api.h: what the supplies handlers share (api_supply.c, api_stock.c, api_donation.c, api_publication.c, demo_supply.c), and the report's supplies section. */
#ifndef FANGYI_API_SUPPLY_H
#define FANGYI_API_SUPPLY_H

#include "api.h"
#include "db_supply.h"
#include "svc_figures.h"

struct buf;

/* supply_store_json: STORE with the stock rows of l that belong to s (owned by the caller). */
json_t *supply_store_json(const struct store *s, const struct stock_line *l, int n);

/*
 * supply_figures builds SUPPLYFIG (docs/API.md) for the stores of scope as
 * of the end of a local date (NULL: today): totals per item, cash, stock
 * per store (when with_stores), low-stock rows with days of stock left and
 * the sentence.  The caller owns *ret.
 */
int supply_figures(struct req *r, const char *scope, const char *date, bool with_stores,
		   json_t **ret);

/* supply_figures_json renders f as SUPPLYFIG, with each store's stock when with_stores; the
 * caller owns it (NULL when it cannot be built). */
json_t *supply_figures_json(const struct supply_figures *f, bool with_stores);
/* supply_report_html appends the report's supplies section; supply_report_sheet adds the 物资 sheet. */
void supply_report_html(struct buf *b, json_t *rep);
void supply_report_sheet(void *workbook, void *head_format, json_t *rep);

/* demo_supply records the article's donations, issues and one reversal in the demo town. */
int demo_supply(struct dbc *c, struct fault *f);

#endif
