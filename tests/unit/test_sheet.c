/* test_sheet.c: the registers' reader: .xlsx built in memory with libzip, the .xls fixture, CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "arena.h"
#include "err.h"
#include "sheet.h"
#include "t.h"

static struct arena *a;

/* known: the header words of a small register */
static int
known(struct arena *ar, const char *cell, void *arg)
{
	static const char *const words[] = {"姓名", "身份证号", "出生日期", "村", "备注", NULL};
	int i;

	(void)ar;
	(void)arg;
	for (i = 0; words[i]; i++)
		if (strcmp(cell, words[i]) == 0)
			return i;
	return -1;
}

struct part {
	const char *name, *text;
};

/* zipped writes the parts into a zip in memory; *n its size; free() the result. */
static char *
zipped(const struct part *parts, size_t *n)
{
	zip_error_t ze;
	zip_source_t *src, *s;
	zip_t *z;
	char *out;
	int i;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (i = 0; parts[i].name; i++) {
		s = zip_source_buffer(z, parts[i].text, strlen(parts[i].text), 0);
		zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8);
	}
	zip_close(z);
	zip_source_open(src);
	zip_source_seek(src, 0, SEEK_END);
	*n = (size_t)zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	out = malloc(*n);
	zip_source_read(src, out, *n);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

#define NS                                                                                         \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                     \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const char workbook[] =
    "<?xml version=\"1.0\"?><workbook " NS "><workbookPr/><sheets>"
    "<sheet name=\"说明\" sheetId=\"2\" r:id=\"rId9\"/>"
    "<sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"" REL "worksheet\" Target=\"/xl/worksheets/notes.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL "styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
/* style 1: built-in 14 (a date); 2: a custom yyyy"年"m"月"d"日"; 3: custom 0.00 (not a date) */
static const char styles[] =
    "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"[Red]0.00\"/></numFmts>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"176\"/>"
    "<xf numFmtId=\"177\"/></cellXfs></styleSheet>";
/* 0 title, 1 姓名, 2 身份证号, 3 出生日期, 4 村, 5 rich text with a phonetic guide */
static const char strings[] =
    "<?xml version=\"1.0\"?><sst " NS " count=\"6\" uniqueCount=\"6\">"
    "<si><t>鹤岭镇返乡人员名单</t></si><si><t>姓名</t></si><si><t>身份证号</t></si>"
    "<si><t>出生日期</t></si><si><t xml:space=\"preserve\"> 村 </t></si>"
    "<si><r><rPr><b/></rPr><t>云龙</t></r><r><t>村</t></r><rPh sb=\"0\" "
    "eb=\"2\"><t>yunlong</t></rPh></si>"
    "</sst>";
static const char sheet1[] =
    "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
    /* a title merged over A1:E1: Excel keeps the other cells, styled and empty */
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"3\"/><c r=\"E1\" s=\"3\"/></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"s\"><v>2</v></c>"
    "<c r=\"C3\" t=\"s\"><v>3</v></c><c r=\"D3\" t=\"s\"><v>4</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>易春兰</t></is></c>"
    "<c r=\"B4\"><v>4.30302198503128E+17</v></c><c r=\"C4\" s=\"1\"><v>43864</v></c>"
    "<c r=\"D4\" t=\"s\"><v>5</v></c><c r=\"AA4\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" t=\"str\"><f>CONCAT(\"贺\",\"秋生\")</f><v>贺秋生</v></c>"
    "<c r=\"B5\" t=\"s\"><v>2</v></c><c r=\"C5\" s=\"2\"><v>28146.75</v></c>"
    "<c r=\"D5\" s=\"3\"><v>13807321001</v></c></row>"
    "<row r=\"6\"><c r=\"C6\" s=\"1\"/></row>"
    /* no r="" on this row and its cells: the next row, columns in order */
    "<row><c t=\"inlineStr\"><is><t>贺小宝</t></is></c><c/><c><v>0.5</v></c></row>"
    "<row r=\"9\"><c r=\"A9\" s=\"3\"/></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:E1\"/></mergeCells></worksheet>";
static const char notes[] =
    "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>姓名</t></is></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><t>说明</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>说明</t></is></c></row>"
    "</sheetData></worksheet>";

