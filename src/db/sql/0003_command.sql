-- 0003_command: tip-offs from the public, tasks with owners and deadlines, and their history.

CREATE TABLE tip (
  id @ID@,
  code TEXT @C@ NOT NULL UNIQUE,     -- the tipster's tracking code
  kind TEXT NOT NULL,                -- returnee, gathering, fever, price_gouging, other
  area_code TEXT @C@ NOT NULL,       -- the village named, else the town: who triages it
  address TEXT NOT NULL DEFAULT '',
  happened TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,         -- untrusted text, stored as typed, always shown escaped
  reporter_name TEXT,                -- NULL when anonymous
  reporter_phone TEXT,
  anonymous INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,              -- received, checking, handled
  triage TEXT,                       -- duplicate, not_credible, task, handled
  duplicate_of BIGINT REFERENCES tip(id),
  task_id BIGINT,
  public_result TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  handled_at BIGINT
);
CREATE INDEX tip_status ON tip(area_code, status, id);
CREATE INDEX tip_created ON tip(created_at);

CREATE TABLE task (
  id @ID@,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  area_code TEXT @C@ NOT NULL,
  person_id BIGINT REFERENCES person(id),
  owner_id BIGINT NOT NULL REFERENCES app_user(id),
  assigned_by BIGINT NOT NULL REFERENCES app_user(id),
  deadline BIGINT NOT NULL,
  priority TEXT NOT NULL,            -- low, normal, high, urgent
  source TEXT NOT NULL,              -- tip, meeting, alert, big_data, sweep, manual
  source_id BIGINT,
  status TEXT NOT NULL,              -- open, in_progress, done, verified, reopened
  result TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  done_at BIGINT,
  verified_at BIGINT
);
CREATE INDEX task_area ON task(area_code, status, id);
CREATE INDEX task_owner ON task(owner_id, status);
CREATE INDEX task_deadline ON task(status, deadline);
CREATE INDEX task_created ON task(created_at);

CREATE TABLE task_event (
  id @ID@,
  task_id BIGINT NOT NULL REFERENCES task(id),
  at BIGINT NOT NULL,
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                -- created, started, done, verified, reopened
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_event_task ON task_event(task_id, id);
