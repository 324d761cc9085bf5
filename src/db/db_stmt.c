/* db_stmt.c: the text of every statement, in the subset SQLite and PostgreSQL share. */
#include "db_internal.h"

/* The village of a grid (15 digits), joined as va: a grid's name ("2组") is ambiguous without it.
 * One lookup by the area code's index per row; NULL for an area that is not a grid. */
#define VILLAGE_OF(col) \
	"LEFT JOIN area va ON va.code = substr(" col ", 1, 12) AND length(" col ") = 15 "
#define VILLAGE_NAME "COALESCE(va.name, '') "

#define PERSON_COLS                                                                               \
	"p.id, p.name, p.id_number, p.phone, p.gender, p.birth_date, p.household_id, h.address, " \
	"p.relation, p.area_id, p.area_code, a.name, p.residence, p.tags, p.notes, p.is_demo, "   \
	"p.merged_into, p.created_at, p.updated_at, " VILLAGE_NAME                                \
	"FROM person p JOIN area a ON a.id = p.area_id " VILLAGE_OF("p.area_code")                \
	"LEFT JOIN household h ON h.id = p.household_id "

#define HOUSEHOLD_COLS                                                                            \
	"h.id, h.area_id, h.area_code, a.name, h.address, h.head_id, hp.name, h.members, "        \
	"h.notes, h.is_demo, h.created_at, h.updated_at, " VILLAGE_NAME                           \
	"FROM household h JOIN area a ON a.id = h.area_id " VILLAGE_OF("h.area_code")             \
	"LEFT JOIN person hp ON hp.id = h.head_id "

#define USER_COLS                                                                                 \
	"u.id, u.username, u.display_name, u.role, u.area_id, a.code, a.name, a.level, "          \
	"u.disabled, u.failed_logins, u.locked_until, u.last_login_at, u.created_at, u.pwhash, "  \
	"u.phone "

#define AREA_COLS                                                                                 \
	"a.id, a.code, a.name, a.level, a.kind, a.parent_id, pa.code, a.persons, a.households "   \
	"FROM area a LEFT JOIN area pa ON pa.id = a.parent_id "

/* The kinds of audit rows whose object is a resident or a record about one: the purge keeps
 * who did what to them, not to whom (db_audit_purge_subjects). */
#define AUDIT_RESIDENT_KINDS                                                                      \
	"'person', 'household', 'key_person', 'health_check', 'alert', 'tip', 'task', "          \
	"'screening', 'sweep_visit', 'gathering', 'duty_member', 'duty_leave', 'publicity_photo'"

/*
 * Person search.  Each OR branch is an index range or an equality (unused
 * branches get the empty range '' to '', or NULL), and only what search.h
 * lets through reaches them: a name prefix, a whole ID number or phone, or
 * the 4 last digits as a prefix of the reversed columns, never a number's
 * prefix.  The matches are capped at SEARCH_CAP + 1 in a
 * subquery with a literal LIMIT: with a bound LIMIT and ORDER BY id, SQLite
 * would rather walk the whole table in id order.  The scope test is written
 * `(s.area_code || '') >= ?` so that SQLite does not pick the scope index
 * either.  A broad search ("王", "5678") stops at the cap; the API says so.
 */
#define PERSON_MATCHES                                                                            \
	"SELECT s.id FROM person s "                                                              \
	"WHERE (s.area_code || '') >= ? AND (s.area_code || '') < ? AND s.merged_into IS NULL "   \
	"AND ((s.name >= ? AND s.name < ?) OR s.id_number = ? "                                   \
	"OR (s.id_rev >= ? AND s.id_rev < ?) OR s.phone = ? "                                     \
	"OR (s.phone_rev >= ? AND s.phone_rev < ?)) LIMIT 1001"

/*
 * The same inside one grid (a few hundred households): walking the grid's
 * people is cheaper than walking every 王 in town, so here it is the search
 * columns that are hidden from the planner with `|| ''`.
 */
#define PERSON_MATCHES_GRID                                                                       \
	"SELECT s.id FROM person s "                                                              \
	"WHERE s.area_code >= ? AND s.area_code < ? AND s.merged_into IS NULL "                   \
	"AND (((s.name || '') >= ? AND (s.name || '') < ?) "                                      \
	"OR (s.id_number || '') = ? "                                                             \
	"OR ((s.id_rev || '') >= ? AND (s.id_rev || '') < ?) "                                    \
	"OR (s.phone || '') = ? "                                                                 \
	"OR ((s.phone_rev || '') >= ? AND (s.phone_rev || '') < ?)) LIMIT 1001"

#define STAFF_NAME(u) "COALESCE(NULLIF(" u ".display_name, ''), " u ".username)"

#define KP_COLS                                                                                   \
	"k.id, k.person_id, p.name, p.id_number, p.phone, p.gender, p.birth_date, h.address, "    \
	"k.area_code, a.name, "                                                                   \
	"k.reason, k.reason_detail, k.from_place, k.left_on, k.arrived_on, k.transport, "         \
	"k.transport_no, k.found_by, k.kind, k.site, k.start_date, k.end_date, k.status, k.days, " \
	"k.grid_worker_id, " STAFF_NAME("gu") ", gu.phone, k.doctor_id, " STAFF_NAME("du") ", "   \
	"du.phone, k.self_code_hash, k.last_check_id, k.open_alerts, k.released_at, "             \
	"k.release_kind, k.created_by, k.created_at, "                                            \
	"c.id, c.taken_at, c.day, c.slot, c.temp_tenths, c.symptoms, c.symptom_other, c.method, " \
	"c.abnormal, c.recorded_by, c.recorded_at, " STAFF_NAME("lu") ", " VILLAGE_NAME           \
	"FROM key_person k JOIN person p ON p.id = k.person_id JOIN area a ON a.code = k.area_code " \
	VILLAGE_OF("k.area_code")                                                                 \
	"LEFT JOIN household h ON h.id = p.household_id "                                         \
	"LEFT JOIN app_user gu ON gu.id = k.grid_worker_id "                                      \
	"LEFT JOIN app_user du ON du.id = k.doctor_id "                                           \
	"LEFT JOIN health_check c ON c.id = k.last_check_id "                                     \
	"LEFT JOIN app_user lu ON lu.id = c.recorded_by "

#define KP_LIST_WHERE                                                                             \
	"WHERE k.area_code >= ? AND k.area_code < ? AND (k.status = ? OR ? = '') "                \
	"AND ((p.name >= ? AND p.name < ?) OR ? = '') "                                           \
	"AND (k.grid_worker_id = ? OR k.doctor_id = ? OR ? = 0) "

#define CHECK_COLS                                                                                \
	"c.id, c.key_person_id, c.area_code, c.taken_at, c.day, c.slot, c.temp_tenths, "          \
	"c.symptoms, c.symptom_other, c.method, c.abnormal, c.recorded_by, " STAFF_NAME("u") ", " \
	"c.recorded_at FROM health_check c LEFT JOIN app_user u ON u.id = c.recorded_by "

#define ALERT_COLS                                                                                \
	"al.id, al.key_person_id, al.check_id, al.area_code, a.name, p.name, al.raised_at, "     \
	"al.reason, al.status, al.hospital, al.referred_at, al.transport, al.result, "            \
	"al.closed_at, al.closed_by, " STAFF_NAME("u") ", al.note, " VILLAGE_NAME                 \
	"FROM alert al JOIN key_person k ON k.id = al.key_person_id "                             \
	"JOIN person p ON p.id = k.person_id JOIN area a ON a.code = al.area_code "               \
	VILLAGE_OF("al.area_code")                                                                \
	"LEFT JOIN app_user u ON u.id = al.closed_by "

#define ALERT_LIST_WHERE                                                                          \
	"WHERE al.area_code >= ? AND al.area_code < ? "                                           \
	"AND ((al.status <> 'closed' AND ? = 1) OR (al.status = 'closed' AND ? = 0) OR ? = -1) "  \
	"AND (al.key_person_id = ? OR ? = 0) "

#define TIP_COLS                                                                                  \
	"t.id, t.code, t.kind, t.area_code, a.name, t.address, t.happened, t.description, "       \
	"t.reporter_name, t.reporter_phone, t.anonymous, t.status, t.triage, t.duplicate_of, "    \
	"t.task_id, t.public_result, t.created_at, t.handled_at, " VILLAGE_NAME                   \
	"FROM tip t JOIN area a ON a.code = t.area_code " VILLAGE_OF("t.area_code")

#define TASK_COLS                                                                                 \
	"t.id, t.title, t.description, t.area_code, a.name, t.person_id, p.name, t.owner_id, "    \
	STAFF_NAME("o") ", t.assigned_by, " STAFF_NAME("b") ", t.deadline, t.priority, "          \
	"t.source, t.source_id, t.status, t.result, t.evidence, t.created_at, t.done_at, "        \
	"t.verified_at, " VILLAGE_NAME                                                            \
	"FROM task t JOIN area a ON a.code = t.area_code LEFT JOIN person p ON p.id = t.person_id " \
	VILLAGE_OF("t.area_code")                                                                 \
	"JOIN app_user o ON o.id = t.owner_id JOIN app_user b ON b.id = t.assigned_by "

#define TASK_LIST_WHERE                                                                           \
	"WHERE ((t.area_code >= ? AND t.area_code < ?) OR t.owner_id = ?) "                       \
	"AND (t.owner_id = ? OR ? = 0) AND (t.status = ? OR ? = '') "                             \
	"AND (? = 0 OR (t.deadline < ? AND t.status <> 'done' AND t.status <> 'verified')) "

/*
 * What a user who may not read the registry (a checkpoint) sees of the tasks: the tasks they
 * own, and the hand-offs of screenings at a post in their area (a task records its origin as
 * source 'checkpoint' and the screening's id, and the screening's hand-off row names it back).
 * Same parameters as TASK_LIST_WHERE.
 */
