/* monitor.h: what the monitoring handlers share (api_monitor.c, api_check.c, api_alert.c,
 * api_worklist.c): the answers' JSON, and the entry points other modules called before the
 * operations moved to svc/svc_monitor.h (monitor_compat.c). */
#ifndef FANGYI_API_MONITOR_H
#define FANGYI_API_MONITOR_H

#include "api.h"
#include "db_monitor.h"
#include "selfcode.h"
#include "svc_monitor.h"

/* monitor_settings is svc_monitor_settings on connection c. */
void monitor_settings(struct dbc *c, struct arena *a, struct monitor_settings *ret);

/* monitor_sweep is svc_monitor_sweep as the user of r. */
int monitor_sweep(struct req *r);

/* monitor_register is svc_monitor_enrol as user user_id (0 for the system), faults into f. */
int monitor_register(struct dbc *c, struct arena *a, struct key_person *k, const struct person *p,
		     int64_t user_id, const char *username, char code[SELF_CODE_SIZE], struct fault *f);

/* monitor_record_check is svc_monitor_record as the user of r. */
int monitor_record_check(struct req *r, struct key_person *k, struct check *ch, unsigned mask,
			 struct alert *ret_alert);

/* figures_json renders the monitoring figures (svc_worklist_figures) as FIGURES (docs/API.md),
 * figures_row_json one FIGROW; the caller owns the object. */
struct monitor_figures;
struct figures_row;
json_t *figures_json(const struct monitor_figures *f);
json_t *figures_row_json(const struct figures_row *w);

/* The answers: a key person as of today, a reading, an alert aged at now. */
json_t *kp_json(const struct key_person *k, const char *today);
json_t *check_json(const struct check *c);
json_t *alert_json(const struct alert *al, int64_t now);

/* The town-local date of now. */
void monitor_today(char ret[11]);

#endif
