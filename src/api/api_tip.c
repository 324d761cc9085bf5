/* api_tip.c: tip-offs from the public (login-free, throttled) and their triage. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "command.h"
#include "mask.h"
#include "phone.h"
#include "role.h"
#include "rate.h"
#include "svc_tip.h"
#include "text.h"

#define TIP_BURST 3          /* tips from one address in BURST_WINDOW before a challenge */
#define TIP_BURST_WINDOW 600
#define TIP_HOURLY 20        /* and the hard limit per hour */
#define POW_BITS 16          /* ~65,000 hashes: a second in a phone's browser */
#define POW_TTL 600

/*
 * Per-address memory of recent tips, in this process.  A district's
 * servers each keep their own: a flood is slowed wherever it lands.
 */
static struct rate seen = RATE_INIT;
static char used_nonce[256][64];
static int used_next;
static pthread_mutex_t nonce_mu = PTHREAD_MUTEX_INITIALIZER;

static void
pow_secret(struct dbc *c, struct arena *a, unsigned char key[crypto_auth_KEYBYTES])
{
	char *hex = NULL;
	size_t n;

	/* shared through the database, so any server checks another's challenge */
	if (db_setting_get(c, a, "tip.pow_key", &hex) != 0) {
		unsigned char k[crypto_auth_KEYBYTES];
		char h[crypto_auth_KEYBYTES * 2 + 1];

		randombytes_buf(k, sizeof(k));
		sodium_bin2hex(h, sizeof(h), k, sizeof(k));
		db_setting_put(c, "tip.pow_key", h);
		db_setting_get(c, a, "tip.pow_key", &hex);
	}
	memset(key, 0, crypto_auth_KEYBYTES);
	if (hex)
		sodium_hex2bin(key, crypto_auth_KEYBYTES, hex, strlen(hex), NULL, &n, NULL);
}

/*
 * A nonce is "TIME.SALT.ADDR.MAC": fresh for every challenge, checkable by
 * any server of the district without remembering it.  ADDR is a keyed
 * digest of the address that asked for it, so work done on one machine
 * (or bought from a farm of solvers) cannot be spent from another address:
 * each address sending a burst must do its own.
 */
