/* db_audit.c: the audit log, chained by hashes, its verifier, and the record of imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "auditchain.h"
#include "clock.h"
#include "db_internal.h"
#include "db_registry.h"
#include "err.h"

/*
 * The chain.  Every row carries hash = BLAKE2b(its columns, the previous row's hash)
 * (auditchain.c), with object_id and detail covered through subject_hash so that the purge can
 * blank them.  audit_head holds the last row's seq and hash and the last id given out; an
 * insert reads it (on SQLite under the write lock its transaction already holds; on PostgreSQL
 * with UPDATE ... RETURNING, whose row lock is held to COMMIT), inserts its row and sets the head
 * again.  Nothing is remembered between statements: a savepoint rolled back, or a batch run
 * again, takes the head as the database has it.  On PostgreSQL a transaction's rows wait on its
 * connection and are chained just before its COMMIT (db_internal.h says why).
 */

/* copy a hash read from the database into ret, "" when it is not one */
static void
copy_hash(const char *s, char ret[AUDITCHAIN_HEX])
{
	if (s && strlen(s) < AUDITCHAIN_HEX)
		strcpy(ret, s);
	else
		ret[0] = '\0';
}

static void
chain_fields(const struct audit *e, const char *subject, struct auditchain_row *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->id = e->id;
	ret->at = e->at;
	ret->user_id = e->user_id;
	ret->has_user_id = e->user_id != 0;
	ret->username = e->username ? e->username : "";
	ret->ip = e->ip ? e->ip : "";
	ret->action = e->action ? e->action : "";
	ret->object_kind = e->object_kind ? e->object_kind : "";
	ret->area_code = e->area_code ? e->area_code : "";
	ret->ok = e->ok;
	ret->serial = e->serial;
	ret->subject_hash = subject;
}

/* The head of the chain: the last seq, the last id given and the last hash. */
struct head {
	int64_t seq, id;
	char hash[AUDITCHAIN_HEX];
};

static void
read_head(struct dbq *q, struct arena *a, void *p)
{
	struct head *h = p;

	h->seq = dbq_int(q, 0);
	h->id = dbq_int(q, 1);
	copy_hash(dbq_text(q, 2), h->hash);
}

static int
audit_append(struct dbc *c, const struct audit *in)
{
	struct audit e = *in;
	struct auditchain_row row;
	struct dbq q;
	struct head h;
	char subject[AUDITCHAIN_HEX], hash[AUDITCHAIN_HEX];
	int rc;

	bool pg = db_backend(dbc_db(c)) == DB_PG;

	dbq_start(&q, c, pg ? ST_AUDIT_HEAD_TAKE : ST_AUDIT_HEAD_GET);
	rc = dbq_one(&q, NULL, read_head, &h);
	if (rc == ERR_NOTFOUND) /* no head: the chain is broken, write nothing unchained */
		return ERR_DB;
	if (rc)
		return rc;
	e.seq = h.seq + (pg ? 0 : 1);
	e.id = h.id + (pg ? 0 : 1);
	e.at = e.at ? e.at : clock_now();
	auditchain_subject(e.object_id != 0, e.object_id, e.detail, subject);
	chain_fields(&e, subject, &row);
	if (!auditchain_link(&row, h.hash, hash))
		return ERR_DB;
	dbq_start(&q, c, ST_AUDIT_INSERT);
	dbq_bind_int(&q, 1, e.id);
	dbq_bind_int(&q, 2, e.seq);
	dbq_bind_int(&q, 3, e.at);
	dbq_bind_id(&q, 4, e.user_id);
	dbq_bind_text(&q, 5, row.username);
	dbq_bind_text(&q, 6, row.ip);
	dbq_bind_text(&q, 7, row.action);
	dbq_bind_text(&q, 8, row.object_kind);
	dbq_bind_id(&q, 9, e.object_id);
	dbq_bind_text(&q, 10, row.area_code);
	dbq_bind_text(&q, 11, e.detail ? e.detail : "");
	dbq_bind_int(&q, 12, e.ok);
	dbq_bind_text(&q, 13, e.serial);
	dbq_bind_text(&q, 14, subject);
	dbq_bind_text(&q, 15, hash);
	if ((rc = dbq_run(&q)))
		return rc;
	dbq_start(&q, c, ST_AUDIT_HEAD_PUT);
	dbq_bind_int(&q, 1, e.seq);
	dbq_bind_int(&q, 2, e.id);
	dbq_bind_text(&q, 3, hash);
	return dbq_run(&q);
}

