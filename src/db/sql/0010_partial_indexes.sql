-- 0010_partial_indexes: the indexes that find a plate or a person again at a post hold only the
-- rows that can be found.  Most people at a toll gate give a temperature and nothing else, and a
-- pedestrian has no plate: an index entry for them costs every screening a write and finds nobody.
DROP INDEX screening_plate;
CREATE INDEX screening_plate ON screening(post_id, plate, at) WHERE plate <> '';
DROP INDEX screened_person_idnum;
CREATE INDEX screened_person_idnum ON screened_person(post_id, id_number, at) WHERE id_number IS NOT NULL;
DROP INDEX screened_person_phone;
CREATE INDEX screened_person_phone ON screened_person(post_id, phone, name, at) WHERE phone IS NOT NULL;