static void
addr_tag(const unsigned char key[crypto_auth_KEYBYTES], const char *ip, char ret[9])
{
	unsigned char mac[crypto_auth_BYTES];
	char msg[80];

	snprintf(msg, sizeof(msg), "addr:%s", ip ? ip : "");
	crypto_auth(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_bin2hex(ret, 9, mac, 4);
}

static char *
sign_nonce(const unsigned char key[crypto_auth_KEYBYTES], struct arena *a, int64_t ts,
	   const char *salt, const char *tag)
{
	unsigned char mac[crypto_auth_BYTES];
	char msg[48], hex[crypto_auth_BYTES * 2 + 1];

	snprintf(msg, sizeof(msg), "%lld.%s.%s", (long long)ts, salt, tag);
	crypto_auth(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_bin2hex(hex, sizeof(hex), mac, 12);
	return arena_printf(a, "%s.%s", msg, hex);
}

static char *
make_nonce(struct req *r, int64_t ts)
{
	unsigned char key[crypto_auth_KEYBYTES], raw[6];
	char salt[13], tag[9];

	pow_secret(r->db, r->arena, key);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(salt, sizeof(salt), raw, sizeof(raw));
	addr_tag(key, r->ip, tag);
	return sign_nonce(key, r->arena, ts, salt, tag);
}

int
api_tip_challenge(struct req *r, struct resp *rs)
{
	return resp_json(rs, 200,
			 json_pack("{s:s, s:i}", "nonce", make_nonce(r, clock_now()),
				   "bits", POW_BITS));
}

/* The challenge's answer: 0 when it is solved, fresh and was given to this
 * address; else ERR_THROTTLED with the fault naming "pow". */
static int
pow_check(struct req *r, json_t *pow)
{
	const char *nonce = json_string_value(json_object_get(pow, "nonce"));
	const char *sol = json_string_value(json_object_get(pow, "solution"));
	unsigned char key[crypto_auth_KEYBYTES], h[32];
	crypto_hash_sha256_state st;
	long long ts;
	char salt[16], tag[16], mine[9];
	int i, bits = 0, fresh = 1;

	if (!nonce || !sol || strlen(nonce) > 63 || strlen(sol) > 64 ||
	    sscanf(nonce, "%lld.%12[0-9a-f].%8[0-9a-f].", &ts, salt, tag) != 3 ||
	    ts < clock_now() - POW_TTL || ts > clock_now() + 5)
		goto unsolved;
	pow_secret(r->db, r->arena, key);
	if (strcmp(nonce, sign_nonce(key, r->arena, ts, salt, tag)) != 0)
		goto unsolved;
	addr_tag(key, r->ip, mine);
	if (strcmp(tag, mine) != 0)
		return fault_set(&r->fault, ERR_THROTTLED, "pow",
				 "这道验证题是发给另一个网络地址的，请在本机重新获取并完成验证",
				 "this challenge was given to another address: fetch a new one from "
				 "this device and solve it");
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)nonce, strlen(nonce));
	crypto_hash_sha256_update(&st, (const unsigned char *)sol, strlen(sol));
	crypto_hash_sha256_final(&st, h);
	for (i = 0; i < 32 && bits < POW_BITS; i++) {
		int b = 7;

		while (b >= 0 && !(h[i] & (1 << b)) && bits < POW_BITS)
			bits++, b--;
		if (b >= 0)
			break;
	}
	if (bits < POW_BITS)
		goto unsolved;
	pthread_mutex_lock(&nonce_mu);
	for (i = 0; i < 256; i++)
		if (strcmp(used_nonce[i], nonce) == 0)
			fresh = 0;
	if (fresh)
		snprintf(used_nonce[used_next++ % 256], sizeof(used_nonce[0]), "%s", nonce);
	pthread_mutex_unlock(&nonce_mu);
	if (fresh)
		return 0;
unsolved:
	return fault_set(&r->fault, ERR_THROTTLED, "pow", "提交较多，请先完成验证后再提交",
			 "several tips came from this address: solve the challenge and send again");
}

static json_t *
tip_json(const struct tip *t)
{
	char phm[32] = "";

	if (t->reporter_phone)
		mask_phone(t->reporter_phone, phm);
	return api_area_labelled(json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:b, s:s, s:s?, s:o, "
			 "s:o, s:s, s:I, s:o}",
			 "id", (json_int_t)t->id, "code", t->code, "kind", t->kind, "village_code",
			 t->area_code, "area_name", t->area_name, "address", t->address, "happened",
			 t->happened, "description", t->description, "name", t->reporter_name,
			 "phone", t->reporter_phone ? phm : NULL, "anonymous", t->anonymous != 0,
			 "status", t->status, "triage", t->triage, "duplicate_of",
			 t->duplicate_of ? json_integer(t->duplicate_of) : json_null(), "task_id",
			 t->task_id ? json_integer(t->task_id) : json_null(), "public_result",
			 t->public_result ? t->public_result : "", "created_at",
			 (json_int_t)t->created_at, "handled_at",
			 t->handled_at ? json_integer(t->handled_at) : json_null()),
				 t->village_name, t->area_name);
}

