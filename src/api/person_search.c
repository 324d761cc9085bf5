/* person_search.c: the search box of the person list and the export, read from a request
 * (svc_person_search.c does the reading, the audit and the rate). */
#include "api.h"

int
person_search_read(struct req *r, const char *raw, struct person_query *pq)
{
	struct svc s;

	return svc_person_search(api_svc(r, &s), raw, pq);
}

int
person_search_audit(struct req *r, const struct person_query *pq, const char *what,
		    int64_t matched)
{
	struct svc s;

	return svc_person_search_audit(api_svc(r, &s), pq, what, matched);
}
