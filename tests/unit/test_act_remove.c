/* act/remove.c against real kernel objects of our own (IPC_PRIVATE, so
 * no other program can know them): removal, a changed key skipped, an
 * id already gone, and a segment still attached. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/act.h"
#include "ipctop/sysv.h"

static void test_removes_queue(void **state)
{
	char msg[256];
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct act_target t = { KIND_MSG, id, IPC_PRIVATE, (uint32_t)geteuid() };
	struct msq q;

	(void)state;
	assert_true(id >= 0);
	assert_int_equal(act_remove(&t, msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "removed queue"));
	assert_true(sysv_stat_msg(id, &q) < 0);
}

static void test_changed_key_is_skipped(void **state)
{
	char msg[256];
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	/* as if the id had been reused by an object with another key */
	struct act_target t = { KIND_MSG, id, 0x1234, (uint32_t)geteuid() };
	struct msq q;

	(void)state;
	assert_true(id >= 0);
	assert_int_equal(act_remove(&t, msg, sizeof(msg)), -ESTALE);
	assert_non_null(strstr(msg, "skipped"));
	assert_int_equal(sysv_stat_msg(id, &q), 0);
	/* and another creator is skipped too */
	t.key = IPC_PRIVATE;
	t.cuid = (uint32_t)geteuid() + 1;
	assert_int_equal(act_remove(&t, msg, sizeof(msg)), -ESTALE);
	assert_int_equal(sysv_stat_msg(id, &q), 0);
	msgctl(id, IPC_RMID, NULL);
}

static void test_gone_id(void **state)
{
	char msg[256];
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct act_target t = { KIND_MSG, id, IPC_PRIVATE, (uint32_t)geteuid() };

	(void)state;
	assert_true(id >= 0);
	msgctl(id, IPC_RMID, NULL);
	int r = act_remove(&t, msg, sizeof(msg));
	assert_true(r == -EINVAL || r == -EIDRM);
	assert_non_null(strstr(msg, "already gone"));
}

static void test_attached_segment(void **state)
{
	char msg[256];
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	struct act_target t = { KIND_SHM, id, IPC_PRIVATE, (uint32_t)geteuid() };
	void *p;
	struct shmseg g;

	(void)state;
	assert_true(id >= 0);
	p = shmat(id, NULL, 0);
	assert_true(p != (void *)-1);
	assert_int_equal(act_remove(&t, msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "marked for removal"));
	/* still there, marked, until we detach */
	assert_int_equal(sysv_stat_shm(id, &g), 0);
	assert_true(g.dest);
	shmdt(p);
	assert_true(sysv_stat_shm(id, &g) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_removes_queue),
		cmocka_unit_test(test_changed_key_is_skipped),
		cmocka_unit_test(test_gone_id),
		cmocka_unit_test(test_attached_segment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
