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

/* declared_type: the image type the Content-Type header names (parameters ignored), or NULL. */
static const char *
declared_type(const char *ctype)
{
	size_t i, n;

	static const char *const types[] = {"image/jpeg", "image/png", "image/webp"};

	if (ctype == NULL)
		return NULL;
	n = strcspn(ctype, "; ");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i]) == n && strncasecmp(ctype, types[i], n) == 0)
			return types[i];
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

int
api_publicity_photo_add(struct req *r, struct resp *rs)
{
	struct svc_photo_in in = {0};
	struct publicity_photo ph;
	struct svc s;
	int rc;

	in.publicity_id = req_param_id(r, 0);
	in.declared = declared_type(r->content_type);
	in.bytes = r->body;
	in.size = r->body ? r->bodylen : 0;
	in.max_size = HTTP_MAX_PHOTO;
	if ((rc = dbc_begin(r->db)) || (rc = svc_publicity_photo_add(api_svc(r, &s), &in, &ph)))
		return rc;
	return api_commit_json(r, rs, 201, publicity_photo_json(ph.publicity_id, &ph));
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
	int64_t id = req_param_id(r, 1);
	struct svc s;
	int rc;

	if ((rc = dbc_begin(r->db)) ||
	    (rc = svc_publicity_photo_delete(api_svc(r, &s), req_param_id(r, 0), id)))
		return rc;
	return api_commit_json(r, rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}
