/* db_purge.c: the end-of-epidemic purge: every column that identifies a resident, listed once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "db_internal.h"
#include "db_purge.h"
#include "db_registry.h"
#include "err.h"

/*
 * Which rows are "the epidemic's work dated before the cut-off": the date column of each table
 * is compared with the cut-off (each ? below).  A record with a life (a tip, a task, a gathering)
 * is dated by its last change, so one still being worked on after the cut-off stays whole.  An
 * observation period still active is never purged: the person is under observation now and is
 * cared for by name; the purge counts them (kept_active) so they can be released first.  The
 * rows about a period, a screening, a task or a visit follow it.
 */
#define KEY_PERSONS "status <> 'active' AND updated_at < ?"
#define OF_KEY_PERSON "key_person_id IN (SELECT id FROM key_person WHERE " KEY_PERSONS ")"
#define OF_SCREENING "screening_id IN (SELECT id FROM screening WHERE at < ?)"
#define OF_TASK "task_id IN (SELECT id FROM task WHERE updated_at < ?)"
#define OF_VISIT "visit_id IN (SELECT id FROM sweep_visit WHERE created_at < ?)"
#define OF_DECLARATION "declaration_id IN (SELECT id FROM declaration WHERE created_at < ?)"
#define OF_LIST "batch_id IN (SELECT id FROM list_batch WHERE created_at < ?)"
/*
 * With --registry: the people whose registry row has not changed since the cut-off and who are
 * not under observation now, and the households none of whose people is kept.  A row changed
 * since the cut-off is in use by the work after it (a newcomer, a move, a correction); the rest
 * were only needed for the epidemic the purge ends.  Nothing is deleted, so area.persons and
 * area.households, and every figure divided by them, stay as they were.
 */
#define PEOPLE                                                                                     \
	"updated_at < ? AND (merged_into IS NULL OR merged_into <> id) AND NOT EXISTS "            \
	"(SELECT 1 FROM key_person k WHERE k.person_id = person.id AND k.status = 'active')"
#define HOUSEHOLDS                                                                                 \
	"updated_at < ? AND NOT EXISTS (SELECT 1 FROM person p "                                   \
	"WHERE p.household_id = household.id AND (p.updated_at >= ? OR EXISTS "                   \
	"(SELECT 1 FROM key_person k WHERE k.person_id = p.id AND k.status = 'active')))"

/*
 * THE list.  Every column that identifies a resident, or holds what a clerk typed about one, in
 * the records of the epidemic's work.  A table's rows stay (every count and figure reads them);
 * what identifies goes.  tests/api/purge.test.mjs and `fangyi purge` itself compare this list
 * with the schema (db_purge_check), so a column added later and named like personal data fails
 * until it is listed here or below among the columns declared not identifying.
 */
