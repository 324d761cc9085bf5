/* match.c: list matching's verdicts: each row of a district list classed against the registry's index. */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "match_internal.h"
#include "text.h"

/* ---- a row's verdict ------------------------------------------------------------------ */

static void
cand_add(const struct match_index *idx, struct match_verdict *v, uint32_t i,
	 enum match_reason why)
{
	size_t j;

	for (j = 0; j < v->ncand; j++)
		if (v->cand[j].person == i)
			return;
	if (v->ncand == MATCH_CANDIDATES) {
		v->more = true;
		return;
	}
	v->cand[v->ncand].person = i;
	v->cand[v->ncand].id = idx->p[i].id;
	v->cand[v->ncand].watched = idx->p[i].watched;
	v->cand[v->ncand].reason = why;
	v->ncand++;
}

static void
found(const struct match_index *idx, struct match_verdict *v, uint32_t i, enum match_reason why)
{
	v->cls = idx->p[i].watched ? MATCH_WATCHED : MATCH_FOUND;
	v->reason = why;
	v->person = i;
	v->person_id = idx->p[i].id;
	v->ncand = 0;
	v->more = false;
}

static bool
same_name(const struct match_index *idx, const struct mperson *p, const struct keys *k)
{
	return p->name_len == k->nlen && memcmp(idx->names + p->name_off, k->name, p->name_len) == 0;
}

/* village_ok: the person lives in the area the row names (a village, or the grid in it). */
static bool
village_ok(const struct mperson *p, const struct keys *k)
{
	uint64_t v = p->village;
	int l = p->vlen;

	if (k->vlen == 0)
		return true;
	if (l < k->vlen)
		return false;
	for (; l > k->vlen; l--)
		v /= 10;
	return v == k->village;
}

/* phone_near: one digit different, or two neighbouring digits swapped. */
static bool
phone_near(uint64_t a, uint64_t b)
{
	int da[11], db[11], i, diff = 0, at = -1;

	for (i = 0; i < 11; i++, a /= 10, b /= 10) {
		da[i] = (int)(a % 10);
		db[i] = (int)(b % 10);
		if (da[i] != db[i]) {
			if (diff++ == 0)
				at = i;
		}
	}
	if (diff == 1)
		return true;
	return diff == 2 && at < 10 && da[at] == db[at + 1] && da[at + 1] == db[at];
}

/*
 * Each key in order; the first that names exactly one person decides, unless an earlier key
 * named several people and this one is not among them (a row matching two people is a
 * clerk's case).  `several` is how many candidates came from keys that named several.
 */
struct step {
	uint32_t hits[MATCH_CANDIDATES];
	size_t nhits;
	bool many;
};

static bool
step_decides(const struct match_index *idx, struct match_verdict *v, struct step *st,
	     size_t *several, enum match_reason why)
{
	size_t j;

	if (st->nhits == 1 && !st->many) {
		for (j = 0; j < *several; j++)
			if (v->cand[j].person == st->hits[0])
				break;
		if (*several == 0 || j < *several) {
			found(idx, v, st->hits[0], why);
			return true;
		}
	}
	if (st->nhits > 1 || st->many) {
		/* the ambiguous ones go first, before any near candidate */
		for (j = 0; j < st->nhits; j++)
			cand_add(idx, v, st->hits[j], MATCH_SEVERAL);
		if (st->many)
			v->more = true;
		*several = v->ncand;
	}
	return false;
}

static void
step_hit(struct step *st, uint32_t i)
{
	if (st->nhits == MATCH_CANDIDATES)
		st->many = true;
	else
		st->hits[st->nhits++] = i;
}

/* near candidates wait here until the exact keys are done, so they never crowd out the
 * people an exact key named */
struct nears {
	uint32_t who[MATCH_CANDIDATES];
	enum match_reason why[MATCH_CANDIDATES];
	size_t n;
	bool more;
};

static void
near_add(struct nears *nr, uint32_t i, enum match_reason why)
{
	if (nr->n == MATCH_CANDIDATES) {
		nr->more = true;
		return;
	}
	nr->who[nr->n] = i;
	nr->why[nr->n++] = why;
}

