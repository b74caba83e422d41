/* model/diff.c: new, changed and vanished objects between two snapshots,
 * matched by id and key. Snapshots are built by hand: diff is pure. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/diff.h"

static void add_msg(struct snapshot *s, int32_t id, int32_t key, long long qnum)
{
	s->msg = realloc(s->msg, (s->nmsg + 1) * sizeof(*s->msg));
	assert_non_null(s->msg);
	memset(&s->msg[s->nmsg], 0, sizeof(s->msg[0]));
	s->msg[s->nmsg].c.id = id;
	s->msg[s->nmsg].c.key = key;
	s->msg[s->nmsg].qnum = qnum;
	s->msg[s->nmsg].qbytes = IPC_UNKNOWN;
	s->nmsg++;
}

static void add_shm(struct snapshot *s, int32_t id, int32_t key, long long nattch)
{
	s->shm = realloc(s->shm, (s->nshm + 1) * sizeof(*s->shm));
	assert_non_null(s->shm);
	memset(&s->shm[s->nshm], 0, sizeof(s->shm[0]));
	s->shm[s->nshm].c.id = id;
	s->shm[s->nshm].c.key = key;
	s->shm[s->nshm].nattch = nattch;
	s->nshm++;
}

static void test_first_snapshot_marks_nothing(void **state)
{
	struct snapshot cur;
	struct snap_diff d;

	(void)state;
	snapshot_init(&cur);
	snap_diff_init(&d);
	add_msg(&cur, 1, 0x10, 0);
	add_msg(&cur, 2, 0x20, 0);
	assert_int_equal(snap_diff(NULL, &cur, &d), 0);
	assert_int_equal(snap_diff_mark(&d, KIND_MSG, 0), DIFF_SAME);
	assert_int_equal(snap_diff_mark(&d, KIND_MSG, 1), DIFF_SAME);
	assert_int_equal(d.ngone[KIND_MSG], 0);
	assert_int_equal(d.nnew[KIND_MSG], 0);
	snap_diff_free(&d);
	snapshot_free(&cur);
}

static void test_new_changed_same_gone(void **state)
{
	struct snapshot prev, cur;
	struct snap_diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	snap_diff_init(&d);
	add_msg(&prev, 1, 0x10, 0);   /* unchanged */
	add_msg(&prev, 2, 0x20, 0);   /* gets a message */
	add_msg(&prev, 3, 0x30, 0);   /* removed */
	/* the current snapshot lists them in another order */
	add_msg(&cur, 4, 0x40, 0);    /* new */
	add_msg(&cur, 2, 0x20, 1);
	add_msg(&cur, 1, 0x10, 0);
	assert_int_equal(snap_diff(&prev, &cur, &d), 0);
	assert_int_equal(snap_diff_mark(&d, KIND_MSG, 0), DIFF_NEW);
	assert_int_equal(snap_diff_mark(&d, KIND_MSG, 1), DIFF_CHANGED);
	assert_int_equal(snap_diff_mark(&d, KIND_MSG, 2), DIFF_SAME);
	assert_int_equal(d.ngone[KIND_MSG], 1);
	assert_int_equal(prev.msg[d.gone[KIND_MSG][0]].c.id, 3);
	assert_int_equal(d.nnew[KIND_MSG], 1);
	assert_int_equal(d.nchanged[KIND_MSG], 1);
	snap_diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

/* The kernel reuses ids: same id, other key is a different object. */
static void test_reused_id_is_gone_plus_new(void **state)
{
	struct snapshot prev, cur;
	struct snap_diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	snap_diff_init(&d);
	add_shm(&prev, 7, 0x1234, 0);
	add_shm(&cur, 7, 0x5678, 0);
	assert_int_equal(snap_diff(&prev, &cur, &d), 0);
	assert_int_equal(snap_diff_mark(&d, KIND_SHM, 0), DIFF_NEW);
	assert_int_equal(d.ngone[KIND_SHM], 1);
	snap_diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

static void test_attached_list_change_counts(void **state)
{
	struct snapshot prev, cur;
	struct snap_diff d;
	int32_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	snapshot_init(&prev);
	snapshot_init(&cur);
	snap_diff_init(&d);
	add_shm(&prev, 1, 0x11, 1);
	add_shm(&cur, 1, 0x11, 1);
	*a = 100;
	*b = 200;   /* same count, another process */
	prev.shm[0].attached = a;
	prev.shm[0].nattached = 1;
	cur.shm[0].attached = b;
	cur.shm[0].nattached = 1;
	assert_int_equal(snap_diff(&prev, &cur, &d), 0);
	assert_int_equal(snap_diff_mark(&d, KIND_SHM, 0), DIFF_CHANGED);
	snap_diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

static void test_empty_and_repeat(void **state)
{
	struct snapshot prev, cur;
	struct snap_diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	snap_diff_init(&d);
	assert_int_equal(snap_diff(&prev, &cur, &d), 0);
	for (int k = 0; k < KIND_COUNT; k++)
		assert_int_equal(d.ngone[k], 0);
	/* a diff refills d: nothing of the old one may leak or linger */
	add_msg(&prev, 9, 0x99, 0);
	assert_int_equal(snap_diff(&prev, &cur, &d), 0);
	assert_int_equal(d.ngone[KIND_MSG], 1);
	assert_int_equal(snap_diff(&cur, &cur, &d), 0);
	assert_int_equal(d.ngone[KIND_MSG], 0);
	snap_diff_free(&d);
	snap_diff_free(&d);   /* freeing twice is safe */
	snapshot_free(&prev);
	snapshot_free(&cur);
}

static void test_many_objects(void **state)
{
	struct snapshot prev, cur;
	struct snap_diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	snap_diff_init(&d);
	for (int i = 0; i < 5000; i++) {
		add_msg(&prev, i, i + 1, 0);
		if (i % 2 == 0)
			add_msg(&cur, 4999 - i, 5000 - i, i % 4 == 0 ? 1 : 0);
	}
	assert_int_equal(snap_diff(&prev, &cur, &d), 0);
	assert_int_equal(d.ngone[KIND_MSG], 2500);
	assert_int_equal(d.nnew[KIND_MSG], 0);
	assert_int_equal(d.nchanged[KIND_MSG], 1250);
	snap_diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_snapshot_marks_nothing),
		cmocka_unit_test(test_new_changed_same_gone),
		cmocka_unit_test(test_reused_id_is_gone_plus_new),
		cmocka_unit_test(test_attached_list_change_counts),
		cmocka_unit_test(test_empty_and_repeat),
		cmocka_unit_test(test_many_objects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
