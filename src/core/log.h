/* log.h: one-line logs to stderr; only http/, cli/ and main call these. */
#ifndef FANGYI_LOG_H
#define FANGYI_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_quiet(int quiet);

/*
 * The shape of every line: text ("2026-02-03 08:00:01 info message", for a person reading the
 * console) or JSON (one object a line, {"time","level","msg"}, for a log collector: fangyi
 * serve --log-format json).
 */
enum log_format { LOG_TEXT, LOG_JSON };
void log_set_format(enum log_format f);

/*
 * log_request writes the line of one answered API request: its method, the route's pattern
 * (never the path: a path's query may hold a phone), the status, how long it took in
 * milliseconds and the user's id (0 when nobody is logged in).  Text:
 *   2026-02-03 08:00:01 request method=GET route=/api/v1/persons/{id} status=200 ms=3.1 user=5
 * JSON: {"time":...,"level":"request","method":"GET","route":...,"status":200,"ms":3.1,"user":5}
 */
void log_request(const char *method, const char *route, int status, double ms, long long user);

#endif
