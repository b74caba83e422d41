/* model/history.c: the live view's bounded ring of past refreshes.
 * Snapshots are built by hand: the history is pure. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/history.h"
#include "ipctop/kind.h"

static const struct kind *kinds[3];

static void snap_at(struct snapshot *s, long long ms)
{
	snapshot_init(s);
	s->taken.tv_sec = ms / 1000;
	s->taken.tv_nsec = (ms % 1000) * 1000000;
	s->have_limits = true;
	for (int k = 0; k < 3; k++)
		snap_list(s, kinds[k])->have = true;
}

static struct msq *add_msg(struct snapshot *s, int32_t id, int32_t key, long long qnum,
			   long long cbytes)
{
	struct msq *q = objlist_push(snap_list(s, kind_get(KIND_MSG)), sizeof(*q));

	assert_non_null(q);
	q->c.id = id;
	q->c.key = key;
	q->qnum = qnum;
	q->cbytes = cbytes;
	q->qbytes = IPC_UNKNOWN;
	q->waiters.err = -ENODATA;
	return q;
}

static struct shmseg *add_shm(struct snapshot *s, int32_t id, long long nattch)
{
	struct shmseg *g = objlist_push(snap_list(s, kind_get(KIND_SHM)), sizeof(*g));

	assert_non_null(g);
	g->c.id = id;
	g->c.key = id + 100;
	g->nattch = nattch;
	return g;
}

static void test_none_kept(void **state)
{
	struct history h;
	struct snapshot s;

	(void)state;
	assert_int_equal(hist_init(&h, 0), 0);
	snap_at(&s, 1000);
	add_msg(&s, 1, 1, 1, 1);
	assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
	assert_int_equal(hist_nframes(&h), 0);
	assert_int_equal(hist_memory(&h), 0);
	snapshot_free(&s);
	hist_free(&h);
}

static void test_series_and_rate(void **state)
{
	struct history h;
	long long v[16];
	const struct field *vf[HIST_VALS];

	(void)state;
	assert_int_equal(hist_fields(kind_get(KIND_MSG), vf), 2);
	assert_string_equal(vf[0]->name, "USEDBYTES");
	assert_string_equal(vf[1]->name, "MSGS");
	assert_int_equal(hist_init(&h, 60000), 0);
	for (int f = 0; f < 6; f++) {
		struct snapshot s;

		snap_at(&s, 1000000 + f * 1000);
		/* one message a second, 10 bytes each */
		add_msg(&s, 7, 0x70, f, 10 * f);
		if (f >= 3)
			add_msg(&s, 8, 0x80, 5, 50);
		assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
		snapshot_free(&s);
	}
	assert_int_equal(hist_nframes(&h), 6);
	assert_int_equal(hist_frame(&h, 0)->t_ms, 1000000);
	assert_true(hist_frame(&h, 0)->have_limits);

	struct snapshot s;
	snap_at(&s, 0);
	struct msq *q7 = add_msg(&s, 7, 0x70, 0, 0);
	struct msq *q8 = add_msg(&s, 8, 0x80, 0, 0);
	struct msq *q9 = add_msg(&s, 9, 0x90, 0, 0);
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q7, 1, v, 16), 6);
	for (int f = 0; f < 6; f++)
		assert_int_equal(v[f], f);
	double r;
	assert_true(hist_rate(&h, v, 6, &r));
	assert_true(r > 0.999 && r < 1.001);
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q7, 0, v, 16), 6);
	assert_int_equal(v[5], 50);
	assert_true(hist_rate(&h, v, 6, &r));
	assert_true(r > 9.99 && r < 10.01);
	/* seen from the fourth refresh on: unknown before, flat since */
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q8, 1, v, 16), 6);
	assert_int_equal(v[0], IPC_UNKNOWN);
	assert_int_equal(v[2], IPC_UNKNOWN);
	assert_int_equal(v[3], 5);
	assert_int_equal(v[5], 5);
	assert_true(hist_rate(&h, v, 6, &r));
	assert_true(r == 0);
	/* never seen: no history; a column past the kind's: none */
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q9, 1, v, 16), 0);
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q7, 2, v, 16), 0);
	/* an id reused with another key is another object */
	q7->c.key = 0x71;
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q7, 1, v, 16), 0);
	/* only a few frames asked for */
	q7->c.key = 0x70;
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q7, 1, v, 2), 2);
	snapshot_free(&s);
	hist_free(&h);
}

static void test_gone_and_unread_lists(void **state)
{
	struct history h;
	struct snapshot s, probe;
	long long v[8];

	(void)state;
	assert_int_equal(hist_init(&h, 60000), 0);
	snap_at(&s, 1000);
	add_msg(&s, 1, 1, 3, 30);
	add_shm(&s, 2, 1);
	assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
	snapshot_free(&s);
	/* the queue list could not be read: its objects stay as they were */
	snap_at(&s, 2000);
	snap_list(&s, kind_get(KIND_MSG))->err = -EACCES;
	add_shm(&s, 2, 2);
	assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
	snapshot_free(&s);
	snap_at(&probe, 0);
	struct msq *q = add_msg(&probe, 1, 1, 0, 0);
	struct shmseg *g = add_shm(&probe, 2, 0);
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q, 1, v, 8), 2);
	assert_int_equal(v[1], 3);
	assert_int_equal(hist_series(&h, kind_get(KIND_SHM), g, 0, v, 8), 2);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 2);
	/* read again, without the queue: gone, and so is its history */
	snap_at(&s, 3000);
	add_shm(&s, 2, 2);
	assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
	snapshot_free(&s);
	assert_int_equal(hist_series(&h, kind_get(KIND_MSG), q, 1, v, 8), 0);
	assert_int_equal(h.points, 2);   /* the segment's two values */
	snapshot_free(&probe);
	hist_free(&h);
}