static void
lookup(const struct match_index *idx, const struct keys *k, struct match_verdict *v)
{
	const struct nentry *name = NULL, *name_end = NULL, *e;
	struct nears nr = {.n = 0};
	size_t several = 0, j;
	struct step st;
	uint32_t h;

	/* the ID number: exact, or the same 17 digits with another check character */
	if (k->idpre) {
		memset(&st, 0, sizeof(st));
		for (h = htab_first(&idx->by_id, k->idpre); h; h = idx->by_id.next[h - 1]) {
			if (k->id_ok && idx->p[h - 1].idchk == k->idchk)
				step_hit(&st, h - 1);
			else
				near_add(&nr, h - 1, MATCH_NEAR_ID_CHECK);
		}
		if (step_decides(idx, v, &st, &several, MATCH_BY_ID))
			return;
	}
	/* the phone, with the name when the row has one: a family shares a phone */
	if (k->phone) {
		memset(&st, 0, sizeof(st));
		for (h = htab_first(&idx->by_phone, k->phone); h; h = idx->by_phone.next[h - 1]) {
			const struct mperson *p = &idx->p[h - 1];

			if (k->nlen == 0 || same_name(idx, p, k))
				step_hit(&st, h - 1);
			else if (p->fold == k->fold)
				near_add(&nr, h - 1, MATCH_NEAR_NAME);
		}
		if (step_decides(idx, v, &st, &several, MATCH_BY_PHONE))
			return;
	}
	/* the people of the row's name (variants folded), side by side */
	if ((k->nb || k->phone) && (h = htab_first(&idx->by_name, k->fold)) != 0) {
		name = &idx->named[idx->named_at[h - 1]];
		name_end = name + idx->named_n[h - 1];
	}
	/* the name and birth date, in the row's village when it names one */
	if (k->nb) {
		memset(&st, 0, sizeof(st));
		for (e = name; e < name_end; e++) {
			const struct mperson *p = &idx->p[e->person];

			if (e->birth != k->birth)
				continue;
			if (!village_ok(p, k))
				near_add(&nr, e->person, MATCH_NEAR_VILLAGE);
			else if (same_name(idx, p, k))
				step_hit(&st, e->person);
			else
				near_add(&nr, e->person, MATCH_NEAR_NAME);
		}
		if (step_decides(idx, v, &st, &several, MATCH_BY_NAME_BIRTH))
			return;
	}
	/* the same name (or a variant of it) with a phone one slip of the finger away */
	if (k->phone) {
		for (e = name; e < name_end; e++) {
			/* two birth dates that disagree are two people, however close the phones */
			if (e->phone && e->phone != k->phone &&
			    !(k->birth && e->birth && e->birth != k->birth) &&
			    phone_near(e->phone, k->phone))
				near_add(&nr, e->person, MATCH_NEAR_PHONE);
		}
	}
	for (j = 0; j < nr.n; j++)
		cand_add(idx, v, nr.who[j], nr.why[j]);
	if (nr.more)
		v->more = true;
	if (v->ncand > 0) {
		v->cls = MATCH_POSSIBLE;
		v->reason = v->cand[0].reason;
	} else {
		v->cls = MATCH_NOT_FOUND;
	}
}

/* refuse says which cell stopped the row, in the words of that cell's own check. */
static void
refuse(const struct match_row *row, const struct keys *k, const struct cell_faults *cf,
       struct match_verdict *v)
{
	const struct fault *f = NULL;

	v->cls = MATCH_REFUSED;
	if (row->id_number && *row->id_number && cf->id.code != 0)
		f = &cf->id;
	else if (row->phone && *row->phone && cf->phone.code != 0)
		f = &cf->phone;
	if (f != NULL) {
		fault_set(&v->fault, ERR_INVALID, f->field, "", "");
		snprintf(v->fault.zh, sizeof(v->fault.zh),
			 "无法比对：%.160s；也没有有效的手机号或姓名加出生日期", f->zh);
		snprintf(v->fault.en, sizeof(v->fault.en),
			 "nothing to match on: %.160s; and no valid phone nor name with a birth date",
			 f->en);
		text_utf8_trim(v->fault.zh);
		return;
	}
	if (cf->birth_bad) {
		fault_set(&v->fault, ERR_INVALID, "birth",
			  "出生日期无法识别，也没有有效的身份证号或手机号，无法比对",
			  "the birth date is not a date, and there is no valid ID number or phone: "
			  "nothing to match on");
		return;
	}
	if (k->nlen > 0) {
		fault_set(&v->fault, ERR_INVALID, "birth",
			  "只有姓名，没有出生日期、身份证号或手机号，无法比对",
			  "a name alone, without a birth date, ID number or phone, cannot be matched");
		return;
	}
	if (k->birth != 0) {
		fault_set(&v->fault, ERR_INVALID, "name",
			  "只有出生日期，没有姓名、身份证号或手机号，无法比对",
			  "a birth date alone, without a name, ID number or phone, cannot be matched");
		return;
	}
	fault_set(&v->fault, ERR_INVALID, "row", "该行没有身份证号、手机号或姓名加出生日期，无法比对",
		  "the row has no ID number, no phone and no name with a birth date: nothing to match on");
}

