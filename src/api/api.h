/* api.h: the handlers of /api/v1 and what they share. */
#ifndef FANGYI_API_H
#define FANGYI_API_H

#include "http.h"
#include "svc.h"
#include "svc_registry.h"

/* Field helpers.  Each returns 0, or ERR_INVALID with r->fault naming the
 * field.  Strings come back normalised (text_normalize: full-width digits
 * and letters half-width, the punctuation of prose as typed), in r->arena,
 * NULL when the field is absent or JSON null. */
int api_str(struct req *r, const char *key, size_t maxchars, bool required, const char **ret);
/* api_code is api_str for numbers and codes (phones, plates, dates, times,
 * codes): every full-width form half-width, punctuation too (text_code). */
int api_code(struct req *r, const char *key, size_t maxchars, bool required, const char **ret);
/* api_text is api_str for free text kept exactly as typed (tips, results):
 * no normalisation, only the length limit. */
int api_text(struct req *r, const char *key, size_t maxchars, bool required, const char **ret);
int api_int(struct req *r, const char *key, bool required, int64_t min, int64_t max,
	    int64_t *ret);
int api_bool(struct req *r, const char *key, int *ret); /* -1 when absent */
/* api_only refuses a body with fields outside allowed (NULL-terminated). */
int api_only(struct req *r, const char *const *allowed);
/* The same helpers for the fields of an object inside the body (a donor, a line, a question, a
 * person at the door): o is that object (NULL reads as empty), the fault names key alone, and
 * the caller prefixes it with where the object sits. */
int api_obj_str(struct req *r, json_t *o, const char *key, size_t maxchars, bool required,
		const char **ret);
int api_obj_code(struct req *r, json_t *o, const char *key, size_t maxchars, bool required,
		 const char **ret);
int api_obj_text(struct req *r, json_t *o, const char *key, size_t maxchars, bool required,
		 const char **ret);
int api_obj_int(struct req *r, json_t *o, const char *key, bool required, int64_t min, int64_t max,
		int64_t *ret);
int api_obj_bool(struct req *r, json_t *o, const char *key, int *ret);
int api_obj_only(struct req *r, json_t *o, const char *const *allowed);
int api_obj_date(struct req *r, json_t *o, const char *key, bool required, const char **ret);
/* api_page reads limit (default 50, 1..500) and offset (0..10,000,000). */
int api_page(struct req *r, int *ret_limit, int *ret_offset);
json_t *api_list(json_t *items, int64_t total);
/* api_area_labelled sets "area_label" on the object o, an area as people name it: a grid with its
 * village ("云龙村2组"), since "2组" is in every village; any other area by its name. village is
 * the grid's village name (the statements' VILLAGE_OF), "" or NULL for an area not a grid.
 * Returns o, which it owns as the caller did (NULL stays NULL). */
json_t *api_area_labelled(json_t *o, const char *village, const char *name);
/* api_svc fills s, the context of the operations (svc.h), from r: its connection, arena, user,
 * permissions, area and address; faults land in r->fault.  Returns s. */
struct svc *api_svc(struct req *r, struct svc *s);
/* api_audit appends to the audit log as the requesting user.  Audit
 * failures are errors: an unaudited reveal must not be answered. */
int api_audit(struct req *r, const char *action, const char *kind, int64_t id, const char *area,
	      const char *detail);
/* api_commit_json commits the request's transaction and answers status
 * with j (owned).  On an idempotent request it first stores the answer
 * under the client's key in the same transaction, so the writes and the
 * record of them land together; a lost race replays the winner's answer. */
int api_commit_json(struct req *r, struct resp *rs, int status, json_t *j);
/* api_commit_ref is api_commit_json for a deferred write whose answer is
 * built after the commit (req_defer): the key's record names the stored
 * record (kind, id) instead of holding the answer, and a retry is answered
 * by rendering that record again (api_render_ref).  Only for records that
 * never change once written. */
int api_commit_ref(struct req *r, struct resp *rs, int status, const char *kind, int64_t id);

/* api_date reads body field key as a YYYY-MM-DD date (NULL when absent and
 * not required); api_query_date the query parameter key (NULL when absent). */
int api_date(struct req *r, const char *key, bool required, const char **ret);
int api_query_date(struct req *r, const char *key, const char **ret);
/* api_one_of: s (not NULL) is one of the NULL-terminated set. */
bool api_one_of(const char *s, const char *const *set);
/* api_area_in_scope: 0 when code lies in the user's area, else ERR_NOTFOUND. */
bool api_in_scope(const struct req *r, const char *code);

