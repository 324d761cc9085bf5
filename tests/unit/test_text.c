/* test_text.c: normalisation, UTF-8 checks and the encodings Excel writes. */
#include <string.h>

#include "arena.h"
#include "t.h"
#include "buf.h"
#include "text.h"

static struct arena *a;

static void
test_normalize(void)
{
	/* full-width letters and digits; U+3000 and NBSP */
	T_EQ_STR(text_normalize(a, "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\x91\xef\xbc\x92"), "AB12");
	T_EQ_STR(text_normalize(a, "\xe3\x80\x80张三\xe3\x80\x80"), "张三");
	T_EQ_STR(text_normalize(a, "\xc2\xa0 李四 \t\r\n"), "李四");
	T_EQ_STR(text_normalize(a, "张\xe3\x80\x80三"), "张 三");
	T_EQ_STR(text_normalize(a, "ｘＺ０９"), "xZ09"); /* the ends of each run */
	/* full-width punctuation is how Chinese prose is written: kept as typed */
	T_EQ_STR(text_normalize(a, "\xef\xbc\x81\xef\xbd\x9e"), "\xef\xbc\x81\xef\xbd\x9e");
	T_EQ_STR(text_normalize(a, "住址：幸福路３号，２栋；电话（见下）。好吗？是、否！"),
		 "住址：幸福路3号，2栋；电话（见下）。好吗？是、否！");
	T_EQ_STR(text_normalize(a, "（１３８）"), "（138）");
	T_EQ_STR(text_normalize(a, ""), "");
	T_EQ_STR(text_normalize(a, "   "), "");
	T_ASSERT(text_normalize(a, NULL) == NULL);
	/* a truncated sequence at the end is left alone */
	T_EQ_STR(text_normalize(a, "a\xef\xbc"), "a\xef\xbc");
}

static void
test_code(void)
{
	/* numbers and codes: every full-width ASCII form, punctuation too */
	T_EQ_STR(text_code(a, "\xef\xbc\x81\xef\xbd\x9e"), "!~"); /* U+FF01, U+FF5E */
	T_EQ_STR(text_code(a, "\xef\xbd\x9f"), "\xef\xbd\x9f");   /* U+FF5F stays */
	T_EQ_STR(text_code(a, "（１３８）"), "(138)");
	T_EQ_STR(text_code(a, "　２０２０－０２－０３ "), "2020-02-03");
	T_EQ_STR(text_code(a, "０８：００"), "08:00");
	T_ASSERT(text_code(a, NULL) == NULL);
}

static void
test_squeeze(void)
{
	T_EQ_STR(text_squeeze(a, " 110105 1949-1231.002x "), "11010519491231002x");
	T_EQ_STR(text_squeeze(a, "１１０１０５　１９４９１２３１００２Ｘ"), "11010519491231002X");
	T_EQ_STR(text_squeeze(a, "+86 (138) 1234-5678"), "+8613812345678");
	T_EQ_STR(text_squeeze(a, "＋８６（１３８）１２３４－５６７８"), "+8613812345678");
	T_ASSERT(text_squeeze(a, NULL) == NULL);
}

