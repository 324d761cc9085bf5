/* svc_list_act.c: what a clerk does with a list's rows after the match: a not-found row sent to
 * a village as a search task (查找任务), one row or all of them, and a decision undone. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_command.h"
#include "db_registry.h"
#include "mask.h"
#include "role.h"
#include "svc_list_internal.h"
#include "svc_task.h"
#include "text.h"

/* A door-to-door search takes longer than a visit to a known address: two days unless asked. */
#define SEARCH_DEADLINE (48 * 3600)
/* Rows one bulk call turns into tasks: the dispatch meeting's list is a few hundred; a larger
 * one is sent in several calls, each in a transaction of bounded size. */
#define SEARCH_MAX 2000
#define ROWS_PAGE 500

/* ----- the village a row names ----- */

/* The villages and grids of the list's area that the actor may send a task to. */
struct places {
	struct area *v;
	int n;
};

static int
places_read(struct svc *s, const struct list_batch *b, struct places *p)
{
	struct area *all;
	int n, i, rc;

	if ((rc = db_area_list(s->db, s->arena, b->scope, &all, &n)))
		return rc;
	p->v = arena_alloc(s->arena, sizeof(*p->v) * (size_t)(n ? n : 1));
	p->n = 0;
	for (i = 0; i < n; i++)
		if (all[i].level >= 3 && strncmp(all[i].code, b->scope, strlen(b->scope)) == 0 &&
		    svc_in_scope(s, all[i].code))
			p->v[p->n++] = all[i];
	return 0;
}

static const struct area *
place_by_code(const struct places *p, const char *code)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].code, code) == 0)
			return &p->v[i];
	return NULL;
}

/* place_by_name: the one village named name ("云龙村"), or the one grid named by its village's
 * name and its own ("云龙村1组"); NULL for none, or for a name two places share. */
static const struct area *
place_by_name(struct arena *a, const struct places *p, const char *name)
{
	const struct area *hit = NULL;
	int i, n = 0;

	for (i = 0; i < p->n; i++) {
		const struct area *x = &p->v[i], *up;
		bool same = false;

		if (x->level == 3)
			same = strcmp(x->name, name) == 0;
		else if ((up = place_by_code(p, x->parent_code ? x->parent_code : "")) != NULL)
			same = strcmp(arena_printf(a, "%s%s", up->name, x->name), name) == 0;
		if (same) {
			hit = x;
			n++;
		}
	}
	return n == 1 ? hit : NULL;
}

/* row_place: the village or grid a row names in one of its cells, by its area code (12 or 15
 * digits) or by its name; NULL when no cell names one.  The list's columns are not kept with
 * it, so the cells are read as they came: an ID number or a phone is never an area's code, and
 * a traveller's place of origin is never a village of the town. */
static const struct area *
row_place(struct arena *a, const struct places *p, const char *cells)
{
	const char *c = cells ? cells : "";

	while (*c) {
		const char *tab = strchr(c, '\t');
		char *cell = arena_strndup(a, c, tab ? (size_t)(tab - c) : strlen(c));
		char *code = text_squeeze(a, cell), *name = text_normalize(a, cell);
		size_t n = strlen(code);
		const struct area *x = NULL;

		if ((n == 12 || n == 15) && strspn(code, "0123456789") == n)
			x = place_by_code(p, code);
		else if (*name)
			x = place_by_name(a, p, name);
		if (x)
			return x;
		if (tab == NULL)
			break;
		c = tab + 1;
	}
	return NULL;
}

/* ----- search tasks ----- */

/* search_check validates what the clerk asked for, once for one row or a whole list: the area
 * (a village or grid of the list's area and the actor's, or NULL for each row's own), the
 * owner and the deadline. */
static int
search_check(struct svc *s, const struct list_batch *b, const struct places *p,
	     const struct svc_list_search_in *in, const struct area **area, int64_t *deadline)
{
	int64_t now = clock_now();

	*area = NULL;
	if (!(s->perms & PERM_TASK_ASSIGN))
		return fault_set(s->fault, ERR_DENIED, "area_code", "您的角色不能派发任务",
				 "your role cannot assign tasks");
	if (in->area_code && *in->area_code) {
		const char *code = text_squeeze(s->arena, in->area_code);
		struct area ar;

		if (db_area_get_by_code(s->db, s->arena, code, &ar) != 0)
			return fault_set(s->fault, ERR_INVALID, "area_code", "没有这个区划代码",
					 "no area has this code");
		if (ar.level < 3)
			return fault_set(s->fault, ERR_INVALID, "area_code",
					 "查找任务须派到村/社区或网格", "a search task goes to a village or a grid");
		if ((*area = place_by_code(p, ar.code)) == NULL)
			return fault_set(s->fault, ERR_INVALID, "area_code",
					 "这个村/网格不在您的辖区或名单的范围内",
					 "that village or grid is outside your area or the list's");
	}
	if (in->deadline && in->deadline <= now)
		return fault_set(s->fault, ERR_INVALID, "deadline", "期限须在现在之后",
				 "the deadline must be later than now");
	*deadline = in->deadline ? in->deadline : now + SEARCH_DEADLINE;
	(void)b;
	return 0;
}

