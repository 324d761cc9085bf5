/* demo_sweep.c: the demo town's door-to-door sweep, half done: begun five days ago, every
 * village's grid workers knocking on about half of the doors so far; its publicity; and the
 * weddings, funerals and birthdays of the fortnight around today, most called off.  Each visit
 * and outcome is written at its moment, so the coverage of any past day reads as it stood. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_monitor.h"
#include "demo.h"
#include "observation.h"
#include "sweep.h"

/* The questionnaire of the demo campaign, as the command post would define it. */
static const char questions[] =
	"[{\"key\":\"hubei\",\"text\":\"1月10日以来是否从湖北返回\",\"kind\":\"yesno\",\"per_person\":true,"
	"\"required\":true,\"handoff\":{\"to\":\"monitor\",\"reason\":\"high_risk_area\"}},"
	"{\"key\":\"fever\",\"text\":\"是否发热（37.3℃以上）或咳嗽\",\"kind\":\"yesno\",\"per_person\":true,"
	"\"required\":true,\"handoff\":{\"to\":\"task\",\"reason\":\"other\"}},"
	"{\"key\":\"leaflet\",\"text\":\"是否已发放宣传单\",\"kind\":\"yesno\",\"per_person\":false,"
	"\"required\":false}]";

struct drng {
	uint64_t s;
};

static uint32_t
pick(struct drng *r, uint32_t n)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 2685821657736338717ULL) >> 33) % (n ? n : 1);
}

/* The grid worker of a grid, remembered: the visits of a grid are theirs. */
struct visitor {
	char code[16];
	int64_t id;
	char *username;
};

static const struct visitor *
visitor_of(struct dbc *c, struct arena *a, struct visitor *v, int *n, const char *grid)
{
	struct user u;
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp(v[i].code, grid) == 0)
			return &v[i];
	if (*n == 128)
		return &v[0];
	snprintf(v[*n].code, sizeof(v[*n].code), "%s", grid);
	v[*n].id = 0;
	v[*n].username = "";
	if (db_user_find_staff(c, "grid", grid, &v[*n].id) == 0 && db_user_get(c, a, v[*n].id, &u) == 0)
		v[*n].username = u.username;
	return &v[(*n)++];
}

/* One visit as the API records it: the visit, the household's standing, the counters. */
static int
visit(struct dbc *c, struct arena *a, const struct sweep_campaign *s, const struct household *h,
      bool reached, int64_t at, const struct visitor *by)
{
	struct person_query pq = {0};
	struct person *pv;
	struct sweep_visit v;
	int64_t total;
	int n = 0, i, fresh = 0, first, rc;
	json_t *persons = json_array(), *all;
	char *text, revisit[11];

	clock_pin(at);
	clock_local_date(at + 86400, revisit);
	memset(&v, 0, sizeof(v));
	if (reached) {
		pq.scope = h->area_code;
		pq.household_id = h->id;
		pq.limit = 30;
		if ((rc = db_person_list(c, a, &pq, &pv, &n, &total))) {
			json_decref(persons);
			return rc;
		}
		if (n == 0)
			reached = false;
		for (i = 0; i < n; i++)
			json_array_append_new(persons, json_pack("{s:I, s:s, s:{s:b, s:b}}", "person_id",
								 (json_int_t)pv[i].id, "name", pv[i].name,
								 "answers", "hubei", 0, "fever", 0));
	}
	all = json_pack("{s:o, s:o}", "household", reached ? json_pack("{s:b}", "leaflet", 1) : json_object(),
			"persons", persons);
	text = json_dumps(all, JSON_COMPACT);
	json_decref(all);
	v.campaign_id = s->id;
	v.round = s->round;
	v.household_id = h->id;
	v.area_code = h->area_code;
	v.outcome = reached ? "reached" : "not_home";
	v.visited_at = at;
	v.persons = reached ? n : 0;
	v.answers = arena_strdup(a, text ? text : "{}");
	free(text);
	v.note = reached ? "" : "家中无人，已电话联系";
	v.revisit_on = reached ? NULL : arena_strdup(a, revisit);
	v.user_id = by->id;
	v.username = by->username;
	if ((rc = db_sweep_visit_insert(c, &v)))
		return rc;
	for (i = 0; reached && i < n; i++) {
		if ((rc = db_sweep_person_seen(c, s->id, s->round, pv[i].id, v.id, &first)))
			return rc;
		fresh += first;
	}
	if ((rc = db_sweep_count_add(c, s->id, s->round, h->area_code, reached ? 1 : 0, fresh,
				     reached ? 0 : 1, 1)))
		return rc;
	return db_sweep_household_put(c, s->id, s->round, h->id, h->area_code,
				      reached ? "reached" : "not_home", v.id, at, v.revisit_on);
}

