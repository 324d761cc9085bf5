/* svc_coverage.c: a sweep's coverage: the counters of the areas in scope summed per village and
 * for the whole, per round; a past day's as the counters now less what moved after it. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "role.h"
#include "svc_sweep.h"

static void
cov_add(struct sweep_cov *to, const struct sweep_cov *from, int rounds)
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
cov_init(struct arena *a, struct sweep_cov *c, int rounds)
{
	c->hr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->pr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->nr = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
	c->vs = arena_alloc(a, sizeof(int64_t) * (size_t)(rounds + 1));
}

/* Add counter rows to the units they belong to (sign 1), or take changes off them (sign -1). */
static void
cov_count(struct sweep_cov *units, int nu, const struct sweep_count *cv, int ncv, int rounds,
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

/* The village of a unit, found or added to out's villages. */
static struct sweep_cov *
village_of(struct svc *s, struct svc_sweep_coverage *out, const char *code)
{
	char *vc = arena_strndup(s->arena, code, 12);
	struct sweep_cov *v;
	struct area ar;
	int j;

	for (j = 0; j < out->nvillages; j++)
		if (strcmp(out->villages[j].code, vc) == 0)
			return &out->villages[j];
	v = &out->villages[out->nvillages++];
	memset(v, 0, sizeof(*v));
	v->code = vc;
	v->level = AREA_VILLAGE;
	v->name = db_area_get_by_code(s->db, s->arena, vc, &ar) == 0 ? ar.name : "";
	cov_init(s->arena, v, out->rounds);
	return v;
}

int
svc_sweep_coverage(struct svc *s, const struct sweep_campaign *c, const char *scope, int round,
		   int64_t until, struct svc_sweep_coverage *out)
{
	struct area_own *own;
	struct sweep_count *cv, *later = NULL;
	struct sweep_cov *units;
	int nown, ncv, nlater = 0, nu = 0, i, rc, top_level = 99, rounds = c->round;
	const char *top_name = NULL, *top_code = NULL;

	memset(out, 0, sizeof(*out));
	out->round = round;
	out->rounds = rounds;
	if ((rc = db_area_own(s->db, s->arena, scope, &own, &nown)) ||
	    (rc = db_sweep_counts(s->db, s->arena, c->id, scope, &cv, &ncv)))
		return rc;
	/* at the end of a past day: the counters now, less what moved on the days after it */
	if (until > 0 && until <= clock_now() &&
	    (rc = db_sweep_counts_after(s->db, s->arena, c->id, scope, until, &later, &nlater)))
		return rc;
	units = arena_alloc(s->arena, sizeof(*units) * (size_t)(nown + 1));
	out->villages = arena_alloc(s->arena, sizeof(*out->villages) * (size_t)(nown + 1));
	out->grids = arena_alloc(s->arena, sizeof(*out->grids) * (size_t)(nown + 1));
	for (i = 0; i < nown; i++) {
		if (own[i].level < top_level && strncmp(own[i].code, scope, strlen(scope)) == 0) {
			top_level = own[i].level;
			top_name = own[i].name;
			top_code = own[i].code;
		}
		if (!sweep_scope_has(c->scope, own[i].code))
			continue;
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
	cov_init(s->arena, &out->total, rounds);
	/* the area by its full code (430302100000), as every other figure names it, not the
	 * scope's prefix */
	out->total.code = top_code ? top_code : scope;
	out->total.name = top_name;
	for (i = 0; i < nu; i++) {
		const struct sweep_cov *u = &units[i];

		cov_add(&out->total, u, rounds);
		if (u->level == AREA_GRID)
			out->grids[out->ngrids++] = *u;
		if (u->level >= AREA_VILLAGE && strlen(u->code) >= 12)
			cov_add(village_of(s, out, u->code), u, rounds);
	}
	return 0;
}