/* A row kept until its transaction's COMMIT (PostgreSQL), with copies of its texts. */
struct audit_pending {
	struct audit e;
	struct audit_pending *next;
	char text[]; /* the texts, one after the other */
};

static int
audit_keep(struct dbc *c, const struct audit *e)
{
	const char *src[] = {e->username, e->ip, e->action, e->object_kind, e->area_code, e->detail,
			     e->serial};
	const char **dst[7];
	struct audit_pending *p, **tail;
	size_t n = 0, i, k;
	char *w;

	for (i = 0; i < 7; i++)
		n += src[i] ? strlen(src[i]) + 1 : 0;
	if ((p = calloc(1, sizeof(*p) + n)) == NULL)
		return ERR_NOMEM;
	p->e = *e;
	p->e.at = e->at ? e->at : clock_now(); /* when it happened, not when it commits */
	dst[0] = &p->e.username, dst[1] = &p->e.ip, dst[2] = &p->e.action;
	dst[3] = &p->e.object_kind, dst[4] = &p->e.area_code, dst[5] = &p->e.detail;
	dst[6] = &p->e.serial;
	for (w = p->text, i = 0; i < 7; i++) {
		if (src[i] == NULL) {
			*dst[i] = NULL;
			continue;
		}
		k = strlen(src[i]) + 1;
		memcpy(w, src[i], k);
		*dst[i] = w;
		w += k;
	}
	for (tail = dbc_audit_pending(c); *tail; tail = &(*tail)->next)
		;
	*tail = p;
	return 0;
}

int
db_audit_flush(struct dbc *c)
{
	struct audit_pending **head = dbc_audit_pending(c), *p;
	int rc = 0;

	while ((p = *head) != NULL && rc == 0) {
		rc = audit_append(c, &p->e);
		*head = p->next;
		free(p);
	}
	db_audit_discard(c);
	return rc;
}

void
db_audit_discard(struct dbc *c)
{
	struct audit_pending **head = dbc_audit_pending(c), *p;

	while ((p = *head) != NULL) {
		*head = p->next;
		free(p);
	}
}

int
db_audit_add(struct dbc *c, const struct audit *e)
{
	int rc;

	/* PostgreSQL: inside a transaction, chained at its COMMIT (db_internal.h says why) */
	if (dbc_in_tx(c) && db_backend(dbc_db(c)) == DB_PG)
		return audit_keep(c, e);
	/* three statements that must see each other: a transaction of their own when the caller
	 * has none (a failed login, the command line) */
	if (dbc_in_tx(c))
		return audit_append(c, e);
	if ((rc = dbc_begin(c)))
		return rc;
	if ((rc = audit_append(c, e))) {
		dbc_rollback(c);
		return rc;
	}
	return dbc_commit(c);
}

static void
bind_filter(struct dbq *q, const char *action, const char *username, const char *serial)
{
	dbq_bind_text(q, 1, action ? action : "");
	dbq_bind_text(q, 2, action ? action : "");
	dbq_bind_text(q, 3, username ? username : "");
	dbq_bind_text(q, 4, username ? username : "");
	dbq_bind_text(q, 5, serial ? serial : "");
	dbq_bind_text(q, 6, serial ? serial : "");
}

