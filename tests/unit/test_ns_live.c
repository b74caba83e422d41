/* IPC namespaces of real processes (root only; skipped otherwise):
 * children that unshare their IPC namespace and create a queue each are
 * found once each with the right member and count; entering one sees
 * exactly its queue, its limits and its /proc/sysvipc, and leaving comes
 * back; a namespace held only by a thread is found through the thread;
 * once its last member exits a namespace cannot be entered and no fd of
 * ours refers to it; a child in a cgroup named like a Docker container is
 * labelled by it; /dev/shm is the member's, its symbolic links resolved
 * inside the member's root; and without privileges entering is refused
 * and unreadable processes are counted. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ipctop/ns.h"

#define DOCKER_ID "d0c4e7a11a5e0f00ba5eba11c0ffee00d0c4e7a11a5e0f00ba5eba11c0ffee00"

enum kid_mode { KID_PLAIN, KID_GRANDCHILD, KID_SHM, KID_CHROOT };

struct kid {
	pid_t pid, grandchild;
	unsigned long long ino;
	key_t key;
	char name[16];
};

static struct kid kids[4];
static size_t nkids;
static char cg_parent[PATH_MAX + 64], cg_leaf[PATH_MAX + 192];
static char root_dir[64];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&t, NULL);
}

static unsigned long long link_ino(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	return (unsigned long long)st.st_ino;
}

static unsigned long long pid_ino(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)pid);
	return link_ino(path);
}

static unsigned long long own_ino(void)
{
	return link_ino("/proc/thread-self/ns/ipc");
}

/* This process's start time in clock ticks after boot. */
static unsigned long long my_start(void)
{
	char buf[1024], *p;
	int fd = open("/proc/self/stat", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

static unsigned long long boot_ticks(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return (unsigned long long)t.tv_sec * (unsigned long long)sysconf(_SC_CLK_TCK) +
	       (unsigned long long)t.tv_nsec * (unsigned long long)sysconf(_SC_CLK_TCK) / 1000000000ULL;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		_exit(90);
	close(fd);
}

/* The child: its own IPC namespace (and mount namespace for KID_SHM),
 * a queue with key, msgmni set to mni, then it waits to be killed. */
static void kid_main(int ready, pid_t parent, enum kid_mode mode, key_t key, int mni,
		     const char *name, const char *arg)
{
	char num[32];
	pid_t gc = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(91);
	if (unshare(CLONE_NEWIPC | (mode == KID_SHM ? CLONE_NEWNS : 0)) < 0)
		_exit(92);
	snprintf(num, sizeof(num), "%d", mni);
	write_file("/proc/sys/kernel/msgmni", num);
	if (msgget(key, IPC_CREAT | 0600) < 0)
		_exit(93);
	prctl(PR_SET_NAME, name);
	if (mode == KID_GRANDCHILD) {
		/* a later start time than ours, to be told apart by it */
		unsigned long long start = my_start();
		double end = now() + 5;
		while (boot_ticks() <= start + 1 && now() < end)
			pause_ms(2);
		gc = fork();
		if (gc == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			prctl(PR_SET_NAME, "nsgrandchild");
			for (;;)
				pause();
		}
		if (gc < 0)
			_exit(94);
	}
	if (mode == KID_SHM) {
		char path[PATH_MAX];
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=64k") < 0)
			_exit(95);
		snprintf(path, sizeof(path), "/dev/shm/%s", arg);
		int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			_exit(96);
		close(fd);
	}
	if (mode == KID_CHROOT && (chroot(arg) < 0 || chdir("/") < 0))
		_exit(97);
	if (write(ready, &gc, sizeof(gc)) != sizeof(gc))
		_exit(98);
	for (;;)
		pause();
}

/* Start a child; its pid once it is ready (fails the test otherwise). */
static struct kid *spawn(enum kid_mode mode, key_t key, int mni, const char *name,
			 const char *arg)
{
	struct kid *k = &kids[nkids];
	int p[2], st;
	pid_t parent = getpid();
	struct pollfd pfd;

	assert_true(nkids < sizeof(kids) / sizeof(kids[0]));
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	memset(k, 0, sizeof(*k));
	k->key = key;
	snprintf(k->name, sizeof(k->name), "%s", name);
	k->pid = fork();
	assert_true(k->pid >= 0);
	if (k->pid == 0) {
		close(p[0]);
		kid_main(p[1], parent, mode, key, mni, name, arg);
	}
	nkids++;
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 10000) != 1 || read(p[0], &k->grandchild, sizeof(k->grandchild)) !=
	    sizeof(k->grandchild)) {
		close(p[0]);
		if (waitpid(k->pid, &st, WNOHANG) == k->pid) {
			k->pid = 0;
			fail_msg("child %s exited with %d", name, WEXITSTATUS(st));
		}
		fail_msg("child %s not ready", name);
	}
	close(p[0]);
	k->ino = pid_ino(k->pid);
	return k;
}

