/* sheet.h: a register as the town sends it, .xlsx, .xls or CSV, read into one csv_table. */
#ifndef FANGYI_SHEET_H
#define FANGYI_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"

struct arena;
struct fault;

enum sheet_kind { SHEET_CSV, SHEET_XLSX, SHEET_XLS };

/* What a cell held in the workbook: its text is in the csv_row either way. */
enum sheet_cell {
	SHEET_TEXT,   /* a string (every CSV cell) */
	SHEET_NUMBER, /* a number, written as Excel shows it in General format */
	SHEET_DATE,   /* a number with a date format, written YYYY-MM-DD */
};

struct sheet_opts {
	int max_rows;           /* more data rows than this: ERR_TOOBIG */
	const char *sheet_name; /* the worksheet to read; NULL: the first */
	/* column says whether a header cell names a column the caller knows (>= 0) or not (< 0):
	 * the header is the first row where it knows at least two cells, so title rows above it
	 * ("鹤岭镇返乡人员名单" merged across the columns) are skipped. */
	int (*column)(struct arena *a, const char *cell, void *arg);
	void *arg;
};

struct sheet {
	struct csv_table t; /* header and data rows; t.rows[i].line is the physical row */
	enum sheet_kind kind;
	int header_line; /* the physical row of the header (for CSV, the line above the first row)
	                  */
	unsigned char **types; /* types[i][j] is the enum sheet_cell of t.rows[i].fields[j] */
	char **sheets;         /* a workbook's sheets by name, in its order (none for a CSV) */
	int nsheets;
};

/* sheet_kind_of looks at the bytes, never at a file name: a zip holding xl/workbook.xml is
 * xlsx, the OLE2 signature is xls, anything else is CSV. */
enum sheet_kind sheet_kind_of(const char *data, size_t n);

/* sheet_read reads n bytes of any kind into ret, allocated in a.  Empty rows are skipped.
 * Returns 0, ERR_INVALID (unreadable, no header: f names the file or the row; a sheet named
 * that the workbook does not have, or any sheet named for a CSV: f names "sheet" and lists the
 * workbook's sheets), or ERR_TOOBIG. */
int sheet_read(struct arena *a, const char *data, size_t n, const struct sheet_opts *o,
               struct sheet *ret, struct fault *f);

/* sheet_type is the kind of cell j of data row i (SHEET_TEXT past the end). */
enum sheet_cell sheet_type(const struct sheet *s, int i, int j);

/* sheet_lost_digits says whether cell j of data row i is a number where a code belongs: a
 * number cell, or text as Excel shows a long number ("4.30302E+17").  An ID number Excel
 * took for a number keeps only 15 digits: its last ones are gone. */
bool sheet_lost_digits(const struct sheet *s, int i, int j);

/* sheet_serial_date writes the day of an Excel serial number (the 1900 system, with its
 * phantom 1900-02-29 = 60) as YYYY-MM-DD into out; false when out of 1..2958465. */
bool sheet_serial_date(double serial, char out[11]);

/* sheet_date_text is a date cell as YYYY-MM-DD when it is a serial ("43864"), or a date
 * written with '/', '.', '-' or 年月日 ("2020/2/3", "2020年2月3日"); else s itself. */
const char *sheet_date_text(struct arena *a, const char *s);

/* sheet_number_like says whether s is a number as Excel shows a long one: "4.30302E+17". */
bool sheet_number_like(const char *s);

#endif
