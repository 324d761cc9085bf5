-- 0007_sweep: door-to-door sweeps (地毯式排查) and their rounds, visits and hand-offs;
-- publicity (宣传) and the households it reached; gatherings (聚集性活动) and their outcomes.
-- Coverage is kept in counters moved by the visit or action that changes it, so the figures of
-- a town of a million people are a sum over a few dozen rows.

CREATE TABLE sweep_campaign (
  id @ID@,
  name TEXT NOT NULL,
  scope TEXT @C@ NOT NULL,           -- comma-separated area codes: the town, villages or grids
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  questions TEXT NOT NULL,           -- JSON array of QUESTION (docs/API.md)
  round INTEGER NOT NULL DEFAULT 1,  -- the current round; visits are recorded in it
  status TEXT NOT NULL DEFAULT 'active', -- active, closed
  created_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE sweep_round (
  campaign_id BIGINT NOT NULL REFERENCES sweep_campaign(id),
  round INTEGER NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, round)
);

-- One row per door knocked on; never updated.
CREATE TABLE sweep_visit (
  id @ID@,
  campaign_id BIGINT NOT NULL REFERENCES sweep_campaign(id),
  round INTEGER NOT NULL,
  household_id BIGINT NOT NULL REFERENCES household(id),
  area_code TEXT @C@ NOT NULL,       -- the household's area when visited
  outcome TEXT NOT NULL,             -- reached, not_home, refused, moved
  visited_at BIGINT NOT NULL,
  persons INTEGER NOT NULL DEFAULT 0, -- people seen at the door
  answers TEXT NOT NULL DEFAULT '{}', -- JSON: household answers and each person's
  note TEXT NOT NULL DEFAULT '',
  revisit_on TEXT,
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX sweep_visit_household ON sweep_visit(household_id, id);
CREATE INDEX sweep_visit_area ON sweep_visit(campaign_id, area_code, id);

-- Where each household stands in a round: the anti-join of the "not yet reached" list.
CREATE TABLE sweep_household (
  campaign_id BIGINT NOT NULL,
  round INTEGER NOT NULL,
  household_id BIGINT NOT NULL,
  area_code TEXT @C@ NOT NULL,
  status TEXT NOT NULL,              -- reached, not_home, refused, moved
  attempts INTEGER NOT NULL DEFAULT 0,
  last_visit_id BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  revisit_on TEXT,
  PRIMARY KEY (campaign_id, round, household_id)
);

-- Each person seen once per round: the people-reached counter counts first sightings only.
CREATE TABLE sweep_person (
  campaign_id BIGINT NOT NULL,
  round INTEGER NOT NULL,
  person_id BIGINT NOT NULL,
  visit_id BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, round, person_id)
);

-- Maintained with every visit: per campaign, round and area (a household's area, a grid).
CREATE TABLE sweep_coverage (
  campaign_id BIGINT NOT NULL,
  round INTEGER NOT NULL,
  area_code TEXT @C@ NOT NULL,
  households_reached BIGINT NOT NULL DEFAULT 0,
  persons_reached BIGINT NOT NULL DEFAULT 0,
  not_reached BIGINT NOT NULL DEFAULT 0, -- knocked on, nobody seen yet: a revisit is due
  visits BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, round, area_code)
);

-- A risk found at the door, handed to monitoring or to a task.
CREATE TABLE sweep_handoff (
  id @ID@,
  visit_id BIGINT NOT NULL REFERENCES sweep_visit(id),
  person_id BIGINT REFERENCES person(id),
  question TEXT NOT NULL,
  kind TEXT NOT NULL,                -- monitor, task
  key_person_id BIGINT,
  task_id BIGINT,
  status TEXT NOT NULL               -- created, already (under observation before the visit)
);
CREATE INDEX sweep_handoff_visit ON sweep_handoff(visit_id);

CREATE TABLE publicity (
  id @ID@,
  kind TEXT NOT NULL,                -- loudspeaker, wechat_group, banner, poster, patrol_car, leaflet, call
  area_code TEXT @C@ NOT NULL,       -- who recorded it, and where
  title TEXT NOT NULL,               -- the group's name, the slogan, the route's name
  happened_on TEXT NOT NULL,
  quantity INTEGER NOT NULL DEFAULT 0, -- banners, posters, leaflets; a group's members
  route TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  households INTEGER NOT NULL DEFAULT 0, -- households it lists
  user_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX publicity_area ON publicity(area_code, id);

-- The areas an action covers as a whole (a loudspeaker route, a banner, a patrol-car run).
CREATE TABLE publicity_cover (
  publicity_id BIGINT NOT NULL REFERENCES publicity(id),
  area_code TEXT @C@ NOT NULL,
  PRIMARY KEY (publicity_id, area_code)
);

-- The households an action lists (a WeChat group's members, calls, leaflets at the door).
CREATE TABLE publicity_reach (
  publicity_id BIGINT NOT NULL REFERENCES publicity(id),
  household_id BIGINT NOT NULL REFERENCES household(id),
  PRIMARY KEY (publicity_id, household_id)
);

-- Maintained: households reached by at least one listing action.
CREATE TABLE publicity_household (
  household_id BIGINT PRIMARY KEY,
  area_code TEXT @C@ NOT NULL,
  actions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX publicity_household_area ON publicity_household(area_code);

-- Maintained per area (a household's area): actions covering it whole, and listed households.
CREATE TABLE publicity_area_count (
  area_code TEXT @C@ PRIMARY KEY,
  cover_actions INTEGER NOT NULL DEFAULT 0,
  households_listed BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE gathering (
  id @ID@,
  kind TEXT NOT NULL,                -- wedding, funeral, birthday, temple_fair, other
  host_person_id BIGINT NOT NULL REFERENCES person(id),
  area_code TEXT @C@ NOT NULL,       -- the host's area: jurisdiction
  planned_on TEXT NOT NULL,
  place TEXT NOT NULL,
  expected_guests INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT 'pending', -- pending, cancelled, postponed, simplified, held
  postponed_to TEXT,
  guests INTEGER,                    -- who came (simplified, held)
  held_reason TEXT NOT NULL DEFAULT '',
  approved_by TEXT NOT NULL DEFAULT '',
  persuaded_by TEXT NOT NULL DEFAULT '',
  persuaded_at BIGINT,
  outcome_note TEXT NOT NULL DEFAULT '',
  outcome_at BIGINT,
  outcome_user_id BIGINT,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX gathering_area ON gathering(area_code, planned_on);
CREATE INDEX gathering_planned ON gathering(planned_on);
