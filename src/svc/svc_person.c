/* svc_person.c: people in the registry: the checks of what clerks type, register, edit, merge,
 * reveal, and the import's row. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "idnum.h"
#include "person.h"
#include "phone.h"
#include "svc_change.h"
#include "svc_registry.h"
#include "text.h"

#define NAME_MAX_CHARS 50
#define NOTES_MAX_CHARS 500

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
svc_person_fill(struct arena *a, const struct person_input *in, struct person *p, struct fault *f)
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

/* Resolve in's household_id / area_code onto p, inside the actor's area. */
static int
place(struct svc *s, const struct person_input *in, struct person *p)
{
	int rc;

	if (in->leave_household)
		p->household_id = 0;
	if (in->household_id) {
		struct household h;

		if ((rc = db_household_get(s->db, s->arena, in->household_id, &h)) == ERR_NOTFOUND ||
		    (rc == 0 && !svc_in_scope(s, h.area_code)))
			return fault_set(s->fault, ERR_INVALID, "household_id",
					 "户不存在或不在您的辖区内",
					 "no such household in your area");
		if (rc)
			return rc;
		p->household_id = h.id;
		p->household_address = h.address;
		p->area_id = h.area_id;
		p->area_code = h.area_code;
		p->area_name = h.area_name;
	} else if (in->area_code) {
		struct area ar;

		if ((rc = db_area_get_by_code(s->db, s->arena, in->area_code, &ar)) == ERR_NOTFOUND ||
		    (rc == 0 && !svc_in_scope(s, ar.code)))
			return fault_set(s->fault, ERR_INVALID, "area_code",
					 "区域不存在或不在您的辖区内", "no such area in your area");
		if (rc)
			return rc;
		if (ar.level < 3)
			return fault_set(s->fault, ERR_INVALID, "area_code",
					 "请选择到村（社区）或网格", "choose a village, community or grid");
		if (p->household_id) {
			struct household h;

			/* moving area without a household leaves the old household */
			if (db_household_get(s->db, s->arena, p->household_id, &h) == 0 &&
			    h.area_id != ar.id)
				p->household_id = 0;
		}
		p->area_id = ar.id;
		p->area_code = ar.code;
		p->area_name = ar.name;
	}
	if (p->area_id == 0)
		return fault_set(s->fault, ERR_INVALID, "area_code", "请指定所属户或区域",
				 "give household_id or area_code");
	return 0;
}

/* The ID number idnum is taken: say by whom if the actor may see them, else only that it is. */
static int
conflict(struct svc *s, const char *idnum)
{
	struct person other;

	/* PostgreSQL aborted the transaction at the unique violation: end it before looking */
	dbc_rollback(s->db);
	if (idnum && db_person_get_by_idnum(s->db, s->arena, idnum, &other) == 0 &&
	    svc_in_scope(s, other.area_code))
		return fault_setf(s->fault, ERR_CONFLICT, "id_number",
				  "该身份证号已登记为人员 #%lld（%s）",
				  "this ID number is already registered as person #%lld (%s)",
				  (long long)other.id, other.name);
	/* elsewhere: neither the record nor its area, which this user may not see */
	return fault_set(s->fault, ERR_CONFLICT, "id_number", ID_ELSEWHERE_ZH, ID_ELSEWHERE_EN);
}

int
svc_person_create(struct svc *s, const struct person_input *in, struct person *ret)
{
	struct person p;
	int rc;

	memset(&p, 0, sizeof(p));
	if (in->name == NULL)
		return fault_set(s->fault, ERR_INVALID, "name", "姓名不能为空", "the name is required");
	if ((rc = svc_person_fill(s->arena, in, &p, s->fault)) || (rc = place(s, in, &p)))
		return rc;
	rc = db_person_insert(s->db, &p);
	if (rc == ERR_CONFLICT)
		return conflict(s, p.id_number);
	if (rc || (rc = svc_audit(s, "create", "person", p.id, p.area_code, p.name)))
		return rc;
	return db_person_get(s->db, s->arena, p.id, ret);
}