/* api_narrow narrows the user's scope by an `area` query parameter (an
 * area code); NULL when the two are disjoint, so the list is empty. */
const char *api_narrow(struct req *r, const char *area);

json_t *person_json(const struct person *p);
/* household_get_json: household id with its members, as GET /households/{id} answers it, into
 * *ret (owned by the caller); ERR_NOTFOUND when there is none. */
int household_get_json(struct req *r, int64_t id, json_t **ret);

/*
 * The change feed and offline edits (api_change.c).  api_if_match reads the If-Match header of
 * an edit into *ret (0 when absent or "*"; ERR_INVALID naming "If-Match" when it is no ETag
 * this server gave).  api_etag sets the ETag of record kind/id on rs (none when it has no
 * version).  api_stale turns an edit's failure rc into its answer: a stale If-Match is rolled
 * back and answered 409 `conflict` with the record as it now stands ("current", as its GET
 * renders it); any other rc is returned as it is.
 */
int api_if_match(struct req *r, int64_t *ret);
void api_etag(struct req *r, struct resp *rs, const char *kind, int64_t id);
int api_stale(struct req *r, struct resp *rs, int rc, const char *kind, int64_t id);
/*
 * person_input_read reads the person object o (the fields of POST /persons: the body, or the
 * newcomer inside another record: a key person registered on arrival, someone at the door of a
 * sweep) into in, for svc_person_create or svc_person_update; tags may be an array of keys.  A
 * fault names the field as the object has it ("phone").
 */
int person_input_read(struct req *r, json_t *o, struct person_input *in);

/*
 * person_search_read reads the search text raw (the q parameter) into pq:
 * a name, or a whole ID number, a whole phone or 4 last digits (search.h);
 * part of a number is refused (ERR_INVALID on q), and so is a number search
 * past the user's rate (ERR_THROTTLED, itself audited).  person_search_audit
 * then writes the audit row of a number search: what (a "search", an
 * "export"), the kind of number and how many matched.  person_search.c.
 */
int person_search_read(struct req *r, const char *raw, struct person_query *pq);
int person_search_audit(struct req *r, const struct person_query *pq, const char *what,
			int64_t matched);

/* The resident import shared by the API and the CLI (import.c). */
struct import_result {
	const char *encoding;
	bool dry_run;
	int rows, created, updated, unchanged, households_created;
	json_t *errors; /* array of {line, field, message, message_en}; owned */
};
/*
 * import_residents reads a register's bytes (the sheet named sheet of a workbook, or its first
 * when sheet is NULL or ""), validates every row, and when all are good writes them in
 * one transaction of its own (unless dry_run), each row by svc_person_import_row.  The rows may
 * name only areas in s->scope; the import's record is s's user's.  Returns 0, ERR_INVALID with
 * res->errors listing every bad row (nothing written), or another error with s->fault.
 */
int import_residents(struct svc *s, const char *data, size_t n, const char *sheet, bool dry_run,
		     struct import_result *res);

/* import_key_persons registers a CSV list of residents for observation
 * (import_kp.c); same contract as import_residents.  A row whose person
 * is already under observation counts as unchanged. */
int import_key_persons(struct dbc *c, struct arena *a, const char *data, size_t n,
		       const char *sheet, const char *scope, bool dry_run, int64_t user_id, const char *username,
		       struct import_result *res, struct fault *f);

/* The demo town (demo.c). */
struct demo_login {
	char username[32];
	char password[32];
	const char *role;
	const char *area;
};
/* demo_build: the demo district of `towns` towns (1-12): 鹤岭镇 with `people` residents and every
 * module at work, the others of 雨湖区 with villages, residents, key persons and the district's
 * tasks; one login per role, each other town's administrator and the district command's (when
 * towns > 1) into ret_logins (room for 7 + towns). */
int demo_build(struct dbc *c, int people, int towns, unsigned seed, struct demo_login *ret_logins,
	       int *ret_nlogins, struct fault *f);
/* demo_admin_user adds the town's first administrator under username, with a generated
 * password returned in l (fangyi init); ERR_CONFLICT when the name is taken. */
int demo_admin_user(struct dbc *c, const char *town_code, const char *username,
		    struct demo_login *l);
/* demo_town_init creates the district (unless there) and the town, and names the database's first
 * town in the settings (init).  A code that is not a town's, a district code that is not the
 * town's, a town already there or one of another district than the database's is refused, the
 * fault saying which in Chinese and English. */
int demo_town_init(struct dbc *c, const char *district_code, const char *district_name,
		   const char *town_code, const char *town_name, struct fault *f);