#define TASK_OF_POST                                                                              \
	"(t.source = 'checkpoint' AND EXISTS (SELECT 1 FROM screening_handoff h "                 \
	"JOIN screening x ON x.id = h.screening_id WHERE h.screening_id = t.source_id "            \
	"AND h.task_id = t.id AND x.area_code >= ? AND x.area_code < ?))"
#define TASK_POST_WHERE                                                                           \
	"WHERE (" TASK_OF_POST " OR t.owner_id = ?) "                                             \
	"AND (t.owner_id = ? OR ? = 0) AND (t.status = ? OR ? = '') "                             \
	"AND (? = 0 OR (t.deadline < ? AND t.status <> 'done' AND t.status <> 'verified')) "

/* checkpoints and duty rosters */
#define DUTY_POST_COLS                                                                            \
	"d.id, d.name, d.place, d.area_code, a.name, d.kind, d.hours_start, d.hours_end, "        \
	"d.province, d.phone, d.handoff_user_id, d.active, d.created_at "                         \
	"FROM duty_post d JOIN area a ON a.code = d.area_code "
#define DUTY_MEMBER_COLS                                                                          \
	"m.id, m.team_id, t.post_id, m.person_id, m.user_id, m.name, m.phone, m.kind, "           \
	"m.party_member, m.leader, m.active FROM duty_member m JOIN duty_team t ON t.id = m.team_id "
#define DUTY_SHIFT_COLS                                                                           \
	"s.id, s.post_id, s.pattern_id, s.team_id, t.name, s.starts_at, s.ends_at, s.day "        \
	"FROM duty_shift s LEFT JOIN duty_team t ON t.id = s.team_id "
#define DUTY_HANDOVER_COLS                                                                        \
	"h.id, h.post_id, h.shift_id, h.vehicles, h.people, h.abnormal, h.handoffs, h.incidents, " \
	"h.note, h.masks, h.batteries, h.written_by, h.written_at, h.confirmed_by, "              \
	"h.confirmed_at, " STAFF_NAME("wu") ", " STAFF_NAME("cu") ", h.confirm_note, "           \
	"s.starts_at, s.ends_at, t.name, h.arriving_shift_id, h.confirm_as FROM duty_handover h " \
	"JOIN duty_shift s ON s.id = h.shift_id LEFT JOIN duty_team t ON t.id = s.team_id "       \
	"JOIN app_user wu ON wu.id = h.written_by LEFT JOIN app_user cu ON cu.id = h.confirmed_by "
#define DUTY_LEAVE_COLS                                                                           \
	"l.id, l.post_id, l.member_id, m.team_id, m.name, l.from_day, l.to_day, l.reason, "        \
	"l.created_by, " STAFF_NAME("u") ", l.created_at, l.cancelled_at, "                       \
	"(SELECT COUNT(*) FROM duty_change c WHERE c.leave_id = l.id) FROM duty_leave l "          \
	"JOIN duty_member m ON m.id = l.member_id LEFT JOIN app_user u ON u.id = l.created_by "
#define SCREENING_COLS                                                                            \
	"x.id, x.post_id, x.shift_id, d.name, x.area_code, x.at, x.day, x.kind, x.plate, "        \
	"x.plate_kind, x.vehicle_kind, x.direction, x.people, x.abnormal, x.high_risk, "          \
	"x.handoffs, x.repeat_of, x.note, x.recorded_by, " STAFF_NAME("u") ", x.recorded_at "     \
	"FROM screening x JOIN duty_post d ON d.id = x.post_id "                                  \
	"LEFT JOIN app_user u ON u.id = x.recorded_by "

