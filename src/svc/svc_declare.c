/* svc_declare.c: declarations made on travellers' phones at a checkpoint, looked up by the
 * staff of its post and used once by the screening made from them. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db_memo.h"
#include "idnum.h"
#include "phone.h"
#include "plate.h"
#include "svc_declare.h"
#include "text.h"

/* Crockford's base 32, as on the self-report codes: nothing printed reads as something else */
static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* code_read reads a code as people type it into its 8 symbols; false when it is not one. */
static bool
code_read(const char *typed, char ret[DECLARE_CODE_LEN + 1])
{
	size_t n = 0;
	const char *p;

	for (p = typed; p && *p; p++) {
		char ch = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;

		if (ch == ' ' || ch == '-')
			continue;
		if (ch == 'O')
			ch = '0';
		else if (ch == 'I' || ch == 'L')
			ch = '1';
		if (ch == '\0' || strchr(alphabet, ch) == NULL || n == DECLARE_CODE_LEN)
			return false;
		ret[n++] = ch;
	}
	ret[n] = '\0';
	return n == DECLARE_CODE_LEN;
}

/* The stored form of a code: its BLAKE2b, so a copied database hands out no codes.  Forty bits
 * can be searched from a hash, but only a logged-in screener of the post can use a code, and the
 * row is gone within hours. */
static char *
code_hash(struct arena *a, const char canon[DECLARE_CODE_LEN + 1])
{
	unsigned char h[32];
	char msg[32], hex[65];

	snprintf(msg, sizeof(msg), "declare:%s", canon);
	crypto_generichash(h, sizeof(h), (const unsigned char *)msg, strlen(msg), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return arena_strdup(a, hex);
}

/* A fresh code: 40 random bits, "7KQ2-M9XD" for reading aloud, and its canonical 8 symbols. */
static void
code_new(char ret[DECLARE_CODE_SIZE], char canon[DECLARE_CODE_LEN + 1])
{
	unsigned char raw[5];
	uint64_t v = 0;
	int i;

	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < 5; i++)
		v = v << 8 | raw[i];
	for (i = 0; i < DECLARE_CODE_LEN; i++)
		canon[i] = alphabet[(v >> (5 * (DECLARE_CODE_LEN - 1 - i))) & 31];
	canon[DECLARE_CODE_LEN] = '\0';
	snprintf(ret, DECLARE_CODE_SIZE, "%.4s-%.4s", canon, canon + 4);
}

/* The post of a poster or of a staff member's request: an active checkpoint. */
static int
checkpoint_of(struct svc *s, int64_t id, const char *field, struct duty_post *ret)
{
	int rc = db_post_get_memo(s->db, s->arena, id, ret);

	if (rc == ERR_NOTFOUND || (rc == 0 && (strcmp(ret->kind, "checkpoint") || !ret->active)))
		return fault_set(s->fault, ERR_NOTFOUND, field, "没有这个卡口，或卡口已停用",
				 "no such checkpoint, or it is closed");
	return rc;
}

int
svc_declare_post_public(struct svc *s, const char *token, struct duty_post *ret)
{
	int64_t id;
	int rc;

	if (token == NULL || strlen(token) != DECLARE_TOKEN_SIZE - 1 ||
	    (rc = db_declare_token_post(s->db, token, &id)) == ERR_NOTFOUND)
		return fault_set(s->fault, ERR_NOTFOUND, "token",
				 "没有这个卡口的登记码，请重新扫描卡口张贴的二维码",
				 "no checkpoint has this poster: scan the QR code posted at the checkpoint again");
	if (rc)
		return rc;
	return checkpoint_of(s, id, "token", ret);
}

