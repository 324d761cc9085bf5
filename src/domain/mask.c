/* mask.c: ID numbers and phones as they look before someone reveals them. */
#include <stdbool.h>
#include <string.h>

#include "mask.h"

/* The masked forms never grow past an 18-character ID number. */
#define MASK_MAX 18

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* count_chars counts code points, so a non-ASCII value masks to as many stars. */
static size_t
count_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * mask_keep writes s with its first head and last tail characters kept
 * and the rest starred, at most MASK_MAX characters.  Values too short to
 * hide anything, or not plain ASCII, become stars only.
 */
static void
mask_keep(const char *s, size_t head, size_t tail, char ret[32])
{
	size_t n, stars, o = 0;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (!is_ascii(s) || n <= head + tail) {
		n = count_chars(s);
		if (n > MASK_MAX)
			n = MASK_MAX;
		memset(ret, '*', n);
		ret[n] = '\0';
		return;
	}
	stars = n - head - tail;
	if (stars > MASK_MAX - head - tail)
		stars = MASK_MAX - head - tail;
	memcpy(ret, s, head);
	o = head;
	memset(ret + o, '*', stars);
	o += stars;
	memcpy(ret + o, s + n - tail, tail);
	o += tail;
	ret[o] = '\0';
}

void
mask_idnum(const char *id, char ret[32])
{
	mask_keep(id, 4, 4, ret);
}

void
mask_phone(const char *phone, char ret[32])
{
	mask_keep(phone, 3, 4, ret);
}
