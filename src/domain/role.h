/* role.h: who may do what (roles and permissions), and where a user of each role sits. */
#ifndef FANGYI_ROLE_H
#define FANGYI_ROLE_H

#include <stdbool.h>

/* The roles of docs/API.md "Permissions per role"; stored as role_keys[]. */
enum role {
	ROLE_ADMIN,      /* 指挥部管理员: the command post, at town level */
	ROLE_SECRETARY,  /* 村（社区）书记: one village */
	ROLE_GRID,       /* 网格员: one grid */
	ROLE_DOCTOR,     /* 村医: one village */
	ROLE_CHECKPOINT, /* 卡口值守: a village or a grid */
	ROLE_VIEWER,     /* 区级查看: the district or the town, figures only */
	ROLE_AUDITOR,    /* 审计员: the district or the town, the audit log only */
	ROLE_DISTRICT,   /* 区指挥部: the district's command post, over every town of the district */
	ROLE__MAX
};

/*
 * Permissions are bits, so a route names what it needs in one unsigned
 * and a user's grants are one mask.  PERM_PUBLIC marks a route anyone may
 * call, logged in or not; PERM_LOGGED_IN a route any logged-in user may
 * call.  The rest are the named permissions of docs/API.md.  enum perm_bit
 * numbers the bits, so that their count, PERM__COUNT, follows from the list.
 */
enum perm_bit {
	PERM_BIT_PUBLIC,
	PERM_BIT_LOGGED_IN,
	PERM_BIT_AREA_READ,
	PERM_BIT_AREA_WRITE,
	PERM_BIT_PERSON_READ,
	PERM_BIT_PERSON_WRITE,
	PERM_BIT_PERSON_REVEAL,
	PERM_BIT_PERSON_MERGE,
	PERM_BIT_HOUSEHOLD_READ,
	PERM_BIT_HOUSEHOLD_WRITE,
	PERM_BIT_IMPORT,
	PERM_BIT_USER_ADMIN,
	PERM_BIT_AUDIT_READ,
	PERM_BIT_FIGURES_READ,
	PERM_BIT_PERSON_EXPORT,
	PERM_BIT_MONITOR_READ,
	PERM_BIT_MONITOR_WRITE,
	PERM_BIT_MONITOR_ASSIGN,
	PERM_BIT_MONITOR_CLINICAL,
	PERM_BIT_TIP_READ,
	PERM_BIT_TASK_READ,
	PERM_BIT_TASK_ASSIGN,
	PERM_BIT_SUPPLY_READ,
	PERM_BIT_SUPPLY_WRITE,
	/* checkpoints and duty rosters */
	PERM_BIT_DUTY_READ,
	PERM_BIT_DUTY_WRITE,
	PERM_BIT_SCREEN_WRITE,
	/* sweeps, publicity and gatherings */
	PERM_BIT_SWEEP_READ,
	PERM_BIT_SWEEP_WRITE,
	PERM_BIT_SWEEP_ADMIN,
	/* lists from higher authorities */
	PERM_BIT_LIST_READ,
	PERM__COUNT /* the number of bits above, PERM_PUBLIC included */
};