const char *const stmts[STMT__MAX] = {
	[ST_SETTING_GET] = "SELECT value FROM setting WHERE key = ?",
	[ST_SETTING_PUT] = "INSERT INTO setting (key, value) VALUES (?, ?) "
			   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",

	[ST_AREA_INSERT] = "INSERT INTO area (code, name, level, kind, parent_id, created_at) "
			   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_AREA_GET_BY_CODE] = "SELECT " AREA_COLS "WHERE a.code = ?",
	[ST_AREA_GET_BY_ID] = "SELECT " AREA_COLS "WHERE a.id = ?",
	[ST_AREA_FIND_BY_NAME] = "SELECT " AREA_COLS "WHERE a.name = ? ORDER BY a.code LIMIT 10",
	[ST_AREA_LIST_SCOPE] = "SELECT " AREA_COLS "WHERE (a.code >= ? AND a.code < ?) "
			       "OR a.code IN (?, ?, ?) ORDER BY a.code",
	[ST_AREA_CHILD_MAX_CODE] = "SELECT MAX(code) FROM area WHERE parent_id = ?",
	[ST_AREA_ADD_COUNTS] = "UPDATE area SET persons = persons + ?, households = households + ? "
			       "WHERE id = ?",
	[ST_AREA_SUM_SCOPE] = "SELECT COALESCE(SUM(persons), 0), COALESCE(SUM(households), 0) "
			      "FROM area WHERE code >= ? AND code < ?",

	[ST_HOUSEHOLD_INSERT] = "INSERT INTO household (area_id, area_code, address, head_id, "
				"notes, is_demo, created_at, updated_at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_HOUSEHOLD_GET] = "SELECT " HOUSEHOLD_COLS "WHERE h.id = ?",
	[ST_HOUSEHOLD_FIND] = "SELECT " HOUSEHOLD_COLS "WHERE h.area_id = ? AND h.address = ?",
	[ST_HOUSEHOLD_UPDATE] = "UPDATE household SET address = ?, head_id = ?, notes = ?, "
				"updated_at = ? WHERE id = ?",
	[ST_HOUSEHOLD_ADD_MEMBERS] = "UPDATE household SET members = members + ? WHERE id = ?",
	[ST_HOUSEHOLD_LIST] = "SELECT " HOUSEHOLD_COLS "WHERE h.area_code >= ? AND h.area_code < ? "
			      "ORDER BY h.area_code, h.id LIMIT ? OFFSET ?",
	[ST_HOUSEHOLD_SEARCH] = "SELECT " HOUSEHOLD_COLS
				"WHERE (h.area_code || '') >= ? AND (h.area_code || '') < ? "
				"AND h.address >= ? AND h.address < ? "
				"ORDER BY h.address, h.id LIMIT ? OFFSET ?",
	[ST_HOUSEHOLD_SEARCH_COUNT] = "SELECT COUNT(*) FROM household h "
				      "WHERE (h.area_code || '') >= ? AND (h.area_code || '') < ? "
				      "AND h.address >= ? AND h.address < ?",
	[ST_HOUSEHOLD_AREA_CODE] = "SELECT area_code FROM household WHERE id = ?",

	[ST_PERSON_INSERT] = "INSERT INTO person (name, id_number, id_rev, phone, phone_rev, gender, "
			     "birth_date, household_id, relation, area_id, area_code, residence, tags, "
			     "notes, is_demo, created_at, updated_at) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_PERSON_UPDATE] = "UPDATE person SET name = ?, id_number = ?, id_rev = ?, phone = ?, "
			     "phone_rev = ?, gender = ?, birth_date = ?, household_id = ?, "
			     "relation = ?, area_id = ?, area_code = ?, residence = ?, tags = ?, "
			     "notes = ?, updated_at = ? WHERE id = ?",
	[ST_PERSON_GET] = "SELECT " PERSON_COLS "WHERE p.id = ?",
	[ST_PERSON_GET_BY_IDNUM] = "SELECT " PERSON_COLS "WHERE p.id_number = ?",
	[ST_PERSON_FIND_NOID] = "SELECT " PERSON_COLS
				"WHERE p.name = ? AND p.household_id = ? AND p.id_number IS NULL "
				"AND p.merged_into IS NULL AND COALESCE(p.birth_date, '') = ? "
				"ORDER BY p.id LIMIT 1",
	[ST_PERSON_AREA_CODE] = "SELECT area_code FROM person WHERE id = ?",
	[ST_PERSON_LIST] = "SELECT " PERSON_COLS
			   "WHERE p.area_code >= ? AND p.area_code < ? AND p.merged_into IS NULL "
			   "ORDER BY p.area_code, p.id LIMIT ? OFFSET ?",
	[ST_PERSON_SEARCH] = "SELECT " PERSON_COLS "JOIN (" PERSON_MATCHES ") m ON m.id = p.id "
			     "ORDER BY m.id LIMIT ? OFFSET ?",
	[ST_PERSON_SEARCH_COUNT] = "SELECT COUNT(*) FROM (" PERSON_MATCHES ") m",
	[ST_PERSON_SEARCH_GRID] = "SELECT " PERSON_COLS "JOIN (" PERSON_MATCHES_GRID ") m ON m.id = p.id "
				  "ORDER BY m.id LIMIT ? OFFSET ?",
	[ST_PERSON_SEARCH_GRID_COUNT] = "SELECT COUNT(*) FROM (" PERSON_MATCHES_GRID ") m",
	[ST_PERSON_BY_HOUSEHOLD] = "SELECT " PERSON_COLS
				   "WHERE p.household_id = ? AND p.merged_into IS NULL "
				   "AND p.area_code >= ? AND p.area_code < ? "
				   "ORDER BY p.id LIMIT ? OFFSET ?",
	[ST_PERSON_BY_TAG] = "SELECT " PERSON_COLS "JOIN person_tag t ON t.person_id = p.id "
			     "WHERE t.tag = ? AND t.area_code >= ? AND t.area_code < ? "
			     "AND p.merged_into IS NULL ORDER BY t.area_code, p.id LIMIT ? OFFSET ?",
	[ST_PERSON_BY_TAG_COUNT] = "SELECT COUNT(*) FROM person_tag t JOIN person p ON p.id = t.person_id "
				   "WHERE t.tag = ? AND t.area_code >= ? AND t.area_code < ? "
				   "AND p.merged_into IS NULL",
	/* two live people of one household with the same name and birth date, one of them at
	 * least without an ID number: found from the people without one (the NULLs of the
	 * id_number index, a few in a hundred), never by reading the whole area; a household's
	 * people share its area, so both sides lie in the scope */
	[ST_PERSON_DUPLICATES] =
		"SELECT " PERSON_COLS "WHERE p.id IN ("
		"SELECT n.id FROM person n WHERE n.id_number IS NULL AND n.merged_into IS NULL "
		"AND n.household_id IS NOT NULL AND n.area_code >= ? AND n.area_code < ? "
		"AND EXISTS (SELECT 1 FROM person o WHERE o.household_id = n.household_id "
		"AND o.name = n.name AND o.id <> n.id AND o.merged_into IS NULL "
		"AND COALESCE(o.birth_date, '') = COALESCE(n.birth_date, '')) "
		"UNION SELECT o.id FROM person n JOIN person o ON o.household_id = n.household_id "
		"AND o.name = n.name AND o.id <> n.id "
		"WHERE n.id_number IS NULL AND n.merged_into IS NULL AND n.household_id IS NOT NULL "
		"AND n.area_code >= ? AND n.area_code < ? AND o.merged_into IS NULL "
		"AND COALESCE(o.birth_date, '') = COALESCE(n.birth_date, '')) "
		"ORDER BY p.name, p.birth_date, p.household_id, p.id LIMIT ?",
	[ST_PERSON_MERGE] = "UPDATE person SET merged_into = ?, updated_at = ? "
			    "WHERE id = ? AND merged_into IS NULL",
	[ST_PERSON_REPOINT_HEAD] = "UPDATE household SET head_id = ? WHERE head_id = ?",
	[ST_PERSON_TAG_DELETE] = "DELETE FROM person_tag WHERE person_id = ?",
	[ST_PERSON_TAG_INSERT] = "INSERT INTO person_tag (person_id, tag, area_code) VALUES (?, ?, ?) "
				 "ON CONFLICT (person_id, tag) DO NOTHING",

	[ST_USER_INSERT] = "INSERT INTO app_user (username, display_name, role, area_id, pwhash, "
			   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_USER_GET_BY_NAME] = "SELECT " USER_COLS
				"FROM app_user u JOIN area a ON a.id = u.area_id WHERE u.username = ?",
	[ST_USER_GET] = "SELECT " USER_COLS "FROM app_user u JOIN area a ON a.id = u.area_id "
			"WHERE u.id = ?",
	[ST_USER_LIST] = "SELECT " USER_COLS "FROM app_user u JOIN area a ON a.id = u.area_id "
			 "ORDER BY u.id LIMIT ? OFFSET ?",
	[ST_USER_COUNT] = "SELECT COUNT(*) FROM app_user",
	[ST_USER_SET_PASSWORD] = "UPDATE app_user SET pwhash = ?, failed_logins = 0, locked_until = 0, "
				 "updated_at = ? WHERE id = ?",
	[ST_USER_SET_DISABLED] = "UPDATE app_user SET disabled = ?, updated_at = ? WHERE id = ?",
	[ST_USER_SET_DISPLAY] = "UPDATE app_user SET display_name = ?, updated_at = ? WHERE id = ?",
	[ST_USER_LOGIN_OK] = "UPDATE app_user SET last_login_at = ? WHERE id = ?",
	[ST_THROTTLE_GET] = "SELECT failures, last_at, wait_until FROM throttle "
			    "WHERE kind = ? AND name = ? AND ip = ?",
	[ST_THROTTLE_PUT] = "INSERT INTO throttle (kind, name, ip, failures, last_at, wait_until) "
			    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, name, ip) DO UPDATE SET "
			    "failures = excluded.failures, last_at = excluded.last_at, "
			    "wait_until = excluded.wait_until",
	[ST_THROTTLE_CLEAR] = "DELETE FROM throttle WHERE kind = ? AND name = ? AND ip = ?",
	[ST_THROTTLE_PRUNE] = "DELETE FROM throttle WHERE last_at < ? AND wait_until < ?",

	[ST_SESSION_INSERT] = "INSERT INTO user_session (token_hash, csrf, user_id, ip, created_at, expires_at) "
			      "VALUES (?, ?, ?, ?, ?, ?)",
	[ST_SESSION_LOOKUP] = "SELECT s.id, s.csrf, s.expires_at, s.revoked_at, " USER_COLS
			      "FROM user_session s JOIN app_user u ON u.id = s.user_id "
			      "JOIN area a ON a.id = u.area_id WHERE s.token_hash = ?",
	[ST_SESSION_REVOKE] = "UPDATE user_session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
	[ST_SESSION_REVOKE_USER] = "UPDATE user_session SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",

	/* the id comes from audit_head (ST_AUDIT_HEAD_TAKE): the hash covers it */
	[ST_AUDIT_INSERT] = "INSERT INTO audit (id, seq, at, user_id, username, ip, action, object_kind, "
			    "object_id, area_code, detail, ok, serial, subject_hash, hash) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[ST_AUDIT_LIST] = "SELECT id, at, user_id, username, ip, action, object_kind, object_id, "
			  "area_code, detail, ok, seq, serial, subject_purged FROM audit "
			  "WHERE (action = ? OR ? = '') AND (username = ? OR ? = '') "
			  "AND (serial = ? OR ? = '') "
			  "ORDER BY id DESC LIMIT ? OFFSET ?",
	[ST_AUDIT_COUNT] = "SELECT COUNT(*) FROM audit WHERE (action = ? OR ? = '') "
			   "AND (username = ? OR ? = '') AND (serial = ? OR ? = '')",
	/* PostgreSQL: the row lock this takes is held to the end of the transaction, so inserts
	 * chain one at a time (SQLite's write lock does that already: it reads with HEAD_GET,
	 * without the temporary table SQLite answers RETURNING through) */
	[ST_AUDIT_HEAD_TAKE] = "UPDATE audit_head SET seq = seq + 1, last_id = last_id + 1 WHERE one = 1 "
			       "RETURNING seq, last_id, hash",
	[ST_AUDIT_HEAD_GET] = "SELECT seq, last_id, hash FROM audit_head WHERE one = 1",
	[ST_AUDIT_HEAD_PUT] = "UPDATE audit_head SET seq = ?, last_id = ?, hash = ? WHERE one = 1",
	[ST_AUDIT_UNSEALED] = "SELECT id, at, user_id, username, ip, action, object_kind, object_id, "
			      "area_code, detail, ok, serial FROM audit WHERE seq IS NULL AND id > ? ORDER BY id LIMIT ?",
	[ST_AUDIT_SEAL] = "UPDATE audit SET seq = ?, subject_hash = ?, hash = ? WHERE id = ?",
	[ST_AUDIT_CHAIN] = "SELECT seq, id, at, user_id, username, ip, action, object_kind, object_id, "
			   "area_code, detail, ok, serial, subject_hash, subject_purged, hash FROM audit "
			   "WHERE seq > ? ORDER BY seq LIMIT ?",
	[ST_AUDIT_UNCHAINED] = "SELECT id FROM audit WHERE seq IS NULL ORDER BY id LIMIT 1",
	[ST_AUDIT_CUTOFFS] = "SELECT detail FROM audit WHERE action = ? ORDER BY id",
	[ST_AUDIT_PURGE_SUBJECTS] = "UPDATE audit SET object_id = NULL, detail = '', subject_purged = 1 "
				    "WHERE at < ? AND subject_purged = 0 AND object_kind IN (" AUDIT_RESIDENT_KINDS ") "
				    "RETURNING id",
	/* one user's rows of one action since a time: how often they searched by number lately
	 * (audit_user_action, migration 0016) */
	[ST_AUDIT_COUNT_USER] = "SELECT COUNT(*) FROM audit WHERE user_id = ? AND action = ? AND at >= ?",
	[ST_IMPORT_INSERT] = "INSERT INTO import_batch (kind, sha256, encoding, rows_total, created, "
			     "updated, unchanged, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* backups and the purge */
	[ST_BACKUP_INSERT] = "INSERT INTO backup (path, backend, at) VALUES (?, ?, ?)",
	[ST_BACKUP_LIST] = "SELECT id, path, backend, at, purged_at FROM backup ORDER BY id",
	[ST_BACKUP_PURGED] = "UPDATE backup SET purged_at = ? WHERE id = ?",
	/* the one registry row the purged records of monitoring and gatherings point to: at the
	 * top of the area tree, merged into itself so that no list, search or count shows it */
	[ST_PURGE_PERSON_INSERT] = "INSERT INTO person (name, area_id, area_code, created_at, updated_at) "
				   "SELECT '已清除', id, code, ?, ? FROM area ORDER BY level, id LIMIT 1 "
				   "RETURNING id",
	[ST_PURGE_PERSON_SELF] = "UPDATE person SET merged_into = id WHERE id = ?",
	[ST_PURGE_PHOTO_RECOUNT] = "UPDATE publicity SET photos = (SELECT COUNT(*) FROM publicity_photo f "
				   "WHERE f.publicity_id = publicity.id) WHERE photos <> (SELECT COUNT(*) "
				   "FROM publicity_photo f WHERE f.publicity_id = publicity.id)",
	[ST_PURGE_KEPT_ACTIVE] = "SELECT COUNT(*) FROM key_person WHERE status = 'active' AND updated_at < ?",

	[ST_KP_INSERT] = "INSERT INTO key_person (person_id, area_code, reason, reason_detail, "
			 "from_place, left_on, arrived_on, transport, transport_no, found_by, kind, site, "
			 "start_date, days, end_date, status, grid_worker_id, doctor_id, self_code_hash, "
			 "created_by, created_at, updated_at) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_KP_GET] = "SELECT " KP_COLS "WHERE k.id = ?",
	[ST_KP_UPDATE] = "UPDATE key_person SET kind = ?, site = ?, days = ?, end_date = ?, status = ?, "
			 "grid_worker_id = ?, doctor_id = ?, released_at = ?, release_kind = ?, "
			 "updated_at = ? WHERE id = ?",
	[ST_KP_AREA_CODE] = "SELECT area_code FROM key_person WHERE id = ?",
	[ST_KP_ACTIVE_OF_PERSON] = "SELECT id FROM key_person WHERE person_id = ? AND status = 'active'",
	[ST_KP_BY_CODE] = "SELECT id FROM key_person WHERE self_code_hash = ?",
	[ST_KP_SET_CODE] = "UPDATE key_person SET self_code_hash = ?, updated_at = ? WHERE id = ?",
	[ST_KP_LIST] = "SELECT " KP_COLS KP_LIST_WHERE "ORDER BY k.id DESC LIMIT ? OFFSET ?",
	[ST_KP_COUNT] = "SELECT COUNT(*) FROM key_person k JOIN person p ON p.id = k.person_id "
			KP_LIST_WHERE,
	[ST_KP_ALL] = "SELECT " KP_COLS "WHERE k.area_code >= ? AND k.area_code < ? "
		      "AND ((k.start_date <= ? AND k.end_date >= ?) "
		      "OR (k.created_at >= ? AND k.created_at < ?) "
		      "OR (k.released_at >= ? AND k.released_at < ?) OR k.status = 'active') "
		      "ORDER BY k.id LIMIT ?",
	[ST_KP_AFTER_CHECK] = "UPDATE key_person SET last_check_id = COALESCE(?, last_check_id), open_alerts = open_alerts + ?, "
			      "updated_at = ? WHERE id = ?",
	[ST_KP_DUE_RELEASE] = "SELECT " KP_COLS "WHERE k.status = 'active' AND k.end_date < ? "
			      "ORDER BY k.id LIMIT 500",
	[ST_CHECK_INSERT] = "INSERT INTO health_check (key_person_id, area_code, taken_at, day, slot, "
			    "temp_tenths, symptoms, symptom_other, method, abnormal, recorded_by, "
			    "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_CHECK_LIST] = "SELECT " CHECK_COLS "WHERE c.key_person_id = ? "
			  "ORDER BY c.taken_at DESC, c.id DESC LIMIT ? OFFSET ?",
	[ST_CHECK_COUNT] = "SELECT COUNT(*) FROM health_check WHERE key_person_id = ?",
	[ST_CHECK_SINCE] = "SELECT " CHECK_COLS "WHERE c.key_person_id = ? AND c.taken_at >= ? "
			   "ORDER BY c.taken_at, c.id",
	[ST_CHECK_ABNORMAL_DAYS] = "SELECT day, COUNT(*) FROM health_check WHERE abnormal = 1 "
				   "AND day >= ? AND area_code >= ? AND area_code < ? "
				   "GROUP BY day ORDER BY day",
	/* per key person, the slots a day's checks filled and whether one was abnormal, as known
	 * at a moment: a reading recorded later for that day does not change what stood then */
	[ST_CHECK_DAY_SLOTS] = "SELECT key_person_id, MAX(CASE WHEN slot = 'am' THEN 1 ELSE 0 END), "
			       "MAX(CASE WHEN slot = 'pm' THEN 1 ELSE 0 END), MAX(abnormal) "
			       "FROM health_check WHERE day = ? AND area_code >= ? AND area_code < ? "
			       "AND recorded_at < ? GROUP BY key_person_id ORDER BY key_person_id",
	[ST_ALERT_INSERT] = "INSERT INTO alert (key_person_id, check_id, area_code, raised_at, reason, "
			    "status) VALUES (?, ?, ?, ?, ?, 'open') RETURNING id",
	[ST_ALERT_GET] = "SELECT " ALERT_COLS "WHERE al.id = ?",
	[ST_ALERT_UPDATE] = "UPDATE alert SET status = ?, hospital = ?, referred_at = ?, transport = ?, "
			    "result = ?, closed_at = ?, closed_by = ?, note = ? WHERE id = ?",
	[ST_ALERT_AREA_CODE] = "SELECT area_code FROM alert WHERE id = ?",
	[ST_ALERT_LIST] = "SELECT " ALERT_COLS ALERT_LIST_WHERE "ORDER BY al.raised_at, al.id LIMIT ? OFFSET ?",
	[ST_ALERT_COUNT] = "SELECT COUNT(*) FROM alert al " ALERT_LIST_WHERE,
	/* the alerts open at a moment: open now (alert_status) or closed since (alert_closed_at;
	 * only a closed alert has a closed_at, and naming its status would steer SQLite to the
	 * status index, every closed alert of the area) */
	[ST_ALERT_OPEN_AT] = "SELECT " ALERT_COLS "WHERE al.status IN ('open', 'referred') "
			     "AND al.area_code >= ? AND al.area_code < ? AND al.raised_at < ? "
			     "UNION ALL SELECT " ALERT_COLS "WHERE al.closed_at >= ? "
			     "AND al.area_code >= ? AND al.area_code < ? AND al.raised_at < ? "
			     "ORDER BY 7, 1 LIMIT ?",
	[ST_EVENT_INSERT] = "INSERT INTO key_person_event (key_person_id, at, user_id, username, kind, "
			    "detail) VALUES (?, ?, ?, ?, ?, ?)",
	[ST_EVENT_LIST] = "SELECT e.at, e.username, e.kind, e.detail, e.user_id, "
			  "COALESCE(u.display_name, '') FROM key_person_event e "
			  "LEFT JOIN app_user u ON u.id = e.user_id "
			  "WHERE e.key_person_id = ? ORDER BY e.id",
	[ST_USER_FIND_STAFF] = "SELECT u.id FROM app_user u JOIN area a ON a.id = u.area_id "
			       "WHERE u.role = ? AND a.code = ? AND u.disabled = 0 ORDER BY u.id LIMIT 1",
	[ST_USER_STAFF_OF] = "SELECT u.id, u.display_name, u.username, u.role, a.code, a.name "
			     "FROM app_user u JOIN area a ON a.id = u.area_id "
			     "WHERE u.role IN ('grid', 'doctor') AND u.disabled = 0 "
			     "AND a.code >= ? AND a.code < ? ORDER BY u.role, a.code, u.id LIMIT ?",
	[ST_USER_SET_PHONE] = "UPDATE app_user SET phone = ?, updated_at = ? WHERE id = ?",
	[ST_IDEM_GET] = "SELECT body_hash, status, response FROM idempotency "
			"WHERE idem_key = ? AND user_id = ?",
	[ST_IDEM_PUT] = "INSERT INTO idempotency (idem_key, user_id, route, body_hash, status, response, "
			"created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",

	[ST_TIP_INSERT] = "INSERT INTO tip (code, kind, area_code, address, happened, description, "
			  "reporter_name, reporter_phone, anonymous, status, created_at, updated_at) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?) RETURNING id",
	[ST_TIP_GET] = "SELECT " TIP_COLS "WHERE t.id = ?",
	[ST_TIP_BY_CODE] = "SELECT " TIP_COLS "WHERE t.code = ?",
	[ST_TIP_UPDATE] = "UPDATE tip SET status = ?, triage = ?, duplicate_of = ?, task_id = ?, "
			  "public_result = ?, handled_at = ?, updated_at = ? WHERE id = ?",
	[ST_TIP_AREA_CODE] = "SELECT area_code FROM tip WHERE id = ?",
	[ST_TIP_LIST] = "SELECT " TIP_COLS "WHERE t.area_code >= ? AND t.area_code < ? "
			"AND (t.status = ? OR ? = '') ORDER BY t.id DESC LIMIT ? OFFSET ?",
	[ST_TIP_COUNT] = "SELECT COUNT(*) FROM tip t WHERE t.area_code >= ? AND t.area_code < ? "
			 "AND (t.status = ? OR ? = '')",
	[ST_TIP_BY_TASK] = "SELECT " TIP_COLS "WHERE t.task_id = ?",
	[ST_TIP_RANGE] = "SELECT " TIP_COLS "WHERE t.area_code >= ? AND t.area_code < ? "
			 "AND ((t.created_at >= ? AND t.created_at < ?) OR (t.handled_at >= ? AND t.handled_at < ?)) "
			 "ORDER BY t.id LIMIT 100000",
	[ST_TASK_INSERT] = "INSERT INTO task (title, description, area_code, person_id, owner_id, "
			   "assigned_by, deadline, priority, source, source_id, status, created_at, "
			   "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
	[ST_TASK_GET] = "SELECT " TASK_COLS "WHERE t.id = ?",
	[ST_TASK_UPDATE] = "UPDATE task SET status = ?, result = ?, evidence = ?, done_at = ?, "
			   "verified_at = ?, updated_at = ? WHERE id = ?",
	[ST_TASK_AREA_CODE] = "SELECT area_code FROM task WHERE id = ?",
	[ST_TASK_LIST] = "SELECT " TASK_COLS TASK_LIST_WHERE "ORDER BY t.deadline, t.id LIMIT ? OFFSET ?",
	[ST_TASK_COUNT] = "SELECT COUNT(*) FROM task t " TASK_LIST_WHERE,
	[ST_TASK_LIST_POST] = "SELECT " TASK_COLS TASK_POST_WHERE "ORDER BY t.deadline, t.id LIMIT ? OFFSET ?",
	[ST_TASK_COUNT_POST] = "SELECT COUNT(*) FROM task t " TASK_POST_WHERE,
	[ST_TASK_OF_POST] = "SELECT COUNT(*) FROM task t WHERE t.id = ? AND " TASK_OF_POST,
	[ST_TASK_ALL] = "SELECT " TASK_COLS "WHERE t.area_code >= ? AND t.area_code < ? "
			"AND t.created_at < ? AND (t.verified_at IS NULL OR t.verified_at >= ?) "
			"ORDER BY t.id LIMIT ?",
	[ST_TASK_EVENT_INSERT] = "INSERT INTO task_event (task_id, at, user_id, username, kind, detail) "
				 "VALUES (?, ?, ?, ?, ?, ?)",
	[ST_TASK_EVENT_LIST] = "SELECT e.at, e.username, e.kind, e.detail, COALESCE(u.display_name, '') "
			       "FROM task_event e LEFT JOIN app_user u ON u.id = e.user_id "
			       "WHERE e.task_id = ? ORDER BY e.id",
	/* the tasks that may have been open at the end of a day: open now, or touched since (by
	 * the task_deadline and task_event_at indexes), with the last event before the day's end */
	[ST_TASK_OWNER_OPEN] =
		"SELECT t.id, t.owner_id, " STAFF_NAME("o") ", oa.code, oa.name, t.deadline, "
		"(SELECT e.kind FROM task_event e WHERE e.task_id = t.id AND e.at < ? "
		"ORDER BY e.id DESC LIMIT 1) "
		"FROM task t JOIN app_user o ON o.id = t.owner_id JOIN area oa ON oa.id = o.area_id "
		"WHERE t.id IN (SELECT id FROM task WHERE status IN ('open', 'in_progress', 'reopened') "
		"UNION SELECT task_id FROM task_event WHERE at >= ?) "
		"AND t.created_at < ? AND t.area_code >= ? AND t.area_code < ? "
		"AND oa.code >= ? AND oa.code < ? LIMIT 100000",
	/* the events of a day that the per-owner figures count (task_event_at) */
	[ST_TASK_OWNER_EVENTS] =
		"SELECT e.task_id, t.owner_id, " STAFF_NAME("o") ", oa.code, oa.name, e.kind, e.at, "
		"t.created_at FROM task_event e JOIN task t ON t.id = e.task_id "
		"JOIN app_user o ON o.id = t.owner_id JOIN area oa ON oa.id = o.area_id "
		"WHERE e.at >= ? AND e.at < ? AND e.kind IN ('created', 'done', 'verified') "
		"AND t.area_code >= ? AND t.area_code < ? AND oa.code >= ? AND oa.code < ? "
		"ORDER BY e.task_id, e.id LIMIT 100000",

	[ST_ITEM_LIST] = "SELECT id, key, name, unit, pack_name, pack_size, low_stock, name_en, unit_en, "
			 "pack_name_en FROM item ORDER BY id",
	[ST_ITEM_BY_KEY] = "SELECT id, key, name, unit, pack_name, pack_size, low_stock, name_en, unit_en, "
			   "pack_name_en FROM item WHERE key = ?",
	[ST_ITEM_INSERT] = "INSERT INTO item (key, name, unit, pack_name, pack_size, low_stock, name_en, "
			   "unit_en, pack_name_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_STORE_LIST] = "SELECT s.id, s.name, s.area_code, a.name, s.kind FROM store s "
			  "JOIN area a ON a.code = s.area_code WHERE s.area_code >= ? AND s.area_code < ? "
			  "ORDER BY s.id",
	[ST_STORE_GET] = "SELECT s.id, s.name, s.area_code, a.name, s.kind FROM store s "
			 "JOIN area a ON a.code = s.area_code WHERE s.id = ?",
	[ST_STORE_INSERT] = "INSERT INTO store (name, area_code, kind) VALUES (?, ?, ?) RETURNING id",
	[ST_STOCK_OF_STORE] = "SELECT i.key, st.quantity FROM stock st JOIN item i ON i.id = st.item_id "
			      "WHERE st.store_id = ? ORDER BY i.id",
	[ST_STOCK_ADD] = "INSERT INTO stock (store_id, item_id, quantity) VALUES (?, ?, ?) "
			 "ON CONFLICT (store_id, item_id) DO UPDATE SET quantity = stock.quantity + excluded.quantity",
	/* the guard against overdrawing: no row comes back when the stock is short */
	[ST_STOCK_TAKE] = "UPDATE stock SET quantity = quantity - ? WHERE store_id = ? AND item_id = ? "
			  "AND quantity >= ? RETURNING quantity",
	[ST_STOCK_GET] = "SELECT quantity FROM stock WHERE store_id = ? AND item_id = ?",
	[ST_DONATION_INSERT] = "INSERT INTO donation (receipt_no, donor_name, donor_kind, donor_contact, "
			       "anonymous, donated_on, store_id, designated_area_code, created_by, created_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_DONATION_COUNT_DAY] = "SELECT COUNT(*) FROM donation WHERE donated_on = ?",
	[ST_DONATION_LIST] = "SELECT d.id, d.receipt_no, d.donor_name, d.donor_kind, d.donor_contact, "
			     "d.anonymous, d.donated_on, d.store_id, d.designated_area_code, "
			     "COALESCE((SELECT SUM(l.quantity) FROM ledger l WHERE l.donation_id = d.id), 0) "
			     "FROM donation d ORDER BY d.id DESC LIMIT ? OFFSET ?",
	[ST_LEDGER_INSERT] = "INSERT INTO ledger (at, kind, store_id, item_id, quantity, donation_id, "
			     "to_text, to_area_code, purpose, approved_by, reverses, user_id, username, "
			     "handled_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_LEDGER_GET] = "SELECT l.id, l.at, l.kind, l.store_id, i.key, l.quantity, l.to_text, "
			  "l.purpose, l.reverses, l.username, l.to_area_code, l.approved_by, l.handled_by, "
			  "COALESCE(r.id, 0), l.donation_id FROM ledger l JOIN item i ON i.id = l.item_id "
			  "LEFT JOIN ledger r ON r.reverses = l.id WHERE l.id = ?",
	[ST_LEDGER_LIST] = "SELECT l.id, l.at, l.kind, l.store_id, i.key, l.quantity, l.to_text, "
			   "l.purpose, l.reverses, l.username, l.to_area_code, l.approved_by, l.handled_by, "
			   "COALESCE(r.id, 0), l.donation_id FROM ledger l JOIN item i ON i.id = l.item_id "
			   "LEFT JOIN ledger r ON r.reverses = l.id WHERE (l.store_id = ? OR ? = 0) "
			   "AND (i.key = ? OR ? = '') ORDER BY l.id DESC LIMIT ? OFFSET ?",
	[ST_LEDGER_COUNT] = "SELECT COUNT(*) FROM ledger l JOIN item i ON i.id = l.item_id "
			    "WHERE (l.store_id = ? OR ? = 0) AND (i.key = ? OR ? = '')",
	/* received net of reversed donation lines, from the daily aggregate */
	[ST_PUBLIC_RECEIVED] = "SELECT i.key, i.name, i.unit, SUM(d.received) FROM stock_day d "
			       "JOIN item i ON i.id = d.item_id GROUP BY i.id, i.key, i.name, i.unit "
			       "HAVING SUM(d.received) <> 0 ORDER BY i.id",
	/* issued, net of reversals, per village or post: never per person */
	[ST_PUBLIC_ISSUED] = "SELECT COALESCE(a.name, '其他'), i.key, SUM(x.quantity) FROM issue_area x "
			     "JOIN item i ON i.id = x.item_id LEFT JOIN area a ON a.code = x.area_code "
			     "GROUP BY a.name, i.id, i.key HAVING SUM(x.quantity) <> 0 ORDER BY i.id, a.name",
	[ST_PUBLIC_DONATIONS] = "SELECT d.id, d.donated_on, d.donor_name, d.anonymous, i.key, l.quantity "
				"FROM donation d JOIN ledger l ON l.donation_id = d.id "
				"JOIN item i ON i.id = l.item_id LEFT JOIN ledger r ON r.reverses = l.id "
				"WHERE r.id IS NULL ORDER BY d.id, l.id LIMIT 20000",
	[ST_LEDGER_KIND_AT] = "SELECT kind, at FROM ledger WHERE id = ?",
	[ST_ISSUE_AREA_ADD] = "INSERT INTO issue_area (area_code, item_id, quantity) VALUES (?, ?, ?) "
			      "ON CONFLICT (area_code, item_id) DO UPDATE SET quantity = issue_area.quantity + "
			      "excluded.quantity",
	[ST_STOCK_DAY_ADD] = "INSERT INTO stock_day (store_id, item_id, day, received, issued, written_off, net) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, item_id, day) DO UPDATE SET "
			     "received = stock_day.received + excluded.received, "
			     "issued = stock_day.issued + excluded.issued, "
			     "written_off = stock_day.written_off + excluded.written_off, "
			     "net = stock_day.net + excluded.net",
	[ST_STOCK_THRESHOLD_SET] = "INSERT INTO stock (store_id, item_id, quantity, low_stock) VALUES (?, ?, 0, ?) "
				   "ON CONFLICT (store_id, item_id) DO UPDATE SET low_stock = excluded.low_stock",
	[ST_ITEM_SET_LOW] = "UPDATE item SET low_stock = ? WHERE id = ?",
	/* per stock row of the area: now, threshold, own threshold?, used in [?, ?], net after ? */
	[ST_STOCK_LINES] = "SELECT st.store_id, i.key, st.quantity, COALESCE(st.low_stock, i.low_stock), "
			   "CASE WHEN st.low_stock IS NULL THEN 0 ELSE 1 END, "
			   "COALESCE((SELECT SUM(d.issued) FROM stock_day d WHERE d.store_id = st.store_id "
			   "AND d.item_id = st.item_id AND d.day >= ? AND d.day <= ?), 0), "
			   "COALESCE((SELECT SUM(d.net) FROM stock_day d WHERE d.store_id = st.store_id "
			   "AND d.item_id = st.item_id AND d.day > ?), 0) "
			   "FROM stock st JOIN store s ON s.id = st.store_id JOIN item i ON i.id = st.item_id "
			   "WHERE s.area_code >= ? AND s.area_code < ? AND (st.store_id = ? OR ? = 0) "
			   "ORDER BY st.store_id, i.id",
	[ST_SUPPLY_TOTALS] = "SELECT d.item_id, SUM(d.received), SUM(d.issued), SUM(d.written_off) "
			     "FROM stock_day d JOIN store s ON s.id = d.store_id "
			     "WHERE s.area_code >= ? AND s.area_code < ? AND d.day <= ? GROUP BY d.item_id",
