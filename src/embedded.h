/* embedded.h: files compiled into the binary by tools/embed.c. */
#ifndef FANGYI_EMBEDDED_H
#define FANGYI_EMBEDDED_H

#include <stddef.h>

struct embedded {
	const char *name; /* base name, e.g. "0001_init.sql"; NULL ends a table */
	const char *data; /* NUL-terminated */
	size_t size;
};

extern const struct embedded embedded_migrations[]; /* in version order */
extern const struct embedded embedded_openapi[];    /* openapi.json */

#endif
