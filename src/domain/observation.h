/* observation.h: the rules of health monitoring: periods, readings, symptoms, slots. */
#ifndef FANGYI_OBSERVATION_H
#define FANGYI_OBSERVATION_H

#include <stdbool.h>
#include <stdint.h>

struct fault;

#define TEMP_MIN_TENTHS 340 /* 34.0 °C: below this the thermometer is wrong */
#define TEMP_MAX_TENTHS 430
#define FEVER_TENTHS 373 /* 37.3 °C: the national fever threshold of 2020 */
#define OBS_DAYS 14
#define OBS_DAYS_MAX 60

enum symptom {
	SYM_FEVER,
	SYM_COUGH,
	SYM_SORE_THROAT,
	SYM_FATIGUE,
	SYM_SHORTNESS_OF_BREATH,
	SYM_DIARRHOEA,
	SYM_LOSS_OF_TASTE_SMELL,
	SYM_OTHER,
	SYM__MAX
};

extern const char *const symptom_keys[SYM__MAX];
extern const char *const symptom_zh[SYM__MAX];

/* symptom_parse: an English key or the Chinese word; -1 when unknown. */
int symptom_parse(const char *s);
/* symptom_is_key: the symptoms that raise an alert on their own. */
bool symptom_is_key(enum symptom s);

/* temp_from_celsius turns 37.3 into 373, refusing values outside 34.0-43.0
 * or with more than one decimal's precision (37.25).  0 or ERR_INVALID. */
int temp_from_celsius(double c, int *ret_tenths, struct fault *f);

/* obs_abnormal: at or above the fever threshold, or any key symptom
 * (mask has bit 1 << enum symptom set for each). */
bool obs_abnormal(int tenths, unsigned symptoms, int fever_tenths);

/* date_add_days: "YYYY-MM-DD" + n days (n may be negative), into ret. */
void date_add_days(const char *date, int n, char ret[11]);
/* date_diff_days: b - a in days. */
int date_diff_days(const char *a, const char *b);

/* obs_end_date: the last day of a period of `days` days whose day 1 is start. */
void obs_end_date(const char *start, int days, char ret[11]);
/* obs_day: which day of the period `today` is (1-based), 0 before the start. */
int obs_day(const char *start, const char *today);

/* The two check slots of a day, by local hour: am until noon, pm after. */
enum slot { SLOT_AM, SLOT_PM };
enum slot obs_slot_of_hour(int hour);
#define SLOT_AM_FROM 6  /* 06:00 */
#define SLOT_PM_FROM 12 /* 12:00: the am window closes */
#define SLOT_PM_UNTIL 20 /* 20:00: the pm window closes */

/* obs_slot_owed: whether a check was owed in slot s of `day` by someone registered on the
 * town-local day reg_day at local hour reg_hour.  A slot whose window had closed before the
 * registration could not be recorded: it is "not recorded before registration", never overdue,
 * and counts in no overdue figure.  The window of the slot in which they were registered was
 * still open, so that slot is owed. */
bool obs_slot_owed(const char *day, enum slot s, const char *reg_day, int reg_hour);

#endif
