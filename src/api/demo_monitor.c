/* demo_monitor.c: the demo town's key persons in their observation days: registered over the
 * last fortnight across the villages, each with the grid worker of their grid and the doctor of
 * their village, checked twice a day (a few readings missed, so the worklists have overdue
 * slots), one fever referred to the fever clinic, one still open, one closed as a cold, and one
 * released at the end of the fourteen days.  Every row is what the monitoring operations write:
 * the reading, its alert, the key person's last check and open alert count, the timeline. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "clock.h"
#include "db_monitor.h"
#include "demo.h"
#include "observation.h"
#include "selfcode.h"

#define GRID1 "430302100201001" /* the grid of the demo's grid worker login */

/* The villages in the order the key persons are spread over them. */
static const char *const village_codes[] = {
	"430302100001", "430302100002", "430302100003", "430302100201", "430302100202",
	"430302100203", "430302100204", "430302100205", "430302100206",
};
#define NV (int)(sizeof(village_codes) / sizeof(village_codes[0]))

static const char *const hubei[] = {"武汉市", "孝感市", "黄冈市", "荆州市", "襄阳市", "鄂州市"};
static const char *const trains[] = {"G1003", "G1105", "G527", "K1158", "G1371", "D2235"};
static const char *const plates[] = {"鄂A7N2B9", "鄂K3M812", "鄂J6T0P5", "鄂D1H5W7"};
static const char *const flights[] = {"CZ3311", "MU2501", "HU7053"};

/* What becomes of one key person's fortnight. */
enum fate { ORDINARY, FEVER_OPEN, FEVER_REFERRED, FEVER_CLOSED, RELEASED };

struct actor {
	int64_t id;
	const char *username;
};

/* A timeline event: its kind and fields, never words (as monitor_event writes them). */
static int
kp_event(struct dbc *c, int64_t kp, const struct actor *by, const char *kind, json_t *data)
{
	char *text = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc = db_event_add(c, kp, by ? by->id : 0, by ? by->username : "", kind,
			      text ? text : "{}");

	free(text);
	json_decref(data);
	return rc;
}

static struct actor
actor_of(struct dbc *c, struct arena *a, int64_t id)
{
	struct actor ac = {0, ""};
	struct user u;

	if (id && db_user_get(c, a, id, &u) == 0) {
		ac.id = u.id;
		ac.username = u.username;
	}
	return ac;
}

/* Someone of scope to put under observation: an adult with an ID number, not on the staff,
 * not under observation already; false when there is nobody. */
static bool
pick(struct dbc *c, struct arena *a, struct demo_rng *r, const char *scope, struct person *ret)
{
	struct person_query pq = {0};
	struct person *v;
	int64_t total, kp;
	int n, i, from;
	char today[11];

	demo_date(0, today);
	pq.scope = scope;
	pq.limit = 1;
	if (db_person_list(c, a, &pq, &v, &n, &total) || total == 0)
		return false;
	/* eighty people from anywhere in the area, not only its first grid */
	pq.limit = 80;
	pq.offset = total > 80 ? (int)demo_rnd(r, (uint32_t)(total - 80)) : 0;
	if (db_person_list(c, a, &pq, &v, &n, &total) || n == 0)
		return false;
	from = (int)demo_rnd(r, (uint32_t)n);
	for (i = 0; i < n; i++) {
		struct person *p = &v[(from + i) % n];
		int age = p->birth_date ? atoi(today) - atoi(p->birth_date) : 0;

		if (p->id_number == NULL || age < 16 || age > 80 ||
		    (p->tags && (strstr(p->tags, "grid_worker") || strstr(p->tags, "doctor"))) ||
		    db_kp_active_of_person(c, p->id, &kp) == 0)
			continue;
		*ret = *p;
		return true;
	}
	return false;
}

/* One reading taken at `taken`, recorded at the pinned clock, with the alert an abnormal one
 * raises; the alert's id in *ret_alert (0 when none). */
