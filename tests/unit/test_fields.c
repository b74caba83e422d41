/* Column tables: cell text (keys, perms, sizes, times, unknowns), sorting,
 * the filter and column-list parsing. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/fields.h"
#include "ipctop/kind.h"
#include "ipctop/names.h"

#define NOW 1700000000LL

static struct field_ctx ctx(enum time_fmt tf, bool bytes)
{
	struct field_ctx c;
	memset(&c, 0, sizeof(c));
	c.now = NOW;
	c.tfmt = tf;
	c.bytes = bytes;
	return c;
}

static const char *cell(enum kind_id id, const char *col, const void *obj,
			const struct field_ctx *c)
{
	static char buf[256];
	const struct field *f = field_find(kind_get(id), col);
	if (!f)
		fail_msg("no column %s", col);
	field_text(f, c, obj, buf, sizeof(buf));
	return buf;
}

static struct msq queue(int32_t key, int32_t id, uint32_t uid)
{
	struct msq q;
	memset(&q, 0, sizeof(q));
	q.c.key = key;
	q.c.id = id;
	q.c.mode = 0640;
	q.c.uid = q.c.cuid = uid;
	q.c.gid = q.c.cgid = uid;
	q.cbytes = 1536;
	q.qnum = 3;
	q.qbytes = IPC_UNKNOWN;
	q.lspid = 4242;
	q.stime = NOW - 90;
	q.rtime = 0;
	q.ctime = NOW - 7200;
	return q;
}

static void common_cells(void **state)
{
	struct field_ctx c = ctx(TIME_RELATIVE, false);
	struct msq q = queue(-1178010502, 32769, 4000000);
	(void)state;
	assert_string_equal(cell(KIND_MSG, "KEY", &q, &c), "0xb9c8fc7a");
	assert_string_equal(cell(KIND_MSG, "key", &q, &c), "0xb9c8fc7a");
	assert_string_equal(cell(KIND_MSG, "ID", &q, &c), "32769");
	assert_string_equal(cell(KIND_MSG, "PERMS", &q, &c), "0640");
	assert_string_equal(cell(KIND_MSG, "UID", &q, &c), "4000000");
	/* no name cache: the id stands in */
	assert_string_equal(cell(KIND_MSG, "OWNER", &q, &c), "4000000");
	q.c.key = 0;
	assert_string_equal(cell(KIND_MSG, "KEY", &q, &c), "0x00000000");
}

static void names_resolved(void **state)
{
	struct field_ctx c = ctx(TIME_RELATIVE, false);
	struct msq q = queue(1, 1, 0);
	(void)state;
	c.names = names_new();
	assert_non_null(c.names);
	assert_string_equal(cell(KIND_MSG, "OWNER", &q, &c), "root");
	assert_string_equal(cell(KIND_MSG, "CUSER", &q, &c), "root");
	assert_string_equal(cell(KIND_MSG, "GROUP", &q, &c), "root");
	q.c.uid = 3999999;   /* no such user: the number */
	assert_string_equal(cell(KIND_MSG, "OWNER", &q, &c), "3999999");
	/* cached: the same pointer each time */
	assert_ptr_equal(names_user(c.names, 0), names_user(c.names, 0));
	assert_int_equal(names_parse_user("root"), 0);
	assert_int_equal(names_parse_user("1234"), 1234);
	assert_int_equal(names_parse_user("no-such-user-here"), -1);
	assert_int_equal(names_parse_user("-5"), -1);
	names_free(c.names);
}