int
svc_person_update(struct svc *s, int64_t id, const struct person_input *in, struct person *ret)
{
	struct person old, p;
	int rc;

	/* an offline edit's precondition first: on PostgreSQL it locks the row read next */
	if ((rc = svc_change_check(s, "person", id, in->base_version)) ||
	    (rc = db_person_get(s->db, s->arena, id, &old)))
		return rc;
	if (!svc_in_scope(s, old.area_code))
		return ERR_NOTFOUND;
	if (old.merged_into)
		return fault_set(s->fault, ERR_CONFLICT, "id", "该人员已被合并，请编辑保留的记录",
				 "this person was merged: edit the record kept instead");
	p = old;
	if ((rc = svc_person_fill(s->arena, in, &p, s->fault)) || (rc = place(s, in, &p)))
		return rc;
	rc = db_person_update(s->db, &p, &old);
	if (rc == ERR_CONFLICT)
		return conflict(s, p.id_number);
	if (rc || (rc = svc_audit(s, "update", "person", p.id, p.area_code, p.name)))
		return rc;
	return db_person_get(s->db, s->arena, p.id, ret);
}

int
svc_person_merge(struct svc *s, const struct person_merge *m, struct person *ret)
{
	char *code, *from_code;
	int rc;

	if (m->reason == NULL || *m->reason == '\0')
		return fault_set(s->fault, ERR_INVALID, "reason", "缺少必填字段 reason",
				 "the field reason is required");
	if (m->into == m->from)
		return fault_set(s->fault, ERR_INVALID, "into_id", "不能与自己合并",
				 "a person cannot be merged into themselves");
	if ((rc = db_person_area_code(s->db, s->arena, m->from, &from_code)) == ERR_NOTFOUND ||
	    (rc == 0 && !svc_in_scope(s, from_code)))
		return ERR_NOTFOUND;
	if (rc)
		return rc;
	if ((rc = db_person_area_code(s->db, s->arena, m->into, &code)) == ERR_NOTFOUND ||
	    (rc == 0 && !svc_in_scope(s, code)))
		return fault_set(s->fault, ERR_INVALID, "into_id", "要保留的人员不存在或不在您的辖区内",
				 "the person to keep is not in your area");
	if (rc)
		return rc;
	rc = db_person_merge(s->db, s->arena, m->from, m->into);
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "id", "其中一人已被合并过",
				 "one of the two was merged already");
	if (rc || (rc = svc_audit(s, "merge", "person", m->from, code,
				  arena_printf(s->arena, "into #%lld: %s", (long long)m->into,
					       m->reason))))
		return rc;
	return db_person_get(s->db, s->arena, m->into, ret);
}

int
svc_person_reveal(struct svc *s, const struct person_reveal *in, struct person_revealed *ret)
{
	struct person p;
	int rc;

	if (in->reason == NULL || text_utf8_len(in->reason) < 2)
		return fault_set(s->fault, ERR_INVALID, "reason", "请写明查看原因",
				 "give the reason for revealing");
	if ((rc = db_person_get(s->db, s->arena, in->id, &p)))
		return rc;
	if (!svc_in_scope(s, p.area_code))
		return ERR_NOTFOUND;
	/* the audit row is written before the values leave the server */
	if ((rc = svc_audit(s, "reveal", "person", p.id, p.area_code, in->reason)))
		return rc;
	ret->id = p.id;
	ret->id_number = p.id_number;
	ret->phone = p.phone;
	ret->birth_date = p.birth_date;
	return 0;
}

static bool
same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The stored person a row names: by ID number, else by name and birth date in its household. */
static int
row_match(struct svc *s, const struct person_row *row, struct person *ret)
{
	const struct person *p = &row->p;

	if (p->id_number)
		return db_person_get_by_idnum(s->db, s->arena, p->id_number, ret);
	if (p->household_id)
		return db_person_find_noid(s->db, s->arena, p->name, p->birth_date, p->household_id,
					   ret);
	return ERR_NOTFOUND;
}

/* Change old by what the row gives (an empty cell keeps what is stored); *ret_changed says
 * whether anything did. */
static int
row_update(struct svc *s, const struct person_row *row, const struct person *old,
	   bool *ret_changed)
{
	const struct person *in = &row->p;
	struct person p = *old;

	p.name = in->name;
	if (in->phone)
		p.phone = in->phone;
	/* a row with an address moves the person there; one without leaves them where they are */
	if (in->household_id) {
		p.household_id = in->household_id;
		p.area_id = in->area_id;
		p.area_code = in->area_code;
	}
	if (in->relation && *in->relation)
		p.relation = in->relation;
	p.residence = in->residence;
	if (in->tags && *in->tags)
		p.tags = in->tags;
	if (in->notes && *in->notes)
		p.notes = in->notes;
	*ret_changed = !(same(p.name, old->name) && same(p.phone, old->phone) &&
			 p.household_id == old->household_id && p.area_id == old->area_id &&
			 same(p.relation, old->relation) && same(p.residence, old->residence) &&
			 same(p.tags, old->tags) && same(p.notes, old->notes));
	return *ret_changed ? db_person_update(s->db, &p, old) : 0;
}