static const struct purge_col cols[] = {
    /* monitoring: the period's link to the registry, and what was typed about the person */
    {"key_person", KEY_PERSONS, "person_id", PURGE_PERSON, false},
    {"key_person", KEY_PERSONS, "reason_detail", PURGE_EMPTY, false},
    {"key_person", KEY_PERSONS, "from_place", PURGE_EMPTY, false},
    {"key_person", KEY_PERSONS, "transport_no", PURGE_EMPTY, false},
    {"key_person", KEY_PERSONS, "site", PURGE_EMPTY, false},
    {"key_person", KEY_PERSONS, "self_code", PURGE_NULL, false},
    {"key_person", KEY_PERSONS, "self_code_hash", PURGE_NULL, false},
    {"health_check", OF_KEY_PERSON, "symptom_other", PURGE_EMPTY, false},
    {"alert", OF_KEY_PERSON, "note", PURGE_EMPTY, false},
    {"key_person_event", OF_KEY_PERSON, "detail", PURGE_EMPTY, false},
    /* tips from the public: the reporter, and the text naming a neighbour */
    {"tip", "updated_at < ?", "reporter_name", PURGE_NULL, false},
    {"tip", "updated_at < ?", "reporter_phone", PURGE_NULL, false},
    {"tip", "updated_at < ?", "address", PURGE_EMPTY, false},
    {"tip", "updated_at < ?", "happened", PURGE_EMPTY, false},
    {"tip", "updated_at < ?", "description", PURGE_MARK, false},
    {"tip", "updated_at < ?", "public_result", PURGE_EMPTY, false},
    /* tasks: "上门核实 <name>" */
    {"task", "updated_at < ?", "title", PURGE_MARK, false},
    {"task", "updated_at < ?", "description", PURGE_EMPTY, false},
    {"task", "updated_at < ?", "person_id", PURGE_NULL, false},
    {"task", "updated_at < ?", "result", PURGE_EMPTY, false},
    {"task", "updated_at < ?", "evidence", PURGE_EMPTY, false},
    {"task_event", OF_TASK, "detail", PURGE_EMPTY, false},
    /* checkpoints: the plate, the people screened and where they went, their hand-offs */
    {"screening", "at < ?", "plate", PURGE_EMPTY, false},
    {"screening", "at < ?", "note", PURGE_EMPTY, false},
    {"screened_person", OF_SCREENING, "name", PURGE_MARK, false},
    {"screened_person", OF_SCREENING, "id_number", PURGE_NULL, false},
    {"screened_person", OF_SCREENING, "phone", PURGE_NULL, false},
    {"screened_person", OF_SCREENING, "from_place", PURGE_EMPTY, false},
    {"screened_person", OF_SCREENING, "via", PURGE_EMPTY, false},
    {"screened_person", OF_SCREENING, "to_place", PURGE_EMPTY, false},
    {"screening_handoff", OF_SCREENING, "person_id", PURGE_NULL, false},
    /* travellers' declarations at a checkpoint: deleted within hours anyway, but a purge run
     * that day leaves none of them */
    {"declaration", "created_at < ?", "plate", PURGE_EMPTY, false},
    {"declaration", "created_at < ?", "from_place", PURGE_EMPTY, false},
    {"declaration", "created_at < ?", "to_place", PURGE_EMPTY, false},
    {"declared_person", OF_DECLARATION, "name", PURGE_MARK, false},
    {"declared_person", OF_DECLARATION, "id_number", PURGE_NULL, false},
    {"declared_person", OF_DECLARATION, "phone", PURGE_NULL, false},
    /* duty rosters: volunteers are residents; a reason for leave may be an illness */
    {"duty_member", "created_at < ?", "person_id", PURGE_NULL, false},
    {"duty_member", "created_at < ?", "name", PURGE_MARK, false},
    {"duty_member", "created_at < ?", "phone", PURGE_EMPTY, false},
    {"duty_change", "created_at < ?", "reason", PURGE_EMPTY, false},
    {"duty_leave", "created_at < ?", "reason", PURGE_EMPTY, false},
    {"duty_handover", "written_at < ?", "incidents", PURGE_EMPTY, false},
    {"duty_handover", "written_at < ?", "note", PURGE_EMPTY, false},
    {"duty_handover", "written_at < ?", "confirm_note", PURGE_EMPTY, false},
    /* donations: the donor's contact (the name stays: see the exemptions) */
    {"donation", "created_at < ?", "donor_contact", PURGE_EMPTY, false},
    /* sweeps: the answers at the door name people and their health */
    {"sweep_visit", "created_at < ?", "answers", PURGE_JSON, false},
    {"sweep_visit", "created_at < ?", "note", PURGE_EMPTY, false},
    {"sweep_handoff", OF_VISIT, "person_id", PURGE_NULL, false},
    /* publicity: a note may name a household; a photo may show faces (PIPL art. 28: sensitive),
     * nobody can review every photo for them, and no figure counts them: they go */
    {"publicity", "created_at < ?", "note", PURGE_EMPTY, false},
    {"publicity_photo", "created_at < ?", "bytes", PURGE_DELETE, false},
    /* gatherings: the host, and the place (often the host's home) */
    {"gathering", "updated_at < ?", "host_person_id", PURGE_PERSON, false},
    {"gathering", "updated_at < ?", "place", PURGE_MARK, false},
    {"gathering", "updated_at < ?", "note", PURGE_EMPTY, false},
    {"gathering", "updated_at < ?", "held_reason", PURGE_EMPTY, false},
    {"gathering", "updated_at < ?", "outcome_note", PURGE_EMPTY, false},
    /* lists from higher authorities: each row as received, its keys and the person it found */
    {"list_row", OF_LIST, "cells", PURGE_EMPTY, false},
    {"list_row", OF_LIST, "name", PURGE_MARK, false},
    {"list_row", OF_LIST, "id_number", PURGE_NULL, false},
    {"list_row", OF_LIST, "phone", PURGE_NULL, false},
    {"list_row", OF_LIST, "birth_date", PURGE_NULL, false},
    {"list_row", OF_LIST, "origin", PURGE_EMPTY, false},
    {"list_row", OF_LIST, "note", PURGE_EMPTY, false},
    {"list_row", OF_LIST, "person_id", PURGE_NULL, false},
    {"list_row", OF_LIST, "candidates", PURGE_EMPTY, false},
    /* the stored answers of exactly-once creates are rendered JSON of people: only a retry
     * within minutes needs them */
    {"idempotency", "created_at < ?", "response", PURGE_DELETE, false},
    /* the audit keeps who did what, not to whom */
    {"audit", "at < ?", "object_id", PURGE_AUDIT, false},
    {"audit", "at < ?", "detail", PURGE_AUDIT, false},
    /* the registry, with --registry only */
    {"person", PEOPLE, "name", PURGE_MARK, true},
    {"person", PEOPLE, "id_number", PURGE_NULL, true},
    {"person", PEOPLE, "id_rev", PURGE_NULL, true},
    {"person", PEOPLE, "phone", PURGE_NULL, true},
    {"person", PEOPLE, "phone_rev", PURGE_NULL, true},
    {"person", PEOPLE, "birth_date", PURGE_NULL, true},
    {"person", PEOPLE, "notes", PURGE_EMPTY, true},
    {"household", HOUSEHOLDS, "address", PURGE_MARK_ID, true},
    {"household", HOUSEHOLDS, "notes", PURGE_EMPTY, true},
};

