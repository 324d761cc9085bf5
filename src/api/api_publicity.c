/* api_publicity.c: publicity (宣传): loudspeakers, WeChat groups, banners, patrol cars, leaflets and
 * calls; the households they reach, and those no channel reaches yet (each can get a door visit). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "command.h"
#include "db_monitor.h"
#include "role.h"
#include "sweep.h"
#include "text.h"

static json_t *
publicity_json(struct req *r, const struct publicity *p)
{
	char **codes;
	int n = 0, i;
	json_t *covers = json_array();

	if (db_publicity_covers(r->db, r->arena, p->id, &codes, &n) == 0)
		for (i = 0; i < n; i++) {
			struct area ar;

			json_array_append_new(covers,
					      json_pack("{s:s, s:s}", "code", codes[i], "name",
							db_area_get_by_code(r->db, r->arena, codes[i], &ar) == 0
								? ar.name
								: ""));
		}
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:o, s:I, s:o, s:I, s:o}", "id",
			 (json_int_t)p->id, "kind", p->kind, "area_code", p->area_code, "area_name",
			 p->area_name, "title", p->title, "happened_on", p->happened_on, "quantity",
			 (json_int_t)p->quantity, "route", p->route ? p->route : "", "note",
			 p->note ? p->note : "", "covers", covers, "households", (json_int_t)p->households,
			 "recorded_by",
			 p->user_id ? json_pack("{s:I, s:s}", "id", (json_int_t)p->user_id, "name",
						p->username ? p->username : "")
				    : json_null(),
			 "created_at", (json_int_t)p->created_at, "photos",
			 publicity_photos_json(r, p->id, p->photos));
}

int
api_publicity_list(struct req *r, struct resp *rs)
{
	struct publicity *v;
	const char *scope, *kind = req_query(r, "kind");
	int limit, offset, n, i, rc;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (kind && *kind && !svc_publicity_kind_ok(kind))
		return fault_set(&r->fault, ERR_INVALID, "kind", "没有这种宣传方式", "no such kind of publicity");
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = db_publicity_list(r->db, r->arena, scope, kind && *kind ? kind : NULL, limit, offset,
				    &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, publicity_json(r, &v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

/* The strings of a list (NULL entries for what is not text), -1 when v is given and not a list;
 * a list longer than max is counted, not read, for the operation to refuse. */
static int
covers_read(struct req *r, json_t *v, const char ***ret)
{
	const char **out;
	json_t *c;
	size_t i;

	*ret = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return -1;
	if (json_array_size(v) > PUBLICITY_MAX_COVERS)
		return (int)json_array_size(v);
	out = arena_alloc(r->arena, sizeof(*out) * (json_array_size(v) + 1));
	json_array_foreach(v, i, c)
		out[i] = json_is_string(c) ? text_squeeze(r->arena, json_string_value(c)) : NULL;
	*ret = out;
	return (int)json_array_size(v);
}

/* The household ids of a list (0 for what is not a whole number); counts as covers_read. */
static int
households_read(struct req *r, json_t *v, const int64_t **ret)
{
	int64_t *out;
	json_t *c;
	size_t i;

	*ret = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return -1;
	if (json_array_size(v) > PUBLICITY_MAX_HOUSEHOLDS)
		return (int)json_array_size(v);
	out = arena_alloc(r->arena, sizeof(*out) * (json_array_size(v) + 1));
	json_array_foreach(v, i, c)
		out[i] = json_is_integer(c) ? json_integer_value(c) : 0;
	*ret = out;
	return (int)json_array_size(v);
}

int
api_publicity_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "area_code", "title", "happened_on", "quantity",
					     "route", "note", "covers", "household_ids", NULL};
	struct svc_publicity_in in;
	struct publicity p;
	struct svc s;
	int rc;

	memset(&in, 0, sizeof(in));
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "kind", 20, true, &in.kind)) ||
	    (rc = api_str(r, "area_code", 20, true, &in.area_code)) ||
	    (rc = api_str(r, "title", 100, true, &in.title)) ||
	    (rc = api_str(r, "happened_on", 10, true, &in.happened_on)) ||
	    (rc = api_int(r, "quantity", false, 0, 10000000, &in.quantity)) ||
	    (rc = api_str(r, "route", 300, false, &in.route)) ||
	    (rc = api_text(r, "note", 500, false, &in.note)))
		return rc;
	in.ncovers = covers_read(r, json_object_get(r->json, "covers"), &in.covers);
	in.nhouseholds = households_read(r, json_object_get(r->json, "household_ids"), &in.households);
	if ((rc = dbc_begin(r->db)) || (rc = svc_publicity_record(api_svc(r, &s), &in, &p)))
		return rc;
	return api_commit_json(r, rs, 201, publicity_json(r, &p));
}

