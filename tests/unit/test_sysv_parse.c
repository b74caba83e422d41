/* The System V collector: the /proc/sysvipc line parsers, the streamed
 * line reader, and sysv_collect() pointed at fixture trees (good, empty,
 * header-only, malformed, truncated, oversized, out-of-range, pre-4.6
 * segments, not a sysvipc file at all), plus limits from a fixture. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "collect/readfile.h"
#include "ipctop/collect.h"
#include "ipctop/errors.h"
#include "ipctop/fields.h"
#include "ipctop/kind.h"
#include "ipctop/source.h"
#include "ipctop/sysv.h"

#define TREE(name) FIXTURES "/sysv/" name

static const char msg_line[] =
	"      4660          0   600         100          2  4242     0  1000  1001  1002  1003 1700000000          0 1699999000";
static const char sem_line[] =
	"     22136          0   600          3  1000  1000  1000  1000 1700000000 1699999000";
static const char shm_line[] =
	"     39612          0  3600                  4096   100   101      2  1000  1000  1000  1000 1700000000 1699999999 1699990000                  8192                     0";
static const char shm_old[] =
	"     39612          0   600                  4096   100   101      2  1000  1000  1000  1000 1700000000 1699999999 1699990000";

static void parse_msg_good(void **state)
{
	struct msq q;
	(void)state;
	assert_int_equal(sysv_parse_msg(msg_line, strlen(msg_line), &q), 0);
	assert_int_equal(q.c.key, 0x1234);
	assert_int_equal(q.c.id, 0);
	assert_int_equal(q.c.mode, 0600);
	assert_int_equal(q.cbytes, 100);
	assert_int_equal(q.qnum, 2);
	assert_int_equal(q.lspid, 4242);
	assert_int_equal(q.lrpid, 0);
	assert_int_equal(q.c.uid, 1000);
	assert_int_equal(q.c.gid, 1001);
	assert_int_equal(q.c.cuid, 1002);
	assert_int_equal(q.c.cgid, 1003);
	assert_int_equal(q.stime, 1700000000);
	assert_int_equal(q.rtime, 0);
	assert_int_equal(q.ctime, 1699999000);
	/* /proc does not carry it: unknown until a msgctl says */
	assert_true(q.qbytes == IPC_UNKNOWN);
}

static void parse_sem_good(void **state)
{
	struct semset s;
	(void)state;
	assert_int_equal(sysv_parse_sem(sem_line, strlen(sem_line), &s), 0);
	assert_int_equal(s.c.key, 0x5678);
	assert_int_equal(s.nsems, 3);
	assert_int_equal(s.otime, 1700000000);
	assert_int_equal(s.ctime, 1699999000);
	assert_null(s.sems);
}

static void parse_shm_good_and_old(void **state)
{
	struct shmseg g;
	(void)state;
	assert_int_equal(sysv_parse_shm(shm_line, strlen(shm_line), &g), 0);
	assert_int_equal(g.c.key, 0x9abc);
	assert_int_equal(g.size, 4096);
	assert_int_equal(g.cpid, 100);
	assert_int_equal(g.lpid, 101);
	assert_int_equal(g.nattch, 2);
	assert_int_equal(g.atime, 1700000000);
	assert_int_equal(g.dtime, 1699999999);
	assert_int_equal(g.ctime, 1699990000);
	assert_int_equal(g.rss, 8192);
	assert_int_equal(g.swap, 0);
	/* mode 03600: SHM_DEST (01000) and SHM_LOCKED (02000) */
	assert_true(g.dest);
	assert_true(g.locked);
	assert_int_equal(g.c.mode & 0777, 0600);

	/* kernels before 4.6: no rss and swap columns */
	assert_int_equal(sysv_parse_shm(shm_old, strlen(shm_old), &g), 0);
	assert_int_equal(g.size, 4096);
	assert_true(g.rss == IPC_UNKNOWN);
	assert_true(g.swap == IPC_UNKNOWN);
	assert_false(g.dest);
}