int
svc_declare_token(struct svc *s, int64_t post_id, char **ret)
{
	struct duty_post p;
	unsigned char raw[12];
	char hex[DECLARE_TOKEN_SIZE];
	int rc = post_id > 0 ? db_post_get(s->db, s->arena, post_id, &p) : ERR_NOTFOUND;

	if (rc == ERR_NOTFOUND || (rc == 0 && !svc_in_scope(s, p.area_code)))
		return fault_set(s->fault, ERR_NOTFOUND, "post_id", "岗点不存在或不在您的辖区内",
				 "no such duty post in your area");
	if (rc)
		return rc;
	if (strcmp(p.kind, "checkpoint") != 0 || !p.active)
		return fault_set(s->fault, ERR_INVALID, "post_id", "只有在用的卡口才有扫码登记",
				 "only an active checkpoint takes declarations");
	if ((rc = db_declare_token_get(s->db, s->arena, post_id, ret)) != ERR_NOTFOUND)
		return rc;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	if ((rc = db_declare_token_insert(s->db, post_id, hex, clock_now())) ||
	    (rc = svc_audit(s, "create", "declare_poster", post_id, p.area_code, p.name)))
		return rc;
	*ret = arena_strdup(s->arena, hex);
	return 0;
}

/* A place: up to 60 characters. */
static int
read_place(struct svc *s, const char *in, const char *field, bool required, char **ret)
{
	char *t = in ? text_normalize(s->arena, in) : NULL;

	if (required && (t == NULL || *t == '\0'))
		return fault_set(s->fault, ERR_INVALID, field, "请填写从哪里来",
				 "from_place (where you come from) is required");
	if (t && text_utf8_len(t) > 60)
		return fault_set(s->fault, ERR_INVALID, field, "地名最多 60 个字",
				 "a place has at most 60 characters");
	*ret = t ? t : "";
	return 0;
}

/* Person i as typed into p: a name, a valid ID number, and a mobile for the one declaring. */
static int
read_person(struct svc *s, const struct svc_declared_in *in, size_t i, struct declared_person *p)
{
	struct idnum id;
	char *name = in->name ? text_normalize(s->arena, in->name) : NULL;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	if (name == NULL || *name == '\0')
		rc = fault_set(s->fault, ERR_INVALID, "name", "请填写姓名", "the name is required");
	else if (text_utf8_len(name) > 20)
		rc = fault_set(s->fault, ERR_INVALID, "name", "姓名最多 20 个字",
			       "a name has at most 20 characters");
	else if (in->id_number == NULL || *in->id_number == '\0')
		rc = fault_set(s->fault, ERR_INVALID, "id_number", "请填写身份证号",
			       "the ID number is required");
	else if ((rc = idnum_parse(text_squeeze(s->arena, in->id_number), &id, s->fault)) == 0) {
		p->id_number = arena_strdup(s->arena, id.number);
		if (in->phone && *in->phone) {
			char out[12];

			if ((rc = phone_parse(text_squeeze(s->arena, in->phone), out, s->fault)) == 0)
				p->phone = arena_strdup(s->arena, out);
		} else if (i == 0) {
			rc = fault_set(s->fault, ERR_INVALID, "phone", "请填写手机号",
				       "the mobile number is required");
		}
	}
	if (rc) {
		char field[sizeof(s->fault->field)];

		snprintf(field, sizeof(field), "persons[%zu]", i);
		svc_field_in(s->fault, field);
		return rc;
	}
	p->name = name;
	p->seq = (int)i + 1;
	return 0;
}

