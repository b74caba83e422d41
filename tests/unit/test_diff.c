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
#include "ipctop/kind.h"

static const struct kind *kinds[3];

static void add_msg(struct snapshot *s, int32_t id, int32_t key, long long qnum)
{
	(s)->list[KIND_MSG].v = realloc(snap_msqs(s), (snap_n(s, KIND_MSG) + 1) * sizeof(*snap_msqs(s)));
	assert_non_null(snap_msqs(s));
	memset(&snap_msqs(s)[snap_n(s, KIND_MSG)], 0, sizeof(snap_msqs(s)[0]));
	snap_msqs(s)[snap_n(s, KIND_MSG)].c.id = id;
	snap_msqs(s)[snap_n(s, KIND_MSG)].c.key = key;
	snap_msqs(s)[snap_n(s, KIND_MSG)].qnum = qnum;
	snap_msqs(s)[snap_n(s, KIND_MSG)].qbytes = IPC_UNKNOWN;
	(s)->list[KIND_MSG].n++;
	(s)->list[KIND_MSG].have = true;
}

static void add_shm(struct snapshot *s, int32_t id, int32_t key, long long nattch)
{
	(s)->list[KIND_SHM].v = realloc(snap_shms(s), (snap_n(s, KIND_SHM) + 1) * sizeof(*snap_shms(s)));
	assert_non_null(snap_shms(s));
	memset(&snap_shms(s)[snap_n(s, KIND_SHM)], 0, sizeof(snap_shms(s)[0]));
	snap_shms(s)[snap_n(s, KIND_SHM)].c.id = id;
	snap_shms(s)[snap_n(s, KIND_SHM)].c.key = key;
	snap_shms(s)[snap_n(s, KIND_SHM)].nattch = nattch;
	(s)->list[KIND_SHM].n++;
	(s)->list[KIND_SHM].have = true;
}

static void test_first_snapshot_marks_nothing(void **state)
{
	struct snapshot cur;
	struct diff d;

	(void)state;
	snapshot_init(&cur);
	diff_init(&d);
	add_msg(&cur, 1, 0x10, 0);
	add_msg(&cur, 2, 0x20, 0);
	assert_int_equal(diff_compute(&d, NULL, &cur, kinds, 3), 0);
	assert_int_equal(diff_mark(&d, kind_get(KIND_MSG), 0), DIFF_SAME);
	assert_int_equal(diff_mark(&d, kind_get(KIND_MSG), 1), DIFF_SAME);
	assert_int_equal(d.ngone[KIND_MSG], 0);
	assert_int_equal(d.nnew[KIND_MSG], 0);
	diff_free(&d);
	snapshot_free(&cur);
}

