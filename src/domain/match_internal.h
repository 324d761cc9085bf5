/* match_internal.h: what the files of list matching share: keys, tables, index, records. */
#ifndef FANGYI_MATCH_INTERNAL_H
#define FANGYI_MATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "match.h"

/* Longer cells than these are not an ID number, a phone or a date however they were typed. */
#define CODE_MAX 64
/* Bytes of a name once spaces are gone: 42 Chinese characters, more than any registry holds. */
#define NAME_MAX 128

/* mix is splitmix64's finalizer: every bit of a key moves the slot and the tag. */
static inline uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* The keys of one person or row.  A zero key is an absent one: no phone, ID prefix or hash
 * of a real name is zero. */
struct keys {
	uint64_t idpre;   /* the first 17 digits of the ID number */
	int idchk;        /* its check character, 0-9 or 10 for X */
	bool id_ok;       /* the ID number is valid */
	bool id_near;     /* valid but for its check character */
	uint64_t phone;   /* the 11 digits as a number */
	uint32_t birth;   /* yyyymmdd */
	uint64_t village; /* the area code as a number, vlen digits */
	int vlen;
	int nlen;
	uint64_t fold;  /* hash of the folded name */
	uint64_t nb;    /* hash of the folded name and the birth date */
	char id_number[19];
	char phone_s[12];
	/* last, and not cleared before a row is read: only its nlen bytes and NUL mean anything */
	char name[NAME_MAX]; /* exact form */
};

/* The faults of a row's cells, kept to say why a row was refused. */
struct cell_faults {
	struct fault id, phone;
	bool birth_bad;
};

/* match_keys_init builds the table of variant characters once; match_keys_read needs it. */
void match_keys_init(void);

/* match_keys_read normalises the cells of a row or a person into k; cf gets the faults of the
 * ID number and phone cells and whether a birth date was given but unreadable. */
void match_keys_read(const char *idn, const char *ph, const char *name, const char *birth,
		     const char *village, uint32_t today, struct keys *k, struct cell_faults *cf);

/* ---- open addressing --------------------------------------------------------------- */

/*
 * One table maps a 64-bit key to the first of the entries holding it, the rest chained
 * through next[] (people sharing a phone or a name).  A slot is 8 bytes: the entry + 1
 * (0: empty) and 32 bits of the mixed key, so a probe rarely reads an entry that is not the
 * one.  The keys are not copied: keys[i * stride] is entry i's, read from the entries.
 * A table has 5/3 or 5/4 slots an entry (htab_init says which), not the next power of two:
 * a million entries take 13 or 10 MB rather than 17, and memory first touched is what a
 * build and a list pay most for.  The mixed key is
 * scaled onto the slots by its high half (a multiply, not a mask) and tagged by its low half.
 */
struct slot {
	uint32_t tag, head;
};

struct htab {
	struct slot *slots;
	uint32_t *next; /* NULL: one entry per key (the list's records) */
	const uint64_t *keys;
	size_t stride;
	uint64_t nslots;
};

/* htab_slot is where key's probe starts: the high half of its mix scaled onto the slots. */
static inline uint64_t
htab_slot(const struct htab *t, uint64_t h)
{
	return (uint64_t)(((unsigned __int128)h * t->nslots) >> 64);
}


/* htab_find returns the slot of key: the one holding it, or the empty one it would take. */
static inline struct slot *
htab_find(const struct htab *t, uint64_t key)
{
	uint64_t h = mix(key), i = htab_slot(t, h);
	uint32_t tag = (uint32_t)h;
	struct slot *s;

	for (;; i = i + 1 == t->nslots ? 0 : i + 1) {
		s = &t->slots[i];
		if (s->head == 0 || (s->tag == tag && t->keys[(s->head - 1) * t->stride] == key))
			return s;
	}
}

/*
 * prefetch asks for the cache line at p without waiting for it.  On x86 it is the instruction
 * itself: GCC 12 drops a __builtin_prefetch whose address is computed in an inlined function
 * (every prefetch of these tables vanished from the binary, and with them the overlap of a
 * row's cache misses they were written for).
 */
static inline void
prefetch(const void *p)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ volatile("prefetcht0 %0" : : "m"(*(const char *)p));
#else
	__builtin_prefetch(p);
#endif
}

