/* Processes hidden from us: the proc mount's hidepid= in a mountinfo line
 * (good and malformed), who it hides from, pids alive but hidden never
 * called gone (and found with kill(pid, 0)), attaches the kernel counts
 * but no maps show, and the kernel's count of a set's blocked tasks. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/source.h"
#include "ipctop/proctab.h"
#include "ipctop/procs.h"
#include "ipctop/sysv.h"

#define DIR FIXTURES "/proc/"

/* procs_parse_mountinfo on a NUL-terminated line */
static int mi(const char *line, const char *mnt, int *hide, long long *gid)
{
	*hide = -7;
	*gid = -7;
	return procs_parse_mountinfo(line, strlen(line), mnt, hide, gid);
}

static void test_mountinfo_hidepid_names(void **state)
{
	int hide;
	long long gid;
	(void)state;
	/* what kernels since 5.8 write */
	assert_int_equal(mi("25 1 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:14 - "
			    "proc proc rw,hidepid=invisible\n", "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 2);
	assert_int_equal(gid, 0);
	/* older kernels: numbers, and the exempt group */
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,gid=27,hidepid=2",
			    "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 2);
	assert_int_equal(gid, 27);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,hidepid=1", "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 1);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,hidepid=noaccess", "/proc",
			    &hide, &gid), 1);
	assert_int_equal(hide, 1);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,hidepid=ptraceable", "/proc",
			    &hide, &gid), 1);
	assert_int_equal(hide, 4);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,hidepid=4", "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 4);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,hidepid=off", "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 0);
	/* no option: nothing hidden */
	assert_int_equal(mi("22 1 0:5 / /proc rw - proc proc rw", "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 0);
	assert_int_equal(gid, 0);
	/* several optional fields */
	assert_int_equal(mi("22 1 0:5 / /proc rw shared:1 master:2 propagate_from:3 - proc none "
			    "rw,subset=pid,hidepid=invisible", "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 2);
	/* a mode unknown here counts as hiding; a bad gid exempts nobody */
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,hidepid=someday", "/proc",
			    &hide, &gid), 1);
	assert_int_equal(hide, 2);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,hidepid=", "/proc", &hide, &gid), 1);
	assert_int_equal(hide, 2);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,gid=x7,hidepid=2", "/proc",
			    &hide, &gid), 1);
	assert_int_equal(gid, -1);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,gid=99999999999,hidepid=2",
			    "/proc", &hide, &gid), 1);
	assert_int_equal(gid, -1);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,gid=9999999999999999999",
			    "/proc", &hide, &gid), 1);
	assert_int_equal(gid, -1);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,gid=,hidepid=2,", "/proc",
			    &hide, &gid), 1);
	assert_int_equal(gid, -1);
	assert_int_equal(hide, 2);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw,gid=4294967295", "/proc",
			    &hide, &gid), 1);
	assert_int_equal(gid, 4294967295LL);
}

static void test_mountinfo_other_mounts(void **state)
{
	int hide;
	long long gid;
	(void)state;
	/* another path, another file system at /proc, a mount under /proc */
	assert_int_equal(mi("25 1 0:23 / /srv/proc rw - proc proc rw,hidepid=2", "/proc",
			    &hide, &gid), 0);
	assert_int_equal(mi("25 1 0:23 / /proc rw - sysfs sysfs rw,hidepid=2", "/proc",
			    &hide, &gid), 0);
	assert_int_equal(mi("40 25 0:40 / /proc/sys/fs/binfmt_misc rw - binfmt_misc binfmt_misc rw",
			    "/proc", &hide, &gid), 0);
	assert_int_equal(mi("25 1 0:23 / /proc rw - procfs proc rw,hidepid=2", "/proc",
			    &hide, &gid), 0);
	assert_int_equal(hide, -7);   /* left alone */
	/* mount points are written with \ooo escapes */
	assert_int_equal(mi("25 1 0:23 / /my\\040proc rw - proc proc rw,hidepid=2", "/my proc",
			    &hide, &gid), 1);
	assert_int_equal(mi("25 1 0:23 / /my\\040proc rw - proc proc rw,hidepid=2", "/my\\040proc",
			    &hide, &gid), 0);
	assert_int_equal(mi("25 1 0:23 / /proc\\04 rw - proc proc rw", "/proc", &hide, &gid), 0);
	assert_int_equal(mi("25 1 0:23 / /proc rw - proc proc rw", "/proc/", &hide, &gid), 0);
	assert_int_equal(mi("25 1 0:23 / /pro rw - proc proc rw", "/proc", &hide, &gid), 0);
}

