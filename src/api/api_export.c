/* api_export.c: the registry as a CSV file for Excel, masked, audited, inside the user's area. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "mask.h"
#include "person.h"
#include "text.h"

#define EXPORT_MAX_ROWS 200000
#define EXPORT_PAGE 500

/*
 * One CSV cell.  Quoted when it holds a separator, a quote or a line
 * break; a cell that Excel would run as a formula (= + - @ at the start)
 * gets a leading apostrophe, so a name typed as "=HYPERLINK(...)" stays text.
 */
void
csv_cell(struct buf *b, const char *s, bool last)
{
	const char *p;
	bool formula;

	s = s ? s : "";
	formula = *s && strchr("=+-@", *s) != NULL;
	if (formula || strpbrk(s, ",\"\r\n") != NULL) {
		buf_addc(b, '"');
		if (formula)
			buf_addc(b, '\'');
		for (p = s; *p; p++) {
			if (*p == '"')
				buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	} else
		buf_adds(b, s);
	buf_adds(b, last ? "\r\n" : ",");
}

int
api_csv_answer(struct req *r, struct resp *rs, struct buf *b, const char *filename)
{
	rs->status = 200;
	rs->body = arena_strndup(r->arena, b->p ? b->p : "", b->len);
	rs->bodylen = b->len;
	rs->ctype = "text/csv; charset=utf-8";
	rs->disposition = arena_printf(r->arena, "attachment; filename=\"%s\"", filename);
	buf_free(b);
	return 0;
}

char *
api_disposition(struct arena *a, const char *how, const char *ascii, const char *utf8)
{
	struct buf b = {0};
	const unsigned char *p;
	char *out;

	buf_addf(&b, "%s; filename=\"%s\"; filename*=UTF-8''", how, ascii);
	/* RFC 5987 attr-char stays, every other byte is percent-encoded */
	for (p = (const unsigned char *)utf8; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			buf_addc(&b, (char)*p);
		else
			buf_addf(&b, "%%%02X", *p);
	out = arena_strdup(a, b.p);
	buf_free(&b);
	return out;
}

static const char *
residence_word(const char *key)
{
	int i;

	for (i = 0; i < RES__MAX; i++)
		if (key && strcmp(key, residence_keys[i]) == 0)
			return residence_zh[i];
	return key;
}

static char *
tags_words(struct arena *a, const char *tags)
{
	struct buf b = {0};
	char *out;
	int i;

	for (i = 0; i < TAG__MAX; i++)
		if (tags && strstr(tags, tag_keys[i]) != NULL) {
			if (b.len)
				buf_adds(&b, "、");
			buf_adds(&b, tag_zh[i]);
		}
	out = arena_strdup(a, b.p ? b.p : "");
	buf_free(&b);
	return out;
}

static int
cmp_area_code(const void *key, const void *elem)
{
	return strcmp(key, ((const struct area *)elem)->code);
}

/* The name of the village (12-digit code) of area code, from areas sorted by code; the code
 * itself when it is not among them. */
static const char *
village_name(struct arena *a, const struct area *areas, int na, const char *code)
{
	char *v = arena_strndup(a, code, 12);
	const struct area *hit = bsearch(v, areas, (size_t)na, sizeof(*areas), cmp_area_code);

	return hit ? hit->name : v;
}

int
api_person_export(struct req *r, struct resp *rs)
{
	struct person_query pq = {0};
	struct buf b = {0};
	struct person *v;
	int n, i, rows = 0, rc;
	int64_t total;
	const char *q = req_query(r, "q");
	char idm[32], phm[32], today[11], age[16];
	struct export_mark m;
	struct area *areas = NULL;
	int na = 0;

	pq.scope = api_narrow(r, req_query(r, "area"));
	pq.tag = req_query(r, "tag");
	if (pq.tag && *pq.tag == '\0')
		pq.tag = NULL;
	/* the export's q follows the search box's rule, and is audited as a search */
	if ((rc = person_search_read(r, pq.tag ? NULL : q, &pq)))
		return rc;
	pq.limit = EXPORT_PAGE;
	/* the areas of the scope and its ancestors, by code: a row names its village and grid as a
	 * reader says them (云龙村, 云龙村1组), not by the codes */
	if (pq.scope && (rc = db_area_list(r->db, r->arena, pq.scope, &areas, &na)))
		return rc;
	/* UTF-8 with a BOM: what Excel in China opens without garbling */
	buf_adds(&b, "\xef\xbb\xbf");
	export_mark_init(r, &m);
	export_mark_csv(&b, &m);
	/* the age, not the birth date: beside the masked ID it would give the number back */
	buf_adds(&b, "姓名,身份证号,联系电话,性别,年龄,村/社区,组/网格,住址,与户主关系,人员类别,标签,备注\r\n");
	clock_local_date(clock_now(), today);
	while (pq.scope != NULL && rows < EXPORT_MAX_ROWS) {
		if ((rc = db_person_list(r->db, r->arena, &pq, &v, &n, &total))) {
			buf_free(&b);
			return rc;
		}
		for (i = 0; i < n; i++) {
			const struct person *p = &v[i];

			mask_idnum(p->id_number ? p->id_number : "", idm);
			mask_phone(p->phone ? p->phone : "", phm);
			csv_cell(&b, p->name, false);
			csv_cell(&b, p->id_number ? idm : "", false);
			csv_cell(&b, p->phone ? phm : "", false);
			csv_cell(&b, p->gender ? (strcmp(p->gender, "M") == 0 ? "男" : "女") : "", false);
			if (person_age(p->birth_date, today) >= 0)
				snprintf(age, sizeof(age), "%d", person_age(p->birth_date, today));
			else
				*age = '\0';
			csv_cell(&b, age, false);
			{
				const char *vil = village_name(r->arena, areas, na, p->area_code);

				csv_cell(&b, vil, false);
				csv_cell(&b,
					 strlen(p->area_code) >= 15
						 ? arena_printf(r->arena, "%s%s", vil, p->area_name)
						 : "",
					 false);
			}
			csv_cell(&b, p->household_address, false);
			csv_cell(&b, p->relation, false);
			csv_cell(&b, residence_word(p->residence), false);
			csv_cell(&b, tags_words(r->arena, p->tags), false);
			csv_cell(&b, p->notes, true);
		}
		rows += n;
		if (n < pq.limit)
			break;
		pq.offset += n;
	}
	if ((rc = export_mark_audit(r, &m, "person", 0, pq.scope ? pq.scope : r->scope,
			    arena_printf(r->arena, "residents csv: %d rows%s%s", rows,
					 q ? ", q=" : "", q ? "(search)" : ""))) ||
	    (rc = person_search_audit(r, &pq, "export", rows))) {
		buf_free(&b);
		return rc;
	}
	return api_csv_answer(r, rs, &b, "residents.csv");
}

