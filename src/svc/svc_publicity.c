/* svc_publicity.c: publicity actions and what they reach; their photos. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "role.h"
#include "svc_publicity.h"

static const char *const kinds[] = {"loudspeaker", "wechat_group", "banner", "poster",
				    "patrol_car",  "leaflet",      "call",   NULL};
/* the kinds that reach whole areas by default (a route, a banner at the village gate) */
static const char *const area_kinds[] = {"loudspeaker", "banner", "poster", "patrol_car", NULL};


bool
svc_publicity_kind_ok(const char *kind)
{
	return svc_one_of(kind, kinds);
}

/* The areas covered whole, as prefixes: each in the actor's area, none inside another. */
static int
covers_read(struct svc *s, const struct svc_publicity_in *in, const char **prefixes, int *ret_n)
{
	int i, j;

	for (i = 0; i < in->ncovers; i++) {
		struct area ca;

		if (in->covers[i] == NULL || db_area_get_by_code(s->db, s->arena, in->covers[i], &ca) != 0 ||
		    !svc_in_scope(s, ca.code) || ca.level < AREA_TOWN)
			return fault_setf(s->fault, ERR_INVALID, arena_printf(s->arena, "covers[%d]", i),
					  "覆盖的第 %d 个区域不存在或不在您的辖区内",
					  "covered area %d does not exist or is outside your area", i + 1);
		prefixes[i] = arena_strndup(s->arena, ca.code, (size_t)area_scope_len(ca.level));
		for (j = 0; j < i; j++)
			if (strncmp(prefixes[i], prefixes[j], strlen(prefixes[j])) == 0 ||
			    strncmp(prefixes[j], prefixes[i], strlen(prefixes[i])) == 0)
				return fault_setf(s->fault, ERR_INVALID, arena_printf(s->arena, "covers[%d]", i),
						  "覆盖的区域 %d 与区域 %d 重叠", "covered areas %d and %d overlap",
						  j + 1, i + 1);
	}
	*ret_n = in->ncovers > 0 ? in->ncovers : 0;
	return 0;
}

/* cover moves the counters of every area in the subtree of one covered area. */
static int
cover(struct svc *s, int64_t id, const char *prefix)
{
	struct area_own *own;
	int n, i, rc;

	if ((rc = db_publicity_cover_add(s->db, id, prefix)) ||
	    (rc = db_area_own(s->db, s->arena, prefix, &own, &n)))
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = db_publicity_count_add(s->db, own[i].code, 1, 0)))
			return rc;
	return 0;
}

/* The households listed, each in the actor's area; one reached for the first time counts. */
static int
reach(struct svc *s, const struct svc_publicity_in *in, int64_t id)
{
	int64_t listed = 0;
	int i, first, rc;

	for (i = 0; i < in->nhouseholds; i++) {
		struct household h;

		if (in->households[i] <= 0 ||
		    db_household_get(s->db, s->arena, in->households[i], &h) != 0 ||
		    !svc_in_scope(s, h.area_code))
			return fault_setf(s->fault, ERR_INVALID, arena_printf(s->arena, "household_ids[%d]", i),
					  "第 %d 户不存在或不在您的辖区内",
					  "household %d does not exist or is outside your area", i + 1);
		if ((rc = db_publicity_reach_add(s->db, id, h.id, h.area_code, &first)))
			return rc;
		listed++;
		if (first && (rc = db_publicity_count_add(s->db, h.area_code, 0, 1)))
			return rc;
	}
	return listed ? db_publicity_set_households(s->db, id, listed) : 0;
}

