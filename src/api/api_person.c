/* api_person.c: people in the registry: search, view, add, edit, reveal, duplicates, merge. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "idnum.h"
#include "mask.h"
#include "person.h"
#include "phone.h"
#include "role.h"
#include "text.h"

#define NAME_MAX_CHARS 50
#define NOTES_MAX_CHARS 500

/* The age in whole years on the town's today, or -1: what stands for the birth date beside a
 * masked ID number (the full date, with the check digit, would give the number back). */
static int
age_today(const char *birth)
{
	char today[11];

	clock_local_date(clock_now(), today);
	return person_age(birth, today);
}

static json_t *
age_json(const char *birth)
{
	int age = age_today(birth);

	return age < 0 ? json_null() : json_integer(age);
}

json_t *
person_json(const struct person *p)
{
	char idm[32] = "", phm[32] = "";
	json_t *tags = json_array();
	const char *s = p->tags ? p->tags : "";

	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n)
			json_array_append_new(tags, json_stringn(s, n));
		s += n;
		if (*s == ',')
			s++;
	}
	if (p->id_number)
		mask_idnum(p->id_number, idm);
	if (p->phone)
		mask_phone(p->phone, phm);
	return api_area_labelled(json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:o, s:o, s:s?, s:s, s:s, s:s?, s:s, "
			 "s:o, s:s, s:b, s:o, s:I, s:I}",
			 "id", (json_int_t)p->id, "name", p->name, "id_number",
			 p->id_number ? idm : NULL, "phone", p->phone ? phm : NULL, "gender",
			 p->gender, "age", age_json(p->birth_date), "household_id",
			 p->household_id ? json_integer(p->household_id) : json_null(),
			 "household_address", p->household_address, "relation",
			 p->relation ? p->relation : "", "area_code", p->area_code, "area_name",
			 p->area_name, "residence", p->residence ? p->residence : "registered",
			 "tags", tags, "notes", p->notes ? p->notes : "", "is_demo", p->is_demo != 0,
			 "merged_into", p->merged_into ? json_integer(p->merged_into) : json_null(),
			 "created_at", (json_int_t)p->created_at, "updated_at",
			 (json_int_t)p->updated_at),
				 p->village_name, p->area_name);
}

/* Split a tag list on the separators clerks use and keep known tags, in order. */
static int
tags_parse(struct arena *a, const char *s, char **ret, struct fault *f)
{
	static const char *const seps[] = {"、", "，", "；", "／", "｜", ",", ";", " ", "/", "|", NULL};
	struct buf b = {0};
	bool seen[TAG__MAX] = {false};
	const char *p = s;
	char word[64];
	int t, i;

	while (*p) {
		size_t n = 0, sl = 0;

		for (;;) {
			for (i = 0; seps[i]; i++)
				if (strncmp(p + n, seps[i], strlen(seps[i])) == 0)
					break;
			if (p[n] == '\0' || seps[i]) {
				sl = seps[i] ? strlen(seps[i]) : 0;
				break;
			}
			n++;
		}
		if (n > 0) {
			if (n >= sizeof(word))
				n = sizeof(word) - 1;
			memcpy(word, p, n);
			word[n] = '\0';
			if ((t = tag_parse(word)) < 0) {
				buf_free(&b);
				return fault_setf(f, ERR_INVALID, "tags",
						  "不认识的标签“%s”（可用：党员、网格员、村医、志愿者、党员示范户）",
						  "unknown tag \"%s\" (known: party_member, grid_worker, village_doctor, volunteer, model_household)",
						  word);
			}
			seen[t] = true;
		}
		p += n + sl;
	}
	for (t = 0; t < TAG__MAX; t++)
		if (seen[t]) {
			if (b.len)
				buf_addc(&b, ',');
			buf_adds(&b, tag_keys[t]);
		}
	*ret = arena_strdup(a, b.p ? b.p : "");
	buf_free(&b);
	return 0;
}

