-- 0001_init: the registry (areas, households, people), users, sessions, audit.
-- Portable SQL: @ID@ is the backend's auto-increment primary key and @C@ the
-- byte-order collation PostgreSQL needs for prefix ranges (db.c fills both in).
-- Times are Unix seconds (BIGINT); dates are local 'YYYY-MM-DD' text.

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The area tree.  A code's prefix is its subtree: district 6 digits, town 9,
-- village 12 (national statistical codes), grid 15 (the village's code plus
-- three local digits).  Jurisdiction checks are prefix ranges on code.
CREATE TABLE area (
  id @ID@,
  code TEXT @C@ NOT NULL UNIQUE,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,           -- 1 district, 2 town, 3 village, 4 grid
  kind TEXT NOT NULL,               -- district, town, street, village, community, grid
  parent_id BIGINT REFERENCES area(id),
  persons BIGINT NOT NULL DEFAULT 0,    -- maintained: live people whose area is exactly this one
  households BIGINT NOT NULL DEFAULT 0, -- maintained likewise
  created_at BIGINT NOT NULL
);
CREATE INDEX area_parent ON area(parent_id);

CREATE TABLE household (
  id @ID@,
  area_id BIGINT NOT NULL REFERENCES area(id),
  area_code TEXT @C@ NOT NULL,
  address TEXT @C@ NOT NULL,
  head_id BIGINT,                   -- a person; no FK: person refers back here
  members INTEGER NOT NULL DEFAULT 0,   -- maintained
  notes TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (area_id, address)
);
CREATE INDEX household_area ON household(area_code, id);
CREATE INDEX household_address ON household(address);

CREATE TABLE person (
  id @ID@,
  name TEXT @C@ NOT NULL,
  id_number TEXT @C@ UNIQUE,        -- 18 characters, NULL when unknown
  id_rev TEXT @C@,                  -- id_number reversed: suffix search by index
  phone TEXT @C@,                   -- 11 digits
  phone_rev TEXT @C@,
  gender TEXT,                      -- 'M', 'F' or NULL
  birth_date TEXT,
  household_id BIGINT REFERENCES household(id),
  relation TEXT NOT NULL DEFAULT '',
  area_id BIGINT NOT NULL REFERENCES area(id),
  area_code TEXT @C@ NOT NULL,
  residence TEXT NOT NULL DEFAULT 'registered',
  tags TEXT NOT NULL DEFAULT '',    -- comma-separated keys; person_tag indexes them
  notes TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  merged_into BIGINT REFERENCES person(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX person_area ON person(area_code, id);
CREATE INDEX person_name ON person(name, area_code);
CREATE INDEX person_id_rev ON person(id_rev);
CREATE INDEX person_phone ON person(phone);
CREATE INDEX person_phone_rev ON person(phone_rev);
CREATE INDEX person_household ON person(household_id);
CREATE INDEX person_dupkey ON person(name, birth_date, household_id);

CREATE TABLE person_tag (
  person_id BIGINT NOT NULL REFERENCES person(id),
  tag TEXT NOT NULL,
  area_code TEXT @C@ NOT NULL,
  PRIMARY KEY (person_id, tag)
);
CREATE INDEX person_tag_area ON person_tag(tag, area_code);

CREATE TABLE app_user (
  id @ID@,
  username TEXT @C@ NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  area_id BIGINT NOT NULL REFERENCES area(id),
  person_id BIGINT REFERENCES person(id),
  pwhash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  last_login_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Sessions live here, not in a server's memory, so servers share them.
CREATE TABLE user_session (
  id @ID@,
  token_hash TEXT @C@ NOT NULL UNIQUE,  -- BLAKE2b of the token, hex; the token is never stored
  csrf TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  ip TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX user_session_user ON user_session(user_id);

-- Append-only: fangyi has no statement that updates or deletes a row here.
CREATE TABLE audit (
  id @ID@,
  at BIGINT NOT NULL,
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  object_kind TEXT NOT NULL DEFAULT '',
  object_id BIGINT,
  area_code TEXT @C@ NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  ok INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_action ON audit(action, id);
CREATE INDEX audit_username ON audit(username, id);

-- Client-generated keys that make retried creates exactly-once (phones on
-- poor signal).  Modules record the first answer and replay it.
CREATE TABLE idempotency (
  idem_key TEXT @C@ NOT NULL,
  user_id BIGINT NOT NULL,
  route TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (idem_key, user_id)
);

CREATE TABLE import_batch (
  id @ID@,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  encoding TEXT NOT NULL,
  rows_total INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  user_id BIGINT,
  at BIGINT NOT NULL
);