static void reap(struct kid *k)
{
	if (k->pid > 0) {
		kill(k->pid, SIGKILL);
		waitpid(k->pid, NULL, 0);
		k->pid = 0;
	}
	/* reparented to us (a subreaper) when its parent died */
	if (k->grandchild > 0) {
		kill(k->grandchild, SIGKILL);
		waitpid(k->grandchild, NULL, 0);
		k->grandchild = 0;
	}
}

static int rm_tree(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	return rmdir(dir);
}

/* rmdir a cgroup: it may stay busy for a moment after its last task died. */
static void rm_cgroup(char *path)
{
	double end = now() + 5;

	if (!path[0])
		return;
	while (rmdir(path) < 0 && errno == EBUSY && now() < end)
		pause_ms(10);
	path[0] = '\0';
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < nkids; i++)
		reap(&kids[i]);
	nkids = 0;
	rm_cgroup(cg_leaf);
	rm_cgroup(cg_parent);
	if (root_dir[0]) {
		rm_tree(root_dir);
		root_dir[0] = '\0';
	}
	return 0;
}

static bool root(void)
{
	if (geteuid() == 0)
		return true;
	print_message("not root: real namespaces skipped\n");
	return false;
}

static const struct ipcns *find(const struct ipcns *v, size_t n, unsigned long long ino)
{
	const struct ipcns *hit = NULL;

	for (size_t i = 0; i < n; i++) {
		if (v[i].inode != ino)
			continue;
		if (hit)
			fail_msg("namespace %llu listed twice", ino);
		hit = &v[i];
	}
	return hit;
}

/* How many fds of ours are namespace files of IPC namespaces. */
static int ipc_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[300], link[64];
		ssize_t len;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		len = readlink(path, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = '\0';
		if (strncmp(link, "ipc:[", 5) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* The keys of every queue MSG_STAT_ANY shows in the current namespace. */
static size_t queue_keys(key_t *keys, size_t max)
{
	struct msginfo mi;
	struct msqid_ds ds;
	size_t n = 0;
	int top = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi);

	for (int idx = 0; idx <= top; idx++)
		if (msgctl(idx, MSG_STAT_ANY, &ds) >= 0 && n < max)
			keys[n++] = ds.msg_perm.__key;
	return n;
}

/* The keys /proc/sysvipc/msg, opened now, lists. */
static size_t sysvipc_keys(key_t *keys, size_t max)
{
	FILE *f = fopen("/proc/sysvipc/msg", "re");
	char line[512];
	size_t n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		long long key;
		if (sscanf(line, " %lld", &key) == 1 && n < max)
			keys[n++] = (key_t)key;
	}
	fclose(f);
	return n;
}

static long msgmni_now(void)
{
	FILE *f = fopen("/proc/sys/kernel/msgmni", "re");
	long v = -1;

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &v), 1);
	fclose(f);
	return v;
}

#define KEY0 0x1a5e0000