enum perm {
	PERM_PUBLIC = 1u << PERM_BIT_PUBLIC,
	PERM_LOGGED_IN = 1u << PERM_BIT_LOGGED_IN,
	PERM_AREA_READ = 1u << PERM_BIT_AREA_READ,
	PERM_AREA_WRITE = 1u << PERM_BIT_AREA_WRITE,
	PERM_PERSON_READ = 1u << PERM_BIT_PERSON_READ,
	PERM_PERSON_WRITE = 1u << PERM_BIT_PERSON_WRITE,
	PERM_PERSON_REVEAL = 1u << PERM_BIT_PERSON_REVEAL,
	PERM_PERSON_MERGE = 1u << PERM_BIT_PERSON_MERGE,
	PERM_HOUSEHOLD_READ = 1u << PERM_BIT_HOUSEHOLD_READ,
	PERM_HOUSEHOLD_WRITE = 1u << PERM_BIT_HOUSEHOLD_WRITE,
	PERM_IMPORT = 1u << PERM_BIT_IMPORT,
	PERM_USER_ADMIN = 1u << PERM_BIT_USER_ADMIN,
	PERM_AUDIT_READ = 1u << PERM_BIT_AUDIT_READ,
	PERM_FIGURES_READ = 1u << PERM_BIT_FIGURES_READ,
	PERM_PERSON_EXPORT = 1u << PERM_BIT_PERSON_EXPORT,
	PERM_MONITOR_READ = 1u << PERM_BIT_MONITOR_READ,
	PERM_MONITOR_WRITE = 1u << PERM_BIT_MONITOR_WRITE,
	PERM_MONITOR_ASSIGN = 1u << PERM_BIT_MONITOR_ASSIGN,
	PERM_MONITOR_CLINICAL = 1u << PERM_BIT_MONITOR_CLINICAL,
	PERM_TIP_READ = 1u << PERM_BIT_TIP_READ,
	PERM_TASK_READ = 1u << PERM_BIT_TASK_READ,
	PERM_TASK_ASSIGN = 1u << PERM_BIT_TASK_ASSIGN,
	PERM_SUPPLY_READ = 1u << PERM_BIT_SUPPLY_READ,
	PERM_SUPPLY_WRITE = 1u << PERM_BIT_SUPPLY_WRITE,
	PERM_DUTY_READ = 1u << PERM_BIT_DUTY_READ,
	PERM_DUTY_WRITE = 1u << PERM_BIT_DUTY_WRITE,
	PERM_SCREEN_WRITE = 1u << PERM_BIT_SCREEN_WRITE,
	PERM_SWEEP_READ = 1u << PERM_BIT_SWEEP_READ,
	PERM_SWEEP_WRITE = 1u << PERM_BIT_SWEEP_WRITE,
	PERM_SWEEP_ADMIN = 1u << PERM_BIT_SWEEP_ADMIN,
	PERM_LIST_READ = 1u << PERM_BIT_LIST_READ,
};

/* PERM_GRANTS are the bits a USER object lists under "permissions":
 * everything but the two route markers. */
#define PERM_GRANTS (((1u << PERM__COUNT) - 1) & ~(PERM_PUBLIC | PERM_LOGGED_IN))

/* Area levels as stored with each area (docs/API.md AREA "level"). */
enum area_level { AREA_DISTRICT = 1, AREA_TOWN = 2, AREA_VILLAGE = 3, AREA_GRID = 4 };

extern const char *const role_keys[ROLE__MAX]; /* "admin", "secretary"... */
extern const char *const role_zh[ROLE__MAX]; /* "指挥部管理员", "村（社区）书记"... */

/* role_parse accepts a key (any letter case) or the Chinese name; returns
 * the enum role or -1. */
int role_parse(const char *s);

/*
 * role_perms returns the permission bits of a role: its named permissions
 * plus PERM_LOGGED_IN (every role is a logged-in user), never PERM_PUBLIC.
 * An out-of-range role has none: 0.
 */
unsigned role_perms(enum role r);

/*
 * role_can says whether a user of role r may call a route that needs
 * `need`: always for PERM_PUBLIC; otherwise only when r holds every bit
 * of need.  need 0 is refused: a route must declare what it needs.
 */
bool role_can(enum role r, unsigned need);

/* perm_key names one permission bit ("person.read"; "public" and
 * "logged_in" for the markers); NULL when bit is not exactly one known bit. */
const char *perm_key(unsigned bit);

/*
 * role_area_ok says whether a user of role r may sit at an area of that
 * level: admin at the town; secretary and doctor at a village; grid worker
 * at a grid; checkpoint at a village or a grid; viewer and auditor at the
 * district or the town; the district command at the district.
 */
bool role_area_ok(enum role r, int level);

/*
 * area_scope_len is the length of the code prefix that an area of that
 * level shares with every area in its subtree: district 6, town 9,
 * village 12, grid 15 (a grid's code is its village's 12 digits and 3 of
 * its own).  Returns -1 for an unknown level: callers must then deny.
 */
int area_scope_len(int level);

#endif