static int
reading(struct dbc *c, struct arena *a, const struct key_person *k, const struct actor *by,
	int64_t taken, const char *method, int tenths, unsigned mask, int64_t *ret_alert)
{
	struct check ch = {0};
	struct alert al = {0};
	json_t *syms = json_array(), *keys = json_array();
	char day[11];
	int s, rc;

	clock_local_date(taken, day);
	ch.key_person_id = k->id;
	ch.area_code = k->area_code;
	ch.taken_at = taken;
	ch.day = day;
	ch.slot = obs_slot_of_hour((int)((taken - clock_day_start(taken)) / 3600)) == SLOT_AM ? "am"
											      : "pm";
	ch.temp_tenths = tenths;
	ch.symptom_other = "";
	ch.method = (char *)method;
	ch.abnormal = obs_abnormal(tenths, mask, FEVER_TENTHS);
	ch.recorded_by = strcmp(method, "self") == 0 ? 0 : by->id;
	{
		char list[200] = "";

		for (s = 0; s < SYM__MAX; s++)
			if (mask & (1u << s)) {
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 *list ? "," : "", symptom_keys[s]);
				json_array_append_new(syms, json_string(symptom_keys[s]));
				if (symptom_is_key((enum symptom)s))
					json_array_append_new(keys, json_string(symptom_keys[s]));
			}
		ch.symptoms = arena_strdup(a, list);
	}
	*ret_alert = 0;
	if ((rc = db_check_insert(c, &ch)))
		goto out;
	if (ch.abnormal) {
		char reason[120];

		snprintf(reason, sizeof(reason), "%.1f°C", tenths / 10.0);
		for (s = 0; s < SYM__MAX; s++)
			if ((mask & (1u << s)) && symptom_is_key((enum symptom)s))
				snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason), "，%s",
					 symptom_zh[s]);
		al.key_person_id = k->id;
		al.check_id = ch.id;
		al.area_code = k->area_code;
		al.raised_at = clock_now();
		al.reason = reason;
		if ((rc = db_alert_insert(c, &al)))
			goto out;
		*ret_alert = al.id;
	}
	{
		struct actor self = {0, ""};

		if ((rc = db_kp_after_check(c, k->id, ch.id, ch.abnormal ? 1 : 0)) ||
		    (rc = kp_event(c, k->id, ch.recorded_by ? by : &self, "check",
				   json_pack("{s:s, s:s, s:f, s:s, s:b, s:O}", "day", ch.day, "slot",
					     ch.slot, "temperature", tenths / 10.0, "method", method,
					     "abnormal", ch.abnormal != 0, "symptoms", syms))))
			goto out;
		if (ch.abnormal &&
		    (rc = kp_event(c, k->id, ch.recorded_by ? by : &self, "alert",
				   json_pack("{s:I, s:f, s:O}", "alert_id", (json_int_t)al.id,
					     "temperature", tenths / 10.0, "symptoms", keys))))
			goto out;
	}
out:
	json_decref(syms);
	json_decref(keys);
	return rc;
}

/* The doctor sends the feverish resident to the fever clinic at `at`. */
static int
refer(struct dbc *c, struct arena *a, const struct key_person *k, const struct actor *doc,
      int64_t alert_id, int64_t at, bool near)
{
	struct alert al;
	int rc;

	clock_pin(at);
	if ((rc = db_alert_get(c, a, alert_id, &al)))
		return rc;
	al.status = "referred";
	al.hospital = near ? "鹤岭镇卫生院发热门诊" : "湘潭市中心医院发热门诊";
	al.transport = near ? "家属自驾，村医陪同" : "120 负压救护车";
	al.referred_at = at;
	if ((rc = kp_event(c, k->id, doc, "referred",
			   json_pack("{s:I, s:s, s:s}", "alert_id", (json_int_t)al.id, "hospital",
				     al.hospital, "transport", al.transport))))
		return rc;
	return db_alert_update(c, &al);
}