static void test_list_and_enter(void **state)
{
	struct ipcns *v;
	size_t n, unreadable;
	unsigned long long own;
	char label[64];
	(void)state;

	if (!root())
		skip();
	own = own_ino();
	spawn(KID_GRANDCHILD, KEY0, 1100, "nskid0", NULL);
	spawn(KID_PLAIN, KEY0 + 1, 1101, "nskid1", NULL);
	spawn(KID_PLAIN, KEY0 + 2, 1102, "nskid2", NULL);

	assert_int_equal(ns_list("/proc", &v, &n, &unreadable), 0);
	assert_true(n >= 4);
	assert_true(v[0].self);
	assert_true(v[0].inode == own);
	assert_int_equal(v[0].pid, getpid());
	assert_string_equal(v[0].label, "host");
	for (size_t i = 0; i < 3; i++) {
		const struct ipcns *e = find(v, n, kids[i].ino);

		assert_non_null(e);
		assert_false(e->self);
		assert_true(e->inode != own);
		/* the oldest member: the child, not its grandchild */
		assert_int_equal(e->pid, kids[i].pid);
		assert_int_equal(e->nproc, i == 0 ? 2 : 1);
		assert_string_equal(e->comm, kids[i].name);
		snprintf(label, sizeof(label), "%s(%d)", kids[i].name, (int)kids[i].pid);
		assert_string_equal(e->label, label);
		assert_string_equal(e->runtime, "");
	}
	free(v);

	for (size_t i = 0; i < 3; i++) {
		key_t keys[8];
		int saved = -7;

		assert_int_equal(ns_enter(kids[i].ino, kids[i].pid, &saved), 0);
		assert_true(saved >= 0);
		assert_true(own_ino() == kids[i].ino);
		for (size_t j = 0; j < 3; j++) {
			int id = msgget(kids[j].key, 0);
			if (j == i)
				assert_true(id >= 0);
			else
				assert_true(id < 0 && errno == ENOENT);
		}
		assert_int_equal(queue_keys(keys, 8), 1);
		assert_int_equal(keys[0], kids[i].key);
		/* files opened inside show the namespace joined */
		assert_int_equal(sysvipc_keys(keys, 8), 1);
		assert_int_equal(keys[0], kids[i].key);
		assert_int_equal(msgmni_now(), 1100 + (long)i);
		assert_int_equal(ns_leave(saved), 0);
		assert_true(own_ino() == own);
		assert_true(msgget(kids[i].key, 0) < 0);
	}
	/* our own: nothing to do, and back */
	{
		int saved;
		assert_int_equal(ns_enter(own, getpid(), &saved), 0);
		assert_true(own_ino() == own);
		assert_int_equal(ns_leave(saved), 0);
	}
	/* a member that is not in the namespace asked for */
	{
		int saved = -7;
		assert_int_equal(ns_enter(kids[1].ino, kids[0].pid, &saved), -ESRCH);
		assert_int_equal(saved, -1);
		assert_int_equal(ns_enter(0, kids[0].pid, &saved), -EINVAL);
		assert_int_equal(ns_enter(kids[0].ino, 0, &saved), -EINVAL);
	}
	assert_int_equal(ipc_fds(), 0);
}

struct probe {
	key_t key;
	unsigned long long ino;     /* the namespace fn ran in */
	int id;
	int calls;
	bool masked;                /* every signal blocked while inside */
};

static int probe_fn(void *arg)
{
	struct probe *p = arg;

	sigset_t cur;

	p->calls++;
	p->ino = own_ino();
	p->masked = pthread_sigmask(SIG_BLOCK, NULL, &cur) == 0 &&
		    sigismember(&cur, SIGINT) == 1 && sigismember(&cur, SIGTERM) == 1 &&
		    sigismember(&cur, SIGWINCH) == 1 && sigismember(&cur, SIGCHLD) == 1;
	p->id = msgget(p->key, 0);
	return 7;
}

