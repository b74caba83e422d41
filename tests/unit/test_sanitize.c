/* sanitize(): what reaches the terminal from names the system gives us. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/sanitize.h"

static const char *san(const char *s, size_t len, size_t dstlen)
{
	static char out[256];
	sanitize(out, dstlen, s, len);
	return out;
}

static void plain_passes(void **state)
{
	(void)state;
	assert_string_equal(san("root", 4, 256), "root");
	assert_string_equal(san("a b_c-1.2", 9, 256), "a b_c-1.2");
	assert_string_equal(san("", 0, 256), "");
}

static void controls_escaped(void **state)
{
	(void)state;
	assert_string_equal(san("a\x1b[2Jb", 6, 256), "a\\x1b[2Jb");
	assert_string_equal(san("x\ny\tz\x7f", 6, 256), "x\\x0ay\\x09z\\x7f");
	/* stops at NUL within len */
	assert_string_equal(san("ab\0cd", 5, 256), "ab");
}

static void backslash_escaped(void **state)
{
	(void)state;
	/* every backslash of the output starts an escape: the text "\x1b"
	 * and the byte ESC come out different */
	assert_string_equal(san("a\\b", 3, 256), "a\\x5cb");
	assert_string_equal(san("\\x1b", 4, 256), "\\x5cx1b");
	assert_string_equal(san("\x1b", 1, 256), "\\x1b");
	/* never half an escape when it does not fit */
	assert_string_equal(san("ab\\", 3, 6), "ab");
}

static void utf8(void **state)
{
	(void)state;
	/* valid: é, €, 😀 */
	assert_string_equal(san("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, 256),
			    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* invalid lead, truncated sequence, overlong, surrogate */
	assert_string_equal(san("\xff", 1, 256), "\\xff");
	assert_string_equal(san("\xe2\x82", 2, 256), "\\xe2\\x82");
	assert_string_equal(san("\xc0\xaf", 2, 256), "\\xc0\\xaf");
	assert_string_equal(san("\xed\xa0\x80", 3, 256), "\\xed\\xa0\\x80");
	/* C1 control U+009B (CSI) and bidi override U+202E */
	assert_string_equal(san("\xc2\x9b", 2, 256), "\\xc2\\x9b");
	assert_string_equal(san("\xe2\x80\xae", 3, 256), "\\xe2\\x80\\xae");
}

static void truncation(void **state)
{
	char out[8];
	(void)state;
	/* never splits an escape or a character; always terminated */
	assert_int_equal(sanitize(out, sizeof(out), "abcdefghij", 10), 7);
	assert_string_equal(out, "abcdefg");
	assert_int_equal(sanitize(out, 6, "ab\x01", 3), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(sanitize(out, 4, "a\xc3\xa9\xc3\xa9", 5), 3);
	assert_string_equal(out, "a\xc3\xa9");
	assert_int_equal(sanitize(out, 0, "abc", 3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_passes),
		cmocka_unit_test(controls_escaped),
		cmocka_unit_test(backslash_escaped),
		cmocka_unit_test(utf8),
		cmocka_unit_test(truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
