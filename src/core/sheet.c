/* sheet.c: .xlsx (libzip + expat, streamed), .xls (FreeXL) and CSV (csvread) into one table.
 *
 * Every kind is first gathered as a list of non-empty rows (physical row number, cells by
 * column with "" in the gaps, what each cell held); then pick_header finds the header the
 * caller recognises, skipping the title rows a clerk puts above it, and the rows below it
 * become the csv_table the imports already read. */
#include <errno.h>
#include <expat.h>
#include <freexl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "sheet.h"
#include "text.h"

#define MAX_COLUMNS 256  /* as csvread.c: no register is wider */
#define HEADER_SEARCH 20 /* the header is among the first rows, below a title or two */
#define XML_CHUNK 65536
/* A workbook is small when zipped and may unpack to anything (a zip bomb): the parts read
 * may unpack to this much in all, and one cell's text to this much (Excel's own limit is
 * 32767 characters). */
#define XLSX_MAX_UNPACKED (768L << 20)
#define CELL_MAX_BYTES (128 << 10)
/* Excel allows as many sheets as memory holds; a message naming them stops at this many */
#define MAX_SHEETS 255

/* ---------- the rows as gathered ---------- */

struct grow {
	int line;
	int n;
	char **cells;
	unsigned char *types;
};

struct rows {
	struct arena *a;
	struct grow *v; /* heap */
	int n, cap;
	int limit; /* more than this many rows: too big */
	/* the row being read: by column, heap */
	char **cells;
	unsigned char *types;
	int width;
};

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL)
		abort(); /* as arena.c and buf.c do */
	return p;
}

static void
rows_init(struct rows *r, struct arena *a, int limit)
{
	memset(r, 0, sizeof(*r));
	r->a = a;
	r->limit = limit;
	r->cells = xrealloc(NULL, MAX_COLUMNS * sizeof(*r->cells));
	r->types = xrealloc(NULL, MAX_COLUMNS);
}

static void
rows_free(struct rows *r)
{
	free(r->v);
	free(r->cells);
	free(r->types);
}

/* put sets column col (0-based) of the row being read; the caller checked col < MAX_COLUMNS. */
static void
put(struct rows *r, int col, char *text, unsigned char type)
{
	int i;

	for (i = r->width; i <= col; i++) {
		r->cells[i] = (char *)"";
		r->types[i] = SHEET_TEXT;
	}
	if (col >= r->width)
		r->width = col + 1;
	r->cells[col] = text;
	r->types[col] = type;
}

/* end_row keeps the row being read as physical row line when it has a non-empty cell.
 * Returns false when that makes too many rows. */
static bool
end_row(struct rows *r, int line)
{
	struct grow *g;
	int w = r->width;

	r->width = 0;
	while (w > 0 && r->cells[w - 1][0] == '\0')
		w--;
	if (w == 0)
		return true; /* an empty row, or one Excel keeps only for its formatting */
	if (r->n >= r->limit)
		return false;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->v = xrealloc(r->v, (size_t)r->cap * sizeof(*r->v));
	}
	g = &r->v[r->n++];
	g->line = line;
	g->n = w;
	g->cells = arena_alloc(r->a, (size_t)w * sizeof(char *));
	memcpy(g->cells, r->cells, (size_t)w * sizeof(char *));
	g->types = arena_alloc(r->a, (size_t)w);
	memcpy(g->types, r->types, (size_t)w);
	return true;
}

static int
too_many_rows(struct fault *f, int max_rows)
{
	return fault_setf(f, ERR_TOOBIG, "file", "数据超过%d行的上限，请分批导入",
	                  "more than %d data rows: split the file and import it in parts",
	                  max_rows);
}

static int
too_wide(struct fault *f, int line)
{
	fault_setf(f, ERR_TOOBIG, "file", "第%d行超过%d列", "line %d has more than %d columns",
	           line, MAX_COLUMNS);
	if (f != NULL)
		f->row = line;
	return ERR_TOOBIG;
}

/* pick_header makes the gathered rows a table: the header is the first of the first rows in
 * which o->column knows two cells (any first row when there is no o->column). */