static void test_run(void **state)
{
	unsigned long long own;
	(void)state;

	if (!root())
		skip();
	own = own_ino();
	spawn(KID_PLAIN, KEY0 + 10, 1110, "nsrun0", NULL);
	spawn(KID_PLAIN, KEY0 + 11, 1111, "nsrun1", NULL);
	for (size_t i = 0; i < 2; i++) {
		struct probe p = { .key = kids[i].key, .id = -1 };

		assert_int_equal(ns_run(kids[i].ino, kids[i].pid, probe_fn, &p), 7);
		assert_int_equal(p.calls, 1);
		assert_true(p.ino == kids[i].ino);
		assert_true(p.id >= 0);
		/* no signal handler runs inside a foreign namespace */
		assert_true(p.masked);
		/* the caller never moved */
		assert_true(own_ino() == own);
	}
	{
		struct probe p = { .key = kids[0].key };
		assert_int_equal(ns_run(kids[0].ino, kids[1].pid, probe_fn, &p), -ESRCH);
		assert_int_equal(p.calls, 0);
		assert_int_equal(ns_run(kids[0].ino, kids[0].pid, NULL, NULL), -EINVAL);
	}
	assert_int_equal(ipc_fds(), 0);
}

/* ns_run_each: every item run in its own namespace on a few threads,
 * the own namespace's without joining, a stale member refused, and no
 * thread or fd left behind. */
struct each_probe {
	unsigned long long ino[5];
	int id[5];
	key_t key[5];
	bool masked[5];
};

static int each_fn(size_t i, void *arg)
{
	struct each_probe *p = arg;
	sigset_t cur;

	p->ino[i] = own_ino();
	p->masked[i] = pthread_sigmask(SIG_BLOCK, NULL, &cur) == 0 &&
		       sigismember(&cur, SIGINT) == 1 && sigismember(&cur, SIGCHLD) == 1;
	p->id[i] = msgget(p->key[i], 0);
	return (int)i + 100;
}

static size_t own_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_run_each(void **state)
{
	struct each_probe p;
	struct ns_where w[5];
	int ret[5];
	unsigned long long own;
	(void)state;

	if (!root())
		skip();
	own = own_ino();
	memset(&p, 0, sizeof(p));
	for (size_t i = 0; i < 3; i++)
		spawn(KID_PLAIN, KEY0 + 20 + (key_t)i, 1120 + (int)i, "nseach", NULL);
	/* three namespaces, ours, and kid 0's namespace named through kid 1 */
	for (size_t i = 0; i < 3; i++) {
		w[i] = (struct ns_where){ kids[i].ino, kids[i].pid };
		p.key[i] = kids[i].key;
	}
	w[3] = (struct ns_where){ own, 0 };
	p.key[3] = kids[0].key;
	w[4] = (struct ns_where){ kids[0].ino, kids[1].pid };
	for (unsigned threads = 1; threads <= 3; threads++) {
		memset(ret, 0, sizeof(ret));
		memset(p.ino, 0, sizeof(p.ino));
		assert_int_equal(ns_run_each(5, w, threads, each_fn, &p, ret), 0);
		for (size_t i = 0; i < 3; i++) {
			assert_int_equal(ret[i], (int)i + 100);
			assert_true(p.ino[i] == kids[i].ino);
			/* each sees its own namespace's queue */
			assert_true(p.id[i] >= 0);
			assert_true(p.masked[i]);
		}
		assert_int_equal(ret[3], 103);
		assert_true(p.ino[3] == own);
		assert_int_equal(p.id[3], -1);   /* kid 0's key is not ours */
		assert_int_equal(ret[4], -ESRCH);
		assert_true(p.ino[4] == 0);
		assert_true(own_ino() == own);
		assert_int_equal(own_threads(), 1);
		assert_int_equal(ipc_fds(), 0);
	}
	assert_int_equal(ns_run_each(0, NULL, 2, each_fn, &p, NULL), 0);
	assert_int_equal(ns_run_each(1, w, 2, NULL, &p, ret), -EINVAL);
}