int
person_fill(struct arena *a, const struct person_input *in, struct person *p, struct fault *f)
{
	int rc;

	if (in->name != NULL) {
		char *name = text_normalize(a, in->name);

		if (*name == '\0')
			return fault_set(f, ERR_INVALID, "name", "姓名不能为空", "the name is required");
		if (text_utf8_len(name) > NAME_MAX_CHARS)
			return fault_setf(f, ERR_INVALID, "name", "姓名过长（最多 %d 个字）",
					  "the name is too long (at most %d characters)",
					  NAME_MAX_CHARS);
		p->name = name;
	} else if (p->name == NULL)
		return fault_set(f, ERR_INVALID, "name", "姓名不能为空", "the name is required");

	if (in->id_number != NULL) {
		char *s = text_squeeze(a, in->id_number);

		if (*s == '\0') {
			p->id_number = NULL;
		} else {
			struct idnum id;

			if ((rc = idnum_parse(s, &id, f)))
				return rc;
			p->id_number = arena_strdup(a, id.number);
			p->birth_date = arena_strdup(a, id.birth);
			p->gender = arena_strdup(a, id.gender == 'M' ? "M" : "F");
		}
	}
	if (in->phone != NULL) {
		char *s = text_code(a, in->phone);

		if (*s == '\0')
			p->phone = NULL;
		else {
			char ph[12];

			if ((rc = phone_parse(s, ph, f)))
				return rc;
			p->phone = arena_strdup(a, ph);
		}
	}
	/* gender and birth date are the ID number's when there is one */
	if (in->gender != NULL && *text_normalize(a, in->gender)) {
		const char *g = text_normalize(a, in->gender);
		const char *key = strcmp(g, "M") == 0 || strcmp(g, "男") == 0 || strcmp(g, "m") == 0 ? "M"
				  : strcmp(g, "F") == 0 || strcmp(g, "女") == 0 || strcmp(g, "f") == 0
				      ? "F"
				      : NULL;

		if (key == NULL)
			return fault_set(f, ERR_INVALID, "gender", "性别应为“男”或“女”",
					 "gender must be M or F (男/女)");
		if (p->id_number && strcmp(key, p->gender ? p->gender : "") != 0)
			return fault_set(f, ERR_INVALID, "gender", "性别与身份证号不符",
					 "the gender contradicts the ID number");
		p->gender = arena_strdup(a, key);
	}
	if (in->birth_date != NULL && *text_code(a, in->birth_date)) {
		const char *d = text_code(a, in->birth_date);
		int y, m, dd;
		char today[11];

		if (clock_parse_date(d, &y, &m, &dd))
			return fault_setf(f, ERR_INVALID, "birth_date",
					  "出生日期“%s”无效，应为 YYYY-MM-DD",
					  "the birth date \"%s\" is not a YYYY-MM-DD date", d);
		clock_local_date(clock_now(), today);
		if (strcmp(d, today) > 0 || y < 1900)
			return fault_set(f, ERR_INVALID, "birth_date", "出生日期不能晚于今天或早于1900年",
					 "the birth date cannot be after today or before 1900");
		if (p->id_number && strcmp(d, p->birth_date ? p->birth_date : "") != 0)
			return fault_set(f, ERR_INVALID, "birth_date", "出生日期与身份证号不符",
					 "the birth date contradicts the ID number");
		p->birth_date = arena_strdup(a, d);
	}
	if (in->relation != NULL) {
		char *s = text_normalize(a, in->relation);

		if (text_utf8_len(s) > 20)
			return fault_set(f, ERR_INVALID, "relation", "与户主关系过长（最多 20 个字）",
					 "the relation to the head is too long (at most 20 characters)");
		p->relation = relation_is_head(s) ? arena_strdup(a, "户主") : s;
	}
	if (in->residence != NULL && *text_normalize(a, in->residence)) {
		int res = residence_parse(text_normalize(a, in->residence));

		if (res < 0)
			return fault_setf(f, ERR_INVALID, "residence",
					  "人员类别“%s”无效（户籍、外出、常住、流动）",
					  "residence \"%s\" is not one of registered, registered_away, resident, floating",
					  in->residence);
		p->residence = arena_strdup(a, residence_keys[res]);
	}
	if (p->residence == NULL)
		p->residence = arena_strdup(a, residence_keys[RES_REGISTERED]);
	if (in->tags != NULL && (rc = tags_parse(a, in->tags, &p->tags, f)))
		return rc;
	if (p->tags == NULL)
		p->tags = arena_strdup(a, "");
	if (in->notes != NULL) {
		char *s = text_normalize(a, in->notes);

		if (text_utf8_len(s) > NOTES_MAX_CHARS)
			return fault_setf(f, ERR_INVALID, "notes", "备注过长（最多 %d 个字）",
					  "the notes are too long (at most %d characters)",
					  NOTES_MAX_CHARS);
		p->notes = s;
	}
	return 0;
}

static const char *const person_fields[] = {
	"name",         "id_number", "phone", "gender", "birth_date", "household_id", "relation",
	"area_code",    "residence", "tags",  "notes",  NULL,
};

