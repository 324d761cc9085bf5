/* questionnaire.c: a sweep's questionnaire and a visit's answers, typed and stored (jansson). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "questionnaire.h"

/* A NULL-safe copy of a JSON string member into a. */
static const char *
str_of(struct arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? arena_strdup(a, s) : NULL;
}

/* The strings of a JSON array into a, non-strings left out. */
static int
strings_of(struct arena *a, json_t *arr, const char ***ret)
{
	const char **v = arena_alloc(a, sizeof(*v) * (json_array_size(arr) + 1));
	json_t *c;
	size_t i;
	int n = 0;

	json_array_foreach(arr, i, c)
		if (json_is_string(c))
			v[n++] = arena_strdup(a, json_string_value(c));
	*ret = v;
	return n;
}

int
questionnaire_decode(struct arena *a, const char *text, struct question **ret, int *ret_n)
{
	json_t *all = json_loads(text ? text : "", 0, NULL), *q, *h;
	struct question *v;
	size_t i;

	if (!json_is_array(all)) {
		json_decref(all);
		return -1;
	}
	v = arena_alloc(a, sizeof(*v) * (json_array_size(all) + 1));
	json_array_foreach(all, i, q) {
		struct question *x = &v[i];

		memset(x, 0, sizeof(*x));
		x->key = str_of(a, q, "key");
		x->text = str_of(a, q, "text");
		x->kind = str_of(a, q, "kind");
		if (x->key == NULL || x->text == NULL || x->kind == NULL) {
			json_decref(all);
			return -1;
		}
		x->per_person = json_is_true(json_object_get(q, "per_person"));
		x->required = json_is_true(json_object_get(q, "required"));
		x->nchoices = strings_of(a, json_object_get(q, "choices"), &x->choices);
		if ((h = json_object_get(q, "handoff")) && json_is_object(h)) {
			x->handoff_to = str_of(a, h, "to");
			x->handoff_reason = str_of(a, h, "reason");
			x->non = strings_of(a, json_object_get(h, "on"), &x->on);
		}
	}
	*ret_n = (int)json_array_size(all);
	*ret = v;
	json_decref(all);
	return 0;
}

/* Text made by jansson, copied into a. */
static char *
dump(struct arena *a, json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT), *s;

	s = arena_strdup(a, t ? t : "null");
	free(t);
	json_decref(j);
	return s;
}

static json_t *
strings_json(const char **v, int n)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_string(v[i]));
	return arr;
}

char *
questionnaire_encode(struct arena *a, const struct question *q, int n)
{
	json_t *all = json_array();
	int i;

	for (i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b}", "key", q[i].key, "text", q[i].text,
				      "kind", q[i].kind, "per_person", q[i].per_person, "required",
				      q[i].required);

		if (strcmp(q[i].kind, "choice") == 0)
			json_object_set_new(o, "choices", strings_json(q[i].choices, q[i].nchoices));
		if (q[i].handoff_to) {
			json_t *h = json_pack("{s:s, s:s}", "to", q[i].handoff_to, "reason",
					      q[i].handoff_reason ? q[i].handoff_reason : "high_risk_area");

			if (strcmp(q[i].kind, "choice") == 0)
				json_object_set_new(h, "on", strings_json(q[i].on, q[i].non));
			json_object_set_new(o, "handoff", h);
		}
		json_array_append_new(all, o);
	}
	return dump(a, all);
}

static json_t *
answers_json(const struct answer *v, int n)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < n; i++) {
		json_t *x = v[i].type == ANSWER_BOOL ? json_boolean(v[i].i)
			    : v[i].type == ANSWER_INT ? json_integer(v[i].i)
			    : v[i].type == ANSWER_TEXT ? json_string(v[i].text)
						       : NULL;

		if (x)
			json_object_set_new(o, v[i].key, x);
	}
	return o;
}

char *
answers_encode(struct arena *a, const struct answer *household, int nhousehold,
	       const struct person_answers *persons, int npersons)
{
	json_t *ps = json_array();
	int i;

	for (i = 0; i < npersons; i++) {
		const struct person_answers *p = &persons[i];
		json_t *o = json_pack("{s:I, s:s, s:o}", "person_id", (json_int_t)p->person_id, "name",
				      p->name ? p->name : "", "answers", answers_json(p->v, p->n));

		if (p->from_place)
			json_object_set_new(o, "from_place", json_string(p->from_place));
		if (p->arrived_on)
			json_object_set_new(o, "arrived_on", json_string(p->arrived_on));
		json_array_append_new(ps, o);
	}
	return dump(a, json_pack("{s:o, s:o}", "household", answers_json(household, nhousehold),
				 "persons", ps));
}

bool
question_triggers(const struct question *q, const struct answer *a)
{
	int i;

	if (q->handoff_to == NULL || a == NULL)
		return false;
	if (a->type == ANSWER_BOOL)
		return a->i != 0;
	for (i = 0; a->type == ANSWER_TEXT && i < q->non; i++)
		if (strcmp(q->on[i], a->text) == 0)
			return true;
	return false;
}
