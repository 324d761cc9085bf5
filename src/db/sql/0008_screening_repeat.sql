-- 0008_screening_repeat: a pedestrian seen again in the same shift is found by who they are; a
-- screened person says where in the town they live; a hand-off names the registry person (added
-- by the screening when they were not in it) and the health check it recorded.

-- The post and time of the screening on each of its people, so that one person's earlier
-- screenings at a post are a range of one index: by ID number, or by phone and name when the
-- ID number was not given.
ALTER TABLE screened_person ADD COLUMN post_id BIGINT REFERENCES duty_post(id);
ALTER TABLE screened_person ADD COLUMN at BIGINT;
ALTER TABLE screened_person ADD COLUMN lives_in TEXT @C@;  -- area code of a village or grid of the town
UPDATE screened_person SET
  post_id = (SELECT s.post_id FROM screening s WHERE s.id = screened_person.screening_id),
  at = (SELECT s.at FROM screening s WHERE s.id = screened_person.screening_id);
CREATE INDEX screened_person_idnum ON screened_person(post_id, id_number, at);
CREATE INDEX screened_person_phone ON screened_person(post_id, phone, name, at);

ALTER TABLE screening_handoff ADD COLUMN person_id BIGINT REFERENCES person(id);
ALTER TABLE screening_handoff ADD COLUMN registered INTEGER NOT NULL DEFAULT 0; -- added to the registry by the screening
ALTER TABLE screening_handoff ADD COLUMN check_id BIGINT REFERENCES health_check(id); -- the reading on a key person's record