static json_t *
pcov_row(const struct publicity_reach *c)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:f, s:b}", "code", c->code, "name",
			 c->name ? c->name : "", "households", (json_int_t)c->households,
			 "households_reached", (json_int_t)c->reached, "uncovered",
			 (json_int_t)(c->households - c->reached), "rate",
			 c->households ? (double)c->reached / (double)c->households : 0.0,
			 "covered_whole", c->whole);
}

int
api_publicity_coverage(struct req *r, struct resp *rs)
{
	struct svc_publicity_coverage cov;
	const char *scope = api_narrow(r, req_query(r, "area"));
	struct svc s;
	json_t *grids, *villages;
	int i, rc;

	if (scope == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((rc = svc_publicity_coverage(api_svc(r, &s), scope, &cov)))
		return rc;
	grids = json_array();
	for (i = 0; i < cov.ngrids; i++)
		json_array_append_new(grids, pcov_row(&cov.grids[i]));
	villages = json_array();
	for (i = 0; i < cov.nvillages; i++)
		json_array_append_new(villages, pcov_row(&cov.villages[i]));
	return resp_json(rs, 200, json_pack("{s:o, s:o, s:o}", "town", pcov_row(&cov.total),
					     "villages", villages, "grids", grids));
}

/* Living alone and 65 or older on the head's birth date: who most often has no WeChat. */
static bool
alone_elderly(const struct sweep_pending *h, const char *today)
{
	char cutoff[32];

	if (h->members != 1 || h->head_birth == NULL || strlen(h->head_birth) != 10)
		return false;
	snprintf(cutoff, sizeof(cutoff), "%04d%s", atoi(today) - 65, today + 4);
	return strcmp(h->head_birth, cutoff) <= 0;
}

int
api_publicity_uncovered(struct req *r, struct resp *rs)
{
	struct sweep_pending *v;
	const char *scope;
	int limit, offset, n, i, rc;
	int64_t total;
	char today[11];
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if ((scope = api_narrow(r, req_query(r, "area"))) == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = db_publicity_uncovered(r->db, r->arena, scope, limit, offset, &v, &n, &total)))
		return rc;
	clock_local_date(clock_now(), today);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:b}", "household_id",
						       (json_int_t)v[i].household_id, "address", v[i].address,
						       "area_code", v[i].area_code, "area_name", v[i].area_name,
						       "head_name", v[i].head_name, "members",
						       (json_int_t)v[i].members, "alone_elderly",
						       alone_elderly(&v[i], today)));
	return resp_json(rs, 200, api_list(items, total));
}

int
api_publicity_door_task(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"household_id", "owner_id", "deadline", NULL};
	struct svc_task_in in = {0};
	struct household h;
	struct svc s;
	struct task t;
	int64_t hid = 0, owner = 0, deadline = 0;
	char village[13];
	bool reached;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_int(r, "household_id", true, 1, INT64_MAX, &hid)) ||
	    (rc = api_int(r, "owner_id", false, 1, INT64_MAX, &owner)) ||
	    (rc = api_int(r, "deadline", false, 1, INT64_MAX, &deadline)) || (rc = dbc_begin(r->db)))
		return rc;
	if (db_household_get(r->db, r->arena, hid, &h) != 0 || !api_in_scope(r, h.area_code))
		return fault_set(&r->fault, ERR_INVALID, "household_id", "该户不存在或不在您的辖区内",
				 "no such household in your area");
	/* only a household that no channel reaches yet needs a door visit for publicity */
	if ((rc = db_publicity_reaches(r->db, r->arena, h.id, h.area_code, &reached)))
		return rc;
	if (reached)
		return fault_set(&r->fault, ERR_CONFLICT, "household_id", "该户已有宣传渠道覆盖",
				 "a channel reaches that household already");
	snprintf(village, sizeof(village), "%.12s", h.area_code);
	if (owner == 0 && db_user_find_staff(r->db, "grid", h.area_code, &owner) != 0 &&
	    db_user_find_staff(r->db, "secretary", village, &owner) != 0)
		owner = r->user->id;
	in.title = arena_printf(r->arena, "上门宣传：%s", h.address);
	in.description = "该户还没有任何宣传渠道覆盖（不在微信群、喇叭和横幅之外），请上门讲解防控知识并留下宣传单。";
	in.area_code = h.area_code;
	in.person_id = h.head_id;
	in.owner_id = owner;
	in.deadline = deadline ? deadline : clock_now() + 2 * 86400;
	in.priority = "normal";
	in.source = "sweep";
	if ((rc = svc_task_create(api_svc(r, &s), &in, &t)))
		return rc;
	return api_commit_json(r, rs, 201, task_json(&t, clock_now()));
}
