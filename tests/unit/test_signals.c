/* Signal names, parsing, default actions, masks and the notable filter. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ipctop/proctab.h"
#include "ipctop/signals.h"

static void test_classic_names(void **state)
{
	char b[16];
	(void)state;
	assert_string_equal(sig_name(1, b, sizeof(b)), "HUP");
	assert_string_equal(sig_name(2, b, sizeof(b)), "INT");
	assert_string_equal(sig_name(9, b, sizeof(b)), "KILL");
	assert_string_equal(sig_name(10, b, sizeof(b)), "USR1");
	assert_string_equal(sig_name(15, b, sizeof(b)), "TERM");
	assert_string_equal(sig_name(17, b, sizeof(b)), "CHLD");
	assert_string_equal(sig_name(31, b, sizeof(b)), "SYS");
}

static void test_realtime_names(void **state)
{
	char b[16], want[16];
	(void)state;
	assert_string_equal(sig_name(SIGRTMIN, b, sizeof(b)), "RTMIN");
	assert_string_equal(sig_name(SIGRTMIN + 3, b, sizeof(b)), "RTMIN+3");
	assert_string_equal(sig_name(SIGRTMAX, b, sizeof(b)), "RTMAX");
	assert_int_equal(SIGRTMAX, 64);
	/* the two glibc keeps for its threads, by glibc's names */
	assert_int_equal(SIGRTMIN, 34);
	assert_string_equal(sig_name(32, b, sizeof(b)), "CANCEL");
	assert_string_equal(sig_name(33, b, sizeof(b)), "SETXID");
	assert_int_equal(sig_parse("SIGCANCEL"), 32);
	assert_int_equal(sig_parse("setxid"), 33);
	snprintf(want, sizeof(want), "%s", "RTMIN");
	assert_string_equal(sig_name(34, b, sizeof(b)), want);
	/* a short buffer is cut, never overrun */
	assert_string_equal(sig_name(SIGRTMIN + 3, b, 4), "RTM");
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(sig_parse("TERM"), 15);
	assert_int_equal(sig_parse("SIGTERM"), 15);
	assert_int_equal(sig_parse("sigterm"), 15);
	assert_int_equal(sig_parse("15"), 15);
	assert_int_equal(sig_parse("64"), 64);
	assert_int_equal(sig_parse("IOT"), SIGABRT);
	assert_int_equal(sig_parse("RTMIN"), SIGRTMIN);
	assert_int_equal(sig_parse("RTMIN+2"), SIGRTMIN + 2);
	assert_int_equal(sig_parse("SIGRTMAX-1"), SIGRTMAX - 1);
	assert_int_equal(sig_parse("RTMAX"), SIGRTMAX);
	assert_int_equal(sig_parse(""), -1);
	assert_int_equal(sig_parse(NULL), -1);
	assert_int_equal(sig_parse("0"), -1);
	assert_int_equal(sig_parse("65"), -1);
	assert_int_equal(sig_parse("-9"), -1);
	assert_int_equal(sig_parse("9x"), -1);
	assert_int_equal(sig_parse("NOPE"), -1);
	assert_int_equal(sig_parse("RTMIN+99"), -1);
	assert_int_equal(sig_parse("RTMAX+1"), -1);
	assert_int_equal(sig_parse("RTMIN+"), -1);
	assert_int_equal(sig_parse("RTMINX"), -1);
	assert_int_equal(sig_parse("99999999999999999999"), -1);
}

static void test_round_trip_all(void **state)
{
	char b[16];
	(void)state;
	for (int s = 1; s <= SIG_COUNT; s++)
		assert_int_equal(sig_parse(sig_name(s, b, sizeof(b))), s);
}

