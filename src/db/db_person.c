/* db_person.c: people in the registry: search, tags, maintained counts, merges. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"
#include "text.h"

static void
read_person(struct dbq *q, struct arena *a, void *out)
{
	struct person *p = out;

	p->id = dbq_int(q, 0);
	p->name = dbq_dup(q, a, 1);
	p->id_number = dbq_dup(q, a, 2);
	p->phone = dbq_dup(q, a, 3);
	p->gender = dbq_dup(q, a, 4);
	p->birth_date = dbq_dup(q, a, 5);
	p->household_id = dbq_opt_int(q, 6);
	p->household_address = dbq_dup(q, a, 7);
	p->relation = dbq_dup(q, a, 8);
	p->area_id = dbq_int(q, 9);
	p->area_code = dbq_dup(q, a, 10);
	p->area_name = dbq_dup(q, a, 11);
	p->residence = dbq_dup(q, a, 12);
	p->tags = dbq_dup(q, a, 13);
	p->notes = dbq_dup(q, a, 14);
	p->is_demo = (int)dbq_int(q, 15);
	p->merged_into = dbq_opt_int(q, 16);
	p->created_at = dbq_int(q, 17);
	p->updated_at = dbq_int(q, 18);
	p->village_name = dbq_dup(q, a, 19);
}

/* Rewrite person_tag from the comma-separated tags of p. */
static int
write_tags(struct dbc *c, const struct person *p, bool had)
{
	struct dbq q;
	const char *s = p->tags ? p->tags : "", *e;
	char tag[64];
	int rc;

	if (had) {
		dbq_start(&q, c, ST_PERSON_TAG_DELETE);
		dbq_bind_int(&q, 1, p->id);
		if ((rc = dbq_run(&q)))
			return rc;
	}
	while (*s) {
		size_t n;

		e = strchr(s, ',');
		n = e ? (size_t)(e - s) : strlen(s);
		if (n > 0 && n < sizeof(tag)) {
			memcpy(tag, s, n);
			tag[n] = '\0';
			dbq_start(&q, c, ST_PERSON_TAG_INSERT);
			dbq_bind_int(&q, 1, p->id);
			dbq_bind_text(&q, 2, tag);
			dbq_bind_text(&q, 3, p->area_code);
			if ((rc = dbq_run(&q)))
				return rc;
		}
		s += n;
		if (*s == ',')
			s++;
	}
	return 0;
}

static void
bind_fields(struct dbq *q, struct arena *a, const struct person *p)
{
	dbq_bind_text(q, 1, p->name);
	dbq_bind_text(q, 2, p->id_number);
	dbq_bind_text(q, 3, p->id_number ? text_reverse(a, p->id_number) : NULL);
	dbq_bind_text(q, 4, p->phone);
	dbq_bind_text(q, 5, p->phone ? text_reverse(a, p->phone) : NULL);
	dbq_bind_text(q, 6, p->gender);
	dbq_bind_text(q, 7, p->birth_date);
	dbq_bind_id(q, 8, p->household_id);
	dbq_bind_text(q, 9, p->relation ? p->relation : "");
	dbq_bind_int(q, 10, p->area_id);
	dbq_bind_text(q, 11, p->area_code);
	dbq_bind_text(q, 12, p->residence ? p->residence : "registered");
	dbq_bind_text(q, 13, p->tags ? p->tags : "");
	dbq_bind_text(q, 14, p->notes ? p->notes : "");
}

int
db_person_insert(struct dbc *c, struct person *p)
{
	struct arena *a = arena_new();
	struct dbq q;
	int64_t now = clock_now();
	int rc;

	if (a == NULL)
		return ERR_NOMEM;
	dbq_start(&q, c, ST_PERSON_INSERT);
	bind_fields(&q, a, p);
	dbq_bind_int(&q, 15, p->is_demo);
	dbq_bind_int(&q, 16, now);
	dbq_bind_int(&q, 17, now);
	rc = dbq_scalar_int(&q, &p->id);
	arena_free(a);
	if (rc)
		return rc;
	p->created_at = p->updated_at = now;
	if ((rc = db_area_add_counts(c, p->area_id, 1, 0)))
		return rc;
	if (p->household_id && (rc = db_household_add_members(c, p->household_id, 1)))
		return rc;
	if (p->tags && *p->tags)
		return write_tags(c, p, false);
	return 0;
}