int
api_tip_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "village_code", "address", "happened",
					     "description", "name", "phone", "anonymous", "pow", NULL};
	struct svc_tip_in in = {0};
	int burst, hourly, rc;
	int64_t now = clock_now();
	struct svc s;
	struct tip t;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "kind", 20, true, &in.kind)) ||
	    (rc = api_str(r, "village_code", 20, false, &in.village_code)) ||
	    (rc = api_text(r, "address", 200, false, &in.address)) ||
	    (rc = api_text(r, "happened", 60, false, &in.happened)) ||
	    (rc = api_text(r, "description", 2000, true, &in.description)) ||
	    (rc = api_str(r, "name", 50, false, &in.name)) ||
	    (rc = api_code(r, "phone", 40, false, &in.phone)) ||
	    (rc = api_bool(r, "anonymous", &in.anonymous)) ||
	    (rc = svc_tip_check(api_svc(r, &s), &in)))
		return rc;

	/* a burst from one address must show some work; a flood is refused */
	burst = rate_recent(&seen, r->ip, now, TIP_BURST_WINDOW);
	hourly = rate_recent(&seen, r->ip, now, 3600);
	if (hourly >= TIP_HOURLY)
		return fault_set(&r->fault, ERR_THROTTLED, "", "提交太频繁，请一小时后再试",
				 "too many tips from this address: try again in an hour");
	if (burst >= TIP_BURST && pow_check(r, json_object_get(r->json, "pow")) != 0) {
		resp_error(rs, ERR_THROTTLED, &r->fault);
		json_object_set_new(json_object_get(rs->json, "error"), "code",
				    json_string("challenge_required"));
		return 0;
	}
	/* the answer is stored with the tip (Idempotency-Key): a retry gets the same code */
	if ((rc = dbc_begin(r->db)) || (rc = svc_tip_create(&s, &in, &t)) ||
	    (rc = api_commit_json(r, rs, 201,
				  json_pack("{s:s, s:s}", "code", t.code, "status", "received"))))
		return rc;
	if (!rs->replay)
		rate_note(&seen, r->ip, now);
	return 0;
}

int
api_tip_track(struct req *r, struct resp *rs)
{
	struct tip t;

	if (r->nparams < 1 || strlen(r->params[0]) > 20 ||
	    db_tip_by_code(r->db, r->arena, r->params[0], &t) != 0)
		return fault_set(&r->fault, ERR_NOTFOUND, "code", "没有这个查询码", "no tip has this code");
	return resp_json(rs, 200,
			 json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", t.code, "kind", t.kind, "status",
				   t.status, "public_result", t.public_result ? t.public_result : "",
				   "created_at", (json_int_t)t.created_at));
}

int
api_tip_list(struct req *r, struct resp *rs)
{
	struct tip *v;
	const char *status = req_query(r, "status");
	int n, i, rc, limit, offset;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (status && *status == '\0')
		status = NULL;
	if (status && strcmp(status, "received") && strcmp(status, "checking") && strcmp(status, "handled"))
		return fault_set(&r->fault, ERR_INVALID, "status", "status 应为 received、checking 或 handled",
				 "status must be received, checking or handled");
	if ((rc = db_tip_list(r->db, r->arena, r->scope, status, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, tip_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
}

int
api_tip_get(struct req *r, struct resp *rs)
{
	struct tip t;
	int rc;

	if ((rc = db_tip_get(r->db, r->arena, req_param_id(r, 0), &t)))
		return rc;
	return resp_json(rs, 200, tip_json(&t));
}

int
api_tip_triage(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"action", "duplicate_of", "public_result", "task", NULL};
	struct svc_tip_triage_in in = {0};
	struct svc_task_in task;
	json_t *tj = json_object_get(r->json, "task");
	struct svc s;
	struct tip t;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "action", 20, true, &in.action)) ||
	    (rc = api_int(r, "duplicate_of", false, 1, INT64_MAX, &in.duplicate_of)) ||
	    (rc = api_text(r, "public_result", 500, false, &in.public_result)))
		return rc;
	/* the task to open is read only when that is what the tip becomes */
	if (in.action && strcmp(in.action, "task") == 0 && json_is_object(tj)) {
		if ((rc = task_read_in(r, tj, &task)))
			return rc;
		in.task = &task;
	}
	in.id = req_param_id(r, 0);
	if ((rc = dbc_begin(r->db)) || (rc = svc_tip_triage(api_svc(r, &s), &in, &t)))
		return rc;
	return api_commit_json(r, rs, 200, tip_json(&t));
}
