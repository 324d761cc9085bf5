/* checkpoint.h: what the duty-roster and checkpoint handlers share (api_duty.c,
 * api_screening.c, demo_checkpoint.c), and the hooks the report and the demo call. */
#ifndef FANGYI_API_CHECKPOINT_H
#define FANGYI_API_CHECKPOINT_H

#include "api.h"
#include "db_duty.h"
#include "svc_screening.h"

/* duty_post_scoped reads post id into ret when it lies in the user's area; ERR_NOTFOUND
 * (with a fault naming field) otherwise, so a post outside it is as if it did not exist. */
int duty_post_scoped(struct req *r, int64_t id, const char *field, struct duty_post *ret);
/* duty_post_scoped for a hot path: the post as remembered (db_memo.h) */
int duty_post_scoped_memo(struct req *r, int64_t id, const char *field, struct duty_post *ret);
json_t *duty_post_json(const struct duty_post *p);
json_t *duty_counts_json(const struct screen_counts *c);
/* duty_day_start: the Unix second at which the town-local date began. */
int64_t duty_day_start(const char *date);
/* duty_member_json: MEMBER, its phone masked unless reveal.  duty_pattern_json:
 * PATTERN with its teams named.  duty_shift_scoped reads the shift of params[0]
 * and its post, 404 outside the user's area. */
json_t *duty_member_json(const struct duty_member *m, bool reveal);
json_t *duty_pattern_json(struct req *r, const struct duty_pattern *p, const struct duty_team *teams,
			  int nteams);
int duty_shift_scoped(struct req *r, struct duty_shift *s, struct duty_post *p);

/* duty_user_on_shift: whether user_id is on shift s, by a member account of its team not on
 * leave nor swapped out, or as a substitute; mem are the post's members, ch the shift's changes. */
bool duty_user_on_shift(const struct duty_shift *s, const struct duty_member *mem, int nm,
			const struct duty_change *ch, int nc, int64_t user_id);

/* duty_leave_reapply writes the leave of post p over the days [from_s, to_s] onto the shifts
 * just generated there, in the caller's transaction; 0 or a db error. */
int duty_leave_reapply(struct req *r, const struct duty_post *p, const char *from_s,
		       const char *to_s);

/* duty_leave_join writes the live leave of the person of member m, just added to a team of post
 * p, onto the shifts of m's team in the leave's days that have not ended, in the caller's
 * transaction: the leave is the person's (their resident or user account), not one member row's.
 * *ret_n counts the shifts marked.  0 or a db error. */
int duty_leave_join(struct req *r, const struct duty_post *p, const struct duty_member *m,
		    int *ret_n);

/* duty_hhmm writes the local time of t as "HH:MM". */
void duty_hhmm(int64_t t, char ret[6]);

/* roster_fill replaces the shifts of post p starting in the days [from_s, from_s + days) with
 * the shifts of pattern pat, inside the caller's transaction (the caller has checked none of
 * them is in use).  0 with *ret_made, ERR_INTERNAL for a damaged pattern, or a db error. */
int roster_fill(struct dbc *c, const struct duty_post *p, const struct duty_pattern *pat,
		const char *from_s, int days, int *ret_made);

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
int api_checkpoint_figures(struct req *, struct resp *);
int api_checkpoint_hourly(struct req *, struct resp *);
int api_checkpoint_settings_get(struct req *, struct resp *);
int api_checkpoint_settings_update(struct req *, struct resp *);

#endif
