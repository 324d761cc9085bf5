/* db_memo.c: sessions, settings, posts and shifts remembered for the hot write paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db_internal.h"
#include "db_memo.h"
#include "err.h"
#include "memo.h"

enum { MEMO_SESSION, MEMO_SETTING, MEMO_POST, MEMO_SHIFTS, MEMO__MAX };

/* A setting, present or not. */
struct setting_rec {
	char *value; /* NULL: no such setting */
};

/* The shifts of a post overlapping the hour [from, to), as db_shift_range lists them. */
struct shift_window {
	int64_t from, to;
	int n;
	struct duty_shift *v;
};

static void
clone_session(struct arena *a, const void *src, void *dst)
{
	const struct session *s = src;
	struct session *d = dst;

	*d = *s;
	d->csrf = arena_strdup(a, s->csrf);
	d->user.username = arena_strdup(a, s->user.username);
	d->user.display_name = arena_strdup(a, s->user.display_name);
	d->user.role = arena_strdup(a, s->user.role);
	d->user.area_code = arena_strdup(a, s->user.area_code);
	d->user.area_name = arena_strdup(a, s->user.area_name);
	d->user.pwhash = NULL; /* a password hash is never kept in memory longer than a request */
	d->user.phone = arena_strdup(a, s->user.phone);
}

static void
clone_setting(struct arena *a, const void *src, void *dst)
{
	((struct setting_rec *)dst)->value = arena_strdup(a, ((const struct setting_rec *)src)->value);
}

static void
clone_post(struct arena *a, const void *src, void *dst)
{
	const struct duty_post *s = src;
	struct duty_post *d = dst;

	*d = *s;
	d->name = arena_strdup(a, s->name);
	d->place = arena_strdup(a, s->place);
	d->area_code = arena_strdup(a, s->area_code);
	d->area_name = arena_strdup(a, s->area_name);
	d->kind = arena_strdup(a, s->kind);
	d->province = arena_strdup(a, s->province);
	d->phone = arena_strdup(a, s->phone);
}

static void
clone_shift(struct arena *a, const struct duty_shift *s, struct duty_shift *d)
{
	*d = *s;
	d->team_name = arena_strdup(a, s->team_name);
	d->day = arena_strdup(a, s->day);
}

static void
clone_window(struct arena *a, const void *src, void *dst)
{
	const struct shift_window *s = src;
	struct shift_window *d = dst;
	int i;

	*d = *s;
	d->v = s->n ? arena_alloc(a, sizeof(*d->v) * (size_t)s->n) : NULL;
	for (i = 0; i < s->n; i++)
		clone_shift(a, &s->v[i], &d->v[i]);
}

struct memo **
db_memo_open(void)
{
	static const struct {
		int slots;
		size_t size;
		memo_clone_fn clone;
	} kinds[MEMO__MAX] = {
		[MEMO_SESSION] = {256, sizeof(struct session), clone_session},
		[MEMO_SETTING] = {64, sizeof(struct setting_rec), clone_setting},
		[MEMO_POST] = {128, sizeof(struct duty_post), clone_post},
		[MEMO_SHIFTS] = {128, sizeof(struct shift_window), clone_window},
	};
	struct memo **m = calloc(MEMO__MAX, sizeof(*m));
	int i;

	for (i = 0; m != NULL && i < MEMO__MAX; i++)
		if ((m[i] = memo_new(kinds[i].slots, MEMO_LIFE_MS, kinds[i].size, kinds[i].clone)) ==
		    NULL) {
			db_memo_close(m);
			return NULL;
		}
	return m;
}

void
db_memo_close(struct memo **m)
{
	int i;

	for (i = 0; m != NULL && i < MEMO__MAX; i++)
		memo_free(m[i]);
	free(m);
}

int
db_session_lookup_memo(struct dbc *c, struct arena *a, const char *token_hash,
		       struct session *ret)
{
	struct db *db = dbc_db(c);
	struct memo *m = db_memos(db)[MEMO_SESSION];
	uint64_t gen = db_gen(db, DB_GEN_AUTH); /* before the read: a write meanwhile makes it stale */
	int rc;

	if (dbc_in_tx(c))
		return db_session_lookup(c, a, token_hash, ret);
	if (memo_get(m, token_hash, gen, a, ret))
		return 0;
	if ((rc = db_session_lookup(c, a, token_hash, ret)) == 0)
		memo_put(m, token_hash, gen, ret);
	return rc;
}

int
db_setting_get_memo(struct dbc *c, struct arena *a, const char *key, char **ret)
{
	struct db *db = dbc_db(c);
	struct memo *m = db_memos(db)[MEMO_SETTING];
	uint64_t gen = db_gen(db, DB_GEN_SETTING);
	struct setting_rec rec = {NULL};
	int rc;

	if (dbc_in_tx(c))
		return db_setting_get(c, a, key, ret);
	if (!memo_get(m, key, gen, a, &rec)) {
		if ((rc = db_setting_get(c, a, key, &rec.value)) && rc != ERR_NOTFOUND)
			return rc;
		memo_put(m, key, gen, &rec);
	}
	if (rec.value == NULL)
		return ERR_NOTFOUND;
	*ret = rec.value;
	return 0;
}

int
db_post_get_memo(struct dbc *c, struct arena *a, int64_t id, struct duty_post *ret)
{
	struct db *db = dbc_db(c);
	struct memo *m = db_memos(db)[MEMO_POST];
	uint64_t gen = db_gen(db, DB_GEN_DUTY);
	char key[24];
	int rc;

	if (dbc_in_tx(c))
		return db_post_get(c, a, id, ret);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	if (memo_get(m, key, gen, a, ret))
		return 0;
	if ((rc = db_post_get(c, a, id, ret)) == 0)
		memo_put(m, key, gen, ret);
	return rc;
}

int
db_shift_at_memo(struct dbc *c, struct arena *a, int64_t post_id, int64_t at,
		 struct duty_shift *ret)
{
	struct db *db = dbc_db(c);
	struct memo *m = db_memos(db)[MEMO_SHIFTS];
	uint64_t gen = db_gen(db, DB_GEN_DUTY);
	struct shift_window w;
	const struct duty_shift *found = NULL;
	char key[24];
	int i, rc;

	snprintf(key, sizeof(key), "%lld", (long long)post_id);
	if (dbc_in_tx(c) || !memo_get(m, key, gen, a, &w) || at < w.from || at >= w.to) {
		/* every shift overlapping [at, at + 1) for any at of the hour overlaps the hour */
		memset(&w, 0, sizeof(w));
		w.from = at - at % 3600;
		w.to = w.from + 3600;
		if ((rc = db_shift_range(c, a, post_id, w.from, w.to, &w.v, &w.n)))
			return rc;
		if (!dbc_in_tx(c))
			memo_put(m, key, gen, &w);
	}
	/* db_shift_range(at, at + 1): starts after at - 1 day and before at + 1, ends after at */
	for (i = 0; i < w.n; i++)
		if (w.v[i].starts_at > at - 86400 && w.v[i].starts_at < at + 1 && w.v[i].ends_at > at)
			found = &w.v[i];
	if (found == NULL)
		return ERR_NOTFOUND;
	*ret = *found;
	return 0;
}
