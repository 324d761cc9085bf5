/* svc_list_read.c: a list from higher authorities read from its file (xlsx, xls or CSV, columns
 * found by their names), and the Chinese words of its classes and reasons. */
#include <sodium.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "sheet.h"
#include "svc_list.h"
#include "text.h"

/* ----- reading the file ----- */

enum lcol { L_IDNUM, L_PHONE, L_NAME, L_BIRTH, L_VILLAGE, L_ARRIVED, L_LEFT, L_ORIGIN, L_NOTE,
	    L__MAX };

static const char *const lcol_names[L__MAX][10] = {
	[L_IDNUM] = {"身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "id_number",
		     "id", NULL},
	[L_PHONE] = {"手机号", "手机号码", "联系电话", "电话", "手机", "电话号码", "phone", NULL},
	[L_NAME] = {"姓名", "名字", "旅客姓名", "name", NULL},
	[L_BIRTH] = {"出生日期", "出生年月", "生日", "birth_date", "birth", NULL},
	[L_VILLAGE] = {"村/社区", "村(社区)", "村", "社区", "区划代码", "village", NULL},
	[L_ARRIVED] = {"抵达日期", "到达日期", "返乡日期", "抵湘日期", "到达时间", "arrived_on", NULL},
	[L_LEFT] = {"离开日期", "离开时间", "离汉日期", "出发日期", "left_on", NULL},
	[L_ORIGIN] = {"来源地", "出发地", "从何地来", "来自", "途经地", "origin", "from_place", NULL},
	[L_NOTE] = {"备注", "来源说明", "说明", "note", NULL},
};

static int
lcol_of(struct arena *a, const char *cell, void *arg)
{
	char *s = text_squeeze(a, cell), *p;
	int c, i;

	(void)arg;
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (c = 0; c < L__MAX; c++)
		for (i = 0; lcol_names[c][i]; i++)
			if (strcmp(s, lcol_names[c][i]) == 0)
				return c;
	return -1;
}

/* The cells of a row joined by tabs, each cell's own tabs and line ends made spaces. */
static const char *
join_cells(struct arena *a, const struct csv_row *row)
{
	size_t n = 1, k = 0;
	char *ret, *p;
	int j;

	for (j = 0; j < row->nfields; j++)
		n += strlen(row->fields[j]) + 1;
	ret = arena_alloc(a, n);
	for (j = 0; j < row->nfields; j++) {
		if (j)
			ret[k++] = '\t';
		for (p = row->fields[j]; *p; p++)
			ret[k++] = *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p;
	}
	ret[k] = '\0';
	return ret;
}

int
svc_list_read(struct svc *s, const char *data, size_t n, const char *sheet,
	      struct svc_list_file *ret)
{
	struct sheet_opts so = {.max_rows = LIST_MAX_ROWS, .column = lcol_of,
				.sheet_name = sheet && *sheet ? sheet : NULL};
	static const char *const kinds[] = {[SHEET_CSV] = "csv", [SHEET_XLSX] = "xlsx",
					    [SHEET_XLS] = "xls"};
	unsigned char digest[crypto_hash_sha256_BYTES];
	int col[L__MAX], i, j, rc;
	struct sheet sh;