/* The columns named like personal data that are not a resident's, and why.  Keep it short. */
static const struct purge_exempt exempt[] = {
    {"area", "name", "a village's or grid's name, never a person's"},
    {"app_user", "display_name",
     "staff accounts, not residents: the audit's who-did-what needs them"},
    {"app_user", "phone", "a staff member's work phone printed on notices"},
    {"app_user", "person_id", "a staff account's own registry row, anonymised with the registry"},
    {"duty_post", "name", "a duty post's name: a place"},
    {"list_batch", "name", "a list's name: where it came from (区指挥部铁路名单), never a person's"},
    {"list_row", "reason", "the key a row matched on (id_number, phone...), a word of fangyi's"},
    {"duty_post", "place", "where a duty post stands"},
    {"duty_post", "phone", "a duty post's own duty phone"},
    {"duty_team", "name", "a team's name"},
    {"duty_pattern", "name", "a roster pattern's name"},
    {"item", "name", "an article of supplies"},
    {"item", "name_en", "an article of supplies"},
    {"item", "pack_name", "an article's pack"},
    {"item", "pack_name_en", "an article's pack"},
    {"store", "name", "a store of supplies"},
    {"donation", "donor_name",
     "the receipt and the public disclosure (公示) name the donor: an accounting record kept "
     "with the ledger under the accounting archive rules; the donor's contact is purged"},
    {"ledger", "to_text", "where supplies went (a post, a village): an accounting record"},
    {"sweep_campaign", "name", "a campaign's name"},
    {"publicity", "title", "a publicity action's slogan, group or route"},
    {"sweep_visit", "household_id",
     "which door was knocked on: the coverage rests on it; the answers and notes go, the household "
     "itself with --registry"},
    {"sweep_household", "household_id", "where a household stands in a round: coverage"},
    {"sweep_person", "person_id", "who was seen at the door in a round (counted once): no answer"},
    {"publicity_reach", "household_id", "which households an action reached: coverage"},
    {"publicity_household", "household_id", "households reached by publicity: coverage"},
    {"person_tag", "person_id", "the registry's tag index, anonymised with its person"},
    {"person", "household_id", "the registry's own link, anonymised with its rows"},
    {"key_person", "reason",
     "a fixed key (high_risk_area, close_contact, other) the figures group by"},
    {"alert", "reason", "a fixed key (fever, symptoms)"},
    {"alert", "result", "a fixed key (excluded, suspected, confirmed) the figures count"},
    {"screening_handoff", "reason", "a fixed key (fever, high_risk)"},
    {"screening", "plate_kind", "a fixed key (ordinary, new_energy): the plate itself is purged"},
    {"schema_migrations", "name", "a migration's name"},
    {"throttle", "name",
     "a user name as typed at the login form (a staff account, or a guess) with its failures, "
     "faded and forgotten within the hour: never a resident's"},
};

