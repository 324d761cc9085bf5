/* svc_screening.c: a screening at a checkpoint, checked on the request's thread and written on
 * the writer's, with the hand-off of each person flagged for a fever or a high-risk area. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_memo.h"
#include "idnum.h"
#include "mask.h"
#include "observation.h"
#include "phone.h"
#include "plate.h"
#include "svc_declare.h"
#include "svc_monitor.h"
#include "svc_screening.h"
#include "svc_task.h"
#include "text.h"

#define DEFAULT_HIGH_RISK "湖北,武汉"

static const char *const vehicle_kinds[] = {"car", "truck", "bus", "van", "motorcycle", "other",
					    NULL};


int
svc_screening_regions(struct svc *s, char ***ret, int *ret_n)
{
	char *v = NULL, *p, *save = NULL, **out;
	int n = 0;

	if (db_setting_get_memo(s->db, s->arena, "checkpoint.high_risk", &v) != 0)
		v = arena_strdup(s->arena, DEFAULT_HIGH_RISK);
	out = arena_alloc(s->arena, sizeof(char *) * (strlen(v) / 2 + 2));
	for (p = strtok_r(v, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (*p)
			out[n++] = p;
	*ret = out;
	*ret_n = n;
	return 0;
}

int
svc_screening_fever(struct svc *s)
{
	char *v;

	if (db_setting_get_memo(s->db, s->arena, "monitor.fever_tenths", &v) == 0 && atoi(v) > 0)
		return atoi(v);
	return FEVER_TENTHS;
}

static bool
high_risk_match(char **regions, int n, const char *s)
{
	int i;

	for (i = 0; s && *s && i < n; i++)
		if (*regions[i] && strstr(s, regions[i]))
			return true;
	return false;
}

/* lives_in must be a village or grid of the post's town: the registry entry a screening may
 * make is put there, so a code elsewhere or above village level is refused. */
static int
read_lives_in(struct svc *s, const char *code, const char *town, struct screened_person *p)
{
	struct area a;
	int rc;

	if ((rc = db_area_get_by_code(s->db, s->arena, code, &a)) == ERR_NOTFOUND ||
	    (rc == 0 && strncmp(a.code, town, strlen(town)) != 0))
		return fault_set(s->fault, ERR_INVALID, "lives_in",
				 "住址应为本镇的村（社区）或网格的区划代码",
				 "lives_in must be the area code of a village or grid of this town");
	if (rc)
		return rc;
	if (a.level < 3)
		return fault_set(s->fault, ERR_INVALID, "lives_in", "住址请选到村（社区）或网格",
				 "lives_in must be a village, community or grid, not the whole town");
	p->lives_in = a.code;
	return 0;
}

void
svc_screening_person_field(struct fault *f, size_t i)
{
	char field[sizeof(f->field)];
	int k = snprintf(field, sizeof(field), "persons[%zu].", i);
	size_t n = strnlen(f->field, sizeof(field) - (size_t)k - 1);

	/* field names are short: "persons[59].temperature" fits */
	memcpy(field + k, f->field, n);
	field[(size_t)k + n] = '\0';
	memcpy(f->field, field, sizeof(field));
}

/* Person i as typed, checked into p. */
static int
read_person(struct svc *s, const struct svc_screened_in *in, size_t i, const char *town,
	    struct screened_person *p)
{
	int rc;

	if ((rc = temp_from_celsius(in->temperature, &p->temp_tenths, s->fault)) == 0 &&
	    in->id_number && *in->id_number) {
		struct idnum id;

		if ((rc = idnum_parse(text_squeeze(s->arena, in->id_number), &id, s->fault)) == 0)
			p->id_number = arena_strdup(s->arena, id.number);
	}
	if (rc == 0 && in->phone && *in->phone) {
		char out[12];

		if ((rc = phone_parse(text_squeeze(s->arena, in->phone), out, s->fault)) == 0)
			p->phone = arena_strdup(s->arena, out);
	}
	if (rc == 0 && in->lives_in && *in->lives_in)
		rc = read_lives_in(s, text_squeeze(s->arena, in->lives_in), town, p);
	if (rc) {
		svc_screening_person_field(s->fault, i);
		return rc;
	}
	p->name = (char *)in->name;
	p->from_place = (char *)in->from_place;
	p->via = (char *)in->via;
	p->to_place = (char *)in->to_place;
	p->high_risk = in->high_risk > 0;
	p->seq = (int)i + 1;
	return 0;
}