static void test_member_exits(void **state)
{
	struct ipcns *v;
	size_t n;
	struct kid *k;
	unsigned long long ino;
	pid_t pid;
	int saved = -7;
	struct probe p = { .key = KEY0 + 20 };
	(void)state;

	if (!root())
		skip();
	k = spawn(KID_PLAIN, KEY0 + 20, 1120, "nsgone", NULL);
	ino = k->ino;
	pid = k->pid;
	assert_int_equal(ns_list("/proc", &v, &n, NULL), 0);
	assert_non_null(find(v, n, ino));
	free(v);
	reap(k);

	assert_int_equal(ns_enter(ino, pid, &saved), -ESRCH);
	assert_int_equal(saved, -1);
	assert_int_equal(ns_run(ino, pid, probe_fn, &p), -ESRCH);
	assert_int_equal(p.calls, 0);
	assert_int_equal(ns_shm_dir(ino, pid), -ESRCH);
	assert_int_equal(ns_list("/proc", &v, &n, NULL), 0);
	assert_null(find(v, n, ino));
	free(v);
	/* nothing of ours keeps it (or any other) alive */
	assert_int_equal(ipc_fds(), 0);
}

/* A thread that joins a namespace and stays until told to leave. */
struct holder {
	unsigned long long ino;
	pid_t member;
	pid_t tid;
	int in[2], out[2];
	int err;
};

static void *hold(void *arg)
{
	struct holder *h = arg;
	int saved;
	char c = 0;

	h->tid = (pid_t)syscall(SYS_gettid);
	h->err = ns_enter(h->ino, h->member, &saved);
	if (write(h->in[1], &c, 1) != 1 || h->err < 0)
		return NULL;
	if (read(h->out[0], &c, 1) < 0)
		c = 0;
	h->err = ns_leave(saved);
	return NULL;
}

