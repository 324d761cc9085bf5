/* err.c: names and generic messages for enum err, and fault helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "text.h"

static const struct {
	const char *name;
	const char *zh;
	const char *en;
} errs[] = {
	{"ok", "成功", "ok"},
	{"no_memory", "服务器内存不足", "out of memory"},
	{"invalid", "输入有误", "invalid input"},
	{"not_found", "记录不存在或不在您的辖区内", "not found"},
	{"conflict", "与已有记录冲突", "conflicts with an existing record"},
	{"forbidden", "您的角色无权执行此操作", "your role may not do this"},
	{"unauthenticated", "请先登录", "please log in"},
	{"database", "数据库错误，请稍后重试", "database error, try again later"},
	{"too_big", "超出大小或数量限制", "over a size or count limit"},
	{"throttled", "尝试次数过多，请稍后再试", "too many attempts, try again later"},
	{"schema_newer", "数据库版本比本程序新，请升级 fangyi",
	 "the database schema is newer than this fangyi; upgrade fangyi"},
	{"io", "文件读写失败", "file input/output failed"},
	{"internal", "内部错误", "internal error"},
	{"db_unavailable", "数据库暂时无法连接，请稍后重试", "the database is unavailable, try again"},
	{"disk_full", "服务器磁盘已满，这次提交没有保存（已有记录仍可查看）：请联系管理员清理磁盘后重试",
	 "the server's disk is full and this was not stored (records can still be read): ask the "
	 "administrator to free some space, then try again"},
};

/* The table follows the enum: one row per code from ERR_OK down to ERR__MIN + 1. */
_Static_assert(sizeof(errs) / sizeof(errs[0]) == -ERR__MIN, "errs[] must name every enum err");

static int
idx(int code)
{
	if (code > 0 || code <= ERR__MIN)
		return -ERR_INTERNAL;
	return -code;
}

const char *
err_name(int code)
{
	return errs[idx(code)].name;
}

const char *
err_zh(int code)
{
	return errs[idx(code)].zh;
}

const char *
err_en(int code)
{
	return errs[idx(code)].en;
}

int
fault_set(struct fault *f, enum err code, const char *field, const char *zh, const char *en)
{
	if (f == NULL)
		return code;
	f->code = code;
	snprintf(f->field, sizeof(f->field), "%s", field ? field : "");
	snprintf(f->zh, sizeof(f->zh), "%s", zh ? zh : err_zh(code));
	snprintf(f->en, sizeof(f->en), "%s", en ? en : err_en(code));
	text_utf8_trim(f->zh);
	text_utf8_trim(f->en);
	return code;
}

int
fault_setf(struct fault *f, enum err code, const char *field, const char *zhfmt, const char *enfmt,
	   ...)
{
	va_list ap;

	if (f == NULL)
		return code;
	f->code = code;
	snprintf(f->field, sizeof(f->field), "%s", field ? field : "");
	/* zhfmt is checked by the compiler through the attribute on enfmt's
	 * twin: both formats take the same arguments (see err.h) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	va_start(ap, enfmt);
	vsnprintf(f->zh, sizeof(f->zh), zhfmt, ap);
	va_end(ap);
	va_start(ap, enfmt);
	vsnprintf(f->en, sizeof(f->en), enfmt, ap);
	va_end(ap);
#pragma GCC diagnostic pop
	text_utf8_trim(f->zh);
	text_utf8_trim(f->en);
	return code;
}
