/* person.h: the registry's vocabularies: residence status and tags. */
#ifndef FANGYI_DOMAIN_PERSON_H
#define FANGYI_DOMAIN_PERSON_H

#include <stdbool.h>

/*
 * Residence status (see GLOSSARY): stored as the English key.
 *   registered        户籍在本地且在本地居住
 *   registered_away   户籍在本地但在外地居住 (e.g. migrant workers in Wuhan)
 *   resident          常住 (living here without registration)
 *   floating          流动 (passing or temporary)
 */
enum residence { RES_REGISTERED, RES_REGISTERED_AWAY, RES_RESIDENT, RES_FLOATING, RES__MAX };

/* Tags on people: party_member, grid_worker, village_doctor, volunteer, model_household. */
enum tag { TAG_PARTY_MEMBER, TAG_GRID_WORKER, TAG_VILLAGE_DOCTOR, TAG_VOLUNTEER, TAG_MODEL_HOUSEHOLD, TAG__MAX };

extern const char *const residence_keys[RES__MAX];
extern const char *const residence_zh[RES__MAX];
extern const char *const tag_keys[TAG__MAX];
extern const char *const tag_zh[TAG__MAX];

/* residence_parse accepts an English key or a Chinese word a clerk would
 * write (户籍, 外出, 常住, 流动, 暂住...); returns the enum or -1. */
int residence_parse(const char *s);

/* tag_parse accepts an English key or Chinese (党员, 网格员, 村医, 志愿者...); returns the enum or -1. */
int tag_parse(const char *s);

/* relation_is_head says whether a "relation to head" cell means the head
 * itself (户主, 本人, head, self, 是, Y, yes, 1). */
bool relation_is_head(const char *s);

/*
 * person_age: whole years from the birth date BIRTH to the day TODAY, both
 * "YYYY-MM-DD" (today is the town's local day, clock_local_date).  What is
 * shown beside a masked ID number instead of the birth date, which with the
 * check digit would give the number back.  Someone born on 29 February is a
 * year older on 1 March of a common year.  Returns -1 when either date is
 * not of that form or the birth is after today.
 */
int person_age(const char *birth, const char *today);

#endif
