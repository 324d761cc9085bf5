/* test_plate.c: plates as staff type them at the toll gate, and what is said when they are wrong. */
#include <string.h>

#include "err.h"
#include "plate.h"
#include "t.h"

static const char *
parsed(const char *s, const char *prov)
{
	static char out[PLATE_MAX];
	enum plate_kind k;
	struct fault f = {0};

	if (plate_parse(s, prov, out, &k, &f) != 0)
		return "invalid";
	return out;
}

static int
kind_of(const char *s)
{
	char out[PLATE_MAX];
	enum plate_kind k = -1;
	struct fault f = {0};

	if (plate_parse(s, "湘", out, &k, &f) != 0)
		return -1;
	return (int)k;
}

static void
test_ordinary(void)
{
	T_EQ_STR(parsed("湘C·12345", NULL), "湘C12345");
	T_EQ_STR(parsed("湘C12345", NULL), "湘C12345");
	T_EQ_STR(parsed(" 湘c 12345 ", NULL), "湘C12345");
	T_EQ_STR(parsed("湘Ｃ１２３４５", NULL), "湘C12345");  /* full-width */
	T_EQ_STR(parsed("湘C-A8B9K", NULL), "湘CA8B9K");
	T_EQ_STR(parsed("鄂A•88888", NULL), "鄂A88888");
	T_EQ_STR(parsed("粤B1234学", NULL), "粤B1234学");
	T_EQ_STR(parsed("湘C.12345", NULL), "湘C12345");
	T_EQ_INT(kind_of("湘C12345"), PLATE_ORDINARY);
}

static void
test_new_energy(void)
{
	T_EQ_STR(parsed("湘CD12345", NULL), "湘CD12345");
	T_EQ_STR(parsed("湘C·D12345", NULL), "湘CD12345");
	T_EQ_STR(parsed("湘CFA1345", NULL), "湘CFA1345");
	T_EQ_STR(parsed("湘C12345D", NULL), "湘C12345D");
	T_EQ_STR(parsed("湘c12345f", NULL), "湘C12345F");
	T_EQ_INT(kind_of("湘CD12345"), PLATE_NEW_ENERGY);
	T_EQ_INT(kind_of("湘C12345D"), PLATE_NEW_ENERGY);
	T_EQ_INT(kind_of("湘C·12345"), PLATE_ORDINARY);
}

static void
test_province_default(void)
{
	T_EQ_STR(parsed("C12345", "湘"), "湘C12345");
	T_EQ_STR(parsed("cd12345", "湘"), "湘CD12345");
	T_EQ_STR(parsed("A12345", "鄂"), "鄂A12345");
	T_EQ_STR(parsed("C12345", NULL), "invalid");
	T_EQ_STR(parsed("C12345", "X"), "invalid");
	T_ASSERT(plate_province_ok("湘"));
	T_ASSERT(!plate_province_ok("湘C"));
	T_ASSERT(!plate_province_ok("中"));
	T_EQ_STR(plate_province_of_area("430302100201"), "湘");
	T_EQ_STR(plate_province_of_area("420100"), "鄂");
	T_EQ_STR(plate_province_of_area("110000"), "京");
	T_ASSERT(plate_province_of_area("99") == NULL);
	T_ASSERT(plate_province_of_area("4") == NULL);
}

static void
test_refused(void)
{
	struct fault f = {0};
	char out[PLATE_MAX] = "unset";
	enum plate_kind k;

	T_EQ_STR(parsed("", "湘"), "invalid");
	T_EQ_INT(plate_parse(NULL, "湘", out, &k, &f), ERR_INVALID);
	T_ASSERT(strstr(f.en, "required") != NULL);
	T_EQ_STR(parsed("   ", "湘"), "invalid");
	T_EQ_STR(parsed("湘C1234", NULL), "invalid");     /* too short */
	T_EQ_STR(parsed("湘C1234567", NULL), "invalid");  /* too long */
	T_EQ_STR(parsed("湘C12O45", NULL), "invalid");    /* O is never used */
	T_EQ_STR(parsed("湘CI2345", NULL), "invalid");    /* nor I */
	T_EQ_STR(parsed("中C12345", NULL), "invalid");    /* no such province */
	T_EQ_STR(parsed("湘112345", NULL), "invalid");    /* no office letter */
	T_EQ_STR(parsed("湘CD1234A", NULL), "invalid");   /* small NEV ends in 4 digits */
	T_EQ_STR(parsed("湘C1234DD", NULL), "invalid");
	T_EQ_STR(parsed("湘C12345678901234567890", NULL), "invalid");
	T_EQ_INT(plate_parse("湘C12O45", NULL, out, &k, &f), ERR_INVALID);
	T_EQ_STR(f.field, "plate");
	T_ASSERT(strstr(f.en, "I and O") != NULL);
	T_EQ_STR(out, "unset"); /* not written on failure */
	T_EQ_INT(plate_parse("湘C1234", NULL, out, &k, &f), ERR_INVALID);
	T_ASSERT(strstr(f.zh, "位数") != NULL);
}

static void
test_display(void)
{
	char d[PLATE_MAX + 4];

	plate_display("湘C12345", d);
	T_EQ_STR(d, "湘C·12345");
	plate_display("湘CD12345", d);
	T_EQ_STR(d, "湘C·D12345");
	plate_display("", d);
	T_EQ_STR(d, "");
}

int
main(void)
{
	T_RUN(test_ordinary);
	T_RUN(test_new_energy);
	T_RUN(test_province_default);
	T_RUN(test_refused);
	T_RUN(test_display);
	return T_DONE();
}
