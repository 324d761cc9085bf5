/* api_screening.c: screenings at a checkpoint (筛查记录) with their hand-offs to key-person
 * monitoring or to the command post, the figures per post, hour and shift, and the settings. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "arena.h"
#include "buf.h"
#include "checkpoint.h"
#include "svc_report.h"
#include "clock.h"
#include "mask.h"
#include "observation.h"
#include "plate.h"
#include "text.h"

/* Person i of the body's persons as typed (the operation checks what it says); faults name the
 * field as persons[i].field. */
static int
read_person(struct req *r, json_t *o, size_t i, struct svc_screened_in *p)
{
	static const char *const fields[] = {"temperature", "name", "id_number", "phone",
					     "from_place", "via", "to_place", "high_risk",
					     "lives_in", NULL};
	json_t *t = json_object_get(o, "temperature");
	int rc;

	if (!json_is_object(o))
		return fault_setf(&r->fault, ERR_INVALID, "persons", "第 %zu 位人员应为对象",
				  "persons[%zu] must be an object", i);
	if ((rc = api_obj_only(r, o, fields)) == 0) {
		if (t == NULL || json_is_null(t))
			rc = fault_set(&r->fault, ERR_INVALID, "temperature", "请填写体温",
				       "the temperature is required");
		else if (!json_is_number(t))
			rc = fault_set(&r->fault, ERR_INVALID, "temperature", "体温应为数字，如 36.5",
				       "the temperature must be a number such as 36.5");
		else
			p->temperature = json_number_value(t);
	}
	if (rc == 0 && (rc = api_obj_str(r, o, "name", 40, false, &p->name)) == 0 &&
	    (rc = api_obj_code(r, o, "id_number", 30, false, &p->id_number)) == 0 &&
	    (rc = api_obj_code(r, o, "phone", 32, false, &p->phone)) == 0 &&
	    (rc = api_obj_str(r, o, "from_place", 60, false, &p->from_place)) == 0 &&
	    (rc = api_obj_str(r, o, "via", 60, false, &p->via)) == 0 &&
	    (rc = api_obj_str(r, o, "to_place", 60, false, &p->to_place)) == 0 &&
	    (rc = api_obj_str(r, o, "lives_in", 20, false, &p->lives_in)) == 0)
		rc = api_obj_bool(r, o, "high_risk", &p->high_risk);
	if (rc)
		svc_screening_person_field(&r->fault, i);
	return rc;
}

/*
 * A hand-off to a key person of a village outside the viewer's area (a
 * checkpoint of one village screening a resident of another) says only
 * that the record went to their home village: not the person, nor the key
 * person, nor whether they were under observation already.  The hand-off
 * itself is done all the same.
 */
static json_t *
elsewhere_json(const struct handoff *h)
{
	return json_pack("{s:s, s:s, s:{s:s}, s:s, s:s, s:n, s:n, s:n, s:n, s:n, s:n}", "kind",
			 "home_village", "reason", h->reason, "village", "name",
			 h->village_name ? h->village_name : "", "note",
			 "已移交其所在村（社区）跟进", "note_en",
			 "handed to their home village to follow up", "key_person_id", "existing",
			 "task_id", "person_id", "registered", "check_id");
}

static json_t *
sperson_json(struct req *r, const struct screened_person *p, const struct handoff *h)
{
	struct svc s;
	char mid[32] = "", mph[32] = "";
	json_t *ho = json_null();

	if (p->id_number)
		mask_idnum(p->id_number, mid);
	if (p->phone)
		mask_phone(p->phone, mph);
	if (h && h->kind && svc_screening_elsewhere(api_svc(r, &s), h))
		ho = elsewhere_json(h);
	else if (h && h->kind)
		ho = json_pack("{s:s, s:s, s:o, s:b, s:o, s:o, s:b, s:o}", "kind", h->kind, "reason",
			       h->reason, "key_person_id",
			       h->key_person_id ? json_integer(h->key_person_id) : json_null(),
			       "existing", h->existing != 0, "task_id",
			       h->task_id ? json_integer(h->task_id) : json_null(), "person_id",
			       h->person_id ? json_integer(h->person_id) : json_null(), "registered",
			       h->registered != 0, "check_id",
			       h->check_id ? json_integer(h->check_id) : json_null());
	return json_pack("{s:i, s:f, s:b, s:b, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o}", "seq", p->seq,
			 "temperature", p->temp_tenths / 10.0, "fever", p->fever != 0, "high_risk",
			 p->high_risk != 0, "name", p->name ? p->name : "", "id_number",
			 p->id_number ? json_string(mid) : json_null(), "phone",
			 p->phone ? json_string(mph) : json_null(), "from_place",
			 p->from_place ? p->from_place : "", "via", p->via ? p->via : "", "to_place",
			 p->to_place ? p->to_place : "", "lives_in",
			 p->lives_in ? json_string(p->lives_in) : json_null(), "handoff", ho);
}

