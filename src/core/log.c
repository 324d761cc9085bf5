/* log.c: timestamped lines on stderr, safe from many threads. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "text.h"

static int quiet;
static enum log_format format = LOG_TEXT;

void
log_set_quiet(int q)
{
	quiet = q;
}

void
log_set_format(enum log_format f)
{
	format = f;
}

/* The moment of a JSON line: local time with milliseconds and the zone's offset (RFC 3339). */
static void
json_time(char *out, size_t n)
{
	struct timespec ts;
	struct tm tm;
	char date[24], off[8];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof(off), "%z", &tm); /* +0800 */
	snprintf(out, n, "%.19s.%03d%.3s:%.2s", date, (int)(ts.tv_nsec / 1000000) % 1000, off, off + 3);
}

/* s as a JSON string's contents: quotes, backslashes and control characters escaped; a message
 * that is not well-formed UTF-8 has its high bytes escaped too, so the line still parses. */
static void
json_escape(char *out, size_t n, const char *s)
{
	bool utf8 = text_is_utf8(s, strlen(s));
	size_t o = 0;

	for (; *s && o + 7 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			o += (size_t)snprintf(out + o, n - o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
			o += (size_t)snprintf(out + o, n - o, "\\u%04x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	text_utf8_trim(out);
}

/*
 * emit writes one line: time, level, message.  A message may quote what a client sent (a path,
 * a user name), so control characters are written as escapes: a line break in a request must
 * not forge a second log line.  A long message is cut at a whole UTF-8 character.
 */
static void
emit(const char *lvl, const char *fmt, va_list ap)
{
	char msg[1024], line[2048], ts[48];
	time_t t = time(NULL);
	struct tm tm;
	size_t n, i, max = sizeof(line) - 5; /* room for one escape and the NUL */

	if (format == LOG_JSON) {
		char esc[2048];

		json_time(ts, sizeof(ts));
		vsnprintf(msg, sizeof(msg), fmt, ap);
		json_escape(esc, sizeof(esc), msg);
		fprintf(stderr, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}\n", ts, lvl, esc);
		return;
	}
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

void
log_request(const char *method, const char *route, int status, double ms, long long user)
{
	char ts[48];

	if (quiet)
		return;
	/* method and route are fangyi's own words (a known method, a pattern of the route table):
	 * nothing a client typed reaches this line */
	if (format == LOG_JSON) {
		json_time(ts, sizeof(ts));
		fprintf(stderr,
			"{\"time\":\"%s\",\"level\":\"request\",\"method\":\"%s\",\"route\":\"%s\","
			"\"status\":%d,\"ms\":%.1f,\"user\":%lld}\n",
			ts, method, route, status, ms, user);
		return;
	}
	{
		time_t t = time(NULL);
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	}
	fprintf(stderr, "%s request method=%s route=%s status=%d ms=%.1f user=%lld\n", ts, method,
		route, status, ms, user);
}
