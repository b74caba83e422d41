/* The two ways of listing System V objects give the same objects, and the
 * collector's own choice (the probe, run once there are 64 indexes or
 * more) gives one of them; a kind not listed is counted, with the
 * header's totals. Real objects: as root the program moves into its own
 * IPC namespace, so it sees only its own; otherwise it creates private
 * objects beside the host's and removes them. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/collect.h"
#include "ipctop/kind.h"
#include "ipctop/source.h"

#define NQ 80

static int queues[NQ], set = -1, seg = -1;
static struct source src;

static int setup(void **state)
{
	struct { long type; char text[8]; } m = { 1, "abcdefg" };

	(void)state;
	if (geteuid() == 0)
		(void)unshare(CLONE_NEWIPC);
	source_init(&src, "/proc");
	for (int i = 0; i < NQ; i++) {
		queues[i] = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (queues[i] < 0)
			return -1;
	}
	if (msgsnd(queues[3], &m, sizeof(m.text), IPC_NOWAIT) < 0)
		return -1;
	set = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	seg = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
	return set >= 0 && seg >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NQ; i++)
		if (queues[i] >= 0)
			msgctl(queues[i], IPC_RMID, NULL);
	if (set >= 0)
		semctl(set, 0, IPC_RMID);
	if (seg >= 0)
		shmctl(seg, IPC_RMID, NULL);
	return 0;
}

static void collect(struct snapshot *s, enum kind_id k, enum list_source how)
{
	struct collect_opts o;

	collect_opts_init(&o);
	o.needs = 0;
	o.want[k] = true;
	o.source[k] = how;
	snapshot_init(s);
	assert_int_equal(collect_objects(s, &src, &o), 0);
}

static const struct msq *find_msq(const struct snapshot *s, int id)
{
	for (size_t i = 0; i < snap_n(s, KIND_MSG); i++)
		if (snap_msqs(s)[i].c.id == id)
			return &snap_msqs(s)[i];
	return NULL;
}

static void both_sources_same_queues(void **state)
{
	struct snapshot a, b, c;

	(void)state;
	collect(&a, KIND_MSG, SRC_SYSCALL);
	collect(&b, KIND_MSG, SRC_PROCFS);
	collect(&c, KIND_MSG, SRC_NONE);
	assert_int_equal(a.list[KIND_MSG].source, SRC_SYSCALL);
	assert_int_equal(b.list[KIND_MSG].source, SRC_PROCFS);
	/* the probe picked one, whichever was cheaper this time */
	assert_true(c.list[KIND_MSG].source == SRC_SYSCALL ||
		    c.list[KIND_MSG].source == SRC_PROCFS);
	for (int i = 0; i < NQ; i++) {
		const struct msq *x = find_msq(&a, queues[i]), *y = find_msq(&b, queues[i]),
				 *z = find_msq(&c, queues[i]);
		assert_non_null(x);
		assert_non_null(y);
		assert_non_null(z);
		assert_int_equal(x->c.key, y->c.key);
		assert_int_equal(x->c.mode & 0777, y->c.mode & 0777);
		assert_int_equal(x->qnum, y->qnum);
		assert_int_equal(x->cbytes, y->cbytes);
		assert_int_equal(x->ctime, y->ctime);
		assert_int_equal(z->qnum, x->qnum);
	}
	assert_int_equal(find_msq(&a, queues[3])->qnum, 1);
	/* the calls' answer has the queue's byte limit, the file has not */
	assert_true(find_msq(&a, queues[3])->qbytes > 0);
	assert_true(find_msq(&b, queues[3])->qbytes == IPC_UNKNOWN);
	/* the list's cost is kept, for the live view's choice */
	assert_true(a.list[KIND_MSG].cpu_ns > 0 || b.list[KIND_MSG].cpu_ns > 0);
	snapshot_free(&a);
	snapshot_free(&b);
	snapshot_free(&c);
}

static void kinds_not_listed_are_counted(void **state)
{
	struct collect_opts o;
	struct snapshot s, all;

	(void)state;
	collect_opts_init(&o);
	o.limits = true;
	o.counts = true;
	o.want[KIND_MSG] = true;
	snapshot_init(&s);
	assert_int_equal(collect_objects(&s, &src, &o), 0);
	assert_true(s.list[KIND_MSG].have);
	assert_false(s.list[KIND_SEM].have);
	assert_false(s.list[KIND_SHM].have);
	assert_true(s.list[KIND_SEM].counted);
	assert_true(s.list[KIND_SHM].counted);
	/* the counts and totals are those of the lists */
	collect_opts_init(&o);
	o.limits = true;
	o.want[KIND_MSG] = o.want[KIND_SEM] = o.want[KIND_SHM] = true;
	snapshot_init(&all);
	assert_int_equal(collect_objects(&all, &src, &o), 0);
	assert_int_equal(s.list[KIND_SEM].count, (long long)snap_n(&all, KIND_SEM));
	assert_int_equal(s.list[KIND_SHM].count, (long long)snap_n(&all, KIND_SHM));
	assert_int_equal(s.limits.sem_sems, all.limits.sem_sems);
	assert_int_equal(s.limits.shm_pages, all.limits.shm_pages);
	assert_int_equal(s.limits.msg_msgs, all.limits.msg_msgs);
	assert_int_equal(s.limits.msg_bytes, all.limits.msg_bytes);
	assert_int_equal(s.limits.msg_queues, all.limits.msg_queues);
	snapshot_free(&s);
	snapshot_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_sources_same_queues),
		cmocka_unit_test(kinds_not_listed_are_counted),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
