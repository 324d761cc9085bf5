/* api.c: the route table, and helpers every handler uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "checkpoint.h"
#include "arena.h"
#include "clock.h"
#include "db_monitor.h"
#include "db_task.h"
#include "db_tip.h"
#include "person.h"
#include "embedded.h"
#include "role.h"
#include "sweep.h"
#include "text.h"

/*
 * Every route the server answers.  The router checks the permission and, for a route naming how
 * to find its record's area (db_person_area_code and its kin), that the record params[0] names
 * lies in the user's area, before the handler runs: else 404.  A route with perm 0 stops the
 * server at start.
 */
static const struct route routes[] = {
	{M_GET, "/healthz", api_healthz, PERM_PUBLIC, NULL, 0},
	{M_GET, "/api/v1/openapi.json", api_openapi, PERM_PUBLIC, NULL, 0},
	{M_GET, "/api/v1/meta", api_meta, PERM_PUBLIC, NULL, 0},
	{M_POST, "/api/v1/session", api_session_create, PERM_PUBLIC, NULL, 0},
	{M_GET, "/api/v1/session", api_session_get, PERM_LOGGED_IN, NULL, 0},
	{M_DELETE, "/api/v1/session", api_session_delete, PERM_LOGGED_IN, NULL, 0},
	{M_GET, "/api/v1/areas", api_area_list, PERM_AREA_READ, NULL, 0},
	{M_POST, "/api/v1/areas", api_area_create, PERM_AREA_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/persons", api_person_list, PERM_PERSON_READ, NULL, 0},
	/* what changed in the user's area: a phone's offline copy (api_change.c) */
	{M_GET, "/api/v1/changes", api_change_list, PERM_PERSON_READ, NULL, 0},
	{M_POST, "/api/v1/persons", api_person_create, PERM_PERSON_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/persons/export", api_person_export, PERM_PERSON_EXPORT, NULL, 0},
	{M_GET, "/api/v1/persons/duplicates", api_person_duplicates, PERM_PERSON_MERGE, NULL, 0},
	{M_GET, "/api/v1/persons/{id}", api_person_get, PERM_PERSON_READ, db_person_area_code, 0},
	{M_PATCH, "/api/v1/persons/{id}", api_person_update, PERM_PERSON_WRITE, db_person_area_code, 0},
	{M_POST, "/api/v1/persons/{id}/reveal", api_person_reveal, PERM_PERSON_REVEAL,
	 db_person_area_code, 0},
	{M_POST, "/api/v1/persons/{id}/merge", api_person_merge, PERM_PERSON_MERGE,
	 db_person_area_code, 0},
	{M_GET, "/api/v1/households", api_household_list, PERM_HOUSEHOLD_READ, NULL, 0},
	{M_POST, "/api/v1/households", api_household_create, PERM_HOUSEHOLD_WRITE, NULL,
	 ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/households/{id}", api_household_get, PERM_HOUSEHOLD_READ,
	 db_household_area_code, 0},
	{M_PATCH, "/api/v1/households/{id}", api_household_update, PERM_HOUSEHOLD_WRITE,
	 db_household_area_code, 0},
	{M_POST, "/api/v1/imports/residents", api_import_residents, PERM_IMPORT,
	 NULL, ROUTE_RAW_BODY | ROUTE_BIG_BODY},
	/* lists from higher authorities: the area is checked by the operations, since a town's
	 * list is read by its villages for their own rows */
	{M_GET, "/api/v1/lists", api_list_list, PERM_LIST_READ, NULL, 0},
	{M_POST, "/api/v1/lists", api_list_create, PERM_LIST_READ | PERM_IMPORT, NULL,
	 ROUTE_RAW_BODY | ROUTE_BIG_BODY},
	{M_GET, "/api/v1/lists/{id}", api_list_get, PERM_LIST_READ, NULL, 0},
	{M_GET, "/api/v1/lists/{id}/rows", api_list_rows, PERM_LIST_READ, NULL, 0},
	{M_POST, "/api/v1/lists/{id}/rows/{row}/confirm", api_list_confirm,
	 PERM_LIST_READ | PERM_PERSON_WRITE, NULL, 0},
	{M_POST, "/api/v1/lists/{id}/rows/{row}/reject", api_list_reject,
	 PERM_LIST_READ | PERM_PERSON_WRITE, NULL, 0},
	{M_POST, "/api/v1/lists/{id}/rows/{row}/undo", api_list_undo,
	 PERM_LIST_READ | PERM_PERSON_WRITE, NULL, 0},
	{M_POST, "/api/v1/lists/{id}/rows/{row}/search-task", api_list_search_task,
	 PERM_LIST_READ | PERM_TASK_ASSIGN, NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/lists/{id}/search-tasks", api_list_search_tasks,
	 PERM_LIST_READ | PERM_TASK_ASSIGN, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/lists/{id}/export", api_list_export, PERM_LIST_READ | PERM_PERSON_EXPORT,
	 NULL, 0},
	{M_GET, "/api/v1/users", api_user_list, PERM_USER_ADMIN, NULL, 0},
	{M_POST, "/api/v1/users", api_user_create, PERM_USER_ADMIN, NULL, ROUTE_IDEMPOTENT},
	{M_PATCH, "/api/v1/users/{id}", api_user_update, PERM_USER_ADMIN, NULL, 0},
	{M_GET, "/api/v1/backups", api_backup_status, PERM_USER_ADMIN, NULL, 0},
	{M_GET, "/api/v1/audit", api_audit_list, PERM_AUDIT_READ, NULL, 0},
	{M_GET, "/api/v1/audit/verify", api_audit_verify, PERM_AUDIT_READ, NULL, 0},
	/* key-person monitoring */
	{M_GET, "/api/v1/key-persons", api_kp_list, PERM_MONITOR_READ, NULL, 0},
	{M_POST, "/api/v1/key-persons", api_kp_create, PERM_MONITOR_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/key-persons/{id}", api_kp_get, PERM_MONITOR_READ, db_kp_area_code, 0},
	{M_PATCH, "/api/v1/key-persons/{id}", api_kp_update, PERM_MONITOR_WRITE, db_kp_area_code, 0},
	{M_GET, "/api/v1/key-persons/{id}/timeline", api_kp_timeline, PERM_MONITOR_READ,
	 db_kp_area_code, 0},
	{M_POST, "/api/v1/key-persons/{id}/staff-reveal", api_kp_staff_reveal, PERM_PERSON_REVEAL,
	 db_kp_area_code, 0},
	{M_GET, "/api/v1/key-persons/{id}/staff-options", api_kp_staff_options, PERM_MONITOR_ASSIGN,
	 db_kp_area_code, 0},
	{M_GET, "/api/v1/key-persons/{id}/notice", api_kp_notice, PERM_MONITOR_READ, db_kp_area_code, 0},
	{M_POST, "/api/v1/key-persons/{id}/checks", api_check_create, PERM_MONITOR_WRITE,
	 db_kp_area_code, ROUTE_IDEMPOTENT | ROUTE_BATCH},
	{M_GET, "/api/v1/key-persons/{id}/checks", api_check_list, PERM_MONITOR_READ, db_kp_area_code, 0},
	{M_POST, "/api/v1/key-persons/{id}/release", api_kp_release, PERM_MONITOR_CLINICAL,
	 db_kp_area_code, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/key-persons/{id}/self-code", api_kp_self_code, PERM_MONITOR_WRITE,
	 db_kp_area_code, 0},
	{M_POST, "/api/v1/self-report", api_self_report, PERM_PUBLIC, NULL, 0},
	{M_GET, "/api/v1/alerts", api_alert_list, PERM_MONITOR_READ, NULL, 0},
	{M_POST, "/api/v1/alerts/{id}/refer", api_alert_refer, PERM_MONITOR_CLINICAL,
	 db_alert_area_code, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/alerts/{id}/result", api_alert_result, PERM_MONITOR_CLINICAL,
	 db_alert_area_code, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/alerts/{id}/close", api_alert_close, PERM_MONITOR_CLINICAL,
	 db_alert_area_code, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/worklist", api_worklist, PERM_MONITOR_READ, NULL, 0},
	{M_GET, "/api/v1/monitoring/figures", api_monitor_figures, PERM_FIGURES_READ, NULL, 0},
	{M_GET, "/api/v1/monitoring/daily", api_monitor_daily, PERM_FIGURES_READ, NULL, 0},
	{M_GET, "/api/v1/settings/monitoring", api_monitor_settings_get, PERM_MONITOR_READ, NULL, 0},
	{M_PATCH, "/api/v1/settings/monitoring", api_monitor_settings_update, PERM_USER_ADMIN, NULL, 0},
	/* tip-offs, tasks and the command post */
	{M_GET, "/api/v1/tips/challenge", api_tip_challenge, PERM_PUBLIC, NULL, 0},
	{M_POST, "/api/v1/tips", api_tip_create, PERM_PUBLIC, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/tips/track/{code}", api_tip_track, PERM_PUBLIC, NULL, 0},
	{M_GET, "/api/v1/tips", api_tip_list, PERM_TIP_READ, NULL, 0},
	{M_GET, "/api/v1/tips/{id}", api_tip_get, PERM_TIP_READ, db_tip_area_code, 0},
	{M_POST, "/api/v1/tips/{id}/triage", api_tip_triage, PERM_TIP_READ,
	 db_tip_area_code, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/tasks", api_task_list, PERM_TASK_READ, NULL, 0},
	{M_POST, "/api/v1/tasks", api_task_create, PERM_TASK_ASSIGN, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/tasks/owners", api_task_owners, PERM_TASK_READ, NULL, 0},
	{M_GET, "/api/v1/tasks/{id}", api_task_get, PERM_TASK_READ, db_task_area_code, 0},
	{M_POST, "/api/v1/tasks/{id}/start", api_task_start, PERM_TASK_READ,
	 db_task_area_code, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/tasks/{id}/done", api_task_done, PERM_TASK_READ,
	 db_task_area_code, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/tasks/{id}/verify", api_task_verify, PERM_TASK_ASSIGN,
	 db_task_area_code, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/tasks/{id}/reopen", api_task_reopen, PERM_TASK_ASSIGN,
	 db_task_area_code, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/reports/daily", api_report_daily, PERM_FIGURES_READ, NULL, 0},
	/* donations and supplies */
	{M_GET, "/api/v1/items", api_item_list, PERM_SUPPLY_READ, NULL, 0},
	{M_POST, "/api/v1/items", api_item_create, PERM_SUPPLY_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/stores", api_store_list, PERM_SUPPLY_READ, NULL, 0},
	{M_POST, "/api/v1/stores", api_store_create, PERM_SUPPLY_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/donations", api_donation_create, PERM_SUPPLY_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/ledger", api_ledger_move, PERM_SUPPLY_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/ledger", api_ledger_list, PERM_SUPPLY_READ, NULL, 0},
	{M_GET, "/api/v1/public/donations", api_public_donations, PERM_PUBLIC, NULL, 0},
	/* supplies: donations and receipts, thresholds, cash, figures, the disclosure's exports */
	{M_GET, "/api/v1/donations", api_donation_list, PERM_SUPPLY_READ, NULL, 0},
	{M_GET, "/api/v1/donations/{id}", api_donation_get, PERM_SUPPLY_READ, NULL, 0},
	{M_GET, "/api/v1/donations/{id}/receipt", api_donation_receipt, PERM_SUPPLY_READ, NULL, 0},
	{M_POST, "/api/v1/thresholds", api_threshold_set, PERM_SUPPLY_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/cash", api_cash, PERM_SUPPLY_READ, NULL, 0},
	{M_GET, "/api/v1/supplies/figures", api_supply_figures, PERM_FIGURES_READ, NULL, 0},
	{M_GET, "/api/v1/public/donations/export", api_public_export, PERM_PUBLIC, NULL, 0},
	/* checkpoints and duty rosters */
	{M_GET, "/api/v1/duty/posts", api_post_list, PERM_DUTY_READ, NULL, 0},
	{M_POST, "/api/v1/duty/posts", api_post_create, PERM_DUTY_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/duty/posts/{id}", api_post_get, PERM_DUTY_READ, NULL, 0},
	{M_PATCH, "/api/v1/duty/posts/{id}", api_post_update, PERM_DUTY_WRITE, NULL, 0},
	{M_POST, "/api/v1/duty/posts/{id}/teams", api_team_create, PERM_DUTY_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/duty/posts/{id}/patterns", api_pattern_create, PERM_DUTY_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/duty/posts/{id}/roster", api_roster_generate, PERM_DUTY_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/duty/posts/{id}/roster", api_roster_get, PERM_DUTY_READ, NULL, 0},
	{M_POST, "/api/v1/duty/teams/{id}/members", api_member_add, PERM_DUTY_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_DELETE, "/api/v1/duty/members/{id}", api_member_remove, PERM_DUTY_WRITE, NULL, 0},
	{M_POST, "/api/v1/duty/shifts/{id}/changes", api_shift_change, PERM_DUTY_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/duty/posts/{id}/leave", api_leave_create, PERM_DUTY_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/duty/posts/{id}/leave", api_leave_list, PERM_DUTY_READ, NULL, 0},
	{M_DELETE, "/api/v1/duty/leave/{id}", api_leave_cancel, PERM_DUTY_WRITE, NULL, 0},
	{M_GET, "/api/v1/duty/now", api_duty_now, PERM_DUTY_READ, NULL, 0},
	{M_POST, "/api/v1/duty/shifts/{id}/handover", api_handover_create, PERM_SCREEN_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/duty/handovers/{id}/confirm", api_handover_confirm, PERM_SCREEN_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/duty/handovers", api_handover_list, PERM_DUTY_READ, NULL, 0},
	{M_POST, "/api/v1/screenings", api_screening_create, PERM_SCREEN_WRITE,
	 NULL, ROUTE_IDEMPOTENT | ROUTE_BATCH},
	{M_GET, "/api/v1/screenings", api_screening_list, PERM_DUTY_READ, NULL, 0},
	{M_GET, "/api/v1/screenings/{id}", api_screening_get, PERM_DUTY_READ, NULL, 0},
	{M_POST, "/api/v1/screenings/{id}/reveal", api_screening_reveal, PERM_DUTY_WRITE, NULL, 0},
	/* travellers' declarations on their own phones (扫码登记): the poster, the public form, the
	 * staff's look-up by code; the screening POST takes declaration_code */
	{M_POST, "/api/v1/duty/posts/{id}/declare-poster", api_declare_poster, PERM_SCREEN_WRITE,
	 NULL, 0},
	{M_GET, "/api/v1/declarations/post/{token}", api_declare_post_public, PERM_PUBLIC, NULL, 0},
	{M_POST, "/api/v1/declarations", api_declare_create, PERM_PUBLIC, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/declarations/{code}", api_declare_get, PERM_SCREEN_WRITE, NULL, 0},
	{M_GET, "/api/v1/checkpoint/figures", api_checkpoint_figures, PERM_FIGURES_READ, NULL, 0},
	{M_GET, "/api/v1/checkpoint/hourly", api_checkpoint_hourly, PERM_FIGURES_READ, NULL, 0},
	{M_GET, "/api/v1/settings/checkpoint", api_checkpoint_settings_get, PERM_DUTY_READ, NULL, 0},
	{M_PATCH, "/api/v1/settings/checkpoint", api_checkpoint_settings_update, PERM_USER_ADMIN, NULL, 0},
	/* sweeps, publicity and gatherings (the handlers check the area of each record) */
	{M_GET, "/api/v1/sweeps", api_sweep_list, PERM_SWEEP_READ, NULL, 0},
	{M_POST, "/api/v1/sweeps", api_sweep_create, PERM_SWEEP_ADMIN, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/sweeps/{id}", api_sweep_get, PERM_SWEEP_READ, NULL, 0},
	{M_PATCH, "/api/v1/sweeps/{id}", api_sweep_update, PERM_SWEEP_ADMIN, NULL, 0},
	{M_POST, "/api/v1/sweeps/{id}/rounds", api_sweep_round, PERM_SWEEP_ADMIN, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/sweeps/{id}/coverage", api_sweep_coverage, PERM_SWEEP_READ, NULL, 0},
	{M_GET, "/api/v1/sweeps/{id}/coverage/export", api_sweep_coverage_export, PERM_SWEEP_READ,
	 NULL, 0},
	{M_GET, "/api/v1/sweeps/{id}/pending", api_sweep_pending, PERM_SWEEP_READ, NULL, 0},
	{M_GET, "/api/v1/sweeps/{id}/visits", api_sweep_visit_list, PERM_SWEEP_READ, NULL, 0},
	{M_POST, "/api/v1/sweeps/{id}/visits", api_sweep_visit_create, PERM_SWEEP_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/publicity", api_publicity_list, PERM_SWEEP_READ, NULL, 0},
	{M_POST, "/api/v1/publicity", api_publicity_create, PERM_SWEEP_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/publicity/coverage", api_publicity_coverage, PERM_SWEEP_READ, NULL, 0},
	{M_GET, "/api/v1/publicity/uncovered", api_publicity_uncovered, PERM_SWEEP_READ, NULL, 0},
	{M_POST, "/api/v1/publicity/door-tasks", api_publicity_door_task, PERM_TASK_ASSIGN,
	 NULL, ROUTE_IDEMPOTENT},
	{M_POST, "/api/v1/publicity/{id}/photos", api_publicity_photo_add, PERM_SWEEP_WRITE,
	 db_publicity_area_code, ROUTE_RAW_BODY | ROUTE_PHOTO_BODY | ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/publicity/{id}/photos/{photo_id}", api_publicity_photo_get, PERM_SWEEP_READ,
	 db_publicity_area_code, 0},
	{M_DELETE, "/api/v1/publicity/{id}/photos/{photo_id}", api_publicity_photo_delete,
	 PERM_SWEEP_WRITE, db_publicity_area_code, 0},
	{M_GET, "/api/v1/gatherings", api_gathering_list, PERM_SWEEP_READ, NULL, 0},
	{M_POST, "/api/v1/gatherings", api_gathering_create, PERM_SWEEP_WRITE, NULL, ROUTE_IDEMPOTENT},
	{M_GET, "/api/v1/gatherings/figures", api_gathering_figures, PERM_SWEEP_READ, NULL, 0},
	{M_GET, "/api/v1/gatherings/export", api_gathering_export, PERM_SWEEP_READ, NULL, 0},
	{M_GET, "/api/v1/gatherings/{id}", api_gathering_get, PERM_SWEEP_READ, NULL, 0},
	{M_POST, "/api/v1/gatherings/{id}/outcome", api_gathering_outcome, PERM_SWEEP_WRITE,
	 NULL, ROUTE_IDEMPOTENT},
};

const struct route_table *
api_routes(void)
{
	static const struct route_table table = {
		routes, (int)(sizeof(routes) / sizeof(routes[0])), api_render_ref,
	};

	return &table;
}

/*
 * /healthz asks the database, so that a load balancer or a monitor stops sending to a server
 * whose database does not answer: 503 with the error of docs/API.md meanwhile.
 */
int
api_healthz(struct req *r, struct resp *rs)
{
	int rc = db_ping(r->db);

	if (rc != 0) {
		fault_set(&r->fault, rc, "db", NULL, NULL);
		resp_error(rs, rc, &r->fault);
		return 0;
	}
	return resp_json(rs, 200,
			 json_pack("{s:s, s:s, s:i}", "status", "ok", "db",
				   db_backend_name(r->app->db), "schema",
				   db_schema_version(r->app->db)));
}

int
api_openapi(struct req *r, struct resp *rs)
{
	rs->status = 200;
	rs->body = embedded_openapi[0].data;
	rs->bodylen = embedded_openapi[0].size;
	rs->ctype = "application/json; charset=utf-8";
	return 0;
}

int
api_meta(struct req *r, struct resp *rs)
{
	json_t *roles = json_array(), *res = json_array(), *tags = json_array(),
	       *villages = json_array();
	const char *town_code = r->app->town_code, *town_name = r->app->town_name;
	struct area top;
	int i;

	for (i = 0; i < ROLE__MAX; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s}", "key", role_keys[i], "zh",
						       role_zh[i]));
	for (i = 0; i < RES__MAX; i++)
		json_array_append_new(res, json_pack("{s:s, s:s}", "key", residence_keys[i], "zh",
						     residence_zh[i]));
	for (i = 0; i < TAG__MAX; i++)
		json_array_append_new(tags, json_pack("{s:s, s:s}", "key", tag_keys[i], "zh",
						      tag_zh[i]));
	{
		/* the villages a public tip may name and their grids, where a checkpoint's
		 * screening says someone lives: names and codes, nothing more.  Codes are
		 * sorted, so a grid follows its village.  A user sees their own town's (the
		 * district's users every town's); the public the database's town, or the whole
		 * district when it holds several. */
		struct area *v;
		json_t *grids = NULL;
		const char *village = NULL;
		struct fault f = {0};
		struct svc s;
		int n;

		if (r->user)
			api_svc(r, &s);
		else
			svc_local(&s, r->db, r->arena, &f);
		if (strlen(s.scope) > 9)
			s.scope = arena_strndup(r->arena, s.scope, 9);
		if (svc_area_top(&s, &top) == 0) {
			town_code = top.code;
			town_name = top.name;
		}
		if (strlen(s.scope) >= 6 &&
		    db_area_list(r->db, r->arena, s.scope, &v, &n) == 0) {
			for (i = 0; i < n; i++) {
				if (v[i].level == 3) {
					json_t *g = json_array(),
					       *vo = json_pack("{s:s, s:s, s:o}", "code", v[i].code,
							       "name", v[i].name, "grids", g);

					/* a failed pack has freed g */
					grids = vo ? g : NULL;
					village = v[i].code;
					json_array_append_new(villages, vo);
				} else if (v[i].level == 4 && grids &&
					   strncmp(v[i].code, village, strlen(village)) == 0) {
					json_array_append_new(grids,
							      json_pack("{s:s, s:s}", "code", v[i].code,
									"name", v[i].name));
				}
			}
		}
	}
	return resp_json(rs, 200,
			 json_pack("{s:s, s:{s:s?, s:s?}, s:s, s:o, s:o, s:o, s:o}", "version",
				   FANGYI_VERSION, "town", "code", town_code, "name",
				   town_name, "tz", clock_tz(), "roles", roles,
				   "residences", res, "tags", tags, "villages", villages));
}

/* How field_text treats what was typed. */
enum field_norm { FIELD_AS_TYPED, FIELD_PROSE, FIELD_CODE };

/* A text field, normalised or kept as typed; the three public helpers below. */
static int
field_text(struct req *r, json_t *o, const char *key, size_t maxchars, bool required,
	   enum field_norm norm, const char **ret)
{
	json_t *v = o ? json_object_get(o, key) : NULL;
	const char *s;

	if (v == NULL || json_is_null(v)) {
		*ret = NULL;
		if (required)
			return fault_setf(&r->fault, ERR_INVALID, key, "缺少必填字段 %s",
					  "the field %s is required", key);
		return 0;
	}
	if (!json_is_string(v))
		return fault_setf(&r->fault, ERR_INVALID, key, "字段 %s 应为文本",
				  "the field %s must be a string", key);
	s = norm == FIELD_CODE	  ? text_code(r->arena, json_string_value(v))
	    : norm == FIELD_PROSE ? text_normalize(r->arena, json_string_value(v))
				  : arena_strdup(r->arena, json_string_value(v));
	if (required && *text_normalize(r->arena, s) == '\0')
		return fault_setf(&r->fault, ERR_INVALID, key, "字段 %s 不能为空",
				  "the field %s must not be empty", key);
	if (text_utf8_len(s) > maxchars)
		return fault_setf(&r->fault, ERR_INVALID, key, "字段 %s 过长（最多 %zu 个字）",
				  "the field %s is too long (at most %zu characters)", key,
				  maxchars);
	*ret = s;
	return 0;
}

int
api_str(struct req *r, const char *key, size_t maxchars, bool required, const char **ret)
{
	return field_text(r, r->json, key, maxchars, required, FIELD_PROSE, ret);
}

int
api_obj_str(struct req *r, json_t *o, const char *key, size_t maxchars, bool required,
	   const char **ret)
{
	return field_text(r, o, key, maxchars, required, FIELD_PROSE, ret);
}

int
api_code(struct req *r, const char *key, size_t maxchars, bool required, const char **ret)
{
	return field_text(r, r->json, key, maxchars, required, FIELD_CODE, ret);
}

int
api_obj_code(struct req *r, json_t *o, const char *key, size_t maxchars, bool required,
	   const char **ret)
{
	return field_text(r, o, key, maxchars, required, FIELD_CODE, ret);
}

int
api_text(struct req *r, const char *key, size_t maxchars, bool required, const char **ret)
{
	return field_text(r, r->json, key, maxchars, required, FIELD_AS_TYPED, ret);
}

int
api_obj_text(struct req *r, json_t *o, const char *key, size_t maxchars, bool required,
	   const char **ret)
{
	return field_text(r, o, key, maxchars, required, FIELD_AS_TYPED, ret);
}

int
api_int(struct req *r, const char *key, bool required, int64_t min, int64_t max, int64_t *ret)
{
	return api_obj_int(r, r->json, key, required, min, max, ret);
}

int
api_obj_int(struct req *r, json_t *o, const char *key, bool required, int64_t min, int64_t max,
	    int64_t *ret)
{
	json_t *v = o ? json_object_get(o, key) : NULL;
	json_int_t i;

	if (v == NULL || json_is_null(v)) {
		if (required)
			return fault_setf(&r->fault, ERR_INVALID, key, "缺少必填字段 %s",
					  "the field %s is required", key);
		return 0;
	}
	if (!json_is_integer(v))
		return fault_setf(&r->fault, ERR_INVALID, key, "字段 %s 应为整数",
				  "the field %s must be an integer", key);
	i = json_integer_value(v);
	if (i < min || i > max)
		return fault_setf(&r->fault, ERR_INVALID, key, "字段 %s 应在 %lld 到 %lld 之间",
				  "the field %s must be between %lld and %lld", key,
				  (long long)min, (long long)max);
	*ret = i;
	return 0;
}

int
api_bool(struct req *r, const char *key, int *ret)
{
	return api_obj_bool(r, r->json, key, ret);
}

int
api_obj_bool(struct req *r, json_t *o, const char *key, int *ret)
{
	json_t *v = o ? json_object_get(o, key) : NULL;

	*ret = -1;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return fault_setf(&r->fault, ERR_INVALID, key, "字段 %s 应为 true 或 false",
				  "the field %s must be true or false", key);
	*ret = json_is_true(v);
	return 0;
}

int
api_only(struct req *r, const char *const *allowed)
{
	return api_obj_only(r, r->json, allowed);
}

int
api_obj_only(struct req *r, json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;
	int i;

	json_object_foreach(o, key, v) {
		for (i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], key) == 0)
				break;
		if (allowed[i] == NULL)
			return fault_setf(&r->fault, ERR_INVALID, key, "不认识的字段 %s",
					  "unknown field %s", key);
	}
	return 0;
}

static int
query_int(struct req *r, const char *key, long lo, long hi, long def, long *ret)
{
	const char *s = req_query(r, key);
	char *end;
	long v;

	if (s == NULL || *s == '\0') {
		*ret = def;
		return 0;
	}
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return fault_setf(&r->fault, ERR_INVALID, key, "参数 %s 应为 %ld 到 %ld 之间的整数",
				  "the parameter %s must be an integer from %ld to %ld", key, lo,
				  hi);
	*ret = v;
	return 0;
}

int
api_page(struct req *r, int *ret_limit, int *ret_offset)
{
	long limit = 50, offset = 0;
	int rc;

	if ((rc = query_int(r, "limit", 1, 500, 50, &limit)) ||
	    (rc = query_int(r, "offset", 0, 10000000, 0, &offset)))
		return rc;
	*ret_limit = (int)limit;
	*ret_offset = (int)offset;
	return 0;
}

json_t *
api_list(json_t *items, int64_t total)
{
	return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

json_t *
api_area_labelled(json_t *o, const char *village, const char *name)
{
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "area_label", json_sprintf("%s%s", village ? village : "",
							  name ? name : ""));
	return o;
}

struct svc *
api_svc(struct req *r, struct svc *s)
{
	s->db = r->db;
	s->arena = r->arena;
	s->user = r->user;
	s->perms = r->perms;
	s->scope = r->scope ? r->scope : "";
	s->ip = r->ip;
	s->fault = &r->fault;
	return s;
}

const char *
api_town_name(struct req *r, const char *code)
{
	struct area ar;
	char *name = NULL;

	struct fault f = {0};
	struct svc s;

	if (code && strlen(code) >= 9 &&
	    db_area_get_by_code(r->db, r->arena, arena_printf(r->arena, "%.9s000", code), &ar) == 0)
		return ar.name;
	/* the public's: the database's town, or its district once it holds several */
	svc_local(&s, r->db, r->arena, &f);
	if (svc_area_top(&s, &ar) == 0)
		return ar.name;
	db_setting_get(r->db, r->arena, "town_name", &name);
	return name;
}

int
api_audit(struct req *r, const char *action, const char *kind, int64_t id, const char *area,
	  const char *detail)
{
	struct svc s;

	return svc_audit(api_svc(r, &s), action, kind, id, area, detail);
}

/* Store text as the answer to the request's Idempotency-Key inside its
 * transaction.  When a retry of the same request went first, answer as it
 * did: *replayed is set and the transaction is given up. */
static int
idem_store(struct req *r, struct resp *rs, int status, const char *text, bool *replayed)
{
	int rc;

	*replayed = false;
	rc = db_idem_put(r->db, r->idem_key, r->idem_user, r->path, r->idem_hash, status, text);
	if (rc != ERR_CONFLICT)
		return rc;
	*replayed = true;
	if (!db_shares_commits(dbc_db(r->db))) {
		dbc_rollback(r->db);
		return router_replay(r, rs);
	}
	/* it may share this transaction, so read its answer here and give it
	 * only once that commit has returned */
	if ((rc = router_replay(r, rs)) != 0) {
		(void)dbc_abandon(r->db);
		return rc;
	}
	return dbc_abandon(r->db);
}

int
api_commit_json(struct req *r, struct resp *rs, int status, json_t *j)
{
	bool replayed;
	int rc;

	if (r->idem_key != NULL) {
		char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));

		rc = text ? idem_store(r, rs, status, text, &replayed) : ERR_NOMEM;
		free(text);
		if (rc || replayed) {
			json_decref(j);
			return rc;
		}
	}
	if ((rc = dbc_commit(r->db))) {
		json_decref(j);
		return rc;
	}
	return resp_json(rs, status, j);
}

int
api_commit_ref(struct req *r, struct resp *rs, int status, const char *kind, int64_t id)
{
	bool replayed;
	int rc;

	if (r->idem_key != NULL) {
		char text[96];

		snprintf(text, sizeof(text), "{\"$ref\":\"%s\",\"id\":%lld}", kind, (long long)id);
		if ((rc = idem_store(r, rs, status, text, &replayed)) || replayed)
			return rc;
	}
	return dbc_commit(r->db);
}

/* The answer of a deferred write, rendered again for its retry. */
int
api_render_ref(struct req *r, const char *ref, json_t **ret)
{
	json_t *o = json_loads(ref, 0, NULL);
	const char *kind = json_string_value(json_object_get(o, "$ref"));
	int64_t id = json_integer_value(json_object_get(o, "id"));
	int rc = ERR_INTERNAL;

	if (kind && strcmp(kind, "screening") == 0)
		rc = screening_render(r, id, ret);
	json_decref(o);
	return rc;
}

int
api_date(struct req *r, const char *key, bool required, const char **ret)
{
	return api_obj_date(r, r->json, key, required, ret);
}

int
api_obj_date(struct req *r, json_t *o, const char *key, bool required, const char **ret)
{
	int rc, y, m, d;

	if ((rc = api_obj_code(r, o, key, 10, required, ret)))
		return rc;
	if (*ret && clock_parse_date(*ret, &y, &m, &d))
		return fault_setf(&r->fault, ERR_INVALID, key, "%s 应为 YYYY-MM-DD 格式的日期",
				  "%s must be a YYYY-MM-DD date", key);
	return 0;
}

int
api_query_date(struct req *r, const char *key, const char **ret)
{
	const char *s = req_query(r, key);
	int y, m, d;

	*ret = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	if (clock_parse_date(s, &y, &m, &d))
		return fault_setf(&r->fault, ERR_INVALID, key, "参数 %s 应为 YYYY-MM-DD 格式的日期",
				  "the parameter %s must be a YYYY-MM-DD date", key);
	*ret = s;
	return 0;
}

bool
api_one_of(const char *s, const char *const *set)
{
	return svc_one_of(s, set);
}

bool
api_in_scope(const struct req *r, const char *code)
{
	return code != NULL && strncmp(code, r->scope, strlen(r->scope)) == 0;
}

/* Narrow the user's scope by an `area` filter; NULL when disjoint. */
const char *
api_narrow(struct req *r, const char *area)
{
	struct area ar;
	size_t n;
	char *prefix;

	if (area == NULL || *area == '\0')
		return r->scope;
	if (db_area_get_by_code(r->db, r->arena, area, &ar) != 0)
		return NULL;
	n = (size_t)area_scope_len(ar.level);
	prefix = arena_strndup(r->arena, ar.code, n < strlen(ar.code) ? n : strlen(ar.code));
	if (strncmp(prefix, r->scope, strlen(r->scope)) == 0)
		return prefix;
	if (strncmp(r->scope, prefix, strlen(prefix)) == 0)
		return r->scope;
	return NULL;
}

