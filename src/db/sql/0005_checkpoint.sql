-- 0005_checkpoint: duty posts and their rosters, shift handovers, checkpoint screenings with their
-- hand-offs, and the counters the figures are read from.

-- A place staffed on a roster (岗点).  hours_start = 0 and hours_end = 1440 is round the clock;
-- otherwise a daily window in minutes after local midnight.
CREATE TABLE duty_post (
  id @ID@,
  name TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  area_code TEXT @C@ NOT NULL,
  kind TEXT NOT NULL,                -- checkpoint, village_entrance, clinic_desk, command_duty, other
  hours_start INTEGER NOT NULL DEFAULT 0,
  hours_end INTEGER NOT NULL DEFAULT 1440,
  province TEXT NOT NULL DEFAULT '',  -- the plate province typed by default at a checkpoint
  phone TEXT NOT NULL DEFAULT '',     -- the post's own duty phone
  handoff_user_id BIGINT REFERENCES app_user(id), -- who gets the tasks of passers-through
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_post_area ON duty_post(area_code);

CREATE TABLE duty_team (
  id @ID@,
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (post_id, name)
);

-- Staff (a user) or volunteers (a registry person); name and phone as they were when added.
CREATE TABLE duty_member (
  id @ID@,
  team_id BIGINT NOT NULL REFERENCES duty_team(id),
  person_id BIGINT REFERENCES person(id),
  user_id BIGINT REFERENCES app_user(id),
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                -- staff, volunteer
  party_member INTEGER NOT NULL DEFAULT 0,
  leader INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_member_team ON duty_member(team_id);

-- shifts: "start:minutes,..." (start in minutes after local midnight); teams: team ids in cycle
-- order, 0 for nobody; on day d after anchor_date shift k goes to teams[(d*day_step + k) mod n].
CREATE TABLE duty_pattern (
  id @ID@,
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                -- four_team, three_shift, custom
  shifts TEXT NOT NULL,
  teams TEXT NOT NULL,
  day_step INTEGER NOT NULL,
  anchor_date TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_pattern_post ON duty_pattern(post_id);

CREATE TABLE duty_shift (
  id @ID@,
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  pattern_id BIGINT REFERENCES duty_pattern(id),
  team_id BIGINT REFERENCES duty_team(id),   -- NULL: nobody (a gap the roster shows)
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  day TEXT NOT NULL
);
CREATE INDEX duty_shift_post ON duty_shift(post_id, starts_at);

-- Swaps and leave: one shift changes, the pattern does not.
CREATE TABLE duty_change (
  id @ID@,
  shift_id BIGINT NOT NULL REFERENCES duty_shift(id),
  kind TEXT NOT NULL,                -- leave, swap, team
  member_id BIGINT REFERENCES duty_member(id),
  substitute_id BIGINT REFERENCES duty_member(id),
  old_team_id BIGINT REFERENCES duty_team(id),
  new_team_id BIGINT REFERENCES duty_team(id),
  reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_change_shift ON duty_change(shift_id);

CREATE TABLE duty_handover (
  id @ID@,
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  shift_id BIGINT NOT NULL UNIQUE REFERENCES duty_shift(id),
  vehicles BIGINT NOT NULL,          -- the shift's counters when the note was written
  people BIGINT NOT NULL,
  abnormal BIGINT NOT NULL,
  handoffs BIGINT NOT NULL,
  incidents TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  masks INTEGER NOT NULL,
  batteries INTEGER NOT NULL,
  written_by BIGINT NOT NULL REFERENCES app_user(id),
  written_at BIGINT NOT NULL,
  confirmed_by BIGINT REFERENCES app_user(id),
  confirmed_at BIGINT,
  confirm_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_handover_post ON duty_handover(post_id, written_at);

-- One vehicle or pedestrian checked at a checkpoint.  Never updated after it is written.
CREATE TABLE screening (
  id @ID@,
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  shift_id BIGINT REFERENCES duty_shift(id),
  area_code TEXT @C@ NOT NULL,
  at BIGINT NOT NULL,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,                -- vehicle, pedestrian
  plate TEXT @C@ NOT NULL DEFAULT '',
  plate_kind TEXT NOT NULL DEFAULT '',
  vehicle_kind TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL DEFAULT '',
  people INTEGER NOT NULL,
  abnormal INTEGER NOT NULL,
  high_risk INTEGER NOT NULL,
  handoffs INTEGER NOT NULL,
  repeat_of BIGINT REFERENCES screening(id),
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT REFERENCES app_user(id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX screening_post ON screening(post_id, at);
CREATE INDEX screening_plate ON screening(post_id, plate, at);

CREATE TABLE screened_person (
  id @ID@,
  screening_id BIGINT NOT NULL REFERENCES screening(id),
  seq INTEGER NOT NULL,
  temp_tenths INTEGER NOT NULL,
  fever INTEGER NOT NULL,
  high_risk INTEGER NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  id_number TEXT @C@,
  phone TEXT,
  from_place TEXT NOT NULL DEFAULT '',
  via TEXT NOT NULL DEFAULT '',
  to_place TEXT NOT NULL DEFAULT ''
);
CREATE INDEX screened_person_screening ON screened_person(screening_id);

-- What a screening handed on: a key person (a resident) or a task for the command post.
CREATE TABLE screening_handoff (
  id @ID@,
  screening_id BIGINT NOT NULL REFERENCES screening(id),
  screened_person_id BIGINT NOT NULL REFERENCES screened_person(id),
  kind TEXT NOT NULL,                -- key_person, task
  reason TEXT NOT NULL,              -- fever, high_risk, fever+high_risk
  key_person_id BIGINT REFERENCES key_person(id),
  existing INTEGER NOT NULL DEFAULT 0, -- the person was under observation already
  task_id BIGINT REFERENCES task(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX screening_handoff_screening ON screening_handoff(screening_id);
CREATE INDEX screening_handoff_kp ON screening_handoff(key_person_id);

-- Maintained counters, moved by an UPSERT in the screening's own transaction.
CREATE TABLE screening_hour (
  post_id BIGINT NOT NULL REFERENCES duty_post(id),
  hour_at BIGINT NOT NULL,           -- the Unix second the local hour began
  day TEXT NOT NULL,
  hod INTEGER NOT NULL,              -- local hour of day, 0-23
  vehicles BIGINT NOT NULL DEFAULT 0,
  pedestrians BIGINT NOT NULL DEFAULT 0,
  people BIGINT NOT NULL DEFAULT 0,
  abnormal BIGINT NOT NULL DEFAULT 0,
  high_risk BIGINT NOT NULL DEFAULT 0,
  handoffs BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, hour_at)
);
CREATE INDEX screening_hour_day ON screening_hour(day, post_id);

CREATE TABLE screening_shift (
  shift_id BIGINT NOT NULL PRIMARY KEY REFERENCES duty_shift(id),
  vehicles BIGINT NOT NULL DEFAULT 0,
  pedestrians BIGINT NOT NULL DEFAULT 0,
  people BIGINT NOT NULL DEFAULT 0,
  abnormal BIGINT NOT NULL DEFAULT 0,
  high_risk BIGINT NOT NULL DEFAULT 0,
  handoffs BIGINT NOT NULL DEFAULT 0
);

INSERT INTO setting (key, value) VALUES ('checkpoint.high_risk', '湖北,武汉');