int
svc_publicity_record(struct svc *s, const struct svc_publicity_in *in, struct publicity *out)
{
	const char *prefixes[PUBLICITY_MAX_COVERS + 1];
	struct publicity p;
	struct area ar;
	char today[11];
	int rc, y, m, d, ncov = 0, i;

	memset(&p, 0, sizeof(p));
	clock_local_date(clock_now(), today);
	if (!svc_one_of(in->kind, kinds))
		return fault_set(s->fault, ERR_INVALID, "kind",
				 "kind 应为 loudspeaker（流动小喇叭）、wechat_group（微信群）、banner（横幅）、"
				 "poster（标语）、patrol_car（巡逻车）、leaflet（宣传单）或 call（电话）",
				 "kind must be loudspeaker, wechat_group, banner, poster, patrol_car, leaflet or call");
	if (clock_parse_date(in->happened_on, &y, &m, &d) || strcmp(in->happened_on, today) > 0)
		return fault_set(s->fault, ERR_INVALID, "happened_on", "日期应为不晚于今天的 YYYY-MM-DD",
				 "happened_on must be a YYYY-MM-DD no later than today");
	if (db_area_get_by_code(s->db, s->arena, in->area_code, &ar) != 0 || !svc_in_scope(s, ar.code))
		return fault_set(s->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if (in->ncovers < 0 || in->ncovers > PUBLICITY_MAX_COVERS)
		return fault_set(s->fault, ERR_INVALID, "covers", "covers 应为覆盖区域的列表（最多 100 个）",
				 "covers is a list of the areas covered (at most 100)");
	if (in->nhouseholds < 0 || in->nhouseholds > PUBLICITY_MAX_HOUSEHOLDS)
		return fault_set(s->fault, ERR_INVALID, "household_ids",
				 "household_ids 应为所覆盖户的列表（最多 5000 户）",
				 "household_ids is a list of the households reached (at most 5000)");
	if ((rc = covers_read(s, in, prefixes, &ncov)))
		return rc;
	if (ncov == 0 && in->nhouseholds == 0) {
		if (!svc_one_of(in->kind, area_kinds))
			return fault_set(s->fault, ERR_INVALID, "household_ids",
					 "微信群、宣传单和电话须列出覆盖的户（household_ids）",
					 "a WeChat group, leaflets or calls list the households reached (household_ids)");
		/* a loudspeaker route or a banner with no list covers the area it was recorded in */
		prefixes[ncov++] = arena_strndup(s->arena, ar.code, (size_t)area_scope_len(ar.level));
	}
	p.kind = (char *)in->kind;
	p.area_code = ar.code;
	p.title = (char *)in->title;
	p.happened_on = (char *)in->happened_on;
	p.quantity = in->quantity;
	p.route = (char *)in->route;
	p.note = (char *)in->note;
	p.user_id = svc_user_id(s);
	p.username = (char *)svc_username(s);
	if ((rc = db_publicity_insert(s->db, &p)))
		return rc;
	for (i = 0; i < ncov; i++)
		if ((rc = cover(s, p.id, prefixes[i])))
			return rc;
	if ((rc = reach(s, in, p.id)) ||
	    (rc = svc_audit(s, "create", "publicity", p.id, p.area_code,
			    arena_printf(s->arena, "%s: %s", p.kind, p.title))))
		return rc;
	return db_publicity_get(s->db, s->arena, p.id, out);
}

/* ---------- coverage ---------- */

static void
reach_add(struct publicity_reach *to, const struct publicity_reach *u)
{
	to->households += u->households;
	to->reached += u->reached;
	if (u->households && !u->whole)
		to->whole = false;
}

/* The village of an area, found or added to out's villages. */
static struct publicity_reach *
village_of(struct svc *s, struct svc_publicity_coverage *out, const char *code)
{
	char *vc = arena_strndup(s->arena, code, 12);
	struct publicity_reach *v;
	struct area ar;
	int k;

	for (k = 0; k < out->nvillages; k++)
		if (strcmp(out->villages[k].code, vc) == 0)
			return &out->villages[k];
	v = &out->villages[out->nvillages++];
	v->code = vc;
	v->name = db_area_get_by_code(s->db, s->arena, vc, &ar) == 0 ? ar.name : "";
	v->whole = true;
	return v;
}

int
svc_publicity_coverage(struct svc *s, const char *scope, struct svc_publicity_coverage *out)
{
	struct area_own *own;
	struct publicity_count *pc;
	int nown, npc, i, j, rc, top = 99;

	memset(out, 0, sizeof(*out));
	if ((rc = db_area_own(s->db, s->arena, scope, &own, &nown)) ||
	    (rc = db_publicity_counts(s->db, s->arena, scope, &pc, &npc)))
		return rc;
	out->total.code = scope;
	out->total.whole = true;
	out->villages = arena_alloc(s->arena, sizeof(*out->villages) * (size_t)(nown + 1));
	out->grids = arena_alloc(s->arena, sizeof(*out->grids) * (size_t)(nown + 1));
	/* both lists are by code: one walk */
	for (i = 0, j = 0; i < nown; i++) {
		struct publicity_reach u = {own[i].code, own[i].name, own[i].households, 0, false};

		if (own[i].level < top) {
			top = own[i].level;
			out->total.name = own[i].name;
		}
		while (j < npc && strcmp(pc[j].area_code, own[i].code) < 0)
			j++;
		if (j < npc && strcmp(pc[j].area_code, own[i].code) == 0) {
			u.whole = pc[j].cover_actions > 0;
			u.reached = u.whole ? u.households
				    : pc[j].households_listed < u.households ? pc[j].households_listed
									      : u.households;
		}
		reach_add(&out->total, &u);
		if (own[i].level == AREA_GRID)
			out->grids[out->ngrids++] = u;
		if (own[i].level >= AREA_VILLAGE && strlen(u.code) >= 12)
			reach_add(village_of(s, out, u.code), &u);
	}
	return 0;
}

/* ---------- photos ---------- */

static const struct {
	const char *type;
	const char *magic;
	size_t off, n;
} image_kinds[] = {
	{"image/jpeg", "\xFF\xD8\xFF", 0, 3},
	{"image/png", "\x89PNG\r\n\x1A\n", 0, 8},
	{"image/webp", "WEBP", 8, 4}, /* "RIFF", its length, "WEBP" */
};

/* image_type: the stored Content-Type of the bytes, from their magic bytes; NULL for none. */
static const char *
image_type(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(image_kinds) / sizeof(image_kinds[0]); i++)
		if (n >= image_kinds[i].off + image_kinds[i].n + 4 &&
		    memcmp(p + image_kinds[i].off, image_kinds[i].magic, image_kinds[i].n) == 0 &&
		    (image_kinds[i].off == 0 || memcmp(p, "RIFF", 4) == 0))
			return image_kinds[i].type;
	return NULL;
}

