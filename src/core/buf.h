/* buf.h: a growing byte buffer for building text (SQL never: that is bound). */
#ifndef FANGYI_BUF_H
#define FANGYI_BUF_H

#include <stddef.h>

struct buf {
	char *p; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

/* The buffer owns p; buf_free releases it.  Growth aborts on out-of-memory. */
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
