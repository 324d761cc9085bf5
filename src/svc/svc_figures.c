/* svc_figures.c: supplies, sweep coverage and gatherings as figures, for the dashboards and the
 * daily report. */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "observation.h"
#include "role.h"
#include "supply.h"
#include "svc_figures.h"

int64_t
figures_day_start(const char *date)
{
	char today[11];
	int64_t now = clock_now(), s;

	clock_local_date(now, today);
	if (date == NULL || *date == '\0')
		return clock_day_start(now);
	s = clock_day_start(now) - (int64_t)date_diff_days(date, today) * 86400;
	return clock_day_start(s + 43200);
}

/* ---------- supplies ---------- */

static const struct item *
item_by_key(const struct item *v, int n, const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

int
svc_figures_supplies(struct svc *s, const char *scope, const char *date,
		     struct supply_figures *out)
{
	struct item *items;
	struct supply_total *tot;
	struct tally *tal;
	struct buf zh = {0}, en = {0};
	int ni, nt, i, j, rc;
	int64_t day = figures_day_start(date), *in_stock;

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
	memset(in_stock, 0, sizeof(int64_t) * (size_t)(ni + 1));
	for (j = 0; j < out->nlines; j++)
		for (i = 0; i < ni; i++)
			if (strcmp(items[i].key, out->lines[j].item) == 0)
				in_stock[i] += out->lines[j].quantity;
	for (i = 0; i < ni; i++) {
		const struct item *it = &items[i];
		int64_t rcv = 0, iss = 0, wo = 0;

		for (j = 0; j < nt; j++)
			if (tot[j].item_id == it->id) {
				rcv = tot[j].received;
				iss = tot[j].issued;
				wo = tot[j].written_off;
			}
		tal[i] = (struct tally){it->key, it->name, it->name_en, it->unit, it->unit_en,
					it->pack_name, it->pack_name_en, it->pack_size, rcv};
		if (strcmp(it->key, "cash") == 0) {
			out->cash_received = rcv;
			out->cash_spent = iss;
			out->cash_balance = in_stock[i];
			continue;
		}
		if (rcv == 0 && iss == 0 && wo == 0 && in_stock[i] == 0)
			continue;
		out->items[out->nitems++] = (struct supply_item_figures){it, rcv, iss, wo, in_stock[i]};
	}
	out->low = arena_alloc(s->arena, sizeof(*out->low) * (size_t)(out->nlines + 1));
	for (j = 0; j < out->nlines; j++) {
		const struct stock_line *l = &out->lines[j];
		const struct item *it = item_by_key(items, ni, l->item);
		const char *sname = "";

		if (!(l->threshold > 0 && l->quantity < l->threshold) || it == NULL)
			continue;
		for (i = 0; i < out->nstores; i++)
			if (out->stores[i].id == l->store_id)
				sname = out->stores[i].name;
		out->low[out->nlow++] = (struct supply_low){l, it, sname,
							    supply_days_left(l->quantity, l->used7)};
	}
	supply_sentence(tal, ni, &zh, &en);
	out->sentence_zh = arena_strndup(s->arena, zh.p ? zh.p : "", zh.len);
	out->sentence_en = arena_strndup(s->arena, en.p ? en.p : "", en.len);
	buf_free(&zh);
	buf_free(&en);
	return 0;
}

/* ---------- sweep coverage ---------- */

static void
cov_add(struct coverage_row *to, const struct coverage_row *from, int rounds)
{
	int k;

	to->households += from->households;
	to->persons += from->persons;
	for (k = 1; k <= rounds; k++) {
		to->hr[k] += from->hr[k];
		to->pr[k] += from->pr[k];
		to->nr[k] += from->nr[k];
		to->vs[k] += from->vs[k];
	}
}

static void
cov_init(struct arena *a, struct coverage_row *c, int rounds)
{
	c->hr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->pr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->nr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->vs = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	memset(c->hr, 0, sizeof(int64_t) * (size_t)(rounds + 1));
	memset(c->pr, 0, sizeof(int64_t) * (size_t)(rounds + 1));
	memset(c->nr, 0, sizeof(int64_t) * (size_t)(rounds + 1));
	memset(c->vs, 0, sizeof(int64_t) * (size_t)(rounds + 1));
}

/* Add counter rows to the units they belong to (sign 1), or take changes off them (sign -1). */
static void
cov_count(struct coverage_row *units, int nu, const struct sweep_count *cv, int ncv, int rounds,
	  int sign)
{
	int i, j;

	for (i = 0; i < ncv; i++) {
		int k = cv[i].round;

		if (k < 1 || k > rounds)
			continue;
		for (j = 0; j < nu && strcmp(units[j].code, cv[i].area_code) != 0; j++)
			;
		if (j == nu)
			continue;
		units[j].hr[k] += sign * cv[i].households_reached;
		units[j].pr[k] += sign * cv[i].persons_reached;
		units[j].nr[k] += sign * cv[i].not_reached;
		units[j].vs[k] += sign * cv[i].visits;
	}
}

int
svc_figures_coverage(struct svc *s, const struct sweep_campaign *c, const char *scope, int round,
		     int64_t until, struct sweep_coverage *out)
{
	struct area_own *own;
	struct sweep_count *cv, *later = NULL;
	struct coverage_row *units, *vil, *grids;
	int nown, ncv, nlater = 0, nu = 0, nv = 0, ng = 0, i, j, rounds = c->round, rc;
	const char *top_name = NULL, *top_code = NULL;
	int top_level = 99;

	memset(out, 0, sizeof(*out));
	if ((rc = db_area_own(s->db, s->arena, scope, &own, &nown)) ||
	    (rc = db_sweep_counts(s->db, s->arena, c->id, scope, &cv, &ncv)))
		return rc;
	/* at the end of a past day: the counters now, less what moved on the days after it */
	if (until > 0 && until <= clock_now() &&
	    (rc = db_sweep_counts_after(s->db, s->arena, c->id, scope, until, &later, &nlater)))
		return rc;
	units = arena_alloc(s->arena, sizeof(*units) * (size_t)(nown + 1));
	vil = arena_alloc(s->arena, sizeof(*vil) * (size_t)(nown + 1));
	grids = arena_alloc(s->arena, sizeof(*grids) * (size_t)(nown + 1));
	for (i = 0; i < nown; i++) {
		if (own[i].level < top_level && strncmp(own[i].code, scope, strlen(scope)) == 0) {
			top_level = own[i].level;
			top_name = own[i].name;
			top_code = own[i].code;
		}
		if (!sweep_scope_has(c->scope, own[i].code))
			continue;
		memset(&units[nu], 0, sizeof(units[nu]));
		units[nu].code = own[i].code;
		units[nu].name = own[i].name;
		units[nu].level = own[i].level;
		units[nu].households = own[i].households;
		units[nu].persons = own[i].persons;
		cov_init(s->arena, &units[nu], rounds);
		nu++;
	}
	/* counters are kept per household area */
	cov_count(units, nu, cv, ncv, rounds, 1);
	cov_count(units, nu, later, nlater, rounds, -1);
	cov_init(s->arena, &out->town, rounds);
	/* the area by its full code (430302100000), as every other figure names it, not the
	 * scope's prefix */
	out->town.code = top_code ? top_code : scope;
	out->town.name = top_name;
	for (i = 0; i < nu; i++) {
		const struct coverage_row *u = &units[i];

		cov_add(&out->town, u, rounds);
		if (u->level == AREA_GRID)
			grids[ng++] = *u;
		if (u->level >= AREA_VILLAGE && strlen(u->code) >= 12) {
			char *vc = arena_strndup(s->arena, u->code, 12);

			for (j = 0; j < nv && strcmp(vil[j].code, vc) != 0; j++)
				;
			if (j == nv) {
				struct area ar;

				memset(&vil[nv], 0, sizeof(vil[nv]));
				vil[nv].code = vc;
				vil[nv].level = AREA_VILLAGE;
				vil[nv].name = db_area_get_by_code(s->db, s->arena, vc, &ar) == 0 ? ar.name
												  : "";
				cov_init(s->arena, &vil[nv], rounds);
				nv++;
			}
			cov_add(&vil[j], u, rounds);
		}
	}
	out->campaign_id = c->id;
	out->name = c->name;
	out->round = round;
	out->rounds = rounds;
	out->villages = vil;
	out->nvillages = nv;
	out->grids = grids;
	out->ngrids = ng;
	return 0;
}

/* ---------- gatherings ---------- */

/* The outcome's place in a row: cancelled, postponed, simplified, held from 1; anything else
 * (pending) is 0. */
static int
outcome_index(const char *o)
{
	static const char *const outcomes[] = {"pending", "cancelled", "postponed", "simplified",
					       "held", NULL};
	int i;

	for (i = 1; o && outcomes[i]; i++)
		if (strcmp(o, outcomes[i]) == 0)
			return i;
	return 0;
}

static void
gathering_add(struct gathering_row *g, int o, int64_t n, int64_t expected, int64_t avoided)
{
	int64_t *by[] = {&g->pending, &g->cancelled, &g->postponed, &g->simplified, &g->held};

	*by[o] += n;
	g->guests_expected += expected;
	g->guests_avoided += avoided;
}

int
svc_figures_gatherings(struct svc *s, const char *scope, const char *from, const char *to,
		       int64_t before, struct gathering_figures *out)
{
	struct gathering_figure *fv;
	struct area *areas;
	struct gathering_row *vil;
	int nf, na, nv = 0, i, j, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_gathering_figures(s->db, s->arena, scope, from, to, before, &fv, &nf)) ||
	    (rc = db_area_list(s->db, s->arena, scope, &areas, &na)))
		return rc;
	vil = arena_alloc(s->arena, sizeof(*vil) * (size_t)(na + nf + 1));
	memset(vil, 0, sizeof(*vil) * (size_t)(na + nf + 1));
	out->from = from;
	out->to = to;
	out->town.code = scope;
	/* every village of the area, with or without gatherings */
	for (i = 0; i < na; i++) {
		if (areas[i].level == AREA_VILLAGE &&
		    (strncmp(areas[i].code, scope, strlen(scope)) == 0 ||
		     strncmp(scope, areas[i].code, strlen(areas[i].code)) == 0)) {
			vil[nv].code = areas[i].code;
			vil[nv].name = areas[i].name;
			nv++;
		}
		if (strncmp(areas[i].code, scope, strlen(scope)) == 0 && out->town.name == NULL)
			out->town.name = areas[i].name;
		/* the town by its full code, as every other figure gives it, not the scope's prefix */
		if (areas[i].level == AREA_TOWN && strncmp(areas[i].code, scope, 9) == 0) {
			out->town.code = areas[i].code;
			out->town.name = areas[i].name;
		}
	}
	for (i = 0; i < nf; i++) {
		const struct gathering_figure *f = &fv[i];
		int o = outcome_index(f->outcome);
		int64_t avoided = o == 1 || o == 2 ? f->expected
				  : o == 3 && f->expected > f->guests ? f->expected - f->guests
								       : 0;

		for (j = 0; j < nv && strcmp(vil[j].code, f->village_code) != 0; j++)
			;
		if (j == nv) {
			vil[nv].code = f->village_code;
			vil[nv].name = "";
			nv++;
		}
		gathering_add(&vil[j], o, f->n, f->expected, avoided);
		gathering_add(&out->town, o, f->n, f->expected, avoided);
	}
	out->villages = vil;
	out->nvillages = nv;
	return 0;
}
