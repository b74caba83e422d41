/* Who is blocked on a queue or a set: a task blocked in msgrcv, msgsnd,
 * semop or semtimedop has the syscall number and the object id as its
 * first argument in /proc/PID/task/TID/syscall. On the live /proc the
 * light pass (procs.c) reads that file for every task already; where it
 * could not (another user's task, or libproc2 and fixture trees) only
 * tasks whose wchan is an IPC sleep are read here. When some task could
 * not be read, or hidepid keeps some out of /proc altogether, every
 * queue's list may be short; a set's only where the kernel counts more
 * blocked tasks (GETNCNT, GETZCNT) than were found, or will not say. */
#define _GNU_SOURCE
#include "collect/procs_int.h"

#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "collect/readfile.h"
#include "ipctop/sysv.h"
#include "ipctop/vec.h"

bool procs_wchan_is_ipc(const char *w)
{
	return strstr(w, "msgrcv") || strstr(w, "msgsnd") ||
	       strstr(w, "semtimedop") || strstr(w, "do_semop");
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

/* The kinds a task blocks on, and where their objects keep the waiters. */
static const struct waitable {
	enum kind_id k;
	size_t size, off;
	bool (*is_short)(const void *obj, size_t found, bool live);
} waitables[] = {
	{ KIND_MSG, sizeof(struct msq), offsetof(struct msq, waiters), msg_short },
	{ KIND_SEM, sizeof(struct semset), offsetof(struct semset, waiters), sem_short },
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
	default: return -1;
	}
}

/* The waiting task counts for the object with this id of that kind (each
 * task once: for a set, found[] is compared with the kernel's count). */
static int attach_waiter(struct snapshot *s, int kind, unsigned long long ns, long long id,
			 int32_t pid, enum wait_op op, size_t *found[NWAITABLE])
{
	for (size_t w = 0; w < NWAITABLE; w++) {
		if (waitables[w].k != (enum kind_id)kind)
			continue;
		for (size_t i = 0; i < snap_n(s, waitables[w].k); i++) {
			const struct ipc_common *c = (const void *)obj_at(s, &waitables[w], i);
			if (c->id != id || c->ns != ns)
				continue;
			found[w][i]++;
			return add_waiter(waitlist_at(s, &waitables[w], i), pid, op);
		}
	}
	return 0;
}

int procs_waiters(struct snapshot *s, const struct tasklist *tl)
{
	const char *procfs = tl->src->procfs;
	bool denied[NWAITABLE] = { false };
	size_t *found[NWAITABLE] = { NULL };
	int ret = 0;

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
		unsigned long long ns;
		enum wait_op op;
		int kind, r;

		/* the light pass read the syscall file already */
		if (t->sys == TS_WAIT) {
			ret = attach_waiter(s, t->kind, t->ns, t->arg0, t->tgid, (enum wait_op)t->op,
					    found);
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
		snprintf(path, sizeof(path), "%s/%d/task/%d/syscall", procfs, t->tgid, t->tid);
		r = read_whole_file(path, &fb, 4096);
		if (r == -EACCES || r == -EPERM || r == -IPCTOP_ENOTREG) {
			/* its wchan says which kind it sleeps on (waitables[0]: queues) */
			denied[strstr(t->wchan, "msg") ? 0 : 1] = true;
			continue;
		}
		if (r < 0)
			continue;       /* gone meanwhile */
		r = procs_parse_syscall(fb.data, &nr, &id);
		file_buf_free(&fb);
		if (r < 0 || (kind = procs_syscall_kind(nr, &op)) < 0 ||
		    !procs_task_ns(tl, t->tgid, &ns))
			continue;
		ret = attach_waiter(s, kind, ns, id, t->tgid, op, found);
	}
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