static int
pick_header(struct rows *r, const struct sheet_opts *o, struct sheet *ret, struct fault *f)
{
	struct sheet s = {.kind = ret->kind, .t.encoding = ret->t.encoding, .sheets = ret->sheets,
	                  .nsheets = ret->nsheets};
	int h = -1, i, j, known;

	for (i = 0; i < r->n && i < HEADER_SEARCH && h < 0; i++) {
		if (o->column == NULL) {
			h = i;
			break;
		}
		for (j = 0, known = 0; j < r->v[i].n; j++)
			if (r->v[i].cells[j][0] && o->column(r->a, r->v[i].cells[j], o->arg) >= 0)
				known++;
		if (known >= 2)
			h = i;
	}
	if (r->n == 0)
		return fault_set(f, ERR_INVALID, "file", "文件是空的，没有表头也没有数据",
		                 "the file is empty: no header and no rows");
	if (h < 0)
		return fault_setf(
		    f, ERR_INVALID, "header",
		    "找不到表头：前%d行中没有一行含两个认得的列名（如“姓名”“身份证号”），"
		    "请确认第一张工作表就是名单",
		    "no header found: none of the first %d rows names two known columns "
		    "(such as 姓名, 身份证号): check that the first sheet is the list",
		    r->n < HEADER_SEARCH ? r->n : HEADER_SEARCH);
	if (r->n - h - 1 > o->max_rows)
		return too_many_rows(f, o->max_rows);
	s.t.nheader = r->v[h].n;
	s.t.header = r->v[h].cells;
	s.header_line = r->v[h].line;
	s.t.nrows = r->n - h - 1;
	s.t.rows = arena_alloc(r->a, (size_t)(s.t.nrows ? s.t.nrows : 1) * sizeof(*s.t.rows));
	s.types = arena_alloc(r->a, (size_t)(s.t.nrows ? s.t.nrows : 1) * sizeof(*s.types));
	for (i = 0; i < s.t.nrows; i++) {
		struct grow *g = &r->v[h + 1 + i];
		struct csv_row *row = &s.t.rows[i];
		int w = g->n > s.t.nheader ? g->n : s.t.nheader;

		/* as csv_read: every row at least as wide as the header */
		row->line = g->line;
		row->nfields = w;
		row->fields = arena_alloc(r->a, (size_t)w * sizeof(char *));
		s.types[i] = arena_alloc(r->a, (size_t)w);
		for (j = 0; j < w; j++) {
			row->fields[j] = j < g->n ? g->cells[j] : (char *)"";
			s.types[i][j] = j < g->n ? g->types[j] : SHEET_TEXT;
		}
	}
	*ret = s;
	return 0;
}

/* ---------- numbers and dates ---------- */

bool
sheet_serial_date(double serial, char out[11])
{
	long days, z, era, doe, yoe, y, doy, mp, d, m;
	char ymd_text[64];

	if (!(serial >= 1 && serial < 2958466))
		return false;
	days = (long)floor(serial);
	/* Excel counts 1900-02-29, which never was (Lotus 1-2-3's leap-year bug): from serial 61
	 * on, day 0 is 1899-12-30; before the phantom day it is 1899-12-31. */
	if (days == 60)
		return false;
	days += days < 60 ? -1 : -2;
	/* days since 1900-01-01 to a civil date (H. Hinnant's days_from_civil, inverted) */
	z = days - 25567 + 719468; /* 1900-01-01 is day -25567 of 1970 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(ymd_text, sizeof(ymd_text), "%04ld-%02ld-%02ld", y, m, d);
	memcpy(out, ymd_text, 11); /* y is at most 9999: serials stop at 9999-12-31 */
	return true;
}

/* number_text writes a number as Excel's General format shows it: integers in full up to
 * 15 digits (phones, serials), longer ones as Excel's 4.30302199001011E+17. */
static char *
number_text(struct arena *a, double v, const char *raw)
{
	if (isfinite(v) && fabs(v) < 1e15 && v == floor(v))
		return arena_printf(a, "%.0f", v);
	if (isfinite(v) && fabs(v) >= 1e15)
		return arena_printf(a, "%.15G", v);
	return raw ? arena_strdup(a, raw) : arena_printf(a, "%.15G", v);
}

