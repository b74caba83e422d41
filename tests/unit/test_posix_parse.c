/* The POSIX object parsers on fixture text — queue files, mountinfo and
 * maps lines, syscall lines — each handed a buffer of exactly its length
 * (no NUL after it), so that AddressSanitizer sees any read past the end;
 * and the /dev/shm lists over a fixture directory: semaphore files of the
 * wrong size or contents leave the value unknown, and what is not a
 * regular file is no object. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/posix.h"

#define PDIR FIXTURES "/posix/"

/* A fixture file in a buffer of exactly its size. */
static char *slurp(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	long n;
	char *buf;

	snprintf(path, sizeof(path), PDIR "%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Line number i (from 1) of a fixture file, in a buffer of its length. */
static char *fixture_line(const char *name, int i, size_t *len)
{
	size_t flen;
	char *all = slurp(name, &flen), *p = all, *end = all + flen, *line;

	for (int k = 1; k < i; k++) {
		p = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(p);
		p++;
	}
	char *nl = memchr(p, '\n', (size_t)(end - p));
	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	line = malloc(*len ? *len : 1);
	assert_non_null(line);
	memcpy(line, p, *len);
	free(all);
	return line;
}

static int parse_mq(const char *name, struct pmq *q)
{
	size_t len;
	char *buf = slurp(name, &len);
	int r;

	memset(q, 0x5a, sizeof(*q));
	q->cbytes = q->signo = q->notify_pid = -42;
	q->notify = PMQ_NOTIFY_UNKNOWN;
	r = posix_parse_mq_file(buf, len, q);
	free(buf);
	return r;
}

static void test_mq_file_registrations(void **state)
{
	struct pmq q;
	(void)state;

	assert_int_equal(parse_mq("mq/none", &q), 0);
	assert_int_equal(q.cbytes, 8);
	assert_int_equal(q.notify, PMQ_NOTIFY_NONE);
	assert_int_equal(q.signo, 0);
	assert_int_equal(q.notify_pid, 0);

	/* NOTIFY:0 is SIGEV_SIGNAL: a registration, told by its pid */
	assert_int_equal(parse_mq("mq/signal", &q), 0);
	assert_int_equal(q.cbytes, 0);
	assert_int_equal(q.notify, PMQ_NOTIFY_SIGNAL);
	assert_int_equal(q.signo, SIGUSR1);
	assert_int_equal(q.notify_pid, 32164);

	assert_int_equal(parse_mq("mq/thread", &q), 0);
	assert_int_equal(q.cbytes, 4096);
	assert_int_equal(q.notify, PMQ_NOTIFY_THREAD);
	assert_int_equal(q.signo, 0);
	assert_int_equal(q.notify_pid, 77);

	assert_int_equal(parse_mq("mq/quiet", &q), 0);
	assert_int_equal(q.notify, PMQ_NOTIFY_QUIET);
	assert_int_equal(q.notify_pid, 5);

	/* registered by a process our pid namespace cannot see: its pid is
	 * unknown, not 0 */
	assert_int_equal(parse_mq("mq/hidden-owner", &q), 0);
	assert_int_equal(q.cbytes, 129);
	assert_int_equal(q.notify, PMQ_NOTIFY_THREAD);
	assert_int_equal(q.notify_pid, IPC_UNKNOWN);
}

static void test_mq_file_layouts(void **state)
{
	struct pmq q;
	(void)state;

	assert_int_equal(parse_mq("mq/spacing", &q), 0);
	assert_int_equal(q.cbytes, 129);
	assert_int_equal(q.notify, PMQ_NOTIFY_SIGNAL);
	assert_int_equal(q.signo, 34);
	assert_int_equal(q.notify_pid, 1234);

	assert_int_equal(parse_mq("mq/no-newline", &q), 0);
	assert_int_equal(q.cbytes, 42);
	assert_int_equal(q.notify, PMQ_NOTIFY_NONE);

	assert_int_equal(parse_mq("mq/max", &q), 0);
	assert_int_equal(q.cbytes, 9223372036854775807LL);
	assert_int_equal(q.notify_pid, 2147483647);

	/* a field a later kernel might add is passed over */
	assert_int_equal(parse_mq("mq/extra-field", &q), 0);
	assert_int_equal(q.cbytes, 7);
}

static void test_mq_file_rejected(void **state)
{
	static const char *const bad[] = {
		"mq/no-pid", "mq/negative", "mq/negative-pid", "mq/huge",
		"mq/huge-pid", "mq/garbage", "mq/garbage-number", "mq/empty",
		"mq/newline-only", "mq/truncated", "mq/duplicate", "mq/bad-notify",
		"mq/signo-without-signal", "mq/two-lines", "mq/overlong",
	};
	struct pmq q;
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(parse_mq(bad[i], &q), -EINVAL);
		/* nothing half-filled */
		assert_int_equal(q.cbytes, -42);
		assert_int_equal(q.notify, PMQ_NOTIFY_UNKNOWN);
	}
}

/* Every prefix of a good line is either rejected or, cut right after
 * the last digit, the same line; none reads past its length. */
static void test_mq_file_prefixes(void **state)
{
	size_t len;
	char *buf = slurp("mq/signal", &len);
	(void)state;

	for (size_t n = 0; n <= len; n++) {
		char *cut = malloc(n ? n : 1);
		struct pmq q;
		int r;

		assert_non_null(cut);
		memcpy(cut, buf, n);
		q.notify_pid = -42;
		r = posix_parse_mq_file(cut, n, &q);
		if (r == 0)
			assert_true(q.notify_pid == 32164 || q.notify_pid == 3216 ||
				    q.notify_pid == 321 || q.notify_pid == 32 ||
				    q.notify_pid == 3);
		else
			assert_int_equal(r, -EINVAL);
		free(cut);
	}
	free(buf);
	/* an embedded NUL is not text the kernel writes */
	assert_int_equal(posix_parse_mq_file("QSIZE:1 NOTIFY:0 SIGNO:0 NOTIFY_PID:0\0", 39,
					     &(struct pmq){ .cbytes = 0 }), -EINVAL);
	assert_int_equal(posix_parse_mq_file("QSIZE:1\0NOTIFY:0 SIGNO:0 NOTIFY_PID:0", 38,
					     &(struct pmq){ .cbytes = 0 }), -EINVAL);
}

static int parse_mi(int line, struct posix_mount *m)
{
	size_t len;
	char *buf = fixture_line("mountinfo", line, &len);
	int r = posix_parse_mountinfo(buf, len, m);

	free(buf);
	return r;
}

static void test_mountinfo(void **state)
{
	struct posix_mount m;
	char val[64];
	(void)state;

	assert_int_equal(parse_mi(1, &m), 0);
	assert_int_equal(m.major, 0);
	assert_int_equal(m.minor, 28);
	assert_string_equal(m.root, "/");
	assert_string_equal(m.mnt, "/dev/mqueue");
	assert_string_equal(m.mnt_opts, "rw,nosuid,nodev,noexec,relatime");
	assert_string_equal(m.fstype, "mqueue");
	assert_string_equal(m.source, "mqueue");
	assert_string_equal(m.super_opts, "rw");
	posix_mount_free(&m);

	assert_int_equal(parse_mi(2, &m), 0);
	assert_string_equal(m.mnt, "/dev/shm");
	assert_string_equal(m.fstype, "tmpfs");
	assert_string_equal(m.super_opts, "rw,inode64");
	assert_int_equal(posix_mount_opt(m.super_opts, "inode64", val, sizeof(val)), 1);
	assert_string_equal(val, "");
	assert_int_equal(posix_mount_opt(m.super_opts, "inode", val, sizeof(val)), 0);
	posix_mount_free(&m);

	assert_int_equal(parse_mi(3, &m), 0);
	assert_string_equal(m.mnt, "/mnt/my queues");
	assert_string_equal(m.fstype, "mqueue");
	posix_mount_free(&m);

	/* several optional fields; tab, newline and backslash escaped */
	assert_int_equal(parse_mi(4, &m), 0);
	assert_string_equal(m.mnt, "/mnt/tab\tnl\nbs\\end");
	assert_string_equal(m.source, "a source");
	assert_int_equal(posix_mount_opt(m.super_opts, "size", val, sizeof(val)), 1);
	assert_string_equal(val, "1024k");
	/* an escaped comma belongs to the value */
	assert_int_equal(posix_mount_opt(m.super_opts, "x", val, sizeof(val)), 1);
	assert_string_equal(val, "a,b");
	assert_int_equal(posix_mount_opt(m.super_opts, "mode", val, 4), -ENAMETOOLONG);
	posix_mount_free(&m);

	/* a subdirectory mounted, device numbers beyond 8 bits */
	assert_int_equal(parse_mi(5, &m), 0);
	assert_int_equal(m.major, 259);
	assert_int_equal(m.minor, 65536);
	assert_string_equal(m.root, "/sub");
	posix_mount_free(&m);

	/* no super options, no "-", bad id, bad device, bad escapes (not
	 * octal, a lone backslash, a NUL), an empty field, a field too many,
	 * a trailing space, too few fields, an empty line, a huge device */
	for (int i = 6; i <= 18; i++) {
		print_message("line %d\n", i);
		memset(&m, 0x5a, sizeof(m));
		assert_int_equal(parse_mi(i, &m), -EINVAL);
		assert_null(m.mnt);
		assert_null(m.fstype);
	}
}

static int parse_maps(int line, struct posix_maps_line *m, char **keep)
{
	size_t len;
	char *buf = fixture_line("maps", line, &len);
	int r = posix_parse_maps_line(buf, len, m);

	*keep = buf;        /* m->path points into it */
	return r;
}

static void test_maps_lines(void **state)
{
	struct posix_maps_line m;
	struct pobj obj = { .dev = makedev(0, 0x1a), .ino = 7 };
	char *b;
	(void)state;

	assert_int_equal(parse_maps(1, &m, &b), 0);
	assert_int_equal(m.start, 0x7f1c2a000000ULL);
	assert_int_equal(m.end, 0x7f1c2a001000ULL);
	assert_string_equal(m.perms, "rw-s");
	assert_int_equal(m.major, 0);
	assert_int_equal(m.minor, 0x1a);
	assert_int_equal(m.ino, 7);
	assert_int_equal(m.pathlen, strlen("/dev/shm/sem.s1"));
	assert_memory_equal(m.path, "/dev/shm/sem.s1", m.pathlen);
	assert_false(m.deleted);
	assert_true(posix_maps_names(&m, &obj));
	obj.ino = 8;
	assert_false(posix_maps_names(&m, &obj));
	obj.ino = 7;
	obj.dev = makedev(0, 0x1b);
	assert_false(posix_maps_names(&m, &obj));
	free(b);

	/* removed while mapped; a space in the name */
	assert_int_equal(parse_maps(2, &m, &b), 0);
	assert_true(m.deleted);
	assert_int_equal(m.pathlen, strlen("/dev/shm/my shm"));
	assert_memory_equal(m.path, "/dev/shm/my shm", m.pathlen);
	assert_int_equal(m.ino, 12);
	free(b);

	assert_int_equal(parse_maps(3, &m, &b), 0);
	assert_int_equal(m.offset, 0x2000);
	assert_int_equal(m.major, 0xfd);
	assert_int_equal(m.minor, 1);
	assert_int_equal(m.ino, 1234567);
	assert_memory_equal(m.path, "/usr/lib/with space.so", m.pathlen);
	assert_int_equal(m.pathlen, strlen("/usr/lib/with space.so"));
	free(b);

	assert_int_equal(parse_maps(4, &m, &b), 0);
	assert_int_equal(m.ino, 0);
	assert_memory_equal(m.path, "[heap]", m.pathlen);
	obj.dev = makedev(0, 0);
	obj.ino = 0;
	/* anonymous memory names no object */
	assert_false(posix_maps_names(&m, &obj));
	free(b);

	/* anonymous, with and without the trailing space */
	for (int i = 5; i <= 6; i++) {
		assert_int_equal(parse_maps(i, &m, &b), 0);
		assert_int_equal(m.pathlen, 0);
		assert_false(m.deleted);
		free(b);
	}

	/* one " (deleted)" is the kernel's; a wide minor number */
	assert_int_equal(parse_maps(7, &m, &b), 0);
	assert_true(m.deleted);
	assert_memory_equal(m.path, "/dev/shm/a (deleted)", m.pathlen);
	assert_int_equal(m.pathlen, strlen("/dev/shm/a (deleted)"));
	assert_int_equal(m.major, 0x103);
	assert_int_equal(m.minor, 0x1a2);
	free(b);

	assert_int_equal(parse_maps(8, &m, &b), 0);
	assert_memory_equal(m.path, "/dev/shm/new\\012line", m.pathlen);
	free(b);

	/* no range, no inode, no colon, not hex, not a range, five
	 * permission letters, end before start, inode not a number, too big */
	for (int i = 9; i <= 18; i++) {
		print_message("line %d\n", i);
		assert_int_equal(parse_maps(i, &m, &b), -EINVAL);
		free(b);
	}
}

static void test_stat_names(void **state)
{
	struct pobj obj = { .dev = 0x1a, .ino = 99 };
	struct stat st;
	(void)state;

	memset(&st, 0, sizeof(st));
	st.st_mode = S_IFREG | 0600;
	st.st_dev = 0x1a;
	st.st_ino = 99;
	assert_true(posix_stat_names(&st, &obj));
	st.st_ino = 98;
	assert_false(posix_stat_names(&st, &obj));
	st.st_ino = 99;
	st.st_dev = 0x1b;
	assert_false(posix_stat_names(&st, &obj));
	/* a pipe with the same numbers on another kind of inode */
	st.st_dev = 0x1a;
	st.st_mode = S_IFIFO | 0600;
	assert_false(posix_stat_names(&st, &obj));
}

static void test_mq_syscall(void **state)
{
	char line[128];
	bool send = false;
	int fd = -1;
	(void)state;

	snprintf(line, sizeof(line), "%d 0x3 0x7ffd8a5c1230 0x2000 0x0 0x0 0x0 0x7ffd8a5c1200 0x7f1c2a0e5b7a\n",
		 (int)SYS_mq_timedreceive);
	assert_int_equal(posix_parse_mq_syscall(line, &send, &fd), 0);
	assert_false(send);
	assert_int_equal(fd, 3);

	snprintf(line, sizeof(line), "%d 0x11 0x7ffd8a5c1230 0x5 0x0 0x0 0x0 0x7ffd8a5c1200 0x7f1c2a0e5b7a\n",
		 (int)SYS_mq_timedsend);
	assert_int_equal(posix_parse_mq_syscall(line, &send, &fd), 0);
	assert_true(send);
	assert_int_equal(fd, 17);

	/* another syscall on the same descriptor: not a queue wait */
	snprintf(line, sizeof(line), "%d 0x3 0x0 0x0 0x0 0x0 0x0 0x7ffd8a5c1200 0x7f1c2a0e5b7a\n",
		 (int)SYS_read);
	assert_int_equal(posix_parse_mq_syscall(line, &send, &fd), -ENOENT);
	assert_int_equal(posix_parse_mq_syscall("running\n", &send, &fd), -EAGAIN);
	assert_int_equal(posix_parse_mq_syscall("-1 0x7ffd8a5c1200 0x7f1c2a0e5b7a\n", &send, &fd), -EAGAIN);
	assert_int_equal(posix_parse_mq_syscall("", &send, &fd), -EINVAL);
	assert_int_equal(posix_parse_mq_syscall("garbage\n", &send, &fd), -EINVAL);
	snprintf(line, sizeof(line), "%d 0xffffffff 0x0\n", (int)SYS_mq_timedsend);
	assert_int_equal(posix_parse_mq_syscall(line, &send, &fd), -EINVAL);
}

static struct psem *find_sem(struct psem *v, size_t n, const char *raw)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].c.raw, raw) == 0)
			return &v[i];
	return NULL;
}

