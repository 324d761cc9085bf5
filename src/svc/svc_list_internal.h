/* svc_list_internal.h: what svc_list.c shares with svc_list_act.c, and with nothing else. */
#ifndef FANGYI_SVC_LIST_INTERNAL_H
#define FANGYI_SVC_LIST_INTERNAL_H

#include "svc_list.h"

/* svc_list_class_index: the enum match_class of a class word, -1 for none. */
int svc_list_class_index(const char *cls);
/* svc_list_count_area: the area a row's counts go to (list_area_count): a matched person's
 * village, else the list's own area; in a. */
const char *svc_list_count_area(struct arena *a, const struct list_row *r,
				const struct list_batch *b);
/* svc_list_owner: who gets a list's task in area: its grid's worker, its village's secretary,
 * the town's admin; 0 when there is nobody. */
int64_t svc_list_owner(struct svc *s, const char *area);
/* svc_list_words: "名单“…”（source，date 收到）第 N 行", in s->arena. */
const char *svc_list_words(struct svc *s, const struct list_batch *b, const struct list_row *r);

#endif