bool
sheet_number_like(const char *s)
{
	const char *p = s;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p != 'E' && *p != 'e')
		return false;
	p++;
	if (*p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

/* ymd reads "Y<sep>M<sep>D[日]" with sep one of the given separators; true when whole. */
static bool
ymd(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	char *e;
	long v[3];
	int i;

	for (i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return false;
		v[i] = strtol(p, &e, 10);
		p = e;
		if (i < 2) {
			if (*p == '/' || *p == '.' || *p == '-')
				p++;
			else if (strncmp(p, "年", 3) == 0 || strncmp(p, "月", 3) == 0)
				p += 3;
			else
				return false;
		}
	}
	if (strncmp(p, "日", 3) == 0)
		p += 3;
	while (*p == ' ')
		p++;
	if (*p == '0' && p[1] == ':')
		p += strlen(p); /* "2020/2/3 0:00", a date cell saved as CSV */
	if (*p != '\0' || v[0] < 1900 || v[0] > 9999 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > 31)
		return false;
	*y = (int)v[0];
	*m = (int)v[1];
	*d = (int)v[2];
	return true;
}

const char *
sheet_date_text(struct arena *a, const char *s)
{
	char out[11], *e;
	double v;
	int y, m, d;

	if (s == NULL || *s == '\0')
		return s;
	v = strtod(s, &e);
	if (e != s && *e == '\0' && s[0] >= '0' && s[0] <= '9' && strlen(s) <= 12 && v < 2958466 &&
	    sheet_serial_date(v, out))
		return arena_strdup(a, out);
	if (ymd(s, &y, &m, &d))
		return arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return s;
}

/* ---------- xlsx ---------- */

/* local drops a namespace prefix: "x:row" and "row" are the same element. */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	int i;

	for (i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

/* The workbook: its sheets, its relationships, its date system, its styles. */
struct book {
	struct arena *a;
	const char *want; /* sheet name asked for, or NULL */
	char *rid;        /* the relationship id of the sheet chosen */
	char *first_name; /* the first sheet's name, for messages */
	char **names;     /* every sheet's name in the workbook's order (arena), for the caller */
	int nnames, capnames;
	bool date1904;
	char *sheet_target, *strings_target, *styles_target;
	/* styles: custom date formats, and each cellXfs entry's format */
	int *datefmt_ids;
	int ndatefmt, capdatefmt;
	bool *xf_date; /* heap */
	int nxf, capxf;
	bool in_xfs;
	/* shared strings */
	char **sst; /* heap array of arena strings */
	int nsst, capsst;
	struct buf text; /* the text being read */
	bool in_si, in_t, in_rph;
};

static void XMLCALL
on_book(void *data, const char *name, const char **atts)
{
	struct book *b = data;
	const char *n = local(name), *v;
	int i;

	if (strcmp(n, "workbookPr") == 0 && (v = attr(atts, "date1904")) &&
	    (strcmp(v, "1") == 0 || strcmp(v, "true") == 0))
		b->date1904 = true;
	if (strcmp(n, "sheet") != 0)
		return;
	v = attr(atts, "name");
	if (v && b->nnames < MAX_SHEETS) {
		if (b->nnames == b->capnames) {
			char **was = b->names;

			b->capnames = b->capnames ? 2 * b->capnames : 8;
			b->names = arena_alloc(b->a, sizeof(*b->names) * (size_t)b->capnames);
			if (b->nnames)
				memcpy(b->names, was, sizeof(*b->names) * (size_t)b->nnames);
		}
		b->names[b->nnames++] = arena_strdup(b->a, v);
	}
	if (b->rid != NULL)
		return;
	if (b->first_name == NULL && v)
		b->first_name = arena_strdup(b->a, v);
	if (b->want && (v == NULL || strcmp(v, b->want) != 0))
		return;
	for (i = 0; atts[i]; i += 2) /* r:id, whatever the prefix of the relationships namespace */
		if (strcmp(local(atts[i]), "id") == 0 && atts[i] != local(atts[i]))
			b->rid = arena_strdup(b->a, atts[i + 1]);
}

/* target makes a relationship's Target a path in the zip: relative to xl/, or absolute. */
static char *
target(struct arena *a, const char *t)
{
	if (t[0] == '/')
		return arena_strdup(a, t + 1);
	return arena_printf(a, "xl/%s", t);
}

static void XMLCALL
on_rel(void *data, const char *name, const char **atts)
{
	struct book *b = data;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *t = attr(atts, "Target");
	size_t n;

	if (strcmp(local(name), "Relationship") != 0 || type == NULL || t == NULL)
		return;
	n = strlen(type);
	if (id && b->rid && strcmp(id, b->rid) == 0)
		b->sheet_target = target(b->a, t);
	else if (n >= 14 && strcmp(type + n - 14, "/sharedStrings") == 0)
		b->strings_target = target(b->a, t);
	else if (n >= 7 && strcmp(type + n - 7, "/styles") == 0)
		b->styles_target = target(b->a, t);
}

/* is_date_code says whether a number format shows a date: y, m, d outside quotes and
 * brackets ("[Red]", "[$-804]" are not parts of the date). */
static bool
is_date_code(const char *c)
{
	bool q = false, br = false;

	for (; *c; c++) {
		if (*c == '"')
			q = !q;
		else if (!q && *c == '[')
			br = true;
		else if (!q && *c == ']')
			br = false;
		else if (!q && !br && *c == '\\')
			c += c[1] != '\0';
		else if (!q && !br && strchr("yYdD", *c))
			return true;
		else if (!q && !br && (strncmp(c, "年", 3) == 0 || strncmp(c, "日", 3) == 0))
			return true;
	}
	return false;
}

/* builtin_date: Excel's built-in number formats that are dates, the Chinese ones included. */
static bool
builtin_date(int id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	       (id >= 50 && id <= 58);
}

static void XMLCALL
on_style(void *data, const char *name, const char **atts)
{
	struct book *b = data;
	const char *n = local(name), *v, *code;
	bool date;
	int id, i;

	if (strcmp(n, "numFmt") == 0 && (v = attr(atts, "numFmtId")) &&
	    (code = attr(atts, "formatCode")) && is_date_code(code)) {
		if (b->ndatefmt == b->capdatefmt) {
			b->capdatefmt = b->capdatefmt ? b->capdatefmt * 2 : 16;
			b->datefmt_ids =
			    xrealloc(b->datefmt_ids, (size_t)b->capdatefmt * sizeof(int));
		}
		b->datefmt_ids[b->ndatefmt++] = atoi(v);
	} else if (strcmp(n, "cellXfs") == 0) {
		b->in_xfs = true;
	} else if (b->in_xfs && strcmp(n, "xf") == 0) {
		id = (v = attr(atts, "numFmtId")) ? atoi(v) : 0;
		date = builtin_date(id);
		for (i = 0; i < b->ndatefmt && !date; i++)
			date = b->datefmt_ids[i] == id;
		if (b->nxf == b->capxf) {
			b->capxf = b->capxf ? b->capxf * 2 : 32;
			b->xf_date = xrealloc(b->xf_date, (size_t)b->capxf * sizeof(bool));
		}
		b->xf_date[b->nxf++] = date;
	}
}

static void XMLCALL
on_style_end(void *data, const char *name)
{
	struct book *b = data;

	if (strcmp(local(name), "cellXfs") == 0)
		b->in_xfs = false;
}

/* The shared strings: <si><t>…</t></si>, or rich text runs <si><r><t>…</t></r>…</si>, less
 * the phonetic guide <rPh> a Japanese or Chinese Excel may add. */
static void XMLCALL
on_sst(void *data, const char *name, const char **atts)
{
	struct book *b = data;
	const char *n = local(name);

	if (strcmp(n, "si") == 0) {
		b->in_si = true;
		buf_reset(&b->text);
		buf_add(&b->text, "", 0);
	} else if (strcmp(n, "rPh") == 0) {
		b->in_rph = true;
	} else if (strcmp(n, "t") == 0 && b->in_si && !b->in_rph) {
		b->in_t = true;
	}
}

static void XMLCALL
on_sst_end(void *data, const char *name)
{
	struct book *b = data;
	const char *n = local(name);

	if (strcmp(n, "t") == 0) {
		b->in_t = false;
	} else if (strcmp(n, "rPh") == 0) {
		b->in_rph = false;
	} else if (strcmp(n, "si") == 0) {
		if (b->nsst == b->capsst) {
			b->capsst = b->capsst ? b->capsst * 2 : 256;
			b->sst = xrealloc(b->sst, (size_t)b->capsst * sizeof(char *));
		}
		b->sst[b->nsst++] = text_normalize(b->a, b->text.p ? b->text.p : "");
		b->in_si = false;
	}
}

static void XMLCALL
on_sst_text(void *data, const char *s, int len)
{
	struct book *b = data;

	if (b->in_t)
		buf_add(&b->text, s, (size_t)len);
}

/* The worksheet, one row at a time. */
struct sheetx {
	struct book *b;
	struct rows *r;
	int line, nextline; /* the row being read; the one a row without r="" would be */
	int col, nextcol;   /* likewise for the cell */
	char type[12];      /* the cell's t="" */
	bool date;          /* the cell's style is a date */
	bool in_v, in_t, in_is, in_rph, keep;
	struct buf text;
	int err; /* ERR_TOOBIG or ERR_INVALID, with err_line */
	int err_line;
	bool wide, long_cell;
};

/* ref_col reads the column of a reference like "AA10" (0-based), -1 when it is not one. */
static int
ref_col(const char *ref)
{
	int c = 0;

	if (*ref < 'A' || *ref > 'Z')
		return -1;
	for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
		c = c * 26 + (*ref - 'A' + 1);
		if (c > 16384)
			return -1;
	}
	return c - 1;
}

static void XMLCALL
on_cell_start(void *data, const char *name, const char **atts)
{
	struct sheetx *x = data;
	const char *n = local(name), *v;
	int s;

	if (x->err)
		return;
	if (strcmp(n, "row") == 0) {
		x->line = (v = attr(atts, "r")) ? atoi(v) : x->nextline;
		x->nextline = x->line + 1;
		x->nextcol = 0;
	} else if (strcmp(n, "c") == 0) {
		x->col = (v = attr(atts, "r")) ? ref_col(v) : x->nextcol;
		x->nextcol = x->col + 1;
		v = attr(atts, "t");
		snprintf(x->type, sizeof(x->type), "%s", v ? v : "n");
		s = (v = attr(atts, "s")) ? atoi(v) : 0;
		x->date = s >= 0 && s < x->b->nxf && x->b->xf_date[s];
		x->in_is = false;
		buf_reset(&x->text);
		buf_add(&x->text, "", 0);
	} else if (strcmp(n, "v") == 0) {
		x->in_v = true;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = true;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = true;
	} else if (strcmp(n, "t") == 0 && x->in_is && !x->in_rph) {
		x->in_t = true;
	}
}

/* cell_value turns the cell just read into its text and kind. */
static char *
cell_value(struct sheetx *x, unsigned char *type)
{
	struct arena *a = x->b->a;
	const char *raw = x->text.p ? x->text.p : "";
	char out[11], *e;
	double v;
	long i;

	*type = SHEET_TEXT;
	if (strcmp(x->type, "s") == 0) {
		i = strtol(raw, &e, 10);
		if (e == raw || i < 0 || i >= x->b->nsst)
			return (char *)"";
		return x->b->sst[i];
	}
	if (strcmp(x->type, "inlineStr") == 0 || strcmp(x->type, "str") == 0 ||
	    strcmp(x->type, "e") == 0)
		return text_normalize(a, raw);
	if (strcmp(x->type, "b") == 0)
		return (char *)(strcmp(raw, "1") == 0   ? "TRUE"
		                : strcmp(raw, "0") == 0 ? "FALSE"
		                                        : "");
	if (strcmp(x->type, "d") == 0) { /* an ISO 8601 date, from strict writers */
		*type = SHEET_DATE;
		return arena_strndup(a, raw, strlen(raw) < 10 ? strlen(raw) : 10);
	}
	if (*raw == '\0')
		return (char *)"";
	v = strtod(raw, &e);
	if (e == raw)
		return text_normalize(a, raw);
	/* the Mac's 1904 date system counts from 1904-01-01, 1462 days after Excel's day 0 */
	if (x->date && sheet_serial_date(x->b->date1904 ? v + 1462 : v, out)) {
		*type = SHEET_DATE;
		return arena_strdup(a, out);
	}
	*type = SHEET_NUMBER;
	return number_text(a, v, raw);
}

static void XMLCALL
on_cell_end(void *data, const char *name)
{
	struct sheetx *x = data;
	const char *n = local(name);
	unsigned char type;
	char *s;

	if (x->err)
		return;
	if (strcmp(n, "v") == 0) {
		x->in_v = false;
	} else if (strcmp(n, "t") == 0) {
		x->in_t = false;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = false;
	} else if (strcmp(n, "c") == 0) {
		s = cell_value(x, &type);
		if (*s == '\0')
			return;
		if (x->col < 0 || x->col >= MAX_COLUMNS) {
			x->err = ERR_TOOBIG;
			x->wide = true;
			x->err_line = x->line;
			return;
		}
		put(x->r, x->col, s, type);
	} else if (strcmp(n, "row") == 0) {
		if (!end_row(x->r, x->line)) {
			x->err = ERR_TOOBIG;
			x->err_line = x->line;
		}
	}
}

static void XMLCALL
on_cell_text(void *data, const char *s, int len)
{
	struct sheetx *x = data;

	if (!(x->in_v || x->in_t) || x->err)
		return;
	if (x->text.len + (size_t)len > CELL_MAX_BYTES) {
		x->err = ERR_TOOBIG;
		x->long_cell = true;
		x->err_line = x->line;
		return;
	}
	buf_add(&x->text, s, (size_t)len);
}

/* parse_part streams one part of the zip through a new expat parser. Returns 0, ERR_NOTFOUND
 * when the part is not there, or ERR_INVALID when it is not XML. */
static int
parse_part(zip_t *z, const char *path, XML_StartElementHandler start, XML_EndElementHandler end,
           XML_CharacterDataHandler text, void *data, long *unpacked)
{
	zip_file_t *zf;
	XML_Parser p;
	char *chunk;
	zip_int64_t got;
	int rc = 0;

	if ((zf = zip_fopen(z, path, 0)) == NULL)
		return ERR_NOTFOUND;
	if ((p = XML_ParserCreate("UTF-8")) == NULL)
		abort();
	chunk = xrealloc(NULL, XML_CHUNK);
	XML_SetUserData(p, data);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	do {
		got = zip_fread(zf, chunk, XML_CHUNK);
		if (got > 0 && (*unpacked += got) > XLSX_MAX_UNPACKED) {
			rc = ERR_TOOBIG;
			break;
		}
		if (got < 0 ||
		    XML_Parse(p, chunk, (int)(got > 0 ? got : 0), got == 0) == XML_STATUS_ERROR) {
			rc = ERR_INVALID;
			break;
		}
	} while (got > 0);
	free(chunk);
	XML_ParserFree(p);
	zip_fclose(zf);
	return rc;
}

static int
unreadable(struct fault *f, const char *what_zh, const char *what_en)
{
	char zh[256], en[256];

	snprintf(zh, sizeof(zh),
	         "无法读取这个 Excel 文件（%s）：可能已损坏或加了密码，请在 Excel/WPS "
	         "中打开后重新保存再导入",
	         what_zh);
	snprintf(en, sizeof(en),
	         "this Excel file cannot be read (%s): it may be damaged or "
	         "password-protected: open it in Excel or WPS, save it again and import that",
	         what_en);
	return fault_set(f, ERR_INVALID, "file", zh, en);
}

/* no_sheet: the fault of a workbook without the sheet asked for (or without any), naming the
 * sheets it has, so the clerk can pick one. */
static int
no_sheet(struct fault *f, const char *want, char **names, int n)
{
	struct buf zh = {0}, en = {0};
	int i, rc;

	if (want == NULL || n == 0)
		return fault_set(f, ERR_INVALID, "sheet", "工作簿中没有工作表",
		                 "the workbook has no sheet");
	buf_addf(&zh, "工作簿中没有名为“%s”的工作表，它的工作表有：", want);
	buf_addf(&en, "the workbook has no sheet named \"%s\"; its sheets are ", want);
	for (i = 0; i < n; i++) {
		buf_addf(&zh, "%s“%s”", i ? "、" : "", names[i]);
		buf_addf(&en, "%s\"%s\"", i ? ", " : "", names[i]);
	}
	buf_add(&zh, "", 1);
	buf_add(&en, "", 1);
	rc = fault_set(f, ERR_INVALID, "sheet", zh.p, en.p);
	buf_free(&zh);
	buf_free(&en);
	return rc;
}

static int
read_xlsx(struct arena *a, const char *data, size_t n, const struct sheet_opts *o, struct rows *r,
          struct sheet *ret, struct fault *f)
{
	struct book b = {.a = a, .want = o->sheet_name};
	struct sheetx x = {.b = &b, .r = r, .nextline = 1};
	long unpacked = 0;
	zip_source_t *src;
	zip_error_t ze;
	zip_t *z = NULL;
	int rc;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, n, 0, &ze)) == NULL ||
	    (z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return unreadable(f, "不是完整的 zip", "not a whole zip archive");
	}
	zip_error_fini(&ze);
	if (parse_part(z, "xl/workbook.xml", on_book, NULL, NULL, &b, &unpacked)) {
		rc = unreadable(f, "xl/workbook.xml 有误", "xl/workbook.xml is broken");
		goto out;
	}
	ret->sheets = b.names;
	ret->nsheets = b.nnames;
	if (b.rid == NULL) {
		rc = no_sheet(f, o->sheet_name, b.names, b.nnames);
		goto out;
	}
	if (parse_part(z, "xl/_rels/workbook.xml.rels", on_rel, NULL, NULL, &b, &unpacked) ||
	    b.sheet_target == NULL) {
		rc = unreadable(f, "找不到工作表", "its sheet is missing");
		goto out;
	}
	if (parse_part(z, b.styles_target ? b.styles_target : "xl/styles.xml", on_style,
	               on_style_end, NULL, &b, &unpacked) == ERR_INVALID) {
		rc = unreadable(f, "样式有误", "its styles are broken");
		goto out;
	}
	if (parse_part(z, b.strings_target ? b.strings_target : "xl/sharedStrings.xml", on_sst,
	               on_sst_end, on_sst_text, &b, &unpacked) == ERR_INVALID) {
		rc = unreadable(f, "共享字符串有误", "its shared strings are broken");
		goto out;
	}
	if (unpacked <= XLSX_MAX_UNPACKED)
		rc = parse_part(z, b.sheet_target, on_cell_start, on_cell_end, on_cell_text, &x,
		                &unpacked);
	if (unpacked > XLSX_MAX_UNPACKED) {
		rc = fault_setf(f, ERR_TOOBIG, "file", "工作簿解压后超过%ld MB，不像是一份名单",
		                "the workbook unpacks to more than %ld MB: it is not a register",
		                XLSX_MAX_UNPACKED >> 20);
		goto out;
	}
	if (x.err == ERR_TOOBIG && x.long_cell) {
		rc = fault_setf(f, ERR_TOOBIG, "file", "第%d行有一格超过%d KB",
		                "row %d has a cell over %d KB", x.err_line, CELL_MAX_BYTES >> 10);
		if (f)
			f->row = x.err_line;
		goto out;
	}
	if (x.err == ERR_TOOBIG) {
		rc = x.wide ? too_wide(f, x.err_line) : too_many_rows(f, o->max_rows);
		if (f)
			f->row = x.err_line;
		goto out;
	}
	if (rc) {
		rc = unreadable(f, "工作表有误", "its sheet is broken");
		goto out;
	}
	r->width = 0;
