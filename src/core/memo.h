/* memo.h: records read from the database, remembered for a moment by the hot paths. */
#ifndef FANGYI_MEMO_H
#define FANGYI_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/*
 * A fixed table of slots, each holding one record under a text key, a
 * generation and the time it was read.  A record is given back only while
 * the generation the caller passes is still the one it was stored with (a
 * write to its tables moves the generation: db_gen) and it is younger than
 * the table's life in milliseconds, which bounds how long a change made by
 * another process (the CLI, another server of a district) goes unseen.
 * Two keys with the same hash share a slot: the later one stays.
 *
 * clone(a, src, dst) copies a record of `size` bytes from src to dst, with
 * every string and array it points to copied into arena a: it copies a
 * record into the table and back out to a request, so neither ever points
 * into the other's memory.
 */
typedef void (*memo_clone_fn)(struct arena *a, const void *src, void *dst);

struct memo;

/* memo_new returns an empty table, or NULL when out of memory; memo_free frees it. */
struct memo *memo_new(int slots, int64_t life_ms, size_t size, memo_clone_fn clone);
void memo_free(struct memo *m);

/* memo_get copies key's record into *ret (strings in a) and returns true when it is fresh. */
bool memo_get(struct memo *m, const char *key, uint64_t gen, struct arena *a, void *ret);
/* memo_put remembers val under key as read at generation gen (read before the record was). */
void memo_put(struct memo *m, const char *key, uint64_t gen, const void *val);
/* memo_clear forgets every record. */
void memo_clear(struct memo *m);

#endif
