/* selfcode.h: the self-report code on a key person's notice: 80 random bits, typed by hand. */
#ifndef FANGYI_SELFCODE_H
#define FANGYI_SELFCODE_H

#include <stdbool.h>

#define SELF_CODE_BYTES 10 /* 80 bits: guessing is hopeless even without the throttle */
#define SELF_CODE_LEN 16   /* symbols of 5 bits */
#define SELF_CODE_SIZE 20  /* "7KQ2-M9XD-3HRT-W5PB" and its NUL */

/*
 * The alphabet is Crockford's base 32: digits and capitals without I, L, O
 * and U, so nothing printed can be read as something else.  selfcode_format
 * writes raw as four groups of four joined by '-', for reading aloud.
 */
void selfcode_format(const unsigned char raw[SELF_CODE_BYTES], char ret[SELF_CODE_SIZE]);

/*
 * selfcode_normalise reads a code as people type it: lowercase, with
 * spaces or dashes anywhere, O for 0 and I or L for 1.  It writes the 16
 * symbols alone into ret and returns true, or false when typed is not a
 * code (ret is then not written).
 */
bool selfcode_normalise(const char *typed, char ret[SELF_CODE_LEN + 1]);

#endif
