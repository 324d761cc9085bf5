/* roster.c: shift patterns, the team cycle, and coverage of a post's hours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster.h"

int
roster_hhmm(const char *s, bool allow_24)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '9' ||
	    s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h == 24 && m == 0 && allow_24)
		return 1440;
	if (h > 23)
		return -1;
	return h * 60 + m;
}

void
roster_shifts_text(const struct shift_def *defs, int n, char *ret, int cap)
{
	int i, off = 0;

	ret[0] = '\0';
	for (i = 0; i < n && off < cap; i++)
		off += snprintf(ret + off, (size_t)(cap - off), "%s%d:%d", i ? "," : "", defs[i].start,
				defs[i].minutes);
}

int
roster_shifts_parse(const char *s, struct shift_def *ret, int cap)
{
	int n = 0;
	char *end;

	while (s && *s) {
		long a, b;

		if (n == cap)
			return -1;
		a = strtol(s, &end, 10);
		if (*end != ':')
			return -1;
		b = strtol(end + 1, &end, 10);
		if ((*end != ',' && *end != '\0') || a < 0 || a > 1439 || b < 1 || b > 1440)
			return -1;
		ret[n].start = (int)a;
		ret[n].minutes = (int)b;
		n++;
		s = *end ? end + 1 : end;
	}
	return n;
}

int
roster_team_index(int64_t d, int k, int day_step, int n)
{
	int64_t i;

	if (n <= 0)
		return 0;
	i = (d * day_step + k) % n;
	return (int)(i < 0 ? i + n : i);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void
add_span(struct span *v, int *n, int cap, int64_t from, int64_t to)
{
	if (*n > 0 && v[*n - 1].to == from) {
		v[*n - 1].to = to; /* extend the previous span */
		return;
	}
	if (*n < cap) {
		v[*n].from = from;
		v[*n].to = to;
		(*n)++;
	}
}

void
roster_coverage(const struct span *need, int nneed, const struct span *shifts, int nshifts,
		struct span *gaps, int *ret_ngaps, struct span *overlaps, int *ret_noverlaps, int cap)
{
	int np = 2 * (nneed + nshifts), i, j, ng = 0, no = 0;
	int64_t *pts = malloc(sizeof(int64_t) * (size_t)(np ? np : 1));

	*ret_ngaps = *ret_noverlaps = 0;
	if (pts == NULL)
		return;
	for (i = 0, j = 0; i < nneed; i++) {
		pts[j++] = need[i].from;
		pts[j++] = need[i].to;
	}
	for (i = 0; i < nshifts; i++) {
		pts[j++] = shifts[i].from;
		pts[j++] = shifts[i].to;
	}
	qsort(pts, (size_t)np, sizeof(int64_t), cmp_i64);
	/* every elementary segment between two neighbouring boundaries is uniform */
	for (i = 0; i + 1 < np; i++) {
		int64_t a = pts[i], b = pts[i + 1];
		bool required = false;
		int staffed = 0;

		if (a == b)
			continue;
		for (j = 0; j < nneed && !required; j++)
			required = need[j].from <= a && b <= need[j].to;
		for (j = 0; j < nshifts; j++)
			staffed += shifts[j].from <= a && b <= shifts[j].to;
		if (required && staffed == 0)
			add_span(gaps, &ng, cap, a, b);
		if (staffed >= 2)
			add_span(overlaps, &no, cap, a, b);
	}
	free(pts);
	*ret_ngaps = ng;
	*ret_noverlaps = no;
}
