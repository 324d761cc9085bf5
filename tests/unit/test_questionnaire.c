/* test_questionnaire.c: a sweep's questionnaire and a visit's answers in their stored form. */
#include <string.h>

#include "arena.h"
#include "questionnaire.h"
#include "t.h"

/* Stored and read back, a questionnaire is the same; what a question hands on survives. */
static void
test_round_trip(void)
{
	struct arena *a = arena_new();
	const char *choices[] = {"本地", "湖北", "其他省份"}, *on[] = {"湖北"};
	struct question q[2] = {
		{.key = "fever", .text = "是否发热", .kind = "yesno", .per_person = true,
		 .required = true, .handoff_to = "monitor", .handoff_reason = "close_contact"},
		{.key = "from", .text = "从哪里返乡", .kind = "choice", .per_person = true,
		 .choices = choices, .nchoices = 3, .handoff_to = "task", .on = on, .non = 1},
	};
	struct question *back = NULL;
	char *text = questionnaire_encode(a, q, 2);
	int n = 0;

	T_EQ_INT(questionnaire_decode(a, text, &back, &n), 0);
	T_EQ_INT(n, 2);
	if (n == 2) {
		T_EQ_STR(back[0].key, "fever");
		T_ASSERT(back[0].per_person && back[0].required);
		T_EQ_STR(back[0].handoff_to, "monitor");
		T_EQ_STR(back[0].handoff_reason, "close_contact");
		T_EQ_INT(back[0].non, 0);
		T_EQ_INT(back[1].nchoices, 3);
		T_EQ_STR(back[1].choices[2], "其他省份");
		/* a hand-off without a reason says the default one */
		T_EQ_STR(back[1].handoff_reason, "high_risk_area");
		T_EQ_INT(back[1].non, 1);
		T_ASSERT(!back[1].required);
	}
	T_EQ_INT(questionnaire_decode(a, "{\"key\":1}", &back, &n), -1);
	T_EQ_INT(questionnaire_decode(a, "[{\"key\":\"x\"}]", &back, &n), -1);
	arena_free(a);
}

/* A yes hands a yes/no question on; a choice question hands on only the choices it names. */
static void
test_triggers(void)
{
	const char *on[] = {"湖北"};
	struct question yn = {.key = "fever", .kind = "yesno", .handoff_to = "task"};
	struct question ch = {.key = "from", .kind = "choice", .handoff_to = "task", .on = on, .non = 1};
	struct question quiet = {.key = "note", .kind = "yesno"};
	struct answer yes = {"fever", ANSWER_BOOL, 1, NULL}, no = {"fever", ANSWER_BOOL, 0, NULL};
	struct answer hubei = {"from", ANSWER_TEXT, 0, "湖北"}, local = {"from", ANSWER_TEXT, 0, "本地"};

	T_ASSERT(question_triggers(&yn, &yes));
	T_ASSERT(!question_triggers(&yn, &no));
	T_ASSERT(!question_triggers(&yn, NULL));
	T_ASSERT(question_triggers(&ch, &hubei));
	T_ASSERT(!question_triggers(&ch, &local));
	T_ASSERT(!question_triggers(&quiet, &yes));
}

/* Answers are stored under household and persons; unanswered (null) ones are left out. */
static void
test_answers(void)
{
	struct arena *a = arena_new();
	struct answer hh[] = {{"returned", ANSWER_BOOL, 1, NULL}, {"skip", ANSWER_NULL, 0, NULL}};
	struct answer pa[] = {{"temp", ANSWER_INT, 365, NULL}, {"from", ANSWER_TEXT, 0, "武汉"}};
	struct person_answers p = {7, "王建国", "武汉", "2020-01-20", pa, 2};

	T_EQ_STR(answers_encode(a, hh, 2, &p, 1),
		 "{\"household\":{\"returned\":true},\"persons\":[{\"person_id\":7,\"name\":\"王建国\","
		 "\"answers\":{\"temp\":365,\"from\":\"武汉\"},\"from_place\":\"武汉\","
		 "\"arrived_on\":\"2020-01-20\"}]}");
	T_EQ_STR(answers_encode(a, NULL, 0, NULL, 0), "{\"household\":{},\"persons\":[]}");
	arena_free(a);
}

int
main(void)
{
	T_RUN(test_round_trip);
	T_RUN(test_triggers);
	T_RUN(test_answers);
	return T_DONE();
}