static void queue_cells(void **state)
{
	struct field_ctx c = ctx(TIME_RELATIVE, false);
	struct msq q = queue(1, 1, 0);
	(void)state;
	assert_string_equal(cell(KIND_MSG, "USEDBYTES", &q, &c), "1.5K");
	assert_string_equal(cell(KIND_MSG, "MSGS", &q, &c), "3");
	assert_string_equal(cell(KIND_MSG, "MAXBYTES", &q, &c), "?");
	assert_string_equal(cell(KIND_MSG, "LSPID", &q, &c), "4242");
	assert_string_equal(cell(KIND_MSG, "SEND", &q, &c), "1m ago");
	assert_string_equal(cell(KIND_MSG, "RECV", &q, &c), "-");
	assert_string_equal(cell(KIND_MSG, "CTIME", &q, &c), "2h ago");
	c = ctx(TIME_UNIX, true);
	assert_string_equal(cell(KIND_MSG, "USEDBYTES", &q, &c), "1536");
	assert_string_equal(cell(KIND_MSG, "MAXBYTES", &q, &c), "?");
	assert_string_equal(cell(KIND_MSG, "SEND", &q, &c), "1699999910");
	assert_string_equal(cell(KIND_MSG, "RECV", &q, &c), "0");
	setenv("TZ", "UTC", 1);
	c = ctx(TIME_ISO, false);
	assert_string_equal(cell(KIND_MSG, "CTIME", &q, &c), "2023-11-14T20:13:20");
	q.ctime = IPC_UNKNOWN;
	assert_string_equal(cell(KIND_MSG, "CTIME", &q, &c), "?");
}

static void segment_and_set_cells(void **state)
{
	struct field_ctx c = ctx(TIME_RELATIVE, false);
	struct shmseg g;
	struct semset s;
	(void)state;
	memset(&g, 0, sizeof(g));
	g.size = 1048576;
	g.nattch = 2;
	g.rss = IPC_UNKNOWN;
	g.swap = 4096;
	g.dest = true;
	assert_string_equal(cell(KIND_SHM, "SIZE", &g, &c), "1M");
	assert_string_equal(cell(KIND_SHM, "NATTCH", &g, &c), "2");
	assert_string_equal(cell(KIND_SHM, "RSS", &g, &c), "?");
	assert_string_equal(cell(KIND_SHM, "SWAP", &g, &c), "4K");
	assert_string_equal(cell(KIND_SHM, "STATUS", &g, &c), "dest");
	assert_string_equal(cell(KIND_SHM, "DEST", &g, &c), "yes");
	assert_string_equal(cell(KIND_SHM, "LOCKED", &g, &c), "no");
	g.locked = true;
	assert_string_equal(cell(KIND_SHM, "STATUS", &g, &c), "dest,locked");
	g.dest = g.locked = false;
	assert_string_equal(cell(KIND_SHM, "STATUS", &g, &c), "-");
	c.bytes = true;
	assert_string_equal(cell(KIND_SHM, "SIZE", &g, &c), "1048576");
	memset(&s, 0, sizeof(s));
	s.nsems = 250;
	s.otime = 0;
	assert_string_equal(cell(KIND_SEM, "NSEMS", &s, &c), "250");
	assert_string_equal(cell(KIND_SEM, "OTIME", &s, &c), "-");
	/* a segment column is not a set column */
	assert_null(field_find(kind_get(KIND_SEM), "SIZE"));
	assert_non_null(field_find(kind_get(KIND_SHM), "size"));
}

static void sorting(void **state)
{
	struct field_ctx c = ctx(TIME_RELATIVE, false);
	struct msq q[5];
	const void *rows[5];
	(void)state;
	for (int i = 0; i < 5; i++)
		q[i] = queue(100 - i, i, (uint32_t)(i % 2));
	q[0].cbytes = 50;
	q[1].cbytes = 10;
	q[2].cbytes = 50;
	q[3].cbytes = IPC_UNKNOWN;
	q[4].cbytes = 0;
	for (int i = 0; i < 5; i++)
		rows[i] = &q[i];
	fields_sort(kind_get(KIND_MSG), field_find(kind_get(KIND_MSG), "USEDBYTES"), &c, rows, 5, false);
	/* unknown first, ties by id */
	assert_ptr_equal(rows[0], &q[3]);
	assert_ptr_equal(rows[1], &q[4]);
	assert_ptr_equal(rows[2], &q[1]);
	assert_ptr_equal(rows[3], &q[0]);
	assert_ptr_equal(rows[4], &q[2]);
	fields_sort(kind_get(KIND_MSG), field_find(kind_get(KIND_MSG), "USEDBYTES"), &c, rows, 5, true);
	assert_ptr_equal(rows[0], &q[2]);
	assert_ptr_equal(rows[1], &q[0]);
	assert_ptr_equal(rows[4], &q[3]);
	fields_sort(kind_get(KIND_MSG), field_find(kind_get(KIND_MSG), "KEY"), &c, rows, 5, false);
	for (int i = 0; i < 5; i++)
		assert_ptr_equal(rows[i], &q[4 - i]);
	/* by owner's text: "0" < "1", ties by id */
	fields_sort(kind_get(KIND_MSG), field_find(kind_get(KIND_MSG), "OWNER"), &c, rows, 5, false);
	assert_ptr_equal(rows[0], &q[0]);
	assert_ptr_equal(rows[1], &q[2]);
	assert_ptr_equal(rows[2], &q[4]);
	assert_ptr_equal(rows[3], &q[1]);
	assert_ptr_equal(rows[4], &q[3]);
	assert_true(field_cmp(kind_get(KIND_MSG), field_find(kind_get(KIND_MSG), "ID"), &c, &q[1], &q[2]) < 0);
	assert_int_equal(field_cmp(kind_get(KIND_MSG), field_find(kind_get(KIND_MSG), "ID"), &c, &q[1], &q[1]), 0);
}