static void test_default_actions(void **state)
{
	(void)state;
	assert_string_equal(sig_default_action(SIGTERM), "term");
	assert_string_equal(sig_default_action(SIGSEGV), "core");
	assert_string_equal(sig_default_action(SIGQUIT), "core");
	assert_string_equal(sig_default_action(SIGCHLD), "ignore");
	assert_string_equal(sig_default_action(SIGWINCH), "ignore");
	assert_string_equal(sig_default_action(SIGURG), "ignore");
	assert_string_equal(sig_default_action(SIGSTOP), "stop");
	assert_string_equal(sig_default_action(SIGTSTP), "stop");
	assert_string_equal(sig_default_action(SIGCONT), "cont");
	assert_string_equal(sig_default_action(SIGRTMIN + 1), "term");
	assert_string_equal(sig_default_action(0), "?");
	assert_string_equal(sig_default_action(65), "?");
	assert_true(sig_default_kills(SIGPIPE));
	assert_false(sig_default_kills(SIGCHLD));
	assert_false(sig_default_kills(SIGSTOP));
}

static void test_masks(void **state)
{
	char b[64];
	uint64_t m = (1ull << (SIGUSR1 - 1)) | (1ull << (SIGRTMIN + 2 - 1));
	(void)state;
	assert_true(sig_in(m, SIGUSR1));
	assert_false(sig_in(m, SIGUSR2));
	assert_false(sig_in(m, 0));
	assert_false(sig_in(~0ull, 65));
	sig_mask_names(m, b, sizeof(b));
	assert_string_equal(b, "USR1,RTMIN+2");
	sig_mask_names(0, b, sizeof(b));
	assert_string_equal(b, "");
	/* every signal: long, but cut cleanly */
	assert_int_equal(sig_mask_names(~0ull, b, sizeof(b)), sizeof(b) - 1);
	assert_int_equal(strlen(b), sizeof(b) - 1);
}

static void test_notable(void **state)
{
	struct proc p;
	(void)state;
	memset(&p, 0, sizeof(p));
	assert_false(proc_is_notable(&p));
	p.caught = ~0ull;
	assert_false(proc_is_notable(&p));
	p.ignored = 1ull << (SIGCHLD - 1);       /* ignored anyway by default */
	assert_false(proc_is_notable(&p));
	/* ignoring INT, QUIT or PIPE is what background jobs do */
	p.ignored |= 1ull << (SIGPIPE - 1) | 1ull << (SIGINT - 1) | 1ull << (SIGQUIT - 1);
	assert_false(proc_is_notable(&p));
	p.ignored = 0;
	/* a shell blocks CHLD around a wait: harmless */
	p.blocked = 1ull << (SIGCHLD - 1);
	assert_false(proc_is_notable(&p));
	/* a fatal signal held back, handled (caught is all ones) or not */
	p.blocked = 1ull << (SIGUSR1 - 1);
	assert_true(proc_is_notable(&p));
	p.caught = 0;
	assert_true(proc_is_notable(&p));
	p.blocked = 0;
	p.shdpnd = 1ull << (SIGTERM - 1);
	assert_true(proc_is_notable(&p));
	p.shdpnd = 0;
	p.pending = 1ull << (SIGINT - 1);
	assert_true(proc_is_notable(&p));
}

static void test_find_and_gone(void **state)
{
	struct proc rows[3];
	struct snapshot s;
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(rows, 0, sizeof(rows));
	rows[0].pid = rows[0].tgid = 10;
	rows[1].tgid = 10;
	rows[1].pid = 11;
	rows[2].pid = rows[2].tgid = 20;
	s.list[KIND_PROC].v = rows;
	s.list[KIND_PROC].n = 3;
	/* not collected: nothing is gone */
	assert_false(proc_pid_gone(&s, 99));
	s.list[KIND_PROC].have = true;
	assert_non_null(proc_find(&s, 10));
	/* a thread's id is found only in a table of threads */
	assert_null(proc_find(&s, 11));
	s.proc_threads = true;
	assert_int_equal(proc_find(&s, 11)->pid, 11);
	assert_int_equal(proc_find(&s, 20)->pid, 20);
	assert_null(proc_find(&s, 15));
	assert_true(proc_pid_gone(&s, 99));
	assert_false(proc_pid_gone(&s, 20));
	assert_false(proc_pid_gone(&s, 0));
	assert_false(proc_pid_gone(&s, -1));
}

