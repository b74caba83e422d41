/* POSIX message queues: where this IPC namespace's queues can be seen,
 * and the list of them. A file of an mqueue file system opened with
 * open(2) is a queue descriptor: mq_getsetattr() on it gives the
 * attributes, read() the QSIZE line, and neither takes a message. The
 * kernel moves the queue's atime and ctime on that read. */
#define _GNU_SOURCE
#include "collect/posix_int.h"
#include "ipctop/vec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/ident.h"
#include "ipctop/kind.h"

#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC 0x19800202
#endif
/* the new mount API's constants, for headers that lack them */
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 0x00000001
#endif
#ifndef FSCONFIG_CMD_CREATE
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOUNT_ATTR_NOSUID
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
#endif

/* The kernel writes the line into an 80-byte buffer; anything longer is
 * not its text. */
#define MQ_FILE_MAX 256

/* ---- the QSIZE line ---- */

static bool key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || c == '_';
}

int posix_parse_mq_file(const char *buf, size_t len, struct pmq *q)
{
	static const char *const keys[] = { "QSIZE", "NOTIFY", "SIGNO", "NOTIFY_PID" };
	enum { K_QSIZE, K_NOTIFY, K_SIGNO, K_PID, K_N };
	long long v[K_N] = { 0 };
	bool seen[K_N] = { false };
	const char *p = buf, *end = buf + len;

	if (len > 0 && end[-1] == '\n')
		end--;
	while (p < end) {
		const char *tok, *colon, *val;
		int k;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		tok = p;
		while (p < end && key_char(*p))
			p++;
		if (p == tok || p == end || *p != ':')
			return -EINVAL;
		colon = p++;
		val = p;
		while (p < end && *p > ' ' && *p < 0x7f)
			p++;
		if (p == val || (p < end && *p != ' ' && *p != '\t'))
			return -EINVAL;
		for (k = 0; k < K_N; k++)
			if (strlen(keys[k]) == (size_t)(colon - tok) &&
			    memcmp(keys[k], tok, (size_t)(colon - tok)) == 0)
				break;
		if (k == K_N)
			continue;       /* a field this code does not know */
		if (seen[k])
			return -EINVAL;
		seen[k] = true;
		/* all four are unsigned in practice; the three %d ones fit an int */
		long long max = k == K_QSIZE ? LLONG_MAX : INT_MAX, x = 0;
		for (const char *c = val; c < p; c++) {
			if (*c < '0' || *c > '9' || x > (max - (*c - '0')) / 10)
				return -EINVAL;
			x = x * 10 + (*c - '0');
		}
		v[k] = x;
	}
	for (int k = 0; k < K_N; k++)
		if (!seen[k])
			return -EINVAL;
	/* NOTIFY is the registration's sigev_notify (0 without one); SIGNO
	 * is 0 unless that is SIGEV_SIGNAL */
	if ((v[K_NOTIFY] != SIGEV_SIGNAL && v[K_NOTIFY] != SIGEV_NONE &&
	     v[K_NOTIFY] != SIGEV_THREAD) ||
	    (v[K_NOTIFY] != SIGEV_SIGNAL && v[K_SIGNO] != 0))
		return -EINVAL;
	q->cbytes = v[K_QSIZE];
	if (v[K_PID] == 0 && v[K_NOTIFY] == SIGEV_SIGNAL && v[K_SIGNO] == 0) {
		/* No registration prints NOTIFY:0 SIGNO:0 NOTIFY_PID:0. So
		 * would a registration for signal 0 (which sends nothing) by a
		 * process outside our pid namespace, which cannot be told apart. */
		q->notify = PMQ_NOTIFY_NONE;
		q->signo = 0;
		q->notify_pid = 0;
		return 0;
	}
	q->notify = v[K_NOTIFY] == SIGEV_SIGNAL ? PMQ_NOTIFY_SIGNAL :
		    v[K_NOTIFY] == SIGEV_THREAD ? PMQ_NOTIFY_THREAD : PMQ_NOTIFY_QUIET;
	q->signo = v[K_SIGNO];
	/* pid 0 for a registration: its process is not in our pid namespace */
	q->notify_pid = v[K_PID] ? v[K_PID] : IPC_UNKNOWN;
	return 0;
}

/* ---- one queue ---- */

/* The whole file from offset 0 (so repeated reads need no seek): its
 * length, -EFBIG when it does not fit cap, or -errno. */
