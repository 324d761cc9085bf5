/* monitor_compat.c: the monitoring entry points that the screening, sweep and worklist modules
 * call with their old signatures, each a thin call of its operation in svc/svc_monitor.c. */
#include <string.h>

#include "monitor.h"

void
monitor_today(char ret[11])
{
	svc_monitor_today(ret);
}

void
monitor_settings(struct dbc *c, struct arena *a, struct monitor_settings *ret)
{
	struct svc s = {.db = c, .arena = a, .scope = ""};

	svc_monitor_settings(&s, ret);
}

int
monitor_sweep(struct req *r)
{
	struct svc s;

	return svc_monitor_sweep(api_svc(r, &s));
}

int
monitor_register(struct dbc *c, struct arena *a, struct key_person *k, const struct person *p,
		 int64_t user_id, const char *username, char code[SELF_CODE_SIZE], struct fault *f)
{
	struct user u = {.id = user_id, .username = (char *)username};
	struct svc s = {.db = c, .arena = a, .user = &u, .perms = ~0u, .scope = "", .ip = "local",
			.fault = f};

	return svc_monitor_enrol(&s, k, p, code);
}

int
monitor_record_check(struct req *r, struct key_person *k, struct check *ch, unsigned mask,
		     struct alert *ret_alert)
{
	struct svc s;

	return svc_monitor_record(api_svc(r, &s), k, ch, mask, ret_alert);
}
