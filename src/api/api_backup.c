/* api_backup.c: GET /api/v1/backups: the server's own backups, for the settings page's "last
 * backup" and its warning. */
#include "api.h"
#include "svc_backup.h"

/* A moment as the API gives times: Unix seconds, or null for never. */
static json_t *
at(int64_t t)
{
	return t > 0 ? json_integer((json_int_t)t) : json_null();
}

int
api_backup_status(struct req *r, struct resp *rs)
{
	struct svc s;
	struct svc_backup_status b;
	json_t *ok = json_null(), *failed = json_null(), *warning = json_null();
	int rc;

	if ((rc = svc_backup_status(api_svc(r, &s), &b)))
		return rc;
	if (b.ok_at)
		ok = json_pack("{s:o, s:s}", "at", at(b.ok_at), "file", b.ok_file);
	if (b.failed_at)
		failed = json_pack("{s:o, s:s, s:{s:s, s:s, s:s}}", "at", at(b.failed_at), "file",
				   b.failed_file, "error", "field", b.failure.field, "zh", b.failure.zh,
				   "en", b.failure.en);
	if (b.warning != NULL && b.warning[0] == 'f')
		warning = json_pack("{s:s, s:s, s:s}", "code", "failed", "zh",
				    "上次自动备份失败，请查看原因并检查磁盘和备份目录", "en",
				    "the last automatic backup failed: see why, and check the disk and the "
				    "backup directory");
	else if (b.warning != NULL)
		warning = json_pack("{s:s, s:s, s:s}", "code", "stale", "zh",
				    "最近一次成功的自动备份已超过两个备份周期", "en",
				    "the last successful automatic backup is older than two periods");
	return resp_json(rs, 200,
			 json_pack("{s:b, s:s?, s:s?, s:f, s:i, s:o, s:o, s:o, s:o}", "enabled",
				   b.enabled, "disabled_because", b.why_not, "dir", b.dir, "every_hours",
				   (double)b.every / 3600, "keep_days", b.keep_days, "last_success", ok,
				   "last_failure", failed, "next_at", at(b.next_at), "warning", warning));
}
