/* test_match_room.c: a registry index whose room grows as people come gives the verdicts of one
 * built at its size, and is refused past its room or once done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "idnum.h"
#include "match.h"
#include "t.h"

#define PEOPLE 5000
#define ROWS 6000

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "华", "強", "磊", "军", "洋"};

/* registry: PEOPLE people crowding few names, families sharing phones, some without an ID
 * number, some watched */
static struct match_person *
registry(struct arena *a)
{
	struct match_person *p = calloc(PEOPLE, sizeof(*p));
	size_t i;

	for (i = 0; p && i < PEOPLE; i++) {
		char first17[18];
		int year = 1950 + (int)(i % 60), month = 1 + (int)(i % 12), day = 1 + (int)(i % 28);

		snprintf(first17, sizeof(first17), "430302%04d%02d%02d%03zu", year, month, day, i % 1000);
		p[i].id = (int64_t)i + 1;
		p[i].id_number = i % 17 == 0 ? NULL
						: arena_printf(a, "%s%c", first17, idnum_check_char(first17));
		p[i].phone = i % 5 == 4 ? NULL : arena_printf(a, "138%08zu", (i / 3) * 7);
		p[i].name = arena_printf(a, "%s%s%s", surnames[i % 8], given[(i / 8) % 10],
					 i % 3 ? given[i % 10] : "");
		p[i].birth = arena_printf(a, "%04d-%02d-%02d", year, month, day);
		p[i].village = arena_printf(a, "430302100%03zu%03zu", 201 + i % 4, 1 + i % 3);
		p[i].watched = i % 97 == 0;
	}
	return p;
}

/* rows: each person named again by another key, with slips, repeats and strangers */
static struct match_row *
rows(struct arena *a, const struct match_person *p)
{
	struct match_row *r = calloc(ROWS, sizeof(*r));
	size_t i;

	for (i = 0; r && i < ROWS; i++) {
		const struct match_person *q = &p[(i * 7) % PEOPLE];

		r[i].line = (long)i + 2;
		switch (i % 5) {
		case 0: /* the ID number */
			r[i].id_number = q->id_number;
			break;
		case 1: /* the phone and the name */
			r[i].phone = q->phone;
			r[i].name = q->name;
			break;
		case 2: /* the name and birth date, in the village */
			r[i].name = q->name;
			r[i].birth = q->birth;
			r[i].village = arena_printf(a, "%.12s", q->village);
			break;
		case 3: /* a phone one digit off */
			r[i].name = q->name;
			r[i].phone = q->phone ? arena_printf(a, "%.10s%c", q->phone,
							     q->phone[10] == '9' ? '0' : q->phone[10] + 1)
					      : NULL;
			break;
		default: /* somebody else */
			r[i].phone = arena_printf(a, "139%08zu", i);
			r[i].name = "无名氏";
		}
	}
	return r;
}

static int
verdicts_agree(const struct match_verdict *a, const struct match_verdict *b)
{
	size_t i;

	if (a->cls != b->cls || a->reason != b->reason || a->person_id != b->person_id ||
	    a->ncand != b->ncand || a->more != b->more || a->first_line != b->first_line)
		return 0;
	for (i = 0; i < a->ncand; i++)
		if (a->cand[i].id != b->cand[i].id || a->cand[i].reason != b->cand[i].reason)
			return 0;
	return 1;
}

static void
test_grown_index_matches_built(void)
{
	struct arena *a = arena_new();
	struct match_person *p = registry(a);
	struct match_row *r = rows(a, p);
	struct match_verdict *one = calloc(ROWS, sizeof(*one)), *two = calloc(ROWS, sizeof(*two));
	struct match_index *built, *grown;
	struct match_seen *s1, *s2;
	size_t at, i, room = 16;
	int bad = 0, found = 0;

	T_ASSERT(p && r && one && two);
	built = match_index_build(p, PEOPLE);
	T_ASSERT(built != NULL);
	/* room for 16, grown by half again whenever the next batch does not fit */
	grown = match_index_new(room);
	T_ASSERT(grown != NULL);
	for (at = 0; at < PEOPLE; at += 100) {
		size_t nb = PEOPLE - at < 100 ? PEOPLE - at : 100;

		if (at + nb > room) {
			T_EQ_INT(match_index_add(grown, p + at, nb), ERR_TOOBIG);
			while (room < at + nb)
				room += room / 2;
			T_EQ_INT(match_index_room(grown, room), 0);
		}
		T_EQ_INT(match_index_add(grown, p + at, nb), 0);
	}
	T_EQ_INT(match_index_done(grown), 0);
	/* nothing grows or is added once the tables are made */
	T_EQ_INT(match_index_room(grown, room * 2), ERR_TOOBIG);
	T_EQ_INT(match_index_add(grown, p, 1), ERR_TOOBIG);

	s1 = match_seen_new(ROWS);
	s2 = match_seen_new(ROWS);
	T_EQ_INT(match_rows(built, s1, r, ROWS, 1, one), 0);
	T_EQ_INT(match_rows(grown, s2, r, ROWS, 2, two), 0);
	for (i = 0; i < ROWS; i++) {
		if (!verdicts_agree(&one[i], &two[i]) && bad++ < 3)
			fprintf(stderr, "line %ld: %s built, %s grown\n", r[i].line,
				match_class_word(one[i].cls), match_class_word(two[i].cls));
		found += one[i].cls == MATCH_FOUND || one[i].cls == MATCH_WATCHED;
	}
	T_EQ_INT(bad, 0);
	T_ASSERT(found > ROWS / 4); /* the rows do find people: the comparison means something */
	T_EQ_INT((int)match_seen_records(s1), (int)match_seen_records(s2));
	match_seen_free(s1);
	match_seen_free(s2);
	match_index_free(built);
	match_index_free(grown);
	free(one);
	free(two);
	free(r);
	free(p);
	arena_free(a);
}

static void
test_empty_index(void)
{
	struct match_index *idx = match_index_new(0);
	struct match_row row = {.line = 2, .name = "王伟", .birth = "1980-01-02"};
	struct match_verdict v;

	T_ASSERT(idx != NULL);
	T_EQ_INT(match_index_done(idx), 0);
	T_EQ_INT(match_row(idx, NULL, &row, &v), 0);
	T_EQ_INT(v.cls, MATCH_NOT_FOUND);
	match_index_free(idx);
}

int
main(void)
{
	T_RUN(test_grown_index_matches_built);
	T_RUN(test_empty_index);
	return T_DONE();
}
