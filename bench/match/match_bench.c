/* match_bench.c: a district list matched against the registry in memory, timed step by step.
 *
 * usage: match_bench REGISTRY.csv LIST.csv  (the files bench/match/gen.mjs writes)
 * Reads both files whole, splits their fields in place (plain commas, no quotes: the bench
 * measures matching, not CSV), indexes the registry with match_index_build and classifies
 * every row with match_row and one match_seen, as a list batch would.  Prints the time of
 * each step, the whole, and the rows of each class (which must add up to the rows). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "match.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* slurp reads a whole file into one NUL-terminated allocation; *ret_len its size. */
static char *
slurp(const char *path, size_t *ret_len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	char *s;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0) {
		perror(path);
		exit(1);
	}
	s = malloc((size_t)st.st_size + 1);
	if (s == NULL)
		exit(1);
	while (got < (size_t)st.st_size && (n = read(fd, s + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	s[got] = '\0';
	*ret_len = got;
	return s;
}

/* number reads the digits at s: the bench's own figures, not the town's, so no checks. */
static long
number(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

/* fields splits one line in place into at most max fields; returns the pointer past it. */
static char *
fields(char *p, char **f, int max, int *ret_n)
{
	int n = 0;

	f[n++] = p;
	for (; *p && *p != '\n'; p++) {
		if (*p == ',' && n < max) {
			*p = '\0';
			f[n++] = p + 1;
		}
	}
	if (*p == '\n')
		*p++ = '\0';
	*ret_n = n;
	return p;
}

static size_t
count_lines(const char *s, size_t n)
{
	size_t k = 0;
	const char *p = s, *end = s + n;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k + (n > 0 && s[n - 1] != '\n');
}

int
main(int argc, char **argv)
{
	size_t rlen, llen, np = 0, nr = 0, i, counts[MATCH__MAX] = {0}, sum = 0, reasons[MATCH_REASON__MAX] = {0};
	char *reg, *list, *p, *f[8];
	struct match_person *persons;
	struct match_row *rows;
	struct match_index *idx;
	struct match_seen *seen;
	struct match_verdict v;
	double t0, t1, t2, t3;
	int n;

	if (argc != 3) {
		fprintf(stderr, "usage: match_bench REGISTRY.csv LIST.csv\n");
		return 2;
	}
	t0 = now();
	reg = slurp(argv[1], &rlen);
	list = slurp(argv[2], &llen);
	persons = calloc(count_lines(reg, rlen) + 1, sizeof(*persons));
	rows = calloc(count_lines(list, llen) + 1, sizeof(*rows));
	if (persons == NULL || rows == NULL)
		return 1;
	for (p = reg; *p;) {
		p = fields(p, f, 7, &n);
		if (n < 7)
			continue;
		persons[np++] = (struct match_person){number(f[0]), f[1], f[2], f[3], f[4],
						      f[5], f[6][0] == '1'};
	}
	for (p = list; *p;) {
		p = fields(p, f, 6, &n);
		if (n < 6)
			continue;
		rows[nr++] = (struct match_row){number(f[0]), f[1], f[2], f[3], f[4], f[5]};
	}
	t1 = now();
	idx = match_index_build(persons, np);
	t2 = now();
	seen = match_seen_new(nr);
	if (idx == NULL || seen == NULL)
		return 1;
	for (i = 0; i < nr; i++) {
		if (match_row(idx, seen, &rows[i], &v) != 0)
			return 1;
		counts[v.cls]++;
		if (v.cls == MATCH_FOUND || v.cls == MATCH_WATCHED || v.cls == MATCH_POSSIBLE)
			reasons[v.reason]++;
	}
	t3 = now();
	printf("read+split %.3f s, index %zu people %.3f s, match %zu rows %.3f s, total %.3f s\n",
	       t1 - t0, np, t2 - t1, nr, t3 - t2, t3 - t0);
	for (i = 0; i < MATCH__MAX; i++) {
		printf("  %-20s %8zu\n", match_class_word((enum match_class)i), counts[i]);
		sum += counts[i];
	}
	printf("  %-20s %8zu (records %zu)\n", "rows", sum, match_seen_records(seen));
	for (i = 0; i < MATCH_REASON__MAX; i++)
		printf("    by %-16s %8zu\n", match_reason_word((enum match_reason)i), reasons[i]);
	match_seen_free(seen);
	match_index_free(idx);
	free(rows);
	free(persons);
	free(list);
	free(reg);
	return sum == nr ? 0 : 1;
}