/* A household an import met: its stored head (or the one a row named since) and the members
 * its new rows added, written by svc_person_import_end. */
struct import_household {
	int64_t id, area_id, head_id, members;
	const char *address;
	bool head_changed;
};

/* What an area's count moves by. */
struct import_area {
	int64_t id, persons, households;
};

struct person_import {
	struct import_household **hh; /* open addressing on (area, address) */
	size_t hcap, hn;
	struct import_area *areas; /* open addressing on the id; a town has a few hundred */
	size_t acap, an;
};

static size_t
hash_household(int64_t area_id, const char *address)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)area_id;
	const unsigned char *p;

	for (p = (const unsigned char *)address; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)h;
}

static size_t
hash_id(int64_t id)
{
	return (size_t)((uint64_t)id * 11400714819323198485ULL >> 17);
}

struct person_import *
svc_person_import_begin(struct svc *s)
{
	struct person_import *imp = arena_alloc(s->arena, sizeof(*imp));

	imp->hcap = 1024;
	imp->hh = arena_alloc(s->arena, sizeof(*imp->hh) * imp->hcap);
	imp->acap = 64;
	imp->areas = arena_alloc(s->arena, sizeof(*imp->areas) * imp->acap);
	return imp;
}

/* The count of area id, added when first met; the table doubles at half full. */
static struct import_area *
import_area(struct svc *s, struct person_import *imp, int64_t id)
{
	size_t i;

	if (imp->an * 2 >= imp->acap) {
		struct import_area *old = imp->areas;
		size_t ocap = imp->acap, k;

		imp->acap *= 2;
		imp->areas = arena_alloc(s->arena, sizeof(*imp->areas) * imp->acap);
		for (k = 0; k < ocap; k++)
			if (old[k].id) {
				for (i = hash_id(old[k].id) & (imp->acap - 1); imp->areas[i].id;
				     i = (i + 1) & (imp->acap - 1))
					;
				imp->areas[i] = old[k];
			}
	}
	for (i = hash_id(id) & (imp->acap - 1); imp->areas[i].id; i = (i + 1) & (imp->acap - 1))
		if (imp->areas[i].id == id)
			return &imp->areas[i];
	imp->areas[i].id = id;
	imp->an++;
	return &imp->areas[i];
}

static void
import_household_put(struct person_import *imp, struct import_household *e)
{
	size_t i;

	for (i = hash_household(e->area_id, e->address) & (imp->hcap - 1); imp->hh[i];
	     i = (i + 1) & (imp->hcap - 1))
		;
	imp->hh[i] = e;
	imp->hn++;
}

/* The household at address in area ar: remembered, stored, or added now (*ret_created). */
static int
import_household(struct svc *s, struct person_import *imp, const struct area *ar,
		 const char *address, struct import_household **ret, bool *ret_created)
{
	struct import_household *e;
	struct household h;
	size_t i;
	int rc;

	*ret_created = false;
	for (i = hash_household(ar->id, address) & (imp->hcap - 1); (e = imp->hh[i]) != NULL;
	     i = (i + 1) & (imp->hcap - 1))
		if (e->area_id == ar->id && strcmp(e->address, address) == 0) {
			*ret = e;
			return 0;
		}
	rc = db_household_find(s->db, s->arena, ar->id, address, &h);
	if (rc == ERR_NOTFOUND) {
		memset(&h, 0, sizeof(h));
		h.area_id = ar->id;
		h.area_code = ar->code;
		h.address = (char *)address;
		if ((rc = db_household_add(s->db, &h)))
			return rc;
		import_area(s, imp, ar->id)->households++;
		*ret_created = true;
	} else if (rc)
		return rc;
	if (imp->hn * 2 >= imp->hcap) {
		struct import_household **old = imp->hh;
		size_t ocap = imp->hcap, k;

		imp->hcap *= 2;
		imp->hh = arena_alloc(s->arena, sizeof(*imp->hh) * imp->hcap);
		imp->hn = 0;
		for (k = 0; k < ocap; k++)
			if (old[k])
				import_household_put(imp, old[k]);
	}
	e = arena_alloc(s->arena, sizeof(*e));
	e->id = h.id;
	e->area_id = ar->id;
	e->address = address;
	e->head_id = h.head_id;
	import_household_put(imp, e);
	*ret = e;
	return 0;
}

