/* memo.c: a fixed table of records, each fresh for one generation and a short life. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "memo.h"

#define KEY_MAX 80

struct slot {
	char key[KEY_MAX];
	uint64_t gen;
	int64_t at_ms;
	struct arena *a; /* the record's strings: freed when the slot is reused */
	void *val;       /* NULL: empty */
};

struct memo {
	pthread_mutex_t mu;
	int nslots;
	int64_t life_ms;
	size_t size;
	memo_clone_fn clone;
	struct slot slot[];
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	/* the real time that passes, whatever clock the town's dates come from */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a: the keys are short and not chosen by an attacker beyond their own token */
static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct memo *
memo_new(int slots, int64_t life_ms, size_t size, memo_clone_fn clone)
{
	struct memo *m = calloc(1, sizeof(*m) + sizeof(struct slot) * (size_t)slots);

	if (m == NULL)
		return NULL;
	pthread_mutex_init(&m->mu, NULL);
	m->nslots = slots;
	m->life_ms = life_ms;
	m->size = size;
	m->clone = clone;
	return m;
}

static void
slot_empty(struct slot *s)
{
	arena_free(s->a);
	s->a = NULL;
	s->val = NULL;
	s->key[0] = '\0';
}

void
memo_clear(struct memo *m)
{
	int i;

	pthread_mutex_lock(&m->mu);
	for (i = 0; i < m->nslots; i++)
		slot_empty(&m->slot[i]);
	pthread_mutex_unlock(&m->mu);
}

void
memo_free(struct memo *m)
{
	if (m == NULL)
		return;
	memo_clear(m);
	pthread_mutex_destroy(&m->mu);
	free(m);
}

bool
memo_get(struct memo *m, const char *key, uint64_t gen, struct arena *a, void *ret)
{
	struct slot *s = &m->slot[hash(key) % (unsigned)m->nslots];
	bool hit;

	pthread_mutex_lock(&m->mu);
	hit = s->val != NULL && s->gen == gen && strcmp(s->key, key) == 0 &&
	      now_ms() - s->at_ms < m->life_ms;
	if (hit)
		m->clone(a, s->val, ret);
	pthread_mutex_unlock(&m->mu);
	return hit;
}

void
memo_put(struct memo *m, const char *key, uint64_t gen, const void *val)
{
	struct slot *s = &m->slot[hash(key) % (unsigned)m->nslots];
	struct arena *a;

	if (strlen(key) >= KEY_MAX || (a = arena_new()) == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	slot_empty(s);
	s->a = a;
	s->val = arena_alloc(a, m->size);
	m->clone(a, val, s->val);
	strcpy(s->key, key);
	s->gen = gen;
	s->at_ms = now_ms();
	pthread_mutex_unlock(&m->mu);
}