static void test_window_step_and_frame_cap(void **state)
{
	struct history h;
	struct snapshot s;

	(void)state;
	/* 10 s: frames at least 10000/600 = 16 ms apart, 10 s back */
	assert_int_equal(hist_init(&h, 10000), 0);
	for (int f = 0; f < 40; f++) {
		snap_at(&s, 500000 + f * 1000);
		add_msg(&s, 1, 1, f, f);
		assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
		snapshot_free(&s);
	}
	/* the window is time: 10 s of one-second refreshes */
	assert_int_equal(hist_nframes(&h), 11);
	assert_int_equal(hist_frame(&h, 0)->t_ms, 500000 + 29 * 1000);
	/* a refresh sooner than the step after the last is not recorded */
	snap_at(&s, 500000 + 39 * 1000 + 5);
	add_msg(&s, 1, 1, 99, 99);
	assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
	snapshot_free(&s);
	assert_int_equal(hist_nframes(&h), 11);
	/* the points no frame needs are dropped */
	assert_true(h.points <= 12);
	hist_free(&h);

	/* a long window with fast refreshes: never more than the frame cap */
	assert_int_equal(hist_init(&h, 3600 * 1000), 0);
	for (int f = 0; f < HIST_MAX_FRAMES + 50; f++) {
		snap_at(&s, 1000000 + (long long)f * 6000);
		add_msg(&s, 1, 1, f, f);
		assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
		snapshot_free(&s);
	}
	assert_int_equal(hist_nframes(&h), HIST_MAX_FRAMES);
	assert_true(h.points <= HIST_MAX_FRAMES + 1);
	hist_free(&h);
}

/* Objects that change at every refresh: the oldest frames go rather than
 * memory grow past the budget. */
static void test_point_budget(void **state)
{
	struct history h;
	struct snapshot s;

	(void)state;
	assert_int_equal(hist_init(&h, 600000), 0);
	h.max_points = 1000;
	for (int f = 0; f < 100; f++) {
		snap_at(&s, 1000000 + f * 1000);
		for (int i = 0; i < 100; i++)
			add_msg(&s, i, i, f + i, f);
		assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
		snapshot_free(&s);
		assert_true(h.points <= 1000);
	}
	assert_true(hist_nframes(&h) >= 9 && hist_nframes(&h) <= 10);
	hist_free(&h);
}

/* 22,000 idle objects (the benchmark's count) over many refreshes: one
 * entry each, about a megabyte in all. */
static void test_idle_objects_cost_one_entry(void **state)
{
	struct history h;
	struct snapshot s;

	(void)state;
	assert_int_equal(hist_init(&h, 300000), 0);
	for (int f = 0; f < 30; f++) {
		snap_at(&s, 2000000 + f * 1000);
		for (int i = 0; i < 12000; i++)
			add_msg(&s, i, i, i % 10 == 0, 0);
		for (int i = 0; i < 10000; i++)
			add_shm(&s, i, 0);
		assert_int_equal(hist_add(&h, &s, kinds, 3), 0);
		snapshot_free(&s);
	}
	assert_int_equal(h.points, 22000);
	size_t mem = hist_memory(&h);
	printf("history of 22,000 idle objects, 30 refreshes: %zu bytes\n", mem);
	assert_true(mem < 2 * 1024 * 1024);
	hist_free(&h);
}

static void test_spark_levels(void **state)
{
	int lv[8];
	long long up[4] = { 0, 1, 4, 8 };
	long long many[16];

	(void)state;
	/* fewer values than cells: right-aligned, the rest empty */
	hist_spark(up, 4, 8, lv, 6);
	assert_int_equal(lv[0], -1);
	assert_int_equal(lv[1], -1);
	assert_int_equal(lv[2], 0);
	assert_int_equal(lv[3], 1);
	assert_int_equal(lv[4], 4);
	assert_int_equal(lv[5], 8);
	/* scale 0: the largest value is full; a small one still shows */
	long long small[2] = { 1, 1000 };
	hist_spark(small, 2, 0, lv, 2);
	assert_int_equal(lv[0], 1);
	assert_int_equal(lv[1], 8);
	/* more values than cells: each cell the largest of its share */
	for (int i = 0; i < 16; i++)
		many[i] = i == 5 ? 16 : (i == 10 ? IPC_UNKNOWN : 0);
	hist_spark(many, 16, 16, lv, 4);
	assert_int_equal(lv[0], 0);
	assert_int_equal(lv[1], 8);
	assert_int_equal(lv[2], 0);
	assert_int_equal(lv[3], 0);
	/* unknown throughout: no data */
	long long unk[2] = { IPC_UNKNOWN, IPC_UNKNOWN };
	hist_spark(unk, 2, 0, lv, 2);
	assert_int_equal(lv[0], -1);
	assert_int_equal(lv[1], -1);
	/* past the scale: full, never more */
	long long big[1] = { 1LL << 62 };
	hist_spark(big, 1, 10, lv, 1);
	assert_int_equal(lv[0], 8);
}

int main(void)
{
	kinds[0] = kind_get(KIND_MSG);
	kinds[1] = kind_get(KIND_SEM);
	kinds[2] = kind_get(KIND_SHM);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none_kept),
		cmocka_unit_test(test_series_and_rate),
		cmocka_unit_test(test_gone_and_unread_lists),
		cmocka_unit_test(test_window_step_and_frame_cap),
		cmocka_unit_test(test_point_budget),
		cmocka_unit_test(test_idle_objects_cost_one_entry),
		cmocka_unit_test(test_spark_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
