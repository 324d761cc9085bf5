/* import.c: the resident import: the town's registers (.xlsx, .xls or CSV), all rows or none. */
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "sheet.h"
#include "person.h"
#include "text.h"

#define IMPORT_MAX_ROWS 200000
#define IMPORT_MAX_ERRORS 1000

enum col { C_NAME, C_IDNUM, C_PHONE, C_ADDRESS, C_VILLAGE, C_GRID, C_RELATION, C_RESIDENCE,
	   C_TAGS, C_GENDER, C_BIRTH, C_NOTES, C__MAX };


/* Header words as clerks write them, after normalisation (full-width
 * brackets are ASCII by then) and with ASCII letters lower-cased. */
static const char *const col_names[C__MAX][10] = {
	[C_NAME] = {"姓名", "名字", "name", NULL},
	[C_IDNUM] = {"身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "id_number",
		     "idnumber", "id", NULL},
	[C_PHONE] = {"联系电话", "手机号", "手机号码", "手机", "电话", "联系方式", "phone", "mobile",
		     NULL},
	[C_ADDRESS] = {"住址", "地址", "家庭住址", "现住址", "居住地址", "address", NULL},
	[C_VILLAGE] = {"村", "社区", "村/社区", "村(社区)", "所属村", "村社区", "village",
		       "community", NULL},
	[C_GRID] = {"组", "网格", "组/网格", "村民小组", "所属网格", "组(网格)", "grid", "group", NULL},
	[C_RELATION] = {"与户主关系", "户主", "关系", "relation", NULL},
	[C_RESIDENCE] = {"人员类别", "居住状态", "人员类型", "户籍状态", "residence", NULL},
	[C_TAGS] = {"标签", "身份", "tags", NULL},
	[C_GENDER] = {"性别", "gender", "sex", NULL},
	[C_BIRTH] = {"出生日期", "出生年月", "birth_date", "birthday", NULL},
	[C_NOTES] = {"备注", "notes", "note", NULL},
};

