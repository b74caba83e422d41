/* Display formatting (times, sizes, modes, numbers) and the JSON writer. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ipctop/fmt.h"
#include "ipctop/json.h"

static void numbers(void **state)
{
	char b[FMT_NUM_MAX];
	(void)state;
	assert_int_equal(fmt_ll(b, 0), 1);
	assert_string_equal(b, "0");
	fmt_ll(b, -42);
	assert_string_equal(b, "-42");
	fmt_ll(b, LLONG_MAX);
	assert_string_equal(b, "9223372036854775807");
	fmt_ll(b, LLONG_MIN);
	assert_string_equal(b, "-9223372036854775808");
	assert_int_equal(fmt_ull(b, ULLONG_MAX), 20);
	assert_string_equal(b, "18446744073709551615");
}

static void hex_octal_perms(void **state)
{
	char b[16];
	(void)state;
	fmt_hex32(b, sizeof(b), 0x1234);
	assert_string_equal(b, "0x00001234");
	fmt_hex32(b, sizeof(b), (unsigned)-1178010502);
	assert_string_equal(b, "0xb9c8fc7a");
	fmt_hex32(b, 5, 0xdeadbeef);            /* truncated, terminated */
	assert_string_equal(b, "0xde");
	fmt_octal(b, sizeof(b), 0600);
	assert_string_equal(b, "0600");
	fmt_octal(b, sizeof(b), 07777);
	assert_string_equal(b, "7777");
	fmt_octal(b, sizeof(b), 0);
	assert_string_equal(b, "0000");
	fmt_perms(b, sizeof(b), 0640);
	assert_string_equal(b, "rw-r-----");
	fmt_perms(b, sizeof(b), 0777);
	assert_string_equal(b, "rwxrwxrwx");
}

static void sizes(void **state)
{
	char b[32];
	(void)state;
	fmt_size(b, sizeof(b), 0, 0);
	assert_string_equal(b, "0B");
	fmt_size(b, sizeof(b), 1023, 0);
	assert_string_equal(b, "1023B");
	fmt_size(b, sizeof(b), 1024, 0);
	assert_string_equal(b, "1K");
	fmt_size(b, sizeof(b), 1536, 0);
	assert_string_equal(b, "1.5K");
	fmt_size(b, sizeof(b), 16384, 0);
	assert_string_equal(b, "16K");
	fmt_size(b, sizeof(b), 10 * 1024 + 512, 0);   /* 10.5K: whole from 10 up */
	assert_string_equal(b, "11K");
	fmt_size(b, sizeof(b), 1048576, 0);
	assert_string_equal(b, "1M");
	fmt_size(b, sizeof(b), 5LL << 30, 0);
	assert_string_equal(b, "5G");
	fmt_size(b, sizeof(b), LLONG_MAX, 0);
	assert_string_equal(b, "8E");
	/* --bytes: the exact count, no unit */
	fmt_size(b, sizeof(b), 1536, 1);
	assert_string_equal(b, "1536");
	fmt_size(b, sizeof(b), 0, 1);
	assert_string_equal(b, "0");
	/* unknown */
	fmt_size(b, sizeof(b), -1, 0);
	assert_string_equal(b, "?");
	fmt_size(b, sizeof(b), -1, 1);
	assert_string_equal(b, "?");
}

static void times(void **state)
{
	char b[64];
	long long now = 1700000000;
	(void)state;
	fmt_time(b, sizeof(b), 0, now, TIME_RELATIVE);
	assert_string_equal(b, "-");
	fmt_time(b, sizeof(b), -1, now, TIME_RELATIVE);
	assert_string_equal(b, "?");
	fmt_time(b, sizeof(b), now, now, TIME_RELATIVE);
	assert_string_equal(b, "0s ago");
	fmt_time(b, sizeof(b), now - 59, now, TIME_RELATIVE);
	assert_string_equal(b, "59s ago");
	fmt_time(b, sizeof(b), now - 60, now, TIME_RELATIVE);
	assert_string_equal(b, "1m ago");
	fmt_time(b, sizeof(b), now - 7200, now, TIME_RELATIVE);
	assert_string_equal(b, "2h ago");
	fmt_time(b, sizeof(b), now - 3 * 86400, now, TIME_RELATIVE);
	assert_string_equal(b, "3d ago");
	fmt_time(b, sizeof(b), now + 5, now, TIME_RELATIVE);
	assert_string_equal(b, "in 5s");
	fmt_time(b, sizeof(b), now, now, TIME_UNIX);
	assert_string_equal(b, "1700000000");
	fmt_time(b, sizeof(b), 0, now, TIME_UNIX);   /* never: 0, as in JSON */
	assert_string_equal(b, "0");
	setenv("TZ", "UTC", 1);
	tzset();
	fmt_time(b, sizeof(b), now, now, TIME_ISO);
	assert_string_equal(b, "2023-11-14T22:13:20");
	fmt_time(b, sizeof(b), 0, now, TIME_ISO);
	assert_string_equal(b, "-");
	fmt_time(b, 4, now - 30, now, TIME_RELATIVE);  /* truncated */
	assert_string_equal(b, "30s");
}

static void delay(void **state)
{
	(void)state;
	assert_int_equal(fmt_parse_delay_ms("1"), 1000);
	assert_int_equal(fmt_parse_delay_ms("0.5"), 500);
	assert_int_equal(fmt_parse_delay_ms("2.25"), 2250);
	assert_int_equal(fmt_parse_delay_ms("0.001"), 10);
	assert_int_equal(fmt_parse_delay_ms("0"), -1);
	assert_int_equal(fmt_parse_delay_ms("-1"), -1);
	assert_int_equal(fmt_parse_delay_ms("x"), -1);
	assert_int_equal(fmt_parse_delay_ms(""), -1);
	assert_int_equal(fmt_parse_delay_ms("1s"), -1);
}

static void json_writer(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	(void)state;
	assert_non_null(f);
	json_init(&j, f);
	json_open(&j, '{');
	json_key(&j, "a");
	json_num(&j, -5);
	json_key(&j, "s");
	json_str(&j, "q\"b\\n\n\t\x01\x7f\xc3\xa9");
	json_key(&j, "u");
	json_unum(&j, 18446744073692774399ull);
	json_key(&j, "e");
	json_open(&j, '[');
	json_close(&j, ']');
	json_key(&j, "l");
	json_open(&j, '[');
	json_bool(&j, true);
	json_bool(&j, false);
	json_null(&j);
	json_close(&j, ']');
	json_close(&j, '}');
	json_end(&j);
	fclose(f);
	assert_string_equal(buf,
		"{\n"
		"  \"a\": -5,\n"
		"  \"s\": \"q\\\"b\\\\n\\n\\t\\u0001\\u007f\xc3\xa9\",\n"
		"  \"u\": 18446744073692774399,\n"
		"  \"e\": [],\n"
		"  \"l\": [\n"
		"    true,\n"
		"    false,\n"
		"    null\n"
		"  ]\n"
		"}\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(hex_octal_perms),
		cmocka_unit_test(sizes),
		cmocka_unit_test(times),
		cmocka_unit_test(delay),
		cmocka_unit_test(json_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
