/* db_command.h: the command post's two families, tips (db_tip.h) and tasks (db_task.h), for the
 * callers that include one header for both. */
#ifndef FANGYI_DB_COMMAND_H
#define FANGYI_DB_COMMAND_H

#include "db_task.h"
#include "db_tip.h"

#endif
