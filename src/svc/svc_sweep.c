/* svc_sweep.c: sweep campaigns: their scope and questionnaire checked, set up, changed, and their
 * rounds begun.  The visits are in svc_visit.c. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "role.h"
#include "svc_sweep.h"
#include "text.h"

static const char *const qkinds[] = {"yesno", "number", "choice", "text", NULL};
static const char *const kp_reasons[] = {"high_risk_area", "close_contact", "other", NULL};


bool
sweep_scope_has(const char *scope_csv, const char *code)
{
	const char *p = scope_csv;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n && strncmp(code, p, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

bool
sweep_overlaps(const char *scope_csv, const char *prefix)
{
	const char *p = scope_csv;
	size_t sl = strlen(prefix);

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (strncmp(p, prefix, n < sl ? n : sl) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

bool
svc_sweep_visible(const struct svc *s, const struct sweep_campaign *c)
{
	return sweep_overlaps(c->scope, s->scope);
}

int
svc_sweep_get(struct svc *s, int64_t id, struct sweep_campaign *out)
{
	int rc;

	if (id <= 0 || (rc = db_sweep_get(s->db, s->arena, id, out)) == ERR_NOTFOUND ||
	    (rc == 0 && !svc_sweep_visible(s, out)))
		return fault_set(s->fault, ERR_NOTFOUND, "id", "没有这个排查活动", "no such sweep campaign");
	return rc;
}

static bool
key_ok(const char *k)
{
	size_t n = k ? strlen(k) : 0;

	return n >= 1 && n <= 30 && strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* The choices of question i (1-based in messages): 2-10 texts of 1-30 characters. */
static int
read_choices(struct svc *s, const struct svc_question_in *in, size_t i, struct question *q)
{
	int k;

	if (in->nchoices < 2 || in->nchoices > 10)
		return fault_setf(s->fault, ERR_INVALID, "questions", "选择题 %zu 须有 2-10 个选项",
				  "choice question %zu needs 2 to 10 choices", i + 1);
	q->choices = arena_alloc(s->arena, sizeof(*q->choices) * (size_t)in->nchoices);
	for (k = 0; k < in->nchoices; k++) {
		const char *t = in->choices[k] ? text_normalize(s->arena, in->choices[k]) : NULL;

		if (t == NULL || *t == '\0' || text_utf8_len(t) > 30)
			return fault_setf(s->fault, ERR_INVALID, "questions",
					  "问题 %zu 的选项应为 1-30 字的文本",
					  "question %zu: each choice is 1-30 characters of text", i + 1);
		q->choices[k] = t;
	}
	q->nchoices = in->nchoices;
	return 0;
}

/* The hand-off of question i: to monitoring (asked per person) or to a task, from a yes/no or a
 * choice question, a choice question naming which of its choices hand off. */
static int
read_handoff(struct svc *s, const struct svc_question_in *in, size_t i, struct question *q)
{
	int k, m;

	if (!svc_one_of(in->handoff_to, (const char *const[]){"monitor", "task", NULL}) ||
	    (in->handoff_reason && !svc_one_of(in->handoff_reason, kp_reasons)))
		return fault_setf(s->fault, ERR_INVALID, "questions",
				  "问题 %zu 的 handoff 应为 {\"to\":\"monitor\"|\"task\",\"reason\"?,\"on\"?}",
				  "question %zu: handoff is {\"to\":\"monitor\"|\"task\",\"reason\"?,\"on\"?}",
				  i + 1);
	if (strcmp(q->kind, "yesno") && strcmp(q->kind, "choice"))
		return fault_setf(s->fault, ERR_INVALID, "questions", "只有是非题和选择题能转交（问题 %zu）",
				  "only yes/no and choice questions hand off (question %zu)", i + 1);
	if (strcmp(in->handoff_to, "monitor") == 0 && in->per_person != 1)
		return fault_setf(s->fault, ERR_INVALID, "questions",
				  "转入重点人员监测的问题须逐人回答（问题 %zu）",
				  "a question that hands off to monitoring is asked per person (question %zu)",
				  i + 1);
	q->handoff_to = in->handoff_to;
	q->handoff_reason = in->handoff_reason ? in->handoff_reason : "high_risk_area";
	if (strcmp(q->kind, "choice") != 0)
		return 0;
	if (in->non < 1)
		return fault_setf(s->fault, ERR_INVALID, "questions",
				  "选择题 %zu 须在 handoff.on 中列出需转交的选项",
				  "choice question %zu lists the choices that hand off in handoff.on", i + 1);
	for (k = 0; k < in->non; k++) {
		for (m = 0; m < q->nchoices; m++)
			if (in->on && in->on[k] && strcmp(in->on[k], q->choices[m]) == 0)
				break;
		if (m == q->nchoices)
			return fault_setf(s->fault, ERR_INVALID, "questions",
					  "问题 %zu 的 handoff.on 只能列出它的选项",
					  "question %zu: handoff.on lists only its own choices", i + 1);
	}
	q->on = in->on;
	q->non = in->non;
	return 0;
}