static ssize_t read_at0(int fd, char *buf, size_t cap)
{
	size_t len = 0;

	while (len < cap) {
		ssize_t r = pread(fd, buf + len, cap - len, (off_t)len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return (ssize_t)len;
		len += (size_t)r;
	}
	return -EFBIG;
}

static bool mq_attr_of(int fd, struct mq_attr *a)
{
	return syscall(SYS_mq_getsetattr, fd, NULL, a) == 0;
}

/* Fill q's details from an open queue: the QSIZE line and the attributes
 * from one instant, as far as the two calls allow. */
static void mq_details(int fd, struct pmq *q)
{
	struct mq_attr before, after;
	char buf[MQ_FILE_MAX];

	for (int tries = 0; tries < 3; tries++) {
		ssize_t n;
		struct pmq t = *q;

		if (!mq_attr_of(fd, &before))
			return;
		n = read_at0(fd, buf, sizeof(buf));
		if (!mq_attr_of(fd, &after))
			return;
		q->maxmsg = after.mq_maxmsg;
		q->msgsize = after.mq_msgsize;
		q->qnum = after.mq_curmsgs;
		if (n >= 0 && posix_parse_mq_file(buf, (size_t)n, &t) == 0) {
			q->notify = t.notify;
			q->signo = t.signo;
			q->notify_pid = t.notify_pid;
			q->cbytes = t.cbytes;
		} else {
			q->cbytes = q->signo = q->notify_pid = IPC_UNKNOWN;
			q->notify = PMQ_NOTIFY_UNKNOWN;
		}
		/* a message sent or taken between the calls: the byte count
		 * may not go with the message count */
		if (before.mq_curmsgs == after.mq_curmsgs)
			return;
	}
	q->cbytes = IPC_UNKNOWN;
}

/* Queue name (a directory entry) into q, zeroed first: 0, 1 when it is
 * no queue to show (gone since the readdir, or not a regular file), or
 * -errno. */
static int mq_read(int dirfd, const char *name, struct pmq *q)
{
	struct stat st, fst;
	int r = posix_stat_entry(dirfd, name, &st), fd;

	memset(q, 0, sizeof(*q));
	if (r != 0)
		return r;
	if (!S_ISREG(st.st_mode))
		return 1;
	if ((r = pobj_init(&q->c, name, &st)) < 0)
		return r;
	q->cbytes = q->qnum = q->maxmsg = q->msgsize = IPC_UNKNOWN;
	q->notify = PMQ_NOTIFY_UNKNOWN;
	q->signo = q->notify_pid = IPC_UNKNOWN;
	/* Read permission gives everything; write permission alone still
	 * gives the attributes (mq_getsetattr takes either descriptor), not
	 * the QSIZE line. Neither takes or sends a message. */
	fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0 && (errno == EACCES || errno == EPERM))
		fd = openat(dirfd, name, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW |
			    O_NOCTTY);
	if (fd < 0)
		return 0;
	/* the name may have been given to another queue since the stat */
	if (fstat(fd, &fst) == 0 && pobj_same_inode(&st, &fst))
		mq_details(fd, q);
	close(fd);
	return 0;
}

static int mq_read_obj(int dirfd, const char *name, void *obj)
{
	return mq_read(dirfd, name, obj);
}

static void mq_free_obj(void *obj)
{
	pmq_free(obj);
}

int posix_list_mq(int dirfd, struct pmq **out, size_t *n)
{
	void *v;
	int r = posix_list_entries(dirfd, sizeof(**out), mq_read_obj, mq_free_obj, &v, n);

	*out = v;
	return r;
}

int posix_mq_one(int dirfd, const char *raw, struct pmq *out)
{
	return posix_read_one(dirfd, raw, "", out, sizeof(*out), mq_read_obj);
}

/* ---- where the queues are ---- */

/* A detached mount of the calling thread's IPC namespace's queues: the fd
 * of its root, or -errno (-EPERM without CAP_SYS_ADMIN, -ENOSYS before
 * Linux 5.2, -ENODEV without POSIX queues). */
static int private_mount(void)
{
#if defined(SYS_fsopen) && defined(SYS_fsconfig) && defined(SYS_fsmount)
	int fs, m, d, err;

	fs = (int)syscall(SYS_fsopen, "mqueue", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		err = -errno;
		close(fs);
		return err;
	}
	m = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
			 MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	err = -errno;
	close(fs);
	if (m < 0)
		return err;
	/* fsmount gives an O_PATH descriptor, which cannot be listed; the
	 * directory opened through it keeps the mount alive on its own */
	d = openat(m, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	err = -errno;
	close(m);
	return d < 0 ? err : d;
#else
	return -ENOSYS;
#endif
}

struct mq_mounts {
	struct posix_mount *v;
	size_t n, cap;
};

static int mount_line(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct mq_mounts *c = ctx;
	struct posix_mount m;
	int r;

	if (flags & LINE_TOO_LONG)
		return 0;
	r = posix_parse_mountinfo(line, len, &m);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return 0;
	/* a mount of the whole file system, not one queue bound somewhere */
	if (strcmp(m.fstype, "mqueue") != 0 || strcmp(m.root, "/") != 0) {
		posix_mount_free(&m);
		return 0;
	}
	if ((r = vec_reserve(&c->v, &c->cap, c->n + 1, sizeof(*c->v))) < 0) {
		posix_mount_free(&m);
		return r;
	}
	c->v[c->n++] = m;
	return 0;
}

/* Open m's mount point if what is there now is that mqueue mount (not
 * something mounted over it since): the fd or -errno. */
static int open_mount(const struct posix_mount *m)
{
	int fd = open(m->mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct statfs sf;
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sf) < 0 || sf.f_type != MQUEUE_MAGIC || fstat(fd, &st) < 0 ||
	    st.st_dev != makedev(m->major, m->minor)) {
		close(fd);
		return -ENOENT;
	}
	return fd;
}

