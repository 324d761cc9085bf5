/* test_role.c: the permission table of docs/API.md and where each role may sit. */
#include "role.h"
#include "t.h"

static void
test_perms(void)
{
	T_ASSERT(role_perms(ROLE_ADMIN) & PERM_USER_ADMIN);
	T_ASSERT(role_perms(ROLE_ADMIN) & PERM_AREA_WRITE);
	T_ASSERT(!(role_perms(ROLE_ADMIN) & PERM_AUDIT_READ));
	T_ASSERT(!(role_perms(ROLE_SECRETARY) & PERM_USER_ADMIN));
	T_ASSERT(!(role_perms(ROLE_SECRETARY) & PERM_AREA_WRITE));
	T_ASSERT(role_perms(ROLE_SECRETARY) & PERM_IMPORT);
	T_ASSERT(role_perms(ROLE_SECRETARY) & PERM_PERSON_MERGE);
	T_ASSERT(role_perms(ROLE_GRID) & PERM_PERSON_WRITE);
	T_ASSERT(!(role_perms(ROLE_GRID) & PERM_PERSON_MERGE));
	T_ASSERT(!(role_perms(ROLE_GRID) & PERM_IMPORT));
	T_ASSERT(role_perms(ROLE_DOCTOR) & PERM_PERSON_REVEAL);
	T_ASSERT(!(role_perms(ROLE_DOCTOR) & PERM_PERSON_WRITE));
	T_ASSERT(!(role_perms(ROLE_CHECKPOINT) & PERM_PERSON_READ));
	T_ASSERT(!(role_perms(ROLE_VIEWER) & PERM_PERSON_READ));
	T_ASSERT(!(role_perms(ROLE_VIEWER) & PERM_HOUSEHOLD_READ));
	T_ASSERT(role_perms(ROLE_VIEWER) & PERM_FIGURES_READ);
	/* the auditor reads the audit log and the areas, nothing else */
	T_EQ_INT(role_perms(ROLE_AUDITOR) & PERM_GRANTS, PERM_AUDIT_READ | PERM_AREA_READ);
	T_EQ_INT(role_perms(ROLE__MAX), 0);
	T_EQ_INT(role_perms((enum role) - 1), 0);
}

static void
test_can(void)
{
	int r;

	for (r = 0; r < ROLE__MAX; r++) {
		T_ASSERT(role_can(r, PERM_PUBLIC));
		T_ASSERT(role_can(r, PERM_LOGGED_IN));
		T_ASSERT(role_can(r, PERM_AREA_READ));
		T_ASSERT(!role_can(r, 0)); /* a route must declare what it needs */
		T_ASSERT(!(role_perms(r) & PERM_PUBLIC));
	}
	T_ASSERT(role_can(ROLE_ADMIN, PERM_PERSON_READ | PERM_PERSON_REVEAL));
	T_ASSERT(!role_can(ROLE_DOCTOR, PERM_PERSON_READ | PERM_PERSON_WRITE));
	T_ASSERT(!role_can(ROLE_AUDITOR, PERM_FIGURES_READ));
}

static void
test_names(void)
{
	int r;

	for (r = 0; r < ROLE__MAX; r++) {
		T_EQ_INT(role_parse(role_keys[r]), r);
		T_EQ_INT(role_parse(role_zh[r]), r);
	}
	T_EQ_INT(role_parse("Admin"), ROLE_ADMIN);
	T_EQ_INT(role_parse("村（社区）书记"), ROLE_SECRETARY);
	T_EQ_INT(role_parse("root"), -1);
	T_EQ_INT(role_parse(""), -1);
	T_EQ_INT(role_parse(NULL), -1);
	T_EQ_STR(perm_key(PERM_PERSON_READ), "person.read");
	T_EQ_STR(perm_key(PERM_HOUSEHOLD_WRITE), "household.write");
	T_EQ_STR(perm_key(PERM_USER_ADMIN), "user.admin");
	T_EQ_STR(perm_key(PERM_FIGURES_READ), "figures.read");
	T_EQ_STR(perm_key(PERM_IMPORT), "import");
	T_EQ_STR(perm_key(PERM_PUBLIC), "public");
	T_ASSERT(perm_key(PERM_PERSON_READ | PERM_PERSON_WRITE) == NULL);
	T_ASSERT(perm_key(0) == NULL);
	T_ASSERT(perm_key(1u << PERM__COUNT) == NULL);
	/* every bit enum perm_bit numbers has its key; the grants are all of them but the markers */
	for (int i = 0; i < PERM__COUNT; i++)
		T_ASSERT(perm_key(1u << i) != NULL);
	T_ASSERT((PERM_GRANTS & PERM_SWEEP_ADMIN) != 0);
	T_ASSERT((PERM_GRANTS & (PERM_PUBLIC | PERM_LOGGED_IN)) == 0);
}

