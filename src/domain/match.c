/* match.c: list matching's verdicts: each row of a district list classed against the index. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
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
	struct nears nr; /* who[] and why[] are filled as they go: not cleared first */
	size_t several = 0, j;
	struct step st;
	uint32_t h;

	nr.n = 0;
	nr.more = false;
	/* the ID number: exact, or the same 17 digits with another check character */
	if (k->idpre) {
		st.nhits = 0, st.many = false;
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
		st.nhits = 0, st.many = false;
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
		name = &idx->named[h];
		name_end = name + idx->named[h - 1].birth;
	}
	/* the name and birth date, in the row's village when it names one */
	if (k->nb) {
		st.nhits = 0, st.many = false;
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
duplicate(struct match_seen *seen, uint32_t h, const struct seenkeys *sk, struct match_verdict *v)
{
	match_seen_note(seen, h, sk);
	v->cls = MATCH_DUPLICATE;
	v->reason = MATCH_BY_ID;
	v->person = 0;
	v->person_id = 0;
	v->ncand = 0;
	v->more = false;
	v->first_line = seen->r[h - 1].line;
	v->record = h - 1;
}

/* row_read reads a row's cells into k and starts its verdict; false (v then final) when the
 * row is refused. */
static bool
row_read(const struct match_index *idx, const struct match_row *row, struct keys *k,
	 struct match_verdict *v)
{
	struct cell_faults cf;

	cf.id.code = cf.phone.code = 0;
	cf.birth_bad = false;
	match_keys_read(row->id_number, row->phone, row->name, row->birth, row->village, idx->today,
			k, &cf);
	verdict_start(v, k);
	if (!k->id_ok && !k->id_near && !k->phone && !k->nb) {
		refuse(row, k, &cf, v);
		return false;
	}
	return true;
}

/* index_prefetch asks for the index slots lookup will read for k. */
static void
index_prefetch(const struct match_index *idx, const struct keys *k)
{
	htab_prefetch(&idx->by_id, k->idpre);
	htab_prefetch(&idx->by_phone, k->phone);
	htab_prefetch(&idx->by_name, k->phone || k->nb ? k->fold : 0);
}

/* found_person is the registry person + 1 a verdict found, 0 when it found none. */
static uint64_t
found_person(const struct match_verdict *v)
{
	return v->cls == MATCH_FOUND || v->cls == MATCH_WATCHED ? (uint64_t)v->person + 1 : 0;
}

/* index_prefetch_entries asks for what lookup reads once past the slots (which should be
 * in the cache by now): the first person under the ID number and under the phone, and the
 * head of the name's people. */
static void
index_prefetch_entries(const struct match_index *idx, const struct keys *k)
{
	uint32_t h;

	if ((h = htab_peek(&idx->by_id, k->idpre)) != 0)
		prefetch(&idx->p[h - 1]);
	if ((h = htab_peek(&idx->by_phone, k->phone)) != 0)
		prefetch(&idx->p[h - 1]);
	if ((k->phone || k->nb) && (h = htab_peek(&idx->by_name, k->fold)) != 0)
		prefetch(&idx->named[h - 1]);
}

/* row_file files a looked-up row in the list's records, in list order: a duplicate of the
 * record it repeats (by its keys, or by the registry person it found), or a new record. */
static void
row_file(struct match_seen *seen, long line, const struct seenkeys *sk, struct match_verdict *v)
{
	uint64_t person = found_person(v);
	uint32_t h;

	if ((h = match_seen_find(seen, sk)) != 0) {
		duplicate(seen, h, sk, v);
		return;
	}
	/* rows with different keys that found one registry person are that person twice */
	if (person != 0 && (h = match_seen_of_person(seen, v->person)) != 0) {
		duplicate(seen, h, sk, v);
		return;
	}
	h = match_seen_open(seen, line, (uint32_t)person);
	match_seen_note(seen, h, sk);
	v->record = h - 1;
}

int
match_row(const struct match_index *idx, struct match_seen *seen, const struct match_row *row,
	  struct match_verdict *ret)
{
	struct match_verdict v;
	struct seenkeys sk;
	struct keys k;
	uint32_t h;

	if (!row_read(idx, row, &k, &v)) {
		*ret = v;
		return 0;
	}
	match_seenkeys(&k, &sk);
	index_prefetch(idx, &k);
	if (seen != NULL) {
		match_seen_prefetch(seen, &sk, 0);
		/* a repeat of an earlier row is not looked up, so a full list still takes it */
		if ((h = match_seen_find(seen, &sk)) != 0) {
			duplicate(seen, h, &sk, &v);
			*ret = v;
			return 0;
		}
		if (seen->n == seen->cap)
			return ERR_TOOBIG;
	}
	lookup(idx, &k, &v);
	if (seen != NULL)
		row_file(seen, row->line, &sk, &v);
	*ret = v;
	return 0;
}

/* ---- a batch of rows ------------------------------------------------------------------- */

/*
 * A batch is cut into chunks of CHUNK rows that the threads take one at a time: a thread the
 * system sets aside for a while holds up one chunk, not half the batch (two cores shared
 * with a busy server are the common case).  The caller files the chunks in list order as
 * they are done, and looks chunks up itself while the next to file is not.
 */
#define CHUNK 64
/* how many rows ahead the filing asks for the list's tables */
#define AHEAD 8

struct batch {
	const struct match_index *idx;
	const struct match_row *rows;
	struct match_verdict *ret;
	struct seenkeys *sk; /* id, phone and nb all zero: refused */
	size_t n, nchunks;
	atomic_size_t next;  /* the next chunk nobody has taken */
	atomic_uchar *done;  /* by chunk: looked up, its verdicts and keys written */
	atomic_int refs;     /* the caller and the workers not yet gone: the last frees */
};

/* chunk_lookup reads and looks up chunk c's rows into ret and sk. */
static void
chunk_lookup(struct batch *b, size_t c)
{
	size_t at = c * CHUNK, m = b->n - at < CHUNK ? b->n - at : CHUNK, i;
	struct keys k[CHUNK];
	bool ok[CHUNK];

	/* the chunk's keys first, each row's slots asked for as soon as its keys are known: the
	 * next rows' reading hides the wait; then what the slots point at; then the lookups */
	for (i = 0; i < m; i++) {
		ok[i] = row_read(b->idx, &b->rows[at + i], &k[i], &b->ret[at + i]);
		if (ok[i]) {
			index_prefetch(b->idx, &k[i]);
			match_seenkeys(&k[i], &b->sk[at + i]);
		} else {
			memset(&b->sk[at + i], 0, sizeof(b->sk[at + i]));
		}
	}
	for (i = 0; i < m; i++)
		if (ok[i])
			index_prefetch_entries(b->idx, &k[i]);
	for (i = 0; i < m; i++)
		if (ok[i])
			lookup(b->idx, &k[i], &b->ret[at + i]);
	atomic_store_explicit(&b->done[c], 1, memory_order_release);
}

/* chunk_take looks up the next chunk nobody has taken; false when none is left. */
static bool
chunk_take(struct batch *b)
{
	size_t c = atomic_fetch_add_explicit(&b->next, 1, memory_order_relaxed);

	if (c >= b->nchunks)
		return false;
	chunk_lookup(b, c);
	return true;
}

/* batch_drop lets go of b: the last of the caller and its workers frees it. */
static void
batch_drop(struct batch *b)
{
	if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
		free(b);
}

/*
 * A worker is not waited for: on a busy machine a thread just made may not run for several
 * milliseconds, and a batch that waited for it to start and end would wait that long every
 * call.  One that starts after the caller has taken every chunk finds none and only drops
 * its hold on the batch; it never reads the rows or writes the verdicts the caller owns.
 */
static void *
batch_worker(void *arg)
{
	while (chunk_take(arg))
		;
	batch_drop(arg);
	return NULL;
}

/* chunk_file files chunk c's rows in the list's records, in list order, asking for the
 * tables of rows AHEAD on as far as `to` (rows past it may still be being written). */
static void
chunk_file(struct batch *b, struct match_seen *seen, size_t c, size_t to)
{
	size_t i, end = (c + 1) * CHUNK < b->n ? (c + 1) * CHUNK : b->n;

	for (i = c * CHUNK; i < end; i++) {
		if (i + AHEAD < to)
			match_seen_prefetch(seen, &b->sk[i + AHEAD], found_person(&b->ret[i + AHEAD]));
		if (b->sk[i].id || b->sk[i].phone || b->sk[i].nb)
			row_file(seen, b->rows[i].line, &b->sk[i], &b->ret[i]);
	}
}

int
match_rows(const struct match_index *idx, struct match_seen *seen, const struct match_row *rows,
	   size_t n, int threads, struct match_verdict *ret)
{
	size_t nchunks = (n + CHUNK - 1) / CHUNK, c, to;
	pthread_attr_t attr;
	struct batch *b;
	pthread_t t;
	int w;

	if (seen != NULL && n > seen->cap - seen->n)
		return ERR_TOOBIG;
	/* the batch, its rows' keys and its chunks' flags in one allocation the workers share */
	b = malloc(sizeof(*b) + (n ? n : 1) * sizeof(*b->sk) + nchunks + 1);
	if (b == NULL)
		return ERR_NOMEM;
	b->idx = idx;
	b->rows = rows;
	b->ret = ret;
	b->sk = (struct seenkeys *)(b + 1);
	b->n = n;
	b->nchunks = nchunks;
	b->done = (atomic_uchar *)(b->sk + (n ? n : 1));
	atomic_init(&b->next, 0);
	atomic_init(&b->refs, 1);
	for (c = 0; c < nchunks; c++)
		atomic_init(&b->done[c], 0);
	if (threads > 8)
		threads = 8;
	if (threads > 1 && nchunks > 1 && pthread_attr_init(&attr) == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		for (w = 1; w < threads && (size_t)w < nchunks; w++) {
			atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
			if (pthread_create(&t, &attr, batch_worker, b) != 0)
				batch_drop(b);
		}
		pthread_attr_destroy(&attr);
	}
	for (c = 0; c < nchunks; c++) {
		while (!atomic_load_explicit(&b->done[c], memory_order_acquire))
			if (!chunk_take(b))
				sched_yield(); /* another thread has it: let it finish */
		if (seen == NULL)
			continue;
		to = (c + 1) * CHUNK;
		if (c + 1 < nchunks && atomic_load_explicit(&b->done[c + 1], memory_order_acquire))
			to += CHUNK;
		chunk_file(b, seen, c, to < n ? to : n);
	}
	batch_drop(b);
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