static void test_thread_holds(void **state)
{
	struct holder h = { 0 };
	struct ipcns *v;
	const struct ipcns *e, *self;
	size_t n;
	pthread_t t;
	struct kid *k;
	char c;
	int saved;
	(void)state;

	if (!root())
		skip();
	k = spawn(KID_PLAIN, KEY0 + 30, 1130, "nsheld", NULL);
	h.ino = k->ino;
	h.member = k->pid;
	assert_int_equal(pipe2(h.in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(h.out, O_CLOEXEC), 0);
	assert_int_equal(pthread_create(&t, NULL, hold, &h), 0);
	assert_int_equal(read(h.in[0], &c, 1), 1);
	if (h.err < 0) {
		pthread_join(t, NULL);
		fail_msg("the thread could not join: %d", h.err);
	}
	/* the container's only process exits; our thread keeps it */
	reap(k);
	assert_int_equal(ns_list("/proc", &v, &n, NULL), 0);
	e = find(v, n, h.ino);
	self = &v[0];
	if (e) {
		assert_int_equal(e->pid, h.tid);
		assert_int_equal(e->nproc, 1);
		assert_true(self->self);
	}
	free(v);
	/* entered through the thread: the queue outlived its creator */
	if (e && ns_enter(h.ino, h.tid, &saved) == 0) {
		int id = msgget(KEY0 + 30, 0);
		assert_int_equal(ns_leave(saved), 0);
		e = id >= 0 ? e : NULL;
	} else {
		e = NULL;
	}
	assert_int_equal(write(h.out[1], "x", 1), 1);
	pthread_join(t, NULL);
	close(h.in[0]);
	close(h.in[1]);
	close(h.out[0]);
	close(h.out[1]);
	assert_non_null(e);
	assert_int_equal(h.err, 0);
	assert_int_equal(ns_list("/proc", &v, &n, NULL), 0);
	assert_null(find(v, n, h.ino));
	free(v);
	assert_int_equal(ns_enter(h.ino, h.tid, &saved), -ESRCH);
	assert_int_equal(ipc_fds(), 0);
}

/* Where cgroup2 is mounted, from our mountinfo: 0 or -ENOENT. */
static int cgroup2_mount(char *out, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (r < 0 && fgets(line, sizeof(line), f)) {
		char mnt[PATH_MAX], *sep = strstr(line, " - ");
		if (!sep || strncmp(sep, " - cgroup2 ", 11) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1) {
			snprintf(out, len, "%s", mnt);
			r = 0;
		}
	}
	fclose(f);
	return r;
}

static void test_docker_cgroup(void **state)
{
	char mnt[PATH_MAX], procs[PATH_MAX + 256], num[32], err[256];
	struct ipcns *v;
	const struct ipcns *e;
	size_t n, idx;
	struct ns_spec spec;
	struct kid *k;
	int fd;
	(void)state;

	if (!root())
		skip();
	if (cgroup2_mount(mnt, sizeof(mnt)) < 0) {
		print_message("no cgroup2 mount: Docker label check skipped\n");
		skip();
	}
	snprintf(cg_parent, sizeof(cg_parent), "%s/ipctop-test-%d", mnt, (int)getpid());
	if (mkdir(cg_parent, 0755) < 0) {
		print_message("cgroup2 at %s not writable (%s): Docker label check skipped\n",
			      mnt, strerror(errno));
		cg_parent[0] = '\0';
		skip();
	}
	snprintf(cg_leaf, sizeof(cg_leaf), "%s/docker-%s.scope", cg_parent, DOCKER_ID);
	assert_int_equal(mkdir(cg_leaf, 0755), 0);
	k = spawn(KID_PLAIN, KEY0 + 40, 1140, "nsdocker", NULL);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg_leaf);
	snprintf(num, sizeof(num), "%d", (int)k->pid);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	if (write(fd, num, strlen(num)) < 0) {
		int e_ = errno;
		close(fd);
		print_message("cannot move a process into %s (%s): Docker label check "
			      "skipped\n", cg_leaf, strerror(e_));
		skip();
	}
	close(fd);

	assert_int_equal(ns_list("/proc", &v, &n, NULL), 0);
	e = find(v, n, k->ino);
	assert_non_null(e);
	assert_string_equal(e->label, "docker:d0c4e7a11a5e");
	assert_string_equal(e->runtime, "docker");
	assert_string_equal(e->id, DOCKER_ID);
	assert_int_equal(e->pid, k->pid);
	assert_int_equal(ns_parse_spec("docker:d0c4e7", &spec), 0);
	assert_int_equal(ns_resolve("/proc", &spec, v, n, &idx, err, sizeof(err)), 0);
	assert_true(v[idx].inode == k->ino);
	free(v);
}

static void test_shm_dir(void **state)
{
	char name[64], host[96];
	struct kid *k;
	struct stat st;
	int fd;
	(void)state;

	if (!root())
		skip();
	snprintf(name, sizeof(name), "ipctop-ns-test-%d", (int)getpid());
	k = spawn(KID_SHM, KEY0 + 50, 1150, "nsshm", name);
	fd = ns_shm_dir(k->ino, k->pid);
	assert_true(fd >= 0);
	assert_int_equal(fstatat(fd, name, &st, 0), 0);
	close(fd);
	/* the child's own /dev/shm, not ours */
	snprintf(host, sizeof(host), "/dev/shm/%s", name);
	assert_int_equal(access(host, F_OK), -1);
	assert_int_equal(errno, ENOENT);
	/* the member is not in that namespace */
	assert_int_equal(ns_shm_dir(own_ino(), k->pid), -ESRCH);
	assert_int_equal(ns_shm_dir(k->ino, getpid()), -ESRCH);
	assert_int_equal(ns_shm_dir(0, k->pid), -EINVAL);
	assert_int_equal(ipc_fds(), 0);
}