static void test_pids_text_names_each_end(void **state)
{
	struct proc rows[2];
	struct snapshot s;
	const int32_t pids[] = { 10, 20, 30 };
	char buf[64];
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(rows, 0, sizeof(rows));
	rows[0].pid = rows[0].tgid = 10;
	strcpy(rows[0].comm, "sleep");
	rows[1].pid = rows[1].tgid = 20;   /* no name read: the pid alone */
	s.list[KIND_PROC].v = rows;
	s.list[KIND_PROC].n = 2;
	s.list[KIND_PROC].have = true;
	proc_pids_text(&s, pids, 3, buf, sizeof(buf));
	assert_string_equal(buf, "sleep(10),20,30(gone)");   /* 30 is not in the table */
	proc_pids_text(&s, pids, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	proc_pids_text(NULL, pids, 2, buf, sizeof(buf));
	assert_string_equal(buf, "10,20");
	proc_pids_text(&s, pids, 3, buf, 6);   /* cut, still terminated */
	assert_int_equal(strlen(buf), 5);
}

static void test_lists_partial(void **state)
{
	struct shmseg seg;
	struct msq q;
	struct snapshot s;
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&seg, 0, sizeof(seg));
	memset(&q, 0, sizeof(q));
	assert_false(proc_lists_partial(&s));
	s.list[KIND_SHM].v = &seg;
	s.list[KIND_SHM].n = 1;
	s.list[KIND_MSG].v = &q;
	s.list[KIND_MSG].n = 1;
	seg.attached.err = -ENODATA;    /* not collected: not "partial" */
	assert_false(proc_lists_partial(&s));
	q.waiters.err = -EACCES;
	assert_true(proc_lists_partial(&s));
	q.waiters.err = 0;
	seg.attached.err = -EACCES;
	assert_true(proc_lists_partial(&s));
}

static void test_sig_rows(void **state)
{
	struct proc p;
	struct sig_row rows[64];
	(void)state;
	memset(&p, 0, sizeof(p));
	p.pending = 1ull << (SIGUSR1 - 1);
	p.blocked = 1ull << (SIGUSR1 - 1);
	p.shdpnd = 1ull << (SIGRTMIN + 2 - 1);
	p.ignored = 1ull << (SIGTERM - 1);
	p.caught = 1ull << (SIGINT - 1);
	proc_sig_rows(&p, rows);
	for (int i = 0; i < 64; i++)
		assert_int_equal(rows[i].sig, i + 1);
	assert_string_equal(rows[SIGUSR1 - 1].name, "USR1");
	assert_true(rows[SIGUSR1 - 1].pending && rows[SIGUSR1 - 1].blocked);
	assert_false(rows[SIGUSR1 - 1].shdpnd);
	assert_string_equal(rows[SIGRTMIN + 1].name, "RTMIN+2");
	assert_true(rows[SIGRTMIN + 1].shdpnd);
	assert_true(rows[SIGTERM - 1].ignored);
	assert_string_equal(rows[SIGTERM - 1].action, "term");
	assert_true(rows[SIGINT - 1].caught);
	assert_string_equal(rows[SIGCHLD - 1].action, "ignore");
	assert_false(rows[SIGCHLD - 1].pending || rows[SIGCHLD - 1].blocked ||
		     rows[SIGCHLD - 1].ignored || rows[SIGCHLD - 1].caught);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classic_names),
		cmocka_unit_test(test_realtime_names),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_round_trip_all),
		cmocka_unit_test(test_default_actions),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_notable),
		cmocka_unit_test(test_find_and_gone),
		cmocka_unit_test(test_pids_text_names_each_end),
		cmocka_unit_test(test_lists_partial),
		cmocka_unit_test(test_sig_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