static int from_mountinfo(const char *procfs, struct pmq_dir *d)
{
	struct mq_mounts c = { NULL, 0, 0 };
	char path[PATH_MAX];
	int r, n = snprintf(path, sizeof(path), "%s/self/mountinfo", procfs);

	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	if ((r = read_lines(path, 65536, mount_line, &c)) == 0) {
		r = -ENOENT;
		/* where distributions mount it, then the others, in order */
		for (int pass = 0; pass < 2 && r < 0; pass++) {
			for (size_t i = 0; i < c.n && r < 0; i++) {
				if ((strcmp(c.v[i].mnt, "/dev/mqueue") == 0) != (pass == 0) ||
				    strlen(c.v[i].mnt) >= sizeof(d->mnt))
					continue;
				int fd = open_mount(&c.v[i]);
				if (fd >= 0) {
					d->fd = fd;
					d->from = PMQ_DIR_MOUNT;
					strcpy(d->mnt, c.v[i].mnt);
					r = 0;
				}
			}
		}
	}
	for (size_t i = 0; i < c.n; i++)
		posix_mount_free(&c.v[i]);
	free(c.v);
	return r;
}

int posix_mq_dir_private(struct pmq_dir *d)
{
	int r;

	d->fd = -1;
	d->from = PMQ_DIR_PRIVATE;
	d->mnt[0] = '\0';
	d->hint = NULL;
	r = private_mount();
	if (r >= 0) {
		d->fd = r;
		return 0;
	}
	d->hint = r == -ENODEV ? "this kernel has no POSIX message queues (CONFIG_POSIX_MQUEUE)"
			       : "another IPC namespace's POSIX queues need a private mqueue "
				 "mount (root)";
	return r;
}

int posix_mq_dir(const char *procfs, struct pmq_dir *d)
{
	int r = posix_mq_dir_private(d);
	bool nofs;

	if (r == 0)
		return 0;
	d->hint = NULL;
	nofs = r == -ENODEV;
	/* A mount made by someone else shows the queues of the IPC namespace
	 * of whoever mounted it, which need not be ours. */
	r = from_mountinfo(procfs ? procfs : "/proc", d);
	if (r == 0)
		return 0;
	if (nofs)
		d->hint = "this kernel has no POSIX message queues (CONFIG_POSIX_MQUEUE)";
	else
		d->hint = "no mqueue file system mounted: mount -t mqueue none /dev/mqueue, "
			  "or run as root";
	return r;
}

void pmq_dir_close(struct pmq_dir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* ---- the kind's hooks ---- */

int posix_list_mq_hook(struct snapshot *s, const struct source *src,
		       const struct collect_opts *o)
{
	struct objlist *l = snap_list(s, kind_get(KIND_PMQ));
	struct pmq_dir d;
	struct pmq *v;
	size_t n;
	int r;

	(void)o;
	if (!src->posix)
		return 0;
	r = posix_source_mq_dir(src, &d);
	if (r < 0) {
		l->hint = d.hint;
		return r;
	}
	r = posix_list_mq(d.fd, &v, &n);
	pmq_dir_close(&d);
	if (r < 0)
		return r;
	posix_hand_over(l, v, n, src);
	for (size_t i = 0; i < n; i++) {
		/* who holds or waits is the process collector's to say */
		v[i].holders.err = v[i].waiters.err = -ENODATA;
		if (v[i].notify == PMQ_NOTIFY_UNKNOWN)
			l->hint = "some POSIX queues could not be read: what they "
				  "hold is unknown ('?'; root sees all)";
	}
	return 0;
}

int posix_restat_mq(const struct source *src, const struct ident *id, void *out)
{
	struct pmq_dir d;
	int r;

	memset(out, 0, sizeof(struct pmq));
	if (!src->posix)
		return -ENOENT;
	if ((r = posix_source_mq_dir(src, &d)) < 0)
		return r;
	r = posix_mq_one(d.fd, id->name, out);
	pmq_dir_close(&d);
	((struct pmq *)out)->c.ns = src->ns;
	return r;
}
