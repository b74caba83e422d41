/* act/remove.c against real kernel objects of our own (IPC_PRIVATE, so
 * no other program can know them): removal, a target whose key, creator
 * uid, creator pid or change time no longer matches (what a removed and
 * recreated object looks like) skipped with the field named, an id
 * already gone, and a segment still attached. */
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
#include "ipctop/ident.h"
#include "ipctop/sysv.h"
#include "ipctop/kind.h"
#include "ipctop/source.h"

static const struct source src = { .procfs = "/proc", .live = true };

/* The target as the screen would record it for queue id. */
static struct act_target queue_target(int id)
{
	struct act_target t;
	struct msq q;

	assert_int_equal(sysv_stat_msg(id, &q), 0);
	ident_of(&t.ident, kind_get(KIND_MSG), &q);
	return t;
}

static struct act_target segment_target(int id)
{
	struct act_target t;
	struct shmseg g;

	assert_int_equal(sysv_stat_shm(id, &g), 0);
	ident_of(&t.ident, kind_get(KIND_SHM), &g);
	return t;
}

static void test_removes_queue(void **state)
{
	char msg[256];
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct act_target t;
	struct msq q;

	(void)state;
	assert_true(id >= 0);
	t = queue_target(id);
	assert_int_equal(t.ident.key, IPC_PRIVATE);
	assert_int_equal(t.ident.cuid, geteuid());
	assert_int_equal(act_remove(&src, &t, msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "removed queue"));
	assert_true(sysv_stat_msg(id, &q) < 0);
}

/* Each field of the identity on its own: the queue stays, and the
 * message says which field differs and both values. */
static void test_changed_identity_is_skipped(void **state)
{
	char msg[256];
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct act_target t;
	struct msq q;

	(void)state;
	assert_true(id >= 0);
	t = queue_target(id);
	t.ident.key = 0x1234;
	assert_int_equal(act_remove(&src, &t, msg, sizeof(msg)), -ESTALE);
	assert_non_null(strstr(msg, "skipped"));
	assert_non_null(strstr(msg, "key 0x00000000, was 0x00001234"));
	assert_int_equal(sysv_stat_msg(id, &q), 0);

	t = queue_target(id);
	t.ident.cuid += 1;
	assert_int_equal(act_remove(&src, &t, msg, sizeof(msg)), -ESTALE);
	assert_non_null(strstr(msg, "creator uid"));
	assert_null(strstr(msg, "key"));    /* the key did not change */
	assert_int_equal(sysv_stat_msg(id, &q), 0);

	/* same id, key and creator, a later change time: recreated */
	t = queue_target(id);
	t.ident.ctime -= 1;
	assert_int_equal(act_remove(&src, &t, msg, sizeof(msg)), -ESTALE);
	assert_non_null(strstr(msg, "change time"));
	assert_int_equal(sysv_stat_msg(id, &q), 0);
	msgctl(id, IPC_RMID, NULL);
}

static void test_other_creator_pid_is_skipped(void **state)
{
	char msg[256];
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	struct act_target t;
	struct shmseg g;

	(void)state;
	assert_true(id >= 0);
	t = segment_target(id);
	assert_int_equal(t.ident.cpid, getpid());
	t.ident.cpid += 1;
	assert_int_equal(act_remove(&src, &t, msg, sizeof(msg)), -ESTALE);
	assert_non_null(strstr(msg, "creator pid"));
	assert_int_equal(sysv_stat_shm(id, &g), 0);
	shmctl(id, IPC_RMID, NULL);
}

static void test_gone_id(void **state)
{
	char msg[256];
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct act_target t;

	(void)state;
	assert_true(id >= 0);
	t = queue_target(id);
	msgctl(id, IPC_RMID, NULL);
	int r = act_remove(&src, &t, msg, sizeof(msg));
	assert_true(r == -EINVAL || r == -EIDRM);
	assert_non_null(strstr(msg, "already gone"));
}

static void test_attached_segment(void **state)
{
	char msg[256];
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	struct act_target t;
	void *p;
	struct shmseg g;

	(void)state;
	assert_true(id >= 0);
	t = segment_target(id);
	p = shmat(id, NULL, 0);
	assert_true(p != (void *)-1);
	assert_int_equal(act_remove(&src, &t, msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "marked for removal"));
	/* still there, marked, until we detach */
	assert_int_equal(sysv_stat_shm(id, &g), 0);
	assert_true(g.dest);
	shmdt(p);
	assert_true(sysv_stat_shm(id, &g) < 0);
}

/* The identity helpers themselves: every field counts, in order. */
static void test_ident_compare(void **state)
{
	struct shmseg g;
	struct ident a, b;
	char buf[IDENT_NAME_MAX * 2 + 32];

	(void)state;
	memset(&g, 0, sizeof(g));
	g.c.id = 7;
	g.c.key = 0x1234;
	g.c.cuid = 1000;
	g.cpid = 42;
	g.ctime = 1700000000;
	ident_of(&a, kind_get(KIND_SHM), &g);
	b = a;
	assert_int_equal(ident_cmp(&a, &b), IDENT_SAME);
	ident_diff_text(&a, &b, buf, sizeof(buf));
	assert_string_equal(buf, "");
	b.ctime++;
	assert_int_equal(ident_cmp(&a, &b), IDENT_CTIME);
	b.cpid++;
	assert_int_equal(ident_cmp(&a, &b), IDENT_CPID);
	ident_diff_text(&a, &b, buf, sizeof(buf));
	assert_string_equal(buf, "creator pid 43, was 42");
	b.cuid++;
	assert_int_equal(ident_cmp(&a, &b), IDENT_CUID);
	b.key++;
	assert_int_equal(ident_cmp(&a, &b), IDENT_KEY);
	b.id++;
	assert_int_equal(ident_cmp(&a, &b), IDENT_ID);
	b.kind = kind_get(KIND_MSG);
	assert_int_equal(ident_cmp(&a, &b), IDENT_KIND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_removes_queue),
		cmocka_unit_test(test_changed_identity_is_skipped),
		cmocka_unit_test(test_other_creator_pid_is_skipped),
		cmocka_unit_test(test_gone_id),
		cmocka_unit_test(test_attached_segment),
		cmocka_unit_test(test_ident_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
