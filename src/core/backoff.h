/* backoff.h: how long one address must wait after failed secrets, with a count that fades. */
#ifndef FANGYI_BACKOFF_H
#define FANGYI_BACKOFF_H

#include <stdint.h>

/*
 * One rule of back-off: the first `free` failures cost nothing; failure
 * number free+k makes the next try wait first << k seconds, at most cap.
 * The count halves every half_life seconds without a failure, and is
 * forgotten once forget seconds pass without one, so a person who mistyped
 * this morning starts afresh, while a guesser who keeps coming back as soon
 * as each wait ends keeps the longest wait.
 */
struct backoff {
	int free;
	int64_t first, cap, half_life, forget;
};

/* backoff_count is the count of failures, last noted at last_at, as it stands at now. */
int backoff_count(const struct backoff *b, int failures, int64_t last_at, int64_t now);

/* backoff_wait is the wait in seconds after the count reaches failures (0: none). */
int64_t backoff_wait(const struct backoff *b, int failures);

#endif
