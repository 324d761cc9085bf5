/* match_bench.c: a district list matched against the registry in memory, timed step by step.
 *
 * usage: match_bench [--threads N] [--one-by-one] REGISTRY.csv LIST.csv
 *   (the files bench/match/gen.mjs writes)
 * Reads both files as fangyi reads a registry from a cursor and a list from a sheet: a block
 * at a time into one reused buffer, its lines split in place (plain commas, no quotes: the
 * bench measures matching, not CSV) into a batch of struct match_person or struct match_row.
 * The registry's batches go to match_index_add, the list's to match_rows (N threads, 2 by
 * default) or, with --one-by-one, to match_row a row at a time, with one match_seen for the
 * whole list.  Nothing is kept of a batch once it is matched, so the memory is the index's
 * and the list's records', not the files'.  Prints the time of each step, the whole, and the
 * rows of each class (which must add up to the rows). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "match.h"

/* the bytes read at a time, and the most lines of them matched in one call */
#define BLOCK ((size_t)1 << 20)
#define BATCH 8192

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

/* fields splits the line at p (ending at its '\n') in place into at most max fields, in one
 * pass over its bytes; returns the pointer past it. */
static char *
fields(char *p, char **f, int max, int *ret_n)
{
	int n = 0;

	f[n++] = p;
	for (; *p != '\n'; p++) {
		if (*p == ',' && n < max) {
			*p = '\0';
			f[n++] = p + 1;
		}
	}
	*p = '\0';
	*ret_n = n;
	return p + 1;
}

/* A file read a block at a time: buf holds the lines not yet split. */
struct reader {
	int fd;
	char *buf;
	size_t len; /* bytes in buf */
	bool eof;
};

static void
reader_open(struct reader *r, const char *path)
{
	if ((r->fd = open(path, O_RDONLY)) < 0) {
		perror(path);
		exit(1);
	}
	if ((r->buf = malloc(BLOCK + 2)) == NULL)
		exit(1);
	r->len = 0;
	r->eof = false;
}

/* reader_fill keeps the bytes from `from` on, moved to the front, and reads more after them;
 * returns where the last whole line ends (a missing last '\n' is added at the end). */
static char *
reader_fill(struct reader *r, char *from)
{
	ssize_t n;
	char *end;

	r->len -= (size_t)(from - r->buf);
	memmove(r->buf, from, r->len);
	while (!r->eof && r->len < BLOCK) {
		n = read(r->fd, r->buf + r->len, BLOCK - r->len);
		if (n < 0) {
			perror("read");
			exit(1);
		}
		if (n == 0)
			r->eof = true;
		r->len += (size_t)n;
	}
	if (r->eof && r->len > 0 && r->buf[r->len - 1] != '\n')
		r->buf[r->len++] = '\n';
	for (end = r->buf + r->len; end > r->buf && end[-1] != '\n'; end--)
		;
	return end;
}

/* count_lines is a file's line count, read once ahead: the room an index or a list's records
 * are made with, as fangyi knows a registry's count or a sheet's rows before matching. */