/* The post as remembered (db_memo.h), an active checkpoint inside the actor's area. */
static int
read_post(struct svc *s, int64_t id, struct duty_post *ret)
{
	int rc = id > 0 ? db_post_get_memo(s->db, s->arena, id, ret) : ERR_NOTFOUND;

	if (rc == ERR_NOTFOUND || (rc == 0 && !svc_in_scope(s, ret->area_code)))
		return fault_set(s->fault, ERR_NOTFOUND, "post_id", "岗点不存在或不在您的辖区内",
				 "no such duty post in your area");
	if (rc)
		return rc;
	if (strcmp(ret->kind, "checkpoint") != 0 || !ret->active)
		return fault_set(s->fault, ERR_INVALID, "post_id", "该岗点不是在用的卡口",
				 "this post is not an active checkpoint");
	return 0;
}

/* The vehicle's plate and kind, or none for a pedestrian. */
static int
read_vehicle(struct svc *s, const struct svc_screening_in *in, struct svc_screening_job *job)
{
	struct screening *sc = &job->s;
	const char *vk = in->vehicle_kind;

	if (strcmp(sc->kind, "vehicle") == 0) {
		enum plate_kind pk;
		int rc;

		if ((rc = plate_parse(in->plate, *job->post.province ? job->post.province : NULL,
				      job->plate, &pk, s->fault)))
			return rc;
		sc->plate = job->plate;
		sc->plate_kind = (char *)plate_kind_keys[pk];
		if (vk == NULL || *vk == '\0')
			sc->vehicle_kind = "car";
		else if (!svc_one_of(vk, vehicle_kinds))
			return fault_set(s->fault, ERR_INVALID, "vehicle_kind",
					 "车辆类型应为 car、truck、bus、van、motorcycle 或 other",
					 "vehicle_kind must be car, truck, bus, van, motorcycle or other");
		else
			sc->vehicle_kind = (char *)vk;
	} else if ((in->plate && *in->plate) || (vk && *vk)) {
		return fault_set(s->fault, ERR_INVALID, in->plate && *in->plate ? "plate" : "vehicle_kind",
				 "行人不填车牌和车辆类型", "a pedestrian has no plate or vehicle kind");
	}
	return 0;
}

/*
 * The traveller's declaration of code, read for the screening at post: its people stand for who
 * the persons leave unnamed, so the full numbers go from the declaration into the screening
 * without the staff typing them.  *io is the input to check, copied; its persons too.
 */
static int
from_declaration(struct svc *s, struct svc_screening_in *io, struct svc_screening_job *job)
{
	struct svc_declaration decl;
	struct svc_screened_in *pv;
	int rc;
	size_t i;

	if ((rc = svc_declare_lookup(s, io->declaration_code, job->post.id, &decl))) {
		snprintf(s->fault->field, sizeof(s->fault->field), "declaration_code");
		return rc;
	}
	if (io->n != (size_t)decl.n)
		return fault_setf(s->fault, ERR_INVALID, "persons",
				  "登记了 %d 人：请按登记的顺序为每人测温",
				  "the declaration lists %d people: give each one's temperature, in its order",
				  decl.n);
	pv = arena_alloc(s->arena, sizeof(*pv) * io->n);
	for (i = 0; i < io->n; i++) {
		pv[i] = io->persons[i];
		if (pv[i].name == NULL || *pv[i].name == '\0')
			pv[i].name = decl.pv[i].name;
		if (pv[i].id_number == NULL || *pv[i].id_number == '\0')
			pv[i].id_number = decl.pv[i].id_number;
		if (pv[i].phone == NULL || *pv[i].phone == '\0')
			pv[i].phone = decl.pv[i].phone;
		if (pv[i].from_place == NULL || *pv[i].from_place == '\0')
			pv[i].from_place = decl.d.from_place;
		if (pv[i].to_place == NULL || *pv[i].to_place == '\0')
			pv[i].to_place = decl.d.to_place;
	}
	io->persons = pv;
	if (io->kind && strcmp(io->kind, "vehicle") == 0 && (io->plate == NULL || *io->plate == '\0') &&
	    *decl.d.plate)
		io->plate = decl.d.plate;
	job->declaration_id = decl.d.id;
	return 0;
}