#define NELEM(a) (int)(sizeof(a) / sizeof((a)[0]))

const struct purge_col *
db_purge_columns(int *ret_n)
{
	*ret_n = NELEM(cols);
	return cols;
}

const struct purge_exempt *
db_purge_exempt(int *ret_n)
{
	*ret_n = NELEM(exempt);
	return exempt;
}

/*
 * The words of a column name (split at '_') that say personal data, and the names that do as a
 * whole.  Broad on purpose: a fixed key named "reason" is one line among the exemptions, a
 * forgotten phone is a leak.
 */
bool
db_purge_looks_identifying(const char *column)
{
	static const char *const words[] = {
	    "name",        "names",    "phone",     "phones", "mobile", "address", "contact",
	    "plate",       "reporter", "note",      "notes",  "detail", "details", "text",
	    "description", "answers",  "response",  "place",  "bytes",  "title",   "evidence",
	    "result",      "reason",   "incidents", "birth",  "email",  "wechat",  "idcard",
	    "idnum",       "passport", "witness",   "raw",    "cells",
	};
	static const char *const whole[] = {"id_number", "id_rev", "self_code"};
	/* a link to the registry (person_id, host_person_id, household_id), not to a record named
	 * after a person (key_person_id, screened_person_id) */
	static const char *const tails[] = {"person_id", "household_id"};
	static const char *const others[] = {"key_", "screened_"};
	const char *p = column;
	size_t i, j, n = strlen(column);

	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		if (strstr(column, whole[i]) != NULL)
			return true;
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t k = strlen(tails[i]);
		bool other = false;

		if (n < k || strcmp(column + n - k, tails[i]) != 0)
			continue;
		for (j = 0; j < sizeof(others) / sizeof(others[0]); j++) {
			size_t m = strlen(others[j]);

			other =
			    other || (n - k >= m && strncmp(column + n - k - m, others[j], m) == 0);
		}
		if (!other)
			return true;
	}
	while (*p) {
		size_t k = strcspn(p, "_");

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i]) == k && strncmp(p, words[i], k) == 0)
				return true;
		p += k;
		if (*p == '_')
			p++;
	}
	return false;
}

/* Every table's columns: the one place the two dialects differ here. */
static const char *
schema_sql(struct dbc *c)
{
	if (db_backend(dbc_db(c)) == DB_PG)
		return "SELECT table_name, column_name FROM information_schema.columns "
		       "WHERE table_schema = current_schema() ORDER BY table_name, "
		       "ordinal_position";
	return "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
	       "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY m.name, c.cid";
}

static bool
listed(const char *table, const char *column)
{
	int i;

	for (i = 0; i < NELEM(cols); i++)
		if (strcmp(cols[i].table, table) == 0 && strcmp(cols[i].column, column) == 0)
			return true;
	for (i = 0; i < NELEM(exempt); i++)
		if (strcmp(exempt[i].table, table) == 0 && strcmp(exempt[i].column, column) == 0)
			return true;
	return false;
}