static void test_mountinfo_length_bounds_the_line(void **state)
{
	/* the next line's options must not count */
	const char two[] = "25 1 0:23 / /proc rw - proc proc rw\n"
			   "26 1 0:24 / /x rw - tmpfs tmpfs rw,hidepid=2,gid=5\n";
	int hide;
	long long gid;
	(void)state;
	assert_int_equal(procs_parse_mountinfo(two, strchr(two, '\n') - two + 1, "/proc",
					       &hide, &gid), 1);
	assert_int_equal(hide, 0);
	assert_int_equal(gid, 0);
	assert_int_equal(procs_parse_mountinfo(two, 30, "/proc", &hide, &gid), -EINVAL);
}

static void test_mountinfo_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"garbage",
		"25 1 0:23 / /proc rw",                          /* nothing after options */
		"25 1 0:23 / /proc rw proc proc rw,hidepid=2",   /* no "-" */
		"25 1 0:23 / /proc rw shared:1",
		"25 1 0:23 / /proc rw -",
		"25 1 0:23 / /proc rw - proc",
		"25 1 0:23 / /proc rw - proc proc",               /* no super options */
		"x 1 0:23 / /proc rw - proc proc rw,hidepid=2",  /* id not a number */
		"25 y 0:23 / /proc rw - proc proc rw,hidepid=2",
		"25 1 023 / /proc rw - proc proc rw,hidepid=2",  /* no major:minor */
		"25 1 0: / /proc rw - proc proc rw,hidepid=2",
		"25 1 :23 / /proc rw - proc proc rw,hidepid=2",
		"25  1 0:23 / /proc rw - proc proc rw,hidepid=2", /* empty field */
		"25 1 0:23 / /proc rw -  proc proc rw,hidepid=2",
		" 25 1 0:23 / /proc rw - proc proc rw,hidepid=2",
		"99999999999999999999 1 0:23 / /proc rw - proc proc rw",
	};
	int hide;
	long long gid;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mi(bad[i], "/proc", &hide, &gid) != -EINVAL)
			fail_msg("accepted: \"%s\"", bad[i]);
		assert_int_equal(hide, -7);
	}
}

static void test_who_hidepid_hides_from(void **state)
{
	const gid_t groups[] = { 4, 27 };
	(void)state;
	assert_false(procs_hidepid_hides(0, 0, 1000, 1000, NULL, 0));
	assert_false(procs_hidepid_hides(2, 0, 0, 0, NULL, 0));        /* root */
	assert_true(procs_hidepid_hides(2, 0, 1000, 1000, NULL, 0));
	assert_true(procs_hidepid_hides(1, 0, 1000, 1000, NULL, 0));
	/* the gid= group (root's by default) sees all... */
	assert_false(procs_hidepid_hides(2, 0, 1000, 0, NULL, 0));
	assert_false(procs_hidepid_hides(2, 27, 1000, 27, NULL, 0));
	assert_false(procs_hidepid_hides(2, 27, 1000, 1000, groups, 2));
	assert_true(procs_hidepid_hides(2, 5, 1000, 1000, groups, 2));
	/* ...except under ptraceable; an unreadable gid= exempts nobody */
	assert_true(procs_hidepid_hides(4, 27, 1000, 27, groups, 2));
	assert_true(procs_hidepid_hides(2, -1, 1000, 1000, groups, 2));
	assert_false(procs_hidepid_hides(4, 0, 0, 0, NULL, 0));
}

static void test_hidden_pid_is_not_gone(void **state)
{
	struct proc rows[1];
	int32_t hidden[] = { 30, 50 };
	const int32_t pids[] = { 10, 30, 40 };
	struct snapshot s;
	char buf[64];
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(rows, 0, sizeof(rows));
	rows[0].pid = rows[0].tgid = 10;
	strcpy(rows[0].comm, "sleep");
	s.list[KIND_PROC].v = rows;
	s.list[KIND_PROC].n = 1;
	s.list[KIND_PROC].have = true;
	s.hidden_pids = hidden;
	s.nhidden_pids = 2;
	assert_false(proc_pid_gone(&s, 30));
	assert_false(proc_pid_gone(&s, 50));
	assert_true(proc_pid_gone(&s, 40));
	assert_true(proc_pid_gone(&s, 60));
	assert_true(proc_pid_gone(&s, 20));
	proc_pid_label(&s, 30, buf, sizeof(buf));
	assert_string_equal(buf, "30");
	proc_pid_label(&s, 40, buf, sizeof(buf));
	assert_string_equal(buf, "40(gone)");
	proc_pids_text(&s, pids, 3, buf, sizeof(buf));
	assert_string_equal(buf, "sleep(10),30,40(gone)");
}