/* api_routes: the routes fangyi serves, handed to server_run, router_check and fangyi routes. */
const struct route_table *api_routes(void);
/* api_render_ref renders the record an idempotency record refers to ({"$ref":kind,"id":n}, see
 * api_commit_ref): the table's render_ref, for the router's replays. */
int api_render_ref(struct req *r, const char *ref, json_t **ret);

/* handlers */
int api_healthz(struct req *, struct resp *);
int api_meta(struct req *, struct resp *);
int api_openapi(struct req *, struct resp *);
int api_session_create(struct req *, struct resp *);
int api_session_get(struct req *, struct resp *);
int api_session_delete(struct req *, struct resp *);
int api_area_list(struct req *, struct resp *);
int api_area_create(struct req *, struct resp *);
int api_person_list(struct req *, struct resp *);
int api_change_list(struct req *, struct resp *);
int api_person_create(struct req *, struct resp *);
int api_person_get(struct req *, struct resp *);
int api_person_update(struct req *, struct resp *);
int api_person_reveal(struct req *, struct resp *);
int api_person_duplicates(struct req *, struct resp *);
int api_person_export(struct req *, struct resp *);
int api_person_merge(struct req *, struct resp *);
int api_household_list(struct req *, struct resp *);
int api_household_create(struct req *, struct resp *);
int api_household_get(struct req *, struct resp *);
int api_household_update(struct req *, struct resp *);
int api_import_residents(struct req *, struct resp *);
int api_list_list(struct req *, struct resp *);
int api_list_create(struct req *, struct resp *);
int api_list_get(struct req *, struct resp *);
int api_list_rows(struct req *, struct resp *);
int api_list_confirm(struct req *, struct resp *);
int api_list_reject(struct req *, struct resp *);
int api_list_search_task(struct req *, struct resp *);
int api_list_search_tasks(struct req *, struct resp *);
int api_list_undo(struct req *, struct resp *);
int api_list_export(struct req *, struct resp *);
int api_user_list(struct req *, struct resp *);
int api_user_create(struct req *, struct resp *);
int api_user_update(struct req *, struct resp *);
int api_audit_list(struct req *, struct resp *);
int api_backup_status(struct req *, struct resp *); /* api_backup.c: the server's own backups */
int api_audit_verify(struct req *, struct resp *);

int api_kp_list(struct req *, struct resp *);
int api_kp_create(struct req *, struct resp *);
int api_kp_get(struct req *, struct resp *);
int api_kp_update(struct req *, struct resp *);
int api_kp_timeline(struct req *, struct resp *);
int api_kp_staff_reveal(struct req *, struct resp *);
int api_kp_staff_options(struct req *, struct resp *);
int api_kp_notice(struct req *, struct resp *);
int api_kp_release(struct req *, struct resp *);
int api_check_create(struct req *, struct resp *);
int api_check_list(struct req *, struct resp *);
int api_self_report(struct req *, struct resp *);
int api_kp_self_code(struct req *, struct resp *);
int api_alert_list(struct req *, struct resp *);
int api_alert_refer(struct req *, struct resp *);
int api_alert_result(struct req *, struct resp *);
int api_alert_close(struct req *, struct resp *);
int api_worklist(struct req *, struct resp *);
int api_monitor_figures(struct req *, struct resp *);
int api_monitor_daily(struct req *, struct resp *);
int api_monitor_settings_get(struct req *, struct resp *);
int api_monitor_settings_update(struct req *, struct resp *);

int api_tip_challenge(struct req *, struct resp *);
int api_tip_create(struct req *, struct resp *);
int api_tip_track(struct req *, struct resp *);
int api_tip_list(struct req *, struct resp *);
int api_tip_get(struct req *, struct resp *);
int api_tip_triage(struct req *, struct resp *);
int api_task_list(struct req *, struct resp *);
int api_task_create(struct req *, struct resp *);
int api_task_get(struct req *, struct resp *);
int api_task_start(struct req *, struct resp *);
int api_task_done(struct req *, struct resp *);
int api_task_verify(struct req *, struct resp *);
int api_task_reopen(struct req *, struct resp *);
int api_task_owners(struct req *, struct resp *);
int api_report_daily(struct req *, struct resp *);

int api_item_list(struct req *, struct resp *);
int api_item_create(struct req *, struct resp *);
int api_store_list(struct req *, struct resp *);
int api_store_create(struct req *, struct resp *);
int api_donation_create(struct req *, struct resp *);
int api_ledger_move(struct req *, struct resp *);
int api_ledger_list(struct req *, struct resp *);
int api_public_donations(struct req *, struct resp *);
int api_donation_list(struct req *, struct resp *);
int api_donation_get(struct req *, struct resp *);
int api_donation_receipt(struct req *, struct resp *);
int api_threshold_set(struct req *, struct resp *);
int api_cash(struct req *, struct resp *);
int api_supply_figures(struct req *, struct resp *);
int api_public_export(struct req *, struct resp *);