/* Read the JSON body into a person_input: tags may be an array of keys. */
static int
read_input(struct req *r, struct person_input *in)
{
	json_t *tags = json_object_get(r->json, "tags");
	int rc;

	memset(in, 0, sizeof(*in));
	if ((rc = api_only(r, person_fields)) ||
	    (rc = api_str(r, "name", NAME_MAX_CHARS, false, &in->name)) ||
	    (rc = api_str(r, "id_number", 40, false, &in->id_number)) ||
	    (rc = api_str(r, "phone", 40, false, &in->phone)) ||
	    (rc = api_str(r, "gender", 4, false, &in->gender)) ||
	    (rc = api_str(r, "birth_date", 10, false, &in->birth_date)) ||
	    (rc = api_str(r, "relation", 20, false, &in->relation)) ||
	    (rc = api_str(r, "residence", 30, false, &in->residence)) ||
	    (rc = api_str(r, "notes", NOTES_MAX_CHARS, false, &in->notes)))
		return rc;
	if (json_is_array(tags)) {
		struct buf b = {0};
		size_t i;
		json_t *t;

		json_array_foreach(tags, i, t) {
			if (!json_is_string(t) || json_string_length(t) > 40) {
				buf_free(&b);
				return fault_set(&r->fault, ERR_INVALID, "tags", "标签应为文本列表",
						 "tags must be a list of strings");
			}
			if (b.len)
				buf_addc(&b, ',');
			buf_adds(&b, json_string_value(t));
		}
		in->tags = arena_strdup(r->arena, b.p ? b.p : "");
		buf_free(&b);
	} else if (tags != NULL && !json_is_null(tags)) {
		return fault_set(&r->fault, ERR_INVALID, "tags", "标签应为文本列表",
				 "tags must be a list of strings");
	}
	return 0;
}

/* Resolve household_id / area_code of the body onto p, inside the user's area. */
static int
place(struct req *r, struct person *p)
{
	json_t *hv = json_object_get(r->json, "household_id");
	const char *area_code;
	int64_t hid = 0;
	int rc;

	if ((rc = api_int(r, "household_id", false, 1, INT64_MAX, &hid)) ||
	    (rc = api_str(r, "area_code", 20, false, &area_code)))
		return rc;
	if (hv != NULL && json_is_null(hv))
		p->household_id = 0;
	if (hid) {
		struct household h;

		if ((rc = db_household_get(r->db, r->arena, hid, &h)) == ERR_NOTFOUND ||
		    (rc == 0 && !api_in_scope(r, h.area_code)))
			return fault_set(&r->fault, ERR_INVALID, "household_id",
					 "户不存在或不在您的辖区内",
					 "no such household in your area");
		if (rc)
			return rc;
		p->household_id = h.id;
		p->household_address = h.address;
		p->area_id = h.area_id;
		p->area_code = h.area_code;
		p->area_name = h.area_name;
	} else if (area_code) {
		struct area ar;

		if ((rc = db_area_get_by_code(r->db, r->arena, area_code, &ar)) == ERR_NOTFOUND ||
		    (rc == 0 && !api_in_scope(r, ar.code)))
			return fault_set(&r->fault, ERR_INVALID, "area_code",
					 "区域不存在或不在您的辖区内", "no such area in your area");
		if (rc)
			return rc;
		if (ar.level < 3)
			return fault_set(&r->fault, ERR_INVALID, "area_code",
					 "请选择到村（社区）或网格", "choose a village, community or grid");
		if (p->household_id) {
			struct household h;

			/* moving area without a household leaves the old household */
			if (db_household_get(r->db, r->arena, p->household_id, &h) == 0 &&
			    h.area_id != ar.id)
				p->household_id = 0;
		}
		p->area_id = ar.id;
		p->area_code = ar.code;
		p->area_name = ar.name;
	}
	if (p->area_id == 0)
		return fault_set(&r->fault, ERR_INVALID, "area_code", "请指定所属户或区域",
				 "give household_id or area_code");
	return 0;
}

