/* resp.c: status codes and the bilingual error body; small request helpers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int
err_status(int code)
{
	switch (code) {
	case ERR_OK:
		return 200;
	case ERR_INVALID:
		return 422;
	case ERR_NOTFOUND:
		return 404;
	case ERR_CONFLICT:
		return 409;
	case ERR_DENIED:
		return 403;
	case ERR_UNAUTH:
		return 401;
	case ERR_TOOBIG:
		return 413;
	case ERR_THROTTLED:
		return 429;
	case ERR_DB:
	case ERR_SCHEMA:
	case ERR_UNAVAILABLE:
	case ERR_FULL:
		return 503;
	default:
		return 500;
	}
}

int
resp_json(struct resp *rs, int status, json_t *j)
{
	rs->status = status;
	if (rs->json)
		json_decref(rs->json);
	rs->json = j;
	return 0;
}

void
resp_error(struct resp *rs, int code, const struct fault *f)
{
	json_t *e;
	bool filled = f != NULL && f->code == code && f->zh[0] != '\0';

	e = json_pack("{s:s, s:s, s:s}", "code", err_name(code), "message",
		      filled ? f->zh : err_zh(code), "message_en", filled ? f->en : err_en(code));
	if (filled && f->field[0])
		json_object_set_new(e, "field", json_string(f->field));
	if (filled && f->row)
		json_object_set_new(e, "line", json_integer(f->row));
	resp_json(rs, err_status(code), json_pack("{s:o}", "error", e));
	/* the pool reconnects on its own: a client may send the same request again in a moment */
	if (code == ERR_UNAVAILABLE)
		rs->retry_after = 1;
}

void
resp_refused(struct resp *rs, int status)
{
	static const struct {
		int status, err;
		const char *code, *field, *zh, *en;
	} why[] = {
		{400, ERR_INVALID, "bad_request", "request", "请求格式不正确：请求行或请求头无法解析",
		 "the request is malformed: its request line or headers cannot be read"},
		{413, ERR_TOOBIG, "too_big", "Content-Length", "请求体过大",
		 "the request's body is too large"},
		{414, ERR_TOOBIG, "uri_too_long", "uri", "请求地址（URI）过长",
		 "the request's address (URI) is too long"},
		{431, ERR_TOOBIG, "headers_too_large", "headers",
		 "请求头过大（可能是 Cookie 过多），请清除本站的 Cookie 后重试",
		 "the request's headers are too large (too many cookies?): clear this site's cookies and retry"},
		{505, ERR_INVALID, "http_version", "version", "不支持该 HTTP 版本，请使用 HTTP/1.1",
		 "this HTTP version is not supported: use HTTP/1.1"},
	};
	struct fault f = {0};
	size_t i;

	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++)
		if (why[i].status == status)
			break;
	if (i == sizeof(why) / sizeof(why[0])) {
		resp_error(rs, ERR_INTERNAL, NULL);
		return;
	}
	fault_set(&f, (enum err)why[i].err, why[i].field, why[i].zh, why[i].en);
	resp_error(rs, why[i].err, &f);
	rs->status = status;
	json_object_set_new(json_object_get(rs->json, "error"), "code", json_string(why[i].code));
}

void
resp_spool_failed(struct resp *rs, int errnum)
{
	struct fault f = {0};
	bool full = errnum == ENOSPC || errnum == EDQUOT;

	/* the clerk can do nothing but wait: the administrator must free space or fix the disk */
	if (full)
		fault_set(&f, ERR_IO, "file", "服务器磁盘已满，上传的文件没有保存：请联系管理员清理磁盘后重新上传",
			  "the server's disk is full and the upload was not stored: ask the "
			  "administrator to free some space, then upload it again");
	else
		fault_setf(&f, ERR_IO, "file", "服务器写入磁盘出错，上传的文件没有保存：请联系管理员后重新上传",
			   "the server could not store the upload (%s): tell the administrator, then "
			   "upload it again", strerror(errnum));
	resp_error(rs, ERR_IO, &f);
	rs->status = 503;
	json_object_set_new(json_object_get(rs->json, "error"), "code",
			    json_string(full ? "disk_full" : "storage"));
}

const char *
req_query(const struct req *r, const char *key)
{
	int i;

	for (i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].key, key) == 0)
			return r->query[i].val;
	return NULL;
}

int64_t
req_param_id(const struct req *r, int i)
{
	const char *s;
	char *end;
	long long v;

	if (i >= r->nparams || (s = r->params[i]) == NULL || *s < '1' || *s > '9')
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}
