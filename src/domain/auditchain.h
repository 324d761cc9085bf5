/* auditchain.h: the hashes that chain the audit log, in one canonical encoding. */
#ifndef FANGYI_AUDITCHAIN_H
#define FANGYI_AUDITCHAIN_H

#include <stdbool.h>
#include <stdint.h>

/* A hash as stored: 64 lowercase hex digits of a BLAKE2b-256, and the NUL. */
#define AUDITCHAIN_HEX 65

/*
 * The columns of one audit row that its hash covers.  Numbers that may be NULL in the
 * table have a has_ flag; texts are never NULL ("" for none), except serial (NULL: not
 * an export).
 */
struct auditchain_row {
	int64_t id;
	int64_t at;
	int64_t user_id;
	bool has_user_id;
	const char *username, *ip, *action, *object_kind, *area_code;
	int64_t ok;
	const char *serial;
	const char *subject_hash; /* hex, from auditchain_subject */
};

/*
 * auditchain_subject writes the hash of "to whom": the row's object_id (has_id false for
 * NULL) and detail.  The chain covers this hash instead of the two columns, so that the
 * purge can blank them and the chain still holds.
 */
void auditchain_subject(bool has_id, int64_t object_id, const char *detail,
			char ret[AUDITCHAIN_HEX]);

/*
 * auditchain_link writes the hash of row r chained to the previous row's hash prev (hex;
 * "" for the first row).  Returns false when subject_hash or prev is not a hash.
 */
bool auditchain_link(const struct auditchain_row *r, const char *prev, char ret[AUDITCHAIN_HEX]);

/* auditchain_is_hash: s is 64 lowercase hex digits. */
bool auditchain_is_hash(const char *s);

#endif