static void make_path(const char *rel, bool dir, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root_dir, rel);
	if (target)
		assert_int_equal(symlink(target, path), 0);
	else if (dir)
		assert_int_equal(mkdir(path, 0755), 0);
	else
		assert_int_equal(close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600)), 0);
}

static void unmake(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root_dir, rel);
	assert_int_equal(unlink(path), 0);
}

/* A container whose /dev/shm is a symbolic link to /etc must not give
 * the host's /etc (whose files ipctop could otherwise list and remove). */
static void test_shm_dir_symlinks(void **state)
{
	struct kid *k;
	struct stat st;
	int fd;
	(void)state;

	if (!root())
		skip();
	snprintf(root_dir, sizeof(root_dir), "/tmp/ipctop-nsroot-XXXXXX");
	if (!mkdtemp(root_dir)) {
		root_dir[0] = '\0';
		fail_msg("mkdtemp: %s", strerror(errno));
	}
	make_path("dev", true, NULL);
	make_path("dev/shm", false, "/etc");
	k = spawn(KID_CHROOT, KEY0 + 60, 1160, "nschroot", root_dir);
	assert_int_equal(ns_shm_dir(k->ino, k->pid), -ENOENT);
	unmake("dev/shm");
	make_path("dev/shm", false, "../../../../../../etc");
	assert_int_equal(ns_shm_dir(k->ino, k->pid), -ENOENT);
	/* a link that stays inside is followed, inside */
	unmake("dev/shm");
	make_path("dev/shm", false, "/run/shm");
	make_path("run", true, NULL);
	make_path("run/shm", true, NULL);
	make_path("run/shm/inside", false, NULL);
	fd = ns_shm_dir(k->ino, k->pid);
	assert_true(fd >= 0);
	assert_int_equal(fstatat(fd, "inside", &st, 0), 0);
	assert_int_equal(fstatat(fd, "passwd", &st, 0), -1);
	close(fd);
}

/* Without privileges: others' processes are counted as unreadable, and
 * entering their namespaces is refused. Exit codes say what failed. */
static void test_unprivileged(void **state)
{
	struct kid *k;
	pid_t pid;
	int st;
	(void)state;

	if (!root())
		skip();
	k = spawn(KID_PLAIN, KEY0 + 70, 1170, "nspriv", NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ipcns *v;
		size_t n, unreadable = 0, idx;
		struct ns_spec spec;
		char err[256], num[16];
		int saved;

		if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
			_exit(10);
		if (ns_list("/proc", &v, &n, &unreadable) < 0)
			_exit(11);
		if (n < 1 || !v[0].self || unreadable == 0)
			_exit(12);
		/* the child's namespace is not among what we may see */
		for (size_t i = 0; i < n; i++)
			if (v[i].inode == k->ino)
				_exit(13);
		if (ns_enter(k->ino, k->pid, &saved) != -EPERM || saved != -1)
			_exit(14);
		if (ns_shm_dir(k->ino, k->pid) != -EPERM)
			_exit(15);
		snprintf(num, sizeof(num), "%d", (int)k->pid);
		if (ns_parse_spec(num, &spec) < 0 ||
		    ns_resolve("/proc", &spec, v, n, &idx, err, sizeof(err)) != -EACCES ||
		    !strstr(err, "hidden"))
			_exit(16);
		free(v);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_list_and_enter, teardown),
		cmocka_unit_test_teardown(test_run, teardown),
		cmocka_unit_test_teardown(test_run_each, teardown),
		cmocka_unit_test_teardown(test_member_exits, teardown),
		cmocka_unit_test_teardown(test_thread_holds, teardown),
		cmocka_unit_test_teardown(test_docker_cgroup, teardown),
		cmocka_unit_test_teardown(test_shm_dir, teardown),
		cmocka_unit_test_teardown(test_shm_dir_symlinks, teardown),
		cmocka_unit_test_teardown(test_unprivileged, teardown),
	};

	/* grandchildren come back to us when their parent is killed */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
