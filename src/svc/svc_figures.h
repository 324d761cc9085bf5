/*
 * svc_figures.h: the figures the daily report shares with the dashboards: supplies, a sweep's
 * coverage, gatherings.  Each reads a handful of maintained counters, never the ledger or the
 * visits, and gives typed rows the handlers render.
 */
#ifndef FANGYI_SVC_FIGURES_H
#define FANGYI_SVC_FIGURES_H

#include <stdbool.h>
#include <stdint.h>

#include "db_supply.h"
#include "db_sweep.h"
#include "svc.h"
#include "svc_sweep.h" /* sweep_scope_has, sweep_overlaps */

/* figures_day_start: the Unix second at which a local date (NULL or "": today) began. */
int64_t figures_day_start(const char *date);


/* One item's totals at the end of the day. */
struct supply_item_figures {
	const struct item *item;
	int64_t received, issued, written_off, in_stock;
};

/* A stock row below its threshold, with its store's name and days of stock left (< 0: unknown). */
struct supply_low {
	const struct stock_line *line;
	const struct item *item;
	const char *store;
	int64_t days_left;
};

/* SUPPLYFIG (docs/API.md): the supplies of an area at the end of a local day. */
struct supply_figures {
	char date[11];
	struct supply_item_figures *items; /* items that moved or are in stock; cash apart */
	int nitems;
	int64_t cash_received, cash_spent, cash_balance; /* in fen */
	struct supply_low *low;
	int nlow;
	char *sentence_zh, *sentence_en; /* the figures sentence of the town's reports */
	struct store *stores;            /* the stores of the area, with every stock row */
	int nstores;
	struct stock_line *lines;
	int nlines;
};

/*
 * svc_figures_supplies reads the supplies of the stores of scope as they stood at the end of a
 * local date (NULL: today; the caller has checked it).  On the actor's arena.
 */
int svc_figures_supplies(struct svc *s, const char *scope, const char *date,
			 struct supply_figures *out);

/* One area's coverage: its households and persons, and per round (1-based arrays of rounds + 1)
 * those reached, the households not reached and the visits. */
struct coverage_row {
	const char *code, *name;
	int level;
	int64_t households, persons;
	int64_t *hr, *pr, *nr, *vs;
};

/* COVERAGE (docs/API.md) of a campaign in an area. */
struct sweep_coverage {
	int64_t campaign_id;
	const char *name;
	int round, rounds;
	struct coverage_row town;
	struct coverage_row *villages, *grids;
	int nvillages, ngrids;
};

/*
 * svc_figures_coverage counts campaign c inside the area prefix scope for round `round`
 * (rounds up to c->round), as it stands (until 0) or as it stood when the local day starting at
 * `until` began (the changes recorded from then on taken off).  On the actor's arena.
 */
int svc_figures_coverage(struct svc *s, const struct sweep_campaign *c, const char *scope,
			 int round, int64_t until, struct sweep_coverage *out);

/* One area's gatherings by outcome. */
struct gathering_row {
	const char *code, *name;
	int64_t pending, cancelled, postponed, simplified, held;
	int64_t guests_expected, guests_avoided;
};

/* GATHERING_FIGURES (docs/API.md): the town (by its full code) and every village. */
struct gathering_figures {
	const char *from, *to;
	struct gathering_row town;
	struct gathering_row *villages;
	int nvillages;
};

/*
 * svc_figures_gatherings counts the gatherings of scope planned in [from, to] (NULL: open),
 * with the outcomes recorded before `before`.  On the actor's arena.
 */
int svc_figures_gatherings(struct svc *s, const char *scope, const char *from, const char *to,
			   int64_t before, struct gathering_figures *out);

#endif
