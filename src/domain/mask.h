/* mask.h: how ID numbers and phones look to someone who has not revealed them. */
#ifndef FANGYI_MASK_H
#define FANGYI_MASK_H

/* mask_idnum: "4303**********123X" (first 4 and last 4 kept); ret gets
 * at most 19 bytes.  Strings of 8 characters or fewer become all '*'. */
void mask_idnum(const char *id, char ret[32]);

/* mask_phone: "138****5678" (first 3 and last 4 kept). */
void mask_phone(const char *phone, char ret[32]);

#endif
