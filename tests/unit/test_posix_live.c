/* The POSIX lists against real objects: queues made with mq_open (sizes,
 * messages, each kind of notification), shared memory objects written to
 * known sizes, semaphores with a waiter, each field compared with what was
 * created and with what the kernel reports (stat, the queue's own file);
 * readers without permission; where the queues are found with and without
 * the right to mount; the processes' side (maps, fds, a blocked receive);
 * and removal, which must refuse an object replaced under the same name.
 *
 * Needs root: the program moves into its own IPC and mount namespaces,
 * with a fresh tmpfs on /dev/shm (so shm_open and sem_open work as usual)
 * and on /tmp, and no /dev/mqueue; all of it dies with the process.
 * Without root every test is skipped. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <mqueue.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/act.h"
#include "ipctop/posix.h"

#define MQUEUE_FS_MAGIC 0x19800202
#define NOBODY 65534
#define MQ_MOUNT "/tmp/my queues"

static const char *skip_why;
static struct pmq_dir mqd = { .fd = -1 };
static int shmfd = -1;
static pid_t kids[8];
static size_t nkids;

#define NEED_ROOT() do { \
	if (skip_why) { \
		print_message("skipped: %s\n", skip_why); \
		skip(); \
	} \
} while (0)

/* ---- children ---- */

/* Start fn in a child: it sets up, says so through the pipe, and stays
 * (it holds a registration, a mapping or a blocked call) until killed
 * by the teardown. Returns its pid once it is ready. */
static pid_t spawn(int (*fn)(int ready))
{
	int p[2];
	char c = 0;
	pid_t pid;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		_exit(fn(p[1]));
	}
	close(p[1]);
	kids[nkids++] = pid;
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	assert_int_equal(c, 'r');
	return pid;
}

static void ready(int fd)
{
	char c = 'r';

	if (write(fd, &c, 1) != 1)
		_exit(99);
	close(fd);
}

/* Run fn in a child and return what it returned (0, or the line of the
 * check that failed): for checks made with other credentials. */
static int in_child(int (*fn)(void))
{
	int p[2], r = -1, st;
	pid_t pid;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		r = fn();
		_exit(write(p[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(p[1]);
	if (read(p[0], &r, sizeof(r)) != sizeof(r))
		r = -1;
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return r;
}

#define CHECK(cond) do { if (!(cond)) return __LINE__; } while (0)

static int become_nobody(void)
{
	return setgroups(0, NULL) == 0 && setresgid(NOBODY, NOBODY, NOBODY) == 0 &&
	       setresuid(NOBODY, NOBODY, NOBODY) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static bool wait_for(bool (*cond)(void *), void *arg, int seconds)
{
	struct timespec start, now, pause = { 0, 10 * 1000 * 1000 };

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (cond(arg))
			return true;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > seconds)
			return false;
		nanosleep(&pause, NULL);
	}
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static struct pmq *find_mq(struct pmq *v, size_t n, const char *raw)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].c.raw, raw) == 0)
			return &v[i];
	return NULL;
}

static struct pshm *find_shm(struct pshm *v, size_t n, const char *raw)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].c.raw, raw) == 0)
			return &v[i];
	return NULL;
}

static struct psem *find_sem(struct psem *v, size_t n, const char *raw)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].c.raw, raw) == 0)
			return &v[i];
	return NULL;
}

static void assert_same_stat(const struct pobj *c, const struct stat *st)
{
	assert_int_equal(c->dev, (uint64_t)st->st_dev);
	assert_int_equal(c->ino, (uint64_t)st->st_ino);
	assert_int_equal(c->uid, st->st_uid);
	assert_int_equal(c->gid, st->st_gid);
	assert_int_equal(c->mode, st->st_mode & 07777);
	assert_int_equal(c->mtime, st->st_mtim.tv_sec);
}

