/* csvread.c: a spreadsheet exported as CSV, decoded, split into records, normalised. */
#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "csvread.h"
#include "err.h"
#include "text.h"

/* No registry sheet has this many columns; a file that does is not one. */
#define MAX_COLUMNS 256

/* libcsv's parser state while inside a field (not exported by csv.h). */
#define LIBCSV_FIELD_BEGUN 2

struct reader {
	struct arena *a;
	struct buf cell; /* scratch for one raw cell */
	char **fields;   /* the record being read (heap) */
	int nfields, capfields;
	struct csv_row *rows; /* data rows so far (heap) */
	int nrows, caprows;
	char **header;
	int nheader;
	int max_rows;
	int line;   /* physical line being fed to libcsv */
	int start;  /* line where the current record started */
	bool await; /* between records: the next content starts one */
	int err;    /* first failure seen in a callback */
	int err_line;
	bool too_wide; /* err is ERR_TOOBIG for columns, not rows */
};

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL)
		abort(); /* as arena.c and buf.c do: no half-built imports */
	return p;
}

/* is_tab_space tells libcsv that only ' ' pads a field in a tab-separated
 * file: the default also skips tabs, which would merge empty columns. */
static int
is_tab_space(unsigned char c)
{
	return c == ' ';
}

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->err != 0)
		return;
	if (r->nfields >= MAX_COLUMNS) {
		r->err = ERR_TOOBIG;
		r->err_line = r->start;
		r->too_wide = true;
		return;
	}
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 16;
		r->fields = xrealloc(r->fields, (size_t)r->capfields * sizeof(*r->fields));
	}
	buf_reset(&r->cell);
	if (len > 0)
		buf_add(&r->cell, s, len);
	r->fields[r->nfields++] = text_normalize(r->a, len > 0 ? r->cell.p : "");
}

/* used_width is the number of fields up to and including the last non-empty one. */
static int
used_width(char **fields, int n)
{
	while (n > 0 && fields[n - 1][0] == '\0')
		n--;
	return n;
}

bool
csv_is_watermark(const char *cell)
{
	/* "导出：…编号 EX-…" (csv_watermark in api_export.c), its colon maybe made half-width */
	return cell && (strncmp(cell, "导出：", strlen("导出：")) == 0 || strncmp(cell, "导出:", 7) == 0) &&
	       strstr(cell, " EX-") != NULL;
}

static void
on_record(int c, void *data)
{
	struct reader *r = data;
	struct csv_row *row;
	int width, i;

	(void)c;
	if (r->err != 0)
		return;
	width = used_width(r->fields, r->nfields);
	r->await = true;
	if (width == 0) {
		r->nfields = 0; /* a blank record: ",,," or only spaces */
		return;
	}
	if (r->header == NULL && width == 1 && csv_is_watermark(r->fields[0])) {
		r->nfields = 0; /* fangyi's own export, imported again: its watermark line */
		return;
	}
	if (r->header == NULL) {
		/* Excel leaves empty header cells where a column was
		 * once used; drop the trailing ones. */
		r->header = arena_alloc(r->a, (size_t)width * sizeof(char *));
		memcpy(r->header, r->fields, (size_t)width * sizeof(char *));
		r->nheader = width;
		r->nfields = 0;
		return;
	}
	if (r->nrows >= r->max_rows) {
		r->err = ERR_TOOBIG;
		r->err_line = r->start;
		return;
	}
	if (r->nrows == r->caprows) {
		r->caprows = r->caprows ? r->caprows * 2 : 64;
		r->rows = xrealloc(r->rows, (size_t)r->caprows * sizeof(*r->rows));
	}
	row = &r->rows[r->nrows++];
	row->line = r->start;
	row->nfields = width > r->nheader ? width : r->nheader;
	row->fields = arena_alloc(r->a, (size_t)row->nfields * sizeof(char *));
	for (i = 0; i < row->nfields; i++)
		row->fields[i] = i < width ? r->fields[i] : (char *)"";
	r->nfields = 0;
}

/* line_end returns the end of the physical line starting at p: just past
 * "\n", "\r\n" or a lone "\r" (old Mac files), or end. */
static const char *
line_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '\n')
			return p + 1;
		if (*p == '\r')
			return p + 1 < end && p[1] == '\n' ? p + 2 : p + 1;
	}
	return end;
}

/* has_content says whether libcsv will see anything but padding and
 * line breaks between p and e (it skips such lines without a record). */
static bool
has_content(const char *p, const char *e, char delim)
{
	for (; p < e; p++) {
		if (*p == '\r' || *p == '\n' || *p == ' ')
			continue;
		if (*p == '\t' && delim != '\t')
			continue;
		return true;
	}
	return false;
}

/* pick_delim: a tab when the first non-blank line has tabs and no commas. */
static char
pick_delim(const char *p, const char *end)
{
	const char *e;

	for (; p < end; p = e) {
		e = line_end(p, end);
		if (!has_content(p, e, ','))
			continue;
		if (memchr(p, '\t', (size_t)(e - p)) && !memchr(p, ',', (size_t)(e - p)))
			return '\t';
		return ',';
	}
	return ',';
}

static int
count_lines(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	int line = 1;

	while (p < end) {
		p = line_end(p, end);
		if (p < end || p[-1] == '\n' || p[-1] == '\r')
			line++;
	}
	return line;
}

/* check_bytes refuses what is not a text CSV at all, with a message that
 * tells a clerk what to do about it. */