/* search_open opens the search task of not_found row r of list b in area ar and links the row
 * to it. */
static int
search_open(struct svc *s, const struct list_batch *b, struct list_row *r, const struct area *ar,
	    int64_t owner, int64_t deadline)
{
	struct svc_task_in t = {0};
	char idm[32] = "", phm[32] = "";
	int64_t id;
	int rc;

	/* nobody in the area: the clerk who sends it holds it until it is given to someone */
	if (owner == 0 && (owner = svc_list_owner(s, ar->code)) == 0 &&
	    (owner = svc_user_id(s)) == 0)
		return fault_setf(s->fault, ERR_INVALID, "owner_id",
				  "%s没有网格员、书记或管理员可接任务，请指定负责人",
				  "nobody (grid worker, secretary or administrator) can take a task in %s: "
				  "name the owner",
				  ar->name);
	/* the task carries the row's numbers masked, as every page does: the worker asks for the
	 * person by name at the door, and the clerk's reveal stays the only way to the numbers */
	if (r->id_number && *r->id_number)
		mask_idnum(r->id_number, idm);
	if (r->phone && *r->phone)
		mask_phone(r->phone, phm);
	t.title = arena_printf(s->arena, "查找名单人员：%s",
			       *r->name ? r->name : arena_printf(s->arena, "第 %d 行", r->line));
	t.description = arena_printf(
	    s->arena, "%s，本辖区查无此人。身份证 %s，手机 %s%s%s%s%s。请入户查找此人，找到后登记并核实行程与健康状况。",
	    svc_list_words(s, b, r), *idm ? idm : "无", *phm ? phm : "无",
	    r->origin && *r->origin ? "，来自 " : "", r->origin ? r->origin : "",
	    r->arrived_on && *r->arrived_on ? "，抵达 " : "", r->arrived_on ? r->arrived_on : "");
	t.area_code = ar->code;
	t.owner_id = owner;
	t.deadline = deadline;
	t.priority = "high";
	t.source = "big_data";
	t.source_id = b->id;
	if ((rc = svc_task_open(s, &t, &id)))
		return rc;
	r->task_id = id;
	if ((rc = db_list_row_decide(s->db, r)))
		return rc;
	return svc_audit(s, "search_task", "list_row", r->id, ar->code,
			 arena_printf(s->arena, "%s 第 %d 行 → 任务 #%lld（%s）", b->name, r->line,
				      (long long)id, ar->name));
}

int
svc_list_search_task(struct svc *s, int64_t id, int64_t row_id,
		     const struct svc_list_search_in *in, struct list_row *ret, bool *existing)
{
	const struct area *ar;
	struct list_batch b;
	struct places p;
	struct list_row r;
	int64_t deadline;
	int rc;

	*existing = false;
	if ((rc = svc_list_row(s, id, row_id, &r)))
		return rc;
	if ((rc = db_list_get(s->db, s->arena, id, &b)) || (rc = places_read(s, &b, &p)) ||
	    (rc = search_check(s, &b, &p, in, &ar, &deadline)))
		return rc;
	if (strcmp(r.cls, "not_found") != 0)
		return fault_setf(s->fault, ERR_CONFLICT, "class",
				  "只有“本辖区查无此人”的行才能派查找任务（这一行是 %s）",
				  "only a row not found in the registry is sent out to be searched for (this "
				  "one is %s)",
				  r.cls);
	if (r.task_id) {
		/* asked again: the task it already led to */
		*existing = true;
		*ret = r;
		return 0;
	}
	if (ar == NULL && (ar = row_place(s->arena, &p, r.cells)) == NULL)
		return fault_set(s->fault, ERR_INVALID, "area_code",
				 "这一行没有写明本辖区的村/社区或网格，请选择派往哪里",
				 "this row names no village or grid of the area: choose where to send it");
	if ((rc = search_open(s, &b, &r, ar, in->owner_id, deadline)))
		return rc;
	return svc_list_row(s, id, row_id, ret);
}