/* htab_prefetch asks for key's first slot ahead of the lookup: a row's half-dozen lookups in
 * tables far larger than the cache then wait for memory together rather than one by one. */
static inline void
htab_prefetch(const struct htab *t, uint64_t key)
{
	if (key != 0)
		prefetch(&t->slots[htab_slot(t, mix(key))]);
}

/* htab_peek returns the entry + 1 of the first slot of key's probe whose tag is key's, 0 when
 * none: most likely key's own, found without reading an entry, so the caller can ask for it
 * before the lookup that makes sure. */
static inline uint32_t
htab_peek(const struct htab *t, uint64_t key)
{
	uint64_t h = mix(key), i = htab_slot(t, h);
	const struct slot *s;

	if (key == 0)
		return 0;
	for (;; i = i + 1 == t->nslots ? 0 : i + 1) {
		s = &t->slots[i];
		if (s->head == 0 || s->tag == (uint32_t)h)
			return s->head;
	}
}

/* htab_first returns the first entry + 1 under key, 0 when none; chains go on by next[]. */
static inline uint32_t
htab_first(const struct htab *t, uint64_t key)
{
	return key == 0 ? 0 : htab_find(t, key)->head;
}

/* A person as the index holds it: 56 bytes, the keys first for the tables to read. */
struct mperson {
	uint64_t idpre, phone, fold, village;
	int64_t id;
	uint32_t birth, name_off;
	uint16_t name_len;
	uint8_t idchk, vlen;
	bool watched;
};

#define STRIDE (sizeof(struct mperson) / sizeof(uint64_t))


/* The people of one name (folded), side by side: a row with a phone that is nobody's reads
 * its name's people in one sweep of memory rather than one cache miss per person.  Each
 * name's people follow a head: phone is the folded name's hash, birth how many follow. */
struct nentry {
	uint64_t phone;
	uint32_t birth, person;
};

/* Three mappings: the people (grown as they come), their names (likewise), and the tables,
 * made by match_index_done for the people there are. */
struct match_index {
	size_t n, cap;
	uint32_t today; /* yyyymmdd: no birth date after it */
	bool done;      /* the tables are filled: only read from now on */
	struct mperson *p;
	size_t p_size;
	char *names;
	size_t names_used, names_size;
	void *tables;
	size_t tables_size;
	struct htab by_id, by_phone, by_name;
	struct nentry *named; /* grouped by name, each name's people after their head */
};


/* What a list's own records keep of a row's keys; a zero key is an absent one. */
struct seenkeys {
	uint64_t id;      /* the 17 digits * 11 + the check character: all 18 places */
	uint64_t phone, nb, fold;
	uint64_t village; /* the area code * 16 + its count of digits */
};

/* match_seenkeys takes what a list's records keep out of a row's keys. */
void match_seenkeys(const struct keys *k, struct seenkeys *ret);

/* A record is one person of the list: the first row of them, and the keys its rows gave. */
struct srec {
	struct seenkeys k;
	uint64_t person; /* the registry person + 1 its first row matched, 0 when none */
	long line;
};

#define SSTRIDE (sizeof(struct srec) / sizeof(uint64_t))

/* match_seen_prefetch asks for the slots match_seen_find will read for k, and those of the
 * registry person + 1 the row found (0: none). */
void match_seen_prefetch(const struct match_seen *s, const struct seenkeys *k, uint64_t person);

struct match_seen {
	size_t cap, n, size;
	struct srec *r;
	struct htab by_id, by_phone, by_nb, by_person;
};


/* match_seen_find returns the record + 1 this row's person already has in the list, 0 when
 * none. */
uint32_t match_seen_find(const struct match_seen *s, const struct seenkeys *k);

/* match_seen_note files the row's keys under record h - 1, filling what the record lacked. */
void match_seen_note(struct match_seen *s, uint32_t h, const struct seenkeys *k);

/* match_seen_open starts a record for a row at line that matched registry person + 1 (0: none)
 * and returns the record + 1; the caller checked there is room. */
uint32_t match_seen_open(struct match_seen *s, long line, uint32_t person);

/* match_seen_of_person returns the record + 1 whose first row found registry person, 0 when
 * none. */
uint32_t match_seen_of_person(const struct match_seen *s, uint32_t person);

#endif
