/* screening_handoff.c: the monitoring steps of a screening's hand-off (handoff_monitor.h), over
 * the monitoring code that still lives with its handlers. */
#include "handoff_monitor.h"
#include "monitor.h"

int
handoff_days_home(struct svc *s)
{
	struct monitor_settings set;

	monitor_settings(s->db, s->arena, &set);
	return set.days_home;
}

int
handoff_enrol(struct svc *s, struct key_person *k, const struct person *p,
	      char code[SELF_CODE_SIZE])
{
	return monitor_register(s->db, s->arena, k, p, svc_user_id(s), svc_username(s), code,
				s->fault);
}

int
handoff_reading(struct svc *s, struct key_person *k, struct check *ch, struct alert *ret_alert)
{
	return monitor_record_reading(s, k, ch, 0, ret_alert);
}
