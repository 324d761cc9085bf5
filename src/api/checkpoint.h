/* checkpoint.h: what the duty-roster and checkpoint handlers share (api_duty.c,
 * api_screening.c, demo_checkpoint.c), and the hooks the report and the demo call. */
#ifndef FANGYI_API_CHECKPOINT_H
#define FANGYI_API_CHECKPOINT_H

#include "api.h"
#include "db_duty.h"
#include "svc_duty.h"
#include "svc_screening.h"

/* duty_post_scoped reads post id into ret when it lies in the user's area; ERR_NOTFOUND
 * (with a fault naming field) otherwise, so a post outside it is as if it did not exist: the
 * request's svc_duty_post.  Roster operations, leave and the helpers duty_day_start, duty_hhmm,
 * duty_user_on_shift and roster_fill are in svc_duty.h. */
int duty_post_scoped(struct req *r, int64_t id, const char *field, struct duty_post *ret);
/* duty_post_scoped for a hot path: the post as remembered (db_memo.h) */
int duty_post_scoped_memo(struct req *r, int64_t id, const char *field, struct duty_post *ret);
json_t *duty_post_json(const struct duty_post *p);
json_t *duty_counts_json(const struct screen_counts *c);
/* duty_member_json: MEMBER, its phone masked unless reveal.  duty_pattern_json:
 * PATTERN with its teams named.  duty_shift_scoped reads the shift of params[0]
 * and its post, 404 outside the user's area. */
json_t *duty_member_json(const struct duty_member *m, bool reveal);
json_t *duty_pattern_json(struct req *r, const struct duty_pattern *p, const struct duty_team *teams,
			  int nteams);
int duty_shift_scoped(struct req *r, struct duty_shift *s, struct duty_post *p);

/* checkpoint_report_json renders the daily report's checkpoint section: each post's
 * screenings of the day and the town's.  The caller owns it. */
struct daily_report;
json_t *checkpoint_report_json(const struct daily_report *d);

struct buf;
/* checkpoint_report_html / _xlsx add that section ("六、卡口筛查", sheet 卡口) to the printable
 * report and to the workbook (an lxw_workbook and its bold lxw_format) from the report rep. */
void checkpoint_report_html(struct buf *b, json_t *rep);
void checkpoint_report_xlsx(void *workbook, void *head, json_t *rep);

/* demo_checkpoint adds the demo town's posts (the toll gate of 云龙村 on four-team rotation,
 * a village entrance, the command post's phone duty), teams from the registry, a roster for
 * the demo period and some screenings with one hand-off, inside the caller's transaction. */
int demo_checkpoint(struct dbc *c, struct arena *a, struct fault *f);

int api_post_list(struct req *, struct resp *);
int api_post_create(struct req *, struct resp *);
int api_post_get(struct req *, struct resp *);
int api_post_update(struct req *, struct resp *);
int api_team_create(struct req *, struct resp *);
int api_member_add(struct req *, struct resp *);
int api_member_remove(struct req *, struct resp *);
int api_pattern_create(struct req *, struct resp *);
int api_roster_generate(struct req *, struct resp *);
int api_roster_get(struct req *, struct resp *);
int api_shift_change(struct req *, struct resp *);
int api_duty_now(struct req *, struct resp *);
int api_leave_create(struct req *, struct resp *);
int api_leave_list(struct req *, struct resp *);
int api_leave_cancel(struct req *, struct resp *);
int api_handover_create(struct req *, struct resp *);
int api_handover_confirm(struct req *, struct resp *);
int api_handover_list(struct req *, struct resp *);
int api_screening_create(struct req *, struct resp *);
int api_screening_list(struct req *, struct resp *);
int api_screening_get(struct req *, struct resp *);
/* screening_render: a stored screening as its POST answered it */
int screening_render(struct req *r, int64_t id, json_t **ret);
int api_screening_reveal(struct req *, struct resp *);
/* declarations travellers make on their phones (api_declare.c) */
int api_declare_poster(struct req *, struct resp *);
int api_declare_post_public(struct req *, struct resp *);
int api_declare_create(struct req *, struct resp *);
int api_declare_get(struct req *, struct resp *);
int api_checkpoint_figures(struct req *, struct resp *);
int api_checkpoint_hourly(struct req *, struct resp *);
int api_checkpoint_settings_get(struct req *, struct resp *);
int api_checkpoint_settings_update(struct req *, struct resp *);

#endif
