/* auditchain.c: the audit log's hashes (BLAKE2b-256) over one canonical encoding.
 *
 * The encoding (docs/API.md repeats it) is a sequence of fields, each:
 *   NULL          0x00
 *   an integer    0x01, then 8 bytes big-endian two's complement
 *   a text        0x02, then its length in 4 bytes big-endian, then its UTF-8 bytes
 *   a hash        0x03, then its 32 raw bytes
 * so no two different rows can encode alike.  A subject hash is that of
 *   "fangyi audit subject 1" (text), object_id (integer or NULL), detail (text)
 * and a row hash that of
 *   "fangyi audit row 1" (text), the previous row's hash (NULL for the first row), id, at,
 *   user_id (or NULL), username, ip, action, object_kind, area_code, ok, serial (text or
 *   NULL), subject_hash (hash).
 * seq, subject_purged and the hash itself are not covered: seq is the order the chain is
 * walked in (a row moved breaks the links around it), subject_purged is what the purge
 * sets, and the verifier has its own rules for it.
 */
#include <string.h>

#include <sodium.h>

#include "auditchain.h"

static void
put_null(crypto_generichash_state *st)
{
	unsigned char t = 0;

	crypto_generichash_update(st, &t, 1);
}

static void
put_int(crypto_generichash_state *st, int64_t v)
{
	unsigned char b[9];
	uint64_t u = (uint64_t)v;
	int i;

	b[0] = 1;
	for (i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(u >> (56 - 8 * i));
	crypto_generichash_update(st, b, sizeof(b));
}

static void
put_text(crypto_generichash_state *st, const char *s)
{
	unsigned char b[5];
	size_t n = strlen(s);

	b[0] = 2;
	b[1] = (unsigned char)(n >> 24);
	b[2] = (unsigned char)(n >> 16);
	b[3] = (unsigned char)(n >> 8);
	b[4] = (unsigned char)n;
	crypto_generichash_update(st, b, sizeof(b));
	crypto_generichash_update(st, (const unsigned char *)s, n);
}

/* a hex hash as its 32 bytes; false when it is not one */
static bool
put_hash(crypto_generichash_state *st, const char *hex)
{
	unsigned char b[1 + 32];
	size_t n = 0;

	if (!auditchain_is_hash(hex) ||
	    sodium_hex2bin(b + 1, 32, hex, 64, NULL, &n, NULL) != 0 || n != 32)
		return false;
	b[0] = 3;
	crypto_generichash_update(st, b, sizeof(b));
	return true;
}

static void
finish(crypto_generichash_state *st, char ret[AUDITCHAIN_HEX])
{
	unsigned char h[32];

	crypto_generichash_final(st, h, sizeof(h));
	sodium_bin2hex(ret, AUDITCHAIN_HEX, h, sizeof(h));
}

bool
auditchain_is_hash(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

void
auditchain_subject(bool has_id, int64_t object_id, const char *detail, char ret[AUDITCHAIN_HEX])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	put_text(&st, "fangyi audit subject 1");
	if (has_id)
		put_int(&st, object_id);
	else
		put_null(&st);
	put_text(&st, detail ? detail : "");
	finish(&st, ret);
}

bool
auditchain_link(const struct auditchain_row *r, const char *prev, char ret[AUDITCHAIN_HEX])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	put_text(&st, "fangyi audit row 1");
	if (prev == NULL || *prev == '\0')
		put_null(&st);
	else if (!put_hash(&st, prev))
		return false;
	put_int(&st, r->id);
	put_int(&st, r->at);
	if (r->has_user_id)
		put_int(&st, r->user_id);
	else
		put_null(&st);
	put_text(&st, r->username ? r->username : "");
	put_text(&st, r->ip ? r->ip : "");
	put_text(&st, r->action ? r->action : "");
	put_text(&st, r->object_kind ? r->object_kind : "");
	put_text(&st, r->area_code ? r->area_code : "");
	put_int(&st, r->ok);
	if (r->serial)
		put_text(&st, r->serial);
	else
		put_null(&st);
	if (!put_hash(&st, r->subject_hash))
		return false;
	finish(&st, ret);
	return true;
}