/* The clinic's result comes back at `at`, a cold, and the doctor closes the alert. */
static int
close_as_cold(struct dbc *c, struct arena *a, const struct key_person *k, const struct actor *doc,
	      int64_t alert_id, int64_t at)
{
	struct alert al;
	int rc;

	clock_pin(at);
	if ((rc = db_alert_get(c, a, alert_id, &al)))
		return rc;
	al.result = "excluded";
	al.note = "血常规正常，核酸阴性，诊断为普通感冒";
	if ((rc = kp_event(c, k->id, doc, "result",
			   json_pack("{s:I, s:s, s:s}", "alert_id", (json_int_t)al.id, "result",
				     al.result, "note", al.note))) ||
	    (rc = db_alert_update(c, &al)))
		return rc;
	clock_pin(at + 600);
	al.status = "closed";
	al.closed_at = clock_now();
	al.closed_by = doc->id;
	al.note = "排除新冠肺炎，继续居家观察至期满";
	if ((rc = db_kp_after_check(c, k->id, 0, -1)) ||
	    (rc = kp_event(c, k->id, doc, "closed",
			   json_pack("{s:I, s:s}", "alert_id", (json_int_t)al.id, "note", al.note))))
		return rc;
	return db_alert_update(c, &al);
}

/* Register p as a key person at the pinned moment, as monitor_register does. */
static int
registration(struct dbc *c, struct arena *a, struct demo_rng *r, const struct person *p,
	     enum fate fate, int reg_days, int i, const struct actor *admin, struct key_person *k)
{
	unsigned char raw[SELF_CODE_BYTES];
	char code[SELF_CODE_SIZE], canon[SELF_CODE_LEN + 1], *hash = arena_alloc(a, 65);
	char village[13], *start = arena_alloc(a, 11), *end = arena_alloc(a, 11);
	uint32_t roll = demo_rnd(r, 100);
	int back = (int)demo_rnd(r, 3), rc;
	struct actor by;

	memset(k, 0, sizeof(*k));
	k->person_id = p->id;
	k->area_code = p->area_code;
	k->kind = "home";
	if (roll < 60 || fate == RELEASED) {
		uint32_t how = demo_rnd(r, 3);

		k->reason = "high_risk_area";
		k->from_place = (char *)hubei[demo_rnd(r, sizeof(hubei) / sizeof(hubei[0]))];
		k->reason_detail = arena_printf(a, "自%s返乡", k->from_place);
		k->transport = how == 0 ? "train" : how == 1 ? "car" : "flight";
		k->transport_no = (char *)(how == 0   ? trains[demo_rnd(r, 6)]
					   : how == 1 ? plates[demo_rnd(r, 4)]
						      : flights[demo_rnd(r, 3)]);
		k->found_by = i % 3 == 0 ? "self_report" : i % 3 == 1 ? "sweep" : "big_data";
	} else if (roll < 85) {
		k->reason = "close_contact";
		k->reason_detail = arena_printf(a, "与确诊病例同乘 %s 次列车（大数据推送）",
						trains[demo_rnd(r, 6)]);
		k->found_by = "big_data";
		back = back > 1 ? 1 : back;
	} else {
		k->reason = "other";
		k->reason_detail = "外省务工返乡，途经武汉转车";
		k->found_by = "tip";
		back = 0;
	}
	if (i % 8 == 5 && fate == ORDINARY) {
		k->kind = "centralised";
		k->site = "鹤岭镇集中隔离点（金侨宾馆）";
	}
	/* day 1 is the arrival; a period begun 14 days ago or more has ended (only the released
	 * one's has) */
	if (fate != RELEASED && reg_days + back > 13)
		back = 13 - reg_days;
	demo_date(reg_days + back, start);
	if (strcmp(k->reason, "high_risk_area") == 0) {
		k->arrived_on = start;
		k->left_on = start;
	}
	k->start_date = start;
	k->days = OBS_DAYS;
	obs_end_date(start, OBS_DAYS, end);
	k->end_date = end;
	k->status = "active";
	if (strlen(p->area_code) >= 15)
		(void)db_user_find_staff(c, "grid", p->area_code, &k->grid_worker_id);
	snprintf(village, sizeof(village), "%.12s", p->area_code);
	(void)db_user_find_staff(c, "doctor", village, &k->doctor_id);
	/* found at the door by the grid worker, or passed on by the command post */
	by = strcmp(k->found_by, "sweep") == 0 && k->grid_worker_id ? actor_of(c, a, k->grid_worker_id)
								     : *admin;
	k->created_by = by.id;
	randombytes_buf(raw, sizeof(raw));
	selfcode_format(raw, code);
	(void)selfcode_normalise(code, canon);
	if (auth_hash_token(canon, hash))
		return ERR_INTERNAL;
	k->self_code_hash = hash;
	if ((rc = db_kp_insert(c, k)) ||
	    (rc = kp_event(c, k->id, &by, "registered",
			   json_pack("{s:s, s:s, s:s?, s:s, s:s, s:i}", "kind", k->kind, "reason",
				     k->reason, "from_place", k->from_place, "start_date",
				     k->start_date, "end_date", k->end_date, "days", k->days))))
		return rc;
	if (k->grid_worker_id &&
	    (rc = kp_event(c, k->id, &by, "assigned",
			   json_pack("{s:s, s:I}", "role", "grid_worker", "user_id",
				     (json_int_t)k->grid_worker_id))))
		return rc;
	if (k->doctor_id &&
	    (rc = kp_event(c, k->id, &by, "assigned",
			   json_pack("{s:s, s:I}", "role", "doctor", "user_id", (json_int_t)k->doctor_id))))
		return rc;
	return 0;
}