static json_t *
screening_json(const struct screening *s)
{
	char disp[PLATE_MAX + 4];

	plate_display(s->plate ? s->plate : "", disp);
	return json_pack("{s:I, s:I, s:s, s:o, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, "
			 "s:i, s:i, s:b, s:o, s:s, s:{s:I, s:s}, s:I}",
			 "id", (json_int_t)s->id, "post_id", (json_int_t)s->post_id, "post_name",
			 s->post_name ? s->post_name : "", "shift_id",
			 s->shift_id ? json_integer(s->shift_id) : json_null(), "at",
			 (json_int_t)s->at, "day", s->day, "kind", s->kind, "plate",
			 s->plate ? s->plate : "", "plate_display", disp, "plate_kind",
			 s->plate_kind ? s->plate_kind : "", "vehicle_kind",
			 s->vehicle_kind ? s->vehicle_kind : "", "direction",
			 s->direction ? s->direction : "", "people", s->people, "abnormal", s->abnormal,
			 "high_risk", s->high_risk, "handoffs", s->handoffs, "repeat",
			 s->repeat_of != 0, "repeat_of",
			 s->repeat_of ? json_integer(s->repeat_of) : json_null(), "note",
			 s->note ? s->note : "", "recorded_by", "id", (json_int_t)s->recorded_by, "name",
			 s->recorded_by_name ? s->recorded_by_name : "", "recorded_at",
			 (json_int_t)s->recorded_at);
}

/* The writer's part: the screening as checked, written in the shared transaction. */
static int
screening_apply(struct req *r, struct resp *rs, void *ctx)
{
	struct svc_screening_job *job = ctx;
	struct svc s;
	int rc;

	(void)rs;
	if ((rc = dbc_begin(r->db)) || (rc = svc_screening_record(api_svc(r, &s), job)))
		return rc;
	return api_commit_ref(r, rs, 201, "screening", job->s.id);
}

/* The answer, built once the COMMIT is on disk. */
static int
screening_answer(struct req *r, struct resp *rs, void *ctx)
{
	struct svc_screening_job *job = ctx;
	json_t *o = screening_json(&job->s), *arr = json_array();
	size_t i;

	for (i = 0; i < job->n; i++)
		json_array_append_new(arr, sperson_json(r, &job->pv[i].p, &job->pv[i].h));
	json_object_set_new(o, "persons", arr);
	return resp_json(rs, 201, o);
}

int
api_screening_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"post_id", "kind", "plate", "vehicle_kind",
					     "direction", "persons", "note", "at", "declaration_code",
					     NULL};
	struct svc_screening_in in = {0};
	struct svc_screening_job *job;
	struct svc_screened_in *pv;
	json_t *persons = json_object_get(r->json, "persons"), *pj;
	int64_t now = clock_now();
	struct svc s;
	size_t i;
	int rc;

	(void)rs;
	if ((rc = api_only(r, fields)) ||
	    (rc = api_int(r, "post_id", true, 1, INT64_MAX, &in.post_id)) ||
	    (rc = api_str(r, "kind", 12, true, &in.kind)) ||
	    (rc = api_code(r, "plate", 20, false, &in.plate)) ||
	    (rc = api_str(r, "vehicle_kind", 12, false, &in.vehicle_kind)) ||
	    (rc = api_str(r, "direction", 4, false, &in.direction)) ||
	    (rc = api_text(r, "note", 500, false, &in.note)) ||
	    (rc = api_int(r, "at", false, now - 86400, now + 300, &in.at)) ||
	    (rc = api_code(r, "declaration_code", 20, false, &in.declaration_code)))
		return rc;
	/* no list, or too long a one, is the operation's to refuse (n 0 or over the limit) */
	in.n = json_array_size(persons);
	if (in.n > 0 && in.n <= SCREENING_MAX_PERSONS) {
		pv = arena_alloc(r->arena, sizeof(*pv) * in.n);
		memset(pv, 0, sizeof(*pv) * in.n);
		json_array_foreach(persons, i, pj) {
			if ((rc = read_person(r, pj, i, &pv[i])))
				return rc;
		}
		in.persons = pv;
	}
	/* the checks and every read here, in the request's snapshot; the write on the writer */
	if ((rc = svc_screening_check(api_svc(r, &s), &in, &job)))
		return rc;
	req_defer(r, screening_apply, screening_answer, job);
	return 0;
}

