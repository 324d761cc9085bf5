-- 0019_list: lists from higher authorities ("big data": railway and flight passengers, telecom
-- roaming, other towns' referrals), each row matched against the registry once.
--
-- A list belongs to the area of whoever received it (the town, or a village for its own list)
-- and is matched only against the registry of that area.  Its counters are kept as its rows are
-- written, so the list of lists and the page of one never count rows.
CREATE TABLE list_batch (
  id @ID@,
  name TEXT NOT NULL,
  source TEXT NOT NULL,                 -- who sent it: 区指挥部, 铁路, 电信...
  received_on TEXT NOT NULL,            -- YYYY-MM-DD
  high_risk INTEGER NOT NULL DEFAULT 0, -- found people are registered for observation at once
  area_code TEXT @C@ NOT NULL,          -- the receiver's area (a town 430302100000, a village)
  scope TEXT @C@ NOT NULL,              -- its prefix (430302100): whose registry it is matched with
  sha256 TEXT NOT NULL,                 -- of the file: the same file again is the same list
  kind TEXT NOT NULL,                   -- xlsx, xls, csv
  status TEXT NOT NULL,                 -- matching, done, failed
  rows_total INTEGER NOT NULL DEFAULT 0,
  rows_done INTEGER NOT NULL DEFAULT 0,
  already_watched INTEGER NOT NULL DEFAULT 0,
  found INTEGER NOT NULL DEFAULT 0,
  possible INTEGER NOT NULL DEFAULT 0,
  not_found INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  duplicates_in_list INTEGER NOT NULL DEFAULT 0,
  seen_before INTEGER NOT NULL DEFAULT 0, -- matched rows whose person an earlier list named
  tasks INTEGER NOT NULL DEFAULT 0,       -- tasks opened for this list
  registered INTEGER NOT NULL DEFAULT 0,  -- key persons registered from it (high risk)
  error TEXT NOT NULL DEFAULT '',
  user_id BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE UNIQUE INDEX list_batch_file ON list_batch(scope, sha256);
CREATE INDEX list_batch_scope ON list_batch(scope, id);

-- One row of a list as received, its normalised keys, and its verdict.  The person's area is
-- the row's (a secretary sees the rows of her village); a row that found nobody stays with the
-- list's area.
CREATE TABLE list_row (
  id @ID@,
  batch_id BIGINT NOT NULL REFERENCES list_batch(id),
  line INTEGER NOT NULL,
  cells TEXT NOT NULL DEFAULT '',       -- the cells as received, tab-separated
  name TEXT NOT NULL DEFAULT '',
  id_number TEXT @C@,                   -- normalised, NULL when none was usable
  phone TEXT @C@,
  birth_date TEXT,
  arrived_on TEXT,
  left_on TEXT,
  origin TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  class TEXT NOT NULL,                  -- already_watched, found, possible, not_found, refused, duplicates_in_list
  reason TEXT NOT NULL DEFAULT '',      -- by_id, by_phone, by_name_birth, near_*...
  area_code TEXT @C@ NOT NULL,
  person_id BIGINT REFERENCES person(id),
  key_person_id BIGINT REFERENCES key_person(id),
  task_id BIGINT REFERENCES task(id),
  candidates TEXT NOT NULL DEFAULT '',  -- possible: "person_id:reason" separated by commas
  more_candidates INTEGER NOT NULL DEFAULT 0,
  first_line INTEGER,                   -- duplicates_in_list: the line it repeats
  fault_field TEXT NOT NULL DEFAULT '',
  fault_zh TEXT NOT NULL DEFAULT '',
  fault_en TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',    -- possible: confirmed, rejected
  decided_by BIGINT REFERENCES app_user(id),
  decided_at BIGINT
);
CREATE INDEX list_row_batch ON list_row(batch_id, area_code, line);
CREATE INDEX list_row_class ON list_row(batch_id, class, area_code, line);
CREATE INDEX list_row_person ON list_row(person_id, batch_id);

-- A list's rows per area (village, or the list's own) and class, moved with the rows.
CREATE TABLE list_area_count (
  batch_id BIGINT NOT NULL REFERENCES list_batch(id),
  area_code TEXT @C@ NOT NULL,
  class TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (batch_id, area_code, class)
);

-- A person's open task from a list is found by the person, not by scanning tasks.
CREATE INDEX task_person ON task(person_id, source, status);