int
svc_list_search_tasks(struct svc *s, int64_t id, const struct svc_list_search_in *in,
		      struct svc_list_search_all *ret)
{
	const struct area *to;
	struct list_batch b;
	struct list_area_n *ar;
	struct places p;
	int64_t deadline;
	int nar, after = 0, n, i, rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = svc_list_get(s, id, &b, &ar, &nar)) || (rc = places_read(s, &b, &p)) ||
	    (rc = search_check(s, &b, &p, in, &to, &deadline)))
		return rc;
	do {
		struct list_row *v;

		if ((rc = db_list_rows(s->db, s->arena, id, s->scope, "not_found", "", after, ROWS_PAGE,
				       &v, &n)))
			return rc;
		for (i = 0; i < n; i++) {
			const struct area *x;

			ret->rows++;
			if (v[i].task_id) {
				ret->existing++;
				continue;
			}
			if ((x = to ? to : row_place(s->arena, &p, v[i].cells)) == NULL) {
				ret->no_place++;
				continue;
			}
			if (ret->tasks == SEARCH_MAX) {
				ret->left++;
				continue;
			}
			if ((rc = search_open(s, &b, &v[i], x, in->owner_id, deadline)))
				return rc;
			ret->tasks++;
		}
		after = n ? v[n - 1].line : after;
	} while (n == ROWS_PAGE);
	return svc_audit(s, "search_tasks", "list", b.id, b.area_code,
			 arena_printf(s->arena, "%s：%lld 个查找任务%s%s", b.name, (long long)ret->tasks,
				      to ? "，派往 " : "", to ? to->name : ""));
}

/* ----- undo ----- */

int
svc_list_undo(struct svc *s, int64_t id, int64_t row_id, const char *reason,
	      struct list_row *ret, struct svc_list_undone *was)
{
	struct list_batch b, delta = {0};
	struct list_row r;
	const char *why = reason ? text_normalize(s->arena, reason) : NULL, *old_area, *comma;
	int rc, old;

	memset(was, 0, sizeof(*was));
	if ((rc = svc_list_row(s, id, row_id, &r)))
		return rc;
	if (!(s->perms & PERM_PERSON_WRITE))
		return fault_set(s->fault, ERR_DENIED, "reason", "您的角色不能核实名单",
				 "your role cannot decide a list's rows");
	if (why == NULL || *why == '\0' || text_utf8_len(why) > 500)
		return fault_set(s->fault, ERR_INVALID, "reason", "请写明撤销的原因（最多 500 字）",
				 "say why the decision is undone (at most 500 characters)");
	if (r.decision == NULL || *r.decision == '\0')
		return fault_setf(s->fault, ERR_CONFLICT, "class",
				  "这一行没有经人工核实（现为 %s），没有可撤销的决定",
				  "this row was not decided by a clerk (it is %s): there is nothing to undo",
				  r.cls);
	if ((rc = db_list_get(s->db, s->arena, id, &b)))
		return rc;
	was->cls = r.cls;
	was->decision = r.decision;
	was->task_id = r.task_id;
	was->key_person_id = r.key_person_id;
	old = svc_list_class_index(r.cls);
	old_area = svc_list_count_area(s->arena, &r, &b);
	/* back as the match left it: possible, for the reason of its first candidate, in the
	 * list's own area; the cells and candidates were never touched */
	comma = r.candidates ? strchr(r.candidates, ':') : NULL;
	r.reason = comma ? arena_strndup(s->arena, comma + 1, strcspn(comma + 1, ",")) : "";
	r.cls = "possible";
	r.area_code = b.area_code;
	r.person_id = r.key_person_id = r.task_id = 0;
	r.decision = "";
	r.decided_by = r.decided_at = 0;
	if (old >= 0)
		delta.n[old]--;
	delta.n[MATCH_POSSIBLE]++;
	if ((rc = db_list_row_decide(s->db, &r)) || (rc = db_list_add(s->db, id, &delta)) ||
	    (rc = db_list_area_add(s->db, id, old_area, was->cls, -1)) ||
	    (rc = db_list_area_add(s->db, id, b.area_code, "possible", 1)) ||
	    (rc = svc_audit(s, "undo", "list_row", r.id, old_area,
			    arena_printf(s->arena, "%s 第 %d 行：撤销%s（%s）", b.name, r.line,
					 strcmp(was->decision, "confirmed") == 0 ? "确认" : "排除", why))))
		return rc;
	/* read back whatever the scope: a village's clerk who undid a confirmation sees the row
	 * go back to the list's own area, out of her view, but the answer is hers */
	return db_list_row_get(s->db, s->arena, row_id, ret);
}