out:
	zip_discard(z);
	free(b.datefmt_ids);
	free(b.xf_date);
	free(b.sst);
	buf_free(&b.text);
	buf_free(&x.text);
	return rc;
}

/* ---------- xls ---------- */

/* FreeXL reads only from a path: the bytes go to a private temporary file, unlinked at once. */
static int
read_xls(struct arena *a, const char *data, size_t n, const struct sheet_opts *o, struct rows *r,
         struct sheet *ret, struct fault *f)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", *name;
	char path[512];
	const void *h = NULL;
	unsigned int nsheets = 0, nrows, i, pw = 0;
	unsigned short ncols, j, want = 0;
	FreeXL_CellValue v;
	size_t off = 0;
	ssize_t w;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/fangyi-xls-XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		return fault_setf(f, ERR_IO, "file", "无法写临时文件（%s）",
		                  "cannot write a temporary file (%s)", strerror(errno));
	while (off < n && (w = write(fd, data + off, n - off)) > 0)
		off += (size_t)w;
	close(fd);
	if (off < n) {
		unlink(path);
		return fault_set(f, ERR_IO, "file", "无法写临时文件",
		                 "cannot write a temporary file");
	}
	rc = freexl_open(path, &h);
	unlink(path);
	if (rc != FREEXL_OK || freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK ||
	    (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK &&
	     pw == FREEXL_BIFF_OBFUSCATED)) {
		rc = unreadable(f, "不是完整的 .xls", "not a whole .xls workbook");
		goto out;
	}
	/* every sheet's name, for the caller and for a message naming a sheet that is not there */
	ret->sheets = arena_alloc(a, sizeof(*ret->sheets) * (nsheets ? nsheets : 1));
	for (i = 0; i < nsheets && ret->nsheets < MAX_SHEETS; i++)
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) == FREEXL_OK && name)
			ret->sheets[ret->nsheets++] = text_normalize(a, name);
	for (want = 0; o->sheet_name && want < nsheets; want++)
		if (freexl_get_worksheet_name(h, want, &name) == FREEXL_OK && name &&
		    strcmp(name, o->sheet_name) == 0)
			break;
	if (nsheets == 0 || want >= nsheets) {
		rc = no_sheet(f, o->sheet_name, ret->sheets, ret->nsheets);
		goto out;
	}
	if (freexl_select_active_worksheet(h, want) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &nrows, &ncols) != FREEXL_OK) {
		rc = unreadable(f, "工作表有误", "its sheet is broken");
		goto out;
	}
	rc = 0;
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < ncols; j++) {
			char *s = NULL;
			unsigned char type = SHEET_TEXT;

			if (freexl_get_cell_value(h, i, j, &v) != FREEXL_OK)
				continue;
			switch (v.type) {
			case FREEXL_CELL_INT:
				s = arena_printf(a, "%d", v.value.int_value);
				type = SHEET_NUMBER;
				break;
			case FREEXL_CELL_DOUBLE:
				s = number_text(a, v.value.double_value, NULL);
				type = SHEET_NUMBER;
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
				s = text_normalize(a, v.value.text_value ? v.value.text_value : "");
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				/* FreeXL writes the day as YYYY-MM-DD[ HH:MM:SS] */
				s = arena_strndup(a, v.value.text_value ? v.value.text_value : "",
				                  10);
				type = SHEET_DATE;
				break;
			case FREEXL_CELL_TIME:
				s = arena_strdup(a, v.value.text_value ? v.value.text_value : "");
				break;
			default:
				break;
			}
			if (s == NULL || *s == '\0')
				continue;
			if (j >= MAX_COLUMNS) {
				rc = too_wide(f, (int)i + 1);
				goto out;
			}
			put(r, j, s, type);
		}
		if (!end_row(r, (int)i + 1)) {
			rc = too_many_rows(f, o->max_rows);
			if (f)
				f->row = (int)i + 1;
			goto out;
		}
	}
	r->width = 0;
