/* text.h: normalising what people type and what Excel writes. */
#ifndef FANGYI_TEXT_H
#define FANGYI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/*
 * text_normalize is for anything typed, prose included (names, addresses,
 * notes, descriptions): it returns a copy of s in a with full-width
 * digits and Latin letters (U+FF10..U+FF19, U+FF21..U+FF3A, U+FF41..U+FF5A)
 * turned half-width, the ideographic space U+3000 and NBSP turned into
 * plain spaces, and leading and trailing white space removed.  Full-width
 * punctuation (，：；。（）！？) is Chinese writing and stays as typed.
 * NULL stays NULL.
 */
char *text_normalize(struct arena *a, const char *s);

/* text_code is text_normalize for numbers and codes (ID numbers, phones,
 * plates, dates, times, area and receipt codes): every full-width ASCII
 * form U+FF01..U+FF5E turns half-width, punctuation too, so "１３８－" and
 * "０８：００" parse like "138-" and "08:00". */
char *text_code(struct arena *a, const char *s);

/* text_squeeze is text_code followed by removing every space, '-',
 * '.', '(' and ')': for ID numbers, phones and plates typed with separators. */
char *text_squeeze(struct arena *a, const char *s);

/* text_is_utf8 says whether the n bytes at s are well-formed UTF-8. */
bool text_is_utf8(const char *s, size_t n);

/* text_utf8_trim cuts a character left incomplete at the end of s, as snprintf leaves one
 * when it fills a buffer: a message goes out as JSON, which must be whole UTF-8. */
void text_utf8_trim(char *s);

/* text_utf8_len counts code points in a well-formed UTF-8 string. */
size_t text_utf8_len(const char *s);

/*
 * text_to_utf8 decodes n bytes of a file as a Chinese office program
 * writes it: UTF-8 with or without a BOM, or GB18030 (a superset of GBK
 * and GB2312).  It returns a NUL-terminated UTF-8 copy in a, sets
 * *ret_len and *ret_encoding ("utf-8", "utf-8-bom" or "gb18030"), or
 * returns NULL when the bytes are neither.  UTF-8 that is damaged after
 * a good stretch of Chinese (or after a BOM) is also NULL rather than
 * being misread as GB18030 nonsense.
 */
char *text_to_utf8(struct arena *a, const char *s, size_t n, size_t *ret_len,
		   const char **ret_encoding);

/* text_undecodable_at returns the byte offset at which text_to_utf8 gives
 * up on s (under the encoding that got furthest), or n when it would not. */
size_t text_undecodable_at(const char *s, size_t n);

/* text_html_escape appends s to b with & < > " ' escaped: names and tips
 * typed by anyone never become markup in a printed page. */
struct buf;
void text_html_escape(struct buf *b, const char *s);

/* text_reverse returns the bytes of an ASCII string reversed (for suffix
 * search on ID numbers and phones through an ordinary index). */
char *text_reverse(struct arena *a, const char *s);

#endif
