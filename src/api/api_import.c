/* api_import.c: POST /api/v1/imports/residents: a register (.xlsx, .xls or CSV) in, counts or
 * every bad row out. */
#include <string.h>

#include "api.h"
#include "arena.h"

int
api_import_residents(struct req *r, struct resp *rs)
{
	struct import_result res;
	struct svc s;
	const char *dry = req_query(r, "dry_run");
	bool dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
	int rc;

	if (r->body == NULL || r->bodylen == 0)
		return fault_set(&r->fault, ERR_INVALID, "body", "请上传名单文件（.xlsx、.xls 或 CSV）",
				 "send the register (.xlsx, .xls or CSV) as the request body");
	rc = import_residents(api_svc(r, &s), r->body, r->bodylen, req_query(r, "sheet"), dry_run, &res);
	if (rc == ERR_INVALID && json_array_size(res.errors) > 0) {
		resp_error(rs, rc, &r->fault);
		json_object_set_new(json_object_get(rs->json, "error"), "rows", res.errors);
		return 0;
	}
	if (rc) {
		json_decref(res.errors);
		return rc;
	}
	json_decref(res.errors);
	if (!dry_run &&
	    (rc = svc_audit(&s, "import", "person", 0, r->scope,
			    arena_printf(r->arena, "residents: %d rows, %d created, %d updated, %d unchanged",
					 res.rows, res.created, res.updated, res.unchanged))))
		return rc;
	return resp_json(rs, 200,
			 json_pack("{s:b, s:s, s:i, s:i, s:i, s:i, s:i}", "dry_run", dry_run,
				   "encoding", res.encoding, "rows", res.rows, "created", res.created,
				   "updated", res.updated, "unchanged", res.unchanged,
				   "households_created", res.households_created));
}