/* One key person's fortnight: registration, two readings a day until now, and their fate. */
static int
fortnight(struct dbc *c, struct arena *a, struct demo_rng *r, const struct person *p, enum fate fate,
	  int i, const struct actor *admin)
{
	struct key_person k;
	struct actor gw, doc;
	int reg_days = fate == RELEASED ? 15 : fate == FEVER_CLOSED ? 10 : fate == FEVER_REFERRED ? 6
		       : fate == FEVER_OPEN						  ? 4
		       : i < 2 ? 3 + i * 4
			       : 1 + (int)demo_rnd(r, 13);
	int reg_min = 9 * 60 + (int)demo_rnd(r, 9 * 60), d, slot, rc;
	int64_t reg_at = demo_at(reg_days, reg_min), now = demo_now(), alert = 0;
	int64_t cold_alert = 0, cold_at = 0; /* the alert closed as a cold, and when */
	char reg_day[11], day[11];
	/* the open fever: this morning's report once it is in, else yesterday afternoon's */
	bool morning = now >= demo_at(0, 7 * 60 + 42);
	int64_t open_at = morning ? demo_at(0, 7 * 60 + 40) : demo_at(1, 16 * 60 + 30);
	int open_d = morning ? 0 : 1, open_slot = morning ? 0 : 1;

	clock_pin(reg_at);
	if ((rc = registration(c, a, r, p, fate, reg_days, i, admin, &k)))
		return rc;
	gw = actor_of(c, a, k.grid_worker_id);
	doc = actor_of(c, a, k.doctor_id);
	if (doc.id == 0)
		doc = *admin;
	if (gw.id == 0)
		gw = doc;
	clock_local_date(reg_at, reg_day);
	for (d = reg_days; d >= 0; d--) {
		demo_date(d, day);
		if (strcmp(day, k.end_date) > 0)
			break;
		for (slot = 0; slot < 2; slot++) {
			int base = slot == 0 ? 7 * 60 + 30 + (int)demo_rnd(r, 180)
					     : 15 * 60 + (int)demo_rnd(r, 210);
			uint32_t miss = demo_rnd(r, 100), how = demo_rnd(r, 100);
			int tenths = 361 + (int)demo_rnd(r, 8), lag = 2 + (int)demo_rnd(r, 14);
			int64_t t = demo_at(d, base);
			const struct actor *by = how < 40 ? &gw : &doc;
			const char *method = how < 40 ? "visit" : how < 70 ? "phone" : "self";
			unsigned mask = 0;
			int64_t al;
			bool fever;

			if (!obs_slot_owed(day, slot == 0 ? SLOT_AM : SLOT_PM, reg_day, reg_min / 60))
				continue;
			if (t < reg_at + 900)
				t = reg_at + 900 + (int64_t)demo_rnd(r, 40) * 60;
			if ((t - clock_day_start(t)) / 3600 >= (slot == 0 ? SLOT_PM_FROM : SLOT_PM_UNTIL))
				continue; /* registered too late in the window to be seen in it */
			/* a few readings are missed: some by chance, and on purpose yesterday for
			 * the second key person of the grid worker's grid and a few others */
			fever = (fate == FEVER_REFERRED && d == 1 && slot == 1) ||
				(fate == FEVER_CLOSED && d == 7 && slot == 0);
			if (!fever && (miss < 5 || (d == 1 && slot == 1 && (i == 1 || i % 10 == 9)) ||
				       (d == 1 && slot == 0 && i % 10 == 5)))
				continue;
			if (fever)
				lag = 5;
			else if (strcmp(method, "self") == 0)
				lag = 0;
			if (t + lag * 60 > now - 60 || (fate == FEVER_OPEN && d == open_d && slot == open_slot))
				goto done; /* not yet taken or recorded, or the open fever's slot */
			/* the fevers: the referred one yesterday afternoon, the closed one a week
			 * ago (the open one is the last report before now, below) */
			if (fever) {
				tenths = fate == FEVER_REFERRED ? 379 : 375;
				mask = fate == FEVER_REFERRED ? 1u << SYM_COUGH : 1u << SYM_SORE_THROAT;
				method = "visit";
				by = &doc;
			}
			if (cold_alert && cold_at + 600 < t) {
				if ((rc = close_as_cold(c, a, &k, &doc, cold_alert, cold_at)))
					return rc;
				cold_alert = 0;
			}
			clock_pin(t + lag * 60);
			if ((rc = reading(c, a, &k, by, t, method, tenths, mask, &al)))
				return rc;
			if (al && fate == FEVER_REFERRED) {
				/* at the fever clinic: no reading at home until the result */
				return refer(c, a, &k, &doc, al, t + lag * 60 + 70 * 60, false);
			}
			if (al && fate == FEVER_CLOSED) {
				/* the result comes back the next day: written when its time comes,
				 * so the timeline stays in order */
				if ((rc = refer(c, a, &k, &doc, al, t + lag * 60 + 50 * 60, true)))
					return rc;
				cold_alert = al;
				cold_at = t + 26 * 3600;
			}
		}
	}
done:
	if (cold_alert && cold_at + 600 < now &&
	    (rc = close_as_cold(c, a, &k, &doc, cold_alert, cold_at)))
		return rc;
	if (fate == FEVER_OPEN) {
		/* the resident's own report of 37.6 °C and a cough, not yet followed up */
		clock_pin(open_at);
		if ((rc = reading(c, a, &k, &doc, open_at, "self", 376, 1u << SYM_COUGH, &alert)))
			return rc;
	}
	if (fate == RELEASED) {
		/* the morning after day 14, the doctor ends the observation */
		clock_pin(demo_at(1, 9 * 60 + 40));
		if ((rc = db_kp_get(c, a, k.id, &k)))
			return rc;
		k.status = "released";
		k.released_at = clock_now();
		k.release_kind = "doctor";
		if ((rc = db_kp_update(c, &k)) ||
		    (rc = kp_event(c, k.id, &doc, "released",
				   json_pack("{s:s, s:s}", "by", "doctor", "note",
					     "观察期满，体温和症状均正常"))))
			return rc;
	}
	return 0;
}