int
svc_screening_check(struct svc *s, const struct svc_screening_in *in_,
		    struct svc_screening_job **ret)
{
	struct svc_screening_in copy = *in_, *in = &copy;
	struct svc_screening_job *job = arena_alloc(s->arena, sizeof(*job));
	struct screening *sc = &job->s;
	struct duty_shift shift;
	char **regions, town[10];
	int64_t now = clock_now();
	int nregions, fever, rc;
	size_t i;

	memset(job, 0, sizeof(*job));
	if (in->kind == NULL || (strcmp(in->kind, "vehicle") && strcmp(in->kind, "pedestrian")))
		return fault_set(s->fault, ERR_INVALID, "kind", "类型应为 vehicle（车辆）或 pedestrian（行人）",
				 "kind must be vehicle or pedestrian");
	if (in->direction && *in->direction && strcmp(in->direction, "in") &&
	    strcmp(in->direction, "out"))
		return fault_set(s->fault, ERR_INVALID, "direction", "方向应为 in（进）或 out（出）",
				 "direction must be in or out");
	if (in->n == 0 || in->n > SCREENING_MAX_PERSONS)
		return fault_setf(s->fault, ERR_INVALID, "persons", "请逐人填写体温（1 到 %d 人）",
				  "persons must list 1 to %d people, each with a temperature",
				  SCREENING_MAX_PERSONS);
	if (in->at && (in->at < now - 86400 || in->at > now + 300))
		return fault_setf(s->fault, ERR_INVALID, "at", "字段 %s 应在 %lld 到 %lld 之间",
				  "the field %s must be between %lld and %lld", "at",
				  (long long)(now - 86400), (long long)(now + 300));
	sc->kind = (char *)in->kind;
	sc->vehicle_kind = (char *)in->vehicle_kind;
	sc->direction = (char *)in->direction;
	sc->note = (char *)in->note;
	if ((rc = read_post(s, in->post_id, &job->post)) ||
	    (in->declaration_code && (rc = from_declaration(s, in, job))) ||
	    (rc = read_vehicle(s, in, job)))
		return rc;
	/* everything the body says is checked before the transaction */
	snprintf(town, sizeof(town), "%.9s", job->post.area_code);
	job->n = in->n;
	job->pv = arena_alloc(s->arena, sizeof(struct svc_screened) * in->n);
	memset(job->pv, 0, sizeof(struct svc_screened) * in->n);
	for (i = 0; i < in->n; i++)
		if ((rc = read_person(s, &in->persons[i], i, town, &job->pv[i].p)))
			return rc;
	sc->at = in->at ? in->at : now;
	sc->recorded_at = now;
	clock_local_date(sc->at, job->day);
	sc->day = job->day;
	sc->post_id = job->post.id;
	sc->post_name = job->post.name;
	sc->area_code = job->post.area_code;
	sc->recorded_by = svc_user_id(s);
	sc->recorded_by_name = s->user ? (*s->user->display_name ? s->user->display_name
								 : s->user->username)
				       : "";
	sc->people = (int)in->n;
	fever = svc_screening_fever(s);
	if ((rc = svc_screening_regions(s, &regions, &nregions)))
		return rc;
	for (i = 0; i < in->n; i++) {
		struct screened_person *p = &job->pv[i].p;

		p->fever = p->temp_tenths >= fever;
		p->high_risk = p->high_risk || high_risk_match(regions, nregions, p->from_place) ||
			       high_risk_match(regions, nregions, p->via);
		sc->abnormal += p->fever;
		sc->high_risk += p->high_risk;
		sc->handoffs += p->fever || p->high_risk;
	}
	/* the shift on duty at the time: the roster, read before the write */
	if ((rc = db_shift_at_memo(s->db, s->arena, job->post.id, sc->at, &shift)) == 0)
		sc->shift_id = shift.id;
	else if (rc != ERR_NOTFOUND)
		return rc;
	job->shift_start = sc->shift_id ? shift.starts_at : sc->at - 6 * 3600;
	*ret = job;
	return 0;
}

/* ----- the hand-offs ----- */

/* Who gets the task of a passer-through: the post's own choice, the village secretary, the
 * town's admin; 0 when there is nobody. */
