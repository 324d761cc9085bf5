/* test_csvread.c: CSV as Excel writes it in China: GBK, BOMs, quotes, CRLF, blank rows. */
#include <string.h>

#include "arena.h"
#include "csvread.h"
#include "err.h"
#include "t.h"

static struct arena *a;

static int
read_str(const char *s, int max_rows, struct csv_table *t, struct fault *f)
{
	memset(f, 0, sizeof(*f));
	return csv_read(a, s, strlen(s), max_rows, t, f);
}

static void
test_gbk(void)
{
	/* 姓名,身份证号\r\n张三,110105491231002\r\n in GBK */
	const char *s = "\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5\r\n"
	                "\xd5\xc5\xc8\xfd,110105491231002\r\n";
	struct csv_table t;
	struct fault f;

	T_EQ_INT(read_str(s, 10, &t, &f), 0);
	T_EQ_STR(t.encoding, "gb18030");
	T_EQ_INT(t.nheader, 2);
	T_EQ_STR(t.header[0], "姓名");
	T_EQ_STR(t.header[1], "身份证号");
	T_EQ_INT(t.nrows, 1);
	T_EQ_INT(t.rows[0].line, 2);
	T_EQ_STR(t.rows[0].fields[0], "张三");
	T_EQ_STR(t.rows[0].fields[1], "110105491231002");
}

static void
test_bom(void)
{
	struct csv_table t;
	struct fault f;

	T_EQ_INT(read_str("\xef\xbb\xbf姓名,电话\n李四,13812345678\n", 10, &t, &f), 0);
	T_EQ_STR(t.encoding, "utf-8-bom");
	T_EQ_STR(t.header[0], "姓名"); /* no BOM glued to the first header */
	T_EQ_STR(t.rows[0].fields[1], "13812345678");

	T_EQ_INT(read_str("姓名,电话\n李四,13812345678", 10, &t, &f), 0);
	T_EQ_STR(t.encoding, "utf-8");
	T_EQ_INT(t.nrows, 1); /* no final newline */
	T_EQ_STR(t.rows[0].fields[1], "13812345678");
}

static void
test_quotes(void)
{
	const char *s = "姓名,住址,备注\r\n"
	                "王五,\"幸福村3组\r\n12号\",\"说\"\"好\"\",明天\"\r\n"
	                "赵六,\"a,b\",\r\n";
	struct csv_table t;
	struct fault f;

	T_EQ_INT(read_str(s, 10, &t, &f), 0);
	T_EQ_INT(t.nrows, 2);
	T_EQ_STR(t.rows[0].fields[1], "幸福村3组\r\n12号");
	T_EQ_STR(t.rows[0].fields[2], "说\"好\",明天");
	T_EQ_INT(t.rows[0].line, 2);
	T_EQ_STR(t.rows[1].fields[0], "赵六");
	T_EQ_STR(t.rows[1].fields[1], "a,b");
	T_EQ_INT(t.rows[1].line, 4); /* the embedded newline took line 3 */
	/* a missing trailing cell reads as empty: fields cover the header */
	T_EQ_INT(t.rows[1].nfields, 3);
	T_EQ_STR(t.rows[1].fields[2], "");
}

static void
test_lines(void)
{
	/* three rows; a blank line, a line of spaces, a blank record and a
	 * two-line cell between them must not throw the line numbers off */
	const char *s = "name,address\n"
	                "\n"
	                "a,\"one\ntwo\nthree\"\n"
	                "   \n"
	                ",,\n"
	                "b,x\n"
	                "\r\n"
	                "c,\"y\"\n";
	struct csv_table t;
	struct fault f;

	T_EQ_INT(read_str(s, 10, &t, &f), 0);
	T_EQ_INT(t.nrows, 3);
	T_EQ_INT(t.rows[0].line, 3);
	T_EQ_STR(t.rows[0].fields[1], "one\ntwo\nthree");
	T_EQ_INT(t.rows[1].line, 8);
	T_EQ_STR(t.rows[1].fields[0], "b");
	T_EQ_INT(t.rows[2].line, 10);
	T_EQ_STR(t.rows[2].fields[1], "y");

	/* leading blank lines before the header */
	T_EQ_INT(read_str("\n\nname\nz\n", 10, &t, &f), 0);
	T_EQ_STR(t.header[0], "name");
	T_EQ_INT(t.rows[0].line, 4);
}

static void
test_tabs_and_cells(void)
{
	struct csv_table t;
	struct fault f;

	/* tab-separated, with an empty middle column */
	T_EQ_INT(read_str("姓名\t电话\t住址\n张三\t\t幸福村\n", 10, &t, &f), 0);
	T_EQ_INT(t.nheader, 3);
	T_EQ_STR(t.rows[0].fields[1], "");
	T_EQ_STR(t.rows[0].fields[2], "幸福村");

	/* a header with a tab inside a comma file stays comma-separated */
	T_EQ_INT(read_str("a\tb,c\n1,2\n", 10, &t, &f), 0);
	T_EQ_INT(t.nheader, 2);

	/* cells are normalised; Excel's trailing empty header cells go */
	T_EQ_INT(read_str("\xe3\x80\x80姓名\xe3\x80\x80,ＩＤ,,\n １ ,\xef\xbc\xa1,,\n", 10, &t, &f),
	         0);
	T_EQ_INT(t.nheader, 2);
	T_EQ_STR(t.header[0], "姓名");
	T_EQ_STR(t.header[1], "ID");
	T_EQ_STR(t.rows[0].fields[0], "1");
	T_EQ_STR(t.rows[0].fields[1], "A");
	T_EQ_INT(t.rows[0].nfields, 2);

	/* a data row wider than the header keeps its extra cells */
	T_EQ_INT(read_str("a\n1,2\n", 10, &t, &f), 0);
	T_EQ_INT(t.rows[0].nfields, 2);
	T_EQ_STR(t.rows[0].fields[1], "2");
}

