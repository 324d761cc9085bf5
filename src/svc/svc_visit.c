/* svc_visit.c: a grid worker's visit to a household in a sweep (走访): who was home, the answers
 * checked against the questionnaire, the household's standing and the coverage counters, and the
 * hand-offs of risky answers to monitoring or to a task for the secretary. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "observation.h"
#include "role.h"
#include "svc_monitor.h"
#include "svc_sweep.h"
#include "svc_task.h"
#include "text.h"

static const char *const outcomes[] = {"reached", "not_home", "refused", "moved", NULL};


/* One answer against its question, made canonical in *ret, or a fault naming field. */
static int
read_answer(struct svc *s, const struct question *q, const struct answer *v, const char *field,
	    struct answer *ret)
{
	int i;

	*ret = *v;
	if (strcmp(q->kind, "yesno") == 0) {
		if (v->type != ANSWER_BOOL)
			return fault_setf(s->fault, ERR_INVALID, field, "%s 应回答是或否（true/false）",
					  "%s is answered yes or no (true/false)", field);
	} else if (strcmp(q->kind, "number") == 0) {
		if (v->type != ANSWER_INT || v->i < 0 || v->i > 1000000)
			return fault_setf(s->fault, ERR_INVALID, field, "%s 应为 0 到 1000000 的整数",
					  "%s must be a whole number from 0 to 1000000", field);
	} else if (strcmp(q->kind, "choice") == 0) {
		const char *t = v->type == ANSWER_TEXT ? text_normalize(s->arena, v->text) : "";

		for (i = 0; i < q->nchoices; i++)
			if (strcmp(q->choices[i], t) == 0) {
				ret->text = t;
				return 0;
			}
		return fault_setf(s->fault, ERR_INVALID, field, "%s 应为问卷给出的选项之一",
				  "%s must be one of the question's choices", field);
	} else {
		const char *t = v->type == ANSWER_TEXT ? text_normalize(s->arena, v->text) : NULL;

		if (t == NULL || text_utf8_len(t) > 200)
			return fault_setf(s->fault, ERR_INVALID, field, "%s 应为 200 字以内的文本",
					  "%s must be text of at most 200 characters", field);
		ret->text = t;
	}
	return 0;
}

/* Answers of one household or one person: every key a question of that kind, the required ones
 * present when the door was answered.  Canonical answers into *ret (null ones left out). */
static int
read_answers(struct svc *s, const struct question *qs, int nq, const struct answer *in, int n,
	     bool not_object, bool per_person, bool reached, const char *prefix,
	     struct answer **ret, int *ret_n)
{
	struct answer *out = arena_alloc(s->arena, sizeof(*out) * (size_t)(n + 1));
	int i, j, k = 0, rc;

	if (not_object)
		return fault_setf(s->fault, ERR_INVALID, prefix, "%s 应为对象 {问题key: 回答}",
				  "%s must be an object {question key: answer}", prefix);
	for (i = 0; i < n; i++) {
		const struct question *found = NULL;
		const char *field = arena_printf(s->arena, "%s.%s", prefix, in[i].key);

		for (j = 0; j < nq; j++)
			if (strcmp(qs[j].key, in[i].key) == 0 && qs[j].per_person == per_person)
				found = &qs[j];
		if (found == NULL)
			return fault_setf(s->fault, ERR_INVALID, field, "问卷里没有这个%s问题：%s",
					  "the questionnaire has no %s question %s",
					  per_person ? "逐人" : "按户", in[i].key);
		if (in[i].type == ANSWER_NULL)
			continue;
		if ((rc = read_answer(s, found, &in[i], field, &out[k])))
			return rc;
		k++;
	}
	for (j = 0; reached && j < nq; j++) {
		if (!qs[j].required || qs[j].per_person != per_person)
			continue;
		for (i = 0; i < k && strcmp(out[i].key, qs[j].key) != 0; i++)
			;
		if (i == k)
			return fault_setf(s->fault, ERR_INVALID,
					  arena_printf(s->arena, "%s.%s", prefix, qs[j].key),
					  "请回答“%s”", "please answer \"%s\"", qs[j].text);
	}
	*ret = out;
	*ret_n = k;
	return 0;
}