static int64_t
handoff_owner(struct svc *s, const struct duty_post *p)
{
	char village[13], town[10];
	int64_t id = 0;

	if (p->handoff_user_id)
		return p->handoff_user_id;
	snprintf(village, sizeof(village), "%.12s", p->area_code);
	snprintf(town, sizeof(town), "%.9s", p->area_code);
	if (db_user_find_staff(s->db, "secretary", village, &id) == 0 && id)
		return id;
	if (db_user_find_staff(s->db, "admin", town, &id) == 0 && id)
		return id;
	return 0;
}

/* The screening's temperature as a reading on the record of key person kp, so the timeline
 * shows it and a fever raises the alert a reading at home would.  A late entry of a screening
 * from before the observation began is not a reading of it (check_id stays 0). */
static int
record_reading(struct svc *s, const struct screening *sc, const struct screened_person *sp,
	       int64_t kp, struct handoff *h)
{
	struct key_person k;
	struct check ch;
	struct alert al;
	int rc;

	if ((rc = db_kp_get(s->db, s->arena, kp, &k)))
		return rc;
	if (strcmp(sc->day, k.start_date) < 0)
		return 0;
	memset(&ch, 0, sizeof(ch));
	ch.temp_tenths = sp->temp_tenths;
	ch.taken_at = sc->at;
	ch.symptoms = ch.symptom_other = "";
	ch.method = "checkpoint";
	ch.recorded_by = sc->recorded_by;
	ch.recorded_by_name = sc->recorded_by_name;
	if ((rc = svc_monitor_record(s, &k, &ch, 0, &al)) ||
	    (rc = svc_audit(s, "create", "health_check", ch.id, k.area_code, k.name)))
		return rc;
	h->check_id = ch.id;
	return 0;
}

/* A resident pe: put under home observation, linked to this screening; or, when under
 * observation already, the reading goes on their record. */
static int
to_key_person(struct svc *s, const struct duty_post *post, const struct screening *sc,
	      const struct screened_person *sp, const struct person *pe, struct handoff *h)
{
	struct key_person k;
	int64_t existing;
	char end[11], code[SELF_CODE_SIZE];
	int rc;

	h->kind = "key_person";
	h->person_id = pe->id;
	if (db_kp_active_of_person(s->db, pe->id, &existing) == 0) {
		h->key_person_id = existing;
		h->existing = 1;
		if ((rc = record_reading(s, sc, sp, existing, h)))
			return rc;
		return db_handoff_insert(s->db, h);
	}
	memset(&k, 0, sizeof(k));
	k.reason = (char *)(sp->high_risk ? "high_risk_area" : "other");
	k.reason_detail = arena_printf(s->arena, "卡口筛查 #%lld（%s）体温 %.1f°C%s", (long long)sc->id,
				       post->name, sp->temp_tenths / 10.0,
				       sp->high_risk ? "，来自或途经高风险地区" : "");
	k.from_place = sp->from_place && *sp->from_place ? sp->from_place : sp->via;
	k.arrived_on = sp->high_risk ? sc->day : NULL;
	k.transport = (char *)(strcmp(sc->kind, "pedestrian") == 0 ? "other"
			       : strcmp(sc->vehicle_kind, "bus") == 0 ? "bus"
								      : "car");
	k.transport_no = sc->plate && *sc->plate ? sc->plate : NULL;
	k.found_by = "checkpoint";
	k.kind = "home";
	k.start_date = sc->day;
	{
		struct monitor_settings set;

		svc_monitor_settings(s, &set);
		k.days = set.days_home;
	}
	obs_end_date(k.start_date, k.days, end);
	k.end_date = end;
	if ((rc = svc_monitor_enrol(s, &k, pe, code)) ||
	    (rc = svc_audit(s, "create", "key_person", k.id, k.area_code, pe->name)))
		return rc;
	h->key_person_id = k.id;
	return db_handoff_insert(s->db, h);
}

/* Someone not in the registry who says they live in the town (lives_in, checked against the
 * town when the screening was read) and gave a name and an ID number: added to the registry
 * where they live, as 常住 (the grid worker checks the household registration later), so the
 * observation has a record to hang on.  Anything less identifies nobody: the command post
 * follows it up as before. */
static bool
can_register(const struct screened_person *sp)
{
	return sp->id_number && sp->name && *sp->name && sp->lives_in;
}

