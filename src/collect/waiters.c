/* Who is blocked on a queue or a set: a task blocked in msgrcv, msgsnd,
 * semop or semtimedop has the syscall number and the object id as its
 * first argument in /proc/PID/task/TID/syscall; one blocked in
 * mq_timedsend or mq_timedreceive has a queue descriptor there, which its
 * fd directory turns into the queue's device and inode. On the live /proc the
 * light pass (procs.c) reads that file for every task already; where it
 * could not (another user's task, or libproc2 and fixture trees) only
 * tasks whose wchan is an IPC sleep are read here. When some task could
 * not be read, or hidepid keeps some out of /proc altogether, every
 * queue's list may be short; a set's only where the kernel counts more
 * blocked tasks (GETNCNT, GETZCNT) than were found, or will not say. */
#define _GNU_SOURCE
#include "collect/procs_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "collect/readfile.h"
#include "ipctop/posix.h"
#include "ipctop/sysv.h"
#include "ipctop/vec.h"

bool procs_wchan_is_ipc(const char *w)
{
	return strstr(w, "msgrcv") || strstr(w, "msgsnd") ||
	       strstr(w, "semtimedop") || strstr(w, "do_semop") ||
	       strstr(w, "wq_sleep") || strstr(w, "mq_timed");
}

int procs_fd_inode(int pfd, const char *rel, long long fd, uint64_t *dev, uint64_t *ino)
{
	char path[PATH_MAX];
	struct statx sx;
	int n = snprintf(path, sizeof(path), "%s/fd/%lld", rel, fd);

	if (fd < 0 || n < 0 || (size_t)n >= sizeof(path))
		return -EINVAL;
	/* the link is followed, nothing is opened */
	if (statx(pfd, path, AT_STATX_DONT_SYNC, STATX_TYPE | STATX_INO, &sx) < 0)
		return -errno;
	*dev = (uint64_t)makedev(sx.stx_dev_major, sx.stx_dev_minor);
	*ino = sx.stx_ino;
	return 0;
}

int procs_parse_syscall(const char *buf, long *nr, long long *arg0)
{
	char *end;
	unsigned long long a;

	if (strncmp(buf, "running", 7) == 0)
		return -EAGAIN;
	errno = 0;
	*nr = strtol(buf, &end, 10);
	if (errno || end == buf)
		return -EINVAL;
	if (*nr < 0)
		return -EAGAIN;     /* blocked, but not in a syscall */
	if (*end != ' ' || strncmp(end + 1, "0x", 2) != 0)
		return -EINVAL;
	errno = 0;
	a = strtoull(end + 3, &end, 16);
	if (errno || (*end != ' ' && *end != '\n' && *end != '\0'))
		return -EINVAL;
	/* ids are ints: the register holds them zero- or sign-extended */
	*arg0 = (long long)(int32_t)(uint32_t)a;
	return 0;
}

static int add_waiter(struct waitlist *w, int32_t pid, enum wait_op op)
{
	struct waiter one = { .pid = pid, .op = op };

	/* two threads of one process blocked alike: the process once */
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].pid == pid && w->v[i].op == op)
			return 0;
	return VEC_PUSH(w->v, w->n, w->cap, one);
}

/* Is a queue's list short when some task was unreadable or hidden? Queues
 * have no count of their waiters: it may be. */
static bool msg_short(const void *obj, size_t found, bool live)
{
	(void)obj;
	(void)found;
	(void)live;
	return true;
}

/* A set's, only where the kernel counts more blocked tasks than were found
 * (GETNCNT, GETZCNT), or will not say. */
static bool sem_short(const void *obj, size_t found, bool live)
{
	long long waiting;

	return !live || sysv_sem_waiting(obj, &waiting) < 0 || waiting > (long long)found;
}

/* A System V object by id; a POSIX queue by device and inode. */
static bool sysv_is(const void *obj, const struct task *t)
{
	const struct ipc_common *c = obj;

	return c->id == t->arg0 && c->ns == t->ns;
}

static bool pmq_is(const void *obj, const struct task *t)
{
	const struct pmq *q = obj;

	return t->qino != 0 && q->c.dev == t->qdev && q->c.ino == t->qino;
}

/* The kinds a task blocks on, and where their objects keep the waiters;
 * wchan: what a task sleeping on one shows there. */
static const struct waitable {
	enum kind_id k;
	size_t size, off;
	bool (*is_short)(const void *obj, size_t found, bool live);
	bool (*is)(const void *obj, const struct task *t);
	const char *wchan;
} waitables[] = {
	{ KIND_MSG, sizeof(struct msq), offsetof(struct msq, waiters), msg_short, sysv_is, "msg" },
	{ KIND_SEM, sizeof(struct semset), offsetof(struct semset, waiters), sem_short, sysv_is,
	  "sem" },
	/* like System V queues, no count of waiters says the list is whole */
	{ KIND_PMQ, sizeof(struct pmq), offsetof(struct pmq, waiters), msg_short, pmq_is,
	  "mq" },
};
#define NWAITABLE (sizeof(waitables) / sizeof(waitables[0]))

static char *obj_at(const struct snapshot *s, const struct waitable *w, size_t i)
{
	return (char *)s->list[w->k].v + i * w->size;
}

static struct waitlist *waitlist_at(const struct snapshot *s, const struct waitable *w,
				    size_t i)
{
	return (struct waitlist *)(void *)(obj_at(s, w, i) + w->off);
}