static void parse_rejects(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"hello",
		"1 2 3",
		/* 15 fields */
		"1 2 600 0 0 0 0 0 0 0 0 0 0 0 9",
		/* 13 fields */
		"1 2 600 0 0 0 0 0 0 0 0 0 0",
		/* 8 in the octal perms */
		"1 2 680 0 0 0 0 0 0 0 0 0 0 0",
		/* negative count, negative pid, negative id */
		"1 2 600 -1 0 0 0 0 0 0 0 0 0 0",
		"1 2 600 0 0 -7 0 0 0 0 0 0 0 0",
		"1 -2 600 0 0 0 0 0 0 0 0 0 0 0",
		/* junk inside a number, a lone minus */
		"1 2 600 1x 0 0 0 0 0 0 0 0 0 0",
		"1 2 600 - 0 0 0 0 0 0 0 0 0 0",
		/* overflow of long long and of the field ranges */
		"1 2 600 99999999999999999999 0 0 0 0 0 0 0 0 0 0",
		"1 2147483648 600 0 0 0 0 0 0 0 0 0 0 0",
		"4294967296 2 600 0 0 0 0 0 0 0 0 0 0 0",
		"1 2 600 0 0 2147483648 0 0 0 0 0 0 0 0",
		"1 2 600 0 0 0 0 4294967296 0 0 0 0 0 0",
		"1 2 10000 0 0 0 0 0 0 0 0 0 0 0",
		/* a control byte */
		"1 2 600 0 0 0 0 0 0 0 0 0 0 0\x1b",
	};
	struct msq q;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sysv_parse_msg(bad[i], strlen(bad[i]), &q) != -EINVAL)
			fail_msg("accepted: '%s'", bad[i]);
	}
	/* the extremes of each range are fine */
	const char *edge = "-2147483648 2147483647 7777 0 0 2147483647 0 4294967295 0 0 0 0 0 0";
	assert_int_equal(sysv_parse_msg(edge, strlen(edge), &q), 0);
	assert_int_equal(q.c.key, INT32_MIN);
	assert_int_equal(q.c.id, INT32_MAX);
	assert_int_equal(q.c.uid, UINT32_MAX);
	assert_int_equal(q.c.mode, 07777);
}

static void parse_respects_length(void **state)
{
	/* the line need not be NUL-terminated: only len bytes count */
	char buf[256];
	struct semset s;
	(void)state;
	snprintf(buf, sizeof(buf), "%s 12345", sem_line);
	assert_int_equal(sysv_parse_sem(buf, strlen(sem_line), &s), 0);
	assert_int_equal(sysv_parse_sem(buf, strlen(buf), &s), -EINVAL);
	/* cut mid-number: fewer fields */
	assert_int_equal(sysv_parse_sem(buf, strlen(sem_line) - 11, &s), -EINVAL);
	/* a line longer than any real one is refused before parsing */
	char *big = malloc(4096);
	assert_non_null(big);
	memset(big, ' ', 4096);
	memcpy(big + 4000, "1", 1);
	assert_int_equal(sysv_parse_sem(big, 4096, &s), -EINVAL);
	free(big);
}

/* ---- the collector over fixture trees ---------------------------------- */

static int collect(struct snapshot *s, const char *tree, bool msg, bool sem, bool shm)
{
	struct collect_opts o;
	struct source src;

	collect_opts_init(&o);
	source_init(&src, tree);
	o.want[KIND_MSG] = msg;
	o.want[KIND_SEM] = sem;
	o.want[KIND_SHM] = shm;
	o.needs = NEED_QBYTES | NEED_RSS;
	/* must be ignored for a fixture tree */
	o.detail.kind = kind_get(KIND_SEM);
	snapshot_init(s);
	return collect_objects(s, &src, &o);
}