static void test_new_changed_same_gone(void **state)
{
	struct snapshot prev, cur;
	struct diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	diff_init(&d);
	add_msg(&prev, 1, 0x10, 0);   /* unchanged */
	add_msg(&prev, 2, 0x20, 0);   /* gets a message */
	add_msg(&prev, 3, 0x30, 0);   /* removed */
	/* the current snapshot lists them in another order */
	add_msg(&cur, 4, 0x40, 0);    /* new */
	add_msg(&cur, 2, 0x20, 1);
	add_msg(&cur, 1, 0x10, 0);
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	assert_int_equal(diff_mark(&d, kind_get(KIND_MSG), 0), DIFF_NEW);
	assert_int_equal(diff_mark(&d, kind_get(KIND_MSG), 1), DIFF_CHANGED);
	assert_int_equal(diff_mark(&d, kind_get(KIND_MSG), 2), DIFF_SAME);
	assert_int_equal(d.ngone[KIND_MSG], 1);
	assert_int_equal(snap_msqs(&prev)[d.gone[KIND_MSG][0]].c.id, 3);
	assert_int_equal(d.nnew[KIND_MSG], 1);
	assert_int_equal(d.nchanged[KIND_MSG], 1);
	diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

/* The kernel reuses ids: same id, other key is a different object. */
static void test_reused_id_is_gone_plus_new(void **state)
{
	struct snapshot prev, cur;
	struct diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	diff_init(&d);
	add_shm(&prev, 7, 0x1234, 0);
	add_shm(&cur, 7, 0x5678, 0);
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	assert_int_equal(diff_mark(&d, kind_get(KIND_SHM), 0), DIFF_NEW);
	assert_int_equal(d.ngone[KIND_SHM], 1);
	diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

/* IPC_RMID on an attached segment changes it in place: key 0, dest. The
 * row is the same segment, changed; a segment that took the id is not. */
static void test_removed_attached_segment_is_the_same_row(void **state)
{
	struct snapshot prev, cur;
	struct diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	diff_init(&d);
	add_shm(&prev, 7, 0x1234, 1);
	add_shm(&prev, 8, 0x4321, 1);
	snap_shms(&prev)[0].cpid = snap_shms(&prev)[1].cpid = 500;
	snap_shms(&prev)[0].ctime = snap_shms(&prev)[1].ctime = 1700000000;
	add_shm(&cur, 7, 0, 1);
	snap_shms(&cur)[0].dest = true;
	snap_shms(&cur)[0].cpid = 500;
	snap_shms(&cur)[0].ctime = 1700000000;
	/* id 8 now another segment, private and removed, made later */
	add_shm(&cur, 8, 0, 1);
	snap_shms(&cur)[1].dest = true;
	snap_shms(&cur)[1].cpid = 500;
	snap_shms(&cur)[1].ctime = 1700000001;
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	assert_int_equal(diff_mark(&d, kind_get(KIND_SHM), 0), DIFF_CHANGED);
	assert_int_equal(diff_mark(&d, kind_get(KIND_SHM), 1), DIFF_NEW);
	assert_int_equal(d.ngone[KIND_SHM], 1);
	assert_int_equal(snap_shms(&prev)[d.gone[KIND_SHM][0]].c.id, 8);
	assert_int_equal(d.nnew[KIND_SHM], 1);
	assert_int_equal(d.nchanged[KIND_SHM], 1);
	diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

static void test_attached_list_change_counts(void **state)
{
	struct snapshot prev, cur;
	struct diff d;
	int32_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	snapshot_init(&prev);
	snapshot_init(&cur);
	diff_init(&d);
	add_shm(&prev, 1, 0x11, 1);
	add_shm(&cur, 1, 0x11, 1);
	*a = 100;
	*b = 200;   /* same count, another process */
	snap_shms(&prev)[0].attached.v = a;
	snap_shms(&prev)[0].attached.n = 1;
	snap_shms(&cur)[0].attached.v = b;
	snap_shms(&cur)[0].attached.n = 1;
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	assert_int_equal(diff_mark(&d, kind_get(KIND_SHM), 0), DIFF_CHANGED);
	diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

static void test_empty_and_repeat(void **state)
{
	struct snapshot prev, cur;
	struct diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	diff_init(&d);
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	for (int k = 0; k < KIND_COUNT; k++)
		assert_int_equal(d.ngone[k], 0);
	/* a diff refills d: nothing of the old one may leak or linger */
	add_msg(&prev, 9, 0x99, 0);
	/* a list not collected (another tab shown) says nothing is gone */
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	assert_int_equal(d.ngone[KIND_MSG], 0);
	/* an empty list collected does */
	cur.list[KIND_MSG].have = true;
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	assert_int_equal(d.ngone[KIND_MSG], 1);
	assert_int_equal(diff_compute(&d, &cur, &cur, kinds, 3), 0);
	assert_int_equal(d.ngone[KIND_MSG], 0);
	diff_free(&d);
	diff_free(&d);   /* freeing twice is safe */
	snapshot_free(&prev);
	snapshot_free(&cur);
}

static void test_many_objects(void **state)
{
	struct snapshot prev, cur;
	struct diff d;

	(void)state;
	snapshot_init(&prev);
	snapshot_init(&cur);
	diff_init(&d);
	for (int i = 0; i < 5000; i++) {
		add_msg(&prev, i, i + 1, 0);
		if (i % 2 == 0)
			add_msg(&cur, 4999 - i, 5000 - i, i % 4 == 0 ? 1 : 0);
	}
	assert_int_equal(diff_compute(&d, &prev, &cur, kinds, 3), 0);
	assert_int_equal(d.ngone[KIND_MSG], 2500);
	assert_int_equal(d.nnew[KIND_MSG], 0);
	/* rows in both are compared when asked, once */
	assert_int_equal(d.nchanged[KIND_MSG], 0);
	for (size_t i = 0; i < snap_n(&cur, KIND_MSG); i++)
		(void)diff_mark(&d, kind_get(KIND_MSG), i);
	for (size_t i = 0; i < snap_n(&cur, KIND_MSG); i++)
		(void)diff_mark(&d, kind_get(KIND_MSG), i);
	assert_int_equal(d.nchanged[KIND_MSG], 1250);
	diff_free(&d);
	snapshot_free(&prev);
	snapshot_free(&cur);
}

int main(void)
{
	kinds[0] = kind_get(KIND_MSG);
	kinds[1] = kind_get(KIND_SEM);
	kinds[2] = kind_get(KIND_SHM);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_snapshot_marks_nothing),
		cmocka_unit_test(test_new_changed_same_gone),
		cmocka_unit_test(test_reused_id_is_gone_plus_new),
		cmocka_unit_test(test_removed_attached_segment_is_the_same_row),
		cmocka_unit_test(test_attached_list_change_counts),
		cmocka_unit_test(test_empty_and_repeat),
		cmocka_unit_test(test_many_objects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