int
db_purge_check(struct dbc *c, struct arena *a, struct purge_gap **ret, int *ret_n)
{
	struct dbq q;
	struct buf seen = {0}; /* "table.column\n" of every column of the schema */
	struct purge_gap *v = NULL;
	int n = 0, cap = 0, rc, i;

	dbq_start_sql(&q, c, schema_sql(c));
	while ((rc = dbq_step(&q)) == 1) {
		const char *t = dbq_text(&q, 0), *col = dbq_text(&q, 1);

		buf_addf(&seen, "\n%s.%s\n", t, col);
		if (!db_purge_looks_identifying(col) || listed(t, col))
			continue;
		if (n == cap) {
			struct purge_gap *w =
			    arena_alloc(a, sizeof(*w) * (size_t)(cap = cap * 2 + 8));

			if (n)
				memcpy(w, v, sizeof(*w) * (size_t)n);
			v = w;
		}
		v[n].table = arena_strdup(a, t);
		v[n].column = arena_strdup(a, col);
		v[n].missing = false;
		n++;
	}
	dbq_end(&q);
	if (rc < 0) {
		buf_free(&seen);
		return rc;
	}
	/* and every listed column must still exist: a stale list purges nothing */
	for (i = 0; i < NELEM(cols) + NELEM(exempt); i++) {
		const char *t = i < NELEM(cols) ? cols[i].table : exempt[i - NELEM(cols)].table;
		const char *col = i < NELEM(cols) ? cols[i].column : exempt[i - NELEM(cols)].column;
		char key[128];

		snprintf(key, sizeof(key), "\n%s.%s\n", t, col);
		if (seen.p != NULL && strstr(seen.p, key) != NULL)
			continue;
		if (n == cap) {
			struct purge_gap *w =
			    arena_alloc(a, sizeof(*w) * (size_t)(cap = cap * 2 + 8));

			if (n)
				memcpy(w, v, sizeof(*w) * (size_t)n);
			v = w;
		}
		v[n].table = (char *)t;
		v[n].column = (char *)col;
		v[n].missing = true;
		n++;
	}
	buf_free(&seen);
	*ret = v;
	*ret_n = n;
	return 0;
}

/* The condition of a value not purged yet, and the value it becomes. */
static void
pending(struct buf *b, const struct purge_col *pc, int64_t person)
{
	switch (pc->how) {
	case PURGE_NULL:
		buf_addf(b, "%s IS NOT NULL", pc->column);
		break;
	case PURGE_EMPTY:
		buf_addf(b, "%s <> ''", pc->column);
		break;
	case PURGE_MARK:
		buf_addf(b, "%s <> '' AND %s <> '已清除'", pc->column, pc->column);
		break;
	case PURGE_MARK_ID:
		buf_addf(b, "%s <> ('已清除#' || id)", pc->column);
		break;
	case PURGE_JSON:
		buf_addf(b, "%s <> '{}'", pc->column);
		break;
	case PURGE_PERSON:
		buf_addf(b, "%s <> %lld", pc->column, (long long)person);
		break;
	case PURGE_DELETE:
	case PURGE_AUDIT:
		buf_adds(b, "1 = 1");
		break;
	}
}

static void
value(struct buf *b, const struct purge_col *pc, int64_t person)
{
	switch (pc->how) {
	case PURGE_NULL:
		buf_adds(b, "NULL");
		break;
	case PURGE_EMPTY:
		buf_adds(b, "''");
		break;
	case PURGE_MARK:
		buf_adds(b, "'已清除'");
		break;
	case PURGE_MARK_ID:
		buf_adds(b, "'已清除#' || id");
		break;
	case PURGE_JSON:
		buf_adds(b, "'{}'");
		break;
	case PURGE_PERSON:
		buf_addf(b, "%lld", (long long)person);
		break;
	case PURGE_DELETE:
	case PURGE_AUDIT:
		break;
	}
}

/* Run sql with the cut-off bound to each of its ?s; with ret, its one integer. */
static int
run_cut(struct dbc *c, const char *sql, int64_t before, int64_t *ret)
{
	struct dbq q;
	const char *p;
	int i = 0;

	dbq_start_sql(&q, c, sql);
	for (p = sql; *p; p++)
		if (*p == '?')
			dbq_bind_int(&q, ++i, before);
	if (ret)
		return dbq_scalar_int(&q, ret);
	return dbq_run(&q);
}