#define DONATION_COLS                                                                              \
	"SELECT d.id, d.receipt_no, d.donor_name, d.donor_kind, d.donor_contact, d.anonymous, "    \
	"d.donated_on, d.store_id, s.name, s.area_code, COALESCE(d.designated_area_code, ''), "    \
	"COALESCE(a.name, ''), d.created_at, COALESCE(u.display_name, ''), COALESCE(u.username, '') " \
	"FROM donation d JOIN store s ON s.id = d.store_id "                                        \
	"LEFT JOIN area a ON a.code = d.designated_area_code LEFT JOIN app_user u ON u.id = d.created_by "
	[ST_DONATION_PAGE] = DONATION_COLS "WHERE s.area_code >= ? AND s.area_code < ? "
			     "ORDER BY d.id DESC LIMIT ? OFFSET ?",
	[ST_DONATION_PAGE_COUNT] = "SELECT COUNT(*) FROM donation d JOIN store s ON s.id = d.store_id "
				   "WHERE s.area_code >= ? AND s.area_code < ?",
	[ST_DONATION_GET] = DONATION_COLS "WHERE d.id = ?",
#undef DONATION_COLS
	[ST_DONATION_LINES] = "SELECT l.id, i.key, i.name, i.unit, i.pack_name, i.pack_size, l.quantity, "
			      "COALESCE(r.id, 0) FROM ledger l JOIN item i ON i.id = l.item_id "
			      "LEFT JOIN ledger r ON r.reverses = l.id WHERE l.donation_id = ? ORDER BY l.id",

	/* checkpoints and duty rosters (db_duty.c) */
	[ST_POST_INSERT] = "INSERT INTO duty_post (name, place, area_code, kind, hours_start, hours_end, "
			   "province, phone, handoff_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			   "RETURNING id",
	[ST_POST_GET] = "SELECT " DUTY_POST_COLS "WHERE d.id = ?",
	[ST_POST_LIST] = "SELECT " DUTY_POST_COLS "WHERE d.area_code >= ? AND d.area_code < ? "
			 "ORDER BY d.area_code, d.id LIMIT 1000",
	[ST_POST_UPDATE] = "UPDATE duty_post SET name = ?, place = ?, kind = ?, hours_start = ?, "
			   "hours_end = ?, province = ?, phone = ?, handoff_user_id = ?, active = ? WHERE id = ?",
	[ST_TEAM_INSERT] = "INSERT INTO duty_team (post_id, name, created_at) VALUES (?, ?, ?) RETURNING id",
	[ST_TEAM_GET] = "SELECT id, post_id, name FROM duty_team WHERE id = ?",
	[ST_TEAM_OF_POST] = "SELECT id, post_id, name FROM duty_team WHERE post_id = ? ORDER BY id",
	[ST_MEMBER_INSERT] = "INSERT INTO duty_member (team_id, person_id, user_id, name, phone, kind, "
			     "party_member, leader, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_MEMBER_GET] = "SELECT " DUTY_MEMBER_COLS "WHERE m.id = ?",
	[ST_MEMBER_OF_POST] = "SELECT " DUTY_MEMBER_COLS "WHERE t.post_id = ? AND m.active = 1 "
			      "ORDER BY m.team_id, m.leader DESC, m.id",
	[ST_MEMBER_DEACTIVATE] = "UPDATE duty_member SET active = 0 WHERE id = ?",
	[ST_PATTERN_INSERT] = "INSERT INTO duty_pattern (post_id, name, kind, shifts, teams, day_step, "
			      "anchor_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_PATTERN_GET] = "SELECT id, post_id, name, kind, shifts, teams, day_step, anchor_date, created_at "
			   "FROM duty_pattern WHERE id = ?",
	[ST_PATTERN_OF_POST] = "SELECT id, post_id, name, kind, shifts, teams, day_step, anchor_date, "
			       "created_at FROM duty_pattern WHERE post_id = ? ORDER BY id",
	[ST_SHIFT_BUSY] = "SELECT s.id FROM duty_shift s WHERE s.post_id = ? AND s.starts_at >= ? "
			  "AND s.starts_at < ? AND (EXISTS (SELECT 1 FROM duty_change c WHERE c.shift_id = s.id) "
			  "OR EXISTS (SELECT 1 FROM duty_handover h WHERE h.shift_id = s.id) "
			  "OR EXISTS (SELECT 1 FROM duty_handover h WHERE h.arriving_shift_id = s.id) "
			  "OR EXISTS (SELECT 1 FROM screening x WHERE x.shift_id = s.id)) ORDER BY s.starts_at LIMIT 1",
	[ST_SHIFT_DELETE_RANGE] = "DELETE FROM duty_shift WHERE post_id = ? AND starts_at >= ? AND starts_at < ?",
	[ST_SHIFT_INSERT] = "INSERT INTO duty_shift (post_id, pattern_id, team_id, starts_at, ends_at, day) "
			    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_SHIFT_GET] = "SELECT " DUTY_SHIFT_COLS "WHERE s.id = ?",
	/* no shift is longer than a day, so the range is an index range on (post_id, starts_at) */
	[ST_SHIFT_RANGE] = "SELECT " DUTY_SHIFT_COLS "WHERE s.post_id = ? AND s.starts_at > ? "
			   "AND s.starts_at < ? AND s.ends_at > ? ORDER BY s.starts_at, s.id LIMIT 2000",
	[ST_SHIFT_SET_TEAM] = "UPDATE duty_shift SET team_id = ? WHERE id = ?",
	[ST_SHIFT_NEXT] = "SELECT " DUTY_SHIFT_COLS "WHERE s.post_id = ? AND s.starts_at > ? "
			  "ORDER BY s.starts_at, s.id LIMIT 1",
	[ST_CHANGE_INSERT] = "INSERT INTO duty_change (shift_id, kind, member_id, substitute_id, old_team_id, "
			     "new_team_id, reason, created_by, created_at, leave_id) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			     "RETURNING id",
	[ST_CHANGE_OF_SHIFT] = "SELECT c.id, c.shift_id, c.kind, c.member_id, c.substitute_id, c.old_team_id, "
			       "c.new_team_id, c.reason, c.created_by, c.created_at, " STAFF_NAME("u") ", c.leave_id "
			       "FROM duty_change c LEFT JOIN app_user u ON u.id = c.created_by "
			       "WHERE c.shift_id = ? ORDER BY c.id",
	[ST_HANDOVER_INSERT] = "INSERT INTO duty_handover (post_id, shift_id, vehicles, people, abnormal, "
			       "handoffs, incidents, note, masks, batteries, written_by, written_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_HANDOVER_GET] = "SELECT " DUTY_HANDOVER_COLS "WHERE h.id = ?",
	[ST_HANDOVER_OF_SHIFT] = "SELECT id FROM duty_handover WHERE shift_id = ?",
	[ST_HANDOVER_CONFIRM] = "UPDATE duty_handover SET confirmed_by = ?, confirmed_at = ?, confirm_note = ?, "
				"confirm_as = ?, arriving_shift_id = ? "
				"WHERE id = ? AND confirmed_at IS NULL RETURNING id",
	[ST_HANDOVER_LIST] = "SELECT " DUTY_HANDOVER_COLS "WHERE h.post_id = ? "
			     "ORDER BY h.written_at DESC, h.id DESC LIMIT ? OFFSET ?",
	[ST_HANDOVER_COUNT] = "SELECT COUNT(*) FROM duty_handover WHERE post_id = ?",
	[ST_LEAVE_INSERT] = "INSERT INTO duty_leave (post_id, member_id, from_day, to_day, reason, created_by, "
			    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_LEAVE_GET] = "SELECT " DUTY_LEAVE_COLS "WHERE l.id = ?",
	/* leave of a post meeting the days [from, to], cancelled ones too when asked */
	[ST_LEAVE_OF_POST] = "SELECT " DUTY_LEAVE_COLS "WHERE l.post_id = ? AND l.to_day >= ? "
			     "AND l.from_day <= ? AND (? = 1 OR l.cancelled_at IS NULL) "
			     "ORDER BY l.from_day, l.id LIMIT 2000",
	[ST_LEAVE_CANCEL] = "UPDATE duty_leave SET cancelled_by = ?, cancelled_at = ? "
			    "WHERE id = ? AND cancelled_at IS NULL RETURNING id",
	/* the shifts a cancelled leave no longer touches: those not yet begun */
	[ST_LEAVE_UNAPPLY] = "DELETE FROM duty_change WHERE leave_id = ? AND shift_id IN "
			     "(SELECT id FROM duty_shift WHERE starts_at > ?)",
	[ST_SCREENING_INSERT] = "INSERT INTO screening (post_id, shift_id, area_code, at, day, kind, plate, "
				"plate_kind, vehicle_kind, direction, people, abnormal, high_risk, handoffs, "
				"repeat_of, note, recorded_by, recorded_at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_SCREENING_GET] = "SELECT " SCREENING_COLS "WHERE x.id = ?",
	[ST_SCREENING_LIST] = "SELECT " SCREENING_COLS "WHERE x.post_id = ? AND x.at >= ? AND x.at < ? "
			      "ORDER BY x.at DESC, x.id DESC LIMIT ? OFFSET ?",
	/* one vehicle: the plate index (which holds only plates: plate <> ''), not the day's
	 * screenings of the post */
	[ST_SCREENING_LIST_PLATE] = "SELECT " SCREENING_COLS "WHERE x.post_id = ? AND x.plate = ? "
				    "AND x.plate <> '' AND x.at >= ? AND x.at < ? ORDER BY x.at DESC, x.id DESC LIMIT ? OFFSET ?",
	[ST_SCREENING_COUNT_PLATE] = "SELECT COUNT(*) FROM screening x WHERE x.post_id = ? AND x.plate = ? "
				     "AND x.plate <> '' AND x.at >= ? AND x.at < ?",
	/* the same vehicle earlier in the shift: a late entry looks only at what came before it */
	[ST_SCREENING_REPEAT] = "SELECT id FROM screening WHERE post_id = ? AND plate = ? AND plate <> '' "
				"AND at >= ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1",
	[ST_SPERSON_INSERT] = "INSERT INTO screened_person (screening_id, seq, temp_tenths, fever, high_risk, "
			      "name, id_number, phone, from_place, via, to_place, lives_in, post_id, at) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_SPERSON_OF] = "SELECT id, screening_id, seq, temp_tenths, fever, high_risk, name, id_number, "
			  "phone, from_place, via, to_place, lives_in FROM screened_person "
			  "WHERE screening_id = ? ORDER BY seq",
	/* the same person earlier in the shift at this post: one range of screened_person_idnum
	 * or screened_person_phone */
	[ST_SPERSON_REPEAT_ID] = "SELECT screening_id FROM screened_person WHERE post_id = ? AND id_number = ? "
				 "AND at >= ? AND at <= ? ORDER BY at DESC, screening_id DESC LIMIT 1",
	[ST_SPERSON_REPEAT_NAME] = "SELECT screening_id FROM screened_person WHERE post_id = ? AND phone = ? "
				   "AND name = ? AND at >= ? AND at <= ? "
				   "ORDER BY at DESC, screening_id DESC LIMIT 1",
	[ST_HANDOFF_INSERT] = "INSERT INTO screening_handoff (screening_id, screened_person_id, kind, reason, "
			      "key_person_id, existing, task_id, person_id, registered, check_id, created_at) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	/* with the key person's area and the name of its village: a screener outside it is told
	 * only where the record went */
	[ST_HANDOFF_OF] = "SELECT h.id, h.screening_id, h.screened_person_id, h.kind, h.reason, "
			  "h.key_person_id, h.existing, h.task_id, h.created_at, h.person_id, h.registered, "
			  "h.check_id, k.area_code, va.name FROM screening_handoff h "
			  "LEFT JOIN key_person k ON k.id = h.key_person_id "
			  "LEFT JOIN area va ON va.code = substr(k.area_code, 1, 12) "
			  "WHERE h.screening_id = ? ORDER BY h.id",
	[ST_COUNT_HOUR_ADD] = "INSERT INTO screening_hour (post_id, hour_at, day, hod, vehicles, pedestrians, "
			      "people, abnormal, high_risk, handoffs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			      "ON CONFLICT (post_id, hour_at) DO UPDATE SET "
			      "vehicles = screening_hour.vehicles + excluded.vehicles, "
			      "pedestrians = screening_hour.pedestrians + excluded.pedestrians, "
			      "people = screening_hour.people + excluded.people, "
			      "abnormal = screening_hour.abnormal + excluded.abnormal, "
			      "high_risk = screening_hour.high_risk + excluded.high_risk, "
			      "handoffs = screening_hour.handoffs + excluded.handoffs",
	[ST_COUNT_SHIFT_ADD] = "INSERT INTO screening_shift (shift_id, vehicles, pedestrians, people, abnormal, "
			       "high_risk, handoffs) VALUES (?, ?, ?, ?, ?, ?, ?) "
			       "ON CONFLICT (shift_id) DO UPDATE SET "
			       "vehicles = screening_shift.vehicles + excluded.vehicles, "
			       "pedestrians = screening_shift.pedestrians + excluded.pedestrians, "
			       "people = screening_shift.people + excluded.people, "
			       "abnormal = screening_shift.abnormal + excluded.abnormal, "
			       "high_risk = screening_shift.high_risk + excluded.high_risk, "
			       "handoffs = screening_shift.handoffs + excluded.handoffs",
	[ST_COUNT_SHIFT_GET] = "SELECT vehicles, pedestrians, people, abnormal, high_risk, handoffs "
			       "FROM screening_shift WHERE shift_id = ?",
	[ST_COUNT_HOURS] = "SELECT h.post_id, h.hour_at, h.day, h.hod, h.vehicles, h.pedestrians, h.people, "
			   "h.abnormal, h.high_risk, h.handoffs FROM screening_hour h "
			   "JOIN duty_post d ON d.id = h.post_id WHERE h.day >= ? AND h.day <= ? "
			   "AND d.area_code >= ? AND d.area_code < ? ORDER BY h.post_id, h.hour_at LIMIT 100000",
	[ST_COUNT_POST_DAY] = "SELECT COALESCE(SUM(vehicles), 0), COALESCE(SUM(pedestrians), 0), "
			      "COALESCE(SUM(people), 0), COALESCE(SUM(abnormal), 0), COALESCE(SUM(high_risk), 0), "
			      "COALESCE(SUM(handoffs), 0) FROM screening_hour WHERE day = ? AND post_id = ?",

	/* sweeps, publicity and gatherings (db_sweep.c) */