static void collect_good(void **state)
{
	struct snapshot s;
	(void)state;
	collect(&s, TREE("good"), true, true, true);
	assert_int_equal(snap_n(&s, KIND_MSG), 3);
	assert_int_equal(snap_n(&s, KIND_SEM), 2);
	assert_int_equal(snap_n(&s, KIND_SHM), 2);
	for (int k = KIND_MSG; k <= KIND_SHM; k++) {
		assert_int_equal(s.list[k].err, 0);
		assert_int_equal(s.list[k].bad_lines, 0);
		assert_int_equal(s.list[k].source, SRC_PROCFS);
	}
	assert_int_equal(snap_msqs(&s)[0].c.key, 0x1234);
	assert_int_equal(snap_msqs(&s)[0].lspid, 4242);
	assert_int_equal(snap_msqs(&s)[1].c.key, -1178010502);
	assert_int_equal(snap_msqs(&s)[1].c.id, 32769);
	assert_int_equal(snap_msqs(&s)[2].c.uid, 65534);
	assert_int_equal(snap_msqs(&s)[2].lrpid, 78);
	assert_int_equal(snap_msqs(&s)[2].rtime, 1700000300);
	/* ctl calls describe the live kernel, not a fixture: unknown */
	assert_true(snap_msqs(&s)[0].qbytes == IPC_UNKNOWN);
	assert_null(snap_sems(&s)[0].sems);
	assert_int_equal(snap_sems(&s)[0].nsems, 3);
	assert_int_equal(snap_sems(&s)[1].c.mode, 0640);
	assert_int_equal(snap_shms(&s)[0].rss, 8192);
	assert_int_equal(snap_shms(&s)[1].size, 1048576);
	assert_int_equal(snap_shms(&s)[1].swap, 4096);
	assert_true(snap_shms(&s)[1].dest);
	assert_false(snap_shms(&s)[1].locked);
	snapshot_free(&s);
}

static void collect_empty_and_header_only(void **state)
{
	static const char *const trees[] = { TREE("empty"), TREE("header") };
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct snapshot s;
		collect(&s, trees[i], true, true, true);
		assert_int_equal(snap_n(&s, KIND_MSG) + snap_n(&s, KIND_SEM) + snap_n(&s, KIND_SHM), 0);
		for (int k = KIND_MSG; k <= KIND_SHM; k++) {
			assert_int_equal(s.list[k].err, 0);
			assert_int_equal(s.list[k].bad_lines, 0);
		}
		snapshot_free(&s);
	}
}

static void collect_malformed(void **state)
{
	struct snapshot s;
	(void)state;
	collect(&s, TREE("malformed"), true, true, true);
	/* bad lines are counted and skipped; the good ones around them kept */
	assert_int_equal(snap_n(&s, KIND_MSG), 2);
	assert_int_equal(s.list[KIND_MSG].bad_lines, 7);
	assert_int_equal(snap_msqs(&s)[0].c.key, 0x1234);
	assert_int_equal(snap_msqs(&s)[1].c.id, 32769);
	assert_int_equal(snap_n(&s, KIND_SEM), 1);
	assert_int_equal(s.list[KIND_SEM].bad_lines, 2);
	assert_int_equal(snap_n(&s, KIND_SHM), 1);
	assert_int_equal(s.list[KIND_SHM].bad_lines, 1);
	for (int k = KIND_MSG; k <= KIND_SHM; k++)
		assert_int_equal(s.list[k].err, 0);
	snapshot_free(&s);
}

static void collect_truncated(void **state)
{
	struct snapshot s;
	(void)state;
	collect(&s, TREE("truncated"), true, true, true);
	/* a last line without its newline was cut short: never trusted,
	 * even when it happens to parse */
	assert_int_equal(snap_n(&s, KIND_MSG), 1);
	assert_int_equal(snap_n(&s, KIND_SEM), 1);
	assert_int_equal(snap_n(&s, KIND_SHM), 1);
	for (int k = KIND_MSG; k <= KIND_SHM; k++)
		assert_int_equal(s.list[k].bad_lines, 1);
	snapshot_free(&s);
}

static void collect_oversized(void **state)
{
	struct snapshot s;
	(void)state;
	collect(&s, TREE("oversized"), true, true, true);
	/* 603 bytes, 5,000 bytes and 200,000 bytes (across read chunks) */
	assert_int_equal(s.list[KIND_MSG].bad_lines, 3);
	assert_int_equal(snap_n(&s, KIND_MSG), 4);
	assert_int_equal(snap_msqs(&s)[3].c.id, 98305);
	assert_int_equal(snap_msqs(&s)[3].c.key, 0x42);
	assert_int_equal(s.list[KIND_MSG].err, 0);
	snapshot_free(&s);
}

