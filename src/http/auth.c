/* auth.c: passwords (Argon2id), session tokens, throttles of failed secrets, and who the caller is. */
#include <stddef.h> /* before crack.h, which uses size_t */
#include <crack.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "auth_limits.h"
#include "backoff.h"
#include "clock.h"
#include "db_memo.h"
#include "http.h"
#include "role.h"
#include "text.h"

#define COOKIE_NAME "fangyi_session"

int
auth_hash_token(const char *token, char ret[65])
{
	unsigned char h[32];

	if (crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0))
		return ERR_INTERNAL;
	sodium_bin2hex(ret, 65, h, sizeof(h));
	return 0;
}

void
auth_random_token(char *ret, size_t n)
{
	unsigned char raw[48];
	char text[80];
	size_t need = (n - 1) * 3 / 4 + 3;

	if (need > sizeof(raw))
		need = sizeof(raw);
	randombytes_buf(raw, need);
	sodium_bin2base64(text, sizeof(text), raw, need, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(ret, n, "%s", text);
}

/* cracklib's reasons, in its words, and what a clerk reads. */
static const struct {
	const char *en, *zh;
} crack_words[] = {
	{"it is WAY too short", "密码太短"},
	{"it is too short", "密码太短"},
	{"it does not contain enough DIFFERENT characters", "密码里不同的字符太少"},
	{"it is all whitespace", "密码全是空白"},
	{"it is too simplistic/systematic", "密码过于简单或有规律（如连续的字母、数字或键盘顺序）"},
	{"it looks like a National Insurance number.", "密码像一个证件号码"},
	{"it is based on a dictionary word", "密码基于常见单词或常用密码"},
	{"it is based on a (reversed) dictionary word", "密码基于倒写的常见单词"},
	{"it is based on your username", "密码基于用户名"},
	{"it is based upon your password entry", "密码基于账号信息"},
	{"it is derived from your password entry", "密码由账号信息变化而来"},
	{"it's derived from your password entry", "密码由账号信息变化而来"},
	{"it is derivable from your password entry", "密码可由账号信息推出"},
	{"it's derivable from your password entry", "密码可由账号信息推出"},
};

/*
 * The dictionary check of cracklib (Debian's cracklib-runtime builds the
 * dictionary at install).  cracklib keeps state between calls and exits
 * the process on a missing dictionary, so calls are serialised and the
 * dictionary is looked for first.  0, or ERR_INVALID with the reason.
 */
static int
crack_check(const char *pw, struct fault *f)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	const char *dict = GetDefaultCracklibDict(), *why;
	char path[512], zh[128], mzh[256], men[256], why_en[128];
	size_t i;

	snprintf(path, sizeof(path), "%s.pwd", dict);
	if (access(path, R_OK) != 0)
		return fault_set(f, ERR_INTERNAL, "password",
				 "服务器缺少密码字典（请安装 cracklib-runtime），暂时不能设置密码",
				 "the password dictionary is missing (install cracklib-runtime): "
				 "no password can be set until it is");
	pthread_mutex_lock(&mu);
	why = FascistCheckUser(pw, dict, "fangyi", NULL);
	snprintf(why_en, sizeof(why_en), "%s", why ? why : "");
	pthread_mutex_unlock(&mu);
	if (why == NULL)
		return 0;
	snprintf(zh, sizeof(zh), "密码太容易被猜到");
	for (i = 0; i < sizeof(crack_words) / sizeof(crack_words[0]); i++)
		if (strcmp(why_en, crack_words[i].en) == 0)
			snprintf(zh, sizeof(zh), "%s", crack_words[i].zh);
	snprintf(mzh, sizeof(mzh), "密码太弱：%s，请换一个更难猜的密码（如几个不相关的词组合）", zh);
	snprintf(men, sizeof(men),
		 "the password is too weak: %s; choose one that is harder to guess (a few unrelated words)",
		 why_en);
	return fault_set(f, ERR_INVALID, "password", mzh, men);
}

