/* sweep.h: what the sweep, publicity and gathering handlers share (api_sweep.c,
 * api_publicity.c, api_gathering.c, sweep_report.c, demo_sweep.c). */
#ifndef FANGYI_API_SWEEP_H
#define FANGYI_API_SWEEP_H

#include "api.h"
#include "db_sweep.h"
#include "svc_figures.h"
#include "svc_publicity.h"
#include "svc_sweep.h"

struct buf;

/* handlers */
int api_sweep_list(struct req *, struct resp *);
int api_sweep_create(struct req *, struct resp *);
int api_sweep_get(struct req *, struct resp *);
int api_sweep_update(struct req *, struct resp *);
int api_sweep_round(struct req *, struct resp *);
int api_sweep_coverage(struct req *, struct resp *);
int api_sweep_coverage_export(struct req *, struct resp *);
int api_sweep_pending(struct req *, struct resp *);
int api_sweep_visit_create(struct req *, struct resp *);
int api_sweep_visit_list(struct req *, struct resp *);
int api_publicity_list(struct req *, struct resp *);
int api_publicity_create(struct req *, struct resp *);
int api_publicity_coverage(struct req *, struct resp *);
int api_publicity_uncovered(struct req *, struct resp *);
int api_publicity_door_task(struct req *, struct resp *);
int api_publicity_photo_add(struct req *, struct resp *);
int api_publicity_photo_get(struct req *, struct resp *);
int api_publicity_photo_delete(struct req *, struct resp *);
int api_gathering_list(struct req *, struct resp *);
int api_gathering_create(struct req *, struct resp *);
int api_gathering_get(struct req *, struct resp *);
int api_gathering_outcome(struct req *, struct resp *);
int api_gathering_figures(struct req *, struct resp *);
int api_gathering_export(struct req *, struct resp *);

/* Photos of publicity actions (api_photo.c; at most PUBLICITY_MAX_PHOTOS each).
 * publicity_photo_json: PHOTO, owned by the caller.  publicity_photos_json: the PHOTO list of an
 * action that has count photos (no query when none). */
json_t *publicity_photo_json(int64_t publicity, const struct publicity_photo *p);
json_t *publicity_photos_json(struct req *r, int64_t publicity, int64_t count);

/* visit_json renders a visit (VISIT, docs/API.md) as the visit list gives it, owned by the
 * caller (api_visit.c; the change feed's visits too). */
json_t *visit_json(struct req *r, const struct sweep_visit *v);

/* sweep_load reads the campaign of params[0] if the user may see it, else a
 * 404 fault. */
int sweep_load(struct req *r, struct sweep_campaign *s);

/* sweep_coverage_json builds COVERAGE (docs/API.md) of campaign s inside the
 * area prefix `scope` for round `round` (rounds up to s->round), as it stands
 * (until 0) or as it stood when the local day starting at `until` began (the
 * changes recorded from then on taken off); NULL on a database error. */
json_t *sweep_coverage_json(struct req *r, const struct sweep_campaign *s, const char *scope,
			    int round, int64_t until);
/* sweep_coverage_row_json renders one area's row of a coverage (COVROW) for round `round`,
 * with its figures by round up to `rounds`; the caller owns it. */
json_t *sweep_coverage_row_json(const struct coverage_row *c, int round, int rounds);

/* gathering_figures_json renders GATHERING_FIGURES (svc_figures_gatherings); gathering_row_json
 * one area's row.  The caller owns them. */
json_t *gathering_figures_json(const struct gathering_figures *g);
json_t *gathering_row_json(const struct gathering_row *f);

/* sweep_report_json adds the daily report's "sweeps" and "gatherings" (svc_report.h) to rep. */
struct daily_report;
void sweep_report_json(const struct daily_report *d, json_t *rep);
/* sweep_report_html appends those sections to the printable report;
 * sweep_report_xlsx adds their sheet (排查与聚集) to the workbook. */
void sweep_report_html(struct buf *b, json_t *rep);
struct lxw_workbook;
struct lxw_format;
void sweep_report_xlsx(struct lxw_workbook *wb, struct lxw_format *head, json_t *rep);

/* demo_sweep adds to the demo town (inside its transaction) a campaign with
 * visits, publicity and the Spring Festival's gatherings.  a is the demo's arena. */
int demo_sweep(struct dbc *c, struct arena *a, unsigned seed, struct fault *f);

#endif
