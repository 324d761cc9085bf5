/* test_observation.c: the monitoring rules: periods, day numbers, readings, symptoms, slots. */
#include "err.h"
#include "observation.h"
#include "t.h"

static void
test_period(void)
{
	char d[11];

	/* arrived 23 January: day 1; the fourteenth day is 5 February */
	obs_end_date("2020-01-23", 14, d);
	T_EQ_STR(d, "2020-02-05");
	T_EQ_INT(obs_day("2020-01-23", "2020-01-23"), 1);
	T_EQ_INT(obs_day("2020-01-23", "2020-02-05"), 14);
	T_EQ_INT(obs_day("2020-01-23", "2020-01-22"), 0);
	/* across a leap day and a year end */
	obs_end_date("2020-02-20", 14, d);
	T_EQ_STR(d, "2020-03-04");
	obs_end_date("2019-12-25", 14, d);
	T_EQ_STR(d, "2020-01-07");
	date_add_days("2020-03-01", -1, d);
	T_EQ_STR(d, "2020-02-29");
	date_add_days("2021-03-01", -1, d);
	T_EQ_STR(d, "2021-02-28");
	T_EQ_INT(date_diff_days("2020-01-23", "2020-02-06"), 14);
	obs_end_date("2020-01-23", 1, d);
	T_EQ_STR(d, "2020-01-23");
}

static void
test_temperature(void)
{
	struct fault f = {0};
	int t = 0;

	T_EQ_INT(temp_from_celsius(37.3, &t, &f), 0);
	T_EQ_INT(t, 373);
	T_EQ_INT(temp_from_celsius(36, &t, &f), 0);
	T_EQ_INT(t, 360);
	T_EQ_INT(temp_from_celsius(34.0, &t, &f), 0);
	T_EQ_INT(temp_from_celsius(43.0, &t, &f), 0);
	T_EQ_INT(t, 430);
	T_EQ_INT(temp_from_celsius(33.9, &t, &f), ERR_INVALID);
	T_EQ_STR(f.field, "temperature");
	T_EQ_INT(temp_from_celsius(43.1, &t, &f), ERR_INVALID);
	T_EQ_INT(temp_from_celsius(37.25, &t, &f), ERR_INVALID);
	T_EQ_INT(temp_from_celsius(-37.3, &t, &f), ERR_INVALID);
}

static void
test_abnormal(void)
{
	T_ASSERT(!obs_abnormal(372, 0, FEVER_TENTHS));
	T_ASSERT(obs_abnormal(373, 0, FEVER_TENTHS)); /* at the threshold counts */
	T_ASSERT(obs_abnormal(365, 1u << SYM_COUGH, FEVER_TENTHS));
	T_ASSERT(obs_abnormal(365, 1u << SYM_SHORTNESS_OF_BREATH, FEVER_TENTHS));
	T_ASSERT(obs_abnormal(365, 1u << SYM_LOSS_OF_TASTE_SMELL, FEVER_TENTHS));
	T_ASSERT(!obs_abnormal(365, 1u << SYM_FATIGUE, FEVER_TENTHS));
	T_ASSERT(!obs_abnormal(365, (1u << SYM_DIARRHOEA) | (1u << SYM_OTHER), FEVER_TENTHS));
	T_ASSERT(!obs_abnormal(373, 0, 375)); /* a town's own threshold */
	T_EQ_INT(symptom_parse("cough"), SYM_COUGH);
	T_EQ_INT(symptom_parse("咳嗽"), SYM_COUGH);
	T_EQ_INT(symptom_parse("sneeze"), -1);
	T_EQ_INT(symptom_parse(NULL), -1);
}

static void
test_slots(void)
{
	T_EQ_INT(obs_slot_of_hour(0), SLOT_AM);
	T_EQ_INT(obs_slot_of_hour(11), SLOT_AM);
	T_EQ_INT(obs_slot_of_hour(12), SLOT_PM);
	T_EQ_INT(obs_slot_of_hour(23), SLOT_PM);
}

/* Registered at 22:06 on day 3 (arrived two days before): nothing before was recordable. */
static void
test_slot_owed(void)
{
	T_ASSERT(!obs_slot_owed("2020-01-24", SLOT_AM, "2020-01-25", 22));
	T_ASSERT(!obs_slot_owed("2020-01-24", SLOT_PM, "2020-01-25", 22));
	T_ASSERT(!obs_slot_owed("2020-01-25", SLOT_AM, "2020-01-25", 22));
	T_ASSERT(!obs_slot_owed("2020-01-25", SLOT_PM, "2020-01-25", 22));
	T_ASSERT(obs_slot_owed("2020-01-26", SLOT_AM, "2020-01-25", 22));
	T_ASSERT(obs_slot_owed("2020-01-26", SLOT_PM, "2020-01-25", 22));
	/* registered in a slot's window: that slot is owed, the one already closed is not */
	T_ASSERT(obs_slot_owed("2020-01-25", SLOT_AM, "2020-01-25", 11));
	T_ASSERT(!obs_slot_owed("2020-01-25", SLOT_AM, "2020-01-25", 12));
	T_ASSERT(obs_slot_owed("2020-01-25", SLOT_PM, "2020-01-25", 19));
	T_ASSERT(!obs_slot_owed("2020-01-25", SLOT_PM, "2020-01-25", 20));
	/* across a month's end, and with no registration time the slot is owed */
	T_ASSERT(!obs_slot_owed("2020-01-31", SLOT_PM, "2020-02-01", 8));
	T_ASSERT(obs_slot_owed("2020-02-01", SLOT_AM, "2020-02-01", 8));
	T_ASSERT(obs_slot_owed("2020-01-24", SLOT_AM, NULL, 0));
}

int
main(void)
{
	T_RUN(test_period);
	T_RUN(test_temperature);
	T_RUN(test_abnormal);
	T_RUN(test_slots);
	T_RUN(test_slot_owed);
	return T_DONE();
}