static int
register_newcomer(struct svc *s, const struct duty_post *post, const struct screening *sc,
		  const struct screened_person *sp, struct person *ret)
{
	struct area a;
	struct idnum id;
	struct person p;
	int rc;

	if ((rc = db_area_get_by_code(s->db, s->arena, sp->lives_in, &a)) ||
	    (rc = idnum_parse(sp->id_number, &id, s->fault)))
		return rc;
	memset(&p, 0, sizeof(p));
	p.name = sp->name;
	p.id_number = sp->id_number;
	p.phone = sp->phone;
	p.birth_date = arena_strdup(s->arena, id.birth);
	p.gender = (char *)(id.gender == 'M' ? "M" : "F");
	p.area_id = a.id;
	p.area_code = a.code;
	p.area_name = a.name;
	p.residence = "resident";
	p.notes = arena_printf(s->arena, "卡口筛查 #%lld（%s）时登记：自述住在本镇，原不在册",
			       (long long)sc->id, post->name);
	if ((rc = db_person_insert(s->db, &p)) ||
	    (rc = svc_audit(s, "create", "person", p.id, p.area_code, p.name)))
		return rc;
	return db_person_get(s->db, s->arena, p.id, ret);
}

/* Passing through, or not identified well enough: a task for the command post. */
static int
to_task(struct svc *s, const struct duty_post *post, const struct screening *sc,
	const struct screened_person *sp, struct handoff *h)
{
	int64_t owner = handoff_owner(s, post);
	const char *temp = arena_printf(s->arena, "%.1f°C", sp->temp_tenths / 10.0);
	char mid[32] = "", mph[32] = "";
	struct svc_task_in in = {0};
	struct task t;
	int rc;

	h->kind = "task";
	if (owner == 0)
		return db_handoff_insert(s->db, h); /* nobody to give it to: shown as such */
	if (sp->id_number)
		mask_idnum(sp->id_number, mid);
	if (sp->phone)
		mask_phone(sp->phone, mph);
	in.title = arena_printf(s->arena, "卡口移交：%s %s %s", post->name,
				sc->plate && *sc->plate ? sc->plate : "行人",
				sp->fever ? temp : "来自高风险地区");
	in.description = arena_printf(
		s->arena, "筛查记录 #%lld 第 %d 人：%s，身份证 %s，电话 %s，体温 %s，来自 %s，途经 %s，去往 %s。%s",
		(long long)sc->id, sp->seq, sp->name && *sp->name ? sp->name : "未登记姓名",
		*mid ? mid : "无", *mph ? mph : "无", temp, sp->from_place ? sp->from_place : "",
		sp->via ? sp->via : "", sp->to_place ? sp->to_place : "",
		sp->fever ? "体温异常，请联系目的地落实健康监测或送发热门诊。"
			  : "来自或途经高风险地区，途经本镇，请通报目的地。");
	in.area_code = post->area_code;
	in.owner_id = owner;
	in.deadline = clock_now() + (sp->fever ? 2 : 12) * 3600;
	in.priority = sp->fever ? "urgent" : "high";
	in.source = "checkpoint";
	in.source_id = sc->id;
	if ((rc = svc_task_create(s, &in, &t)))
		return rc;
	h->task_id = t.id;
	return db_handoff_insert(s->db, h);
}

/* Where the key person of hand-off h lives, for the answer: a screener outside that area is
 * told only the village. */