static int
screening_scoped(struct req *r, struct screening *s)
{
	if (db_screening_get(r->db, r->arena, req_param_id(r, 0), s) != 0 ||
	    !api_in_scope(r, s->area_code))
		return fault_set(&r->fault, ERR_NOTFOUND, "id", "筛查记录不存在或不在您的辖区内",
				 "no such screening in your area");
	return 0;
}

/* A stored screening as its POST answered: the GET, and the replay of an
 * idempotent POST (api_render_ref). */
int
screening_render(struct req *r, int64_t id, json_t **ret)
{
	struct screening s;
	struct screened_person *pv;
	struct handoff *hv;
	int np, nh, i, j, rc;
	json_t *o, *arr;

	if ((rc = db_screening_get(r->db, r->arena, id, &s)) ||
	    (rc = db_sperson_of(r->db, r->arena, s.id, &pv, &np)) ||
	    (rc = db_handoff_of(r->db, r->arena, s.id, &hv, &nh)))
		return rc;
	o = screening_json(&s);
	arr = json_array();
	for (i = 0; i < np; i++) {
		const struct handoff *h = NULL;

		for (j = 0; j < nh; j++)
			if (hv[j].screened_person_id == pv[i].id)
				h = &hv[j];
		json_array_append_new(arr, sperson_json(r, &pv[i], h));
	}
	json_object_set_new(o, "persons", arr);
	*ret = o;
	return 0;
}

int
api_screening_get(struct req *r, struct resp *rs)
{
	struct screening s;
	json_t *o;
	int rc;

	if ((rc = screening_scoped(r, &s)) || (rc = screening_render(r, s.id, &o)))
		return rc;
	return resp_json(rs, 200, o);
}

int
api_screening_reveal(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"reason", NULL};
	struct screening s;
	struct screened_person *pv;
	const char *reason;
	int np, i, rc;
	json_t *arr;

	if ((rc = screening_scoped(r, &s)) || (rc = api_only(r, fields)) ||
	    (rc = api_str(r, "reason", 200, true, &reason)) ||
	    (rc = db_sperson_of(r->db, r->arena, s.id, &pv, &np)) || (rc = dbc_begin(r->db)) ||
	    (rc = api_audit(r, "reveal", "screening", s.id, s.area_code, reason)))
		return rc;
	arr = json_array();
	for (i = 0; i < np; i++)
		json_array_append_new(arr, json_pack("{s:i, s:s, s:s?, s:s?}", "seq", pv[i].seq, "name",
						     pv[i].name, "id_number", pv[i].id_number, "phone",
						     pv[i].phone));
	return api_commit_json(r, rs, 200,
			       json_pack("{s:I, s:o}", "id", (json_int_t)s.id, "persons", arr));
}

static int
date_param(struct req *r, const char *key, char ret[11])
{
	const char *d;
	int rc;

	if ((rc = api_query_date(r, key, &d)))
		return rc;
	if (d == NULL)
		clock_local_date(clock_now(), ret);
	else
		snprintf(ret, 11, "%s", d);
	return 0;
}

