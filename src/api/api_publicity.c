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

#define PUBLICITY_MAX_HOUSEHOLDS 5000
#define PUBLICITY_MAX_COVERS 100

static const char *const kinds[] = {"loudspeaker", "wechat_group", "banner", "poster",
				    "patrol_car",  "leaflet",      "call",   NULL};
/* the kinds that reach whole areas by default (a route, a banner at the village gate) */
static const char *const area_kinds[] = {"loudspeaker", "banner", "poster", "patrol_car", NULL};

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
	if (kind && *kind && !api_one_of(kind, kinds))
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

/* cover moves the counters of every area in the subtree of one covered area. */
static int
cover(struct req *r, int64_t id, const char *prefix)
{
	struct area_own *own;
	int n, i, rc;

	if ((rc = db_publicity_cover_add(r->db, id, prefix)) ||
	    (rc = db_area_own(r->db, r->arena, prefix, &own, &n)))
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = db_publicity_count_add(r->db, own[i].code, 1, 0)))
			return rc;
	return 0;
}

int
api_publicity_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "area_code", "title", "happened_on", "quantity",
					     "route", "note", "covers", "household_ids", NULL};
	struct publicity p;
	struct area ar;
	json_t *covers = json_object_get(r->json, "covers"), *hids = json_object_get(r->json, "household_ids"), *c;
	const char *area, *date, *prefixes[PUBLICITY_MAX_COVERS];
	int64_t listed = 0;
	int rc, y, m, d, first;
	size_t i, j, ncov = 0;
	char today[11];

	memset(&p, 0, sizeof(p));
	clock_local_date(clock_now(), today);
	if ((rc = api_only(r, fields)) || (rc = api_str(r, "kind", 20, true, (const char **)&p.kind)) ||
	    (rc = api_str(r, "area_code", 20, true, &area)) ||
	    (rc = api_str(r, "title", 100, true, (const char **)&p.title)) ||
	    (rc = api_str(r, "happened_on", 10, true, &date)) ||
	    (rc = api_int(r, "quantity", false, 0, 10000000, &p.quantity)) ||
	    (rc = api_str(r, "route", 300, false, (const char **)&p.route)) ||
	    (rc = api_text(r, "note", 500, false, (const char **)&p.note)))
		return rc;
	if (!api_one_of(p.kind, kinds))
		return fault_set(&r->fault, ERR_INVALID, "kind",
				 "kind 应为 loudspeaker（流动小喇叭）、wechat_group（微信群）、banner（横幅）、"
				 "poster（标语）、patrol_car（巡逻车）、leaflet（宣传单）或 call（电话）",
				 "kind must be loudspeaker, wechat_group, banner, poster, patrol_car, leaflet or call");
	if (clock_parse_date(date, &y, &m, &d) || strcmp(date, today) > 0)
		return fault_set(&r->fault, ERR_INVALID, "happened_on", "日期应为不晚于今天的 YYYY-MM-DD",
				 "happened_on must be a YYYY-MM-DD no later than today");
	p.happened_on = (char *)date;
	if (db_area_get_by_code(r->db, r->arena, area, &ar) != 0 || !api_in_scope(r, ar.code))
		return fault_set(&r->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	p.area_code = ar.code;
	if (covers && !json_is_null(covers) &&
	    (!json_is_array(covers) || json_array_size(covers) > PUBLICITY_MAX_COVERS))
		return fault_set(&r->fault, ERR_INVALID, "covers", "covers 应为覆盖区域的列表（最多 100 个）",
				 "covers is a list of the areas covered (at most 100)");
	if (hids && !json_is_null(hids) &&
	    (!json_is_array(hids) || json_array_size(hids) > PUBLICITY_MAX_HOUSEHOLDS))
		return fault_set(&r->fault, ERR_INVALID, "household_ids",
				 "household_ids 应为所覆盖户的列表（最多 5000 户）",
				 "household_ids is a list of the households reached (at most 5000)");
	json_array_foreach(covers, i, c) {
		struct area ca;
		const char *code = json_is_string(c) ? text_squeeze(r->arena, json_string_value(c)) : NULL;

		if (code == NULL || db_area_get_by_code(r->db, r->arena, code, &ca) != 0 ||
		    !api_in_scope(r, ca.code) || ca.level < AREA_TOWN)
			return fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "covers[%zu]", i),
					  "覆盖的第 %zu 个区域不存在或不在您的辖区内",
					  "covered area %zu does not exist or is outside your area", i + 1);
		prefixes[ncov] = arena_strndup(r->arena, ca.code, (size_t)area_scope_len(ca.level));
		for (j = 0; j < ncov; j++)
			if (strncmp(prefixes[ncov], prefixes[j], strlen(prefixes[j])) == 0 ||
			    strncmp(prefixes[j], prefixes[ncov], strlen(prefixes[ncov])) == 0)
				return fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "covers[%zu]", i),
						  "覆盖的区域 %zu 与区域 %zu 重叠", "covered areas %zu and %zu overlap",
						  j + 1, i + 1);
		ncov++;
	}
	if (ncov == 0 && json_array_size(hids) == 0) {
		if (!api_one_of(p.kind, area_kinds))
			return fault_set(&r->fault, ERR_INVALID, "household_ids",
					 "微信群、宣传单和电话须列出覆盖的户（household_ids）",
					 "a WeChat group, leaflets or calls list the households reached (household_ids)");
		/* a loudspeaker route or a banner with no list covers the area it was recorded in */
		prefixes[ncov++] = arena_strndup(r->arena, ar.code, (size_t)area_scope_len(ar.level));
	}
	p.user_id = r->user->id;
	p.username = r->user->username;
	if ((rc = dbc_begin(r->db)) || (rc = db_publicity_insert(r->db, &p)))
		return rc;
	for (i = 0; i < ncov; i++)
		if ((rc = cover(r, p.id, prefixes[i])))
			return rc;
	json_array_foreach(hids, i, c) {
		struct household h;

		if (!json_is_integer(c) || db_household_get(r->db, r->arena, json_integer_value(c), &h) != 0 ||
		    !api_in_scope(r, h.area_code))
			return fault_setf(&r->fault, ERR_INVALID, arena_printf(r->arena, "household_ids[%zu]", i),
					  "第 %zu 户不存在或不在您的辖区内",
					  "household %zu does not exist or is outside your area", i + 1);
		if ((rc = db_publicity_reach_add(r->db, p.id, h.id, h.area_code, &first)))
			return rc;
		listed++;
		if (first && (rc = db_publicity_count_add(r->db, h.area_code, 0, 1)))
			return rc;
	}
	if ((listed && (rc = db_publicity_set_households(r->db, p.id, listed))) ||
	    (rc = api_audit(r, "create", "publicity", p.id, p.area_code,
			    arena_printf(r->arena, "%s: %s", p.kind, p.title))) ||
	    (rc = db_publicity_get(r->db, r->arena, p.id, &p)))
		return rc;
	return api_commit_json(r, rs, 201, publicity_json(r, &p));
}

