/* text.c: normalising what people type and decoding what Excel writes. */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "text.h"

/*
 * A file whose first invalid byte comes after this many well-formed
 * multi-byte UTF-8 sequences is UTF-8 that got damaged, not GB18030:
 * GBK text practically never forms that many valid UTF-8 sequences in a
 * row, while GB18030 would happily turn damaged UTF-8 into nonsense.
 */
#define UTF8_EVIDENCE 8

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/*
 * utf8_seq returns the length of the well-formed sequence at s (at most n
 * bytes available), or 0 when it is not well-formed: overlong forms,
 * surrogates and code points above U+10FFFF are all refused.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if (n < 2 || (s[1] & 0xc0) != 0x80)
			return 0;
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0; /* overlong */
		if (c == 0xed && s[1] > 0x9f)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xf4 && s[1] > 0x8f)
			return 0; /* above U+10FFFF */
		return 4;
	}
	return 0;
}

/* utf8_prefix returns how many leading bytes are well-formed UTF-8 and
 * counts the multi-byte sequences among them in *ret_multi. */
static size_t
utf8_prefix(const char *s, size_t n, size_t *ret_multi)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k, multi = 0;

	while (i < n) {
		k = utf8_seq(u + i, n - i);
		if (k == 0)
			break;
		if (k > 1)
			multi++;
		i += k;
	}
	*ret_multi = multi;
	return i;
}

/*
 * gb18030_decode converts n bytes at s into out (room for outcap bytes)
 * and returns the number of bytes written, or (size_t)-1 when the input
 * is not GB18030; *ret_bad then holds the offset of the first bad byte.
 */
static size_t
gb18030_decode(const char *s, size_t n, char *out, size_t outcap, size_t *ret_bad)
{
	iconv_t cd;
	char *in = (char *)s, *o = out;
	size_t inleft = n, outleft = outcap, r;

	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		*ret_bad = 0;
		return (size_t)-1;
	}
	r = iconv(cd, &in, &inleft, &o, &outleft);
	if (r == (size_t)-1) {
		*ret_bad = (size_t)(in - s);
		iconv_close(cd);
		return (size_t)-1;
	}
	iconv_close(cd);
	return outcap - outleft;
}

/*
 * is_fullwidth_alnum says whether the full-width form U+FF01..U+FF5E whose
 * half-width twin is c is a digit or a Latin letter: the characters of
 * numbers and codes, which a Chinese input method types full-width as
 * readily as half-width.  The rest of the block is punctuation (，：；（）！？),
 * which is how Chinese prose is written and stays as typed.
 */
static bool
is_fullwidth_alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* fold copies s into a with full-width digits and letters (and, when
 * punct, every other full-width ASCII form) half-width, U+3000 and NBSP as
 * plain spaces, and the white space at both ends removed. */
static char *
fold(struct arena *a, const char *s, bool punct)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out, *start, *end;
	size_t i, o = 0, n;
	unsigned cp;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	out = arena_alloc(a, n + 1);
	for (i = 0; i < n;) {
		if (u[i] == 0xef && i + 2 < n &&
		    ((u[i + 1] == 0xbc && u[i + 2] >= 0x81 && u[i + 2] <= 0xbf) ||
		     (u[i + 1] == 0xbd && u[i + 2] >= 0x80 && u[i + 2] <= 0x9e))) {
			/* U+FF01..U+FF5E map onto '!'..'~' */
			cp = ((unsigned)(u[i] & 0x0f) << 12) | ((unsigned)(u[i + 1] & 0x3f) << 6) |
			     (u[i + 2] & 0x3f);
			if (punct || is_fullwidth_alnum(cp - 0xfee0)) {
				out[o++] = (char)(cp - 0xfee0);
			} else {
				memcpy(out + o, s + i, 3);
				o += 3;
			}
			i += 3;
		} else if (u[i] == 0xe3 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
			out[o++] = ' '; /* U+3000 ideographic space */
			i += 3;
		} else if (u[i] == 0xc2 && i + 1 < n && u[i + 1] == 0xa0) {
			out[o++] = ' '; /* U+00A0 no-break space */
			i += 2;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';

	start = out;
	while (*start && is_space((unsigned char)*start))
		start++;
	end = out + o;
	while (end > start && is_space((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return start;
}

char *
text_normalize(struct arena *a, const char *s)
{
	return fold(a, s, false);
}

char *
text_code(struct arena *a, const char *s)
{
	return fold(a, s, true);
}

char *
text_squeeze(struct arena *a, const char *s)
{
	char *t = text_code(a, s), *r, *w;

	if (t == NULL)
		return NULL;
	for (r = w = t; *r; r++) {
		if (is_space((unsigned char)*r) || *r == '-' || *r == '.' || *r == '(' || *r == ')')
			continue;
		*w++ = *r;
	}
	*w = '\0';
	return t;
}

bool
text_is_utf8(const char *s, size_t n)
{
	size_t multi;

	return utf8_prefix(s, n, &multi) == n;
}

void
text_utf8_trim(char *s)
{
	size_t n = strlen(s), i = n, want;
	unsigned char c;

	while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	if (c < 0x80)
		return;
	want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (want == 0 || n - (i - 1) < want)
		s[i - 1] = '\0';
}

size_t
text_utf8_len(const char *s)
{
	size_t k = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			k++;
	return k;
}

char *
text_to_utf8(struct arena *a, const char *s, size_t n, size_t *ret_len, const char **ret_encoding)
{
	const char *enc = "utf-8";
	size_t good, multi, cap, len, bad;
	char *out;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
		enc = "utf-8-bom";
		if (!text_is_utf8(s, n))
			return NULL; /* a BOM says UTF-8; damage is not GB18030 */
	}
	good = utf8_prefix(s, n, &multi);
	if (good == n) {
		out = arena_strndup(a, s, n);
		*ret_len = n;
		*ret_encoding = enc;
		return out;
	}
	if (multi >= UTF8_EVIDENCE)
		return NULL;

	/* Two GB18030 bytes become at most three UTF-8 bytes, four at most four. */
	cap = n + n / 2 + 4;
	out = arena_alloc(a, cap + 1);
	len = gb18030_decode(s, n, out, cap, &bad);
	if (len == (size_t)-1)
		return NULL;
	out[len] = '\0';
	*ret_len = len;
	*ret_encoding = "gb18030";
	return out;
}

size_t
text_undecodable_at(const char *s, size_t n)
{
	size_t good, multi, inleft, outleft;
	char tmp[1024], *in, *o;
	iconv_t cd;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		good = utf8_prefix(s + 3, n - 3, &multi);
		return good == n - 3 ? n : good + 3;
	}
	good = utf8_prefix(s, n, &multi);
	if (good == n || multi >= UTF8_EVIDENCE)
		return good;

	/* Not UTF-8: find where GB18030 fails, emptying a small output
	 * buffer whenever it fills so nothing is allocated. */
	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return 0;
	in = (char *)s;
	inleft = n;
	while (inleft > 0) {
		o = tmp;
		outleft = sizeof(tmp);
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
			break;
		if (errno != E2BIG)
			break;
	}
	iconv_close(cd);
	return (size_t)(in - s);
}

char *
text_reverse(struct arena *a, const char *s)
{
	size_t n, i;
	char *r;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	r = arena_alloc(a, n + 1);
	for (i = 0; i < n; i++)
		r[i] = s[n - 1 - i];
	r[n] = '\0';
	return r;
}

void
text_html_escape(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addc(b, *s);
		}
	}
}