int
db_audit_list(struct dbc *c, struct arena *a, const char *action, const char *username,
	      const char *serial, int limit, int offset, struct audit **ret, int *ret_n,
	      int64_t *ret_total)
{
	struct dbq q;
	struct audit *v = arena_alloc(a, sizeof(*v) * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = 0;
	int64_t total;

	dbq_start(&q, c, ST_AUDIT_LIST);
	bind_filter(&q, action, username, serial);
	dbq_bind_int(&q, 7, limit);
	dbq_bind_int(&q, 8, offset);
	while (n < limit && (rc = dbq_step(&q)) == 1) {
		struct audit *e = &v[n++];

		e->id = dbq_int(&q, 0);
		e->at = dbq_int(&q, 1);
		e->user_id = dbq_opt_int(&q, 2);
		e->username = dbq_dup(&q, a, 3);
		e->ip = dbq_dup(&q, a, 4);
		e->action = dbq_dup(&q, a, 5);
		e->object_kind = dbq_dup(&q, a, 6);
		e->object_id = dbq_opt_int(&q, 7);
		e->area_code = dbq_dup(&q, a, 8);
		e->detail = dbq_dup(&q, a, 9);
		e->ok = (int)dbq_int(&q, 10);
		e->seq = dbq_opt_int(&q, 11);
		e->serial = dbq_null(&q, 12) ? NULL : dbq_dup(&q, a, 12);
		e->subject_purged = (int)dbq_int(&q, 13);
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	dbq_start(&q, c, ST_AUDIT_COUNT);
	bind_filter(&q, action, username, serial);
	if ((rc = dbq_scalar_int(&q, &total)))
		return rc;
	*ret = v;
	*ret_n = n;
	*ret_total = total;
	return 0;
}

/* One row as the chain sees it. */
struct link {
	struct audit e;
	bool has_object;
	char *subject_hash, *hash;
};

/* how many rows of action user_id wrote at or after since: the number searches of the last
 * minutes and day (person_search.c) */
int
db_audit_count_user(struct dbc *c, int64_t user_id, const char *action, int64_t since,
		    int64_t *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_AUDIT_COUNT_USER);
	dbq_bind_int(&q, 1, user_id);
	dbq_bind_text(&q, 2, action);
	dbq_bind_int(&q, 3, since);
	return dbq_scalar_int(&q, ret);
}

/* the columns of ST_AUDIT_UNSEALED: id, at, user_id, username, ip, action, object_kind,
 * object_id, area_code, detail, ok, serial */
static void
read_unsealed(struct dbq *q, struct arena *a, void *out)
{
	struct link *l = out;

	l->e.id = dbq_int(q, 0);
	l->e.at = dbq_int(q, 1);
	l->e.user_id = dbq_opt_int(q, 2);
	l->e.username = dbq_dup(q, a, 3);
	l->e.ip = dbq_dup(q, a, 4);
	l->e.action = dbq_dup(q, a, 5);
	l->e.object_kind = dbq_dup(q, a, 6);
	l->has_object = !dbq_null(q, 7);
	l->e.object_id = l->has_object ? dbq_int(q, 7) : 0;
	l->e.area_code = dbq_dup(q, a, 8);
	l->e.detail = dbq_dup(q, a, 9);
	l->e.ok = (int)dbq_int(q, 10);
	l->e.serial = dbq_null(q, 11) ? NULL : dbq_dup(q, a, 11);
}

#define SEAL_PAGE 1000

int
db_audit_seal(struct dbc *c, struct fault *f)
{
	struct dbq q;
	struct head h;
	int64_t seq, last_id, after = 0;
	char prev[AUDITCHAIN_HEX];
	int n, i, rc;

	dbq_start(&q, c, ST_AUDIT_HEAD_GET);
	if ((rc = dbq_one(&q, NULL, read_head, &h)) == ERR_NOTFOUND)
		rc = ERR_DB;
	if (rc)
		goto fail;
	seq = h.seq;
	last_id = h.id;
	strcpy(prev, h.hash);
	do {
		struct arena *a = arena_new();
		struct link *v;

		if (a == NULL)
			return fault_set(f, ERR_NOMEM, "audit", NULL, NULL);
		/* a page at a time after the last id sealed, never the sealed rows again */
		dbq_start(&q, c, ST_AUDIT_UNSEALED);
		dbq_bind_int(&q, 1, after);
		dbq_bind_int(&q, 2, SEAL_PAGE);
		if ((rc = dbq_collect(&q, a, sizeof(*v), read_unsealed, (void **)&v, &n))) {
			arena_free(a);
			goto fail;
		}
		for (i = 0; i < n && rc == 0; i++) {
			struct auditchain_row row;
			char subject[AUDITCHAIN_HEX], hash[AUDITCHAIN_HEX];

			v[i].e.seq = ++seq;
			auditchain_subject(v[i].has_object, v[i].e.object_id, v[i].e.detail, subject);
			chain_fields(&v[i].e, subject, &row);
			row.has_user_id = v[i].e.user_id != 0;
			if (!auditchain_link(&row, prev, hash)) {
				rc = ERR_DB;
				break;
			}
			dbq_start(&q, c, ST_AUDIT_SEAL);
			dbq_bind_int(&q, 1, seq);
			dbq_bind_text(&q, 2, subject);
			dbq_bind_text(&q, 3, hash);
			dbq_bind_int(&q, 4, v[i].e.id);
			rc = dbq_run(&q);
			strcpy(prev, hash);
			after = v[i].e.id;
		}
		arena_free(a);
		if (rc)
			goto fail;
	} while (n == SEAL_PAGE);
	dbq_start(&q, c, ST_AUDIT_HEAD_PUT);
	dbq_bind_int(&q, 1, seq);
	dbq_bind_int(&q, 2, last_id);
	dbq_bind_text(&q, 3, prev);
	if ((rc = dbq_run(&q)) == 0)
		return 0;
fail:
	return fault_set(f, rc < 0 ? rc : ERR_DB, "audit", "无法为已有的审计记录建立哈希链",
			 "cannot chain the audit rows already stored");
}

int
db_audit_purge_subjects(struct dbc *c, int64_t before, int64_t *n, struct fault *f)
{
	struct dbq q;
	int64_t k = 0;
	int rc;

	dbq_start(&q, c, ST_AUDIT_PURGE_SUBJECTS);
	dbq_bind_int(&q, 1, before);
	while ((rc = dbq_step(&q)) == 1)
		k++;
	dbq_end(&q);
	if (rc < 0 || (rc = q.err) < 0)
		return fault_set(f, rc, "audit", "无法清除审计记录中的对象",
				 "cannot blank the audit rows' subjects");
	*n = k;
	return 0;
}

/*
 * The verifier.  It walks the chain in order of seq, VERIFY_PAGE rows at a time, and for each
 * row checks, in this order:
 *   its seq follows the last one (a gap: rows deleted);
 *   its hash is that of its columns chained to the previous row's stored hash; when it is not,
 *   the next row tells which: if the next row chains to the previous one, this row does not
 *   belong here (inserted, or moved), else it was changed;
 *   its subject: subject_hash is that of object_id and detail, unless the purge blanked them
 *   (subject_purged), which is only right for a row about a resident, blank, and dated before
 *   the cut-off of a purge whose own row says {"before": unix-seconds}.
 * Then audit_head must be the last row walked, and no row may stand outside the chain.
 */
#define VERIFY_PAGE 1000

/* a text column, "" for NULL: a row forged past the NOT NULL constraints is checked, not trusted */
static char *
text_or_empty(struct dbq *q, struct arena *a, int col)
{
	return dbq_null(q, col) ? arena_strdup(a, "") : dbq_dup(q, a, col);
}

/* the columns of ST_AUDIT_CHAIN */
static void
read_link(struct dbq *q, struct arena *a, void *out)
{
	struct link *l = out;

	l->e.seq = dbq_int(q, 0);
	l->e.id = dbq_int(q, 1);
	l->e.at = dbq_int(q, 2);
	l->e.user_id = dbq_opt_int(q, 3);
	l->e.username = text_or_empty(q, a, 4);
	l->e.ip = text_or_empty(q, a, 5);
	l->e.action = text_or_empty(q, a, 6);
	l->e.object_kind = text_or_empty(q, a, 7);
	l->has_object = !dbq_null(q, 8);
	l->e.object_id = l->has_object ? dbq_int(q, 8) : 0;
	l->e.area_code = text_or_empty(q, a, 9);
	l->e.detail = text_or_empty(q, a, 10);
	l->e.ok = (int)dbq_int(q, 11);
	l->e.serial = dbq_null(q, 12) ? NULL : dbq_dup(q, a, 12);
	l->subject_hash = text_or_empty(q, a, 13);
	l->e.subject_purged = (int)dbq_int(q, 14);
	l->hash = text_or_empty(q, a, 15);
}

static int
chain_page(struct dbc *c, struct arena *a, int64_t after, int limit, struct link **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_AUDIT_CHAIN);
	dbq_bind_int(&q, 1, after);
	dbq_bind_int(&q, 2, limit);
	return dbq_collect(&q, a, sizeof(**ret), read_link, (void **)ret, ret_n);
}

