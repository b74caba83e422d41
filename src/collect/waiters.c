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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "collect/readfile.h"
#include "ipctop/sysv.h"

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

static int add_waiter(struct waiter **w, size_t *n, int32_t pid, enum wait_op op)
{
	/* two threads of one process blocked alike: the process once */
	for (size_t i = 0; i < *n; i++)
		if ((*w)[i].pid == pid && (*w)[i].op == op)
			return 0;
	struct waiter *nw = realloc(*w, (*n + 1) * sizeof(*nw));

	if (!nw)
		return -ENOMEM;
	nw[*n].pid = pid;
	nw[*n].op = op;
	(*n)++;
	*w = nw;
	return 0;
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

/* One blocked task; semtasks[i] counts the tasks found on set i, to
 * compare with the kernel's count. */
static int attach_waiter(struct snapshot *s, int kind, long long id, int32_t pid,
			 enum wait_op op, size_t *semtasks)
{
	if (kind == KIND_MSG) {
		for (size_t i = 0; i < s->nmsg; i++)
			if (s->msg[i].c.id == id)
				return add_waiter(&s->msg[i].waiters, &s->msg[i].nwaiters, pid, op);
	} else {
		for (size_t i = 0; i < s->nsem; i++) {
			if (s->sem[i].c.id != id)
				continue;
			semtasks[i]++;
			return add_waiter(&s->sem[i].waiters, &s->sem[i].nwaiters, pid, op);
		}
	}
	return 0;
}

/* Is a set's list short, with some blocked tasks unreadable or hidden?
 * Where we may read the set, the kernel's count of blocked tasks says;
 * without it, it may be. */
static bool sem_short(const struct semset *set, size_t found, bool live)
{
	long long waiting;

	return !live || sysv_sem_waiting(set, &waiting) < 0 || waiting > (long long)found;
}

int procs_waiters(struct snapshot *s, const char *procfs, const struct tasklist *tl)
{
	bool denied[KIND_COUNT] = { false };
	size_t *semtasks = calloc(s->nsem ? s->nsem : 1, sizeof(*semtasks));
	int ret = 0;

	if (!semtasks)
		return -ENOMEM;

	for (size_t i = 0; i < s->nmsg; i++) {
		free(s->msg[i].waiters);
		s->msg[i].waiters = NULL;
		s->msg[i].nwaiters = 0;
		s->msg[i].waiters_err = 0;
	}
	for (size_t i = 0; i < s->nsem; i++) {
		free(s->sem[i].waiters);
		s->sem[i].waiters = NULL;
		s->sem[i].nwaiters = 0;
		s->sem[i].waiters_err = 0;
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
			ret = attach_waiter(s, t->kind, t->arg0, t->tgid, (enum wait_op)t->op,
					    semtasks);
			continue;
		}
		if (t->sys == TS_IDLE || (t->state != 'S' && t->state != 'D'))
			continue;
		/* a sleeping task without a wait channel: the kernel hides
		 * another user's wchan ("0", kept as "") */
		if (t->wchan[0] == '\0' || strcmp(t->wchan, "0") == 0) {
			denied[KIND_MSG] = denied[KIND_SEM] = true;
			continue;
		}
		if (!procs_wchan_is_ipc(t->wchan))
			continue;
		snprintf(path, sizeof(path), "%s/%d/task/%d/syscall", procfs, t->tgid, t->tid);
		r = read_whole_file(path, &fb, 4096);
		if (r == -EACCES || r == -EPERM || r == -IPCTOP_ENOTREG) {
			if (strstr(t->wchan, "msg"))
				denied[KIND_MSG] = true;
			else
				denied[KIND_SEM] = true;
			continue;
		}
		if (r < 0)
			continue;       /* gone meanwhile */
		r = procs_parse_syscall(fb.data, &nr, &id);
		file_buf_free(&fb);
		if (r < 0 || (kind = procs_syscall_kind(nr, &op)) < 0 ||
		    !procs_same_ipcns(procfs, tl, t->tgid))
			continue;
		ret = attach_waiter(s, kind, id, t->tgid, op, semtasks);
	}
	/* a task we could not read, or (hidepid) could not even see, may
	 * wait on any queue; queues have no count of their waiters */
	for (size_t i = 0; i < s->nmsg; i++)
		if (denied[KIND_MSG] || tl->hidden)
			s->msg[i].waiters_err = -EACCES;
	for (size_t i = 0; i < s->nsem; i++)
		if ((denied[KIND_SEM] || tl->hidden) && sem_short(&s->sem[i], semtasks[i], tl->live))
			s->sem[i].waiters_err = -EACCES;
	free(semtasks);
	return ret;
}
