/* log.c: timestamped lines on stderr, safe from many threads. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static int quiet;

void
log_set_quiet(int q)
{
	quiet = q;
}

static void
emit(const char *lvl, const char *fmt, va_list ap)
{
	char line[1024], ts[32];
	time_t t = time(NULL);
	struct tm tm;
	int n;

	localtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s ", ts, lvl);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* one fputs per line: stdio locks the stream, so lines never interleave */
	fprintf(stderr, "%s\n", line);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	emit("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("warn", fmt, ap);
	va_end(ap);
}

void
log_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("error", fmt, ap);
	va_end(ap);
}