/* The questionnaire: 1-30 questions with distinct keys, in its stored form into *ret. */
static int
read_questions(struct svc *s, const struct svc_question_in *in, int n, char **ret)
{
	struct question *v;
	int i, j, rc;

	if (n < 1 || n > SWEEP_MAX_QUESTIONS || in == NULL)
		return fault_set(s->fault, ERR_INVALID, "questions", "问卷须有 1-30 个问题",
				 "the questionnaire has 1 to 30 questions");
	v = arena_alloc(s->arena, sizeof(*v) * (size_t)n);
	for (i = 0; i < n; i++) {
		const struct svc_question_in *x = &in[i];
		struct question *q = &v[i];

		if (!key_ok(x->key))
			return fault_setf(s->fault, ERR_INVALID, "questions",
					  "问题 %d 的 key 应为 1-30 个小写字母、数字或 _",
					  "question %d: key is 1-30 lowercase letters, digits or _", i + 1);
		for (j = 0; j < i; j++)
			if (strcmp(v[j].key, x->key) == 0)
				return fault_setf(s->fault, ERR_INVALID, "questions", "问题的 key “%s”重复了",
						  "the question key \"%s\" is used twice", x->key);
		if (x->text == NULL || *x->text == '\0')
			return fault_setf(s->fault, ERR_INVALID, "questions", "问题 %d 缺少文字",
					  "question %d has no text", i + 1);
		if (!svc_one_of(x->kind, qkinds))
			return fault_setf(s->fault, ERR_INVALID, "questions",
					  "问题 %d 的类型应为 yesno、number、choice 或 text",
					  "question %d: kind must be yesno, number, choice or text", i + 1);
		q->key = x->key;
		q->text = x->text;
		q->kind = x->kind;
		q->per_person = x->per_person == 1;
		q->required = x->required == 1;
		if (strcmp(x->kind, "choice") == 0) {
			if ((rc = read_choices(s, x, (size_t)i, q)))
				return rc;
		} else if (x->choices_given)
			return fault_setf(s->fault, ERR_INVALID, "questions", "只有选择题有选项（问题 %d）",
					  "only a choice question has choices (question %d)", i + 1);
		if (x->handoff_given && (rc = read_handoff(s, x, (size_t)i, q)))
			return rc;
	}
	*ret = questionnaire_encode(s->arena, v, n);
	return 0;
}

/* The campaign's area codes, each in the actor's area, none inside another: comma-separated,
 * a town or village by its prefix, into *ret. */
static int
read_scope(struct svc *s, const char **in, int n, char **ret)
{
	struct buf b = {0};
	const char *codes[SWEEP_MAX_SCOPE];
	int i, j;

	if (n < 1 || n > SWEEP_MAX_SCOPE || in == NULL)
		return fault_set(s->fault, ERR_INVALID, "scope", "范围须列出 1-50 个区域（镇、村或网格）",
				 "scope lists 1 to 50 areas (the town, villages or grids)");
	for (i = 0; i < n; i++) {
		struct area ar;

		if (in[i] == NULL || db_area_get_by_code(s->db, s->arena, in[i], &ar) != 0 ||
		    !svc_in_scope(s, ar.code) || ar.level < AREA_TOWN) {
			buf_free(&b);
			return fault_setf(s->fault, ERR_INVALID, "scope", "第 %d 个区域不存在或不在您的辖区内",
					  "area %d of the scope does not exist or is outside your area", i + 1);
		}
		/* a town or village code stands for its subtree: its prefix */
		codes[i] = arena_strndup(s->arena, ar.code, (size_t)area_scope_len(ar.level));
		for (j = 0; j < i; j++)
			if (strncmp(codes[i], codes[j], strlen(codes[j])) == 0 ||
			    strncmp(codes[j], codes[i], strlen(codes[i])) == 0) {
				buf_free(&b);
				return fault_setf(s->fault, ERR_INVALID, "scope", "范围中的区域 %d 与区域 %d 重叠",
						  "areas %d and %d of the scope overlap", j + 1, i + 1);
			}
		if (i)
			buf_addc(&b, ',');
		buf_adds(&b, codes[i]);
	}
	*ret = arena_strndup(s->arena, b.p, b.len);
	buf_free(&b);
	return 0;
}

static int
period_check(struct svc *s, const char *starts, const char *ends)
{
	int y, m, d;

	if (clock_parse_date(starts, &y, &m, &d))
		return fault_set(s->fault, ERR_INVALID, "starts_on", "starts_on 应为 YYYY-MM-DD 格式的日期",
				 "starts_on must be a YYYY-MM-DD date");
	if (clock_parse_date(ends, &y, &m, &d))
		return fault_set(s->fault, ERR_INVALID, "ends_on", "ends_on 应为 YYYY-MM-DD 格式的日期",
				 "ends_on must be a YYYY-MM-DD date");
	if (strcmp(starts, ends) > 0)
		return fault_set(s->fault, ERR_INVALID, "ends_on", "结束日期不能早于开始日期",
				 "ends_on cannot be before starts_on");
	return 0;
}

