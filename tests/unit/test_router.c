/* test_router.c: the router checks a record's area through its route's own area function, with
 * the record id of the path, and answers 404 for a record outside the user's area (on a SQLite
 * file, for the session of a secretary of one village). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "db_registry.h"
#include "err.h"
#include "http.h"
#include "role.h"
#include "t.h"

static char path[] = "/tmp/fangyi-test-router-XXXXXX";
static struct db *db;
static struct dbc *c;
static struct app app;
static const char token[] = "test-router-token-of-the-secretary";

/* What the route's functions saw. */
static int area_calls, handler_calls;
static int64_t area_id;

/* The records of the test: 7 in the secretary's village (a grid of it), 8 in the next village,
 * no other. */
static int
thing_area(struct dbc *dc, struct arena *a, int64_t id, char **ret_code)
{
	area_calls++;
	area_id = id;
	if (id == 7)
		*ret_code = arena_strdup(a, "430302100201003");
	else if (id == 8)
		*ret_code = arena_strdup(a, "430302100202001");
	else
		return ERR_NOTFOUND;
	return 0;
}

static int
thing_handler(struct req *r, struct resp *rs)
{
	handler_calls++;
	return resp_json(rs, 200, json_pack("{s:s}", "id", r->params[0]));
}

static const struct route rows[] = {
	{M_GET, "/things", thing_handler, PERM_PERSON_READ, NULL, 0},
	{M_GET, "/things/{id}", thing_handler, PERM_PERSON_READ, thing_area, 0},
	{M_GET, "/things/{id}/parts/{part}", thing_handler, PERM_PERSON_READ, thing_area, 0},
};
static const struct route_table table = {rows, (int)(sizeof(rows) / sizeof(rows[0])), NULL};

/* GET path as the secretary: the status, and the error code of a refusal in ret_code. */
static int
get(const char *p, char *ret_code, size_t n)
{
	struct req r;
	struct resp rs;
	json_t *e;
	int status;

	memset(&r, 0, sizeof(r));
	memset(&rs, 0, sizeof(rs));
	r.arena = arena_new();
	r.app = &app;
	r.db = c;
	r.method = M_GET;
	r.method_text = "GET";
	r.path = p;
	r.ip = "127.0.0.1";
	r.authorization = arena_printf(r.arena, "Bearer %s", token);
	area_calls = handler_calls = 0;
	area_id = 0;
	T_ASSERT(!router_dispatch(&table, &r, &rs));
	status = rs.status;
	e = json_object_get(json_object_get(rs.json, "error"), "code");
	snprintf(ret_code, n, "%s", e ? json_string_value(e) : "");
	json_decref(rs.json);
	arena_free(r.arena);
	return status;
}

static void
test_area_function(void)
{
	char code[32];

	/* the row's area function gets params[0], and a record in the user's area is served */
	T_EQ_INT(get("/things/7", code, sizeof(code)), 200);
	T_EQ_INT(area_calls, 1);
	T_EQ_INT(area_id, 7);
	T_EQ_INT(handler_calls, 1);
	/* params[0] even when the path names more than one */
	T_EQ_INT(get("/things/7/parts/99", code, sizeof(code)), 200);
	T_EQ_INT(area_id, 7);

	/* a record of another village is not there: 404, and the handler never runs */
	T_EQ_INT(get("/things/8", code, sizeof(code)), 404);
	T_EQ_STR(code, "not_found");
	T_EQ_INT(area_calls, 1);
	T_EQ_INT(area_id, 8);
	T_EQ_INT(handler_calls, 0);

	/* no such record, and no record id at all: 404 too */
	T_EQ_INT(get("/things/9", code, sizeof(code)), 404);
	T_EQ_INT(handler_calls, 0);
	T_EQ_INT(get("/things/abc", code, sizeof(code)), 404);
	T_EQ_INT(area_calls, 0);
	T_EQ_INT(handler_calls, 0);

	/* a row without an area function leaves the scope to its handler */
	T_EQ_INT(get("/things", code, sizeof(code)), 200);
	T_EQ_INT(area_calls, 0);
	T_EQ_INT(handler_calls, 1);
}

static void
test_check(void)
{
	static const struct route bad[] = {
		{M_GET, "/things", thing_handler, PERM_PERSON_READ, thing_area, 0},
	};
	static const struct route_table bad_table = {bad, 1, NULL};

	T_EQ_INT(router_check(&table), 0);
	/* an area function on a path naming no record could only ever answer 404 */
	T_EQ_INT(router_check(&bad_table), ERR_INTERNAL);
}

/* The areas, the secretary of 云龙村 and her session. */
static int
setup(void)
{
	struct area d = {0}, t = {0}, v1 = {0}, v2 = {0};
	struct user u = {0};
	char h[65];

	d.code = "430302000000", d.name = "雨湖区", d.level = AREA_DISTRICT, d.kind = "district";
	if (db_area_insert(c, &d))
		return -1;
	t.code = "430302100000", t.name = "鹤岭镇", t.level = AREA_TOWN, t.kind = "town";
	t.parent_id = d.id;
	if (db_area_insert(c, &t))
		return -1;
	v1.code = "430302100201", v1.name = "云龙村", v1.level = AREA_VILLAGE, v1.kind = "village";
	v1.parent_id = t.id;
	v2.code = "430302100202", v2.name = "白石村", v2.level = AREA_VILLAGE, v2.kind = "village";
	v2.parent_id = t.id;
	if (db_area_insert(c, &v1) || db_area_insert(c, &v2))
		return -1;
	u.username = "secretary";
	u.display_name = "书记";
	u.role = "secretary";
	u.area_id = v1.id;
	u.pwhash = "-";
	if (db_user_insert(c, &u) || auth_hash_token(token, h) ||
	    db_session_insert(c, h, "csrf", u.id, "127.0.0.1", clock_now() + 3600))
		return -1;
	return 0;
}

int
main(void)
{
	struct fault f = {0};
	char url[64], side[80];
	int fd;

	if (sodium_init() < 0 || (fd = mkstemp(path)) < 0)
		return 1;
	close(fd);
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (db_open(url, 1, &db, &f)) {
		fprintf(stderr, "test_router: %s\n", f.en);
		return 1;
	}
	app.db = db;
	c = db_acquire(db);
	if (setup() != 0) {
		fprintf(stderr, "test_router: cannot set up the town\n");
		return 1;
	}
	T_RUN(test_area_function);
	T_RUN(test_check);
	db_release(c);
	db_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return T_DONE();
}
