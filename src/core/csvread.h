/* csvread.h: reading a spreadsheet exported as CSV, the way Excel writes it in China. */
#ifndef FANGYI_CSVREAD_H
#define FANGYI_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct fault;

struct csv_row {
	int line;       /* 1-based physical line where the record starts */
	int nfields;
	char **fields;  /* UTF-8, each passed through text_normalize */
};

struct csv_table {
	const char *encoding; /* "utf-8", "utf-8-bom" or "gb18030" */
	int nrows;            /* data rows, header excluded */
	char **header;        /* nheader normalised header cells */
	int nheader;
	struct csv_row *rows;
};

/*
 * csv_read parses n bytes of CSV (any of the encodings text_to_utf8
 * knows; quoted fields, embedded newlines, CRLF or LF; comma, or a tab
 * when the header has tabs and no commas).  The first non-empty record is
 * the header, unless it is the watermark line fangyi puts above the header of its own
 * exports (csv_is_watermark), which is skipped; blank records are skipped.  Everything is allocated in a.
 * Returns 0, ERR_INVALID (undecodable or malformed, fault names the line),
 * or ERR_TOOBIG when there are more than max_rows data rows.
 */
int csv_read(struct arena *a, const char *data, size_t n, int max_rows, struct csv_table *ret,
	     struct fault *f);

/* csv_is_watermark: cell is the line fangyi writes above an exported CSV's header
 * ("导出：… 编号 EX-…"). */
bool csv_is_watermark(const char *cell);

#endif