/* Segments 7 (3 attaches, 2 mapped in the tree), 8 (1, 1 mapped), 10 (0). */
static void test_unaccounted_attach_is_partial(void **state)
{
	struct snapshot s;
	struct procs_opts o = { .src = &(struct source){ .procfs = DIR "tree", .live = false }, .users = true, .pipes = true };
	(void)state;
	snapshot_init(&s);
	s.list[KIND_SHM].v = calloc(3, sizeof(*snap_shms(&s)));
	assert_non_null(snap_shms(&s));
	s.list[KIND_SHM].n = 3;
	snap_shms(&s)[0].c.id = 7;
	snap_shms(&s)[0].nattch = 3;
	snap_shms(&s)[0].cpid = 301;
	snap_shms(&s)[1].c.id = 8;
	snap_shms(&s)[1].nattch = 1;
	snap_shms(&s)[2].c.id = 10;
	assert_int_equal(procs_collect(&s, &o, NULL), 0);
	assert_int_equal(snap_shms(&s)[0].attached.n, 2);
	assert_int_equal(snap_shms(&s)[0].attached.err, -EACCES);
	assert_int_equal(snap_shms(&s)[1].attached.n, 1);
	assert_int_equal(snap_shms(&s)[1].attached.err, 0);
	assert_int_equal(snap_shms(&s)[2].attached.err, 0);
	assert_true(proc_lists_partial(&s));
	/* a fixture tree: nothing is hidden, a missing pid is gone */
	assert_false(s.procs_hidden);
	assert_null(s.hidden_pids);
	assert_true(proc_pid_gone(&s, 301));
	assert_int_equal(s.list[KIND_PIPE].partial, 0);
	snapshot_free(&s);
}

static pid_t reaped_child(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return pid;
}

static void test_note_hidden_keeps_the_living(void **state)
{
	struct proc rows[1];
	struct snapshot s;
	int32_t gone = (int32_t)reaped_child(), me = (int32_t)getpid(), parent = (int32_t)getppid();
	int32_t first[] = { me, gone, 0, -5, me, 77777777 };
	int32_t second[] = { parent, me, 1 };
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(rows, 0, sizeof(rows));
	rows[0].pid = rows[0].tgid = 1;     /* in the table: not hidden */
	s.list[KIND_PROC].v = rows;
	s.list[KIND_PROC].n = 1;
	/* no process table: nothing to judge */
	assert_int_equal(procs_note_hidden(&s, first, 6), 0);
	assert_null(s.hidden_pids);
	s.list[KIND_PROC].have = true;
	assert_int_equal(procs_note_hidden(&s, first, 6), 0);
	assert_int_equal(s.nhidden_pids, 1);
	assert_int_equal(s.hidden_pids[0], me);
	assert_true(proc_pid_gone(&s, gone));
	assert_false(proc_pid_gone(&s, me));
	/* merged, sorted, each once */
	assert_int_equal(procs_note_hidden(&s, second, 3), 0);
	assert_int_equal(s.nhidden_pids, 2);
	assert_int_equal(s.hidden_pids[0], me < parent ? me : parent);
	assert_int_equal(s.hidden_pids[1], me < parent ? parent : me);
	free(s.hidden_pids);
}

static void test_sem_waiting_count(void **state)
{
	struct sem_value v[2] = { { .ncnt = 2, .zcnt = 1 }, { .ncnt = 0, .zcnt = 3 } };
	struct semset set;
	long long n = -1;
	(void)state;
	memset(&set, 0, sizeof(set));
	/* from the per-semaphore values already read */
	set.c.id = -1;
	set.nsems = 2;
	set.sems = v;
	assert_int_equal(sysv_sem_waiting(&set, &n), 0);
	assert_int_equal(n, 6);
	/* one refused: ask the kernel, which has no set -1 */
	v[1].zcnt = IPC_UNKNOWN;
	assert_true(sysv_sem_waiting(&set, &n) < 0);
	/* a live set of ours, nobody waiting, then removed */
	set.sems = NULL;
	set.c.id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	assert_true(set.c.id >= 0);
	n = -1;
	assert_int_equal(sysv_sem_waiting(&set, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(semctl(set.c.id, 0, IPC_RMID), 0);
	assert_true(sysv_sem_waiting(&set, &n) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo_hidepid_names),
		cmocka_unit_test(test_mountinfo_other_mounts),
		cmocka_unit_test(test_mountinfo_length_bounds_the_line),
		cmocka_unit_test(test_mountinfo_malformed),
		cmocka_unit_test(test_who_hidepid_hides_from),
		cmocka_unit_test(test_hidden_pid_is_not_gone),
		cmocka_unit_test(test_unaccounted_attach_is_partial),
		cmocka_unit_test(test_note_hidden_keeps_the_living),
		cmocka_unit_test(test_sem_waiting_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