#define SWEEP_COLS                                                                                \
	"id, name, scope, starts_on, ends_on, questions, round, status, created_by, created_at, " \
	"updated_at, closed_at FROM sweep_campaign "
#define VISIT_COLS                                                                                \
	"v.id, v.campaign_id, v.round, v.household_id, h.address, v.area_code, a.name, v.outcome, " \
	"v.visited_at, v.persons, v.answers, v.note, v.revisit_on, v.user_id, v.username, "       \
	"v.created_at, " VILLAGE_NAME "FROM sweep_visit v JOIN household h ON h.id = v.household_id " \
	"JOIN area a ON a.code = v.area_code " VILLAGE_OF("v.area_code")
#define VISIT_WHERE                                                                               \
	"WHERE v.campaign_id = ? AND v.area_code >= ? AND v.area_code < ? "                       \
	"AND (v.household_id = ? OR ? = 0) "
#define PUB_COLS                                                                                  \
	"p.id, p.kind, p.area_code, a.name, p.title, p.happened_on, p.quantity, p.route, p.note, " \
	"p.households, p.user_id, p.username, p.created_at, p.photos FROM publicity p "           \
	"JOIN area a ON a.code = p.area_code "
#define GATHERING_COLS                                                                            \
	"g.id, g.kind, g.host_person_id, p.name, p.phone, g.area_code, a.name, g.planned_on, "    \
	"g.place, g.expected_guests, g.note, g.outcome, g.postponed_to, g.guests, g.held_reason, " \
	"g.approved_by, g.persuaded_by, g.persuaded_at, g.outcome_note, g.outcome_at, "           \
	"g.outcome_user_id, g.created_by, g.created_at FROM gathering g "                         \
	"JOIN person p ON p.id = g.host_person_id JOIN area a ON a.code = g.area_code "