struct pcov {
	const char *code, *name;
	int64_t households, reached;
	bool whole;
};

static json_t *
pcov_row(const struct pcov *c)
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
	struct area_own *own;
	struct publicity_count *pc;
	struct pcov *vil, total;
	const char *scope = api_narrow(r, req_query(r, "area"));
	int nown, npc, nv = 0, i, j, k, rc, top = 99;
	json_t *grids, *villages;

	if (scope == NULL)
		return fault_set(&r->fault, ERR_INVALID, "area", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((rc = db_area_own(r->db, r->arena, scope, &own, &nown)) ||
	    (rc = db_publicity_counts(r->db, r->arena, scope, &pc, &npc)))
		return rc;
	memset(&total, 0, sizeof(total));
	total.code = scope;
	total.whole = true;
	vil = arena_alloc(r->arena, sizeof(*vil) * (size_t)(nown + 1));
	grids = json_array();
	for (i = 0, j = 0; i < nown; i++) {
		struct pcov u = {own[i].code, own[i].name, own[i].households, 0, false};

		if (own[i].level < top) {
			top = own[i].level;
			total.name = own[i].name;
		}
		while (j < npc && strcmp(pc[j].area_code, own[i].code) < 0)
			j++;
		if (j < npc && strcmp(pc[j].area_code, own[i].code) == 0) {
			u.whole = pc[j].cover_actions > 0;
			u.reached = u.whole ? u.households
				    : pc[j].households_listed < u.households ? pc[j].households_listed
									      : u.households;
		}
		total.households += u.households;
		total.reached += u.reached;
		if (u.households && !u.whole)
			total.whole = false;
		if (own[i].level == AREA_GRID)
			json_array_append_new(grids, pcov_row(&u));
		if (own[i].level >= AREA_VILLAGE && strlen(u.code) >= 12) {
			char *vc = arena_strndup(r->arena, u.code, 12);

			for (k = 0; k < nv && strcmp(vil[k].code, vc) != 0; k++)
				;
			if (k == nv) {
				struct area ar;

				vil[nv].code = vc;
				vil[nv].name = db_area_get_by_code(r->db, r->arena, vc, &ar) == 0 ? ar.name : "";
				vil[nv].whole = true;
				nv++;
			}
			vil[k].households += u.households;
			vil[k].reached += u.reached;
			if (u.households && !u.whole)
				vil[k].whole = false;
		}
	}
	villages = json_array();
	for (k = 0; k < nv; k++)
		json_array_append_new(villages, pcov_row(&vil[k]));
	return resp_json(rs, 200, json_pack("{s:o, s:o, s:o}", "town", pcov_row(&total), "villages",
					     villages, "grids", grids));
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