static char *
book(size_t *n, const char *wb)
{
	const struct part parts[] = {
	    {"[Content_Types].xml", "<Types/>"},  {"xl/workbook.xml", wb},
	    {"xl/_rels/workbook.xml.rels", rels}, {"xl/styles.xml", styles},
	    {"xl/sharedStrings.xml", strings},    {"xl/worksheets/sheet1.xml", sheet1},
	    {"xl/worksheets/notes.xml", notes},   {NULL, NULL},
	};
	return zipped(parts, n);
}

static void
test_xlsx(void)
{
	struct sheet_opts o = {.max_rows = 10, .column = known, .sheet_name = "名单"};
	struct sheet s;
	struct fault f = {0};
	size_t n;
	char *data = book(&n, workbook);

	T_EQ_INT(sheet_kind_of(data, n), SHEET_XLSX);
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), 0);
	T_EQ_STR(s.t.encoding, "xlsx");
	T_EQ_INT(s.header_line, 3); /* the title row above is skipped */
	T_EQ_INT(s.t.nheader, 4);
	T_EQ_STR(s.t.header[0], "姓名");
	T_EQ_STR(s.t.header[3], "村"); /* normalised: the spaces around it trimmed */
	T_EQ_INT(s.t.nrows, 3);        /* rows 6 and 9 have only formatting */
	T_EQ_INT(s.t.rows[0].line, 4);
	T_EQ_STR(s.t.rows[0].fields[0], "易春兰");
	T_EQ_STR(s.t.rows[0].fields[1], "4.30302198503128E+17");
	T_EQ_INT(sheet_type(&s, 0, 1), SHEET_NUMBER);
	T_ASSERT(sheet_lost_digits(&s, 0, 1));
	T_EQ_STR(s.t.rows[0].fields[2], "2020-02-03");
	T_EQ_INT(sheet_type(&s, 0, 2), SHEET_DATE);
	T_EQ_STR(s.t.rows[0].fields[3],
	         "云龙村");                /* the runs joined, the phonetic guide left out */
	T_EQ_INT(s.t.rows[0].nfields, 27); /* AA is the 27th column, the gap filled */
	T_EQ_STR(s.t.rows[0].fields[4], "");
	T_EQ_STR(s.t.rows[0].fields[26], "TRUE");
	T_EQ_STR(s.t.rows[1].fields[0], "贺秋生"); /* a formula's cached text */
	T_EQ_STR(s.t.rows[1].fields[1], "身份证号");
	T_ASSERT(!sheet_lost_digits(&s, 1, 1));
	T_EQ_STR(s.t.rows[1].fields[2],
	         "1977-01-21"); /* a custom 年月日 format: the day, not the hour */
	T_EQ_STR(s.t.rows[1].fields[3], "13807321001"); /* [Red]0.00 is no date: the number */
	T_EQ_INT(sheet_type(&s, 1, 3), SHEET_NUMBER);
	T_EQ_INT(s.t.rows[2].line, 7);
	T_EQ_STR(s.t.rows[2].fields[0], "贺小宝");
	T_EQ_STR(s.t.rows[2].fields[1], "");
	T_EQ_STR(s.t.rows[2].fields[2], "0.5");
	T_EQ_INT(s.t.rows[2].nfields, 4); /* as wide as the header */

	/* the first sheet unless one is named; a name that is not there */
	o.sheet_name = NULL;
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), ERR_INVALID); /* 说明 has one known column */
	T_EQ_STR(f.field, "header");
	o.sheet_name = "名单2";
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), ERR_INVALID);
	T_EQ_STR(f.field, "sheet");
	T_ASSERT(strstr(f.en, "名单2") != NULL);
	/* the fault lists the sheets the workbook has, in its order, in both languages */
	T_ASSERT(strstr(f.en, "its sheets are \"说明\", \"名单\"") != NULL);
	T_ASSERT(strstr(f.zh, "“说明”、“名单”") != NULL);
	/* and a sheet read says which sheets there were */
	o.sheet_name = "名单";
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), 0);
	T_EQ_INT(s.nsheets, 2);
	T_EQ_STR(s.sheets[0], "说明");
	T_EQ_STR(s.sheets[1], "名单");
	T_EQ_INT(s.t.nrows, 3);
	/* too many rows */
	o.sheet_name = "名单";
	o.max_rows = 2;
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), ERR_TOOBIG);
	/* cut short: not a zip any more */
	o.max_rows = 10;
	T_EQ_INT(sheet_read(a, data, n / 2, &o, &s, &f), ERR_INVALID);
	T_EQ_STR(f.field, "file");
	T_ASSERT(strstr(f.zh, "无法读取") != NULL);
	free(data);
}

