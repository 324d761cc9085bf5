/* import_kp.c: a list of key persons (from a higher authority, a checkpoint, a sweep) as .xlsx,
 * .xls or CSV:
 * every row registered for observation (svc_monitor_enrol, as the hand-offs do), or none. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "sheet.h"
#include "idnum.h"
#include "monitor.h"
#include "observation.h"
#include "text.h"

#define KP_IMPORT_MAX_ROWS 50000

enum kcol { K_NAME, K_IDNUM, K_PHONE, K_VILLAGE, K_GRID, K_ADDRESS, K_FROM, K_LEFT, K_ARRIVED,
	    K_TRANSPORT, K_TRANSPORT_NO, K_REASON, K_FOUND, K_KIND, K_SITE, K__MAX };

static const char *const kcol_names[K__MAX][8] = {
	[K_NAME] = {"姓名", "name", NULL},
	[K_IDNUM] = {"身份证号", "身份证号码", "公民身份号码", "证件号码", "id_number", NULL},
	[K_PHONE] = {"联系电话", "手机号", "手机号码", "电话", "phone", NULL},
	[K_VILLAGE] = {"村/社区", "村(社区)", "村", "社区", "village", NULL},
	[K_GRID] = {"组/网格", "网格", "组", "grid", NULL},
	[K_ADDRESS] = {"住址", "现住址", "地址", "address", NULL},
	[K_FROM] = {"来源地", "从何地来", "出发地", "来自", "from_place", NULL},
	[K_LEFT] = {"离开日期", "离开时间", "left_on", NULL},
	[K_ARRIVED] = {"抵达日期", "返乡日期", "到达日期", "返回日期", "arrived_on", NULL},
	[K_TRANSPORT] = {"交通方式", "transport", NULL},
	[K_TRANSPORT_NO] = {"车次/航班/车牌", "车次", "航班", "车牌", "车次航班", "transport_no", NULL},
	[K_REASON] = {"人员类型", "原因", "类别", "reason", NULL},
	[K_FOUND] = {"发现途径", "来源渠道", "found_by", NULL},
	[K_KIND] = {"观察方式", "管控方式", "kind", NULL},
	[K_SITE] = {"隔离点", "site", NULL},
};

static int
kcol_of(struct arena *a, const char *h)
{
	char *s = text_squeeze(a, h), *p;
	int c, i;

	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (c = 0; c < K__MAX; c++)
		for (i = 0; kcol_names[c][i]; i++)
			if (strcmp(s, kcol_names[c][i]) == 0)
				return c;
	return -1;
}

/* header_column is kcol_of for sheet_read: which header cells are the list's columns. */
static int
header_column(struct arena *a, const char *cell, void *arg)
{
	(void)arg;
	return kcol_of(a, cell);
}

/* A cell's word to the stored key: the clerk's Chinese or the key itself. */
static const char *
word(const char *s, const char *const pairs[][2], const char *def)
{
	int i;

	if (s == NULL || *s == '\0')
		return def;
	for (i = 0; pairs[i][0]; i++)
		if (strstr(s, pairs[i][0]) != NULL || strcmp(s, pairs[i][1]) == 0)
			return pairs[i][1];
	return NULL;
}

static const char *const reason_words[][2] = {
	{"密切接触", "close_contact"}, {"密接", "close_contact"}, {"高风险", "high_risk_area"},
	{"湖北", "high_risk_area"},     {"武汉", "high_risk_area"}, {"返乡", "high_risk_area"},
	{"其他", "other"},              {NULL, NULL}};
static const char *const found_words[][2] = {
	{"自主申报", "self_report"}, {"自报", "self_report"}, {"卡口", "checkpoint"},
	{"排查", "sweep"},           {"大数据", "big_data"},  {"举报", "tip"},
	{"其他", "other"},           {NULL, NULL}};
static const char *const kind_words[][2] = {
	{"集中", "centralised"}, {"居家", "home"}, {NULL, NULL}};
static const char *const transport_words[][2] = {
	{"火车", "train"}, {"高铁", "train"}, {"动车", "train"}, {"飞机", "flight"},
	{"航班", "flight"}, {"自驾", "car"},  {"小车", "car"},   {"私家车", "car"},
	{"大巴", "bus"},    {"客车", "bus"},  {"汽车", "bus"},   {"其他", "other"},
	{NULL, NULL}};

