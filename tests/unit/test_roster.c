/* test_roster.c: four-team rotation, three 8-hour shifts, and gaps and overlaps found, never silent. */
#include "roster.h"
#include "t.h"

static void
test_hhmm(void)
{
	T_EQ_INT(roster_hhmm("00:00", false), 0);
	T_EQ_INT(roster_hhmm("06:30", false), 390);
	T_EQ_INT(roster_hhmm("23:59", false), 1439);
	T_EQ_INT(roster_hhmm("24:00", false), -1);
	T_EQ_INT(roster_hhmm("24:00", true), 1440);
	T_EQ_INT(roster_hhmm("7:00", false), -1);
	T_EQ_INT(roster_hhmm("07:60", false), -1);
	T_EQ_INT(roster_hhmm(NULL, false), -1);
}

static void
test_shifts_text(void)
{
	struct shift_def d[4] = {{0, 360}, {360, 360}, {720, 360}, {1080, 360}}, back[8];
	char s[128];

	roster_shifts_text(d, 4, s, sizeof(s));
	T_EQ_STR(s, "0:360,360:360,720:360,1080:360");
	T_EQ_INT(roster_shifts_parse(s, back, 8), 4);
	T_EQ_INT(back[3].start, 1080);
	T_EQ_INT(back[3].minutes, 360);
	T_EQ_INT(roster_shifts_parse("0:360,x", back, 8), -1);
	T_EQ_INT(roster_shifts_parse("0:0", back, 8), -1);
	T_EQ_INT(roster_shifts_parse("0:360,360:360", back, 1), -1);
}

static void
test_four_team_rotation(void)
{
	/* day 0: A B C D; day 1: B C D A; day 3: D A B C; day 4 as day 0 */
	T_EQ_INT(roster_team_index(0, 0, 1, 4), 0);
	T_EQ_INT(roster_team_index(0, 3, 1, 4), 3);
	T_EQ_INT(roster_team_index(1, 0, 1, 4), 1);
	T_EQ_INT(roster_team_index(1, 3, 1, 4), 0);
	T_EQ_INT(roster_team_index(3, 0, 1, 4), 3);
	T_EQ_INT(roster_team_index(4, 2, 1, 4), 2);
	T_EQ_INT(roster_team_index(-1, 0, 1, 4), 3); /* before the anchor */
	/* three 8-hour shifts, four teams in an unbroken sequence: day 1 starts with D */
	T_EQ_INT(roster_team_index(1, 0, 3, 4), 3);
	T_EQ_INT(roster_team_index(1, 1, 3, 4), 0);
	T_EQ_INT(roster_team_index(0, 0, 3, 0), 0);
}

static void
test_coverage(void)
{
	struct span need[1] = {{0, 100}}, gaps[8], ov[8];
	struct span whole[2] = {{0, 50}, {50, 100}};
	struct span holes[2] = {{0, 40}, {60, 100}};
	struct span overlapping[2] = {{0, 60}, {50, 100}};
	struct span outside[1] = {{-10, 110}};
	int ng, no;

	roster_coverage(need, 1, whole, 2, gaps, &ng, ov, &no, 8);
	T_EQ_INT(ng, 0);
	T_EQ_INT(no, 0);
	roster_coverage(need, 1, holes, 2, gaps, &ng, ov, &no, 8);
	T_EQ_INT(ng, 1);
	T_EQ_INT(gaps[0].from, 40);
	T_EQ_INT(gaps[0].to, 60);
	T_EQ_INT(no, 0);
	roster_coverage(need, 1, overlapping, 2, gaps, &ng, ov, &no, 8);
	T_EQ_INT(ng, 0);
	T_EQ_INT(no, 1);
	T_EQ_INT(ov[0].from, 50);
	T_EQ_INT(ov[0].to, 60);
	roster_coverage(need, 1, outside, 1, gaps, &ng, ov, &no, 8);
	T_EQ_INT(ng, 0);
	roster_coverage(need, 1, NULL, 0, gaps, &ng, ov, &no, 8);
	T_EQ_INT(ng, 1);
	T_EQ_INT(gaps[0].to - gaps[0].from, 100);
}

int
main(void)
{
	T_RUN(test_hhmm);
	T_RUN(test_shifts_text);
	T_RUN(test_four_team_rotation);
	T_RUN(test_coverage);
	return T_DONE();
}