#define GATHERING_WHERE                                                                           \
	"WHERE g.area_code >= ? AND g.area_code < ? AND g.planned_on >= ? AND g.planned_on <= ? " \
	"AND (g.outcome = ? OR ? = '') "
	[ST_SWEEP_INSERT] = "INSERT INTO sweep_campaign (name, scope, starts_on, ends_on, questions, "
			    "round, status, created_by, created_at, updated_at) "
			    "VALUES (?, ?, ?, ?, ?, 1, 'active', ?, ?, ?) RETURNING id",
	[ST_SWEEP_GET] = "SELECT " SWEEP_COLS "WHERE id = ?",
	[ST_SWEEP_LIST] = "SELECT " SWEEP_COLS "ORDER BY id DESC LIMIT 500",
	/* closed_at: kept from the first close since the campaign was last active */
	[ST_SWEEP_UPDATE] = "UPDATE sweep_campaign SET name = ?, scope = ?, starts_on = ?, ends_on = ?, "
			    "questions = ?, round = ?, status = ?, updated_at = ?, closed_at = "
			    "CASE WHEN ? = 'closed' THEN COALESCE(closed_at, ?) END WHERE id = ?",
	[ST_SWEEP_ROUND_INSERT] = "INSERT INTO sweep_round (campaign_id, round, starts_on, ends_on, "
				  "created_at) VALUES (?, ?, ?, ?, ?)",
	[ST_SWEEP_ROUNDS] = "SELECT round, starts_on, ends_on, created_at FROM sweep_round "
			    "WHERE campaign_id = ? ORDER BY round",
	[ST_SWEEP_VISIT_INSERT] = "INSERT INTO sweep_visit (campaign_id, round, household_id, area_code, "
				  "outcome, visited_at, persons, answers, note, revisit_on, user_id, "
				  "username, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
				  "RETURNING id",
	[ST_SWEEP_VISIT_GET] = "SELECT " VISIT_COLS "WHERE v.id = ?",
	/* newest first within each area: the order of the (campaign_id, area_code, id) index */
	[ST_SWEEP_VISIT_LIST] = "SELECT " VISIT_COLS VISIT_WHERE
				"ORDER BY v.area_code DESC, v.id DESC LIMIT ? OFFSET ?",
	[ST_SWEEP_VISIT_COUNT] = "SELECT COUNT(*) FROM sweep_visit v " VISIT_WHERE,
	[ST_SWEEP_HH_STATUS] = "SELECT status FROM sweep_household WHERE campaign_id = ? AND round = ? "
			       "AND household_id = ?",
	[ST_SWEEP_HH_PUT] = "INSERT INTO sweep_household (campaign_id, round, household_id, area_code, "
			    "status, attempts, last_visit_id, last_at, revisit_on) "
			    "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) "
			    "ON CONFLICT (campaign_id, round, household_id) DO UPDATE SET "
			    "status = excluded.status, attempts = sweep_household.attempts + 1, "
			    "last_visit_id = excluded.last_visit_id, last_at = excluded.last_at, "
			    "revisit_on = excluded.revisit_on",
	/* a row comes back only the first time a person is seen in a round */
	[ST_SWEEP_PERSON_SEEN] = "INSERT INTO sweep_person (campaign_id, round, person_id, visit_id) "
				 "VALUES (?, ?, ?, ?) ON CONFLICT (campaign_id, round, person_id) "
				 "DO NOTHING RETURNING person_id",
	[ST_SWEEP_COUNT_ADD] = "INSERT INTO sweep_coverage (campaign_id, round, area_code, "
			       "households_reached, persons_reached, not_reached, visits) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, round, area_code) "
			       "DO UPDATE SET households_reached = sweep_coverage.households_reached + "
			       "excluded.households_reached, persons_reached = "
			       "sweep_coverage.persons_reached + excluded.persons_reached, not_reached = "
			       "sweep_coverage.not_reached + excluded.not_reached, visits = "
			       "sweep_coverage.visits + excluded.visits",
	[ST_SWEEP_COUNTS] = "SELECT round, area_code, households_reached, persons_reached, not_reached, "
			    "visits FROM sweep_coverage WHERE campaign_id = ? AND area_code >= ? "
			    "AND area_code < ? ORDER BY round, area_code",
	[ST_SWEEP_COUNT_DAY_ADD] =
		"INSERT INTO sweep_coverage_day (campaign_id, round, area_code, day, "
		"households_reached, persons_reached, not_reached, visits) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, round, area_code, day) "
		"DO UPDATE SET households_reached = sweep_coverage_day.households_reached + "
		"excluded.households_reached, "
		"persons_reached = sweep_coverage_day.persons_reached + excluded.persons_reached, "
		"not_reached = sweep_coverage_day.not_reached + excluded.not_reached, "
		"visits = sweep_coverage_day.visits + excluded.visits",
	/* what moved from a day on: the (campaign_id, day) index holds just those rows */
	[ST_SWEEP_COUNTS_AFTER] =
		"SELECT round, area_code, SUM(households_reached), SUM(persons_reached), "
		"SUM(not_reached), SUM(visits) FROM sweep_coverage_day WHERE campaign_id = ? "
		"AND day >= ? AND area_code >= ? AND area_code < ? GROUP BY round, area_code "
		"ORDER BY round, area_code",
	/* the anti-join of the "not yet reached" list: bounded by the households of the scope */
	[ST_SWEEP_PENDING] = "SELECT h.id, h.address, h.area_code, a.name, hp.name, hp.birth_date, "
			     "h.members, s.status, s.attempts, s.last_at, s.revisit_on, " VILLAGE_NAME
			     "FROM household h JOIN area a ON a.id = h.area_id " VILLAGE_OF("h.area_code")
			     "LEFT JOIN person hp ON hp.id = h.head_id "
			     "LEFT JOIN sweep_household s ON s.campaign_id = ? AND s.round = ? "
			     "AND s.household_id = h.id WHERE h.area_code >= ? AND h.area_code < ? "
			     "AND (s.status IS NULL OR s.status <> 'reached') "
			     "ORDER BY h.area_code, h.id LIMIT ? OFFSET ?",
	[ST_SWEEP_HANDOFF_INSERT] = "INSERT INTO sweep_handoff (visit_id, person_id, question, kind, "
				    "key_person_id, task_id, status) VALUES (?, ?, ?, ?, ?, ?, ?) "
				    "RETURNING id",
	[ST_SWEEP_HANDOFFS] = "SELECT x.id, x.visit_id, x.person_id, p.name, x.question, x.kind, "
			      "x.key_person_id, x.task_id, x.status FROM sweep_handoff x "
			      "LEFT JOIN person p ON p.id = x.person_id WHERE x.visit_id = ? ORDER BY x.id",
	[ST_AREA_OWN] = "SELECT code, name, level, persons, households FROM area "
			"WHERE code >= ? AND code < ? ORDER BY code",
	[ST_PUB_INSERT] = "INSERT INTO publicity (kind, area_code, title, happened_on, quantity, route, "
			  "note, households, user_id, username, created_at) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
	[ST_PUB_GET] = "SELECT " PUB_COLS "WHERE p.id = ?",
	[ST_PUB_SET_HOUSEHOLDS] = "UPDATE publicity SET households = ? WHERE id = ?",
	[ST_PUB_AREA_CODE] = "SELECT area_code FROM publicity WHERE id = ?",
	/* publicity photos (db_photo.c) */
	[ST_PUB_PHOTO_TAKE] = "UPDATE publicity SET photos = photos + 1 WHERE id = ? AND photos < ? "
			      "RETURNING photos",
	[ST_PUB_PHOTO_GIVE] = "UPDATE publicity SET photos = photos - 1 WHERE id = ? AND photos > 0",
	[ST_PHOTO_INSERT] = "INSERT INTO publicity_photo (publicity_id, area_code, content_type, size, "
			    "sha256, bytes, taken_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[ST_PHOTO_LIST] = "SELECT id, publicity_id, content_type, size, sha256, taken_by, created_at "
			  "FROM publicity_photo WHERE publicity_id = ? ORDER BY id",
	[ST_PHOTO_GET] = "SELECT id, publicity_id, content_type, size, sha256, taken_by, created_at, "
			 "bytes FROM publicity_photo WHERE id = ? AND publicity_id = ?",
	[ST_PHOTO_DELETE] = "DELETE FROM publicity_photo WHERE id = ? AND publicity_id = ? RETURNING id",
	[ST_PUB_LIST] = "SELECT " PUB_COLS "WHERE p.area_code >= ? AND p.area_code < ? "
			"AND (p.kind = ? OR ? = '') ORDER BY p.id DESC LIMIT ? OFFSET ?",
	[ST_PUB_COUNT] = "SELECT COUNT(*) FROM publicity p WHERE p.area_code >= ? AND p.area_code < ? "
			 "AND (p.kind = ? OR ? = '')",
	[ST_PUB_COVER_ADD] = "INSERT INTO publicity_cover (publicity_id, area_code) VALUES (?, ?) "
			     "ON CONFLICT (publicity_id, area_code) DO NOTHING",
	[ST_PUB_COVERS] = "SELECT area_code FROM publicity_cover WHERE publicity_id = ? ORDER BY area_code",
	[ST_PUB_REACH_ADD] = "INSERT INTO publicity_reach (publicity_id, household_id) VALUES (?, ?) "
			     "ON CONFLICT (publicity_id, household_id) DO NOTHING RETURNING household_id",
	[ST_PUB_HOUSEHOLD_ADD] = "INSERT INTO publicity_household (household_id, area_code, actions) "
				 "VALUES (?, ?, 1) ON CONFLICT (household_id) DO UPDATE SET "
				 "actions = publicity_household.actions + 1 RETURNING actions",
	[ST_PUB_HOUSEHOLD_GET] = "SELECT actions FROM publicity_household WHERE household_id = ?",
	[ST_PUB_COUNT_ADD] = "INSERT INTO publicity_area_count (area_code, cover_actions, households_listed) "
			     "VALUES (?, ?, ?) ON CONFLICT (area_code) DO UPDATE SET cover_actions = "
			     "publicity_area_count.cover_actions + excluded.cover_actions, "
			     "households_listed = publicity_area_count.households_listed + "
			     "excluded.households_listed",
	[ST_PUB_COUNTS] = "SELECT area_code, cover_actions, households_listed FROM publicity_area_count "
			  "WHERE area_code >= ? AND area_code < ? ORDER BY area_code",
	/* the birth date is the head's, or the one member's when the household has no head */
	[ST_PUB_UNCOVERED] = "SELECT h.id, h.address, h.area_code, a.name, hp.name, "
			     "COALESCE(hp.birth_date, (SELECT MIN(m.birth_date) FROM person m "
			     "WHERE m.household_id = h.id AND m.merged_into IS NULL AND h.members = 1)), "
			     "h.members FROM household h JOIN area a ON a.id = h.area_id "
			     "LEFT JOIN person hp ON hp.id = h.head_id "
			     "LEFT JOIN publicity_area_count pc ON pc.area_code = h.area_code "
			     "LEFT JOIN publicity_household ph ON ph.household_id = h.id "
			     "WHERE h.area_code >= ? AND h.area_code < ? "
			     "AND COALESCE(pc.cover_actions, 0) = 0 AND ph.household_id IS NULL "
			     "ORDER BY h.area_code, h.id LIMIT ? OFFSET ?",
	[ST_GATHERING_INSERT] = "INSERT INTO gathering (kind, host_person_id, area_code, planned_on, "
				"place, expected_guests, note, outcome, created_by, created_at, updated_at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
	[ST_GATHERING_GET] = "SELECT " GATHERING_COLS "WHERE g.id = ?",
	[ST_GATHERING_OUTCOME] = "UPDATE gathering SET outcome = ?, postponed_to = ?, guests = ?, "
				 "held_reason = ?, approved_by = ?, persuaded_by = ?, persuaded_at = ?, "
				 "outcome_note = ?, outcome_at = ?, outcome_user_id = ?, updated_at = ? "
				 "WHERE id = ?",
	[ST_GATHERING_LIST] = "SELECT " GATHERING_COLS GATHERING_WHERE
			      "ORDER BY g.planned_on DESC, g.id DESC LIMIT ? OFFSET ?",
	[ST_GATHERING_COUNT] = "SELECT COUNT(*) FROM gathering g " GATHERING_WHERE,
	/* an outcome counts from the moment it was recorded: reports of past days stay as they were */
	[ST_GATHERING_FIGURES] = "SELECT SUBSTR(g.area_code, 1, 12), CASE WHEN g.outcome_at < ? "
				 "THEN g.outcome ELSE 'pending' END, COUNT(*), "
				 "COALESCE(SUM(g.expected_guests), 0), COALESCE(SUM(COALESCE(g.guests, 0)), 0) "
				 "FROM gathering g WHERE g.area_code >= ? AND g.area_code < ? "
				 "AND g.planned_on >= ? AND g.planned_on <= ? AND g.created_at < ? "
				 "GROUP BY 1, 2 ORDER BY 1, 2",
};