static const struct answer *
answer_to(const struct answer *v, int n, const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

/* The top of the form: outcome, who was seen, when to come back. */
static int
visit_check(struct svc *s, const struct svc_visit_in *in, const char *today)
{
	bool reached;

	if (!svc_one_of(in->outcome, outcomes))
		return fault_set(s->fault, ERR_INVALID, "outcome",
				 "outcome 应为 reached（见到人）、not_home（无人在家）、refused（拒绝）或 moved（已搬走）",
				 "outcome must be reached, not_home, refused or moved");
	reached = strcmp(in->outcome, "reached") == 0;
	if (in->npersons < 0 || in->npersons > SWEEP_MAX_PERSONS)
		return fault_set(s->fault, ERR_INVALID, "persons", "persons 应为在家人员的列表（最多 30 人）",
				 "persons is the list of people seen (at most 30)");
	if (reached && in->npersons == 0)
		return fault_set(s->fault, ERR_INVALID, "persons", "见到人时请至少勾选一名在家人员",
				 "a reached household lists at least one person seen");
	if (!reached && in->npersons > 0)
		return fault_set(s->fault, ERR_INVALID, "persons", "没见到人时不能登记在家人员",
				 "a household not reached lists nobody");
	if (reached && in->revisit_on)
		return fault_set(s->fault, ERR_INVALID, "revisit_on", "已见到人，无需回访日期",
				 "a reached household needs no revisit date");
	if (in->revisit_on && strcmp(in->revisit_on, today) < 0)
		return fault_set(s->fault, ERR_INVALID, "revisit_on", "回访日期不能早于今天",
				 "revisit_on cannot be before today");
	return 0;
}

/* The campaign open, the household in the actor's area and the campaign's, the time after its
 * start. */
static int
where_check(struct svc *s, const struct svc_visit_in *in, struct sweep_campaign *c,
	    struct household *h, int64_t *ret_at)
{
	char d[11];
	int rc;

	if ((rc = svc_sweep_get(s, in->campaign_id, c)))
		return rc;
	if (strcmp(c->status, "active") != 0)
		return fault_set(s->fault, ERR_CONFLICT, "id", "该排查活动已结束，不能再登记走访",
				 "the campaign is closed: no more visits");
	/* outside the worker's grid (or no such household): the same refusal, nothing learned */
	if (db_household_get(s->db, s->arena, in->household_id, h) != 0 || !svc_in_scope(s, h->area_code))
		return fault_set(s->fault, ERR_DENIED, "household_id",
				 "该户不在您的网格（辖区）内，不能登记走访",
				 "that household is not in your grid (area): you cannot record a visit there");
	if (!sweep_scope_has(c->scope, h->area_code))
		return fault_set(s->fault, ERR_INVALID, "household_id", "该户不在本次排查的范围内",
				 "that household is outside the campaign's scope");
	*ret_at = in->visited_at ? in->visited_at : clock_now();
	clock_local_date(*ret_at, d);
	if (strcmp(d, c->starts_on) < 0)
		return fault_set(s->fault, ERR_INVALID, "visited_at", "走访时间早于排查开始日期",
				 "visited_at is before the campaign starts");
	return 0;
}

/* Someone at the door who is not in the registry (a relative back for the holiday, a lodger):
 * added to the household in the visit's transaction, so nobody seen is left out (不漏一人).
 * Their faults are named inside the person: "persons[1].person.name". */
static int
newcomer_add(struct svc *s, const struct svc_visit_person *x, const struct household *h,
	     const char *prefix, struct person *ret)
{
	struct person_input in = x->person;
	int rc;

	if (x->person_id)
		return fault_setf(s->fault, ERR_INVALID, arena_printf(s->arena, "%s.person_id", prefix),
				  "请填写 person_id（在册人员）或 person（不在册的新人员），二者选一",
				  "give person_id (in the registry) or person (someone new), not both");
	if (x->person_not_object)
		return fault_setf(s->fault, ERR_INVALID, arena_printf(s->arena, "%s.person", prefix),
				  "person 应为人员对象（姓名、身份证号、电话……）",
				  "person must be an object of person fields (name, id_number, phone…)");
	if (!(s->perms & PERM_PERSON_WRITE))
		return fault_set(s->fault, ERR_DENIED, arena_printf(s->arena, "%s.person", prefix),
				 "您不能登记新人员", "you may not add people to the registry");
	if (x->person_unread) {
		*s->fault = *x->person_unread;
		return x->person_unread->code;
	}
	/* they live where they were found */
	in.household_id = h->id;
	in.leave_household = false;
	in.area_code = NULL;
	if ((rc = svc_person_create(s, &in, ret)))
		svc_field_in(s->fault, arena_printf(s->arena, "%s.person", prefix));
	return rc;
}

/* Person i seen at the door: someone of the household (or a newcomer added to it), listed once,
 * with their answers. */
static int
person_read(struct svc *s, const struct svc_visit_in *in, int i, const struct household *h,
	    const struct question *qs, int nq, const char *today, struct person *people,
	    struct person_answers *pa)
{
	const struct svc_visit_person *x = &in->persons[i];
	const char *prefix = arena_printf(s->arena, "persons[%d]", i);
	struct answer *ans;
	int64_t pid = x->person_id;
	int j, n, rc;

	if (x->arrived_on && strcmp(x->arrived_on, today) > 0)
		return fault_set(s->fault, ERR_INVALID, arena_printf(s->arena, "%s.arrived_on", prefix),
				 "抵达日期不能晚于今天", "arrived_on cannot be later than today");
	if (x->newcomer) {
		if ((rc = newcomer_add(s, x, h, prefix, &people[i])))
			return rc;
		pid = people[i].id;
	} else if (db_person_get(s->db, s->arena, pid, &people[i]) != 0 ||
		   people[i].household_id != h->id || people[i].merged_into)
		return fault_setf(s->fault, ERR_INVALID, arena_printf(s->arena, "%s.person_id", prefix),
				  "第 %d 人不是这一户的成员", "person %d is not a member of this household",
				  i + 1);
	for (j = 0; j < i; j++)
		if (people[j].id == pid)
			return fault_setf(s->fault, ERR_INVALID,
					  arena_printf(s->arena, "%s.person_id", prefix), "%s 重复登记了",
					  "%s is listed twice", people[i].name);
	if ((rc = read_answers(s, qs, nq, x->answers, x->nanswers, x->answers_not_object, true, true,
			       arena_printf(s->arena, "%s.answers", prefix), &ans, &n)))
		return rc;
	pa->person_id = pid;
	pa->name = people[i].name;
	pa->from_place = x->from_place;
	pa->arrived_on = x->arrived_on;
	pa->v = ans;
	pa->n = n;
	return 0;
}

/* The household's standing in this round, and the counters that follow from it. */
static int
count(struct svc *s, const struct sweep_campaign *c, const struct household *h,
      const struct sweep_visit *v, const struct person *people, int np)
{
	char *old = NULL;
	const char *status;
	int rc, k, first, fresh = 0;
	bool was, now_reached;
	int64_t dn;

	rc = db_sweep_household_status(s->db, s->arena, c->id, c->round, h->id, &old);
	if (rc == ERR_NOTFOUND) {
		old = NULL;
		rc = 0;
	}
	if (rc)
		return rc;
	status = strcmp(v->outcome, "reached") == 0 || (old && strcmp(old, "reached") == 0)
			 ? "reached"
			 : v->outcome;
	for (k = 0; k < np; k++) {
		if ((rc = db_sweep_person_seen(s->db, c->id, c->round, people[k].id, v->id, &first)))
			return rc;
		fresh += first;
	}
	was = old && strcmp(old, "reached") == 0;
	now_reached = strcmp(status, "reached") == 0;
	dn = (old && !was ? -1 : 0) + (now_reached ? 0 : 1);
	if ((rc = db_sweep_count_add(s->db, c->id, c->round, h->area_code, now_reached && !was, fresh,
				     dn, 1)))
		return rc;
	return db_sweep_household_put(s->db, c->id, c->round, h->id, h->area_code, status, v->id,
				      v->visited_at, now_reached ? NULL : v->revisit_on);
}

/* Home observation as found by the sweep, from the town's period; "already" when the person is
 * under observation. */
static int
to_monitor(struct svc *s, const struct sweep_visit *v, const struct person *p,
	   const struct person_answers *pa, const struct question *q, int64_t *ret_kp,
	   const char **ret_status)
{
	struct key_person k;
	struct monitor_settings set;
	int64_t existing;
	char today[11], end[11], code[SELF_CODE_SIZE];
	int rc;

	if (db_kp_active_of_person(s->db, p->id, &existing) == 0) {
		*ret_kp = existing;
		*ret_status = "already";
		return 0;
	}
	memset(&k, 0, sizeof(k));
	clock_local_date(v->visited_at, today);
	svc_monitor_settings(s, &set);
	k.reason = (char *)q->handoff_reason;
	k.reason_detail = (char *)q->text;
	k.from_place = (char *)(pa->from_place ? pa->from_place : "");
	k.arrived_on = (char *)(pa->arrived_on ? pa->arrived_on : arena_strdup(s->arena, today));
	k.found_by = "sweep";
	k.kind = "home";
	k.start_date = k.arrived_on;
	k.days = set.days_home;
	obs_end_date(k.start_date, k.days, end);
	k.end_date = end;
	if ((rc = svc_monitor_enrol(s, &k, p, code)) ||
	    (rc = svc_audit(s, "create", "key_person", k.id, k.area_code, p->name)))
		return rc;
	*ret_kp = k.id;
	*ret_status = "created";
	return 0;
}

/* A task for the village's secretary (else the town's administrator, else the visitor) about
 * q's answer: p's, or the household's when p is NULL. */
static int
to_task(struct svc *s, const struct sweep_visit *v, const struct household *h,
	const struct person *p, const struct question *q, int64_t *ret_task)
{
	struct svc_task_in in = {0};
	struct task t;
	char village[13], town[13];
	int64_t owner = 0;
	int rc;

	snprintf(village, sizeof(village), "%.12s", h->area_code);
	snprintf(town, sizeof(town), "%.9s000", h->area_code);
	if (db_user_find_staff(s->db, "secretary", village, &owner) != 0 &&
	    db_user_find_staff(s->db, "admin", town, &owner) != 0)
		owner = svc_user_id(s);
	in.title = arena_printf(s->arena, "排查发现：%s — %s", q->text, p ? p->name : h->address);
	in.description = arena_printf(s->arena, "%s %s，走访记录 #%lld（%s）", h->area_name,
				      h->address, (long long)v->id, svc_username(s));
	in.area_code = h->area_code;
	in.person_id = p ? p->id : 0;
	in.owner_id = owner;
	in.deadline = clock_now() + 86400;
	in.priority = "high";
	in.source = "sweep";
	in.source_id = v->id;
	if ((rc = svc_task_create(s, &in, &t)))
		return rc;
	*ret_task = t.id;
	return 0;
}

/* A risky answer to q, handed on and linked to the visit: registering needs monitor.write;
 * without it the risk goes to the secretary as a task. */
static int
handoff(struct svc *s, const struct sweep_visit *v, const struct household *h,
	const struct person *p, const struct person_answers *pa, const struct question *q)
{
	struct sweep_handoff x;
	const char *status = NULL;
	int rc;

	memset(&x, 0, sizeof(x));
	x.visit_id = v->id;
	x.person_id = p ? p->id : 0;
	x.question = (char *)q->key;
	if (p && strcmp(q->handoff_to, "monitor") == 0 && (s->perms & PERM_MONITOR_WRITE)) {
		x.kind = "monitor";
		rc = to_monitor(s, v, p, pa, q, &x.key_person_id, &status);
	} else {
		x.kind = "task";
		status = "created";
		rc = to_task(s, v, h, p, q, &x.task_id);
	}
	if (rc)
		return rc;
	x.status = (char *)status;
	return db_sweep_handoff_insert(s->db, &x);
}

int
svc_sweep_visit_record(struct svc *s, const struct svc_visit_in *in, struct sweep_visit *out)
{
	struct sweep_campaign c;
	struct sweep_visit v;
	struct household h;
	struct question *qs;
	struct answer *hh;
	struct person *people;
	struct person_answers *pa;
	int nq, nhh, np = in->npersons > 0 ? in->npersons : 0, i, j, rc;
	char today[11];
	bool reached;

	memset(&v, 0, sizeof(v));
	clock_local_date(clock_now(), today);
	if ((rc = visit_check(s, in, today)) || (rc = where_check(s, in, &c, &h, &v.visited_at)))
		return rc;
	reached = strcmp(in->outcome, "reached") == 0;
	if (questionnaire_decode(s->arena, c.questions, &qs, &nq))
		return ERR_INTERNAL;
	if ((rc = read_answers(s, qs, nq, in->answers, in->nanswers, in->answers_not_object, false,
			       reached, "answers", &hh, &nhh)))
		return rc;
	people = arena_alloc(s->arena, sizeof(*people) * (size_t)(np + 1));
	pa = arena_alloc(s->arena, sizeof(*pa) * (size_t)(np + 1));
	for (i = 0; i < np; i++)
		if ((rc = person_read(s, in, i, &h, qs, nq, today, people, &pa[i])))
			return rc;
	v.answers = answers_encode(s->arena, hh, nhh, pa, np);
	v.campaign_id = c.id;
	v.round = c.round;
	v.household_id = h.id;
	v.area_code = h.area_code;
	v.outcome = (char *)in->outcome;
	v.persons = np;
	v.note = (char *)in->note;
	v.revisit_on = reached ? NULL : (char *)in->revisit_on;
	v.user_id = svc_user_id(s);
	v.username = (char *)svc_username(s);
	if ((rc = db_sweep_visit_insert(s->db, &v)) || (rc = count(s, &c, &h, &v, people, np)))
		return rc;
	/* hand-offs: a risky answer goes to monitoring or to the secretary, linked to this visit */
	for (i = 0; i < nq; i++) {
		if (!qs[i].per_person) {
			if (question_triggers(&qs[i], answer_to(hh, nhh, qs[i].key)) &&
			    (rc = handoff(s, &v, &h, NULL, NULL, &qs[i])))
				return rc;
			continue;
		}
		for (j = 0; j < np; j++)
			if (question_triggers(&qs[i], answer_to(pa[j].v, pa[j].n, qs[i].key)) &&
			    (rc = handoff(s, &v, &h, &people[j], &pa[j], &qs[i])))
				return rc;
	}
	if ((rc = svc_audit(s, "create", "sweep_visit", v.id, h.area_code,
			    arena_printf(s->arena, "campaign %lld round %d: %s, %d seen",
					 (long long)c.id, c.round, in->outcome, np))))
		return rc;
	return db_sweep_visit_get(s->db, s->arena, v.id, out);
}