static void
test_date1904(void)
{
	static const char wb[] =
	    "<?xml version=\"1.0\"?><workbook " NS "><workbookPr date1904=\"1\"/><sheets>"
	    "<sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	const struct part parts[] = {
	    {"xl/workbook.xml", wb},
	    {"xl/_rels/workbook.xml.rels", rels},
	    {"xl/styles.xml", styles},
	    {"xl/worksheets/sheet1.xml",
	     "<worksheet " NS
	     "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c>"
	     "<c r=\"B1\" t=\"inlineStr\"><is><t>出生日期</t></is></c></row>"
	     "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>甲</t></is></c><c r=\"B2\" "
	     "s=\"1\"><v>42402</v></c></row>"
	     "</sheetData></worksheet>"},
	    {NULL, NULL},
	};
	struct sheet_opts o = {.max_rows = 10, .column = known};
	struct sheet s;
	struct fault f = {0};
	size_t n;
	char *data = zipped(parts, &n);

	/* no sharedStrings.xml at all: a workbook of inline strings */
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), 0);
	T_EQ_INT(s.t.nrows, 1);
	T_EQ_STR(s.t.rows[0].fields[1], "2020-02-03"); /* the Mac's 1904 system: 1462 days later */
	free(data);
}

static void
test_long_cell(void)
{
	struct sheet_opts o = {.max_rows = 10, .column = known};
	struct part parts[] = {
	    {"xl/workbook.xml",
	     "<workbook " NS "><sheets><sheet name=\"a\" r:id=\"rId1\"/></sheets></workbook>"},
	    {"xl/_rels/workbook.xml.rels", rels},
	    {"xl/worksheets/sheet1.xml", NULL},
	    {NULL, NULL},
	};
	struct sheet s;
	struct fault f = {0};
	size_t n, big = 200 << 10;
	char *sheet = malloc(big + 1024), *data;

	/* a cell of 200 KB (past Excel's 32767 characters): refused, its row named */
	strcpy(sheet,
	       "<worksheet " NS
	       "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c>"
	       "<c r=\"B1\" t=\"inlineStr\"><is><t>村</t></is></c></row><row r=\"2\"><c r=\"A2\" "
	       "t=\"inlineStr\"><is><t>");
	n = strlen(sheet);
	memset(sheet + n, 'x', big);
	sheet[n + big] = '\0';
	strcat(sheet, "</t></is></c></row></sheetData></worksheet>");
	parts[2].text = sheet;
	data = zipped(parts, &n);
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), ERR_TOOBIG);
	T_EQ_INT(f.row, 2);
	T_EQ_STR(f.field, "file");
	free(data);
	free(sheet);
}

static void
test_serial(void)
{
	char d[11];

	T_ASSERT(sheet_serial_date(1, d));
	T_EQ_STR(d, "1900-01-01");
	T_ASSERT(sheet_serial_date(59, d));
	T_EQ_STR(d, "1900-02-28");
	T_ASSERT(!sheet_serial_date(60, d)); /* 1900-02-29, which Excel counts and never was */
	T_ASSERT(sheet_serial_date(61, d));
	T_EQ_STR(d, "1900-03-01");
	T_ASSERT(sheet_serial_date(43864, d));
	T_EQ_STR(d, "2020-02-03");
	T_ASSERT(sheet_serial_date(43864.99, d));
	T_EQ_STR(d, "2020-02-03");
	T_ASSERT(sheet_serial_date(36526, d));
	T_EQ_STR(d, "2000-01-01");
	T_ASSERT(sheet_serial_date(2958465, d));
	T_EQ_STR(d, "9999-12-31");
	T_ASSERT(!sheet_serial_date(0, d));
	T_ASSERT(!sheet_serial_date(2958466, d));

	T_EQ_STR(sheet_date_text(a, "43864"), "2020-02-03");
	T_EQ_STR(sheet_date_text(a, "2020/2/3"), "2020-02-03");
	T_EQ_STR(sheet_date_text(a, "2020.2.3"), "2020-02-03");
	T_EQ_STR(sheet_date_text(a, "2020年2月3日"), "2020-02-03");
	T_EQ_STR(sheet_date_text(a, "2020/2/3 0:00"), "2020-02-03");
	T_EQ_STR(sheet_date_text(a, "2020-02-03"), "2020-02-03");
	T_EQ_STR(sheet_date_text(a, "2020/13/3"), "2020/13/3"); /* left for the import to refuse */
	T_EQ_STR(sheet_date_text(a, "二月三日"), "二月三日");
	T_EQ_STR(sheet_date_text(a, ""), "");
	T_ASSERT(sheet_date_text(a, NULL) == NULL);

	T_ASSERT(sheet_number_like("4.30302E+17"));
	T_ASSERT(sheet_number_like("4.30302199001011E+17"));
	T_ASSERT(sheet_number_like("4e17"));
	T_ASSERT(!sheet_number_like("430302199001011234"));
	T_ASSERT(!sheet_number_like("E+17"));
	T_ASSERT(!sheet_number_like("4.3E+"));
}

