/* backoff.c: waits that grow with failures and a count that halves while nobody fails. */
#include "backoff.h"

int
backoff_count(const struct backoff *b, int failures, int64_t last_at, int64_t now)
{
	int64_t quiet = now - last_at, halvings;

	if (failures <= 0 || quiet >= b->forget)
		return 0;
	if (quiet <= 0 || b->half_life <= 0)
		return failures;
	halvings = quiet / b->half_life;
	return halvings >= 31 ? 0 : failures >> halvings;
}

int64_t
backoff_wait(const struct backoff *b, int failures)
{
	int k = failures - b->free;

	if (k < 0)
		return 0;
	/* first << k overflows long before k reaches 40; the cap is minutes */
	if (k >= 40 || (b->first << k) >= b->cap)
		return b->cap;
	return b->first << k;
}
