/* demo_checkpoint.c: the demo town's duty posts: the 南谷互通 toll gate of 云龙村 screened round
 * the clock by four teams in rotation, a village entrance, the command post's phone duty, a
 * roster from the week before, and the screenings of the last three days and today until now,
 * each at its moment with its counters, one resident with a fever handed to monitoring. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "checkpoint.h"
#include "clock.h"
#include "db_monitor.h"
#include "demo.h"
#include "monitor.h"
#include "observation.h"

#define YUNLONG "430302100201"

static int
add_team(struct dbc *c, int64_t post_id, const char *name, int64_t *ret)
{
	struct duty_team t = {0};
	int rc;

	t.post_id = post_id;
	t.name = (char *)name;
	if ((rc = db_team_insert(c, &t)))
		return rc;
	*ret = t.id;
	return 0;
}

static int
add_staff(struct dbc *c, struct arena *a, int64_t team, const char *username, int leader)
{
	struct user u;
	struct duty_member m = {0};
	int rc;

	if ((rc = db_user_get_by_name(c, a, username, &u)))
		return rc;
	m.team_id = team;
	m.user_id = u.id;
	m.name = *u.display_name ? u.display_name : u.username;
	m.phone = u.phone ? u.phone : "";
	m.kind = "staff";
	m.party_member = 1;
	m.leader = leader;
	return db_member_insert(c, &m);
}

static int
add_volunteer(struct dbc *c, const struct person *p, int64_t team)
{
	struct duty_member m = {0};

	m.team_id = team;
	m.person_id = p->id;
	m.name = p->name;
	m.phone = p->phone ? p->phone : "";
	m.kind = "volunteer";
	m.party_member = p->tags && strstr(p->tags, "party_member") != NULL;
	return db_member_insert(c, &m);
}

static int
add_pattern(struct dbc *c, struct arena *a, const struct duty_post *p, const char *name,
	    const char *kind, const char *shifts, const char *teams, int step, const char *from,
	    int days)
{
	struct duty_pattern pat = {0};
	int made, rc;

	pat.post_id = p->id;
	pat.name = (char *)name;
	pat.kind = (char *)kind;
	pat.shifts = (char *)shifts;
	pat.teams = (char *)teams;
	pat.day_step = step;
	pat.anchor_date = (char *)from;
	if ((rc = db_pattern_insert(c, &pat)))
		return rc;
	return roster_fill(c, p, &pat, from, days, &made);
}

/* One screening written as the checkpoint staff would have, counters included. */
static int
screen(struct dbc *c, struct arena *a, const struct duty_post *post, int64_t user_id,
       int64_t at, const char *plate, const int *temps, int n, const struct person *fever_of,
       const char *username)
{
	struct screening s = {0};
	struct screen_counts d = {0};
	struct duty_shift *sv;
	char day[11];
	int ns, i, rc;
	int64_t ds;

	clock_pin(at);
	clock_local_date(at, day);
	s.post_id = post->id;
	s.area_code = post->area_code;
	s.at = at;
	s.day = day;
	s.kind = plate ? "vehicle" : "pedestrian";
	s.plate = (char *)(plate ? plate : "");
	s.plate_kind = (char *)(plate ? (strlen(plate) == 10 ? "new_energy" : "ordinary") : "");
	s.vehicle_kind = (char *)(plate ? "car" : "");
	s.direction = "in";
	s.people = n;
	s.recorded_by = user_id;
	s.recorded_at = at;
	for (i = 0; i < n; i++)
		s.abnormal += temps[i] >= FEVER_TENTHS;
	s.handoffs = s.abnormal;
	if ((rc = db_shift_range(c, a, post->id, at, at + 1, &sv, &ns)))
		return rc;
	if (ns > 0 && sv[ns - 1].starts_at <= at)
		s.shift_id = sv[ns - 1].id;
	if ((rc = db_screening_insert(c, &s)))
		return rc;
	for (i = 0; i < n; i++) {
		struct screened_person p = {0};

		p.screening_id = s.id;
		p.seq = i + 1;
		p.temp_tenths = temps[i];
		p.fever = temps[i] >= FEVER_TENTHS;
		p.from_place = i == 0 ? "湘潭市区" : "";
		p.to_place = "鹤岭镇";
		if (p.fever && fever_of) {
			p.name = fever_of->name;
			p.id_number = fever_of->id_number;
			p.phone = fever_of->phone;
		}
		if ((rc = db_sperson_insert(c, &s, &p)))
			return rc;
		if (p.fever && fever_of) {
			/* a resident with a fever: a key person, linked to this screening */
			struct key_person k;
			struct handoff h = {0};
			char end[11], code[SELF_CODE_SIZE];
			struct fault f = {0};
			struct user u = {.id = user_id, .username = (char *)username};
			struct svc op;

			memset(&k, 0, sizeof(k));
			k.reason = "other";
			k.reason_detail = arena_printf(a, "卡口筛查 #%lld（%s）体温 %.1f°C", (long long)s.id,
						       post->name, temps[i] / 10.0);
			k.transport = "car";
			k.transport_no = s.plate;
			k.found_by = "checkpoint";
			k.kind = "home";
			k.start_date = day;
			k.days = OBS_DAYS;
			obs_end_date(day, OBS_DAYS, end);
			k.end_date = end;
			if ((rc = svc_local(&op, c, a, &f)))
				return rc;
			op.user = &u; /* registered by the screener */
			if ((rc = svc_monitor_enrol(&op, &k, fever_of, code)))
				return rc;
			h.screening_id = s.id;
			h.screened_person_id = p.id;
			h.kind = "key_person";
			h.reason = "fever";
			h.key_person_id = k.id;
			h.person_id = fever_of->id;
			if ((rc = db_handoff_insert(c, &h)))
				return rc;
		}
	}
	d.vehicles = plate != NULL;
	d.pedestrians = plate == NULL;
	d.people = n;
	d.abnormal = s.abnormal;
	d.handoffs = s.handoffs;
	ds = clock_day_start(at);
	if ((rc = db_count_hour_add(c, post->id, ds + (at - ds) / 3600 * 3600, day,
				    (int)((at - ds) / 3600), &d)))
		return rc;
	return s.shift_id ? db_count_shift_add(c, s.shift_id, &d) : 0;
}

