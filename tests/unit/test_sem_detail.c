/* sysv_sem_detail() when the set it describes is no longer the one its id
 * names: the id reused by a bigger set (a 1-semaphore description, 64
 * semaphores in the kernel), the same count but another identity, and
 * GETALL into a buffer too small for the set. Nothing may be written past
 * a buffer and no value of the other set reported as this one's. Run as
 * root, the reuse is real: the program moves into its own IPC namespace,
 * where /proc/sys/kernel/sem_next_id hands out the old id. */
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
#include <sys/sem.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/sysv.h"

#define MARKER 4242

static bool private_ns;

static int new_set(int nsems)
{
	int id = semget(IPC_PRIVATE, nsems, IPC_CREAT | 0600);

	assert_true(id >= 0);
	/* semun by value: glibc takes the variadic argument as it comes */
	assert_int_equal(semctl(id, 0, SETVAL, MARKER), 0);
	return id;
}

static void assert_nothing_read(const struct semset *set, size_t n)
{
	assert_int_equal(set->sems_err, -ESTALE);
	assert_non_null(set->sems);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(set->sems[i].num, (int)i);
		assert_true(set->sems[i].value == IPC_UNKNOWN);
		assert_true(set->sems[i].ncnt == IPC_UNKNOWN);
		assert_true(set->sems[i].zcnt == IPC_UNKNOWN);
		assert_true(set->sems[i].pid == IPC_UNKNOWN);
	}
}

/* What the id names now, but with the count of a 1-semaphore set: a
 * snapshot taken before the set was replaced within the same second. */
static void test_stale_count(void **state)
{
	struct semset set;
	int id = new_set(64);

	(void)state;
	assert_int_equal(sysv_stat_sem(id, &set), 0);
	assert_int_equal(set.nsems, 64);
	set.nsems = 1;
	sysv_sem_detail(&set);
	assert_nothing_read(&set, 1);
	free(set.sems);
	semctl(id, 0, IPC_RMID);
}

/* The same count, another set: key, creator or change time differ. */
static void test_other_identity(void **state)
{
	struct semset now, set;
	int id = new_set(1);

	(void)state;
	assert_int_equal(sysv_stat_sem(id, &now), 0);
	for (int field = 0; field < 3; field++) {
		set = now;
		if (field == 0)
			set.c.key = 0x1234;
		else if (field == 1)
			set.c.cuid += 1;
		else
			set.ctime -= 1;
		sysv_sem_detail(&set);
		assert_nothing_read(&set, 1);
		free(set.sems);
	}
	/* and the set itself is read */
	set = now;
	sysv_sem_detail(&set);
	assert_int_equal(set.sems_err, 0);
	assert_int_equal(set.sems[0].value, MARKER);
	assert_int_equal(set.sems[0].pid, getpid());
	free(set.sems);
	semctl(id, 0, IPC_RMID);
}

/* The real thing: a 1-semaphore set listed, removed, and its id given to
 * a 64-semaphore set before the detail is read. */
static void test_id_reused_by_a_bigger_set(void **state)
{
	struct semset set;
	FILE *f;
	int id, again;

	(void)state;
	if (!private_ns)
		skip();
	id = new_set(1);
	assert_int_equal(sysv_stat_sem(id, &set), 0);
	assert_int_equal(semctl(id, 0, IPC_RMID), 0);
	f = fopen("/proc/sys/kernel/sem_next_id", "w");
	assert_non_null(f);
	fprintf(f, "%d", id);
	assert_int_equal(fclose(f), 0);
	again = new_set(64);
	assert_int_equal(again, id);
	sysv_sem_detail(&set);
	assert_nothing_read(&set, 1);
	free(set.sems);
	semctl(again, 0, IPC_RMID);
}

/* The guard behind the buffer: a set bigger than asked for makes GETALL
 * fail instead of writing on. */
static void test_getall_cannot_overrun(void **state)
{
	unsigned short one[1] = { 7 }, all[64];
	int id = new_set(64);

	(void)state;
	assert_int_equal(sysv_sem_getall(id, 1, one), -EFAULT);
	assert_int_equal(one[0], 7);
	assert_int_equal(sysv_sem_getall(id, 64, all), 0);
	assert_int_equal(all[0], MARKER);
	assert_int_equal(all[63], 0);
	/* a page and more: the guard follows the last page too */
	semctl(id, 0, IPC_RMID);
	id = new_set(3000);
	unsigned short *big = calloc(3000, sizeof(*big));
	assert_non_null(big);
	assert_int_equal(sysv_sem_getall(id, 2999, big), -EFAULT);
	assert_int_equal(sysv_sem_getall(id, 3000, big), 0);
	assert_int_equal(big[0], MARKER);
	free(big);
	assert_int_equal(sysv_sem_getall(id, 0, all), -EINVAL);
	semctl(id, 0, IPC_RMID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale_count),
		cmocka_unit_test(test_other_identity),
		cmocka_unit_test(test_id_reused_by_a_bigger_set),
		cmocka_unit_test(test_getall_cannot_overrun),
	};

	/* sem_next_id is per IPC namespace: only ours is touched */
	private_ns = geteuid() == 0 && unshare(CLONE_NEWIPC) == 0;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
