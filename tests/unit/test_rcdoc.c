/* The settings file's lines: split, recognised, rewritten in place, and
 * written back with every line the live view did not change intact. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui/rcdoc.h"

/* Parse text, then mark as known the lines whose names are in known[]
 * (rc.c decides that for the real file). */
static void load(struct rc_doc *d, const char *text, const char *const *known)
{
	char name[RC_NAME_MAX], val[RC_VALUE_MAX];

	memset(d, 0, sizeof(*d));
	assert_int_equal(rc_doc_parse(d, text, strlen(text)), 0);
	for (size_t i = 0; i < d->n; i++)
		for (const char *const *k = known; *k; k++)
			if (rc_line_split(&d->lines[i], name, val) == 1 && strcmp(name, *k) == 0)
				d->lines[i].known = true;
}

static char *render(const struct rc_doc *d)
{
	size_t n;
	char *s = rc_doc_render(d, &n);
	assert_non_null(s);
	assert_int_equal(strlen(s), n);
	return s;
}

static const char *const none[] = { NULL };

static void split_lines(void **state)
{
	struct rc_doc d;
	(void)state;

	load(&d, "a\n\nb", none);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.lines[0].text, "a");
	assert_int_equal(d.lines[1].len, 0);
	assert_string_equal(d.lines[2].text, "b");
	rc_doc_free(&d);

	load(&d, "", none);
	assert_int_equal(d.n, 0);
	char *s = render(&d);
	assert_string_equal(s, "");
	free(s);
	rc_doc_free(&d);
}

static void long_line_is_one_line(void **state)
{
	struct rc_doc d;
	char *text = malloc(5000), *s;
	(void)state;

	/* a comment far past any fixed read buffer, then a setting */
	text[0] = '#';
	memset(text + 1, 'x', 4000);
	strcpy(text + 4001, "\ndelay = 2\n");
	load(&d, text, none);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.lines[0].len, 4001);
	s = render(&d);
	assert_string_equal(s, text);
	free(s);
	free(text);
	rc_doc_free(&d);
}

static void split_name_value(void **state)
{
	struct rc_line l;
	char name[RC_NAME_MAX], val[RC_VALUE_MAX], big[RC_VALUE_MAX + 64];
	(void)state;

#define SPLIT(str) (l.text = (char *)(str), l.len = sizeof(str) - 1, rc_line_split(&l, name, val))
	assert_int_equal(SPLIT("  delay =  0.5  \r"), 1);
	assert_string_equal(name, "delay");
	assert_string_equal(val, "0.5");
	assert_int_equal(SPLIT("sort.queues=ID"), 1);
	assert_string_equal(name, "sort.queues");
	assert_string_equal(val, "ID");
	assert_int_equal(SPLIT("x ="), 1);
	assert_string_equal(val, "");
	assert_int_equal(SPLIT(""), 0);
	assert_int_equal(SPLIT("   \t"), 0);
	assert_int_equal(SPLIT("  # pane = shmems"), 0);
	assert_int_equal(SPLIT("no equals sign"), -EINVAL);
	assert_int_equal(SPLIT(" = value"), -EINVAL);
	assert_int_equal(SPLIT("pa\0ne = queues"), -EINVAL);
	memset(big, 'v', sizeof(big));
	memcpy(big, "delay = ", 8);
	l.text = big;
	l.len = sizeof(big);
	assert_int_equal(rc_line_split(&l, name, val), -EINVAL);
	memset(big, 'n', sizeof(big));
	big[150] = '=';
	assert_int_equal(rc_line_split(&l, name, val), -EINVAL);
#undef SPLIT
}

static void set_keeps_other_lines(void **state)
{
	static const char *const known[] = { "delay", "sort.queues", NULL };
	struct rc_doc d;
	char *s;
	(void)state;

	load(&d,
	     "# my settings\n"
	     "colour = blue\n"
	     "\n"
	     "delay = 2\n"
	     "garbage line\n"
	     "pane = nowhere\n", known);
	assert_int_equal(rc_doc_set(&d, "delay", "0.500"), 0);
	assert_int_equal(rc_doc_set(&d, "sort.queues", "OWNER"), 0);
	assert_int_equal(rc_doc_set(&d, "pane", "shmems"), 0);
	s = render(&d);
	/* a known line rewritten where it stood; unknown and malformed lines,
	 * even one of a name being set, untouched; new names at the end */
	assert_string_equal(s,
			    "# my settings\n"
			    "colour = blue\n"
			    "\n"
			    "delay = 0.500\n"
			    "garbage line\n"
			    "pane = nowhere\n"
			    "sort.queues = OWNER\n"
			    "pane = shmems\n");
	free(s);
	/* set again: the appended lines are known now and rewritten */
	assert_int_equal(rc_doc_set(&d, "pane", "queues"), 0);
	assert_int_equal(d.n, 8);
	assert_string_equal(d.lines[7].text, "pane = queues");
	rc_doc_free(&d);
}

static void set_rewrites_the_line_that_wins(void **state)
{
	static const char *const known[] = { "delay", NULL };
	struct rc_doc d;
	char *s;
	(void)state;

	/* the last of two lines is the one a load applies */
	load(&d, "delay = 1\n# between\ndelay = 3\n", known);
	assert_int_equal(rc_doc_set(&d, "delay", "2.000"), 0);
	s = render(&d);
	assert_string_equal(s, "delay = 1\n# between\ndelay = 2.000\n");
	free(s);
	rc_doc_free(&d);
}

static void bytes_survive(void **state)
{
	static const char text[] = "# caf\xc3\xa9 \x01\r\nodd\0byte\nno newline at end";
	struct rc_doc d;
	size_t n;
	char *s;
	(void)state;

	memset(&d, 0, sizeof(d));
	assert_int_equal(rc_doc_parse(&d, text, sizeof(text) - 1), 0);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.lines[1].len, 8);
	assert_int_equal(rc_doc_append(&d, "# added"), 0);
	s = rc_doc_render(&d, &n);
	assert_non_null(s);
	assert_int_equal(n, sizeof(text) - 1 + 1 + 8);
	assert_memory_equal(s, text, sizeof(text) - 1);
	assert_memory_equal(s + sizeof(text) - 1, "\n# added\n", 9);
	free(s);
	rc_doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_lines),
		cmocka_unit_test(long_line_is_one_line),
		cmocka_unit_test(split_name_value),
		cmocka_unit_test(set_keeps_other_lines),
		cmocka_unit_test(set_rewrites_the_line_that_wins),
		cmocka_unit_test(bytes_survive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