/* api_town_name: the name of the town an area code lies in (the record's, for what is printed
 * about it: a notice, a receipt); for code NULL the public's heading: the database's town, or its
 * district once it holds several.  NULL when none is known. */
const char *api_town_name(struct req *r, const char *code);

json_t *user_json(const struct user *u);

/* csv_cell (api_export.c) appends one CSV cell for Excel: quoted when needed,
 * a leading = + - @ neutralised, then "," or the line end when last.
 * api_csv_answer answers with the CSV in b as the download filename, and
 * frees b. */
struct buf;
void csv_cell(struct buf *b, const char *s, bool last);
int api_csv_answer(struct req *r, struct resp *rs, struct buf *b, const char *filename);
/*
 * api_disposition: a Content-Disposition value ("attachment" or "inline") naming the file by
 * its UTF-8 name in RFC 5987's filename* (what browsers use) and by an ASCII fallback for
 * clients that know only filename. On a; never fails.
 */
char *api_disposition(struct arena *a, const char *how, const char *ascii, const char *utf8);

/*
 * The watermark of an export (export_mark.c): who, when (town-local), and a serial
 * (EX-YYYYMMDD-XXXXXXXX) stored in the export's audit row, so that GET /api/v1/audit?serial=
 * or `fangyi audit show` leads from a forwarded file to who took it out.  line is the
 * bilingual sentence printed on the file: "导出：张三（zhangsan）2026-12-07 14:03 编号 EX-… ｜
 * Exported by …".  Strings are in the request's arena.
 */
struct export_mark {
	char serial[32];
	char when[20]; /* "2026-12-07 14:03" */
	int64_t at;
	const char *who;
	const char *line;
};
/* export_mark_svc_init makes the mark of an export by the acting user (the command line when
 * none); its strings are on the actor's arena. */
void export_mark_svc_init(struct svc *s, struct export_mark *m);
/* export_mark_svc_audit writes the export's audit row (action "export") with m's time and
 * serial, as the actor ("cli" for the command line). */
int export_mark_svc_audit(struct svc *s, const struct export_mark *m, const char *kind, int64_t id,
			  const char *area, const char *detail);
/* export_mark_init and export_mark_audit: the same for the user of a request. */
void export_mark_init(struct req *r, struct export_mark *m);
int export_mark_audit(struct req *r, const struct export_mark *m, const char *kind, int64_t id,
		      const char *area, const char *detail);
/* export_mark_csv appends the line as the CSV's first record, above the header (fangyi's
 * importers skip it: csv_is_watermark). */
void export_mark_csv(struct buf *b, const struct export_mark *m);
/* export_mark_html appends a mark's line as a paragraph, for the top and the bottom of a
 * printed page (nothing when line is NULL or ""). */
void export_mark_html(struct buf *b, const char *line);
/* export_mark_sheet writes line on a worksheet's first row and in its page header and footer,
 * and returns the row its table starts at (0 when line is NULL or ""). */
struct lxw_worksheet;
struct lxw_workbook;
unsigned export_mark_sheet(struct lxw_worksheet *ws, const char *line);
/* export_sheet adds a worksheet of the daily report with the mark of rep's "watermark"
 * ({"line", "serial", "who"}, set by whoever exports it): its table starts at *ret_top. */
struct lxw_worksheet *export_sheet(struct lxw_workbook *wb, const char *name, json_t *rep,
				   unsigned *ret_top);
/* xlsx_close (xlsx_fit.c) closes workbook wb, written to the temporary file path, reads the file
 * back into a (*ret, *ret_len bytes) and removes it, whatever happens.  0, or ERR_IO with f. */
int xlsx_close(struct lxw_workbook *wb, const char *path, struct arena *a, char **ret,
	       size_t *ret_len, struct fault *f);
/* xlsx_fit_columns (xlsx_fit.c) sizes every column of every sheet of wb to its widest cell,
 * CJK characters counting twice, leaving out the watermark line `mark` (may be NULL) on the first
 * row, which spills over the empty row beside it. Call it last, before workbook_close. */
void xlsx_fit_columns(struct lxw_workbook *wb, const char *mark);
/* export_mark_workbook puts the mark in the workbook's document properties. */
void export_mark_workbook(struct lxw_workbook *wb, const char *title, const char *who,
			  const char *line, const char *serial);

#endif