static int
home_of(struct svc *s, struct handoff *h)
{
	struct area v;
	char *code, village[13];
	int rc;

	if ((rc = db_kp_area_code(s->db, s->arena, h->key_person_id, &code)))
		return rc;
	snprintf(village, sizeof(village), "%.12s", code);
	h->area_code = code;
	if ((rc = db_area_get_by_code(s->db, s->arena, village, &v)) == 0)
		h->village_name = v.name;
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/* Screened person sp of screening sc at post, flagged: handed on, h filled and written. */
static int
hand_off(struct svc *s, const struct duty_post *post, const struct screening *sc,
	 struct screened_person *sp, struct handoff *h)
{
	struct person pe;
	char town[10];
	int rc;

	h->screening_id = sc->id;
	h->screened_person_id = sp->id;
	h->reason = (char *)(sp->fever && sp->high_risk ? "fever+high_risk"
			     : sp->fever		  ? "fever"
							  : "high_risk");
	if (sp->id_number == NULL)
		return to_task(s, post, sc, sp, h);
	snprintf(town, sizeof(town), "%.9s", post->area_code);
	rc = db_person_get_by_idnum(s->db, s->arena, sp->id_number, &pe);
	if (rc == 0 && pe.merged_into == 0 && strncmp(pe.area_code, town, strlen(town)) == 0) {
		if ((rc = to_key_person(s, post, sc, sp, &pe, h)))
			return rc;
		return home_of(s, h);
	}
	if (rc == ERR_NOTFOUND && can_register(sp)) {
		if ((rc = register_newcomer(s, post, sc, sp, &pe)))
			return rc;
		h->registered = 1;
		if ((rc = to_key_person(s, post, sc, sp, &pe, h)))
			return rc;
		return home_of(s, h);
	}
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	return to_task(s, post, sc, sp, h);
}

bool
svc_screening_elsewhere(const struct svc *s, const struct handoff *h)
{
	return strcmp(h->kind, "key_person") == 0 &&
	       (h->area_code == NULL || !svc_in_scope(s, h->area_code));
}

/* ----- the write ----- */

/* A pedestrian is a repeat when one of the people was screened at the post earlier in the
 * shift: found by ID number, or by phone and name when no ID number was given (a name alone
 * is too common to go on).  The latest such screening, or 0. */
static int
pedestrian_repeat(struct svc *s, const struct svc_screening_job *job, int64_t *ret)
{
	int64_t best = 0, id;
	size_t i;
	int rc;

	for (i = 0; i < job->n; i++) {
		const struct screened_person *p = &job->pv[i].p;

		if (p->id_number == NULL && (p->phone == NULL || p->name == NULL || *p->name == '\0'))
			continue;
		rc = db_sperson_repeat(s->db, job->s.post_id, p->id_number, p->phone, p->name,
				       job->shift_start, job->s.at, &id);
		if (rc == ERR_NOTFOUND)
			continue;
		if (rc)
			return rc;
		if (id > best)
			best = id;
	}
	*ret = best;
	return 0;
}

int
svc_screening_record(struct svc *s, struct svc_screening_job *job)
{
	struct screening *sc = &job->s;
	struct screen_counts d;
	size_t i;
	int64_t ds;
	int rc;

	/* a second run of the writer's batch starts from the job as checked */
	sc->id = 0;
	sc->repeat_of = 0;
	for (i = 0; i < job->n; i++)
		memset(&job->pv[i].h, 0, sizeof(job->pv[i].h));
	if (sc->plate) {
		rc = db_screening_repeat(s->db, sc->post_id, sc->plate, job->shift_start, sc->at,
					 &sc->repeat_of);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
	} else if ((rc = pedestrian_repeat(s, job, &sc->repeat_of)))
		return rc;
	if ((rc = db_screening_insert(s->db, sc)) ||
	    (job->declaration_id && (rc = svc_declare_use(s, job->declaration_id, sc->id))))
		return rc;
	for (i = 0; i < job->n; i++) {
		struct svc_screened *in = &job->pv[i];

		in->p.screening_id = sc->id;
		if ((rc = db_sperson_insert(s->db, sc, &in->p)))
			return rc;
		if ((in->p.fever || in->p.high_risk) &&
		    (rc = hand_off(s, &job->post, sc, &in->p, &in->h)))
			return rc;
	}
	/* the counters, one UPSERT each */
	memset(&d, 0, sizeof(d));
	d.vehicles = strcmp(sc->kind, "vehicle") == 0;
	d.pedestrians = !d.vehicles;
	d.people = sc->people;
	d.abnormal = sc->abnormal;
	d.high_risk = sc->high_risk;
	d.handoffs = sc->handoffs;
	ds = clock_day_start(sc->at);
	if ((rc = db_count_hour_add(s->db, sc->post_id, ds + (sc->at - ds) / 3600 * 3600, job->day,
				    (int)((sc->at - ds) / 3600), &d)) ||
	    (sc->shift_id && (rc = db_count_shift_add(s->db, sc->shift_id, &d))))
		return rc;
	return svc_audit(s, "create", "screening", sc->id,
			 sc->area_code, sc->plate && *sc->plate ? sc->plate : "pedestrian");
}