static size_t
count_lines(const char *path)
{
	struct reader r;
	size_t k = 0;
	char *p, *end;

	reader_open(&r, path);
	do {
		end = reader_fill(&r, r.buf + r.len);
		for (p = r.buf; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
			k++;
		r.len = (size_t)(end - r.buf);
	} while (!r.eof);
	close(r.fd);
	free(r.buf);
	return k;
}

int
main(int argc, char **argv)
{
	size_t np = 0, nr = 0, nb, i, counts[MATCH__MAX] = {0}, sum = 0,
	       reasons[MATCH_REASON__MAX] = {0}, room;
	struct match_person *persons;
	struct match_row *rows;
	struct match_verdict *v;
	struct match_index *idx;
	struct match_seen *seen;
	struct reader rd;
	double t0, t1, t2, split = 0, s;
	char *p, *end, *f[8];
	int n, a, threads = 2;
	bool one = false;

	for (a = 1; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc)
			threads = atoi(argv[++a]);
		else if (strcmp(argv[a], "--one-by-one") == 0)
			one = true;
		else
			break;
	}
	if (argc - a != 2) {
		fprintf(stderr, "usage: match_bench [--threads N] [--one-by-one] REGISTRY.csv LIST.csv\n");
		return 2;
	}
	persons = calloc(BATCH, sizeof(*persons));
	rows = calloc(BATCH, sizeof(*rows));
	v = calloc(BATCH, sizeof(*v));
	if (persons == NULL || rows == NULL || v == NULL)
		return 1;

	t0 = now();
	if ((idx = match_index_new(count_lines(argv[a]))) == NULL)
		return 1;
	reader_open(&rd, argv[a]);
	end = p = rd.buf;
	for (;;) {
		s = now();
		if (p == end) {
			if (rd.eof)
				break;
			end = reader_fill(&rd, p);
			p = rd.buf;
		}
		for (nb = 0; nb < BATCH && p < end;) {
			p = fields(p, f, 7, &n);
			if (n == 7)
				persons[nb++] = (struct match_person){number(f[0]), f[1], f[2], f[3],
								      f[4], f[5], f[6][0] == '1'};
		}
		split += now() - s;
		if (match_index_add(idx, persons, nb) != 0)
			return 1;
		np += nb;
	}
	close(rd.fd);
	free(rd.buf);
	match_index_done(idx);
	t1 = now();

	room = count_lines(argv[a + 1]);
	if ((seen = match_seen_new(room)) == NULL)
		return 1;
	reader_open(&rd, argv[a + 1]);
	end = p = rd.buf;
	for (;;) {
		s = now();
		if (p == end) {
			if (rd.eof)
				break;
			end = reader_fill(&rd, p);
			p = rd.buf;
		}
		for (nb = 0; nb < BATCH && p < end;) {
			p = fields(p, f, 6, &n);
			if (n == 6)
				rows[nb++] = (struct match_row){number(f[0]), f[1], f[2], f[3], f[4], f[5]};
		}
		split += now() - s;
		if (one) {
			for (i = 0; i < nb; i++)
				if (match_row(idx, seen, &rows[i], &v[i]) != 0)
					return 1;
		} else if (match_rows(idx, seen, rows, nb, threads, v) != 0) {
			return 1;
		}
		for (i = 0; i < nb; i++) {
			counts[v[i].cls]++;
			if (v[i].cls == MATCH_FOUND || v[i].cls == MATCH_WATCHED ||
			    v[i].cls == MATCH_POSSIBLE)
				reasons[v[i].reason]++;
		}
		nr += nb;
	}
	close(rd.fd);
	free(rd.buf);
	t2 = now();
	printf("index %zu people %.3f s, match %zu rows %.3f s, total %.3f s (of which reading and "
	       "splitting the files %.3f s)\n",
	       np, t1 - t0, nr, t2 - t1, t2 - t0, split);
	if (one)
		printf("  rows matched one by one (match_row)\n");
	else
		printf("  rows matched in batches of %d (match_rows), %d thread%s\n", BATCH, threads,
		       threads == 1 ? "" : "s");
	for (i = 0; i < MATCH__MAX; i++) {
		printf("  %-20s %8zu\n", match_class_word((enum match_class)i), counts[i]);
		sum += counts[i];
	}
	printf("  %-20s %8zu (records %zu)\n", "rows", sum, match_seen_records(seen));
	for (i = 0; i < MATCH_REASON__MAX; i++)
		printf("    by %-16s %8zu\n", match_reason_word((enum match_reason)i), reasons[i]);
	match_seen_free(seen);
	match_index_free(idx);
	free(v);
	free(rows);
	free(persons);
	return sum == nr ? 0 : 1;
}
