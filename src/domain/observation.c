/* observation.c: the rules of health monitoring, as pure functions. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "observation.h"

const char *const symptom_keys[SYM__MAX] = {
	"fever",    "cough",     "sore_throat",         "fatigue",
	"shortness_of_breath", "diarrhoea", "loss_of_taste_smell", "other",
};
const char *const symptom_zh[SYM__MAX] = {
	"发热", "咳嗽", "咽痛", "乏力", "气促", "腹泻", "味觉嗅觉减退", "其他",
};

int
symptom_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < SYM__MAX; i++)
		if (strcmp(s, symptom_keys[i]) == 0 || strcmp(s, symptom_zh[i]) == 0)
			return i;
	return -1;
}

bool
symptom_is_key(enum symptom s)
{
	return s == SYM_FEVER || s == SYM_COUGH || s == SYM_SHORTNESS_OF_BREATH ||
	       s == SYM_LOSS_OF_TASTE_SMELL;
}

int
temp_from_celsius(double c, int *ret_tenths, struct fault *f)
{
	double t = c * 10.0;
	long r = lround(t);

	if (!isfinite(c) || fabs(t - (double)r) > 1e-6)
		return fault_set(f, ERR_INVALID, "temperature",
				 "体温只记录到小数点后一位（如 36.5）",
				 "the temperature has one decimal at most (e.g. 36.5)");
	if (r < TEMP_MIN_TENTHS || r > TEMP_MAX_TENTHS)
		return fault_setf(f, ERR_INVALID, "temperature",
				  "体温 %.1f°C 不在 34.0-43.0°C 之间，请重新测量",
				  "a temperature of %.1f °C is outside 34.0-43.0 °C: measure again", c);
	*ret_tenths = (int)r;
	return 0;
}

bool
obs_abnormal(int tenths, unsigned symptoms, int fever_tenths)
{
	int s;

	if (tenths >= fever_tenths)
		return true;
	for (s = 0; s < SYM__MAX; s++)
		if ((symptoms & (1u << s)) && symptom_is_key((enum symptom)s))
			return true;
	return false;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int)(yoe + era * 400);
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

static long
parse_days(const char *date)
{
	int y = 0, m = 0, d = 0;

	if (date == NULL || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return days_from_civil(y, m, d);
}

void
date_add_days(const char *date, int n, char ret[11])
{
	int y, m, d;
	char tmp[32];

	civil_from_days(parse_days(date) + n, &y, &m, &d);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(ret, tmp, 10);
	ret[10] = '\0';
}

int
date_diff_days(const char *a, const char *b)
{
	return (int)(parse_days(b) - parse_days(a));
}

void
obs_end_date(const char *start, int days, char ret[11])
{
	date_add_days(start, days - 1, ret);
}

int
obs_day(const char *start, const char *today)
{
	int d = date_diff_days(start, today);

	return d < 0 ? 0 : d + 1;
}

enum slot
obs_slot_of_hour(int hour)
{
	return hour < SLOT_PM_FROM ? SLOT_AM : SLOT_PM;
}

bool
obs_slot_owed(const char *day, enum slot s, const char *reg_day, int reg_hour)
{
	int cmp;

	if (reg_day == NULL || *reg_day == '\0')
		return true; /* no registration time known: the old rule */
	cmp = strcmp(day, reg_day);
	if (cmp != 0)
		return cmp > 0;
	return reg_hour < (s == SLOT_AM ? SLOT_PM_FROM : SLOT_PM_UNTIL);
}
