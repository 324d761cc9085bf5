/* rate.c: per-key event memory for throttling (tips and logins per address). */
#include <stdio.h>
#include <string.h>

#include "rate.h"

static struct rate_slot *
slot_of(struct rate *r, const char *key)
{
	unsigned h = 5381;
	const char *p;
	int i;

	for (p = key; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (i = 0; i < RATE_SLOTS; i++) {
		struct rate_slot *s = &r->slot[(h + (unsigned)i) % RATE_SLOTS];

		if (s->key[0] == '\0' || strcmp(s->key, key) == 0) {
			snprintf(s->key, sizeof(s->key), "%s", key);
			return s;
		}
	}
	/* full: the slot of the hash, forgetting whoever was there */
	memset(&r->slot[h % RATE_SLOTS], 0, sizeof(r->slot[0]));
	snprintf(r->slot[h % RATE_SLOTS].key, sizeof(r->slot[0].key), "%s", key);
	return &r->slot[h % RATE_SLOTS];
}

int
rate_recent(struct rate *r, const char *key, int64_t now, int64_t window)
{
	struct rate_slot *s;
	int i, n = 0;

	pthread_mutex_lock(&r->mu);
	s = slot_of(r, key);
	for (i = 0; i < s->n; i++)
		if (s->at[i] > now - window)
			n++;
	pthread_mutex_unlock(&r->mu);
	return n;
}

void
rate_note(struct rate *r, const char *key, int64_t now)
{
	struct rate_slot *s;

	pthread_mutex_lock(&r->mu);
	s = slot_of(r, key);
	memmove(&s->at[1], &s->at[0], sizeof(s->at[0]) * (RATE_DEPTH - 1));
	s->at[0] = now;
	if (s->n < RATE_DEPTH)
		s->n++;
	pthread_mutex_unlock(&r->mu);
}