/* verdict_start gives v the row's normalised keys and nothing else yet. */
static void
verdict_start(struct match_verdict *v, const struct keys *k)
{
	uint32_t b = k->birth;

	v->cls = MATCH_NOT_FOUND;
	v->reason = MATCH_BY_ID;
	v->person = 0;
	v->person_id = 0;
	v->ncand = 0;
	v->more = false;
	v->first_line = 0;
	v->record = 0;
	v->fault.code = 0;
	v->fault.row = 0;
	v->fault.field[0] = v->fault.zh[0] = v->fault.en[0] = '\0';
	memcpy(v->id_number, k->id_number, sizeof(v->id_number));
	memcpy(v->phone, k->phone_s, sizeof(v->phone));
	v->birth[0] = '\0';
	if (b != 0) {
		/* yyyy-mm-dd by hand: a million snprintf calls are a tenth of the match */
		char *o = v->birth;

		o[0] = (char)('0' + b / 10000000 % 10);
		o[1] = (char)('0' + b / 1000000 % 10);
		o[2] = (char)('0' + b / 100000 % 10);
		o[3] = (char)('0' + b / 10000 % 10);
		o[4] = '-';
		o[5] = (char)('0' + b / 1000 % 10);
		o[6] = (char)('0' + b / 100 % 10);
		o[7] = '-';
		o[8] = (char)('0' + b / 10 % 10);
		o[9] = (char)('0' + b % 10);
		o[10] = '\0';
	}
}

/* duplicate makes v the verdict of a row that repeats record h - 1, whose keys it adds to:
 * the row counts only as a repeat, whatever it would have matched. */
static void
duplicate(struct match_seen *seen, uint32_t h, const struct keys *k, uint64_t idkey,
	  struct match_verdict *v)
{
	match_seen_note(seen, h, k, idkey);
	v->cls = MATCH_DUPLICATE;
	v->reason = MATCH_BY_ID;
	v->person = 0;
	v->person_id = 0;
	v->ncand = 0;
	v->more = false;
	v->first_line = seen->r[h - 1].line;
	v->record = h - 1;
}

int
match_row(const struct match_index *idx, struct match_seen *seen, const struct match_row *row,
	  struct match_verdict *ret)
{
	struct cell_faults cf;
	struct keys k;
	uint64_t idkey;
	uint32_t h = 0;

	cf.id.code = cf.phone.code = 0;
	cf.birth_bad = false;
	match_keys_read(row->id_number, row->phone, row->name, row->birth, row->village, idx->today,
			&k, &cf);
	if (!k.id_ok && !k.id_near && !k.phone && !k.nb) {
		verdict_start(ret, &k);
		refuse(row, &k, &cf, ret);
		return 0;
	}
	/* the check character is the 18th decimal place: an ID key for the list's own rows */
	idkey = k.idpre ? k.idpre * 11 + (uint64_t)k.idchk : 0;
	htab_prefetch(&idx->by_id, k.idpre);
	htab_prefetch(&idx->by_phone, k.phone);
	htab_prefetch(&idx->by_name, k.phone || k.nb ? k.fold : 0);
	if (seen != NULL) {
		htab_prefetch(&seen->by_id, idkey);
		htab_prefetch(&seen->by_phone, k.phone);
		htab_prefetch(&seen->by_nb, k.nb);
	}
	if (seen != NULL && (h = match_seen_find(seen, &k, idkey)) != 0) {
		verdict_start(ret, &k);
		duplicate(seen, h, &k, idkey, ret);
		return 0;
	}
	if (seen != NULL && seen->n == seen->cap)
		return ERR_TOOBIG;
	verdict_start(ret, &k);
	lookup(idx, &k, ret);
	if (seen == NULL)
		return 0;
	/* rows with different keys that found one registry person are that person twice */
	if (ret->cls == MATCH_FOUND || ret->cls == MATCH_WATCHED) {
		h = match_seen_of_person(seen, ret->person);
		if (h != 0) {
			duplicate(seen, h, &k, idkey, ret);
			return 0;
		}
	}
	h = match_seen_open(seen, row->line,
			    ret->cls == MATCH_FOUND || ret->cls == MATCH_WATCHED ? ret->person + 1 : 0);
	match_seen_note(seen, h, &k, idkey);
	ret->record = h - 1;
	return 0;
}

const char *
match_class_word(enum match_class c)
{
	static const char *const words[MATCH__MAX] = {
		[MATCH_WATCHED] = "already_watched", [MATCH_FOUND] = "found",
		[MATCH_POSSIBLE] = "possible",       [MATCH_NOT_FOUND] = "not_found",
		[MATCH_REFUSED] = "refused",         [MATCH_DUPLICATE] = "duplicates_in_list",
	};

	return (unsigned)c < MATCH__MAX ? words[c] : "unknown";
}

const char *
match_reason_word(enum match_reason r)
{
	static const char *const words[MATCH_REASON__MAX] = {
		[MATCH_BY_ID] = "id_number",        [MATCH_BY_PHONE] = "phone",
		[MATCH_BY_NAME_BIRTH] = "name_birth", [MATCH_NEAR_ID_CHECK] = "near_id_check",
		[MATCH_NEAR_PHONE] = "near_phone",  [MATCH_NEAR_NAME] = "near_name",
		[MATCH_NEAR_VILLAGE] = "near_village", [MATCH_SEVERAL] = "several",
	};

	return (unsigned)r < MATCH_REASON__MAX ? words[r] : "unknown";
}