static mqd_t new_queue(const char *name, mode_t mode, long maxmsg, long msgsize)
{
	struct mq_attr a = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
	mqd_t q;

	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, mode, &a);
	assert_true(q >= 0);
	/* the mode is filtered through the umask */
	assert_int_equal(fchmod(q, mode), 0);
	return q;
}

/* Everything a test made, even when it failed half-way. */
static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < nkids; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	nkids = 0;
	if (skip_why)
		return 0;
	struct pmq *q;
	struct pshm *s;
	struct psem *m;
	size_t n;
	if (posix_list_mq(mqd.fd, &q, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			mq_unlink(q[i].c.raw);
		pmq_array_free(q, n);
	}
	if (posix_list_shm(shmfd, &s, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			shm_unlink(s[i].c.raw);
		pshm_array_free(s, n);
	}
	if (posix_list_sem(shmfd, &m, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			sem_unlink(m[i].c.raw);
		psem_array_free(m, n);
	}
	while (umount2(MQ_MOUNT, MNT_DETACH) == 0)
		;
	rmdir(MQ_MOUNT);
	static const char *const odd[] = { "dir", "fifo", "sem.fifo", "link", "sem.short" };
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		unlinkat(shmfd, odd[i], 0);
		unlinkat(shmfd, odd[i], AT_REMOVEDIR);
	}
	return 0;
}

/* ---- where the queues are ---- */

static void test_mq_dir_private(void **state)
{
	struct pmq_dir d;
	struct statfs sf;
	struct pmq *v;
	size_t n;
	mqd_t q;
	(void)state;

	NEED_ROOT();
	/* no mqueue file system is mounted anywhere here */
	assert_int_equal(posix_mq_dir(NULL, &d), 0);
	assert_int_equal(d.from, PMQ_DIR_PRIVATE);
	assert_null(d.hint);
	assert_int_equal(fstatfs(d.fd, &sf), 0);
	assert_int_equal(sf.f_type, MQUEUE_FS_MAGIC);
	/* it shows this namespace's queues */
	q = new_queue("/probe", 0600, 1, 8);
	assert_int_equal(posix_list_mq(d.fd, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].c.raw, "/probe");
	pmq_array_free(v, n);
	mq_close(q);
	pmq_dir_close(&d);
	assert_int_equal(d.fd, -1);
}

static int nobody_no_mount(void)
{
	struct pmq_dir d;

	CHECK(become_nobody() == 0);
	CHECK(posix_mq_dir(NULL, &d) == -ENOENT);
	CHECK(d.fd == -1);
	CHECK(d.hint && strstr(d.hint, "mount -t mqueue"));
	return 0;
}

static int nobody_finds_mount(void)
{
	struct pmq_dir d;
	struct pmq *v;
	size_t n;

	CHECK(become_nobody() == 0);
	CHECK(posix_mq_dir(NULL, &d) == 0);
	CHECK(d.from == PMQ_DIR_MOUNT);
	CHECK(strcmp(d.mnt, MQ_MOUNT) == 0);
	CHECK(posix_list_mq(d.fd, &v, &n) == 0);
	CHECK(n == 1 && strcmp(v[0].c.raw, "/pub") == 0);
	/* readable by all: the details too */
	CHECK(v[0].cbytes == 3 && v[0].qnum == 1 && v[0].maxmsg == 2);
	pmq_array_free(v, n);
	pmq_dir_close(&d);
	return 0;
}

/* Without the right to mount: a mount from mountinfo, found through a
 * mount point with a space in it, and only while it is not covered. */
static void test_mq_dir_from_mounts(void **state)
{
	mqd_t q;
	(void)state;

	NEED_ROOT();
	q = new_queue("/pub", 0644, 2, 16);
	assert_int_equal(mq_send(q, "abc", 3, 0), 0);
	assert_int_equal(in_child(nobody_no_mount), 0);
	assert_int_equal(mkdir(MQ_MOUNT, 0755), 0);
	assert_int_equal(mount("none", MQ_MOUNT, "mqueue", 0, NULL), 0);
	assert_int_equal(in_child(nobody_finds_mount), 0);
	/* something mounted over it hides it */
	assert_int_equal(mount("none", MQ_MOUNT, "tmpfs", 0, NULL), 0);
	assert_int_equal(in_child(nobody_no_mount), 0);
	assert_int_equal(umount(MQ_MOUNT), 0);
	assert_int_equal(umount(MQ_MOUNT), 0);
	assert_int_equal(rmdir(MQ_MOUNT), 0);
	mq_close(q);
}

/* ---- queues ---- */

static int register_all(int fd)
{
	static const char *const names[] = { "/q.sig", "/q.thr", "/q.quiet" };
	struct sigevent ev[3];
	sigset_t set;

	/* the signal is queued, never delivered, if a message ever came */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(ev, 0, sizeof(ev));
	ev[0].sigev_notify = SIGEV_SIGNAL;
	ev[0].sigev_signo = SIGUSR1;
	ev[1].sigev_notify = SIGEV_THREAD;
	ev[2].sigev_notify = SIGEV_NONE;
	for (int i = 0; i < 3; i++) {
		mqd_t q = mq_open(names[i], O_RDONLY);

		if (q < 0 || mq_notify(q, &ev[i]) != 0)
			return 10 + i;
		/* q stays open: closing it would cancel the registration */
	}
	ready(fd);
	for (;;)
		pause();
}

static void test_mq_list(void **state)
{
	char buf[128];
	struct mq_attr a;
	struct stat st;
	struct pmq *v, *e;
	size_t n;
	mqd_t qa, qs, qt, qq, qw;
	pid_t kid;
	int fds, f;
	ssize_t len;
	(void)state;

	NEED_ROOT();
	qa = new_queue("/q.a", 0640, 5, 100);
	assert_int_equal(mq_send(qa, "hello", 5, 0), 0);
	assert_int_equal(mq_send(qa, "abc", 3, 0), 0);
	qs = new_queue("/q.sig", 0600, 1, 8);
	qt = new_queue("/q.thr", 0600, 1, 8);
	qq = new_queue("/q.quiet", 0600, 1, 8);
	qw = new_queue("/q\x1b[31mred", 0600, 1, 8);
	kid = spawn(register_all);

	fds = count_fds();
	assert_int_equal(posix_list_mq(mqd.fd, &v, &n), 0);
	assert_int_equal(count_fds(), fds);
	assert_int_equal(n, 5);

	assert_non_null(e = find_mq(v, n, "/q.a"));
	assert_string_equal(e->c.name, "/q.a");
	assert_int_equal(fstat(qa, &st), 0);
	assert_same_stat(&e->c, &st);
	assert_int_equal(e->c.uid, 0);
	assert_int_equal(e->c.mode, 0640);
	assert_int_equal(e->cbytes, 8);
	assert_int_equal(e->qnum, 2);
	assert_int_equal(e->maxmsg, 5);
	assert_int_equal(e->msgsize, 100);
	assert_int_equal(e->notify, PMQ_NOTIFY_NONE);
	assert_int_equal(e->signo, 0);
	assert_int_equal(e->notify_pid, 0);
	/* what the kernel itself says */
	f = openat(mqd.fd, "q.a", O_RDONLY | O_CLOEXEC);
	assert_true(f >= 0);
	len = read(f, buf, sizeof(buf) - 1);
	close(f);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_memory_equal(buf, "QSIZE:8 ", 8);

	assert_non_null(e = find_mq(v, n, "/q.sig"));
	assert_int_equal(e->notify, PMQ_NOTIFY_SIGNAL);
	assert_int_equal(e->signo, SIGUSR1);
	assert_int_equal(e->notify_pid, kid);
	assert_int_equal(e->cbytes, 0);
	assert_int_equal(e->qnum, 0);
	assert_int_equal(e->maxmsg, 1);
	assert_int_equal(e->msgsize, 8);

	assert_non_null(e = find_mq(v, n, "/q.thr"));
	assert_int_equal(e->notify, PMQ_NOTIFY_THREAD);
	assert_int_equal(e->signo, 0);
	assert_int_equal(e->notify_pid, kid);

	assert_non_null(e = find_mq(v, n, "/q.quiet"));
	assert_int_equal(e->notify, PMQ_NOTIFY_QUIET);
	assert_int_equal(e->notify_pid, kid);

	/* an escape sequence in a name is shown as text, kept as bytes */
	assert_non_null(e = find_mq(v, n, "/q\x1b[31mred"));
	assert_string_equal(e->c.name, "/q\\x1b[31mred");
	pmq_array_free(v, n);

	/* nothing was taken, and the registrations are still there */
	assert_int_equal(mq_getattr(qa, &a), 0);
	assert_int_equal(a.mq_curmsgs, 2);
	assert_int_equal(mq_receive(qa, buf, sizeof(buf), NULL), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(posix_list_mq(mqd.fd, &v, &n), 0);
	assert_int_equal(find_mq(v, n, "/q.sig")->notify, PMQ_NOTIFY_SIGNAL);
	assert_int_equal(find_mq(v, n, "/q.a")->cbytes, 3);
	assert_int_equal(find_mq(v, n, "/q.a")->qnum, 1);
	pmq_array_free(v, n);
	mq_close(qa);
	mq_close(qs);
	mq_close(qt);
	mq_close(qq);
	mq_close(qw);
}

static int nobody_lists_queues(void)
{
	struct pmq *v, *e;
	size_t n;

	CHECK(become_nobody() == 0);
	CHECK(posix_list_mq(mqd.fd, &v, &n) == 0);
	CHECK(n == 2);
	/* not readable: who owns it and how, but nothing of its contents */
	CHECK((e = find_mq(v, n, "/closed")) != NULL);
	CHECK(e->c.uid == 0 && e->c.mode == 0640);
	CHECK(e->cbytes == IPC_UNKNOWN && e->qnum == IPC_UNKNOWN);
	CHECK(e->maxmsg == IPC_UNKNOWN && e->msgsize == IPC_UNKNOWN);
	CHECK(e->notify == PMQ_NOTIFY_UNKNOWN && e->signo == IPC_UNKNOWN &&
	      e->notify_pid == IPC_UNKNOWN);
	CHECK((e = find_mq(v, n, "/open")) != NULL);
	CHECK(e->cbytes == 2 && e->qnum == 1 && e->maxmsg == 3 && e->msgsize == 32);
	CHECK(e->notify == PMQ_NOTIFY_NONE);
	pmq_array_free(v, n);
	return 0;
}

static void test_mq_unreadable(void **state)
{
	mqd_t c, o;
	(void)state;

	NEED_ROOT();
	c = new_queue("/closed", 0640, 2, 16);
	o = new_queue("/open", 0644, 3, 32);
	assert_int_equal(mq_send(c, "x", 1, 0), 0);
	assert_int_equal(mq_send(o, "xy", 2, 0), 0);
	assert_int_equal(in_child(nobody_lists_queues), 0);
	mq_close(c);
	mq_close(o);
}

/* ---- shared memory ---- */

static void test_shm_list(void **state)
{
	char data[5000];
	struct stat sa, se;
	struct pshm *v, *e;
	struct psem *sv;
	size_t n;
	int a, z;
	(void)state;

	NEED_ROOT();
	a = shm_open("/s.a", O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	assert_true(a >= 0);
	assert_int_equal(ftruncate(a, 10000), 0);
	memset(data, 'x', sizeof(data));
	assert_int_equal(pwrite(a, data, sizeof(data), 0), (ssize_t)sizeof(data));
	z = shm_open("/s.empty", O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0644);
	assert_true(z >= 0);
	assert_int_equal(fchmod(z, 0644), 0);
	/* not objects: a directory, FIFOs (one named like a semaphore), a
	 * symlink; opening a FIFO would wait for a writer */
	assert_int_equal(mkdirat(shmfd, "dir", 0700), 0);
	assert_int_equal(mkfifoat(shmfd, "fifo", 0600), 0);
	assert_int_equal(mkfifoat(shmfd, "sem.fifo", 0600), 0);
	assert_int_equal(symlinkat("s.a", shmfd, "link"), 0);

	assert_int_equal(posix_list_shm(shmfd, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_non_null(e = find_shm(v, n, "/s.a"));
	assert_int_equal(fstat(a, &sa), 0);
	assert_same_stat(&e->c, &sa);
	assert_int_equal(e->c.ctime, sa.st_ctim.tv_sec);
	assert_int_equal(e->size, 10000);
	assert_int_equal(e->alloc, (long long)sa.st_blocks * 512);
	assert_true(e->alloc >= 5000 && e->alloc < 10000);
	assert_non_null(e = find_shm(v, n, "/s.empty"));
	assert_int_equal(fstat(z, &se), 0);
	assert_same_stat(&e->c, &se);
	assert_int_equal(e->c.mode, 0644);
	assert_int_equal(e->size, 0);
	assert_int_equal(e->alloc, 0);
	pshm_array_free(v, n);

	assert_int_equal(posix_list_sem(shmfd, &sv, &n), 0);
	assert_int_equal(n, 0);
	psem_array_free(sv, n);
	close(a);
	close(z);
}

/* ---- semaphores ---- */

static int wait_on_sem0(int fd)
{
	sem_t *s = sem_open("/sem0", 0);

	if (s == SEM_FAILED)
		return 20;
	ready(fd);
	return sem_wait(s) == 0 ? 0 : 21;
}

static bool sem0_has_waiter(void *arg)
{
	struct psem *v, *s;
	size_t n;
	bool yes;

	(void)arg;
	assert_int_equal(posix_list_sem(shmfd, &v, &n), 0);
	s = find_sem(v, n, "/sem0");
	assert_non_null(s);
	yes = s->nwaiters == 1;
	if (yes)
		assert_int_equal(s->value, 0);
	psem_array_free(v, n);
	return yes;
}

static int nobody_lists_sems(void)
{
	struct psem *v, *e;
	size_t n;

	CHECK(become_nobody() == 0);
	CHECK(posix_list_sem(shmfd, &v, &n) == 0);
	CHECK((e = find_sem(v, n, "/sem1")) != NULL);
	CHECK(e->c.uid == 0 && e->c.mode == 0600);
	CHECK(e->value == IPC_UNKNOWN && e->nwaiters == IPC_UNKNOWN);
	psem_array_free(v, n);
	return 0;
}

static void test_sem_list(void **state)
{
	sem_t *s1, *s0;
	struct stat st;
	struct psem *v, *e;
	size_t n;
	pid_t kid;
	int status, f;
	(void)state;

	NEED_ROOT();
	s1 = sem_open("/sem1", O_CREAT | O_EXCL, 0600, 3);
	assert_true(s1 != SEM_FAILED);
	s0 = sem_open("/sem0", O_CREAT | O_EXCL, 0600, 0);
	assert_true(s0 != SEM_FAILED);
	/* a file named like a semaphore but of another size */
	f = openat(shmfd, "sem.short", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
	assert_true(f >= 0);
	assert_int_equal(write(f, "\x05\0\0\0\0\0\0\0\x80\0\0\0\0\0\0\0", 16), 16);
	close(f);

	assert_int_equal(posix_list_sem(shmfd, &v, &n), 0);
	assert_int_equal(n, 3);
	assert_non_null(e = find_sem(v, n, "/sem1"));
	assert_string_equal(e->c.name, "/sem1");
	assert_int_equal(fstatat(shmfd, "sem.sem1", &st, 0), 0);
	assert_same_stat(&e->c, &st);
	assert_int_equal(e->value, 3);
	assert_int_equal(e->nwaiters, 0);
	assert_non_null(e = find_sem(v, n, "/short"));
	assert_int_equal(e->value, IPC_UNKNOWN);
	assert_int_equal(e->nwaiters, IPC_UNKNOWN);
	psem_array_free(v, n);

	assert_int_equal(sem_wait(s1), 0);
	kid = spawn(wait_on_sem0);
	assert_true(wait_for(sem0_has_waiter, NULL, 10));
	assert_int_equal(sem_post(s0), 0);
	assert_int_equal(waitpid(kid, &status, 0), kid);
	nkids--;
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(posix_list_sem(shmfd, &v, &n), 0);
	assert_int_equal(find_sem(v, n, "/sem0")->value, 0);
	assert_int_equal(find_sem(v, n, "/sem0")->nwaiters, 0);
	assert_int_equal(find_sem(v, n, "/sem1")->value, 2);
	psem_array_free(v, n);

	assert_int_equal(in_child(nobody_lists_sems), 0);
	sem_close(s1);
	sem_close(s0);
}

/* ---- the processes' side ---- */

static int map_and_receive(int fd)
{
	int m = shm_open("/m", O_RDWR, 0);
	mqd_t q = mq_open("/wq", O_RDONLY);
	char buf[16];

	if (m < 0 || q < 0)
		return 30;
	if (mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, m, 0) == MAP_FAILED)
		return 31;
	close(m);
	ready(fd);
	/* blocks: nothing is ever sent */
	return mq_receive(q, buf, sizeof(buf), NULL) < 0 ? 32 : 0;
}

/* Does kid's maps hold a line naming obj? Its deleted flag in *deleted. */
static bool maps_name(pid_t kid, const struct pobj *obj, bool *deleted)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)kid);
	f = fopen(path, "re");
	assert_non_null(f);
	while (!found && (len = getline(&line, &cap, f)) > 0) {
		struct posix_maps_line m;

		assert_int_equal(posix_parse_maps_line(line, (size_t)len, &m), 0);
		if (posix_maps_names(&m, obj)) {
			found = true;
			*deleted = m.deleted;
			assert_int_equal(m.pathlen, strlen("/dev/shm/m"));
			assert_memory_equal(m.path, "/dev/shm/m", m.pathlen);
		}
	}
	free(line);
	fclose(f);
	return found;
}

struct blocked {
	pid_t pid;
	int fd;
};

static bool receive_blocked(void *arg)
{
	struct blocked *b = arg;
	char path[64], buf[256];
	bool send = true;
	ssize_t len;
	int f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)b->pid);
	f = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(f >= 0);
	len = read(f, buf, sizeof(buf) - 1);
	close(f);
	assert_true(len > 0);
	buf[len] = '\0';
	return posix_parse_mq_syscall(buf, &send, &b->fd) == 0 && !send;
}