out:
	freexl_close(h);
	return rc;
}

/* ---------- CSV ---------- */

/* read_csv is csv_read, its header and rows gathered again so that a title row is skipped
 * like a workbook's. */
static int
read_csv(struct arena *a, const char *data, size_t n, const struct sheet_opts *o, struct rows *r,
         const char **enc, struct fault *f)
{
	struct csv_table t;
	int rc, i, j;

	if ((rc = csv_read(a, data, n, o->max_rows + HEADER_SEARCH, &t, f))) {
		/* csv_read counted the rows above the header too: say the caller's limit */
		if (rc == ERR_TOOBIG && f != NULL && strstr(f->en, "data rows") != NULL)
			rc = too_many_rows(f, o->max_rows);
		return rc;
	}
	*enc = t.encoding;
	for (j = 0; j < t.nheader && j < MAX_COLUMNS; j++)
		put(r, j, t.header[j], SHEET_TEXT);
	end_row(r, t.nrows > 0 ? t.rows[0].line - 1 : 1);
	for (i = 0; i < t.nrows; i++) {
		for (j = 0; j < t.rows[i].nfields && j < MAX_COLUMNS; j++)
			put(r, j, t.rows[i].fields[j], SHEET_TEXT);
		if (!end_row(r, t.rows[i].line))
			return too_many_rows(f, o->max_rows);
	}
	return 0;
}

