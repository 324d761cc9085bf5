/* rate.h: how often something happened lately, per key (an address), in this process. */
#ifndef FANGYI_RATE_H
#define FANGYI_RATE_H

#include <pthread.h>
#include <stdint.h>

#define RATE_SLOTS 512 /* keys remembered at once; the oldest neighbour is forgotten */
#define RATE_DEPTH 32  /* events remembered per key */

struct rate_slot {
	char key[48];
	int64_t at[RATE_DEPTH]; /* newest first */
	int n;
};

/*
 * A fixed table, so a flood of new addresses costs no memory: when it is
 * full, a key takes the slot of its hash and whoever was there is
 * forgotten.  Each server of a district keeps its own.  Define one with
 * `static struct rate r = RATE_INIT;`.
 */
struct rate {
	pthread_mutex_t mu;
	struct rate_slot slot[RATE_SLOTS];
};
#define RATE_INIT {PTHREAD_MUTEX_INITIALIZER, {{{0}, {0}, 0}}}

/* rate_recent counts key's events in the last window seconds (at most RATE_DEPTH). */
int rate_recent(struct rate *r, const char *key, int64_t now, int64_t window);
/* rate_note records an event of key at now. */
void rate_note(struct rate *r, const char *key, int64_t now);

#endif
