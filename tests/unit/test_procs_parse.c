/* The /proc parsers of the process collector, on fixture files (good,
 * empty, malformed), the collector over a fixture proc tree, and act_kill
 * against a child of ours. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/source.h"
#include "ipctop/act.h"
#include "ipctop/procs.h"

static const struct source live_src = { .procfs = "/proc", .live = true };

#define DIR FIXTURES "/proc/"

static char *slurp(const char *name)
{
	static char buf[8192];
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), DIR "%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void test_status_good(void **state)
{
	struct proc p;
	(void)state;
	assert_int_equal(procs_parse_status(slurp("status.good"), &p), 0);
	assert_int_equal(p.pid, 100);
	assert_int_equal(p.tgid, 100);
	assert_int_equal(p.uid, 1000);
	assert_string_equal(p.comm, "worker");
	assert_int_equal(p.state, 'S');
	assert_int_equal(p.sigq, 1);
	assert_int_equal(p.sigq_max, 63432);
	assert_int_equal(p.pending, 0x200);
	assert_int_equal(p.shdpnd, 0);
	assert_int_equal(p.blocked, 0x200);
	assert_int_equal(p.ignored, 0x4000);
	assert_int_equal(p.caught, 0x2);
}

static void test_status_empty_and_malformed(void **state)
{
	struct proc p;
	(void)state;
	assert_int_equal(procs_parse_status(slurp("status.empty"), &p), -EINVAL);
	assert_int_equal(procs_parse_status(slurp("status.malformed"), &p), -EINVAL);
}

static void test_status_hostile_name(void **state)
{
	struct proc p;
	(void)state;
	assert_int_equal(procs_parse_status(slurp("status.hostile"), &p), 0);
	assert_int_equal(p.pid, 42);
	assert_null(strchr(p.comm, '\x1b'));
	assert_non_null(strstr(p.comm, "\\x1b"));
	/* SigQ without a limit and a mask that is not hex: unknown / zero */
	assert_int_equal(p.sigq, IPC_UNKNOWN);
	assert_int_equal(p.blocked, 0);
}

/* status writes a backslash in Name as two and a newline as backslash-n:
 * the name is the process's bytes, sanitised once (a backslash: \x5c) */
static void test_status_name_unescaped(void **state)
{
	struct proc p;
	(void)state;
	assert_int_equal(procs_parse_status("Name:\ta\\\\b\\nc\x1b\nPid:\t7\n", &p), 0);
	assert_string_equal(p.comm, "a\\x5cb\\x0ac\\x1b");
	/* a lone backslash (not from the kernel) is kept as one */
	assert_int_equal(procs_parse_status("Name:\tx\\\nPid:\t7\n", &p), 0);
	assert_string_equal(p.comm, "x\\x5c");
}

static void test_stat(void **state)
{
	char st;
	unsigned long long start;
	(void)state;
	/* the fixture's comm holds ") " to mislead a naive parser */
	assert_int_equal(procs_parse_stat(slurp("stat.good"), &st, &start), 0);
	assert_int_equal(st, 'S');
	assert_int_equal(start, 5000);
	assert_int_equal(procs_parse_stat(slurp("stat.empty"), &st, &start), -EINVAL);
	assert_int_equal(procs_parse_stat(slurp("stat.malformed"), &st, &start), -EINVAL);
	assert_int_equal(procs_parse_stat(slurp("stat.short"), &st, &start), -EINVAL);
}

