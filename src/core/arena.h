/* arena.h: a bump allocator owned by one request or one command run. */
#ifndef FANGYI_ARENA_H
#define FANGYI_ARENA_H

#include <stddef.h>

struct arena;

/* arena_new returns an empty arena, or NULL when out of memory.
 * The caller frees it with arena_free, which releases every allocation. */
struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Allocations abort the process when memory runs out: a request cannot
 * go on half-built, and checking every small string would hide the logic. */
void *arena_alloc(struct arena *a, size_t n);    /* zeroed */
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