static void
row_error(json_t *errs, int *n, int line, const char *field, const char *zh, const char *en)
{
	if (++*n <= 1000)
		json_array_append_new(errs, json_pack("{s:i, s:s, s:s, s:s}", "line", line, "field",
						      field, "message", zh, "message_en", en));
}

int
import_key_persons(struct dbc *c, struct arena *a, const char *data, size_t n, const char *sheet,
		   const char *scope, bool dry_run, int64_t user_id, const char *username,
		   struct import_result *res, struct fault *f)
{
	struct sheet_opts so = {.max_rows = KP_IMPORT_MAX_ROWS, .column = header_column,
				.sheet_name = sheet && *sheet ? sheet : NULL};
	struct sheet sh;
	struct csv_table t;
	struct monitor_settings set;
	/* the importing user acts through the operations, in the scope given */
	struct user u = {.id = user_id, .username = (char *)username};
	struct svc sv = {.db = c, .arena = a, .user = &u, .perms = ~0u, .scope = scope,
			 .ip = "local"};
	int map[K__MAX], i, rc, nerr = 0;
	char today[11];

	memset(res, 0, sizeof(*res));
	res->errors = json_array();
	if ((rc = sheet_read(a, data, n, &so, &sh, f)))
		return rc;
	t = sh.t;
	res->encoding = t.encoding;
	res->rows = t.nrows;
	for (i = 0; i < K__MAX; i++)
		map[i] = -1;
	for (i = 0; i < t.nheader; i++) {
		int col = kcol_of(a, t.header[i]);

		if (col >= 0 && map[col] < 0)
			map[col] = i;
	}
	if (map[K_NAME] < 0 || map[K_IDNUM] < 0)
		return fault_setf(f, ERR_INVALID, "header", "表头须有“姓名”和“身份证号”两列（第%d行）",
				  "the header (line %d) needs the name (姓名) and ID number (身份证号) columns",
				  sh.header_line > 0 ? sh.header_line : 1);
	svc_monitor_settings(&sv, &set);
	clock_local_date(clock_now(), today);
	if ((rc = dbc_begin(c)))
		return rc;
	for (i = 0; i < t.nrows; i++) {
		const struct csv_row *row = &t.rows[i];
#define CELL(k) (map[k] >= 0 && map[k] < row->nfields && row->fields[map[k]] && *row->fields[map[k]] ? row->fields[map[k]] : NULL)
		struct key_person k;
		struct person p;
		struct idnum id;
		struct fault rf = {0};
		char end[11], code[SELF_CODE_SIZE];
		const char *s;
		int y, m, d;

		memset(&k, 0, sizeof(k));
		if (sheet_lost_digits(&sh, i, map[K_IDNUM])) {
			row_error(res->errors, &nerr, row->line, "id_number",
				  arena_printf(a, "第%d行：身份证号被 Excel 存成了数字（%s），后几位可能已经丢失："
						  "请把这一列设为“文本”格式后重新录入身份证号",
					       row->line, CELL(K_IDNUM)),
				  arena_printf(a, "row %d: Excel stored the ID number as a number (%s) and "
						  "may have lost its last digits: format the column as Text "
						  "and type the ID numbers again",
					       row->line, CELL(K_IDNUM)));
			continue;
		}
		if (CELL(K_IDNUM) == NULL ||
		    idnum_parse(text_squeeze(a, CELL(K_IDNUM)), &id, &rf) != 0) {
			row_error(res->errors, &nerr, row->line, "id_number",
				  rf.zh[0] ? rf.zh : "缺少身份证号", rf.en[0] ? rf.en : "the ID number is missing");
			continue;
		}
		rc = db_person_get_by_idnum(c, a, id.number, &p);
		if (rc == ERR_NOTFOUND) {
			row_error(res->errors, &nerr, row->line, "id_number",
				  "登记库中没有此身份证号：请先把此人导入人员名册（或在界面中作为新来人员登记）",
				  "this ID number is not in the registry: import the person first, or register them as a newcomer in the UI");
			continue;
		}
		if (rc) {
			dbc_rollback(c);
			return rc;
		}
		if (!svc_in_scope(&sv, p.area_code)) {
			/* neither the person nor their area: this user may not see them */
			row_error(res->errors, &nerr, row->line, "id_number", ID_ELSEWHERE_ZH,
				  ID_ELSEWHERE_EN);
			continue;
		}
		if (p.merged_into) {
			row_error(res->errors, &nerr, row->line, "id_number",
				  "此身份证号的记录已合并到另一条记录，请在界面中登记保留的记录",
				  "this ID number's record was merged into another: register the one kept, in the UI");
			continue;
		}
		if (CELL(K_NAME) && strcmp(text_normalize(a, CELL(K_NAME)), p.name) != 0) {
			row_error(res->errors, &nerr, row->line, "name",
				  arena_printf(a, "姓名与登记库不符（登记为 %s）", p.name),
				  arena_printf(a, "the name differs from the registry's (%s)", p.name));
			continue;
		}
		k.from_place = (char *)(CELL(K_FROM) ? CELL(K_FROM) : "");
		k.reason = (char *)word(CELL(K_REASON), reason_words, *k.from_place ? "high_risk_area" : "other");
		k.found_by = (char *)word(CELL(K_FOUND), found_words, "big_data");
		k.kind = (char *)word(CELL(K_KIND), kind_words, "home");
		k.transport = (char *)word(CELL(K_TRANSPORT), transport_words, "");
		k.transport_no = CELL(K_TRANSPORT_NO) ? text_code(a, CELL(K_TRANSPORT_NO)) : (char *)"";
		k.site = (char *)(CELL(K_SITE) ? CELL(K_SITE) : "");
		if (!k.reason || !k.found_by || !k.kind || !k.transport) {
			const char *fld = !k.reason ? "reason" : !k.found_by ? "found_by" : !k.kind ? "kind" : "transport";

			row_error(res->errors, &nerr, row->line, fld, arena_printf(a, "%s 一栏的值看不懂", fld),
				  arena_printf(a, "the %s cell is not understood", fld));
			continue;
		}
		/* dates are codes: ２０２０－０２－０３ too, and Excel's 43864 or 2020/2/3 */
		s = sheet_date_text(a, text_code(a, CELL(K_ARRIVED)));
		if (s && (clock_parse_date(s, &y, &m, &d) || strcmp(s, today) > 0)) {
			row_error(res->errors, &nerr, row->line, "arrived_on",
				  "抵达日期应为不晚于今天的 YYYY-MM-DD", "arrived_on must be a YYYY-MM-DD no later than today");
			continue;
		}
		k.arrived_on = (char *)s;
		s = sheet_date_text(a, text_code(a, CELL(K_LEFT)));
		if (s && (clock_parse_date(s, &y, &m, &d) || (k.arrived_on && strcmp(s, k.arrived_on) > 0))) {
			row_error(res->errors, &nerr, row->line, "left_on",
				  "离开日期应为 YYYY-MM-DD，且不晚于抵达日期", "left_on must be a YYYY-MM-DD not after arrived_on");
			continue;
		}
		k.left_on = (char *)s;
		if (strcmp(k.reason, "high_risk_area") == 0 && k.arrived_on == NULL) {
			row_error(res->errors, &nerr, row->line, "arrived_on",
				  "来自高风险地区的人员须填写抵达日期", "someone from a high-risk area needs arrived_on");
			continue;
		}
		if (strcmp(k.kind, "centralised") == 0 && *k.site == '\0') {
			row_error(res->errors, &nerr, row->line, "site", "集中隔离须填写隔离点",
				  "centralised isolation needs the site");
			continue;
		}
		k.start_date = (char *)(k.arrived_on ? k.arrived_on : today);
		k.days = strcmp(k.kind, "home") == 0 ? set.days_home : set.days_centralised;
		obs_end_date(k.start_date, k.days, end);
		k.end_date = arena_strdup(a, end);
		sv.fault = &rf;
		rc = svc_monitor_enrol(&sv, &k, &p, code);
		if (rc == ERR_CONFLICT) {
			res->unchanged++; /* already under observation: a list seen twice changes nothing */
			continue;
		}
		if (rc) {
			dbc_rollback(c);
			return fault_setf(f, rc, "", "第 %d 行写入失败（%s）", "line %d could not be written (%s)",
					  row->line, err_name(rc));
		}
		res->created++;
#undef CELL
	}
	res->dry_run = dry_run;
	if (nerr) {
		dbc_rollback(c);
		return fault_setf(f, ERR_INVALID, "", "有 %d 行数据有误，未登记任何人员，请改正后重新导入",
				  "%d rows are wrong; nobody was registered: correct them and import again", nerr);
	}
	if (dry_run) {
		dbc_rollback(c);
		return 0;
	}
	return dbc_commit(c);
}
