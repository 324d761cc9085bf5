-- registry.sql: a fangyi database's residents in the columns of bench/match/gen.mjs's registry
-- (id,id_number,phone,name,birth,village,watched), for `sqlite3 -separator ,`: the list of the
-- lists bench is drawn from the people the match will be run against.
SELECT p.id, COALESCE(p.id_number, ''), COALESCE(p.phone, ''), p.name, COALESCE(p.birth_date, ''),
	p.area_code,
	EXISTS (SELECT 1 FROM key_person k WHERE k.person_id = p.id AND k.status = 'active')
FROM person p
WHERE p.merged_into IS NULL
ORDER BY p.id;