int
svc_sweep_create(struct svc *s, const struct svc_sweep_fields *in, struct sweep_campaign *out)
{
	struct sweep_campaign c;
	int rc;

	memset(&c, 0, sizeof(c));
	if (in->name == NULL || *in->name == '\0')
		return fault_set(s->fault, ERR_INVALID, "name", "缺少必填字段 name", "the field name is required");
	if ((rc = read_scope(s, in->scope, in->scope_given ? in->nscope : 0, &c.scope)) ||
	    (rc = read_questions(s, in->questions, in->questions_given ? in->nquestions : 0,
				 &c.questions)) ||
	    (rc = period_check(s, in->starts_on, in->ends_on)))
		return rc;
	c.name = (char *)in->name;
	c.starts_on = (char *)in->starts_on;
	c.ends_on = (char *)in->ends_on;
	c.created_by = svc_user_id(s);
	if ((rc = db_sweep_insert(s->db, &c)) ||
	    (rc = db_sweep_round_insert(s->db, c.id, 1, c.starts_on, c.ends_on)) ||
	    (rc = svc_audit(s, "create", "sweep", c.id, s->scope, c.name)))
		return rc;
	return db_sweep_get(s->db, s->arena, c.id, out);
}

int
svc_sweep_update(struct svc *s, int64_t id, const struct svc_sweep_fields *in,
		 struct sweep_campaign *out)
{
	struct sweep_campaign c;
	int rc;

	if (in->status && strcmp(in->status, "active") && strcmp(in->status, "closed"))
		return fault_set(s->fault, ERR_INVALID, "status", "status 应为 active 或 closed",
				 "status must be active or closed");
	if ((rc = svc_sweep_get(s, id, &c)))
		return rc;
	if (in->name)
		c.name = (char *)in->name;
	if (in->starts_on)
		c.starts_on = (char *)in->starts_on;
	if (in->ends_on)
		c.ends_on = (char *)in->ends_on;
	if (in->status)
		c.status = (char *)in->status;
	if ((in->scope_given && (rc = read_scope(s, in->scope, in->nscope, &c.scope))) ||
	    (in->questions_given &&
	     (rc = read_questions(s, in->questions, in->nquestions, &c.questions))) ||
	    (rc = period_check(s, c.starts_on, c.ends_on)))
		return rc;
	if ((rc = db_sweep_update(s->db, &c)) ||
	    (rc = svc_audit(s, "update", "sweep", c.id, s->scope, c.status)))
		return rc;
	*out = c;
	return 0;
}

int
svc_sweep_round(struct svc *s, int64_t id, const char *starts_on, const char *ends_on,
		struct sweep_campaign *out)
{
	struct sweep_campaign c;
	char today[11];
	int rc;

	clock_local_date(clock_now(), today);
	if ((rc = svc_sweep_get(s, id, &c)))
		return rc;
	c.starts_on = (char *)(starts_on ? starts_on : arena_strdup(s->arena, today));
	if (ends_on)
		c.ends_on = (char *)ends_on;
	if (strcmp(c.starts_on, c.ends_on) > 0)
		c.ends_on = c.starts_on;
	c.round++;
	c.status = "active";
	if ((rc = db_sweep_round_insert(s->db, c.id, c.round, c.starts_on, c.ends_on)) ||
	    (rc = db_sweep_update(s->db, &c)) ||
	    (rc = svc_audit(s, "update", "sweep", c.id, s->scope,
			    arena_printf(s->arena, "round %d", c.round))))
		return rc;
	*out = c;
	return 0;
}

/* The part of the campaign's scope a list runs over: the area when it lies inside the campaign,
 * or the one campaign area inside it. */
static int
list_scope(struct svc *s, const struct sweep_campaign *c, const char *area, const char **ret)
{
	const char *p = c->scope, *found = NULL;
	int n = 0;

	if (sweep_scope_has(c->scope, area)) {
		*ret = area;
		return 0;
	}
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (strncmp(p, area, strlen(area)) == 0 && len >= strlen(area)) {
			found = arena_strndup(s->arena, p, len);
			n++;
		}
		p = e ? e + 1 : NULL;
	}
	if (n != 1)
		return fault_set(s->fault, ERR_INVALID, "area", "请选择排查范围内的一个村或网格",
				 "choose one village or grid inside the campaign's scope");
	*ret = found;
	return 0;
}

int
svc_sweep_pending(struct svc *s, const struct sweep_campaign *c, const char *area, int round,
		  int limit, int offset, struct svc_pending_out *out)
{
	const char *scope = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = list_scope(s, c, area, &scope)))
		return rc;
	return db_sweep_pending(s->db, s->arena, c->id, round, scope, limit, offset, &out->v, &out->n,
				&out->total);
}