static void collect_out_of_range(void **state)
{
	struct snapshot s;
	(void)state;
	collect(&s, TREE("range"), true, true, true);
	assert_int_equal(snap_n(&s, KIND_MSG), 1);
	assert_int_equal(s.list[KIND_MSG].bad_lines, 6);
	assert_int_equal(snap_msqs(&s)[0].c.key, INT32_MIN);
	assert_int_equal(snap_msqs(&s)[0].c.uid, UINT32_MAX);
	snapshot_free(&s);
}

static void collect_pre_4_6(void **state)
{
	struct snapshot s;
	(void)state;
	collect(&s, TREE("old"), false, false, true);
	assert_int_equal(snap_n(&s, KIND_SHM), 2);
	assert_int_equal(s.list[KIND_SHM].bad_lines, 0);
	assert_true(snap_shms(&s)[0].rss == IPC_UNKNOWN);
	assert_true(snap_shms(&s)[1].swap == IPC_UNKNOWN);
	assert_true(snap_shms(&s)[1].locked);
	assert_int_equal(snap_shms(&s)[1].size, 8192);
	snapshot_free(&s);
}

static void collect_not_sysvipc(void **state)
{
	struct snapshot s;
	(void)state;
	collect(&s, TREE("notsysv"), true, true, true);
	/* no header line: not a sysvipc file; an error, not zero objects */
	assert_int_equal(s.list[KIND_MSG].err, -EINVAL);
	assert_int_equal(snap_n(&s, KIND_MSG), 0);
	assert_int_equal(s.list[KIND_SEM].err, 0);
	snapshot_free(&s);
}

static int any_line(void *ctx, const char *line, size_t len, unsigned flags)
{
	(void)line, (void)len, (void)flags;
	++*(int *)ctx;
	return 0;
}

/* A FIFO would block the open (no writer) and a device could be read
 * without end: every reader refuses both without reading. */
static void non_regular_files_refused(void **state)
{
	char dir[] = "/tmp/ipctop-unit-XXXXXX", fifo[256];
	const char *paths[] = { fifo, "/dev/null", "/dev/zero", "/tmp" };
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct file_buf fb;
		long long v;
		int lines = 0;

		assert_int_equal(open_proc_file(AT_FDCWD, paths[i]), -IPCTOP_ENOTREG);
		assert_int_equal(read_whole_file(paths[i], &fb, 4096), -IPCTOP_ENOTREG);
		assert_int_equal(read_lines(paths[i], 128, any_line, &lines), -IPCTOP_ENOTREG);
		assert_int_equal(lines, 0);
		assert_int_equal(read_ints_file(paths[i], &v, 1), -IPCTOP_ENOTREG);
	}
	unlink(fifo);
	rmdir(dir);
}

static void collect_directory_is_error(void **state)
{
	char dir[] = "/tmp/ipctop-unit-XXXXXX", path[256];
	struct snapshot s;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sysvipc", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/sysvipc/msg", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(collect(&s, dir, true, false, false), -IPCTOP_ENOTREG);
	assert_int_equal(s.list[KIND_MSG].err, -IPCTOP_ENOTREG);
	snapshot_free(&s);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/sysvipc", dir);
	rmdir(path);
	rmdir(dir);
}

static void live_detection(void **state)
{
	(void)state;
	struct source src;

	source_init(&src, "/proc");
	assert_true(src.live);
	source_init(&src, "/proc/");
	assert_true(src.live);
	source_init(&src, NULL);
	assert_true(src.live);
	source_init(&src, TREE("good"));
	assert_false(src.live);
	source_init(&src, "/nonexistent");
	assert_false(src.live);
}

static void limits_from_fixture(void **state)
{
	struct ipc_limits l;
	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(sysv_read_limits(&(struct source){ .procfs = TREE("good") }, &l), 0);
	assert_int_equal(l.msgmni, 32000);
	assert_int_equal(l.msgmax, 8192);
	assert_int_equal(l.msgmnb, 16384);
	assert_int_equal(l.semmsl, 32000);
	assert_int_equal(l.semmns, 1024000000);
	assert_int_equal(l.semopm, 500);
	assert_int_equal(l.semmni, 32000);
	assert_int_equal(l.shmmni, 4096);
	/* ULONG_MAX - 2^24: kept exactly, not clamped */
	assert_true(l.shmmax == 18446744073692774399ull);
	assert_true(l.shmall == 18446744073692774399ull);
	assert_true(l.pagesize > 0);
}