/* A person the chunk's one INSERT did not add (a stored ID number, or none): found and
 * updated, or added alone. */
static int
import_one(struct svc *s, struct person_import *imp, struct person_row *row,
	   struct import_household *hh, struct person_row_result *ret)
{
	struct person *p = &row->p, old;
	bool changed;
	int rc;

	if ((rc = row_match(s, row, &old)) == 0) {
		if (!svc_in_scope(s, old.area_code))
			return fault_set(s->fault, ERR_INVALID, "id_number", ID_ELSEWHERE_ZH,
					 ID_ELSEWHERE_EN);
		if ((rc = row_update(s, row, &old, &changed)))
			return rc;
		ret->outcome = changed ? PERSON_ROW_UPDATED : PERSON_ROW_UNCHANGED;
		p->id = old.id;
		return 0;
	}
	if (rc != ERR_NOTFOUND)
		return rc;
	if ((rc = db_person_add(s->db, s->arena, &p, 1)))
		return rc;
	if (p->id == 0)
		return ERR_CONFLICT; /* taken since it was looked for */
	ret->outcome = PERSON_ROW_CREATED;
	import_area(s, imp, p->area_id)->persons++;
	if (hh)
		hh->members++;
	return 0;
}

int
svc_person_import_rows(struct svc *s, struct person_import *imp, struct person_row *const *rows,
		       int n, struct person_row_result *ret)
{
	struct import_household *hh[PERSON_IMPORT_CHUNK] = {NULL};
	struct person *fresh[PERSON_IMPORT_CHUNK];
	int i, nf = 0, rc;

	if (n > PERSON_IMPORT_CHUNK)
		return ERR_INVALID;
	/* the households first, in the rows' order, as the people refer to them */
	for (i = 0; i < n; i++) {
		const struct area *ar = rows[i]->area;
		struct person *p = &rows[i]->p;

		/* not the whole result: its fault is written only for a refused row */
		ret[i].outcome = PERSON_ROW_CREATED;
		ret[i].household_created = ret[i].refused = false;
		if (!svc_in_scope(s, ar->code)) {
			ret[i].refused = true;
			fault_setf(&ret[i].fault, ERR_INVALID, ar->level == 4 ? "grid" : "village",
				   "“%s”不在您的辖区内", "\"%s\" is outside your area", ar->name);
			continue;
		}
		p->id = 0;
		p->area_id = ar->id;
		p->area_code = ar->code;
		p->area_name = ar->name;
		p->household_id = 0;
		if (rows[i]->address) {
			if ((rc = import_household(s, imp, ar, rows[i]->address, &hh[i],
						   &ret[i].household_created)))
				return rc;
			p->household_id = hh[i]->id;
		}
		if (p->id_number)
			fresh[nf++] = p;
	}
	/* every ID number added at once, the index answering which are taken: those keep id 0
	 * and are looked up below, like the people without one */
	if (nf && (rc = db_person_add(s->db, s->arena, fresh, nf)))
		return rc;
	for (i = 0; i < n; i++) {
		struct person *p = &rows[i]->p;

		if (ret[i].refused)
			continue;
		if (p->id) {
			ret[i].outcome = PERSON_ROW_CREATED;
			import_area(s, imp, p->area_id)->persons++;
			if (hh[i])
				hh[i]->members++;
		} else if ((rc = import_one(s, imp, rows[i], hh[i], &ret[i])) == ERR_INVALID) {
			ret[i].refused = true;
			ret[i].fault = *s->fault;
			continue;
		} else if (rc)
			return rc;
		/* in the rows' order: the last row naming a household's head wins */
		if (rows[i]->head && hh[i] && hh[i]->head_id != p->id) {
			hh[i]->head_id = p->id;
			hh[i]->head_changed = true;
		}
	}
	return 0;
}

int
svc_person_import_end(struct svc *s, struct person_import *imp)
{
	size_t i;
	int rc;

	for (i = 0; i < imp->hcap; i++) {
		struct import_household *e = imp->hh[i];

		if (e == NULL)
			continue;
		if (e->head_changed)
			rc = db_household_settle(s->db, e->id, e->members, e->head_id);
		else
			rc = e->members ? db_household_add_members(s->db, e->id, e->members) : 0;
		if (rc)
			return rc;
	}
	for (i = 0; i < imp->acap; i++)
		if (imp->areas[i].id &&
		    (rc = db_area_add_counts(s->db, imp->areas[i].id, imp->areas[i].persons,
					     imp->areas[i].households)))
			return rc;
	return 0;
}
