/* api_change.c: the change feed a phone keeps its area with (GET /api/v1/changes), and the
 * versions (ETag, If-Match) that turn a stale offline edit into a conflict. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "command.h"
#include "db_monitor.h"
#include "monitor.h"
#include "svc_change.h"
#include "svc_monitor.h"
#include "sweep.h"

/* ---------- each kind rendered as its own GET renders it ---------- */

static int
render_person(struct req *r, int64_t id, json_t **ret)
{
	struct person p;
	int rc;

	if ((rc = db_person_get(r->db, r->arena, id, &p)))
		return rc;
	*ret = person_json(&p);
	return 0;
}

static int
render_key_person(struct req *r, int64_t id, json_t **ret)
{
	struct key_person k;
	char today[11];
	int rc;

	if ((rc = db_kp_get(r->db, r->arena, id, &k)))
		return rc;
	svc_monitor_today(today);
	*ret = kp_json(&k, today);
	return 0;
}

static int
render_visit(struct req *r, int64_t id, json_t **ret)
{
	struct sweep_visit v;
	int rc;

	if ((rc = db_sweep_visit_get(r->db, r->arena, id, &v)))
		return rc;
	*ret = visit_json(r, &v);
	return 0;
}

static const struct {
	const char *kind;
	int (*render)(struct req *r, int64_t id, json_t **ret);
} renders[] = {
	{"person", render_person},
	{"household", household_get_json},
	{"key_person", render_key_person},
	{"task", task_get_json},
	{"visit", render_visit},
};

/* One item of the feed: the record as its GET gives it, or {kind, id, seq, gone: true} when it
 * has left the area, is no more, or its GET would not show it to this user. */
static int
item_json(struct req *r, const struct change *c, json_t **ret)
{
	json_t *rec = NULL;
	size_t i;
	int rc = ERR_NOTFOUND;

	if (!c->gone)
		for (i = 0; i < sizeof(renders) / sizeof(renders[0]); i++)
			if (strcmp(renders[i].kind, c->kind) == 0) {
				rc = renders[i].render(r, c->id, &rec);
				break;
			}
	if (rc == ERR_NOTFOUND || rc == ERR_DENIED) {
		*ret = json_pack("{s:s, s:I, s:I, s:b}", "kind", c->kind, "id", (json_int_t)c->id,
				 "seq", (json_int_t)c->seq, "gone", 1);
		return 0;
	}
	if (rc)
		return rc;
	*ret = json_pack("{s:s, s:I, s:I, s:o}", "kind", c->kind, "id", (json_int_t)c->id, "seq",
			 (json_int_t)c->seq, "record", rec);
	return 0;
}

/* A query parameter as a whole number, or the fault naming it. */
static int
query_number(struct req *r, const char *key, int64_t *ret)
{
	const char *v = req_query(r, key);
	char *end;
	long long n;

	*ret = 0;
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end != '\0' || end == v)
		return fault_setf(&r->fault, ERR_INVALID, key, "%s 应为整数", "%s must be a whole number",
				  key);
	*ret = n;
	return 0;
}

int
api_change_list(struct req *r, struct resp *rs)
{
	struct change_page_in in = {0};
	struct change_page out;
	struct svc s;
	int64_t limit;
	json_t *items;
	int i, rc;

	if ((rc = query_number(r, "after", &in.after)) || (rc = query_number(r, "limit", &limit)))
		return rc;
	if (req_query(r, "limit") != NULL && (limit < 1 || limit > CHANGE_PAGE_MAX))
		return fault_setf(&r->fault, ERR_INVALID, "limit", "limit 应在 1 到 %d 之间",
				  "limit must be between 1 and %d", CHANGE_PAGE_MAX);
	in.limit = (int)limit;
	if ((rc = svc_change_page(api_svc(r, &s), &in, &out)))
		return rc;
	items = json_array();
	for (i = 0; i < out.n; i++) {
		json_t *j;

		if ((rc = item_json(r, &out.items[i], &j))) {
			json_decref(items);
			return rc;
		}
		json_array_append_new(items, j);
	}
	return resp_json(rs, 200,
			 json_pack("{s:o, s:I, s:b}", "items", items, "next_after",
				   (json_int_t)out.next_after, "more", out.more));
}

/* ---------- versions of registry records ---------- */

int
api_if_match(struct req *r, int64_t *ret)
{
	const char *v = r->if_match, *p;
	char *end;
	long long n;

	*ret = 0;
	if (v == NULL || strcmp(v, "*") == 0)
		return 0;
	p = strncmp(v, "W/", 2) == 0 ? v + 2 : v;
	if (*p == '"')
		p++;
	errno = 0;
	n = strtoll(p, &end, 10);
	if (errno || end == p || n <= 0 || (*end != '"' && *end != '\0') ||
	    (*end == '"' && end[1] != '\0'))
		return fault_set(&r->fault, ERR_INVALID, "If-Match",
				 "If-Match 应为该记录的 ETag（如 \"123\"），来自记录或同步结果",
				 "If-Match must be the record's ETag (such as \"123\") from its GET or the "
				 "change feed");
	*ret = n;
	return 0;
}

void
api_etag(struct req *r, struct resp *rs, const char *kind, int64_t id)
{
	struct svc s;
	int64_t v = svc_change_version(api_svc(r, &s), kind, id);

	if (v > 0)
		rs->etag = arena_printf(r->arena, "\"%lld\"", (long long)v);
}

int
api_stale(struct req *r, struct resp *rs, int rc, const char *kind, int64_t id)
{
	json_t *cur = NULL;

	if (rc != ERR_CONFLICT || strcmp(r->fault.field, "If-Match") != 0)
		return rc;
	/* nothing of the edit stays; the record is read as it stands for the worker to compare */
	dbc_rollback(r->db);
	if (strcmp(kind, "household") == 0)
		rc = household_get_json(r, id, &cur);
	else
		rc = render_person(r, id, &cur);
	if (rc)
		return rc;
	resp_error(rs, ERR_CONFLICT, &r->fault);
	json_object_set_new(rs->json, "current", cur);
	api_etag(r, rs, kind, id);
	return 0;
}
