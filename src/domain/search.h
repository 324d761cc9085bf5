/* search.h: what a search box's text asks for: a name, or one of the few numbers a clerk may look up. */
#ifndef FANGYI_SEARCH_H
#define FANGYI_SEARCH_H

struct fault;

enum search_kind {
	SEARCH_NAME,  /* not a number: a name prefix, as before */
	SEARCH_ID,    /* a whole ID number (18 characters, a 15-digit one upgraded) */
	SEARCH_PHONE, /* a whole mainland mobile */
	SEARCH_LAST4, /* the last 4 characters of an ID number or a phone: what the mask shows */
};

/* The word an audit row records for kind: "name", "id", "phone" or "last4". */
const char *search_kind_word(enum search_kind kind);

/*
 * search_parse reads s, already normalised (text_code: every full-width
 * form half-width, trimmed).  Text made only of digits, separators (' ', '-', '.', '(',
 * ')'), a leading '+' and a final x/X is a number, and a number may be
 * only a whole ID number, a whole mobile (+86/0086 stripped) or exactly 4
 * characters; anything else that looks like part of a number is refused,
 * so the registry never answers "which numbers begin (or end) with these
 * digits", the question that rebuilds a masked number digit by digit.
 * Writes the kind and, for a number, its stored form (digits, final X
 * upper-case) into ret_number.  Returns 0, or ERR_INVALID with a fault
 * on field "q".
 */
int search_parse(const char *s, enum search_kind *ret_kind, char ret_number[19], struct fault *f);

#endif