/* ---------- the kinds ---------- */

enum sheet_kind
sheet_kind_of(const char *data, size_t n)
{
	static const char name[] = "xl/workbook.xml";
	size_t i;

	if (n >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return SHEET_XLS;
	if (n < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
		return SHEET_CSV;
	/* the names of a zip's entries are stored in the clear: a workbook names its part */
	for (i = 0; i + sizeof(name) - 1 <= n; i++)
		if (data[i] == 'x' && memcmp(data + i, name, sizeof(name) - 1) == 0)
			return SHEET_XLSX;
	return SHEET_CSV;
}

int
sheet_read(struct arena *a, const char *data, size_t n, const struct sheet_opts *o,
           struct sheet *ret, struct fault *f)
{
	struct rows r;
	const char *enc = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	ret->kind = sheet_kind_of(data, n);
	rows_init(&r, a, o->max_rows + HEADER_SEARCH + 1);
	if (ret->kind == SHEET_CSV && n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		rc = fault_set(
		    f, ERR_INVALID, "file",
		    "这是一个 zip 压缩包而不是 Excel 工作簿或 CSV：请解压后导入其中的 "
		    ".xlsx/.xls/.csv 文件",
		    "this is a zip archive, not an Excel workbook or a CSV: unpack it and "
		    "import the .xlsx, .xls or .csv inside");
	else if (ret->kind == SHEET_XLSX)
		rc = read_xlsx(a, data, n, o, &r, ret, f);
	else if (ret->kind == SHEET_XLS)
		rc = read_xls(a, data, n, o, &r, ret, f);
	else if (o->sheet_name)
		/* a CSV is one table: a sheet named for it is a mistake the clerk should hear of */
		rc = fault_set(f, ERR_INVALID, "sheet", "CSV 文件没有工作表，请不要指定工作表",
		               "a CSV file has no sheets: leave the sheet out");
	else
		rc = read_csv(a, data, n, o, &r, &enc, f);
	if (rc == 0) {
		ret->t.encoding = enc ? enc : ret->kind == SHEET_XLSX ? "xlsx" : "xls";
		rc = pick_header(&r, o, ret, f);
	}
	rows_free(&r);
	return rc;
}

bool
sheet_lost_digits(const struct sheet *s, int i, int j)
{
	const char *c;

	if (i < 0 || i >= s->t.nrows || j < 0 || j >= s->t.rows[i].nfields)
		return false;
	c = s->t.rows[i].fields[j];
	return *c && (sheet_type(s, i, j) == SHEET_NUMBER || sheet_number_like(c));
}

enum sheet_cell
sheet_type(const struct sheet *s, int i, int j)
{
	if (s->types == NULL || i < 0 || i >= s->t.nrows || j < 0 || j >= s->t.rows[i].nfields)
		return SHEET_TEXT;
	return (enum sheet_cell)s->types[i][j];
}