static void
test_areas(void)
{
	T_ASSERT(role_area_ok(ROLE_ADMIN, AREA_TOWN));
	T_ASSERT(!role_area_ok(ROLE_ADMIN, AREA_DISTRICT));
	T_ASSERT(role_area_ok(ROLE_SECRETARY, AREA_VILLAGE));
	T_ASSERT(!role_area_ok(ROLE_SECRETARY, AREA_GRID));
	T_ASSERT(role_area_ok(ROLE_GRID, AREA_GRID));
	T_ASSERT(!role_area_ok(ROLE_GRID, AREA_VILLAGE));
	T_ASSERT(role_area_ok(ROLE_DOCTOR, AREA_VILLAGE));
	T_ASSERT(role_area_ok(ROLE_CHECKPOINT, AREA_VILLAGE));
	T_ASSERT(role_area_ok(ROLE_CHECKPOINT, AREA_GRID));
	T_ASSERT(!role_area_ok(ROLE_CHECKPOINT, AREA_TOWN));
	T_ASSERT(role_area_ok(ROLE_VIEWER, AREA_DISTRICT));
	T_ASSERT(role_area_ok(ROLE_VIEWER, AREA_TOWN));
	T_ASSERT(!role_area_ok(ROLE_VIEWER, AREA_VILLAGE));
	T_ASSERT(role_area_ok(ROLE_AUDITOR, AREA_TOWN));
	T_ASSERT(!role_area_ok(ROLE_AUDITOR, AREA_GRID));
	T_ASSERT(!role_area_ok(ROLE__MAX, AREA_TOWN));
	/* the district's command post sits at the district only, and sends work without revealing,
	 * exporting or writing the towns' registries */
	T_ASSERT(role_area_ok(ROLE_DISTRICT, AREA_DISTRICT));
	T_ASSERT(!role_area_ok(ROLE_DISTRICT, AREA_TOWN));
	T_EQ_INT(role_parse("区指挥部"), ROLE_DISTRICT);
	T_ASSERT(role_can(ROLE_DISTRICT, PERM_TASK_ASSIGN | PERM_FIGURES_READ | PERM_USER_ADMIN));
	T_ASSERT(role_can(ROLE_DISTRICT, PERM_LIST_READ | PERM_PERSON_READ));
	T_ASSERT(!role_can(ROLE_DISTRICT, PERM_PERSON_REVEAL));
	T_ASSERT(!role_can(ROLE_DISTRICT, PERM_PERSON_EXPORT));
	T_ASSERT(!role_can(ROLE_DISTRICT, PERM_PERSON_WRITE));
	T_ASSERT(!role_can(ROLE_DISTRICT, PERM_AUDIT_READ));
	T_EQ_INT(area_scope_len(AREA_DISTRICT), 6);
	T_EQ_INT(area_scope_len(AREA_TOWN), 9);
	T_EQ_INT(area_scope_len(AREA_VILLAGE), 12);
	T_EQ_INT(area_scope_len(AREA_GRID), 15);
	T_EQ_INT(area_scope_len(0), -1);
	T_EQ_INT(area_scope_len(5), -1);
}

/* checkpoints and duty rosters: the command post manages, staff screen, the viewer sees figures */
static void
test_duty(void)
{
	T_EQ_STR(perm_key(PERM_DUTY_READ), "duty.read");
	T_EQ_STR(perm_key(PERM_DUTY_WRITE), "duty.write");
	T_EQ_STR(perm_key(PERM_SCREEN_WRITE), "screen.write");
	T_ASSERT(role_can(ROLE_ADMIN, PERM_DUTY_WRITE));
	T_ASSERT(role_can(ROLE_SECRETARY, PERM_DUTY_WRITE));
	T_ASSERT(role_can(ROLE_CHECKPOINT, PERM_SCREEN_WRITE));
	T_ASSERT(role_can(ROLE_CHECKPOINT, PERM_DUTY_READ));
	T_ASSERT(!role_can(ROLE_CHECKPOINT, PERM_DUTY_WRITE));
	T_ASSERT(!role_can(ROLE_GRID, PERM_SCREEN_WRITE));
	T_ASSERT(!role_can(ROLE_VIEWER, PERM_DUTY_READ));
	T_ASSERT(role_can(ROLE_VIEWER, PERM_FIGURES_READ));
	T_ASSERT(!role_can(ROLE_AUDITOR, PERM_DUTY_READ));
}

int
main(void)
{
	T_RUN(test_perms);
	T_RUN(test_can);
	T_RUN(test_names);
	T_RUN(test_areas);
	T_RUN(test_duty);
	return T_DONE();
}