/* The registry row purged records point to, made once and remembered in the settings. */
static int
placeholder(struct dbc *c, struct arena *a, int64_t *ret)
{
	struct dbq q;
	char *s = NULL, num[24];
	int64_t id = 0, now = clock_now();
	int rc;

	if (db_setting_get(c, a, "purge.person_id", &s) == 0 && s && (id = atoll(s)) > 0) {
		*ret = id;
		return 0;
	}
	dbq_start(&q, c, ST_PURGE_PERSON_INSERT);
	dbq_bind_int(&q, 1, now);
	dbq_bind_int(&q, 2, now);
	if ((rc = dbq_scalar_int(&q, &id)))
		return rc;
	dbq_start(&q, c, ST_PURGE_PERSON_SELF);
	dbq_bind_int(&q, 1, id);
	if ((rc = dbq_run(&q)))
		return rc;
	snprintf(num, sizeof(num), "%lld", (long long)id);
	if ((rc = db_setting_put(c, "purge.person_id", num)))
		return rc;
	*ret = id;
	return 0;
}

/* One table's columns (cols[from, to)): count each, and the rows, then change them. */
static int
purge_table(struct dbc *c, struct arena *a, const struct purge_opts *o, int from, int to,
            struct purge_count *counts, int *nc, int64_t *person)
{
	const char *t = cols[from].table, *rows = cols[from].rows;
	struct buf b = {0};
	int64_t n = 0, total = 0;
	int i, first = *nc, rc = 0;
	bool any = false;

	counts[(*nc)++] = (struct purge_count){t, NULL, 0};
	for (i = from; i < to && rc == 0; i++) {
		buf_reset(&b);
		buf_addf(&b, "SELECT COUNT(*) FROM %s WHERE (%s) AND (", t, rows);
		pending(&b, &cols[i], *person);
		buf_adds(&b, ")");
		rc = run_cut(c, b.p, o->before, &n);
		counts[(*nc)++] = (struct purge_count){t, cols[i].column, n};
		any = any || n > 0;
	}
	/* the table's rows: those with at least one value still to purge */
	if (rc == 0 && any) {
		buf_reset(&b);
		buf_addf(&b, "SELECT COUNT(*) FROM %s WHERE (%s) AND (", t, rows);
		for (i = from; i < to; i++) {
			buf_adds(&b, i > from ? ") OR (" : "(");
			pending(&b, &cols[i], *person);
		}
		buf_adds(&b, "))");
		rc = run_cut(c, b.p, o->before, &total);
		counts[first].rows = total;
	}
	for (i = from; i < to && rc == 0 && !o->dry_run; i++) {
		if (counts[first + 1 + (i - from)].rows == 0)
			continue;
		if (cols[i].how == PURGE_PERSON && *person == 0 && (rc = placeholder(c, a, person)))
			break;
		buf_reset(&b);
		if (cols[i].how == PURGE_DELETE) {
			buf_addf(&b, "DELETE FROM %s WHERE %s", t, rows);
		} else {
			buf_addf(&b, "UPDATE %s SET %s = ", t, cols[i].column);
			value(&b, &cols[i], *person);
			buf_addf(&b, " WHERE (%s) AND (", rows);
			pending(&b, &cols[i], *person);
			buf_adds(&b, ")");
		}
		rc = run_cut(c, b.p, o->before, NULL);
	}
	buf_free(&b);
	return rc;
}

/* The purge's own audit detail: {"before":…,"date":…,"registry":…,"rows":{…},…} */
static char *
detail_json(struct arena *a, const struct purge_opts *o, const struct purge_result *r)
{
	struct buf b = {0};
	char *s;
	int i;
	bool first = true;

	buf_addf(&b, "{\"before\":%lld,\"date\":\"%s\",\"registry\":%s,\"rows\":{",
	         (long long)o->before, o->date ? o->date : "", o->registry ? "true" : "false");
	for (i = 0; i < r->ncounts; i++)
		if (r->counts[i].column == NULL) {
			buf_addf(&b, "%s\"%s\":%lld", first ? "" : ",", r->counts[i].table,
			         (long long)r->counts[i].rows);
			first = false;
		}
	buf_addf(&b, "%s\"audit\":%lld},\"kept_active\":%lld,\"backups\":%d}", first ? "" : ",",
	         (long long)r->audit_rows, (long long)r->kept_active, o->nbackups);
	s = arena_strdup(a, b.p);
	buf_free(&b);
	return s;
}

