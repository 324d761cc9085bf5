/* err.h: the one error enum every action returns, and the fault that explains it. */
#ifndef FANGYI_ERR_H
#define FANGYI_ERR_H

/*
 * Actions return 0 or one of these.  http/ maps each to a status and a
 * bilingual JSON body (http/resp.c); cli/ prints the message and exits 1.
 */
enum err {
	ERR_OK = 0,
	ERR_NOMEM = -1,     /* allocation failed */
	ERR_INVALID = -2,   /* the caller's input is wrong: see the fault */
	ERR_NOTFOUND = -3,  /* no such record, or not in the caller's area */
	ERR_CONFLICT = -4,  /* would duplicate or contradict a stored record */
	ERR_DENIED = -5,    /* authenticated but not permitted */
	ERR_UNAUTH = -6,    /* not logged in, or the session ended */
	ERR_DB = -7,        /* the database failed */
	ERR_TOOBIG = -8,    /* over a size or count limit */
	ERR_THROTTLED = -9, /* too many attempts; try later */
	ERR_SCHEMA = -10,   /* database schema newer than this binary */
	ERR_IO = -11,       /* a file could not be read or written */
	ERR_INTERNAL = -12, /* a bug: should not happen */
	ERR_UNAVAILABLE = -13, /* the database cannot be reached now (restarting, down): retry */
	ERR_FULL = -14,        /* the disk is full: nothing was stored, reads go on */
	ERR__MIN = ERR_FULL - 1 /* one past the last: a new code goes above and moves it */
};

/*
 * A fault says what was wrong in words a town clerk can act on: which
 * field (or CSV row), and a message in Chinese and in English.
 */
struct fault {
	enum err code;
	int row;          /* 1-based input line, 0 when not from a file */
	char field[48];
	char zh[256];
	char en[256];
};

/* fault_set fills f (if not NULL) and returns code, so a validator can say
 * `return fault_set(f, ERR_INVALID, "phone", "手机号...", "phone ...")`. */
int fault_set(struct fault *f, enum err code, const char *field, const char *zh, const char *en);

/* fault_setf is fault_set with printf-style messages: zhfmt and enfmt share
 * the same argument list, so both must use the arguments in the same order. */
int fault_setf(struct fault *f, enum err code, const char *field, const char *zhfmt,
	       const char *enfmt, ...) __attribute__((format(printf, 5, 6)));

/* err_name gives the stable code string for the JSON body ("invalid"...). */
const char *err_name(int code);

/* err_zh / err_en give a generic message when no fault was filled. */
const char *err_zh(int code);
const char *err_en(int code);

#endif
