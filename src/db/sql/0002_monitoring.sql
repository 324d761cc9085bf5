-- 0002_monitoring: key persons under observation, their health checks, alerts and timeline.

-- One observation period (观察期) of one registry person.  Dates are local
-- 'YYYY-MM-DD'; day 1 is start_date, the last day is end_date.
CREATE TABLE key_person (
  id @ID@,
  person_id BIGINT NOT NULL REFERENCES person(id),
  area_code TEXT @C@ NOT NULL,       -- the person's area when registered: jurisdiction
  reason TEXT NOT NULL,              -- high_risk_area, close_contact, other
  reason_detail TEXT NOT NULL DEFAULT '',
  from_place TEXT NOT NULL DEFAULT '',
  left_on TEXT,
  arrived_on TEXT,
  transport TEXT NOT NULL DEFAULT '',
  transport_no TEXT NOT NULL DEFAULT '',
  found_by TEXT NOT NULL,            -- self_report, checkpoint, sweep, big_data, tip, other
  kind TEXT NOT NULL,                -- home, centralised
  site TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  days INTEGER NOT NULL,
  end_date TEXT NOT NULL,
  status TEXT NOT NULL,              -- active, released, transferred
  grid_worker_id BIGINT REFERENCES app_user(id),
  doctor_id BIGINT REFERENCES app_user(id),
  self_code TEXT @C@ UNIQUE,         -- the self-report code printed on the notice (a low-value secret)
  last_check_id BIGINT,              -- maintained: the newest check
  open_alerts INTEGER NOT NULL DEFAULT 0, -- maintained
  released_at BIGINT,
  release_kind TEXT,                 -- doctor, auto
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX key_person_status ON key_person(status, area_code);
CREATE INDEX key_person_person ON key_person(person_id, status);
CREATE INDEX key_person_grid_worker ON key_person(grid_worker_id, status);
CREATE INDEX key_person_doctor ON key_person(doctor_id, status);
CREATE INDEX key_person_end ON key_person(status, end_date);
CREATE INDEX key_person_created ON key_person(created_at);

CREATE TABLE health_check (
  id @ID@,
  key_person_id BIGINT NOT NULL REFERENCES key_person(id),
  area_code TEXT @C@ NOT NULL,
  taken_at BIGINT NOT NULL,
  day TEXT NOT NULL,                 -- local date of taken_at
  slot TEXT NOT NULL,                -- am (before noon), pm
  temp_tenths INTEGER NOT NULL,
  symptoms TEXT NOT NULL DEFAULT '', -- comma-separated keys
  symptom_other TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL,              -- visit, phone, self
  abnormal INTEGER NOT NULL,
  recorded_by BIGINT REFERENCES app_user(id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX health_check_kp ON health_check(key_person_id, taken_at);
CREATE INDEX health_check_day ON health_check(day, area_code);

CREATE TABLE alert (
  id @ID@,
  key_person_id BIGINT NOT NULL REFERENCES key_person(id),
  check_id BIGINT NOT NULL REFERENCES health_check(id),
  area_code TEXT @C@ NOT NULL,
  raised_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,              -- open, referred, closed
  hospital TEXT NOT NULL DEFAULT '',
  referred_at BIGINT,
  transport TEXT NOT NULL DEFAULT '',
  result TEXT,                       -- excluded, suspected, confirmed
  closed_at BIGINT,
  closed_by BIGINT REFERENCES app_user(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_status ON alert(status, area_code);
CREATE INDEX alert_kp ON alert(key_person_id);

-- The timeline of a key person: who did what, when.  Append-only.
CREATE TABLE key_person_event (
  id @ID@,
  key_person_id BIGINT NOT NULL REFERENCES key_person(id),
  at BIGINT NOT NULL,
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX key_person_event_kp ON key_person_event(key_person_id, id);

-- The phone number the home-observation notice prints for the responsible staff.
ALTER TABLE app_user ADD COLUMN phone TEXT NOT NULL DEFAULT '';