static void
test_kinds(void)
{
	T_EQ_INT(sheet_kind_of("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8), SHEET_XLS);
	T_EQ_INT(sheet_kind_of("PK\x03\x04....word/document.xml", 27), SHEET_CSV);
	T_EQ_INT(sheet_kind_of("PK\x03\x04....xl/workbook.xml", 25), SHEET_XLSX);
	T_EQ_INT(sheet_kind_of("姓名,身份证号\n", strlen("姓名,身份证号\n")), SHEET_CSV);
	T_EQ_INT(sheet_kind_of("", 0), SHEET_CSV);
}

static void
test_csv(void)
{
	static const char s[] =
	    "鹤岭镇返乡人员名单,,,\r\n,,,\r\n姓名,身份证号,村\r\n易春兰,4.30302E+17,云龙村\r\n"
	    "\r\n贺秋生,430302197801218327,云龙村\r\n";
	struct sheet_opts o = {.max_rows = 10, .column = known};
	struct sheet sh;
	struct fault f = {0};

	T_EQ_INT(sheet_read(a, s, strlen(s), &o, &sh, &f), 0);
	T_EQ_STR(sh.t.encoding, "utf-8");
	T_EQ_INT(sh.header_line, 3);
	T_EQ_STR(sh.t.header[1], "身份证号");
	T_EQ_INT(sh.t.nrows, 2);
	T_EQ_INT(sh.t.rows[0].line, 4);
	T_EQ_INT(sh.t.rows[1].line, 6);
	T_EQ_INT(sheet_type(&sh, 0, 1), SHEET_TEXT);
	T_ASSERT(sheet_lost_digits(&sh, 0, 1)); /* the text Excel shows for a long number */
	T_ASSERT(!sheet_lost_digits(&sh, 1, 1));
	/* the limit is on the rows under the header, and said so */
	o.max_rows = 1;
	T_EQ_INT(sheet_read(a, s, strlen(s), &o, &sh, &f), ERR_TOOBIG);
	T_ASSERT(strstr(f.en, "more than 1 data rows") != NULL);
	o.max_rows = 2;
	T_EQ_INT(sheet_read(a, s, strlen(s), &o, &sh, &f), 0);
	/* a zip that is no workbook */
	T_EQ_INT(sheet_read(a, "PK\x03\x04zz", 6, &o, &sh, &f), ERR_INVALID);
	T_EQ_STR(f.field, "file");
	T_EQ_INT(sheet_read(a, "名单\r\n甲,乙\r\n", strlen("名单\r\n甲,乙\r\n"), &o, &sh, &f),
	         ERR_INVALID);
	T_EQ_STR(f.field, "header");
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *p;
	long len;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	p = malloc((size_t)len);
	*n = fread(p, 1, (size_t)len, fp);
	fclose(fp);
	return p;
}

/* list_known: the header words of a district's railway list */
static int
list_known(struct arena *ar, const char *cell, void *arg)
{
	static const char *const words[] = {"旅客姓名", "证件号码", "手机号码", "出发地", NULL};
	int i;

	(void)ar;
	(void)arg;
	for (i = 0; words[i]; i++)
		if (strcmp(cell, words[i]) == 0)
			return i;
	return -1;
}

/* An .xls of two sheets (LibreOffice's BIFF8, tests/api/fixtures/make.mjs): the first unless
 * one is named, the named one, and a name it does not have with the sheets it has. */
static void
test_xls_sheets(void)
{
	struct sheet_opts o = {.max_rows = 10, .column = list_known};
	struct sheet s;
	struct fault f = {0};
	size_t n = 0;
	char *data = slurp(FIXTURES "/list_sheets.xls", &n);

	T_ASSERT(data != NULL);
	if (data == NULL)
		return;
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), 0);
	T_EQ_INT(s.nsheets, 2);
	T_EQ_STR(s.sheets[0], "第2批");
	T_EQ_STR(s.sheets[1], "旅客");
	T_EQ_INT(s.t.nrows, 1);
	T_EQ_STR(s.t.rows[0].fields[0], "武汉旅客乙");
	o.sheet_name = "旅客";
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), 0);
	T_EQ_INT(s.header_line, 2); /* below the title row */
	T_EQ_INT(s.t.nrows, 6);
	T_EQ_STR(s.t.rows[0].fields[1], "易春兰");
	o.sheet_name = "旅客名单";
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), ERR_INVALID);
	T_EQ_STR(f.field, "sheet");
	T_ASSERT(strstr(f.zh, "旅客名单") != NULL);
	T_ASSERT(strstr(f.zh, "“第2批”、“旅客”") != NULL);
	T_ASSERT(strstr(f.en, "\"第2批\", \"旅客\"") != NULL);
	free(data);
}