	memset(ret, 0, sizeof(*ret));
	if (data == NULL || n == 0)
		return fault_set(s->fault, ERR_INVALID, "file", "请上传名单文件（.xlsx、.xls 或 CSV）",
				 "send the list (.xlsx, .xls or CSV)");
	if ((rc = sheet_read(s->arena, data, n, &so, &sh, s->fault))) {
		if (rc == ERR_TOOBIG)
			return fault_setf(s->fault, ERR_TOOBIG, "file", "名单超过 %d 行，请分成几个文件",
					  "the list has more than %d rows: split it into several files",
					  LIST_MAX_ROWS);
		return rc;
	}
	for (i = 0; i < L__MAX; i++)
		col[i] = -1;
	for (j = 0; j < sh.t.nheader; j++) {
		int c = lcol_of(s->arena, sh.t.header[j], NULL);

		if (c >= 0 && col[c] < 0)
			col[c] = j;
	}
	if (col[L_IDNUM] < 0 && col[L_PHONE] < 0 && col[L_NAME] < 0)
		return fault_setf(s->fault, ERR_INVALID, "header",
				  "第%d行表头须有“身份证号”“手机号”或“姓名”列", 
				  "the header (line %d) needs an ID number (身份证号), phone (手机号) or "
				  "name (姓名) column",
				  sh.header_line);
	ret->kind = kinds[sh.kind];
	ret->sheets = sh.sheets;
	ret->nsheets = sh.nsheets;
	ret->sheet = so.sheet_name ? so.sheet_name : sh.nsheets ? sh.sheets[0] : NULL;
	crypto_hash_sha256(digest, (const unsigned char *)data, n);
	sodium_bin2hex(ret->sha256, sizeof(ret->sha256), digest, sizeof(digest));
	ret->rows = arena_alloc(s->arena, sizeof(*ret->rows) * (size_t)(sh.t.nrows ? sh.t.nrows : 1));
	for (i = 0; i < sh.t.nrows; i++) {
		const struct csv_row *row = &sh.t.rows[i];
		struct svc_list_row *r = &ret->rows[ret->n++];
		const char *v[L__MAX];

		for (j = 0; j < L__MAX; j++)
			v[j] = col[j] >= 0 && col[j] < row->nfields ? row->fields[col[j]] : NULL;
		r->line = row->line;
		r->cells = join_cells(s->arena, row);
		r->id_number = v[L_IDNUM];
		r->lost_digits = col[L_IDNUM] >= 0 && v[L_IDNUM] && *v[L_IDNUM] &&
				 sheet_lost_digits(&sh, i, col[L_IDNUM]);
		r->phone = v[L_PHONE];
		r->name = v[L_NAME] ? text_normalize(s->arena, v[L_NAME]) : NULL;
		r->birth = v[L_BIRTH] && *v[L_BIRTH] ? sheet_date_text(s->arena, v[L_BIRTH]) : NULL;
		r->village = v[L_VILLAGE];
		r->arrived_on = v[L_ARRIVED] && *v[L_ARRIVED] ? sheet_date_text(s->arena, v[L_ARRIVED]) : NULL;
		r->left_on = v[L_LEFT] && *v[L_LEFT] ? sheet_date_text(s->arena, v[L_LEFT]) : NULL;
		r->origin = v[L_ORIGIN] ? text_normalize(s->arena, v[L_ORIGIN]) : NULL;
		r->note = v[L_NOTE] ? text_normalize(s->arena, v[L_NOTE]) : NULL;
	}
	return 0;
}

/* ----- the words ----- */

const char *
svc_list_class_zh(const char *cls)
{
	static const char *const w[][2] = {
	    {"already_watched", "已在观察"}, {"found", "在册未观察"}, {"possible", "疑似匹配待核实"},
	    {"not_found", "本辖区查无此人"}, {"refused", "信息不全无法比对"},
	    {"duplicates_in_list", "名单内重复"}, {NULL, NULL}};
	int i;

	for (i = 0; cls && w[i][0]; i++)
		if (strcmp(cls, w[i][0]) == 0)
			return w[i][1];
	return cls ? cls : "";
}

const char *
svc_list_reason_zh(const char *reason)
{
	static const char *const w[][2] = {
	    {"id_number", "身份证号一致"},          {"phone", "手机号一致"},
	    {"name_birth", "姓名与出生日期一致"},    {"near_id_check", "身份证号仅校验位不同"},
	    {"near_phone", "同名且手机号差一位或两位颠倒"}, {"near_name", "姓名异体字"},
	    {"near_village", "同名同生日但村不同"},  {"several", "多人共用此号码"},
	    {"rejected", "经核实不是此人"},          {NULL, NULL}};
	int i;

	for (i = 0; reason && w[i][0]; i++)
		if (strcmp(reason, w[i][0]) == 0)
			return w[i][1];
	return reason ? reason : "";
}
