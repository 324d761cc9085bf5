/* db_area.c: the area tree and the maintained per-area counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"
#include "role.h"

static void
read_area(struct dbq *q, struct arena *a, void *p)
{
	struct area *ar = p;

	ar->id = dbq_int(q, 0);
	ar->code = dbq_dup(q, a, 1);
	ar->name = dbq_dup(q, a, 2);
	ar->level = (int)dbq_int(q, 3);
	ar->kind = dbq_dup(q, a, 4);
	ar->parent_id = dbq_opt_int(q, 5);
	ar->parent_code = dbq_dup(q, a, 6);
	ar->persons = dbq_int(q, 7);
	ar->households = dbq_int(q, 8);
}

int
db_area_insert(struct dbc *c, struct area *ar)
{
	struct dbq q;

	dbq_start(&q, c, ST_AREA_INSERT);
	dbq_bind_text(&q, 1, ar->code);
	dbq_bind_text(&q, 2, ar->name);
	dbq_bind_int(&q, 3, ar->level);
	dbq_bind_text(&q, 4, ar->kind);
	if (ar->parent_id)
		dbq_bind_int(&q, 5, ar->parent_id);
	else
		dbq_bind_null(&q, 5);
	dbq_bind_int(&q, 6, clock_now());
	return dbq_scalar_int(&q, &ar->id);
}

int
db_area_get_by_code(struct dbc *c, struct arena *a, const char *code, struct area *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_AREA_GET_BY_CODE);
	dbq_bind_text(&q, 1, code);
	return dbq_one(&q, a, read_area, ret);
}

int
db_area_towns(struct dbc *c, struct arena *a, struct area **ret, int *ret_n)
{
	struct dbq q;
	struct area *v = NULL;
	int n = 0, cap = 0, rc;

	dbq_start(&q, c, ST_AREA_TOWNS);
	while ((rc = dbq_step(&q)) == 1) {
		if (n == cap) {
			struct area *nv;

			cap = cap ? cap * 2 : 16;
			nv = arena_alloc(a, sizeof(*nv) * (size_t)cap);
			if (n)
				memcpy(nv, v, sizeof(*v) * (size_t)n);
			v = nv;
		}
		read_area(&q, a, &v[n++]);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

int
db_area_get(struct dbc *c, struct arena *a, int64_t id, struct area *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_AREA_GET_BY_ID);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_area, ret);
}

int
db_area_find(struct dbc *c, struct arena *a, const char *s, struct area *ret, struct fault *f)
{
	struct dbq q;
	struct area first, other;
	int rc, n = 0;
	char codes[200] = "";

	if (s == NULL || *s == '\0')
		return fault_set(f, ERR_INVALID, "area", "请指定区域（代码或名称）",
				 "give an area (code or name)");
	if ((rc = db_area_get_by_code(c, a, s, ret)) != ERR_NOTFOUND)
		return rc;
	dbq_start(&q, c, ST_AREA_FIND_BY_NAME);
	dbq_bind_text(&q, 1, s);
	while ((rc = dbq_step(&q)) == 1) {
		read_area(&q, a, n == 0 ? &first : &other);
		if (strlen(codes) + 20 < sizeof(codes))
			snprintf(codes + strlen(codes), sizeof(codes) - strlen(codes), "%s%s",
				 n ? ", " : "", n == 0 ? first.code : other.code);
		n++;
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	if (n == 0)
		return fault_setf(f, ERR_NOTFOUND, "area", "没有名为或代码为“%s”的区域",
				  "no area is named or coded \"%s\"", s);
	if (n > 1)
		return fault_setf(f, ERR_CONFLICT, "area", "有多个区域叫“%s”：%s，请用代码",
				  "more than one area is named \"%s\": %s; use the code", s, codes);
	*ret = first;
	return 0;
}

int
db_area_list(struct dbc *c, struct arena *a, const char *scope, struct area **ret, int *ret_n)
{
	struct dbq q;
	struct area *v = NULL;
	int n = 0, cap = 0, rc, i, j;
	size_t sl = strlen(scope);
	char anc[3][16];

	/* the ancestors of the scope, so the tree has its root */
	for (i = 0; i < 3; i++)
		anc[i][0] = '\0';
	if (sl >= 9)
		snprintf(anc[0], sizeof(anc[0]), "%.6s000000", scope);
	if (sl >= 12)
		snprintf(anc[1], sizeof(anc[1]), "%.9s000", scope);
	if (sl >= 15)
		snprintf(anc[2], sizeof(anc[2]), "%.12s", scope);
	dbq_start(&q, c, ST_AREA_LIST_SCOPE);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	for (i = 0; i < 3; i++)
		dbq_bind_text(&q, 3 + i, anc[i]);
	while ((rc = dbq_step(&q)) == 1) {
		if (n == cap) {
			struct area *nv;

			cap = cap ? cap * 2 : 64;
			nv = arena_alloc(a, sizeof(*nv) * (size_t)cap);
			if (n)
				memcpy(nv, v, sizeof(*v) * (size_t)n);
			v = nv;
		}
		read_area(&q, a, &v[n++]);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	/*
	 * Rows hold each area's own counts; a tree node shows its subtree.
	 * Codes are sorted, so a subtree is the run of codes after a node
	 * that share its prefix.  An ancestor outside the scope shows only
	 * what the caller may see, which is the scope's own subtree.
	 */
	{
		int64_t *own_p = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
		int64_t *own_h = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));

		for (i = 0; i < n; i++) {
			own_p[i] = v[i].persons;
			own_h[i] = v[i].households;
		}
		for (i = 0; i < n; i++) {
			size_t pl = (size_t)area_scope_len(v[i].level);

			if (pl > strlen(v[i].code))
				pl = strlen(v[i].code);
			v[i].persons = v[i].households = 0;
			for (j = 0; j < n; j++)
				if (strncmp(v[j].code, v[i].code, pl) == 0 &&
				    strncmp(v[j].code, scope, sl) == 0) {
					v[i].persons += own_p[j];
					v[i].households += own_h[j];
				}
		}
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/* the number after the last grid's (its code's last 3 digits), 1 for a village without grids */
static void
read_next_child(struct dbq *q, struct arena *a, void *p)
{
	const char *max = dbq_text(q, 0);

	if (max != NULL && strlen(max) == 15)
		*(int *)p = atoi(max + 12) + 1;
}