int procs_syscall_kind(long nr, enum wait_op *op)
{
	switch (nr) {
#ifdef SYS_msgrcv
	case SYS_msgrcv: *op = WAIT_RECV; return KIND_MSG;
#endif
#ifdef SYS_msgsnd
	case SYS_msgsnd: *op = WAIT_SEND; return KIND_MSG;
#endif
#ifdef SYS_semop
	case SYS_semop: *op = WAIT_SEMOP; return KIND_SEM;
#endif
#ifdef SYS_semtimedop
	case SYS_semtimedop: *op = WAIT_SEMOP; return KIND_SEM;
#endif
#ifdef SYS_mq_timedsend
	case SYS_mq_timedsend: *op = WAIT_SEND; return KIND_PMQ;
#endif
#ifdef SYS_mq_timedsend_time64
	case SYS_mq_timedsend_time64: *op = WAIT_SEND; return KIND_PMQ;
#endif
#ifdef SYS_mq_timedreceive
	case SYS_mq_timedreceive: *op = WAIT_RECV; return KIND_PMQ;
#endif
#ifdef SYS_mq_timedreceive_time64
	case SYS_mq_timedreceive_time64: *op = WAIT_RECV; return KIND_PMQ;
#endif
	default: return -1;
	}
}

/* The waiting task counts for the object of that kind it waits on (each
 * task once: for a set, found[] is compared with the kernel's count). */
static int attach_waiter(struct snapshot *s, int kind, const struct task *t,
			 enum wait_op op, size_t *found[NWAITABLE])
{
	for (size_t w = 0; w < NWAITABLE; w++) {
		if (waitables[w].k != (enum kind_id)kind)
			continue;
		for (size_t i = 0; i < snap_n(s, waitables[w].k); i++) {
			if (!waitables[w].is(obj_at(s, &waitables[w], i), t))
				continue;
			found[w][i]++;
			return add_waiter(waitlist_at(s, &waitables[w], i), t->tgid, op);
		}
	}
	return 0;
}

/* Which waitable a task's wait channel names (waitables[0]: queues). */
static size_t waitable_of_wchan(const char *wchan)
{
	if (strstr(wchan, "wq_sleep") || strstr(wchan, "mq_timed"))
		return 2;
	return strstr(wchan, "msg") ? 0 : 1;
}

int procs_waiters(struct snapshot *s, const struct tasklist *tl)
{
	const char *procfs = tl->src->procfs;
	bool denied[NWAITABLE] = { false };
	size_t *found[NWAITABLE] = { NULL };
	int pfd = -1, ret = 0;

	for (size_t w = 0; w < NWAITABLE && ret == 0; w++) {
		size_t n = snap_n(s, waitables[w].k);

		found[w] = calloc(n ? n : 1, sizeof(size_t));
		if (!found[w])
			ret = -ENOMEM;
		for (size_t i = 0; i < n; i++) {
			struct waitlist *wl = waitlist_at(s, &waitables[w], i);
			free(wl->v);
			*wl = (struct waitlist){ 0 };
		}
	}
	for (size_t i = 0; i < tl->n && ret == 0; i++) {
		const struct task *t = &tl->t[i];
		char path[PATH_MAX];
		struct file_buf fb;
		long nr;
		long long id;
		enum wait_op op;
		int kind, r;

		/* the light pass read the syscall file already */
		if (t->sys == TS_WAIT) {
			ret = attach_waiter(s, t->kind, t, (enum wait_op)t->op, found);
			continue;
		}
		if (t->sys == TS_IDLE || (t->state != 'S' && t->state != 'D'))
			continue;
		/* a sleeping task without a wait channel: the kernel hides
		 * another user's wchan ("0", kept as "") */
		if (t->wchan[0] == '\0' || strcmp(t->wchan, "0") == 0) {
			for (size_t w = 0; w < NWAITABLE; w++)
				denied[w] = true;
			continue;
		}
		if (!procs_wchan_is_ipc(t->wchan))
			continue;
		if (pfd < 0)
			pfd = open(procfs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		snprintf(path, sizeof(path), "%s/%d/task/%d/syscall", procfs, t->tgid, t->tid);
		r = read_whole_file(path, &fb, 4096);
		if (r == -EACCES || r == -EPERM || r == -IPCTOP_ENOTREG) {
			/* its wchan says which kind it sleeps on */
			denied[waitable_of_wchan(t->wchan)] = true;
			continue;
		}
		if (r < 0)
			continue;       /* gone meanwhile */
		r = procs_parse_syscall(fb.data, &nr, &id);
		file_buf_free(&fb);
		if (r < 0 || (kind = procs_syscall_kind(nr, &op)) < 0)
			continue;
		struct task w = *t;
		w.arg0 = id;
		if (kind == KIND_PMQ) {
			/* the descriptor is the task's: its own fd table */
			char rel[64];
			snprintf(rel, sizeof(rel), "%d/task/%d", t->tgid, t->tid);
			if (pfd < 0 || procs_fd_inode(pfd, rel, id, &w.qdev, &w.qino) < 0)
				continue;
		} else if (!procs_task_ns(tl, t->tgid, &w.ns)) {
			/* the same id in another IPC namespace is another
			 * object: the task's namespace tells which */
			continue;
		}
		ret = attach_waiter(s, kind, &w, op, found);
	}
	if (pfd >= 0)
		close(pfd);
	/* a task we could not read, or (hidepid) could not even see, may
	 * wait on any object whose list cannot be shown whole otherwise */
	for (size_t w = 0; w < NWAITABLE; w++) {
		for (size_t i = 0; found[w] && i < snap_n(s, waitables[w].k); i++)
			if ((denied[w] || tl->hidden) &&
			    waitables[w].is_short(obj_at(s, &waitables[w], i), found[w][i], tl->live))
				waitlist_at(s, &waitables[w], i)->err = -EACCES;
		free(found[w]);
	}
	return ret;
}