int
demo_checkpoint(struct dbc *c, struct arena *a, struct fault *f)
{
	struct duty_post gate = {0}, entrance = {0}, phone = {0};
	struct person_query pq = {0};
	struct person *people, *party[8], *others[16];
	struct user cp;
	int64_t gt[4], et[2], ct[3], total;
	int np, nparty = 0, nothers = 0, i, rc;
	char from[11], *teams;
	int64_t now = demo_now();

	/* the posts were set up, and their rosters drawn, a week before */
	clock_pin(demo_at(7, 8 * 60));
	demo_date(4, from);
	gate.name = "南谷互通高速收费站";
	gate.place = "南谷互通高速出口";
	gate.area_code = YUNLONG;
	gate.kind = "checkpoint";
	gate.hours_end = 1440;
	gate.province = "湘";
	gate.phone = "073158810001";
	entrance.name = "云龙村村口";
	entrance.place = "云龙村村部路口";
	entrance.area_code = YUNLONG;
	entrance.kind = "village_entrance";
	entrance.hours_start = 7 * 60;
	entrance.hours_end = 19 * 60;
	entrance.province = "湘";
	phone.name = "指挥部值班电话";
	phone.place = "鹤岭镇政府";
	phone.area_code = "430302100000";
	phone.kind = "command_duty";
	phone.hours_end = 1440;
	phone.province = "湘";
	phone.phone = "073158810000";
	if ((rc = db_post_insert(c, &gate)) || (rc = db_post_insert(c, &entrance)) ||
	    (rc = db_post_insert(c, &phone)) || (rc = db_user_get_by_name(c, a, "checkpoint", &cp)))
		return fault_set(f, rc, "demo", "演示岗点创建失败", "the demo posts could not be made");

	/* volunteers from the registry of 云龙村, party members first */
	pq.scope = YUNLONG;
	pq.limit = 200;
	if ((rc = db_person_list(c, a, &pq, &people, &np, &total)))
		return rc;
	for (i = 0; i < np; i++) {
		bool adult = people[i].birth_date && strcmp(people[i].birth_date, "2002") < 0 &&
			     strcmp(people[i].birth_date, "1960") > 0 && people[i].id_number;

		if (!adult)
			continue;
		if (people[i].tags && strstr(people[i].tags, "party_member") && nparty < 8)
			party[nparty++] = &people[i];
		else if (nothers < 16)
			others[nothers++] = &people[i];
	}
	for (i = 0; i < 4; i++) {
		static const char *const names[] = {"第一班", "第二班", "第三班", "第四班"};
		int j;

		if ((rc = add_team(c, gate.id, names[i], &gt[i])))
			return rc;
		if (i == 0 && (rc = add_staff(c, a, gt[i], "secretary", 1)))
			return rc;
		if (i == 1 && (rc = add_staff(c, a, gt[i], "checkpoint", 1)))
			return rc;
		if (i == 2 && (rc = add_staff(c, a, gt[i], "grid", 1)))
			return rc;
		if (i == 3 && (rc = add_staff(c, a, gt[i], "doctor", 1)))
			return rc;
		if (i < nparty && (rc = add_volunteer(c, party[i], gt[i])))
			return rc;
		for (j = i * 2; j < i * 2 + 2 && j < nothers; j++)
			if ((rc = add_volunteer(c, others[j], gt[i])))
				return rc;
	}
	if ((rc = add_team(c, entrance.id, "上午班", &et[0])) ||
	    (rc = add_team(c, entrance.id, "下午班", &et[1])))
		return rc;
	for (i = 0; i < 2; i++) {
		if (4 + i < nparty && (rc = add_volunteer(c, party[4 + i], et[i])))
			return rc;
		if (8 + i < nothers && (rc = add_volunteer(c, others[8 + i], et[i])))
			return rc;
	}
	for (i = 0; i < 3; i++) {
		static const char *const names[] = {"早班", "中班", "夜班"};

		if ((rc = add_team(c, phone.id, names[i], &ct[i])) ||
		    (rc = add_staff(c, a, ct[i], "admin", i == 0)))
			return rc;
	}

	/* four-team rotation of 6-hour shifts; two shifts a day at the entrance; three of 8 hours */
	teams = arena_printf(a, "%lld,%lld,%lld,%lld", (long long)gt[0], (long long)gt[1],
			     (long long)gt[2], (long long)gt[3]);
	if ((rc = add_pattern(c, a, &gate, "四班倒（6小时）", "four_team", "0:360,360:360,720:360,1080:360",
			      teams, 1, from, 20)) ||
	    (rc = add_pattern(c, a, &entrance, "两班（7:00-19:00）", "custom", "420:360,780:360",
			      arena_printf(a, "%lld,%lld", (long long)et[0], (long long)et[1]), 1,
			      from, 20)) ||
	    (rc = add_pattern(c, a, &phone, "三班（8小时）", "three_shift", "0:480,480:480,960:480",
			      arena_printf(a, "%lld,%lld,%lld", (long long)ct[0], (long long)ct[1],
					   (long long)ct[2]),
			      3, from, 20)))
		return rc;

	/* the last three days and today at the toll gate (a car every twenty minutes or so by day,
	 * fewer at night) and at the village entrance (people on foot while it is open); the
	 * moments come from a fixed seed and the day, and those still to come are not written */
	{
		static const char *const prov[] = {"湘C", "湘C", "湘C", "湘C", "湘A", "湘U", "鄂A",
						   "粤B", "赣C", "湘CD"};
		const struct person *resident = nothers > 12 ? others[12] : NULL;
		int64_t fever_at = demo_at(1, 16 * 60 + 20), at;
		struct demo_rng r = {0x2020012300000003ULL};
		int d, h, k;

		for (d = 3; d >= 0; d--)
			for (h = 0; h < 24; h++) {
				int cars = h >= 7 && h < 22 ? 2 + (int)demo_rnd(&r, 3) : (int)demo_rnd(&r, 2);
				int walkers = h >= 7 && h < 19 ? (int)demo_rnd(&r, 3) : 0;

				for (k = 0; k < cars + walkers; k++) {
					const char *pv = prov[demo_rnd(&r, sizeof(prov) / sizeof(prov[0]))];
					char *plate = arena_printf(a, "%s%05u", pv, demo_rnd(&r, 100000));
					int t[3], n = 1 + (int)demo_rnd(&r, k < cars ? 3 : 2), j;
					bool fever = false;

					at = demo_at(d, h * 60) + (int64_t)(k * 60 / (cars + walkers) +
									    (int)demo_rnd(&r, 10)) * 60;
					for (j = 0; j < 3; j++)
						t[j] = 358 + (int)demo_rnd(&r, 12);
					/* yesterday afternoon's car with a resident at 37.8 °C */
					if (d == 1 && h == 16 && k == 0 && resident) {
						at = fever_at;
						t[0] = 378;
						fever = true;
					}
					if (at > now - 60)
						continue;
					if ((rc = screen(c, a, k < cars ? &gate : &entrance, cp.id, at,
							 k < cars ? plate : NULL, t, n,
							 fever ? resident : NULL, cp.username)))
						return rc;
				}
			}
	}
	return 0;
}