static int
check_bytes(const char *data, size_t n, struct fault *f)
{
	const char *nul;
	int line;

	if (n >= 4 &&
	    (memcmp(data, "PK\x03\x04", 4) == 0 || memcmp(data, "\xd0\xcf\x11\xe0", 4) == 0))
		return fault_set(
		    f, ERR_INVALID, "file",
		    "这是 Excel 工作簿而不是 CSV 文件，请在 Excel 中“另存为”CSV 后再导入",
		    "this is an Excel workbook, not a CSV file: use Save As CSV in "
		    "Excel and import that");
	if (n >= 2 && (memcmp(data, "\xff\xfe", 2) == 0 || memcmp(data, "\xfe\xff", 2) == 0))
		return fault_set(
		    f, ERR_INVALID, "file",
		    "文件是 UTF-16 编码（Excel 的“Unicode 文本”），请另存为“CSV UTF-8”或 CSV",
		    "the file is UTF-16 (Excel's Unicode Text): save it as CSV UTF-8 "
		    "or CSV");
	nul = memchr(data, '\0', n);
	if (nul != NULL) {
		line = count_lines(data, (size_t)(nul - data));
		fault_setf(f, ERR_INVALID, "file",
		           "第%d行含有空字符（NUL），文件不是文本格式的 CSV",
		           "line %d contains a NUL byte: the file is not a text CSV", line);
		if (f != NULL)
			f->row = line;
		return ERR_INVALID;
	}
	return 0;
}

int
csv_read(struct arena *a, const char *data, size_t n, int max_rows, struct csv_table *ret,
         struct fault *f)
{
	struct reader r = {.a = a, .max_rows = max_rows, .line = 1, .await = true};
	struct csv_parser p;
	struct csv_table t = {0};
	const char *text, *q, *e, *end;
	size_t len;
	char delim;
	int rc;

	if ((rc = check_bytes(data, n, f)) != 0)
		return rc;
	text = text_to_utf8(a, data, n, &len, &t.encoding);
	if (text == NULL) {
		r.line = count_lines(data, text_undecodable_at(data, n));
		fault_setf(f, ERR_INVALID, "file",
		           "第%d行含有无法识别的字符：文件既不是 UTF-8 也不是 GBK/GB18030 编码，"
		           "请另存为“CSV UTF-8”后再导入",
		           "line %d has bytes that are neither UTF-8 nor GBK/GB18030: save the "
		           "file as CSV UTF-8 and import it again",
		           r.line);
		if (f != NULL)
			f->row = r.line;
		return ERR_INVALID;
	}

	end = text + len;
	delim = pick_delim(text, end);
	if (csv_init(&p, 0) != 0)
		return fault_set(f, ERR_NOMEM, "file", NULL, NULL);
	csv_set_delim(&p, (unsigned char)delim);
	if (delim == '\t')
		csv_set_space_func(&p, is_tab_space);

	/* Feed one physical line at a time: then every callback knows which
	 * line it is on, and a record starts on the first line with content
	 * after the previous record ended. */
	for (q = text; q < end && r.err == 0; q = e, r.line++) {
		e = line_end(q, end);
		if (r.await && has_content(q, e, delim)) {
			r.start = r.line;
			r.await = false;
		}
		if (csv_parse(&p, q, (size_t)(e - q), on_field, on_record, &r) != (size_t)(e - q)) {
			rc = fault_set(f, ERR_NOMEM, "file", NULL, NULL);
			goto out_free;
		}
	}
	if (r.err == 0 && p.pstate == LIBCSV_FIELD_BEGUN && p.quoted) {
		fault_setf(f, ERR_INVALID, "file", "第%d行开始的引号直到文件末尾都没有闭合",
		           "the quote opened in the record on line %d is never closed", r.start);
		if (f != NULL)
			f->row = r.start;
		rc = ERR_INVALID;
		goto out_free;
	}
	if (r.err == 0)
		csv_fini(&p, on_field, on_record, &r);

	if (r.err == ERR_TOOBIG && r.too_wide) {
		fault_setf(f, ERR_TOOBIG, "file", "第%d行超过%d列",
		           "line %d has more than %d columns", r.err_line, MAX_COLUMNS);
		if (f != NULL)
			f->row = r.err_line;
		rc = ERR_TOOBIG;
		goto out_free;
	}
	if (r.err == ERR_TOOBIG) {
		fault_setf(f, ERR_TOOBIG, "file", "数据超过%d行的上限，请分批导入",
		           "more than %d data rows: split the file and import it in parts",
		           max_rows);
		if (f != NULL)
			f->row = r.err_line;
		rc = ERR_TOOBIG;
		goto out_free;
	}
	if (r.header == NULL) {
		rc = fault_set(f, ERR_INVALID, "file", "文件是空的，没有表头也没有数据",
		               "the file is empty: no header and no rows");
		goto out_free;
	}

	t.header = r.header;
	t.nheader = r.nheader;
	t.nrows = r.nrows;
	t.rows = arena_alloc(a, (size_t)(r.nrows ? r.nrows : 1) * sizeof(*t.rows));
	if (r.nrows > 0)
		memcpy(t.rows, r.rows, (size_t)r.nrows * sizeof(*t.rows));
	*ret = t;
	rc = 0;
out_free:
	csv_free(&p);
	buf_free(&r.cell);
	free(r.fields);
	free(r.rows);
	return rc;
}