static void test_process_side(void **state)
{
	char path[64];
	struct blocked b;
	struct stat st;
	struct pshm *sv;
	struct pmq *qv;
	size_t ns, nq;
	bool deleted = true;
	int m;
	mqd_t q;
	(void)state;

	NEED_ROOT();
	m = shm_open("/m", O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	assert_true(m >= 0);
	assert_int_equal(ftruncate(m, 4096), 0);
	close(m);
	q = new_queue("/wq", 0600, 1, 16);
	b.pid = spawn(map_and_receive);
	assert_int_equal(posix_list_shm(shmfd, &sv, &ns), 0);
	assert_int_equal(ns, 1);
	assert_int_equal(posix_list_mq(mqd.fd, &qv, &nq), 0);
	assert_int_equal(nq, 1);

	assert_true(maps_name(b.pid, &sv[0].c, &deleted));
	assert_false(deleted);
	/* removed while mapped: still it, by dev and inode */
	assert_int_equal(shm_unlink("/m"), 0);
	assert_true(maps_name(b.pid, &sv[0].c, &deleted));
	assert_true(deleted);
	/* not some other object */
	sv[0].c.ino++;
	assert_false(maps_name(b.pid, &sv[0].c, &deleted));

	assert_true(wait_for(receive_blocked, &b, 10));
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)b.pid, b.fd);
	assert_int_equal(stat(path, &st), 0);
	assert_true(posix_stat_names(&st, &qv[0].c));
	pshm_array_free(sv, ns);
	pmq_array_free(qv, nq);
	mq_close(q);
}