/* The resident the toll gate handed over with a fever (demo_checkpoint.c): the village doctor
 * measures them at home two hours later, and the next morning by phone. */
static int
gate_follow_up(struct dbc *c, struct arena *a, const struct actor *admin)
{
	struct key_person *v;
	int64_t total, now = demo_now(), al;
	int n, i, rc;

	if ((rc = db_kp_list(c, a, "430302100", "active", NULL, 0, 500, 0, &v, &n, &total)))
		return rc;
	for (i = 0; i < n; i++) {
		struct actor doc = actor_of(c, a, v[i].doctor_id);
		int64_t evening = v[i].created_at + 2 * 3600, morning;

		if (strcmp(v[i].found_by, "checkpoint") != 0 || v[i].last.id != 0)
			continue;
		if (doc.id == 0)
			doc = *admin;
		morning = clock_day_start(evening + 86400) + 8 * 3600 + 20 * 60;
		if (evening + 600 < now) {
			clock_pin(evening + 600);
			if ((rc = reading(c, a, &v[i], &doc, evening, "visit", 371, 0, &al)))
				return rc;
		}
		if (morning + 300 < now) {
			clock_pin(morning + 300);
			if ((rc = reading(c, a, &v[i], &doc, morning, "phone", 366, 0, &al)))
				return rc;
		}
	}
	return 0;
}