/* Bind the 17 values of one row of ST_PERSON_ADD* from placeholder base + 1. */
static void
bind_add(struct dbq *q, struct arena *a, const struct person *p, int base, int64_t now)
{
	dbq_bind_text(q, base + 1, p->name);
	dbq_bind_text(q, base + 2, p->id_number);
	dbq_bind_text(q, base + 3, p->id_number ? text_reverse(a, p->id_number) : NULL);
	dbq_bind_text(q, base + 4, p->phone);
	dbq_bind_text(q, base + 5, p->phone ? text_reverse(a, p->phone) : NULL);
	dbq_bind_text(q, base + 6, p->gender);
	dbq_bind_text(q, base + 7, p->birth_date);
	dbq_bind_id(q, base + 8, p->household_id);
	dbq_bind_text(q, base + 9, p->relation ? p->relation : "");
	dbq_bind_int(q, base + 10, p->area_id);
	dbq_bind_text(q, base + 11, p->area_code);
	dbq_bind_text(q, base + 12, p->residence ? p->residence : "registered");
	dbq_bind_text(q, base + 13, p->tags ? p->tags : "");
	dbq_bind_text(q, base + 14, p->notes ? p->notes : "");
	dbq_bind_int(q, base + 15, p->is_demo);
	dbq_bind_int(q, base + 16, now);
	dbq_bind_int(q, base + 17, now);
}

/* Insert the k people of v (k is 1, 8 or 64) in one statement and set the ids that come back. */
static int
add_some(struct dbc *c, struct arena *a, struct person *const *v, int k, int64_t now)
{
	struct dbq q;
	int i, j, at = 0, rc;

	dbq_start(&q, c, k == 64 ? ST_PERSON_ADD_64 : k == 8 ? ST_PERSON_ADD_8 : ST_PERSON_ADD);
	for (i = 0; i < k; i++) {
		v[i]->id = 0;
		bind_add(&q, a, v[i], 17 * i, now);
	}
	/* the rows come back in the order they were given, less the taken ones: each is looked
	 * for from the one after the last found, which is nearly always it */
	while ((rc = dbq_step(&q)) == 1) {
		const char *idnum = dbq_text(&q, 1);

		for (j = 0; j < k; j++) {
			i = (at + j) % k;
			if (k == 1 || strcmp(v[i]->id_number, idnum) == 0) {
				v[i]->id = dbq_int(&q, 0);
				v[i]->created_at = v[i]->updated_at = now;
				at = i + 1;
				break;
			}
		}
	}
	dbq_end(&q);
	return rc < 0 ? rc : 0;
}

int
db_person_add(struct dbc *c, struct arena *a, struct person *const *v, int n)
{
	int64_t now = clock_now();
	/* one statement for many rows: SQLite's per-statement work (its statement journal, the
	 * program's start and end) was a third of a row's cost.  PostgreSQL's parameters are
	 * kept in the cursor (DBQ_MAXP of them), so there it is one row a statement. */
	bool many = dbc_backend(c) == &backend_sqlite;
	int i = 0, k, rc;

	while (i < n) {
		k = !many ? 1 : n - i >= 64 ? 64 : n - i >= 8 ? 8 : 1;
		if ((rc = add_some(c, a, v + i, k, now)))
			return rc;
		i += k;
	}
	for (i = 0; i < n; i++)
		if (v[i]->id && v[i]->tags && *v[i]->tags && (rc = write_tags(c, v[i], false)))
			return rc;
	return 0;
}

int
db_person_update(struct dbc *c, const struct person *p, const struct person *old)
{
	struct arena *a = arena_new();
	struct dbq q;
	int rc;

	if (a == NULL)
		return ERR_NOMEM;
	dbq_start(&q, c, ST_PERSON_UPDATE);
	bind_fields(&q, a, p);
	dbq_bind_int(&q, 15, clock_now());
	dbq_bind_int(&q, 16, p->id);
	rc = dbq_run(&q);
	arena_free(a);
	if (rc)
		return rc;
	if (p->area_id != old->area_id) {
		if ((rc = db_area_add_counts(c, old->area_id, -1, 0)) ||
		    (rc = db_area_add_counts(c, p->area_id, 1, 0)))
			return rc;
	}
	if (p->household_id != old->household_id) {
		if (old->household_id && (rc = db_household_add_members(c, old->household_id, -1)))
			return rc;
		if (p->household_id && (rc = db_household_add_members(c, p->household_id, 1)))
			return rc;
	}
	if (strcmp(p->tags ? p->tags : "", old->tags ? old->tags : "") != 0 ||
	    strcmp(p->area_code, old->area_code) != 0)
		return write_tags(c, p, true);
	return 0;
}

