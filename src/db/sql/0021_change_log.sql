-- 0021_change_log: what changed in each area, for the phones that keep their area offline.
--
-- One row per record a field worker's phone may hold (a person, a household, a key person under
-- observation, a task, a sweep visit) and per area it stood in: `seq` is the sequence number of
-- its latest change, so a record changed a hundred times is one row, and the table is the size of
-- the data, not of its history.  A record that leaves an area (moved to another grid, merged,
-- purged, released from observation, deleted) keeps its row there with gone = 1: the tombstone
-- the old area's phones still read.  The rows are written by triggers on the tables themselves
-- (db_change.c installs them after this script: their text differs between the two databases),
-- so no write path can forget them, the ones still to be written included.
CREATE TABLE change_seq (
  one INTEGER PRIMARY KEY,           -- always 1: the one row
  seq BIGINT NOT NULL                -- the last sequence number given out
);

-- The sequence number is the key (SQLite's rowid): the rows lie in the order a town-wide sync
-- reads them, and a change moves its record's row to the end.
CREATE TABLE change_log (
  seq @ID@,                          -- given by the counter, never by the table
  kind TEXT @C@ NOT NULL,            -- person, household, key_person, task, visit
  id BIGINT NOT NULL,
  area_code TEXT @C@ NOT NULL,       -- the area the record stood in
  gone INTEGER NOT NULL DEFAULT 0    -- 1: it left this area, or is no more
);

-- Every record as it stands now, numbered as read (no sort), appended in key order; the two
-- indexes are built once after.  A million people take a few seconds of CPU (bench/run.sh feed
-- times the upgrade).  What has already left no area needs no tombstone: no phone held it yet.
INSERT INTO change_log (kind, id, area_code, seq, gone)
SELECT kind, id, area_code, ROW_NUMBER() OVER (), 0 FROM (
  SELECT 'person' AS kind, id, area_code FROM person WHERE merged_into IS NULL AND name <> '已清除'
  UNION ALL SELECT 'household', id, area_code FROM household WHERE address NOT LIKE '已清除#%'
  UNION ALL SELECT 'key_person', id, area_code FROM key_person WHERE status = 'active'
  UNION ALL SELECT 'task', id, area_code FROM task WHERE title <> '已清除'
  UNION ALL SELECT 'visit', v.id, v.area_code FROM sweep_visit v
    JOIN sweep_campaign c ON c.id = v.campaign_id AND c.status = 'active' AND v.round = c.round
) AS live;
INSERT INTO change_seq (one, seq) SELECT 1, COUNT(*) FROM change_log;

-- A phone's sync: its area's rows after its cursor.  A grid's first sync reads the grid's few
-- hundred entries of this index, not the town.
CREATE INDEX change_log_area ON change_log (area_code, seq);
-- A record's rows: the triggers' upsert, and the version a stale edit is checked against.
CREATE UNIQUE INDEX change_log_key ON change_log (kind, id, area_code);