static void
test_limits(void)
{
	struct csv_table t = {.nrows = -7};
	struct fault f;

	T_EQ_INT(read_str("h\n1\n2\n3\n", 3, &t, &f), 0);
	T_EQ_INT(t.nrows, 3);
	t.nrows = -7;
	T_EQ_INT(read_str("h\n1\n2\n3\n4\n", 3, &t, &f), ERR_TOOBIG);
	T_EQ_INT(f.code, ERR_TOOBIG);
	T_EQ_INT(f.row, 5);
	T_EQ_STR(f.zh, "数据超过3行的上限，请分批导入");
	T_EQ_STR(f.en, "more than 3 data rows: split the file and import it in parts");
	T_EQ_INT(t.nrows, -7); /* not written on failure */
	/* header only: no rows, no error */
	T_EQ_INT(read_str("h\n", 0, &t, &f), 0);
	T_EQ_INT(t.nrows, 0);
}

static void
test_refused(void)
{
	struct csv_table t;
	struct fault f;
	char big[4096];
	int i;

	T_EQ_INT(read_str("", 10, &t, &f), ERR_INVALID);
	T_EQ_STR(f.en, "the file is empty: no header and no rows");
	T_EQ_INT(read_str("\n \n,,\n", 10, &t, &f), ERR_INVALID);

	/* neither UTF-8 nor GB18030: 0xff on line 3 */
	T_EQ_INT(read_str("a,b\n1,2\n3,\xff\n", 10, &t, &f), ERR_INVALID);
	T_EQ_INT(f.row, 3);
	T_EQ_STR(f.en, "line 3 has bytes that are neither UTF-8 nor GBK/GB18030: save the file as "
	               "CSV UTF-8 and import it again");
	/* GBK until a broken lead byte at the very end, on line 2 */
	T_EQ_INT(read_str("\xd0\xd5\xc3\xfb\n\xd5\xc5\xc8", 10, &t, &f), ERR_INVALID);
	T_EQ_INT(f.row, 2);

	/* an unclosed quote would swallow the rest of the file */
	T_EQ_INT(read_str("a,b\n1,2\n3,\"4\n5,6\n", 10, &t, &f), ERR_INVALID);
	T_EQ_INT(f.row, 3);
	T_EQ_STR(f.en, "the quote opened in the record on line 3 is never closed");

	/* UTF-16 and workbooks get told what to do */
	memset(&f, 0, sizeof(f));
	T_EQ_INT(csv_read(a, "\xff\xfe\x61\x00", 4, 10, &t, &f), ERR_INVALID);
	T_ASSERT(strstr(f.en, "UTF-16") != NULL);
	T_EQ_INT(csv_read(a, "PK\x03\x04rest", 8, 10, &t, &f), ERR_INVALID);
	T_ASSERT(strstr(f.en, "Excel workbook") != NULL);
	T_EQ_INT(csv_read(a, "a\nb\0c\n", 6, 10, &t, &f), ERR_INVALID);
	T_EQ_INT(f.row, 2);

	/* too many columns */
	for (i = 0; i < 300; i++) {
		big[2 * i] = 'x';
		big[2 * i + 1] = ',';
	}
	big[600] = '\0';
	T_EQ_INT(read_str(big, 10, &t, &f), ERR_TOOBIG);
	T_EQ_STR(f.en, "line 1 has more than 256 columns");
}

/* fangyi's own export, imported again: its watermark line above the header is skipped, and
 * the line numbers of the rows stay those of the file */
static void
test_watermark(void)
{
	struct csv_table t;
	struct fault f;

	T_EQ_INT(read_str("\xef\xbb\xbf导出：张三（zs） 2026-12-07 14:03 编号 EX-20261207-8F3A2C1B ｜ Exported by "
			  "张三（zs） 2026-12-07 14:03 serial EX-20261207-8F3A2C1B\r\n姓名,电话\r\n李四,13812345678\r\n",
			  10, &t, &f),
		 0);
	T_EQ_INT(t.nheader, 2);
	T_EQ_STR(t.header[0], "姓名");
	T_EQ_INT(t.nrows, 1);
	T_EQ_INT(t.rows[0].line, 3);
	/* a title line of someone else's sheet is still the header (and refused by the importer) */
	T_EQ_INT(read_str("导出名单\r\n姓名,电话\r\n", 10, &t, &f), 0);
	T_EQ_STR(t.header[0], "导出名单");
	T_EQ_INT(t.nrows, 1);
	T_ASSERT(csv_is_watermark("导出:张三 2026-12-07 14:03 编号 EX-20261207-8F3A2C1B"));
	T_ASSERT(!csv_is_watermark("姓名"));
	T_ASSERT(!csv_is_watermark(NULL));
}

int
main(void)
{
	a = arena_new();
	T_RUN(test_gbk);
	T_RUN(test_bom);
	T_RUN(test_quotes);
	T_RUN(test_lines);
	T_RUN(test_tabs_and_cells);
	T_RUN(test_limits);
	T_RUN(test_refused);
	T_RUN(test_watermark);
	arena_free(a);
	return T_DONE();
}
