-- 0011_sweep_coverage_day: a sweep's coverage at the end of any day, and when a campaign was
-- closed, so that the daily report of a past day gives what had been recorded by the end of it.

-- One row per campaign, round, household area and town-local day (day: the Unix second the day
-- began), moved in the same transaction as sweep_coverage by every visit, on the day the visit is
-- recorded: the day's signed changes of each counter.  The coverage at the end of a past day is
-- the coverage now minus the changes of the days after it.
CREATE TABLE sweep_coverage_day (
  campaign_id BIGINT NOT NULL,
  round INTEGER NOT NULL,
  area_code TEXT @C@ NOT NULL,
  day BIGINT NOT NULL,
  households_reached BIGINT NOT NULL DEFAULT 0,
  persons_reached BIGINT NOT NULL DEFAULT 0,
  not_reached BIGINT NOT NULL DEFAULT 0,
  visits BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, round, area_code, day)
);
-- the rows after a day: what the report of that day takes off the counters
CREATE INDEX sweep_coverage_day_day ON sweep_coverage_day(campaign_id, day);

-- The visits recorded before this migration, replayed as the visit path counts them, on the day
-- each was recorded (created_at) in the town's default zone (UTC+8, no DST).  Within a round a
-- household counts as reached at its first reached visit; it counts as not reached from its first
-- visit when nobody was seen then until that reached visit; a person counts at the visit that
-- first saw them (sweep_person.visit_id); every visit counts as one.
INSERT INTO sweep_coverage_day (campaign_id, round, area_code, day, households_reached,
                                persons_reached, not_reached, visits)
SELECT campaign_id, round, area_code, day, SUM(hr), SUM(pr), SUM(nr), SUM(vs) FROM (
  SELECT v.campaign_id, v.round, v.area_code, (v.created_at + 28800) / 86400 * 86400 - 28800 AS day,
         0 AS hr, 0 AS pr, 0 AS nr, 1 AS vs
  FROM sweep_visit v
  UNION ALL
  SELECT v.campaign_id, v.round, v.area_code, (v.created_at + 28800) / 86400 * 86400 - 28800,
         1, 0, CASE WHEN f.first_id < v.id THEN -1 ELSE 0 END, 0
  FROM (SELECT MIN(id) AS first_id, MIN(CASE WHEN outcome = 'reached' THEN id END) AS reached_id
        FROM sweep_visit GROUP BY campaign_id, round, household_id) f
  JOIN sweep_visit v ON v.id = f.reached_id
  UNION ALL
  SELECT v.campaign_id, v.round, v.area_code, (v.created_at + 28800) / 86400 * 86400 - 28800,
         0, 0, 1, 0
  FROM (SELECT MIN(id) AS first_id FROM sweep_visit GROUP BY campaign_id, round, household_id) f
  JOIN sweep_visit v ON v.id = f.first_id
  WHERE v.outcome <> 'reached'
  UNION ALL
  SELECT v.campaign_id, v.round, v.area_code, (v.created_at + 28800) / 86400 * 86400 - 28800,
         0, 1, 0, 0
  FROM sweep_person p JOIN sweep_visit v ON v.id = p.visit_id
) x GROUP BY campaign_id, round, area_code, day;

-- When the campaign was last closed; NULL while it is active.  A campaign closed before this
-- migration takes the time of the update that closed it from the audit (the first "closed" after
-- its last reopening or new round), else its last update.
ALTER TABLE sweep_campaign ADD COLUMN closed_at BIGINT;
UPDATE sweep_campaign SET closed_at = COALESCE(
  (SELECT MIN(a.at) FROM audit a
   WHERE a.action = 'update' AND a.object_kind = 'sweep' AND a.object_id = sweep_campaign.id
     AND a.detail = 'closed'
     AND a.id > COALESCE((SELECT MAX(b.id) FROM audit b
                          WHERE b.action = 'update' AND b.object_kind = 'sweep'
                            AND b.object_id = sweep_campaign.id AND b.detail <> 'closed'), 0)),
  updated_at)
WHERE status = 'closed';