int
api_screening_list(struct req *r, struct resp *rs)
{
	struct duty_post p;
	struct screening *v;
	const char *pid = req_query(r, "post_id"), *plate_q = req_query(r, "plate");
	char day[11], stored[PLATE_MAX];
	const char *plate = NULL;
	int limit, offset, n, i, rc;
	int64_t from, total;
	json_t *items;

	if (pid == NULL)
		return fault_set(&r->fault, ERR_INVALID, "post_id", "请指定岗点", "post_id is required");
	if ((rc = duty_post_scoped(r, strtoll(pid, NULL, 10), "post_id", &p)) ||
	    (rc = date_param(r, "date", day)) || (rc = api_page(r, &limit, &offset)))
		return rc;
	if (plate_q && *plate_q) {
		enum plate_kind k;

		if ((rc = plate_parse(plate_q, *p.province ? p.province : NULL, stored, &k, &r->fault)))
			return rc;
		plate = stored;
	}
	from = duty_day_start(day);
	if ((rc = db_screening_list(r->db, r->arena, p.id, from, from + 86400, plate, limit, offset,
				    &v, &n)))
		return rc;
	if (plate)
		rc = db_screening_count_plate(r->db, p.id, from, from + 86400, plate, &total);
	else {
		/* the maintained counters, not a scan: one row per hour */
		struct screen_counts c;

		rc = db_count_post_day(r->db, p.id, day, &c);
		total = c.vehicles + c.pedestrians;
	}
	if (rc)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, screening_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

json_t *
checkpoint_report_json(const struct daily_report *d)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < d->nposts; i++) {
		const struct report_post *p = &d->posts[i];
		json_t *o = duty_counts_json(&p->counts);

		json_object_set_new(o, "id", json_integer(p->post->id));
		json_object_set_new(o, "name", json_string(p->post->name));
		json_object_set_new(o, "area_name", json_string(p->post->area_name));
		json_array_append_new(arr, o);
	}
	return json_pack("{s:o, s:o}", "posts", arr, "town", duty_counts_json(&d->checkpoints));
}

int
api_checkpoint_figures(struct req *r, struct resp *rs)
{
	struct duty_post *posts;
	struct count_row *rows;
	struct screen_counts town = {0};
	char day[11];
	int np, nr, i, j, rc;
	int64_t from;
	json_t *arr;

	if ((rc = date_param(r, "date", day)) ||
	    (rc = db_post_list(r->db, r->arena, r->scope, &posts, &np)) ||
	    (rc = db_count_hours(r->db, r->arena, r->scope, day, day, &rows, &nr)))
		return rc;
	from = duty_day_start(day);
	arr = json_array();
	for (i = 0; i < np; i++) {
		struct screen_counts c = {0}, hours[24];
		struct duty_shift *sv;
		int ns;
		json_t *o, *jh = json_array(), *js = json_array();

		memset(hours, 0, sizeof(hours));
		for (j = 0; j < nr; j++)
			if (rows[j].post_id == posts[i].id && rows[j].hod >= 0 && rows[j].hod < 24) {
				screen_counts_add(&c, &rows[j].c);
				screen_counts_add(&hours[rows[j].hod], &rows[j].c);
			}
		if (strcmp(posts[i].kind, "checkpoint") != 0 && c.vehicles + c.pedestrians == 0) {
			json_decref(jh);
			json_decref(js);
			continue;
		}
		screen_counts_add(&town, &c);
		for (j = 0; j < 24; j++) {
			json_t *h = duty_counts_json(&hours[j]);

			json_object_set_new(h, "hour", json_integer(j));
			json_array_append_new(jh, h);
		}
		if ((rc = db_shift_range(r->db, r->arena, posts[i].id, from, from + 86400, &sv, &ns))) {
			json_decref(jh);
			json_decref(js);
			json_decref(arr);
			return rc;
		}
		for (j = 0; j < ns; j++) {
			struct screen_counts sc;
			char a[6], b[6];
			json_t *so;

			if (sv[j].starts_at < from)
				continue;
			if ((rc = db_count_shift_get(r->db, sv[j].id, &sc))) {
				json_decref(jh);
				json_decref(js);
				json_decref(arr);
				return rc;
			}
			duty_hhmm(sv[j].starts_at, a);
			duty_hhmm(sv[j].ends_at, b);
			so = duty_counts_json(&sc);
			json_object_set_new(so, "shift_id", json_integer(sv[j].id));
			json_object_set_new(so, "start", json_string(a));
			json_object_set_new(so, "end", json_string(b));
			json_object_set_new(so, "team", sv[j].team_name ? json_string(sv[j].team_name)
									: json_null());
			json_array_append_new(js, so);
		}
		o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)posts[i].id,
			      "name", posts[i].name, "area_name", posts[i].area_name, "kind",
			      posts[i].kind, "totals", duty_counts_json(&c), "hours", jh, "shifts", js);
		json_array_append_new(arr, o);
	}
	return resp_json(rs, 200,
			 json_pack("{s:s, s:o, s:o}", "date", day, "town", duty_counts_json(&town),
				   "posts", arr));
}

