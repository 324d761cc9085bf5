/* api_photo.c: photos of publicity actions (a banner at the village gate, a poster on the notice
 * board): uploaded raw from a phone, checked by their magic bytes, stored in the database, served
 * back only to those who may see the action. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "clock.h"
#include "role.h"
#include "sweep.h"

/* A photo is a record: it never changes once stored, so a browser may keep it a day. */
#define PHOTO_CACHE "private, max-age=86400, immutable"

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

/* declared_type: the image type the Content-Type header names (parameters ignored), or NULL. */
static const char *
declared_type(const char *ctype)
{
	size_t i, n;

	if (ctype == NULL)
		return NULL;
	n = strcspn(ctype, "; ");
	for (i = 0; i < sizeof(image_kinds) / sizeof(image_kinds[0]); i++)
		if (strlen(image_kinds[i].type) == n && strncasecmp(ctype, image_kinds[i].type, n) == 0)
			return image_kinds[i].type;
	return NULL;
}

json_t *
publicity_photo_json(int64_t publicity, const struct publicity_photo *p)
{
	char url[96];

	snprintf(url, sizeof(url), "/api/v1/publicity/%lld/photos/%lld", (long long)publicity,
		 (long long)p->id);
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:I}", "id", (json_int_t)p->id, "content_type",
			 p->content_type, "size", (json_int_t)p->size, "sha256", p->sha256, "url", url,
			 "created_at", (json_int_t)p->created_at);
}

json_t *
publicity_photos_json(struct req *r, int64_t publicity, int64_t count)
{
	struct publicity_photo *v;
	json_t *a = json_array();
	int n = 0, i;

	if (count > 0 && db_publicity_photos(r->db, r->arena, publicity, &v, &n) == 0)
		for (i = 0; i < n; i++)
			json_array_append_new(a, publicity_photo_json(publicity, &v[i]));
	return a;
}

/*
 * May the user change this action's photos?  The router has checked sweep.write and that the
 * action lies in the user's area; a grid worker changes only the actions they recorded, the
 * secretary and the command post any in their area.  Otherwise 403 naming the action.
 */
static int
may_edit(struct req *r, const struct publicity *p)
{
	if (r->user->area_level < AREA_GRID || p->user_id == r->user->id)
		return 0;
	return fault_set(&r->fault, ERR_DENIED, "publicity_id",
			 "只有登记这次宣传的人或村（社区）、指挥部的工作人员可以修改它的照片",
			 "only whoever recorded this action, or village or command post staff, may change its photos");
}

int
api_publicity_photo_add(struct req *r, struct resp *rs)
{
	struct publicity p;
	struct publicity_photo ph;
	const char *declared, *found;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	int rc;

	if ((rc = db_publicity_get(r->db, r->arena, req_param_id(r, 0), &p)) || (rc = may_edit(r, &p)))
		return rc;
	if ((declared = declared_type(r->content_type)) == NULL)
		return fault_set(&r->fault, ERR_INVALID, "Content-Type",
				 "照片须为 JPEG、PNG 或 WebP 图片（Content-Type: image/jpeg、image/png 或 image/webp）",
				 "a photo is a JPEG, PNG or WebP image (Content-Type: image/jpeg, image/png or image/webp)");
	if (r->body == NULL || r->bodylen == 0)
		return fault_set(&r->fault, ERR_INVALID, "photo", "照片是空的", "the photo is empty");
	if (r->bodylen > HTTP_MAX_PHOTO)
		return fault_setf(&r->fault, ERR_TOOBIG, "photo", "照片不能超过 %u MB，请压缩后再上传",
				  "a photo is at most %u MB: make it smaller and upload it again",
				  HTTP_MAX_PHOTO >> 20);
	found = image_type((const unsigned char *)r->body, r->bodylen);
	if (found == NULL || strcmp(found, declared) != 0)
		return fault_setf(&r->fault, ERR_INVALID, "photo", "照片的内容不是 Content-Type 所说的 %s 图片",
				  "the photo's bytes are not the %s image its Content-Type says", declared);
	crypto_hash_sha256(h, (const unsigned char *)r->body, r->bodylen);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	memset(&ph, 0, sizeof(ph));
	ph.publicity_id = p.id;
	ph.content_type = (char *)found;
	ph.size = (int64_t)r->bodylen;
	ph.sha256 = hex;
	ph.taken_by = r->user->id;
	ph.created_at = clock_now();
	if ((rc = dbc_begin(r->db)))
		return rc;
	rc = db_publicity_photo_add(r->db, &ph, p.area_code, r->body, PUBLICITY_MAX_PHOTOS);
	if (rc == ERR_TOOBIG)
		return fault_setf(&r->fault, ERR_INVALID, "photos", "每次宣传最多 %d 张照片，请先删掉一张",
				  "an action has at most %d photos: delete one first", PUBLICITY_MAX_PHOTOS);
	if (rc || (rc = api_audit(r, "create", "publicity_photo", ph.id, p.area_code,
				  arena_printf(r->arena, "publicity %lld: %s, %lld bytes, sha256 %s",
					       (long long)p.id, found, (long long)ph.size, hex))))
		return rc;
	return api_commit_json(r, rs, 201, publicity_photo_json(p.id, &ph));
}

int
api_publicity_photo_get(struct req *r, struct resp *rs)
{
	struct publicity_photo ph;
	int64_t id = req_param_id(r, 1);
	int rc;

	if (id == 0)
		return ERR_NOTFOUND;
	if ((rc = db_publicity_photo_get(r->db, r->arena, req_param_id(r, 0), id, &ph)))
		return rc;
	rs->status = 200;
	rs->body = ph.bytes;
	rs->bodylen = (size_t)ph.size;
	rs->ctype = ph.content_type;
	rs->cache = PHOTO_CACHE;
	return 0;
}

int
api_publicity_photo_delete(struct req *r, struct resp *rs)
{
	struct publicity p;
	int64_t id = req_param_id(r, 1);
	int rc;

	if ((rc = db_publicity_get(r->db, r->arena, req_param_id(r, 0), &p)) || (rc = may_edit(r, &p)))
		return rc;
	if (id == 0)
		return ERR_NOTFOUND;
	if ((rc = dbc_begin(r->db)) || (rc = db_publicity_photo_delete(r->db, p.id, id)) ||
	    (rc = api_audit(r, "delete", "publicity_photo", id, p.area_code,
			    arena_printf(r->arena, "publicity %lld", (long long)p.id))))
		return rc;
	return api_commit_json(r, rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}
