/* xlsx_fit.c: every column of a workbook as wide as its longest cell, as Excel's "autofit" would
 * make it, since LibreOffice and WPS open a file with the widths it says and cut the rest. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "api.h"
#include "arena.h"

#define FIT_MIN 8.0  /* Excel's default width, in characters of its digit 0 */
#define FIT_MAX 60.0 /* a title or a sentence spills over empty cells instead */
#define FIT_COLS 64

/* Columns a text fills: a CJK or full-width character is as wide as two digits. */
static double
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;

	while (*p) {
		unsigned cp;
		int n;

		if (*p < 0x80)
			cp = *p, n = 1;
		else if ((*p & 0xe0) == 0xc0)
			cp = *p & 0x1fu, n = 2;
		else if ((*p & 0xf0) == 0xe0)
			cp = *p & 0x0fu, n = 3;
		else
			cp = *p & 0x07u, n = 4;
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80) {
				n = i;
				break;
			}
			cp = (cp << 6) | (p[i] & 0x3fu);
		}
		p += n;
		w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
				     (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
				     (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
				     (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000
			     ? 2
			     : 1;
	}
	return w;
}

/* The widest cell of each column of a subtree of one row's cells (libxlsxwriter keeps them in a
 * red-black tree; an in-order walk needs only its links). */
static void
fit_cells(struct lxw_cell *c, const char *skip, double *w)
{
	const char *s = NULL;
	char num[32];
	double x;

	if (c == NULL)
		return;
	fit_cells(RB_LEFT(c, tree_pointers), skip, w);
	if (c->type == STRING_CELL)
		s = c->sst_string;
	else if (c->type == INLINE_STRING_CELL)
		s = c->u.string;
	else if (c->type == NUMBER_CELL) {
		snprintf(num, sizeof(num), "%.10g", c->u.number);
		s = num;
	}
	if (s && c->col_num < FIT_COLS && !(skip && c->row_num == 0 && strcmp(s, skip) == 0)) {
		x = text_width(s) + 2; /* a margin on each side, as a typed column has */
		if (x > w[c->col_num])
			w[c->col_num] = x;
	}
	fit_cells(RB_RIGHT(c, tree_pointers), skip, w);
}

static void
fit_rows(struct lxw_row *r, const char *skip, double *w)
{
	if (r == NULL)
		return;
	fit_rows(RB_LEFT(r, tree_pointers), skip, w);
	if (r->cells)
		fit_cells(r->cells->rbh_root, skip, w);
	fit_rows(RB_RIGHT(r, tree_pointers), skip, w);
}

void
xlsx_fit_columns(struct lxw_workbook *wb, const char *mark)
{
	lxw_sheet *sh;

	STAILQ_FOREACH(sh, wb->sheets, list_pointers) {
		lxw_worksheet *ws;
		double w[FIT_COLS] = {0};
		int c;

		if (sh->is_chartsheet)
			continue;
		ws = sh->u.worksheet;
		fit_rows(ws->table->rbh_root, mark && *mark ? mark : NULL, w);
		for (c = 0; c < FIT_COLS; c++)
			if (w[c] > 0)
				worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
						     w[c] < FIT_MIN ? FIT_MIN : w[c] > FIT_MAX ? FIT_MAX : w[c],
						     NULL);
	}
}

int
xlsx_close(struct lxw_workbook *wb, const char *path, struct arena *a, char **ret,
	   size_t *ret_len, struct fault *f)
{
	FILE *fp;
	long n;

	if (workbook_close(wb) != LXW_NO_ERROR) {
		unlink(path);
		return fault_set(f, ERR_IO, "", "无法生成 Excel 文件", "cannot write the workbook");
	}
	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0) {
		if (fp)
			fclose(fp);
		unlink(path);
		return fault_set(f, ERR_IO, "", "无法读取 Excel 文件", "cannot read the workbook back");
	}
	rewind(fp);
	*ret = arena_alloc(a, (size_t)n + 1);
	*ret_len = fread(*ret, 1, (size_t)n, fp);
	fclose(fp);
	unlink(path);
	return 0;
}
