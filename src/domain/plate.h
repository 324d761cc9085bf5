/* plate.h: Chinese vehicle number plates, as staff type them at a checkpoint. */
#ifndef FANGYI_PLATE_H
#define FANGYI_PLATE_H

#include <stdbool.h>

struct fault;

/* The stored form is at most a province (3 bytes of UTF-8), a letter, and
 * six characters of which the last may be a Chinese one: 16 bytes with
 * the NUL are enough. */
#define PLATE_MAX 16

enum plate_kind {
	PLATE_ORDINARY,   /* 湘C12345, 湘C1234学 */
	PLATE_NEW_ENERGY, /* 湘CD12345 (small cars), 湘C12345D (large vehicles) */
};

/*
 * plate_parse normalises a typed plate: full-width letters and digits
 * become half-width, letters upper case, and the dot (·, •, ・, .), dashes
 * and spaces go.  A plate typed without its province gets province (one
 * abbreviation such as "湘"; NULL for none).  Then it checks the form of an
 * ordinary or a new-energy plate.  Returns 0 with the stored form in ret
 * ("湘C12345") and *ret_kind, or ERR_INVALID with f naming the field
 * "plate" and what is wrong, in Chinese and English.
 */
int plate_parse(const char *typed, const char *province, char ret[PLATE_MAX],
		enum plate_kind *ret_kind, struct fault *f);

/* plate_display writes the stored form with the dot after the region
 * letter, as printed on the plate: "湘C·12345". */
void plate_display(const char *plate, char ret[PLATE_MAX + 4]);

/* plate_province_ok says whether s is exactly one province abbreviation. */
bool plate_province_ok(const char *s);

/* plate_province_of_area gives the plate province of an area code (its first two digits, the
 * province of the national division codes): "湘" for 43...; NULL when unknown. */
const char *plate_province_of_area(const char *area_code);

extern const char *const plate_kind_keys[]; /* "ordinary", "new_energy" */

#endif
