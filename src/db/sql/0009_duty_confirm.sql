-- 0008_duty_confirm: a handover is confirmed by the shift that arrives after it, and leave is
-- taken over a date range.

-- The arriving shift (the next shift of the post) and in what capacity the confirmer signed:
-- 'arriving_team' (on that shift) or 'on_behalf' (the command post or the village, with a note).
ALTER TABLE duty_handover ADD COLUMN arriving_shift_id BIGINT REFERENCES duty_shift(id);
ALTER TABLE duty_handover ADD COLUMN confirm_as TEXT NOT NULL DEFAULT '';
CREATE INDEX duty_handover_arriving ON duty_handover(arriving_shift_id);

-- Leave of one person from from_day to to_day (local dates, inclusive).  It is written onto the
-- shifts of their teams as duty_change rows (kind leave) naming it, so the roster, who is on duty
-- now and the handover check read it as they read leave on one shift; the pattern is untouched.
CREATE TABLE duty_leave (
  id @ID@,
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  member_id BIGINT NOT NULL REFERENCES duty_member(id),
  from_day TEXT @C@ NOT NULL,
  to_day TEXT @C@ NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  cancelled_by BIGINT REFERENCES app_user(id),
  cancelled_at BIGINT
);
CREATE INDEX duty_leave_post ON duty_leave(post_id, to_day);

ALTER TABLE duty_change ADD COLUMN leave_id BIGINT REFERENCES duty_leave(id);
CREATE INDEX duty_change_leave ON duty_change(leave_id);