int
db_purge_run(struct dbc *c, struct arena *a, const struct purge_opts *o, struct purge_result *ret,
             struct fault *f)
{
	struct purge_result r = {0};
	struct dbq q;
	int64_t person = 0;
	int i, from, rc;

	r.counts = arena_alloc(a, sizeof(*r.counts) * (size_t)(2 * NELEM(cols)));
	{ /* made by an earlier purge; a dry run makes none (0: every link counts) */
		char *s = NULL;

		if (db_setting_get(c, a, "purge.person_id", &s) == 0 && s)
			person = atoll(s);
	}
	if ((rc = dbc_begin(c)))
		return fault_set(f, rc, "db", "无法开始清除", "cannot begin the purge");
	for (from = 0; from < NELEM(cols) && rc == 0; from = i) {
		for (i = from; i < NELEM(cols) && strcmp(cols[i].table, cols[from].table) == 0; i++)
			;
		if (cols[from].how == PURGE_AUDIT || (cols[from].registry && !o->registry))
			continue;
		rc = purge_table(c, a, o, from, i, r.counts, &r.ncounts, &person);
	}
	if (rc) {
		dbc_rollback(c);
		return fault_set(f, rc, "db", "清除个人信息失败，数据库未改动",
		                 "the purge failed; nothing was changed");
	}
	if ((rc = db_audit_purge_subjects(c, o->before, &r.audit_rows, f)))
		goto out_rollback;
	dbq_start(&q, c, ST_PURGE_KEPT_ACTIVE);
	dbq_bind_int(&q, 1, o->before);
	if ((rc = dbq_scalar_int(&q, &r.kept_active)))
		goto out_fail;
	if (o->dry_run) {
		dbc_rollback(c);
		*ret = r;
		return 0;
	}
	dbq_start(&q, c, ST_PURGE_PHOTO_RECOUNT);
	if ((rc = dbq_run(&q)))
		goto out_fail;
	{
		struct audit e = {0};

		e.username = o->username;
		e.ip = "local";
		e.action = "purge";
		e.object_kind = "database";
		e.detail = detail_json(a, o, &r);
		e.ok = 1;
		if ((rc = db_audit_add(c, &e)))
			goto out_fail;
	}
	if ((rc = dbc_commit(c)))
		return fault_set(f, rc, "db", "清除未能写入磁盘",
		                 "the purge could not be committed");
	*ret = r;
	return 0;
out_fail:
	fault_set(f, rc, "db", "清除个人信息失败，数据库未改动",
	          "the purge failed; nothing was changed");
out_rollback:
	dbc_rollback(c);
	return rc;
}

int
db_purge_secure(struct dbc *c)
{
	struct dbq q;

	if (db_backend(dbc_db(c)) != DB_SQLITE)
		return 0;
	dbq_start_sql(&q, c, "PRAGMA secure_delete = ON");
	return dbq_run(&q);
}

static void
read_busy(struct dbq *q, struct arena *a, void *p)
{
	*(bool *)p = dbq_int(q, 0) != 0;
}

/* PRAGMA wal_checkpoint(TRUNCATE): *busy when a reader kept the log from being emptied. */
static int
checkpoint(struct dbc *c, bool *busy)
{
	struct dbq q;
	bool now = false;
	int rc;

	dbq_start_sql(&q, c, "PRAGMA wal_checkpoint(TRUNCATE)");
	if ((rc = dbq_one(&q, NULL, read_busy, &now)) == ERR_NOTFOUND)
		rc = 0;
	*busy = *busy || now;
	return rc;
}