int
api_checkpoint_hourly(struct req *r, struct resp *rs)
{
	const char *ds = req_query(r, "days"), *pid = req_query(r, "post_id");
	struct count_row *rows;
	struct screen_counts hours[24];
	char today[11], first[11];
	int days = 7, nr, i, rc;
	int64_t post_id = 0;
	json_t *jh = json_array(), *series = json_array();

	if (ds && *ds) {
		days = atoi(ds);
		if (days < 1 || days > 31) {
			json_decref(jh);
			json_decref(series);
			return fault_set(&r->fault, ERR_INVALID, "days", "参数 days 应为 1 到 31",
					 "the parameter days must be from 1 to 31");
		}
	}
	if (pid && *pid) {
		struct duty_post p;

		if ((rc = duty_post_scoped(r, strtoll(pid, NULL, 10), "post_id", &p))) {
			json_decref(jh);
			json_decref(series);
			return rc;
		}
		post_id = p.id;
	}
	clock_local_date(clock_now(), today);
	date_add_days(today, -(days - 1), first);
	if ((rc = db_count_hours(r->db, r->arena, r->scope, first, today, &rows, &nr))) {
		json_decref(jh);
		json_decref(series);
		return rc;
	}
	memset(hours, 0, sizeof(hours));
	for (i = 0; i < days; i++) {
		char day[11];
		json_t *counts = json_array();
		int j, h, per[24] = {0};

		date_add_days(first, i, day);
		for (j = 0; j < nr; j++)
			if (strcmp(rows[j].day, day) == 0 && (post_id == 0 || rows[j].post_id == post_id) &&
			    rows[j].hod >= 0 && rows[j].hod < 24) {
				per[rows[j].hod] += (int)(rows[j].c.vehicles + rows[j].c.pedestrians);
				screen_counts_add(&hours[rows[j].hod], &rows[j].c);
			}
		for (h = 0; h < 24; h++)
			json_array_append_new(counts, json_integer(per[h]));
		json_array_append_new(series, json_pack("{s:s, s:o}", "date", day, "screenings", counts));
	}
	for (i = 0; i < 24; i++) {
		json_t *h = duty_counts_json(&hours[i]);

		json_object_set_new(h, "hour", json_integer(i));
		json_object_set_new(h, "screenings",
				    json_integer(hours[i].vehicles + hours[i].pedestrians));
		json_array_append_new(jh, h);
	}
	return resp_json(rs, 200,
			 json_pack("{s:s, s:s, s:i, s:o, s:o}", "from", first, "to", today, "days",
				   days, "hours", jh, "series", series));
}

static json_t *
settings_json(struct req *r)
{
	char **regions;
	struct svc s;
	int n, i, fever = svc_screening_fever(api_svc(r, &s));
	json_t *arr = json_array();

	svc_screening_regions(&s, &regions, &n);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_string(regions[i]));
	return json_pack("{s:o, s:i, s:f}", "high_risk_regions", arr, "fever_tenths", fever,
			 "fever", fever / 10.0);
}

int
api_checkpoint_settings_get(struct req *r, struct resp *rs)
{
	return resp_json(rs, 200, settings_json(r));
}