static int
conflict(struct req *r, const char *idnum)
{
	struct person other;

	/* PostgreSQL aborted the transaction at the unique violation: end it before looking */
	dbc_rollback(r->db);
	if (idnum && db_person_get_by_idnum(r->db, r->arena, idnum, &other) == 0 &&
	    api_in_scope(r, other.area_code))
		return fault_setf(&r->fault, ERR_CONFLICT, "id_number",
				  "该身份证号已登记为人员 #%lld（%s）",
				  "this ID number is already registered as person #%lld (%s)",
				  (long long)other.id, other.name);
	/* elsewhere: neither the record nor its area, which this user may not see */
	return fault_set(&r->fault, ERR_CONFLICT, "id_number", ID_ELSEWHERE_ZH, ID_ELSEWHERE_EN);
}

int
api_person_create(struct req *r, struct resp *rs)
{
	struct person_input in;
	struct person p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = read_input(r, &in)))
		return rc;
	if (in.name == NULL)
		return fault_set(&r->fault, ERR_INVALID, "name", "姓名不能为空", "the name is required");
	if ((rc = person_fill(r->arena, &in, &p, &r->fault)) || (rc = place(r, &p)))
		return rc;
	if ((rc = dbc_begin(r->db)))
		return rc;
	rc = db_person_insert(r->db, &p);
	if (rc == ERR_CONFLICT)
		return conflict(r, p.id_number);
	if (rc || (rc = api_audit(r, "create", "person", p.id, p.area_code, p.name)) ||
	    (rc = dbc_commit(r->db)))
		return rc;
	if ((rc = db_person_get(r->db, r->arena, p.id, &p)))
		return rc;
	return resp_json(rs, 201, person_json(&p));
}

int
api_person_get(struct req *r, struct resp *rs)
{
	struct person p;
	int rc;

	if ((rc = db_person_get(r->db, r->arena, req_param_id(r, 0), &p)))
		return rc;
	return resp_json(rs, 200, person_json(&p));
}

int
api_person_update(struct req *r, struct resp *rs)
{
	struct person_input in;
	struct person old, p;
	int rc;

	if ((rc = read_input(r, &in)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = db_person_get(r->db, r->arena, req_param_id(r, 0), &old)))
		return rc;
	if (old.merged_into)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "该人员已被合并，请编辑保留的记录",
				 "this person was merged: edit the record kept instead");
	p = old;
	if ((rc = person_fill(r->arena, &in, &p, &r->fault)) || (rc = place(r, &p)))
		return rc;
	rc = db_person_update(r->db, &p, &old);
	if (rc == ERR_CONFLICT)
		return conflict(r, p.id_number);
	if (rc || (rc = api_audit(r, "update", "person", p.id, p.area_code, p.name)) ||
	    (rc = dbc_commit(r->db)))
		return rc;
	if ((rc = db_person_get(r->db, r->arena, p.id, &p)))
		return rc;
	return resp_json(rs, 200, person_json(&p));
}

int
api_person_list(struct req *r, struct resp *rs)
{
	struct person_query pq = {0};
	struct person *v;
	int n, i, rc, limit, offset;
	int64_t total;
	const char *q = req_query(r, "q"), *hid = req_query(r, "household_id");
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	pq.scope = api_narrow(r, req_query(r, "area"));
	pq.tag = req_query(r, "tag");
	pq.household_id = hid ? strtoll(hid, NULL, 10) : 0;
	pq.limit = limit;
	pq.offset = offset;
	if (pq.tag && *pq.tag == '\0')
		pq.tag = NULL;
	/* the search text is read first: a partial number is refused whatever the area (a
	 * household's or a tag's list takes no search text) */
	if ((rc = person_search_read(r, pq.household_id || pq.tag ? NULL : q, &pq)))
		return rc;
	if (pq.scope == NULL)
		return resp_json(rs, 200, api_list(json_array(), 0));
	if ((rc = db_person_list(r->db, r->arena, &pq, &v, &n, &total)) ||
	    (rc = person_search_audit(r, &pq, "search", total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, person_json(&v[i]));
	if (pq.q != NULL && *pq.q != '\0' && total > DB_SEARCH_CAP) {
		/* a search this broad is narrowed, not paged through */
		json_t *j = api_list(items, DB_SEARCH_CAP);

		json_object_set_new(j, "total_capped", json_true());
		return resp_json(rs, 200, j);
	}
	return resp_json(rs, 200, api_list(items, total));
}

int
api_person_reveal(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"reason", NULL};
	const char *reason;
	struct person p;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "reason", 200, true, &reason)))
		return rc;
	if (text_utf8_len(reason) < 2)
		return fault_set(&r->fault, ERR_INVALID, "reason", "请写明查看原因",
				 "give the reason for revealing");
	if ((rc = db_person_get(r->db, r->arena, req_param_id(r, 0), &p)))
		return rc;
	/* the audit row is written before the values leave the server */
	if ((rc = api_audit(r, "reveal", "person", p.id, p.area_code, reason)))
		return rc;
	return resp_json(rs, 200,
			 json_pack("{s:I, s:s?, s:s?, s:s?}", "id", (json_int_t)p.id, "id_number",
				   p.id_number, "phone", p.phone, "birth_date", p.birth_date));
}

