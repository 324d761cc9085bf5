/* svc_change.c: the change feed of the actor's area, and the stale-edit check of registry
 * records edited offline. */
#include <string.h>

#include "arena.h"
#include "role.h"
#include "svc_change.h"
#include "svc_monitor.h"

/* What the actor must be allowed to read to be given a record of a kind: the permission of
 * the kind's own GET route. */
static bool
may_read(const struct svc *s, const char *kind)
{
	static const struct {
		const char *kind;
		unsigned perm;
	} kinds[] = {
		{"person", PERM_PERSON_READ},   {"household", PERM_HOUSEHOLD_READ},
		{"key_person", PERM_MONITOR_READ}, {"task", PERM_TASK_READ},
		{"visit", PERM_SWEEP_READ},
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return (s->perms & kinds[i].perm) != 0;
	return false; /* a kind this binary does not know: deny by default */
}

int
svc_change_page(struct svc *s, const struct change_page_in *in, struct change_page *out)
{
	struct change *v;
	int n, i, limit = in->limit ? in->limit : CHANGE_PAGE_DEFAULT, records = 0, gone = 0, rc;

	if (in->after < 0)
		return fault_set(s->fault, ERR_INVALID, "after",
				 "after 应为上次同步返回的 next_after（首次同步为 0）",
				 "after must be the next_after of the last sync (0 for the first)");
	if (limit < 1 || limit > CHANGE_PAGE_MAX)
		return fault_setf(s->fault, ERR_INVALID, "limit", "limit 应在 1 到 %d 之间",
				  "limit must be between 1 and %d", CHANGE_PAGE_MAX);
	/* the periods that ended are released now, so their tombstones are in this page */
	if ((s->perms & PERM_MONITOR_READ) && (rc = svc_monitor_sweep(s)))
		return rc;
	/* one more than the page: whether another is waiting */
	if ((rc = db_change_list(s->db, s->arena, s->scope, in->after, limit + 1, &v, &n)))
		return rc;
	memset(out, 0, sizeof(*out));
	out->more = n > limit;
	if (out->more)
		n = limit;
	out->items = arena_alloc(s->arena, sizeof(*out->items) * (size_t)(n ? n : 1));
	out->next_after = n ? v[n - 1].seq : in->after;
	for (i = 0; i < n; i++) {
		if (!may_read(s, v[i].kind))
			continue;
		out->items[out->n++] = v[i];
		if (v[i].gone)
			gone++;
		else
			records++;
	}
	if (records == 0)
		return 0;
	/* how many, never whose: the records are named by the feed's cursor */
	return svc_audit(s, "sync", "change", 0, s->scope,
			 arena_printf(s->arena, "changes after %lld: %d records, %d gone",
				      (long long)in->after, records, gone));
}

int64_t
svc_change_version(struct svc *s, const char *kind, int64_t id)
{
	int64_t v = 0;

	return db_change_version(s->db, kind, id, false, &v) == 0 ? v : 0;
}

int
svc_change_check(struct svc *s, const char *kind, int64_t id, int64_t base)
{
	int64_t now = 0;
	int rc;

	if (base == 0)
		return 0;
	rc = db_change_version(s->db, kind, id, true, &now);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (now == base)
		return 0;
	return fault_set(s->fault, ERR_CONFLICT, "If-Match",
			 "该记录在您离线修改之后已被他人改动：请对照当前内容后重新修改",
			 "this record was changed by someone else after the version your edit was based "
			 "on: compare it with the record as it stands and edit again");
}
