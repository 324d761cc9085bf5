/* role.c: the permission table of docs/API.md, and which area level each role sits at. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "role.h"

const char *const role_keys[ROLE__MAX] = {
    "admin", "secretary", "grid", "doctor", "checkpoint", "viewer", "auditor", "district",
};

const char *const role_zh[ROLE__MAX] = {
    "指挥部管理员", "村（社区）书记", "网格员", "村医", "卡口值守", "区级查看", "审计员", "区指挥部",
};

/* One line per role, read across as the docs/API.md table reads down. */
static const unsigned perms[ROLE__MAX] = {
    [ROLE_ADMIN] = PERM_AREA_READ | PERM_AREA_WRITE | PERM_PERSON_READ | PERM_HOUSEHOLD_READ |
                   PERM_PERSON_WRITE | PERM_HOUSEHOLD_WRITE | PERM_PERSON_REVEAL |
                   PERM_PERSON_MERGE | PERM_IMPORT | PERM_USER_ADMIN | PERM_FIGURES_READ |
                   PERM_PERSON_EXPORT | PERM_MONITOR_READ | PERM_MONITOR_WRITE |
                   PERM_MONITOR_ASSIGN | PERM_MONITOR_CLINICAL | PERM_TIP_READ | PERM_TASK_READ |
                   PERM_TASK_ASSIGN | PERM_SUPPLY_READ | PERM_SUPPLY_WRITE |
                   PERM_DUTY_READ | PERM_DUTY_WRITE | PERM_SCREEN_WRITE | PERM_SWEEP_READ |
                   PERM_SWEEP_WRITE | PERM_SWEEP_ADMIN | PERM_LIST_READ,
    [ROLE_SECRETARY] = PERM_AREA_READ | PERM_PERSON_READ | PERM_HOUSEHOLD_READ | PERM_PERSON_WRITE |
                       PERM_HOUSEHOLD_WRITE | PERM_PERSON_REVEAL | PERM_PERSON_MERGE | PERM_IMPORT |
                       PERM_FIGURES_READ | PERM_PERSON_EXPORT | PERM_MONITOR_READ |
                       PERM_MONITOR_WRITE | PERM_MONITOR_ASSIGN | PERM_MONITOR_CLINICAL |
                       PERM_TIP_READ | PERM_TASK_READ | PERM_TASK_ASSIGN | PERM_SUPPLY_READ |
                       PERM_DUTY_READ | PERM_DUTY_WRITE | PERM_SCREEN_WRITE | PERM_SWEEP_READ |
                       PERM_SWEEP_WRITE | PERM_LIST_READ,
    [ROLE_GRID] = PERM_AREA_READ | PERM_PERSON_READ | PERM_HOUSEHOLD_READ | PERM_PERSON_WRITE |
                  PERM_HOUSEHOLD_WRITE | PERM_PERSON_REVEAL | PERM_FIGURES_READ |
                  PERM_MONITOR_READ | PERM_MONITOR_WRITE | PERM_TASK_READ |
                  PERM_DUTY_READ | PERM_SWEEP_READ | PERM_SWEEP_WRITE,
    [ROLE_DOCTOR] = PERM_AREA_READ | PERM_PERSON_READ | PERM_HOUSEHOLD_READ | PERM_PERSON_REVEAL |
                    PERM_FIGURES_READ | PERM_MONITOR_READ | PERM_MONITOR_WRITE |
                    PERM_MONITOR_CLINICAL | PERM_TASK_READ | PERM_DUTY_READ | PERM_SWEEP_READ,
    [ROLE_CHECKPOINT] = PERM_AREA_READ | PERM_FIGURES_READ | PERM_TASK_READ | PERM_SUPPLY_READ |
                        PERM_DUTY_READ | PERM_SCREEN_WRITE,
    [ROLE_VIEWER] = PERM_AREA_READ | PERM_FIGURES_READ,
    [ROLE_AUDITOR] = PERM_AREA_READ | PERM_AUDIT_READ,
    /* the district's command post: its towns' figures, tasks to the towns, lists from above and
     * the towns' users; it reads the registry to send work but neither writes, reveals nor
     * exports it, which stays with each town */
    [ROLE_DISTRICT] = PERM_AREA_READ | PERM_PERSON_READ | PERM_HOUSEHOLD_READ | PERM_USER_ADMIN |
                      PERM_FIGURES_READ | PERM_MONITOR_READ | PERM_TIP_READ | PERM_TASK_READ |
                      PERM_TASK_ASSIGN | PERM_SUPPLY_READ | PERM_DUTY_READ | PERM_SWEEP_READ |
                      PERM_LIST_READ,
};

