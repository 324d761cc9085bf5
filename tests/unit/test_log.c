/* test_log.c: log lines on stderr: one line per call, levels, quiet, no forged lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "t.h"
#include "text.h"

static char out[16384];

/* capture runs fn with stderr sent to a temporary file and reads back what it wrote. */
static const char *
capture(void (*fn)(void))
{
	FILE *tmp = tmpfile();
	int saved = dup(fileno(stderr));
	size_t n;

	fflush(stderr);
	dup2(fileno(tmp), fileno(stderr));
	fn();
	fflush(stderr);
	dup2(saved, fileno(stderr));
	close(saved);
	rewind(tmp);
	n = fread(out, 1, sizeof(out) - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return out;
}

static int
lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
three_levels(void)
{
	log_info("serving %s", "http://127.0.0.1:8080/");
	log_warn("backup %d failed", 3);
	log_err("database %s", "gone");
}

static void
test_levels(void)
{
	const char *s = capture(three_levels);

	T_EQ_INT(lines(s), 3);
	/* "YYYY-MM-DD HH:MM:SS level message" */
	T_ASSERT(strlen(s) > 20 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':');
	T_ASSERT(strstr(s, " info serving http://127.0.0.1:8080/\n") != NULL);
	T_ASSERT(strstr(s, " warn backup 3 failed\n") != NULL);
	T_ASSERT(strstr(s, " error database gone\n") != NULL);
}

static void
test_quiet(void)
{
	const char *s;

	log_set_quiet(1);
	s = capture(three_levels);
	log_set_quiet(0);
	T_EQ_INT(lines(s), 2); /* warnings and errors are never quiet */
	T_ASSERT(strstr(s, " info ") == NULL);
}

/* A client's text with line breaks stays on one line, escaped. */
static void
forged(void)
{
	log_warn("refused login for %s", "admin\n2026-12-07 10:00:00 info admin logged in\r\x1b[2J");
}

static void
test_no_forged_lines(void)
{
	const char *s = capture(forged);

	T_EQ_INT(lines(s), 1);
	T_ASSERT(strstr(s, "admin\\n2026-12-07 10:00:00 info admin logged in\\r\\x1b[2J\n") != NULL);
}

/* A message longer than a line is cut at a whole character, and the line still ends. */
static void
long_chinese(void)
{
	char msg[3000];
	int i;

	msg[0] = '\0';
	for (i = 0; i < 900; i++)
		strcat(msg, "镇");
	log_err("%s", msg);
}

static void
test_long(void)
{
	const char *s = capture(long_chinese);
	size_t n = strlen(s);

	T_EQ_INT(lines(s), 1);
	T_ASSERT(n > 1000 && s[n - 1] == '\n');
	T_ASSERT(text_is_utf8(s, n));
}

int
main(void)
{
	T_RUN(test_levels);
	T_RUN(test_quiet);
	T_RUN(test_no_forged_lines);
	T_RUN(test_long);
	return T_DONE();
}