/* l's hash recomputed on prev; false when it does not match (or is not a hash at all) */
static bool
links_to(const struct link *l, const char *prev)
{
	struct auditchain_row row;
	char hash[AUDITCHAIN_HEX];

	chain_fields(&l->e, l->subject_hash, &row);
	row.has_user_id = l->e.user_id != 0;
	return auditchain_link(&row, prev, hash) && strcmp(hash, l->hash) == 0;
}

/* the latest cut-off of every purge recorded ({"before": unix-seconds}), 0 when none */
static int
purge_cutoff(struct dbc *c, int64_t *ret)
{
	struct dbq q;
	int64_t cut = 0;
	int rc;

	dbq_start(&q, c, ST_AUDIT_CUTOFFS);
	dbq_bind_text(&q, 1, "purge");
	while ((rc = dbq_step(&q)) == 1) {
		json_t *j = json_loads(dbq_text(&q, 0) ? dbq_text(&q, 0) : "", 0, NULL);
		json_t *b = json_object_get(j, "before");

		if (json_is_integer(b) && json_integer_value(b) > cut)
			cut = json_integer_value(b);
		json_decref(j);
	}
	dbq_end(&q);
	if (rc < 0 || (rc = q.err) < 0)
		return rc;
	*ret = cut;
	return 0;
}

