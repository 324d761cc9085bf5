/* svc_gathering.c: gatherings registered, and their outcome after the grid worker's visit. */
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "role.h"
#include "svc_gathering.h"

static const char *const kinds[] = {"wedding", "funeral", "birthday", "temple_fair", "other", NULL};
static const char *const outcomes[] = {"cancelled", "postponed", "simplified", "held", NULL};


bool
svc_gathering_outcome_ok(const char *outcome)
{
	return svc_one_of(outcome, outcomes);
}

int
svc_gathering_get(struct svc *s, int64_t id, struct gathering *out)
{
	int rc;

	if (id <= 0 || (rc = db_gathering_get(s->db, s->arena, id, out)) == ERR_NOTFOUND ||
	    (rc == 0 && !svc_in_scope(s, out->area_code)))
		return fault_set(s->fault, ERR_NOTFOUND, "id", "没有这项聚集性活动", "no such gathering");
	return rc;
}

int
svc_gathering_register(struct svc *s, const struct svc_gathering_in *in, struct gathering *out)
{
	struct gathering g;
	struct person p;
	int rc;

	if (!svc_one_of(in->kind, kinds))
		return fault_set(s->fault, ERR_INVALID, "kind",
				 "kind 应为 wedding（婚礼）、funeral（丧事）、birthday（寿宴）、temple_fair（庙会）或 other",
				 "kind must be wedding, funeral, birthday, temple_fair or other");
	if (db_person_get(s->db, s->arena, in->host_person_id, &p) != 0 || p.merged_into ||
	    !svc_in_scope(s, p.area_code))
		return fault_set(s->fault, ERR_INVALID, "host_person_id", "主家不存在或不在您的辖区内",
				 "no such host in your area");
	memset(&g, 0, sizeof(g));
	g.kind = (char *)in->kind;
	g.host_person_id = in->host_person_id;
	g.planned_on = (char *)in->planned_on;
	g.place = (char *)in->place;
	g.expected_guests = in->expected_guests;
	g.note = (char *)in->note;
	g.area_code = p.area_code;
	g.created_by = svc_user_id(s);
	if ((rc = db_gathering_insert(s->db, &g)) ||
	    (rc = svc_audit(s, "create", "gathering", g.id, g.area_code,
			    arena_printf(s->arena, "%s %s %s", g.kind, p.name, g.planned_on))))
		return rc;
	return db_gathering_get(s->db, s->arena, g.id, out);
}

/* What each outcome needs: a later date for a postponement, the guests of a simplified one, why
 * and who approved for one held as planned. */
static int
outcome_check(struct svc *s, const struct svc_outcome_in *in, const struct gathering *g)
{
	if (strcmp(in->outcome, "postponed") == 0) {
		if (in->postponed_to == NULL)
			return fault_set(s->fault, ERR_INVALID, "postponed_to", "延期须填写延至哪一天",
					 "a postponement names the new date (postponed_to)");
		if (strcmp(in->postponed_to, g->planned_on) <= 0)
			return fault_set(s->fault, ERR_INVALID, "postponed_to", "延期后的日期应晚于原定日期",
					 "postponed_to must be after the planned date");
	} else if (in->postponed_to)
		return fault_set(s->fault, ERR_INVALID, "postponed_to", "只有延期才填写延期日期",
				 "only a postponement has postponed_to");
	if (strcmp(in->outcome, "simplified") == 0 && in->guests < 0)
		return fault_set(s->fault, ERR_INVALID, "guests", "从简办理须填写实际到场人数（仅限家属）",
				 "a simplified gathering records how many came (family only)");
	if (strcmp(in->outcome, "held") == 0 && (in->held_reason == NULL || *in->held_reason == '\0'))
		return fault_set(s->fault, ERR_INVALID, "held_reason", "照常举办须说明原因",
				 "a gathering held as planned says why");
	if (strcmp(in->outcome, "held") == 0 && (in->approved_by == NULL || *in->approved_by == '\0'))
		return fault_set(s->fault, ERR_INVALID, "approved_by", "照常举办须写明批准人",
				 "a gathering held as planned names who approved it");
	return 0;
}

int
svc_gathering_outcome(struct svc *s, int64_t id, const struct svc_outcome_in *in,
		      struct gathering *out)
{
	struct gathering g;
	int64_t now = clock_now();
	bool held;
	int rc;

	if (!svc_one_of(in->outcome, outcomes))
		return fault_set(s->fault, ERR_INVALID, "outcome",
				 "outcome 应为 cancelled（取消）、postponed（延期）、simplified（从简）或 held（照常举办）",
				 "outcome must be cancelled, postponed, simplified or held");
	if ((rc = svc_gathering_get(s, id, &g)) || (rc = outcome_check(s, in, &g)))
		return rc;
	held = strcmp(in->outcome, "held") == 0;
	g.outcome = (char *)in->outcome;
	g.postponed_to = (char *)in->postponed_to;
	g.guests = in->guests;
	g.held_reason = (char *)(held ? in->held_reason : "");
	g.approved_by = (char *)(held ? in->approved_by : "");
	g.persuaded_by = (char *)in->persuaded_by;
	g.persuaded_at = in->persuaded_at ? in->persuaded_at : now;
	g.outcome_note = (char *)in->note;
	g.outcome_at = now;
	g.outcome_user_id = svc_user_id(s);
	if ((rc = db_gathering_set_outcome(s->db, &g)) ||
	    (rc = svc_audit(s, "update", "gathering", g.id, g.area_code,
			    arena_printf(s->arena, "outcome %s, persuaded by %s", in->outcome,
					 in->persuaded_by))))
		return rc;
	return db_gathering_get(s->db, s->arena, g.id, out);
}