int
api_person_duplicates(struct req *r, struct resp *rs)
{
	struct person *v;
	int n, i, rc, groups = 0;
	json_t *items = json_array(), *cur = NULL;
	char key[256] = "", k[256];

	int limit, offset;

	if ((rc = api_page(r, &limit, &offset)) ||
	    (rc = db_person_duplicates(r->db, r->arena, r->scope, offset + limit, &v, &n))) {
		json_decref(items);
		return rc;
	}
	for (i = offset; i < n; i++) {
		snprintf(k, sizeof(k), "%s|%s|%lld", v[i].name, v[i].birth_date ? v[i].birth_date : "",
			 (long long)v[i].household_id);
		if (cur == NULL || strcmp(k, key) != 0) {
			/* grouped on the birth date, labelled with the age: the date is never shown */
			int age = age_today(v[i].birth_date);

			cur = json_array();
			json_array_append_new(
				items, json_pack("{s:s, s:o}", "key",
						 arena_printf(r->arena, "%s|%s|%lld", v[i].name,
							      age < 0 ? "" : arena_printf(r->arena, "%d", age),
							      (long long)v[i].household_id),
						 "persons", cur));
			snprintf(key, sizeof(key), "%s", k);
			groups++;
		}
		json_array_append_new(cur, person_json(&v[i]));
	}
	return resp_json(rs, 200, api_list(items, groups));
}

int
api_person_merge(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"into_id", "reason", NULL};
	const char *reason;
	int64_t into = 0, from = req_param_id(r, 0);
	char *code;
	struct person p;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_int(r, "into_id", true, 1, INT64_MAX, &into)) ||
	    (rc = api_str(r, "reason", 200, true, &reason)))
		return rc;
	if (into == from)
		return fault_set(&r->fault, ERR_INVALID, "into_id", "不能与自己合并",
				 "a person cannot be merged into themselves");
	if ((rc = db_person_area_code(r->db, r->arena, into, &code)) == ERR_NOTFOUND ||
	    (rc == 0 && !api_in_scope(r, code)))
		return fault_set(&r->fault, ERR_INVALID, "into_id", "要保留的人员不存在或不在您的辖区内",
				 "the person to keep is not in your area");
	if (rc || (rc = dbc_begin(r->db)))
		return rc;
	rc = db_person_merge(r->db, r->arena, from, into);
	if (rc == ERR_CONFLICT)
		return fault_set(&r->fault, ERR_CONFLICT, "id", "其中一人已被合并过",
				 "one of the two was merged already");
	if (rc || (rc = api_audit(r, "merge", "person", from, code,
				  arena_printf(r->arena, "into #%lld: %s", (long long)into, reason))) ||
	    (rc = dbc_commit(r->db)) || (rc = db_person_get(r->db, r->arena, into, &p)))
		return rc;
	return resp_json(rs, 200, person_json(&p));
}

/*
 * person_create_json adds a newcomer described by the object j (PERSON
 * fields with area_code or household_id), inside the caller's open
 * transaction, audited as a create.  Used where another record brings a
 * person into the registry (a key person registered on arrival).
 */
int
person_create_json(struct req *r, json_t *j, struct person *ret)
{
	json_t *saved = r->json;
	struct person_input in;
	struct person p;
	int rc;

	memset(&p, 0, sizeof(p));
	r->json = j;
	rc = read_input(r, &in);
	if (rc == 0 && in.name == NULL)
		rc = fault_set(&r->fault, ERR_INVALID, "person.name", "姓名不能为空",
			       "the name is required");
	if (rc == 0)
		rc = person_fill(r->arena, &in, &p, &r->fault);
	if (rc == 0)
		rc = place(r, &p);
	r->json = saved;
	if (rc)
		return rc;
	rc = db_person_insert(r->db, &p);
	if (rc == ERR_CONFLICT)
		return conflict(r, p.id_number);
	if (rc || (rc = api_audit(r, "create", "person", p.id, p.area_code, p.name)))
		return rc;
	return db_person_get(r->db, r->arena, p.id, ret);
}
