/* idnum.h: resident ID numbers (居民身份证号码, GB 11643-1999). */
#ifndef FANGYI_IDNUM_H
#define FANGYI_IDNUM_H

struct fault;

struct idnum {
	char number[19]; /* the 18-character form, check character upper-case */
	char area[7];    /* first six digits: the issuing area */
	char birth[11];  /* "YYYY-MM-DD" */
	char gender;     /* 'M' (odd 17th digit) or 'F' (even) */
};

/*
 * idnum_parse validates s, which the caller has already normalised (no
 * spaces, half-width).  It accepts the 18-character form (last character a
 * digit or X/x, ISO 7064 MOD 11-2 check) and the legacy 15-digit form,
 * which it upgrades to 18 (century 19, computed check character).  The
 * birth date must be a real date, not after today and not before 1900.
 * Returns 0 and fills ret, or ERR_INVALID with a fault on field
 * "id_number" saying exactly what is wrong.
 */
int idnum_parse(const char *s, struct idnum *ret, struct fault *f);

/* idnum_check_char computes the check character of 17 digits ('0'-'9' or 'X'). */
char idnum_check_char(const char *first17);

#endif
