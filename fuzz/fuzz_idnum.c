/* fuzz_idnum.c: any text typed as an ID number or phone; accepted values must be consistent. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "fuzz.h"
#include "idnum.h"
#include "mask.h"
#include "phone.h"
#include "text.h"

/* Typed values are short; longer inputs only slow the search down. */
#define MAX_INPUT 256

static void
check(int ok)
{
	if (!ok)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	struct idnum id, again;
	struct fault f = {0};
	char *s, *typed, phone[12], masked[32];

	if (size > MAX_INPUT)
		return 0;
	a = arena_new();
	if (a == NULL)
		return 0;
	s = arena_strndup(a, (const char *)data, size);
	typed = text_squeeze(a, s);

	if (idnum_parse(typed, &id, &f) == 0) {
		check(strlen(id.number) == 18);
		check(idnum_check_char(id.number) == id.number[17]);
		check(id.gender == 'M' || id.gender == 'F');
		check(strncmp(id.area, id.number, 6) == 0 && strlen(id.birth) == 10);
		/* the stored form parses to itself */
		check(idnum_parse(id.number, &again, &f) == 0);
		check(memcmp(&id, &again, sizeof(id)) == 0);
		mask_idnum(id.number, masked);
		check(strlen(masked) == 18 && memcmp(masked + 4, "**********", 10) == 0);
	} else {
		check(f.code == ERR_INVALID && strcmp(f.field, "id_number") == 0);
	}

	if (phone_parse(typed, phone, &f) == 0) {
		check(strlen(phone) == 11 && phone[0] == '1' && phone[1] >= '3');
		check(phone_parse(phone, phone, &f) == 0);
	}
	mask_idnum(s, masked);
	check(strlen(masked) <= 18);
	mask_phone(s, masked);
	check(strlen(masked) <= 18);
	arena_free(a);
	return 0;
}