int
auth_password_check(const char *pw, struct fault *f)
{
	size_t n, k;
	const char *p;

	if (pw == NULL || *pw == '\0')
		return fault_set(f, ERR_INVALID, "password", "请输入密码", "a password is required");
	for (p = pw; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		     strncmp(p, "\xe3\x80\x80", 3) == 0; /* the full-width space */
	     p += strncmp(p, "\xe3\x80\x80", 3) == 0 ? 3 : 1)
		;
	if (*p == '\0')
		return fault_set(f, ERR_INVALID, "password", "密码不能全是空白",
				 "the password cannot be all whitespace");
	n = text_utf8_len(pw);
	if (n < 10)
		return fault_setf(f, ERR_INVALID, "password", "密码至少 10 个字符（当前 %zu 个）",
				  "the password needs at least 10 characters (it has %zu)", n);
	if (strlen(pw) > 256)
		return fault_set(f, ERR_INVALID, "password", "密码过长（最多 256 字节）",
				 "the password is too long (at most 256 bytes)");
	/* one character, however many bytes it takes, over and over */
	k = (unsigned char)*pw < 0x80 ? 1 : (unsigned char)*pw >= 0xf0 ? 4 : (unsigned char)*pw >= 0xe0 ? 3 : 2;
	for (p = pw + k; strlen(p) >= k && memcmp(p, pw, k) == 0; p += k)
		;
	if (*p == '\0')
		return fault_set(f, ERR_INVALID, "password", "密码不能全是同一个字符",
				 "the password cannot be one character repeated");
	return crack_check(pw, f);
}

int
auth_password_hash(const char *pw, char **ret, struct fault *f)
{
	char *h;
	int rc;

	if ((rc = auth_password_check(pw, f)))
		return rc;
	if ((h = malloc(crypto_pwhash_STRBYTES)) == NULL)
		return ERR_NOMEM;
	/* Argon2id at libsodium's interactive cost: ~64 MiB, tens of milliseconds */
	if (crypto_pwhash_str_alg(h, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13)) {
		free(h);
		return fault_set(f, ERR_NOMEM, "password", "服务器内存不足，无法计算密码摘要",
				 "out of memory hashing the password");
	}
	*ret = h;
	return 0;
}

