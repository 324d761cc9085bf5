/* command.h: what the command-post handlers share (api_tip.c, api_task.c, api_report.c). */
#ifndef FANGYI_API_COMMAND_H
#define FANGYI_API_COMMAND_H

#include "api.h"
#include "db_command.h"
#include "svc_task.h"

/* task_post_only and task_hidden: svc_task_post_only and svc_task_hidden (svc_task.h) for the
 * user of r. */
bool task_post_only(const struct req *r);
bool task_hidden(struct req *r, const struct task *t);
json_t *task_json(const struct task *t, int64_t now);

/* task_read_in reads the task form (TASKIN), the body or an object o inside it, into in: 0 or
 * ERR_INVALID naming the field.  svc_task_create checks what it says. */
int task_read_in(struct req *r, json_t *o, struct svc_task_in *in);

/* report_daily builds the daily dispatch report of r->scope for a local date
 * (JSON, see docs/API.md REPORT); lists are left empty when aggregate_only.
 * The caller owns the returned object. */
int report_daily(struct req *r, const char *date, bool aggregate_only, json_t **ret);
/* report_html / report_xlsx render it; the bytes are in a. */
int report_html(struct arena *a, json_t *rep, char **ret, size_t *ret_len);
int report_xlsx(struct arena *a, json_t *rep, char **ret, size_t *ret_len, struct fault *f);
/* report_mark puts an export's watermark into rep ("watermark"), for report_html and
 * report_xlsx to print on every page and sheet. */
void report_mark(json_t *rep, const struct export_mark *m);

/* report_tasks_by_owner: per owner whose area lies in r->scope, the tasks open at de (the end
 * of the local day [ds, de), read from the task events, never as of now for a past day), of
 * those overdue then, and those opened, done and verified in the day with the median hours
 * from assignment to done; owners with nothing to count are left out. The caller owns the
 * array (docs/API.md OWNERROW). */
int report_tasks_by_owner(struct req *r, int64_t ds, int64_t de, json_t **ret);
struct buf;
/* report_owner_html / _xlsx add the tasks section's table by owner (按责任人) and the sheet
 * 分责任人 (an lxw_workbook and its bold lxw_format) from the report rep. */
void report_owner_html(struct buf *b, json_t *rep);
void report_owner_xlsx(void *workbook, void *head, json_t *rep);

#endif