/* Each bit's key, by its number: a bit added to enum perm_bit without one has NULL here, which
 * tests/unit/test_role.c refuses. */
static const char *const perm_keys[PERM__COUNT] = {
    [PERM_BIT_PUBLIC] = "public",
    [PERM_BIT_LOGGED_IN] = "logged_in",
    [PERM_BIT_AREA_READ] = "area.read",
    [PERM_BIT_AREA_WRITE] = "area.write",
    [PERM_BIT_PERSON_READ] = "person.read",
    [PERM_BIT_PERSON_WRITE] = "person.write",
    [PERM_BIT_PERSON_REVEAL] = "person.reveal",
    [PERM_BIT_PERSON_MERGE] = "person.merge",
    [PERM_BIT_HOUSEHOLD_READ] = "household.read",
    [PERM_BIT_HOUSEHOLD_WRITE] = "household.write",
    [PERM_BIT_IMPORT] = "import",
    [PERM_BIT_USER_ADMIN] = "user.admin",
    [PERM_BIT_AUDIT_READ] = "audit.read",
    [PERM_BIT_FIGURES_READ] = "figures.read",
    [PERM_BIT_PERSON_EXPORT] = "person.export",
    [PERM_BIT_MONITOR_READ] = "monitor.read",
    [PERM_BIT_MONITOR_WRITE] = "monitor.write",
    [PERM_BIT_MONITOR_ASSIGN] = "monitor.assign",
    [PERM_BIT_MONITOR_CLINICAL] = "monitor.clinical",
    [PERM_BIT_TIP_READ] = "tip.read",
    [PERM_BIT_TASK_READ] = "task.read",
    [PERM_BIT_TASK_ASSIGN] = "task.assign",
    [PERM_BIT_SUPPLY_READ] = "supply.read",
    [PERM_BIT_SUPPLY_WRITE] = "supply.write",
    [PERM_BIT_DUTY_READ] = "duty.read",
    [PERM_BIT_DUTY_WRITE] = "duty.write",
    [PERM_BIT_SCREEN_WRITE] = "screen.write",
    [PERM_BIT_SWEEP_READ] = "sweep.read",
    [PERM_BIT_SWEEP_WRITE] = "sweep.write",
    [PERM_BIT_SWEEP_ADMIN] = "sweep.admin",
    [PERM_BIT_LIST_READ] = "list.read",
};

int
role_parse(const char *s)
{
	int r;

	if (s == NULL)
		return -1;
	for (r = 0; r < ROLE__MAX; r++)
		if (strcasecmp(s, role_keys[r]) == 0 || strcmp(s, role_zh[r]) == 0)
			return r;
	return -1;
}

unsigned
role_perms(enum role r)
{
	if ((unsigned)r >= ROLE__MAX)
		return 0;
	return perms[r] | PERM_LOGGED_IN;
}

bool
role_can(enum role r, unsigned need)
{
	if (need & PERM_PUBLIC)
		return true;
	if (need == 0)
		return false;
	return (role_perms(r) & need) == need;
}

const char *
perm_key(unsigned bit)
{
	int i;

	for (i = 0; i < PERM__COUNT; i++)
		if (bit == 1u << i)
			return perm_keys[i];
	return NULL;
}

bool
role_area_ok(enum role r, int level)
{
	switch (r) {
	case ROLE_ADMIN:
		return level == AREA_TOWN;
	case ROLE_SECRETARY:
	case ROLE_DOCTOR:
		return level == AREA_VILLAGE;
	case ROLE_GRID:
		return level == AREA_GRID;
	case ROLE_CHECKPOINT:
		return level == AREA_VILLAGE || level == AREA_GRID;
	case ROLE_VIEWER:
	case ROLE_AUDITOR:
		return level == AREA_DISTRICT || level == AREA_TOWN;
	case ROLE_DISTRICT:
		return level == AREA_DISTRICT;
	default:
		return false;
	}
}

int
area_scope_len(int level)
{
	switch (level) {
	case AREA_DISTRICT:
		return 6;
	case AREA_TOWN:
		return 9;
	case AREA_VILLAGE:
		return 12;
	case AREA_GRID:
		return 15;
	default:
		return -1;
	}
}