static bool
names_resident(const char *kind)
{
	char quoted[64];

	if (kind == NULL || strlen(kind) + 3 > sizeof(quoted))
		return false;
	snprintf(quoted, sizeof(quoted), "'%s'", kind);
	return *kind && strstr(AUDIT_RESIDENT_KINDS, quoted) != NULL;
}

static void
found(struct audit_verdict *v, const char *problem, int64_t id, int64_t seq, const char *zh,
      const char *en)
{
	v->problem = problem;
	v->id = id;
	v->seq = seq;
	snprintf(v->zh, sizeof(v->zh), "%s", zh);
	snprintf(v->en, sizeof(v->en), "%s", en);
}

/* one row against the chain so far; false when it is wrong (v says how) */
static bool
check_row(struct dbc *c, struct audit_verdict *v, const struct link *l, const struct link *next,
	  const char *prev, int64_t cutoff)
{
	char zh[256], en[256], subject[AUDITCHAIN_HEX];
	int64_t expect = v->head_seq + 1;

	if (l->e.seq != expect) {
		if (l->e.seq > expect) {
			snprintf(zh, sizeof(zh), "序号 %lld 到 %lld 的记录被删除（在编号 %lld 的记录之前）",
				 (long long)expect, (long long)l->e.seq - 1, (long long)l->e.id);
			snprintf(en, sizeof(en), "rows seq %lld to %lld were deleted (before row id %lld)",
				 (long long)expect, (long long)l->e.seq - 1, (long long)l->e.id);
			found(v, "deleted", l->e.id, expect, zh, en);
		} else {
			snprintf(zh, sizeof(zh), "编号 %lld 的记录与另一条记录序号相同（%lld）：是插入的",
				 (long long)l->e.id, (long long)l->e.seq);
			snprintf(en, sizeof(en), "row id %lld repeats seq %lld: it was inserted",
				 (long long)l->e.id, (long long)l->e.seq);
			found(v, "inserted", l->e.id, l->e.seq, zh, en);
		}
		return false;
	}
	if (!links_to(l, prev)) {
		if (next && links_to(next, prev)) {
			snprintf(zh, sizeof(zh), "编号 %lld（序号 %lld）的记录不属于链中此处：是插入或移动过来的",
				 (long long)l->e.id, (long long)l->e.seq);
			snprintf(en, sizeof(en), "row id %lld (seq %lld) does not belong here in the chain: it was inserted or moved",
				 (long long)l->e.id, (long long)l->e.seq);
			found(v, "inserted", l->e.id, l->e.seq, zh, en);
		} else {
			snprintf(zh, sizeof(zh), "编号 %lld（序号 %lld）的记录被改动：与其哈希或前一条不符",
				 (long long)l->e.id, (long long)l->e.seq);
			snprintf(en, sizeof(en), "row id %lld (seq %lld) was changed: it no longer matches its hash or the row before it",
				 (long long)l->e.id, (long long)l->e.seq);
			found(v, "changed", l->e.id, l->e.seq, zh, en);
		}
		return false;
	}
	if (l->e.subject_purged) {
		if (!names_resident(l->e.object_kind) || l->has_object || *l->e.detail ||
		    l->e.at >= cutoff) {
			snprintf(zh, sizeof(zh), "编号 %lld（序号 %lld）的记录标为已清除对象，但没有哪次清除覆盖它",
				 (long long)l->e.id, (long long)l->e.seq);
			snprintf(en, sizeof(en), "row id %lld (seq %lld) is marked as purged, but no purge covers it",
				 (long long)l->e.id, (long long)l->e.seq);
			found(v, "purged", l->e.id, l->e.seq, zh, en);
			return false;
		}
		return true;
	}
	auditchain_subject(l->has_object, l->e.object_id, l->e.detail, subject);
	if (strcmp(subject, l->subject_hash) != 0) {
		snprintf(zh, sizeof(zh), "编号 %lld（序号 %lld）的记录的对象或详情被改动",
			 (long long)l->e.id, (long long)l->e.seq);
		snprintf(en, sizeof(en), "row id %lld (seq %lld) was changed: its object or detail",
			 (long long)l->e.id, (long long)l->e.seq);
		found(v, "changed", l->e.id, l->e.seq, zh, en);
		return false;
	}
	(void)c;
	return true;
}

