/*
 * svc_publicity.h: publicity actions (宣传): a loudspeaker route, a WeChat group, a banner,
 * leaflets, calls; the areas they cover whole and the households they reach, counted as they are
 * recorded; and their photos (stored in the database, at most PUBLICITY_MAX_PHOTOS each).
 */
#ifndef FANGYI_SVC_PUBLICITY_H
#define FANGYI_SVC_PUBLICITY_H

#include <stdbool.h>
#include <stdint.h>

#include "db_sweep.h"
#include "svc.h"

#define PUBLICITY_MAX_HOUSEHOLDS 5000
#define PUBLICITY_MAX_COVERS 100
/* Photos of publicity actions: at most this many per action. */
#define PUBLICITY_MAX_PHOTOS 6

struct svc_publicity_in {
	const char *kind;        /* loudspeaker, wechat_group, banner, poster, patrol_car, leaflet, call */
	const char *area_code;   /* where it was recorded, in the actor's area */
	const char *title, *happened_on, *route, *note;
	int64_t quantity;
	const char **covers;     /* areas covered whole; NULL entries: not text */
	int ncovers;             /* -1: covers is not a list */
	const int64_t *households; /* households reached; 0 entries: not a whole number */
	int nhouseholds;         /* -1: household_ids is not a list */
};
/* svc_publicity_kind_ok: kind is one of the channels. */
bool svc_publicity_kind_ok(const char *kind);
/*
 * svc_publicity_record records an action with the areas it covers (a loudspeaker or a banner
 * with neither list covers the area it was recorded in; a WeChat group, leaflets and calls list
 * households) and moves the coverage counters.  *out is the action as stored.
 */
int svc_publicity_record(struct svc *s, const struct svc_publicity_in *in, struct publicity *out);

/* How far publicity reaches in an area: its households, those reached (every one when a channel
 * covers the area whole, else those listed), and whether every area with households in it is
 * covered whole. */
struct publicity_reach {
	const char *code, *name;
	int64_t households, reached;
	bool whole;
};
struct svc_publicity_coverage {
	struct publicity_reach total;     /* the area asked for */
	struct publicity_reach *villages, *grids;
	int nvillages, ngrids;
};
/* svc_publicity_coverage gives the reach of publicity in the area prefix scope, its villages and
 * its grids, from the counters kept as actions are recorded.  In s->arena. */
int svc_publicity_coverage(struct svc *s, const char *scope, struct svc_publicity_coverage *out);

struct svc_photo_in {
	int64_t publicity_id;
	const char *declared;    /* the image type the upload says it is; NULL: not an image type */
	const void *bytes;
	size_t size, max_size;   /* max_size: the largest photo taken, in bytes */
};
/*
 * svc_publicity_photo_add stores a photo of an action whose type, read from its magic bytes, is
 * the one declared.  Only whoever recorded the action, or village and command post staff, may
 * change its photos (ERR_DENIED on publicity_id).  *out is the photo without its bytes.
 */
int svc_publicity_photo_add(struct svc *s, const struct svc_photo_in *in,
			    struct publicity_photo *out);
/* svc_publicity_photo_delete removes photo id of action publicity (ERR_NOTFOUND when none). */
int svc_publicity_photo_delete(struct svc *s, int64_t publicity, int64_t id);

#endif