int
db_area_next_child_code(struct dbc *c, struct arena *a, const struct area *parent, char **ret)
{
	struct dbq q;
	int rc, next = 1;

	dbq_start(&q, c, ST_AREA_CHILD_MAX_CODE);
	dbq_bind_int(&q, 1, parent->id);
	if ((rc = dbq_one(&q, a, read_next_child, &next)) < 0 && rc != ERR_NOTFOUND)
		return rc;
	if (next > 999)
		return ERR_TOOBIG;
	*ret = arena_printf(a, "%.12s%03d", parent->code, next);
	return 0;
}

static void
read_sums(struct dbq *q, struct arena *a, void *p)
{
	int64_t *v = p;

	v[0] = dbq_int(q, 0);
	v[1] = dbq_int(q, 1);
}

int
db_area_counts(struct dbc *c, const char *scope, int64_t *ret_persons, int64_t *ret_households)
{
	struct dbq q;
	char hi[64];
	int64_t v[2];
	int rc;

	snprintf(hi, sizeof(hi), "%s\xf4\x8f\xbf\xbf", scope);
	dbq_start(&q, c, ST_AREA_SUM_SCOPE);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, hi);
	if ((rc = dbq_one(&q, NULL, read_sums, v)))
		return rc;
	*ret_persons = v[0];
	*ret_households = v[1];
	return 0;
}

int
db_area_add_counts(struct dbc *c, int64_t area_id, int64_t persons, int64_t households)
{
	struct dbq q;

	dbq_start(&q, c, ST_AREA_ADD_COUNTS);
	dbq_bind_int(&q, 1, persons);
	dbq_bind_int(&q, 2, households);
	dbq_bind_int(&q, 3, area_id);
	return dbq_run(&q);
}

static void
read_area_own(struct dbq *q, struct arena *a, void *p)
{
	struct area_own *r = p;

	r->code = dbq_dup(q, a, 0);
	r->name = dbq_dup(q, a, 1);
	r->level = (int)dbq_int(q, 2);
	r->persons = dbq_int(q, 3);
	r->households = dbq_int(q, 4);
}

int
db_area_own(struct dbc *c, struct arena *a, const char *scope, struct area_own **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_AREA_OWN);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct area_own), read_area_own, (void **)ret, ret_n);
}