/* A CSV is one table: naming a sheet for it is refused, naming the field. */
static void
test_csv_sheet(void)
{
	static const char csv[] = "姓名,身份证号\r\n易春兰,430302198503128125\r\n";
	struct sheet_opts o = {.max_rows = 10, .column = known, .sheet_name = "名单"};
	struct sheet s;
	struct fault f = {0};

	T_EQ_INT(sheet_read(a, csv, sizeof(csv) - 1, &o, &s, &f), ERR_INVALID);
	T_EQ_STR(f.field, "sheet");
	T_ASSERT(strstr(f.zh, "CSV") != NULL);
	T_ASSERT(strstr(f.en, "CSV") != NULL);
	o.sheet_name = NULL;
	T_EQ_INT(sheet_read(a, csv, sizeof(csv) - 1, &o, &s, &f), 0);
	T_EQ_INT(s.t.nrows, 1);
	T_EQ_INT(s.nsheets, 0);
}

static void
test_xls(void)
{
	struct sheet_opts o = {.max_rows = 10, .column = known};
	struct sheet s;
	struct fault f = {0};
	size_t n = 0;
	char *data = slurp(FIXTURES "/residents.xls", &n);

	T_ASSERT(data != NULL);
	if (data == NULL)
		return;
	T_EQ_INT(sheet_kind_of(data, n), SHEET_XLS);
	T_EQ_INT(sheet_read(a, data, n, &o, &s, &f), 0);
	T_EQ_STR(s.t.encoding, "xls");
	T_EQ_INT(s.header_line, 2);
	T_EQ_STR(s.t.header[1], "姓名");
	T_EQ_INT(s.t.nrows, 4);
	T_EQ_INT(s.t.rows[0].line, 3);
	T_EQ_STR(s.t.rows[0].fields[0], "1");
	T_EQ_STR(s.t.rows[0].fields[1], "易春兰");
	T_EQ_STR(s.t.rows[0].fields[2], "430302198503128125");
	T_EQ_STR(s.t.rows[0].fields[3], "13807321001");
	T_EQ_INT(sheet_type(&s, 0, 3), SHEET_NUMBER);
	T_EQ_STR(s.t.rows[0].fields[6], "1985-03-12");
	T_EQ_INT(sheet_type(&s, 0, 6), SHEET_DATE);
	T_EQ_STR(s.t.rows[1].fields[6], "33789"); /* a bare serial: the import reads it as a day */
	T_EQ_STR(s.t.rows[2].fields[6], "1978/1/21");
	T_EQ_STR(s.t.rows[3].fields[2], "");
	/* cut short */
	T_EQ_INT(sheet_read(a, data, 1000, &o, &s, &f), ERR_INVALID);
	T_EQ_STR(f.field, "file");
	free(data);
}

int
main(void)
{
	a = arena_new();
	T_RUN(test_xlsx);
	T_RUN(test_date1904);
	T_RUN(test_long_cell);
	T_RUN(test_serial);
	T_RUN(test_kinds);
	T_RUN(test_csv);
	T_RUN(test_xls);
	T_RUN(test_xls_sheets);
	T_RUN(test_csv_sheet);
	arena_free(a);
	return T_DONE();
}
