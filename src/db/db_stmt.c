/*
 * db_stmt.c: the text of every statement, in the subset SQLite and PostgreSQL share: one table,
 * whose rows each family keeps in its own db_stmt_<family>.inc, included here.  Two families
 * naming one statement stop the build (-Woverride-init, on with -Wextra).
 */
#include "db_internal.h"

/* The village of a grid (15 digits), joined as va: a grid's name ("2组") is ambiguous without it.
 * One lookup by the area code's index per row; NULL for an area that is not a grid. */
#define VILLAGE_OF(col) \
	"LEFT JOIN area va ON va.code = substr(" col ", 1, 12) AND length(" col ") = 15 "
#define VILLAGE_NAME "COALESCE(va.name, '') "
#define STAFF_NAME(u) "COALESCE(NULLIF(" u ".display_name, ''), " u ".username)"

const char *const stmts[STMT__MAX] = {
#include "db_stmt_registry.inc"
#include "db_stmt_change.inc"
#include "db_stmt_audit.inc"
#include "db_stmt_monitor.inc"
#include "db_stmt_tip.inc"
#include "db_stmt_list.inc"
#include "db_stmt_task.inc"
#include "db_stmt_supply.inc"
#include "db_stmt_duty.inc"
#include "db_stmt_screening.inc"
#include "db_stmt_declare.inc"
#include "db_stmt_sweep.inc"
#include "db_stmt_publicity.inc"
#include "db_stmt_gathering.inc"
};
