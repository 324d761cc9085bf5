/*
 * questionnaire.h: a sweep's questionnaire and a visit's answers as the town's operations use
 * them (typed), and their stored form: the JSON text of sweep_campaign.questions and
 * sweep_visit.answers, which the API gives back as it is.  Only this file and the handlers know
 * that form; the operations (svc/) see the structs.
 */
#ifndef FANGYI_QUESTIONNAIRE_H
#define FANGYI_QUESTIONNAIRE_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

/* One question.  kind: yesno, number, choice or text.  A question with handoff_to (monitor or
 * task) hands a risky answer on: a yes, or for a choice question one of `on`. */
struct question {
	const char *key, *text, *kind;
	bool per_person, required;
	const char **choices; /* choice questions: 2-10, normalised */
	int nchoices;
	const char *handoff_to;     /* NULL: none */
	const char *handoff_reason; /* a key person's reason: high_risk_area, close_contact, other */
	const char **on;            /* choice questions: the choices that hand off */
	int non;
};

/* What an answer was given as: the stored form keeps a yes/no, a whole number or a text. */
enum answer_type { ANSWER_NULL, ANSWER_BOOL, ANSWER_INT, ANSWER_TEXT, ANSWER_OTHER /* a real, a list */ };

struct answer {
	const char *key;
	enum answer_type type;
	int64_t i;        /* ANSWER_BOOL: 0 or 1; ANSWER_INT: the number */
	const char *text; /* ANSWER_TEXT */
};

/* The answers of one person seen, with where they came from when they arrived lately. */
struct person_answers {
	int64_t person_id;
	const char *name, *from_place, *arrived_on; /* the last two NULL when not given */
	const struct answer *v;
	int n;
};

/*
 * questionnaire_decode reads stored questions; questionnaire_encode writes them in the stored
 * form (keys key, text, kind, per_person, required, choices, handoff {to, reason, on}).  Both
 * allocate in a.  decode returns 0, or -1 for text that is not a questionnaire.
 */
int questionnaire_decode(struct arena *a, const char *text, struct question **ret, int *ret_n);
char *questionnaire_encode(struct arena *a, const struct question *q, int n);

/* answers_encode writes a visit's answers: {"household": {...}, "persons": [{person_id, name,
 * answers, from_place?, arrived_on?}]}, in a.  Answers of type ANSWER_NULL are left out. */
char *answers_encode(struct arena *a, const struct answer *household, int nhousehold,
		     const struct person_answers *persons, int npersons);

/* question_triggers: the answer a (may be NULL) to q hands off. */
bool question_triggers(const struct question *q, const struct answer *a);

#endif
