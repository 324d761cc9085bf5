/* csv2xlsx.c: the import benchmark's workbook: the rows of bench/gen-residents.mjs's CSV written
 * as an .xlsx the way Excel writes one (shared strings, every cell text, the ID numbers too).
 * usage: csv2xlsx IN.csv OUT.xlsx.  The CSV is the generator's: no quoted fields. */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

int
main(int argc, char **argv)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	FILE *in;
	static char line[4096];
	lxw_row_t r = 0;

	if (argc != 3 || (in = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx\n");
		return 2;
	}
	if ((wb = workbook_new(argv[2])) == NULL ||
	    (ws = workbook_add_worksheet(wb, "居民")) == NULL)
		return 1;
	while (fgets(line, sizeof(line), in)) {
		char *p = line, *e;
		lxw_col_t c = 0;

		line[strcspn(line, "\r\n")] = '\0';
		for (;;) {
			e = strchr(p, ',');
			if (e)
				*e = '\0';
			if (*p)
				worksheet_write_string(ws, r, c, p, NULL);
			c++;
			if (e == NULL)
				break;
			p = e + 1;
		}
		r++;
	}
	fclose(in);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