int
svc_declare_create(struct svc *s, const struct svc_declare_in *in, struct svc_declaration *ret)
{
	struct duty_post post;
	struct declaration *d = &ret->d;
	char plate[PLATE_MAX], canon[DECLARE_CODE_LEN + 1];
	int64_t now = clock_now();
	size_t i, j;
	int rc, tries;

	memset(ret, 0, sizeof(*ret));
	if ((rc = svc_declare_post_public(s, in->token, &post)))
		return rc;
	if (in->n == 0 || in->n > DECLARE_MAX_PERSONS)
		return fault_setf(s->fault, ERR_INVALID, "persons", "请填写车上每个人（1 到 %d 人）",
				  "persons must list everyone travelling, 1 to %d people",
				  DECLARE_MAX_PERSONS);
	ret->pv = arena_alloc(s->arena, sizeof(*ret->pv) * in->n);
	for (i = 0; i < in->n; i++) {
		if ((rc = read_person(s, &in->persons[i], i, &ret->pv[i])))
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(ret->pv[j].id_number, ret->pv[i].id_number) == 0) {
				char field[48];

				snprintf(field, sizeof(field), "persons[%zu].id_number", i);
				return fault_setf(s->fault, ERR_INVALID, field,
						  "这个身份证号已在第 %zu 人填过",
						  "this ID number was given for person %zu already", j + 1);
			}
	}
	ret->n = (int)in->n;
	if ((rc = read_place(s, in->from_place, "from_place", true, &d->from_place)) ||
	    (rc = read_place(s, in->to_place, "to_place", false, &d->to_place)))
		return rc;
	d->plate = "";
	if (in->plate && *in->plate) {
		enum plate_kind pk;

		if ((rc = plate_parse(in->plate, *post.province ? post.province : NULL, plate, &pk,
				      s->fault)))
			return rc;
		d->plate = arena_strdup(s->arena, plate);
	}
	/* the ones left from hours ago go first: nothing else sweeps them */
	if ((rc = db_declaration_expire(s->db, now)))
		return rc;
	d->post_id = post.id;
	d->post_name = post.name;
	d->area_code = post.area_code;
	d->created_at = now;
	d->expires_at = now + DECLARE_TTL;
	/* 40 bits: a clash with a live code is rare, and the UNIQUE index says so */
	for (tries = 0; tries < 4; tries++) {
		code_new(ret->code, canon);
		d->code_hash = code_hash(s->arena, canon);
		if ((rc = db_declaration_insert(s->db, d, ret->pv, ret->n)) != ERR_CONFLICT)
			break;
	}
	return rc;
}

int
svc_declare_lookup(struct svc *s, const char *code, int64_t post_id, struct svc_declaration *ret)
{
	char canon[DECLARE_CODE_LEN + 1];
	int rc;

	memset(ret, 0, sizeof(*ret));
	if (code == NULL || !code_read(code, canon))
		return fault_set(s->fault, ERR_NOTFOUND, "code",
				 "登记码应为 8 位字母和数字，如 7KQ2-M9XD",
				 "a declaration code is 8 letters and digits, such as 7KQ2-M9XD");
	snprintf(ret->code, sizeof(ret->code), "%.4s-%.4s", canon, canon + 4);
	rc = db_declaration_by_hash(s->db, s->arena, code_hash(s->arena, canon), clock_now(),
				    &ret->d);
	if (rc == ERR_NOTFOUND || (rc == 0 && !svc_in_scope(s, ret->d.area_code)) ||
	    (rc == 0 && post_id && ret->d.post_id != post_id))
		return fault_set(s->fault, ERR_NOTFOUND, "code",
				 "本卡口没有这个登记码，或已超过有效期，请旅客重新登记",
				 "no declaration at this checkpoint has this code, or it has expired: "
				 "ask the traveller to declare again");
	if (rc)
		return rc;
	if (ret->d.used_at)
		return fault_setf(s->fault, ERR_CONFLICT, "code",
				  "这个登记码已用过：筛查记录 #%lld",
				  "this declaration was used already: screening #%lld",
				  (long long)ret->d.screening_id);
	return db_declared_persons(s->db, s->arena, ret->d.id, &ret->pv, &ret->n);
}

int
svc_declare_use(struct svc *s, int64_t id, int64_t screening_id)
{
	int rc = db_declaration_use(s->db, id, screening_id, clock_now());

	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "declaration_code",
				 "这个登记码已用过或已过期", "this declaration was used already or has expired");
	return rc;
}