/* The fixture /dev/shm: glibc semaphores (sem_open's and sem_init's
 * private field), the wrong sizes, a foreign private field, a value no
 * sem_t holds, "sem." alone, a data file, a directory, a symlink. */
static void test_shm_dir_fixture(void **state)
{
	int dfd = open(PDIR "shm", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct psem *sv, *s;
	struct pshm *hv;
	size_t n;
	(void)state;

	assert_true(dfd >= 0);
	assert_int_equal(posix_list_sem(dfd, &sv, &n), 0);
	assert_int_equal(n, 6);
	/* sorted by name */
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(sv[i - 1].c.raw, sv[i].c.raw) < 0);
	assert_non_null(s = find_sem(sv, n, "/good"));
	assert_string_equal(s->c.name, "/good");
	assert_int_equal(s->value, 5);
	assert_int_equal(s->nwaiters, 2);
	assert_non_null(s = find_sem(sv, n, "/init"));
	assert_int_equal(s->value, 7);
	assert_int_equal(s->nwaiters, 0);
	static const char *const unknown[] = { "/short", "/long", "/badpriv", "/toobig" };
	for (size_t i = 0; i < 4; i++) {
		assert_non_null(s = find_sem(sv, n, unknown[i]));
		assert_int_equal(s->value, IPC_UNKNOWN);
		assert_int_equal(s->nwaiters, IPC_UNKNOWN);
	}
	psem_array_free(sv, n);

	assert_int_equal(posix_list_shm(dfd, &hv, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(hv[0].c.raw, "/data");
	assert_int_equal(hv[0].size, 100);
	assert_string_equal(hv[1].c.raw, "/sem.");
	pshm_array_free(hv, n);
	close(dfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mq_file_registrations),
		cmocka_unit_test(test_mq_file_layouts),
		cmocka_unit_test(test_mq_file_rejected),
		cmocka_unit_test(test_mq_file_prefixes),
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_maps_lines),
		cmocka_unit_test(test_stat_names),
		cmocka_unit_test(test_mq_syscall),
		cmocka_unit_test(test_shm_dir_fixture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