static void filter(void **state)
{
	struct field_ctx c = ctx(TIME_RELATIVE, false);
	struct msq q = queue(0x1234abcd, 98304, 4000000);
	(void)state;
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, NULL));
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, ""));
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, "0x1234abcd"));
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, "ABCD"));     /* hex, any case */
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, "305441741"));/* key in decimal */
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, "98304"));    /* id */
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, "4242"));     /* last sender */
	assert_false(field_match(kind_get(KIND_MSG), &c, &q, "424"));     /* not part of a pid */
	assert_false(field_match(kind_get(KIND_MSG), &c, &q, "9830"));    /* not part of an id */
	assert_false(field_match(kind_get(KIND_MSG), &c, &q, "nobody-here"));
	c.names = names_new();
	q.c.uid = 0;
	assert_true(field_match(kind_get(KIND_MSG), &c, &q, "roo"));      /* owner, substring */
	names_free(c.names);
}

static void column_lists(void **state)
{
	const struct field *out[16];
	char bad[32];
	(void)state;
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), "KEY,id,Owner", out, 16, false,
					   bad, sizeof(bad)), 3);
	assert_string_equal(out[0]->name, "KEY");
	assert_string_equal(out[1]->name, "ID");
	assert_string_equal(out[2]->name, "OWNER");
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), "KEY,NOPE", out, 16, false,
					   bad, sizeof(bad)), -1);
	assert_string_equal(bad, "NOPE");
	/* a segment column in a list for all kinds: skipped for queues */
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), "KEY,SIZE", out, 16, true,
					   bad, sizeof(bad)), 1);
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), "KEY,SIZE", out, 16, false,
					   bad, sizeof(bad)), -1);
	assert_string_equal(bad, "SIZE");
	/* unknown everywhere is an error even when skipping foreign ones */
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), "KEY,BOGUS", out, 16, true,
					   bad, sizeof(bad)), -1);
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), "KEY,,ID", out, 16, false,
					   bad, sizeof(bad)), -1);
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), ",", out, 16, false,
					   bad, sizeof(bad)), -1);
	/* more than max: the first max kept */
	assert_int_equal(fields_parse_list(kind_get(KIND_MSG), "KEY,ID,OWNER", out, 2, false,
					   bad, sizeof(bad)), 2);
}

static void tables_are_consistent(void **state)
{
	(void)state;
	size_t nk;
	const struct kind *const *all = kinds_all(&nk);

	for (size_t k = 0; k < nk; k++) {
		size_t n = all[k]->nfields;
		const struct field *f = all[k]->fields;
		/* the table's order is its ids' */
		assert_ptr_equal(kind_get(all[k]->id), all[k]);
		assert_non_null(all[k]->id_field);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			assert_non_null(f[i].name);
			assert_non_null(f[i].json);
			assert_non_null(f[i].help);
			assert_true(f[i].num || f[i].list || f[i].text);
			/* names unique within a kind */
			for (size_t j = i + 1; j < n; j++)
				assert_string_not_equal(f[i].name, f[j].name);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(common_cells),
		cmocka_unit_test(names_resolved),
		cmocka_unit_test(queue_cells),
		cmocka_unit_test(segment_and_set_cells),
		cmocka_unit_test(sorting),
		cmocka_unit_test(filter),
		cmocka_unit_test(column_lists),
		cmocka_unit_test(tables_are_consistent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