static void
test_utf8(void)
{
	T_ASSERT(text_is_utf8("abc", 3));
	T_ASSERT(text_is_utf8("中文", strlen("中文")));
	T_ASSERT(text_is_utf8("\xf0\x9f\x98\x80", 4));
	T_ASSERT(!text_is_utf8("\xc0\xaf", 2));         /* overlong '/' */
	T_ASSERT(!text_is_utf8("\xe0\x80\xaf", 3));     /* overlong */
	T_ASSERT(!text_is_utf8("\xed\xa0\x80", 3));     /* surrogate */
	T_ASSERT(!text_is_utf8("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	T_ASSERT(!text_is_utf8("\xe4\xb8", 2));         /* truncated */
	T_ASSERT(!text_is_utf8("\xd0\xd5\xc3\xfb", 4)); /* GBK 姓名 */
	T_EQ_INT(text_utf8_len("中文ab"), 4);
	T_EQ_INT(text_utf8_len(""), 0);
}

static void
test_to_utf8(void)
{
	const char *enc = NULL;
	size_t len = 0;
	char *s;

	s = text_to_utf8(a, "name,姓名", strlen("name,姓名"), &len, &enc);
	T_EQ_STR(s, "name,姓名");
	T_EQ_STR(enc, "utf-8");
	T_EQ_INT(len, strlen("name,姓名"));

	s = text_to_utf8(a, "\xef\xbb\xbf姓名", 3 + strlen("姓名"), &len, &enc);
	T_EQ_STR(s, "姓名");
	T_EQ_STR(enc, "utf-8-bom");
	T_EQ_INT(len, strlen("姓名"));

	/* 姓名,张三 in GBK */
	s = text_to_utf8(a, "\xd0\xd5\xc3\xfb,\xd5\xc5\xc8\xfd", 9, &len, &enc);
	T_EQ_STR(s, "姓名,张三");
	T_EQ_STR(enc, "gb18030");
	T_EQ_INT(len, strlen("姓名,张三"));

	/* a GB18030 four-byte sequence: 0x81 0x30 0x81 0x30 is U+0080,
	 * the first code point GBK has no two-byte form for */
	s = text_to_utf8(a, "\x81\x30\x81\x30", 4, &len, &enc);
	T_EQ_STR(s, "\xc2\x80");
	T_EQ_STR(enc, "gb18030");

	/* neither: 0xff is no lead byte in either */
	enc = "unchanged";
	T_ASSERT(text_to_utf8(a, "ab\xff", 3, &len, &enc) == NULL);
	T_EQ_STR(enc, "unchanged");
	T_EQ_INT(text_undecodable_at("ab\xff", 3), 2);
	/* a BOM and then damage is refused, not read as GB18030 */
	T_ASSERT(text_to_utf8(a, "\xef\xbb\xbf\xd0\xd5", 5, &len, &enc) == NULL);
	T_EQ_INT(text_undecodable_at("\xef\xbb\xbf\xd0\xd5", 5), 3);
	/* plenty of good UTF-8 Chinese, then one broken byte: damaged UTF-8 */
	s = (char *)"姓名,身份证号,联系电话,住址\n张三,李四,王五\xe4\xb8";
	T_ASSERT(text_to_utf8(a, s, strlen(s), &len, &enc) == NULL);
	T_EQ_INT(text_undecodable_at(s, strlen(s)), strlen(s) - 2);
	/* good input decodes to the end */
	T_EQ_INT(text_undecodable_at("\xd0\xd5\xc3\xfb", 4), 4);
	/* empty input is empty UTF-8 */
	s = text_to_utf8(a, "", 0, &len, &enc);
	T_EQ_STR(s, "");
	T_EQ_INT(len, 0);
}

static void
test_reverse(void)
{
	T_EQ_STR(text_reverse(a, "11010519491231002X"), "X20013219491501011");
	T_EQ_STR(text_reverse(a, ""), "");
	T_ASSERT(text_reverse(a, NULL) == NULL);
}

static void
test_html_escape(void)
{
	struct buf b = {0};

	text_html_escape(&b, "<script>alert('x')</script> & \"q\"");
	T_EQ_STR(b.p, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	buf_reset(&b);
	text_html_escape(&b, "张三");
	T_EQ_STR(b.p, "张三");
	buf_free(&b);
}

int
main(void)
{
	a = arena_new();
	T_RUN(test_normalize);
	T_RUN(test_code);
	T_RUN(test_squeeze);
	T_RUN(test_utf8);
	T_RUN(test_to_utf8);
	T_RUN(test_reverse);
	T_RUN(test_html_escape);
	arena_free(a);
	return T_DONE();
}
