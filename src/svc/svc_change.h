/*
 * svc_change.h: the change feed of the phones that keep their area offline, and the version an
 * offline edit of a registry record was based on.
 */
#ifndef FANGYI_SVC_CHANGE_H
#define FANGYI_SVC_CHANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "db_change.h"
#include "svc.h"

#define CHANGE_PAGE_DEFAULT 200
#define CHANGE_PAGE_MAX 500

/* A page of the feed: changes after the cursor `after` (0: the first sync), at most limit
 * (0: CHANGE_PAGE_DEFAULT). */
struct change_page_in {
	int64_t after;
	int limit;
};

struct change_page {
	struct change *items; /* oldest first; only the kinds the actor may read */
	int n;
	int64_t next_after; /* the cursor of the next page: the last change read, or `after` */
	bool more;          /* another page is waiting now */
};

/*
 * svc_change_page reads the changes of the actor's area after in->after, oldest first: the
 * records as they stand (the caller renders each as its GET does) and the tombstones of those
 * that left the area.  Kinds the actor may not read are skipped (the cursor passes them).  A
 * page holding any record is audited as a read of that many records ("sync", no resident's
 * data); an empty poll is not.  Key persons whose period has ended are released first, as every
 * monitoring answer does, so their tombstones are in the page.  ERR_INVALID naming "after" or
 * "limit"; the items live in the actor's arena.
 */
int svc_change_page(struct svc *s, const struct change_page_in *in, struct change_page *out);

/*
 * svc_change_check compares the version an edit was based on (base: the ETag of the record's
 * GET or its feed item; 0 when the client sent none, which passes) with the record's current
 * one, inside the caller's transaction, before the write.  ERR_CONFLICT naming "If-Match" when
 * the record changed since: the caller answers 409 with the record as it now stands.
 */
int svc_change_check(struct svc *s, const char *kind, int64_t id, int64_t base);

/* svc_change_version: the record's current version (its ETag), 0 when it has none. */
int64_t svc_change_version(struct svc *s, const char *kind, int64_t id);

#endif
