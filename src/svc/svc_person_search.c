/* svc_person_search.c: the search box of the registry: names by prefix, numbers only whole or by
 * their last 4 digits, every number search audited and each user's rate of them bounded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "db_memo.h"
#include "search.h"
#include "svc_registry.h"
#include "text.h"

/*
 * How many number searches one user may make.  A clerk at the desk or a
 * grid worker at a door looks up a number a minute at their busiest (one
 * every 20 s, sustained for 10 minutes, is already a queue at the window),
 * and a few dozen in a day.  The attack they bound is the one left once
 * prefixes are refused: guessing the 4 hidden middle digits of a phone
 * (`138****5678`) takes up to 10,000 whole-number searches, which at these
 * rates is more than a month, each search an audit row and each refusal one
 * more.  Counted from the audit rows, so every server of a district and a
 * restarted one see the same count.
 */
#define SEARCH_BURST 30
#define SEARCH_BURST_WINDOW 600
#define SEARCH_DAILY 300
#define SEARCH_Q_MAX 64

/* A limit from the settings (search.burst, search.daily: a post whose desk answers a queue may
 * raise them; the registry bench does), else the default. */
static int64_t
limit_of(struct svc *s, const char *key, int64_t def)
{
	char *v;

	if (db_setting_get_memo(s->db, s->arena, key, &v) == 0 && atoll(v) > 0)
		return atoll(v);
	return def;
}

static int
throttled(struct svc *s, const struct person_query *pq, const char *zh, const char *en)
{
	int rc;

	/* the refusal is an audit row of its own kind, for the auditor to find */
	if ((rc = svc_audit(s, "search_throttled", "person", 0, pq->scope ? pq->scope : s->scope,
			    arena_printf(s->arena, "number search refused: %s",
					 search_kind_word(pq->qkind)))))
		return rc;
	return fault_set(s->fault, ERR_THROTTLED, "q", zh, en);
}

int
svc_person_search(struct svc *s, const char *raw, struct person_query *pq)
{
	char number[19];
	enum search_kind kind;
	int64_t burst, day, max, now = clock_now();
	const char *q;
	int rc;

	pq->q = NULL;
	pq->qkind = SEARCH_NAME;
	if (raw == NULL || *(q = text_normalize(s->arena, raw)) == '\0')
		return 0;
	if (strlen(q) > SEARCH_Q_MAX)
		return fault_set(s->fault, ERR_INVALID, "q", "搜索词过长", "the search text is too long");
	/* whether it is a number is read with every full-width form folded
	 * (１３８－…), a name keeps its punctuation as stored */
	if ((rc = search_parse(text_code(s->arena, raw), &kind, number, s->fault)))
		return rc;
	pq->qkind = kind;
	pq->q = kind == SEARCH_NAME ? q : arena_strdup(s->arena, number);
	if (kind == SEARCH_NAME)
		return 0;
	if ((rc = db_audit_count_user(s->db, svc_user_id(s), "search", now - SEARCH_BURST_WINDOW,
				      &burst)) ||
	    (rc = db_audit_count_user(s->db, svc_user_id(s), "search", now - 86400, &day)))
		return rc;
	if (burst >= (max = limit_of(s, "search.burst", SEARCH_BURST)))
		return throttled(s, pq,
				 arena_printf(s->arena, "号码查询过于频繁（10分钟内最多%lld次），请稍后再试",
					      (long long)max),
				 arena_printf(s->arena,
					      "too many searches by number (at most %lld in 10 minutes): try again later",
					      (long long)max));
	if (day >= (max = limit_of(s, "search.daily", SEARCH_DAILY)))
		return throttled(s, pq,
				 arena_printf(s->arena, "24小时内号码查询已达%lld次上限，请联系指挥部",
					      (long long)max),
				 arena_printf(s->arena,
					      "%lld searches by number in 24 hours is the limit: ask the command post",
					      (long long)max));
	return 0;
}

int
svc_person_search_audit(struct svc *s, const struct person_query *pq, const char *what,
			int64_t matched)
{
	if (pq->q == NULL || pq->qkind == SEARCH_NAME)
		return 0;
	/* what kind of number and how many it found: never the number, nor a hash of it, which a
	 * reader of the log could test every phone against */
	return svc_audit(s, "search", "person", 0, pq->scope ? pq->scope : s->scope,
			 arena_printf(s->arena, "%s by %s: %lld matched", what,
				      search_kind_word(pq->qkind), (long long)matched));
}