/* ---- removal ---- */

/* A deep copy of what a list showed, kept after the list is freed. */
static struct pobj keep(const struct pobj *c)
{
	struct pobj k = *c;

	k.name = strdup(c->name);
	k.raw = strdup(c->raw);
	assert_non_null(k.name);
	assert_non_null(k.raw);
	return k;
}

static void drop(struct pobj *k)
{
	free(k->name);
	free(k->raw);
}

static void test_unlink_shm(void **state)
{
	struct pshm *v, old, now;
	struct stat st;
	size_t n;
	int f;
	(void)state;

	NEED_ROOT();
	f = shm_open("/r", O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	assert_true(f >= 0);
	close(f);
	assert_int_equal(posix_list_shm(shmfd, &v, &n), 0);
	assert_int_equal(n, 1);
	old = v[0];
	old.c = keep(&v[0].c);
	pshm_array_free(v, n);
	/* the same name, given to a new object */
	assert_int_equal(shm_unlink("/r"), 0);
	f = shm_open("/r", O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	assert_true(f >= 0);
	close(f);
	assert_int_equal(posix_unlink_shm(shmfd, &old), -ESTALE);
	assert_int_equal(fstatat(shmfd, "r", &st, 0), 0);

	assert_int_equal(posix_list_shm(shmfd, &v, &n), 0);
	now = v[0];
	now.c = keep(&v[0].c);
	pshm_array_free(v, n);
	/* changed (chmod, resize, write) since it was seen */
	now.c.ctime--;
	assert_int_equal(posix_unlink_shm(shmfd, &now), -ESTALE);
	now.c.ctime++;
	assert_int_equal(posix_unlink_shm(shmfd, &now), 0);
	assert_int_equal(shm_open("/r", O_RDONLY, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(posix_unlink_shm(shmfd, &now), -ENOENT);
	assert_int_equal(posix_unlink_shm(shmfd, &old), -ENOENT);
	drop(&old.c);
	drop(&now.c);
}

static void test_unlink_mq(void **state)
{
	struct pmq *v, old, now;
	size_t n;
	mqd_t q;
	(void)state;

	NEED_ROOT();
	q = new_queue("/rq", 0600, 1, 8);
	mq_close(q);
	assert_int_equal(posix_list_mq(mqd.fd, &v, &n), 0);
	assert_int_equal(n, 1);
	old = v[0];
	old.c = keep(&v[0].c);
	pmq_array_free(v, n);
	assert_int_equal(mq_unlink("/rq"), 0);
	q = new_queue("/rq", 0600, 1, 8);
	assert_int_equal(posix_unlink_mq(mqd.fd, &old), -ESTALE);
	mq_close(q);
	q = mq_open("/rq", O_RDONLY);
	assert_true(q >= 0);
	mq_close(q);

	assert_int_equal(posix_list_mq(mqd.fd, &v, &n), 0);
	now = v[0];
	now.c = keep(&v[0].c);
	pmq_array_free(v, n);
	/* a queue's ctime moves with each message and each read of its
	 * file: it is no sign of another queue */
	now.c.ctime--;
	assert_int_equal(posix_unlink_mq(mqd.fd, &now), 0);
	assert_int_equal(mq_open("/rq", O_RDONLY), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(posix_unlink_mq(mqd.fd, &now), -ENOENT);
	drop(&old.c);
	drop(&now.c);
}

static void test_unlink_sem(void **state)
{
	struct psem *v, old, now;
	size_t n;
	sem_t *s;
	(void)state;

	NEED_ROOT();
	s = sem_open("/rs", O_CREAT | O_EXCL, 0600, 1);
	assert_true(s != SEM_FAILED);
	sem_close(s);
	assert_int_equal(posix_list_sem(shmfd, &v, &n), 0);
	assert_int_equal(n, 1);
	old = v[0];
	old.c = keep(&v[0].c);
	psem_array_free(v, n);
	assert_int_equal(sem_unlink("/rs"), 0);
	s = sem_open("/rs", O_CREAT | O_EXCL, 0600, 1);
	assert_true(s != SEM_FAILED);
	sem_close(s);
	assert_int_equal(posix_unlink_sem(shmfd, &old), -ESTALE);

	assert_int_equal(posix_list_sem(shmfd, &v, &n), 0);
	now = v[0];
	now.c = keep(&v[0].c);
	psem_array_free(v, n);
	assert_int_equal(posix_unlink_sem(shmfd, &now), 0);
	assert_true(sem_open("/rs", 0) == SEM_FAILED);
	assert_int_equal(errno, ENOENT);
	drop(&old.c);
	drop(&now.c);
}

/* A name that is not one directory entry is refused before any lookup. */
static void test_unlink_bad_names(void **state)
{
	static char *const bad[] = { "/../x", "x", "/", "/.", "/..", "/a/b", "" };
	struct pshm s;
	int f;
	(void)state;

	NEED_ROOT();
	f = shm_open("/x", O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	assert_true(f >= 0);
	close(f);
	memset(&s, 0, sizeof(s));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.c.raw = bad[i];
		assert_int_equal(posix_unlink_shm(shmfd, &s), -EINVAL);
	}
	s.c.raw = NULL;
	assert_int_equal(posix_unlink_shm(shmfd, &s), -EINVAL);
	assert_int_equal(faccessat(shmfd, "x", F_OK, 0), 0);
}

/* ---- the private world ---- */

static const char *enter_private_world(void)
{
	if (geteuid() != 0)
		return "not root: real POSIX objects need private IPC and mount namespaces";
	if (unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0)
		return "unshare(CLONE_NEWIPC | CLONE_NEWNS) failed";
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return "cannot make / private";
	if (mount("ipctop-test", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
		return "cannot mount a tmpfs on /dev/shm";
	if (mount("ipctop-test", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
		return "cannot mount a tmpfs on /tmp";
	/* the host's queue mount, if any, would be another namespace's */
	while (umount2("/dev/mqueue", MNT_DETACH) == 0)
		;
	if (posix_mq_dir(NULL, &mqd) < 0 || mqd.from != PMQ_DIR_PRIVATE)
		return "no private mqueue mount";
	shmfd = open("/dev/shm", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (shmfd < 0)
		return "cannot open /dev/shm";
	umask(022);
	return NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_mq_dir_private, teardown),
		cmocka_unit_test_teardown(test_mq_dir_from_mounts, teardown),
		cmocka_unit_test_teardown(test_mq_list, teardown),
		cmocka_unit_test_teardown(test_mq_unreadable, teardown),
		cmocka_unit_test_teardown(test_shm_list, teardown),
		cmocka_unit_test_teardown(test_sem_list, teardown),
		cmocka_unit_test_teardown(test_process_side, teardown),
		cmocka_unit_test_teardown(test_unlink_shm, teardown),
		cmocka_unit_test_teardown(test_unlink_mq, teardown),
		cmocka_unit_test_teardown(test_unlink_sem, teardown),
		cmocka_unit_test_teardown(test_unlink_bad_names, teardown),
	};
	int r;

	skip_why = enter_private_world();
	r = cmocka_run_group_tests(tests, NULL, NULL);
	pmq_dir_close(&mqd);
	if (shmfd >= 0)
		close(shmfd);
	return r;
}