int
db_person_get(struct dbc *c, struct arena *a, int64_t id, struct person *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PERSON_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_person, ret);
}

int
db_person_get_by_idnum(struct dbc *c, struct arena *a, const char *idnum, struct person *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PERSON_GET_BY_IDNUM);
	dbq_bind_text(&q, 1, idnum);
	return dbq_one(&q, a, read_person, ret);
}

int
db_person_find_noid(struct dbc *c, struct arena *a, const char *name, const char *birth,
		    int64_t household_id, struct person *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PERSON_FIND_NOID);
	dbq_bind_text(&q, 1, name);
	dbq_bind_int(&q, 2, household_id);
	dbq_bind_text(&q, 3, birth ? birth : "");
	return dbq_one(&q, a, read_person, ret);
}

int
db_person_area_code(struct dbc *c, struct arena *a, int64_t id, char **ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PERSON_AREA_CODE);
	dbq_bind_int(&q, 1, id);
	return dbq_scalar_text(&q, a, ret);
}

/*
 * Bind the search ranges for pq: a name prefix; a whole ID number or phone
 * (equalities); or the 4 last digits, a prefix of the reversed columns
 * (clerks quote what the mask shows).  Unused branches get the empty range
 * or NULL.  pq->q was read by search_parse, so no prefix of a number gets here.
 */
static void
bind_search(struct dbq *q, struct arena *a, const char *scope, const struct person_query *pq)
{
	enum search_kind k = pq->qkind;
	const char *t = pq->q, *none = "";
	const char *rev = k == SEARCH_LAST4 ? text_reverse(a, t) : none;
	int i = 1;

	dbq_bind_text(q, i++, scope);
	dbq_bind_text(q, i++, db_range_hi(a, scope));
	/* name */
	dbq_bind_text(q, i++, k == SEARCH_NAME ? t : none);
	dbq_bind_text(q, i++, k == SEARCH_NAME ? db_range_hi(a, t) : none);
	/* the whole ID number, and its last four */
	dbq_bind_text(q, i++, k == SEARCH_ID ? t : NULL);
	dbq_bind_text(q, i++, rev);
	dbq_bind_text(q, i++, k == SEARCH_LAST4 ? db_range_hi(a, rev) : none);
	/* the whole phone, and its last four (a phone has no X) */
	k = k == SEARCH_LAST4 && strchr(t, 'X') != NULL ? SEARCH_NAME : k;
	dbq_bind_text(q, i++, k == SEARCH_PHONE ? t : NULL);
	dbq_bind_text(q, i++, k == SEARCH_LAST4 ? rev : none);
	dbq_bind_text(q, i++, k == SEARCH_LAST4 ? db_range_hi(a, rev) : none);
}

