/* phone.h: mainland mobile numbers. */
#ifndef FANGYI_PHONE_H
#define FANGYI_PHONE_H

struct fault;

/*
 * phone_parse accepts an 11-digit mainland mobile (1[3-9]xxxxxxxxx) in s,
 * already normalised, after stripping a +86 or 0086 prefix and the
 * separators ' ', '-', '.', '(' and ')'.  Writes the 11 digits to ret.
 * Returns 0, or ERR_INVALID with a fault on field "phone".
 */
int phone_parse(const char *s, char ret[12], struct fault *f);

#endif