/* the head as stored: *ret_seq 0 and "" when the row is missing */
static int
head_get(struct dbc *c, int64_t *ret_seq, char ret_hash[AUDITCHAIN_HEX])
{
	struct dbq q;
	struct head h = {0};
	int rc;

	dbq_start(&q, c, ST_AUDIT_HEAD_GET);
	if ((rc = dbq_one(&q, NULL, read_head, &h)) == ERR_NOTFOUND)
		rc = 0;
	*ret_seq = h.seq;
	strcpy(ret_hash, h.hash);
	return rc;
}

int
db_audit_verify(struct dbc *c, struct audit_verdict *v, struct fault *f)
{
	char prev[AUDITCHAIN_HEX] = "", hhash[AUDITCHAIN_HEX];
	int64_t cutoff, hseq, id;
	int rc, n, i;
	struct dbq q;

	memset(v, 0, sizeof(*v));
	if ((rc = purge_cutoff(c, &cutoff)))
		goto fail;
	for (;;) {
		struct arena *a = arena_new();
		struct link *page, *more;
		bool ok = true;

		if (a == NULL)
			return fault_set(f, ERR_NOMEM, "audit", NULL, NULL);
		if ((rc = chain_page(c, a, v->head_seq, VERIFY_PAGE, &page, &n))) {
			arena_free(a);
			goto fail;
		}
		for (i = 0; i < n && ok; i++) {
			const struct link *next = i + 1 < n ? &page[i + 1] : NULL;
			int m = 0;

			if (next == NULL && n == VERIFY_PAGE &&
			    (rc = chain_page(c, a, page[i].e.seq, 1, &more, &m)) == 0 && m == 1)
				next = more;
			if (rc) {
				arena_free(a);
				goto fail;
			}
			if ((ok = check_row(c, v, &page[i], next, prev, cutoff))) {
				v->rows++;
				v->head_seq = page[i].e.seq;
				strcpy(prev, page[i].hash);
			}
		}
		arena_free(a);
		if (!ok)
			return 0;
		if (n == VERIFY_PAGE)
			continue;
		/* the end of the walk: the head must be the last row; a row appended meanwhile
		 * moves it on, and is walked too */
		if ((rc = head_get(c, &hseq, hhash)))
			goto fail;
		if (hseq > v->head_seq) {
			if ((a = arena_new()) == NULL)
				return fault_set(f, ERR_NOMEM, "audit", NULL, NULL);
			rc = chain_page(c, a, v->head_seq, 1, &more, &n);
			arena_free(a);
			if (rc == 0 && n == 0) {
				char zh[256], en[256];

				snprintf(zh, sizeof(zh), "链尾序号 %lld 到 %lld 的记录被删除",
					 (long long)v->head_seq + 1, (long long)hseq);
				snprintf(en, sizeof(en), "the last rows, seq %lld to %lld, were deleted",
					 (long long)v->head_seq + 1, (long long)hseq);
				found(v, "deleted", 0, v->head_seq + 1, zh, en);
				return 0;
			}
			if (rc)
				goto fail;
			continue;
		}
		if (hseq < v->head_seq || strcmp(hhash, prev) != 0) {
			found(v, "inserted", 0, hseq + 1, "链头与最后一条记录不符：记录是在链外添加的，或链头被改动",
			      "the chain's head is not its last row: rows were added outside the chain, or the head was changed");
			return 0;
		}
		break;
	}
	strcpy(v->head_hash, prev);
	dbq_start(&q, c, ST_AUDIT_UNCHAINED);
	rc = dbq_scalar_int(&q, &id);
	if (rc == 0) {
		char zh[256], en[256];

		snprintf(zh, sizeof(zh), "编号 %lld 的记录不在链中：是插入的", (long long)id);
		snprintf(en, sizeof(en), "row id %lld is not in the chain: it was inserted", (long long)id);
		found(v, "inserted", id, 0, zh, en);
		return 0;
	}
	if (rc == ERR_NOTFOUND)
		return 0;
fail:
	return fault_set(f, rc < 0 ? rc : ERR_DB, "audit", "无法读取审计记录", "cannot read the audit log");
}

int
db_import_record(struct dbc *c, const char *kind, const char *sha256, const char *encoding, int rows,
		 int created, int updated, int unchanged, int64_t user_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_IMPORT_INSERT);
	dbq_bind_text(&q, 1, kind);
	dbq_bind_text(&q, 2, sha256);
	dbq_bind_text(&q, 3, encoding);
	dbq_bind_int(&q, 4, rows);
	dbq_bind_int(&q, 5, created);
	dbq_bind_int(&q, 6, updated);
	dbq_bind_int(&q, 7, unchanged);
	if (user_id)
		dbq_bind_int(&q, 8, user_id);
	else
		dbq_bind_null(&q, 8);
	dbq_bind_int(&q, 9, clock_now());
	return dbq_run(&q);
}