bool
auth_password_ok(const char *hash, const char *pw)
{
	return hash != NULL && pw != NULL &&
	       crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static char decoy[crypto_pwhash_STRBYTES];

static void
decoy_make(void)
{
	char pw[32];

	/* a password nobody knows, hashed at the cost of a real one */
	auth_random_token(pw, sizeof(pw));
	if (crypto_pwhash_str_alg(decoy, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
		decoy[0] = '\0';
}

bool
auth_password_decoy(const char *pw)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, decoy_make);
	(void)auth_password_ok(decoy[0] ? decoy : NULL, pw);
	return false;
}

/* The back-off of each kind of secret. */
static const struct backoff *
rule_of(const char *kind)
{
	static const struct backoff login = {LOGIN_FREE, THROTTLE_FIRST, THROTTLE_CAP,
					     THROTTLE_HALF_LIFE, THROTTLE_FORGET};
	static const struct backoff addr = {LOGIN_ADDR_FREE, THROTTLE_FIRST, THROTTLE_CAP,
					    THROTTLE_HALF_LIFE, THROTTLE_FORGET};
	static const struct backoff self = {SELF_REPORT_FREE, THROTTLE_FIRST, THROTTLE_CAP,
					    THROTTLE_HALF_LIFE, THROTTLE_FORGET};

	if (strcmp(kind, "login_addr") == 0)
		return &addr;
	if (strcmp(kind, "self_report") == 0)
		return &self;
	return &login;
}

int64_t
auth_throttle_wait(struct dbc *c, const char *kind, const char *name, const char *ip)
{
	struct throttle t;
	int64_t now = clock_now();

	if (db_throttle_get(c, kind, name, ip, &t) != 0 || t.wait_until <= now)
		return 0;
	return t.wait_until - now;
}

int64_t
auth_throttle_fail(struct dbc *c, const char *kind, const char *name, const char *ip)
{
	const struct backoff *b = rule_of(kind);
	struct throttle t;
	int64_t now = clock_now(), wait;

	if (db_throttle_get(c, kind, name, ip, &t) != 0)
		memset(&t, 0, sizeof(t));
	t.failures = backoff_count(b, t.failures, t.last_at, now) + 1;
	t.last_at = now;
	wait = backoff_wait(b, t.failures);
	t.wait_until = now + wait;
	(void)db_throttle_put(c, kind, name, ip, &t);
	return wait;
}

void
auth_throttle_clear(struct dbc *c, const char *kind, const char *name, const char *ip)
{
	int64_t now = clock_now();

	(void)db_throttle_clear(c, kind, name, ip);
	/* rows of addresses long gone go with the good logins, so the table stays small */
	(void)db_throttle_prune(c, now - THROTTLE_KEEP);
}

int
auth_throttled(struct req *r, struct resp *rs, int64_t wait, const char *zh, const char *en)
{
	char mzh[200], men[200];
	long long n = wait < 60 ? (long long)wait : (long long)(wait + 59) / 60;

	snprintf(mzh, sizeof(mzh), "%s失败次数过多，请 %lld %s后再试", zh, n, wait < 60 ? "秒" : "分钟");
	snprintf(men, sizeof(men), "too many failed %s from this address: try again in %lld %s", en,
		 n, wait < 60 ? "seconds" : "minutes");
	fault_set(&r->fault, ERR_THROTTLED, "", mzh, men);
	resp_error(rs, ERR_THROTTLED, &r->fault);
	rs->retry_after = wait;
	return 0;
}

unsigned
auth_perms(const struct user *u)
{
	int role = role_parse(u->role);

	return role < 0 ? 0 : role_perms((enum role)role);
}

const char *
auth_scope(struct arena *a, const struct user *u)
{
	size_t n = (size_t)area_scope_len(u->area_level);

	if (n > strlen(u->area_code))
		n = strlen(u->area_code);
	return arena_strndup(a, u->area_code, n);
}

/* The session token from "Authorization: Bearer T" or the cookie. */
static const char *
find_token(struct req *r)
{
	const char *c, *end;

	if (r->authorization && strncasecmp(r->authorization, "Bearer ", 7) == 0) {
		r->via_cookie = false;
		return r->authorization + 7;
	}
	for (c = r->cookie; c != NULL && (c = strstr(c, COOKIE_NAME "=")) != NULL; c++) {
		if (c != r->cookie && c[-1] != ' ' && c[-1] != ';')
			continue;
		c += strlen(COOKIE_NAME "=");
		end = strchr(c, ';');
		r->via_cookie = true;
		return arena_strndup(r->arena, c, end ? (size_t)(end - c) : strlen(c));
	}
	return NULL;
}

int
auth_session(struct req *r)
{
	const char *token = find_token(r);
	struct session *s;
	char h[65];
	int rc;

	if (token == NULL || *token == '\0' || strlen(token) > 128)
		return fault_set(&r->fault, ERR_UNAUTH, "", NULL, NULL);
	if ((rc = auth_hash_token(token, h)))
		return rc;
	s = arena_alloc(r->arena, sizeof(*s));
	rc = db_session_lookup_memo(r->db, r->arena, h, s);
	if (rc == ERR_NOTFOUND || (rc == 0 && (s->revoked_at || s->expires_at <= clock_now() ||
					      s->user.disabled)))
		return fault_set(&r->fault, ERR_UNAUTH, "", "登录已失效，请重新登录",
				 "the session has ended: log in again");
	if (rc)
		return rc;
	r->session = s;
	r->user = &s->user;
	r->perms = auth_perms(r->user);
	r->scope = auth_scope(r->arena, r->user);
	return 0;
}