static void detail_of_vanished_object(void **state)
{
	struct semset set;
	struct msq q;
	(void)state;
	/* an id no object has (an index beyond any limit): what a set
	 * removed between listing and detail looks like */
	memset(&set, 0, sizeof(set));
	set.c.id = INT32_MAX;
	set.nsems = 3;
	sysv_sem_detail(&set);
	assert_non_null(set.sems);
	assert_true(set.sems_err == -EINVAL || set.sems_err == -EIDRM);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(set.sems[i].num, i);
		assert_true(set.sems[i].value == IPC_UNKNOWN);
		assert_true(set.sems[i].ncnt == IPC_UNKNOWN);
		assert_true(set.sems[i].zcnt == IPC_UNKNOWN);
		assert_true(set.sems[i].pid == IPC_UNKNOWN);
	}
	free(set.sems);
	/* absurd counts are refused before any allocation */
	set.sems = NULL;
	set.nsems = 1LL << 40;
	sysv_sem_detail(&set);
	assert_null(set.sems);
	assert_int_equal(set.sems_err, -E2BIG);
	assert_true(sysv_stat_msg(INT32_MAX, &q) < 0);
}

/* ---- the line reader ---------------------------------------------------- */

struct lines {
	size_t n, toolong, unterminated;
	size_t lens[8];
};

static int count_line(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct lines *l = ctx;
	(void)line;
	if (l->n < 8)
		l->lens[l->n] = len;
	l->n++;
	l->toolong += (flags & LINE_TOO_LONG) != 0;
	l->unterminated += (flags & LINE_UNTERMINATED) != 0;
	return 0;
}

static int stop_at_two(void *ctx, const char *line, size_t len, unsigned flags)
{
	size_t *n = ctx;
	(void)line;
	(void)len;
	(void)flags;
	return ++*n == 2 ? -ECANCELED : 0;
}

static void read_lines_chunks(void **state)
{
	char path[] = "/tmp/ipctop-lines-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	struct lines l = { 0 };
	size_t n = 0;
	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("a\n\n", f);
	for (int i = 0; i < 150000; i++)   /* crosses two read chunks */
		fputc('x', f);
	fputs("\nshort\n", f);
	for (int i = 0; i < 65530; i++)    /* just under a chunk */
		fputc('y', f);
	fputs("\ntail", f);
	fclose(f);

	assert_int_equal(read_lines(path, 512, count_line, &l), 0);
	assert_int_equal(l.n, 6);
	assert_int_equal(l.lens[0], 1);
	assert_int_equal(l.lens[1], 0);
	assert_int_equal(l.lens[2], 512);      /* cut to maxline, flagged */
	assert_int_equal(l.lens[3], 5);
	assert_int_equal(l.lens[4], 512);
	assert_int_equal(l.lens[5], 4);
	assert_int_equal(l.toolong, 2);
	assert_int_equal(l.unterminated, 1);

	assert_int_equal(read_lines(path, 512, stop_at_two, &n), -ECANCELED);
	assert_int_equal(n, 2);
	unlink(path);
	assert_int_equal(read_lines(path, 512, count_line, &l), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_msg_good),
		cmocka_unit_test(parse_sem_good),
		cmocka_unit_test(parse_shm_good_and_old),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(parse_respects_length),
		cmocka_unit_test(collect_good),
		cmocka_unit_test(collect_empty_and_header_only),
		cmocka_unit_test(collect_malformed),
		cmocka_unit_test(collect_truncated),
		cmocka_unit_test(collect_oversized),
		cmocka_unit_test(collect_out_of_range),
		cmocka_unit_test(collect_pre_4_6),
		cmocka_unit_test(collect_not_sysvipc),
		cmocka_unit_test(collect_directory_is_error),
		cmocka_unit_test(non_regular_files_refused),
		cmocka_unit_test(live_detection),
		cmocka_unit_test(detail_of_vanished_object),
		cmocka_unit_test(limits_from_fixture),
		cmocka_unit_test(read_lines_chunks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
