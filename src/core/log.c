/* log.c: timestamped lines on stderr, safe from many threads. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "text.h"

static int quiet;

void
log_set_quiet(int q)
{
	quiet = q;
}

/*
 * emit writes one line: time, level, message.  A message may quote what a client sent (a path,
 * a user name), so control characters are written as escapes: a line break in a request must
 * not forge a second log line.  A long message is cut at a whole UTF-8 character.
 */
static void
emit(const char *lvl, const char *fmt, va_list ap)
{
	char msg[1024], line[2048], ts[32];
	time_t t = time(NULL);
	struct tm tm;
	size_t n, i, max = sizeof(line) - 5; /* room for one escape and the NUL */

	localtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = (size_t)snprintf(line, sizeof(line), "%s %s ", ts, lvl);
	for (i = 0; msg[i] != '\0' && n < max; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c == '\n' || c == '\r' || c == '\t')
			n += (size_t)snprintf(line + n, sizeof(line) - n, "\\%c",
					      c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
		else if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "\\x%02x", c);
		else
			line[n++] = (char)c;
	}
	line[n] = '\0';
	text_utf8_trim(line); /* a message cut by vsnprintf may end inside a character */
	/* one fprintf per line: stdio locks the stream, so lines never interleave */
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