/* A publicity action that covers whole areas. */
static int
cover_action(struct dbc *c, struct arena *a, const char *kind, const char *area, const char *title,
	     const char *date, int64_t qty, const char *route)
{
	struct publicity p;
	struct area_own *own;
	int n, i, rc;
	char today[11];

	demo_date(0, today);
	memset(&p, 0, sizeof(p));
	p.kind = (char *)kind;
	p.area_code = (char *)area;
	p.title = (char *)title;
	p.happened_on = (char *)date;
	p.quantity = qty;
	p.route = (char *)route;
	p.note = "演示数据 demo";
	p.username = "admin";
	clock_pin(demo_at(date_diff_days(date, today), 10 * 60));
	if ((rc = db_publicity_insert(c, &p)) || (rc = db_publicity_cover_add(c, p.id, area)) ||
	    (rc = db_area_own(c, a, area, &own, &n)))
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = db_publicity_count_add(c, own[i].code, 1, 0)))
			return rc;
	return 0;
}

int
demo_sweep(struct dbc *c, struct arena *a, unsigned seed, struct fault *f)
{
	static const char *const kinds[] = {"wedding", "wedding", "funeral", "birthday", "wedding",
					    "funeral", "temple_fair"};
	struct drng r = {seed ? seed * 0x2545F4914F6CDD1DULL : 0x2020012400000005ULL};
	struct sweep_campaign s;
	struct household *hv;
	struct user grid;
	struct publicity wechat;
	struct visitor *who = arena_alloc(a, sizeof(*who) * 128);
	int64_t total, grid_id = 0, listed = 0, now = demo_now();
	int n, i, k, rc, first, nwho = 0;
	char *d[6];

	(void)f;
	for (i = 0; i < 6; i++) {
		d[i] = arena_alloc(a, 11);
		demo_date(i, d[i]);
	}
	memset(&s, 0, sizeof(s));
	if (db_user_get_by_name(c, a, "grid", &grid) == 0)
		grid_id = grid.id;
	s.name = "返乡人员地毯式排查";
	s.scope = "430302100";
	s.starts_on = d[5];
	s.ends_on = arena_alloc(a, 11);
	demo_date(-4, s.ends_on);
	s.questions = (char *)questions;
	clock_pin(demo_at(6, 16 * 60));
	if ((rc = db_sweep_insert(c, &s)) ||
	    (rc = db_sweep_round_insert(c, s.id, 1, s.starts_on, s.ends_on)) ||
	    (rc = db_sweep_get(c, a, s.id, &s)))
		return rc;
	/* every village half done: about half of the doors knocked over the five days, a few
	 * with nobody home; a visit still to come today is not written */
	for (k = 0;; k += 500) {
		if ((rc = db_household_list(c, a, "430302100", NULL, 500, k, &hv, &n, &total)))
			return rc;
		for (i = 0; i < n; i++) {
			uint32_t roll = pick(&r, 10), day = pick(&r, 5), min = pick(&r, 9 * 60);
			int64_t at = demo_at((int)day, 8 * 60 + 30 + (int)min);

			if (roll > 5 || at > now - 60)
				continue;
			if ((rc = visit(c, a, &s, &hv[i], roll < 5, at,
					visitor_of(c, a, who, &nwho, hv[i].area_code))))
				return rc;
		}
		if (n < 500)
			break;
	}

	/* publicity: the loudspeakers and the patrol cars of 立新村, the banners of 果沙社区 and 群力村 */
	if ((rc = cover_action(c, a, "loudspeaker", "430302100202", "流动小喇叭：不出门、不串门、不聚会",
			       d[5], 0, "村部—各组")) ||
	    (rc = cover_action(c, a, "patrol_car", "430302100202", "立新村宣传巡逻车队", d[4], 6,
			       "村部—黄丰寺集镇—大塘组")) ||
	    (rc = cover_action(c, a, "banner", "430302100003", "手书宣传标语", d[3], 12, "")) ||
	    (rc = cover_action(c, a, "poster", "430302100206", "粉色A4纸拼接标语", d[2], 30, "")))
		return rc;
	/* a WeChat group of 云龙村 that most households have joined */
	memset(&wechat, 0, sizeof(wechat));
	wechat.kind = "wechat_group";
	wechat.area_code = "430302100201";
	wechat.title = "云龙村疫情防控群";
	wechat.happened_on = d[5];
	wechat.note = "演示数据 demo";
	wechat.username = "admin";
	clock_pin(demo_at(5, 20 * 60));
	if ((rc = db_publicity_insert(c, &wechat)) ||
	    (rc = db_household_list(c, a, "430302100201", NULL, 500, 0, &hv, &n, &total)))
		return rc;
	for (i = 0; i < n; i++) {
		if (pick(&r, 5) == 0)
			continue; /* not in the group: an elderly neighbour without WeChat, say */
		if ((rc = db_publicity_reach_add(c, wechat.id, hv[i].id, hv[i].area_code, &first)) ||
		    (first && (rc = db_publicity_count_add(c, hv[i].area_code, 0, 1))))
			return rc;
		listed++;
	}
	wechat.quantity = listed;
	if ((rc = db_publicity_set_households(c, wechat.id, listed)))
		return rc;

	/* the weddings, funerals and birthdays from six days ago to nine days ahead: most cancelled
	 * or postponed by the grid worker and the village secretary the day before, or yesterday */
	if ((rc = db_household_list(c, a, "430302100", NULL, 1, 0, &hv, &n, &total)))
		return rc;
	for (i = 0; i < 24 && total > 0; i++) {
		struct gathering g;
		uint32_t roll = pick(&r, 10);
		int ago = 6 - (int)pick(&r, 16), told = ago + 1 > 1 ? ago + 1 : 1;
		char *date = arena_alloc(a, 11), *later = arena_alloc(a, 11);

		/* a household anywhere in town */
		if ((rc = db_household_list(c, a, "430302100", NULL, 1, (int)pick(&r, (uint32_t)total), &hv,
					    &n, &total)))
			return rc;
		if (n == 0)
			continue;
		if (hv[0].head_id == 0)
			continue;
		memset(&g, 0, sizeof(g));
		demo_date(ago, date);
		demo_date(-60, later);
		g.kind = (char *)kinds[pick(&r, 7)];
		g.host_person_id = hv[0].head_id;
		g.area_code = hv[0].area_code;
		g.planned_on = date;
		g.place = hv[0].address;
		g.expected_guests = 40 + pick(&r, 160);
		g.note = "演示数据 demo";
		clock_pin(demo_at(told + 1, 15 * 60 + i * 10));
		if ((rc = db_gathering_insert(c, &g)))
			return rc;
		if (roll == 9)
			continue; /* not yet visited */
		g.outcome = roll < 5 ? "cancelled" : roll < 8 ? "postponed" : "simplified";
		if (strcmp(g.kind, "funeral") == 0)
			g.outcome = "simplified";
		g.postponed_to = strcmp(g.outcome, "postponed") == 0 ? later : NULL;
		g.guests = strcmp(g.outcome, "simplified") == 0 ? (int64_t)(8 + pick(&r, 10)) : -1;
		g.persuaded_by = "网格员、村支书";
		g.persuaded_at = demo_at(told, 10 * 60 + i * 10);
		g.outcome_note = "非必须、不举办";
		clock_pin(g.persuaded_at + 3600);
		g.outcome_at = clock_now();
		g.outcome_user_id = grid_id;
		if ((rc = db_gathering_set_outcome(c, &g)))
			return rc;
	}
	return 0;
}
