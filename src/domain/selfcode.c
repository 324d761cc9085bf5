/* selfcode.c: self-report codes as printed and as typed. */
#include <stddef.h>

#include "selfcode.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
selfcode_format(const unsigned char raw[SELF_CODE_BYTES], char ret[SELF_CODE_SIZE])
{
	unsigned acc = 0;
	int bits = 0, i, n = 0, out = 0;

	for (i = 0; i < SELF_CODE_BYTES; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			if (n > 0 && n % 4 == 0)
				ret[out++] = '-';
			ret[out++] = alphabet[(acc >> bits) & 31];
			n++;
		}
	}
	ret[out] = '\0';
}

/* The symbol c stands for, after the readings of look-alikes; -1 when none. */
static int
symbol(char c)
{
	int i;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	for (i = 0; i < 32; i++)
		if (alphabet[i] == c)
			return i;
	return -1;
}

bool
selfcode_normalise(const char *typed, char ret[SELF_CODE_LEN + 1])
{
	char out[SELF_CODE_LEN + 1];
	size_t n = 0;
	const char *p;
	int s;

	if (typed == NULL)
		return false;
	for (p = typed; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '\t')
			continue;
		if ((s = symbol(*p)) < 0 || n == SELF_CODE_LEN)
			return false;
		out[n++] = alphabet[s];
	}
	if (n != SELF_CODE_LEN)
		return false;
	out[n] = '\0';
	for (n = 0; n <= SELF_CODE_LEN; n++)
		ret[n] = out[n];
	return true;
}