int
db_purge_scrub(struct dbc *c, bool *ret_complete, struct fault *f)
{
	struct dbq q;
	bool busy = false;
	int rc;

	*ret_complete = true;
	if (db_backend(dbc_db(c)) != DB_SQLITE)
		return 0;
	/*
	 * The log still holds the pages as they were before the purge (and the first writes of
	 * every record): it is copied into the database and emptied, then VACUUM rebuilds the
	 * file from the live rows only (freed pages, and what secure_delete could not reach, are
	 * left behind), and the log holding the rebuilt pages is emptied again.
	 */
	if ((rc = checkpoint(c, &busy)))
		goto fail;
	dbq_start_sql(&q, c, "VACUUM");
	if ((rc = dbq_run(&q)))
		goto fail;
	busy = false;
	if ((rc = checkpoint(c, &busy)))
		goto fail;
	*ret_complete = !busy;
	return 0;
fail:
	return fault_set(f, rc, "db", "无法整理数据库文件（VACUUM）",
	                 "cannot rebuild the database file (VACUUM)");
}

int
db_backup_list(struct dbc *c, struct arena *a, struct purge_backup **ret, int *ret_n)
{
	struct dbq q;
	struct purge_backup *v = NULL;
	int n = 0, cap = 0, rc;

	dbq_start(&q, c, ST_BACKUP_LIST);
	while ((rc = dbq_step(&q)) == 1) {
		if (n == cap) {
			struct purge_backup *w =
			    arena_alloc(a, sizeof(*w) * (size_t)(cap = cap * 2 + 8));

			if (n)
				memcpy(w, v, sizeof(*w) * (size_t)n);
			v = w;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].id = dbq_int(&q, 0);
		v[n].path = dbq_dup(&q, a, 1);
		v[n].backend = dbq_dup(&q, a, 2);
		v[n].at = dbq_int(&q, 3);
		v[n].purged_at = dbq_opt_int(&q, 4);
		n++;
	}
	dbq_end(&q);
	if (rc < 0)
		return rc;
	*ret = v;
	*ret_n = n;
	return 0;
}

static void
holds(struct arena *a, struct purge_backup *b, const char *en, const char *zh)
{
	b->state = "holds_personal_data";
	b->why = arena_printf(a, "%s / %s", en, zh);
}

void
db_purge_backup(struct dbc *c, struct arena *a, const struct purge_opts *o, struct purge_backup *b)
{
	struct purge_opts bo = *o;
	struct purge_result r;
	struct fault bf = {0};
	struct db *bdb = NULL;
	struct dbc *bc;
	struct dbq q;
	bool complete = false;
	int rc;

	if (strcmp(b->backend, "sqlite") != 0) {
		holds(a, b,
		      "a pg_dump archive cannot be purged in place: restore it into a scratch "
		      "database, run fangyi purge there and dump it again, or delete it",
		      "pg_dump 归档无法就地清除：请恢复到临时数据库、在那里运行 fangyi purge "
		      "后重新导出，或删除它");
		return;
	}
	if (access(b->path, F_OK) != 0) {
		b->state = "missing";
		return;
	}
	if (o->dry_run) {
		b->state = "would_purge";
		return;
	}
	if ((rc = db_open(arena_printf(a, "sqlite:%s", b->path), 1, &bdb, &bf))) {
		holds(a, b, bf.en[0] ? bf.en : "cannot open it", bf.zh[0] ? bf.zh : "无法打开");
		return;
	}
	bc = db_acquire(bdb);
	bo.nbackups = 0;
	if ((rc = db_purge_secure(bc)) || (rc = db_purge_run(bc, a, &bo, &r, &bf)) ||
	    (rc = db_purge_scrub(bc, &complete, &bf))) {
		holds(a, b, bf.en[0] ? bf.en : "the purge failed", bf.zh[0] ? bf.zh : "清除失败");
	} else if (!complete) {
		holds(a, b, "another process has it open: its log could not be emptied",
		      "另有程序打开了它，日志无法清空");
	} else {
		/* back to a plain file with no log beside it, as fangyi backup wrote it */
		dbq_start_sql(&q, bc, "PRAGMA journal_mode = DELETE");
		while (dbq_step(&q) == 1)
			;
		dbq_end(&q);
		b->state = "purged";
	}
	db_release(bc);
	db_close(bdb);
	if (strcmp(b->state, "purged") == 0) {
		b->purged_at = clock_now();
		dbq_start(&q, c, ST_BACKUP_PURGED);
		dbq_bind_int(&q, 1, b->purged_at);
		dbq_bind_int(&q, 2, b->id);
		dbq_run(&q);
	}
}
