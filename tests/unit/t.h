/* t.h: the unit tests' tiny harness: checks that record file:line and one summary line. */
#ifndef FANGYI_T_H
#define FANGYI_T_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

/* Each check counts once; a failure prints where it was and what differed. */
#define T_ASSERT(cond)                                                                             \
	do {                                                                                       \
		if (cond) {                                                                        \
			t_passed++;                                                                \
		} else {                                                                           \
			t_failed++;                                                                \
			fprintf(stderr, "%s:%d: FAIL %s\n", __FILE__, __LINE__, #cond);            \
		}                                                                                  \
	} while (0)

#define T_EQ_INT(got, want)                                                                        \
	do {                                                                                       \
		long long t_g = (long long)(got), t_w = (long long)(want);                         \
		if (t_g == t_w) {                                                                  \
			t_passed++;                                                                \
		} else {                                                                           \
			t_failed++;                                                                \
			fprintf(stderr, "%s:%d: FAIL %s == %lld, want %lld\n", __FILE__, __LINE__, \
			        #got, t_g, t_w);                                                   \
		}                                                                                  \
	} while (0)

#define T_EQ_STR(got, want)                                                                        \
	do {                                                                                       \
		const char *t_g = (got), *t_w = (want);                                            \
		if ((t_g == NULL && t_w == NULL) ||                                                \
		    (t_g != NULL && t_w != NULL && strcmp(t_g, t_w) == 0)) {                       \
			t_passed++;                                                                \
		} else {                                                                           \
			t_failed++;                                                                \
			fprintf(stderr, "%s:%d: FAIL %s == \"%s\", want \"%s\"\n", __FILE__,       \
			        __LINE__, #got, t_g ? t_g : "(null)", t_w ? t_w : "(null)");       \
		}                                                                                  \
	} while (0)

/* T_RUN runs one case, named for the failure output. */
#define T_RUN(fn)                                                                                  \
	do {                                                                                       \
		int t_before = t_failed;                                                           \
		fn();                                                                              \
		if (t_failed != t_before)                                                          \
			fprintf(stderr, "  in %s\n", #fn);                                         \
	} while (0)

/* T_DONE prints the one summary line and gives main its exit status. */
#define T_DONE() (printf("%d passed, %d failed\n", t_passed, t_failed), t_failed ? 1 : 0)

#endif
