/* monitor.h: what the monitoring handlers share (api_monitor.c, api_check.c, api_alert.c,
 * api_worklist.c): the answers' JSON.  The operations are svc/svc_monitor.h's. */
#ifndef FANGYI_API_MONITOR_H
#define FANGYI_API_MONITOR_H

#include "api.h"
#include "db_monitor.h"
#include "selfcode.h"
#include "svc_monitor.h"

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

#endif