int
api_checkpoint_settings_update(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"high_risk_regions", NULL};
	json_t *arr = json_object_get(r->json, "high_risk_regions"), *v;
	char *text;
	size_t i, off = 0;
	struct svc sv;
	int rc;

	if ((rc = api_only(r, fields)))
		return rc;
	if (!json_is_array(arr) || json_array_size(arr) > 100)
		return fault_set(&r->fault, ERR_INVALID, "high_risk_regions",
				 "高风险地区应为地名列表（最多 100 个）",
				 "high_risk_regions must be a list of at most 100 place names");
	text = arena_alloc(r->arena, json_array_size(arr) * 64 + 1);
	json_array_foreach(arr, i, v) {
		const char *s = json_is_string(v) ? text_normalize(r->arena, json_string_value(v)) : NULL;

		/* one place per entry: a full-width comma or 顿号 means two were typed as one */
		if (s == NULL || *s == '\0' || text_utf8_len(s) > 20 || strchr(s, ',') ||
		    strstr(s, "，") || strstr(s, "、"))
			return fault_setf(&r->fault, ERR_INVALID, "high_risk_regions",
					  "第 %zu 个地名不对：应为 1 到 20 个字，不含逗号",
					  "high_risk_regions[%zu] must be 1 to 20 characters without commas", i);
		off += (size_t)sprintf(text + off, "%s%s", i ? "," : "", s);
	}
	if ((rc = svc_whole_database(api_svc(r, &sv), "high_risk_regions")) ||
	    (rc = dbc_begin(r->db)) || (rc = db_setting_put(r->db, "checkpoint.high_risk", text)) ||
	    (rc = api_audit(r, "update", "settings", 0, "", arena_printf(r->arena, "checkpoint.high_risk=%s", text))))
		return rc;
	return api_commit_json(r, rs, 200, settings_json(r));
}

static const struct {
	const char *key, *zh;
} cp_cols[] = {
	{"vehicles", "车辆"}, {"pedestrians", "行人"}, {"people", "人数"}, {"abnormal", "体温异常"},
	{"high_risk", "来自高风险地区"}, {"handoffs", "移交"},
};
#define NCP_COLS (int)(sizeof(cp_cols) / sizeof(cp_cols[0]))

void
checkpoint_report_html(struct buf *b, json_t *rep)
{
	json_t *cp = json_object_get(rep, "checkpoints"), *v;
	size_t i;
	int c;

	if (cp == NULL)
		return;
	buf_adds(b, "<h2>七、卡口筛查</h2><table><tr><th>卡口</th>");
	for (c = 0; c < NCP_COLS; c++)
		buf_addf(b, "<th>%s</th>", cp_cols[c].zh);
	buf_adds(b, "</tr>");
	json_array_foreach(json_object_get(cp, "posts"), i, v) {
		buf_adds(b, "<tr><td>");
		text_html_escape(b, json_string_value(json_object_get(v, "name")));
		buf_adds(b, "</td>");
		for (c = 0; c < NCP_COLS; c++)
			buf_addf(b, "<td>%lld</td>",
				 (long long)json_integer_value(json_object_get(v, cp_cols[c].key)));
		buf_adds(b, "</tr>");
	}
	buf_adds(b, "<tr><th>全镇</th>");
	for (c = 0; c < NCP_COLS; c++)
		buf_addf(b, "<th>%lld</th>",
			 (long long)json_integer_value(
				 json_object_get(json_object_get(cp, "town"), cp_cols[c].key)));
	buf_adds(b, "</tr></table>");
}

void
checkpoint_report_xlsx(void *workbook, void *head, json_t *rep)
{
	json_t *cp = json_object_get(rep, "checkpoints"), *v;
	lxw_worksheet *ws;
	size_t i;
	unsigned top;
	int c;

	if (cp == NULL)
		return;
	ws = export_sheet(workbook, "卡口", rep, &top);
	worksheet_write_string(ws, top, 0, "卡口", head);
	for (c = 0; c < NCP_COLS; c++)
		worksheet_write_string(ws, top, (lxw_col_t)(1 + c), cp_cols[c].zh, head);
	json_array_foreach(json_object_get(cp, "posts"), i, v) {
		worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 0,
				       json_string_value(json_object_get(v, "name")), NULL);
		for (c = 0; c < NCP_COLS; c++)
			worksheet_write_number(ws, (lxw_row_t)(top + 1 + i), (lxw_col_t)(1 + c),
					       (double)json_integer_value(json_object_get(v, cp_cols[c].key)),
					       NULL);
	}
	i = json_array_size(json_object_get(cp, "posts"));
	worksheet_write_string(ws, (lxw_row_t)(top + 1 + i), 0, "全镇", head);
	for (c = 0; c < NCP_COLS; c++)
		worksheet_write_number(ws, (lxw_row_t)(top + 1 + i), (lxw_col_t)(1 + c),
				       (double)json_integer_value(json_object_get(
					       json_object_get(cp, "town"), cp_cols[c].key)),
				       head);
}
