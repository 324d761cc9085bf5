/* db_duty.c: duty posts, teams and members, roster patterns and shifts, swaps, handovers. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_duty.h"
#include "db_internal.h"
#include "err.h"

static void
read_post(struct dbq *q, struct arena *a, void *p)
{
	struct duty_post *d = p;

	d->id = dbq_int(q, 0);
	d->name = dbq_dup(q, a, 1);
	d->place = dbq_dup(q, a, 2);
	d->area_code = dbq_dup(q, a, 3);
	d->area_name = dbq_dup(q, a, 4);
	d->kind = dbq_dup(q, a, 5);
	d->hours_start = (int)dbq_int(q, 6);
	d->hours_end = (int)dbq_int(q, 7);
	d->province = dbq_dup(q, a, 8);
	d->phone = dbq_dup(q, a, 9);
	d->handoff_user_id = dbq_opt_int(q, 10);
	d->active = (int)dbq_int(q, 11);
	d->created_at = dbq_int(q, 12);
}

static void
read_team(struct dbq *q, struct arena *a, void *p)
{
	struct duty_team *t = p;

	t->id = dbq_int(q, 0);
	t->post_id = dbq_int(q, 1);
	t->name = dbq_dup(q, a, 2);
}

static void
read_member(struct dbq *q, struct arena *a, void *p)
{
	struct duty_member *m = p;

	m->id = dbq_int(q, 0);
	m->team_id = dbq_int(q, 1);
	m->post_id = dbq_int(q, 2);
	m->person_id = dbq_opt_int(q, 3);
	m->user_id = dbq_opt_int(q, 4);
	m->name = dbq_dup(q, a, 5);
	m->phone = dbq_dup(q, a, 6);
	m->kind = dbq_dup(q, a, 7);
	m->party_member = (int)dbq_int(q, 8);
	m->leader = (int)dbq_int(q, 9);
	m->active = (int)dbq_int(q, 10);
}

static void
read_pattern(struct dbq *q, struct arena *a, void *p)
{
	struct duty_pattern *d = p;

	d->id = dbq_int(q, 0);
	d->post_id = dbq_int(q, 1);
	d->name = dbq_dup(q, a, 2);
	d->kind = dbq_dup(q, a, 3);
	d->shifts = dbq_dup(q, a, 4);
	d->teams = dbq_dup(q, a, 5);
	d->day_step = (int)dbq_int(q, 6);
	d->anchor_date = dbq_dup(q, a, 7);
	d->created_at = dbq_int(q, 8);
}

static void
read_shift(struct dbq *q, struct arena *a, void *p)
{
	struct duty_shift *s = p;

	s->id = dbq_int(q, 0);
	s->post_id = dbq_int(q, 1);
	s->pattern_id = dbq_opt_int(q, 2);
	s->team_id = dbq_opt_int(q, 3);
	s->team_name = dbq_dup(q, a, 4);
	s->starts_at = dbq_int(q, 5);
	s->ends_at = dbq_int(q, 6);
	s->day = dbq_dup(q, a, 7);
}

static void
read_change(struct dbq *q, struct arena *a, void *p)
{
	struct duty_change *c = p;

	c->id = dbq_int(q, 0);
	c->shift_id = dbq_int(q, 1);
	c->kind = dbq_dup(q, a, 2);
	c->member_id = dbq_opt_int(q, 3);
	c->substitute_id = dbq_opt_int(q, 4);
	c->old_team_id = dbq_opt_int(q, 5);
	c->new_team_id = dbq_opt_int(q, 6);
	c->reason = dbq_dup(q, a, 7);
	c->created_by = dbq_opt_int(q, 8);
	c->created_at = dbq_int(q, 9);
	c->username = dbq_dup(q, a, 10);
	c->leave_id = dbq_opt_int(q, 11);
}

static void
read_handover(struct dbq *q, struct arena *a, void *p)
{
	struct handover *h = p;

	h->id = dbq_int(q, 0);
	h->post_id = dbq_int(q, 1);
	h->shift_id = dbq_int(q, 2);
	h->counts.vehicles = dbq_int(q, 3);
	h->counts.people = dbq_int(q, 4);
	h->counts.abnormal = dbq_int(q, 5);
	h->counts.handoffs = dbq_int(q, 6);
	h->incidents = dbq_dup(q, a, 7);
	h->note = dbq_dup(q, a, 8);
	h->masks = (int)dbq_int(q, 9);
	h->batteries = (int)dbq_int(q, 10);
	h->written_by = dbq_int(q, 11);
	h->written_at = dbq_int(q, 12);
	h->confirmed_by = dbq_opt_int(q, 13);
	h->confirmed_at = dbq_opt_int(q, 14);
	h->written_by_name = dbq_dup(q, a, 15);
	h->confirmed_by_name = dbq_dup(q, a, 16);
	h->confirm_note = dbq_dup(q, a, 17);
	h->shift_starts_at = dbq_int(q, 18);
	h->shift_ends_at = dbq_int(q, 19);
	h->team_name = dbq_dup(q, a, 20);
	h->arriving_shift_id = dbq_opt_int(q, 21);
	h->confirm_as = dbq_dup(q, a, 22);
}

int
db_post_insert(struct dbc *c, struct duty_post *p)
{
	struct dbq q;

	dbq_start(&q, c, ST_POST_INSERT);
	dbq_bind_text(&q, 1, p->name);
	dbq_bind_text(&q, 2, p->place ? p->place : "");
	dbq_bind_text(&q, 3, p->area_code);
	dbq_bind_text(&q, 4, p->kind);
	dbq_bind_int(&q, 5, p->hours_start);
	dbq_bind_int(&q, 6, p->hours_end);
	dbq_bind_text(&q, 7, p->province ? p->province : "");
	dbq_bind_text(&q, 8, p->phone ? p->phone : "");
	dbq_bind_id(&q, 9, p->handoff_user_id);
	dbq_bind_int(&q, 10, clock_now());
	return dbq_scalar_int(&q, &p->id);
}

int
db_post_get(struct dbc *c, struct arena *a, int64_t id, struct duty_post *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_POST_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_post, ret);
}

int
db_post_list(struct dbc *c, struct arena *a, const char *scope, struct duty_post **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_POST_LIST);
	dbq_bind_text(&q, 1, scope);
	dbq_bind_text(&q, 2, db_range_hi(a, scope));
	return dbq_collect(&q, a, sizeof(struct duty_post), read_post, (void **)ret, ret_n);
}

int
db_post_update(struct dbc *c, const struct duty_post *p)
{
	struct dbq q;

	dbq_start(&q, c, ST_POST_UPDATE);
	dbq_bind_text(&q, 1, p->name);
	dbq_bind_text(&q, 2, p->place);
	dbq_bind_text(&q, 3, p->kind);
	dbq_bind_int(&q, 4, p->hours_start);
	dbq_bind_int(&q, 5, p->hours_end);
	dbq_bind_text(&q, 6, p->province);
	dbq_bind_text(&q, 7, p->phone);
	dbq_bind_id(&q, 8, p->handoff_user_id);
	dbq_bind_int(&q, 9, p->active);
	dbq_bind_int(&q, 10, p->id);
	return dbq_run(&q);
}

int
db_team_insert(struct dbc *c, struct duty_team *t)
{
	struct dbq q;

	dbq_start(&q, c, ST_TEAM_INSERT);
	dbq_bind_int(&q, 1, t->post_id);
	dbq_bind_text(&q, 2, t->name);
	dbq_bind_int(&q, 3, clock_now());
	return dbq_scalar_int(&q, &t->id);
}

int
db_team_get(struct dbc *c, struct arena *a, int64_t id, struct duty_team *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_TEAM_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_team, ret);
}

int
db_team_of_post(struct dbc *c, struct arena *a, int64_t post_id, struct duty_team **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_TEAM_OF_POST);
	dbq_bind_int(&q, 1, post_id);
	return dbq_collect(&q, a, sizeof(struct duty_team), read_team, (void **)ret, ret_n);
}

int
db_member_insert(struct dbc *c, struct duty_member *m)
{
	struct dbq q;

	dbq_start(&q, c, ST_MEMBER_INSERT);
	dbq_bind_int(&q, 1, m->team_id);
	dbq_bind_id(&q, 2, m->person_id);
	dbq_bind_id(&q, 3, m->user_id);
	dbq_bind_text(&q, 4, m->name);
	dbq_bind_text(&q, 5, m->phone ? m->phone : "");
	dbq_bind_text(&q, 6, m->kind);
	dbq_bind_int(&q, 7, m->party_member);
	dbq_bind_int(&q, 8, m->leader);
	dbq_bind_int(&q, 9, clock_now());
	return dbq_scalar_int(&q, &m->id);
}

int
db_member_get(struct dbc *c, struct arena *a, int64_t id, struct duty_member *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_MEMBER_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_member, ret);
}

int
db_member_of_post(struct dbc *c, struct arena *a, int64_t post_id, struct duty_member **ret,
		  int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_MEMBER_OF_POST);
	dbq_bind_int(&q, 1, post_id);
	return dbq_collect(&q, a, sizeof(struct duty_member), read_member, (void **)ret, ret_n);
}

int
db_member_deactivate(struct dbc *c, int64_t id)
{
	struct dbq q;

	dbq_start(&q, c, ST_MEMBER_DEACTIVATE);
	dbq_bind_int(&q, 1, id);
	return dbq_run(&q);
}

int
db_pattern_insert(struct dbc *c, struct duty_pattern *p)
{
	struct dbq q;

	dbq_start(&q, c, ST_PATTERN_INSERT);
	dbq_bind_int(&q, 1, p->post_id);
	dbq_bind_text(&q, 2, p->name);
	dbq_bind_text(&q, 3, p->kind);
	dbq_bind_text(&q, 4, p->shifts);
	dbq_bind_text(&q, 5, p->teams);
	dbq_bind_int(&q, 6, p->day_step);
	dbq_bind_text(&q, 7, p->anchor_date);
	dbq_bind_int(&q, 8, clock_now());
	return dbq_scalar_int(&q, &p->id);
}

int
db_pattern_get(struct dbc *c, struct arena *a, int64_t id, struct duty_pattern *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_PATTERN_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_pattern, ret);
}

int
db_pattern_of_post(struct dbc *c, struct arena *a, int64_t post_id, struct duty_pattern **ret,
		   int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_PATTERN_OF_POST);
	dbq_bind_int(&q, 1, post_id);
	return dbq_collect(&q, a, sizeof(struct duty_pattern), read_pattern, (void **)ret, ret_n);
}

int
db_shift_busy(struct dbc *c, int64_t post_id, int64_t from, int64_t to, int64_t *ret_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_BUSY);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_int(&q, 2, from);
	dbq_bind_int(&q, 3, to);
	return dbq_scalar_int(&q, ret_id);
}

int
db_shift_delete_range(struct dbc *c, int64_t post_id, int64_t from, int64_t to)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_DELETE_RANGE);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_int(&q, 2, from);
	dbq_bind_int(&q, 3, to);
	return dbq_run(&q);
}

int
db_shift_insert(struct dbc *c, struct duty_shift *s)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_INSERT);
	dbq_bind_int(&q, 1, s->post_id);
	dbq_bind_id(&q, 2, s->pattern_id);
	dbq_bind_id(&q, 3, s->team_id);
	dbq_bind_int(&q, 4, s->starts_at);
	dbq_bind_int(&q, 5, s->ends_at);
	dbq_bind_text(&q, 6, s->day);
	return dbq_scalar_int(&q, &s->id);
}

int
db_shift_get(struct dbc *c, struct arena *a, int64_t id, struct duty_shift *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_shift, ret);
}

int
db_shift_range(struct dbc *c, struct arena *a, int64_t post_id, int64_t from, int64_t to,
	       struct duty_shift **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_RANGE);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_int(&q, 2, from - 86400);
	dbq_bind_int(&q, 3, to);
	dbq_bind_int(&q, 4, from);
	return dbq_collect(&q, a, sizeof(struct duty_shift), read_shift, (void **)ret, ret_n);
}

int
db_shift_set_team(struct dbc *c, int64_t id, int64_t team_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_SET_TEAM);
	dbq_bind_id(&q, 1, team_id);
	dbq_bind_int(&q, 2, id);
	return dbq_run(&q);
}

int
db_shift_next(struct dbc *c, struct arena *a, int64_t post_id, int64_t after, struct duty_shift *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_NEXT);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_int(&q, 2, after);
	return dbq_one(&q, a, read_shift, ret);
}

int
db_shift_swap_insert(struct dbc *c, struct duty_change *ch)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_SWAP_INSERT);
	dbq_bind_int(&q, 1, ch->shift_id);
	dbq_bind_text(&q, 2, ch->kind);
	dbq_bind_id(&q, 3, ch->member_id);
	dbq_bind_id(&q, 4, ch->substitute_id);
	dbq_bind_id(&q, 5, ch->old_team_id);
	dbq_bind_id(&q, 6, ch->new_team_id);
	dbq_bind_text(&q, 7, ch->reason ? ch->reason : "");
	dbq_bind_id(&q, 8, ch->created_by);
	dbq_bind_int(&q, 9, clock_now());
	dbq_bind_id(&q, 10, ch->leave_id);
	return dbq_scalar_int(&q, &ch->id);
}

int
db_shift_swap_of_shift(struct dbc *c, struct arena *a, int64_t shift_id,
		       struct duty_change **ret, int *ret_n)
{
	struct dbq q;

	dbq_start(&q, c, ST_SHIFT_SWAP_OF_SHIFT);
	dbq_bind_int(&q, 1, shift_id);
	return dbq_collect(&q, a, sizeof(struct duty_change), read_change, (void **)ret, ret_n);
}

int
db_handover_insert(struct dbc *c, struct handover *h)
{
	struct dbq q;

	dbq_start(&q, c, ST_HANDOVER_INSERT);
	dbq_bind_int(&q, 1, h->post_id);
	dbq_bind_int(&q, 2, h->shift_id);
	dbq_bind_int(&q, 3, h->counts.vehicles);
	dbq_bind_int(&q, 4, h->counts.people);
	dbq_bind_int(&q, 5, h->counts.abnormal);
	dbq_bind_int(&q, 6, h->counts.handoffs);
	dbq_bind_text(&q, 7, h->incidents ? h->incidents : "");
	dbq_bind_text(&q, 8, h->note ? h->note : "");
	dbq_bind_int(&q, 9, h->masks);
	dbq_bind_int(&q, 10, h->batteries);
	dbq_bind_int(&q, 11, h->written_by);
	dbq_bind_int(&q, 12, clock_now());
	return dbq_scalar_int(&q, &h->id);
}

int
db_handover_get(struct dbc *c, struct arena *a, int64_t id, struct handover *ret)
{
	struct dbq q;

	dbq_start(&q, c, ST_HANDOVER_GET);
	dbq_bind_int(&q, 1, id);
	return dbq_one(&q, a, read_handover, ret);
}

int
db_handover_of_shift(struct dbc *c, int64_t shift_id, int64_t *ret_id)
{
	struct dbq q;

	dbq_start(&q, c, ST_HANDOVER_OF_SHIFT);
	dbq_bind_int(&q, 1, shift_id);
	return dbq_scalar_int(&q, ret_id);
}

int
db_handover_confirm(struct dbc *c, int64_t id, int64_t user_id, int64_t at, const char *note,
		    const char *as, int64_t arriving_shift_id)
{
	struct dbq q;
	int64_t got;
	int rc;

	dbq_start(&q, c, ST_HANDOVER_CONFIRM);
	dbq_bind_int(&q, 1, user_id);
	dbq_bind_int(&q, 2, at);
	dbq_bind_text(&q, 3, note ? note : "");
	dbq_bind_text(&q, 4, as);
	dbq_bind_id(&q, 5, arriving_shift_id);
	dbq_bind_int(&q, 6, id);
	rc = dbq_scalar_int(&q, &got);
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
db_handover_list(struct dbc *c, struct arena *a, int64_t post_id, int limit, int offset,
		 struct handover **ret, int *ret_n, int64_t *ret_total)
{
	struct dbq q;
	int rc;

	dbq_start(&q, c, ST_HANDOVER_COUNT);
	dbq_bind_int(&q, 1, post_id);
	if ((rc = dbq_scalar_int(&q, ret_total)))
		return rc;
	dbq_start(&q, c, ST_HANDOVER_LIST);
	dbq_bind_int(&q, 1, post_id);
	dbq_bind_int(&q, 2, limit);
	dbq_bind_int(&q, 3, offset);
	return dbq_collect(&q, a, sizeof(struct handover), read_handover, (void **)ret, ret_n);
}