static void test_maps(void **state)
{
	int32_t *ids;
	size_t n;
	(void)state;
	assert_int_equal(procs_parse_maps(slurp("maps.good"), &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 7);
	assert_int_equal(ids[1], 8);
	free(ids);
	assert_int_equal(procs_parse_maps(slurp("maps.empty"), &ids, &n), 0);
	assert_int_equal(n, 0);
	assert_null(ids);
	/* only the last line of the malformed file is a real SYSV mapping */
	assert_int_equal(procs_parse_maps(slurp("maps.malformed"), &ids, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 13);
	free(ids);
}

static void test_syscall(void **state)
{
	long nr;
	long long a;
	(void)state;
	assert_int_equal(procs_parse_syscall(slurp("syscall.good"), &nr, &a), 0);
	assert_int_equal(nr, 70);
	assert_int_equal(a, 5);
	assert_int_equal(procs_parse_syscall(slurp("syscall.running"), &nr, &a), -EAGAIN);
	assert_int_equal(procs_parse_syscall(slurp("syscall.blocked"), &nr, &a), -EAGAIN);
	assert_int_equal(procs_parse_syscall(slurp("syscall.empty"), &nr, &a), -EINVAL);
	assert_int_equal(procs_parse_syscall(slurp("syscall.malformed"), &nr, &a), -EINVAL);
	/* ids are ints: a 32-bit -1 stays -1 */
	assert_int_equal(procs_parse_syscall(slurp("syscall.negative"), &nr, &a), 0);
	assert_int_equal(a, -1);
}

static void test_fdinfo_and_links(void **state)
{
	unsigned flags;
	unsigned long long ino;
	(void)state;
	assert_int_equal(procs_parse_fdinfo_flags(slurp("fdinfo.good"), &flags), 0);
	assert_int_equal(flags, 0100001);
	assert_int_equal(procs_parse_fdinfo_flags(slurp("fdinfo.empty"), &flags), -EINVAL);
	assert_int_equal(procs_parse_fdinfo_flags(slurp("fdinfo.malformed"), &flags), -EINVAL);
	assert_int_equal(procs_parse_pipe_link("pipe:[555]", &ino), 0);
	assert_int_equal(ino, 555);
	assert_int_equal(procs_parse_pipe_link("pipe:[555", &ino), -EINVAL);
	assert_int_equal(procs_parse_pipe_link("pipe:[]", &ino), -EINVAL);
	assert_int_equal(procs_parse_pipe_link("socket:[555]", &ino), -EINVAL);
	assert_int_equal(procs_parse_pipe_link("/tmp/fifo", &ino), -EINVAL);
}

static void test_wchan(void **state)
{
	(void)state;
	assert_true(procs_wchan_is_ipc("do_msgrcv"));
	assert_true(procs_wchan_is_ipc("do_msgsnd"));
	assert_true(procs_wchan_is_ipc("__do_semtimedop"));
	assert_true(procs_wchan_is_ipc("do_semtimedop"));
	assert_false(procs_wchan_is_ipc("do_epoll_wait"));
	assert_false(procs_wchan_is_ipc("0"));
	assert_false(procs_wchan_is_ipc(""));
}

/* A snapshot with queue 5, set 9 and segments 7 (2 attaches), 8 (1), 10 (0). */
static void fixture_snapshot(struct snapshot *s)
{
	snapshot_init(s);
	(s)->list[KIND_MSG].v = calloc(1, sizeof(*snap_msqs(s)));
	(s)->list[KIND_SEM].v = calloc(1, sizeof(*snap_sems(s)));
	(s)->list[KIND_SHM].v = calloc(3, sizeof(*snap_shms(s)));
	assert_true(snap_msqs(s) && snap_sems(s) && snap_shms(s));
	(s)->list[KIND_MSG].n = (s)->list[KIND_SEM].n = 1;
	(s)->list[KIND_SHM].n = 3;
	snap_msqs(s)[0].c.id = 5;
	snap_sems(s)[0].c.id = 9;
	snap_shms(s)[0].c.id = 7;
	snap_shms(s)[0].nattch = 2;
	snap_shms(s)[1].c.id = 8;
	snap_shms(s)[1].nattch = 1;
	snap_shms(s)[2].c.id = 10;
	snap_msqs(s)[0].waiters.err = snap_sems(s)[0].waiters.err = -ENODATA;
	for (int i = 0; i < 3; i++)
		snap_shms(s)[i].attached.err = -ENODATA;
}

static void test_collect_fixture_tree(void **state)
{
	struct snapshot s;
	struct procs_opts o = { .src = &(struct source){ .procfs = DIR "tree", .live = false }, .signals = true, .users = true, .pipes = true };
	struct procs_cache *c = procs_cache_new();
	(void)state;
	fixture_snapshot(&s);
	assert_int_equal(procs_collect(&s, &o, c), 0);
	assert_true(snap_have(&s, KIND_PROC));
	/* one row per process, threads folded in */
	assert_int_equal(snap_n(&s, KIND_PROC), 3);
	assert_int_equal(snap_procs(&s)[0].pid, 100);
	assert_int_equal(snap_procs(&s)[0].start_time, 5000);
	/* SigPnd of thread 101 (bit 35) folded into the process */
	assert_int_equal(snap_procs(&s)[0].pending, 0x200 | (1ull << 34));
	assert_int_equal(snap_procs(&s)[1].pid, 200);
	assert_int_equal(snap_procs(&s)[2].pid, 300);
	assert_string_equal(snap_procs(&s)[2].comm, "reader");
	/* attachments */
	assert_int_equal(snap_shms(&s)[0].attached.err, 0);
	assert_int_equal(snap_shms(&s)[0].attached.n, 2);
	assert_int_equal(snap_shms(&s)[0].attached.v[0], 100);
	assert_int_equal(snap_shms(&s)[0].attached.v[1], 200);
	assert_int_equal(snap_shms(&s)[1].attached.n, 1);
	assert_int_equal(snap_shms(&s)[1].attached.v[0], 200);
	assert_int_equal(snap_shms(&s)[2].attached.n, 0);
	assert_int_equal(snap_shms(&s)[2].attached.err, 0);
#if defined(__x86_64__)
	/* waiters: thread 101 of process 100 in msgrcv, 200 in semtimedop */
	assert_int_equal(snap_msqs(&s)[0].waiters.err, 0);
	assert_int_equal(snap_msqs(&s)[0].waiters.n, 1);
	assert_int_equal(snap_msqs(&s)[0].waiters.v[0].pid, 100);
	assert_int_equal(snap_msqs(&s)[0].waiters.v[0].op, WAIT_RECV);
	assert_int_equal(snap_sems(&s)[0].waiters.n, 1);
	assert_int_equal(snap_sems(&s)[0].waiters.v[0].pid, 200);
	assert_int_equal(snap_sems(&s)[0].waiters.v[0].op, WAIT_SEMOP);
#endif
	/* the pipe: 100 writes, 200 holds both ends, 300 reads */
	assert_true(snap_have(&s, KIND_PIPE));
	assert_int_equal(snap_n(&s, KIND_PIPE), 1);
	assert_int_equal(snap_pipes(&s)[0].inode, 555);
	assert_null(snap_pipes(&s)[0].path);
	assert_int_equal(snap_pipes(&s)[0].writers.n, 2);
	assert_int_equal(snap_pipes(&s)[0].writers.v[0], 100);
	assert_int_equal(snap_pipes(&s)[0].writers.v[1], 200);
	assert_int_equal(snap_pipes(&s)[0].readers.n, 2);
	assert_int_equal(snap_pipes(&s)[0].readers.v[0], 200);
	assert_int_equal(snap_pipes(&s)[0].readers.v[1], 300);
	/* gone / present */
	assert_false(proc_pid_gone(&s, 300));
	assert_true(proc_pid_gone(&s, 301));
	/* a second pass reuses the cached attachments and gives the same */
	assert_int_equal(procs_collect(&s, &o, c), 0);
	assert_int_equal(snap_shms(&s)[0].attached.n, 2);
	assert_int_equal(snap_n(&s, KIND_PIPE), 1);
	snapshot_free(&s);
	procs_cache_free(c);
}

static void test_collect_threads(void **state)
{
	struct snapshot s;
	struct procs_opts o = { .src = &(struct source){ .procfs = DIR "tree", .live = false }, .signals = true, .threads = true };
	(void)state;
	fixture_snapshot(&s);
	assert_int_equal(procs_collect(&s, &o, NULL), 0);
	assert_int_equal(snap_n(&s, KIND_PROC), 4);
	assert_int_equal(snap_procs(&s)[1].pid, 101);
	assert_int_equal(snap_procs(&s)[1].tgid, 100);
	assert_non_null(proc_find(&s, 101));
	/* users not asked: lists stay "not collected" */
	assert_int_equal(snap_shms(&s)[0].attached.err, -ENODATA);
	snapshot_free(&s);
}

static void test_collect_tree_without_processes(void **state)
{
	struct snapshot s;
	struct procs_opts o = { .src = &(struct source){ .procfs = DIR, .live = false }, .signals = true, .users = true };
	(void)state;
	fixture_snapshot(&s);
	/* the fixture directory itself holds no PID directories */
	assert_int_equal(procs_collect(&s, &o, NULL), 0);
	assert_false(snap_have(&s, KIND_PROC));
	assert_int_equal(snap_shms(&s)[0].attached.err, -ENODATA);
	assert_false(proc_pid_gone(&s, 12345));
	snapshot_free(&s);
}

static unsigned long long start_of(pid_t pid)
{
	char path[64], buf[4096], st;
	unsigned long long start = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_int_equal(procs_parse_stat(buf, &st, &start), 0);
	return start;
}

static void test_act_kill(void **state)
{
	char msg[128];
	int status;
	pid_t child = fork();
	unsigned long long start;
	(void)state;

	assert_true(child >= 0);
	if (child == 0) {
		for (;;)
			pause();
	}
	start = start_of(child);
	/* a different start time: the pid is someone else now */
	assert_int_equal(act_kill(&live_src, child, start + 1, SIGTERM, msg, sizeof(msg)), -ESTALE);
	assert_non_null(strstr(msg, "another process"));
	assert_int_equal(act_kill(&live_src, child, start, 0, msg, sizeof(msg)), 0);
	assert_int_equal(act_kill(&live_src, child, start, 65, msg, sizeof(msg)), -EINVAL);
	assert_int_equal(act_kill(&live_src, child, start, SIGTERM, msg, sizeof(msg)), 0);
	assert_string_equal(strstr(msg, "SIGTERM") ? "ok" : msg, "ok");
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	assert_int_equal(act_kill(&live_src, child, start, SIGTERM, msg, sizeof(msg)), -ESRCH);
	assert_non_null(strstr(msg, "gone"));
	assert_int_equal(act_kill(&live_src, -1, 0, SIGTERM, msg, sizeof(msg)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_good),
		cmocka_unit_test(test_status_empty_and_malformed),
		cmocka_unit_test(test_status_hostile_name),
		cmocka_unit_test(test_status_name_unescaped),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_syscall),
		cmocka_unit_test(test_fdinfo_and_links),
		cmocka_unit_test(test_wchan),
		cmocka_unit_test(test_collect_fixture_tree),
		cmocka_unit_test(test_collect_threads),
		cmocka_unit_test(test_collect_tree_without_processes),
		cmocka_unit_test(test_act_kill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