int
db_person_list(struct dbc *c, struct arena *a, const struct person_query *pq, struct person **ret,
	       int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	struct person *v = arena_alloc(a, sizeof(*v) * (size_t)(pq->limit > 0 ? pq->limit : 1));
	const char *scope = pq->scope ? pq->scope : "";
	int n = 0, rc = 0, next;
	int64_t total = 0, hh;
	enum stmt count_st = STMT__MAX;

	if (pq->household_id) {
		dbq_start(&q, c, ST_PERSON_BY_HOUSEHOLD);
		dbq_bind_int(&q, 1, pq->household_id);
		dbq_bind_text(&q, 2, scope);
		dbq_bind_text(&q, 3, db_range_hi(a, scope));
		next = 4;
	} else if (pq->tag != NULL) {
		dbq_start(&q, c, ST_PERSON_BY_TAG);
		dbq_bind_text(&q, 1, pq->tag);
		dbq_bind_text(&q, 2, scope);
		dbq_bind_text(&q, 3, db_range_hi(a, scope));
		next = 4;
		count_st = ST_PERSON_BY_TAG_COUNT;
	} else if (pq->q != NULL && *pq->q != '\0') {
		bool grid = strlen(scope) >= 15;

		dbq_start(&q, c, grid ? ST_PERSON_SEARCH_GRID : ST_PERSON_SEARCH);
		bind_search(&q, a, scope, pq);
		next = 11;
		count_st = grid ? ST_PERSON_SEARCH_GRID_COUNT : ST_PERSON_SEARCH_COUNT;
	} else {
		dbq_start(&q, c, ST_PERSON_LIST);
		dbq_bind_text(&q, 1, scope);
		dbq_bind_text(&q, 2, db_range_hi(a, scope));
		next = 3;
	}
	dbq_bind_int(&q, next, pq->limit);
	dbq_bind_int(&q, next + 1, pq->offset);
	while (n < pq->limit && (rc = dbq_step(&q)) == 1)
		read_person(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;

	if (pq->household_id) {
		/* a household is small: its page is all of it, unless paged */
		total = pq->offset + n;
		if (n == pq->limit)
			total++;
	} else if (count_st == ST_PERSON_BY_TAG_COUNT) {
		dbq_start(&q, c, count_st);
		dbq_bind_text(&q, 1, pq->tag);
		dbq_bind_text(&q, 2, scope);
		dbq_bind_text(&q, 3, db_range_hi(a, scope));
		if ((rc = dbq_scalar_int(&q, &total)))
			return rc;
	} else if (count_st == ST_PERSON_SEARCH_COUNT || count_st == ST_PERSON_SEARCH_GRID_COUNT) {
		dbq_start(&q, c, count_st);
		bind_search(&q, a, scope, pq);
		if ((rc = dbq_scalar_int(&q, &total)))
			return rc;
	} else if ((rc = db_area_counts(c, scope, &total, &hh)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

int
db_person_duplicates(struct dbc *c, struct arena *a, const char *scope, int limit,
		     struct person **ret, int *ret_n)
{
	struct dbq q;
	struct person *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;

	dbq_start(&q, c, ST_PERSON_DUPLICATES);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	dbq_bind_text(&q, 3, scope);
	dbq_bind_text(&q, 4, db_range_hi(a, scope));
	dbq_bind_int(&q, 5, limit);
	while (n < limit && (rc = dbq_step(&q)) == 1)
		read_person(&q, a, &v[n++]);
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

int
db_person_merge(struct dbc *c, struct arena *a, int64_t from, int64_t into)
{
	struct person pf, pi;
	struct dbq q;
	int rc;

	if (from == into)
		return ERR_INVALID;
	if ((rc = db_person_get(c, a, from, &pf)) || (rc = db_person_get(c, a, into, &pi)))
		return rc;
	if (pf.merged_into || pi.merged_into)
		return ERR_CONFLICT;
	dbq_start(&q, c, ST_PERSON_MERGE);
	dbq_bind_int(&q, 1, into);
	dbq_bind_int(&q, 2, clock_now());
	dbq_bind_int(&q, 3, from);
	if ((rc = dbq_run(&q)))
		return rc;
	dbq_start(&q, c, ST_PERSON_REPOINT_HEAD);
	dbq_bind_int(&q, 1, into);
	dbq_bind_int(&q, 2, from);
	if ((rc = dbq_run(&q)))
		return rc;
	/* the survivor keeps the union of both people's tags and notes */
	if (pf.tags && *pf.tags) {
		struct person upd = pi;

		upd.tags = *pi.tags ? arena_printf(a, "%s,%s", pi.tags, pf.tags) : pf.tags;
		if (pf.notes && *pf.notes)
			upd.notes = *pi.notes ? arena_printf(a, "%s\n%s", pi.notes, pf.notes) : pf.notes;
		if ((rc = db_person_update(c, &upd, &pi)))
			return rc;
	}
	if ((rc = db_area_add_counts(c, pf.area_id, -1, 0)))
		return rc;
	if (pf.household_id && (rc = db_household_add_members(c, pf.household_id, -1)))
		return rc;
	return 0;
}
