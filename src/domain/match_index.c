/* match_index.c: list matching's tables: the registry's index, and a list's own records. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "match_internal.h"

/* ---- memory ---------------------------------------------------------------------- */

/*
 * An index or a list's memory is one anonymous mapping, carved into its arrays: the kernel
 * hands it over zeroed (an empty table is zeros), and with transparent huge pages a million
 * people are a few hundred 2 MiB pages rather than a hundred thousand 4 KiB ones, which is
 * what the random probes of the tables spend their time on otherwise.  Each structure is laid
 * out twice, once to count its bytes (base NULL) and once to place them.
 */
#define HUGE_PAGE ((size_t)2 << 20)

struct region {
	char *base;
	size_t used, mapped;
};

static void *
take(struct region *r, size_t n)
{
	size_t at = (r->used + 63) & ~(size_t)63;

	r->used = at + (n ? n : 1);
	return r->base ? r->base + at : NULL;
}

/* region_map maps what the counting pass added up; false when the memory is not there. */
static bool
region_map(struct region *r)
{
	size_t n = (r->used + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return false;
	(void)madvise(p, n, MADV_HUGEPAGE); /* a hint: without it the pages are small, not wrong */
	r->base = p;
	r->used = 0;
	r->mapped = n;
	return true;
}

/* ---- open addressing (the tables themselves are in match_internal.h) ------------------- */

/*
 * htab_init places a table for at most n entries in r, with 1/spare more slots than that.
 * A table that is full at n (ID numbers and phones: a registry's are nearly all different)
 * gets 2/3 more, so probes stay short; one that holds far fewer than n in practice (the
 * registry's names, a list's records by each key) gets 1/4 more: only its worst case is
 * crowded, and it still has room.
 */
static void
htab_init(struct region *r, struct htab *t, size_t n, const uint64_t *keys, size_t stride,
	  bool chains, bool full)
{
	size_t cap = full ? n + (n * 2 + 2) / 3 + 1 : n + n / 4 + 1;

	if (cap < 16)
		cap = 16;
	t->slots = take(r, cap * sizeof(*t->slots));
	t->next = chains ? take(r, n * sizeof(*t->next)) : NULL;
	t->keys = keys;
	t->stride = stride;
	t->nslots = cap;
}

/* htab_add files entry i under its key: first of its chain, or alone when the table keeps
 * one entry per key and one is there already (then it changes nothing). */
static void
htab_add(struct htab *t, uint32_t i)
{
	uint64_t key = t->keys[(size_t)i * t->stride];
	struct slot *s;

	if (key == 0)
		return;
	s = htab_find(t, key);
	if (s->head != 0 && t->next == NULL)
		return;
	if (t->next != NULL)
		t->next[i] = s->head;
	s->tag = (uint32_t)mix(key);
	s->head = i + 1;
}

/* ---- the registry index -------------------------------------------------------------- */

/* how many people ahead the build asks memory for the slots it will fill */
#define PREFETCH 8

/* tables_layout places the tables of the n people indexed in r, sized for them alone: they
 * are only laid out once everyone is in, so a registry read without counting it first gets
 * tables no larger than it needs. */
static void
tables_layout(struct region *r, struct match_index *idx, size_t n)
{
	htab_init(r, &idx->by_id, n, r->base ? &idx->p[0].idpre : NULL, STRIDE, true, true);
	htab_init(r, &idx->by_phone, n, r->base ? &idx->p[0].phone : NULL, STRIDE, true, true);
	htab_init(r, &idx->by_name, n, r->base ? &idx->p[0].fold : NULL, STRIDE, true, false);
	/* room for a head before each name's people: only what is used is ever touched */
	idx->named = take(r, 2 * n * sizeof(*idx->named));
}

/*
 * index_group lays each name's people side by side, in the order of its chain, after a head
 * holding the folded name's hash and how many they are; then by_name files each name under
 * its head, so a lookup's one cache miss on the head brings the first people along.  The
 * chains were only for building: by_name has one entry per name from now on.
 */
static void
index_group(struct match_index *idx)
{
	struct htab *t = &idx->by_name;
	struct nentry *hd;
	uint64_t i;
	uint32_t at = 0, h, head;

	for (i = 0; i < t->nslots; i++) {
		/* the first person of a name a few slots on, and where its chain goes next */
		if (i + PREFETCH < t->nslots && (h = t->slots[i + PREFETCH].head) != 0) {
			prefetch(&idx->p[h - 1]);
			prefetch(&t->next[h - 1]);
		}
		if ((head = t->slots[i].head) == 0)
			continue;
		hd = &idx->named[at];
		hd->phone = idx->p[head - 1].fold;
		hd->person = UINT32_MAX;
		t->slots[i].head = ++at;
		for (h = head; h; h = t->next[h - 1]) {
			idx->named[at].phone = idx->p[h - 1].phone;
			idx->named[at].birth = idx->p[h - 1].birth;
			idx->named[at].person = h - 1;
			at++;
		}
		hd->birth = (uint32_t)(at - (t->slots[i].head));
	}
	t->keys = &idx->named[0].phone;
	t->stride = sizeof(struct nentry) / sizeof(uint64_t);
	t->next = NULL;
}

/* name_room is the room a person's name may take once normalised: '.' becomes '·'. */
static size_t
name_room(const struct match_person *p)
{
	return p->name ? 2 * strlen(p->name) + 1 : 1;
}

/* A batch of people this large or more is read on two threads: reading a person's cells is
 * most of a build and each person's are their own; the tables are filled at the end.  The
 * threads take READ_CHUNK people at a time, so one the system sets aside holds up few. */
#define READ_SPLIT 4096
#define READ_CHUNK 256

struct reader {
	struct match_index *idx;
	const struct match_person *persons;
	size_t n, nchunks;
	size_t *off;        /* by chunk: where its first person's name goes in idx->names */
	atomic_size_t next; /* the next chunk nobody has taken */
	atomic_size_t read; /* chunks read so far */
	atomic_int refs;    /* the caller and the helper not yet gone: the last frees */
};

/* reader_take reads the next chunk of people nobody has taken into idx->p[idx->n..);
 * false when none is left. */
static bool
reader_take(struct reader *rd)
{
	size_t c = atomic_fetch_add_explicit(&rd->next, 1, memory_order_relaxed), i, to, off;
	struct match_index *idx = rd->idx;
	struct cell_faults cf;
	struct keys k;

	if (c >= rd->nchunks)
		return false;
	to = (c + 1) * READ_CHUNK < rd->n ? (c + 1) * READ_CHUNK : rd->n;
	for (off = rd->off[c], i = c * READ_CHUNK; i < to; i++) {
		const struct match_person *in = &rd->persons[i];
		struct mperson *p = &idx->p[idx->n + i];

		match_keys_read(in->id_number, in->phone, in->name, in->birth, in->village,
				idx->today, &k, &cf);
		p->idpre = k.idpre;
		p->idchk = (uint8_t)k.idchk;
		p->phone = k.phone;
		p->fold = k.fold;
		p->village = k.village;
		p->vlen = (uint8_t)k.vlen;
		p->birth = k.birth;
		p->id = in->id;
		p->watched = in->watched;
		/* name_norm at most doubles a name: the room counted on the raw names holds it */
		p->name_off = (uint32_t)off;
		p->name_len = (uint16_t)k.nlen;
		memcpy(idx->names + off, k.name, (size_t)k.nlen + 1);
		off += name_room(in);
	}
	atomic_fetch_add_explicit(&rd->read, 1, memory_order_release);
	return true;
}

static void
reader_drop(struct reader *rd)
{
	if (atomic_fetch_sub_explicit(&rd->refs, 1, memory_order_acq_rel) == 1)
		free(rd);
}

/* The helper is not waited for, as match_rows's workers are not (match.c says why): one that
 * starts after the caller has taken every chunk finds none and only lets go of the reader. */
static void *
reader_run(void *arg)
{
	while (reader_take(arg))
		;
	reader_drop(arg);
	return NULL;
}

/* names_room makes room for `more` bytes of names after those kept, moving them to a larger
 * mapping when they do not fit (offsets, not pointers, name them); false when the memory is
 * not there or the names would pass 4 GiB. */
static bool
names_room(struct match_index *idx, size_t more)
{
	size_t want = idx->names_used + more, size = idx->names_size;
	void *p;

	if (want > UINT32_MAX)
		return false;
	if (want <= size)
		return true;
	while (size < want)
		size *= 2;
	p = mremap(idx->names, idx->names_size, size, MREMAP_MAYMOVE);
	if (p == MAP_FAILED)
		return false;
	idx->names = p;
	idx->names_size = size;
	return true;
}

/* people_room makes idx->p room for n people, moving them to a larger mapping when they do
 * not fit (the tables, which point into it, are only made once everyone is in); false when
 * the memory is not there. */
static bool
people_room(struct match_index *idx, size_t n)
{
	size_t want = (n * sizeof(*idx->p) + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	void *p;

	if (want == 0)
		want = HUGE_PAGE;
	if (want <= idx->p_size)
		return true;
	if (idx->p == NULL)
		p = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		p = mremap(idx->p, idx->p_size, want, MREMAP_MAYMOVE);
	if (p == MAP_FAILED)
		return false;
	(void)madvise(p, want, MADV_HUGEPAGE);
	idx->p = p;
	idx->p_size = want;
	return true;
}

struct match_index *
match_index_new(size_t n)
{
	struct match_index *idx;
	char today[11];

	if (n >= (size_t)1 << 31 || (idx = calloc(1, sizeof(*idx))) == NULL)
		return NULL;
	clock_local_date(clock_now(), today);
	match_keys_init();
	/* a first guess of the names' bytes: three Chinese characters and their NUL a person */
	idx->names_size = HUGE_PAGE + 10 * n;
	idx->names = mmap(NULL, idx->names_size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (idx->names == MAP_FAILED) {
		free(idx);
		return NULL;
	}
	if (!people_room(idx, n)) {
		munmap(idx->names, idx->names_size);
		free(idx);
		return NULL;
	}
	idx->cap = n;
	idx->names_used = 1; /* offset 0 is the empty name */
	idx->today = (uint32_t)strtoul(today, NULL, 10) * 10000 +
		     (uint32_t)strtoul(today + 5, NULL, 10) * 100 + (uint32_t)strtoul(today + 8, NULL, 10);
	return idx;
}

int
match_index_room(struct match_index *idx, size_t n)
{
	if (idx->done || n >= (size_t)1 << 31)
		return ERR_TOOBIG;
	if (n <= idx->cap)
		return 0;
	if (!people_room(idx, n))
		return ERR_NOMEM;
	idx->cap = n;
	return 0;
}

int
match_index_add(struct match_index *idx, const struct match_person *persons, size_t n)
{
	size_t nchunks = (n + READ_CHUNK - 1) / READ_CHUNK, i, bytes = 0, w;
	pthread_attr_t attr;
	struct reader *rd;
	pthread_t t;

	if (idx->done || n > idx->cap - idx->n)
		return ERR_TOOBIG;
	/* the reader and its chunks' offsets in one allocation the helper shares */
	if ((rd = malloc(sizeof(*rd) + (nchunks + 1) * sizeof(*rd->off))) == NULL)
		return ERR_NOMEM;
	rd->idx = idx;
	rd->persons = persons;
	rd->n = n;
	rd->nchunks = nchunks;
	rd->off = (size_t *)(rd + 1);
	atomic_init(&rd->next, 0);
	atomic_init(&rd->read, 0);
	atomic_init(&rd->refs, 1);
	for (i = 0; i < n; i++) {
		if (i % READ_CHUNK == 0)
			rd->off[i / READ_CHUNK] = idx->names_used + bytes;
		bytes += name_room(&persons[i]);
	}
	if (!names_room(idx, bytes)) {
		free(rd);
		return ERR_NOMEM;
	}
	if (n >= READ_SPLIT && pthread_attr_init(&attr) == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		atomic_fetch_add_explicit(&rd->refs, 1, memory_order_relaxed);
		if (pthread_create(&t, &attr, reader_run, rd) != 0)
			reader_drop(rd);
		pthread_attr_destroy(&attr);
	}
	while (atomic_load_explicit(&rd->read, memory_order_acquire) < nchunks)
		if (!reader_take(rd))
			sched_yield(); /* the helper has the last chunks: let it finish */
	reader_drop(rd);
	/* the names side by side, without the room they were not given */
	for (w = idx->names_used, i = idx->n; i < idx->n + n; i++) {
		struct mperson *p = &idx->p[i];

		memmove(idx->names + w, idx->names + p->name_off, (size_t)p->name_len + 1);
		p->name_off = (uint32_t)w;
		w += (size_t)p->name_len + 1;
	}
	idx->names_used = w;
	idx->n += n;
	return 0;
}

/* One thread's share of filling the tables: each table is its own, so two fill at once;
 * the names' one is laid out by name (index_group) by the thread that filled it. */
struct filler {
	struct match_index *idx;
	struct htab *t[2];
	size_t nt;
	bool group;
};

static void *
index_fill(void *arg)
{
	struct filler *f = arg;
	size_t i, j, n = f->idx->n;

	/* backwards, so each chain lists people in the order given; the slots of the person
	 * PREFETCH places ahead are asked for now, so the misses overlap */
	for (i = n; i-- > 0;) {
		for (j = 0; j < f->nt && i >= PREFETCH; j++)
			htab_prefetch(f->t[j], f->t[j]->keys[(i - PREFETCH) * STRIDE]);
		for (j = 0; j < f->nt; j++)
			htab_add(f->t[j], (uint32_t)i);
	}
	if (f->group)
		index_group(f->idx);
	return NULL;
}

int
match_index_done(struct match_index *idx)
{
	struct filler a = {idx, {&idx->by_name}, 1, true},
		      b = {idx, {&idx->by_phone, &idx->by_id}, 2, false};
	struct region r = {NULL, 0, 0};
	struct match_index count;
	pthread_t t;
	bool threaded = false;

	if (idx->done)
		return 0;
	tables_layout(&r, &count, idx->n);
	if (!region_map(&r))
		return ERR_NOMEM;
	tables_layout(&r, idx, idx->n);
	idx->tables = r.base;
	idx->tables_size = r.mapped;
	idx->done = true;
	if (idx->n >= READ_SPLIT)
		threaded = pthread_create(&t, NULL, index_fill, &b) == 0;
	index_fill(&a);
	if (threaded)
		pthread_join(t, NULL);
	else
		index_fill(&b);
	return 0;
}

struct match_index *
match_index_build(const struct match_person *persons, size_t n)
{
	struct match_index *idx = match_index_new(n);

	if (idx == NULL)
		return NULL;
	if (match_index_add(idx, persons, n) != 0) {
		match_index_free(idx);
		return NULL;
	}
	if (match_index_done(idx) != 0) {
		match_index_free(idx);
		return NULL;
	}
	return idx;
}

void
match_index_free(struct match_index *idx)
{
	if (idx == NULL)
		return;
	munmap(idx->names, idx->names_size);
	munmap(idx->p, idx->p_size);
	if (idx->tables != NULL)
		munmap(idx->tables, idx->tables_size);
	free(idx);
}

/* ---- the list's own rows ------------------------------------------------------------- */

static void
seen_layout(struct region *r, struct match_seen *s, size_t cap)
{
	take(r, sizeof(*s));
	s->r = take(r, cap * sizeof(*s->r));
	htab_init(r, &s->by_id, cap, r->base ? &s->r[0].k.id : NULL, SSTRIDE, false, false);
	htab_init(r, &s->by_phone, cap, r->base ? &s->r[0].k.phone : NULL, SSTRIDE, false, false);
	htab_init(r, &s->by_nb, cap, r->base ? &s->r[0].k.nb : NULL, SSTRIDE, false, false);
	htab_init(r, &s->by_person, cap, r->base ? &s->r[0].person : NULL, SSTRIDE, false, false);
}

struct match_seen *
match_seen_new(size_t capacity)
{
	struct region r = {NULL, 0, 0};
	struct match_seen *s, count;

	if (capacity >= (size_t)1 << 31)
		return NULL;
	seen_layout(&r, &count, capacity);
	if (!region_map(&r))
		return NULL;
	s = (struct match_seen *)r.base;
	seen_layout(&r, s, capacity);
	s->size = r.mapped;
	s->cap = capacity;
	return s;
}

void
match_seen_free(struct match_seen *seen)
{
	if (seen != NULL)
		munmap(seen, seen->size);
}

size_t
match_seen_records(const struct match_seen *seen)
{
	return seen->n;
}

void
match_seenkeys(const struct keys *k, struct seenkeys *ret)
{
	/* the check character is the 18th decimal place */
	ret->id = k->idpre ? k->idpre * 11 + (uint64_t)k->idchk : 0;
	ret->phone = k->phone;
	ret->nb = k->nb;
	ret->fold = k->fold;
	ret->village = k->vlen ? k->village * 16 + (uint64_t)k->vlen : 0;
}

/* villages_differ: two rows name villages neither of which holds the other. */
static bool
villages_differ(uint64_t va, uint64_t vb)
{
	uint64_t a = va >> 4, b = vb >> 4;
	int la = (int)(va & 15), lb = (int)(vb & 15);

	if (la == 0 || lb == 0)
		return false;
	for (; la > lb; la--)
		a /= 10;
	for (; lb > la; lb--)
		b /= 10;
	return a != b;
}

void
match_seen_prefetch(const struct match_seen *s, const struct seenkeys *k, uint64_t person)
{
	htab_prefetch(&s->by_person, person);
	htab_prefetch(&s->by_id, k->id);
	htab_prefetch(&s->by_phone, k->phone);
	htab_prefetch(&s->by_nb, k->nb);
}

/* Only an ID number is trusted alone: a shared phone or a shared name and birth date is the
 * same person unless their ID numbers or names say otherwise. */
uint32_t
match_seen_find(const struct match_seen *s, const struct seenkeys *k)
{
	const struct seenkeys *r;
	uint32_t h;

	if ((h = htab_first(&s->by_id, k->id)) != 0)
		return h;
	if ((h = htab_first(&s->by_phone, k->phone)) != 0) {
		r = &s->r[h - 1].k;
		if (!(k->id && r->id && k->id != r->id) && !(k->fold && r->fold && k->fold != r->fold))
			return h;
	}
	if ((h = htab_first(&s->by_nb, k->nb)) != 0) {
		r = &s->r[h - 1].k;
		if (!(k->id && r->id && k->id != r->id) && !villages_differ(r->village, k->village))
			return h;
	}
	return 0;
}

/* A key another record already holds stays that record's. */
void
match_seen_note(struct match_seen *s, uint32_t h, const struct seenkeys *k)
{
	struct seenkeys *r = &s->r[h - 1].k;

	if (r->id == 0 && k->id) {
		r->id = k->id;
		htab_add(&s->by_id, h - 1);
	}
	if (r->phone == 0 && k->phone) {
		r->phone = k->phone;
		htab_add(&s->by_phone, h - 1);
	}
	if (r->nb == 0 && k->nb) {
		r->nb = k->nb;
		htab_add(&s->by_nb, h - 1);
	}
	if (r->fold == 0)
		r->fold = k->fold;
	if (r->village == 0)
		r->village = k->village;
}

uint32_t
match_seen_open(struct match_seen *s, long line, uint32_t person)
{
	uint32_t h = (uint32_t)++s->n;

	memset(&s->r[h - 1], 0, sizeof(s->r[h - 1]));
	s->r[h - 1].line = line;
	if (person != 0) {
		s->r[h - 1].person = person;
		htab_add(&s->by_person, h - 1);
	}
	return h;
}

uint32_t
match_seen_of_person(const struct match_seen *s, uint32_t person)
{
	return htab_first(&s->by_person, (uint64_t)person + 1);
}