/*
 * The action, if the actor may change its photos: the router has checked sweep.write and that
 * the action lies in the actor's area; a grid worker changes only the actions they recorded, the
 * secretary and the command post any in their area.  Otherwise 403 naming the action.
 */
static int
editable(struct svc *s, int64_t id, struct publicity *p)
{
	int rc;

	if ((rc = db_publicity_get(s->db, s->arena, id, p)))
		return rc;
	if (s->user == NULL || s->user->area_level < AREA_GRID || p->user_id == s->user->id)
		return 0;
	return fault_set(s->fault, ERR_DENIED, "publicity_id",
			 "只有登记这次宣传的人或村（社区）、指挥部的工作人员可以修改它的照片",
			 "only whoever recorded this action, or village or command post staff, may change its photos");
}

int
svc_publicity_photo_add(struct svc *s, const struct svc_photo_in *in, struct publicity_photo *out)
{
	struct publicity p;
	const char *found;
	unsigned char h[crypto_hash_sha256_BYTES];
	char *hex;
	int rc;

	if ((rc = editable(s, in->publicity_id, &p)))
		return rc;
	if (in->declared == NULL)
		return fault_set(s->fault, ERR_INVALID, "Content-Type",
				 "照片须为 JPEG、PNG 或 WebP 图片（Content-Type: image/jpeg、image/png 或 image/webp）",
				 "a photo is a JPEG, PNG or WebP image (Content-Type: image/jpeg, image/png or image/webp)");
	if (in->bytes == NULL || in->size == 0)
		return fault_set(s->fault, ERR_INVALID, "photo", "照片是空的", "the photo is empty");
	if (in->size > in->max_size)
		return fault_setf(s->fault, ERR_TOOBIG, "photo", "照片不能超过 %zu MB，请压缩后再上传",
				  "a photo is at most %zu MB: make it smaller and upload it again",
				  in->max_size >> 20);
	found = image_type(in->bytes, in->size);
	if (found == NULL || strcmp(found, in->declared) != 0)
		return fault_setf(s->fault, ERR_INVALID, "photo", "照片的内容不是 Content-Type 所说的 %s 图片",
				  "the photo's bytes are not the %s image its Content-Type says", in->declared);
	crypto_hash_sha256(h, in->bytes, in->size);
	hex = arena_alloc(s->arena, 2 * sizeof(h) + 1);
	sodium_bin2hex(hex, 2 * sizeof(h) + 1, h, sizeof(h));
	memset(out, 0, sizeof(*out));
	out->publicity_id = p.id;
	out->content_type = (char *)found;
	out->size = (int64_t)in->size;
	out->sha256 = hex;
	out->taken_by = svc_user_id(s);
	out->created_at = clock_now();
	rc = db_publicity_photo_add(s->db, out, p.area_code, in->bytes, PUBLICITY_MAX_PHOTOS);
	if (rc == ERR_TOOBIG)
		return fault_setf(s->fault, ERR_INVALID, "photos", "每次宣传最多 %d 张照片，请先删掉一张",
				  "an action has at most %d photos: delete one first", PUBLICITY_MAX_PHOTOS);
	if (rc)
		return rc;
	return svc_audit(s, "create", "publicity_photo", out->id, p.area_code,
			 arena_printf(s->arena, "publicity %lld: %s, %lld bytes, sha256 %s",
				      (long long)p.id, found, (long long)out->size, hex));
}

int
svc_publicity_photo_delete(struct svc *s, int64_t publicity, int64_t id)
{
	struct publicity p;
	int rc;

	if ((rc = editable(s, publicity, &p)))
		return rc;
	if (id == 0)
		return ERR_NOTFOUND;
	if ((rc = db_publicity_photo_delete(s->db, p.id, id)))
		return rc;
	return svc_audit(s, "delete", "publicity_photo", id, p.area_code,
			 arena_printf(s->arena, "publicity %lld", (long long)p.id));
}