static int
col_of(struct arena *a, const char *header)
{
	char *h = text_squeeze(a, header), *p;
	int c, i;

	for (p = h; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (c = 0; c < C__MAX; c++)
		for (i = 0; col_names[c][i]; i++)
			if (strcmp(h, col_names[c][i]) == 0)
				return c;
	return -1;
}

/* header_column is col_of for sheet_read: which header cells are the import's columns. */
static int
header_column(struct arena *a, const char *cell, void *arg)
{
	(void)arg;
	return col_of(a, cell);
}

/* A good row: what svc_person_import_row writes, and its line for the errors. */
struct row {
	int line;
	struct person_row w;
};

struct ctx {
	struct arena *a;
	struct area *areas;
	int nareas;
	const char *scope;
	json_t *errors;
	int nerrors;
	/* the last village and grid cells and what they named: a register lists a grid's people
	 * together, so most rows name the areas of the row before (NULL: none yet) */
	const char *vcell, *gcell;
	const struct area *village, *gvillage, *grid;
	bool gamb;
};

static void
row_error(struct ctx *x, int line, const char *field, const char *zh, const char *en)
{
	x->nerrors++;
	if (x->nerrors > IMPORT_MAX_ERRORS)
		return;
	json_array_append_new(x->errors, json_pack("{s:i, s:s, s:s, s:s}", "line", line, "field",
						   field, "message", zh, "message_en", en));
}

static bool
in_scope(const struct ctx *x, const char *code)
{
	return strncmp(code, x->scope, strlen(x->scope)) == 0;
}

/* Find the village of a cell: its 12-digit code or its exact name. */
static const struct area *
find_village(const struct ctx *x, const char *s)
{
	int i;

	for (i = 0; i < x->nareas; i++)
		if (x->areas[i].level == 3 &&
		    (strcmp(x->areas[i].code, s) == 0 || strcmp(x->areas[i].name, s) == 0))
			return &x->areas[i];
	return NULL;
}

/* Find a grid by code, by name (within the village when known), or by its number ("3", "3组"). */
static const struct area *
find_grid(const struct ctx *x, const struct area *village, const char *s, bool *ret_ambiguous)
{
	const struct area *hit = NULL;
	int i, num = -1;
	char code[32];

	*ret_ambiguous = false;
	if (strlen(s) <= 3 && s[0] >= '0' && s[0] <= '9')
		num = atoi(s);
	for (i = 0; i < x->nareas; i++) {
		const struct area *g = &x->areas[i];

		if (g->level != 4)
			continue;
		if (village && strncmp(g->code, village->code, 12) != 0)
			continue;
		if (num > 0 && village) {
			snprintf(code, sizeof(code), "%.12s%03d", village->code, num);
			if (strcmp(g->code, code) == 0)
				return g;
		}
		if (strcmp(g->code, s) == 0)
			return g;
		if (strcmp(g->name, s) == 0) {
			if (hit)
				*ret_ambiguous = true;
			hit = g;
		}
	}
	return hit;
}

static const char *
cell(const struct csv_row *r, const int *map, enum col c)
{
	int i = map[c];

	if (i < 0 || i >= r->nfields || r->fields[i] == NULL)
		return NULL;
	return r->fields[i];
}

/* Validate data row i of the sheet into rw; errors go to x.  Returns true when good. */
static bool
check_row(struct ctx *x, const struct sheet *sh, int i, const int *map, struct row *rw)
{
	const struct csv_row *r = &sh->t.rows[i];
	struct person_input in = {0};
	struct fault f = {0};
	const char *vcell = cell(r, map, C_VILLAGE), *gcell = cell(r, map, C_GRID);
	const struct area *village = NULL, *grid = NULL, *where = NULL;
	bool amb;

	memset(rw, 0, sizeof(*rw));
	rw->line = r->line;
	if (sheet_lost_digits(sh, i, map[C_IDNUM])) {
		const char *shown = cell(r, map, C_IDNUM);

		row_error(x, r->line, "id_number",
			  arena_printf(x->a, "第%d行：身份证号被 Excel 存成了数字（%s），后几位可能已经丢失："
					     "请把这一列设为“文本”格式后重新录入身份证号",
				       r->line, shown),
			  arena_printf(x->a, "row %d: Excel stored the ID number as a number (%s) and "
					     "may have lost its last digits: format the column as Text "
					     "and type the ID numbers again",
				       r->line, shown));
		return false;
	}
	in.name = cell(r, map, C_NAME) ? cell(r, map, C_NAME) : "";
	in.id_number = cell(r, map, C_IDNUM);
	in.phone = cell(r, map, C_PHONE);
	in.relation = cell(r, map, C_RELATION);
	in.residence = cell(r, map, C_RESIDENCE);
	in.tags = cell(r, map, C_TAGS);
	in.gender = cell(r, map, C_GENDER);
	in.birth_date = sheet_date_text(x->a, cell(r, map, C_BIRTH)); /* 43864, 2020/2/3 too */
	in.notes = cell(r, map, C_NOTES);
	if (svc_person_fill(x->a, &in, &rw->w.p, &f)) {
		row_error(x, r->line, f.field, f.zh, f.en);
		return false;
	}
	rw->w.head = rw->w.p.relation && strcmp(rw->w.p.relation, "户主") == 0;
	if (vcell && *vcell) {
		if (x->vcell == NULL || strcmp(x->vcell, vcell) != 0) {
			x->vcell = vcell;
			x->village = find_village(x, vcell);
		}
		if ((village = x->village) == NULL) {
			row_error(x, r->line, "village",
				  arena_printf(x->a, "村（社区）“%s”不存在或不在您的辖区内", vcell),
				  arena_printf(x->a, "village \"%s\" is unknown or outside your area",
					       vcell));
			return false;
		}
		where = village;
	}
	if (gcell && *gcell) {
		if (x->gcell == NULL || x->gvillage != village || strcmp(x->gcell, gcell) != 0) {
			x->gcell = gcell;
			x->gvillage = village;
			x->grid = find_grid(x, village, gcell, &x->gamb);
		}
		grid = x->grid;
		amb = x->gamb;
		if (grid == NULL || amb) {
			row_error(x, r->line, "grid",
				  arena_printf(x->a, amb ? "网格“%s”有重名，请写明村（社区）或用代码"
							 : "网格“%s”不存在或不在您的辖区内",
					       gcell),
				  arena_printf(x->a, amb ? "grid \"%s\" is ambiguous: give the village or the code"
							 : "grid \"%s\" is unknown or outside your area",
					       gcell));
			return false;
		}
		where = grid;
	}
	if (where == NULL) {
		/* a grid worker's own sheet need not name the grid */
		if (strlen(x->scope) == 15) {
			int k;

			for (k = 0; k < x->nareas; k++)
				if (strcmp(x->areas[k].code, x->scope) == 0)
					where = &x->areas[k];
		}
		if (where == NULL) {
			row_error(x, r->line, "village", "缺少村（社区）或网格",
				  "the village/community or grid is missing");
			return false;
		}
	}
	if (!in_scope(x, where->code)) {
		row_error(x, r->line, where->level == 4 ? "grid" : "village",
			  arena_printf(x->a, "“%s”不在您的辖区内", where->name),
			  arena_printf(x->a, "\"%s\" is outside your area", where->code));
		return false;
	}
	rw->w.area = where;
	rw->w.address = cell(r, map, C_ADDRESS);
	if (rw->w.address && *rw->w.address == '\0')
		rw->w.address = NULL;
	if (rw->w.address && text_utf8_len(rw->w.address) > 200) {
		row_error(x, r->line, "address", "住址过长（最多 200 个字）",
			  "the address is too long (at most 200 characters)");
		return false;
	}
	return true;
}

/* Write the n good rows from rw (svc_person_import_rows), counting into res.  A row the
 * operation refuses (a resident of another area) is collected like a bad cell. */
static int
write_rows(struct svc *s, struct person_import *imp, struct ctx *x, struct row *rw, int n,
	   struct import_result *res)
{
	struct person_row *w[PERSON_IMPORT_CHUNK];
	struct person_row_result out[PERSON_IMPORT_CHUNK];
	int i, rc;

	for (i = 0; i < n; i++)
		w[i] = &rw[i].w;
	if ((rc = svc_person_import_rows(s, imp, w, n, out)))
		return rc;
	for (i = 0; i < n; i++) {
		if (out[i].refused) {
			row_error(x, rw[i].line, out[i].fault.field, out[i].fault.zh,
				  out[i].fault.en);
			continue;
		}
		res->households_created += out[i].household_created;
		res->created += out[i].outcome == PERSON_ROW_CREATED;
		res->updated += out[i].outcome == PERSON_ROW_UPDATED;
		res->unchanged += out[i].outcome == PERSON_ROW_UNCHANGED;
	}
	return 0;
}

int
import_residents(struct svc *s, const char *data, size_t n, const char *sheet, bool dry_run,
		 struct import_result *res)
{
	struct dbc *c = s->db;
	struct arena *a = s->arena;
	struct fault *f = s->fault;
	const char *scope = s->scope;
	struct sheet_opts so = {.max_rows = IMPORT_MAX_ROWS, .column = header_column,
				.sheet_name = sheet && *sheet ? sheet : NULL};
	struct sheet sh;
	struct csv_table t;
	struct ctx x = {0};
	struct row *rows;
	struct person_import *imp;
	int map[C__MAX], i, rc, nrows = 0;
	unsigned char digest[32];
	char hex[65];

	memset(res, 0, sizeof(*res));
	res->errors = json_array();
	if ((rc = sheet_read(a, data, n, &so, &sh, f)))
		return rc;
	t = sh.t;
	res->encoding = t.encoding;
	res->rows = t.nrows;
	for (i = 0; i < C__MAX; i++)
		map[i] = -1;
	for (i = 0; i < t.nheader; i++) {
		int col = col_of(a, t.header[i]);

		if (col >= 0 && map[col] < 0)
			map[col] = i;
	}
	if (map[C_NAME] < 0)
		return fault_setf(f, ERR_INVALID, "name", "表头缺少“姓名”列（第%d行）",
				  "the header (line %d) has no name column (姓名)",
				  sh.header_line > 0 ? sh.header_line : 1);
	if (t.nrows == 0)
		return fault_set(f, ERR_INVALID, "rows", "文件中没有数据行", "the file has no data rows");

	x.a = a;
	x.scope = scope;
	x.errors = res->errors;
	if ((rc = db_area_list(c, a, scope, &x.areas, &x.nareas)))
		return rc;
	rows = arena_alloc(a, sizeof(*rows) * (size_t)t.nrows);
	for (i = 0; i < t.nrows; i++)
		if (check_row(&x, &sh, i, map, &rows[nrows]))
			nrows++;
	{
		/* the same ID number twice in one file is a mistake in the file:
		 * found with a small open-addressing table of ID numbers */
		size_t cap = 1;
		const struct row **tab;

		while (cap < (size_t)nrows * 2 + 2)
			cap <<= 1;
		tab = arena_alloc(a, sizeof(*tab) * cap);
		for (i = 0; i < nrows; i++) {
			const char *id = rows[i].w.p.id_number;
			size_t h = 5381;
			const char *p;

			if (id == NULL)
				continue;
			for (p = id; *p; p++)
				h = h * 33 + (unsigned char)*p;
			for (h &= cap - 1; tab[h] != NULL; h = (h + 1) & (cap - 1))
				if (strcmp(tab[h]->w.p.id_number, id) == 0) {
					row_error(&x, rows[i].line, "id_number",
						  arena_printf(a, "身份证号与第 %d 行重复", tab[h]->line),
						  arena_printf(a, "the same ID number as line %d",
							       tab[h]->line));
					break;
				}
			if (tab[h] == NULL)
				tab[h] = &rows[i];
		}
	}
	if (x.nerrors)
		goto invalid;

	if ((rc = dbc_begin(c)))
		return rc;
	imp = svc_person_import_begin(s);
	/* a refused row is collected and the others still written, to find them all */
	for (i = 0; i < nrows; i += PERSON_IMPORT_CHUNK) {
		int k = nrows - i < PERSON_IMPORT_CHUNK ? nrows - i : PERSON_IMPORT_CHUNK;

		if ((rc = write_rows(s, imp, &x, &rows[i], k, res))) {
			dbc_rollback(c);
			return fault_setf(f, rc, "", "第 %d 至 %d 行写入失败（%s），未导入任何数据",
					  "lines %d to %d could not be written (%s): "
					  "nothing was imported",
					  rows[i].line, rows[i + k - 1].line, err_name(rc));
		}
	}
	if (x.nerrors == 0 && (rc = svc_person_import_end(s, imp))) {
		dbc_rollback(c);
		return fault_setf(f, rc, "", "导入的户和人数写入失败（%s），未导入任何数据",
				  "the counts of the imported households could not be written (%s): "
				  "nothing was imported",
				  err_name(rc));
	}
	if (x.nerrors) {
		dbc_rollback(c);
		goto invalid;
	}
	/* libcrypto's SHA-256 uses the CPU's SHA instructions where libsodium's is portable C: a
	 * tenth of the time on a register of 100,000 rows (the same digest either way) */
	if (EVP_Digest(data, n, digest, NULL, EVP_sha256(), NULL) != 1)
		crypto_hash_sha256(digest, (const unsigned char *)data, n);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	res->dry_run = dry_run;
	if (dry_run) {
		/* the counts are real because the writes were: now undo them */
		dbc_rollback(c);
		return 0;
	}
	if ((rc = db_import_record(c, "residents", hex, t.encoding, t.nrows, res->created,
				   res->updated, res->unchanged, svc_user_id(s))) ||
	    (rc = dbc_commit(c)))
		return rc;
	return 0;
invalid:
	return fault_setf(f, ERR_INVALID, "", "有 %d 行数据有误，未导入任何数据，请改正后重新导入",
			  "%d rows are wrong; nothing was imported: correct them and import again",
			  x.nerrors);
}
