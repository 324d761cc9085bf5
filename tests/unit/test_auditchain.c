/* test_auditchain.c: the audit log's hashes, against vectors computed from the documented
 * encoding by another implementation (Python's hashlib.blake2b, digest_size=32). */
#include <sodium.h>
#include <string.h>

#include "auditchain.h"
#include "t.h"

static void
test_subject(void)
{
	char h[AUDITCHAIN_HEX];

	auditchain_subject(true, 42, "张三", h);
	T_EQ_STR(h, "1a72ac031d565a16d3759d838a589ed5d0147bc6c955673ab4aa4bb2d68fc361");
	auditchain_subject(false, 0, "", h);
	T_EQ_STR(h, "bfa96de840f806a2b20f84fcf06df2ab594c1f930097c79bd8896adb68a372e9");
	auditchain_subject(false, 0, NULL, h); /* NULL detail is "" */
	T_EQ_STR(h, "bfa96de840f806a2b20f84fcf06df2ab594c1f930097c79bd8896adb68a372e9");
	auditchain_subject(true, 0, "", h); /* object 0 is not NULL */
	T_ASSERT(strcmp(h, "bfa96de840f806a2b20f84fcf06df2ab594c1f930097c79bd8896adb68a372e9") != 0);
}

static void
test_link(void)
{
	struct auditchain_row r = {0};
	char h1[AUDITCHAIN_HEX], h2[AUDITCHAIN_HEX], s[AUDITCHAIN_HEX];

	auditchain_subject(true, 42, "张三", s);
	r.id = 1;
	r.at = 1580000000;
	r.user_id = 7;
	r.has_user_id = true;
	r.username = "admin";
	r.ip = "127.0.0.1";
	r.action = "create";
	r.object_kind = "person";
	r.area_code = "430302100201001";
	r.ok = 1;
	r.subject_hash = s;
	T_ASSERT(auditchain_link(&r, "", h1));
	T_EQ_STR(h1, "1c892c924de07fe7b6b2a62e148cab1d75cf94d9ba06d813b0f24745e46a6cc4");

	auditchain_subject(false, 0, "", s);
	memset(&r, 0, sizeof(r));
	r.id = 2;
	r.at = 1580000060;
	r.username = "cli";
	r.ip = "local";
	r.action = "export";
	r.object_kind = "report";
	r.area_code = "430302100";
	r.ok = 1;
	r.serial = "EX-20200126-0A1B2C3D";
	r.subject_hash = s;
	T_ASSERT(auditchain_link(&r, h1, h2));
	T_EQ_STR(h2, "604ba584f68278c403be0b38eebe03c5353a76c93e16ddf2b5b84f11e2c74594");

	/* every covered column moves the hash */
	r.ok = 0;
	T_ASSERT(auditchain_link(&r, h1, s) && strcmp(s, h2) != 0);
	r.ok = 1;
	r.serial = NULL;
	T_ASSERT(auditchain_link(&r, h1, s) && strcmp(s, h2) != 0);
	/* not a hash: refused */
	r.subject_hash = "xyz";
	T_ASSERT(!auditchain_link(&r, h1, s));
	auditchain_subject(false, 0, "", h2);
	r.subject_hash = h2;
	T_ASSERT(!auditchain_link(&r, "ABCDEF", s));
	T_ASSERT(auditchain_is_hash(h1));
	T_ASSERT(!auditchain_is_hash("1C892C924DE07FE7B6B2A62E148CAB1D75CF94D9BA06D813B0F24745E46A6CC4"));
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	T_RUN(test_subject);
	T_RUN(test_link);
	return T_DONE();
}