int
demo_monitor(struct dbc *c, struct arena *a, unsigned seed, int people, struct fault *f)
{
	struct demo_rng r = {seed ? seed * 0xD1B54A32D192ED03ULL : 0x2020012600000007ULL};
	struct user admin_u;
	struct actor admin;
	int n = 16 + people / 1000, i, rc;

	if (n > 60)
		n = 60;
	if ((rc = db_user_get_by_name(c, a, "admin", &admin_u)))
		return rc;
	admin.id = admin_u.id;
	admin.username = admin_u.username;
	for (i = 0; i < n; i++) {
		/* three in the grid worker login's grid, then one village after another */
		const char *scope = i < 3 ? GRID1 : village_codes[i % NV];
		enum fate fate = i == 2 ? FEVER_OPEN : i == 4 ? FEVER_REFERRED : i == 6 ? FEVER_CLOSED
			       : i == 7 ? RELEASED : ORDINARY;
		struct person p;

		if (!pick(c, a, &r, scope, &p))
			continue;
		if ((rc = fortnight(c, a, &r, &p, fate, i, &admin)))
			return fault_set(f, rc, "demo", "演示重点人员写入失败",
					 "cannot record the demo town's key persons");
	}
	if ((rc = gate_follow_up(c, a, &admin)))
		return fault_set(f, rc, "demo", "演示重点人员写入失败",
				 "cannot record the demo town's key persons");
	return 0;
}

int
demo_monitor_town(struct dbc *c, struct arena *a, unsigned seed, const char *admin_name,
		  const char *const *villages, int nv, int n, struct fault *f)
{
	struct demo_rng r = {(seed ? seed : 7u) * 0x9E3779B97F4A7C15ULL ^ (uint64_t)nv << 32 ^
			     (uint64_t)strtoull(villages[0], NULL, 10)};
	struct user admin_u;
	struct actor admin;
	int i, rc;

	if ((rc = db_user_get_by_name(c, a, admin_name, &admin_u)))
		return rc;
	admin.id = admin_u.id;
	admin.username = admin_u.username;
	for (i = 0; i < n; i++) {
		/* one fever still open and one referred in every town, the rest ordinary */
		enum fate fate = i == 1 ? FEVER_OPEN : i == 3 ? FEVER_REFERRED : ORDINARY;
		struct person p;

		if (!pick(c, a, &r, villages[i % nv], &p))
			continue;
		if ((rc = fortnight(c, a, &r, &p, fate, i, &admin)))
			return fault_set(f, rc, "demo", "演示重点人员写入失败",
					 "cannot record the demo town's key persons");
	}
	return 0;
}
