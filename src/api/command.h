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
/* task_get_json: task id with its events, as GET /tasks/{id} answers the user, into *ret (owned
 * by the caller); ERR_NOTFOUND for a task the user may not see, as for none. */
int task_get_json(struct req *r, int64_t id, json_t **ret);

/* task_read_in reads the task form (TASKIN), the body or an object o inside it, into in: 0 or
 * ERR_INVALID naming the field.  svc_task_create checks what it says. */
int task_read_in(struct req *r, json_t *o, struct svc_task_in *in);

/* report_json renders the daily dispatch report (svc_report_daily) as REPORT (docs/API.md): the
 * same document for the API, the command line and the printable and workbook renderers below.
 * The caller owns it; NULL when it cannot be built. */
struct daily_report;
json_t *report_json(const struct daily_report *d);
/* report_html / report_xlsx render it; the bytes are in a. */
int report_html(struct arena *a, json_t *rep, char **ret, size_t *ret_len);
int report_xlsx(struct arena *a, json_t *rep, char **ret, size_t *ret_len, struct fault *f);
/* report_mark puts an export's watermark into rep ("watermark"), for report_html and
 * report_xlsx to print on every page and sheet. */
void report_mark(json_t *rep, const struct export_mark *m);

/* report_owners_json renders the tasks by owner (svc_report_owners) as OWNERROW rows; the caller
 * owns the array. */
struct report_owner;
json_t *report_owners_json(const struct report_owner *v, int n);
struct buf;
/* report_owner_html / _xlsx add the tasks section's table by owner (按责任人) and the sheet
 * 分责任人 (an lxw_workbook and its bold lxw_format) from the report rep. */
void report_owner_html(struct buf *b, json_t *rep);
void report_owner_xlsx(void *workbook, void *head, json_t *rep);

#endif
